"""Milestones of a run: response starts, authorizations, completions, objectives, first events."""

from engine import api
from engine.milestones import milestone_names, milestones
from tests.conftest import DATA

EXAMPLE = str(DATA / "attack_day_ten.yaml")


def test_response_milestones_follow_the_record() -> None:
    """started, authorized_all and completed equal the first instance's recorded times."""
    result = api.play(api.load(EXAMPLE), nominal=True)
    rec = result.responses[0]
    got = milestones(result, milestone_names(api.load(EXAMPLE)))
    assert got["collective_defence.started"] == rec.started_h
    assert got["collective_defence.authorized_all"] == max(p.authorized_h or 0 for p in rec.participants)
    assert got["collective_defence.completed"] == rec.ended_h
    assert got["collective_defence.failed"] is None


def test_declined_participant_leaves_authorized_all_unreached() -> None:
    """When a participant declines, authorized_all and completed are None and failed is set."""
    world = api.load(EXAMPLE)
    names = milestone_names(world)
    for seed in range(200):
        result = api.play(world, seed=seed)
        if result.responses[0].status == "failed":
            got = milestones(result, names)
            assert got["collective_defence.authorized_all"] is None
            assert got["collective_defence.completed"] is None
            assert got["collective_defence.failed"] == result.responses[0].ended_h
            return
    raise AssertionError("no seed in 0..199 declined")


def test_objective_and_first_event_milestones() -> None:
    """objective:<id> is when it was met; first:<type> the first occurrence of that event."""
    world = api.load(EXAMPLE)
    result = api.play(world, nominal=True)
    got = milestones(result, milestone_names(world))
    assert got["objective:OBJ-1"] == result.objectives[0].at_h
    assert got["first:attack"] == next(e.t for e in result.events if e.type == "attack")
    assert got["first:violation.reported"] is None
