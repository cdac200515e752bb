"""After-action ratings match what happened: open and not-started objectives are not evaluated,
a session's end is not called the horizon, and the facilitator's rating wins in every section."""

import json

from play_helpers import EXERCISE, play

from engine import api
from engine.analyse.aar import aar
from engine.render.report_html import render_html
from engine.render.report_md import render_markdown

RULES = """rules:
  - id: R-go
    on: go
    then: [{start: defence}]
"""
BODY = """\
until: {until}
injects:
  - {{id: I-1, at: T+0, event: go, with: {{scale: big}}, title: Go}}
objectives:
  - {{id: OBJ-1, title: Defence in time, capability: Defence, expect: defence.completed, after: go, within: {within}}}
  - {{id: OBJ-2, title: Ready after the alarm, capability: Alerting, expect: defence.completed, after: alarm, within: 1d}}
"""


def _run(load_world, within: str = "10d", until: str = "30d"):
    world = load_world(BODY.format(within=within, until=until), RULES)
    return api.play(world, nominal=True), world


def _sections(report) -> str:
    """Every place a finding can appear: strengths, areas for improvement, improvement plan."""
    return "\n".join([*(f.text for f in report.strengths), *(f.text for f in report.improvements),
                      *(" | ".join(row) for row in report.plan)])


def test_an_objective_open_at_the_end_is_not_evaluated(load_world):
    """A deadline beyond the horizon (open): no suggested rating, no U, and no finding about it."""
    result, world = _run(load_world, within="20d", until="6d")
    report = aar(result, world)
    r = next(x for x in report.ratings if x.objective == "OBJ-1")
    assert r.status == "open"
    assert (r.suggested, r.rating, r.shown) == ("", "", "not evaluated")
    assert r.reason == ("not evaluated: its deadline (T+20d) lies beyond the horizon (T+6d), and "
                        "defence.completed had not happened yet")
    assert "OBJ-1" not in _sections(report)
    assert "| OBJ-1: Defence in time | open | — | 20d | not evaluated | not evaluated: its deadline" in \
        render_markdown(result, world, report=report)


def test_an_objective_whose_clock_never_started_is_not_evaluated(load_world):
    """No `alarm` ever happens: OBJ-2 is not started, gets no suggested rating and no finding."""
    result, world = _run(load_world)
    report = aar(result, world)
    r = next(x for x in report.ratings if x.objective == "OBJ-2")
    assert (r.status, r.suggested, r.rating) == ("not_started", "", "")
    assert r.reason == "not evaluated: its clock never started (no alarm event by the horizon)"
    assert "OBJ-2" not in _sections(report)
    assert report.overview.ratings == "P: OBJ-1; not evaluated: OBJ-2"


def test_a_missed_objective_is_still_u(load_world):
    """Missed, and its event never came by the end of the run: U (the deadline passed)."""
    result, world = _run(load_world, within="6d", until="6d12h")
    r = next(x for x in aar(result, world).ratings if x.objective == "OBJ-1")
    assert (r.status, r.rating) == ("missed", "U")
    assert r.reason == "U: defence.completed did not happen by the horizon (T+6d12h); deadline 6d missed"


def test_a_session_ended_early_is_named_as_such(tmp_path, monkeypatch):
    """A session ended at T+1d of a 20-day scenario: the reports say the session ended there,
    before the scenario's horizon T+20d, and never call T+1d the horizon."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["next", "advance 1d", "end"], EXERCISE, "--out", str(out)) == 0
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "- T+0: 2026-03-01T00:00:00Z; session ended at T+1d (2026-03-02T00:00:00Z), before the scenario's " \
           "horizon T+20d" in md
    assert "pending at the session end: " in md
    assert "Pending at the session end:" in md
    assert "| Dates (scenario time) | T+0 (2026-03-01 00:00Z) to T+1d (2026-03-02 00:00Z): the session ended, " \
           "before the scenario's horizon T+20d |" in md
    assert "injects over 20d, played to T+1d (the session ended)" in md
    assert "not reached (after the session end)" in md
    assert "horizon T+1d" not in md
    assert "by the horizon" not in md
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "the session ended, before the scenario&#39;s horizon T+20d" in html
    assert "horizon T+1d" not in html
    assert json.loads((out / "results.json").read_text())["until_h"] == 24.0


def test_a_run_to_the_horizon_still_says_horizon(load_world):
    """A batch run ends at the scenario's horizon and its report says so."""
    result, world = _run(load_world, until="30d")
    md = render_markdown(result, world)
    assert "; horizon T+30d (2026-" in md
    assert "T+30d (2026-03-31 00:00Z): the scenario's horizon |" in md


def test_the_facilitators_p_wins_over_a_suggested_u_in_every_section(load_world):
    """The facilitator rates P an objective the record says was missed (U): the overview, the
    ratings, the strengths show their P and comment; no U text for it anywhere."""
    result, world = _run(load_world, within="6d", until="6d12h")
    report = aar(result, world, ratings={"OBJ-1": ("P", "handled well in discussion")})
    r = next(x for x in report.ratings if x.objective == "OBJ-1")
    assert (r.suggested, r.rating, r.by_facilitator) == ("U", "P", True)
    assert [f.text for f in report.strengths] == [
        "OBJ-1 (Defence in time): rated P by the facilitator: handled well in discussion"]
    assert "OBJ-1" not in "\n".join(f.text for f in report.improvements)
    assert "OBJ-1" not in "\n".join(" | ".join(row) for row in report.plan)
    assert report.overview.ratings.startswith("P: OBJ-1 (facilitator)")
    for page in (render_markdown(result, world, report=report), render_html(result, world, report=report)):
        strengths = page[page.index("Strengths"):page.index("Areas for improvement")]
        assert "U:" not in strengths
        assert "rated P by the facilitator: handled well in discussion" in strengths


def test_the_facilitators_u_wins_over_a_suggested_p_in_every_section(load_world):
    """The facilitator rates U an objective met with time to spare (P): it is an area for
    improvement and a plan row with their comment, not a strength, and the response behind it
    is not praised."""
    result, world = _run(load_world, within="10d")
    report = aar(result, world, ratings={"OBJ-1": ("U", "the cell never met")})
    assert not report.strengths
    assert "OBJ-1 (Defence in time): rated U by the facilitator: the cell never met" in [
        f.text for f in report.improvements]
    assert any("rated U by the facilitator: the cell never met" in row[1] for row in report.plan)
    assert report.overview.ratings.startswith("U: OBJ-1 (facilitator)")


def test_a_facilitator_can_rate_an_objective_that_is_not_evaluated(tmp_path, monkeypatch):
    """A session ended before OBJ-1's deadline: the facilitator's S stands in the report, with the
    suggestion shown as not evaluated."""
    out = tmp_path / "out"
    # advance stops at each inject and decision on its way
    commands = [*["advance T+6d"] * 4, "decide attribution adversary", "advance T+6d", "advance T+6d",
                "rate OBJ-1 S slow start", "end"]
    assert play(monkeypatch, commands, EXERCISE, "--out", str(out)) == 0
    md = (out / "report.md").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| OBJ-1: ") and "Facilitator" in line)
    assert "| open |" in row
    assert "| **S** | Facilitator: slow start (suggestion: not evaluated: its deadline (T+15d) lies beyond " \
           "the session end (T+6d)" in row
    assert "OBJ-1 (Collective defence within 10 days of the attack): rated S by the facilitator: slow start" in md
