"""What a starter scenario should inject and expect so that it passes lint: an inject whose
event can lead to a response's completion, and that completion as the objective.

Lives in ``lint`` because the choice rests on the reachability analysis (``graph``);
``accord new scenario`` hands it to the starter's writer (``render.starter``), which may not
import lint.
"""

from engine.check.pack_world import PackWorld
from engine.lint.graph import Graph


def starter_events(pw: PackWorld) -> tuple[str | None, str | None]:
    """(event type to inject, event type the objective expects), or Nones when the pack
    declares no event type. Prefers the first response (in pack order) whose ``completed``
    some single inject can lead to; else an event the first inject leads to; else the
    injected event itself, so the objective can always be met in some run."""
    events = sorted(pw.declared_events)
    if not events:
        return None, None
    reached = {e: _reach(pw, e) for e in events}
    for response in pw.responses:
        for e in events:
            if f"{response}.completed" in reached[e]:
                return e, f"{response}.completed"
    first = events[0]
    follows = sorted(reached[first] - {first})
    return first, follows[0] if follows else first


def _reach(pw: PackWorld, event: str) -> set[str]:
    graph = Graph(pw.rules, pw.responses, pw.decisions, pw.procedures, {event})
    return graph.reach().events
