"""Examples are tests: every bundled scenario validates, plays, and matches its report."""

from pathlib import Path

import pytest

from engine import api

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted(api.scenario_files(str(ROOT / "scenarios")))


def test_bundled_files_validate():
    """`accord validate rules scenarios` finds no error."""
    report = api.validate([str(ROOT / "rules"), str(ROOT / "scenarios")])
    assert report.diagnostics == []
    assert report.scenarios == len(SCENARIOS)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: Path(p).stem)
def test_bundled_scenario_plays_sampled_and_every_variant(path):
    """Each scenario plays sampled, and each of its variants plays nominally."""
    world = api.load(path)
    assert api.play(world, seed=1).events
    for variant in world.scenario.variants:
        assert api.play(api.load(path, variant), nominal=True).events


def test_committed_reports_are_current(monkeypatch):
    """reports/<scenario>/ holds exactly what `accord reports scenarios` renders now."""
    monkeypatch.chdir(ROOT)
    files = api.bundled_reports("scenarios", "reports")
    assert len(files) == 2 * len(SCENARIOS)
    assert api.stale_reports(files) == [], "regenerate with: accord reports scenarios --out reports"
