"""XLSX worksheets streamed with openpyxl; formulas are never evaluated.

openpyxl's public read-only API shows a formula saved without a value as an empty cell and
hides merged cells; both matter here (a silently empty time, a merged header), so rows come
from openpyxl's worksheet parser through a subclass that also notes formulas. That parser
(``openpyxl.worksheet._reader``) and the workbook reader are openpyxl's private API: the
dependency is pinned to 3.1 and ``tests/test_msel_sheets.py`` covers what is used.
"""

import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import coordinate_to_tuple
from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from engine.errors import InputError
from engine.read.msel.cells import CellMark, SheetCell, SheetRow, unguarded

# A part of the workbook larger than this, uncompressed, is refused unread (a ZIP bomb, or a
# sheet nobody edits by hand). The shared strings are read whole (text cells point into
# them), so their limit is lower.
MAX_PART_BYTES = 512 * 1024 * 1024
MAX_STRINGS_BYTES = 64 * 1024 * 1024
# What openpyxl raises on a damaged package or sheet: ZIP, XML and value errors.
_PLAIN_INLINE = f"{INLINE_STRING}/{{{SHEET_MAIN_NS}}}t"  # <is><t>text</t></is>, not rich-text runs
DAMAGE = (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, TypeError, SyntaxError)


class _Book(ExcelReader):
    """openpyxl's workbook reader minus its pass over every sheet at open: in read-only mode
    it measures each sheet, parsing one without a ``<dimension>`` element to its end (30 s
    for a million rows). Here only the chosen sheet is read, once."""

    sheets: dict[str, str]

    def read_worksheets(self) -> None:
        self.sheets = {s.name: rel.target for s, rel in self.parser.find_sheets()
                       if rel.target in self.valid_files and "chartsheet" not in rel.Type}


class _Parser(WorkSheetParser):
    """openpyxl's streaming sheet parser, noting each formula cell's formula, and reading a
    plain inline string (what openpyxl writes) without building openpyxl's rich-text objects."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        if element.get("t") == "inlineStr" and (text := element.find(_PLAIN_INLINE)) is not None:
            coordinate = element.get("r")
            if coordinate:  # as openpyxl counts cells: by reference, else one after the last
                row, self.col_counter = coordinate_to_tuple(coordinate)
            else:
                self.col_counter += 1
                row = self.row_counter
            return {"row": row, "column": self.col_counter, "value": text.text or "", "data_type": "s",
                    "style_id": 0, "formula": None}
        cell: dict[str, Any] = super().parse_cell(element)
        f = element.find(FORMULA_TAG)
        cell["formula"] = None if f is None else "=" + (f.text or "")
        return cell


class XlsxSheet:
    """One worksheet of an XLSX workbook."""

    def __init__(self, path: str, name: str, book: _Book) -> None:
        self.path = path
        self.name = name
        self.prefix = f"{path}:{quoted_sheet(name)}!"
        self._book = book
        self._merged: list[str] = []

    @classmethod
    def open(cls, path: str, name: str | None) -> "XlsxSheet":
        """The sheet ``name`` (default: the first) of the workbook at ``path``."""
        check_package(path)
        book = _load(path)
        names = list(book.sheets)
        chosen = name if name is not None else (names[0] if names else "")
        if chosen not in names:
            book.archive.close()
            raise unknown_sheet(path, chosen, names)
        return cls(path, chosen, book)

    def rows(self) -> Iterator[SheetRow]:
        """Non-empty rows; a formula cell gives the value saved with it."""
        wb = self._book.wb
        with self._book.archive.open(self._book.sheets[self.name]) as src, warnings.catch_warnings():
            # openpyxl warns (and makes the cell #VALUE!) for a date outside the calendar; the
            # cell's problem says so where it matters.
            warnings.simplefilter("ignore")
            parser = _Parser(src, self._book.shared_strings, data_only=True, epoch=wb.epoch,
                             date_formats=getattr(wb, "_date_formats", set()),  # the styles' date formats
                             timedelta_formats=getattr(wb, "_timedelta_formats", set()))
            try:
                for number, cells in parser.parse():
                    row = _row(number, cells)
                    if row is not None:
                        yield row
            except DAMAGE as exc:
                raise InputError.at(CellMark(self.prefix, 0, 0), f"damaged worksheet: {exc}") from None
            if parser.merged_cells is not None:
                self._merged = [str(m.ref) for m in parser.merged_cells.mergeCell]

    def merged(self) -> list[str]:
        """Merged ranges, known once the rows have been read."""
        return list(self._merged)

    def close(self) -> None:
        """Close the workbook file."""
        self._book.archive.close()


def _row(number: int, cells: list[dict[str, Any]]) -> SheetRow | None:
    out = [SheetCell(c["column"], _text(c["value"]), _problem(c)) for c in cells
           if c["value"] is not None or c["formula"] is not None]
    return SheetRow(number, tuple(out)) if out else None


def _text(value: Any) -> Any:
    return unguarded(value) if isinstance(value, str) else value


def _problem(cell: dict[str, Any]) -> str | None:
    formula = cell["formula"]
    if cell["data_type"] == "e":
        return f"the cell holds the error {cell['value']}" + (f" (formula {formula})" if formula else "")
    if formula is not None and cell["value"] is None:
        return (f"formula {formula} has no saved value (accord never evaluates formulas): open and save "
                "the workbook in a spreadsheet program, or type the value")
    return None


def quoted_sheet(name: str) -> str:
    """A sheet name as formulas write it: ``MSEL``, ``'Feuille 1'``."""
    return name if name.replace("_", "").isalnum() else "'" + name.replace("'", "''") + "'"


def unknown_sheet(path: str, name: str, names: list[str]) -> InputError:
    """No sheet ``name``: the error names the sheets there are."""
    from engine.read.suggest import did_you_mean  # noqa: PLC0415

    if not names:
        return InputError.at(CellMark(path, 0, 0), "the workbook has no worksheet")
    listed = ", ".join(names)
    return InputError.at(CellMark(path, 0, 0), f"no sheet '{name}'{did_you_mean(name, names)} (sheets: {listed})")


def check_package(path: str) -> None:
    """Refuse a damaged ZIP, or one whose parts unpack beyond the limits, before reading it."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError.at(CellMark(path, 0, 0), f"damaged workbook: {exc}") from None
    for part in parts:
        limit = MAX_STRINGS_BYTES if part.filename.endswith("sharedStrings.xml") else MAX_PART_BYTES
        if part.file_size > limit:
            raise InputError.at(CellMark(path, 0, 0), f"workbook part {part.filename} unpacks to "
                                f"{part.file_size >> 20} MB: over the {limit >> 20} MB accord reads")


def _load(path: str) -> _Book:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on workbook features it does not read
            book = _Book(path, read_only=True, data_only=True, keep_links=False)
            book.read()
            return book
    except DAMAGE as exc:
        raise InputError.at(CellMark(path, 0, 0), f"damaged workbook: {type(exc).__name__}: {exc}") from None
