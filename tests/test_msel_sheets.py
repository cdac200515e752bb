"""Reading spreadsheets row by row: XLSX (formulas, dates, merges, damage) and CSV (BOM,
delimiters, encodings), each problem at its cell."""

import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from msel_helpers import write_big_xlsx, write_csv, write_xlsx

from engine.errors import InputError
from engine.read.msel.cells import CellMark, guarded, unguarded
from engine.read.msel.sheets import open_sheet
from engine.render.cells import safe_cell

DATA = Path(__file__).parent / "data" / "msel"


def rows_of(path: str, sheet: str | None = None) -> list[tuple[int, list[tuple[int, object, str | None]]]]:
    s = open_sheet(path, sheet)
    try:
        return [(r.number, [(c.col, c.value, c.problem) for c in r.cells]) for r in s.rows()]
    finally:
        s.close()


def error_of(path: str, sheet: str | None = None) -> str:
    with pytest.raises(InputError) as exc:
        rows_of(path, sheet)
    return str(exc.value)


def test_xlsx_rows_skip_empty_cells_and_rows(tmp_path):
    """Rows come with their spreadsheet numbers; empty cells and rows are left out."""
    path = write_xlsx(tmp_path / "m.xlsx", [["a", None, "c"], [], [None, 2]])
    assert rows_of(path) == [(1, [(1, "a", None), (3, "c", None)]), (3, [(2, 2, None)])]


def test_a_formula_gives_its_saved_value(tmp_path):
    """A formula cell reads as the value the spreadsheet saved; the formula is not evaluated."""
    path = write_xlsx(tmp_path / "m.xlsx", [["x", "=1+1"]], cached={"B1": "T+2h"})
    assert rows_of(path) == [(1, [(1, "x", None), (2, "T+2h", None)])]


def test_a_formula_without_a_saved_value_is_a_problem_at_its_cell(tmp_path):
    """A formula saved without its value (written by a script) is reported, not guessed."""
    path = write_xlsx(tmp_path / "m.xlsx", [["x", "=A1&\"1\""]])
    ((_, cells),) = rows_of(path)
    assert cells[1][:2] == (2, None)
    assert "formula =A1&\"1\" has no saved value" in (cells[1][2] or "")


def test_an_error_value_is_a_problem(tmp_path):
    """A cell holding #REF! (a broken formula's saved result) says so."""
    path = write_xlsx(tmp_path / "m.xlsx", [["=Z0"]], cached={"A1": "#REF!"})
    ((_, cells),) = rows_of(path)
    assert cells[0][2] == "the cell holds the error #REF! (formula =Z0)"


def test_date_and_time_cells_read_as_dates_and_times(tmp_path):
    """A date cell is a datetime, a time cell a time, not a serial number."""
    path = write_xlsx(tmp_path / "m.xlsx", [[datetime(2026, 3, 2, 9, 5), datetime(2026, 3, 2).time()]])
    ((_, cells),) = rows_of(path)
    assert cells[0][1] == datetime(2026, 3, 2, 9, 5)


def test_merged_ranges_are_known_after_the_rows(tmp_path):
    """Merged ranges come from the end of the sheet, once its rows are read."""
    path = write_xlsx(tmp_path / "m.xlsx", [["title"], ["a", "b"]], merge=["A1:C1"])
    s = open_sheet(path)
    list(s.rows())
    assert s.merged() == ["A1:C1"]
    s.close()


def test_the_first_sheet_unless_named(tmp_path):
    """Without --sheet the first sheet is read; a named one is found."""
    path = write_xlsx(tmp_path / "m.xlsx", [["a"]], sheet="Feuille 1")
    assert rows_of(path) == rows_of(path, "Feuille 1") == [(1, [(1, "a", None)])]
    s = open_sheet(path)
    assert s.prefix == f"{path}:'Feuille 1'!"
    s.close()


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path):
    """A misspelt sheet: the error at the file says which sheets exist."""
    path = write_xlsx(tmp_path / "m.xlsx", [["a"]], sheet="MSEL")
    assert error_of(path, "MSL") == f"{path}: error: no sheet 'MSL' (did you mean 'MSEL'?) (sheets: MSEL)"


def test_a_password_protected_workbook_is_refused_with_what_to_do():
    """An encrypted workbook (an OLE compound file, not a ZIP) is named as such."""
    path = str(DATA / "encrypted.xlsx")
    message = error_of(path)
    assert message.startswith(f"{path}: error: the workbook is password-protected")
    assert "remove the password" in message


def test_an_old_binary_workbook_is_refused(tmp_path):
    """An OLE compound file with no encrypted package is a legacy .xls: save it as .xlsx."""
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le"))
    assert "old binary Excel workbook (.xls)" in error_of(str(path))


@pytest.mark.parametrize(("content", "wanted"), [
    (b"this is not a zip", "damaged workbook"),
    (b"PK\x03\x04truncated", "damaged workbook"),
])
def test_a_damaged_workbook_is_one_error_not_a_traceback(tmp_path, content, wanted):
    """Bytes that are not a workbook: one error at the file."""
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    assert wanted in error_of(str(path))


def test_a_zip_that_is_not_a_workbook(tmp_path):
    """A valid ZIP without a workbook inside is damaged too."""
    path = tmp_path / "z.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "damaged workbook" in error_of(str(path))


def test_a_damaged_sheet_inside_a_good_package(tmp_path):
    """Broken XML in the worksheet is reported at the sheet."""
    path = write_xlsx(tmp_path / "m.xlsx", [["a"]])
    src = zipfile.ZipFile(path)
    parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-40]
    with zipfile.ZipFile(path, "w") as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    assert error_of(path).startswith(f"{path}:MSEL: error: damaged worksheet")


def test_csv_with_bom_semicolons_and_quoted_line_breaks(tmp_path):
    """UTF-8 with a BOM, `;` between fields, a quoted field over two lines: record numbers are rows."""
    path = write_csv(tmp_path / "m.csv", [["Event Number", "Message"], ["1", "two\nlines"], ["2", "é"]],
                     delimiter=";", bom=True)
    assert rows_of(path) == [(1, [(1, "Event Number", None), (2, "Message", None)]),
                             (2, [(1, "1", None), (2, "two\nlines", None)]), (3, [(1, "2", None), (2, "é", None)])]


def test_csv_in_another_encoding_is_refused_at_its_line(tmp_path):
    """Windows-1252 text (é as byte E9) is not UTF-8: the error is at the line and column."""
    path = write_csv(tmp_path / "m.csv", [["Event Number", "Message"], ["1", "Café"]], encoding="cp1252")
    message = error_of(path)
    assert message.startswith(f"{path}:2:6: error: not UTF-8 text (byte 0xE9")
    assert "save the sheet as 'CSV UTF-8'" in message


def test_utf16_csv_is_refused(tmp_path):
    """A UTF-16 file (what some spreadsheet programs call 'Unicode text')."""
    path = tmp_path / "m.csv"
    path.write_bytes("\ufeffEvent Number,Message\r\n".encode("utf-16-le"))
    assert "UTF-16 text" in error_of(str(path))


def test_a_csv_file_has_no_sheets(tmp_path):
    """--sheet with a CSV file is a mistake worth saying."""
    path = write_csv(tmp_path / "m.csv", [["a"]])
    assert "a CSV file has no sheets" in error_of(path, "MSEL")


def test_the_guard_round_trips_every_text():
    """safe_cell puts an apostrophe before formula starts, and only there; reading takes it away."""
    for text in ["=1+2", "+33 1 23", "-5", "@SUM(A1)", "\tx", "\rx", "\nx", "＝1", "'=x", "''=x", "plain", "'tis", ""]:
        cell = safe_cell(text)
        assert unguarded(cell) == text
        assert guarded(cell) == guarded(text) or cell == text
        assert not cell or cell[0] not in "=+-@\t\r\n"


def test_cell_marks_read_as_spreadsheets_name_cells():
    """C14 of sheet MSEL, a whole row, a whole file."""
    assert str(CellMark("m.xlsx:MSEL!", 14, 3)) == "m.xlsx:MSEL!C14"
    assert str(CellMark("m.xlsx:MSEL!", 2, 0)) == "m.xlsx:MSEL!2:2"
    assert str(CellMark("m.csv:", 7, 28)) == "m.csv:AB7"
    assert str(CellMark("m.xlsx", 0, 0)) == "m.xlsx"


def test_a_large_sheet_is_streamed(tmp_path):
    """The first 2,000 rows of a million-row sheet cost well under 4 MB: rows come one at a
    time and nothing is loaded whole (loaded, a million rows would take hundreds of MB)."""
    path = write_big_xlsx(tmp_path / "big.xlsx", ["Designated Scenario Time", "Message"], ["T+0", "m"], 1_000_000)
    tracemalloc.start()
    s = open_sheet(path)
    for n, _ in enumerate(s.rows(), start=1):
        if n == 2_000:
            break
    s.close()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 * 1024 * 1024
