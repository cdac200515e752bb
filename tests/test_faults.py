"""Faults while writing a run: read-only or full disks, an output path that is a file, and a
run stopped by SIGINT/SIGTERM. Each ends with a clear message, a non-zero exit, no
half-written output and the previous reports intact."""

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, write

from engine.cli import main
from engine.render import output

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = str(DATA / "attack_day_ten.yaml")
OLD = {"results.json": "old results\n", "report.md": "old report\n"}


def seed_old(folder: Path) -> None:
    """Put a previous run's files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in OLD.items():
        (folder / name).write_text(text)


def assert_untouched(folder: Path) -> None:
    """The previous files are intact and no temporary file is left."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(OLD)
    for name, text in OLD.items():
        assert (folder / name).read_text() == text


def mount_tmpfs(target: Path, options: str) -> bool:
    """Mount a tmpfs at ``target``; False where the sandbox does not allow it."""
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True, check=False)
    return proc.returncode == 0


@pytest.fixture
def tmpfs(tmp_path):
    """A factory for small tmpfs mounts, unmounted afterwards."""
    mounted: list[Path] = []

    def _mount(options: str) -> Path:
        target = tmp_path / f"mnt{len(mounted)}"
        if not mount_tmpfs(target, options):
            pytest.skip("mounting a tmpfs is not permitted here")
        mounted.append(target)
        return target

    yield _mount
    for target in reversed(mounted):
        subprocess.run(["umount", "-l", str(target)], check=False)


def run_cli(out: Path, capsys) -> tuple[int, str]:
    code = main(["run", SCENARIO, "--nominal", "--quiet", "--out", str(out)])
    return code, capsys.readouterr().err


def test_read_only_output_folder(tmpfs, capsys):
    """A read-only file system at the output folder: exit 2, message, old files intact."""
    mnt = tmpfs("size=1m")
    seed_old(mnt / "out")
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    code, err = run_cli(mnt / "out", capsys)
    assert code == 2
    assert "cannot write results: Read-only file system" in err
    assert_untouched(mnt / "out")


def _write_forever(fd: int) -> None:
    while os.write(fd, b"x" * 4096):
        pass


def fill(path: Path) -> None:
    """Write to ``path`` until the file system is full."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError, match="No space left"):
            _write_forever(fd)
    finally:
        os.close(fd)


def test_full_disk(tmpfs, capsys):
    """A disk with no room for the results: exit 2, message, old files intact, no temporaries."""
    mnt = tmpfs("size=64k")
    seed_old(mnt / "out")
    fill(mnt / "filler")
    code, err = run_cli(mnt / "out", capsys)
    assert code == 2
    assert "No space left on device" in err
    assert_untouched(mnt / "out")


@pytest.mark.parametrize(("failing", "code"), [("mkstemp", errno.EROFS), ("fsync", errno.ENOSPC)])
def test_write_failures_without_mounts(tmp_path, monkeypatch, capsys, failing, code):
    """The same faults simulated in-process (for sandboxes that cannot mount)."""
    seed_old(tmp_path / "out")
    calls = {"n": 0}
    real = {"mkstemp": output.tempfile.mkstemp, "fsync": output.os.fsync}[failing]

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the first file is written, the second fails
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(output.tempfile if failing == "mkstemp" else output.os, failing, flaky)
    exit_code, err = run_cli(tmp_path / "out", capsys)
    assert exit_code == 2
    assert os.strerror(code) in err
    assert_untouched(tmp_path / "out")


def test_output_path_is_a_file(tmp_path, capsys):
    """`--out` naming an existing file: exit 2 and the file is left alone."""
    target = write(tmp_path, "taken", "mine\n")
    code, err = run_cli(Path(target), capsys)
    assert code == 2
    assert "is a file, expected a folder" in err
    assert Path(target).read_text() == "mine\n"


def test_output_path_below_a_file(tmp_path, capsys):
    """`--out` inside a file's path: exit 2 naming the file in the way."""
    target = write(tmp_path, "taken", "mine\n")
    code, err = run_cli(Path(target) / "out", capsys)
    assert code == 2
    assert f"cannot create the folder: {target} is a file" in err


LONG_PACK = """\
pack: ticking
events: {tick: {}}
rules: [{id: R-tick, on: tick, then: [{emit: tick, after: 1m}]}]
"""
LONG_SCENARIO = """\
scenario: long
rules: [pack.yaml]
until: 20w
injects: [{id: I, at: T+0, event: tick}]
"""


def wait_until_playing(proc: subprocess.Popen[str]) -> None:
    """Wait until the child's memory shows it is deep in the run (imports take ~50 MB)."""
    status = Path(f"/proc/{proc.pid}/status")
    if not status.exists():
        pytest.skip("needs /proc to see the run under way")
    for _ in range(600):
        rss = next((int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmRSS")), 0)
        if rss > 150_000 or proc.poll() is not None:
            return
        time.sleep(0.1)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_leaves_old_reports(tmp_path, signum):
    """A run stopped by SIGINT or SIGTERM exits 128+N with a message; the old files stay."""
    write(tmp_path, "pack.yaml", LONG_PACK)
    scenario = write(tmp_path, "long.yaml", LONG_SCENARIO)
    out = tmp_path / "out"
    seed_old(out)
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine", "run", scenario, "--out", str(out), "--quiet", "--max-events", "10000000"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_playing(proc)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum
    assert "accord: interrupted; no output was half-written" in err
    assert "Traceback" not in err
    assert_untouched(out)


def test_interrupt_during_temporaries_removes_them(tmp_path, monkeypatch):
    """An interrupt while the temporary files are written leaves the folder as it was."""
    seed_old(tmp_path / "out")
    real = output.os.fsync

    def interrupted(fd):
        real(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_files(str(tmp_path / "out"), {"results.json": "new", "report.md": "new"})
    assert_untouched(tmp_path / "out")
