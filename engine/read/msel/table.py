"""A sheet read through a profile: the header row found, each later row's cells by field.

The header is the first of the sheet's first ``HEADER_ROWS`` non-empty rows that names
every required column of the profile (OpenAEV's model workbook has a title above it, and
starts in column B). Unknown columns are reported as warnings and kept; missing required
ones, duplicate headers and merged cells in the table are errors.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from engine.errors import Diagnostic
from engine.read.msel.cells import CellMark, Sheet, SheetCell, SheetRow, cell_position
from engine.read.msel.profiles import Column, Profile, header_key
from engine.read.suggest import did_you_mean
from engine.read.yamlio import control_character

HEADER_ROWS = 20


@dataclass(frozen=True, slots=True)
class Header:
    """Where the header is and what each of its columns holds."""

    row: int
    fields: dict[str, int]  # inject field → column number
    kept: dict[int, str]  # column number → header text, for meta.msel
    headers: dict[int, str]  # every header cell, by column number


@dataclass(frozen=True, slots=True)
class TableRow:
    """A data row: its cells by inject field, and the other columns' cells by header."""

    number: int
    cells: dict[str, SheetCell]
    kept: dict[str, SheetCell]
    by_header: dict[str, SheetCell]  # every cell, by its header's key (``header_key``)


@dataclass
class Table:
    """A sheet read through a profile; ``problems`` collects diagnostics as rows are read."""

    sheet: Sheet
    profile: Profile
    max_rows: int
    header: Header | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def mark(self, row: int, col: int = 0) -> CellMark:
        """The place of a cell (``col`` 0: the whole row)."""
        return CellMark(self.sheet.prefix, row, col)

    def rows(self) -> Iterator[TableRow]:
        """Data rows after the header; stops with an error past ``max_rows`` data rows."""
        rows = self.sheet.rows()
        self.header = self._find_header(rows)
        if self.header is None:
            return
        for count, row in enumerate(rows, start=1):
            if count > self.max_rows:
                self.problems.append(Diagnostic(self.mark(row.number), _too_many(self.max_rows)))
                return
            yield self._split(row, self.header)
        self._check_merged(self.header)

    def _find_header(self, rows: Iterator[SheetRow]) -> Header | None:
        seen: list[SheetRow] = []
        for row in rows:
            seen.append(row)
            header = self._header(row)
            if header is not None:
                return header
            if len(seen) == HEADER_ROWS:
                break
        self._no_header(seen)
        return None

    def _header(self, row: SheetRow) -> Header | None:
        texts = {c.col: str(c.value).strip() for c in row.cells if c.value is not None}
        by_key = {header_key(t): col for col, t in reversed(texts.items())}
        found = _bind(self.profile, by_key)
        if any(c.field not in found for c in self.profile.columns if c.required):
            return None
        self._check_duplicates(row.number, texts)
        self._check_printable(row.number, texts)
        bound = set(found.values())
        kept = {col: t for col, t in texts.items() if col not in bound}
        self._report_unknown(row.number, kept)
        self._report_missing(row.number, found)
        self._check_event_columns(row.number, texts)
        return Header(row.number, found, kept, texts)

    def _check_event_columns(self, number: int, texts: dict[int, str]) -> None:
        """Every column a mapping file's event rule reads is in the header."""
        present = {header_key(t) for t in texts.values()}
        for rule in self.profile.events:
            wanted = [rule.column, rule.by_column, *(p.column for _, p in rule.payload)]
            for name in dict.fromkeys(w for w in wanted if w):
                if header_key(name) not in present:
                    message = (f"the mapping's event rule for '{rule.event}' reads column '{name}', "
                               f"which is not in the header{did_you_mean(name, texts.values())}")
                    self.problems.append(Diagnostic(self.mark(number), message))

    def _check_printable(self, number: int, texts: dict[int, str]) -> None:
        """A header cell with a refused character (``control_character``) is an error at it (an
        unknown column's header becomes a key of the written scenario, and a warning quotes it)."""
        for col, text in texts.items():
            if bad := control_character(text):
                self.problems.append(Diagnostic(self.mark(number, col), f"the header cell holds {bad}; remove it"))

    def _check_duplicates(self, number: int, texts: dict[int, str]) -> None:
        first: dict[str, int] = {}
        for col, text in texts.items():
            key = header_key(text)
            if key in first:
                message = f"column '{text}' appears twice (first in {self.mark(number, first[key])})"
                self.problems.append(Diagnostic(self.mark(number, col), message))
            first.setdefault(key, col)

    def _report_unknown(self, number: int, kept: dict[int, str]) -> None:
        known = [c.header for c in self.profile.columns if c.field is not None]
        known_keys = {k for c in self.profile.columns for k in c.match_keys()}
        known_keys |= {header_key(n) for r in self.profile.events
                       for n in (r.column, r.by_column, *(p.column for _, p in r.payload)) if n}
        for col, text in kept.items():
            if header_key(text) in known_keys:
                continue
            message = (f"unknown column '{text}'{did_you_mean(text, known)}: "
                       "its values are kept under meta.msel")
            self.warnings.append(Diagnostic(self.mark(number, col), message, "warning"))

    def _report_missing(self, number: int, found: dict[str, int]) -> None:
        missing = [c.header for c in self.profile.columns if c.field is not None and c.field not in found]
        if missing:
            listed = ", ".join(repr(m) for m in missing)
            empty = "its field stays empty" if len(missing) == 1 else "their fields stay empty"
            message = f"no column {listed} (profile {self.profile.name}): {empty}"
            self.warnings.append(Diagnostic(self.mark(number), message, "warning"))

    def _no_header(self, seen: list[SheetRow]) -> None:
        required = [c for c in self.profile.columns if c.required]
        best = max(seen, key=lambda r: len(_bind(self.profile, _keys(r))), default=None)
        if best is None:
            self.problems.append(Diagnostic(CellMark(self.sheet.prefix, 0, 0), "the sheet is empty"))
            return
        found = _bind(self.profile, _keys(best))
        texts = [str(c.value) for c in best.cells if c.value is not None]
        for column in required:
            if column.field not in found:
                message = (f"no column '{column.header}' in the header row (profile {self.profile.name})"
                           f"{did_you_mean(column.header, texts)}")
                self.problems.append(Diagnostic(self.mark(best.number), message))

    def _split(self, row: SheetRow, header: Header) -> TableRow:
        by_col = {c.col: c for c in row.cells}
        cells = {f: by_col[col] for f, col in header.fields.items() if col in by_col}
        kept = {text: by_col[col] for col, text in header.kept.items() if col in by_col}
        by_header = {header_key(header.headers[col]): cell for col, cell in by_col.items() if col in header.headers}
        return TableRow(row.number, cells, kept, by_header)

    def _check_merged(self, header: Header) -> None:
        for ref in self.sheet.merged():
            top, left = cell_position(ref)
            if top >= header.row:
                message = f"merged cells {ref}: unmerge them (only the first cell holds a value, the others read empty)"
                self.problems.append(Diagnostic(self.mark(top, left), message))


def _keys(row: SheetRow) -> dict[str, int]:
    return {header_key(str(c.value)): c.col for c in reversed(row.cells) if c.value is not None}


def _bind(profile: Profile, by_key: dict[str, int]) -> dict[str, int]:
    """Field → column: a profile column's first header found, else the field's Accord column."""
    found: dict[str, int] = {}
    for column in profile.columns:
        col = _first(column, by_key)
        if column.field is not None and col is not None:
            found.setdefault(column.field, col)
    for name, header in profile.extensions.items():
        col = by_key.get(header_key(header))
        if col is not None and name not in found:
            found[name] = col
    return found


def _first(column: Column, by_key: dict[str, int]) -> int | None:
    return next((by_key[k] for k in column.match_keys() if k in by_key), None)


def _too_many(limit: int) -> str:
    return f"more than {limit:,} rows: accord imports at most {limit:,} (--max-rows)"
