"""Helpers for the facilitated-play tests: run ``accord play`` with a script on stdin."""

import io
import json
import sys
from pathlib import Path

import pytest

from engine.cli import main

DATA = Path(__file__).parent / "data"
EXERCISE = str(DATA / "play_exercise.yaml")

# Every line is a journaled action, so journal entry i is script line i.
SCRIPT = [
    "next", "next", "note players ask who is behind it", "next", "next",
    "decide attribution adversary", "inject consultations.opened", "advance 1d",
    "rate OBJ-1 S slow mandate", "next", "next", "advance T+20d", "end",
]


def play(monkeypatch: pytest.MonkeyPatch, lines: list[str], *args: str) -> int:
    """Run ``accord play ARGS`` with ``lines`` as standard input; return the exit code."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(["play", *args])


def outputs(folder: Path) -> dict[str, object]:
    """results.json and facilitation.json of a finished session."""
    return {name: json.loads((folder / name).read_text()) for name in ("results.json", "facilitation.json")}
