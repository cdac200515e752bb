"""Issue 12, item 1: the multinational force is implemented "strictly … after the cessation of
hostilities" at every step of a run, not only when the order is given."""

import pytest
from paris_helpers import (
    DAY,
    ROOT,
    decisions,
    events,
    first,
    fixture,
    in_ukraine_steps,
    outside_ceasefire,
    play,
    responses,
)

RENEWED = ROOT / "scenarios" / "renewed_attack.yaml"
RENEWED_VARIANTS = [None, "slow_unanimity", "eu_veto", "depleted_depots", "without_military", "mnf_pauses",
                    "ceasefire_restored"]


def test_an_attack_between_the_request_and_the_order_holds_the_order(tmp_path):
    """"Participants reaffirmed that these measures should be strictly implemented at Ukraine's
    request after the cessation of hostilities." A massed attack half a day after Ukraine's
    request, before the coalition's order, leaves the force unordered and nothing in Ukraine."""
    results = play(tmp_path, fixture("gap_attack"), nominal=True)
    assert first(results, "mnf.deployment_ordered") is None
    assert in_ukraine_steps(results) == []
    assert [r["response"] for r in results["responses"] if r["response"].startswith("mnf")] == []


def test_the_held_order_is_given_when_the_ceasefire_is_restored(tmp_path):
    """"… strictly implemented at Ukraine's request after the cessation of hostilities." With the
    request standing, the order comes one day after a ceasefire is in force again, and the
    contingents enter only then."""
    results = play(tmp_path, fixture("gap_attack"), "ceasefire_restored", nominal=True)
    assert first(results, "mnf.deployment_ordered") == 31 * DAY
    steps = in_ukraine_steps(results)
    assert steps
    assert min(start for _, _, start, _ in steps) >= 31 * DAY
    assert outside_ceasefire(results) == []


@pytest.mark.parametrize("variant", RENEWED_VARIANTS, ids=lambda v: v or "base")
def test_no_forces_enter_ukraine_while_hostilities_continue_in_renewed_attack(tmp_path, variant):
    """"… strictly implemented … after the cessation of hostilities." In every variant of the
    bundled renewed-attack scenario, no phase that puts forces in Ukraine, over it or in its
    waters starts, runs on or ends while hostilities continue."""
    results = play(tmp_path, RENEWED, variant, nominal=True)
    assert outside_ceasefire(results) == []


@pytest.mark.parametrize("seed", range(1, 9))
@pytest.mark.parametrize("variant", [None, "pause", "restored", "pause_restored"], ids=lambda v: v or "hold")
def test_no_forces_enter_ukraine_while_hostilities_continue_sampled(tmp_path, variant, seed):
    """"… strictly implemented … after the cessation of hostilities." Sampled runs of an attack
    on day 22 of the deployment: whatever the draws, no in-Ukraine phase of any component
    (land, air, sea, forward HQ) overlaps the hostilities."""
    results = play(tmp_path, fixture("attack_during_deployment"), variant, seed=seed)
    assert in_ukraine_steps(results), "the fixture must put some forces in Ukraine"
    assert outside_ceasefire(results) == []


def test_contingents_in_force_generation_wait_outside_ukraine(tmp_path):
    """"… strictly implemented … after the cessation of hostilities." Contingents whose force
    generation ends after the attack finish generating outside Ukraine and do not enter;
    those on the move into Ukraine at the attack halt (stopped), those already in hold."""
    results = play(tmp_path, fixture("attack_during_deployment"), nominal=True)
    attack = first(results, "attack.renewed")
    late = [r["participants"][0]["actor"] for r in results["responses"]
            if r["response"].startswith("mnf_") and r["participants"][0]["contributed_h"] is not None
            and r["participants"][0]["contributed_h"] > attack and not r["response"].endswith("_entry")]
    assert late, "the fixture must have contingents still generating at the attack"
    entered = {actor for _, actor, _, _ in in_ukraine_steps(results)}
    assert entered.isdisjoint(late)
    halted = [r for r in results["responses"] if r["status"] == "stopped"]
    assert halted
    assert all(r["ended_h"] == attack for r in halted)
    assert decisions(results, "mnf_posture") == ["hold"]


def test_a_pause_brings_every_component_out_of_ukraine(tmp_path):
    """"… strictly implemented … after the cessation of hostilities." When the coalition pauses,
    the land, air and sea contingents already in Ukraine all withdraw to staging areas
    outside it, not the land component alone."""
    results = play(tmp_path, fixture("attack_during_deployment"), "pause", nominal=True)
    assert decisions(results, "mnf_posture") == ["pause"]
    withdrawal = responses(results, "mnf_withdrawal")
    assert [w["status"] for w in withdrawal] == ["completed"]
    state = results["state"]
    assert (state["mnf.land_in"], state["mnf.air_in"], state["mnf.sea_in"]) == (0, 0, 0)
    assert not any(v for k, v in state.items() if k.startswith("in_ukraine."))
    assert state["mnf.posture"] == "withdrawn"


def test_a_paused_force_returns_when_the_ceasefire_is_restored(tmp_path):
    """"… strictly implemented at Ukraine's request after the cessation of hostilities." With
    Ukraine's request standing, a force paused by an attack enters again once a ceasefire is
    in force: every component (land, air, sea) and the land component regains its
    capability."""
    results = play(tmp_path, fixture("attack_during_deployment"), "pause_restored", nominal=True)
    restored = events(results, "ceasefire.entered_into_force")[1]["t"]
    back = {actor for _, actor, start, _ in in_ukraine_steps(results) if start >= restored}
    assert {"united_kingdom", "france", "belgium", "turkey"} <= back
    assert any(e["t"] >= restored for e in events(results, "mnf.land_ioc"))
    assert results["state"]["mnf.posture"] == "in_place"
    assert outside_ceasefire(results) == []


def test_the_posture_decision_is_taken_when_hostilities_resume_after_the_order(tmp_path):
    """"… strictly implemented … after the cessation of hostilities." The coalition decides the
    posture of an ordered force at the instant hostilities resume."""
    results = play(tmp_path, fixture("attack_during_deployment"), nominal=True)
    posture = [d for d in results["decisions"] if d["decision"] == "mnf_posture"]
    assert [d["t"] for d in posture] == [22 * DAY]
