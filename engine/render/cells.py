"""Spreadsheet cells that stay text: the guard against formula injection (CWE-1236).

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
line break as a formula (OWASP "CSV Injection"; ASVS 5.0 V1.2.10 adds NUL; full-width
forms in some locales). Every spreadsheet file accord writes passes its text cells through
``safe_cell``; the readers (``read/msel/cells.unguarded``) take exactly that apostrophe
away again, so the text survives a round trip. The character list lives with the readers.
"""

from engine.read.msel.cells import guarded


def safe_cell(text: str) -> str:
    """``text``, with an apostrophe before it when a spreadsheet would run it as a formula:
    ``=1+2`` → ``'=1+2``, ``-5`` → ``'-5``, ``'=x`` → ``''=x``; other text unchanged."""
    return "'" + text if guarded(text) else text
