"""Rules: on-rules with guards, edge rules, windows, once, chance, enable/disable, order."""

from conftest import events

from engine.simulate.rule_index import rule_index


def test_inject_is_recorded_with_source_and_no_cause(play):
    """An inject becomes an event at its time with source inject:<id> and cause null."""
    r = play("until: 5d\ninjects: [{id: I-1, at: T+1d6h, event: ping}]\n")
    assert r["events"][0] | {"at": None} == {
        "seq": 1, "t": 30.0, "at": None, "type": "ping", "by": None, "with": {},
        "source": "inject:I-1", "cause": None,
    }
    assert r["events"][0]["at"] == "2026-03-02T06:00:00Z"


def test_on_rule_guard_reads_payload(play):
    """A guard on event.<field> lets only matching events fire the rule."""
    rules = """
    rules:
      - {id: R-1, on: go, when: "event.scale == 'big'", then: [{emit: pong}]}
    """
    r = play("until: 5d\ninjects:\n - {id: A, at: T+1d, event: go, with: {scale: small}}\n"
             " - {id: B, at: T+2d, event: go, with: {scale: big}}\n", rules)
    assert events(r)[-1] == (48.0, "pong", None, "rule:R-1")
    assert r["firings"] == [{"rule": "R-1", "t": 48.0, "trigger": 2}]
    assert r["events"][-1]["cause"] == 2


def test_emit_after_delays_the_event(play):
    """`after:` schedules the emitted event later, keeping its cause."""
    rules = "rules:\n  - {id: R-1, on: ping, then: [{emit: pong, after: 6h}]}\n"
    r = play("until: 5d\ninjects: [{id: I, at: T+1d, event: ping}]\n", rules)
    assert events(r) == [(24.0, "ping", None, "inject:I"), (30.0, "pong", None, "rule:R-1")]
    assert r["events"][1]["cause"] == 1


def test_zero_delay_emit_comes_after_a_simultaneous_inject(play):
    """Injects are scheduled before any rule runs, so they come first at a shared instant."""
    rules = "rules:\n  - {id: R-1, on: ping, then: [{emit: pong}]}\n"
    r = play("until: 5d\ninjects:\n - {id: A, at: T+1d, event: ping}\n - {id: B, at: T+1d, event: report}\n", rules)
    assert [e[1] for e in events(r)] == ["ping", "report", "pong"]


def test_on_rules_fire_in_pack_order(play):
    """Rules matching one event fire in file order."""
    rules = """
    rules:
      - {id: R-b, on: ping, then: [{emit: report}]}
      - {id: R-a, on: ping, then: [{emit: pong}]}
    """
    r = play("until: 5d\ninjects: [{id: I, at: T+1d, event: ping}]\n", rules)
    assert [f["rule"] for f in r["firings"]] == ["R-b", "R-a"]
    assert [e[1] for e in events(r)] == ["ping", "report", "pong"]


def test_set_and_add_change_state(play):
    """set assigns, add increments; the final state is in results."""
    rules = """
    rules:
      - {id: R-1, on: ping, then: [{set: {flag: true, level: red}}, {add: {n: 2}}]}
    """
    r = play("until: 5d\ninjects: [{id: I, at: T+1d, event: ping}, {id: J, at: T+2d, event: ping}]\n", rules)
    assert r["state"] == {"flag": True, "n": 4, "level": "red"}


def test_edge_rule_fires_when_condition_turns_true(play):
    """A rule without `on` fires once as its condition turns from false to true."""
    rules = """
    rules:
      - {id: R-count, on: report, then: [{add: {n: 1}}]}
      - {id: R-third, when: n >= 3, then: [{emit: alarm}]}
    """
    inj = "".join(f" - {{id: I{i}, at: T+{i}d, event: report}}\n" for i in range(1, 6))
    r = play("until: 10d\ninjects:\n" + inj, rules)
    alarms = [e for e in events(r) if e[1] == "alarm"]
    assert alarms == [(72.0, "alarm", None, "rule:R-third")]
    assert {"rule": "R-third", "t": 72.0, "trigger": None} in r["firings"]


def test_edge_rule_true_at_start_does_not_fire(play):
    """An edge rule's previous value is its value on the initial state."""
    rules = "rules:\n  - {id: R-1, when: n == 0, then: [{emit: alarm}]}\n"
    r = play("until: 5d\ninjects: [{id: I, at: T+1d, event: ping}]\n", rules)
    assert [e[1] for e in events(r)] == ["ping"]


def test_window_expiry_fires_exactly_at_the_window_end(play):
    """`not occurred(..., within='3d')` fires exactly three days after the last report."""
    rules = """
    rules:
      - {id: R-quiet, when: "not occurred('report', within='3d')", then: [{emit: alarm}]}
    """
    r = play("until: 20d\ninjects:\n - {id: A, at: T+1d, event: report}\n - {id: B, at: T+2d, event: report}\n", rules)
    assert [e[:2] for e in events(r)] == [(24.0, "report"), (48.0, "report"), (120.0, "alarm")]


def test_count_within_window_drops_old_events(play):
    """count(within=) holds the events of (now - w, now]."""
    rules = """
    rules:
      - {id: R-burst, on: report, when: "count('report', within='1d') >= 2", then: [{emit: alarm}]}
    """
    body = "until: 20d\ninjects:\n - {id: A, at: T+1d, event: report}\n - {id: B, at: T+2d, event: report}\n - {id: C, at: T+2d12h, event: report}\n"
    r = play(body, rules)
    assert [e[:2] for e in events(r) if e[1] == "alarm"] == [(60.0, "alarm")]


def test_once_rule_fires_only_once(play):
    """`once: true` fires at most once per run."""
    rules = "rules:\n  - {id: R-1, on: ping, once: true, then: [{add: {n: 1}}]}\n"
    r = play("until: 5d\ninjects: [{id: A, at: T+1d, event: ping}, {id: B, at: T+2d, event: ping}]\n", rules)
    assert r["state"]["n"] == 1


def test_disable_and_enable_switch_rules(play):
    """disable stops a rule firing; enable switches it back on."""
    rules = """
    rules:
      - {id: R-count, on: ping, then: [{add: {n: 1}}]}
      - {id: R-off, on: report, then: [{disable: R-count}]}
      - {id: R-on, on: alarm, then: [{enable: R-count}]}
    """
    body = "until: 9d\ninjects:\n - {id: A, at: T+1d, event: ping}\n - {id: B, at: T+2d, event: report}\n - {id: C, at: T+3d, event: ping}\n - {id: D, at: T+4d, event: alarm}\n - {id: E, at: T+5d, event: ping}\n"
    assert play(body, rules)["state"]["n"] == 2


def test_initially_disabled_rule_does_not_fire(play):
    """`enabled: false` starts a rule switched off."""
    rules = "rules:\n  - {id: R-1, on: ping, enabled: false, then: [{add: {n: 1}}]}\n"
    assert play("until: 5d\ninjects: [{id: A, at: T+1d, event: ping}]\n", rules)["state"]["n"] == 0


def test_nominal_chance_fires_at_half_or_more(play):
    """In nominal runs a rule with chance >= 0.5 fires, below 0.5 it does not."""
    rules = """
    rules:
      - {id: R-hi, on: ping, chance: 0.5, then: [{add: {n: 1}}]}
      - {id: R-lo, on: ping, chance: 0.49, then: [{add: {n: 10}}]}
    """
    assert play("until: 5d\ninjects: [{id: A, at: T+1d, event: ping}]\n", rules)["state"]["n"] == 1


def test_note_action_goes_to_notes(play):
    """A note action puts a line with its time into notes."""
    rules = "rules:\n  - {id: R-1, on: ping, then: [{note: Consultations opened}]}\n"
    r = play("until: 5d\ninjects: [{id: A, at: T+1d, event: ping}]\n", rules)
    assert r["notes"] == [{"t": 24.0, "text": "Consultations opened"}]


def test_emit_with_payload_expression_and_by(play):
    """emit carries `with` values (expressions evaluated at the action) and `by`."""
    rules = """
    rules:
      - {id: R-1, on: go, then: [{emit: go, with: {scale: small, size: event.size + 1}, by: alpha, after: 1d}]}
    """
    r = play("until: 1d12h\ninjects: [{id: A, at: T+0, event: go, with: {scale: big, size: 1}}]\n", rules)
    second = r["events"][1]
    assert (second["with"], second["by"], second["t"]) == ({"scale": "small", "size": 2}, "alpha", 24.0)


def test_event_past_horizon_is_pending(play):
    """Events scheduled past `until` are reported as pending, not played."""
    rules = "rules:\n  - {id: R-1, on: ping, then: [{emit: pong, after: 10d}]}\n"
    r = play("until: 5d\ninjects: [{id: A, at: T+1d, event: ping}, {id: B, at: T+6d, event: report}]\n", rules)
    assert [e["type"] for e in r["events"]] == ["ping"]
    assert r["pending"] == [
        {"t": 144.0, "type": "report", "source": "inject:B"},
        {"t": 264.0, "type": "pong", "source": "rule:R-1"},
    ]


def test_event_exactly_at_horizon_is_played(play):
    """An event at t == until is played."""
    r = play("until: 5d\ninjects: [{id: A, at: T+5d, event: ping}]\n")
    assert [e["t"] for e in r["events"]] == [120.0]


def test_missing_payload_field_leaves_state_and_payload_alone(play):
    """Reading a payload field that was not given yields null: set skips, emit omits it."""
    rules = """
    rules:
      - {id: R-1, on: go, then: [{set: {n: event.size}}, {emit: go, with: {size: event.size}, after: 1d}]}
    """
    r = play("until: 1d12h\nset: {n: 5}\ninjects: [{id: A, at: T+0, event: go, with: {scale: big}}]\n", rules)
    assert r["state"]["n"] == 5
    assert r["events"][1]["with"] == {}


def test_sampled_chance_zero_never_fires_and_one_always_does(play):
    """In sampled runs a rule fires with its chance; a failed chance leaves no firing."""
    rules = """
    rules:
      - {id: R-never, on: ping, chance: 0.0, then: [{add: {n: 10}}]}
      - {id: R-always, on: ping, chance: 1.0, then: [{add: {n: 1}}]}
    """
    r = play("until: 5d\ninjects: [{id: A, at: T+1d, event: ping}]\n", rules, nominal=False, seed=4)
    assert r["state"]["n"] == 1
    assert [f["rule"] for f in r["firings"]] == ["R-always"]


def test_rules_selected_by_a_leading_payload_test_fire_as_without_selection(play):
    """Rules whose guards begin with `event.<field> == '<text>'` fire in pack order among the rest."""
    rules = """
    rules:
      - {id: R-big, on: go, when: "event.scale == 'big' and n == 0", then: [{add: {n: 1}}]}
      - {id: R-any, on: go, then: [{add: {n: 10}}]}
      - {id: R-or, on: go, when: "event.scale == 'big' or event.size > 5", then: [{add: {n: 100}}]}
      - {id: R-small, on: go, when: "event.scale == 'small'", then: [{add: {n: 1000}}]}
      - {id: R-big2, on: go, when: "event.scale == 'big'", then: [{add: {n: 10000}}]}
    """
    r = play("until: 5d\ninjects:\n - {id: A, at: T+1d, event: go, with: {scale: big, size: 1}}\n"
             " - {id: B, at: T+2d, event: go, with: {scale: small, size: 9}}\n"
             " - {id: C, at: T+3d, event: go, with: {size: 1}}\n", rules)
    assert [(f["rule"], f["trigger"]) for f in r["firings"]] == [
        ("R-big", 1), ("R-any", 1), ("R-or", 1), ("R-big2", 1),
        ("R-any", 2), ("R-or", 2), ("R-small", 2),
        ("R-any", 3),
    ]
    assert r["state"]["n"] == 1 + 10 + 100 + 10000 + 10 + 100 + 1000 + 10


def test_rule_index_selects_only_on_a_leading_equality(load_world):
    """The index keys a rule by `event.<field> == '<text>'` only when that test leads an `and`."""
    rules = """
    rules:
      - {id: R-1, on: go, when: "event.scale == 'big' and n == 0", then: [{add: {n: 1}}]}
      - {id: R-2, on: go, when: "event.scale == 'big' or n == 0", then: [{add: {n: 1}}]}
      - {id: R-3, on: go, when: "n == 0 and event.scale == 'small'", then: [{add: {n: 1}}]}
      - {id: R-4, on: go, when: "event.scale == 'small'", then: [{add: {n: 1}}]}
    """
    world = load_world("until: 5d\n", rules)
    field, by_value, others = rule_index(world.rules, world.event_fields).select["go"]
    assert field == "scale"
    assert [r.id for r in by_value["big"]] == ["R-1", "R-2", "R-3"]
    assert [r.id for r in by_value["small"]] == ["R-2", "R-3", "R-4"]
    assert [r.id for r in others] == ["R-2", "R-3"]
