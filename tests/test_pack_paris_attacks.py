"""Issue 12, item 3: hostilities are a fact, attribution is a judgement; the attack's scale
decides whether the cessation of hostilities ends and which tools follow."""

from paris_helpers import DAY, decisions, events, first, fixture, in_ukraine_steps, play, responses


def test_a_large_scale_attack_of_undetermined_origin_ends_the_cessation_of_hostilities(tmp_path):
    """"… strictly implemented at Ukraine's request after the cessation of hostilities." A massed
    attack whose author the coalition cannot determine still ends the cessation of
    hostilities: a request made afterwards is held and nothing enters Ukraine."""
    results = play(tmp_path, fixture("attack_scale"), nominal=True)
    assert decisions(results, "attack_attribution") == ["undetermined"]
    assert first(results, "hostilities.resumed") == 20 * DAY
    assert results["state"]["ceasefire.in_force"] is False
    assert first(results, "mnf.deployment_ordered") is None
    assert in_ukraine_steps(results) == []


def test_a_limited_strike_is_a_major_violation_and_the_ceasefire_stays_in_force(tmp_path):
    """"… the Special Commission established to review any violations, determine responsibility
    and establish remedial measures". A limited strike is reported to the Commission as a
    major violation; the ceasefire stays in force, so Ukraine's later request is acted on."""
    results = play(tmp_path, fixture("attack_scale"), "limited_clear", nominal=True)
    assert first(results, "hostilities.resumed") is None
    assert results["state"]["ceasefire.in_force"] is True
    reviews = [e for e in events(results, "commission.review_opened") if e["t"] > 20 * DAY]
    assert reviews
    assert reviews[0]["with"]["severity"] == "major"
    assert first(results, "mnf.deployment_ordered") == 26 * DAY


def test_the_tools_scale_with_the_attack(tmp_path):
    """"These commitments may include the use of military capabilities, intelligence and
    logistical support, diplomatic initiatives, and additional sanctions." A limited Russian
    strike leads to the limited set (by default démarches), a large-scale attack to the
    decision on the full set; military capabilities follow only the latter."""
    limited = play(tmp_path, fixture("attack_scale"), "limited_clear", nominal=True)
    assert decisions(limited, "limited_strike_commitments") == ["demarche"]
    assert decisions(limited, "major_attack_commitments") == []
    assert responses(limited, "military_capabilities") == []
    assert responses(limited, "eu_sanctions_urgent") == []
    large = play(tmp_path, fixture("attack_scale"), "large_clear", nominal=True)
    assert decisions(large, "major_attack_commitments") == ["full_set"]
    assert decisions(large, "limited_strike_commitments") == []
    assert [r["status"] for r in responses(large, "military_capabilities")] == ["completed"]
