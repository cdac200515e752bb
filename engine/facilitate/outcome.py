"""What a facilitated session leaves: its record so far (for a live chart) and
``facilitation.json`` (``accord.facilitation/1``): the facilitator's ratings and notes and the
evaluators' observations, which the after-action report also shows."""

from dataclasses import replace
from typing import Any

from engine.facilitate.session import Session
from engine.simulate.record import RunResult


def record_so_far(session: Session) -> RunResult:
    """The record up to now, leaving the simulation as it is: the objectives still running are
    shown open (``Session.result`` ends them for good)."""
    records = session.sim.objectives.records
    before = [o.status for o in records]
    result = session.result()
    result.objectives = [replace(o) for o in records]
    for o, status in zip(records, before, strict=True):
        o.status = status
    return result


def facilitation(session: Session) -> dict[str, Any]:
    """``facilitation.json``: ratings ``{objective: {rating, comment, t}}`` (the last of an
    objective wins), notes ``[{t, text}]`` and evaluations ``[{t, objective, capability,
    rating, inject, response, text}]`` (null where not given); times in hours after T+0."""
    return {
        "format": "accord.facilitation/1",
        "scenario": session.world.scenario.scenario, "variant": session.world.variant,
        "seed": session.sim.seed, "ended_h": session.clock,
        "ratings": {k: {"rating": r, "comment": c, "t": session.rated_at[k]} for k, (r, c) in session.ratings.items()},
        "observations": [{"t": t, "text": text} for t, text in session.observations],
        "evaluations": [{"t": e.t, "objective": e.objective, "capability": e.capability, "rating": e.rating or None,
                         "inject": e.inject or None, "response": e.response or None, "text": e.text}
                        for e in session.evaluations],
    }
