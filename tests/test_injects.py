"""Narrative and held injects, and the `release` action (SPEC §1.4)."""

import json
import textwrap
from pathlib import Path

import pytest
from conftest import PACK, write
from play_helpers import play as play_cli

from engine import api
from engine.analyse.aar import ending
from engine.analyse.explain import explain
from engine.cli import main
from engine.errors import InputError
from engine.facilitate.commands import CommandError, parse
from engine.facilitate.completion import candidates
from engine.facilitate.session import Feed, Session
from engine.lint.linter import lint
from engine.render.msel import msel_rows, played_as
from engine.simulate.record import result_dict

NARRATIVE_RULE = "rules:\n  - {id: R-news, on: inject.narrative, then: [{emit: alarm}]}\n"


def test_a_narrative_inject_is_recorded_as_inject_narrative(play):
    """An inject without `event:` is an `inject.narrative` event from `inject:<id>`, with no payload."""
    r = play("""\
        until: 2d
        injects: [{id: I-news, at: T+6h, title: Press report, narrative: A reporter calls.}]
        """)
    assert [(e["t"], e["type"], e["with"], e["source"], e["cause"]) for e in r["events"]] == [
        (6.0, "inject.narrative", {}, "inject:I-news", None)]


def test_only_rules_on_inject_narrative_answer_a_narrative_inject(play):
    """A rule `on: inject.narrative` fires; a narrative inject triggers nothing else."""
    rules = NARRATIVE_RULE + "  - {id: R-ping, on: ping, then: [{emit: pong}]}\n"
    r = play("""\
        until: 2d
        injects: [{id: I-news, at: T+6h, narrative: A reporter calls.}]
        """, rules)
    assert [(e["type"], e["source"]) for e in r["events"]] == [
        ("inject.narrative", "inject:I-news"), ("alarm", "rule:R-news")]


def test_the_msel_shows_narrative_and_held_injects(load_world):
    """The MSEL lists a narrative inject as such and a held inject last, as held."""
    world = load_world("""\
        until: 2d
        injects:
          - {id: I-held, hold: true, event: alarm, title: Escalation}
          - {id: I-news, at: T+6h, narrative: A reporter calls.}
        """)
    rows = msel_rows(world)
    assert [(r.inject, r.time, r.event_type) for r in rows] == [
        ("I-news", "T+6h (2026-03-01 06:00Z)", "narrative"), ("I-held", "held", "alarm")]
    assert "held: played only when released" in rows[1].notes
    result = api.play(world, nominal=True)
    assert played_as(result, rows, ending(result, world)) == ["#1", "held, not released"]


def test_a_held_inject_never_released_does_not_play(play):
    """A held inject is kept off the timeline."""
    r = play("""\
        until: 2d
        injects: [{id: I-held, hold: true, event: alarm}]
        """)
    assert r["events"] == []
    assert r["pending"] == []


RELEASE_RULE = "rules:\n  - {id: R-esc, on: ping, then: [{release: I-held, after: 2h}]}\n"
HELD = """\
    until: 2d
    injects:
      - {id: I-1, at: T+1h, event: ping}
      - {id: I-held, hold: true, event: alarm, title: Escalation}
    """


def test_a_rule_releases_a_held_inject_which_plays_like_an_inject(play):
    """`release` (with `after:`) delivers the held inject: source `inject:<id>`, caused by the
    event whose rule released it, and rules answer it like any inject."""
    r = play(HELD, RELEASE_RULE + "  - {id: R-alarm, on: alarm, then: [{emit: pong}]}\n")
    assert [(e["t"], e["type"], e["source"], e["cause"]) for e in r["events"]] == [
        (1.0, "ping", "inject:I-1", None), (3.0, "alarm", "inject:I-held", 1), (3.0, "pong", "rule:R-alarm", 2)]


def test_a_second_release_is_a_note(play):
    """Released twice, the inject plays once; the second release leaves a note."""
    r = play("""\
        until: 2d
        injects:
          - {id: I-1, at: T+1h, event: ping}
          - {id: I-2, at: T+5h, event: ping}
          - {id: I-held, hold: true, event: alarm}
        """, RELEASE_RULE)
    assert [e["type"] for e in r["events"]] == ["ping", "alarm", "ping"]
    assert r["notes"] == [{"t": 5.0, "text": "release I-held ignored: it was already released"}]


def test_a_decision_option_and_an_objective_else_release_injects(play):
    """`release` works in a decision option and in an objective's `else`."""
    rules = ("decisions:\n  d: {options: {go: {then: [{release: I-a}]}, stay: {}}, default: go}\n"
             "rules:\n  - {id: R-d, on: ping, then: [{decide: d}]}\n")
    r = play("""\
        until: 2d
        injects:
          - {id: I-1, at: T+1h, event: ping}
          - {id: I-a, hold: true, event: alarm}
          - {id: I-b, hold: true, narrative: The minister calls.}
        objectives: [{id: OBJ-1, expect: pong, within: 10h, else: [{release: I-b}]}]
        """, rules)
    assert [(e["t"], e["type"], e["source"]) for e in r["events"]] == [
        (1.0, "ping", "inject:I-1"), (1.0, "alarm", "inject:I-a"), (10.0, "inject.narrative", "inject:I-b")]


def test_explain_follows_a_released_inject_to_its_root(load_world):
    """The chain of a released inject goes through the rule that released it to the first inject."""
    world = load_world(HELD, RELEASE_RULE)
    result = api.play(world, nominal=True)
    chain = explain(result, result.events[1], world)
    assert [link.event.seq for link in chain.links] == [1, 2]
    assert "inject I-held: Escalation (held; released)" in chain.links[1].producer


def _scenario(tmp_path: Path, injects: str, rules: str = "") -> str:
    write(tmp_path, "pack.yaml", PACK + textwrap.dedent(rules))
    head = "scenario: s\nrules: [pack.yaml]\nstart: 2026-03-01T00:00:00Z\n"
    body = textwrap.dedent(injects)
    return write(tmp_path, "s.yaml", head + ("" if "until:" in body else "until: 2d\n") + body)


def _errors(path: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        api.load(path)
    return [str(d) for d in caught.value.diagnostics]


def test_a_release_of_an_unknown_inject_is_an_error_at_the_pack(tmp_path, capsys):
    """A pack's `release` naming no held inject of the scenario: an error at the pack's line, exit 2."""
    path = _scenario(tmp_path, "injects: [{id: I-held, hold: true, event: alarm}]\n",
                     "rules:\n  - {id: R-x, on: ping, then: [{release: I-hold}]}\n")
    line = 1 + (PACK + "rules:\n").count("\n")
    assert _errors(path) == [f"{tmp_path / 'pack.yaml'}:{line}:42: error: release 'I-hold': scenario s has no "
                             "held inject 'I-hold' (did you mean 'I-held'?)"]
    assert main(["validate", path]) == 2
    assert "pack.yaml" in capsys.readouterr().err


def test_a_release_of_an_inject_that_is_not_held_is_an_error(tmp_path):
    """Releasing an inject with a time is refused: it is not held."""
    path = _scenario(tmp_path, "injects: [{id: I-1, at: T+1h, event: ping}]\n",
                     "rules:\n  - {id: R-x, on: ping, then: [{release: I-1}]}\n")
    assert _errors(path)[0].endswith("release 'I-1': inject 'I-1' of scenario s is not held (`hold: true`): "
                                     "it has a time")


@pytest.mark.parametrize(("injects", "key", "message"), [
    ("injects: [{id: I, hold: true, at: T+1h, event: ping}]", "at", "a held inject (`hold: true`) has no `at:`"),
    ("injects: [{id: I, event: ping}]", "id", "needs `at:` (or `hold: true`"),
    ("injects: [{id: I, at: T+1h, with: {scale: big}}]", "with", "a narrative inject (no `event:`) carries no payload"),
])
def test_held_and_narrative_injects_are_checked(tmp_path, injects, key, message):
    """A held inject with a time, an inject with neither, a narrative inject with a payload: errors at the key."""
    path = _scenario(tmp_path, injects + "\n")
    errors = _errors(path)
    assert len(errors) == 1
    assert message in errors[0]
    column = injects.index(key + ":") + len(key) + 3  # the value after "key: ", counted from 1
    assert f"s.yaml:5:{column}:" in errors[0]


def test_inject_narrative_cannot_be_declared_or_emitted(tmp_path):
    """`inject.narrative` is implicit: a pack may listen for it, not declare or emit it."""
    path = _scenario(tmp_path, "injects: []\n", "rules:\n  - {id: R-x, on: ping, then: [{emit: inject.narrative}]}\n")
    assert "is what narrative injects are recorded as" in _errors(path)[0]
    pack = PACK.replace("  alarm: {}\n", "  alarm: {}\n  inject.narrative: {}\n")
    write(tmp_path, "pack.yaml", pack)
    assert "cannot be declared" in _errors(path)[0]


def test_after_belongs_to_release_but_not_to_stop(tmp_path):
    """`after:` is allowed on `release`, still refused on `stop`."""
    path = _scenario(tmp_path, "injects: [{id: I-h, hold: true, event: alarm}]\n",
                     "rules:\n  - {id: R-x, on: ping, then: [{release: I-h, after: 1d}, {stop: defence, after: 1d}]}\n")
    errors = _errors(path)
    assert len(errors) == 1
    assert "'after' belongs to 'emit', 'start' or 'release', not to 'stop'" in errors[0]


# -- the facilitator ------------------------------------------------------------------------------

def test_the_facilitator_releases_a_held_inject_now(tmp_path, monkeypatch):
    """`release <id>` delivers the held inject at the current time, as itself, and is journaled."""
    path = _scenario(tmp_path, HELD, "rules:\n  - {id: R-alarm, on: alarm, then: [{emit: pong}]}\n")
    out = tmp_path / "out"
    # `advance` stops at I-1 (T+1h) on its way; the second goes on to T+4h
    assert play_cli(monkeypatch, ["advance 4h", "advance T+4h", "release I-held", "release I-held", "end"], path,
                    "--out", str(out)) == 0
    events = json.loads((out / "results.json").read_text())["events"]
    assert [(e["t"], e["type"], e["source"]) for e in events] == [
        (1.0, "ping", "inject:I-1"), (4.0, "alarm", "inject:I-held"), (4.0, "pong", "rule:R-alarm")]
    journal = [json.loads(line)["cmd"] for line in (out / "journal.jsonl").read_text().splitlines()[1:]]
    assert journal == ["advance 4h", "advance T+4h", "release I-held", "release I-held", "end"]


def test_release_commands_are_checked_and_completed(load_world):
    """`release` takes a held inject: an unknown or timed inject is refused; Tab offers held ones."""
    world = load_world(HELD)
    assert parse("release I-held", world).verb == "release"
    with pytest.raises(CommandError, match="not held"):
        parse("release I-1", world)
    with pytest.raises(CommandError, match="did you mean 'I-held'"):
        parse("release I-hold", world)
    assert candidates(world, ["release", ""]) == ["I-held"]
    assert "release" in candidates(world, [""])


def test_the_situation_lists_held_injects_until_released(load_world):
    """The facilitator's screen lists the held injects not released yet."""
    shown: list = []
    session = Session(load_world(HELD), show=shown.append)
    lines = iter(["release I-held", "end"])
    session.run(Feed([], lambda: next(lines, None)))
    views = [s for s in shown if hasattr(s, "held")]
    assert [i.id for i in views[0].held] == ["I-held"]
    assert views[-1].held == ()


def test_the_handout_has_a_released_inject_at_its_time(tmp_path, monkeypatch):
    """The players' handout shows a released held inject when it was delivered."""
    path = _scenario(tmp_path, HELD)
    out = tmp_path / "out"
    assert play_cli(monkeypatch, ["advance T+4h", "advance T+4h", "release I-held"], path, "--out", str(out)) == 0
    handout = tmp_path / "handout.md"
    assert main(["play", path, "--resume", str(out / "journal.jsonl"), "--handout", str(handout)]) == 0
    assert "### 04:00 UTC (T+4h): Escalation" in handout.read_text()


# -- lint ---------------------------------------------------------------------------------------

def test_lint_counts_a_held_inject_only_where_it_can_be_released(tmp_path):
    """A rule on a held inject's event is reachable when a rule releases it, and not otherwise."""
    listens = "  - {id: R-alarm, on: alarm, then: [{emit: pong}]}\n"
    path = _scenario(tmp_path, HELD, "rules:\n" + listens)
    assert "A101" in {f.code for f in lint([path]).findings if "R-alarm" in f.message}
    path = _scenario(tmp_path, HELD, RELEASE_RULE + listens)
    assert not [f for f in lint([path]).findings if "R-alarm" in f.message]


def test_results_of_a_released_inject_round_trip(load_world):
    """A result with a released inject serialises like any other (source inject:<id>)."""
    world = load_world(HELD, RELEASE_RULE)
    doc = result_dict(api.play(world, seed=3))
    assert [e["source"] for e in doc["events"]] == ["inject:I-1", "inject:I-held"]


def test_a_variant_that_only_adds_a_held_inject_changes_something(tmp_path):
    """Lint does not call a variant that adds a contingency inject one that changes nothing (A111)."""
    body = textwrap.dedent(HELD) + "variants:\n  more: {injects: [{id: I-more, hold: true, event: pong}]}\n"
    report = lint([_scenario(tmp_path, body)])
    assert report.invalid == []
    assert [f.code for f in report.findings if "variant" in f.message] == []


def _session(world, lines: list[str]) -> tuple[Session, list]:
    shown: list = []
    session = Session(world, show=shown.append)
    feed = iter(lines)
    session.run(Feed([], lambda: next(feed, None)))
    return session, shown


def test_undo_takes_back_a_release(load_world):
    """`release` is a move `undo` takes back: the inject has not played and is held again."""
    session, shown = _session(load_world(HELD), ["next", "release I-held", "undo"])
    assert [e.source for e in session.sim.events] == ["inject:I-1"]
    assert [i.id for i in shown[-1].held] == ["I-held"]
    assert session.version == 3  # next, release, undo


def test_release_is_refused_while_a_decision_waits(load_world):
    """The decision comes first: `release` is refused (as `inject` and `say` are) while one waits."""
    rules = ("decisions:\n  d: {options: {go: {}, stay: {}}, default: go}\n"
             "rules:\n  - {id: R-d, on: ping, then: [{decide: d}]}\n")
    session, shown = _session(load_world(HELD, rules), ["next", "release I-held"])
    errors = [m.text for m in shown if getattr(m, "level", "") == "error"]
    assert errors == ["release I-held: decision 'd' is waiting: decide d <option> (options: go, stay), "
                      "or 'end' to leave it unresolved"]
    assert "I-held" not in session.sim.released


def test_the_command_list_fits_80_columns():
    """`help` lists every command, `release` among them, one line each at 80 columns."""
    from rich.console import Console  # noqa: PLC0415 - the terminal's library, for this test only

    from engine.cli.play_details import help_table  # noqa: PLC0415
    from engine.facilitate.commands import HELP  # noqa: PLC0415

    console = Console(width=80, record=True)
    console.print(help_table())
    lines = console.export_text().splitlines()
    assert len(lines) == len(HELP)
    assert any(line.split()[:2] == ["release", "<inject>"] for line in lines)
