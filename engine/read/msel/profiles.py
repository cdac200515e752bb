"""MSEL spreadsheet profiles: which column holds which inject field, per platform.

The column names are the platforms' own (sources in docs/reference.md, "Spreadsheet
MSELs"): HSEEP as CMU SEI Blueprint seeds it, Blueprint's standard and MITRE templates,
OpenAEV's model workbook, Conducttr's MEL. Headers match case- and space-insensitively.
A column bound to no field is kept per inject under ``meta: {msel: {header: value}}`` and
written back by exports, so a platform's sheet survives a round trip through accord.

Fields a platform has no column for travel in extra columns, "Accord Event", "Accord
Payload" and the like (``EXTENSIONS``), which the platforms ignore and accord reads back.
"""

import re
from dataclasses import dataclass, field

from engine.read.modelbase import Scalar

# Inject fields a column can hold, in the order of the scenario file.
FIELDS = ("id", "time", "kind", "title", "narrative", "to", "from", "by", "event", "with",
          "expected_response", "objective", "notes")
KINDS = ("inject", "contingency", "expected_action")
KIND_WORDS = {"inject": "Inject", "contingency": "Contingency Inject", "expected_action": "Expected Action"}
EXTENSIONS = {
    "id": "Accord Id", "kind": "Accord Kind", "title": "Accord Title", "narrative": "Accord Narrative",
    "to": "Accord To", "from": "Accord From", "by": "Accord By", "event": "Accord Event",
    "with": "Accord Payload", "expected_response": "Accord Expected Response",
    "objective": "Accord Objective", "notes": "Accord Notes",
}


def header_key(text: str) -> str:
    """A header as matched: lower case, spaces and underscores removed (``Event No`` = ``eventno``)."""
    return re.sub(r"[\s_]+", "", text).casefold()


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a profile: its header, other accepted headers, and the field it holds
    (None: kept under ``meta.msel``)."""

    header: str
    field: str | None = None
    aliases: tuple[str, ...] = ()
    required: bool = False

    def match_keys(self) -> tuple[str, ...]:
        """The matching keys of the header and its aliases."""
        return tuple(header_key(h) for h in (self.header, *self.aliases))


@dataclass(frozen=True, slots=True)
class EventRule:
    """A row becomes an inject of a pack event when ``column``'s value is one of ``equals``."""

    column: str
    equals: tuple[str, ...]
    event: str
    by: str | None = None
    by_column: str | None = None
    payload: tuple[tuple[str, "PayloadSource"], ...] = ()


@dataclass(frozen=True, slots=True)
class PayloadSource:
    """A payload field's value: a constant, or a column's value (optionally renamed by ``values``)."""

    value: Scalar | None = None
    column: str | None = None
    values: tuple[tuple[str, Scalar], ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    """A spreadsheet layout: columns in sheet order, how clock times read, kind words, events."""

    name: str
    title: str
    columns: tuple[Column, ...]
    elapsed_clock: bool = False
    time_format: str = "t_plus"
    sheet: str | None = None
    kind_words: tuple[tuple[str, str], ...] = tuple((w, k) for k, w in KIND_WORDS.items())
    events: tuple[EventRule, ...] = ()
    source: str = ""
    extensions: dict[str, str] = field(default_factory=lambda: dict(EXTENSIONS))

    def bound(self, name: str) -> Column | None:
        """The column holding field ``name``, if the profile has one."""
        return next((c for c in self.columns if c.field == name), None)

    def kind_of(self, word: str) -> str | None:
        """``inject``, ``contingency`` or ``expected_action`` for a kind cell's text."""
        key = header_key(word)
        return next((k for w, k in self.kind_words if header_key(w) == key), None)

    def word_of(self, kind: str) -> str:
        """The text an export writes for ``kind``."""
        return next(w for w, k in self.kind_words if k == kind)


def _c(header: str, field_: str | None = None, *aliases: str, required: bool = False) -> Column:
    return Column(header, field_, aliases, required)


HSEEP = Profile(
    "hseep", "HSEEP MSEL (CMU SEI Blueprint's HSEEP template)",
    (
        _c("Event Number", "id", "Event No.", "Event #", "Inject Number", "Inject No."),
        _c("Designated Scenario Time", "time", "Scenario Time", required=True),
        _c("Event Type", "kind"),
        _c("Inject Mode"),
        _c("From", "from"),
        _c("To", "to"),
        _c("Message", "narrative"),
        _c("Expected Participant Response", "expected_response", "Expected Player Response", "Expected Response"),
        _c("Exercise Objective", "objective", "Objective"),
        _c("Notes", "notes"),
    ),
    source="cmu-sei/Blueprint.Api seed-data.json, MSEL 'Homeland Security Exercise and Evaluation Program'",
)
BLUEPRINT = Profile(
    "blueprint", "CMU SEI Crucible Blueprint, standard MSEL",
    (
        _c("Control Number", "id"),
        _c("Move"),
        _c("Group"),
        _c("Delivery Time", "time", "Time", required=True),
        _c("Simulated Time"),
        _c("Assigned To"),
        _c("Status"),
        _c("Title", "title"),
        _c("Description", "narrative"),
        _c("From Org", "from"),
        _c("To Org", "to"),
        _c("Details", "notes"),
        _c("Expected Actions", "expected_response"),
    ),
    time_format="blueprint",
    source="cmu-sei/Blueprint.Api seed-data.json, MSEL 'Standard MSEL'",
)
BLUEPRINT_MITRE = Profile(
    "blueprint-mitre", "CMU SEI Crucible Blueprint, MITRE Cyber Exercise Playbook MSEL",
    (
        _c("ID", "id"),
        _c("Local Time", "time", required=True),
        _c("Delivery Method"),
        _c("Target", "to"),
        _c("Title", "title"),
        _c("Description", "narrative"),
        _c("Assumptions"),
        _c("Notes", "notes"),
        _c("Expected Actions", "expected_response"),
        _c("Measure of Performance"),
    ),
    time_format="blueprint",
    source="cmu-sei/Blueprint.Api seed-data.json, MSEL 'MITRE Cyber Exercise Playbook'",
)
OPENAEV = Profile(
    "openaev", "OpenAEV (formerly OpenBAS) model workbook, for its XLS import mapper",
    (
        _c("Action to be taken", "title"),
        _c("Timeline", "time", required=True),
        _c("Teams", "to"),
        _c("Subject"),
        _c("Content", "narrative"),
        _c("Comments", "notes"),
        _c("Expectation Description", "expected_response"),
        _c("Expectation Name"),
        _c("Expectation Score"),
    ),
    time_format="tokens",
    source="OpenAEV-Platform/docs, docs/usage/scenario-import.md and its model_inject_xlsx.xlsx",
)
CONDUCTTR = Profile(
    "conducttr", "Conducttr master events list (MEL)",
    (
        _c("Number", "id", "Serial"),
        _c("Time", "time", required=True),
        _c("From", "from"),
        _c("Faction"),
        _c("To", "to"),
        _c("Team"),
        _c("Method"),
        _c("Subject", "title"),
        _c("Message", "narrative"),
        _c("Expected Action", "expected_response", "Expected Actions"),
        _c("Tab"),
    ),
    elapsed_clock=True,
    time_format="clock",
    source="Conducttr help docs, 'Master Event List (MEL)': times are relative to the start",
)
PROFILES = {p.name: p for p in (HSEEP, BLUEPRINT, BLUEPRINT_MITRE, OPENAEV, CONDUCTTR)}
