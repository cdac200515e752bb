"""Plain data (a scenario document) written as YAML text that accord reads back as written.

Block style, keys in the order given, short lists of scalars in flow style, multi-line
text as literal blocks, and a scalar quoted whenever a YAML reader could take it for
anything but the same text (numbers, booleans of YAML 1.1 and 1.2, dates, leading
indicators, control characters). Comments may be put above items (``comments``), e.g. the
spreadsheet cell an inject came from.
"""

import re
from collections.abc import Mapping
from typing import Any

Path = tuple[str | int, ...]

_PLAIN = re.compile(r"[A-Za-z0-9_./(\u00a0-\U0010ffff][^\n]*")
# Plain scalars some YAML reader (1.1 or 1.2) would not read as the same string.
_RESERVED = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false|null|~|[-+]?\.(inf|nan))"
    r"|[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+"
    r"|[-+]?(\.[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?"
)
_FLOW_WIDTH = 80
# Characters YAML cannot hold as they are (outside its printable set, or read as line
# breaks or a byte-order mark), and characters a plain scalar must not contain.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")
_NOT_PLAIN = re.compile(r"[\[\]{},\"'`|>&*!%@\t\n\r]|: | #|:$")


def dump(data: Mapping[str, Any], comments: Mapping[Path, str] | None = None, header: str = "") -> str:
    """``data`` as YAML text; ``comments[path]`` goes on its own line above that item."""
    out: list[str] = [f"# {line}".rstrip() for line in header.splitlines()]
    _mapping(data, 0, (), comments or {}, out)
    return "\n".join(out) + "\n"


def _mapping(data: Mapping[str, Any], indent: int, path: Path, comments: Mapping[Path, str], out: list[str]) -> None:
    pad = " " * indent
    for key, value in data.items():
        _comment(comments, (*path, key), pad, out)
        _entry(f"{pad}{scalar(key)}:", value, indent, (*path, key), comments, out)


def _entry(lead: str, value: Any, indent: int, path: Path, comments: Mapping[Path, str], out: list[str]) -> None:
    """``lead`` (``key:`` or ``-``) followed by ``value``, inline or in a block below."""
    inline = _inline(value, len(lead) + 1)
    if inline is not None:
        out.append(f"{lead} {inline}")
    elif isinstance(value, str):
        out.append(f"{lead} {_literal_head(value)}")
        out.extend(" " * (indent + 2) + line if line else "" for line in value.rstrip("\n").split("\n"))
    elif isinstance(value, Mapping):
        out.append(lead)
        _mapping(value, indent + 2, path, comments, out)
    else:
        out.append(lead)
        _sequence(value, indent + 2, path, comments, out)


def _sequence(items: list[Any], indent: int, path: Path, comments: Mapping[Path, str], out: list[str]) -> None:
    pad = " " * indent
    for i, item in enumerate(items):
        _comment(comments, (*path, i), pad, out)
        if isinstance(item, Mapping) and item:
            first = len(out)
            _mapping(item, indent + 2, (*path, i), comments, out)
            out[first] = pad + "- " + out[first][indent + 2:]
        else:
            _entry(f"{pad}-", item, indent, (*path, i), comments, out)


def _comment(comments: Mapping[Path, str], path: Path, pad: str, out: list[str]) -> None:
    if path in comments:
        out.extend(f"{pad}# {line}".rstrip() for line in comments[path].splitlines())


def _inline(value: Any, width: int) -> str | None:
    """The value on one line, or None when it needs a block."""
    if isinstance(value, str):
        return None if _literal_ok(value) else scalar(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = [f"{scalar(k)}: {scalar(v)}" for k, v in value.items() if _is_scalar(v)]
        text = "{" + ", ".join(items) + "}"
        return text if len(items) == len(value) and width + len(text) <= _FLOW_WIDTH else None
    if isinstance(value, list):
        if not value:
            return "[]"
        text = "[" + ", ".join(scalar(v) for v in value if _is_scalar(v)) + "]"
        return text if all(_is_scalar(v) for v in value) and width + len(text) <= _FLOW_WIDTH else None
    return scalar(value)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _literal_ok(text: str) -> bool:
    """Multi-line text that a literal block holds exactly (trailing newlines aside)."""
    body = text.rstrip("\n")
    return ("\n" in body and body.strip() != "" and len(text) - len(body) <= 1
            and "\r" not in body and _NOT_PRINTABLE.search(body) is None and not body.startswith("\n"))


def _literal_head(text: str) -> str:
    indicator = "2" if text[:1] in " \t" else ""
    return f"|{indicator}" + ("" if text.endswith("\n") else "-")


def scalar(value: Any) -> str:
    """One scalar as YAML: plain when it reads back as the same string, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return text if _plain_ok(text) else _quoted(text)


def _plain_ok(text: str) -> bool:
    return (
        _PLAIN.fullmatch(text) is not None
        and _RESERVED.fullmatch(text) is None
        and text == text.strip()
        and _NOT_PLAIN.search(text) is None
        and _NOT_PRINTABLE.search(text) is None
        # accord's reader joins a flow item with an open parenthesis to the next one
        # (``[pert(1d, 2d, 3d)]``), so such a text is quoted to read back alone
        and text.count("(") <= text.count(")")
    )


def _printable(c: str) -> bool:
    o = ord(c)
    return (0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000) and o not in (
        0x2028, 0x2029, 0xFEFF)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes, plus non-printables as \\u escapes)."""
    parts = []
    for c in text:
        if c in _ESCAPES:
            parts.append(_ESCAPES[c])
        elif _printable(c):
            parts.append(c)
        elif ord(c) <= 0xFFFF:
            parts.append(f"\\u{ord(c):04x}")
        else:
            parts.append(f"\\U{ord(c):08x}")
    return '"' + "".join(parts) + '"'
