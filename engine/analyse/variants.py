"""Choosing which variants of a scenario a comparison or a sweep plays (``--variants``)."""

from engine.check.world import World
from engine.errors import UsageError
from engine.read.suggest import unknown


def select_variants(world: World, spec: str | None, *, default_all: bool) -> list[str | None]:
    """The base (None) then the named variants: ``all``, a comma-separated list, or the default."""
    declared = list(world.scenario.variants)
    if spec is None:
        return [None, *declared] if default_all else [None]
    if spec.strip() == "all":
        return [None, *declared]
    names = [n.strip() for n in spec.split(",") if n.strip()]
    if not names:
        raise UsageError("--variants: give 'all' or a comma-separated list of variant names")
    # Every table calls the first column "base": naming it asks for what is always played.
    names = [n for n in names if n != "base" or n in world.scenario.variants]
    for name in names:
        if name not in world.scenario.variants:
            where = f"scenario {world.scenario.scenario}"
            if not declared:
                raise UsageError(f"--variants: {where} declares no variants (asked for '{name}')")
            raise UsageError(f"--variants: {where}: {unknown('variant', name, declared)} "
                             f"(its variants: {', '.join(declared)})")
    return [None, *dict.fromkeys(names)]
