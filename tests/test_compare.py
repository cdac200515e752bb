"""accord compare: base and variants side by side, differences from the base, outputs."""

import csv
import io
import json
from pathlib import Path

import pytest

from engine import api
from engine.cli import main
from engine.read.durations import parse_hours
from tests.conftest import DATA
from tests.hostile import hostile_sweep_scenario

EXAMPLE = str(DATA / "attack_day_ten.yaml")
SAMPLED = str(DATA / "sweep_scenario.yaml")


def _compare(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "cmp"
    assert main(["compare", *args, "--out", str(out), "-q", "--no-charts"]) == 0
    return json.loads((out / "compare.json").read_text())


def _row(doc: dict, name: str) -> dict:
    return next(r for r in doc["milestones"] if r["milestone"] == name)["values"]


def test_nominal_difference_equals_the_overridden_duration(tmp_path: Path) -> None:
    """slow_parliament completes later than the base by (3w − 1d), the vote's two durations."""
    doc = _compare(tmp_path, EXAMPLE)
    completed = _row(doc, "collective_defence.completed")
    expected = parse_hours("3w") - parse_hours("1d")
    assert completed["slow_parliament"]["diff_h"] == expected
    assert completed["slow_parliament"]["t"] - completed["base"]["t"] == expected


def test_objectives_met_and_missed_per_column(tmp_path: Path) -> None:
    """Each column shows its objective status from its own nominal run."""
    doc = _compare(tmp_path, EXAMPLE)
    statuses = {c: api.play(api.load(EXAMPLE, None if c == "base" else c), nominal=True).objectives[0].status
                for c in ("base", "slow_parliament")}
    assert doc["objectives"][0]["values"] == {c: {"status": s} for c, s in statuses.items()}


def test_sampled_comparison_gives_median_and_range(tmp_path: Path) -> None:
    """With --runs > 1 each cell is the median with p10 and p90: those of a sweep of the same runs."""
    doc = _compare(tmp_path, SAMPLED, "--runs", "40", "--variants", "slow_vote", "--workers", "1")
    assert [c["id"] for c in doc["columns"]] == ["base", "slow_vote"]
    sweep_out = tmp_path / "sweep"
    assert main(["sweep", SAMPLED, "--runs", "40", "--variants", "slow_vote", "--workers", "1",
                 "--out", str(sweep_out), "-q", "--no-charts"]) == 0
    swept = {v["variant"] or "base": v["milestones"]["assistance.authorized_all"]
             for v in json.loads((sweep_out / "sweep.json").read_text())["variants"]}
    for column, cell in _row(doc, "assistance.authorized_all").items():
        stats = swept[column]
        assert (cell["t"], cell["p10"], cell["p90"]) == (stats["p50"], stats["p10"], stats["p90"])
        assert stats["p10"] < stats["p50"] < stats["p90"]  # a real spread: the three are told apart
        assert cell["diff_h"] == round(cell["t"] - swept["base"]["p50"], 6)


def test_several_scenarios_are_columns(tmp_path: Path) -> None:
    """Two scenario files compare their bases, one column each, named by scenario."""
    doc = _compare(tmp_path, EXAMPLE, SAMPLED)
    assert [c["id"] for c in doc["columns"]] == ["attack_day_ten", "sweep_test"]


def test_compare_writes_every_format(tmp_path: Path) -> None:
    """compare writes JSON, Markdown, CSV, HTML and the two charts."""
    out = tmp_path / "all"
    assert main(["compare", EXAMPLE, "--out", str(out), "-q"]) == 0
    names = {p.name for p in out.iterdir()}
    assert names == {"compare.json", "compare.md", "compare.csv", "compare.html", "timelines.png", "milestones.png"}
    rows = list(csv.DictReader(io.StringIO((out / "compare.csv").read_text(encoding="utf-8-sig"))))
    assert {r["column"] for r in rows} == {"base", "slow_parliament"}
    assert (out / "timelines.png").read_bytes().startswith(b"\x89PNG")


def test_compare_html_inlines_its_charts_as_svg(tmp_path: Path) -> None:
    """compare.html holds both charts as inline SVG and refers to no image or other file."""
    out = tmp_path / "html"
    assert main(["compare", EXAMPLE, "--out", str(out), "-q"]) == 0
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert page.count('<svg role="img"') == 2
    assert "<img" not in page
    assert "src=" not in page


def test_compare_html_escapes_titles(tmp_path: Path) -> None:
    """Markup in scenario and variant titles shows as text in compare.html, never as tags."""
    out = tmp_path / "hostile"
    assert main(["compare", str(hostile_sweep_scenario(tmp_path)), "--out", str(out), "-q", "--no-charts"]) == 0
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert page.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;") == 2


def test_compare_unknown_variant_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown variant name is a usage error (exit 2) with a did-you-mean."""
    assert main(["compare", EXAMPLE, "--variants", "slow_parlament"]) == 2
    assert "did you mean 'slow_parliament'" in capsys.readouterr().err


def test_differences_list_only_what_changed_largest_first(tmp_path: Path) -> None:
    """compare.md's differences: only cells that differ from the base, the objective first, then by size."""
    from engine.render.compare_diff import diff_rows  # noqa: PLC0415 - the renderer's view of the document

    doc = _compare(tmp_path, EXAMPLE)
    rows = diff_rows(doc)
    assert rows
    assert all(r.column == "slow_parliament" for r in rows)
    changed = {r.row for r in rows}
    for r in doc["milestones"]:
        cells = r["values"]
        assert (r["milestone"] in changed) == (cells["base"]["t"] != cells["slow_parliament"]["t"])
    sizes = [e["size"] for e in _entries(doc) if "milestone" in e]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == parse_hours("3w") - parse_hours("1d")  # reached in both, later in the variant
    text = (tmp_path / "cmp" / "compare.md").read_text(encoding="utf-8")
    assert text.index("## Differences from base") < text.index("## Every milestone and objective")


def _entries(doc: dict) -> list[dict]:
    from engine.analyse.differences import differences  # noqa: PLC0415

    d = differences(doc)
    return d["objectives"] + d["milestones"]


def test_terminal_shows_differences_only_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """compare prints the differences (one row per changed cell) at 80 columns; --all prints every row."""
    monkeypatch.setenv("COLUMNS", "80")
    out = str(tmp_path / "cmp")
    assert main(["compare", EXAMPLE, "--out", out, "--no-charts"]) == 0
    short = capsys.readouterr().out
    assert "cells differ from base" in short
    assert all(len(line) <= 80 for line in short.splitlines() if not line.startswith("wrote "))
    assert main(["compare", EXAMPLE, "--out", out, "--no-charts", "--all"]) == 0
    every = capsys.readouterr().out
    assert len(every.splitlines()) > len(short.splitlines())
    assert "collective_defence.started" in every
    assert "collective_defence.started" not in short  # the same in both columns


def test_compare_html_highlights_the_differences(tmp_path: Path) -> None:
    """compare.html opens with the differences, each row coloured worse (later) or better."""
    out = tmp_path / "cmp"
    assert main(["compare", EXAMPLE, "--out", str(out), "-q", "--no-charts"]) == 0
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert page.index('id="differences"') < page.index('id="all"')
    assert '<tr class="worse"><td>collective_defence.completed</td>' in page
