"""Each Paris scenario's description tells what its default run (`accord run`, sampled with the
scenario's seed) and its nominal run (the committed reports) show.

What a description states as the coalition's choice is scripted (`choices:`) and checked in
both runs; an outcome that rests on a draw (a parliament's vote, an entry under way at the
attack) is checked in the nominal run, so that a change of the sampled draws does not break
these tests without the story changing."""

import pytest
from paris_helpers import (
    DAY,
    ROOT,
    decisions,
    events,
    first,
    in_ukraine_steps,
    outside_ceasefire,
    play,
    responses,
)

MODES = [False, True]
SCENARIOS = ROOT / "scenarios"


def run(tmp_path, name, nominal):
    return play(tmp_path, SCENARIOS / f"{name}.yaml", nominal=nominal)


@pytest.mark.parametrize("nominal", MODES, ids=["default", "nominal"])
def test_renewed_attack_tells_its_story(tmp_path, nominal):
    """Violation on day 20 held against Russia; massed attack on day 42 ends the cessation of
    hostilities; contingents on the move halt, those generating stay outside, those in
    Ukraine hold; every component-4 tool is used, the UK and Germany on their emergency
    paths, EU sanctions on the fast track; depots give rapid assistance."""
    results = run(tmp_path, "renewed_attack", nominal)
    attack = 42 * DAY
    assert next(e["with"]["responsible"] for e in events(results, "commission.responsibility_determined")) == "russia"
    assert first(results, "hostilities.resumed") == attack
    assert first(results, "mnf.entry_closed") == attack
    assert not [s for s in in_ukraine_steps(results) if s[2] >= attack]
    assert outside_ceasefire(results) == []
    assert decisions(results, "mnf_posture") == ["hold"]
    assert decisions(results, "major_attack_commitments") == ["full_set"]
    (capabilities,) = responses(results, "military_capabilities")
    emergency = {p["actor"]: p for p in capabilities["participants"]}
    for actor in ("united_kingdom", "germany"):
        assert emergency[actor]["authorized_h"] - attack <= DAY
    assert responses(results, "eu_sanctions_urgent")[0]["started_h"] == attack
    assert responses(results, "depot_rapid_assistance")[0]["status"] == "completed"
    if nominal:
        assert [r for r in results["responses"] if r["response"].endswith("_entry") and r["status"] == "stopped"]
        assert responses(results, "eu_sanctions_urgent")[0]["status"] == "completed"


@pytest.mark.parametrize("nominal", MODES, ids=["default", "nominal"])
def test_ceasefire_holds_tells_its_story(tmp_path, nominal):
    """No hostilities; support and the coordination group from T+0; the force ordered on
    Ukraine's request, its air, sea and land components in Ukraine; Washington confirms the
    backstop and Germany covers the flank."""
    results = run(tmp_path, "ceasefire_holds", nominal)
    assert first(results, "hostilities.resumed") is None
    assert responses(results, "defence_packages")[0]["started_h"] == 0.0
    assert first(results, "coordination_group.meeting") == 0.0
    assert first(results, "mnf.deployment_ordered") is not None
    assert in_ukraine_steps(results)
    assert decisions(results, "us_backstop") == ["confirmed"]
    (flank,) = responses(results, "flank_reassurance")
    assert flank["started_h"] == first(results, "us.backstop_confirmed")
    if nominal:
        for milestone in ("mnf.air_in_place", "mnf.sea_in_place", "mnf.land_ioc", "flank.covered"):
            assert first(results, milestone) is not None, milestone
        assert flank["status"] == "completed"


@pytest.mark.parametrize("nominal", MODES, ids=["default", "nominal"])
def test_mnf_deployment_tells_its_story(tmp_path, nominal):
    """Ordered after Ukraine's request on day 7; each member one procedure; Canada and Belgium
    field no land contingent; the French extension vote four months after French forces
    start entering Ukraine."""
    results = run(tmp_path, "mnf_deployment", nominal)
    assert first(results, "mnf.requested") == 7 * DAY
    assert first(results, "mnf.deployment_ordered") == 8 * DAY
    assert not [s for s in in_ukraine_steps(results) if s[1] == "canada"]
    assert {s[0] for s in in_ukraine_steps(results) if s[1] == "belgium"} == {"mnf_belgium_entry"}
    french = min(s[2] for s in in_ukraine_steps(results) if s[1] == "france")
    assert first(results, "france.art35_extension_due") == french + 120 * DAY


@pytest.mark.parametrize("nominal", MODES, ids=["default", "nominal"])
def test_slow_parliament_tells_its_story(tmp_path, nominal):
    """Ukraine's request on day 3; Berlin asks Washington when the force is ordered; the backstop
    is confirmed and the Bundestag mandate follows."""
    results = run(tmp_path, "slow_parliament", nominal)
    ordered = first(results, "mnf.deployment_ordered")
    assert first(results, "mnf.requested") == 3 * DAY
    assert decisions(results, "us_backstop") == ["confirmed"]
    confirmed = first(results, "us.backstop_confirmed")
    assert ordered < confirmed
    (flank,) = responses(results, "flank_reassurance")
    assert flank["started_h"] == confirmed
    if nominal:
        assert flank["status"] == "completed"


@pytest.mark.parametrize("nominal", MODES, ids=["default", "nominal"])
def test_unclear_attribution_tells_its_story(tmp_path, nominal):
    """A limited strike on day 30: the ceasefire stays in force; reported to the Special
    Commission as a major violation by an undetermined party; depots and intelligence help
    Ukraine regardless; the coalition's default attribution is undetermined, so diplomatic
    initiatives establish the facts and no military capabilities follow (the base run scripts
    the attribution; its variants script the others)."""
    results = run(tmp_path, "unclear_attribution", nominal)
    assert first(results, "hostilities.resumed") is None
    assert results["state"]["ceasefire.in_force"] is True
    reported = [e for e in events(results, "violation.reported") if e["with"]["severity"] == "major"]
    assert reported
    assert reported[0]["with"]["suspected"] == "undetermined"
    assert responses(results, "depot_rapid_assistance")
    assert responses(results, "intelligence_support")
    assert decisions(results, "attack_attribution") == ["undetermined"]
    assert responses(results, "diplomatic_initiatives")
    assert not responses(results, "military_capabilities")


@pytest.mark.parametrize("nominal", MODES, ids=["default", "nominal"])
def test_repeated_violations_tells_its_story(tmp_path, nominal):
    """The Commission holds the suspected party responsible each time, so three violations are
    attributed to Russia within 30 days and the coalition decides on escalation."""
    results = run(tmp_path, "repeated_violations", nominal)
    assert set(decisions(results, "violation_attribution")) == {"established"}
    assert len(decisions(results, "escalation_response")) == 1
