"""Writing never destroys what a path points at (issue 13, item 2).

Every writer: a missing path or a regular file is replaced atomically; a symbolic link is
refused (exit 2, the link and its target untouched); a device or a named pipe is written
straight and stays what it was; ``-`` is standard output; a folder of outputs is replaced
all or nothing, even when a rename fails midway."""

import contextlib
import errno
import io
import os
import stat
import sys
import threading
from pathlib import Path

import pytest
from conftest import DATA
from play_helpers import EXERCISE

from engine.cli import main
from engine.errors import OutputError
from engine.render import output

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = str(DATA / "attack_day_ten.yaml")
PACK = str(DATA / "mutual_defence.yaml")
SWEEP = str(DATA / "sweep_scenario.yaml")
TARGET_TEXT = "the link's target: must survive\n"


def null_device(path: Path) -> Path:
    """A character device like /dev/null at ``path`` (root only), never the real /dev/null."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    return path


@contextlib.contextmanager
def fifo_reader(path: Path) -> "contextlib.AbstractContextManager[list[bytes]]":
    """A named pipe at ``path`` with a reader thread collecting what is written to it."""
    os.mkfifo(path)
    got: list[bytes] = []

    def drain() -> None:
        with open(path, "rb") as f:
            got.append(f.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        yield got
    finally:
        if reader.is_alive():  # nobody wrote: open the writing end so the reader ends
            with open(path, "wb"):
                pass
        reader.join(timeout=30)


def link_to_file(tmp_path: Path, link: Path) -> Path:
    """``link`` → a regular file holding TARGET_TEXT; returns the target."""
    target = tmp_path / "elsewhere.txt"
    target.write_text(TARGET_TEXT)
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)
    return target


def assert_link_untouched(link: Path, target: Path) -> None:
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text() == TARGET_TEXT


# -- the examples ---------------------------------------------------------------------

def test_msel_out_to_a_link_leaves_the_link_and_its_target(tmp_path, capsys):
    """`msel --out LINK`: refused with exit 2; the link is still a link, its target unchanged."""
    link = tmp_path / "msel.csv"
    target = link_to_file(tmp_path, link)
    assert main(["msel", SCENARIO, "--out", str(link)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert_link_untouched(link, target)


def test_msel_out_to_a_device_keeps_the_device(tmp_path, capsys):
    """`msel --out /dev/null` (a device node like it): written straight, still a device."""
    dev = null_device(tmp_path / "null")
    assert main(["msel", SCENARIO, "--out", str(dev)]) == 0
    assert stat.S_ISCHR(os.lstat(dev).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name != "null"]  # no temporary left beside it


def test_msel_out_to_a_named_pipe_feeds_its_reader(tmp_path, capsys):
    """`msel --out FIFO`: the reader gets the MSEL, the pipe stays a pipe."""
    with fifo_reader(tmp_path / "pipe") as got:
        assert main(["msel", SCENARIO, "--out", str(tmp_path / "pipe")]) == 0
    assert got[0].startswith("\ufeffEvent No.".encode())
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)


def test_a_failed_rename_midway_leaves_the_previous_run(tmp_path, monkeypatch, capsys):
    """A rename that fails after others succeeded: every file of the previous run is back,
    byte for byte, and nothing of the new run (nor any temporary or backup) is left."""
    out = tmp_path / "out"
    assert main(["run", SCENARIO, "--nominal", "-q", "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real, calls = os.replace, {"n": 0}

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:  # two files of the new run are in place already
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", flaky)
    assert main(["run", SCENARIO, "--seed", "5", "-q", "--out", str(out)]) == 2
    assert "Input/output error" in capsys.readouterr().err
    assert calls["n"] >= 3
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_failed_rename_in_a_new_folder_leaves_it_empty(tmp_path, monkeypatch):
    """With no previous run, a failed rename midway removes the files already renamed."""
    real, calls = os.replace, {"n": 0}

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", flaky)
    with pytest.raises(OutputError):
        output.write_files(str(tmp_path / "new"), {"a.txt": "a", "b.txt": "b", "c.txt": "c"})
    assert list((tmp_path / "new").iterdir()) == []


def test_a_replaced_file_keeps_its_mode(tmp_path):
    """A regular file replaced by a writer keeps its permission bits."""
    path = tmp_path / "report.md"
    path.write_text("old")
    path.chmod(0o640)
    output.write_file(str(path), "new")
    assert (path.read_text(), stat.S_IMODE(path.stat().st_mode)) == ("new", 0o640)


def test_a_link_to_a_folder_is_used_as_the_output_folder(tmp_path, capsys):
    """`--out LINK` where LINK leads to a folder: the files go into that folder, the link stays."""
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "out")
    assert main(["run", SCENARIO, "--nominal", "-q", "--format", "json", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out").is_symlink()
    assert sorted(p.name for p in real.iterdir()) == ["results.json", "run.json"]


# -- every writer -------------------------------------------------------------------------------

def _sweep(out: Path, *extra: str) -> list[str]:
    return ["sweep", SWEEP, "--runs", "4", "--workers", "1", "--no-charts", "-q", "--out", str(out), *extra]


# Single-file writers: the command line with {file} for the file written.
FILE_WRITERS: dict[str, list[str]] = {
    "msel --out": ["msel", SCENARIO, "--out", "{file}"],
    "msel --format md --out": ["msel", SCENARIO, "--format", "md", "--out", "{file}"],
    "msel --format xlsx --out": ["msel", SCENARIO, "--format", "xlsx", "--out", "{file}"],
    "msel import --out": ["msel", "import", str(ROOT / "examples" / "msel" / "attack_day_ten.conducttr.csv"),
                          "--profile", "conducttr", "--pack", str(ROOT / "rules" / "mutual_defence.yaml"),
                          "--out", "{file}"],
    "new --out": ["new", "scenario", "fresh", "--pack", PACK, "--out", "{file}", "--force"],
    "play --handout": ["play", EXERCISE, "--handout", "{file}"],
    "sweep --per-run": [*_sweep(Path("{folder}")), "--per-run", "{file}"],
}
# Folder writers: the command line with {folder}, and one file it writes there.
FOLDER_WRITERS: dict[str, tuple[list[str], str]] = {
    "run --out": (["run", SCENARIO, "--nominal", "-q", "--out", "{folder}"], "report.md"),
    "compare --out": (["compare", SCENARIO, "--no-charts", "-q", "--out", "{folder}"], "compare.csv"),
    "sweep --out": (_sweep(Path("{folder}")), "sweep.md"),
    "reports --out": (["reports", str(DATA / "reports"), "--out", "{folder}"], "attack/report.md"),
    "schema --write": (["schema", "--write", "{folder}"], "pack.schema.json"),
    "play --out": (["play", EXERCISE, "--out", "{folder}", "--journal", "{journal}"], "report.md"),
}


def run_writer(argv: list[str], monkeypatch, **paths: object) -> int:
    """The command with its placeholders filled; `play` gets 'end' on standard input."""
    args = [a.format(**{k: str(v) for k, v in paths.items()}) for a in argv]
    monkeypatch.setattr(sys, "stdin", io.StringIO("end\n"))
    return main(args)


@pytest.mark.parametrize("writer", list(FILE_WRITERS))
def test_every_file_writer_refuses_a_link(tmp_path, monkeypatch, capsys, writer):
    """Every --out FILE writer refuses a link to a file: exit 2, link and target untouched."""
    link = tmp_path / "target.out"
    target = link_to_file(tmp_path, link)
    code = run_writer(FILE_WRITERS[writer], monkeypatch, file=link, folder=tmp_path / "sw")
    assert code == 2
    assert "symbolic link" in capsys.readouterr().err
    assert_link_untouched(link, target)


@pytest.mark.parametrize("writer", list(FILE_WRITERS))
def test_every_file_writer_writes_straight_to_a_device(tmp_path, monkeypatch, capsys, writer):
    """Every --out FILE writer given a device writes to it and leaves it a device."""
    dev = null_device(tmp_path / "null")
    assert run_writer(FILE_WRITERS[writer], monkeypatch, file=dev, folder=tmp_path / "sw") == 0
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


@pytest.mark.parametrize("writer", list(FILE_WRITERS))
def test_every_file_writer_sends_dash_to_standard_output(tmp_path, monkeypatch, capsysbinary, writer):
    """`-` is standard output for every --out FILE writer, and no file named '-' appears."""
    monkeypatch.chdir(tmp_path)
    assert run_writer(FILE_WRITERS[writer], monkeypatch, file="-", folder=tmp_path / "sw") == 0
    assert capsysbinary.readouterr().out.strip()
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("writer", list(FOLDER_WRITERS))
def test_every_folder_writer_refuses_a_link_inside_its_folder(tmp_path, monkeypatch, capsys, writer):
    """A file of the output folder that is a link to a file elsewhere: refused, exit 2, the
    link and its target untouched and nothing else written."""
    argv, name = FOLDER_WRITERS[writer]
    folder = tmp_path / "out"
    link = folder / name
    target = link_to_file(tmp_path, link)
    code = run_writer(argv, monkeypatch, folder=folder, journal=tmp_path / "j.jsonl")
    assert code == 2
    assert "symbolic link" in capsys.readouterr().err
    assert_link_untouched(link, target)
    assert [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()] == []


@pytest.mark.parametrize("writer", list(FOLDER_WRITERS))
def test_every_folder_writer_writes_a_device_inside_its_folder_straight(tmp_path, monkeypatch, capsys, writer):
    """A file of the output folder that is a device is written straight and stays a device."""
    argv, name = FOLDER_WRITERS[writer]
    folder = tmp_path / "out"
    (folder / name).parent.mkdir(parents=True)
    dev = null_device(folder / name)
    assert run_writer(argv, monkeypatch, folder=folder, journal=tmp_path / "j.jsonl") == 0
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


@pytest.mark.parametrize("writer", list(FOLDER_WRITERS))
def test_every_folder_writer_refuses_dash(tmp_path, monkeypatch, capsys, writer):
    """`--out -` for a command that writes a folder is a usage error (exit 2), not a folder named '-'."""
    monkeypatch.chdir(tmp_path)
    argv, _ = FOLDER_WRITERS[writer]
    with pytest.raises(SystemExit) as done:
        run_writer(argv, monkeypatch, folder="-", journal=tmp_path / "j.jsonl")
    assert done.value.code == 2
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("writer", list(FOLDER_WRITERS))
def test_every_folder_writer_is_all_or_nothing(tmp_path, monkeypatch, capsys, writer):
    """Every folder writer, with its last rename failing, leaves the folder as it was."""
    argv, name = FOLDER_WRITERS[writer]
    folder = tmp_path / "out"
    (folder / name).parent.mkdir(parents=True)
    (folder / name).write_text("previous\n")
    (folder / "mine.txt").write_text("the user's own file\n")
    real = os.replace

    def fail_last(src, dst):
        if os.path.basename(str(dst)) == os.path.basename(name):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", fail_last)
    assert run_writer(argv, monkeypatch, folder=folder, journal=tmp_path / "j.jsonl") == 2
    files = {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*") if p.is_file()}
    assert files == {name: "previous\n", "mine.txt": "the user's own file\n"}
