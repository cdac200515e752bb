"""report.html and sweep.html in a real browser (headless Chromium via Playwright): sections, charts, no script ran."""

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api  # the dev extra installs it; a missing package must fail, not skip

from engine import api
from engine.cli import main
from tests.hostile import HOSTILE, IMG, hostile_sweep_scenario

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it: apt-get install chromium)")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SECTIONS = ("overview", "msel", "timeline", "responses", "decisions", "objectives", "chains", "aar")


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


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[sync_api.Page]:
    """``path`` opened in headless Chromium; afterwards, no script may have run."""
    with sync_api.sync_playwright() as pw:
        # launch() gives the browser a fresh temporary profile (user-data-dir) of its own.
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS, chromium_sandbox=False)
        try:
            page = browser.new_page()
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
        assert HOSTILE in page.locator("h1#title").inner_text()
        assert HOSTILE in page.locator("section#msel").inner_text()


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
