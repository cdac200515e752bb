"""Scripted play (commands from a file or a pipe on standard input): a refused command is
reported at its line, `file:line: error: …` on standard error, the script plays on, and the
exit status is 2 when any command was refused."""

import json
import subprocess
import sys
from pathlib import Path

from play_helpers import EXERCISE, play

ROOT = Path(__file__).parent.parent


def test_a_refused_command_makes_the_script_exit_2_after_playing_on(monkeypatch, tmp_path):
    """A refused line does not stop the script: the lines after it are played and `end` writes the files; exit 2."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["next", "jump", "next", "end"], EXERCISE, "--out", str(out)) == 2
    journal = (out / "journal.jsonl").read_text().splitlines()[1:]
    assert [json.loads(x)["cmd"] for x in journal] == ["next", "next", "end"]
    assert (out / "results.json").exists()


def test_every_refused_command_is_reported_at_its_line(monkeypatch, tmp_path, capsys):
    """Two refused lines: two errors on standard error, each with the line's number."""
    assert play(monkeypatch, ["next", "jump", "next", "rate OBJ-9 P", "end"], EXERCISE,
                "--out", str(tmp_path / "o")) == 2
    errors = [x for x in capsys.readouterr().err.splitlines() if ": error: " in x]
    assert [x.split(": error: ")[0] for x in errors] == ["<stdin>:2", "<stdin>:4"]


def test_a_script_without_refusals_exits_0_even_when_it_stops_before_end(monkeypatch, tmp_path):
    """Input ending before `end` keeps the session in its journal: not an error of the script."""
    assert play(monkeypatch, ["next", "next"], EXERCISE, "--out", str(tmp_path / "o")) == 0


def test_a_refused_command_exits_2_even_when_the_script_stops_before_end(monkeypatch, tmp_path):
    """A refusal counts whether or not the script reaches `end`."""
    assert play(monkeypatch, ["next", "jump"], EXERCISE, "--out", str(tmp_path / "o")) == 2


def test_a_script_file_on_standard_input_is_named_in_its_errors(tmp_path):
    """`accord play S < script.txt`: the error says `script.txt:2: error: …`."""
    script = tmp_path / "script.txt"
    script.write_text("next\ndecide attribution adversary\nend\n")
    with script.open() as stdin:
        done = subprocess.run([sys.executable, "-m", "engine", "play", EXERCISE, "--out", str(tmp_path / "o")],
                              stdin=stdin, capture_output=True, text=True, cwd=tmp_path, timeout=120,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=False)
    assert done.returncode == 2
    assert "script.txt:2: error: decide attribution adversary: no decision is waiting" in done.stderr
