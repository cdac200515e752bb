"""accord compare across scenarios pairs an objective only with the same objective: an id that
two scenarios define differently is two rows, never differenced (docs/reference.md, compare)."""

import json
from pathlib import Path

import pytest

from engine.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [str(ROOT / "scenarios" / f"{s}.yaml") for s in ("renewed_attack", "slow_parliament", "unclear_attribution")]


def _compare(out: Path, *paths: str) -> dict:
    assert main(["compare", *paths, "--out", str(out), "--no-charts"]) == 0
    return json.loads((out / "compare.json").read_text(encoding="utf-8"))


def _objectives(doc: dict, oid: str) -> list[dict]:
    return [o for o in doc["objectives"] if o["objective"] == oid]


def _milestone(doc: dict, name: str) -> dict:
    return next(r for r in doc["milestones"] if r["milestone"] == name)["values"]


def _earlier_copy(tmp_path: Path, **retitle: str) -> str:
    """renewed_attack with the attack 2 days sooner (T+40d), objectives retitled as asked."""
    text = (ROOT / "scenarios" / "renewed_attack.yaml").read_text(encoding="utf-8")
    text = text.replace("../rules/", f"{ROOT / 'rules'}/").replace("scenario: renewed_attack", "scenario: earlier")
    assert "at: T+6w" in text
    text = text.replace("at: T+6w", "at: T+40d")
    for old, new in retitle.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "earlier.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_one_id_two_objectives_are_two_rows(tmp_path: Path) -> None:
    """renewed_attack's OBJ-5 (diplomatic initiatives) and slow_parliament's (German land
    contribution) are separate rows, each only in its own scenario's column."""
    doc = _compare(tmp_path / "cmp", *SCENARIOS[:2])
    rows = {o["defined_in"]: o for o in _objectives(doc, "OBJ-5")}
    assert set(rows) == {"renewed_attack", "slow_parliament"}
    assert rows["renewed_attack"]["title"] == "Diplomatic initiatives launched within 3 days"
    assert rows["slow_parliament"]["title"].startswith("German land contribution inside Ukraine")
    assert rows["renewed_attack"]["values"] == {"renewed_attack": {"status": "met"}, "slow_parliament": None}
    assert rows["slow_parliament"]["values"] == {"renewed_attack": None, "slow_parliament": {"status": "not_started"}}


def test_two_objectives_of_one_id_are_not_differenced(tmp_path: Path) -> None:
    """OBJ-4's milestone is one row per scenario: no difference taken between T+46d and T+11d."""
    doc = _compare(tmp_path / "cmp", *SCENARIOS[:2])
    assert not any(r["milestone"] == "objective:OBJ-4" for r in doc["milestones"])
    assert _milestone(doc, "objective:OBJ-4 (renewed_attack)") == {"renewed_attack": {"t": 1104.0, "diff_h": 0.0}}
    assert _milestone(doc, "objective:OBJ-4 (slow_parliament)") == {"slow_parliament": {"t": 264.0, "diff_h": None}}


def test_terminal_says_not_comparable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The terminal lists slow_parliament's OBJ-5 under its own title, with no change computed."""
    monkeypatch.setenv("COLUMNS", "80")
    _compare(tmp_path / "cmp", *SCENARIOS)
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("OBJ-5 (slow_parliament): German land"))
    cells = next(line for line in lines[at + 1:] if not line.startswith("  ") or "not_started" in line)
    assert cells.split() == ["—", "not_started", "not", "comparable"]
    assert not any("Diplomatic initiatives launched within 3 days" in line for line in lines)
    assert not any("met → not_started" in line for line in lines)
    assert not any("objective:OBJ-4 " in line and "−35d" in line for line in lines)


def test_same_objective_in_two_scenarios_is_one_row_with_its_change(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """An objective defined alike in two scenarios stays one row, differenced (the attack 2 days
    sooner: OBJ-1 met 2 days sooner); the one retitled in the copy is two rows."""
    earlier = _earlier_copy(tmp_path, **{"Diplomatic initiatives launched within 3 days": "Diplomacy within 3 days"})
    doc = _compare(tmp_path / "cmp", SCENARIOS[0], earlier)
    [obj1] = _objectives(doc, "OBJ-1")
    assert obj1["defined_in"] is None
    assert obj1["values"] == {"renewed_attack": {"status": "met"}, "earlier": {"status": "met"}}
    assert _milestone(doc, "objective:OBJ-1")["earlier"]["diff_h"] == -48.0
    assert [o["defined_in"] for o in _objectives(doc, "OBJ-5")] == ["renewed_attack", "earlier"]
    out = capsys.readouterr().out
    assert any(line.split() == ["objective:OBJ-1", "T+42d6h", "T+40d6h", "−2d"] for line in out.splitlines())


def test_an_objective_one_scenario_lacks_is_not_reported_unreached_there(tmp_path: Path) -> None:
    """renewed_attack's OBJ-6 has no counterpart in slow_parliament: its milestone row holds the
    base's value only, and no difference calls it "not reached" in slow_parliament."""
    doc = _compare(tmp_path / "out", SCENARIOS[0], SCENARIOS[1])
    assert sorted(_milestone(doc, "objective:OBJ-6")) == ["renewed_attack"]
    md = (tmp_path / "out" / "compare.md").read_text(encoding="utf-8")
    assert not [line for line in md.splitlines() if "objective:OBJ-6" in line and "not reached" in line]
