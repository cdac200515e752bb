"""A scenario's injects as a platform's MSEL sheet: header and rows, then CSV or Markdown.

Columns are the profile's, in its order; a column bound to no inject field is filled from
the inject's ``meta.msel`` (what an import kept); fields the profile has no column for get
the extra Accord columns (only when some inject uses them); other ``meta.msel`` keys follow.
Timed injects come in play order (time, then file order), held injects after them.
``accord msel import`` of the result gives the same injects back.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from engine.check.world import InjectDef, World
from engine.read.msel.cells import SheetCell
from engine.read.msel.profiles import FIELDS, Profile, header_key
from engine.read.msel.time_formats import blueprint_offset, clock_offset, format_offset, token_offset
from engine.render.csv_file import csv_text
from engine.render.md import table
from engine.render.msel_payload import matching_rule, payload_text, rule_actor, rule_payload

Cell = str | int | float
_TIME_FORMATS = {"t_plus": format_offset, "tokens": token_offset, "clock": clock_offset,
                 "blueprint": blueprint_offset}


class Sheet:
    """An MSEL as a table: ``headers`` and ``rows`` of cells (text, or numbers kept as numbers)."""

    def __init__(self, title: str, headers: list[str], rows: list[list[Cell]]) -> None:
        self.title = title
        self.headers = headers
        self.rows = rows


def msel_sheet(world: World, profile: Profile) -> Sheet:
    """The MSEL of ``world`` in ``profile``'s columns."""
    injects = [_explained(_fields(world, i, profile), world, profile) for i in _in_order(world)]
    columns: list[tuple[str, str | None]] = [(c.header, c.field) for c in profile.columns]
    bound = {f for _, f in columns if f}
    columns += [(profile.extensions[f], f) for f in FIELDS
                if f in profile.extensions and f not in bound and any(i.get(f) for i in injects)]
    known = {header_key(h) for h, _ in columns} | {header_key(a) for c in profile.columns for a in c.aliases}
    extra = [k for i in injects for k in i.get("meta", {}) if header_key(k) not in known]
    columns += [(k, None) for k in dict.fromkeys(extra)]
    rows = [[_cell(i, header, name) for header, name in columns] for i in injects]
    return Sheet(world.scenario.title or world.scenario.scenario, [h for h, _ in columns], rows)


def _in_order(world: World) -> list[InjectDef]:
    timed = sorted(world.injects, key=_seconds)  # stable: ties in file order
    return timed + list(world.held.values())


def _seconds(inject: InjectDef) -> int:
    """The inject's time in whole seconds after T+0 (the engine's ticks)."""
    return inject.tick


def _fields(world: World, inject: InjectDef, profile: Profile) -> dict[str, Any]:
    m = inject.model
    fields: dict[str, Any] = {
        "id": inject.id,
        "time": "" if inject.held else _TIME_FORMATS[profile.time_format](_seconds(inject)),
        "kind": profile.word_of("contingency" if inject.held else "inject"),
        "title": m.title, "narrative": (m.narrative or "").strip(), "to": ", ".join(m.to),
        "from": m.from_, "by": inject.by, "event": m.event,  # None for a narrative inject
        "with": payload_text(m.with_) if m.with_ else "", "payload": dict(m.with_),
        "expected_response": m.expected_response, "objective": _objective(world, m.objective),
        "notes": m.notes, "meta": dict((m.meta or {}).get("msel") or {}),
    }
    return fields


def _explained(fields: dict[str, Any], world: World, profile: Profile) -> dict[str, Any]:
    """Without the event, payload and actor when the mapping file's event rule reproduces
    them from the row's other cells (``meta.msel``): the sheet then needs no Accord columns."""
    if not fields["event"] or not profile.events:
        return fields
    row = {header_key(k): SheetCell(0, v) for k, v in fields["meta"].items()}
    rule = matching_rule(profile.events, row)
    if rule is None or rule.event != fields["event"]:
        return fields
    payload = rule_payload(rule, row, world.event_fields.get(rule.event, {}))
    if payload != fields["payload"] or rule_actor(rule, row) != fields["by"]:
        return fields
    return {**fields, "event": None, "with": "", "by": None}


def _objective(world: World, ident: str | None) -> str:
    if ident is None:
        return ""
    title = next((o.model.title for o in world.objectives if o.id == ident), None)
    return f"{ident}: {title}" if title else ident


def _cell(inject: dict[str, Any], header: str, name: str | None) -> Cell:
    if name is not None and inject.get(name):
        return str(inject[name])
    meta = {header_key(k): v for k, v in inject["meta"].items()}
    value = meta.get(header_key(header), "")
    return value if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def render_sheet_csv(sheet: Sheet) -> str:
    """CSV for spreadsheets, in accord's one dialect (``render/csv_file.py``: UTF-8 with a
    BOM, CRLF), no cell that a spreadsheet would run as a formula (``render/cells.safe_cell``)."""
    return csv_text([sheet.headers, *sheet.rows])


def render_sheet_md(sheet: Sheet) -> str:
    """The sheet as a Markdown table under a heading."""
    lines = [f"# MSEL — {sheet.title}", "", *table(sheet.headers, sheet.rows)]
    return "\n".join(lines) + "\n"


def widths(headers: Sequence[str], rows: Iterable[Sequence[Cell]], cap: int = 60) -> list[int]:
    """Column widths in characters: the longest line of the header or a cell, within [8, cap]."""
    out = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            longest = max((len(line) for line in str(cell).split("\n")), default=0)
            out[i] = max(out[i], longest)
    return [min(max(w + 2, 8), cap) for w in out]
