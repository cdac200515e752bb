"""Issue 12, item 5: each member's part goes through its own legal and constitutional
procedure — one mandate per member, emergency paths where they exist, trainers are not land
contingents, a lead nation staying out has a consequence, France's clock starts at the
intervention."""

from collections import Counter

import pytest
from paris_helpers import DAY, decisions, events, first, fixture, in_ukraine_steps, play, responses


def mandates(results):
    """Per actor, how many times it ran a national procedure in the multinational force."""
    return Counter(p["actor"] for r in results["responses"] if r["response"].startswith("mnf")
                   for p in r["participants"] if any(s["kind"] == "procedure" for s in p["steps"]))


@pytest.mark.parametrize("seed", range(1, 11))
def test_one_national_mandate_covers_a_members_whole_contingent(tmp_path, seed):
    """The guarantees apply "in accordance with their own legal and constitutional procedures":
    a member takes one decision for its contingent, so it cannot approve its air detachment
    and refuse its land contingent for the same mission. Each member runs its procedure once,
    and a member either enters with every element or not at all."""
    results = play(tmp_path, fixture("force_generation"), seed=seed)
    counts = mandates(results)
    assert counts
    assert max(counts.values()) == 1
    for actor in ("netherlands", "denmark", "sweden", "norway"):
        assert counts[actor] == 1


def test_a_member_that_refuses_stays_out_and_the_others_go_in(tmp_path):
    """"… in accordance with their own legal and constitutional procedures": when the Dutch
    parliament refuses, the Netherlands stays out of land and air alike, and the other
    contingents still bring the land and air components to capability."""
    results = play(tmp_path, fixture("force_generation"), "netherlands_refuses", nominal=True)
    (dutch,) = responses(results, "mnf_netherlands")
    assert dutch["participants"][0]["status"] == "declined"
    assert "netherlands" not in {actor for _, actor, _, _ in in_ukraine_steps(results)}
    assert first(results, "mnf.air_in_place") is not None
    assert first(results, "mnf.land_foc") is not None


def test_uk_and_germany_use_their_emergency_paths_after_a_massed_attack(tmp_path):
    """"… in accordance with their own legal and constitutional procedures": the UK's convention
    of a Commons vote does not apply in an emergency, and Germany deploys first and asks the
    Bundestag afterwards (sources.md#fact-uk-convention, #fact-germany-bundestag)."""
    results = play(tmp_path, fixture("commitments"), nominal=True)
    (capabilities,) = responses(results, "military_capabilities")
    by = {p["actor"]: p for p in capabilities["participants"]}
    uk = by["united_kingdom"]
    assert uk["authorized_h"] - 20 * DAY <= 1 * DAY
    assert not any("Commons debate" in s["name"] for s in uk["steps"])
    germany = by["germany"]
    assert germany["status"] == "contributed"
    vote = [d for d in results["decisions"] if d["decision"] == "bundestag_approval"]
    assert vote
    assert vote[0]["t"] > germany["contributed_h"]


def test_trainers_are_not_land_contingents_in_ukraine(tmp_path):
    """Land: "Canada (training first); Belgium (training only)" (sources.md#fact-mnf-land): no
    land deployment into Ukraine by either; Belgium still leads the air component."""
    results = play(tmp_path, fixture("force_generation"), nominal=True)
    steps = in_ukraine_steps(results)
    assert not [s for s in steps if s[1] == "canada"]
    land = [r for r in results["responses"] for p in r["participants"] for s in p["steps"]
            if p["actor"] in ("belgium", "canada") and "into Ukraine" in s["name"]]
    assert land == []
    assert "belgium" in {actor for _, actor, _, _ in steps}


def test_a_lead_nation_staying_out_has_a_consequence(tmp_path):
    """The land component is led by the UK and France (sources.md#fact-mnf-land). When the Commons
    refuses, the coordination group meets and the coalition decides who leads: France alone
    (the default) brings the land component to initial capability; with no lead, neither
    initial nor full capability is declared."""
    results = play(tmp_path, fixture("force_generation"), "commons_refuses", nominal=True)
    (uk,) = responses(results, "mnf_united_kingdom")
    declined = uk["participants"][0]["contributed_h"] or uk["ended_h"]
    assert decisions(results, "land_lead") == ["remaining_lead"]
    meetings = [e["t"] for e in events(results, "coordination_group.extraordinary_meeting")]
    assert any(declined < t <= declined + DAY for t in meetings)
    assert first(results, "mnf.land_ioc") is not None
    no_lead = play(tmp_path, fixture("force_generation_choices"), "commons_refuses_no_lead", nominal=True)
    assert decisions(no_lead, "land_lead") == ["no_land_lead"]
    assert first(no_lead, "mnf.land_ioc") is None
    assert first(no_lead, "mnf.land_foc") is None


@pytest.mark.parametrize(("name", "variant", "full"), [
    ("force_generation", None, True),
    ("force_generation", "netherlands_refuses", True),
    ("force_generation", "commons_refuses", True),
    ("force_generation_choices", "commons_refuses_no_lead", False),
])
def test_full_capability_never_comes_without_or_before_initial_capability(tmp_path, name, variant, full):
    """Initial operating capability needs the lead nations (sources.md#fact-mnf-land); full
    capability needs them too, so it comes after initial capability, or not at all when no
    nation leads the land component."""
    results = play(tmp_path, fixture(name), variant, nominal=True)
    foc, ioc = first(results, "mnf.land_foc"), first(results, "mnf.land_ioc")
    if full:
        assert ioc is not None
        assert foc is not None
        assert ioc <= foc
    else:
        assert foc is None
        assert ioc is None


def test_frances_four_month_clock_starts_at_the_intervention(tmp_path):
    """France: "vote only to extend past 4 months" (Constitution art. 35: when the intervention
    exceeds four months, sources.md#fact-france-art35). The extension vote falls 120 days
    after the French contingent starts entering Ukraine, not after the government decides."""
    results = play(tmp_path, fixture("force_generation"), nominal=True)
    french = sorted(start for _, actor, start, _ in in_ukraine_steps(results) if actor == "france")
    assert french
    assert first(results, "france.art35_extension_due") == french[0] + 120 * DAY
