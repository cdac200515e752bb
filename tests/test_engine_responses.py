"""Responses: participants, procedures, approvals, phases, completion criteria, stop."""

from conftest import events

START = "rules:\n  - {id: R-go, on: go, then: [{start: defence}]}\n"
GO = "injects: [{id: I, at: T+1d, event: go, with: {scale: big}}]\n"


def participants(r: dict, i: int = 0) -> dict:
    """Participants of response instance ``i`` by actor."""
    return {p["actor"]: p for p in r["responses"][i]["participants"]}


def test_participants_run_procedures_then_phases(play):
    """bravo: 2d + 1d procedure then 4d phase; charlie: 1d then 4d; completes when all contribute."""
    r = play("until: 20d\n" + GO, START)
    x = r["responses"][0]
    assert (x["status"], x["started_h"], x["ended_h"]) == ("completed", 24.0, 192.0)
    p = participants(r)
    assert (p["bravo"]["authorized_h"], p["bravo"]["contributed_h"]) == (96.0, 192.0)
    assert (p["charlie"]["authorized_h"], p["charlie"]["contributed_h"]) == (48.0, 144.0)
    assert [(s["kind"], s["name"], s["start_h"], s["end_h"]) for s in p["bravo"]["steps"]] == [
        ("procedure", "cabinet", 24.0, 72.0), ("procedure", "vote", 72.0, 96.0), ("phase", "move", 96.0, 192.0)]


def test_lifecycle_events_carry_by_and_sources(play):
    """authorized/contributed carry the participant; started/completed have no `by`."""
    r = play("until: 20d\n" + GO, START)
    assert events(r)[1:] == [
        (24.0, "defence.started", None, "response:defence"),
        (48.0, "defence.authorized", "charlie", "response:defence"),
        (96.0, "defence.authorized", "bravo", "response:defence"),
        (144.0, "defence.contributed", "charlie", "response:defence"),
        (192.0, "defence.contributed", "bravo", "response:defence"),
        (192.0, "defence.completed", None, "response:defence"),
    ]


def test_lifecycle_causes_chain_back_to_the_trigger(play):
    """started is caused by the trigger; authorized by started; contributed by authorized."""
    r = play("until: 20d\n" + GO, START)
    by_type = {(e["type"], e["by"]): e for e in r["events"]}
    assert by_type[("defence.started", None)]["cause"] == 1
    started = by_type[("defence.started", None)]["seq"]
    assert by_type[("defence.authorized", "bravo")]["cause"] == started
    assert by_type[("defence.contributed", "bravo")]["cause"] == by_type[("defence.authorized", "bravo")]["seq"]
    assert by_type[("defence.completed", None)]["cause"] == by_type[("defence.contributed", "bravo")]["seq"]


def test_actor_without_procedure_is_authorized_at_once(play):
    """A participant without a procedure for the authority is authorized at the start."""
    rules = "rules:\n  - {id: R-go, on: go, then: [{start: defence, participants: [alpha]}]}\n"
    r = play("until: 20d\n" + GO, rules)
    assert participants(r)["alpha"]["authorized_h"] == 24.0
    assert participants(r)["alpha"]["contributed_h"] == 120.0


def test_failed_approval_declines_and_fails_all(play):
    """An approval below 0.5 declines in nominal runs; `complete: all` then fails."""
    body = "until: 20d\noverrides: {procedures.bravo_proc.steps.1.approval: 0.2}\n" + GO
    r = play(body, START)
    assert participants(r)["bravo"]["status"] == "declined"
    assert (r["responses"][0]["status"], r["responses"][0]["ended_h"]) == ("failed", 96.0)
    assert (96.0, "defence.declined", "bravo", "response:defence") in events(r)


def test_participants_carry_on_after_failure(play):
    """After `failed`, participants still under way carry on and are recorded."""
    body = "until: 20d\noverrides: {procedures.bravo_proc.steps.0.approval: 0.0}\n" + GO
    r = play(body, START)
    assert participants(r)["charlie"]["status"] == "contributed"
    assert r["responses"][0]["status"] == "failed"


def test_complete_count_larger_than_participants_fails_at_once(play):
    """`complete: 3` with two participants fails at the start."""
    body = "until: 20d\noverrides: {responses.defence.complete: 3}\n" + GO
    r = play(body, START)
    assert (r["responses"][0]["status"], r["responses"][0]["ended_h"]) == ("failed", 24.0)


def test_complete_any_completes_at_first_contribution(play):
    """`complete: any` completes when the first participant contributes."""
    r = play("until: 20d\noverrides: {responses.defence.complete: any}\n" + GO, START)
    assert r["responses"][0]["ended_h"] == 144.0


def test_complete_lead_waits_for_the_lead(play):
    """`complete: lead` completes when the lead contributes."""
    r = play("until: 20d\noverrides: {responses.defence.complete: lead}\n" + GO, START)
    assert r["responses"][0]["ended_h"] == 192.0


def test_group_participants_expand_to_members(play):
    """A group in `participants` expands to its members, in actor order."""
    r = play("until: 20d\noverrides: {responses.defence.participants: [treaty]}\n" + GO, START)
    assert [p["actor"] for p in r["responses"][0]["participants"]] == ["alpha", "bravo", "charlie"]


def test_response_active_at_horizon_has_null_end(play):
    """A response still active at the horizon has ended_h null and unfinished steps."""
    r = play("until: 3d\n" + GO, START)
    x = r["responses"][0]
    assert (x["status"], x["ended_h"]) == ("active", None)
    assert participants(r)["bravo"]["steps"][-1]["end_h"] is None
    assert {"t": 96.0, "type": "defence.authorized", "source": "response:defence"} in r["pending"]


def test_start_on_active_response_only_notes(play):
    """`start` on an active response does nothing but leave a note."""
    body = "until: 20d\ninjects: [{id: I, at: T+1d, event: go}, {id: J, at: T+2d, event: go}]\n"
    r = play(body, START)
    assert len(r["responses"]) == 1
    assert r["notes"][0]["t"] == 48.0


def test_finished_response_starts_a_new_instance(play):
    """A finished response can be started again: instance 2."""
    body = "until: 30d\ninjects: [{id: I, at: T+1d, event: go}, {id: J, at: T+10d, event: go}]\n"
    r = play(body, START)
    assert [(x["instance"], x["status"]) for x in r["responses"]] == [(1, "completed"), (2, "completed")]


def test_stop_ends_unfinished_participants(play):
    """`stop` cancels the active instance; its unfinished participants stop."""
    rules = START + "  - {id: R-stop, on: ping, then: [{stop: defence}]}\n"
    body = "until: 20d\ninjects: [{id: I, at: T+1d, event: go}, {id: J, at: T+3d, event: ping}]\n"
    r = play(body, rules)
    x = r["responses"][0]
    assert (x["status"], x["ended_h"]) == ("stopped", 72.0)
    assert participants(r)["bravo"]["status"] == "stopped"
    assert (72.0, "defence.stopped", None, "response:defence") in events(r)
    assert not any(e[1] == "defence.completed" for e in events(r))


def test_status_and_contributed_in_expressions(play):
    """status() and contributed() read the latest instance."""
    rules = START + (
        "  - {id: R-one, on: defence.contributed, when: \"contributed('defence') == 1 and status('defence') == 'active'\", then: [{emit: alarm}]}\n"
        "  - {id: R-charlie, on: defence.contributed, when: \"'charlie' in contributed('defence')\", then: [{add: {n: 1}}]}\n"
    )
    r = play("until: 20d\n" + GO, rules)
    assert [e[0] for e in events(r) if e[1] == "alarm"] == [144.0]
    assert r["state"]["n"] == 2


def test_start_after_delays_the_instance(play):
    """`start` with `after:` creates the instance later."""
    rules = "rules:\n  - {id: R-go, on: go, then: [{start: defence, after: 2d}]}\n"
    assert play("until: 20d\n" + GO, rules)["responses"][0]["started_h"] == 72.0


def test_stop_after_completion_stops_stragglers_and_keeps_status(play):
    """`stop` on a completed instance stops participants still under way; the status stays completed."""
    rules = START + "  - {id: R-stop, on: ping, then: [{stop: defence}]}\n"
    body = ("until: 20d\noverrides: {responses.defence.complete: any}\n"
            "injects: [{id: I, at: T+1d, event: go}, {id: J, at: T+7d, event: ping}]\n")
    r = play(body, rules)
    x = r["responses"][0]
    assert (x["status"], x["ended_h"]) == ("completed", 144.0)
    assert participants(r)["bravo"]["status"] == "stopped"
    assert participants(r)["bravo"]["steps"][-1]["end_h"] == 168.0
    assert (168.0, "defence.stopped", None, "response:defence") in events(r)


def test_stop_with_nothing_under_way_only_notes(play):
    """`stop` on a response that is not active and has no one under way leaves a note only."""
    rules = START + "  - {id: R-stop, on: ping, then: [{stop: defence}]}\n"
    body = "until: 20d\ninjects: [{id: J, at: T+7d, event: ping}]\n"
    r = play(body, rules)
    assert r["responses"] == []
    assert [n["t"] for n in r["notes"]] == [168.0]
    assert not any(e[1] == "defence.stopped" for e in events(r))


# -- a decided completion is final (SPEC §2.2) ---------------------------------------------------

ON_LAST = "  - {id: R-last, on: defence.contributed, when: \"event.by == 'bravo'\", then: [%s]}\n"


def test_a_stop_on_the_deciding_contribution_keeps_the_completion(play):
    """A rule on the contribution that completes the response stops it: the instance stays
    completed (nobody is under way), the objective on `completed` is met, nothing is stopped."""
    body = ("until: 20d\n" + GO +
            "objectives: [{id: OBJ-1, expect: defence.completed, after: defence.started, within: 10d}]\n")
    r = play(body, START + ON_LAST % "{stop: defence}")
    x = r["responses"][0]
    assert (x["status"], x["ended_h"]) == ("completed", 192.0)
    assert r["objectives"][0]["status"] == "met"
    assert not any(e[1] == "defence.stopped" for e in events(r))
    assert [n["t"] for n in r["notes"]] == [192.0]  # "stop defence ignored: no instance is active"


def test_status_reads_completed_in_the_rules_of_the_deciding_contribution(play):
    """`status('defence')` is `completed` already in a guard on the deciding `contributed`."""
    rule = "  - {id: R-read, on: defence.contributed, when: \"status('defence') == 'completed'\", then: [{emit: alarm}]}\n"
    r = play("until: 20d\n" + GO, START + rule)
    assert [(e[0], e[1]) for e in events(r) if e[1] == "alarm"] == [(192.0, "alarm")]


def test_a_start_on_the_deciding_contribution_opens_a_new_instance(play):
    """A `start` from a rule on the deciding contribution is not refused as already active."""
    once = "  - {id: R-again, on: defence.contributed, when: \"event.by == 'bravo'\", once: true, then: [{start: defence}]}\n"
    r = play("until: 20d\n" + GO, START + once)
    assert [(x["instance"], x["status"], x["started_h"]) for x in r["responses"]] == [
        (1, "completed", 24.0), (2, "completed", 192.0)]
    assert not any("already active" in n["text"] for n in r["notes"])


def test_the_completed_event_follows_at_the_same_instant(play):
    """`completed` follows the deciding contribution at its instant, caused by it, before what
    that contribution's rules schedule."""
    r = play("until: 20d\n" + GO, START + ON_LAST % "{emit: alarm}")
    assert [(e[0], e[1]) for e in events(r)][-3:] == [
        (192.0, "defence.contributed"), (192.0, "defence.completed"), (192.0, "alarm")]
    contributed, completed = r["events"][-3], r["events"][-2]
    assert completed["cause"] == contributed["seq"]


def test_a_stop_on_the_deciding_decline_keeps_the_failure_and_stops_the_others(play):
    """A decline that fails the response: a `stop` from its rules ends the participants still
    under way, and the instance stays failed."""
    body = "until: 20d\noverrides: {procedures.bravo_proc.steps.1.approval: 0.2}\n" + GO
    rule = "  - {id: R-halt, on: defence.declined, then: [{stop: defence}]}\n"
    r = play(body, START + rule)
    x = r["responses"][0]
    assert (x["status"], x["ended_h"]) == ("failed", 96.0)
    assert participants(r)["charlie"]["status"] == "stopped"
    assert [e[1] for e in events(r) if e[0] == 96.0] == ["defence.declined", "defence.failed", "defence.stopped"]
