"""Tiny fixtures: write a pack and a scenario to a temporary folder and play them."""

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from engine import api
from engine.check.world import World
from engine.simulate.record import RunResult, result_dict

DATA = Path(__file__).parent / "data"

PACK = """\
pack: test
actors:
  alpha: {name: Alpha, groups: [treaty]}
  bravo: {name: Bravo, groups: [treaty], procedures: {deploy: bravo_proc}}
  charlie: {name: Charlie, groups: [treaty], procedures: {deploy: charlie_proc}}
procedures:
  bravo_proc:
    steps:
      - {name: cabinet, duration: 2d}
      - {name: vote, duration: 1d, approval: 0.9}
  charlie_proc:
    steps: [{name: cabinet, duration: 1d}]
state:
  flag: {type: bool, initial: false}
  n: {type: int, initial: 0}
  level: {type: enum, values: [green, amber, red], initial: green}
events:
  go: {fields: {scale: {type: enum, values: [small, big]}, size: {type: int}}}
  ping: {}
  pong: {}
  report: {}
  alarm: {}
responses:
  defence:
    title: Defence
    authority: deploy
    participants: [bravo, charlie]
    lead: bravo
    complete: all
    phases: [{name: move, duration: 4d}]
"""


def write(folder: Path, name: str, text: str) -> str:
    """Write dedented YAML and return its path."""
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


@pytest.fixture
def play(tmp_path: Path) -> Callable[..., dict]:
    """Play a scenario body against PACK plus ``rules`` appended; return results as a dict."""

    def _play(body: str, rules: str = "", *, nominal: bool = True, seed: int | None = None,
              variant: str | None = None, pack: str = PACK) -> dict:
        write(tmp_path, "pack.yaml", pack + textwrap.dedent(rules))
        head = "scenario: s\nrules: [pack.yaml]\nstart: 2026-03-01T00:00:00Z\n"
        path = write(tmp_path, "s.yaml", head + textwrap.dedent(body))
        world = api.load(path, variant)
        return result_dict(api.play(world, seed=seed, nominal=nominal))

    return _play


@pytest.fixture
def load_world(tmp_path: Path) -> Callable[..., World]:
    """Load a scenario body against PACK plus ``rules``; return the World."""

    def _load(body: str, rules: str = "", *, variant: str | None = None, pack: str = PACK) -> World:
        write(tmp_path, "pack.yaml", pack + textwrap.dedent(rules))
        head = "scenario: s\nrules: [pack.yaml]\nstart: 2026-03-01T00:00:00Z\n"
        return api.load(write(tmp_path, "s.yaml", head + textwrap.dedent(body)), variant)

    return _load


def events(result: dict) -> list[tuple[float, str, str | None, str]]:
    """The events of a result as (t, type, by, source)."""
    return [(e["t"], e["type"], e["by"], e["source"]) for e in result["events"]]


__all__ = ["DATA", "PACK", "RunResult", "events", "write"]


# Hypothesis budgets: "ci" (default) keeps the property tests within about a minute;
# HYPOTHESIS_PROFILE=nightly runs 25 times more examples for a local soak.
settings.register_profile("ci", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("nightly", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
