"""Streaming aggregation: merges are associative and the statistics match the runs."""

import math
import random
import shutil
from collections import Counter
from pathlib import Path

from engine import api
from engine.analyse.aggregate import Aggregate, MilestoneStats
from engine.analyse.critical_path import ENDINGS, critical_path, decided
from engine.analyse.holdback import holdbacks
from engine.analyse.milestones import first_instances, milestone_names, milestones
from engine.analyse.sensitivity import sensitivity, spearman
from engine.analyse.sweep import replication_seed
from engine.check.world import World
from engine.read.durations import to_ticks
from tests.conftest import DATA

SCENARIO = str(DATA / "sweep_scenario.yaml")


def _aggregate(world: World, indices: range) -> Aggregate:
    agg = Aggregate(milestone_names(world), world.until)
    for i in indices:
        agg.add_run(i, api.play(world, seed=replication_seed(1, i)), world)
    return agg


def test_merge_is_associative() -> None:
    """(a + b) + c and a + (b + c) give the same summary as aggregating all runs at once."""
    world = api.load(SCENARIO)
    whole = _aggregate(world, range(30)).summary()
    left = _aggregate(world, range(10))
    left.merge(_aggregate(world, range(10, 20)))
    left.merge(_aggregate(world, range(20, 30)))
    right_tail = _aggregate(world, range(10, 20))
    right_tail.merge(_aggregate(world, range(20, 30)))
    right = _aggregate(world, range(10))
    right.merge(right_tail)
    assert left.summary() == whole == right.summary()


def test_mean_min_max_match_the_runs() -> None:
    """Mean, min and max of a milestone equal those computed from the individual runs."""
    world = api.load(SCENARIO)
    names = milestone_names(world)
    times = [milestones(api.play(world, seed=replication_seed(1, i)), names)["assistance.completed"]
             for i in range(40)]
    reached = [t for t in times if t is not None]
    m = _aggregate(world, range(40)).summary()["milestones"]["assistance.completed"]
    assert m["reached"] == len(reached)
    assert math.isclose(m["mean"], sum(reached) / len(reached), abs_tol=1e-6)
    assert math.isclose(m["min"], min(reached), abs_tol=1e-6)
    assert math.isclose(m["max"], max(reached), abs_tol=1e-6)


def test_percentiles_are_within_half_a_bin_of_the_exact_value() -> None:
    """Histogram percentiles are within 0.05 h of the nearest-rank percentile."""
    rng = random.Random(3)
    values = [rng.uniform(0, 500) for _ in range(2001)]
    stats = MilestoneStats()
    for v in values:
        stats.add(v)
    ordered = sorted(values)
    for p in (5, 10, 25, 50, 75, 90, 95):
        exact = ordered[math.ceil(p * len(values) / 100) - 1]
        got = stats.percentile(p)
        assert got is not None
        assert abs(got - exact) <= 0.05 + 1e-9


def test_objective_met_rate_counts_met_runs(tmp_path: Path) -> None:
    """The objective met-rate is the share of runs whose objective was met (some met, some not)."""
    shutil.copy(DATA / "sweep_pack.yaml", tmp_path / "sweep_pack.yaml")
    tight = Path(SCENARIO).read_text(encoding="utf-8").replace("within: 7d", "within: 4d", 1)
    (tmp_path / "tight.yaml").write_text(tight, encoding="utf-8")
    world = api.load(str(tmp_path / "tight.yaml"))
    met = sum(api.play(world, seed=replication_seed(1, i)).objectives[0].status == "met" for i in range(25))
    assert 0 < met < 25
    summary = _aggregate(world, range(25)).summary()
    assert summary["objectives"]["OBJ-7d"]["met"] == met
    assert summary["objectives"]["OBJ-7d"]["met_rate"] == round(met / 25, 6)


def test_critical_path_names_the_last_contributor() -> None:
    """For `complete: 2`, the deciding participant is the second to contribute."""
    world = api.load(SCENARIO)
    result = api.play(world, seed=replication_seed(1, 0))
    rec = result.responses[0]
    assert rec.status == "completed"
    second = sorted((p.contributed_h, p.actor) for p in rec.participants if p.contributed_h is not None)[1][1]
    agg = Aggregate(milestone_names(world), world.until)
    agg.add_run(0, result, world)
    assert dict(agg.critical["assistance"]) == {second: 1}


def test_spearman_of_monotone_series_is_one() -> None:
    """Spearman's ρ is +1 for a monotone increasing relation and −1 for a decreasing one."""
    xs = [1.0, 2.0, 3.0, 4.0, 10.0]
    assert spearman(xs, [x**3 for x in xs]) == 1.0
    assert spearman(xs, [-x for x in xs]) == -1.0
    assert spearman(xs, [5.0] * 5) is None


def test_sensitivity_ranks_the_driving_step_first() -> None:
    """The numpy ranks agree with the reference ρ, and a step of the participant that most often
    completes the response (its critical path) leads its drivers."""
    world = api.load(SCENARIO)
    agg = _aggregate(world, range(150))
    table = sensitivity(agg.samples, ["assistance.completed"], agg.ancestry)["assistance.completed"].rows
    top = table[0]
    pairs = [(s.factors[str(top["factor"])], s.times["assistance.completed"]) for s in agg.samples
             if str(top["factor"]) in s.factors]
    assert math.isclose(float(top["rho"]), spearman([a for a, _ in pairs], [b for _, b in pairs]) or 0, abs_tol=1e-4)
    deciding = agg.critical["assistance"].most_common(1)[0][0]
    assert str(top["factor"]).startswith(f"assistance / {deciding} / ")


def test_sweep_critical_step_matches_the_full_critical_path() -> None:
    """The sweep's short-cut names the same participant, longest step and procedure time as
    critical_path()."""
    world = api.load(SCENARIO)
    for i in range(20):
        result = api.play(world, seed=replication_seed(1, i))
        for rec in result.responses:
            if rec.status in ("completed", "failed"):
                path = critical_path(result, rec)
                longest = path.longest()
                procedure = sum(to_ticks(s.hours) for s in path.steps if s.kind == "procedure")
                assert decided(result, rec) == (path.actor, path.deciding, procedure,
                                                longest.name if longest else None)


def test_aggregate_holdbacks_match_those_of_the_full_critical_paths() -> None:
    """The aggregate's holdback counts (from ticks) equal those summed from ``holdbacks`` of each
    run's ended first instances' critical paths (runs, paths, procedure micro-hours per actor)."""
    world = api.load(SCENARIO)
    runs: Counter[str] = Counter()
    paths: Counter[str] = Counter()
    procedure: Counter[str] = Counter()
    agg = Aggregate(milestone_names(world), world.until)
    for i in range(30):
        result = api.play(world, seed=replication_seed(1, i))
        agg.add_run(i, result, world)
        ended = [critical_path(result, r) for r in first_instances(result).values() if r.status in ENDINGS]
        for h in holdbacks(ended):
            runs[h.actor] += 1
            paths[h.actor] += len(h.paths)
            procedure[h.actor] += round(h.procedure_h * 1_000_000)
    assert (agg.holdback.runs, agg.holdback.paths, agg.holdback.procedure_us) == (runs, paths, procedure)
    assert sum(procedure.values()) > 0
