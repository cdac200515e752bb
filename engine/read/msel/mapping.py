"""A mapping file: an exercise office's own MSEL layout, as a profile (``--profile FILE.yaml``).

    mapping: our_office                    # id; the first key marks the file kind
    sheet: MSEL                            # default sheet (else the first)
    clock: wall                            # '09:05' is a wall-clock time (or: elapsed)
    time_format: t_plus                    # how exports write times: t_plus, tokens, clock, blueprint
    columns:                               # inject field: its column's header (a list: aliases,
      id: Serial                           #   the first is the one exports write)
      time: [When, Time]
      title: Headline
      narrative: Message
    keep: [Inject Mode, Status]            # more columns, kept under meta.msel, in export order
    kinds: {contingency: [Contingency Inject, Backup]}
    events:                                # rows that are injects of a pack event type
      - {column: Method, equals: [attack], event: attack.renewed,
         with: {scale: {column: Scale, values: {Large: major}}, region: north}}

Read and checked like every accord file (``path:line:col``, unknown keys with "did you
mean"); the pack's event types and fields are checked when a sheet is imported with it.
"""

from typing import Literal

from engine.errors import Diagnostic, InputError
from engine.read.model_errors import validate_model
from engine.read.modelbase import Model, Scalar, Source, describe
from engine.read.msel.profiles import EXTENSIONS, KINDS, Column, EventRule, PayloadSource, Profile, header_key
from engine.read.yamlio import Doc, load_file

Headers = str | list[str]


class MappingColumns(Model):
    """Which column holds each inject field: a header, or a list of accepted headers."""

    id: Headers | None = describe("Inject id (event number); rows without one get I-<row>.", default=None)
    time: Headers = describe("When: T+2d6h, D+2 H+3 M+45, 09:05, a date cell… (required).")
    kind: Headers | None = describe("Inject / Contingency Inject / Expected Action (see kinds).", default=None)
    title: Headers | None = describe("Short title.", default=None)
    narrative: Headers | None = describe("What the players are told.", default=None)
    to: Headers | None = describe("Audience, split at commas, semicolons and line breaks.", default=None)
    from_: Headers | None = describe("Sender.", default=None, alias="from")
    by: Headers | None = describe("Actor id the event is attributed to.", default=None)
    event: Headers | None = describe("Pack event type (else the row is a narrative inject).", default=None)
    with_: Headers | None = describe("Payload: 'field: value, …'.", default=None, alias="with")
    expected_response: Headers | None = describe("What the players should do.", default=None)
    objective: Headers | None = describe("Objective id or text.", default=None)
    notes: Headers | None = describe("Controller notes.", default=None)


class MappingKinds(Model):
    """The words of the kind column, for each kind of row (matched ignoring case and spaces)."""

    inject: list[str] = describe("An inject on the timeline.", default_factory=lambda: ["Inject"])
    contingency: list[str] = describe("A held (contingency) inject.", default_factory=lambda: ["Contingency Inject"])
    expected_action: list[str] = describe(
        "An expected action: added to the expected response of the inject above.",
        default_factory=lambda: ["Expected Action"])


class PayloadColumn(Model):
    """A payload field read from a column, its cell texts optionally renamed."""

    column: str = describe("Header of the column.")
    values: dict[str, Scalar] = describe("Cell text → payload value, e.g. {Large: major}.", default_factory=dict)


class MappingEvent(Model):
    """Rows whose ``column`` holds one of ``equals`` are injects of ``event``."""

    column: str = describe("Header of the column looked at.")
    equals: str | list[str] = describe("Cell texts that match (ignoring case and surrounding spaces).")
    event: str = describe("The pack's event type.")
    by: str | None = describe("Actor id the event is attributed to.", default=None)
    by_column: str | None = describe("Column holding the actor id.", default=None)
    with_: dict[str, Scalar | PayloadColumn] = describe(
        "Payload fields: a value, or {column: …, values: {…}}.", default_factory=dict, alias="with")
    source: Source = None


class Mapping(Model):
    """A mapping file: a spreadsheet MSEL layout of one's own."""

    mapping: str = describe("Mapping id.")
    title: str | None = describe("Display title.", default=None)
    description: str | None = describe("Free text.", default=None)
    source: Source = None
    sheet: str | None = describe("Sheet read by default (else the first).", default=None)
    clock: Literal["wall", "elapsed"] = describe("Whether 09:05 is a wall-clock time or elapsed since T+0.",
                                                 default="wall")
    time_format: Literal["t_plus", "tokens", "clock", "blueprint"] = describe(
        "How exports write times: T+1d2h, D+1 H+2 M+0, 26:00, or + 1 02:00:00.", default="t_plus")
    columns: MappingColumns = describe("Which column holds each inject field.")
    keep: list[str] = describe("More columns, kept under meta.msel and written back in this order.",
                               default_factory=list)
    kinds: MappingKinds = describe("Words of the kind column.", default_factory=MappingKinds)
    events: list[MappingEvent] = describe("Rows that are injects of pack event types.", default_factory=list)


def load_mapping(path: str) -> Profile:
    """The profile a mapping file describes; raises InputError at ``path:line:col``."""
    doc = load_file(path)
    if not isinstance(doc.data, dict) or next(iter(doc.data), None) != "mapping":
        raise InputError.at(doc.mark(), "a mapping file starts with `mapping:` (see docs/reference.md)")
    return mapping_profile(doc, validate_model(doc, Mapping))


def mapping_profile(doc: Doc, m: Mapping) -> Profile:
    """Check what the structure cannot (a header bound twice, empty words) and build the profile."""
    errors: list[Diagnostic] = []
    columns = _columns(doc, m, errors)
    kinds = tuple((w, k) for k in KINDS for w in getattr(m.kinds, k))
    _check_words(doc, m, errors)
    if errors:
        raise InputError(errors)
    return Profile(m.mapping, m.title or m.mapping, columns, elapsed_clock=m.clock == "elapsed",
                   sheet=m.sheet, kind_words=kinds, events=tuple(_event(e) for e in m.events),
                   time_format=m.time_format, source=doc.path, extensions=dict(EXTENSIONS))


def _columns(doc: Doc, m: Mapping, errors: list[Diagnostic]) -> tuple[Column, ...]:
    out: list[Column] = []
    seen: dict[str, str] = {}
    bound = m.columns.model_dump(by_alias=True, exclude_none=True)
    for name, headers in [*bound.items(), *((None, h) for h in m.keep)]:
        texts = [headers] if isinstance(headers, str) else list(headers)
        loc = ("columns", name) if name else ("keep", m.keep.index(headers))
        for text in texts:
            key = header_key(text)
            if not key or key in seen:
                what = "an empty header" if not key else f"column '{text}' is already {seen[key]}"
                errors.append(Diagnostic(doc.mark(loc), what))
            seen.setdefault(key, f"the {name} column" if name else "kept")
        if texts:
            out.append(Column(texts[0], name, tuple(texts[1:]), required=name == "time"))
    return tuple(out)


def _check_words(doc: Doc, m: Mapping, errors: list[Diagnostic]) -> None:
    seen: dict[str, str] = {}
    for kind in KINDS:
        for i, word in enumerate(getattr(m.kinds, kind)):
            key = header_key(word)
            if not key or (key in seen and seen[key] != kind):
                errors.append(Diagnostic(doc.mark(("kinds", kind, i)), f"'{word}' cannot mean two kinds of row"))
            seen.setdefault(key, kind)


def _event(e: MappingEvent) -> EventRule:
    equals = (e.equals,) if isinstance(e.equals, str) else tuple(e.equals)
    payload = tuple(
        (name, PayloadSource(column=v.column, values=tuple(v.values.items())) if isinstance(v, PayloadColumn)
         else PayloadSource(value=v))
        for name, v in e.with_.items())
    return EventRule(e.column, equals, e.event, e.by, e.by_column, payload)
