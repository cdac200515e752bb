"""accord play on an 80×24 terminal (tmux): after every `next` the inject being delivered is
on the screen, under the clock, and nothing has scrolled off (issue 15 item 6)."""

import itertools
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from play_helpers import EXERCISE

from engine import api
from engine.facilitate.feed import Feed
from engine.facilitate.session import Session
from engine.facilitate.situation import Situation
from engine.simulate.timefmt import t_plus

ROOT = Path(__file__).parent.parent
PARIS = str(ROOT / "scenarios" / "renewed_attack.yaml")
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)")


class Terminal:
    """A tmux pane of a given size running one command, on a tmux server of its own."""

    def __init__(self, command: list[str], width: int, height: int) -> None:
        self.socket = f"accord-test-{uuid.uuid4().hex[:8]}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        env["PYTHONPATH"] = str(ROOT)
        self.env = env
        self._before: list[str] = []
        self._typed = 0.0
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), "-s", "play",
                   f"cd {shlex.quote(str(ROOT))} && {shlex.join(command)}; sleep 60")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True,
                              check=True, timeout=20)
        return done.stdout

    def screen(self) -> list[str]:
        """The visible lines of the pane."""
        return self._tmux("capture-pane", "-p", "-t", "play").split("\n")

    def type(self, line: str) -> None:
        self._before = self.screen()
        self._typed = time.monotonic()
        self._tmux("send-keys", "-t", "play", "-l", line)
        self._tmux("send-keys", "-t", "play", "Enter")

    def wait_for_prompt(self, clock: str) -> list[str]:
        """The screen once the prompt at ``clock`` is its last line of text, and the screen has
        changed since the last line was typed (or stayed the same for two seconds: a screen
        may be redrawn as it was)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            lines = self.screen()
            text = [x for x in lines if x.strip()]
            settled = lines != self._before or time.monotonic() - self._typed > 2
            if text and text[-1].rstrip() == f"accord {clock}>" and settled:
                return lines
            time.sleep(0.05)
        raise AssertionError("no prompt at " + clock + ":\n" + "\n".join(self.screen()))

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env, capture_output=True, check=False)


def expected(scenario: str, lines: list[str]) -> list[Situation]:
    """The situation after each line, from the same session played in this process."""
    shown: list = []
    session = Session(api.load(scenario), show=shown.append)
    after: list[Situation] = []
    feed = iter(lines)

    def live() -> str | None:
        if shown:
            after.append(next(s for s in reversed(shown) if isinstance(s, Situation)))
        return next(feed, None)

    session.run(Feed([], live))
    return after[1:]  # the first is the start, before any line


@pytest.fixture
def terminal(tmp_path) -> Iterator[callable]:
    opened: list[Terminal] = []

    def start(scenario: str, width: int = 80, height: int = 24) -> Terminal:
        command = [sys.executable, "-m", "engine", "play", scenario, "--out", str(tmp_path / f"out{len(opened)}")]
        opened.append(Terminal(command, width, height))
        return opened[-1]

    yield start
    for t in opened:
        t.close()


def check_screen(lines: list[str], situation: Situation) -> None:
    """The clock heads the screen; each current inject's title is on it; nothing is wider than 80."""
    assert lines[0].startswith(f"{t_plus(situation.clock_h)}  "), "\n".join(lines)
    text = "\n".join(lines)
    for d in situation.current:
        title = d.public.title or d.public.narrative
        assert " ".join(title.split()) in " ".join(text.replace("│", " ").split()), (title, text)
        assert d.inject is None or f"inject {d.inject} at " in text
    if situation.waiting is not None:
        assert "DECISION WAITING" in text
        for option in situation.waiting.options:
            assert f"decide {situation.waiting.id} {option}" in text


@pytest.mark.parametrize(("scenario", "lines"), [
    (EXERCISE, [*["next"] * 4, "decide attribution adversary", *["next"] * 4]),
    (PARIS, ["next"] * 10),
])
def test_current_inject_title_is_on_screen_after_every_next(terminal, scenario, lines):
    """At 80×24, after every `next` (and `decide`) the screen starts with the clock and shows the
    title of every inject being delivered, and the waiting decision with all its options."""
    term = terminal(scenario)
    term.wait_for_prompt("T+0")
    for line, situation in zip(lines, expected(scenario, lines), strict=True):
        term.type(line)
        check_screen(term.wait_for_prompt(t_plus(situation.clock_h)), situation)


def test_messages_do_not_push_the_inject_off_the_screen(terminal):
    """Errors and notes appear under the screen, which is redrawn: the clock and the inject stay."""
    term = terminal(EXERCISE)
    term.wait_for_prompt("T+0")
    term.type("next")
    term.wait_for_prompt("T+0")
    for line in ["bogus", "note the players ask for a map", "inject atack", "advance 3"]:
        term.type(line)
        lines = term.wait_for_prompt("T+0")
        assert lines[0].startswith("T+0  "), "\n".join(lines)
        assert "Entry into force" in "\n".join(lines)
    assert "error: advance 3:" in "\n".join(lines)


def test_a_taller_terminal_shows_more(terminal):
    """At 120×40 the screen grows: the objectives' clocks and active responses join the summary."""
    lines = ["next"] * 4 + ["decide attribution adversary", "next"]
    term = terminal(EXERCISE, 120, 40)
    term.wait_for_prompt("T+0")
    for line, situation in zip(lines, expected(EXERCISE, lines), strict=True):
        term.type(line)
        screen = term.wait_for_prompt(t_plus(situation.clock_h))
    assert "OBJ-1 Collective defence within 10 days of the attack: 10d left" in "\n".join(screen)
    assert max(len(x) for x in screen) > 80


def test_a_forecast_stays_whole_under_the_screen(tmp_path):
    """`forecast` at an 80x24 terminal: every line of it is under the screen at once (the
    objective's odds and the waiting decision's options), the clock still on top."""
    forecast = str(ROOT / "tests" / "data" / "forecast" / "forecast_exercise.yaml")
    term = Terminal([sys.executable, "-m", "engine", "play", forecast, "--out", str(tmp_path / "out"),
                     "--workers", "1"], 80, 24)
    try:
        term.wait_for_prompt("T+0")
        for clock in ("T+0", "T+1d"):  # I-01, then I-02 raises the posture decision
            term.type("next")
            term.wait_for_prompt(clock)
        term.type("forecast 20")
        text = "\n".join(term.wait_for_prompt("T+1d"))
    finally:
        term.close()
    assert text.startswith("T+1d  ")
    for part in ("forecast from T+1d", "OBJ-1:", "next decision posture (waiting): engage"):
        assert part in text, text


def test_a_line_already_cut_to_the_width_ends_with_one_ellipsis():
    """A card cut short after its sender line (itself cut to the width) ends '…', not '……'."""
    from rich.text import Text  # noqa: PLC0415 - the screen's library, for this test only

    from engine.cli.play_view import _cut, _line  # noqa: PLC0415

    sender = _line("from US mediation team to all partners and every national capital of the coalition", 40)
    (cut,) = _cut([sender, Text("the narrative")], 1)
    assert cut.plain.endswith("…")
    assert not cut.plain.endswith("……")


def test_status_keeps_the_whole_summary_on_an_80x24_screen(terminal):
    """`status` at 80×24 redraws the screen with the summary: its first line (the clock) is
    still on the screen above the prompt, nothing scrolled off."""
    term = terminal(str(ROOT / "scenarios" / "mnf_deployment.yaml"))
    term.wait_for_prompt("T+0")
    term.type("next")
    term.wait_for_prompt("T+0")
    term.type("status")
    lines = term.wait_for_prompt("T+0")
    assert lines[0].startswith("STATUS  T+0  "), "\n".join(lines)
    assert any(x.startswith("Details: 'status all'") for x in lines), "\n".join(lines)


def narrative_lines(screen: list[str], first_words: str, after: str) -> list[str]:
    """The card lines of a narrative, from the one starting ``first_words`` to the line before ``after``."""
    inner = [x.strip("│ ").rstrip() for x in screen if x.startswith("│")]
    start = next(i for i, x in enumerate(inner) if x.startswith(first_words))
    end = next(i for i, x in enumerate(inner) if i > start and x.startswith(after))
    return inner[start:end]


@pytest.mark.parametrize("width", [80, 100])
def test_a_scenario_narrative_is_wrapped_once_to_the_terminal_width(terminal, width):
    """I-02's narrative (a YAML block written at 88 columns) fills each line of its card: no
    line could have taken the next line's first word, so it was wrapped once, to the card."""
    scenario = str(ROOT / "scenarios" / "mnf_deployment.yaml")
    lines = ["next", "advance T+7d", "next"]
    term = terminal(scenario, width, 30)
    term.wait_for_prompt("T+0")
    for line, situation in zip(lines, expected(scenario, lines), strict=True):
        term.type(line)
        screen = term.wait_for_prompt(t_plus(situation.clock_h))
    text = narrative_lines(screen, "The President of Ukraine", "expected response")
    assert " ".join(text) == ("The President of Ukraine formally requests the deployment of the multinational force "
                              "in all three components, to support the regeneration of the armed forces and provide "
                              "deterrence.")
    for line, following in itertools.pairwise(text):
        assert len(line) + 1 + len(following.split()[0]) > width - 4, text
