"""accord sweep: deterministic seeds, identical results whatever the workers, clean failures."""

import concurrent.futures as cf
import json
import os
from pathlib import Path

import pytest

from engine.analyse import sweep as sweep_mod
from engine.analyse.sweep import replication_seed, run_batch, sweep
from engine.analyse.sweep_plan import SweepOptions, make_plan
from engine.analyse.variants import select_variants
from engine.check.scenario import load_world
from engine.cli import main
from engine.errors import ExecutionError
from engine.render.sweep_files import run_sweep
from engine.render.sweep_report import sweep_document, sweep_json
from tests.conftest import DATA

SCENARIO = str(DATA / "sweep_scenario.yaml")


def _sweep_files(tmp_path: Path, name: str, *extra: str) -> tuple[int, bytes, bytes]:
    out = tmp_path / name
    code = main(["sweep", SCENARIO, "--runs", "120", "--variants", "all", "--no-charts", "-q",
                 "--out", str(out), "--per-run", str(out / "runs.csv"), *extra])
    return code, (out / "sweep.json").read_bytes(), (out / "runs.csv").read_bytes()


def test_seed_depends_only_on_base_and_index() -> None:
    """A replication's seed is a function of (base seed, index) alone: the same in every variant."""
    assert replication_seed(7, 3) == replication_seed(7, 3)
    assert replication_seed(7, 3) != replication_seed(7, 4)
    assert replication_seed(7, 3) != replication_seed(8, 3)


def test_replication_i_plays_the_same_seed_in_every_variant(tmp_path: Path) -> None:
    """The per-run file pairs replications: row i of every variant has the same seed (SPEC §2.3)."""
    code, _, rows = _sweep_files(tmp_path, "pairs", "--workers", "1")
    assert code == 0
    lines = [line.split(",") for line in rows.decode("utf-8-sig").splitlines()]
    assert lines[0][:3] == ["variant", "replication", "seed"]
    seeds: dict[str, list[str]] = {}
    for variant, _replication, seed, *_ in lines[1:]:
        seeds.setdefault(variant, []).append(seed)
    assert len(seeds) > 1
    assert all(column == seeds["base"] for column in seeds.values())


def test_one_and_two_workers_give_identical_files(tmp_path: Path) -> None:
    """sweep.json and the per-run file are byte-identical with --workers 1 and --workers 2."""
    one = _sweep_files(tmp_path, "w1", "--workers", "1")
    two = _sweep_files(tmp_path, "w2", "--workers", "2")
    assert one[0] == two[0] == 0
    assert one[1] == two[1]
    assert one[2] == two[2]


def test_results_do_not_depend_on_batch_size() -> None:
    """Batches of 7 and of 50 replications merge into the same document."""
    docs = []
    for size in (7, 50):
        plan, worlds = make_plan(SCENARIO, 100, "all", None)
        plan.batch_size = size
        with cf.ThreadPoolExecutor(3) as ex:
            aggs = sweep(plan, ex, inflight=5)
        docs.append(sweep_json(sweep_document(plan, worlds, aggs)))
    assert docs[0] == docs[1]


def test_sweep_counts_every_replication(tmp_path: Path) -> None:
    """Every variant reports --runs runs and the per-run file has one row per replication."""
    code, doc_bytes, rows = _sweep_files(tmp_path, "n", "--workers", "2")
    doc = json.loads(doc_bytes)
    assert code == 0
    assert [v["runs"] for v in doc["variants"]] == [120] * 3
    assert len(rows.decode().splitlines()) == 1 + 120 * 3


def test_sampled_durations_vary_across_replications(tmp_path: Path) -> None:
    """Replications draw different durations: a sampled milestone spreads between min and max."""
    _, doc_bytes, _ = _sweep_files(tmp_path, "v", "--workers", "1")
    m = json.loads(doc_bytes)["variants"][0]["milestones"]["assistance.completed"]
    assert m["min"] < m["p50"] < m["max"]
    assert m["p5"] <= m["p25"] <= m["p50"] <= m["p75"] <= m["p95"]


def test_slower_vote_variant_delays_authorization(tmp_path: Path) -> None:
    """A variant whose vote takes weeks reaches authorized_all later than the base."""
    _, doc_bytes, _ = _sweep_files(tmp_path, "s", "--workers", "1")
    by = {v["variant"]: v["milestones"]["assistance.authorized_all"] for v in json.loads(doc_bytes)["variants"]}
    assert by["slow_vote"]["p50"] > by[None]["p95"]


def test_unknown_variant_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown variant name exits 2 with a did-you-mean message."""
    assert main(["sweep", SCENARIO, "--runs", "5", "--variants", "slow_vot"]) == 2
    assert "unknown variant 'slow_vot' (did you mean 'slow_vote'?)" in capsys.readouterr().err


def test_an_unknown_variant_lists_the_scenario_s_variants(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", SCENARIO, "--runs", "5", "--variants", "nothing_like_it"]) == 2
    assert "(its variants: slow_vote" in capsys.readouterr().err


def test_base_in_variants_is_the_base_always_played() -> None:
    """Every table calls the first column 'base': --variants base,slow_vote is the base and slow_vote."""
    world = load_world(SCENARIO)
    assert select_variants(world, "base,slow_vote", default_all=False) == [None, "slow_vote"]
    assert select_variants(world, "base", default_all=False) == [None]


@pytest.mark.parametrize(("command", "option"), [
    (["sweep", SCENARIO, "--runs", "0"], "--runs"),
    (["sweep", SCENARIO, "--runs", "5", "--workers", "-1"], "--workers"),
    (["compare", SCENARIO, "--runs", "x"], "--runs"),
    (["run", SCENARIO, "--max-events", "0"], "--max-events"),
    (["run", SCENARIO, "--max-events-per-instant", "-3"], "--max-events-per-instant"),
])
def test_counts_below_one_are_usage_errors(command: list[str], option: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--runs, --workers and the event limits must be whole numbers of at least 1: exit 2, nothing run."""
    with pytest.raises(SystemExit) as exit_info:
        main(command)
    assert exit_info.value.code == 2
    assert f"argument {option}: must be a whole number, at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-1", "abc", "nan", "inf"])
def test_bad_dask_timeout_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--dask-timeout must be a finite number of seconds greater than 0; anything else exits 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(["sweep", SCENARIO, "--runs", "5", "--dask", "tcp://127.0.0.1:1", "--dask-timeout", value])
    assert exit_info.value.code == 2
    assert f"--dask-timeout: must be a number of seconds greater than 0 (got '{value}')" in capsys.readouterr().err


def _die(batch: sweep_mod.Batch) -> sweep_mod.BatchResult:
    """A batch whose worker process dies."""
    if batch.start >= 20:
        os._exit(1)
    return run_batch(batch)


def test_dying_worker_stops_the_sweep(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies mid-sweep raises ExecutionError naming the runs, never drops them."""
    monkeypatch.setattr(sweep_mod, "run_batch", _die)
    plan, _ = make_plan(SCENARIO, 60, None, None)
    plan.batch_size = 10
    with cf.ProcessPoolExecutor(2) as ex, pytest.raises(ExecutionError, match="worker failed while playing runs"):
        sweep(plan, ex)


def test_interrupted_sweep_writes_nothing(tmp_path: Path) -> None:
    """Ctrl-C during a sweep leaves neither results nor a per-run file (nor temp files)."""
    out, per_run = tmp_path / "out", tmp_path / "runs" / "runs.csv"

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    opts = SweepOptions(SCENARIO, 50, workers=1, out=str(out), per_run=str(per_run), charts=False, batch_size=5)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(opts, interrupt)
    assert not out.exists()
    assert os.listdir(per_run.parent) == []


def test_sweep_draws_its_charts(tmp_path: Path) -> None:
    """Without --no-charts a sweep writes the ECDF, box and tornado PNGs, linked from sweep.md."""
    out = tmp_path / "charts"
    assert main(["sweep", SCENARIO, "--runs", "60", "--workers", "1", "-q", "--out", str(out)]) == 0
    for name in ("ecdf.png", "box.png", "tornado.png"):
        assert (out / name).read_bytes().startswith(b"\x89PNG")
        assert f"]({name})" in (out / "sweep.md").read_text()


def test_a_small_sweep_replaces_an_earlier_tornado(tmp_path: Path) -> None:
    """Too few runs to rank drivers still writes tornado.png (saying so), so a re-run into the
    same folder never leaves the previous sweep's chart behind."""
    out = tmp_path / "charts"
    assert main(["sweep", SCENARIO, "--runs", "60", "--workers", "1", "-q", "--out", str(out)]) == 0
    ranked = (out / "tornado.png").read_bytes()
    assert main(["sweep", SCENARIO, "--runs", "5", "--workers", "1", "-q", "--out", str(out)]) == 0
    assert (out / "tornado.png").read_bytes() != ranked
    assert "No drivers to rank" in (out / "sweep.html").read_text()


@pytest.mark.parametrize("command", ["sweep", "compare", "forecast", "play"])
def test_more_than_four_workers_per_cpu_is_a_usage_error(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--workers 100000 once forked hundreds of processes for a five-run sweep: exit 2 before any."""
    with pytest.raises(SystemExit) as exit_info:
        main([command, SCENARIO, "--workers", "100000"])
    assert exit_info.value.code == 2
    assert "argument --workers: at most" in capsys.readouterr().err


def test_numbers_on_the_command_line_are_ascii_digits(capsys: pytest.CaptureFixture[str]) -> None:
    """--seed ０ (a full-width zero) was read as 0 by int(): exit 2 instead."""
    with pytest.raises(SystemExit) as exit_info:
        main(["sweep", SCENARIO, "--runs", "5", "--seed", "\uff10"])
    assert exit_info.value.code == 2
    assert "argument --seed" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["sweep", "forecast", "compare"])
@pytest.mark.parametrize("runs", ["10000001", "99999999999999999999"])
def test_more_than_ten_million_runs_is_a_usage_error(command: str, runs: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """--runs 99999999999999999999 ran for ever: exit 2 before any work, nothing written."""
    with pytest.raises(SystemExit) as exit_info:
        main([command, SCENARIO, "--runs", runs, "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert "argument --runs: at most 10,000,000 runs" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_ten_million_runs_is_allowed() -> None:
    """The cap itself is a number of runs accord takes."""
    from engine.cli.values import runs  # noqa: PLC0415

    assert runs("10000000") == 10_000_000
