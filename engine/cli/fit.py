"""Terminal tables that fit the screen (80 columns and up): long names shortened from the middle.

rich cuts or folds a cell that does not fit, from the end, so seven milestone rows can all
read ``objective:…``. Here every column but one keeps its full width, and the one column
of names gets what is left, each name shortened from the middle (``mnf_…_completed``), so
that its beginning and its end, where names differ, both stay; names that would still
collide keep more of their end.
"""

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

ELLIPSIS = "…"
MIN_NAME = 12  # never shorten a name below this, even on a very narrow screen


def middle(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, its middle replaced by an ellipsis."""
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    tail = (width - 1) // 2
    head = width - 1 - tail
    return text[:head] + ELLIPSIS + (text[-tail:] if tail else "")


def shortened(names: Sequence[str], width: int) -> list[str]:
    """Each name in at most ``width`` characters, shortened from the middle; where two
    different names would read the same, both keep more of their end."""
    out = [middle(n, width) for n in names]
    seen: dict[str, str] = {}
    for i, (name, short) in enumerate(zip(names, out, strict=True)):
        if seen.get(short, name) != name and len(name) > width:
            out[i] = ELLIPSIS + name[-(width - 1):]
        seen.setdefault(short, name)
    return out


def fitted_table(console: Console, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
                 flexible: int = 0, *, titles: bool = False) -> Table:
    """A table whose column ``flexible`` is shortened so the table fits ``console.width``: names
    from the middle, or, with ``titles``, running text cut at its end (another column holds the
    id that tells rows apart). The other columns keep their full text and never wrap."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    border = 3 * len(headers) + 1  # "│ " before each cell, " " after it, and the closing "│"
    room = console.width - border - sum(w for i, w in enumerate(widths) if i != flexible)
    limit = max(room, MIN_NAME)
    headers = [middle(h, limit) if i == flexible else h for i, h in enumerate(headers)]
    texts = [r[flexible] for r in rows]
    names = [t if len(t) <= limit else t[:limit - 1].rstrip() + ELLIPSIS for t in texts] if titles \
        else shortened(texts, limit)
    table = Table(title=title, title_justify="left")
    for i, h in enumerate(headers):
        table.add_column(h, no_wrap=True, overflow="ellipsis" if i == flexible else "fold",
                         min_width=None if i == flexible else widths[i])
    for r, name in zip(rows, names, strict=True):
        table.add_row(*(name if i == flexible else c for i, c in enumerate(r)))
    return table
