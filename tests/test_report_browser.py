"""report.html and sweep.html in a real browser (headless Chromium via Playwright): sections, charts, no script
ran, what a 1366×768 screen shows first, and what printing to PDF gives."""

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api  # the dev extra installs it; a missing package must fail, not skip

from engine import api
from engine.cli import main
from tests.hostile import HOSTILE, IMG, hostile_sweep_scenario
from tests.pdf_text import page_sizes, text_sizes

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it: apt-get install chromium)")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SECTIONS = ("glance", "msel", "timeline", "responses", "holdback", "decisions", "objectives", "chains", "aar")
ROOT = Path(__file__).resolve().parents[1]
SCREEN = {"width": 1366, "height": 768}
A4 = (595.92, 842.88)  # points, as Chromium writes the MediaBox


def _report(tmp_path: Path) -> Path:
    """A run of a scenario whose title and inject narrative carry markup, rendered to report.html."""
    data = Path(__file__).parent / "data"
    scenario = (data / "attack_day_ten.yaml").read_text(encoding="utf-8")
    scenario = scenario.replace("title: Major attack ten days after entry into force",
                                f"title: '{HOSTILE} {IMG}'", 1)
    scenario = scenario.replace("narrative: The treaty enters into force at midnight.",
                                f"narrative: '{HOSTILE} {IMG}'", 1)
    assert HOSTILE in scenario
    (tmp_path / "mutual_defence.yaml").write_text((data / "mutual_defence.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "s.yaml"
    path.write_text(scenario.replace("../rules/mutual_defence.yaml", "mutual_defence.yaml"), encoding="utf-8")
    world = api.load(str(path))
    out = tmp_path / "out"
    api.write_run(api.play(world, nominal=True), world, str(out), formats=("html",))
    return out / "report.html"


def _bundled_report(tmp_path: Path, scenario: str = "renewed_attack") -> Path:
    """report.html of a bundled scenario's nominal run (the largest: some 40 responses in six components)."""
    world = api.load(str(ROOT / "scenarios" / f"{scenario}.yaml"))
    api.write_run(api.play(world, nominal=True), world, str(tmp_path), formats=("html",))
    return tmp_path / "report.html"


def _components(scenario: str = "renewed_attack") -> list[str]:
    """The components of the responses a bundled scenario's nominal run starts, in the order they start."""
    world = api.load(str(ROOT / "scenarios" / f"{scenario}.yaml"))
    result = api.play(world, nominal=True)
    return list(dict.fromkeys(world.responses[x.response].component or "" for x in result.responses))


@contextlib.contextmanager
def _opened(path: Path, viewport: dict[str, int] | None = None) -> Iterator[sync_api.Page]:
    """``path`` opened in headless Chromium; afterwards, no script may have run."""
    with sync_api.sync_playwright() as pw:
        # launch() gives the browser a fresh temporary profile (user-data-dir) of its own.
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS, chromium_sandbox=False)
        try:
            page = browser.new_page(viewport=viewport or SCREEN)
            page.goto(path.as_uri())
            yield page
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.locator("script").count() == 0
            assert page.locator("img").count() == 0
        finally:
            browser.close()


def test_report_opens_in_chromium_with_sections_chart_and_no_script(tmp_path):
    """Every section and the chart are shown; hostile text is visible as text and never runs."""
    with _opened(_report(tmp_path)) as page:
        for section in SECTIONS:
            assert page.locator(f"section#{section} h2").is_visible(), section
        chart = page.locator("#timeline svg.chart")
        assert chart.is_visible()
        assert chart.bounding_box()["height"] > 100
        assert page.locator("section#aar h3#overview").is_visible()
        assert HOSTILE in page.locator("h1#title").inner_text()
        assert HOSTILE in page.locator("section#msel").inner_text()


def _bottom(page: sync_api.Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


def test_report_objectives_are_on_the_first_screen(tmp_path):
    """On a 1366×768 screen the whole objectives table of the largest bundled scenario shows without scrolling."""
    with _opened(_bundled_report(tmp_path)) as page:
        objectives = len(api.load(str(ROOT / "scenarios" / "renewed_attack.yaml")).objectives)
        assert page.locator("#glance table.objectives tr").count() == 1 + objectives
        assert _bottom(page, "#glance table.objectives") <= SCREEN["height"]
        assert page.evaluate("window.scrollY") == 0


def test_report_prints_on_a4_with_no_text_below_7pt(tmp_path):
    """Printed to PDF, every page is A4 and no text, the timeline's included, is printed smaller than 7 pt."""
    with _opened(_bundled_report(tmp_path)) as page:
        pdf = page.pdf(format="A4")
    sizes = page_sizes(pdf)
    assert len(sizes) > 10
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes)
    assert min(text_sizes(pdf)) >= 7.0


def test_report_prints_the_timeline_a_component_at_a_time(tmp_path):
    """In print the wide chart gives way to the HTML timeline: one block per component, its text at least 7 pt."""
    with _opened(_bundled_report(tmp_path)) as page:
        assert not page.locator(".print-timeline").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("#timeline svg.chart").is_visible()
        blocks = page.locator(".print-timeline .gantt-page")
        components = _components()
        assert blocks.count() == len(components) > 1
        assert "Multinational force" in blocks.nth(components.index("multinational_force")).locator("h3").inner_text()
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('.print-timeline *')]
            .filter(e => e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
        assert smallest * 0.75 >= 7.0  # CSS px to points; the PDF test shows print applies no further scale


def test_sweep_page_opens_in_chromium_with_charts_variants_and_no_script(tmp_path):
    """sweep.html shows its three charts and a section per variant; hostile titles show as text and never run."""
    out = tmp_path / "out"
    args = ["sweep", str(hostile_sweep_scenario(tmp_path)), "--runs", "30", "--variants", "all", "--workers", "1"]
    assert main([*args, "-q", "--out", str(out)]) == 0
    with _opened(out / "sweep.html") as page:
        assert page.locator("section.variant h2").count() == 3
        for chart in ("ecdf", "box", "tornado"):
            svg = page.locator(f"#chart-{chart} svg.chart")
            assert svg.is_visible(), chart
            assert svg.bounding_box()["height"] > 100, chart
        assert HOSTILE in page.locator("h1#title").inner_text()
        assert HOSTILE in page.locator("#variant-1 h2").inner_text()
        cell = page.locator("#variant-0 table.dist td", has_text="assistance.completed").first
        assert page.evaluate("e => getComputedStyle(e.nextElementSibling).textAlign", cell.element_handle()) == "right"


def test_sweep_met_rate_table_is_on_the_first_screen(tmp_path):
    """sweep.html of the largest bundled scenario, every variant: the objectives × variants table fits 1366×768."""
    out = tmp_path / "sweep"
    args = ["sweep", str(ROOT / "scenarios" / "renewed_attack.yaml"), "--runs", "20", "--variants", "all",
            "--workers", "1", "--no-charts", "-q", "--out", str(out)]
    assert main(args) == 0
    with _opened(out / "sweep.html") as page:
        table = page.locator("#met table.met")
        variants = len(api.load(str(ROOT / "scenarios" / "renewed_attack.yaml")).scenario.variants)
        assert table.locator("tr").first.locator("th").count() == 1 + 1 + variants
        assert _bottom(page, "#met table.met") <= SCREEN["height"]


def test_compare_differences_are_on_the_first_screen(tmp_path):
    """compare.html of the largest bundled scenario opens with its differences: the table's head and first rows show."""
    out = tmp_path / "cmp"
    assert main(["compare", str(ROOT / "scenarios" / "renewed_attack.yaml"), "--no-charts", "-q",
                 "--out", str(out)]) == 0
    with _opened(out / "compare.html") as page:
        rows = page.locator("table.differences tr")
        assert rows.count() > 5
        box = rows.nth(5).bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= SCREEN["height"]
        assert "worse" in (rows.nth(1).get_attribute("class") or "")
