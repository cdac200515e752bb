"""The sample MSELs of examples/msel/: current, and each one imports, validates, plays and
exports back to the same rows."""

import csv
import importlib.util
import io
import json
import re
import shlex
from pathlib import Path

import openpyxl
import pytest

from engine.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "msel"
PARIS = str(ROOT / "rules" / "paris_declaration.yaml")
MUTUAL = str(ROOT / "rules" / "mutual_defence.yaml")
# sample → (profile, pack)
CASES = {
    "mnf_deployment.hseep.xlsx": ("hseep", PARIS),
    "renewed_attack.blueprint.xlsx": ("blueprint", PARIS),
    "unclear_attribution.blueprint-mitre.xlsx": ("blueprint-mitre", PARIS),
    "ceasefire_holds.openaev.xlsx": ("openaev", PARIS),
    "attack_day_ten.conducttr.csv": ("conducttr", MUTUAL),
    "office.csv": (str(SAMPLES / "office_mapping.yaml"), MUTUAL),
}


def make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_samples_are_current():
    """examples/msel/ holds what make_samples.py writes now (regenerate: python examples/msel/make_samples.py)."""
    for name, content in make_samples().samples().items():
        assert (SAMPLES / name).read_bytes() == content, name


def sheet_rows(path: Path) -> list[list[str]]:
    if path.suffix == ".csv":
        return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("name", CASES)
def test_each_sample_imports_validates_plays_and_exports_back(tmp_path, capsys, name):
    """Import with its profile and pack, validate, play, export again: the same rows."""
    profile, pack = CASES[name]
    scenario = tmp_path / "s.yaml"
    assert main(["msel", "import", str(SAMPLES / name), "--profile", profile, "--pack", pack,
                 "--out", str(scenario)]) == 0
    assert main(["validate", str(scenario)]) == 0
    assert main(["run", str(scenario), "--nominal", "--out", str(tmp_path / "run"), "-q"]) == 0
    events = json.loads((tmp_path / "run" / "results.json").read_text())["events"]
    assert any(e["source"].startswith("inject:") for e in events)
    again = tmp_path / f"again{Path(name).suffix}"
    fmt = Path(name).suffix[1:]
    assert main(["msel", str(scenario), "--profile", profile, "--format", fmt, "--out", str(again)]) == 0
    assert sheet_rows(again) == sheet_rows(SAMPLES / name)
    capsys.readouterr()


def test_the_readme_import_runs(tmp_path, capsys, monkeypatch):
    """The README's two lines import a sample and play it."""
    block = re.search(r"Import it, then play it:\n\n```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block is not None
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2
    monkeypatch.chdir(ROOT)
    out = str(tmp_path / "mnf.yaml")
    for command in commands:
        args = [out if a == "mnf.yaml" else a for a in shlex.split(command)]
        assert args[0] == "accord"
        assert main([*args[1:], *(["--out", str(tmp_path / "run"), "-q"] if args[1] == "run" else [])]) == 0
    assert "I-02" in Path(out).read_text()
    capsys.readouterr()
