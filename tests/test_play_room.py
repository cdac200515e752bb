"""accord play in the room (issue 15 item 6): advance stops on its way, end with a decision
waiting, narrative injects (say), ad-hoc injects in the MSEL as played, undo."""

import csv
import io
import json
from pathlib import Path

import pytest
from play_helpers import EXERCISE, outputs, play

from engine import api
from engine.facilitate.feed import Feed, Message
from engine.facilitate.session import Session
from engine.facilitate.situation import Situation

DECISION_AT = ["next"] * 4  # the attribution decision of the exercise waits after the fourth stop


def results(folder: Path) -> dict:
    return json.loads((folder / "results.json").read_text())


def journal_commands(folder: Path) -> list[str]:
    return [json.loads(x)["cmd"] for x in (folder / "journal.jsonl").read_text().splitlines()[1:]]


def session_of(lines: list[str], variant: str | None = None) -> tuple[Session, list]:
    """A session of the exercise fed ``lines``, and everything it showed."""
    shown: list = []
    session = Session(api.load(EXERCISE, variant), show=shown.append)
    feed = iter(lines)
    session.run(Feed([], lambda: next(feed, None)))
    return session, shown


def situations(shown: list) -> list[Situation]:
    return [s for s in shown if isinstance(s, Situation)]


def test_advance_stops_at_the_first_inject_on_its_way():
    """`advance T+20d` from the start stops after the instant of the first inject, saying where it was going."""
    session, shown = session_of(["advance T+20d"])
    last = situations(shown)[-1]
    assert last.clock_h == 0.0
    assert last.reasons[:2] == ("on the way to T+20d", "inject I-01")
    assert session.clock == 0.0


def test_advance_stops_at_a_decision_on_its_way():
    """A scripted decision taken on the way is a stop too, listed before response milestones."""
    _, shown = session_of(["next", "next", "next", "advance T+20d"], variant="scripted")
    last = situations(shown)[-1]
    assert last.clock_h == 48.0
    assert last.reasons[:3] == ("on the way to T+20d", "inject I-04", "decision attribution: adversary")


def test_advance_without_injects_on_its_way_reaches_its_target():
    """With nothing on the way, advance goes the whole way."""
    session, shown = session_of(["next", "advance 12h"])
    assert situations(shown)[-1].reasons == ("advanced to T+12h",)
    assert session.clock == 12.0


def test_waiting_decision_is_never_also_listed_as_not_come_up():
    """While `attribution` waits it is the waiting decision, not one of the decisions not come up yet."""
    _session, shown = session_of(DECISION_AT)
    waiting = situations(shown)[-1]
    assert waiting.waiting is not None
    assert waiting.waiting.id == "attribution"
    assert "attribution" not in waiting.open_decisions


def test_waiting_decision_is_shown_once_on_the_screen(monkeypatch, tmp_path, capsys):
    """The screen names the waiting decision and does not list it among those not come up."""
    assert play(monkeypatch, [*DECISION_AT, "status all"], EXERCISE, "--out", str(tmp_path / "o")) == 0
    printed = capsys.readouterr().out
    assert "DECISION WAITING: Who is responsible for the reported violation?" in printed
    assert "not come up yet: attribution" not in printed
    assert "waiting: attribution" in printed


def test_end_with_a_decision_waiting_records_it_unresolved(monkeypatch, tmp_path):
    """`end` while a decision waits ends the session; the decision is recorded with how: unresolved."""
    out = tmp_path / "out"
    assert play(monkeypatch, [*DECISION_AT, "end"], EXERCISE, "--out", str(out)) == 0
    assert results(out)["decisions"] == [{"decision": "attribution", "t": 48.0, "option": None, "how": "unresolved"}]
    assert results(out)["until_h"] == 48.0
    assert "| attribution | Who is responsible for the reported violation? | — |  | unresolved |" in \
        (out / "report.md").read_text()


def test_end_with_a_decision_waiting_resumes_to_the_same_files(monkeypatch, tmp_path):
    """A journal ending with `end` at a waiting decision replays to the same results."""
    out = tmp_path / "out"
    assert play(monkeypatch, [*DECISION_AT, "end"], EXERCISE, "--out", str(out)) == 0
    again = tmp_path / "again"
    again.mkdir()
    (again / "journal.jsonl").write_text((out / "journal.jsonl").read_text())
    assert play(monkeypatch, [], "--resume", str(again / "journal.jsonl"), "--out", str(again)) == 0
    assert outputs(again) == outputs(out)


@pytest.mark.parametrize("command", ["say The minister calls: \"hold the line\".",
                                     "inject --note The minister calls: \"hold the line\"."])
def test_say_records_a_narrative_inject_of_the_facilitator(monkeypatch, tmp_path, command):
    """`say`/`inject --note` record an inject.narrative event (source facilitator) with the text, at the clock."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["next", "advance 12h", command, "end"], EXERCISE, "--out", str(out)) == 0
    said = [e for e in results(out)["events"] if e["type"] == "inject.narrative"]
    assert [(e["t"], e["source"], e["with"], e["cause"]) for e in said] == \
        [(12.0, "facilitator", {"text": 'The minister calls: "hold the line".'}, None)]


def test_say_changes_nothing_in_the_model(monkeypatch, tmp_path):
    """A session with `say` lines ends with the state, responses and objectives of the same session without them."""
    plain, said = tmp_path / "plain", tmp_path / "said"
    script = ["next", "next", "advance 12h", "advance T+20d", "advance T+20d", "decide attribution adversary",
              "advance T+20d", "advance T+20d", "advance T+20d", "end"]
    # `say` plays its instant at once, so the advance that finished T+1d12h in `script` is not needed
    with_say = [*script[:3], "say The border police call again.", *script[4:7], "say Alpha denies.", *script[7:]]
    assert play(monkeypatch, script, EXERCISE, "--out", str(plain)) == 0
    assert play(monkeypatch, with_say, EXERCISE, "--out", str(said)) == 0
    a, b = results(plain), results(said)
    for key in ("state", "objectives", "decisions", "until_h"):
        assert a[key] == b[key], key
    assert [r["status"] for r in a["responses"]] == [r["status"] for r in b["responses"]]
    assert [e["type"] for e in b["events"] if e["type"] != "inject.narrative"] == [e["type"] for e in a["events"]]


def test_say_is_refused_while_a_decision_waits(monkeypatch, tmp_path, capsys):
    """The decision comes first: `say` is refused (and not journaled) while one waits."""
    out = tmp_path / "out"
    assert play(monkeypatch, [*DECISION_AT, "say hurry", "end"], EXERCISE, "--out", str(out)) == 2
    assert "<stdin>:5: error: say hurry: decision 'attribution' is waiting" in capsys.readouterr().err
    assert "say hurry" not in journal_commands(out)


def test_adhoc_injects_appear_in_the_msel_as_played_and_msel_csv(monkeypatch, tmp_path):
    """The facilitator's inject and say are MSEL rows adhoc-1, adhoc-2 at their time, played as their event."""
    out = tmp_path / "out"
    lines = ["next", "advance 12h", "inject attack scale=major by=alpha", "say Alpha's envoy denies everything.",
             "end"]
    assert play(monkeypatch, lines, EXERCISE, "--out", str(out)) == 0
    events = results(out)["events"]
    attack = next(e["seq"] for e in events if e["type"] == "attack")
    said = next(e["seq"] for e in events if e["type"] == "inject.narrative")
    rows = list(csv.DictReader(io.StringIO((out / "msel.csv").read_text(encoding="utf-8-sig"))))
    adhoc = [r for r in rows if r["Event No."].startswith("adhoc-")]
    assert [(r["Event No."], r["Designated Scenario Time"][:5], r["Event Type"], r["From"], r["Message"])
            for r in adhoc] == [
        ("adhoc-1", "T+12h", "attack (scale=major)", "Alpha", ""),
        ("adhoc-2", "T+12h", "narrative", "Facilitator", "Alpha's envoy denies everything."),
    ]
    assert [r["Event No."] for r in rows].index("adhoc-1") == 1  # after I-01 (T+0), before I-02 (T+1d)
    report = (out / "report.md").read_text()
    assert "| adhoc-1 | T+12h (2026-03-01 12:00Z) | attack (scale=major) | Alpha |" in report
    assert f"| #{attack} |" in report
    assert f"| #{said} |" in report
    html = (out / "report.html").read_text()
    assert "adhoc-2" in html
    assert "Alpha&#39;s envoy denies everything." in html


def test_batch_msel_csv_has_no_adhoc_rows(tmp_path):
    """A batch run's msel.csv is the scenario's MSEL, as `accord msel` writes it."""
    world = api.load(EXERCISE)
    api.write_run(api.play(world), world, str(tmp_path), formats=("csv",))
    assert "adhoc-" not in (tmp_path / "msel.csv").read_text(encoding="utf-8-sig")


def test_undo_takes_back_the_last_action(monkeypatch, tmp_path):
    """next, next, undo, next ends exactly as next, next; the undo is journaled as such."""
    undone, plain = tmp_path / "undone", tmp_path / "plain"
    assert play(monkeypatch, ["next", "next", "undo", "next", "end"], EXERCISE, "--out", str(undone)) == 0
    assert play(monkeypatch, ["next", "next", "end"], EXERCISE, "--out", str(plain)) == 0
    assert outputs(undone) == outputs(plain)
    assert journal_commands(undone) == ["next", "next", "undo", "next", "end"]


def test_undo_of_a_decision_asks_again(monkeypatch, tmp_path):
    """Undoing `decide` brings the decision back, waiting; another option can be chosen."""
    out = tmp_path / "out"
    lines = [*DECISION_AT, "decide attribution adversary", "undo", "decide attribution unclear", "end"]
    assert play(monkeypatch, lines, EXERCISE, "--out", str(out)) == 0
    assert [(d["option"], d["how"]) for d in results(out)["decisions"]] == [("unclear", "facilitator")]
    assert results(out)["state"]["alert.level"] != "red"


def test_undo_of_a_note_and_a_rating(monkeypatch, tmp_path):
    """Notes and ratings are facilitator actions too: undo takes the last one back."""
    out = tmp_path / "out"
    lines = ["next", "note keep", "note drop", "undo", "rate OBJ-1 P", "undo", "end"]
    assert play(monkeypatch, lines, EXERCISE, "--out", str(out)) == 0
    facilitation = json.loads((out / "facilitation.json").read_text())
    assert facilitation["observations"] == [{"t": 0.0, "text": "keep"}]
    assert facilitation["ratings"] == {}


def test_undo_with_nothing_to_undo_is_refused(monkeypatch, tmp_path, capsys):
    """At the start there is nothing to undo: an error, not journaled."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["undo", "end"], EXERCISE, "--out", str(out)) == 2
    assert "<stdin>:1: error: undo: nothing to undo" in capsys.readouterr().err
    assert journal_commands(out) == ["end"]


def test_resume_replays_undos(monkeypatch, tmp_path):
    """A journal holding undos, resumed, reaches the same session as the one that wrote it."""
    whole = tmp_path / "whole"
    lines = ["next", "next", "undo", "undo", "next", "note x", "undo", "next", "next", "next"]
    assert play(monkeypatch, [*lines, "decide attribution adversary", "end"], EXERCISE, "--out", str(whole)) == 0
    cut = tmp_path / "cut"
    cut.mkdir()
    head = (whole / "journal.jsonl").read_text().splitlines(keepends=True)[: 1 + len(lines)]
    (cut / "journal.jsonl").write_text("".join(head))
    assert play(monkeypatch, ["decide attribution adversary", "end"], "--resume", str(cut / "journal.jsonl"),
                "--out", str(cut)) == 0
    assert outputs(cut) == outputs(whole)


def test_undo_shows_the_stop_it_returns_to():
    """After an undo the screen shows the previous stop again, saying what was undone."""
    _, shown = session_of(["next", "next", "undo"])
    messages = [m.text for m in shown if isinstance(m, Message)]
    assert "undone: 'next'; the session is back at T+0" in messages
    last = situations(shown)[-1]
    assert last.reasons == ("undid 'next'",)
    assert [d.inject for d in last.current] == ["I-01"]


def test_version_counts_moves_not_notes():
    """The state version goes up with each move (next, decide, undo…), not with notes or ratings."""
    session, _ = session_of(["next", "note a", "rate OBJ-1 P", "next", "undo"])
    assert session.version == 3


def test_current_inject_stays_on_the_screen_between_injects(monkeypatch, tmp_path, capsys):
    """A stop without a new inject (a response milestone) still shows the card of the last inject."""
    assert play(monkeypatch, [*["next"] * 6, "end"], EXERCISE, "--variant", "scripted", "--out",
                str(tmp_path / "o")) == 0
    screens = capsys.readouterr().out.split("> next")
    assert "stop: inject I-05" in screens[5]
    assert "stop: inject" not in screens[6]  # a milestone or a deadline, after the last inject
    assert "inject I-05 at T+5d" in screens[6]
    assert "Alpha attacks." in screens[6]


def test_observations_land_in_facilitation_and_the_after_action_report(monkeypatch, tmp_path):
    """`observe` records an evaluator's observation (time, objective, capability, rating, inject,
    response, text) in facilitation.json and the AAR."""
    out = tmp_path / "out"
    lines = ["next", "advance 12h", "observe OBJ-1 S inject=I-01 response=collective_defence cell slow to convene",
             "observe OBJ-1 - players ask for the map", "end"]
    assert play(monkeypatch, lines, EXERCISE, "--out", str(out)) == 0
    evaluations = json.loads((out / "facilitation.json").read_text())["evaluations"]
    assert evaluations == [
        {"t": 12.0, "objective": "OBJ-1", "capability": "(no capability named)", "rating": "S", "inject": "I-01",
         "response": "collective_defence", "text": "cell slow to convene"},
        {"t": 12.0, "objective": "OBJ-1", "capability": "(no capability named)", "rating": None, "inject": None,
         "response": None, "text": "players ask for the map"},
    ]
    report = (out / "report.md").read_text()
    assert "### Evaluators' observations: (no capability named)" in report
    assert "| T+12h (2026-03-01 12:00Z) | OBJ-1 | S | inject I-01, response collective_defence | cell slow to convene |" \
        in report
    assert "players ask for the map" in (out / "report.html").read_text()


@pytest.mark.parametrize(("command", "message"), [
    ("observe OBJ-9 P seen", "unknown objective 'OBJ-9'"),
    ("observe OBJ-1 X seen", "must be P, S, M, U or - (none)"),
    ("observe OBJ-1 P inject=I-99 seen", "unknown inject 'I-99'"),
    ("observe OBJ-1 P response=nope seen", "unknown response 'nope'"),
    ("observe OBJ-1 P", "usage: observe"),
    ("observe OBJ-1 P inject=I-01", "usage: observe"),
])
def test_bad_observations_are_refused(monkeypatch, tmp_path, capsys, command, message):
    """An observation of an unknown objective, inject or response, or without text, is refused."""
    assert play(monkeypatch, [command, "end"], EXERCISE, "--out", str(tmp_path / "o")) == 2
    assert message in capsys.readouterr().err
    assert journal_commands(tmp_path / "o") == ["end"]


def test_undo_keeps_the_evaluators_observations_at_their_time():
    """An observation made after the last facilitator action survives its undo, at the time it was made."""
    session, _ = session_of(["next", "advance 12h", "observe OBJ-1 P seen", "undo"])
    assert session.clock == 0.0
    assert [(e.t, e.text) for e in session.evaluations] == [(12.0, "seen")]
    assert session.observations == []


def test_a_released_narrative_inject_is_shown_as_an_inject_without_a_model_event(monkeypatch, tmp_path, capsys):
    """`release I-06` (a held narrative inject) shows its card on the screen, controller notes
    included, with no model event (it has none); the MSEL as played numbers it."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["next", "release I-06", "end"], EXERCISE, "--out", str(out)) == 0
    screen = capsys.readouterr().out.split("> release I-06")[1]
    assert "inject I-06 at T+0" in screen
    assert "controller notes: Contingency - release if the players stall on attribution." in screen
    assert "inject.narrative" not in screen
    rows = list(csv.DictReader(io.StringIO((out / "msel.csv").read_text(encoding="utf-8-sig"))))
    assert (rows[-1]["Event No."], rows[-1]["Designated Scenario Time"], rows[-1]["Event Type"]) == (
        "I-06", "held", "narrative")
    i06 = next(line for line in (out / "report.md").read_text().splitlines() if line.startswith("| I-06 | held |"))
    assert i06.endswith("| #2 |")  # played second, after I-01


@pytest.mark.parametrize("line", ["say \x1b[2Jgone", "note \x07ring", "say a\u0085b"])
def test_a_command_with_a_control_character_is_refused(monkeypatch, tmp_path, capsys, line):
    """Texts typed by the facilitator (say, note, observe…) reach the players' screen, the
    reports and terminals: a control character is refused, shown escaped, and not journaled."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["next", line, "end"], EXERCISE, "--out", str(out)) == 2
    shown = capsys.readouterr().err
    assert "holds the control character U+" in shown
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert journal_commands(out) == ["next", "end"]
