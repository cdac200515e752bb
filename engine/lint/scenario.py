"""Lint checks on a scenario with its packs: objectives that cannot be met, injects after
the horizon and variants that change nothing (A107, A108, A111, A112), plus the pack checks
run with the scenario's injects."""

from typing import Any

from engine.check.pack import check_packs
from engine.check.scenario import build_world, inject_time
from engine.check.world import NARRATIVE, World
from engine.errors import InputError
from engine.lint.findings import Finding, finding
from engine.lint.graph import Reach
from engine.lint.pack import PackLint
from engine.lint.relevance import relevant, touched
from engine.read.durations import DurationError
from engine.read.files import Loaded, load_scenario
from engine.read.scenario import Inject
from engine.read.yamlio import Path


class ScenarioLint:
    """Checks on a scenario with its packs: objectives, injects, variants, then the packs."""

    def __init__(self, path: str, loaded: Loaded, world: World) -> None:
        self.path = path
        self.loaded = loaded
        self.world = world
        self.doc = loaded.doc
        self.out: list[Finding] = []
        self.relevant: set[Finding] = set()  # the pack findings this scenario makes relevant

    def run(self) -> list[Finding]:
        """Every check; pack findings computed with this scenario's injects."""
        sc = self.world.scenario
        injected = {i.event for i in self.world.injects}
        held = {i.id: i.event for i in self.world.held.values()}  # played only when released
        params = set(sc.set)
        for v in sc.variants.values():
            injected |= {i.event or NARRATIVE for i in v.injects if not i.hold}
            held |= {i.id: i.event or NARRATIVE for i in v.injects if i.hold}
            params |= set(v.set)
        roots = tuple(a for o in self.world.objectives for a in o.actions)
        pw, _ = check_packs(self.loaded.packs)
        pack = PackLint(self.loaded.packs, pw, injected, roots, frozenset(params), held)
        found = pack.run()
        touches = touched(self.world, pw, pack.reach, injected)
        self.relevant = {f for f in found if relevant(f, touches)}
        self.out += found
        self.objectives(pack.reach)
        self.injects()
        self.variants()
        return self.out

    def objectives(self, reach: Reach) -> None:
        for i, obj in enumerate(self.world.objectives):
            for key in ("expect", "after"):
                etype = getattr(obj, key)
                if etype is not None and etype not in reach.events:
                    code = "A107" if key == "expect" else "A108"
                    text = f"objective '{obj.id}' waits for '{etype}' ({key}), which can never occur"
                    self.out.append(finding(self.doc.mark(("objectives", i, key)), code, text))

    def injects(self) -> None:
        sc = self.world.scenario
        located: list[tuple[Path, Inject]] = [(("injects", i), inj) for i, inj in enumerate(sc.injects)]
        for name, v in sc.variants.items():
            located += [(("variants", name, "injects", i), inj) for i, inj in enumerate(v.injects)]
        for loc, inj in located:
            if inj.at is None:  # a held inject: played when released
                continue
            try:
                t = inject_time(inj.at, sc.start)
            except DurationError:
                continue
            if t > self.world.until_ticks:
                text = f"inject '{inj.id}' at {inj.at} is after the horizon: it is never played"
                self.out.append(finding(self.doc.mark((*loc, "at")), "A112", text))

    def variants(self) -> None:
        base = _signature(self.loaded, self.world)
        for name, v in self.world.scenario.variants.items():
            try:
                loaded = load_scenario(self.path, name, self.doc)
                sig = _signature(loaded, build_world(loaded, name))
            except InputError:
                continue  # reported as invalid by validate
            if sig == base:
                text = f"variant '{name}' changes nothing: it plays exactly as the base scenario"
                self.out.append(finding(self.doc.mark(("variants", name), key=True), "A111", text))
            elif v.overrides and sig[0] == base[0]:
                text = f"the overrides of variant '{name}' change nothing: every value is already so"
                self.out.append(finding(self.doc.mark(("variants", name, "overrides"), key=True), "A111", text))


def _signature(loaded: Loaded, world: World) -> tuple[Any, ...]:
    """What a variant can change: pack data, initial state, choices, seed, injects."""
    injects = [(i.id, i.tick, i.event, i.payload, i.by, i.held) for i in (*world.injects, *world.held.values())]
    return ([p.doc.data for p in loaded.packs], world.initial_state, world.choices, world.seed, injects)



