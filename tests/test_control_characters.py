"""Texts hold no control characters (issue 13's hostile input): a terminal would act on an
escape sequence when accord shows the text (clear the screen, retitle the window, ring)."""

from pathlib import Path

import pytest
from msel_helpers import PACK, hseep_rows, write_csv

from engine.cli import main

SCENARIO = 'scenario: x\ntitle: "{title}"\nrules: [pack.yaml]\nuntil: 1d\n'


def scenario(tmp_path: Path, title: str) -> Path:
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.format(title=title), encoding="utf-8")
    return path


@pytest.mark.parametrize("escape", ["\\e[2J", "\\u001b", "\\a", "\\x07", "\\x9b", "\\x7f", "\\0"])
def test_an_escaped_control_character_is_an_error_at_its_text(tmp_path, capsys, escape):
    path = scenario(tmp_path, f"X{escape}Y")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2:8: error: text holds the control character U+" in err


def test_tab_and_newline_stay_allowed(tmp_path, capsys):
    path = scenario(tmp_path, "a\\tb\\nc")
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()


def test_a_spreadsheet_cell_with_an_escape_sequence_is_an_error_at_the_cell(tmp_path, capsys):
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    sheet = write_csv(tmp_path / "msel.csv", hseep_rows(["1", "T+0", "Inject", "", "Press", "All", "A \x1b[2Jflash."]))
    out = tmp_path / "s.yaml"
    assert main(["msel", "import", sheet, "--profile", "hseep", "--pack", str(tmp_path / "pack.yaml"),
                 "--out", str(out)]) == 2
    assert ":G2: error: the cell holds the control character U+001B" in capsys.readouterr().err
    assert not out.exists()


def test_a_time_cell_with_an_escape_is_one_problem_shown_escaped(tmp_path, capsys):
    """A field read twice by the importer (the time) is one problem at its cell, and the error
    quotes the cell with the control character escaped (a raw BEL would ring the terminal)."""
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    sheet = write_csv(tmp_path / "msel.csv", hseep_rows(["1", "T+0\x07", "Inject", "", "Press", "All", "Flash."]))
    assert main(["msel", "import", sheet, "--profile", "hseep", "--pack", str(tmp_path / "pack.yaml"),
                 "--out", str(tmp_path / "s.yaml")]) == 2
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if ":B2: error:" in line]) == 1
    assert "\x07" not in err
    assert "\\x07" in err


def test_a_quoted_key_with_an_escape_is_an_error_at_the_key(tmp_path, capsys):
    path = scenario(tmp_path, "t")
    path.write_text(path.read_text(encoding="utf-8") + '"X\\e[2JY": 1\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:5:1: error: text holds the control character U+001B" in err
    assert "\x1b" not in err


def test_a_header_cell_with_an_escape_is_an_error_at_the_cell(tmp_path, capsys):
    """An unknown column's header becomes a key of the written scenario: refused at its cell."""
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    rows = hseep_rows(["1", "T+0", "Inject", "", "Press", "All", "Flash."])
    rows[0] = [*rows[0], "Odd\x1b[2J"]
    rows[1] = [*rows[1], "x"]
    sheet = write_csv(tmp_path / "msel.csv", rows)
    assert main(["msel", "import", sheet, "--profile", "hseep", "--pack", str(tmp_path / "pack.yaml"),
                 "--out", str(tmp_path / "s.yaml")]) == 2
    err = capsys.readouterr().err
    assert ":K1: error: the header cell holds the control character U+001B" in err
    assert "\x1b" not in err
