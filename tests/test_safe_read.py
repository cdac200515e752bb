"""Only real files are read, within the size limit while reading, and a file that is not a
pack or scenario is never quoted (issue 13, item 7).

Hostile inputs run in a child process with a memory cap and a generous time-out: the
time-out only guards against a hang (the bug), it is not a measurement."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA

from engine.errors import InputError
from engine.read import safe_open
from engine.read.safe_open import read_bytes

ROOT = Path(__file__).resolve().parents[1]
SECRET = "hunter2-s3cr3t"
HANG_GUARD_S = 60


def accord(*args: str, memory_mb: int = 1024, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`accord ARGS` in a child with capped memory and stdin closed."""
    code = ("import resource, sys; from engine.cli.program import main; "
            f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} << 20, {memory_mb} << 20)); "
            "sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False,
                          timeout=HANG_GUARD_S, cwd=cwd, stdin=subprocess.DEVNULL, env=env)


def assert_refused(proc: subprocess.CompletedProcess[str], path: str) -> None:
    """Exit 2 with one `path:1:1: error:` line and no traceback."""
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{path}:1:1: error: " in proc.stderr


def test_validate_dev_zero_is_refused_at_once():
    """`accord validate /dev/zero` (a device whose size reads as 0) ends at once, unread."""
    assert_refused(accord("validate", "/dev/zero", memory_mb=512), "/dev/zero")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    """A FIFO named as a scenario is refused; opening it does not wait for a writer."""
    fifo = tmp_path / "s.yaml"
    os.mkfifo(fifo)
    assert_refused(accord("validate", str(fifo)), str(fifo))


def test_a_folder_given_as_a_file_is_refused(tmp_path):
    """A folder where a pack is expected (an include) is an error naming it."""
    (tmp_path / "sub.yaml").mkdir()
    (tmp_path / "p.yaml").write_text("pack: p\nincludes: [sub.yaml]\n", encoding="utf-8")
    proc = accord("validate", str(tmp_path / "p.yaml"))
    assert proc.returncode == 2
    assert "is a folder" in proc.stderr


def test_the_size_limit_holds_while_reading(tmp_path, monkeypatch):
    """A file larger than the limit is refused even when its size reads as 0 (as /proc's do)."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"pack: p\n" + b"#" * (2 << 20))
    real = os.fstat

    def zero_size(fd: int) -> os.stat_result:
        st = real(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:]))

    monkeypatch.setattr(safe_open.os, "fstat", zero_size)
    with pytest.raises(InputError) as err:
        read_bytes(str(path), limit=1 << 20)
    assert "too large" in str(err.value.diagnostics[0])


def test_a_file_within_the_limit_is_read(tmp_path):
    """A regular file within the limit is returned whole."""
    path = tmp_path / "ok.yaml"
    path.write_bytes(b"x" * 1000)
    assert read_bytes(str(path), limit=1000) == b"x" * 1000


FOREIGN = [
    f"root:$6${SECRET}$abc:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n",  # /etc/shadow
    f"{SECRET}: yes\n",  # any key/value file
    f"password: {SECRET}\n",
    f"*{SECRET}\n",  # an alias YAML cannot resolve
    f"!{SECRET} x\n",  # a tag
    f"&{SECRET} [1\n",  # a syntax error after an anchor
    f"[{SECRET}: {{\n",  # broken flow collections
    f"{{'{SECRET}': 1, '{SECRET}': 2}}\n",  # a duplicate key
    f'"{SECRET}\\q"\n',  # a bad escape
    f"- {SECRET}\n- {SECRET}\n",  # a list
]


@pytest.mark.parametrize("text", FOREIGN)
def test_a_foreign_file_is_never_quoted(tmp_path, text):
    """A file that is not a pack or scenario is refused without quoting any of its content."""
    path = tmp_path / "shadow"
    path.write_text(text, encoding="utf-8")
    proc = accord("validate", str(path))
    assert proc.returncode == 2
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: error: ", proc.stderr)
    assert SECRET not in proc.stderr


@pytest.mark.parametrize("text", FOREIGN[:3])
def test_a_pack_path_to_a_foreign_file_is_never_quoted(tmp_path, text):
    """A scenario whose `rules:` names a foreign file (a password file) gets an error that
    names the file and never quotes it."""
    (tmp_path / "shadow").write_text(text, encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("scenario: s\nrules: [shadow]\nuntil: 1d\n", encoding="utf-8")
    for command in (["validate", str(scenario)], ["run", str(scenario), "--out", str(tmp_path / "out")]):
        proc = accord(*command)
        assert proc.returncode == 2
        assert str(tmp_path / "shadow") in proc.stderr
        assert SECRET not in proc.stderr


def test_a_misspelt_first_key_gets_a_hint_without_being_quoted(tmp_path):
    """`pakc:` is refused with a hint at `pack`, the file's own word not echoed."""
    path = tmp_path / "p.yaml"
    path.write_text("pakc: p\n", encoding="utf-8")
    proc = accord("validate", str(path))
    assert proc.returncode == 2
    assert "pack" in proc.stderr
    assert "pakc" not in proc.stderr


def _results_folder(tmp_path: Path) -> Path:
    """A real run's folder (results.json, run.json)."""
    out = tmp_path / "run"
    proc = accord("run", str(DATA / "attack_day_ten.yaml"), "--nominal", "--format", "json", "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    return out


def _special(tmp_path: Path, kind: str, name: str) -> str:
    """A path of ``kind`` (device, fifo, folder) named ``name`` in tmp_path."""
    path = tmp_path / name
    if kind == "device":
        os.symlink("/dev/zero", path)  # a link to a device reads as the device
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    return str(path)


READERS = {  # name: the command line, with {path} for the file given and {out} for an output folder
    "validate": ["validate", "{path}"],
    "lint": ["lint", "{path}", "--info"],
    "run": ["run", "{path}", "--out", "{out}"],
    "msel": ["msel", "{path}"],
    "schema --modeline": ["schema", "--modeline", "{path}"],
    "play --resume": ["play", "--resume", "{path}"],
    "explain (results.json)": ["explain", "{path}", "1"],
    "msel import (the sheet)": ["msel", "import", "{path}", "--profile", "hseep"],
    "msel import (a mapping)": ["msel", "import", str(DATA / "attack_day_ten.yaml"), "--profile", "{path}"],
}


@pytest.mark.parametrize(("reader", "kind"), [
    (reader, kind) for reader in READERS for kind in ("device", "fifo", "folder")
    if not (kind == "folder" and reader in ("validate", "lint"))  # these two take folders
])
def test_every_reader_refuses_what_is_not_a_regular_file(tmp_path, reader, kind):
    """Every command that reads a file given on the command line refuses a device, a named
    pipe or a folder with exit 2 at once (YAML files, journals, results.json)."""
    path = _special(tmp_path, kind, "x.yaml")
    proc = accord(*(a.format(path=path, out=tmp_path / "o") for a in READERS[reader]), memory_mb=512)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert path in proc.stderr


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_explain_refuses_a_run_json_that_is_not_a_regular_file(tmp_path, kind):
    """The run.json beside results.json is read the same way (explain follows it to the scenario)."""
    out = _results_folder(tmp_path)
    (out / "run.json").unlink()
    path = _special(out, kind, "run.json")
    proc = accord("explain", str(out / "results.json"), "1", memory_mb=512)
    assert_refused(proc, path)


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_an_include_that_is_not_a_regular_file_is_refused(tmp_path, kind):
    """A pack's include (and a scenario's pack) pointing at a device or pipe is refused at once."""
    path = _special(tmp_path, kind, "inc.yaml")
    (tmp_path / "p.yaml").write_text("pack: p\nincludes: [inc.yaml]\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text("scenario: s\nrules: [inc.yaml]\nuntil: 1d\n", encoding="utf-8")
    for name in ("p.yaml", "s.yaml"):
        proc = accord("validate", str(tmp_path / name), memory_mb=512)
        assert proc.returncode == 2
        assert path in proc.stderr


def test_the_folder_walk_refuses_a_pipe_among_the_files(tmp_path):
    """`accord validate FOLDER` holding a FIFO named *.yaml reports it, never blocks on it."""
    shutil.copy(DATA / "mutual_defence.yaml", tmp_path)
    os.mkfifo(tmp_path / "trap.yaml")
    proc = accord("validate", str(tmp_path))
    assert proc.returncode == 2
    assert str(tmp_path / "trap.yaml") in proc.stderr
