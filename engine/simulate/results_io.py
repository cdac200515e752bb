"""Reading a run back: ``results.json`` (``accord.results/1``) and ``run.json`` (``accord.run/1``).

``run.json`` sits next to ``results.json`` and says which scenario file, variant, seed and
mode produced it, so ``accord explain`` can load the scenario again to cite rule sources.
"""

import json
import os
from datetime import UTC, datetime
from typing import Any

from engine.errors import Diagnostic, InputError, Mark
from engine.read.durations import to_hours, to_ticks
from engine.read.paths import identity
from engine.read.safe_open import read_bytes
from engine.simulate.record import (
    FORMAT,
    DecisionRecord,
    EventRecord,
    Firing,
    NoteRecord,
    ObjectiveRecord,
    ParticipantRecord,
    PendingRecord,
    ResponseRecord,
    RunResult,
    StepRecord,
)

RUN_FORMAT = "accord.run/1"
# A run stopped by the default guard (1,000,000 events) writes about 250 MB of results.json.
MAX_RESULTS_BYTES = 512 * 1024 * 1024


def run_info(result: RunResult, scenario_path: str, folder: str) -> str:
    """``run.json`` text for a run of ``scenario_path`` written into ``folder``."""
    # Between resolved paths: `..` in the saved path then climbs the real folders, whichever
    # spelling (a symlink, `x/../out`) names the results folder when it is read back.
    rel = os.path.relpath(identity(scenario_path), identity(folder))
    doc = {"format": RUN_FORMAT, "scenario_file": rel.replace(os.sep, "/"),
           "variant": result.variant, "seed": result.seed, "mode": result.mode}
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def read_run_info(results_path: str) -> dict[str, Any] | None:
    """The ``run.json`` beside ``results_path`` with ``scenario_file`` made a usable path; None if absent."""
    folder = os.path.dirname(identity(results_path))
    path = os.path.join(folder, "run.json")
    if not os.path.exists(path):
        return None
    doc = _read_json(path)
    if doc.get("format") != RUN_FORMAT or not isinstance(doc.get("scenario_file"), str):
        raise _error(path, f"not an {RUN_FORMAT} file")
    doc["scenario_file"] = os.path.normpath(os.path.join(folder, doc["scenario_file"]))
    return doc


def read_results(path: str) -> RunResult:
    """Load ``results.json``; InputError (exit 2) if missing or not ``accord.results/1``."""
    doc = _read_json(path)
    if doc.get("format") != FORMAT:
        raise _error(path, f"not an {FORMAT} file (format: {doc.get('format')!r})")
    try:
        result = _result(doc)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:  # overflow: an hour value like 1e308
        raise _error(path, f"malformed results: {exc!r}") from None
    _check_calendar(result, path)
    return result


def _check_calendar(result: RunResult, path: str) -> None:
    """Every time of the record must name an instant the calendar can write (a hand-edited
    file could hold any number)."""
    times = [result.until_h, *(e.t for e in result.events), *(p.t for p in result.pending)]
    try:
        for hours in (min(times), max(times)):
            result.instant(hours)
    except (OverflowError, ValueError):
        raise _error(path, "times reach outside the calendar (years 1 to 9999)") from None


def _read_json(path: str) -> dict[str, Any]:
    data = read_bytes(path, limit=MAX_RESULTS_BYTES, what="a JSON file")  # regular files only, limit while reading
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise _error(path, f"not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise _error(path, "expected a JSON object")
    return doc


def _error(path: str, message: str) -> InputError:
    return InputError([Diagnostic(Mark(path, 1, 1), message)])


def _result(d: dict[str, Any]) -> RunResult:
    return RunResult(
        scenario=d["scenario"], variant=d["variant"], seed=d["seed"], mode=d["mode"],
        start=_start(d["start"]),
        until_h=_h(d["until_h"]),
        events=[EventRecord(e["seq"], _h(e["t"]), e["type"], e["by"], e["with"], e["source"], e["cause"])
                for e in d["events"]],
        firings=[Firing(f["rule"], _h(f["t"]), f["trigger"]) for f in d["firings"]],
        responses=[_response(x) for x in d["responses"]],
        decisions=[DecisionRecord(x["decision"], _h(x["t"]), x["option"], x["how"]) for x in d["decisions"]],
        objectives=[ObjectiveRecord(o["objective"], o["status"], _opt(o["from_h"]), _opt(o["at_h"]),
                                    _opt(o["deadline_h"])) for o in d["objectives"]],
        pending=[PendingRecord(_h(p["t"]), p["type"], p["source"]) for p in d["pending"]],
        state=d["state"],
        notes=[NoteRecord(_h(n["t"]), n["text"]) for n in d.get("notes", [])],
    )


def _start(text: str) -> datetime:
    """``start`` as written by ``record.iso`` (``YYYY-MM-DDTHH:MM:SSZ``, four-digit years)."""
    if not isinstance(text, str) or len(text) != 20 or not text.endswith("Z"):
        raise ValueError(f"start {text!r} is not YYYY-MM-DDTHH:MM:SSZ")
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)


def _h(hours: Any) -> float:
    """An hour value as the engine made it: ``to_hours`` of its tick (results.json rounds hours
    to six decimals, which still names one tick), so a result read back compares like a live one."""
    return to_hours(to_ticks(float(hours)))


def _opt(hours: Any) -> float | None:
    return None if hours is None else _h(hours)


def _response(x: dict[str, Any]) -> ResponseRecord:
    parts = [
        ParticipantRecord(p["actor"], p["status"], _opt(p["authorized_h"]), _opt(p["contributed_h"]),
                          [StepRecord(s["kind"], s["name"], _h(s["start_h"]), _opt(s["end_h"])) for s in p["steps"]])
        for p in x["participants"]
    ]
    return ResponseRecord(x["response"], x["instance"], x["status"], _h(x["started_h"]), _opt(x["ended_h"]), parts)
