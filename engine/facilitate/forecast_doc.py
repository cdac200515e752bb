"""The forecast document (``accord.forecast/1``): what ``forecast.json`` holds and the
Markdown and HTML pages show. Plain data, built from a forecast's tallies and the World.

Times are hours after T+0; rates are shares (0 to 1) with their 95% Wilson interval.
"""

from typing import Any

from engine.analyse.aggregate import MilestoneStats
from engine.analyse.forecast_tally import Tally
from engine.check.world import World
from engine.facilitate.forecast import Outcome
from engine.simulate.timefmt import t_plus

FORMAT = "accord.forecast/1"
TOP_ACTORS = 8
DECIDED = ("met", "missed")


def document(out: Outcome) -> dict[str, Any]:
    """The forecast of ``out`` as a JSON-ready document."""
    prep, tallies = out.prepared, out.tallies
    world, branch = prep.world, prep.branch
    point = prep.point
    snapshot = next(iter(branch.runs.values()))
    status = {o.objective: o.status for o in snapshot.objectives.records}
    now = tallies["now"]
    return {
        "format": FORMAT, "scenario": world.scenario.scenario, "title": world.scenario.title or "",
        "variant": world.variant, "journal": point.journal, "session_seed": point.seed, "seed": out.seed,
        "runs": out.runs, "at_h": branch.clock_h, "at": t_plus(branch.clock_h), "until_h": world.until,
        "waiting": None if branch.waiting is None else branch.waiting.id,
        "objectives": [_objective(o.id, o.model.title, status.get(o.id, "not_started"), tallies)
                       for o in world.objectives],
        "decisions_to_come": _to_come(now, world),
        "next_decision": _next(out, world),
        "critical_path": _actors(now, world),
    }


def _objective(oid: str, title: str | None, at_branch: str, tallies: dict[str, Tally]) -> dict[str, Any]:
    now = tallies["now"]
    return {"objective": oid, "title": title or "", "at_branch": at_branch,
            "open": at_branch not in DECIDED, "start": tallies["start"].met(oid), "now": now.met(oid),
            "met_at": _times(now.met_at.get(oid), now.runs)}


def _times(stats: MilestoneStats | None, runs: int) -> dict[str, Any]:
    """``{reached, reached_pct, mean, p5…p95, min, max}`` of a time (hours after T+0)."""
    return (stats or MilestoneStats()).summary(runs)


def _to_come(tally: Tally, world: World) -> list[dict[str, Any]]:
    """The decisions resolved after the branch point in the ``now`` runs, most often first."""
    rows = []
    for d, runs in sorted(tally.comes_up.items(), key=lambda kv: (-kv[1], kv[0])):
        options = tally.decisions[d]
        total = sum(options.values())
        definition = world.decisions[d]
        rows.append({
            "decision": d, "prompt": definition.prompt or "", "asked": d in tally.asked,
            "scripted": world.choices.get(d), "runs": runs, "share": round(runs / tally.runs, 6),
            "first_at": _times(tally.first_at.get(d), tally.runs),
            "options": {o: round(options.get(o, 0) / total, 6) for o in definition.options},
        })
    return rows


def _next(out: Outcome, world: World) -> dict[str, Any] | None:
    """The next decision the facilitator is asked, and the objectives' met-rates per option."""
    if out.decision is None:
        return None
    d = world.decisions[out.decision]
    options = []
    for option in d.options:
        tally = out.tallies.get(f"option:{option}")
        if tally is None:
            continue
        options.append({"option": option, "title": d.titles.get(option) or "",
                        "objectives": {o.id: tally.met(o.id) for o in world.objectives}})
    return {"decision": d.id, "prompt": d.prompt or "", "waiting": out.prepared.branch.waiting is not None,
            "default": d.default, "options": options}


def _actors(tally: Tally, world: World) -> list[dict[str, Any]]:
    ranked = sorted(tally.critical.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ACTORS]
    return [{"actor": a, "name": world.actors[a].name if a in world.actors else a, "runs": k,
             "share": round(k / tally.runs, 6)} for a, k in ranked]
