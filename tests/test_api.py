"""The public API is pinned: what `import engine` offers."""

import gc

import pytest
from conftest import DATA

import engine


def test_public_api_is_pinned():
    """engine.__all__ lists exactly the supported names, and each exists."""
    assert sorted(engine.__all__) == sorted([
        "AccordError", "Diagnostic", "GuardError", "InputError", "Limits", "Mark", "OutputError",
        "RunResult", "Simulation", "ValidationReport", "World", "__version__", "load", "play",
        "result_dict", "to_json", "validate", "write_run",
    ])
    for name in engine.__all__:
        assert hasattr(engine, name)


def test_load_play_round_trip(tmp_path):
    """load → play → write_run gives results.json, the reports and the CSVs."""
    world = engine.load(str(DATA / "attack_day_ten.yaml"), "slow_parliament")
    result = engine.play(world, nominal=True)
    assert result.variant == "slow_parliament"
    written = engine.write_run(result, world, str(tmp_path))
    names = sorted(p.rsplit("/", 1)[1] for p in written)
    assert {"report.md", "results.json", "report.html", "events.csv"} <= set(names)


def test_play_leaves_the_cyclic_collector_as_it_found_it():
    """A run pauses the cyclic garbage collector while it plays and restores its state after,
    also when a guard stops the run; a collector the caller turned off stays off."""
    world = engine.load(str(DATA / "attack_day_ten.yaml"))
    assert gc.isenabled()
    engine.play(world, nominal=True)
    assert gc.isenabled()
    with pytest.raises(engine.GuardError):
        engine.play(world, nominal=True, limits=engine.Limits(per_run=3))
    assert gc.isenabled()
    gc.disable()
    try:
        engine.play(world, nominal=True)
        assert not gc.isenabled()
    finally:
        gc.enable()
