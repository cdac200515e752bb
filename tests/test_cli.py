"""The command line: run writes results, validate checks folders, exit codes, determinism."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA

from engine.cli import main

CONFORMANCE = Path(__file__).resolve().parents[2] / "shared" / "conformance"


def test_run_writes_results_and_report(tmp_path, capsys):
    """`accord run` writes results.json (accord.results/1) and report.md and says where."""
    out = tmp_path / "out"
    assert main(["run", str(DATA / "attack_day_ten.yaml"), "--nominal", "--out", str(out)]) == 0
    doc = json.loads((out / "results.json").read_text())
    assert doc["format"] == "accord.results/1"
    assert (doc["mode"], doc["seed"], doc["until_h"]) == ("nominal", 7, 1440.0)
    assert "# Major attack ten days after entry into force" in (out / "report.md").read_text()
    printed = capsys.readouterr().out
    assert f"wrote {out / 'results.json'}" in printed
    assert "Objectives" in printed


def test_same_seed_gives_identical_bytes(tmp_path):
    """Two sampled runs with one seed write byte-identical results."""
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert main(["run", str(DATA / "attack_day_ten.yaml"), "--seed", "11", "--out", str(out), "-q"]) == 0
    assert (a / "results.json").read_bytes() == (b / "results.json").read_bytes()


def test_different_seeds_differ(tmp_path):
    """The seed drives the random draws (here the parliament vote's 90% approval)."""
    outs = []
    for seed in range(1, 11):
        out = tmp_path / str(seed)
        assert main(["run", str(DATA / "attack_day_ten.yaml"), "--seed", str(seed), "--out", str(out), "-q"]) == 0
        outs.append(json.dumps(json.loads((out / "results.json").read_text())["responses"]))
    assert len(set(outs)) > 1


def test_validate_folder_ok(tmp_path, capsys):
    """`accord validate` on a folder checks every YAML file in it."""
    assert main(["validate", str(DATA / "attack_day_ten.yaml"), str(DATA / "mutual_defence.yaml")]) == 0
    assert "ok: 2 file(s)" in capsys.readouterr().out


def test_validate_an_empty_folder_is_an_error(tmp_path, capsys):
    """A folder without any YAML file is not 'ok': exit 2, saying so at the folder."""
    assert main(["validate", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"{tmp_path}:1:1: error: no .yaml or .yml file in this folder"


def test_usage_error_exits_2(capsys):
    """An unknown option is a usage error: exit 2."""
    with pytest.raises(SystemExit) as exc:
        main(["run"])
    assert exc.value.code == 2


def test_guard_stops_a_zero_delay_cycle(tmp_path, capsys):
    """A rule cycle without delay stops with exit 3 naming the rules."""
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\nevents: {a: {}, b: {}}\nrules:\n"
                    "  - {id: R-ab, on: a, then: [{emit: b}]}\n  - {id: R-ba, on: b, then: [{emit: a}]}\n")
    scen = tmp_path / "s.yaml"
    scen.write_text("scenario: s\nrules: [p.yaml]\nuntil: 1d\ninjects: [{id: I, at: T+0, event: a}]\n")
    assert main(["run", str(scen), "--out", str(tmp_path / "o"), "--max-events-per-instant", "500"]) == 3
    err = capsys.readouterr().err
    assert "R-ab" in err
    assert "R-ba" in err
    assert not (tmp_path / "o").exists()


def test_python_dash_m_engine_works():
    """`python -m engine --version` runs the same CLI."""
    p = subprocess.run([sys.executable, "-m", "engine", "--version"], capture_output=True, text=True, check=False)
    assert p.returncode == 0
    assert p.stdout.startswith("accord ")


def test_conformance_sample_passes():
    """The contract's conformance checker agrees with every part (shared/'s copy when it is
    beside the project, else the copy kept in tests/conformance, so CI never skips it)."""
    folder = CONFORMANCE if CONFORMANCE.exists() else Path(__file__).resolve().parent / "conformance"
    p = subprocess.run([sys.executable, str(folder / "check.py")], capture_output=True, text=True, check=False)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "8/8 parts agree" in p.stdout
