"""Every command that takes an output folder says the same when it cannot be one: a file
there is `X: is a file, expected a folder for the results`, a file above it is
`X: cannot create the folder: Y is a file`; exit 2 and the file untouched (one check,
``render.output.check_output_folder``)."""

from pathlib import Path

import pytest
from conftest import DATA

from engine.cli import main
from tests.play_helpers import play

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = str(DATA / "attack_day_ten.yaml")
EXERCISE = str(DATA / "forecast" / "forecast_exercise.yaml")
COMMANDS = {
    "run": ["run", SCENARIO, "-q"],
    "compare": ["compare", SCENARIO, "--runs", "2", "-q"],
    "sweep": ["sweep", SCENARIO, "--runs", "2", "-q"],
    "reports": ["reports", str(DATA / "reports_only")],
    "schema --write": ["schema", "--write"],
    "play": ["play", SCENARIO],
    "forecast": ["forecast", "JOURNAL", "--runs", "2", "--workers", "1", "-q"],
}


def command(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, out: Path) -> int:
    """Run command ``name`` with ``--out out``; its exit code."""
    argv = list(COMMANDS[name])
    if name == "reports":
        (tmp_path / "scenarios").mkdir()
        argv[1] = str(tmp_path / "scenarios")
    if name == "forecast":
        assert play(monkeypatch, ["next"], EXERCISE, "--out", str(tmp_path / "s")) == 0
        argv[1] = str(tmp_path / "s" / "journal.jsonl")
    if name == "play":
        return play(monkeypatch, ["end"], *argv[1:], "--out", str(out))
    return main([*argv, str(out)] if name == "schema --write" else [*argv, "--out", str(out)])


@pytest.mark.parametrize("name", COMMANDS)
def test_out_naming_a_file(name, tmp_path, monkeypatch, capsys):
    """`--out FILE`: exit 2, the same one line from every command, the file untouched."""
    taken = tmp_path / "taken"
    taken.write_text("mine\n")
    assert command(name, tmp_path, monkeypatch, taken) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"accord: error: {taken}: is a file, expected a folder for the results"
    assert taken.read_text() == "mine\n"


@pytest.mark.parametrize("name", COMMANDS)
def test_out_below_a_file(name, tmp_path, monkeypatch, capsys):
    """`--out FILE/sub`: exit 2, the same one line from every command, naming the file."""
    taken = tmp_path / "taken"
    taken.write_text("mine\n")
    assert command(name, tmp_path, monkeypatch, taken / "sub") == 2
    assert capsys.readouterr().err.splitlines()[-1] == (f"accord: error: {taken / 'sub'}: cannot create the folder: "
                                                         f"{taken} is a file")
    assert taken.read_text() == "mine\n"
