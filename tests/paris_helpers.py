"""Helpers for the Paris Declaration pack tests: play a scenario through the command line and
read its results.json (the contract, SPEC §4), and the two facts the declaration's
conditions are about — where forces are and whether hostilities have ceased."""

import json
import re
from pathlib import Path
from typing import Any

from engine.cli import main

ROOT = Path(__file__).resolve().parents[1]
PARIS = ROOT / "tests" / "data" / "paris"
PACK = ROOT / "rules" / "paris_declaration.yaml"
SOURCES = ROOT / "rules" / "sources.md"

# Phases that put forces in Ukraine, over it or in its waters (land deployment, air policing,
# mine countermeasures, the forward HQ in Kyiv). Force generation, staging and withdrawal
# phases happen outside Ukraine and do not match.
IN_UKRAINE = re.compile(r"into Ukraine|over Ukraine|Ukrainian waters|in Kyiv|air policing|mine countermeasures")
DAY = 24.0


def play(tmp_path: Path, scenario: Path | str, variant: str | None = None, *, seed: int | None = None,
         nominal: bool = False) -> dict[str, Any]:
    """Run ``accord run`` on ``scenario`` and return its results.json as a dict.

    Sampled with the scenario's seed unless ``seed`` or ``nominal`` is given. Raises
    AssertionError if the command does not exit 0."""
    out = tmp_path / f"run-{variant or 'base'}-{seed}-{nominal}"
    argv = ["run", str(scenario), "--out", str(out), "--format", "json", "-q"]
    argv += ["--variant", variant] if variant else []
    argv += ["--seed", str(seed)] if seed is not None else []
    argv += ["--nominal"] if nominal else []
    assert main(argv) == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def fixture(name: str) -> Path:
    """A scenario under tests/data/paris/."""
    return PARIS / f"{name}.yaml"


def events(results: dict[str, Any], etype: str) -> list[dict[str, Any]]:
    """Events of one type, in order."""
    return [e for e in results["events"] if e["type"] == etype]


def first(results: dict[str, Any], etype: str) -> float | None:
    """Hours of the first event of ``etype``, or None."""
    found = events(results, etype)
    return found[0]["t"] if found else None


def in_ukraine_steps(results: dict[str, Any]) -> list[tuple[str, str, float, float | None]]:
    """(response, actor, start_h, end_h) of every phase that puts forces in Ukraine."""
    return [(r["response"], p["actor"], s["start_h"], s["end_h"])
            for r in results["responses"] for p in r["participants"] for s in p["steps"]
            if s["kind"] == "phase" and IN_UKRAINE.search(s["name"])]


def ceasefire_windows(results: dict[str, Any]) -> list[tuple[float, float]]:
    """[(from_h, to_h)] during which hostilities have ceased: from each ceasefire entering into
    force to the next large-scale attack (a fact read from the injects, not from the pack's
    state), the last one open to infinity."""
    windows: list[tuple[float, float]] = []
    start: float | None = None
    for e in results["events"]:
        if e["type"] == "ceasefire.entered_into_force" and start is None:
            start = e["t"]
        elif e["type"] == "attack.renewed" and e["with"].get("scale") == "large_scale" and start is not None:
            windows.append((start, e["t"]))
            start = None
    if start is not None:
        windows.append((start, float("inf")))
    return windows


def outside_ceasefire(results: dict[str, Any]) -> list[tuple[str, str, float, float | None]]:
    """The in-Ukraine phases that start, run or end while hostilities continue: each must start
    inside a ceasefire window and end (if it ended) no later than that window's end."""
    windows = ceasefire_windows(results)
    bad = []
    for step in in_ukraine_steps(results):
        _, _, start, end = step
        inside = [w for w in windows if w[0] <= start < w[1]]
        if not inside or (end is not None and end > inside[0][1]):
            bad.append(step)
    return bad


def decisions(results: dict[str, Any], name: str) -> list[str]:
    """The options taken for decision ``name``, in order."""
    return [d["option"] for d in results["decisions"] if d["decision"] == name]


def responses(results: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Every instance of response ``name``."""
    return [r for r in results["responses"] if r["response"] == name]
