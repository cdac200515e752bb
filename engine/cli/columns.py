"""Plain-text tables that fit the terminal (80 columns and up) without ever cutting a name.

A name shortened to fit (``eu_sanctions…rgent.failed``, ``object…OBJ…``) can make two rows
read the same, so names are always printed whole. When a table is wider than the screen,
it gives way as command-line tools do:

- a name too long for its column goes on a line of its own, and the row's figures on the
  next line under their headings (argparse's help does this for a long option);
- a table of records leaves out its optional columns, last first, until the rest fits (the
  caller says which were left out and where to find them);
- a matrix (one column per variant) is split into blocks of columns, each block repeating
  the names, as pandas and R print a wide data frame;
- on a screen too narrow for the figures side by side (under 60 columns or so), each row
  becomes a name and ``heading: value`` lines.

Columns are separated by two spaces, headings underlined; widths are terminal cells
(``rich.cells.cell_len``), so a wide character counts twice.
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

GAP = "  "
MIN_NAME = 8  # a names column narrower than this puts every name on its own line


@dataclass(frozen=True, slots=True)
class Column:
    """A column of figures: its heading, right-aligned (numbers) or not, and whether it may be
    left out when the table would not fit otherwise."""

    head: str
    right: bool = False
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Grid:
    """Rows of (name, cells): the names under ``name_head``, the cells under ``columns``."""

    name_head: str
    columns: Sequence[Column]
    rows: Sequence[tuple[str, Sequence[str]]]


def wrapped(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words (inside a word
    only when one word is longer than a line); continuation lines start with ``indent``.
    (textwrap counts characters: a name with wide characters may wrap a little late.)"""
    if cell_len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False) or [""]


def table_lines(grid: Grid, width: int) -> tuple[list[str], list[str]]:
    """The table in lines of at most ``width`` cells (a word longer than a line aside), and
    the headings of the optional columns left out to get there."""
    keep = list(range(len(grid.columns)))
    dropped: list[str] = []
    while _room(grid, keep, width) < _name_min(grid) and (gone := _last_optional(grid, keep)) is not None:
        keep.remove(gone)
        dropped.insert(0, grid.columns[gone].head)
    room = _room(grid, keep, width)
    if room < 0:
        return _records(grid, keep, width), dropped  # not even the figures fit side by side
    return _render(grid, keep, _names_width(grid, room), width), dropped


def _records(grid: Grid, keep: list[int], width: int) -> list[str]:
    """A screen too narrow for the figures side by side: each row a name, then ``heading: value``
    lines (the empty ones left out), as ``kubectl describe`` prints one object."""
    out: list[str] = []
    for name, cells in grid.rows:
        out += wrapped(name, width, "  ")
        for i in keep:
            if cells[i]:
                out += wrapped(f"  {grid.columns[i].head}: {cells[i]}", width, "    ")
    return out


def matrix_lines(grid: Grid, width: int) -> list[str]:
    """The matrix in blocks of columns, each at most ``width`` cells wide, separated by a blank
    line; the names column takes at most half the width (longer names go on their own line)."""
    names = _names_width(grid, max(width // 2, _name_min(grid)))
    widths = _widths(grid)
    blocks: list[list[int]] = [[]]
    used = names
    for i, w in enumerate(widths):
        if blocks[-1] and used + len(GAP) + w > width:
            blocks.append([])
            used = names
        blocks[-1].append(i)
        used += len(GAP) + w
    lines: list[str] = []
    for block in blocks:
        lines += [*([""] if lines else []), *_render(grid, block, names, width)]
    return lines


def _widths(grid: Grid) -> list[int]:
    return [max([cell_len(c.head), *(cell_len(cells[i]) for _, cells in grid.rows)])
            for i, c in enumerate(grid.columns)]


def _names_width(grid: Grid, limit: int) -> int:
    """The width of the names column: its longest name (or heading) within ``limit``, so that the
    figures stay near the names; longer names will go on their own line."""
    fitting = [n for n in (cell_len(grid.name_head), *(cell_len(name) for name, _ in grid.rows)) if n <= limit]
    return max(fitting, default=limit)


def _name_min(grid: Grid) -> int:
    """At least MIN_NAME, else the longest name when shorter (a column of ids)."""
    return min(MIN_NAME, max(cell_len(name) for name, _ in grid.rows)) if grid.rows else MIN_NAME


def _room(grid: Grid, keep: list[int], width: int) -> int:
    """The width left for the names once the kept columns (and their gaps) have theirs."""
    widths = _widths(grid)
    return width - sum(widths[i] + len(GAP) for i in keep)


def _last_optional(grid: Grid, keep: list[int]) -> int | None:
    return next((i for i in reversed(keep) if grid.columns[i].optional), None)


def _render(grid: Grid, keep: list[int], names: int, width: int) -> list[str]:
    """Heading, rule and rows; a name wider than ``names`` on a line of its own."""
    widths = _widths(grid)

    def line(name: str, cells: Sequence[str]) -> str:
        parts = [_pad(name, names, right=False)]
        parts += [_pad(cells[i], widths[i], right=grid.columns[i].right) for i in keep]
        return GAP.join(parts).rstrip()

    def stacked(name: str, cells: Sequence[str]) -> list[str]:
        if cell_len(name) <= names:
            return [line(name, cells)]
        return [*wrapped(name, width, "  "), line("", cells)]

    head = stacked(grid.name_head, [c.head for c in grid.columns])
    body = [text for name, cells in grid.rows for text in stacked(name, cells)]
    figures = [line("", cells) for _, cells in grid.rows]  # the rule spans the figures, not a long name
    rule = "─" * min(max(cell_len(text) for text in [head[-1], *figures]), width)
    return [*head, rule, *body]


def _pad(text: str, width: int, *, right: bool) -> str:
    space = " " * max(0, width - cell_len(text))
    return space + text if right else text + space
