"""Property tests of the engine: random valid packs and scenarios, written as YAML, loaded
through ``engine.api.load`` and played; the run's invariants must hold every time.

The budget comes from the hypothesis profile (tests/conftest.py): 200 examples in CI,
``HYPOTHESIS_PROFILE=nightly`` for 5,000.
"""

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from hypothesis import event, given
from hypothesis import strategies as st

from engine import api
from engine.check.world import StepDef, World
from engine.errors import GuardError
from engine.lint.graph import Graph
from engine.lint.linter import CODES, lint
from engine.read.durations import to_hours, to_ticks
from engine.simulate.record import RunResult, to_json
from engine.simulate.simulation import Limits

LIMITS = Limits(per_instant=300, per_run=3000)  # cycles end fast, in a GuardError
HELD = ["H-0", "H-1"]
GUARDS = ["flag", "not flag", "counter < 3", "count('e0') <= 2", "status('r0') == 'idle'",
          "occurred('e1', within='2d')", "counter >= 1 and not flag"]
EDGE_GUARDS = ["counter >= 2", "flag", "occurred('e0', within='1d')", "not occurred('e1', within='12h')"]


@st.composite
def durations(draw: st.DrawFn, zero: bool = True) -> str:
    """A duration or distribution text with whole-hour parameters."""
    a, b, c = sorted(draw(st.lists(st.integers(0 if zero else 1, 72), min_size=3, max_size=3)))
    kind = draw(st.sampled_from(["fixed", "uniform", "triangular", "pert"]))
    if kind == "fixed":
        return "0" if b == 0 else f"{b}h"
    if kind == "uniform":
        return f"uniform({a}h, {c}h)"
    return f"{kind}({a}h, {b}h, {c}h)"


def approvals() -> st.SearchStrategy[float | None]:
    return st.one_of(st.none(), st.sampled_from([0.0, 0.3, 0.9, 1.0]))


@st.composite
def actions(draw: st.DrawFn, events: list[str], responses: list[str], actors: list[str],
            rules: list[str], decide: bool = True) -> list[dict[str, Any]]:
    """A random `then` list."""
    return [draw(one_action(events, responses, actors, rules, decide)) for _ in range(draw(st.integers(0, 3)))]


@st.composite
def one_action(draw: st.DrawFn, events: list[str], responses: list[str], actors: list[str],
               rules: list[str], decide: bool) -> dict[str, Any]:
    """One random action with its optional modifiers."""
    verb = draw(st.sampled_from(["emit", "emit", "start", "stop", "set", "add", "note", "switch", "decide", "release"]))
    optional: dict[str, st.SearchStrategy[Any]] = {}
    if verb == "emit":
        act: dict[str, Any] = {"emit": draw(st.sampled_from(events))}
        optional = {"after": durations(), "by": st.sampled_from(actors)}
    elif verb == "start":
        act = {"start": draw(st.sampled_from(responses))}
        optional = {"after": durations(),
                    "participants": st.lists(st.sampled_from(actors), min_size=1, max_size=3, unique=True)}
    elif verb == "stop":
        act = {"stop": draw(st.sampled_from(responses))}
    elif verb in ("set", "add"):
        act = {"set": {"flag": draw(st.booleans())}} if verb == "set" else {"add": {"counter": 1}}
    elif verb == "switch" and rules:
        act = {draw(st.sampled_from(["enable", "disable"])): draw(st.sampled_from(rules))}
    elif verb == "decide" and decide:
        act = {"decide": "d0"}
    elif verb == "release":  # every generated scenario holds H-0 (an event) and H-1 (narrative)
        act = {"release": draw(st.sampled_from(HELD))}
        optional = {"after": durations()}
    else:
        act = {"note": "something happened"}
    for key, strategy in optional.items():
        if draw(st.booleans()):
            act[key] = draw(strategy)
    return act


@st.composite
def packs(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid pack."""
    actors = [f"a{i}" for i in range(draw(st.integers(1, 4)))]
    procedures = {}
    actor_items: dict[str, Any] = {}
    for a in actors:
        actor_items[a] = {"name": a.upper()}
        if draw(st.booleans()):
            procedures[f"p_{a}"] = {"steps": [
                {"name": f"step {i}", "duration": draw(durations()),
                 **({"approval": ap} if (ap := draw(approvals())) is not None else {})}
                for i in range(draw(st.integers(1, 3)))]}
            actor_items[a]["procedures"] = {"act": f"p_{a}"}
    events = [f"e{i}" for i in range(draw(st.integers(2, 4)))]
    responses: dict[str, Any] = {}
    for r in [f"r{i}" for i in range(draw(st.integers(1, 3)))]:
        parts = draw(st.lists(st.sampled_from(actors), min_size=1, max_size=len(actors), unique=True))
        complete = draw(st.one_of(st.sampled_from(["all", "any", "lead"]), st.integers(0, len(parts) + 1)))
        responses[r] = {"participants": parts, "lead": parts[0], "complete": complete,
                        "phases": [{"name": f"phase {i}", "duration": draw(durations())}
                                   for i in range(draw(st.integers(0, 2)))]}
        if draw(st.booleans()):
            responses[r]["authority"] = "act"
    lifecycle = [f"{r}.{s}" for r in responses for s in ("started", "authorized", "contributed", "completed",
                                                          "failed", "declined", "stopped")]
    n_rules = draw(st.integers(1, 6))
    rule_ids = [f"R-{i}" for i in range(n_rules)]
    rules = []
    for rid in rule_ids:
        rule: dict[str, Any] = {"id": rid}
        if draw(st.integers(0, 4)) == 0:
            rule["when"] = draw(st.sampled_from(EDGE_GUARDS))
        else:
            rule["on"] = draw(st.sampled_from([*events, *lifecycle, "inject.narrative"]))
            if draw(st.booleans()):
                rule["when"] = draw(st.sampled_from(GUARDS))
        if draw(st.booleans()):
            rule["once"] = True
        if draw(st.booleans()):
            rule["chance"] = draw(st.sampled_from([0.2, 0.5, 0.8]))
        rule["then"] = draw(actions(events, list(responses), actors, rule_ids))
        rules.append(rule)
    # The first rule answers the first event (always injected) by starting a response, so
    # most runs exercise procedures, phases and completion, not just injects.
    rules[0] = {**rules[0], "on": "e0", "then": [{"start": draw(st.sampled_from(list(responses)))},
                                                *rules[0]["then"]]}
    rules[0].pop("when", None)
    decision = {"options": {"yes": {"then": draw(actions(events, list(responses), actors, [], decide=False))},
                            "no": {}}}
    if draw(st.booleans()):
        p = draw(st.sampled_from([0.0, 0.25, 0.5, 1.0]))
        decision["chances"] = {"yes": p, "no": 1 - p}
    return {
        "pack": "random", "actors": actor_items, "procedures": procedures,
        "state": {"flag": {"type": "bool"}, "counter": {"type": "int"}},
        "events": {e: {} for e in events}, "responses": responses, "decisions": {"d0": decision},
        "rules": rules,
    }


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A random valid pack and a scenario that uses it."""
    pack = draw(packs())
    events = list(pack["events"])
    lifecycle = [f"{r}.{s}" for r in pack["responses"] for s in ("started", "completed", "failed")]
    until_d = draw(st.integers(1, 20))
    injects = [{"id": f"I-{i}", "at": f"T+{draw(st.integers(0, until_d * 24 + 12))}h", "event": draw(st.sampled_from(events)),
                **({"by": b} if (b := draw(st.sampled_from([None, *pack["actors"]]))) else {})}
               for i in range(draw(st.integers(1, 5)))]
    injects[0]["event"] = "e0"
    for inj in injects[1:]:
        if draw(st.integers(0, 4)) == 0:
            del inj["event"]  # a narrative inject
    injects += [{"id": "H-0", "hold": True, "event": draw(st.sampled_from(events))}, {"id": "H-1", "hold": True}]
    objectives = []
    for i in range(draw(st.integers(0, 3))):
        obj: dict[str, Any] = {"id": f"OBJ-{i}", "expect": draw(st.sampled_from(events + lifecycle)),
                               "within": f"{draw(st.integers(1, 200))}h"}
        if draw(st.booleans()):
            obj["after"] = draw(st.sampled_from(events + lifecycle))
        if draw(st.booleans()):
            obj["else"] = [{"emit": draw(st.sampled_from(events)), "after": draw(durations())}]
        objectives.append(obj)
    scenario = {"scenario": "random", "rules": ["pack.yaml"], "start": "2026-03-01T00:00:00Z",
                "until": f"{until_d}d", "seed": draw(st.integers(0, 2**31)),
                "choices": {}, "injects": injects, "objectives": objectives}
    if draw(st.booleans()):
        scenario["choices"] = {"d0": draw(st.sampled_from(["yes", "no"]))}
    return pack, scenario


def load(pack: dict[str, Any], scenario: dict[str, Any]) -> World:
    """Write both as YAML and load them through the public API."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "pack.yaml").write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
        (Path(tmp) / "s.yaml").write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
        return api.load(str(Path(tmp) / "s.yaml"))


def play(world: World, **kwargs: Any) -> RunResult | None:
    """Play; None when a guard stopped a zero-delay cycle. Any other exception escapes."""
    try:
        return api.play(world, limits=LIMITS, **kwargs)
    except GuardError:
        event("guard stopped a zero-delay cycle")
        return None


def check_time_and_causes(r: RunResult) -> None:
    assert [e.seq for e in r.events] == list(range(1, len(r.events) + 1))
    times = [e.t for e in r.events]
    assert times == sorted(times), "time went backwards"
    assert all(0 <= t <= r.until_h for t in times)
    for e in r.events:
        if e.cause is not None:
            cause = r.events[e.cause - 1]
            assert cause.seq < e.seq
            assert cause.t <= e.t


def check_responses(r: RunResult) -> None:
    counts = Counter(e.type for e in r.events)
    by_response: dict[str, Counter[str]] = {}
    for rec in r.responses:
        by_response.setdefault(rec.response, Counter())[rec.status] += 1
        assert rec.status in ("active", "completed", "failed", "stopped")
        assert (rec.ended_h is None) == (rec.status == "active")
        assert rec.ended_h is None or rec.started_h <= rec.ended_h <= r.until_h
    for name, statuses in by_response.items():
        assert counts[f"{name}.started"] == sum(statuses.values())
        assert counts[f"{name}.completed"] == statuses["completed"]
        assert counts[f"{name}.failed"] == statuses["failed"]
        assert counts[f"{name}.stopped"] >= statuses["stopped"]


def step_defs(world: World, response: str, actor: str) -> tuple[StepDef, ...]:
    d = world.responses[response]
    procedure = world.procedures.get((actor, d.authority), ()) if d.authority else ()
    return procedure + d.phases


def check_steps(r: RunResult, world: World) -> None:
    for rec in r.responses:
        for p in rec.participants:
            defs = step_defs(world, rec.response, p.actor)
            assert len(p.steps) <= len(defs)
            previous = rec.started_h
            for i, (step, d) in enumerate(zip(p.steps, defs, strict=False)):
                assert (step.kind, step.name) == (d.kind, d.name)
                assert step.start_h == previous, "steps are not contiguous"
                last = i == len(p.steps) - 1
                assert step.end_h is not None or last
                if step.end_h is not None:
                    previous = step.end_h
                    if not (last and p.status == "stopped"):  # a stop cuts the current step short
                        span = to_ticks(step.end_h) - to_ticks(step.start_h)
                        assert d.duration.low <= span <= d.duration.high, "sample out of bounds"


def check_objectives(r: RunResult, world: World) -> None:
    for rec, obj in zip(r.objectives, world.objectives, strict=True):
        assert rec.objective == obj.id
        start = next((e for e in r.events if e.type == obj.after), None) if obj.after else None
        if obj.after is not None and start is None:
            assert rec.status == "not_started"
            continue
        from_h = start.t if start else 0.0
        assert rec.from_h == from_h
        assert rec.deadline_h == to_hours(to_ticks(from_h) + obj.within_ticks)
        # "at or after that start" is by time: an expect event earlier in the start's instant counts
        hits = [e for e in r.events if e.type == obj.expect and from_h <= e.t <= rec.deadline_h]
        contingency = any(e.source == f"objective:{obj.id}" for e in r.events)
        if rec.status == "met":
            assert hits
            assert rec.at_h == hits[0].t
        elif rec.status == "missed":
            # at the deadline instant itself, events after the deadline check (such as the
            # objective's own contingency emits) come too late
            assert not [e for e in hits if e.t < rec.deadline_h]
            assert rec.deadline_h <= r.until_h
        else:
            assert rec.status == "open"
            assert not hits
            assert rec.deadline_h > r.until_h
        assert not contingency or rec.status == "missed"


def check_lint_is_sound(r: RunResult, world: World) -> None:
    """What lint's analysis calls impossible never happens in a run."""
    roots = tuple(a for o in world.objectives for a in o.actions)
    graph = Graph(world.rules, world.responses, world.decisions, world.procedures,
                  {i.event for i in world.injects}, roots, {i.id: i.event for i in world.held.values()})
    reach = graph.reach()
    assert {e.type for e in r.events} <= reach.events
    assert {f.rule for f in r.firings} <= reach.rules
    assert {d.decision for d in r.decisions} <= reach.decisions
    assert {x.response for x in r.responses} <= reach.responses


@given(scenarios(), st.booleans())
def test_runs_keep_the_engine_invariants(case, nominal):
    """Every run: time forward, causes first, responses end once, steps contiguous, objectives
    true, and nothing happens that lint calls impossible."""
    world = load(*case)
    result = play(world, nominal=nominal)
    if result is None:
        return
    event(f"{min(len(result.events) // 10 * 10, 50)}+ events")
    event(f"{min(len(result.responses), 3)} response instance(s)")
    check_time_and_causes(result)
    check_responses(result)
    check_steps(result, world)
    check_objectives(result, world)
    check_lint_is_sound(result, world)


@given(scenarios(), st.integers(0, 2**31))
def test_same_seed_gives_identical_bytes(case, seed):
    """Two sampled runs with one seed write byte-identical results.json."""
    world = load(*case)
    first, second = play(world, seed=seed), play(world, seed=seed)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert to_json(first) == to_json(second)


@given(scenarios())
def test_lint_runs_on_any_valid_scenario(case):
    """Lint accepts every valid scenario and reports only known codes at real lines."""
    pack, scenario = case
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "pack.yaml").write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
        path = Path(tmp) / "s.yaml"
        path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
        report = lint([str(path), tmp])
        lines = {name: len((Path(tmp) / name).read_text().splitlines()) for name in ("pack.yaml", "s.yaml")}
    assert report.invalid == []
    for f in report.findings:
        assert f.code in CODES
        assert 1 <= f.mark.line <= lines[Path(f.mark.path).name]
