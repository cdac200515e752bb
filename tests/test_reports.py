"""Reports read the record: critical paths, after-action ratings, explanations, MSEL, CSVs, HTML."""

import csv
import io
import json
import os

import pytest
from conftest import PACK

from engine import api
from engine.analyse.aar import aar
from engine.analyse.critical_path import critical_paths
from engine.analyse.explain import UnknownEventError, explain, find_event, milestones
from engine.cli import main
from engine.render.charts.timeline import timeline_png, timeline_svg
from engine.render.events_csv import render_events_csv
from engine.render.msel import COLUMNS, render_msel_csv, render_msel_md
from engine.render.report_html import render_html
from engine.render.report_md import render_markdown
from engine.simulate.record import to_json
from engine.simulate.results_io import read_results

START = """\
  - id: R-go
    source: "Treaty, art. 1"
    on: go
    then: [{start: defence}]
"""
RULES = "rules:\n" + START
BODY = """\
until: {until}
injects:
  - {{id: I-1, at: T+0, event: go, with: {{scale: big}}, title: Go, narrative: Start now.}}
objectives:
  - {{id: OBJ-1, title: Defence in time, capability: Defence, expect: defence.completed, after: go, within: {within}}}
"""


def _run(load_world, within="10d", until="30d", overrides=""):
    world = load_world(BODY.format(within=within, until=until) + overrides, RULES)
    return api.play(world, nominal=True), world


def test_critical_path_is_the_last_contributor_with_its_steps(load_world):
    """Bravo (2d + 1d procedure, 4d phase) decides a complete-all response over Charlie (1d + 4d)."""
    result, _ = _run(load_world)
    (path,) = critical_paths(result)
    assert (path.actor, path.deciding, path.status) == ("bravo", "contributed", "completed")
    assert [(s.name, s.start_h, s.end_h) for s in path.steps] == [
        ("cabinet", 0.0, 48.0), ("vote", 48.0, 72.0), ("move", 72.0, 168.0)]
    assert [round(s.share, 4) for s in path.steps] == [round(2 / 7, 4), round(1 / 7, 4), round(4 / 7, 4)]


def test_critical_path_of_a_failure_is_the_decline(load_world):
    """A failed vote makes Bravo decline at 3d; the complete-all response fails there, on Bravo's path."""
    result, _ = _run(load_world, overrides="overrides: {procedures.bravo_proc.steps.1.approval: 0.0}\n")
    (path,) = critical_paths(result)
    assert (path.status, path.actor, path.deciding, path.ended_h) == ("failed", "bravo", "declined", 72.0)
    assert [s.name for s in path.steps] == ["cabinet", "vote"]


def test_critical_path_of_an_impossible_criterion_is_the_start(load_world):
    """complete: 3 with two participants fails at once; no participant determined it."""
    result, _ = _run(load_world, overrides="overrides: {responses.defence.complete: 3}\n")
    (path,) = critical_paths(result)
    assert (path.status, path.actor, path.deciding, path.steps) == ("failed", None, "started", ())


@pytest.mark.parametrize(("within", "until", "rating"), [
    ("10d", "30d", "P"),      # 3d spare of 10d
    ("8d18h", "30d", "P"),    # 1d18h spare = exactly a fifth of 8d18h
    ("8d", "30d", "S"),       # 1d spare < 1d14h24m
    ("7d", "30d", "S"),       # met exactly at the deadline
    ("6d", "30d", "M"),       # achieved at 7d, one day late
    ("6d", "6d12h", "U"),     # missed, and not achieved by the horizon
])
def test_suggested_rating_boundaries(load_world, within, until, rating):
    """P ≥ a fifth of the allowed time to spare, S in the last fifth, M after the deadline, U never
    (open at the horizon: not evaluated, tests/test_aar_ratings.py)."""
    result, world = _run(load_world, within=within, until=until)
    (r,) = aar(result, world).ratings
    assert (r.suggested, r.rating) == (rating, rating)
    assert r.reason.startswith(rating + ":")


def test_facilitator_rating_and_observations_replace_suggestions(load_world):
    """A facilitator's (rating, comment) wins over the suggestion, and observations are listed by time."""
    result, world = _run(load_world)
    report = aar(result, world, ratings={"OBJ-1": ("S", "slow hand-over")}, observations=[(5.0, "b"), (1.0, "a")])
    (r,) = report.ratings
    assert (r.suggested, r.rating, r.comment, r.by_facilitator) == ("P", "S", "slow hand-over", True)
    assert report.observations == [(1.0, "a"), (5.0, "b")]
    assert "Facilitator: slow hand-over" in render_markdown(result, world, report=report)


def test_critical_step_becomes_an_area_for_improvement(load_world):
    """Behind an objective rated S, the longest critical step is an area for improvement with its actor."""
    result, world = _run(load_world, within="8d")
    report = aar(result, world)
    texts = [f.text for f in report.improvements]
    assert "Bravo move (phase) was on the critical path of defence and took 4d of its 7d (completion)" in texts
    row = next(p for p in report.plan if "critical path" in p[1])
    assert (row[0], row[4], row[2], row[5]) == ("Defence", "Bravo", "", "")


def test_critical_step_behind_a_p_rating_is_a_strength(load_world):
    """Behind an objective rated P, the critical path is listed among the strengths, not the plan."""
    result, world = _run(load_world, within="10d")
    report = aar(result, world)
    assert "defence completed in 7d, well within its objective; Bravo set the pace (move took 4d)" in [
        f.text for f in report.strengths]
    assert not any("critical path" in row[1] for row in report.plan)


def test_explain_by_type_walks_back_to_the_inject_with_citations(load_world):
    """defence.completed ← contributed ← authorized ← started (rule R-go, cited) ← inject I-1."""
    result, world = _run(load_world)
    x = explain(result, find_event(result, "defence.completed"), world)
    assert [link.event.type for link in x.links] == [
        "go", "defence.started", "defence.authorized", "defence.contributed", "defence.completed"]
    assert x.links[0].producer == "inject I-1: Go"
    assert "rule R-go" in x.links[1].producer
    assert x.links[1].citation.startswith("Treaty, art. 1")


def test_explain_by_seq_and_unknown_events(load_world):
    """A seq number picks that event; unknown seqs and types raise with a hint."""
    result, _ = _run(load_world)
    assert find_event(result, "2").seq == 2
    assert find_event(result, "#1").type == "go"
    with pytest.raises(UnknownEventError, match=r"did you mean 'defence\.completed'"):
        find_event(result, "defence.complete")
    with pytest.raises(UnknownEventError, match="no event #999"):
        find_event(result, "999")


def test_milestones_include_response_ends(load_world):
    """Each ended response instance is a milestone (the objective met by it is the same event)."""
    result, world = _run(load_world)
    assert [m.type for m in milestones(result, world)] == ["defence.completed"]


def _write_run(tmp_path, load_world, formats=("json",)):
    result, world = _run(load_world)
    out = tmp_path / "out"
    api.write_run(result, world, str(out), formats=formats, scenario_path=str(tmp_path / "s.yaml"))
    return out


def test_cli_explain_prints_chain_with_citation_from_run_json(tmp_path, load_world, capsys):
    """`accord explain` reads run.json to reload the scenario and cite the rule's source."""
    out = _write_run(tmp_path, load_world)
    assert json.loads((out / "run.json").read_text())["scenario_file"] == "../s.yaml"
    assert main(["explain", str(out / "results.json"), "defence.started"]) == 0
    text = capsys.readouterr().out
    assert "#1 go" in text
    assert "source: Treaty, art. 1" in text


def test_cli_explain_exit_2_for_missing_results_and_unknown_event(tmp_path, load_world, capsys):
    """A missing results file and an unknown event are input errors (exit 2), not tracebacks."""
    assert main(["explain", str(tmp_path / "none.json"), "1"]) == 2
    out = _write_run(tmp_path, load_world)
    assert main(["explain", str(out / "results.json"), "nothing.here"]) == 2
    assert "no event of type 'nothing.here'" in capsys.readouterr().err


def test_msel_csv_has_bom_columns_and_rows_in_time_order(load_world):
    """The MSEL CSV starts with a BOM, has the standard columns, and lists injects by time."""
    body = BODY.format(within="10d", until="30d").replace(
        "injects:\n", "injects:\n  - {id: I-0, at: T+2d, event: ping, from: Control, to: [alpha, bravo]}\n")
    world = load_world(body, RULES)
    text = render_msel_csv(world)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert tuple(rows[0]) == COLUMNS
    assert [r[0] for r in rows[1:]] == ["I-1", "I-0"]
    assert rows[1][1] == "T+0 (2026-03-01 00:00Z)"
    assert rows[1][2] == "go (scale=big)"
    assert rows[1][5] == "Go — Start now."
    assert (rows[2][3], rows[2][4]) == ("Control", "alpha, bravo")
    assert "| Event No. |" in render_msel_md(world)


def test_cli_msel_writes_bytes_with_bom_to_stdout(tmp_path, load_world, capsysbinary):
    """`accord msel` writes the CSV bytes unchanged (BOM, CRLF) to stdout."""
    load_world(BODY.format(within="10d", until="30d"), RULES)
    assert main(["msel", str(tmp_path / "s.yaml")]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbfEvent No.,")
    assert b"\r\n" in data


def test_events_csv_has_one_row_per_event_with_json_payload(load_world):
    """events.csv rows match the record: seq, t, at, type, by, source, cause, payload JSON."""
    result, _ = _run(load_world)
    rows = list(csv.DictReader(io.StringIO(render_events_csv(result)[1:])))
    assert len(rows) == len(result.events)
    first = rows[0]
    assert (first["seq"], first["type"], first["source"], first["cause"]) == ("1", "go", "inject:I-1", "")
    assert json.loads(first["payload"]) == {"scale": "big"}
    assert rows[1]["cause"] == "1"


def test_run_writes_chosen_formats_only(tmp_path, load_world, capsys):
    """`accord run --format json,csv` writes results.json, run.json, events.csv and msel.csv, and says where."""
    load_world(BODY.format(within="10d", until="30d"), RULES)
    out = tmp_path / "o"
    assert main(["run", str(tmp_path / "s.yaml"), "--nominal", "--out", str(out), "--format", "json,csv", "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["events.csv", "msel.csv", "results.json", "run.json"]
    assert f"wrote {out / 'events.csv'}" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["run", str(tmp_path / "s.yaml"), "--format", "pdf"])
    assert exc.value.code == 2


HOSTILE = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">"


def test_html_and_markdown_escape_scenario_text(load_world):
    """Titles and narratives with markup show as text in report.html and report.md."""
    body = BODY.format(within="10d", until="30d").replace("title: Go, narrative: Start now.",
                                                          f"title: '{HOSTILE}', narrative: '{HOSTILE} $x$'")
    world = load_world(f"title: '{HOSTILE}'\n" + body, RULES)
    result = api.play(world, nominal=True)
    html = render_html(result, world, timeline_svg(result, world))
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    md = render_markdown(result, world)
    assert "<script>" not in md
    assert "<img" not in md


def test_html_is_byte_deterministic(load_world):
    """Two renders of the same run, chart included, are identical bytes."""
    result, world = _run(load_world)
    first = render_html(result, world, timeline_svg(result, world))
    again, world2 = _run(load_world)
    assert render_html(again, world2, timeline_svg(again, world2)) == first
    assert "<svg" in first


def test_results_json_round_trips_through_the_reader(tmp_path, load_world):
    """read_results gives back a RunResult that writes the same results.json."""
    out = _write_run(tmp_path, load_world)
    text = (out / "results.json").read_text(encoding="utf-8")
    assert to_json(read_results(str(out / "results.json"))) == text


def test_timeline_png_renders(load_world):
    """The chart renders as a PNG image."""
    result, world = _run(load_world)
    assert timeline_png(result, world).startswith(b"\x89PNG")


def test_chart_draws_dollar_signs_as_text(load_world):
    """A '$' in a title or actor name is drawn literally (matplotlib would start math mode)."""
    world = load_world("title: 'Costs $5 and $6'\n" + BODY.format(within="10d", until="30d"), RULES,
                       pack=PACK.replace("{name: Bravo,", "{name: Br$vo,"))
    result = api.play(world, nominal=True)
    svg = timeline_svg(result, world)
    assert "Costs $5 and $6" in svg
    assert "Br$vo" in svg


def test_markdown_report_has_every_section_and_the_chart_link(load_world):
    """report.md carries the same sections as the HTML and links timeline.png."""
    result, world = _run(load_world)
    md = render_markdown(result, world)
    for heading in ("## MSEL as played", "## Timeline chart", "## Objectives", "## Responses and critical paths",
                    "## Causal chains of milestones", "## After-action report", "### Improvement plan",
                    "## Event log"):
        assert heading in md
    assert "](timeline.png)" in md
    assert "Critical path: **Bravo**" in md


def test_run_files_are_readable_by_others(tmp_path, load_world):
    """Written files get the usual permissions (umask applied), not mkstemp's private 0600."""
    old = os.umask(0o022)
    try:
        out = _write_run(tmp_path, load_world)
    finally:
        os.umask(old)
    assert (out / "results.json").stat().st_mode & 0o777 == 0o644
