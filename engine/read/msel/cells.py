"""Cells of a spreadsheet MSEL: values, places (``msel.xlsx:MSEL!C14``) and the formula guard.

Shared by the CSV and XLSX readers, and by the exports (``render/cells.py``), which put an
apostrophe before a cell that a spreadsheet program would take for a formula; the readers
take exactly that apostrophe away again.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from engine.errors import Mark

CellValue = str | int | float | bool | datetime | date | time | timedelta | None

# Cells starting with one of these are formulas to a spreadsheet program: OWASP "CSV
# Injection" lists = + - @ tab CR LF; OWASP ASVS 5.0 V1.2.10 adds NUL; some locales also
# read the full-width forms as formula starts.
# A spreadsheet file larger than this on disk is refused unread (an XLSX's parts also have
# limits once unpacked, in xlsx_file); it is read only if it is a regular file (read/safe_open).
MAX_SHEET_BYTES = 256 * 1024 * 1024

FORMULA_STARTS = frozenset("=+-@\t\r\n\0＝＋－＠")


def guarded(text: str) -> bool:
    """Does an export put an apostrophe before ``text``? Yes when it starts with a formula
    character, or with apostrophes and then one (so that reading takes exactly one away)."""
    bare = text.lstrip("'")
    return bool(bare) and bare[0] in FORMULA_STARTS


def unguarded(text: str) -> str:
    """A cell's text as written before ``guarded`` export: one leading apostrophe less."""
    return text[1:] if text.startswith("'") and guarded(text[1:]) else text


class CellMark(Mark):
    """A cell, a row or a whole file: ``msel.xlsx:MSEL!C14``, ``msel.xlsx:MSEL!2:2``, ``msel.xlsx``.

    A Mark whose ``path`` is the place's prefix (``msel.xlsx:MSEL!``, ``msel.csv:``), ``line``
    the row and ``col`` the column (col 0: the whole row; line 0: the file), so diagnostics
    of sheets and of YAML files sort and print alike."""

    __slots__ = ()

    def __str__(self) -> str:
        if self.line == 0:
            return self.path.rstrip(":!")
        if self.col == 0:
            return f"{self.path}{self.line}:{self.line}"
        return f"{self.path}{column_letter(self.col)}{self.line}"


def cell_text(value: CellValue) -> str:
    """A cell's value as text: trimmed, whole numbers without ``.0``, dates in ISO-8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def column_letter(col: int) -> str:
    """1 → A, 27 → AA: a column as spreadsheets name it."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_position(ref: str) -> tuple[int, int]:
    """``B5`` → (row 5, column 2); the first cell of a range ``B5:D5``."""
    first = ref.split(":", maxsplit=1)[0]
    letters = first.rstrip("0123456789")
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return int(first[len(letters):]), col


@dataclass(frozen=True, slots=True)
class SheetCell:
    """A non-empty cell: its column (1-based), its value, and a problem reading it, if any
    (a formula saved without a value, an error value such as ``#REF!``)."""

    col: int
    value: CellValue
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class SheetRow:
    """A row with at least one non-empty cell; ``number`` as the spreadsheet shows it."""

    number: int
    cells: tuple[SheetCell, ...]


class Sheet(Protocol):
    """One worksheet, or a CSV file, read row by row."""

    @property
    def name(self) -> str:
        """The sheet's name (a CSV file's base name)."""
        ...

    @property
    def prefix(self) -> str:
        """The prefix of its cells' places: ``msel.xlsx:MSEL!`` or ``msel.csv:``."""
        ...

    def rows(self) -> Iterator[SheetRow]:
        """The non-empty rows, top to bottom, read as they are needed."""
        ...

    def merged(self) -> list[str]:
        """Merged ranges such as ``B5:D5``; complete once ``rows`` is exhausted."""
        ...

    def close(self) -> None:
        """Release the file."""
        ...
