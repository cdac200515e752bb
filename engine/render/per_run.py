"""The optional per-run file of a sweep (``--per-run runs.csv``): one row per replication.

Rows are streamed to a temporary file next to the target and renamed only when the sweep
has finished, so an interrupted or failed sweep leaves no half-written file.
"""

import contextlib
import csv
import os
import tempfile
from types import TracebackType
from typing import IO

from engine.errors import OutputError


class PerRunFile:
    """A CSV file written atomically: ``write`` rows, then leave the ``with`` block cleanly."""

    def __init__(self, path: str, header: list[str]) -> None:
        self.path = path
        folder = os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(folder, exist_ok=True)
            fd, self.temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write the per-run file: {exc.strerror or exc}") from exc
        self.file: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.file, lineterminator="\n")
        self.writer.writerow(header)

    def write(self, rows: list[list[str | int | float | None]]) -> None:
        """Append rows (None is written as an empty cell)."""
        self.writer.writerows([["" if c is None else c for c in row] for row in rows])

    def __enter__(self) -> "PerRunFile":
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.file.close()
        if kind is None:
            try:
                os.replace(self.temp, self.path)
                return
            except OSError as err:
                self._discard()
                raise OutputError(f"{self.path}: cannot write the per-run file: {err.strerror or err}") from err
        self._discard()

    def _discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.temp)
