"""Drivers of a milestone: only factors on its causal path are ranked, each ρ has an interval,
and a milestone without a significant driver says so in every output."""

import json
import math
import re
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from engine import api
from engine.analyse.aggregate import Aggregate
from engine.analyse.ancestry import Ancestry
from engine.analyse.milestones import first_events, first_instances, key_milestones, milestone_names
from engine.analyse.sensitivity import FactorNames, Sample, interval, rank_correlations, sensitivity, spearman
from engine.analyse.sweep import replication_seed
from engine.check.world import World
from engine.cli import main
from engine.errors import InputError
from engine.render.sweep_report import drivers_text
from engine.simulate.record import to_json
from engine.simulate.results_io import read_results
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
RENEWED = str(ROOT / "scenarios" / "renewed_attack.yaml")
SCENARIO = str(DATA / "sweep_scenario.yaml")


def _aggregate(world: World, runs: int, seed: int = 37) -> Aggregate:
    agg = Aggregate(milestone_names(world), world.until)
    for i in range(runs):
        agg.add_run(i, api.play(world, seed=replication_seed(seed, i)), world)
    return agg


@pytest.fixture(scope="module")
def renewed() -> tuple[World, Aggregate]:
    """80 sampled runs of renewed_attack, aggregated as a sweep does."""
    world = api.load(RENEWED)
    return world, _aggregate(world, 80)


def test_a_factor_that_starts_after_the_milestone_is_never_ranked(renewed: tuple[World, Aggregate]) -> None:
    """budget_support completes about T+21d; partner sanctions start with the attack at T+42d, so
    no partner_sanctions factor (nor any other response's) is on its path or among its drivers."""
    world, agg = renewed
    on_path = agg.ancestry["budget_support.completed"]
    assert on_path
    assert all(f.startswith("budget_support / ") for f in on_path)
    rows = sensitivity(agg.samples, key_milestones(world), agg.ancestry)["budget_support.completed"].rows
    assert rows
    assert all(str(r["factor"]).startswith("budget_support / ") for r in rows)


def _started_at(result: api.RunResult, factor: str) -> float | None:
    """When what a factor measures began in a run: a step's start, a decision's moment."""
    if factor.startswith("decision "):
        decision = factor.removeprefix("decision ").split(" = ")[0]
        return min((d.t for d in result.decisions if d.decision == decision), default=None)
    response, actor, *step = factor.removesuffix(" approved").split(" / ")
    rec = first_instances(result)[response]
    p = next(p for p in rec.participants if p.actor == actor)
    starts = [s.start_h for s in p.steps if not step or s.name == step[0]]
    return min(starts, default=rec.started_h)


def test_every_factor_on_a_path_began_before_its_milestone() -> None:
    """In every run, each factor on a reached milestone's causal path began at or before it."""
    world = api.load(RENEWED, variant="mnf_pauses")
    finder = Ancestry(world, FactorNames(), key_milestones(world))
    checked = 0
    for i in range(25):
        result = api.play(world, seed=replication_seed(5, i))
        first, instances = first_events(result), first_instances(result)
        times = {f"{r}.completed": rec.ended_h for r, rec in instances.items() if rec.status == "completed"}
        times.update({f"objective:{o.objective}": o.at_h for o in result.objectives if o.status == "met"})
        for target, factors in finder.of_run(result, first, instances).items():
            reached = times.get(target)
            if reached is None:
                continue
            for factor in factors:
                began = _started_at(result, factor)
                assert began is not None, (i, target, factor)
                assert began <= reached + 1e-9, (i, target, factor)
                checked += 1
    assert checked > 500


DECISIONS = """\
decisions:
  route:
    options:
      now: {then: [{start: defence}]}
      later: {then: [{start: defence, after: 1d}]}
    chances: {now: 0.5, later: 0.5}
  mood:
    options:
      calm: {then: [{set: {level: green}}]}
      tense: {then: [{set: {level: red}}, {emit: alarm}]}
    chances: {calm: 0.5, tense: 0.5}
rules:
  - id: R-go
    on: go
    then: [{decide: route}, {decide: mood}]
"""


def test_decisions_are_on_the_paths_they_lead_to(load_world):
    """A decision whose options start a response (taken by the rule that fired on the cause of
    the start) is on the path of its completion; one whose option emitted the expected event is
    on an objective's path, in the runs where it did; a decision that only sets state is not."""
    world = load_world("until: 30d\ninjects: [{id: I-1, at: T+0, event: go}]\nobjectives:\n"
                       "  - {id: OBJ-A, expect: alarm, within: 1d}\n", DECISIONS)
    finder = Ancestry(world, FactorNames(), ["defence.completed", "objective:OBJ-A"])
    tense = 0
    for seed in range(12):
        result = api.play(world, seed=seed)
        paths = finder.of_run(result, first_events(result), first_instances(result))
        assert {"decision route = now", "decision route = later"} <= paths["defence.completed"]
        assert not any(f.startswith("decision mood") for f in paths["defence.completed"])
        chose = next(d.option for d in result.decisions if d.decision == "mood")
        assert ("decision mood = tense" in paths["objective:OBJ-A"]) == (chose == "tense")
        tense += chose == "tense"
    assert 0 < tense < 12


def test_the_pause_is_on_the_path_of_the_withdrawal_it_starts() -> None:
    """renewed_attack with the MNF pausing: mnf_posture's pause emits mnf.paused, on which the
    withdrawal starts, so the decision is on the path of every withdrawal's completion."""
    world = api.load(RENEWED, variant="mnf_pauses")
    finder = Ancestry(world, FactorNames(), ["mnf_withdrawal.completed"])
    withdrawals = 0
    for i in range(30):
        result = api.play(world, seed=replication_seed(5, i))
        instances = first_instances(result)
        path = finder.of_run(result, first_events(result), instances)["mnf_withdrawal.completed"]
        if "mnf_withdrawal" in instances:
            withdrawals += 1
            assert "decision mnf_posture = pause" in path, i
        else:
            assert path == frozenset(), i
    assert withdrawals


def test_a_result_read_from_its_file_has_the_same_paths(tmp_path: Path) -> None:
    """The causal paths of a run read back from results.json (no index by type) are those of the
    run as played."""
    world = api.load(RENEWED)
    finder = Ancestry(world, FactorNames(), key_milestones(world))
    for i in range(3):
        result = api.play(world, seed=replication_seed(9, i))
        (tmp_path / "results.json").write_text(to_json(result), encoding="utf-8")
        again = read_results(str(tmp_path / "results.json"))
        assert not again.by_type
        assert (finder.of_run(again, first_events(again), first_instances(again))
                == finder.of_run(result, first_events(result), first_instances(result)))


def test_ranks_are_those_of_the_reference_for_every_pair() -> None:
    """The vectorised ρ (one ranking per pattern of missing values) equals the pure-Python ρ over
    the runs both columns have, for every pair, with ties and missing values."""
    rng = np.random.default_rng(4)
    x = np.round(rng.normal(size=(120, 6)), 1)  # rounded: many ties
    x[:, 1] = np.round(x[:, 0] * 2 + rng.normal(size=120), 1)
    x[rng.random(120) < 0.3, 2] = np.nan
    x[rng.random(120) < 0.2, 3] = np.nan
    x[:, 4] = 1.0  # constant: no ρ
    y = np.column_stack([x[:, 0] + rng.normal(size=120), rng.integers(0, 3, size=120).astype(float)])
    y[rng.random(120) < 0.1, 1] = np.nan
    rho, runs = rank_correlations(x, y, need=30)
    for j in range(x.shape[1]):
        for k in range(y.shape[1]):
            keep = ~(np.isnan(x[:, j]) | np.isnan(y[:, k]))
            expected = spearman(list(x[keep, j]), list(y[keep, k]))
            if expected is None:
                assert np.isnan(rho[j, k])
            else:
                assert math.isclose(rho[j, k], expected, abs_tol=1e-12)
                assert runs[j, k] == keep.sum()


def test_interval_is_fishers_z_with_the_bonett_wright_variance() -> None:
    """ρ = 0.5 over 103 runs: z = atanh(0.5) ± 1.96·√(1.125/100) → 0.329…0.639; Bonferroni over
    ten tests widens it (z 2.807)."""
    low, high = interval(0.5, 103)
    assert (round(low, 3), round(high, 3)) == (0.329, 0.639)
    low10, high10 = interval(0.5, 103, tests=10)
    half = 2.807 * math.sqrt(1.125 / 100)
    assert math.isclose(low10, math.tanh(math.atanh(0.5) - half), abs_tol=1e-3)
    assert math.isclose(high10, math.tanh(math.atanh(0.5) + half), abs_tol=1e-3)


def test_interval_covers_the_true_rho_about_95_percent_of_the_time() -> None:
    """Over 400 samples of 100 bivariate-normal pairs (r = 0.6), the 95% interval covers the
    population Spearman ρ = (6/π)·asin(r/2) in 92–98% of them."""
    rng = np.random.default_rng(11)
    r = 0.6
    true = 6 / math.pi * math.asin(r / 2)
    covered = 0
    for _ in range(400):
        a = rng.normal(size=100)
        b = r * a + math.sqrt(1 - r * r) * rng.normal(size=100)
        rho = spearman(list(a), list(b))
        assert rho is not None
        low, high = interval(rho, 100)
        covered += low <= true <= high
    assert 0.92 <= covered / 400 <= 0.98


def _samples(values: list[tuple[float, float]]) -> list[Sample]:
    return [Sample(i, {"f": f}, {"m": m}) for i, (f, m) in enumerate(values)]


def test_a_factor_unrelated_to_the_milestone_is_no_significant_driver() -> None:
    """A factor on the path whose values are independent of the milestone's gets an interval
    that spans 0, and the milestone is reported as having no significant driver."""
    rng = np.random.default_rng(2)
    samples = _samples(list(zip(rng.normal(size=300).tolist(), rng.normal(size=300).tolist(), strict=True)))
    drivers = sensitivity(samples, ["m"], {"m": Counter({"f": 300})})["m"]
    assert drivers.tested == 1
    (row,) = drivers.rows
    assert row["low"] < 0 < row["high"]
    assert row["significant"] is False
    assert drivers_text(drivers.rows, drivers.tested) == "no significant driver (1 factor on its causal path tested)"


def test_a_factor_not_on_the_path_is_not_tested_however_it_correlates() -> None:
    """A factor equal to the milestone's time but never on its path is not ranked."""
    samples = _samples([(float(i), float(i)) for i in range(100)])
    drivers = sensitivity(samples, ["m"], {"m": Counter()})["m"]
    assert (drivers.tested, drivers.rows) == (0, [])


def test_drivers_are_significant_first_then_by_strength() -> None:
    """Significant drivers come before the others, each group by |ρ|; every row has its interval."""
    rng = np.random.default_rng(8)
    base = rng.normal(size=400)
    noise = rng.normal(size=400)
    samples = [Sample(i, {"strong": base[i], "weak": base[i] + 3 * rng.normal(), "noise": noise[i]},
                      {"m": base[i] + rng.normal()}) for i in range(400)]
    drivers = sensitivity(samples, ["m"], {"m": Counter({"strong": 400, "weak": 400, "noise": 50})})["m"]
    assert [r["factor"] for r in drivers.rows] == ["strong", "weak", "noise"]
    assert [r["significant"] for r in drivers.rows] == [True, True, False]
    assert all(r["low"] <= r["rho"] <= r["high"] for r in drivers.rows)
    assert drivers.rows[2]["on_path"] == 50


def test_ancestry_counts_merge_like_the_runs() -> None:
    """Batches merged give the same causal-path counts as all runs aggregated at once."""
    world = api.load(SCENARIO)
    whole = Aggregate(milestone_names(world), world.until)
    parts = [Aggregate(milestone_names(world), world.until) for _ in range(3)]
    for i in range(30):
        result = api.play(world, seed=replication_seed(1, i))
        whole.add_run(i, result, world)
        parts[i // 10].add_run(i, result, world)
    parts[0].merge(parts[1])
    parts[0].merge(parts[2])
    assert parts[0].ancestry == whole.ancestry
    assert sum(whole.ancestry["assistance.completed"].values()) > 0


@pytest.fixture(scope="module")
def fixed_objective_sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sweep whose scenario has an objective met by an inject at a fixed time (no factor on
    its path) besides the sampled response."""
    folder = tmp_path_factory.mktemp("fixed")
    shutil.copy(DATA / "sweep_pack.yaml", folder / "sweep_pack.yaml")
    text = Path(SCENARIO).read_text(encoding="utf-8").replace("objectives:\n", (
        "objectives:\n  - id: OBJ-crisis\n    title: The crisis is reported\n    expect: crisis\n"
        "    within: 2d\n"), 1)
    (folder / "fixed.yaml").write_text(text, encoding="utf-8")
    out = folder / "out"
    assert main(["sweep", str(folder / "fixed.yaml"), "--runs", "200", "--workers", "1", "-q", "--out", str(out)]) == 0
    return out


def test_every_output_says_no_significant_driver(fixed_objective_sweep: Path) -> None:
    """sweep.json, sweep.md, sweep.html and the tornado in it agree: the fixed objective has no
    significant driver."""
    out = fixed_objective_sweep
    doc = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    base = doc["variants"][0]
    assert base["sensitivity"]["objective:OBJ-crisis"] == []
    assert base["sensitivity_tested"]["objective:OBJ-crisis"] == 0
    note = "no significant driver (no factor on its causal path varies in enough runs)"
    assert f"- Drivers of **objective:OBJ-crisis**: {note}" in (out / "sweep.md").read_text(encoding="utf-8")
    page = (out / "sweep.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><td><code>objective:OBJ-crisis</code></td>.*?</tr>", page[page.index("<h3>Drivers"):])
    assert row is not None
    assert note in row.group(0)
    tornado = page[page.index('<figure id="chart-tornado">'):]
    assert "no significant driver" in tornado[:tornado.index("</figure>")]


def test_every_output_shows_the_same_drivers_and_intervals(fixed_objective_sweep: Path) -> None:
    """The significant drivers of sweep.json are the ones sweep.md and sweep.html list, with the
    same ρ and interval."""
    out = fixed_objective_sweep
    doc = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    rows = [r for r in doc["variants"][0]["sensitivity"]["assistance.completed"] if r["significant"]][:5]
    assert rows
    md = (out / "sweep.md").read_text(encoding="utf-8")
    line = next(x for x in md.splitlines() if x.startswith("- Drivers of **assistance.completed**"))
    page = (out / "sweep.html").read_text(encoding="utf-8")
    drivers = page[page.index("<h3>Drivers"):]
    for r in rows:
        shown = f"{r['low']:+.2f}…{r['high']:+.2f}"
        assert f"{r['factor']} (ρ {r['rho']:+.2f}, {shown})" in line
        cells = f"<td>{r['factor']}</td><td class=\"num\">{r['rho']:+.2f}</td><td class=\"num\">{shown}</td>"
        assert cells in drivers


def test_a_results_file_with_an_hour_value_past_any_clock_is_an_input_error(tmp_path):
    """A hand-edited results.json with "t": 1e308 is InputError at the file, not an OverflowError."""
    assert main(["run", str(DATA / "attack_day_ten.yaml"), "--out", str(tmp_path), "--format", "json", "-q"]) == 0
    path = tmp_path / "results.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["events"][0]["t"] = 1e308
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_results(str(path))
    assert str(info.value.diagnostics[0].mark.path) == str(path)
