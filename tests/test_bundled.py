"""Examples are tests: every bundled scenario validates, plays, and matches its report."""

from pathlib import Path

import pytest

from engine import api
from engine.analyse.explain import explain, milestones
from engine.cli import main

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


TEXT = api.COMPARED
REPORT_FILES = {"results.json", "run.json", "report.md", "report.html", "timeline.png", "timeline.svg",
                "events.csv", "msel.csv"}


def test_committed_reports_are_current(monkeypatch):
    """reports/<scenario>/ holds every format; its text files are exactly what `accord reports` renders now."""
    monkeypatch.chdir(ROOT)
    files = api.bundled_reports("scenarios", "reports")
    assert {Path(p).name for p in files} == REPORT_FILES
    assert len(files) == len(REPORT_FILES) * len(SCENARIOS)
    for path, content in files.items():
        assert content, f"{path} rendered empty"
        assert Path(path).exists(), f"{path} missing; regenerate with: accord reports scenarios --out reports"
    text = {p: c for p, c in files.items() if p.endswith(TEXT)}
    assert api.stale_reports(text) == [], "regenerate with: accord reports scenarios --out reports"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: Path(p).stem)
def test_every_milestone_of_bundled_scenarios_is_explained(path):
    """Each milestone's causal chain reaches a root (no cause) and ends at the milestone."""
    world = api.load(path)
    result = api.play(world, nominal=True)
    for m in milestones(result, world):
        chain = explain(result, m, world)
        assert chain.links[-1].event is m
        assert chain.links[0].event.cause is None
        assert all(link.producer for link in chain.links)


def test_committed_renewed_attack_sweep_is_current(tmp_path):
    """reports/renewed_attack/sweep/ text files (json, md, html) are what a 1,000-run sweep of every variant gives now."""
    out = tmp_path / "sweep"
    args = ["sweep", str(ROOT / "scenarios" / "renewed_attack.yaml"), "--runs", "1000", "--variants", "all",
            "--out", str(out)]
    assert main(args) == 0
    committed = ROOT / "reports" / "renewed_attack" / "sweep"
    text = sorted(p.name for p in out.iterdir() if p.name.endswith(TEXT))
    assert text == ["sweep.html", "sweep.json", "sweep.md"]
    for name in text:
        assert (out / name).read_bytes() == (committed / name).read_bytes(), (
            f"{name} differs; regenerate with: accord sweep scenarios/renewed_attack.yaml --runs 1000 "
            "--variants all --out reports/renewed_attack/sweep"
        )


def test_training_example_plays_its_whole_chain():
    """examples/attack_day_ten.yaml's variant `incidents_first`: the third reported violation
    (T+6d) reaches the attribution decision (scripted: the adversary), the alert turns red
    and the partners open consultations at once, four days before the attack."""
    result = api.play(api.load(str(ROOT / "examples" / "attack_day_ten.yaml"), "incidents_first"), nominal=True)
    assert [(d.decision, d.option, d.t) for d in result.decisions] == [("attribution", "adversary", 144.0)]
    opened = [(e.t, e.source) for e in result.events if e.type == "consultations.opened"]
    assert opened[0] == (144.0, "rule:R-red-alert")
    assert result.state["alert.level"] == "red"
