"""Issue 12, item 4: component 4 is a set of commitments the coalition finalizes, not fixed
triggers; the EU has a fast track after a massed attack; Germany's US backstop is a
political decision."""

import pytest
from paris_helpers import DAY, decisions, events, first, fixture, play, responses

TOOLS = ["military_capabilities", "logistics_support", "diplomatic_initiatives", "eu_sanctions_urgent",
         "partner_sanctions"]


def started(results, names=TOOLS):
    return [n for n in names if responses(results, n)]


def test_the_choice_of_tools_is_a_recorded_coalition_decision(tmp_path):
    """"The participants agreed to finalize commitments that will define the approach to
    supporting Ukraine in the event of a repeat Russian aggression. These commitments may
    include …": after a confirmed large-scale attack the coalition takes a decision, recorded
    with the run, on which commitments to use."""
    results = play(tmp_path, fixture("commitments"), seed=4)
    chosen = [d for d in results["decisions"] if d["decision"] == "major_attack_commitments"]
    assert len(chosen) == 1
    assert chosen[0]["t"] == 20 * DAY
    assert chosen[0]["how"] == "chance"


@pytest.mark.parametrize(("variant", "expected"), [
    ("full_set", TOOLS),
    ("core_group", TOOLS),
    ("without_military", TOOLS[1:]),
    ("diplomacy_and_sanctions", ["diplomatic_initiatives", "eu_sanctions_urgent", "partner_sanctions"]),
])
def test_the_tools_used_follow_the_coalitions_choice(tmp_path, variant, expected):
    """"These commitments may include the use of military capabilities, intelligence and
    logistical support, diplomatic initiatives, and additional sanctions": each scripted
    choice starts its tools and no others."""
    results = play(tmp_path, fixture("commitments_choices"), variant, nominal=True)
    assert decisions(results, "major_attack_commitments") == [variant]
    assert started(results) == expected


def test_a_core_group_chooses_its_contributors(tmp_path):
    """"… may include the use of military capabilities": the coalition can choose the
    contributors, here a core group of France, the United Kingdom and Germany."""
    results = play(tmp_path, fixture("commitments_choices"), "core_group", nominal=True)
    (capabilities,) = responses(results, "military_capabilities")
    assert [p["actor"] for p in capabilities["participants"]] == ["france", "united_kingdom", "germany"]


def test_eu_sanctions_take_the_fast_track_after_a_massed_attack(tmp_path):
    """"… and additional sanctions." After the massed attack of February 2022 the EU adopted
    packages in 1–2 days (sources.md#fact-eu-sanctions); the nominal package after a
    large-scale attack is adopted within three days, not the routine month."""
    results = play(tmp_path, fixture("commitments"), nominal=True)
    adopted = [e["t"] for e in results["events"]
               if e["type"].startswith("eu_sanctions") and e["type"].endswith(".completed")]
    assert adopted
    assert adopted[0] - 20 * DAY <= 3 * DAY


def test_germany_waits_for_a_political_us_backstop_not_for_us_enablers(tmp_path):
    """Germany's troops in a neighbouring NATO state are "conditional on a US backstop"
    (sources.md#fact-germany-position): a political decision of Washington. Withheld, Germany
    stays out although US enablers are in place, and partners backfill; confirmed, Germany's
    procedure starts at the confirmation."""
    withheld = play(tmp_path, fixture("force_generation_choices"), "backstop_withheld", nominal=True)
    assert [r["status"] for r in responses(withheld, "us_enablers")] == ["completed"]
    assert responses(withheld, "flank_reassurance") == []
    assert [r["status"] for r in responses(withheld, "flank_backfill")] == ["completed"]
    confirmed = play(tmp_path, fixture("force_generation_choices"), "backstop_confirmed", nominal=True)
    assert decisions(confirmed, "us_backstop") == ["confirmed"]
    (flank,) = responses(confirmed, "flank_reassurance")
    assert flank["started_h"] == first(confirmed, "us.backstop_confirmed")
    assert flank["started_h"] != next(r["ended_h"] for r in responses(confirmed, "us_enablers"))
    assert events(confirmed, "us.backstop_confirmed")[0]["by"] == "usa"
