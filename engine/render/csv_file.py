"""The one CSV dialect accord writes: ``events.csv``, ``msel.csv``, ``compare.csv``, the MSEL
exports (``msel --profile P --format csv``) and a sweep's per-run CSV.

UTF-8 starting with a byte-order mark, so spreadsheet programs read "−", "…" and accented
names with the right encoding (Excel takes a file without one for the local code page);
CRLF line ends, as RFC 4180 asks; commas; double quotes around a field only where it needs
them (a comma, a quote, a line break). Every row, header included, goes through
``cells.safe_row`` (no cell a spreadsheet would run as a formula).
"""

import csv
import io
from collections.abc import Iterable
from typing import IO

from engine.render.cells import safe_row

BOM = "\ufeff"


class CsvRows:
    """Rows written to a text file (opened with ``newline=""``) in accord's dialect; the BOM
    is written first."""

    def __init__(self, out: IO[str]) -> None:
        out.write(BOM)
        self._writer = csv.writer(out, lineterminator="\r\n")

    def row(self, cells: Iterable[object]) -> None:
        """One row (None is an empty cell; numbers stay numbers; text is guarded)."""
        self._writer.writerow(safe_row(cells))

    def rows(self, rows: Iterable[Iterable[object]]) -> None:
        """Several rows, as ``row``."""
        self._writer.writerows(safe_row(cells) for cells in rows)


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """The whole CSV text of ``rows`` (the header first), BOM included."""
    buf = io.StringIO()
    CsvRows(buf).rows(rows)
    return buf.getvalue()
