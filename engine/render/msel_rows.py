"""Spreadsheet rows → the injects of a scenario (SPEC §1.4), with every row's problems.

A row is an inject of a pack event type when its Accord Event column, or a mapping file's
event rule, says so; otherwise it is a narrative inject (no ``event:``). A "Contingency
Inject" row is held off the timeline (``hold: true``, no ``at:``); an "Expected Action" row
adds to the expected response of the inject above it; a row with neither number nor time is
a section heading and is skipped. Times before T+0 (``M-5``) move T+0 back to the earliest
inject. Every problem of every row is collected before anything is returned.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.check.expr_types import VarType
from engine.errors import Diagnostic, InputError
from engine.read.msel.cells import CellMark, cell_text
from engine.read.msel.table import Table, TableRow
from engine.read.msel.time_formats import format_offset
from engine.read.msel.times import Clock, TimeError, read_time
from engine.read.suggest import did_you_mean, unknown
from engine.read.yamlio import control_character
from engine.render.msel_payload import matching_rule, parse_payload, payload_problems, rule_actor, rule_payload

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")  # check/pack.LABEL: inject ids
_LIST = re.compile(r"\s*[,;\n]\s*")
ORDER = ("id", "at", "hold", "event", "with", "by", "title", "narrative", "to", "from",
         "expected_response", "objective", "notes", "meta")
TEXTS = ("title", "narrative", "from", "expected_response", "notes")


@dataclass(frozen=True, slots=True)
class Checks:
    """What rows are checked against: the pack's event types (with their payload fields) and
    actors, and the ids of objectives the scenario will have."""

    events: Mapping[str, Mapping[str, VarType]] | None = None
    actors: frozenset[str] | None = None
    objectives: frozenset[str] = frozenset()


@dataclass
class Summary:
    """What an import read (the ``--dry-run`` report)."""

    rows: int = 0
    injects: int = 0
    narrative: int = 0
    held: int = 0
    expected_actions: int = 0
    sections: int = 0
    shift_s: int = 0


@dataclass
class Imported:
    """Injects in the contract's format, in sheet order, each with its row's place."""

    injects: list[dict[str, Any]] = field(default_factory=list)
    places: list[CellMark] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    warnings: list[Diagnostic] = field(default_factory=list)


def import_rows(table: Table, clock: Clock, checks: Checks) -> Imported:
    """The injects of ``table``'s rows; raises InputError listing every row's problems."""
    reader = RowReader(table, clock, checks)
    for row in table.rows():
        reader.row(row)
    problems = table.problems + reader.problems
    if problems:  # the warnings too: an unknown column often explains a missing one
        raise InputError(problems + table.warnings + reader.warnings)
    return reader.result()


@dataclass
class _Draft:
    data: dict[str, Any]
    place: CellMark
    seconds: int | None


class RowReader:
    """Reads rows one at a time, collecting problems instead of stopping at the first."""

    def __init__(self, table: Table, clock: Clock, checks: Checks) -> None:
        self.table, self.profile, self.clock, self.checks = table, table.profile, clock, checks
        self.drafts: list[_Draft] = []
        self.problems: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.ids: dict[str, CellMark] = {}
        self.summary = Summary()
        self.latest: tuple[int, CellMark, str] | None = None

    def mark(self, row: TableRow, name: str) -> CellMark:
        """The cell of field ``name`` in ``row`` (its column even when the cell is empty)."""
        cell = row.cells.get(name)
        header = self.table.header
        col = cell.col if cell is not None else (header.fields.get(name, 0) if header else 0)
        return self.table.mark(row.number, col)

    def err(self, row: TableRow, name: str, message: str) -> None:
        """A problem with field ``name`` of ``row`` (unless its cell could not be read at all:
        that is the one problem to report there)."""
        cell = row.cells.get(name)
        if cell is None or cell.problem is None:
            self.problems.append(Diagnostic(self.mark(row, name), message))

    def text(self, row: TableRow, name: str) -> str:
        """Field ``name``'s cell as text ("" when absent); a refused character in it (an
        escape sequence pasted from a terminal) is a problem at the cell, as in a YAML file."""
        cell = row.cells.get(name)
        text = "" if cell is None else cell_text(cell.value)
        if bad := control_character(text):  # said once, however often the field is read
            problem = Diagnostic(self.mark(row, name), f"the cell holds {bad}; remove it")
            if problem not in self.problems:
                self.err(row, name, problem.message)
        return text

    def row(self, row: TableRow) -> None:
        """Read one data row."""
        self.summary.rows += 1
        for cell in row.by_header.values():
            if cell.problem is not None:
                self.problems.append(Diagnostic(self.table.mark(row.number, cell.col), cell.problem))
        kind = self._kind(row)
        if kind == "expected_action":
            self._expected_action(row)
        elif kind is not None and self._is_section(row, kind):
            self.summary.sections += 1
        elif kind is not None:
            self._inject(row, kind)

    def _kind(self, row: TableRow) -> str | None:
        word = self.text(row, "kind")
        if not word:
            return "inject"
        kind = self.profile.kind_of(word)
        if kind is None:
            words = [w for w, _ in self.profile.kind_words]
            self.err(row, "kind", f"unknown event type '{word}'{did_you_mean(word, words)} "
                     f"(expected {', '.join(words)})")
        return kind

    def _is_section(self, row: TableRow, kind: str) -> bool:
        """A heading: an inject row with neither number nor time."""
        return kind == "inject" and not self.text(row, "id") and not self.text(row, "time")

    def _expected_action(self, row: TableRow) -> None:
        self.summary.expected_actions += 1
        text = next((t for t in (self.text(row, f) for f in ("expected_response", "narrative", "title")) if t), "")
        if not self.drafts:
            self.err(row, "kind", "an Expected Action row before any inject: it belongs under the inject it answers")
            return
        data = self.drafts[-1].data
        data["expected_response"] = "\n".join(t for t in (data.get("expected_response"), text) if t)
        if self.text(row, "objective") and "objective" not in data:
            self._objective(row, data)

    def _inject(self, row: TableRow, kind: str) -> None:
        data: dict[str, Any] = {"id": self._id(row)}
        seconds = None
        if kind == "contingency":
            data["hold"] = True
        else:
            seconds = self._time(row, data["id"])
        self._event(row, data)
        self._texts(row, data)
        self._meta(row, data, kind)
        ordered = {k: data[k] for k in ORDER if k in data}
        self.drafts.append(_Draft(ordered, self.table.mark(row.number), seconds))

    def _id(self, row: TableRow) -> str:
        text = self.text(row, "id") or f"I-{row.number}"
        if not _ID.fullmatch(text):
            fixed = re.sub(r"[^A-Za-z0-9_.\-]+", "-", text).strip("-_.") or f"I-{row.number}"
            self.err(row, "id", f"event number '{text}' is not an id: use letters, digits, '-', '_' "
                     f"and '.'{did_you_mean(text, [fixed])}")
        elif text in self.ids:
            self.err(row, "id", f"duplicate event number '{text}' (first at {self.ids[text]})")
        self.ids.setdefault(text, self.mark(row, "id"))
        return text

    def _time(self, row: TableRow, ident: str) -> int | None:
        cell = row.cells.get("time")
        try:
            when = read_time(None if cell is None else cell.value, self.clock)
        except TimeError as exc:
            self.err(row, "time", str(exc))
            return None
        if when is None:
            self.err(row, "time", f"inject '{ident}' has no time (a held inject is a "
                     f"'{self.profile.word_of('contingency')}')")
            return None
        if when.rounded:
            self.warnings.append(Diagnostic(self.mark(row, "time"), "time rounded to the nearest 6 seconds",
                                            "warning"))
        self._in_order(row, when.seconds)
        return when.seconds

    def _in_order(self, row: TableRow, seconds: int) -> None:
        mark, text = self.mark(row, "time"), self.text(row, "time")
        if self.latest is not None and seconds < self.latest[0]:
            _, before, before_text = self.latest
            self.problems.append(Diagnostic(mark, f"time '{text}' is earlier than '{before_text}' at {before}: "
                                            "an MSEL runs in time order (sort the rows, or fix the time)"))
        else:
            self.latest = (seconds, mark, text)

    def _event(self, row: TableRow, data: dict[str, Any]) -> None:
        rule = matching_rule(self.profile.events, row.by_header)
        name = self.text(row, "event") or (rule.event if rule else "")
        if not name:
            return
        where = "event" if self.text(row, "event") else "kind"
        events = self.checks.events
        if events is None:
            self.err(row, where, f"event '{name}' needs --pack (the rule pack that declares it)")
        elif name not in events:
            self.err(row, where, unknown("event type", name, events))
        else:
            data["event"] = name
            self._payload(row, data, events[name], rule)
            self._actor(row, data, rule_actor(rule, row.by_header) if rule else None)

    def _payload(self, row: TableRow, data: dict[str, Any], fields: Mapping[str, VarType], rule: Any) -> None:
        payload = rule_payload(rule, row.by_header, fields) if rule else {}
        text = self.text(row, "with")
        if text:
            try:
                payload.update(parse_payload(text))
            except ValueError as exc:
                self.err(row, "with", str(exc))
        for problem in payload_problems(data["event"], payload, fields):
            self.err(row, "with" if text else "kind", problem)
        if payload:
            data["with"] = payload

    def _actor(self, row: TableRow, data: dict[str, Any], from_rule: str | None) -> None:
        actor = self.text(row, "by") or from_rule
        if not actor:
            return
        if self.checks.actors is not None and actor not in self.checks.actors:
            self.err(row, "by", unknown("actor", actor, self.checks.actors))
        data["by"] = actor

    def _texts(self, row: TableRow, data: dict[str, Any]) -> None:
        for name in TEXTS:
            if text := self.text(row, name):
                data[name] = text
        if audience := [a for a in _LIST.split(self.text(row, "to")) if a]:
            data["to"] = audience
        if self.text(row, "objective"):
            self._objective(row, data)

    def _objective(self, row: TableRow, data: dict[str, Any]) -> None:
        """An objective id the scenario has (``OBJ-1`` or ``OBJ-1: title``), else kept text."""
        text = self.text(row, "objective")
        ident = text.split(":")[0].strip()
        if ident in self.checks.objectives:
            data["objective"] = ident
        else:
            data.setdefault("meta", {}).setdefault("msel", {})[self._header("objective")] = text

    def _meta(self, row: TableRow, data: dict[str, Any], kind: str) -> None:
        kept = {h: _plain(c.value) for h, c in row.kept.items() if cell_text(c.value)}
        for h, value in kept.items():
            if isinstance(value, str) and (bad := control_character(value)):
                self.problems.append(Diagnostic(self.table.mark(row.number, row.kept[h].col),
                                                f"the cell holds {bad}; remove it"))
        if kind == "contingency" and self.text(row, "time"):
            kept[self._header("time")] = self.text(row, "time")  # its designated time, if any
        if kept:
            data.setdefault("meta", {}).setdefault("msel", {}).update(kept)

    def _header(self, name: str) -> str:
        header = self.table.header
        return header.headers[header.fields[name]] if header and name in header.fields else name

    def result(self) -> Imported:
        """The injects, times shifted so that none is before T+0."""
        out = Imported(summary=self.summary, warnings=self.table.warnings + self.warnings)
        shift = max(0, -min((d.seconds for d in self.drafts if d.seconds is not None), default=0))
        out.summary.shift_s = shift
        for draft in self.drafts:
            if draft.seconds is not None:
                draft.data = {"id": draft.data.pop("id"), "at": format_offset(draft.seconds + shift), **draft.data}
            out.injects.append(draft.data)
            out.places.append(draft.place)
        out.summary.injects = len(out.injects)
        out.summary.narrative = sum(1 for i in out.injects if "event" not in i)
        out.summary.held = sum(1 for i in out.injects if i.get("hold"))
        return out


def _plain(value: Any) -> Any:
    """A kept cell's value for ``meta``: numbers stay numbers, anything else is text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return cell_text(value)
    return int(value) if float(value).is_integer() else value
