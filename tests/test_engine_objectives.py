"""Objective deadlines (SPEC §2.5): an `expect` event at the deadline's very instant meets it,
wherever it stands among that instant's events; deadlines are checked after the ordinary
events and the window ends of their instant."""


def test_an_expect_event_from_a_window_end_at_the_deadline_meets_it(play):
    """A window that ends at the deadline instant fires an edge rule whose event meets the
    objective, although the window's end was scheduled after the deadline."""
    result = play("""\
        until: 3d
        injects: [{id: I-1, at: T+0, event: ping}]
        objectives:
          - {id: OBJ-1, expect: alarm, within: 1d, else: [{emit: pong}]}
        """, "rules:\n  - {id: R-quiet, when: \"occurred('ping') and not occurred('ping', within='1d')\","
             " then: [{emit: alarm}]}\n")
    assert [(e["t"], e["type"]) for e in result["events"]] == [(0.0, "ping"), (24.0, "alarm")]
    assert result["objectives"][0]["status"] == "met"
    assert result["objectives"][0]["at_h"] == 24.0


def test_an_expect_event_from_another_deadline_at_the_same_instant_meets_it(play):
    """One objective's contingency, run at its deadline, emits what a second objective due at
    the same instant expects: the second is met."""
    result = play("""\
        until: 3d
        objectives:
          - {id: OBJ-1, expect: report, within: 1d, else: [{emit: alarm}]}
          - {id: OBJ-2, expect: alarm, within: 1d}
        """)
    assert [o["status"] for o in result["objectives"]] == ["missed", "met"]


def test_an_expect_event_at_the_deadline_after_other_events_of_the_instant_meets_it(play):
    """The expect event is the last ordinary event of the deadline's instant (a rule's event
    after an inject): it still meets the objective."""
    result = play("""\
        until: 3d
        injects: [{id: I-1, at: T+1d, event: ping}]
        objectives:
          - {id: OBJ-1, expect: pong, within: 1d}
        """, "rules:\n  - {id: R-1, on: ping, then: [{emit: report}]}\n  - {id: R-2, on: report, then: [{emit: pong}]}\n")
    assert [e["type"] for e in result["events"]] == ["ping", "report", "pong"]
    assert result["objectives"][0]["status"] == "met"


def test_an_event_from_the_objectives_own_contingency_comes_too_late(play):
    """What an objective's own `else` emits at its deadline does not meet it: it is missed."""
    result = play("""\
        until: 3d
        objectives:
          - {id: OBJ-1, expect: alarm, within: 1d, else: [{emit: alarm}]}
        """)
    assert result["objectives"][0]["status"] == "missed"
    assert [(e["t"], e["type"], e["source"]) for e in result["events"]] == [(24.0, "alarm", "objective:OBJ-1")]
