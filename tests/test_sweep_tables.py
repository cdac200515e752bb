"""The sweep's first table (objectives × variants met-rates with 95% Wilson intervals) and who held the coalition back."""

import json
from pathlib import Path

import pytest

from engine.analyse.rates import wilson
from engine.cli import main
from tests.conftest import DATA

SAMPLED = str(DATA / "sweep_scenario.yaml")


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sweep")
    assert main(["sweep", SAMPLED, "--runs", "60", "--variants", "all", "--workers", "1", "--no-charts", "-q",
                 "--out", str(out)]) == 0
    return out


def test_wilson_interval_matches_the_formula_and_stays_in_0_1():
    """Wilson's interval for 81 of 263 (a textbook case), and at 0 and n it still has width."""
    low, high = wilson(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    assert wilson(0, 20)[0] == 0.0
    assert wilson(0, 20)[1] > 0.1
    assert wilson(20, 20)[1] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="21 successes out of 20"):
        wilson(21, 20)


def test_sweep_json_gives_each_met_rate_its_interval(swept: Path):
    """Every variant's objective carries met_ci95, the Wilson interval of met out of the runs."""
    doc = json.loads((swept / "sweep.json").read_text())
    for v in doc["variants"]:
        o = v["objectives"]["OBJ-7d"]
        assert o["met_ci95"] == [pytest.approx(x) for x in wilson(o["met"], doc["runs"])]
        assert o["met_ci95"][0] <= o["met_rate"] <= o["met_ci95"][1]


def test_sweep_md_opens_with_the_objectives_by_variants_table(swept: Path):
    """sweep.md's first table: a row per objective (with its title), a column per variant, rate and interval."""
    text = (swept / "sweep.md").read_text(encoding="utf-8")
    doc = json.loads((swept / "sweep.json").read_text())
    first = text.index("## Objectives met")
    assert first < text.index("## base")
    row = next(line for line in text.splitlines() if line.startswith("| OBJ-7d: Assistance within 7 days"))
    o = doc["variants"][1]["objectives"]["OBJ-7d"]
    low, high = o["met_ci95"]
    assert f"{100 * o['met_rate']:.1f}% ({100 * low:.1f}–{100 * high:.1f}%)" in row.split("|")[3]
    assert "| objective | base | slow_vote | no_vote |" in text


def test_sweep_counts_who_held_the_coalition_back(swept: Path):
    """Per variant, each actor's share of runs in which it decided a response's end, by display name in sweep.md."""
    doc = json.loads((swept / "sweep.json").read_text())
    base = doc["variants"][0]
    holders = base["holdback"]
    assert holders
    assert all(0 < h["share"] <= 1 and h["runs"] == round(h["share"] * doc["runs"]) for h in holders.values())
    assert list(holders) == sorted(holders, key=lambda a: (-holders[a]["runs"], -holders[a]["procedure_h"], a))
    text = (swept / "sweep.md").read_text(encoding="utf-8")
    actor = next(iter(holders))
    assert "Who held the coalition back" in text
    assert doc["actors"][actor] in text
