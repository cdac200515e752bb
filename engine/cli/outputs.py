"""Where a command's output goes: ``-`` is standard output, any other path a file written by
``engine.render.output`` (replaced atomically, or straight to a device or pipe; links refused)."""

import argparse
import sys

from engine.errors import UsageError
from engine.render.output import BINARY_TO_TERMINAL, write_file

STDOUT = "-"


def write_or_print(path: str, content: str | bytes) -> None:
    """Write ``content`` to ``path`` and say so, or to standard output for ``-``. Bytes are
    binary (a workbook; text is passed as str): UsageError if they would go to a terminal,
    standard output or a path (OutputError from ``engine.render.output``)."""
    if path == STDOUT:
        if isinstance(content, bytes) and sys.stdout.isatty():
            raise UsageError(f"standard output {BINARY_TO_TERMINAL}")
        sys.stdout.flush()
        # Bytes, so a BOM and CRLF line ends reach a redirected file exactly as written.
        sys.stdout.buffer.write(content.encode("utf-8") if isinstance(content, str) else content)
        sys.stdout.buffer.flush()
        return
    print(f"wrote {write_file(path, content)}")


def folder(text: str) -> str:
    """An argparse type for ``--out DIR``: a folder, so not ``-`` (several files are written)."""
    if text == STDOUT:
        raise argparse.ArgumentTypeError("this command writes several files: give a folder, not -")
    if not text:
        raise argparse.ArgumentTypeError("give a folder")
    return text
