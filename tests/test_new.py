"""`accord new scenario`: a commented starter that validates as written."""

from pathlib import Path

import pytest
from conftest import PACK, write

from engine import api
from engine.check.pack import load_checked_pack
from engine.cli import main
from engine.lint.linter import lint

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "rules" / "mutual_defence.yaml"


def test_starter_validates(tmp_path, capsys):
    """The starter written for the bundled pack validates and plays."""
    out = tmp_path / "scenarios" / "drill.yaml"
    assert main(["new", "scenario", "drill", "--pack", str(BUNDLED), "--out", str(out)]) == 0
    assert api.validate([str(out)]).diagnostics == []
    world = api.load(str(out))
    assert world.scenario.scenario == "drill"
    assert api.play(world, nominal=True).events


def test_starter_lists_the_pack_in_comments(tmp_path):
    """Every event type, response and decision of the pack is named in a comment."""
    out = tmp_path / "drill.yaml"
    main(["new", "scenario", "drill", "--pack", str(BUNDLED), "--out", str(out)])
    comments = "\n".join(line for line in out.read_text().splitlines() if line.lstrip().startswith("#"))
    _, pw = load_checked_pack(str(BUNDLED))
    for name in [*pw.declared_events, *pw.responses, *pw.decisions, *pw.state_types]:
        assert f"#   {name}" in comments, name


def test_starter_for_a_pack_without_responses(tmp_path):
    """A pack with events but no responses or decisions still gives a valid starter."""
    pack = write(tmp_path, "p.yaml", "pack: p\nevents: {ping: {}}\n")
    out = tmp_path / "s.yaml"
    assert main(["new", "scenario", "s", "--pack", pack, "--out", str(out)]) == 0
    assert api.validate([str(out)]).diagnostics == []


def test_starter_for_the_test_pack(tmp_path):
    """The starter for the test suite's pack (payload fields, groups) validates."""
    pack = write(tmp_path, "pack.yaml", PACK)
    out = tmp_path / "sub" / "s.yaml"
    assert main(["new", "scenario", "s", "--pack", pack, "--out", str(out)]) == 0
    assert api.validate([str(out)]).diagnostics == []


def test_existing_file_is_not_overwritten(tmp_path, capsys):
    """An existing FILE is refused with exit 2 unless --force."""
    out = write(tmp_path, "s.yaml", "mine\n")
    assert main(["new", "scenario", "s", "--pack", str(BUNDLED), "--out", out]) == 2
    assert "already exists" in capsys.readouterr().err
    assert Path(out).read_text() == "mine\n"
    assert main(["new", "scenario", "s", "--pack", str(BUNDLED), "--out", out, "--force"]) == 0
    assert Path(out).read_text().startswith("scenario: s\n")


def test_invalid_pack_is_reported(tmp_path, capsys):
    """A pack that does not validate gives its errors and exit 2."""
    pack = write(tmp_path, "p.yaml", "pack: p\nrules: [{id: R, on: nope}]\n")
    assert main(["new", "scenario", "s", "--pack", pack, "--out", str(tmp_path / "s.yaml")]) == 2
    assert "unknown event type 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize("pack", ["mutual_defence.yaml", "paris_declaration.yaml"])
def test_starter_passes_lint(tmp_path, capsys, pack):
    """A starter's objective can be met: `accord lint` on it exits 0 and finds nothing in it."""
    out = tmp_path / "drill.yaml"
    assert main(["new", "scenario", "drill", "--pack", str(ROOT / "rules" / pack), "--out", str(out)]) == 0
    capsys.readouterr()
    report = lint([str(out)])
    assert [f for f in report.findings if Path(f.mark.path) == out] == []
    assert main(["lint", str(out)]) == 0


def test_starter_for_the_test_pack_passes_lint(tmp_path, capsys):
    """The test pack's starter injects an event that can start its response, which it expects."""
    pack = write(tmp_path, "pack.yaml", PACK + "rules: [{id: R, on: alarm, then: [{start: defence}]}]\n")
    out = tmp_path / "s.yaml"
    assert main(["new", "scenario", "s", "--pack", pack, "--out", str(out)]) == 0
    text = out.read_text()
    assert "event: alarm" in text
    assert "expect: defence.completed" in text
    assert [f for f in lint([str(out)]).findings if f.severity == "error"] == []
