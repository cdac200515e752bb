"""Texts the facilitator types on several lines (the browser console's text boxes, or `\\n`
in a command line): kept line by line in the record, the reports and the screens, and made
inert there; a scenario's YAML line breaks still flow."""

import io
from pathlib import Path

import pytest
from play_helpers import EXERCISE, play
from rich.console import Console

from engine import api
from engine.cli.play_view import compact
from engine.facilitate.commands import parse, text_line, text_of
from engine.facilitate.feed import Feed
from engine.facilitate.session import Session
from engine.facilitate.situation import Situation
from tests.test_markdown_inert import assert_inert, rendered

SAY = r"say The minister calls:\nhold the line.\n\n<b>Then</b> [x](javascript:alert(1))"
SAID = "The minister calls:\nhold the line.\n\n<b>Then</b> [x](javascript:alert(1))"


@pytest.mark.parametrize("text", ["one\ntwo", "C:\\new\\table", "a\\\\n b", "\\", "ends with \\"])
def test_a_text_written_into_a_command_line_reads_back_the_same(text):
    """`text_of(text_line(t)) == t`: line breaks and backslashes survive the one-line command."""
    assert text_of(text_line(text)) == text


def test_backslash_n_in_say_is_a_line_break():
    """`say a\\nb` tells the players two lines; `\\\\` is one backslash; another backslash is itself."""
    assert parse(r"say a\nb", api.load(EXERCISE)).text == "a\nb"
    assert parse(r"say C:\\new and C:\temp", api.load(EXERCISE)).text == "C:\\new and C:\\temp"


def session_report(monkeypatch, tmp_path: Path, lines: list[str]) -> Path:
    out = tmp_path / "out"
    assert play(monkeypatch, [*lines, "end"], EXERCISE, "--out", str(out)) == 0
    return out


def test_say_on_several_lines_keeps_them_in_the_markdown_msel_as_played(monkeypatch, tmp_path):
    """report.md's MSEL-as-played row of the message breaks its lines (<br>) and stays inert."""
    report = (session_report(monkeypatch, tmp_path, ["next", SAY]) / "report.md").read_text()
    row = next(line for line in report.splitlines() if line.startswith("| adhoc-1 "))
    assert "The minister calls:<br>hold the line.<br><br>&lt;b&gt;Then&lt;/b&gt; \\[x\\](javascript:alert(1))" in row
    assert_inert(report, "report.md")


def test_say_on_several_lines_keeps_them_in_the_html_msel_as_played(monkeypatch, tmp_path):
    """report.html's MSEL-as-played cell of the message breaks its lines, the text escaped."""
    html = (session_report(monkeypatch, tmp_path, ["next", SAY]) / "report.html").read_text()
    assert "<td>The minister calls:<br>hold the line.<br><br>&lt;b&gt;Then&lt;/b&gt; [x](javascript:alert(1))</td>" in html


def test_a_note_on_several_lines_keeps_them_in_the_after_action_report(monkeypatch, tmp_path):
    """A facilitator's note typed on two lines is two lines in the AAR's observations."""
    report = (session_report(monkeypatch, tmp_path, ["next", r"note first\nsecond"]) / "report.md").read_text()
    bullet = next(line for line in report.splitlines() if line.startswith("- ") and "first" in line)
    assert bullet.endswith(": first<br>second")


def test_the_handout_keeps_the_facilitators_line_breaks(monkeypatch, tmp_path):
    """The players' manual shows the message on its lines (hard breaks), the scenario's narratives flowing."""
    out = session_report(monkeypatch, tmp_path, ["next", SAY])
    handout = tmp_path / "h.md"
    assert play(monkeypatch, [], "--resume", str(out / "journal.jsonl"), "--handout", str(handout)) == 0
    text = handout.read_text()
    assert_inert(text, "handout")
    view = rendered(text)
    assert "The minister calls:\nhold the line." in "".join(view.text)
    assert ("br", {}) in view.tags  # a hard break, not a space


def test_the_terminal_card_shows_the_message_on_its_lines():
    """At the terminal, the narrative inject's card keeps the message's lines (a scenario's flow)."""
    shown: list = []
    feed = iter(["next", SAY])
    Session(api.load(EXERCISE), show=shown.append).run(Feed([], lambda: next(feed, None)))
    situation = [s for s in shown if isinstance(s, Situation)][-1]
    console = Console(file=io.StringIO(), width=80, height=24, color_system=None)
    console.print(compact(situation, console, 80, 23))
    lines = [x.strip("│ ").rstrip() for x in console.file.getvalue().splitlines()]
    assert lines[lines.index("The minister calls:") + 1] == "hold the line."
