"""The journal is the truth, and outputs go where the user said (issue 13, items 8 and 9).

A journal never exists without its header; it records every file the session loaded, and a
resume refuses changed files (or, with --accept-changed-files, warns and records); every
field of a hand-edited journal is checked like a YAML file; a resumed session keeps its
output folder; `run` and `play` never share a folder; a sweep checks its outputs first and
puts its per-run file in place with the others."""

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from play_helpers import DATA, SCRIPT, play

from engine.cli import main
from engine.facilitate import journal as jl
from engine.facilitate.journal_fields import ENTRY_KINDS, Field
from engine.render import sweep_files
from tests.test_faults import fill, tmpfs  # noqa: F401 - the tmpfs fixture

FILES = ("play_exercise.yaml", "play_pack.yaml", "mutual_defence.yaml")


@pytest.fixture
def exercise(tmp_path: Path) -> Path:
    """A copy of the play exercise (scenario, pack, and the pack it includes); the scenario."""
    folder = tmp_path / "exercise"
    folder.mkdir()
    for name in FILES:
        shutil.copy(DATA / name, folder)
    return folder / "play_exercise.yaml"


def session(monkeypatch, scenario: Path, lines: list[str], out: Path, *extra: str) -> Path:
    """A session of ``lines`` (without `end`: it stays open in its journal); the journal."""
    journal = out.parent / f"{out.name}.jsonl"
    assert play(monkeypatch, lines, str(scenario), "--journal", str(journal), "--out", str(out), *extra) == 0
    return journal


def last_error(capsys) -> str:
    """The last line the command printed on standard error."""
    return capsys.readouterr().err.splitlines()[-1]


def lines_of(journal: Path) -> list[dict]:
    return [json.loads(x) for x in journal.read_text(encoding="utf-8").splitlines()]


def edit_line(journal: Path, index: int, **changes: object) -> None:
    """Change fields of one journal line (0: the header), as a hand edit would."""
    records = lines_of(journal)
    records[index].update(changes)
    journal.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


# -- the header is there from the start ----------------------------------------------------------

def test_a_full_disk_while_writing_the_header_leaves_no_journal(tmp_path, monkeypatch, capsys, exercise):
    """The header cannot be written (no space): exit 2 with the reason, no journal left, and
    the next session on the same journal path starts normally."""
    journal = tmp_path / "j.jsonl"
    real = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(jl.os, "fsync", full)
    assert play(monkeypatch, ["end"], str(exercise), "--journal", str(journal), "--out", str(tmp_path / "o")) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert not journal.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
    monkeypatch.setattr(jl.os, "fsync", real)
    assert play(monkeypatch, ["end"], str(exercise), "--journal", str(journal), "--out", str(tmp_path / "o")) == 0


def test_a_really_full_disk_leaves_no_journal(tmpfs, monkeypatch, capsys, exercise):  # noqa: F811
    """The same on a full tmpfs: exit 2, no journal, no temporary file."""
    mnt = tmpfs("size=64k")
    fill(mnt / "filler")
    code = play(monkeypatch, ["end"], str(exercise), "--journal", str(mnt / "j.jsonl"), "--out", str(exercise.parent))
    assert code == 2
    assert "No space left on device" in capsys.readouterr().err
    assert sorted(p.name for p in mnt.iterdir()) == ["filler"]


def test_an_empty_journal_is_replaced_by_a_new_session(tmp_path, monkeypatch, exercise):
    """An empty journal (an older accord on a full disk) holds no session: a new session takes its place."""
    journal = tmp_path / "j.jsonl"
    journal.touch()
    assert play(monkeypatch, ["end"], str(exercise), "--journal", str(journal), "--out", str(tmp_path / "o")) == 0
    assert lines_of(journal)[0]["format"] == "accord.journal/1"


def test_resuming_an_empty_journal_says_what_to_do(tmp_path, monkeypatch, capsys):
    """--resume of an empty journal: exit 2 at journal:1:1, saying to start a new session."""
    journal = tmp_path / "j.jsonl"
    journal.touch()
    assert play(monkeypatch, [], "--resume", str(journal)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{journal}:1:1: error: ")
    assert "new session" in err


# -- every file the session loaded ----------------------------------------------------------------

def test_the_header_records_every_file_loaded_and_the_output_folder(tmp_path, monkeypatch, exercise):
    """The header holds the SHA-256 of the scenario, its pack and the pack that one includes,
    and the absolute output folder."""
    journal = session(monkeypatch, exercise, ["next"], tmp_path / "out")
    head = lines_of(journal)[0]
    assert set(head["files"]) == set(FILES)
    assert head["files"]["mutual_defence.yaml"] == jl.file_digest(str(exercise.parent / "mutual_defence.yaml"))
    assert head["out"] == str(tmp_path / "out")


def test_an_included_pack_edited_before_resume_is_refused(tmp_path, monkeypatch, capsys, exercise):
    """The issue's example: an included pack edited between a session and --resume stops the
    resume (exit 2, naming the file) instead of replaying silently against the new pack."""
    journal = session(monkeypatch, exercise, SCRIPT[:5], tmp_path / "out")
    included = exercise.parent / "mutual_defence.yaml"
    included.write_text(included.read_text().replace("duration: 4d", "duration: 9d"))
    before = journal.read_bytes()
    assert play(monkeypatch, SCRIPT[5:], "--resume", str(journal)) == 2
    err = capsys.readouterr().err
    assert f"{journal}:1:1: error: files changed since the session began: mutual_defence.yaml (changed)" in err
    assert journal.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_accepting_changed_files_warns_and_records_the_change(tmp_path, monkeypatch, capsys, exercise):
    """With --accept-changed-files the session goes on, with a warning and an `accepted_files`
    entry; a later resume on the same files needs no flag."""
    journal = session(monkeypatch, exercise, SCRIPT[:5], tmp_path / "out")
    included = exercise.parent / "mutual_defence.yaml"
    included.write_text(included.read_text() + "# edited\n")
    assert play(monkeypatch, SCRIPT[5:7], "--resume", str(journal), "--accept-changed-files") == 0
    assert "replaying against changed files: mutual_defence.yaml (changed)" in capsys.readouterr().err
    accepted = [r for r in lines_of(journal) if "accepted_files" in r]
    assert accepted[0]["accepted_files"]["mutual_defence.yaml"]["now"] == jl.file_digest(str(included))
    assert play(monkeypatch, SCRIPT[7:], "--resume", str(journal)) == 0
    assert (tmp_path / "out" / "results.json").exists()


def test_a_moved_exercise_folder_still_matches(tmp_path, monkeypatch, exercise):
    """Files are named relative to the scenario's folder: the whole folder moved, SCENARIO given, it resumes."""
    journal = session(monkeypatch, exercise, SCRIPT[:3], tmp_path / "out")
    moved = tmp_path / "moved"
    exercise.parent.rename(moved)
    assert play(monkeypatch, SCRIPT[3:], str(moved / exercise.name), "--resume", str(journal)) == 0


# -- a hand-edited journal is checked like a YAML file -------------------------------------------------

def test_a_variant_that_is_a_number_is_an_error_not_a_traceback(tmp_path, monkeypatch, capsys, exercise):
    """The issue's example: `"variant": 5` in the header is exit 2 at the field's place."""
    journal = session(monkeypatch, exercise, SCRIPT[:2], tmp_path / "out")
    edit_line(journal, 0, variant=5)
    assert play(monkeypatch, [], "--resume", str(journal)) == 2
    err = last_error(capsys)
    col = journal.read_text().splitlines()[0].index('"variant"') + 1
    assert err.startswith(f"{journal}:1:{col}: error: 'variant': expected text or null, got 5")


HEADER_EDITS = [
    {"scenario": 3}, {"scenario": ""}, {"variant": ["a"]}, {"seed": "11"}, {"seed": True}, {"seed": 1.5}, {"seed": 2**60},
    {"nominal": "yes"}, {"nominal": 0}, {"files": ["a.yaml"]}, {"files": {"a.yaml": "abc"}}, {"files": {}},
    {"out": 5}, {"created": "yesterday"}, {"scenario_sha256": "0" * 63}, {"colour": "blue"},
]
ENTRY_EDITS = [
    {"cmd": 5}, {"cmd": ""}, {"cmd": "next\nend"}, {"t": "1"}, {"t": -1}, {"t": None}, {"t": float("inf")},
    {"t": 1e308}, {"t": 1e20}, {"cmd": "say a\x1b]0;title\x07b"},
    {"wall": 7}, {"wall": "now"}, {"extra": 1},
]


@pytest.mark.parametrize("edit", HEADER_EDITS, ids=[next(iter(e)) + "=" + repr(next(iter(e.values()))) for e in HEADER_EDITS])
def test_every_header_field_is_checked(tmp_path, monkeypatch, capsys, exercise, edit):
    """Each header field with a wrong value (or an unknown field): exit 2 at journal:1:col, no traceback."""
    journal = session(monkeypatch, exercise, SCRIPT[:2], tmp_path / "out")
    edit_line(journal, 0, **edit)
    assert play(monkeypatch, [], "--resume", str(journal)) == 2
    err = last_error(capsys)
    assert err.startswith(f"{journal}:1:")
    assert ": error: " in err
    assert "Traceback" not in err


@pytest.mark.parametrize("edit", ENTRY_EDITS, ids=[next(iter(e)) + "=" + repr(next(iter(e.values()))) for e in ENTRY_EDITS])
def test_every_entry_field_is_checked(tmp_path, monkeypatch, capsys, exercise, edit):
    """Each entry field with a wrong value (or an unknown field), on line 3: exit 2 at journal:3:col."""
    journal = session(monkeypatch, exercise, SCRIPT[:4], tmp_path / "out")
    edit_line(journal, 2, **edit)
    assert play(monkeypatch, [], "--resume", str(journal)) == 2
    err = last_error(capsys)
    assert err.startswith(f"{journal}:3:")
    assert "Traceback" not in err


@pytest.mark.parametrize("record", [{"say": "hello", "t": 0}, {}, {"accepted_files": {"a.yaml": "x"}, "t": 0},
                                    {"t": 1.0, "wall": "2026-01-01T00:00:00Z"}])
def test_an_entry_of_no_known_kind_is_checked(tmp_path, monkeypatch, capsys, exercise, record):
    """An entry that is no known kind, or a malformed accepted_files entry: exit 2 at its line."""
    journal = session(monkeypatch, exercise, SCRIPT[:2], tmp_path / "out")
    journal.write_text(journal.read_text() + json.dumps(record) + "\n" + json.dumps({"cmd": "next", "t": 0}) + "\n")
    assert play(monkeypatch, [], "--resume", str(journal)) == 2
    assert last_error(capsys).startswith(f"{journal}:4:")


def test_a_new_entry_kind_is_one_table_item(tmp_path, monkeypatch, exercise):
    """Entry kinds are a table: a kind added to ENTRY_KINDS is accepted by the reader as it is."""
    monkeypatch.setitem(ENTRY_KINDS, "say", {"say": Field(lambda v: None if isinstance(v, str) else "text"),
                                            "t": ENTRY_KINDS["cmd"]["t"]})
    journal = session(monkeypatch, exercise, SCRIPT[:2], tmp_path / "out")
    journal.write_text(journal.read_text() + json.dumps({"say": "to the players", "t": 0}) + "\n")
    assert len(jl.load(str(journal)).entries) == 2


@pytest.mark.parametrize(("index", "change"), [(3, {"cmd": "decide nothing here"}), (4, {"cmd": "rate OBJ-9 P"}),
                                               (2, {"t": 99.0})])
def test_a_journal_line_that_does_not_replay_is_an_error_at_its_line(tmp_path, monkeypatch, capsys, exercise,
                                                                     index, change):
    """A well-formed command the replay refuses, or one journaled at another time: exit 2 at
    its line (the journal no longer matches); with --accept-changed-files, a warning."""
    journal = session(monkeypatch, exercise, SCRIPT[:6], tmp_path / "out")
    edit_line(journal, index, **change)
    assert play(monkeypatch, [], "--resume", str(journal)) == 2
    assert last_error(capsys).startswith(f"{journal}:{index + 1}:1: error: ")
    assert play(monkeypatch, [], "--resume", str(journal), "--accept-changed-files") == 0
    assert "warning" in capsys.readouterr().out


# -- outputs go where the user said ------------------------------------------------------------------

def test_a_resumed_session_keeps_its_out(tmp_path, monkeypatch, exercise):
    """The issue's example: `play --resume J` writes to the session's --out, not to out/<scenario>/."""
    monkeypatch.chdir(tmp_path)
    journal = session(monkeypatch, exercise, SCRIPT[:5], tmp_path / "chosen")
    assert play(monkeypatch, SCRIPT[5:], "--resume", str(journal)) == 0
    assert (tmp_path / "chosen" / "results.json").exists()
    assert not (tmp_path / "out").exists()


def test_run_and_play_never_share_a_folder(tmp_path, monkeypatch, exercise):
    """Without --out, a session's files and a run's go to different folders: neither overwrites the other."""
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(exercise), "--nominal", "-q", "--format", "json"]) == 0
    ran = (tmp_path / "out" / "play_exercise" / "results.json").read_bytes()
    assert play(monkeypatch, SCRIPT, str(exercise)) == 0
    assert (tmp_path / "out" / "play_exercise.play" / "results.json").exists()
    assert (tmp_path / "out" / "play_exercise.play" / "journal.jsonl").exists()
    assert (tmp_path / "out" / "play_exercise" / "results.json").read_bytes() == ran


@pytest.mark.parametrize("option", ["--out", "--per-run"])
def test_a_sweep_checks_its_outputs_before_the_first_replication(tmp_path, monkeypatch, capsys, option):
    """An --out (or --per-run) that cannot be written is an error before any run is played."""
    (tmp_path / "file").write_text("a file, not a folder\n")

    def no_runs(*_args: object) -> int:
        raise AssertionError("a replication was played before the outputs were checked")

    monkeypatch.setattr(sweep_files, "batch_size", no_runs)
    where = {"--out": ["--out", str(tmp_path / "file" / "sweep")],
             "--per-run": ["--out", str(tmp_path / "ok"), "--per-run", str(tmp_path / "file" / "runs.csv")]}[option]
    code = main(["sweep", str(DATA / "sweep_scenario.yaml"), "--runs", "5", "--workers", "1", "-q", *where])
    assert code == 2
    assert str(tmp_path / "file") in capsys.readouterr().err
    assert not (tmp_path / "ok").exists()


@pytest.mark.parametrize("fault", ["interrupt", "write"])
def test_the_per_run_file_goes_in_place_with_the_other_outputs(tmp_path, monkeypatch, capsys, fault):
    """Ctrl-C after the runs, while the files are drawn, or a failing write of the sweep's
    files: the per-run CSV is not left behind without them (nor its temporary)."""
    if fault == "interrupt":
        def render(*_args: object, **_kwargs: object) -> None:
            raise KeyboardInterrupt
        monkeypatch.setattr(sweep_files, "render_sweep", render)
    else:
        real = os.replace

        def failing(src: str, dst: str) -> None:
            if str(dst).endswith("sweep.md"):
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            real(src, dst)
        monkeypatch.setattr(sweep_files.os, "replace", failing)  # the same os module as output's
    code = main(["sweep", str(DATA / "sweep_scenario.yaml"), "--runs", "5", "--workers", "1", "--no-charts", "-q",
                 "--out", str(tmp_path / "out"), "--per-run", str(tmp_path / "runs" / "runs.csv")])
    assert code == (130 if fault == "interrupt" else 2)
    assert os.listdir(tmp_path / "runs") == []
    assert not (tmp_path / "out").exists() or os.listdir(tmp_path / "out") == []


def test_a_whole_session_through_the_command_line(tmp_path, exercise):
    """The journal's session and resume work end to end in a child process too."""
    out = tmp_path / "o"
    proc = subprocess.run([sys.executable, "-m", "engine", "play", str(exercise), "--out", str(out)],
                          input="next\nnext\n", capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert lines_of(out / "journal.jsonl")[0]["out"] == str(out)
