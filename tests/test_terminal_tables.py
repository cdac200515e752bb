"""Terminal summaries of sweep and compare at 80 and 120 columns: nothing wider than the
screen, every name whole, what an analyst asks first printed first, one-sided counts in words."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.cli import main
from engine.cli.columns import Column, Grid, matrix_lines, table_lines

ROOT = Path(__file__).resolve().parents[1]
ATTACK = str(ROOT / "scenarios" / "renewed_attack.yaml")
HOLDS = str(ROOT / "scenarios" / "ceasefire_holds.yaml")
Swept = tuple[list[str], dict[str, Any]]


def _printed(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [x for x in capsys.readouterr().out.splitlines() if not x.startswith("wrote ")]


def _names(lines: list[str]) -> set[str]:
    """Every whitespace-separated word printed (a milestone name is one word)."""
    return {word for line in lines for word in line.split()}


@pytest.fixture(scope="module")
def sweep80(tmp_path_factory: pytest.TempPathFactory) -> Swept:
    """renewed_attack swept with every variant at 80 columns: the lines printed and sweep.json."""
    out = tmp_path_factory.mktemp("sweep")
    with pytest.MonkeyPatch.context() as mp, _Capture() as cap:
        mp.setenv("COLUMNS", "80")
        assert main(["sweep", ATTACK, "--runs", "20", "--variants", "all", "--workers", "1", "--no-charts",
                     "--out", str(out)]) == 0
    return [x for x in cap.text.splitlines() if not x.startswith("wrote ")], \
        json.loads((out / "sweep.json").read_text(encoding="utf-8"))


class _Capture:
    """Standard output captured outside a function-scoped capsys (for a module fixture)."""

    def __enter__(self) -> "_Capture":
        import contextlib  # noqa: PLC0415
        import io  # noqa: PLC0415

        self.buffer = io.StringIO()
        self.redirect = contextlib.redirect_stdout(self.buffer)
        self.redirect.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.redirect.__exit__(None, None, None)
        self.text = self.buffer.getvalue()


def test_sweep_at_80_columns_fits_the_screen(sweep80: Swept) -> None:
    """No line of the sweep's summary is wider than 80 columns."""
    lines, _ = sweep80
    assert max(len(x) for x in lines) <= 80


def test_sweep_at_80_columns_names_every_key_milestone_whole(sweep80: Swept) -> None:
    """Every key milestone of the base is printed whole (never `monito…let…`)."""
    lines, doc = sweep80
    keys = doc["variants"][0]["key_milestones"]
    assert len(keys) > 50
    assert set(keys) <= _names(lines)
    assert not any("…" in word and not re.fullmatch(r"[+−±0-9dhm]*…[+−±0-9dhm]*|p10…p90[:,]?", word)
                   for word in _names(lines))


def test_sweep_prints_each_objectives_met_rate_with_its_interval(sweep80: Swept) -> None:
    """OBJ-6's met-rate in eu_veto (0 of 20) and in the base appear with their 95% intervals, its title whole."""
    lines, doc = sweep80
    base = doc["variants"][0]["objectives"]["OBJ-6"]
    low, high = (100 * x for x in base["met_ci95"])
    row = next(x for x in lines if x.startswith("OBJ-6 ") and "(" in x)
    assert f"{100 * base['met_rate']:.1f}% ({low:.1f}–{high:.1f}%)" in row
    assert "0.0% (0.0–16.1%)" in " ".join(x for x in lines if x.startswith("OBJ-6 "))
    assert "OBJ-6  Additional EU sanctions package adopted on the fast track within 7 days" in lines


def test_sweep_leads_with_objectives_then_moves_then_milestones(sweep80: Swept) -> None:
    """The summary's sections come in the order an analyst asks: objectives met, moves, key milestones."""
    lines, _ = sweep80
    order = [next(i for i, x in enumerate(lines) if x.startswith(head))
             for head in ("Objectives met", "Moves from the base", "Key milestones")]
    assert order == sorted(order)


def test_sweep_says_one_sided_moves_in_words(sweep80: Swept) -> None:
    """eu_veto never completes the urgent sanctions: its row says in how many pairs only the base reached it."""
    lines, doc = sweep80
    p = next(v for v in doc["variants"] if v["variant"] == "eu_veto")["paired"]["eu_sanctions_urgent.completed"]
    start = lines.index(next(x for x in lines if x.startswith("eu_veto: ")))
    at = start + next(i for i, x in enumerate(lines[start:]) if x.startswith("eu_sanctions_urgent.completed"))
    figures = " ".join(lines[at:at + 2])
    assert f"reached in base only: {p['base_only']}" in figures
    assert f"{p['moved']}/{p['pairs']}" in figures


def test_sweep_says_where_every_variants_milestones_are(sweep80: Swept) -> None:
    """By default only the base's key milestones are printed, and the summary says where the rest is."""
    lines, _ = sweep80
    assert [x for x in lines if x.startswith("Key milestones")] == [
        next(x for x in lines if x.startswith("Key milestones of base"))]
    assert "sweep.md" in " ".join(lines[-3:])
    assert "--all" in " ".join(lines[-3:])


def test_sweep_all_prints_each_variants_key_milestones(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """sweep --all prints a key-milestone table per variant."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["sweep", ATTACK, "--runs", "3", "--variants", "eu_veto,mnf_pauses", "--workers", "1", "--all",
                 "--no-charts", "--out", str(tmp_path)]) == 0
    heads = [x.split(":")[0] for x in _printed(capsys) if x.startswith("Key milestones")]
    assert heads == ["Key milestones of base", "Key milestones of eu_veto", "Key milestones of mnf_pauses"]


def test_paired_compare_at_80_columns_names_rows_whole_and_explains_one_side(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """compare --runs at 80 columns: within the width, every moved milestone whole, the one-sided
    count of eu_veto's failed fast track in words, and a legend for the median."""
    monkeypatch.setenv("COLUMNS", "80")
    out = tmp_path / "c"
    assert main(["compare", ATTACK, "--runs", "20", "--workers", "1", "--no-charts", "--out", str(out)]) == 0
    lines = _printed(capsys)
    assert max(len(x) for x in lines) <= 80
    doc = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    moved = {m["milestone"] for m in doc["milestones"] if any((c.get("paired") or {}).get("moved")
                                                              for c in m["values"].values())}
    assert moved
    assert moved <= _names(lines)
    start = lines.index(next(x for x in lines if x.startswith("eu_veto: ")))
    at = start + next(i for i, x in enumerate(lines[start:]) if x == "eu_sanctions_urgent.failed"
                      or x.startswith("eu_sanctions_urgent.failed "))
    assert re.search(r"/20 +reached in variant only: \d+", " ".join(lines[at:at + 2]))
    assert any("over the pairs that reached it on both sides" in x for x in lines)


def test_compare_of_two_scenarios_at_80_columns_keeps_titles_and_change(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Two scenarios at 80 columns: objective titles whole, the change of each row shown, the
    base's column left out with a note saying so. (The two scenarios' objectives of one id are
    different objectives: each keeps its own row, docs/reference.md, compare.)"""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["compare", ATTACK, HOLDS, "--runs", "5", "--workers", "1", "--no-charts",
                 "--out", str(tmp_path / "c")]) == 0
    lines = _printed(capsys)
    assert max(len(x) for x in lines) <= 80
    # each scenario defines its own OBJ-4: ceasefire_holds's keeps its title (whole, over two lines)
    text = " ".join(x.strip() for x in lines)
    assert "OBJ-4 (ceasefire_holds): MNF land component at initial operating capability within 30 days of the order" in text
    head = next(x for x in lines if x.startswith("Milestone "))
    assert head.split() == ["Milestone", "ceasefire_holds", "Change"]
    assert any(x.startswith("Left out at 80 columns: renewed_attack") for x in lines)
    assert sum(x.endswith(("not reached", " pts")) for x in lines) > 10


def test_compare_of_two_scenarios_at_120_columns_shows_the_base(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """At 120 columns the base's column has room and is shown; nothing is left out."""
    monkeypatch.setenv("COLUMNS", "120")
    assert main(["compare", ATTACK, HOLDS, "--runs", "5", "--workers", "1", "--no-charts",
                 "--out", str(tmp_path / "c")]) == 0
    lines = _printed(capsys)
    assert max(len(x) for x in lines) <= 120
    assert next(x for x in lines if x.startswith("Milestone ")).split() == [
        "Milestone", "renewed_attack", "ceasefire_holds", "Change"]
    assert not any(x.startswith("Left out") for x in lines)


def test_compare_all_splits_variant_columns_into_blocks(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """compare --all at 80 columns: the seven columns come in blocks, each within the width, every column once."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["compare", ATTACK, "--all", "--no-charts", "--out", str(tmp_path / "c")]) == 0
    lines = _printed(capsys)
    assert max(len(x) for x in lines) <= 80
    heads = [x.split()[1:] for x in lines if x.startswith("Milestone ")]
    assert len(heads) > 1
    assert [h for block in heads for h in block] == ["base", "slow_unanimity", "eu_veto", "depleted_depots", "without_military",
                              "mnf_pauses", "ceasefire_restored"]


def test_a_name_too_long_for_its_column_goes_on_its_own_line() -> None:
    """The long name is printed whole on a line of its own, its figures on the next line under their heading."""
    grid = Grid("Milestone", [Column("Median", right=True)], [("a", ["+1d"]), ("x" * 15, ["+2d"])])
    lines, dropped = table_lines(grid, 20)
    assert lines[0] == "Milestone  Median"
    assert lines[2].split() == ["a", "+1d"]
    assert lines[3:] == ["x" * 15, " " * 14 + "+2d"]
    assert all(len(x) <= 20 for x in lines)
    assert not dropped


def test_an_optional_column_is_left_out_before_the_figures_overflow() -> None:
    """When the fixed columns leave too little room for names, the optional column goes and is reported."""
    grid = Grid("Name", [Column("Keep" + "k" * 20), Column("Spare" + "s" * 20, optional=True)],
                [("name", ["1", "2"])])
    lines, dropped = table_lines(grid, 40)
    assert dropped == ["Spare" + "s" * 20]
    assert all(len(x) <= 40 for x in lines)


def test_a_wide_matrix_comes_in_blocks_that_fit() -> None:
    """Ten 15-wide columns at 80 columns: blocks within the width, each column once, names in every block."""
    heads = [f"variant_{i:02d}_long" for i in range(10)]
    grid = Grid("Objective", [Column(h) for h in heads], [("OBJ-1", ["x"] * 10), ("OBJ-2", ["y"] * 10)])
    lines = matrix_lines(grid, 80)
    assert all(len(x) <= 80 for x in lines)
    assert [w for x in lines if x.startswith("Objective") for w in x.split()[1:]] == heads
    assert sum(x.startswith("OBJ-1") for x in lines) == sum(x.startswith("Objective") for x in lines) > 1


def test_sweep_per_run_to_stdout_prints_the_summary_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """With --per-run -, standard output is the CSV alone and the summary goes to standard error (as --help says)."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["sweep", ATTACK, "--runs", "3", "--workers", "1", "--per-run", "-", "--no-charts",
                 "--out", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("\ufeffvariant,replication,seed,")  # accord's CSV dialect: a BOM first
    assert "Objectives met" not in out
    assert "Objectives met" in err
    assert "Key milestones" in err


def test_figures_too_wide_for_the_screen_become_heading_value_lines() -> None:
    """When even the fixed figures do not fit side by side, each row is its name and `heading: value` lines."""
    grid = Grid("Milestone", [Column("Median"), Column("On one side only")],
                [("mandate.failed", ["not reached", "reached in base only: 10"]), ("aid.completed", ["+1d", ""])])
    lines, _ = table_lines(grid, 30)
    assert lines == ["mandate.failed", "  Median: not reached", "  On one side only: reached in",
                     "    base only: 10", "aid.completed", "  Median: +1d"]
