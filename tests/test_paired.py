"""Paired differences (variant − base, replication by replication) in compare --runs and sweeps.

``tests/data/paired_scenario.yaml``: Bravo's mandate (cabinet, then a vote that may decline)
and Charlie's aid, which no variant touches. ``late_cabinet`` shifts the cabinet's
uniform(1d, 3d) to uniform(2d, 4d): with common random numbers every draw is exactly one day
later. ``sure_vote`` makes the vote always approve: the mandate completes in replications
where the base's declined (reached in the variant only).
"""

import concurrent.futures as cf
import json
from pathlib import Path

import numpy as np
import pytest

from engine import api
from engine.analyse.aggregate import NOT_REACHED, PAIRED, Aggregate, ReplicationTimes
from engine.analyse.paired import differences, paired
from engine.analyse.sweep import replication_seed, sweep
from engine.analyse.sweep_plan import make_plan
from engine.cli import main
from engine.render.sweep_paired import NOTE, note
from tests.conftest import DATA

SCENARIO = str(DATA / "paired_scenario.yaml")
RENEWED = str(Path(__file__).resolve().parents[1] / "scenarios" / "renewed_attack.yaml")
DAY = 86_400  # ticks (seconds)
RUNS = 60


def _compare(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    assert main(["compare", *args, "--out", str(out), "-q", "--no-charts"]) == 0
    return out


def _cell(doc: dict, milestone: str, column: str) -> dict:
    return next(r for r in doc["milestones"] if r["milestone"] == milestone)["values"][column]


def _swept(variants: str, runs: int = RUNS) -> dict[str | None, Aggregate]:
    plan, _ = make_plan(SCENARIO, runs, variants, None)
    plan.batch_size = 7  # several batches, merged in order
    with cf.ThreadPoolExecutor(2) as ex:
        return sweep(plan, ex)


def _base_statuses(runs: int = RUNS) -> list[str]:
    """The mandate's status in each of the base's replications, played one by one."""
    world = api.load(SCENARIO)
    return [next(r.status for r in api.play(world, seed=replication_seed(world.seed, i)).responses
                 if r.response == "mandate") for i in range(runs)]


def test_untouched_milestones_show_zero_moved(tmp_path: Path) -> None:
    """renewed_attack's EU-unanimity variant moves neither the monitoring mechanism nor the training
    mission in any replication: 0 of N moved, in compare.json and in the full table of compare.md."""
    out = _compare(tmp_path, "cmp", RENEWED, "--runs", "20", "--variants", "slow_unanimity", "--workers", "2")
    doc = json.loads((out / "compare.json").read_text())
    for name in ("monitoring_mechanism.completed", "training_mission.completed"):
        p = _cell(doc, name, "slow_unanimity")["paired"]
        assert (p["pairs"], p["both"], p["moved"]) == (20, 20, 0)
        row = next(line for line in (out / "compare.md").read_text().splitlines() if line.startswith(f"| {name} |"))
        assert row.endswith("[0 of 20 moved] |")
    moved = _cell(doc, "eu_sanctions_urgent.completed", "slow_unanimity")["paired"]
    assert moved["moved"] > 0  # the variant does move what it changes


def test_sweep_lists_untouched_key_milestones(tmp_path: Path) -> None:
    """sweep.json's paired figures and sweep.md's paired section: the untouched milestones are 0 of N moved."""
    out = tmp_path / "sweep"
    assert main(["sweep", RENEWED, "--runs", "20", "--variants", "slow_unanimity", "--workers", "2",
                 "--out", str(out), "-q", "--no-charts"]) == 0
    doc = json.loads((out / "sweep.json").read_text())
    figures = doc["variants"][1]["paired"]
    assert doc["variants"][0]["paired"] is None
    text = (out / "sweep.md").read_text()
    untouched = next(line for line in text.splitlines() if line.startswith("Untouched key milestones"))
    assert untouched.startswith("Untouched key milestones (0 of 20 replications moved)")
    for name in ("monitoring_mechanism.completed", "training_mission.completed"):
        assert figures[name]["moved"] == 0
        assert name in untouched


def test_a_fixed_delay_is_the_paired_difference_in_every_replication_on_its_path() -> None:
    """late_cabinet completes the mandate exactly one day later in every replication in which it
    completes; in those where the vote declines (off the completion's path) there is no difference."""
    aggs = _swept("late_cabinet")
    diffs = differences(aggs[None].replications, aggs["late_cabinet"].replications, "mandate.completed")
    statuses = _base_statuses()
    assert sorted(diffs) == list(range(RUNS))
    assert {i for i, d in diffs.items() if d is not None} == {i for i, s in enumerate(statuses) if s == "completed"}
    assert {d for d in diffs.values() if d is not None} == {DAY}
    assert 0 < statuses.count("failed") < RUNS  # both kinds of replication were tested


def test_compare_reports_the_fixed_delay(tmp_path: Path) -> None:
    """compare.json: median, p10 and p90 of the paired difference are all +24 h, every pair later."""
    out = _compare(tmp_path, "cmp", SCENARIO, "--runs", str(RUNS), "--variants", "late_cabinet", "--workers", "1")
    doc = json.loads((out / "compare.json").read_text())
    p = _cell(doc, "mandate.completed", "late_cabinet")["paired"]
    assert (p["median_h"], p["p10_h"], p["p90_h"]) == (24.0, 24.0, 24.0)
    assert p["later"] == p["both"] == p["moved"] == _base_statuses().count("completed")
    assert (p["sooner"], p["base_only"], p["variant_only"]) == (0, 0, 0)
    assert _cell(doc, "aid.completed", "late_cabinet")["paired"]["moved"] == 0


def test_reached_on_one_side_only_is_moved_but_not_in_the_median(tmp_path: Path) -> None:
    """sure_vote completes the mandate in the replications where the base's vote declined: they count
    as moved and as "variant only", and stay out of the median (0: the others are unchanged)."""
    out = _compare(tmp_path, "cmp", SCENARIO, "--runs", str(RUNS), "--variants", "sure_vote", "--workers", "1")
    doc = json.loads((out / "compare.json").read_text())
    declined = _base_statuses().count("failed")
    done = _cell(doc, "mandate.completed", "sure_vote")["paired"]
    assert (done["variant_only"], done["base_only"], done["moved"]) == (declined, 0, declined)
    assert (done["both"], done["median_h"], done["p90_h"]) == (RUNS - declined, 0.0, 0.0)
    failed = _cell(doc, "mandate.failed", "sure_vote")["paired"]
    assert (failed["base_only"], failed["both"], failed["median_h"]) == (declined, 0, None)
    text = (out / "compare.md").read_text()
    assert "| mandate.completed | sure_vote |" in text
    assert f"reached in variant only {declined} |" in text


def test_one_and_two_workers_give_identical_compare_files(tmp_path: Path) -> None:
    """compare --runs: every file is byte-identical with --workers 1 and --workers 2."""
    one = _compare(tmp_path, "w1", SCENARIO, "--runs", "50", "--workers", "1")
    two = _compare(tmp_path, "w2", SCENARIO, "--runs", "50", "--workers", "2")
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir())
    assert all((one / n).read_bytes() == (two / n).read_bytes() for n in names)


def test_paired_outputs_are_deterministic(tmp_path: Path) -> None:
    """The same sweep twice writes byte-identical sweep.json, sweep.md and sweep.html."""
    files = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert main(["sweep", SCENARIO, "--runs", "40", "--variants", "all", "--workers", "2",
                     "--out", str(out), "-q", "--no-charts"]) == 0
        files.append([(out / n).read_bytes() for n in ("sweep.json", "sweep.md", "sweep.html")])
    assert files[0] == files[1]
    assert b'"paired"' in files[0][0]


def test_pairs_are_matched_by_replication_index_not_by_order() -> None:
    """Replications kept in any order, and ones only one side played, still pair by index."""
    base, variant = ReplicationTimes(["m"]), ReplicationTimes(["m"])
    base.add([2, 0, 1], np.array([[3.0], [1.0], [np.nan]]))
    variant.add([1], np.array([[5.0]]))
    variant.add([0, 2, 9], np.array([[1.0], [4.0], [2.0]]))
    f = paired(base, variant)["m"]
    assert (f.pairs, f.both, f.later, f.sooner, f.base_only, f.variant_only) == (3, 2, 1, 0, 0, 1)
    assert (f.median, f.p90) == (0, 3600)  # nearest rank of the sorted differences (0, 3600 ticks)
    assert base.arrays()[1][:, 0].tolist() == [3600, NOT_REACHED, 3 * 3600]  # by index


def test_merged_batches_keep_every_replication() -> None:
    """A sweep in batches of 7 keeps each replication's times once, in index order."""
    indices, ticks = _swept("late_cabinet", 30)[None].replications.arrays()
    assert indices.tolist() == list(range(30))
    assert ticks.dtype == np.int64


def test_terminal_paired_view_fits_80_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """compare --runs prints one paired table per variant within 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["compare", SCENARIO, "--runs", "30", "--workers", "1", "--out", str(tmp_path / "t"),
                 "--no-charts"]) == 0
    text = capsys.readouterr().out
    lines = [line for line in text.splitlines() if not line.startswith("wrote ")]
    assert all(len(line) <= 80 for line in lines)
    late = next(i for i, line in enumerate(lines) if line.startswith("late_cabinet: "))
    sure = next(i for i, line in enumerate(lines) if line.startswith("sure_vote: "))
    row = next(line for line in lines[late:sure] if line.startswith("mandate.completed "))
    assert row.split()[1:3] == ["+1d", "+1d…+1d"]


def test_html_highlights_the_moved_rows(tmp_path: Path) -> None:
    """sweep.html's paired section and compare.html's differences colour a moved milestone (later: worse)."""
    out = tmp_path / "sweep"
    assert main(["sweep", SCENARIO, "--runs", "30", "--variants", "late_cabinet", "--workers", "1",
                 "--out", str(out), "-q", "--no-charts"]) == 0
    page = (out / "sweep.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="paired">'):page.index("</section>", page.index('<section id="paired">'))]
    assert '<tr class="worse"><td><code>mandate.completed</code></td><td class="num change">+1d</td>' in section
    assert "<code>aid.completed</code>" in section  # listed among the untouched
    cmp = _compare(tmp_path, "cmp", SCENARIO, "--runs", "30", "--variants", "late_cabinet", "--workers", "1")
    assert '<tr class="worse"><td>mandate.completed</td><td>late_cabinet</td>' in (cmp / "compare.html").read_text()


def test_only_the_first_replications_are_kept_for_pairing():
    """Replications from PAIRED on are not kept: memory stays flat however long the sweep."""
    kept = ReplicationTimes(["a"])
    kept.add([PAIRED - 2, PAIRED - 1, PAIRED, PAIRED + 7], np.array([[1.0], [2.0], [3.0], [4.0]]))
    indices, ticks = kept.arrays()
    assert indices.tolist() == [PAIRED - 2, PAIRED - 1]
    assert ticks[:, 0].tolist() == [3600, 7200]


def test_the_paired_note_says_which_replications_are_paired():
    """Past PAIRED replications the note names the first PAIRED as the pairs; below, it says nothing more."""
    assert note(PAIRED) == NOTE
    assert f"the first {PAIRED:,} of the {PAIRED + 1:,} replications" in note(PAIRED + 1)
