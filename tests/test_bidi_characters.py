"""Texts hold no bidirectional formatting characters (U+202A-U+202E embeddings and overrides,
U+2066-U+2069 isolates): they reorder what a terminal or a report shows, so that it reads
otherwise than the file ("Trojan Source"). Refused wherever control characters are: YAML
text, spreadsheet cells, journal texts, facilitator commands; the marks LRM, RLM and ALM
stay allowed. The error names the character and never prints it raw."""

import json
import shutil
from pathlib import Path

import pytest
from msel_helpers import PACK, hseep_rows, write_csv
from play_helpers import DATA, play

from engine.cli import main

BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
MARKS = [0x200E, 0x200F, 0x061C]
SCENARIO = "scenario: x\ntitle: {title}\nrules: [pack.yaml]\nuntil: 1d\n"
RLO = "\u202e"


def scenario(tmp_path: Path, title: str) -> Path:
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(title=title), encoding="utf-8")
    return path


@pytest.mark.parametrize("code", BIDI, ids=[f"U+{c:04X}" for c in BIDI])
def test_an_escaped_bidi_character_is_an_error_at_its_text(tmp_path, capsys, code):
    """`title: "a\\u202eb"`: exit 2 at the string, naming the character."""
    path = scenario(tmp_path, f'"a\\u{code:04x}b"')
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2:8: error: text holds the bidirectional formatting character U+{code:04X}" in err
    assert chr(code) not in err


def test_a_raw_bidi_character_in_plain_text_is_an_error(tmp_path, capsys):
    """Written raw (no escape, no quotes), it is refused all the same, at its text."""
    path = scenario(tmp_path, f"Renewed {RLO} attack")
    assert main(["validate", str(path)]) == 2
    assert f"{path}:2:8: error: text holds the bidirectional formatting character U+202E" in capsys.readouterr().err


def test_a_bidi_character_in_a_key_is_an_error_at_the_key(tmp_path, capsys):
    """A free-form key (under meta:) with one is refused at the key."""
    path = scenario(tmp_path, "t")
    path.write_text(path.read_text(encoding="utf-8") + f"meta:\n  a{RLO}b: 1\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert f"{path}:6:3: error: text holds the bidirectional formatting character U+202E" in capsys.readouterr().err


@pytest.mark.parametrize("code", MARKS, ids=[f"U+{c:04X}" for c in MARKS])
def test_direction_marks_stay_allowed(tmp_path, capsys, code):
    """LRM, RLM and ALM (marks, not embeddings) are valid text."""
    path = scenario(tmp_path, f"Renewed {chr(code)} attack")
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()


def test_a_run_with_one_writes_nothing(tmp_path, capsys):
    """`accord run` refuses the scenario before playing: exit 2, no output folder."""
    path = scenario(tmp_path, f"Renewed {RLO} attack")
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
    assert RLO not in capsys.readouterr().out


def test_a_spreadsheet_cell_with_one_is_an_error_at_the_cell(tmp_path, capsys):
    """An MSEL cell holding U+202E: exit 2 at the cell, nothing written."""
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    sheet = write_csv(tmp_path / "msel.csv", hseep_rows(["1", "T+0", "Inject", "", "Press", "All", f"A {RLO}flash."]))
    out = tmp_path / "s.yaml"
    assert main(["msel", "import", sheet, "--profile", "hseep", "--pack", str(tmp_path / "pack.yaml"),
                 "--out", str(out)]) == 2
    assert ":G2: error: the cell holds the bidirectional formatting character U+202E" in capsys.readouterr().err
    assert not out.exists()


def test_a_facilitator_command_with_one_is_refused(tmp_path, monkeypatch, capsys):
    """`say` with U+202E: refused (exit 2 at the end of the script, shown escaped), not journaled."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["next", f"say a{RLO}b", "end"], str(DATA / "play_exercise.yaml"), "--out", str(out)) == 2
    shown = capsys.readouterr().err
    assert "holds the bidirectional formatting character U+202E" in shown
    assert RLO not in shown
    commands = [json.loads(x)["cmd"] for x in (out / "journal.jsonl").read_text().splitlines()[1:]]
    assert commands == ["next", "end"]


def test_a_journal_text_with_one_is_an_error_at_its_line(tmp_path, monkeypatch, capsys):
    """A hand-edited journal whose command text holds U+202E: exit 2 at that line."""
    for name in ("play_exercise.yaml", "play_pack.yaml", "mutual_defence.yaml"):
        shutil.copy(DATA / name, tmp_path)
    journal = tmp_path / "s.jsonl"
    assert play(monkeypatch, ["next", "note hello"], str(tmp_path / "play_exercise.yaml"), "--journal", str(journal),
                "--out", str(tmp_path / "out")) == 0
    lines = journal.read_text(encoding="utf-8").splitlines()
    lines[2] = json.dumps({**json.loads(lines[2]), "cmd": f"note a{RLO}b"})
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert play(monkeypatch, [], "--resume", str(journal)) == 2
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.startswith(f"{journal}:3:")
    assert "bidirectional formatting character U+202E" in err
