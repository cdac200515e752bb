"""Terminal summaries at 80 columns: names shortened from the middle and kept distinct; objectives by title."""

from pathlib import Path

import pytest

from engine.cli import main
from engine.cli.fit import middle, shortened

ROOT = Path(__file__).resolve().parents[1]


def test_middle_keeps_both_ends():
    """A long name keeps its beginning and its end; a short one is unchanged."""
    assert middle("objective:OBJ-12", 11) == "objec…BJ-12"
    assert middle("mnf_land", 11) == "mnf_land"
    assert len(middle("a" * 50, 20)) == 20


def test_shortened_names_stay_distinct():
    """Seven milestone names that share a long prefix stay told apart (rich would cut them all to 'objective:…')."""
    names = [f"objective:OBJ-{i}" for i in range(1, 8)]
    short = shortened(names, 10)
    assert len(set(short)) == 7
    assert all(len(s) <= 10 for s in short)
    clash = shortened(["alpha_beta_one_gamma", "alpha_beta_two_gamma"], 9)
    assert clash[0] != clash[1]


def test_run_summary_fits_80_columns_with_objective_titles(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """accord run at 80 columns: no line is wider, every objective row shows the start of its title."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["run", str(ROOT / "scenarios" / "renewed_attack.yaml"), "--nominal", "--format", "md",
                 "--out", str(tmp_path)]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if not x.startswith("wrote ")]
    assert all(len(x) <= 80 for x in lines)
    objective_rows = [x for x in lines if x.startswith("│ OBJ-")]
    assert len(objective_rows) >= 5
    assert any("Coordination group" in x for x in objective_rows)

