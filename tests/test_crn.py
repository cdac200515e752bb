"""Common random numbers (SPEC §2.3): in every bundled variant, across 50 replications, every
milestone that does not depend on what the variant changes happens at the same time as in
the base, replication by replication.

"Does not depend" is decided by a static, conservative analysis of the two worlds
(``tests/crn_taint.py``); the named milestones below must be among those it leaves
untouched, so the property can never pass by calling everything dependent.
"""

import functools
from pathlib import Path

import pytest
from crn_taint import Taint

from engine import api
from engine.analyse.milestones import milestone_names, milestones
from engine.analyse.sweep import replication_seed

ROOT = Path(__file__).resolve().parents[1]
RUNS = 50
CASES = [(path.stem, variant) for path in sorted((ROOT / "scenarios").glob("*.yaml"))
         for variant in api.load(str(path)).scenario.variants]
# Milestones a variant plainly leaves alone (SPEC §2.3's example first): the analysis must
# agree, and they must be reached and identical in every replication.
UNTOUCHED = {
    ("renewed_attack", "slow_unanimity"): ("monitoring_mechanism.completed", "training_mission.completed"),
    ("renewed_attack", "eu_veto"): ("monitoring_mechanism.completed", "training_mission.completed"),
    ("renewed_attack", "depleted_depots"): ("monitoring_mechanism.completed", "budget_support.completed"),
    ("mnf_deployment", "turkey_stays_out"): ("budget_support.completed",),
    ("slow_parliament", "bundestag_refuses"): ("budget_support.completed",),
}
# Variants that change what starts everything, so no reached milestone is left untouched.
EVERYTHING = {
    ("ceasefire_holds", "request_before_ceasefire"):
        "drops the ceasefire and the request injects, and every response waits for one of them",
}


@functools.cache
def _world(scenario: str, variant: str | None) -> object:
    return api.load(str(ROOT / "scenarios" / f"{scenario}.yaml"), variant)


@functools.cache
def _times(scenario: str, variant: str | None) -> tuple[dict[str, float | None], ...]:
    world = _world(scenario, None)
    names = milestone_names(world)  # type: ignore[arg-type]
    played = _world(scenario, variant)
    return tuple(milestones(api.play(played, seed=replication_seed(world.seed, i)), names)  # type: ignore[attr-defined]
                 for i in range(RUNS))


@pytest.mark.parametrize(("scenario", "variant"), CASES, ids=[f"{s}.{v}" for s, v in CASES])
def test_what_a_variant_does_not_touch_is_identical_in_every_replication(scenario, variant):
    """Replication i of the base and of the variant agree on every untouched milestone."""
    taint = Taint(_world(scenario, None), _world(scenario, variant)).run()  # type: ignore[arg-type]
    base, changed = _times(scenario, None), _times(scenario, variant)
    untouched = [n for n in base[0] if not taint.milestone_tainted(n)]
    reached = [n for n in untouched if any(run[n] is not None for run in base)]
    assert bool(reached) != ((scenario, variant) in EVERYTHING), "the analysis leaves nothing to compare"
    for name in UNTOUCHED.get((scenario, variant), ()):
        assert name in reached
    for i, (b, v) in enumerate(zip(base, changed, strict=True)):
        moved = {n: (b[n], v[n]) for n in untouched if b[n] != v[n]}
        assert not moved, f"replication {i}: {moved}"
