"""Markdown building blocks shared by the Markdown renderers: text from files made inert,
and tables.

Text that comes from a pack, a scenario, a journal or a facilitator (titles, descriptions,
narratives, names, notes, prompts, sources) is shown as text, never as markup: code-hosting
sites and Markdown viewers render inline HTML and follow links and images, so a scenario's
``<script>``, an image loading a remote URL (``![x](http://…)``) or a ``javascript:`` link
must reach the reader as the characters they are. Every such text goes through ``inline``
(within a line: a heading, a list item, a sentence), ``prose`` (paragraphs of its own) or
``cell`` (a table cell). What they escape:

- ``&``, ``<``, ``>`` as HTML entities: no raw HTML, no HTML comment, no ``<http://…>`` autolink;
- ``[``, ``]`` with a backslash: no link, image or reference definition (``[x]: javascript:…``)
  can form, so a ``javascript:`` URL or a remote image stays text;
- ``\\``: no backslash in the text undoes an escape;
- in ``prose``, a line's leading block marker (``#``, ``>``, ``-``, ``+``, ``*``, ``=``, ``|``,
  a number and ``.`` or ``)``, a code fence, indentation): the text cannot open a heading,
  quote, list, table or code block (its lines flow into paragraphs, as Markdown joins them);
- in ``cell``, ``|`` and line breaks.

Left alone within a line: ``*``, ``_`` and backticks. Emphasis and code spans change how
text looks, not what it does (inside a code span nothing is active), authors write
`` `ids` `` in descriptions on purpose, and ids such as ``collective_defence`` stay readable
in the raw file. Text accord writes itself (times, statuses, its own brackets and code
spans) is not escaped.
"""

import re
from collections.abc import Iterable, Sequence

_INLINE = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]", "&": "&amp;", "<": "&lt;", ">": "&gt;"})
# A line Markdown would read as the start of a block: heading, quote, list item, code fence,
# thematic break or setext underline, table row; an ordered list item ("12." or "3)").
_BLOCK_MARK = re.compile(r"^[#>\-+*=_~`|]")
_ORDERED = re.compile(r"^(\d+)([.)])")


class Lines(str):
    """A text whose line breaks are its writer's (what the facilitator typed on several lines
    in the browser console's text box: a message to the players, a note, an observation):
    ``inline`` and ``cell`` keep them as ``<br>`` and ``prose`` as hard line breaks, where the
    line breaks of other texts (a YAML block's, wrapped at its author's width) flow."""

    __slots__ = ()


def inline(text: object) -> str:
    """Text from a file, inert within a line (line breaks become spaces; a ``Lines``'s ``<br>``)."""
    s = "" if text is None else str(text)
    if isinstance(text, Lines):
        return "<br>".join(inline(line) for line in s.split("\n"))
    return " ".join(s.split("\n")).translate(_INLINE) if "\n" in s else s.translate(_INLINE)


def prose(text: object) -> str:
    """Text from a file as paragraphs of its own, inert; blank lines still part paragraphs (a
    ``Lines``'s other line breaks are hard breaks: a backslash at the end of the line)."""
    s = ("" if text is None else str(text)).strip()
    lines = [_line(line) for line in s.split("\n")]
    if isinstance(text, Lines):
        lines = [line + "\\" if line and i + 1 < len(lines) and lines[i + 1] else line for i, line in enumerate(lines)]
    return "\n".join(lines)


def _line(line: str) -> str:
    s = line.strip().translate(_INLINE)  # leading spaces would make an indented code block
    if _BLOCK_MARK.match(s):
        return "\\" + s
    return _ORDERED.sub(r"\1\\\2", s, count=1)  # "2026." → "2026\." (a backslash escapes punctuation only)


def cell(text: object) -> str:
    """Text made inert for one Markdown table cell (also pipes and line breaks; a ``Lines``'s
    line breaks are ``<br>``)."""
    if isinstance(text, Lines):
        return "<br>".join(cell(line) for line in text.split("\n"))
    return inline(text).replace("|", "\\|").strip()


def table(headers: list[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A Markdown table; every header and cell goes through ``cell``."""
    out = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out
