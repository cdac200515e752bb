"""Issue 12, item 2: the multinational force is implemented "strictly … at Ukraine's request"."""

from paris_helpers import DAY, ROOT, first, fixture, in_ukraine_steps, outside_ceasefire, play, responses


def test_a_request_not_sent_by_ukraine_orders_nothing(tmp_path):
    """"Participants reaffirmed that these measures should be strictly implemented at Ukraine's
    request after the cessation of hostilities." A request sent by another member (France)
    and one with no sender leave the force unordered: no response of the force starts."""
    results = play(tmp_path, fixture("request_senders"), nominal=True)
    assert first(results, "mnf.deployment_ordered") is None
    assert [r["response"] for r in results["responses"] if r["response"].startswith("mnf")] == []
    assert results["state"]["mnf.requested"] is False


def test_ukraines_request_orders_the_force(tmp_path):
    """"… strictly implemented at Ukraine's request …": Ukraine's own request, with the
    ceasefire in force, brings the order one day later."""
    results = play(tmp_path, fixture("request_senders"), "ukraine_requests", nominal=True)
    assert first(results, "mnf.deployment_ordered") == 11 * DAY


def test_a_withdrawn_request_closes_entry_and_the_contingents_leave(tmp_path):
    """"… strictly implemented at Ukraine's request …" holds for the whole run: once Ukraine
    withdraws its request no contingent enters Ukraine, those on the move halt, and those
    in Ukraine withdraw."""
    results = play(tmp_path, fixture("request_withdrawn"), nominal=True)
    withdrawn = first(results, "mnf.request_withdrawn")
    assert withdrawn == 40 * DAY
    assert first(results, "mnf.entry_closed") == withdrawn
    for _, actor, start, end in in_ukraine_steps(results):
        assert start < withdrawn, actor
        assert end is None or end <= withdrawn, actor
    assert [w["status"] for w in responses(results, "mnf_withdrawal")] == ["completed"]
    assert results["state"]["mnf.land_in"] == 0
    assert outside_ceasefire(results) == []


def test_the_bundled_deployment_rehearses_a_withdrawn_request(tmp_path):
    """scenarios/mnf_deployment.yaml's variant `ukraine_withdraws_request`: three months in,
    with the force in place, Ukraine withdraws its request; entry closes at once, nothing
    enters Ukraine afterwards, and every contingent and the forward HQ are out when the
    withdrawal completes."""
    results = play(tmp_path, ROOT / "scenarios" / "mnf_deployment.yaml", "ukraine_withdraws_request", nominal=True)
    withdrawn = first(results, "mnf.request_withdrawn")
    assert withdrawn == 90 * DAY
    assert first(results, "mnf.entry_closed") == withdrawn
    assert all(start < withdrawn for _, _, start, _ in in_ukraine_steps(results))
    assert [w["status"] for w in responses(results, "mnf_withdrawal")] == ["completed"]
    state = results["state"]
    assert (state["mnf.land_in"], state["mnf.air_in"], state["mnf.sea_in"]) == (0, 0, 0)
    assert state["in_ukraine.forward_hq"] is False
    assert state["mnf.posture"] == "withdrawn"
