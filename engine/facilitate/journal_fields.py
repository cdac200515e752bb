"""What a journal line may hold, checked like a YAML file: every field of the header and of
each entry has a type and a rule, unknown fields are errors, and every error names
``journal:line:col`` (the column of the field in the line).

Tables, not code, say what is allowed: a new kind of entry (a facilitator's ``release``,
``undo`` or ``say`` that is not a command line, observations) is one more item of
``ENTRY_KINDS``, whose first field names the kind; a new header field is one more item of
``HEADER``.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.errors import InputError, Mark
from engine.read.durations import MAX_TICKS, to_hours
from engine.read.yamlio import control_character

FORMAT = "accord.journal/1"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")

Check = Callable[[Any], str | None]  # None when the value is right, else what was expected


def _text(v: Any) -> str | None:
    if not (isinstance(v, str) and v):
        return "expected text"
    bad = control_character(v.replace("\n", " "))  # a hand-edited journal: its texts reach terminals and reports
    return None if bad is None else f"text holds {bad}"


def _optional_text(v: Any) -> str | None:
    problem = None if v is None else _text(v)
    return "expected text or null" if problem == "expected text" else problem


def _one_line(v: Any) -> str | None:
    return _text(v) or (None if "\n" not in v and "\r" not in v else "expected one line of text")


def _whole(v: Any) -> str | None:
    # within ±2^53 like every number accord keeps (a seed beyond it would not read back the same in JSON)
    ok = isinstance(v, int) and not isinstance(v, bool) and -(2**53) <= v <= 2**53
    return None if ok else "expected a whole number within ±2^53"


def _flag(v: Any) -> str | None:
    return None if isinstance(v, bool) else "expected true or false"


_MAX_HOURS = to_hours(MAX_TICKS)


def _hours(v: Any) -> str | None:
    # At most the longest horizon a scenario may have (a century of ticks): a hand-edited
    # 1e308 once reached the tick conversion and overflowed (a traceback).
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and 0 <= v <= _MAX_HOURS
    return None if ok else f"expected a number of hours from 0 to {_MAX_HOURS:,.0f}"


def _instant(v: Any) -> str | None:
    return None if isinstance(v, str) and _INSTANT.fullmatch(v) else "expected a UTC instant like 2026-03-01T00:00:00Z"


def _digest(v: Any) -> str | None:
    return None if isinstance(v, str) and _SHA256.fullmatch(v) else "expected a SHA-256 (64 hex digits)"


def _format(v: Any) -> str | None:
    return None if v == FORMAT else f"expected '{FORMAT}'"


def _digests(v: Any) -> str | None:
    """``{file (relative to the scenario's folder): sha256}``."""
    if not isinstance(v, dict) or not v:
        return "expected {file: sha256, …}"
    bad = [k for k, h in v.items() if not k or _digest(h)]
    return f"expected a SHA-256 for each file ({bad[0]!r} has none)" if bad else None


def _odds(v: Any) -> str | None:
    """A forecast's summary: ``{runs, seed, waiting, after, objectives: {id: {met, runs}}}``."""
    keys = {"runs", "seed", "waiting", "after", "objectives"}
    if not isinstance(v, dict) or set(v) != keys:
        return f"expected {{{', '.join(sorted(keys))}}}"
    if _whole(v["runs"]) or _whole(v["seed"]) or _whole(v["after"]) or _optional_text(v["waiting"]):
        return "expected whole runs, seed and after, and waiting text or null"
    rows = v["objectives"]
    ok = isinstance(rows, dict) and all(isinstance(r, dict) and set(r) == {"met", "runs"} and not _whole(r["met"])
                                        and not _whole(r["runs"]) and 0 <= r["met"] <= r["runs"] for r in rows.values())
    return None if ok else "expected {objective: {met, runs}} with 0 ≤ met ≤ runs"


def _changes(v: Any) -> str | None:
    """``{file: {"was": sha256 | null, "now": sha256 | null}}``: files accepted as changed."""
    if not isinstance(v, dict) or not v:
        return "expected {file: {was, now}, …}"
    for change in v.values():
        if not isinstance(change, dict) or set(change) != {"was", "now"} or \
                any(h is not None and _digest(h) for h in change.values()):
            return "expected {was: sha256 or null, now: sha256 or null} for each file"
    return None


@dataclass(frozen=True)
class Field:
    """One field of a journal line: how it is checked, and whether it must be there."""

    check: Check
    required: bool = True


HEADER: dict[str, Field] = {
    "format": Field(_format),
    "scenario": Field(_text),  # absolute path of the scenario file
    "variant": Field(_optional_text),
    "seed": Field(_whole),
    "nominal": Field(_flag),
    "files": Field(_digests, required=False),  # every file the session loaded (absent before 0.2)
    "scenario_sha256": Field(_digest, required=False),  # the scenario's alone (journals before `files`)
    "out": Field(_text, required=False),  # the session's output folder (absent in older journals)
    "created": Field(_instant, required=False),
}

# Entry kinds by their first field: a command line given at time t, files accepted as
# changed on a resume (--accept-changed-files), or a forecast's summary (``forecast`` in
# play, or forecasts on: before and after each decision), recorded after ``after`` commands.
ENTRY_KINDS: dict[str, dict[str, Field]] = {
    "cmd": {"cmd": Field(_one_line), "t": Field(_hours), "wall": Field(_instant, required=False)},
    "accepted_files": {"accepted_files": Field(_changes), "t": Field(_hours), "wall": Field(_instant, required=False)},
    "forecast": {"forecast": Field(_odds), "t": Field(_hours), "wall": Field(_instant, required=False)},
}


def check_header(record: dict[str, Any], raw: str, path: str) -> None:
    """Raise InputError at the first wrong, missing or unknown field of the header line."""
    _check(record, HEADER, raw, path, 1, "header")


def entry_kind(record: dict[str, Any], raw: str, path: str, line: int) -> str:
    """The kind of an entry line (a key of ENTRY_KINDS), its fields checked; InputError if wrong."""
    kind = next((k for k in ENTRY_KINDS if k in record), None)
    if kind is None:
        raise InputError.at(Mark(path, line, 1), f"not a journal entry: expected one of {', '.join(ENTRY_KINDS)}")
    _check(record, ENTRY_KINDS[kind], raw, path, line, f"'{kind}' entry")
    return kind


def _check(record: dict[str, Any], fields: dict[str, Field], raw: str, path: str, line: int, what: str) -> None:
    for key in record:
        if key not in fields:
            raise InputError.at(_at(path, line, raw, key), f"unknown field '{key}' in the journal's {what}")
    for key, spec in fields.items():
        if key not in record:
            if spec.required:
                raise InputError.at(Mark(path, line, 1), f"the journal's {what} has no '{key}'")
            continue
        problem = spec.check(record[key])
        if problem:
            raise InputError.at(_at(path, line, raw, key), f"'{key}': {problem}, got {_show(record[key])}")


def _at(path: str, line: int, raw: str, key: str) -> Mark:
    """The place of ``key`` in its line (column 1 if it cannot be found)."""
    col = raw.find(f'"{key}"')
    return Mark(path, line, col + 1 if col >= 0 else 1)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
