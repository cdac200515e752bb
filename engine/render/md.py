"""Markdown building blocks shared by the Markdown renderers: safe table cells and tables."""

from collections.abc import Iterable, Sequence


def cell(text: object) -> str:
    """Text made safe for one Markdown table cell (pipes, backslashes, newlines, HTML)."""
    s = "" if text is None else str(text)
    s = s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()
    # Code-hosting sites render inline HTML in Markdown; scenario text must show as text.
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table(headers: list[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A Markdown table."""
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out
