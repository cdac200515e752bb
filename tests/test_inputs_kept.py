"""No command writes over one of its own inputs: an output path that is a file the command
read is refused (exit 2, the input untouched), whatever the writer. ``accord msel drill.yaml
--out drill.yaml`` once replaced the scenario with its MSEL, exit 0."""

import shutil
from pathlib import Path

import pytest
from conftest import DATA
from msel_helpers import PACK, hseep_rows, write_csv, write_xlsx

from engine.cli import main


@pytest.fixture
def exercise(tmp_path: Path) -> Path:
    """A scenario and its pack, copied into tmp_path."""
    for name in ("attack_day_ten.yaml", "mutual_defence.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path / "attack_day_ten.yaml"


def refused(argv: list[str], kept: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = kept.read_bytes()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{kept}: is one of this command's inputs" in err
    assert "Traceback" not in err
    assert kept.read_bytes() == before


def test_msel_export_over_its_scenario(exercise: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(["msel", str(exercise), "--out", str(exercise)], exercise, capsys)


def test_msel_export_over_its_pack(exercise: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = exercise.parent / "mutual_defence.yaml"
    refused(["msel", str(exercise), "--out", str(pack)], pack, capsys)


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_msel_import_over_its_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str], writer) -> None:
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    name = "msel.csv" if writer is write_csv else "msel.xlsx"
    sheet = Path(writer(tmp_path / name, hseep_rows(["1", "T+0", "Inject", "", "Press", "All", "A news flash."])))
    refused(["msel", "import", str(sheet), "--profile", "hseep", "--pack", str(tmp_path / "pack.yaml"),
             "--out", str(sheet)], sheet, capsys)


def test_sweep_per_run_over_its_scenario(exercise: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(["sweep", str(exercise), "--runs", "3", "--no-charts", "-q", "--out", str(exercise.parent / "out"),
             "--per-run", str(exercise)], exercise, capsys)


def test_new_scenario_over_its_pack(exercise: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = exercise.parent / "mutual_defence.yaml"
    refused(["new", "scenario", "x", "--pack", str(pack), "--out", str(pack), "--force"], pack, capsys)


def test_a_file_read_by_an_earlier_command_is_not_an_input_of_the_next(
        exercise: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """In one process (tests, accord serve), each command's inputs are its own: the MSEL that
    an import read may be written over by a later export."""
    msel = tmp_path / "msel.csv"
    assert main(["msel", str(exercise), "--profile", "hseep", "--out", str(msel)]) == 0
    assert main(["msel", "import", str(msel), "--profile", "hseep", "--base", str(exercise),
                 "--out", str(tmp_path / "back.yaml")]) == 0
    assert main(["msel", str(exercise), "--profile", "hseep", "--out", str(msel)]) == 0  # msel.csv was the import's input, not this one's
    capsys.readouterr()


def test_schema_modeline_still_edits_the_files_it_is_given(exercise: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The one command whose job is to rewrite its inputs (rewrite_file) keeps doing it."""
    assert main(["schema", "--write", str(exercise.parent / "docs" / "schema")]) == 0
    assert main(["schema", "--modeline", str(exercise)]) == 0
    assert exercise.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    capsys.readouterr()


@pytest.mark.parametrize("command", ["run", "sweep", "compare", "play"])
def test_a_seed_beyond_2_53_is_a_usage_error(command: str, exercise: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--seed beyond ±2^53 would not read back the same from results.json: exit 2 before any work."""
    with pytest.raises(SystemExit) as info:
        main([command, str(exercise), "--seed", str(2**53 + 1)])
    assert info.value.code == 2
    assert "--seed" in capsys.readouterr().err


def test_a_scenario_seed_beyond_2_53_is_an_error_at_its_line(exercise: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = exercise.read_text(encoding="utf-8")
    exercise.write_text(text.replace("seed: ", f"seed: {2**60}  # ", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(exercise.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("seed:"))
    assert main(["validate", str(exercise)]) == 2
    assert f"{exercise}:{line}:7: error: a seed is a whole number within ±2^53" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["sweep.json", "./sweep.md"])
def test_two_outputs_of_one_command_are_never_one_file(exercise: Path, tmp_path: Path, name: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """--per-run at one of the sweep's own files (any spelling) is refused before the runs: it
    once wrote the per-run CSV over sweep.json with exit 0."""
    out = tmp_path / "sw"
    code = main(["sweep", str(exercise), "--runs", "3", "--no-charts", "-q", "--out", str(out),
                 "--per-run", f"{out}/{name}"])
    assert code == 2
    assert "another file this command writes" in capsys.readouterr().err
    assert not out.exists()
