"""accord play: the journal, resuming, torn writes and kill -9 (issue 5)."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from play_helpers import EXERCISE, SCRIPT, outputs, play

from engine.facilitate import journal as jl

ROOT = Path(__file__).parent.parent


@pytest.fixture
def uninterrupted(tmp_path_factory, monkeypatch) -> tuple[dict, list[str]]:
    """Outputs and journal lines of SCRIPT played in one go."""
    out = tmp_path_factory.mktemp("whole")
    assert play(monkeypatch, SCRIPT, EXERCISE, "--out", str(out)) == 0
    return outputs(out), (out / "journal.jsonl").read_text().splitlines(keepends=True)


def resume(monkeypatch, tmp_path: Path, journal_lines: list[str], rest: list[str], name: str) -> Path:
    """Write a journal, resume it with ``rest`` on stdin; return the output folder."""
    folder = tmp_path / name
    folder.mkdir()
    journal = folder / "journal.jsonl"
    journal.write_text("".join(journal_lines))
    assert play(monkeypatch, rest, "--resume", str(journal), "--out", str(folder)) == 0
    return folder


def test_journal_has_a_header_and_one_line_per_action(uninterrupted):
    """The header names scenario, variant, seed; then one line per journaled command, in order."""
    _, lines = uninterrupted
    head = json.loads(lines[0])
    assert (head["format"], head["scenario"], head["variant"], head["seed"]) == ("accord.journal/1", EXERCISE, None, 11)
    assert [json.loads(x)["cmd"] for x in lines[1:]] == SCRIPT


@pytest.mark.parametrize("k", range(len(SCRIPT)))
def test_resume_after_k_actions_gives_identical_results(tmp_path, monkeypatch, uninterrupted, k):
    """A session cut after k journaled actions and resumed ends exactly as the uninterrupted one."""
    whole, lines = uninterrupted
    folder = resume(monkeypatch, tmp_path, lines[: 1 + k], SCRIPT[k:], f"k{k}")
    assert outputs(folder) == whole
    resumed = [json.loads(x)["cmd"] for x in (folder / "journal.jsonl").read_text().splitlines()[1:]]
    assert resumed == SCRIPT


def test_torn_last_line_is_reported_and_ignored(tmp_path, monkeypatch, capsys, uninterrupted):
    """A half-written last line is reported, cut off, and the session resumes before it."""
    whole, lines = uninterrupted
    k = 6
    torn = lines[1 + k][: len(lines[1 + k]) // 2]
    folder = resume(monkeypatch, tmp_path, [*lines[: 1 + k], torn], SCRIPT[k:], "torn")
    assert "incomplete last line" in capsys.readouterr().err
    assert outputs(folder) == whole
    for line in (folder / "journal.jsonl").read_text().splitlines():
        json.loads(line)


def test_garbage_last_line_with_newline_is_ignored(tmp_path, monkeypatch, capsys, uninterrupted):
    """A complete but unreadable last line is also reported and ignored."""
    whole, lines = uninterrupted
    folder = resume(monkeypatch, tmp_path, [*lines[:4], "\x00\x00{\n"], SCRIPT[3:], "garbage")
    assert "damaged last line" in capsys.readouterr().err
    assert outputs(folder) == whole


def test_damage_before_the_last_line_is_an_input_error(tmp_path, monkeypatch, capsys, uninterrupted):
    """A damaged line in the middle of the journal stops with exit 2 and its line number."""
    _, lines = uninterrupted
    journal = tmp_path / "j.jsonl"
    journal.write_text("".join([*lines[:3], "not json\n", *lines[3:6]]))
    assert play(monkeypatch, [], "--resume", str(journal), "--out", str(tmp_path / "o")) == 2
    assert f"{journal}:4:1: error: damaged journal line" in capsys.readouterr().err


def test_a_file_that_is_no_journal_says_so(tmp_path, monkeypatch, capsys):
    """A scenario given where a journal belongs is "not an accord journal" at its 1:1, not a
    damaged journal line."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text("scenario: s\ntitle: S\n")
    assert play(monkeypatch, [], "--resume", str(scenario), "--out", str(tmp_path / "o")) == 2
    err = capsys.readouterr().err
    assert f"{scenario}:1:1: error: not an accord journal" in err
    assert "damaged" not in err


def test_existing_journal_is_never_overwritten(tmp_path, monkeypatch, capsys):
    """Starting a session on an existing journal is refused (resume it instead)."""
    journal = tmp_path / "j.jsonl"
    journal.write_text("keep me\n")
    assert play(monkeypatch, ["end"], EXERCISE, "--journal", str(journal), "--out", str(tmp_path)) == 2
    assert "--resume" in capsys.readouterr().err
    assert journal.read_text() == "keep me\n"


def test_resume_with_another_seed_is_refused(tmp_path, monkeypatch, capsys, uninterrupted):
    """The journal's seed rules a resume; a different --seed is an error."""
    _, lines = uninterrupted
    journal = tmp_path / "j.jsonl"
    journal.write_text("".join(lines[:3]))
    assert play(monkeypatch, [], "--resume", str(journal), "--seed", "5") == 2
    assert "--seed 5 differs from the journal's (11)" in capsys.readouterr().err


def _entries(journal: Path) -> int:
    try:
        return max(0, len(journal.read_text().splitlines()) - 1)
    except FileNotFoundError:
        return 0


def test_session_killed_with_sigkill_resumes_identically(tmp_path, monkeypatch, uninterrupted):
    """kill -9 of a live `accord play` loses nothing journaled: resuming ends as the whole run."""
    whole, _ = uninterrupted
    out = tmp_path / "killed"
    journal = out / "journal.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "engine", "play", EXERCISE, "--out", str(out)],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=ROOT, text=True)
    assert proc.stdin is not None
    sent = 7
    proc.stdin.write("".join(line + "\n" for line in SCRIPT[:sent]))
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while _entries(journal) < sent and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.close()
    assert proc.returncode == -signal.SIGKILL
    assert _entries(journal) == sent
    assert not (out / "results.json").exists()
    assert play(monkeypatch, SCRIPT[sent:], "--resume", str(journal), "--out", str(out)) == 0
    assert outputs(out) == whole


def test_a_journal_in_use_cannot_be_resumed(tmp_path, monkeypatch, capsys, uninterrupted):
    """While a session holds its journal, a second session resuming it is refused, the file untouched."""
    _, lines = uninterrupted
    path = tmp_path / "j.jsonl"
    path.write_text("".join(lines[:4]))
    held = jl.Journal.reopen(jl.load(str(path)), str(path))
    try:
        assert play(monkeypatch, ["end"], "--resume", str(path), "--out", str(tmp_path / "o")) == 2
        assert "in use by another session" in capsys.readouterr().err
        assert path.read_text() == "".join(lines[:4])
    finally:
        held.close()


def test_replay_is_silent_until_live_input(tmp_path, monkeypatch, capsys, uninterrupted):
    """Resuming prints one 'resumed' line and the last stop's situation, not the replayed steps."""
    _, lines = uninterrupted
    capsys.readouterr()
    resume(monkeypatch, tmp_path, lines[:4], SCRIPT[3:], "quiet")
    printed = capsys.readouterr().out
    assert printed.count("resumed: 3 journal entries replayed, now at T+1d") == 1
    assert "noted at" not in printed.split("resumed:")[0]
    assert "inject I-02 at T+1d" in printed  # the last stop, shown again
    assert "First violation" in printed
    assert "inject I-01" not in printed  # delivered before that
