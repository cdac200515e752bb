"""``accord msel import``'s work: a spreadsheet MSEL read through a profile into a checked
scenario file's text. Nothing is written here; the command writes the text when it is valid.

The scenario is checked as ``accord validate`` would check the file it becomes (pack, event
types, payloads, actors, objectives), in memory. A problem in the generated file is reported
at its line, naming the sheet row its inject came from.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from engine.check.pack import load_checked_pack
from engine.check.scenario import build_world, load_world
from engine.errors import Diagnostic, InputError
from engine.read.files import load_scenario
from engine.read.msel.cells import CellMark
from engine.read.msel.profiles import Profile
from engine.read.msel.sheets import open_sheet
from engine.read.msel.table import Table
from engine.read.msel.times import Clock
from engine.read.yamlio import load_file, load_text
from engine.render.msel_rows import Checks, Imported, import_rows
from engine.render.msel_scenario import Origin, based_document, new_document, scenario_text

MAX_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What ``accord msel import`` was asked for."""

    sheet_path: str
    profile: Profile
    out: str
    sheet: str | None = None
    start: datetime | None = None
    zone: tzinfo = UTC
    pack: str | None = None
    base: str | None = None
    until: str | None = None
    max_rows: int = MAX_ROWS


def import_msel(req: ImportRequest) -> tuple[str, Imported]:
    """The scenario text and what was read; raises InputError with every problem found."""
    checks, start = _checks(req)
    sheet = open_sheet(req.sheet_path, req.sheet or req.profile.sheet)
    try:
        table = Table(sheet, req.profile, req.max_rows)
        imported = import_rows(table, Clock(start, req.zone, req.profile.elapsed_clock), checks)
        where = sheet.prefix.rstrip(":!")
    finally:
        sheet.close()
    origin = Origin(where, req.profile.name, req.out)
    if req.base:
        doc = based_document(imported, _base_data(req.base), req.base, origin)
    else:
        doc = new_document(imported, origin, pack=req.pack, start=start, until=req.until)
    text = scenario_text(doc, imported, origin)
    check_scenario(text, req.out, imported)
    return text, imported


def _checks(req: ImportRequest) -> tuple[Checks, datetime | None]:
    """The pack's events and actors (from ``--pack``, or the base scenario's packs), the base's
    objectives, and T+0 (``--start``, else the base's start)."""
    if req.base:
        world = load_world(req.base)
        events = {e: world.event_fields[e] for e in _declared(world.packs)}
        objectives = frozenset(o.id for o in world.objectives)
        return Checks(events, frozenset(world.actors), objectives), req.start or world.start
    if req.pack:
        _, pw = load_checked_pack(req.pack)
        return Checks({e: pw.event_fields[e] for e in pw.declared_events}, frozenset(pw.actors)), req.start
    return Checks(), req.start


def _declared(packs: list[Any]) -> list[str]:
    return [e for p in packs for e in p.events]


def _base_data(path: str) -> dict[str, Any]:
    data = load_file(path).data
    return dict(data) if isinstance(data, dict) else {}


def check_scenario(text: str, out: str, imported: Imported) -> None:
    """Check the scenario text as the file ``out`` (its pack paths relative to it), in memory;
    an error in it names the row its inject came from."""
    try:
        build_world(load_scenario(out, None, load_text(text, out)))
    except InputError as exc:
        raise InputError([_from_row(d, out, text, imported) for d in exc.diagnostics]) from None


def _from_row(d: Diagnostic, out: str, text: str, imported: Imported) -> Diagnostic:
    place = _row_of(d.mark.line, text, imported.places) if d.mark.path == out else None
    return Diagnostic(d.mark, d.message + f" (from {place})", d.severity) if place else d


def _row_of(line: int, text: str, places: list[CellMark]) -> str | None:
    """The place of the inject whose block holds ``line`` of ``text``, by its comment."""
    comments = {f"# {p}": str(p) for p in places}
    found = None
    for number, content in enumerate(text.splitlines(), start=1):
        if number > line:
            break
        found = comments.get(content.strip(), found)
    return found
