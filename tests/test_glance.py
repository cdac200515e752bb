"""The run report's first screen and what follows it: objectives against deadlines, how responses
complete, who held the coalition back, the contents, and the print timeline."""

import re

import pytest

from engine import api
from engine.analyse.critical_path import critical_paths
from engine.analyse.holdback import HoldbackCounts, holdbacks
from engine.render.glance import glance
from engine.render.glance_md import SECTIONS
from engine.render.print_timeline import print_timeline
from engine.render.report_html import render_html
from engine.render.report_md import render_markdown

GO = "rules:\n  - {id: R-go, on: go, then: [{start: defence}]}\n"
BODY = """\
until: {until}
injects:
  - {{id: I-1, at: T+0, event: go, title: Go}}
objectives:
  - {{id: OBJ-1, title: Defence in time, expect: defence.completed, after: go, within: {within}}}
"""


def _run(load_world, within="10d", until="30d", extra=""):
    world = load_world(BODY.format(within=within, until=until) + extra, GO)
    return api.play(world, nominal=True), world


@pytest.mark.parametrize(("within", "until", "status", "margin"), [
    ("10d", "30d", "met", "3d to spare"),       # completed at 7d
    ("7d", "30d", "met", "on the deadline"),
    ("6d", "30d", "missed", "achieved 1d late"),
    ("6d", "6d12h", "missed", "not achieved"),
    ("20d", "6d", "open", "deadline after the end of the run"),
])
def test_objective_line_says_the_time_against_the_deadline(load_world, within, until, status, margin):
    """Each objective on the first screen: its status, when the expected event came and the margin in words."""
    result, world = _run(load_world, within, until)
    (o,) = glance(result, world).objectives
    assert (o.objective, o.title, o.status, o.margin) == ("OBJ-1", "Defence in time", status, margin)
    assert o.deadline == f"T+{within}"


@pytest.mark.parametrize(("complete", "text"), [("all", "all 2"), ("any", "any of 2"), ("lead", "lead (Bravo)"),
                                                ("1", "1 of 2")])
def test_response_line_says_how_it_completes(load_world, complete, text):
    """Beside its status, each response shows its complete: criterion, the lead by its display name."""
    result, world = _run(load_world, extra=f"overrides: {{responses.defence.complete: {complete}}}\n")
    (line,) = glance(result, world).responses
    assert (line.status, line.completes) == ("completed", text)


def test_holdback_counts_the_deciding_actors_procedure(load_world):
    """Bravo decides defence's end: 3d of procedure (cabinet 2d, vote 1d) on a 7d path; phases do not count."""
    result, _ = _run(load_world)
    (h,) = holdbacks(critical_paths(result))
    assert (h.actor, len(h.paths), h.procedure_h, h.path_h, h.declined) == ("bravo", 1, 72.0, 168.0, 0)


def test_holdback_of_a_decline_names_who_declined(load_world):
    """A failed vote: Bravo's decline decided the failure, and the glance says so by name."""
    result, world = _run(load_world, extra="overrides: {procedures.bravo_proc.steps.1.approval: 0.0}\n")
    (line,) = glance(result, world).holders
    assert (line.actor, line.paths, line.declined, line.procedure) == ("Bravo", 1, 1, "3d")


def test_holdback_counts_across_replications_merge_to_the_same_summary(load_world):
    """Counting runs in two batches and merging gives the same shares as counting them in one."""
    result, _ = _run(load_world)
    paths = critical_paths(result)
    one, a, b = HoldbackCounts(), HoldbackCounts(), HoldbackCounts()
    for _ in range(3):
        one.add_run(paths)
    a.add_run(paths)
    b.add_run(paths)
    b.add_run([])
    a.merge(b)
    assert a.summary(4)["bravo"] == {"runs": 2, "share": 0.5, "paths_per_run": 1.0, "procedure_h": 72.0}
    assert one.summary(3)["bravo"]["share"] == 1.0


def test_markdown_report_puts_the_glance_first_and_lists_its_sections(load_world):
    """report.md: title, contents, the glance, then the details, in the order of the contents line."""
    result, world = _run(load_world)
    text = render_markdown(result, world)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[0] == "At a glance"
    order = [h for h, _ in SECTIONS]
    assert [h for h in headings if h in order] == [h for h in order if h in headings]
    contents = next(line for line in text.splitlines() if line.startswith("Contents: "))
    assert all(f"](#{anchor})" in contents for h, anchor in SECTIONS if h in headings)


def test_reports_name_actors_not_ids(load_world):
    """The event log, critical paths and holdback table show Bravo, never the id bravo."""
    result, world = _run(load_world)
    text = render_markdown(result, world)
    log = text[text.index("## Event log"):]
    assert "| Bravo |" in log
    assert not re.search(r"\bbravo\b", text.replace("bravo_proc", ""))
    html = render_html(result, world)
    assert ">Bravo" in html
    assert not re.search(r">bravo\b", html)


def test_print_timeline_has_a_block_per_component_and_labels_that_do_not_overlap(load_world):
    """One block per component; deadline and inject labels get rows so that none overlaps another."""
    extra = "\n".join([
        "  - {id: OBJ-2, expect: defence.completed, within: 10d1h}",
        "  - {id: OBJ-3, expect: defence.completed, within: 29d23h}",
    ]) + "\n"
    result, world = _run(load_world, extra=extra)
    tl = print_timeline(result, world)
    assert [b.title for b in tl.blocks] == ["Other responses"]
    assert [r.kind for r in tl.blocks[0].rows] == ["response", "participant", "participant"]
    assert [r.critical for r in tl.blocks[0].rows] == [False, True, False]
    rows = {m.label: m for m in tl.deadlines}
    assert rows["OBJ-1"].level != rows["OBJ-2"].level  # 1 hour apart
    assert rows["OBJ-3"].right  # at the end of the axis: its label ends at the line
    assert tl.ticks[0].label == "T+0"
    assert tl.ticks[-1].left <= 100
