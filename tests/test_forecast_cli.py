"""``accord forecast`` and forecasts in ``accord play`` (issue 18): files, errors, journal, AAR."""

import json
from pathlib import Path

import pytest

from engine.cli import main
from engine.facilitate import journal as jl
from tests.play_helpers import play

EXERCISE = str(Path(__file__).parent / "data" / "forecast" / "forecast_exercise.yaml")
TO_THE_DECISION = ["next", "next"]  # I-01 at T+0, then I-02 at T+1d raises the posture decision


def test_forecast_writes_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A forecast of a session writes forecast.json/.md/.html and the chart, exit 0."""
    assert play(monkeypatch, TO_THE_DECISION, EXERCISE, "--out", str(tmp_path / "s")) == 0
    out = tmp_path / "f"
    code = main(["forecast", str(tmp_path / "s" / "journal.jsonl"), "--runs", "40", "--workers", "1", "--out",
                 str(out), "-q"])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["ecdf.png", "forecast.html", "forecast.json", "forecast.md"]
    doc = json.loads((out / "forecast.json").read_text())
    assert (doc["format"], doc["waiting"], doc["runs"]) == ("accord.forecast/1", "posture", 40)


def test_damaged_journal_is_an_error_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal line with a wrong field is ``path:line:col: error``, exit 2, nothing written."""
    assert play(monkeypatch, ["next"], EXERCISE, "--out", str(tmp_path / "s")) == 0
    path = tmp_path / "s" / "journal.jsonl"
    with path.open("a", encoding="utf-8") as f:
        f.write('{"cmd": "next", "t": -1}\n')
    code = main(["forecast", str(path), "--runs", "5", "--workers", "1", "--out", str(tmp_path / "f")])
    assert code == 2
    assert f"{path}:3:" in capsys.readouterr().err
    assert not (tmp_path / "f").exists()


def test_forecast_command_in_play_is_journaled_not_replayed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """'forecast 30' shows the odds and journals a 'forecast' entry, which a resume skips."""
    assert play(monkeypatch, [*TO_THE_DECISION, "forecast 30"], EXERCISE, "--out", str(tmp_path / "s"),
                "--workers", "1") == 0
    assert "next decision posture (waiting)" in capsys.readouterr().out
    loaded = jl.load(str(tmp_path / "s" / "journal.jsonl"))
    assert [e.command for e in loaded.entries] == TO_THE_DECISION
    assert [(f.after, f.waiting, f.runs) for f in loaded.forecasts] == [(2, "posture", 30)]
    assert play(monkeypatch, ["decide posture engage", "end"], "--resume", str(tmp_path / "s" / "journal.jsonl")) == 0


def test_forecast_entry_with_a_wrong_field_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 'forecast' entry whose summary is malformed is ``journal:line:col``."""
    assert play(monkeypatch, ["next"], EXERCISE, "--out", str(tmp_path / "s")) == 0
    path = tmp_path / "s" / "journal.jsonl"
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"forecast": {"runs": 3}, "t": 0.0}) + "\n")
    with pytest.raises(Exception, match=rf"{path}:3:2"):
        jl.load(str(path))


def test_aar_shows_the_odds_around_each_decision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With forecasts on, report.md gives each decision's forecast before and after it."""
    lines = [*TO_THE_DECISION, "decide posture stand_down", "advance T+5d", "end"]
    assert play(monkeypatch, lines, EXERCISE, "--out", str(tmp_path / "s"), "--forecasts", "40",
                "--workers", "1") == 0
    report = (tmp_path / "s" / "report.md").read_text()
    row = next(line for line in report.splitlines() if "posture = stand_down" in line)
    before, after = row.split("|")[2].strip().split(" → ")
    assert after == "0.0%"
    assert before != "0.0%"


def test_upto_past_the_journal_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """--upto beyond the journal's last command would silently forecast from its end: exit 2."""
    assert play(monkeypatch, ["next"], EXERCISE, "--out", str(tmp_path / "s")) == 0
    capsys.readouterr()
    journal = str(tmp_path / "s" / "journal.jsonl")
    assert main(["forecast", journal, "--runs", "5", "--upto", "999", "--out", str(tmp_path / "fc")]) == 2
    assert "--upto 999: the journal" in capsys.readouterr().err
    assert not (tmp_path / "fc").exists()


def odds_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> list[str]:
    """The rows of report.md's "How the decisions moved the odds" of a session with forecasts on."""
    assert play(monkeypatch, lines, EXERCISE, "--out", str(tmp_path / "s"), "--forecasts", "40",
                "--workers", "1") == 0
    report = (tmp_path / "s" / "report.md").read_text()
    return [line for line in report.splitlines() if "posture = " in line]


def test_an_undone_decision_is_not_paired_with_a_forecast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`decide` then `undo` then another `decide`: the AAR pairs forecasts with the decision kept only."""
    lines = [*TO_THE_DECISION, "decide posture stand_down", "undo", "decide posture engage", "advance T+5d", "end"]
    rows = odds_rows(tmp_path, monkeypatch, lines)
    assert len(rows) == 1
    assert "posture = engage" in rows[0]


def test_a_decision_taken_again_after_an_undo_keeps_the_forecast_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The forecast made while the decision first waited is the state the second decide was taken in: its 'before'."""
    lines = [*TO_THE_DECISION, "decide posture stand_down", "undo", "decide posture engage", "advance T+5d", "end"]
    (row,) = odds_rows(tmp_path, monkeypatch, lines)
    before, after = row.split("|")[2].strip().split(" → ")
    assert before != "—"
    assert after != "—"
