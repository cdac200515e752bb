"""Milestones of a run: response starts, authorizations, completions, objectives, first events."""

from engine import api
from engine.analyse.milestones import first_events, milestone_names, milestones
from engine.simulate.record import to_json
from engine.simulate.results_io import read_results
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


def test_first_events_agree_with_a_result_read_back_from_a_file(tmp_path) -> None:
    """A result read back from results.json (no index by type) gives the same first events."""
    world = api.load(EXAMPLE)
    result = api.play(world, seed=4)
    (tmp_path / "results.json").write_text(to_json(result))
    loaded = read_results(str(tmp_path / "results.json"))
    assert not loaded.by_type
    assert {k: e.seq for k, e in first_events(loaded).items()} == {k: e.seq for k, e in first_events(result).items()}
    assert milestones(loaded, milestone_names(world)) == milestones(result, milestone_names(world))


def test_first_events_are_the_earliest_of_types_that_recur(tmp_path) -> None:
    """For every event type, live or read back, the first event is the earliest of its kind."""
    result = api.play(api.load(EXAMPLE), seed=4)
    repeated = {t for t in (e.type for e in result.events) if sum(e.type == t for e in result.events) > 1}
    assert repeated  # the run has types that happen more than once
    (tmp_path / "results.json").write_text(to_json(result))
    for run in (result, read_results(str(tmp_path / "results.json"))):
        for etype, first in first_events(run).items():
            assert first.seq == min(e.seq for e in run.events if e.type == etype)
