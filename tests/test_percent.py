"""Percentages shown to people have one decimal, from one formatter (``render/percent.py``);
the JSON keeps exact values. attack_day_ten's sweeps of 3 runs reach milestones in 33.333%
and 66.667% of runs, the figures that were printed so beside "90.7%"."""

import json
import re
from pathlib import Path

import pytest
from conftest import DATA

from engine.cli import main
from engine.render.percent import interval_pct, pct, share_pct

SCENARIO = str(DATA / "attack_day_ten.yaml")
TOO_PRECISE = re.compile(r"\d\.\d{2,}%")  # 66.667%, 33.33%


@pytest.mark.parametrize(("percent", "text"), [(66.667, "66.7%"), (33.333, "33.3%"), (0, "0.0%"), (100, "100.0%"),
                                               (90.0, "90.0%")])
def test_one_decimal(percent, text):
    """A percentage has exactly one decimal."""
    assert pct(percent) == text


@pytest.mark.parametrize(("percent", "text"), [(0.02, "<0.1%"), (99.96, ">99.9%")])
def test_never_rounded_to_none_or_all(percent, text):
    """A few runs are never '0.0%', all but a few never '100.0%'."""
    assert pct(percent) == text


def test_a_share_is_a_percentage():
    """Shares (0 to 1) and intervals of shares format as percentages."""
    assert (share_pct(0.906667), interval_pct(0.851, 0.8924)) == ("90.7%", "85.1–89.2%")


def test_sweep_terminal_and_files_show_one_decimal(tmp_path, capsys):
    """`accord sweep`'s table, sweep.md and sweep.html show 66.7%, never 66.667%."""
    out = tmp_path / "sw"
    assert main(["sweep", SCENARIO, "--runs", "3", "--no-charts", "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "33.3%" in shown
    for text in (shown, (out / "sweep.md").read_text(), (out / "sweep.html").read_text()):
        assert TOO_PRECISE.findall(text) == []
    reached = {m["reached_pct"] for m in json.loads((out / "sweep.json").read_text())["variants"][0]["milestones"].values()
               if m}
    assert 66.667 in reached  # the document keeps the exact value


def test_compare_terminal_and_files_show_one_decimal(tmp_path, capsys):
    """`accord compare --runs 3 --all`'s table, compare.md and compare.html: one decimal."""
    out = tmp_path / "c"
    assert main(["compare", SCENARIO, "--runs", "3", "--all", "--no-charts", "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "66.7%" in (out / "compare.md").read_text()
    for text in (shown, (out / "compare.md").read_text(), (out / "compare.html").read_text()):
        assert TOO_PRECISE.findall(text) == []


def test_no_renderer_formats_a_percentage_itself():
    """No module but render/percent.py writes a figure followed by % (f"{x:.1f}%", f"{x:.0%}",
    a template's '%.1f' % x); the confidence level (95%) is a name, and CSS lengths are layout."""
    engine = Path(__file__).resolve().parents[1] / "engine"
    own = {".py": re.compile(r"\}%|:\.?\d*%\}"), ".j2": re.compile(r"'%\.\df' %")}
    found = [f"{p.relative_to(engine)}:{i}" for p in [*engine.rglob("*.py"), *engine.rglob("*.j2")]
             if p.name != "percent.py" for i, line in enumerate(p.read_text().splitlines(), 1)
             if own[p.suffix].search(line) and "CONFIDENCE" not in line]
    assert found == []
