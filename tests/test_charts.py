"""Charts that do not mislead: nothing clipped, a variant's colour the same everywhere, failures
drawn as failures, variants that never reach a milestone kept on the chart, deadlines shown,
long names kept distinct, every colour explained."""

import concurrent.futures as cf
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from engine import api
from engine.analyse.compare import columns, compare
from engine.analyse.sweep import sweep
from engine.analyse.sweep_plan import make_plan
from engine.check.world import World
from engine.cli import main
from engine.render import run_files
from engine.render.charts import timeline
from engine.render.charts.comparison import compare_figures
from engine.render.charts.distributions import sweep_figures
from engine.render.charts.labels import distinct, shorten
from engine.render.charts.output import SVG_RC
from engine.render.charts.timeline_lanes import COLORS, LABEL_CHARS, RESPONSE_COLORS, lanes
from engine.render.print_timeline import print_timeline
from engine.render.sweep_report import sweep_document
from engine.simulate.record import RunResult
from tests.conftest import DATA

MINISTRY = "Federal Ministry of Defence and Civil Protection of {}, Munich office"
PACK = f"""\
pack: charts
actors:
  bav: {{name: "{MINISTRY.format('Bavaria')}", groups: [all], procedures: {{act: p_yes}}}}
  sax: {{name: "{MINISTRY.format('Saxony')}", groups: [all], procedures: {{act: p_yes}}}}
  hes: {{name: "{MINISTRY.format('Hesse')}", groups: [all], procedures: {{act: p_no}}}}
procedures:
  p_yes: {{steps: [{{name: "cabinet decision and parliamentary authorisation of the deployment abroad",
                     duration: "uniform(1d, 3d)"}}]}}
  p_no: {{steps: [{{name: cabinet, duration: 1d, approval: 0.0}}]}}
events:
  go: {{}}
responses:
  together:
    title: Everyone together, which one member vetoes
    component: alliance
    authority: act
    participants: [all]
    complete: all
    phases: [{{name: move, duration: 2d}}]
  some:
    title: Two members deploy their forces to the border region of the alliance
    component: alliance
    authority: act
    participants: [bav, sax]
    complete: all
    phases: [{{name: move, duration: "uniform(2d, 4d)"}}]
rules:
  - {{id: R-go, on: go, then: [{{start: together}}, {{start: some}}]}}
"""
SCENARIO = """\
scenario: charts
title: Charts that do not mislead
rules: [pack.yaml]
start: 2026-03-01T00:00:00Z
until: 28d
seed: 3
injects:
  - {id: I-1, at: T+1d, event: go, title: Go}
objectives:
  - {id: OBJ-1, title: Two members of the alliance have deployed their forces to the border region within ten days,
     expect: some.completed, after: go, within: 10d}
variants:
  slow:
    title: Slow cabinets
    overrides: {procedures.p_yes.steps.0.duration: "uniform(4d, 6d)"}
  veto_all:
    title: Nobody approves
    overrides: {procedures.p_yes.steps.0.approval: 0.0}
"""


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The chart scenario: long ministry names, a vetoed response, an objective, three variants."""
    folder = tmp_path_factory.mktemp("charts")
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    (folder / "scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    return str(folder / "scenario.yaml")


@pytest.fixture(scope="module")
def played(scenario: str) -> tuple[RunResult, World]:
    """The base scenario's nominal run."""
    world = api.load(scenario)
    return api.play(world, nominal=True), world


def _swept(path: str, variants: str, runs: int = 60) -> dict[str, Figure]:
    """The sweep figures of ``runs`` replications per variant (played in this process)."""
    plan, worlds = make_plan(path, runs, variants, None)
    plan.path, plan.batch_size = os.path.abspath(path), 20
    with cf.ThreadPoolExecutor(1) as ex:
        aggs = sweep(plan, ex)
    return sweep_figures(sweep_document(plan, worlds, aggs), aggs, worlds)


@pytest.fixture(scope="module")
def sweep_charts(scenario: str) -> dict[str, Figure]:
    """ECDF, box and tornado of a sweep of every variant."""
    return _swept(scenario, "all")


@pytest.fixture(scope="module")
def compare_charts(scenario: str) -> dict[str, Figure]:
    """The comparison's timelines and milestones of every variant (nominal runs)."""
    cols = columns([scenario], None)
    return compare_figures(compare(cols, 1, None), [None, *cols[0].world.scenario.variants])


@pytest.fixture
def settings() -> Iterator[None]:
    """The settings charts are drawn with (the timeline's font size on top of the SVG ones)."""
    with mpl.rc_context({**SVG_RC, **timeline.RC}):
        yield


def _drawn_texts(fig: Figure, dpi: float, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Every text the renderer drew, with its extent in pixels."""
    drawn: list[tuple[str, Any]] = []
    original = Text.draw

    def record(self: Text, renderer: Any) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text():
            drawn.append((self.get_text(), self.get_window_extent(renderer)))

    monkeypatch.setattr(Text, "draw", record)
    fig.set_dpi(dpi)
    FigureCanvasAgg(fig).draw()
    monkeypatch.undo()
    return drawn


def _clipped(fig: Figure, dpi: float, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    box = fig.bbox
    drawn = _drawn_texts(fig, dpi, monkeypatch)
    assert drawn
    return [t for t, b in drawn if b.x0 < box.x0 - 1 or b.y0 < box.y0 - 1 or b.x1 > box.x1 + 1 or b.y1 > box.y1 + 1]


@pytest.mark.usefixtures("settings")
def test_no_timeline_text_is_clipped(played: tuple[RunResult, World], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every label of the run timeline lies inside the figure, the last date label (its tick
    at the right edge: a 28-day run) included."""
    fig = timeline.timeline_figure(*played)
    assert _clipped(fig, timeline.PNG_DPI, monkeypatch) == []
    assert "29 Mar 2026" in [t for t, _ in _drawn_texts(fig, timeline.PNG_DPI, monkeypatch)]


@pytest.mark.parametrize("chart", ["timelines", "milestones"])
def test_no_comparison_text_is_clipped(compare_charts: dict[str, Figure], chart: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Every label of the comparison charts lies inside the figure."""
    assert _clipped(compare_charts[chart], 100, monkeypatch) == []


@pytest.mark.parametrize("chart", ["ecdf", "box", "tornado"])
def test_no_sweep_text_is_clipped(sweep_charts: dict[str, Figure], chart: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every label of the sweep charts (axis labels, long factor names) lies inside the figure."""
    assert _clipped(sweep_charts[chart], 100, monkeypatch) == []


def _ecdf_line(fig: Figure, panel: str, variant: str) -> Line2D:
    ax = next(a for a in fig.axes if a.get_title(loc="left").startswith(panel))
    return next(line for line in ax.get_lines() if line.get_label().startswith(f"{variant}:"))


def _legend_colours(fig: Figure) -> dict[str, str]:
    out = {}
    for legend in [*fig.legends, *(a.get_legend() for a in fig.axes if a.get_legend())]:
        for handle, label in zip(legend.legend_handles, legend.get_texts(), strict=True):
            colour = handle.get_facecolor() if isinstance(handle, Patch) else handle.get_color()
            out[label.get_text()] = to_hex(colour)
    return out


def test_a_variant_keeps_its_colour_in_every_chart(scenario: str, sweep_charts: dict[str, Figure],
                                                   compare_charts: dict[str, Figure]) -> None:
    """veto_all has one colour in the ECDF, the box plot and both comparison charts, and keeps
    it in a sweep of veto_all alone."""
    colour = to_hex(_ecdf_line(sweep_charts["ecdf"], "objective:OBJ-1", "veto_all").get_color())
    assert _legend_colours(sweep_charts["box"])["veto_all"] == colour
    assert _legend_colours(compare_charts["timelines"])["veto_all"] == colour
    assert _legend_colours(compare_charts["milestones"])["veto_all"] == colour
    alone = _swept(scenario, "veto_all", runs=20)
    assert to_hex(_ecdf_line(alone["ecdf"], "objective:OBJ-1", "veto_all").get_color()) == colour
    assert len({to_hex(c) for c in _legend_colours(compare_charts["timelines"]).values()}) >= 3


def test_a_variant_that_never_meets_an_objective_stays_on_its_ecdf_at_zero(sweep_charts: dict[str, Figure]) -> None:
    """veto_all never meets OBJ-1: its ECDF is a line at 0%, labelled 0.0%, not missing."""
    line = _ecdf_line(sweep_charts["ecdf"], "objective:OBJ-1", "veto_all")
    assert line.get_label() == "veto_all: 0.0%"
    assert set(line.get_ydata()) == {0.0}


def test_several_variants_at_zero_each_show(sweep_charts: dict[str, Figure]) -> None:
    """No variant completes 'together' (one member always vetoes): three 0% lines, each at its
    own height near zero, none hidden under another, all inside the axes."""
    heights = [set(_ecdf_line(sweep_charts["ecdf"], "together.completed", v).get_ydata()) for v in
               ("base", "slow", "veto_all")]
    assert all(len(h) == 1 for h in heights)
    levels = [h.pop() for h in heights]
    assert len(set(levels)) == 3
    assert all(-0.05 < y <= 0 for y in levels)
    ax = next(a for a in sweep_charts["ecdf"].axes if a.get_title(loc="left").startswith("together.completed"))
    assert ax.get_ylim()[0] < min(levels)


def test_the_box_plot_says_which_variant_never_reached_a_milestone(sweep_charts: dict[str, Figure]) -> None:
    """The box plot keeps a row for veto_all under OBJ-1 that says it was never reached."""
    texts = [t.get_text() for a in sweep_charts["box"].axes for t in a.texts]
    assert "never reached (0%)" in texts
    labels = [t.get_text() for t in sweep_charts["box"].axes[0].get_yticklabels()]
    assert "veto_all  0.0%" in labels


def test_an_objective_ecdf_shows_its_deadline(sweep_charts: dict[str, Figure]) -> None:
    """OBJ-1's clock starts at the go inject (T+1d) and runs 10 days: a line at day 11."""
    ax = next(a for a in sweep_charts["ecdf"].axes if a.get_title(loc="left").startswith("objective:OBJ-1"))
    assert [list(line.get_xdata()) for line in ax.get_lines() if line.get_linestyle() != "-"] == [[11.0, 11.0]]
    assert "deadline" in [t.get_text() for t in ax.texts]


def test_a_failed_response_is_drawn_unlike_a_completed_one_in_the_comparison(
        compare_charts: dict[str, Figure]) -> None:
    """'together' fails in every column and 'some' under veto_all: those bars are hatched (and
    end in a cross); the completed ones, of the other columns, are plain."""
    ax = compare_charts["timelines"].axes[0]
    colours = _legend_colours(compare_charts["timelines"])
    bars = [c for c in ax.collections if isinstance(c, PolyCollection)]
    hatched = [to_hex(f) for c in bars if c.get_hatch() for f in c.get_facecolors()]
    plain = [to_hex(f) for c in bars if not c.get_hatch() for f in c.get_facecolors()]
    assert sorted(hatched) == sorted([colours["base"], colours["slow"], colours["veto_all"], colours["veto_all"]])
    assert sorted(plain) == sorted([colours["base"], colours["slow"]])
    crosses = [line for line in ax.get_lines() if line.get_marker() == "X"]
    assert [len(line.get_xdata()) for line in crosses] == [4]


def test_a_failed_response_is_drawn_as_failed_in_the_milestones_chart(compare_charts: dict[str, Figure]) -> None:
    """The milestones chart marks veto_all's end of 'some' with a cross, the others' with dots."""
    ax = compare_charts["milestones"].axes[0]
    veto = _legend_colours(compare_charts["milestones"])["veto_all"]
    markers = {(to_hex(line.get_color()), line.get_marker()) for line in ax.get_lines() if line.get_marker() != "None"}
    assert (veto, "X") in markers
    assert any(marker == "o" and colour != veto for colour, marker in markers)


def test_a_failed_response_is_drawn_as_failed_in_the_run_timeline(played: tuple[RunResult, World]) -> None:
    """'together' fails (one member vetoes): its bar takes the failed colour and ends in a cross."""
    result, world = played
    assert {x.response: x.status for x in result.responses} == {"together": "failed", "some": "completed"}
    fig = timeline.timeline_figure(result, world)
    ax = fig.axes[0]
    faces = {to_hex(f) for c in ax.collections for f in c.get_facecolors()}
    assert {RESPONSE_COLORS["failed"], RESPONSE_COLORS["completed"]} <= faces
    assert {line.get_marker() for line in ax.get_lines()} >= {"X", "*"}


def test_milestones_chart_gives_each_column_its_own_place_in_a_row(compare_charts: dict[str, Figure]) -> None:
    """Columns with the same time never hide one another: each column's marks sit at its own height."""
    ax = compare_charts["milestones"].axes[0]
    heights: dict[str, set[float]] = {}
    for line in ax.get_lines():
        if line.get_marker() != "None":
            heights.setdefault(to_hex(line.get_markeredgecolor()) if line.get_markerfacecolor() == "white"
                               else to_hex(line.get_color()), set()).update(round(y % 1, 6) for y in line.get_ydata())
    offsets = [next(iter(h)) for h in heights.values()]
    assert all(len(h) == 1 for h in heights.values())
    assert len(set(offsets)) == len(offsets) == 3


def test_milestones_chart_grows_with_objectives_and_responses_only(scenario: str) -> None:
    """The dot-plot charts objectives and response ends: extra event milestones do not make it taller."""
    cols = columns([scenario], None)
    doc = compare(cols, 1, None)
    height = compare_figures(doc)["milestones"].get_figheight()
    doc["milestones"] += [{"milestone": f"first:e{i}", "values": {c.id: {"t": 1.0, "diff_h": 0.0} for c in cols}}
                          for i in range(100)]
    assert compare_figures(doc)["milestones"].get_figheight() == height


def _open_marks(doc: dict[str, Any]) -> list[Line2D]:
    """The milestones chart's 'not reached' circles."""
    return [line for line in compare_figures(doc)["milestones"].axes[0].get_lines()
            if line.get_markerfacecolor() == "white"]


def test_across_scenarios_a_missing_milestone_is_not_called_unreached(scenario: str) -> None:
    """Columns of different scenarios: a milestone one of them has no time for may not exist
    there, so no open 'not reached' circle is drawn (one scenario's variants get them)."""
    doc = compare(columns([scenario], None), 1, None)
    assert _open_marks(doc)  # veto_all never meets OBJ-1
    doc["columns"][2]["scenario"] = "another"
    assert _open_marks(doc) == []


def test_long_names_are_shortened_from_the_middle_and_stay_distinct(played: tuple[RunResult, World]) -> None:
    """Three ministries that differ only in the middle of their long names keep distinct lane labels."""
    labels = [lane.label for lane in lanes(*played) if lane.kind == "participant" and "Ministry" in lane.label]
    assert len(labels) == 5  # three in 'together', two in 'some'
    assert len(set(labels)) == 3
    assert all(len(s) <= LABEL_CHARS and s.startswith("Federal Ministry") and s.endswith("office") for s in labels)


def test_shorten_keeps_start_and_end_words() -> None:
    """A long name keeps whole words from its start and its end; a short one is unchanged."""
    assert shorten("US-led ceasefire monitoring and verification mechanism", 38) == \
        "US-led ceasefire monitoring…mechanism"
    assert shorten("Italy", 38) == "Italy"
    assert len(shorten("first:eu_sanctions.authorized_all_of_them", 20)) == 20


def test_distinct_keeps_the_word_where_names_differ() -> None:
    """Names that would shorten alike keep the word where they differ."""
    out = distinct([MINISTRY.format("Bavaria"), MINISTRY.format("Saxony")], 38)
    assert "Bavaria" in out[0]
    assert "Saxony" in out[1]
    assert all(len(s) <= 38 for s in out)


def test_the_timeline_legend_explains_every_colour(played: tuple[RunResult, World]) -> None:
    """Every fill and marker colour drawn in the lanes is in the legend (component bands, which
    carry their name in place, aside)."""
    fig = timeline.timeline_figure(*played)
    ax = fig.axes[0]
    drawn = {to_hex(f) for c in ax.collections for f in c.get_facecolors()} - {COLORS["component"]}
    drawn |= {to_hex(line.get_markerfacecolor()) for line in ax.get_lines()}
    legend = next(x for x in fig.legends if isinstance(x, Legend))
    explained = set()
    for h in legend.legend_handles:
        explained.add(to_hex(h.get_facecolor() if isinstance(h, Patch) else h.get_markerfacecolor()))
    assert drawn <= explained


def test_png_and_svg_of_a_run_come_from_one_figure(played: tuple[RunResult, World],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing timeline.png, timeline.svg and report.html builds the chart once."""
    built = []
    original = timeline.timeline_figure

    def counting(result: RunResult, world: World) -> Figure:
        built.append(1)
        return original(result, world)

    monkeypatch.setattr(timeline, "timeline_figure", counting)
    files = run_files.render_files(*played, ["timeline.png", "timeline.svg", "report.html"], None, ".")
    assert len(built) == 1
    assert files["timeline.png"][:4] == b"\x89PNG"
    assert "<svg" in str(files["timeline.svg"])
    assert "<svg" in str(files["report.html"])


def test_many_injects_get_a_bounded_strip_that_says_what_is_not_labelled(tmp_path: Path) -> None:
    """200 injects an hour apart: labels in at most INJECT_LEVELS rows; the rest are counted."""
    injects = "".join(f"  - {{id: I-{i:03d}, at: T+{i}h, event: go}}\n" for i in range(200))
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "s.yaml").write_text(SCENARIO.split("injects:", maxsplit=1)[0] + "injects:\n" + injects, encoding="utf-8")
    world = api.load(str(tmp_path / "s.yaml"))
    fig = timeline.timeline_figure(api.play(world, nominal=True), world)
    strip = fig.axes[1]
    labelled = [t for t in strip.texts if t.get_text().startswith("I-")]
    assert 0 < len(labelled) < 200
    assert strip.get_ylim()[1] <= timeline.INJECT_LEVELS + 0.1
    assert f"({200 - len(labelled):,} not labelled" in strip.get_ylabel()


def test_a_released_held_inject_is_on_the_strip_when_it_played(tmp_path: Path) -> None:
    """A held inject is drawn where the run released it (here a rule, at T+3d), on the chart
    and on the print timeline; one never released is not drawn."""
    rules = "  - {id: R-rel, on: go, then: [{release: I-late, after: 2d}]}\n"
    held = ("  - {id: I-late, hold: true, title: Late, narrative: A call.}\n"
            "  - {id: I-never, hold: true, title: Never}\n")
    (tmp_path / "pack.yaml").write_text(PACK + rules, encoding="utf-8")
    (tmp_path / "s.yaml").write_text(SCENARIO.replace("title: Go}\n", "title: Go}\n" + held, 1), encoding="utf-8")
    world = api.load(str(tmp_path / "s.yaml"))
    result = api.play(world, nominal=True)
    strip = timeline.timeline_figure(result, world).axes[1]
    labels = {t.get_text(): t.get_position()[0] for t in strip.texts}
    assert labels == {"I-1": 1.0, "I-late": 3.0}
    assert [m.label for m in print_timeline(result, world).injects] == ["I-1", "I-late"]


def test_the_clipping_check_finds_a_label_outside_the_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: a label hanging over the right edge is reported, one inside is not."""
    fig = Figure(figsize=(3, 2))
    fig.text(0.5, 0.5, "inside")
    fig.text(0.9, 0.5, "hangs over the right edge")
    assert _clipped(fig, 100, monkeypatch) == ["hangs over the right edge"]


def test_a_title_the_font_lacks_draws_without_warnings_on_the_terminal(tmp_path, capfd):
    """Characters DejaVu Sans lacks (CJK, emoji) give boxes in the chart, not matplotlib's
    UserWarnings with its source paths on the user's terminal."""
    for name in ("attack_day_ten.yaml", "mutual_defence.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    scenario = tmp_path / "attack_day_ten.yaml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("title:", 'title: "演習 テスト"  #', 1), encoding="utf-8")
    assert main(["run", str(scenario), "--out", str(tmp_path / "out"), "-q"]) == 0
    assert "Glyph" not in capfd.readouterr().err


def test_a_curve_drawn_over_an_identical_one_says_so() -> None:
    """Under common random numbers a variant that leaves a milestone alone has the base's curve
    exactly and hides it: its legend entry names the variant it equals ("(= base)").
    renewed_attack's slow_unanimity changes only EU decisions."""
    renewed = str(Path(__file__).resolve().parents[1] / "scenarios" / "renewed_attack.yaml")
    pairs = 0
    for ax in _swept(renewed, "slow_unanimity", runs=20)["ecdf"].axes:
        drawn: list[tuple[tuple[float, ...], tuple[float, ...], str]] = []
        for line in ax.get_lines():
            xy = (tuple(line.get_xdata()), tuple(line.get_ydata()))
            label = str(line.get_label())
            if label.startswith("_") or set(xy[1]) <= {0.0} or min(xy[1]) < 0:
                continue  # deadline marks and the 0% lines (drawn apart on purpose)
            same = next((name for x, y, name in drawn if (x, y) == xy), None)
            if same is not None:
                pairs += 1
                assert label.endswith(f"(= {same.split(':')[0]})"), label
            else:
                assert "(=" not in label, label
            drawn.append((*xy, label))
    assert pairs > 0
