"""Decisions and objectives."""

from conftest import events

DECISION = """
decisions:
  attribution:
    prompt: Who is responsible?
    options:
      adversary: {title: The adversary, then: [{set: {level: red}}, {emit: alarm, after: 1h}]}
      unclear: {title: Unclear}
    default: unclear
    chances: {adversary: 0.7, unclear: 0.3}
rules:
  - {id: R-d, on: report, then: [{decide: attribution}]}
"""
REPORT = "injects: [{id: I, at: T+1d, event: report}]\n"


def test_scripted_choice_wins(play):
    """`choices` scripts the outcome; `how` is scripted; option actions run."""
    r = play("until: 5d\nchoices: {attribution: adversary}\n" + REPORT, DECISION)
    assert r["decisions"] == [{"decision": "attribution", "t": 24.0, "option": "adversary", "how": "scripted"}]
    assert r["state"]["level"] == "red"
    assert events(r)[-1] == (25.0, "alarm", None, "decision:attribution")


def test_nominal_run_takes_the_default(play):
    """Without a scripted choice a nominal run takes the default."""
    r = play("until: 5d\n" + REPORT, DECISION)
    assert (r["decisions"][0]["option"], r["decisions"][0]["how"]) == ("unclear", "default")


def test_sampled_run_draws_from_chances(play):
    """A sampled run draws from `chances`, reproducibly for a seed."""
    outcomes = {play("until: 5d\n" + REPORT, DECISION, nominal=False, seed=s)["decisions"][0]["option"] for s in range(20)}
    assert outcomes == {"adversary", "unclear"}
    first = play("until: 5d\n" + REPORT, DECISION, nominal=False, seed=3)["decisions"][0]
    assert first["how"] == "chance"
    assert play("until: 5d\n" + REPORT, DECISION, nominal=False, seed=3)["decisions"][0] == first


OBJ = "rules:\n  - {id: R-go, on: go, then: [{start: defence}]}\n"
GO = "injects: [{id: I, at: T+1d, event: go}]\n"


def objective(within: str, after: str = "after: go\n    ") -> str:
    return f"""objectives:
  - id: OBJ-1
    expect: defence.completed
    {after}within: {within}
    else: [{{emit: alarm}}]
"""


def test_objective_met_by_deadline(play):
    """Met when the expect event comes by the deadline; clock from the after event."""
    r = play("until: 20d\n" + GO + objective("10d"), OBJ)
    assert r["objectives"] == [{"objective": "OBJ-1", "status": "met", "from_h": 24.0, "at_h": 192.0, "deadline_h": 264.0}]


def test_objective_met_exactly_at_deadline(play):
    """An expect event at the deadline instant meets the objective."""
    r = play("until: 20d\n" + GO + objective("7d"), OBJ)
    assert r["objectives"][0]["status"] == "met"


def test_objective_missed_runs_else_actions(play):
    """When the deadline passes unmet: missed, and `else` events have source objective:<id>."""
    r = play("until: 20d\n" + GO + objective("5d"), OBJ)
    assert r["objectives"][0] == {"objective": "OBJ-1", "status": "missed", "from_h": 24.0, "at_h": None, "deadline_h": 144.0}
    assert (144.0, "alarm", None, "objective:OBJ-1") in events(r)


def test_objective_open_at_horizon(play):
    """Clock started, deadline beyond the horizon: open."""
    r = play("until: 4d\n" + GO + objective("10d"), OBJ)
    assert r["objectives"][0]["status"] == "open"


def test_objective_not_started_without_after_event(play):
    """An objective whose `after` never happened is not_started."""
    r = play("until: 4d\n" + objective("10d"), OBJ)
    assert r["objectives"][0] == {"objective": "OBJ-1", "status": "not_started", "from_h": None, "at_h": None, "deadline_h": None}


def test_objective_without_after_starts_at_zero(play):
    """Without `after` the clock starts at T+0."""
    r = play("until: 20d\n" + GO + objective("10d", after=""), OBJ)
    assert (r["objectives"][0]["from_h"], r["objectives"][0]["deadline_h"]) == (0.0, 240.0)


def test_contingency_event_is_caused_by_the_after_event(play):
    """Events from an objective's `else` have the event that started its clock as cause."""
    r = play("until: 20d\n" + GO + objective("5d"), OBJ)
    alarm = next(e for e in r["events"] if e["type"] == "alarm")
    go = next(e for e in r["events"] if e["type"] == "go")
    assert alarm["cause"] == go["seq"]
