"""Time is exact (SPEC §2.1): the clock counts whole ticks of one second, so equal instants
reached by different sums of durations are one instant, in every part of the engine (steps,
phases, rule delays, windows, deadlines, the horizon)."""

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from engine import api
from engine.simulate.record import result_dict

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


STEPS_PACK = """\
pack: minutes
actors:
  alpha: {procedures: {act: three_steps}}
  bravo: {}
procedures:
  three_steps:
    steps:
      - {name: one, duration: 6m}
      - {name: two, duration: 6m}
      - {name: three, duration: 6m}
events:
  go: {}
  ping: {}
  p1: {}
  p2: {}
  pong: {}
  report: {}
  alarm: {}
  late: {}
responses:
  procedure: {authority: act, participants: [alpha]}
  phased:
    participants: [bravo]
    phases: [{name: first, duration: 10m}, {name: second, duration: 10m}]
rules:
  - {id: R-go, on: go, then: [{start: procedure}, {start: phased}]}
"""


def test_three_six_minute_steps_meet_an_eighteen_minute_deadline(play):
    """Three 6-minute steps end at exactly 18m: `within: 18m` is met and its `else` never runs."""
    result = play("""\
        until: 1d
        injects: [{id: I-1, at: T+0, event: go}]
        objectives:
          - {id: OBJ-1, expect: procedure.completed, after: procedure.started, within: 18m, else: [{emit: late}]}
        """, pack=STEPS_PACK)
    assert result["objectives"][0]["status"] == "met"
    assert result["objectives"][0]["at_h"] == 0.3
    assert "late" not in [e["type"] for e in result["events"]]


def test_two_ten_minute_phases_meet_a_twenty_minute_deadline(play):
    """Two 10-minute phases end at exactly 20m: `within: 20m` is met."""
    result = play("""\
        until: 1d
        injects: [{id: I-1, at: T+0, event: go}]
        objectives:
          - {id: OBJ-1, expect: phased.completed, after: phased.started, within: 20m, else: [{emit: late}]}
        """, pack=STEPS_PACK)
    assert result["objectives"][0]["status"] == "met"
    assert "late" not in [e["type"] for e in result["events"]]


def test_three_chained_twenty_minute_delays_come_after_an_inject_at_one_hour(play):
    """Three chained `emit … after: 20m` reach T+1h exactly, after the inject of that instant."""
    result = play("""\
        until: 1d
        injects:
          - {id: I-1, at: T+0, event: ping}
          - {id: I-2, at: T+1h, event: report}
        """, pack=STEPS_PACK + "  - {id: R-1, on: ping, then: [{emit: p1, after: 20m}]}\n"
                                "  - {id: R-2, on: p1, then: [{emit: p2, after: 20m}]}\n"
                                "  - {id: R-3, on: p2, then: [{emit: pong, after: 20m}]}\n")
    at_one_hour = [e["type"] for e in result["events"] if e["t"] == 1.0]
    assert at_one_hour == ["report", "pong"]


def test_a_window_ends_exactly_one_day_after_a_report_at_minutes(play):
    """A report at T+10d14h39m leaves a one-day window at T+11d14h39m exactly, so
    `occurred(x) and not occurred(x, within='1d')` fires then (a window end computed as
    278.65 − 24 in float hours kept the report inside it for ever)."""
    result = play("""\
        until: 20d
        injects: [{id: I-1, at: T+10d14h39m, event: report}]
        """, pack=STEPS_PACK + "  - {id: R-w, when: \"occurred('report') and not occurred('report', within='1d')\", "
                                "then: [{emit: alarm}]}\n")
    alarms = [e["t"] for e in result["events"] if e["type"] == "alarm"]
    assert alarms == [278.65]


def test_now_compares_exactly_with_a_duration(play):
    """`now == '18m'` holds at the end of three 6-minute steps."""
    result = play("""\
        until: 1d
        injects: [{id: I-1, at: T+0, event: go}]
        """, pack=STEPS_PACK + "  - {id: R-now, on: procedure.completed, when: \"now == '18m' and since('go') == '18m'\", "
                                "then: [{emit: alarm}]}\n")
    assert "alarm" in [e["type"] for e in result["events"]]


# -- properties -------------------------------------------------------------------------------

minutes = st.lists(st.integers(1, 600), min_size=1, max_size=6)


def _play(pack: str, scenario: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "pack.yaml").write_text(pack, encoding="utf-8")
        (Path(tmp) / "s.yaml").write_text(scenario, encoding="utf-8")
        return result_dict(api.play(api.load(str(Path(tmp) / "s.yaml")), nominal=True))


@given(steps=minutes, phases=minutes)
def test_a_chain_of_steps_ending_at_a_deadline_meets_it(steps, phases):
    """For any whole-minute steps and phases, an objective due their sum after the start is met."""
    step_list = "".join(f"      - {{name: s{i}, duration: {m}m}}\n" for i, m in enumerate(steps))
    phase_list = ", ".join(f"{{name: p{i}, duration: {m}m}}" for i, m in enumerate(phases))
    pack = ("pack: p\nactors:\n  alpha: {procedures: {act: proc}}\nprocedures:\n  proc:\n    steps:\n"
            f"{step_list}events:\n  go: {{}}\n  late: {{}}\n"
            f"responses:\n  r: {{authority: act, participants: [alpha], phases: [{phase_list}]}}\n"
            "rules:\n  - {id: R, on: go, then: [{start: r}]}\n")
    total = sum(steps) + sum(phases)
    scenario = ("scenario: s\nrules: [pack.yaml]\nuntil: 30d\ninjects: [{id: I, at: T+1h, event: go}]\n"
                f"objectives:\n  - {{id: O, expect: r.completed, after: r.started, within: {total}m, "
                "else: [{emit: late}]}\n")
    result = _play(pack, scenario)
    assert result["objectives"][0]["status"] == "met"
    assert result["objectives"][0]["at_h"] == result["objectives"][0]["deadline_h"]


@given(delays=minutes)
def test_two_paths_to_one_instant_tie_inject_first(delays):
    """A chain of rule delays summing to S and an inject written as T+S in hours and minutes
    reach one instant, and the inject comes first (SPEC §2.1)."""
    rules = "".join(f"  - {{id: R{i}, on: e{i}, then: [{{emit: e{i + 1}, after: {m}m}}]}}\n"
                    for i, m in enumerate(delays))
    events = "".join(f"  e{i}: {{}}\n" for i in range(len(delays) + 1))
    pack = f"pack: p\nevents:\n{events}  report: {{}}\nrules:\n{rules}"
    total = sum(delays)
    at = f"T+{total // 60}h{total % 60}m" if total % 60 else f"T+{total // 60}h"
    scenario = ("scenario: s\nrules: [pack.yaml]\nuntil: 30d\n"
                f"injects:\n  - {{id: I-0, at: T+0, event: e0}}\n  - {{id: I-1, at: {at}, event: report}}\n")
    result = _play(pack, scenario)
    last = f"e{len(delays)}"
    same = [e["type"] for e in result["events"] if e["type"] in (last, "report")]
    assert same == ["report", last]
    times = {e["type"]: e["t"] for e in result["events"]}
    assert times[last] == times["report"]
