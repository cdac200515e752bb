"""The bundled content is lint-clean: every pack, scenario and example, linted together with
`--all` and each on its own, has no error and no warning (info findings are allowed: they
describe the model, e.g. members authorized at once for want of a procedure)."""

import json
import re
from pathlib import Path

import pytest

from engine.check.validate import yaml_files
from engine.cli import main

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [str(ROOT / name) for name in ("rules", "scenarios", "examples")]
BUNDLED = yaml_files(FOLDERS)


def lint_json(capsys, *argv: str) -> tuple[int, dict]:
    code = main(["lint", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_bundled_files_are_found():
    """The folders hold the packs, the six Paris scenarios, the example and the MSEL mapping."""
    names = {Path(p).name for p in BUNDLED}
    assert {"paris_declaration.yaml", "mutual_defence.yaml", "attack_day_ten.yaml", "office_mapping.yaml",
            "mnf_deployment.yaml"} <= names
    assert len(BUNDLED) == 10


def test_everything_together_has_no_error_and_no_warning(capsys):
    """`accord lint --all rules scenarios examples`: exit 0, every file read and valid, and no
    finding above info, hidden or shown."""
    code, doc = lint_json(capsys, "--all", *FOLDERS)
    assert code == 0
    assert (doc["files"], doc["invalid"], doc["hidden"]) == (len(BUNDLED), [], 0)
    assert [f for f in doc["findings"] if f["severity"] != "info"] == []


def test_the_text_summary_counts_no_error_and_no_warning(capsys):
    """The summary line a user reads says so too."""
    assert main(["lint", "--all", *FOLDERS]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert re.search(rf"^{len(BUNDLED)} file\(s\): 0 error\(s\), 0 warning\(s\), \d+ info\(s\)", out.err, re.M)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: Path(p).relative_to(ROOT).as_posix())
def test_each_file_alone_has_no_error_and_no_warning(capsys, path):
    """`accord lint FILE` on any one bundled file (what an author runs while editing it)
    shows no error and no warning."""
    code, doc = lint_json(capsys, path)
    assert code == 0
    assert doc["invalid"] == []
    assert [f for f in doc["findings"] if f["severity"] != "info"] == []
