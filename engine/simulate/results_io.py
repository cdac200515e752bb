"""Reading a run back: ``results.json`` (``accord.results/1``) and ``run.json`` (``accord.run/1``).

``run.json`` sits next to ``results.json`` and says which scenario file, variant, seed and
mode produced it, so ``accord explain`` can load the scenario again to cite rule sources.
"""

import json
import os
from datetime import UTC, datetime
from typing import Any

from engine.errors import Diagnostic, InputError, Mark
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
        return _result(doc)
    except (KeyError, TypeError, ValueError) as exc:
        raise _error(path, f"malformed results: {exc!r}") from None


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
        start=datetime.strptime(d["start"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
        until_h=float(d["until_h"]),
        events=[EventRecord(e["seq"], e["t"], e["type"], e["by"], e["with"], e["source"], e["cause"])
                for e in d["events"]],
        firings=[Firing(f["rule"], f["t"], f["trigger"]) for f in d["firings"]],
        responses=[_response(x) for x in d["responses"]],
        decisions=[DecisionRecord(x["decision"], x["t"], x["option"], x["how"]) for x in d["decisions"]],
        objectives=[ObjectiveRecord(o["objective"], o["status"], o["from_h"], o["at_h"], o["deadline_h"])
                    for o in d["objectives"]],
        pending=[PendingRecord(p["t"], p["type"], p["source"]) for p in d["pending"]],
        state=d["state"],
        notes=[NoteRecord(n["t"], n["text"]) for n in d.get("notes", [])],
    )


def _response(x: dict[str, Any]) -> ResponseRecord:
    parts = [
        ParticipantRecord(p["actor"], p["status"], p["authorized_h"], p["contributed_h"],
                          [StepRecord(s["kind"], s["name"], s["start_h"], s["end_h"]) for s in p["steps"]])
        for p in x["participants"]
    ]
    return ResponseRecord(x["response"], x["instance"], x["status"], x["started_h"], x["ended_h"], parts)
