"""accord play: scripted sessions from standard input (SPEC §3, issue 5)."""

import json
from pathlib import Path

import pytest
from play_helpers import DATA, EXERCISE, SCRIPT, play

from engine import api
from engine.check.expr_types import VarType
from engine.facilitate.commands import CommandError, field_value
from engine.facilitate.feed import Feed
from engine.facilitate.session import Session
from engine.simulate.record import result_dict


def run_events(path: str, variant: str | None = None) -> list[dict]:
    """The events ``accord run`` records for a scenario."""
    world = api.load(path, variant)
    return result_dict(api.play(world))["events"]


def results(folder: Path) -> dict:
    return json.loads((folder / "results.json").read_text())


def test_session_with_scripted_choices_matches_run(tmp_path, monkeypatch):
    """Stepping with `next` to the horizon gives the events `accord run` gives (scripted choice)."""
    out = tmp_path / "out"
    lines = ["next"] * 8 + ["end"]  # the eighth reaches the horizon
    assert play(monkeypatch, lines, EXERCISE, "--variant", "scripted", "--out", str(out)) == 0
    got = results(out)
    assert got["events"] == run_events(EXERCISE, "scripted")
    assert got["decisions"][0]["how"] == "scripted"


def test_session_of_the_spec_example_matches_run(tmp_path, monkeypatch):
    """advance to the horizon in the SPEC example gives the same events as `accord run`."""
    out = tmp_path / "out"
    scenario = str(DATA / "attack_day_ten.yaml")
    lines = ["next", "advance 3d", *["advance T+60d"] * 4, "end"]  # advance stops at each inject on its way
    assert play(monkeypatch, lines, scenario, "--out", str(out)) == 0
    assert results(out)["events"] == run_events(scenario)


def test_facilitator_decides_and_the_engine_follows(tmp_path, monkeypatch):
    """A decision without a scripted choice waits for `decide`; recorded how=facilitator; its actions run."""
    out = tmp_path / "out"
    lines = ["next"] * 4 + ["decide attribution adversary", "advance T+3d", "end"]
    assert play(monkeypatch, lines, EXERCISE, "--out", str(out)) == 0
    got = results(out)
    assert got["decisions"] == [{"decision": "attribution", "t": 48.0, "option": "adversary", "how": "facilitator"}]
    assert got["state"]["alert.level"] == "red"


def test_adhoc_inject_has_source_facilitator(tmp_path, monkeypatch):
    """`inject` delivers a declared event now, source facilitator, and rules react to it."""
    out = tmp_path / "out"
    lines = ["next", "advance 12h", "inject attack scale=major by=alpha", "end"]
    assert play(monkeypatch, lines, EXERCISE, "--out", str(out)) == 0
    events = results(out)["events"]
    attack = next(e for e in events if e["type"] == "attack")
    assert (attack["t"], attack["by"], attack["with"], attack["source"]) == (12.0, "alpha", {"scale": "major"}, "facilitator")
    started = next(e for e in events if e["type"] == "collective_defence.started")
    assert started["cause"] == attack["seq"]


@pytest.mark.parametrize(("command", "message"), [
    ("jump", "unknown command 'jump'"),
    ("decide attribution adversary", "no decision is waiting"),
    ("inject atack", "did you mean 'attack'"),
    ("inject attack scale=huge", "'huge' is not a value of scale (values: limited, major)"),
    ("inject attack size=3", "'size' is not a field of event 'attack'"),
    ("inject collective_defence.completed", "unknown event type"),
    ("advance 21d", "past the horizon"),
    ("advance 3", "bare number"),
    ("rate OBJ-9 P", "unknown objective 'OBJ-9'"),
    ("rate OBJ-1 X", "must be P, S, M or U"),
    ("next now", "takes no arguments"),
])
def test_bad_command_is_reported_and_the_session_goes_on(tmp_path, monkeypatch, capsys, command, message):
    """A bad command prints a clear error at its line, is not journaled, and the session still
    ends normally (its files written), with exit 2 for the refused line."""
    out = tmp_path / "out"
    assert play(monkeypatch, [command, "next", "end"], EXERCISE, "--out", str(out)) == 2
    printed = capsys.readouterr().err
    assert f"<stdin>:1: error: {command}: " in printed
    assert message in printed
    journal = (out / "journal.jsonl").read_text().splitlines()
    assert [json.loads(x)["cmd"] for x in journal[1:]] == ["next", "end"]
    assert results(out)["events"][0]["source"] == "inject:I-01"


def test_commands_other_than_decide_wait_while_a_decision_is_pending(tmp_path, monkeypatch, capsys):
    """While a decision waits, `next` is refused with the options, `note` is kept, `decide` answers."""
    out = tmp_path / "out"
    lines = ["next"] * 4 + ["next", "note they argue", "decide attribution unclear", "end"]
    assert play(monkeypatch, lines, EXERCISE, "--out", str(out)) == 2  # the refused `next`
    assert ("<stdin>:5: error: next: decision 'attribution' is waiting: decide attribution <option> "
            "(options: adversary, unclear)") in capsys.readouterr().err
    facilitation = json.loads((out / "facilitation.json").read_text())
    assert facilitation["observations"] == [{"t": 48.0, "text": "they argue"}]
    assert results(out)["decisions"][0]["option"] == "unclear"


def test_end_writes_run_files_and_facilitation(tmp_path, monkeypatch):
    """`end` writes the files of `accord run` (run.json too), facilitation.json and the journal."""
    out = tmp_path / "out"
    assert play(monkeypatch, SCRIPT, EXERCISE, "--out", str(out)) == 0
    run_files = {name for names in api.FORMATS.values() for name in names}
    assert {p.name for p in out.iterdir()} == run_files | {"facilitation.json", "journal.jsonl"}
    run_info = json.loads((out / "run.json").read_text())
    assert (out / run_info["scenario_file"]).resolve() == Path(EXERCISE).resolve()
    facilitation = json.loads((out / "facilitation.json").read_text())
    assert facilitation["ratings"] == {"OBJ-1": {"rating": "S", "comment": "slow mandate", "t": 72.0}}
    assert facilitation["observations"] == [{"t": 24.0, "text": "players ask who is behind it"}]
    assert results(out)["until_h"] == 480.0


def test_ending_early_stops_the_record_at_the_clock(tmp_path, monkeypatch):
    """`end` before the horizon: until_h is the clock; later scheduled events are pending."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["next", "advance 1d", "end"], EXERCISE, "--out", str(out)) == 0
    got = results(out)
    assert got["until_h"] == 24.0
    assert [e["t"] for e in got["events"]] == [0.0]
    assert {"t": 24.0, "type": "violation.reported", "source": "inject:I-02"} in got["pending"]


def test_input_ending_before_end_writes_nothing_but_keeps_the_journal(tmp_path, monkeypatch, capsys):
    """Without `end` no results are written; the message says how to resume."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["next", "next"], EXERCISE, "--out", str(out)) == 0
    assert not (out / "results.json").exists()
    assert f"accord play --resume {out / 'journal.jsonl'}" in capsys.readouterr().err


def test_session_exposes_ratings_and_observations_for_the_report():
    """Session.ratings is {objective: (rating, comment)}; observations is [(t, text)]."""
    session = Session(api.load(EXERCISE))
    lines = iter(["next", "advance 1d", "note quiet day", "rate OBJ-1 m late", "end"])
    assert session.run(Feed([], lambda: next(lines, None)))
    assert session.ratings == {"OBJ-1": ("M", "late")}
    assert session.observations == [(24.0, "quiet day")]


def test_missing_scenario_is_a_usage_error(monkeypatch, capsys):
    """Neither SCENARIO nor --resume: exit 2 with a message."""
    assert play(monkeypatch, [], ) == 2
    assert "give a SCENARIO" in capsys.readouterr().err


def scenarios() -> list[str]:
    """Every bundled scenario, and the scenarios under tests/data."""
    return api.scenario_files(str(DATA.parent.parent / "scenarios")) + api.scenario_files(str(DATA))


@pytest.mark.parametrize("path", scenarios())
def test_session_answering_as_the_batch_run_matches_it(path):
    """Nominal: a session that steps with `next` and decides as `accord run` did records the same events."""
    world = api.load(path)
    batch = result_dict(api.play(world, nominal=True))
    answers = iter(batch["decisions"])
    session = Session(world, nominal=True)

    def live() -> str:
        if session.waiting is not None:
            d = next(answers)
            return f"decide {d['decision']} {d['option']}"
        return "end" if session.clock >= world.until else "next"

    assert session.run(Feed([], live))
    got = result_dict(session.result())
    assert got["events"] == batch["events"]
    assert [(d["decision"], d["option"]) for d in got["decisions"]] == [(d["decision"], d["option"]) for d in batch["decisions"]]


def stops(world, lines: list[str]) -> list[tuple[float, tuple[str, ...]]]:
    """(clock, reasons) of every situation a session shows for ``lines``."""
    shown: list = []
    session = Session(world, show=shown.append)
    feed = iter(lines)
    session.run(Feed([], lambda: next(feed, None)))
    return [(s.clock_h, s.reasons) for s in shown if hasattr(s, "reasons")]


def test_next_stops_at_injects_decisions_and_response_milestones():
    """`next` stops at each inject, the scripted decision, the response start and its completion."""
    got = stops(api.load(EXERCISE, "scripted"), ["next"] * 8)
    assert got[1] == (0.0, ("inject I-01",))
    assert got[4] == (48.0, ("inject I-04", "decision attribution: adversary"))
    assert got[5] == (120.0, ("inject I-05", "collective_defence.started"))
    later = [reason for _, reasons in got[6:] for reason in reasons]
    assert "collective_defence.completed" in later
    assert "OBJ-1 met" in later or "OBJ-1 missed" in later


def test_next_stops_at_a_missed_objective_deadline(load_world):
    """An objective deadline passing unmet is a stop, at the deadline."""
    world = load_world("""
        until: 5d
        injects: [{id: I, at: T+1d, event: ping}]
        objectives: [{id: OBJ-1, expect: pong, after: ping, within: 12h}]
    """)
    got = stops(world, ["next", "next", "next"])
    assert got[1:] == [(24.0, ("inject I",)), (36.0, ("OBJ-1 missed",)), (120.0, ("horizon",))]


def test_facilitator_rating_replaces_the_suggested_one_in_the_report(tmp_path, monkeypatch):
    """A `rate` and a `note` in the session appear in the after-action report in place of suggestions."""
    out = tmp_path / "out"
    commands = ["note Players asked for the attribution evidence", "rate OBJ-1 M the cell hesitated", "end"]
    assert play(monkeypatch, commands, EXERCISE, "--out", str(out)) == 0
    report = (out / "report.md").read_text()
    assert "the cell hesitated" in report
    assert "Players asked for the attribution evidence" in report


@pytest.mark.parametrize(("text", "kind", "message"), [
    (".inf", "float", "f should be a finite number, not inf"),
    ("nan", "float", "f should be a number, not 'nan'"),
    ("yes", "bool", "f should be true or false, not 'yes'"),
    ("2.5", "int", "f should be a whole number, not 2.5"),
])
def test_inject_field_values_follow_the_file_rules(text, kind, message):
    """`inject` field values are read like a file's plain values: no infinities, no `yes`."""
    with pytest.raises(CommandError, match=message):
        field_value("f", text, VarType(kind))


def test_inject_field_values_are_typed():
    """Numbers become numbers (floats for float fields); text fields keep digits as text."""
    assert field_value("f", "3", VarType("float")) == 3.0
    assert field_value("f", "3", VarType("str")) == "3"
    assert field_value("f", "true", VarType("bool")) is True
