"""Forecasts from a facilitated session (issue 18): branching at a point in time, and the
forecast's figures."""

import json
import os
import signal
import time
from pathlib import Path

import pytest

from engine.analyse.sweep import Batch, replication_seed, run_batch
from engine.check.scenario import load_world
from engine.errors import ExecutionError, InputError
from engine.facilitate import journal as jl
from engine.facilitate.branch_point import origin, replay
from engine.facilitate.forecast import Point, forecast_pool, prepare
from engine.facilitate.forecast_doc import document
from engine.facilitate.forecast_run import forecast_outcome, point_of
from engine.facilitate.session import Feed, Session
from engine.simulate.branch import fork, play_branch
from engine.simulate.record import to_json
from engine.simulate.simulation import run

DATA = Path(__file__).parent / "data"
EXERCISE = str(DATA / "forecast" / "forecast_exercise.yaml")
RENEWED = str(Path(__file__).parent.parent / "scenarios" / "renewed_attack.yaml")
# `advance` stops after every inject on its way: the exercise's I-01 (T+0), then I-02 (T+1d),
# which raises the posture decision; renewed_attack's I-01 (T+0) and I-02 (T+4d).
TO_THE_DECISION = ["next", "next"]  # posture waits at T+1d


def advance(to: str, stops: int) -> list[str]:
    """``advance <to>`` given as often as it stops on its way, and once more to arrive."""
    return [f"advance {to}"] * (stops + 1)


def session_journal(tmp_path: Path, scenario: str, lines: list[str], name: str = "journal.jsonl") -> str:
    """A journal of a session given ``lines`` (the session is left where they leave it)."""
    world = load_world(scenario)
    path = str(tmp_path / name)
    journal = jl.Journal.create(path, jl.header(scenario, None, world.seed, False, str(tmp_path)))
    todo = iter(lines)
    Session(world, seed=world.seed, journal=journal).run(Feed([], lambda: next(todo, None)))
    journal.close()
    return path


def met_rate(doc: dict[str, object], arm: str, objective: str = "OBJ-1") -> float:
    row = next(o for o in doc["objectives"] if o["objective"] == objective)  # type: ignore[union-attr]
    return float(row[arm]["rate"])


def test_branch_at_start_is_the_run_of_the_same_seed() -> None:
    """A branch at T+0 with seed s plays exactly as a batch run with seed s (every record)."""
    for scenario in (EXERCISE, RENEWED):
        world = load_world(scenario)
        start = origin(world, 99, False)
        for i in range(5):
            seed = replication_seed(3, i)
            assert to_json(play_branch(start, seed)) == to_json(run(world, seed=seed))


def test_forecast_from_start_counts_as_the_sweep(tmp_path: Path) -> None:
    """A forecast of a session at T+0 has the sweep's objective outcomes for the same seed, run for run."""
    point = point_of(session_journal(tmp_path, EXERCISE, []))
    out = forecast_outcome(point, 60, 5)
    agg = run_batch(Batch(EXERCISE, None, 5, 0, 60, ("objective:OBJ-1",))).aggregate
    assert out.tallies["now"].objectives == agg.objectives
    assert out.tallies["start"].objectives == agg.objectives


def test_branch_after_the_last_event_reproduces_the_session(tmp_path: Path) -> None:
    """From a session played to the horizon, every branch is the session's record."""
    lines = [*TO_THE_DECISION, "decide posture engage", *advance("T+20d", 1)]
    world = load_world(EXERCISE)
    session = Session(world, seed=world.seed)
    todo = iter(lines)
    session.run(Feed([], lambda: next(todo, None)))
    point = point_of(session_journal(tmp_path, EXERCISE, lines))
    snapshot = replay(world, point.seed, False, list(point.entries)).runs[None]
    expected = json.loads(to_json(session.result()))
    for seed in (1, 2, 3):
        got = json.loads(to_json(play_branch(snapshot, seed)))
        assert {k: v for k, v in got.items() if k != "seed"} == {k: v for k, v in expected.items() if k != "seed"}


def test_forecast_is_the_same_whatever_the_worker_count(tmp_path: Path) -> None:
    """Same journal and seed: the same document with one worker and with two."""
    point = point_of(session_journal(tmp_path, RENEWED, advance("T+10d", 2)))
    one = document(forecast_outcome(point, 24, 8, workers=1))
    two = document(forecast_outcome(point, 24, 8, workers=2))
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)


def test_waiting_option_that_disables_the_response_shows_zero(tmp_path: Path) -> None:
    """With the decision waiting, the option that disables collective defence has OBJ-1 at 0%."""
    point = point_of(session_journal(tmp_path, EXERCISE, TO_THE_DECISION))
    doc = document(forecast_outcome(point, 80, 4))
    assert doc["waiting"] == "posture"
    rates = {o["option"]: o["objectives"]["OBJ-1"]["rate"] for o in doc["next_decision"]["options"]}
    assert rates["stand_down"] == 0.0
    assert rates["engage"] > 0.2


def test_next_decision_options_are_played_before_it_comes_up(tmp_path: Path) -> None:
    """Nothing waiting yet: the decision the runs reach first is played with each option."""
    point = point_of(session_journal(tmp_path, EXERCISE, ["next"]))
    doc = document(forecast_outcome(point, 80, 4))
    assert doc["waiting"] is None
    assert doc["next_decision"]["decision"] == "posture"
    rates = {o["option"]: o["objectives"]["OBJ-1"]["rate"] for o in doc["next_decision"]["options"]}
    assert rates["stand_down"] == 0.0
    assert rates["engage"] > met_rate(doc, "now") > 0.0


def test_now_with_a_decision_waiting_takes_the_batch_option(tmp_path: Path) -> None:
    """Waiting: each 'now' run takes the option its own stream draws (about 80% engage)."""
    point = point_of(session_journal(tmp_path, EXERCISE, TO_THE_DECISION))
    out = forecast_outcome(point, 200, 4)
    now, engage = out.tallies["now"], out.tallies["option:engage"]
    assert 0 < now.objectives["OBJ-1"]["met"] < engage.objectives["OBJ-1"]["met"]


def test_steps_under_way_keep_the_end_the_session_drew(tmp_path: Path) -> None:
    """A procedure step begun before the branch ends at the same time in every branch."""
    lines = [*TO_THE_DECISION, "decide posture engage", *advance("T+5d12h", 1)]
    point = point_of(session_journal(tmp_path, EXERCISE, lines))
    prep = prepare(point)
    snapshot = prep.branch.runs[None]
    ends = set()
    for seed in range(6):
        result = play_branch(snapshot, seed)
        bravo = next(p for p in result.responses[0].participants if p.actor == "bravo")
        ends.add(bravo.steps[0].end_h)
    assert len(ends) == 1


def test_fork_leaves_the_snapshot_as_it_was(tmp_path: Path) -> None:
    """Playing a copy to the horizon changes nothing of the snapshot it was copied from."""
    point = point_of(session_journal(tmp_path, RENEWED, advance("T+24d", 2)))  # us_backstop waits at T+13d
    snapshot = next(iter(prepare(point).branch.runs.values()))
    before = to_json(fork(snapshot).result())
    play_branch(snapshot, 5)
    assert to_json(fork(snapshot).result()) == before


def test_fork_copies_every_attribute_it_knows() -> None:
    """The run's state is what ``fork`` copies: a new attribute of the run must be handled there."""
    world = load_world(EXERCISE)
    sim = origin(world, 1, False)
    assert sorted(vars(sim)) == sorted(KNOWN_SIMULATION)
    assert sorted(vars(sim.responses)) == ["draws", "instances", "latest", "sim", "started"]
    assert sorted(vars(sim.objectives)) == ["by_after", "by_expect", "causes", "defs", "records", "sim"]


KNOWN_SIMULATION = [
    "world", "seed", "nominal", "streams", "keys", "chooser", "limits", "_per_instant", "_per_run", "_caps", "env", "queue",
    "ids", "state", "float_vars", "event", "events", "by_type", "firings", "decisions", "notes", "pending",
    "_pending_ids", "pending_after", "dirty", "fired_once", "released", "rules", "edge_index",
    "edge_rules", "enabled", "firing", "routes", "prev", "responses", "objectives", "_instant", "_instant_count",
]


def test_journal_that_no_longer_replays_is_an_error_at_its_line(tmp_path: Path) -> None:
    """A journal line the replay refuses is ``journal:line``, not a traceback."""
    path = session_journal(tmp_path, EXERCISE, ["next"])
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps({"cmd": "decide posture engage", "t": 0.0}) + "\n")
    with pytest.raises(InputError) as info:
        prepare(point_of(path))
    assert f"{path}:3:" in str(info.value)


def test_point_keeps_entries_up_to_a_line(tmp_path: Path) -> None:
    """``--upto`` forecasts from where the session stood after that journal line."""
    path = session_journal(tmp_path, EXERCISE, ["next", "next", "next"])
    assert [e.line for e in point_of(path, upto=3).entries] == [2, 3]
    assert isinstance(point_of(path), Point)


def test_a_forecast_replays_the_undos_of_the_journal(tmp_path: Path) -> None:
    """A journal whose last action was undone is forecast from where the undo left the
    session: here the decision is taken back, so it waits again."""
    lines = [*TO_THE_DECISION, "decide posture stand_down", "undo"]
    doc = document(forecast_outcome(point_of(session_journal(tmp_path, EXERCISE, lines)), 20, 4))
    assert doc["waiting"] == "posture"
    assert doc["at"] == document(forecast_outcome(point_of(session_journal(
        tmp_path, EXERCISE, TO_THE_DECISION, name="plain.jsonl")), 20, 4))["at"]


def test_a_killed_forecast_worker_stops_the_forecast(tmp_path: Path) -> None:
    """The forecast's pool is watched like a sweep's: a worker killed by the OOM killer (kill -9)
    is an ExecutionError that names the forecast, never a wait for ever."""
    point = point_of(session_journal(tmp_path, EXERCISE, []))
    with forecast_pool(point, 1) as ex:
        ex.submit(time.sleep, 0).result(timeout=60)
        os.kill(next(iter(ex.inner._processes)), signal.SIGKILL)  # type: ignore[attr-defined]
        with pytest.raises(ExecutionError, match="forecast was stopped"):
            _watch_for(ex, 60)


def _watch_for(ex: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ex.watch()  # type: ignore[attr-defined]
        time.sleep(0.05)
