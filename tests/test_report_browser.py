"""report.html in a real browser (headless Chromium via Playwright): sections, chart, no script ran."""

import shutil
from pathlib import Path

import pytest
from playwright import sync_api  # the dev extra installs it; a missing package must fail, not skip

from engine import api

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it: apt-get install chromium)")

HOSTILE = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=\"window.__pwned=2\">"
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


def test_report_opens_in_chromium_with_sections_chart_and_no_script(tmp_path):
    """Every section and the chart are shown; hostile text is visible as text and never runs."""
    report = _report(tmp_path)
    with sync_api.sync_playwright() as pw:
        # launch() gives the browser a fresh temporary profile (user-data-dir) of its own.
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS, chromium_sandbox=False)
        try:
            page = browser.new_page()
            page.goto(report.as_uri())
            for section in SECTIONS:
                assert page.locator(f"section#{section} h2").is_visible(), section
            chart = page.locator("#timeline svg.chart")
            assert chart.is_visible()
            assert chart.bounding_box()["height"] > 100
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.locator("script").count() == 0
            assert page.locator("img").count() == 0
            assert HOSTILE in page.locator("h1#title").inner_text()
            assert HOSTILE in page.locator("section#msel").inner_text()
        finally:
            browser.close()
