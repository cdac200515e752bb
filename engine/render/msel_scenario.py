"""An imported MSEL as a scenario file: the document around the injects, as YAML text.

Without a base scenario the document is new: its id and title from the file's name, the
pack given (``rules``, relative to where the scenario is written), the start given (UTC),
and a horizon one day past the last inject, in whole days. With a base scenario
(``--base``), everything but the injects is the base's, its pack paths made relative to
the new file. Each inject is preceded by a comment naming the row it came from.
"""

import math
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from engine.read.msel.time_formats import parse_offset
from engine.render.msel_rows import Imported
from engine.render.scenario_yaml import Path, dump
from engine.simulate.record import iso

DAY_S = 86400


@dataclass(frozen=True, slots=True)
class Origin:
    """Where the injects came from and where the scenario goes."""

    sheet: str  # ``msel.xlsx:MSEL`` or ``msel.csv``
    profile: str
    out: str  # the scenario file's path (its folder anchors relative paths)


def new_document(imported: Imported, origin: Origin, *, pack: str | None, start: datetime | None,
                 until: str | None) -> dict[str, Any]:
    """A new scenario holding ``imported``'s injects."""
    stem = os.path.splitext(os.path.basename(origin.out))[0]
    doc: dict[str, Any] = {
        "scenario": re.sub(r"[^a-z0-9_]+", "_", stem.lower()).strip("_") or "msel",
        "title": f"MSEL imported from {os.path.basename(origin.sheet)}",
        "rules": [_relative(pack, origin.out)] if pack else [],
    }
    if start is not None:
        begin = start - timedelta(seconds=imported.summary.shift_s)
        doc["start"] = iso(begin.astimezone(UTC))  # four-digit years, which %Y does not give before 1000
    doc["until"] = until or horizon(imported.injects)
    doc["injects"] = imported.injects
    return doc


def based_document(imported: Imported, base: dict[str, Any], base_path: str, origin: Origin) -> dict[str, Any]:
    """The base scenario with ``imported``'s injects in place of its own."""
    doc = dict(base)
    doc["rules"] = [_relative(os.path.join(os.path.dirname(base_path), r), origin.out) for r in base.get("rules", [])]
    doc["injects"] = imported.injects
    return doc


def horizon(injects: list[dict[str, Any]]) -> str:
    """One day past the last inject, in whole days (``2d``)."""
    last = max((parse_offset(i["at"]) for i in injects if "at" in i), default=0)
    return f"{math.ceil((last + DAY_S) / DAY_S)}d"


def scenario_text(doc: dict[str, Any], imported: Imported, origin: Origin) -> str:
    """The scenario as YAML, a header saying where it came from, a comment per inject."""
    s = imported.summary
    header = (f"Imported by `accord msel import` from {origin.sheet} (profile {origin.profile}).\n"
              f"{summary_line(imported)}")
    if s.shift_s:
        header += f"\nT+0 is {s.shift_s // 60} min before the sheet's start: an inject came before it."
    comments: dict[Path, str] = {("injects", i): str(p) for i, p in enumerate(imported.places)}
    return dump(doc, comments, header=header)


def summary_line(imported: Imported) -> str:
    """``12 rows: 9 injects (3 narrative, 1 held), 2 expected actions, 1 section row skipped.``"""
    s = imported.summary
    return (f"{s.rows} rows: {s.injects} injects ({s.narrative} narrative, {s.held} held), "
            f"{s.expected_actions} expected actions, {s.sections} section rows skipped.")


def _relative(path: str, out: str) -> str:
    """``path`` as written in a file at ``out`` (forward slashes, as scenario files write them)."""
    rel = os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(out)))
    return rel.replace(os.sep, "/")
