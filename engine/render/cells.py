"""Spreadsheet cells that stay text: the guard against formula injection (CWE-1236).

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
line break as a formula (OWASP "CSV Injection"; ASVS 5.0 V1.2.10 adds NUL; full-width
forms in some locales). Every spreadsheet file accord writes passes its text cells through
``safe_cell``; the readers (``read/msel/cells.unguarded``) take exactly that apostrophe
away again, so the text survives a round trip. The character list lives with the readers.
"""

from collections.abc import Iterable

from engine.read.msel.cells import guarded


def safe_cell(text: str) -> str:
    """``text``, with an apostrophe before it when a spreadsheet would run it as a formula:
    ``=1+2`` → ``'=1+2``, ``-5`` → ``'-5``, ``'=x`` → ``''=x``; other text unchanged."""
    return "'" + text if guarded(text) else text


def safe_row(cells: Iterable[object]) -> list[str | int | float]:
    """A CSV row whose every text cell has been through ``safe_cell``: None → empty text,
    numbers (which accord computed: times, counts, seeds) kept as numbers, anything else as
    its text, guarded. Every CSV accord writes (msel.csv, events.csv, compare.csv, the sweep's
    per-run CSV) writes its rows, header included, through this."""
    return [c if isinstance(c, (int, float)) and not isinstance(c, bool) else safe_cell("" if c is None else str(c))
            for c in cells]
