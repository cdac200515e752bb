"""Every CSV accord writes is in one dialect (``engine/render/csv_file.py``): UTF-8 starting
with a byte-order mark, CRLF line ends; and the per-run CSV names the base ``base``."""

import csv
import io
from pathlib import Path

import pytest
from conftest import DATA

from engine.cli import main

SCENARIO = str(DATA / "attack_day_ten.yaml")
BOM = b"\xef\xbb\xbf"


def written(tmp_path: Path, which: str) -> bytes:
    """The bytes of one CSV file that an accord command writes."""
    out = tmp_path / "out"
    argv, path = {
        "events.csv": (["run", SCENARIO, "--format", "csv"], out / "events.csv"),
        "msel.csv": (["run", SCENARIO, "--format", "csv"], out / "msel.csv"),
        "compare.csv": (["compare", SCENARIO, "--runs", "3", "--no-charts"], out / "compare.csv"),
        "per-run": (["sweep", SCENARIO, "--runs", "3", "--variants", "all", "--no-charts",
                     "--per-run", str(tmp_path / "runs.csv")], tmp_path / "runs.csv"),
        "msel export": (["msel", SCENARIO, "--profile", "hseep", "--format", "csv"], tmp_path / "x.csv"),
    }[which]
    argv += ["--out", str(path if which == "msel export" else out)]
    assert main([*argv, *(["-q"] if which != "msel export" else [])]) == 0
    return path.read_bytes()


WRITERS = ["events.csv", "msel.csv", "compare.csv", "per-run", "msel export"]


@pytest.mark.parametrize("which", WRITERS)
def test_starts_with_a_byte_order_mark(tmp_path, which):
    """The file starts with UTF-8's byte-order mark (spreadsheets then read it as UTF-8)."""
    assert written(tmp_path, which).startswith(BOM)


@pytest.mark.parametrize("which", WRITERS)
def test_every_line_ends_crlf(tmp_path, which):
    """Every line ends with CRLF (RFC 4180), none with a bare LF."""
    data = written(tmp_path, which)
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") > 1


def test_per_run_names_the_base(tmp_path):
    """The per-run CSV's first column says `base` for the base's rows (it was empty)."""
    rows = list(csv.reader(io.StringIO(written(tmp_path, "per-run").decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["base"] * 3 + ["slow_parliament"] * 3


def test_one_writer_helper():
    """No module but render/csv_file.py makes a CSV writer (a new CSV gets the one dialect)."""
    engine = Path(__file__).resolve().parents[1] / "engine"
    makers = [p.relative_to(engine).as_posix() for p in engine.rglob("*.py") if "csv.writer(" in p.read_text()]
    assert makers == ["render/csv_file.py"]
