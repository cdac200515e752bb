"""Dates at the calendar's limits (issue 11 item 7): every date or offset that leaves the range
the calendar can write (years 1 to 9999, in UTC) is an input error at its line (exit 2),
wherever a date is read or computed; the latest start allowed plays and renders."""

import json
import os

import pytest
from conftest import PACK, write

from engine.cli import main

HEAD = "scenario: s\nrules: [pack.yaml]\n"


def _validate(tmp_path, capsys, scenario: str) -> tuple[int, str]:
    write(tmp_path, "pack.yaml", PACK)
    path = write(tmp_path, "s.yaml", HEAD + scenario)
    code = main(["validate", path])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("scenario", "where", "message"), [
    # year 0 once moved to UTC (this was an OverflowError traceback, exit 1)
    ("start: 0001-01-01T00:00:00+01:00\nuntil: 5d\n", "s.yaml:3:8", "outside the calendar (years 1 to 9999 in UTC)"),
    ("start: 9999-12-31T23:59:59-01:00\nuntil: 5d\n", "s.yaml:3:8", "outside the calendar"),
    ("start: 9999-12-31T00:00:00Z\nuntil: 1d\n", "s.yaml:3:8", "start is too late"),
    ("start: 9850-01-01T00:00:00Z\nuntil: 5d\n", "s.yaml:3:8", "start is too late"),
    ("start: 0001-01-01T00:00:00Z\nuntil: 5d\ninjects: [{id: I, at: '0001-01-01T00:00:00+01:00', event: ping}]\n",
     "s.yaml:5:23", "outside the calendar"),
    ("until: 5d\ninjects: [{id: I, at: '9999-12-31T23:00:00-02:00', event: ping}]\n", "s.yaml:4:23", "outside the calendar"),
    ("until: 5d\ninjects: [{id: I, at: T+5300w, event: ping}]\n", "s.yaml:4:23", "longer than 100 years"),
    ("start: 2026-03-01T00:00:00.5Z\nuntil: 5d\n", "s.yaml:3:8", "a fraction of a second"),
])
def test_dates_outside_the_calendar_are_input_errors(tmp_path, capsys, scenario, where, message):
    """Exit 2 with `path:line:col: error:` and no traceback."""
    code, err = _validate(tmp_path, capsys, scenario)
    assert code == 2
    first = err.splitlines()[0]
    assert first.startswith(os.path.join(str(tmp_path), where) + ": error: "), first
    assert message in first
    assert "Traceback" not in err


def test_the_earliest_start_plays(tmp_path, capsys):
    """Year 1 in UTC is a valid start: the run plays, writes four-digit years (strftime's %Y
    writes year 1 as "1" on Linux) and is read back by `accord explain`."""
    write(tmp_path, "pack.yaml", PACK)
    path = write(tmp_path, "s.yaml", HEAD + "start: 0001-01-01T00:00:00Z\nuntil: 5d\n"
                 "injects: [{id: I, at: T+1d, event: go}]\n")
    out = tmp_path / "out"
    assert main(["run", path, "--out", str(out), "--format", "json,md,html,csv", "-q"]) == 0
    doc = json.loads((out / "results.json").read_text())
    assert (doc["start"], doc["events"][0]["at"]) == ("0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z")
    assert "T+1d (0001-01-02 00:00Z)" in (out / "msel.csv").read_text(encoding="utf-8-sig")
    capsys.readouterr()
    assert main(["explain", str(out / "results.json"), "1"]) == 0
    assert "0001-01-02 00:00Z" in capsys.readouterr().out


def test_a_late_start_plays_and_renders_every_date(tmp_path):
    """A start two centuries before the calendar's end (the margin kept for pending events) plays,
    and its reports write every instant, pending ones past the horizon included."""
    rules = "rules:\n  - {id: R, on: ping, then: [{emit: pong, after: 5200w}]}\n"
    write(tmp_path, "pack.yaml", PACK + rules)
    path = write(tmp_path, "s.yaml", HEAD + "start: 7790-01-01T00:00:00Z\nuntil: 100w\n"
                 "injects: [{id: I, at: T+1d, event: ping}]\n")
    out = tmp_path / "out"
    assert main(["run", path, "--out", str(out), "--format", "json,md,html,csv", "-q"]) == 0
    pending = json.loads((out / "results.json").read_text())["pending"]
    assert [p["type"] for p in pending] == ["pong"]
    assert "pong" in (out / "report.md").read_text()


def test_a_results_file_with_dates_outside_the_calendar_is_an_input_error(tmp_path, capsys):
    """`accord explain` on a results.json whose times leave the calendar: exit 2, no traceback."""
    write(tmp_path, "pack.yaml", PACK)
    path = write(tmp_path, "s.yaml", HEAD + "start: 9700-01-01T00:00:00Z\nuntil: 5d\n"
                 "injects: [{id: I, at: T+1d, event: ping}]\n")
    out = tmp_path / "out"
    assert main(["run", path, "--out", str(out), "--format", "json", "-q"]) == 0
    doc = json.loads((out / "results.json").read_text())
    doc["events"][0]["t"] = 1e9  # about 114,000 years
    (out / "results.json").write_text(json.dumps(doc))
    capsys.readouterr()
    assert main(["explain", str(out / "results.json"), "1"]) == 2
    err = capsys.readouterr().err
    assert "outside the calendar" in err
    assert "Traceback" not in err
