"""What the sweep charts say about objectives: each one's deadline, and titles for milestones.

An objective's clock starts at T+0 or at the first ``after`` event (SPEC §2.5), so its
deadline is that event's time plus ``within``: one instant when the event is an inject,
a spread when the event comes from sampled procedures. The spread is read from the sweep's
own figures for that event (its ``first:<type>`` or response milestone), p5 to p95.
"""

from typing import Any, NamedTuple

from engine.analyse.milestones import RESPONSE_MILESTONES
from engine.check.world import World

DAY = 24.0


class Deadline(NamedTuple):
    """An objective's deadline in days from T+0: the median, and p5–p95 where it varies."""

    days: float
    low: float
    high: float


def deadlines(variants: list[dict[str, Any]], worlds: dict[str | None, World]) -> dict[str, dict[str | None, Deadline]]:
    """``{"objective:<id>": {variant: Deadline}}`` for each variant in which the objective's
    clock started in some run."""
    out: dict[str, dict[str | None, Deadline]] = {}
    for v in variants:
        world = worlds[v["variant"]]
        for o in world.objectives:
            d = _deadline(v["milestones"], _anchor(world, o.after), o.within)
            if d is not None:
                out.setdefault(f"objective:{o.id}", {})[v["variant"]] = d
    return out


def _anchor(world: World, after: str | None) -> str | None:
    """The milestone that times an ``after`` event (None: the clock starts at T+0)."""
    if after is None:
        return None
    response, _, what = after.rpartition(".")
    if response in world.responses and what in RESPONSE_MILESTONES and what != "authorized_all":
        return after
    return f"first:{after}"


def _deadline(milestones: dict[str, Any], anchor: str | None, within: float) -> Deadline | None:
    if anchor is None:
        return Deadline(within / DAY, within / DAY, within / DAY)
    m = milestones.get(anchor)
    if not m or not m.get("reached"):
        return None
    return Deadline((m["p50"] + within) / DAY, (m["p5"] + within) / DAY, (m["p95"] + within) / DAY)


def milestone_titles(world: World) -> dict[str, str]:
    """Titles by milestone name: objectives' and responses' (for ``<response>.completed``)."""
    titles = {f"objective:{o.id}": o.model.title for o in world.objectives if o.model.title}
    for rid, r in world.responses.items():
        if r.title:
            titles.update({f"{rid}.{m}": r.title for m in RESPONSE_MILESTONES})
    return titles
