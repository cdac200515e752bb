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


def inline(text: object) -> str:
    """Text from a file, inert within a line (line breaks become spaces)."""
    s = "" if text is None else str(text)
    return " ".join(s.split("\n")).translate(_INLINE) if "\n" in s else s.translate(_INLINE)


def prose(text: object) -> str:
    """Text from a file as paragraphs of its own, inert; blank lines still part paragraphs."""
    s = ("" if text is None else str(text)).strip()
    return "\n".join(_line(line) for line in s.split("\n"))


def _line(line: str) -> str:
    s = line.strip().translate(_INLINE)  # leading spaces would make an indented code block
    if _BLOCK_MARK.match(s):
        return "\\" + s
    return _ORDERED.sub(r"\1\\\2", s, count=1)  # "2026." → "2026\." (a backslash escapes punctuation only)


def cell(text: object) -> str:
    """Text made inert for one Markdown table cell (also pipes and line breaks)."""
    return inline(text).replace("|", "\\|").strip()


def table(headers: list[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A Markdown table; every header and cell goes through ``cell``."""
    out = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out
