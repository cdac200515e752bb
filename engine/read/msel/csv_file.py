"""CSV sheets: UTF-8 with or without a byte-order mark, ``,`` or ``;`` between fields.

Read line by line, never whole. A row is a record (a field in quotes may span lines), so
``msel.csv:C14`` is the 14th record, the row a spreadsheet program shows.
"""

import codecs
import csv
import os
from collections.abc import Iterator
from typing import BinaryIO

from engine.errors import InputError, Mark
from engine.read.msel.cells import MAX_SHEET_BYTES, SheetCell, SheetRow, unguarded
from engine.read.safe_open import open_regular


class CsvSheet:
    """A CSV file as one sheet."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = os.path.basename(path)
        self.prefix = f"{path}:"
        self._file: BinaryIO = open_regular(path, limit=MAX_SHEET_BYTES, what="a CSV file")

    def rows(self) -> Iterator[SheetRow]:
        """Records with a non-empty field, as rows; field text unguarded (``msel_cells``)."""
        lines = self._lines()
        first = next(lines, None)
        if first is None:
            return
        reader = csv.reader(_chain(first, lines), delimiter=delimiter(first), strict=True)
        try:
            for number, record in enumerate(reader, start=1):
                cells = tuple(SheetCell(i, unguarded(v)) for i, v in enumerate(record, start=1) if v.strip())
                if cells:
                    yield SheetRow(number, cells)
        except csv.Error as exc:
            raise InputError.at(Mark(self.path, reader.line_num, 1), f"malformed CSV: {exc}") from None

    def _lines(self) -> Iterator[str]:
        for number, raw in enumerate(self._file, start=1):
            line = _without_bom(self.path, raw) if number == 1 else raw
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError.at(Mark(self.path, number, exc.start + 1), _not_utf8(line, exc)) from None

    def merged(self) -> list[str]:
        """A CSV file has no merged cells."""
        return []

    def close(self) -> None:
        """Close the file."""
        self._file.close()


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _without_bom(path: str, raw: bytes) -> bytes:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError.at(Mark(path, 1, 1), "UTF-16 text: save the sheet as 'CSV UTF-8'")
    return raw.removeprefix(codecs.BOM_UTF8)


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    around = raw[max(0, exc.start - 12): exc.start + 12].decode("cp1252", errors="replace").strip()
    return (f"not UTF-8 text (byte 0x{raw[exc.start]:02X} in '{around}', likely Windows-1252 or "
            "Latin-1): save the sheet as 'CSV UTF-8'")


def delimiter(header: str) -> str:
    """``;`` when the header line has more semicolons than commas (spreadsheet programs
    write ``;`` where the comma is the decimal separator), else ``,``."""
    return ";" if header.count(";") > header.count(",") else ","
