"""`accord msel SCENARIO --format xlsx|csv|md --profile P`: a platform's columns, a workbook
people can read, a CSV no spreadsheet runs as formulas, the same bytes every time."""

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import DATA, write
from msel_helpers import PACK

from engine.cli import main
from engine.read.msel.cells import unguarded

SCENARIO = """\
scenario: export_test
title: Export test
rules: [pack.yaml]
start: 2026-03-02T08:00:00Z
until: 3d
injects:
  - id: I-2
    at: T+1d2h5m
    event: alert
    with: {level: high, count: 3}
    by: alpha
    title: Alarm
    narrative: "=HYPERLINK(\\"http://example.com\\", \\"click\\")"
    to: [Bravo, Charlie]
    from: "+33 1 23 45 67 89"
    expected_response: "-5 points if late"
    notes: "@controller check"
    meta: {msel: {Inject Mode: Phone}}
  - id: I-1
    at: T+0
    event: briefing
    title: Start
    narrative: |
      First line.
      Second line.
"""


@pytest.fixture
def scenario(tmp_path: Path) -> str:
    write(tmp_path, "pack.yaml", PACK)
    return write(tmp_path, "s.yaml", SCENARIO)


def export(tmp_path: Path, scenario: str, profile: str, fmt: str) -> Path:
    out = tmp_path / f"msel.{fmt}"
    assert main(["msel", scenario, "--profile", profile, "--format", fmt, "--out", str(out)]) == 0
    return out


def csv_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_in_hseep_columns_in_play_order(tmp_path, scenario):
    """HSEEP's ten columns, then Accord columns for what HSEEP cannot hold; rows in time order."""
    rows = csv_rows(export(tmp_path, scenario, "hseep", "csv"))
    assert rows[0] == ["Event Number", "Designated Scenario Time", "Event Type", "Inject Mode", "From", "To", "Message",
                       "Expected Participant Response", "Exercise Objective", "Notes",
                       "Accord Title", "Accord By", "Accord Event", "Accord Payload"]
    assert [r[:3] for r in rows[1:]] == [["I-1", "T+0", "Inject"], ["I-2", "T+1d2h5m", "Inject"]]
    assert rows[2][3] == "Phone"  # a column accord has no field for, from meta.msel
    assert rows[2][10:] == ["Alarm", "alpha", "alert", "level: high, count: 3"]


def test_csv_cells_never_start_a_formula(tmp_path, scenario):
    """Cells that a spreadsheet would run (=, +, -, @) get an apostrophe."""
    out = export(tmp_path, scenario, "hseep", "csv")
    rows = csv_rows(out)
    assert rows[2][4] == "'+33 1 23 45 67 89"
    assert rows[2][6] == "'=HYPERLINK(\"http://example.com\", \"click\")"
    assert rows[2][7] == "'-5 points if late"
    assert rows[2][9] == "'@controller check"
    assert all(not c or c[0] not in "=+-@\t\r" for r in rows for c in r)


@pytest.mark.parametrize(("profile", "times"), [
    ("hseep", ["T+0", "T+1d2h5m"]),
    ("blueprint", ["+ 00:00:00", "+ 1 02:05:00"]),
    ("openaev", ["D+0 H+0 M+0", "D+1 H+2 M+5"]),
    ("conducttr", ["00:00", "26:05"]),
])
def test_each_profile_writes_times_in_its_platforms_notation(tmp_path, scenario, profile, times):
    """T+ for HSEEP, Blueprint's '+ d hh:mm:ss', OpenAEV's D+ H+ M+, Conducttr's elapsed clock."""
    rows = csv_rows(export(tmp_path, scenario, profile, "csv"))
    col = next(i for i, h in enumerate(rows[0]) if h in ("Designated Scenario Time", "Delivery Time", "Timeline", "Time"))
    assert [unguarded(r[col]) for r in rows[1:]] == times  # '+ 00:00:00' has an apostrophe before it


def test_the_workbook_is_styled_frozen_sized_and_wrapped(tmp_path, scenario):
    """Bold header on a fill, header row frozen, columns sized, long text wrapped."""
    wb = openpyxl.load_workbook(export(tmp_path, scenario, "hseep", "xlsx"))
    ws = wb["MSEL"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    assert ws["A1"].fill.fgColor.rgb.endswith("1F4E78")
    assert ws["G2"].alignment.wrap_text
    assert ws["G2"].value == "First line.\nSecond line."
    assert ws.column_dimensions["G"].width == len(ws["G3"].value) + 2  # the longest line, and a margin
    assert 8 <= ws.column_dimensions["A"].width <= 60


def test_workbook_text_is_never_a_formula(tmp_path, scenario):
    """A narrative starting with '=' is a text cell (quote-prefixed, as Excel marks typed text)."""
    path = export(tmp_path, scenario, "hseep", "xlsx")
    ws = openpyxl.load_workbook(path)["MSEL"]
    cell = ws["G3"]
    assert (cell.data_type, cell.value) == ("s", "=HYPERLINK(\"http://example.com\", \"click\")")
    assert cell.quotePrefix
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


def test_exports_are_byte_identical(tmp_path, scenario):
    """Same scenario, same bytes: no dates of the day in the workbook or its ZIP."""
    first = export(tmp_path, scenario, "openaev", "xlsx").read_bytes()
    second = export(tmp_path, scenario, "openaev", "xlsx").read_bytes()
    assert first == second
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_markdown_table(tmp_path, scenario):
    """The same sheet as a Markdown table, cells made safe."""
    text = export(tmp_path, scenario, "conducttr", "md").read_text()
    assert text.startswith("# MSEL — Export test\n\n| Number | Time | From |")
    assert "| I-1 | 00:00 |" in text


def test_accord_columns_only_when_used(tmp_path):
    """A profile gets the Accord columns it needs and no empty ones."""
    write(tmp_path, "pack.yaml", PACK)
    path = write(tmp_path, "s.yaml", "scenario: s\nrules: [pack.yaml]\nuntil: 1d\n"
                 "injects: [{id: '1', at: T+0, event: briefing, title: Go}]\n")
    rows = csv_rows(export(tmp_path, path, "conducttr", "csv"))
    assert rows[0][-1] == "Accord Event"
    assert "Accord Payload" not in rows[0]
    assert "Accord Title" not in rows[0]  # Conducttr's Subject holds the title


def test_without_a_profile_the_classic_msel_is_unchanged(tmp_path, scenario, capsys):
    """`accord msel SCENARIO` still writes accord's own MSEL columns."""
    assert main(["msel", scenario]) == 0
    assert capsys.readouterr().out.startswith("\ufeffEvent No.,Designated Scenario Time,Event Type,")


def test_the_format_follows_the_out_extension(tmp_path):
    """--out x.xlsx without --format writes a workbook (it once wrote CSV text into x.xlsx)."""
    out = tmp_path / "x.xlsx"
    assert main(["msel", str(DATA / "attack_day_ten.yaml"), "--profile", "hseep", "--out", str(out)]) == 0
    assert zipfile.is_zipfile(out)


def test_a_format_that_contradicts_the_extension_is_a_usage_error(tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    assert main(["msel", str(DATA / "attack_day_ten.yaml"), "--format", "csv", "--out", str(out)]) == 2
    assert "--out" in capsys.readouterr().err
    assert not out.exists()
