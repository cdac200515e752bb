"""Equal instants reached by different sums of durations are one instant (SPEC §2.1, §1.4):
minutes are not exact in binary floating point, so rule events, deadlines and the horizon
are kept on a grid of 1e-9 h."""

RULE = """\
rules:
  - {id: R-late, on: ping, then: [{emit: pong, after: 1427m}]}
"""


def test_an_inject_comes_before_a_rule_event_at_the_same_instant(play):
    """13m + 1427m is 1d: the inject at T+1d is processed before the rule's event of that instant."""
    result = play("""\
        until: 2d
        injects:
          - {id: I-1, at: T+13m, event: ping}
          - {id: I-2, at: T+1d, event: report}
        """, RULE)
    at_one_day = [e["type"] for e in result["events"] if e["t"] == 24.0]
    assert at_one_day == ["report", "pong"]


def test_an_expected_event_at_the_deadline_meets_the_objective(play):
    """An objective due 1427m after a 13m event is met by an event at T+1d exactly."""
    result = play("""\
        until: 2d
        injects:
          - {id: I-1, at: T+13m, event: ping}
          - {id: I-2, at: T+1d, event: report}
        objectives:
          - {id: OBJ-1, expect: report, after: ping, within: 1427m}
        """)
    assert result["objectives"][0]["status"] == "met"


def test_an_event_at_the_horizon_is_played_not_pending(play):
    """3m + 7m is the horizon of 10m: the rule's event plays and nothing is pending."""
    result = play("""\
        until: 10m
        injects: [{id: I-1, at: T+3m, event: ping}]
        """, "rules:\n  - {id: R-h, on: ping, then: [{emit: pong, after: 7m}]}\n")
    assert [e["type"] for e in result["events"]] == ["ping", "pong"]
    assert result["pending"] == []
