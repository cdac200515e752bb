"""Which pack findings a scenario makes relevant: those about the pack items its injects,
objectives, choices, ``set:`` and overrides touch, and the zero-delay cycles its run can
enter. ``accord lint my_drill.yaml`` shows these beside the scenario's own findings and
hides the rest of the pack's (``--all`` shows them)."""

from collections.abc import Iterable
from dataclasses import dataclass

from engine.check.expressions import LIFECYCLE
from engine.check.pack_world import PackWorld
from engine.check.world import Act, DecideAct, EmitAct, SetAct, StartAct, World
from engine.lint.findings import Finding
from engine.lint.graph import Reach


@dataclass(frozen=True)
class Touched:
    """What a scenario touches in its packs."""

    items: frozenset[tuple[str, str]]  # (pack section, id): ("rules", "R-1"), ("state", "alert.level")
    fired: frozenset[str]  # rules that can fire in some run of the scenario


def touched(world: World, pw: PackWorld, reach: Reach, injected: set[str]) -> Touched:
    """The pack items that ``world``'s scenario (base and variants) names or sets in motion."""
    sc = world.scenario
    roots = [a for o in world.objectives for a in o.actions]
    events = injected | {e for o in world.objectives for e in (o.expect, o.after) if e} | _emitted(roots)
    items = {("rules", r.id) for r in pw.rules if set(r.on) & events}
    items |= {("responses", r) for r in pw.responses if _lifecycle_of(r, events)}
    items |= {("responses", a.response) for a in roots if isinstance(a, StartAct)}
    items |= {("decisions", d) for d in [*sc.choices, *(d for v in sc.variants.values() for d in v.choices)]}
    items |= {("decisions", a.decision) for a in roots if isinstance(a, DecideAct)}
    items |= {("state", v) for v in [*sc.set, *(x for v in sc.variants.values() for x in v.set)]}
    items |= {("state", a.var) for a in roots if isinstance(a, SetAct)}
    overrides = [*sc.overrides, *(k for v in sc.variants.values() for k in v.overrides)]
    items |= {item for item in _items(pw) if any(_names(key, item) for key in overrides)}
    return Touched(frozenset(items), frozenset(reach.rules))


def relevant(f: Finding, t: Touched) -> bool:
    """Whether a pack finding is about something the scenario touches; a zero-delay cycle
    (A109) also when one of its rules can fire in the scenario's runs. A rule that can fire
    in them is not made relevant by an event of its ``on`` list the scenario never produces
    (A101): a rule that opens on whichever of several events comes first works."""
    if not f.subject:
        return False
    section, *names = f.subject
    if f.code == "A109" and any(n in t.fired for n in names):
        return True
    if f.code == "A101" and all(n in t.fired for n in names):
        return False
    return any((section, n) in t.items for n in names)


def _emitted(acts: Iterable[Act]) -> set[str]:
    return {a.type for a in acts if isinstance(a, EmitAct)}


def _lifecycle_of(response: str, events: set[str]) -> bool:
    return any(f"{response}.{step}" in events for step in LIFECYCLE)


def _items(pw: PackWorld) -> list[tuple[str, str]]:
    return [*(("rules", r.id) for r in pw.rules), *(("responses", r) for r in pw.responses),
            *(("decisions", d) for d in pw.decisions), *(("state", v) for v in pw.state_types)]


def _names(key: str, item: tuple[str, str]) -> bool:
    """Whether the override path ``key`` points at or into ``item``."""
    head = f"{item[0]}.{item[1]}"
    return key == head or key.startswith(head + ".")
