"""The optional per-run file of a sweep (``--per-run runs.csv``): one row per replication.

Rows are streamed to a temporary file (``output.stage``) while the sweep runs; the file is
put in place together with the sweep's other files, in the same all-or-nothing step
(``output.write_paths``), so an interrupted or failed sweep leaves no per-run file behind,
and a finished one never leaves a per-run file without its sweep. In accord's one CSV
dialect (``render/csv_file.py``: UTF-8 with a BOM, CRLF, every cell through ``cells.safe_cell``).
"""

import contextlib
import os
from types import TracebackType
from typing import IO

from engine.errors import OutputError
from engine.render.csv_file import CsvRows
from engine.render.output import Staged, discard, stage


class PerRunFile:
    """A CSV written to a staged temporary: ``write`` rows inside the ``with`` block, then hand
    ``staged`` to ``write_paths`` (a failed or interrupted block removes the temporary)."""

    def __init__(self, path: str, header: list[str]) -> None:
        self.path = path
        try:
            fd, temp = stage(path)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write the per-run file: {exc.strerror or exc}") from exc
        self.staged = Staged(temp)
        self.file: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.writer = CsvRows(self.file)
        self.writer.row(header)

    def write(self, rows: list[list[str | int | float | None]]) -> None:
        """Append rows (None is written as an empty cell). The first cell names the variant;
        the base's (empty) is written ``base``, as every table calls it."""
        self.writer.rows([row[0] or "base", *row[1:]] for row in rows)

    def __enter__(self) -> "PerRunFile":
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
        except OSError as err:
            discard(self.staged)
            if kind is None:
                raise OutputError(f"{self.path}: cannot write the per-run file: {err.strerror or err}") from err
            return
        if kind is not None:
            discard(self.staged)

    def abandon(self) -> None:
        """Remove the temporary (the sweep's files could not be written)."""
        with contextlib.suppress(OSError):
            self.file.close()
        discard(self.staged)
