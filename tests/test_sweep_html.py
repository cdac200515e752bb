"""sweep.html: the sweep's numbers in one self-contained page, escaped, with inline SVG charts, deterministic."""

import json
import re
from pathlib import Path

import pytest

from engine.cli import main
from engine.simulate.timefmt import t_plus
from tests.conftest import DATA
from tests.hostile import DOLLARS, hostile_sweep_scenario

SCENARIO = str(DATA / "sweep_scenario.yaml")


def _sweep(scenario: str, out: Path, *extra: str) -> Path:
    args = ["sweep", scenario, "--runs", "60", "--variants", "all", "--workers", "1", "-q", "--out", str(out)]
    assert main([*args, *extra]) == 0
    return out


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 60-run sweep of the test scenario and its variants, with charts."""
    return _sweep(SCENARIO, tmp_path_factory.mktemp("sweep") / "out")


def _row(page: str, first_cell: str) -> str:
    """The table row whose first cell is ``first_cell``."""
    match = re.search(rf"<tr>(?:<td[^>]*>)?{re.escape(first_cell)}.*?</tr>", page, re.S)
    assert match, first_cell
    return match.group(0)


def test_page_shows_milestones_met_rates_and_decisions_of_sweep_json(swept: Path) -> None:
    """A milestone's percentiles, an objective's met-rate and a decision's share from sweep.json are on the page."""
    doc = json.loads((swept / "sweep.json").read_text(encoding="utf-8"))
    page = (swept / "sweep.html").read_text(encoding="utf-8")
    base = doc["variants"][0]
    m = base["milestones"]["assistance.completed"]
    row = _row(page, "<code>assistance.completed</code>")
    assert f"<td>{m['reached_pct']:.1f}%</td>" in row
    for key in ("mean", "p5", "p50", "p95", "min", "max"):
        assert f"<td>{t_plus(m[key])}</td>" in row, key
    assert f"{100 * base['objectives']['OBJ-7d']['met_rate']:.1f}%" in _row(page, "OBJ-7d")
    share = base["decisions"]["attribution"]["adversary"]["share"]
    assert f'<td class="num">{100 * share:.1f}%</td>' in _row(page, "attribution")


def test_page_has_a_section_per_variant_and_inline_svg_charts(swept: Path) -> None:
    """Each variant has its section; the charts are inline SVG, with no script, image or external resource."""
    page = (swept / "sweep.html").read_text(encoding="utf-8")
    for i, name in enumerate(("base", "slow_vote", "no_vote")):
        assert re.search(rf'<section id="variant-{i}" class="variant">\n<h2>{name}\b', page), name
    assert page.count('<svg role="img"') == 3
    assert "How to read" in page
    assert not re.search(r"<script|<img|<link|https?://(?!www\.w3\.org|purl\.org|creativecommons\.org)", page)


def test_two_renders_are_byte_identical(swept: Path, tmp_path: Path) -> None:
    """The same sweep rendered again gives the same sweep.html, charts included."""
    again = _sweep(SCENARIO, tmp_path / "again")
    assert (again / "sweep.html").read_bytes() == (swept / "sweep.html").read_bytes()


def test_no_charts_page_says_so(tmp_path: Path) -> None:
    """With --no-charts the page is still written, without SVG, and says the charts were not drawn."""
    page = (_sweep(SCENARIO, tmp_path / "o", "--no-charts") / "sweep.html").read_text(encoding="utf-8")
    assert "<svg" not in page
    assert "Charts not drawn" in page


def test_markup_in_titles_and_step_names_is_escaped(tmp_path: Path) -> None:
    """Markup in the scenario, variant and response titles and a step's name shows as text, never as tags."""
    page = (_sweep(str(hostile_sweep_scenario(tmp_path)), tmp_path / "o") / "sweep.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert page.count("&lt;img src=x onerror=") >= 4
    tornado = page[page.index('<figure id="chart-tornado">'):]
    assert f"{DOLLARS}</text>" in tornado[:tornado.index("</figure>")]  # drawn as text, not as math

