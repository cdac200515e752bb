"""Reading input files safely: regular files only, never more than a size limit.

Every file accord reads (packs, scenarios, journals, ``results.json``, ``run.json``, the
committed reports it compares, and spreadsheets when they come) goes through ``read_bytes``
or ``read_text``:

- only a regular file is read: a folder, a device (``/dev/zero``, ``/dev/stdin``), a named
  pipe or a socket given as a file is refused before a byte is read (a pipe is opened
  without waiting for a writer);
- the size limit holds while reading, not only from the size the file reports (``/proc``
  files report 0; a file may grow while it is read);
- errors are ``InputError`` at ``path:1:1`` that name the problem and never quote the
  file's content.

Every file read is remembered (its device and inode) for the command under way, so that
what accord writes never replaces one of its own inputs (``render/output.py`` asks
``is_input``): ``accord msel drill.yaml --out drill.yaml`` once replaced the scenario with
its MSEL. The command line forgets them when a command starts (``forget_inputs``).

A reader that streams its file (the spreadsheet MSEL import: CSV row by row, XLSX parts
from the ZIP) opens it with ``open_regular`` (same checks, the size limit at opening), or
checks the path with ``not_readable`` before a library opens it by name.
"""

import os
import stat
from typing import BinaryIO

from engine.errors import InputError, Mark

MAX_BYTES = 10 * 1024 * 1024  # packs, scenarios and journals: far above any real one
_CHUNK = 1 << 20
# Opening a named pipe for reading waits for a writer unless O_NONBLOCK; regular files ignore it.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


_INPUTS: set[tuple[int, int]] = set()  # (st_dev, st_ino) of every file read by the command


def forget_inputs() -> None:
    """Start a new command: no file has been read yet."""
    _INPUTS.clear()


def is_input(st: os.stat_result) -> bool:
    """Whether the file of ``st`` was read by the command under way."""
    return (st.st_dev, st.st_ino) in _INPUTS


def too_large(size: int, limit: int) -> str:
    """The message for a file over ``limit`` bytes (``size``: what was found, at least)."""
    return f"file too large ({size / 1024 / 1024:.1f} MB; the limit is {limit / 1024 / 1024:g} MB)"


def read_bytes(path: str, *, limit: int = MAX_BYTES, what: str = "a file") -> bytes:
    """The content of the regular file at ``path``, at most ``limit`` bytes.

    ``what`` names the expected kind of file in messages ("a YAML file", "a journal").
    Raises InputError (at ``path:1:1``) for a missing, unreadable, non-regular or too large file.
    """
    fd = _open(path, what)
    try:
        _check_kind(path, os.fstat(fd), limit, what)
        return _read_limited(path, fd, limit)
    finally:
        os.close(fd)


def _open(path: str, what: str) -> int:
    """A descriptor of ``path`` opened for reading (a named pipe without waiting for a writer);
    InputError at ``path:1:1`` if it cannot be."""
    try:
        return os.open(path, _FLAGS)
    except FileNotFoundError:
        raise InputError.at(Mark(path, 1, 1), "file not found") from None
    except IsADirectoryError:
        raise InputError.at(Mark(path, 1, 1), f"is a folder, expected {what}") from None
    except OSError as exc:
        raise InputError.at(Mark(path, 1, 1), f"cannot read: {exc.strerror or exc}") from None


def open_regular(path: str, *, limit: int, what: str = "a file") -> BinaryIO:
    """The regular file at ``path`` opened for reading in binary, for a reader that streams
    it (a CSV sheet read row by row); refused like ``read_bytes`` when it is not a regular
    file or is over ``limit`` bytes. The caller closes it."""
    fd = _open(path, what)
    try:
        _check_kind(path, os.fstat(fd), limit, what)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_text(path: str, *, limit: int = MAX_BYTES, what: str = "a file") -> str:
    """``read_bytes`` as text (``text_of``); InputError if it is not UTF-8."""
    data = read_bytes(path, limit=limit, what=what)
    try:
        return text_of(data)
    except UnicodeDecodeError as exc:
        raise InputError.at(Mark(path, 1, 1), f"not UTF-8 text ({exc.reason})") from None


def text_of(data: bytes) -> str:
    """Bytes decoded as UTF-8 (UnicodeDecodeError if they are not), line ends made ``\\n``
    as ``open()`` in text mode reads them."""
    text = data.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def not_readable(path: str, what: str = "a file") -> str | None:
    """Why ``path`` cannot be read as ``what`` without opening it (missing, a folder, not a
    regular file), or None. For a place in another file to report before reading."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "file not found"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode):
        return f"is a folder, expected {what}"
    if not stat.S_ISREG(st.st_mode):
        return f"is a {_kind(st.st_mode)}, not a regular file: accord reads only regular files (expected {what})"
    _INPUTS.add((st.st_dev, st.st_ino))  # a library is about to read it by name
    return None


def _check_kind(path: str, st: os.stat_result, limit: int, what: str) -> None:
    _INPUTS.add((st.st_dev, st.st_ino))
    if stat.S_ISDIR(st.st_mode):
        raise InputError.at(Mark(path, 1, 1), f"is a folder, expected {what}")
    if not stat.S_ISREG(st.st_mode):
        raise InputError.at(Mark(path, 1, 1), f"is a {_kind(st.st_mode)}, not a regular file: "
                                              f"accord reads only regular files (expected {what})")
    if st.st_size > limit:  # refused unread
        raise InputError.at(Mark(path, 1, 1), too_large(st.st_size, limit))


def _read_limited(path: str, fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = os.read(fd, _CHUNK)
        except OSError as exc:
            raise InputError.at(Mark(path, 1, 1), f"cannot read: {exc.strerror or exc}") from None
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:  # a file that reported a smaller size, or grows while it is read
            raise InputError.at(Mark(path, 1, 1), too_large(total, limit))
        chunks.append(chunk)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"
