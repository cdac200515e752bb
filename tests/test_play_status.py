"""`status` in accord play: the situation on one screen (80×24), and the details on demand
(`status all`, `status held`, `status <response>`, `status <objective>`), held injects listed
by id so the facilitator can release them."""

import io
from pathlib import Path

import pytest
from play_helpers import EXERCISE, play
from rich.console import Console

from engine import api
from engine.cli.play_status import summary_screen
from engine.facilitate.feed import Feed, Message
from engine.facilitate.session import Session
from engine.facilitate.situation import Situation

ROOT = Path(__file__).parent.parent
BUNDLED = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))


def shown_after(scenario: str, lines: list[str]) -> list:
    """Everything a session of ``scenario`` showed, fed ``lines``."""
    shown: list = []
    session = Session(api.load(scenario), show=shown.append)
    feed = iter(lines)
    session.run(Feed([], lambda: next(feed, None)))
    return shown


def drawn(renderable: object, width: int = 80) -> list[str]:
    """The lines a renderable takes on a terminal ``width`` columns wide."""
    console = Console(file=io.StringIO(), width=width, height=24, color_system=None)
    console.print(renderable)
    return console.file.getvalue().splitlines()


def busiest_status(scenario: str) -> Situation:
    """The `status` summary at the stop, among the first twenty, with the most running."""
    lines = []
    for _ in range(20):
        lines += ["next", "status"]
    shown = shown_after(scenario, lines)
    summaries = [s for s in shown if isinstance(s, Situation) and s.details == "summary"]
    return max(summaries, key=lambda s: len(s.responses) + len(s.objectives))


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda p: Path(p).stem)
def test_status_fits_an_80x24_terminal_for_every_bundled_scenario(scenario):
    """`status` takes at most 23 lines (the 24th is the prompt) of 80 columns, even at the busiest stop."""
    lines = drawn(summary_screen(busiest_status(scenario), 80, 23))
    assert len(lines) <= 23
    assert max(len(x) for x in lines) <= 80


def test_status_summary_says_how_to_see_the_rest_when_a_list_is_cut():
    """A list longer than the room left ends with how many more there are and 'status all'."""
    s = busiest_status(str(ROOT / "scenarios" / "mnf_deployment.yaml"))
    running = sum(r.status == "active" for r in s.responses)
    assert running > 3
    text = "\n".join(drawn(summary_screen(s, 80, 10)))
    assert "more: 'status all'" in text
    assert len(text.splitlines()) <= 10


def test_status_shows_the_clock_the_waiting_decision_and_the_held_count(monkeypatch, tmp_path, capsys):
    """The summary: the clock, the decision waiting with its options, how many injects are held."""
    assert play(monkeypatch, [*["next"] * 4, "status"], EXERCISE, "--out", str(tmp_path / "o")) == 0
    summary = capsys.readouterr().out.split("> status")[-1]
    assert "STATUS  T+2d" in summary
    assert "DECISION WAITING: decide attribution <option>  (adversary, unclear)" in summary
    assert "Held injects: 1 not released" in summary


def test_status_all_lists_the_held_injects_by_id(monkeypatch, tmp_path, capsys):
    """`status all` lists each held inject not released yet with its id and title."""
    assert play(monkeypatch, ["status all"], EXERCISE, "--out", str(tmp_path / "o")) == 0
    details = capsys.readouterr().out.split("> status all")[-1]
    assert "I-06" in details
    assert "Press leak" in details


def test_status_held_no_longer_lists_a_released_inject(monkeypatch, tmp_path, capsys):
    """Once released, a held inject leaves `status held`."""
    assert play(monkeypatch, ["release I-06", "status held"], EXERCISE, "--out", str(tmp_path / "o")) == 0
    details = capsys.readouterr().out.split("> status held")[-1]
    assert "I-06" not in details
    assert "none waiting to be released" in details


def test_status_of_a_response_lists_its_participants():
    """`status <response>` shows that response's participants and where each stands."""
    shown = shown_after(str(ROOT / "scenarios" / "mnf_deployment.yaml"), ["next", "status defence_packages"])
    s = next(x for x in shown if isinstance(x, Situation) and x.details == "defence_packages")
    from engine.cli.play_details import details  # noqa: PLC0415 - the renderer under test

    text = "\n".join(drawn(details(s)))
    for p in next(r for r in s.responses if r.response == "defence_packages").participants:
        assert p.actor in text


def test_status_of_an_unknown_topic_is_refused_with_a_suggestion():
    """`status defence_pakages` is an error naming the nearest topic; nothing is shown."""
    shown = shown_after(str(ROOT / "scenarios" / "mnf_deployment.yaml"), ["status defence_pakages"])
    errors = [m.text for m in shown if isinstance(m, Message) and m.level == "error"]
    assert len(errors) == 1
    assert "defence_packages" in errors[0]
    assert not any(isinstance(x, Situation) and x.details for x in shown)


def test_help_names_the_status_details(monkeypatch, tmp_path, capsys):
    """The in-play `help` tells how to ask for the details: `status all|held|<id>`."""
    assert play(monkeypatch, ["help"], EXERCISE, "--out", str(tmp_path / "o")) == 0
    assert "status all|held|<id>" in capsys.readouterr().out
