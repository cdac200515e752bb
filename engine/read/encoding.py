"""Where a file stops being UTF-8, and what to do about it.

accord reads every file as UTF-8. A file saved in another encoding (Windows-1252 and
Latin-1 from older editors, UTF-16 from some Windows tools) is reported at the line and
column of its first byte that is not UTF-8, with the encoding to save it as.
"""

import codecs

from engine.errors import Diagnostic, Mark

_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SAVE = "save the file as UTF-8 (in most editors: Save As… → Encoding: UTF-8)"


def not_utf8(path: str, data: bytes) -> Diagnostic:
    """The diagnostic for ``data`` (the bytes of ``path``), which is not valid UTF-8."""
    if data.startswith(_UTF16):
        return Diagnostic(Mark(path, 1, 1), f"not UTF-8 text: the file is UTF-16; {_SAVE}")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _at(path, data, exc.start)
    return Diagnostic(Mark(path, 1, 1), f"not UTF-8 text; {_SAVE}")  # pragma: no cover - caller saw it fail


def _at(path: str, data: bytes, start: int) -> Diagnostic:
    line_start = data.rfind(b"\n", 0, start) + 1
    line = data.count(b"\n", 0, start) + 1
    col = len(data[line_start:start].decode("utf-8")) + 1  # characters, as editors count columns
    byte = data[start]
    guess = _as_windows_1252(byte)
    return Diagnostic(Mark(path, line, col), f"not UTF-8 text: byte 0x{byte:02X} here is not UTF-8{guess}; {_SAVE}")


def _as_windows_1252(byte: int) -> str:
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return f" (the file is probably Windows-1252 or Latin-1, where it is {char!r})"
