"""One file, one identity (issue 19): results never depend on how a path is spelled."""

import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA, write
from play_helpers import EXERCISE, SCRIPT, play

from engine.cli import main
from engine.read import files
from engine.read.files import load_pack_docs, read_pack
from engine.read.paths import beside


def _cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def lint_folder(tmp_path: Path) -> Path:
    """A folder `lint` holding a pack and a scenario whose `rules:` names it, and a sibling."""
    shutil.copytree(DATA / "lint", tmp_path / "lint")
    (tmp_path / "other").mkdir()
    os.symlink(tmp_path / "lint", tmp_path / "link")
    return tmp_path


@pytest.mark.parametrize("spelling", ["other/../lint", "./lint/", "lint/../lint", "link"])
def test_lint_gives_the_same_findings_under_any_spelling(lint_folder, capsys, monkeypatch, spelling):
    """`accord lint DIR/../lint` (or a symlink to it) prints the plain spelling's findings and counts, each once."""
    monkeypatch.chdir(lint_folder)
    plain_code, plain = _cli(capsys, "lint", "lint")
    code, other = _cli(capsys, "lint", spelling)
    prefix = os.path.join(spelling, "")  # as the folder walk spells the files under it
    assert code == plain_code == 2
    assert sorted(other.replace(prefix, "lint/").splitlines()) == sorted(plain.splitlines())
    assert "2 file(s): 3 error(s), 15 warning(s), 2 info(s)" in other


def test_lint_of_two_spellings_of_one_folder_counts_each_file_once(lint_folder, capsys, monkeypatch):
    """`accord lint lint lint/../lint` is `accord lint lint`."""
    monkeypatch.chdir(lint_folder)
    assert _cli(capsys, "lint", "lint", "lint/../lint") == _cli(capsys, "lint", "lint")


@pytest.mark.parametrize("second", ["lint/../lint", "link", "other/../lint/flawed_pack.yaml"])
def test_validate_counts_each_file_once(lint_folder, capsys, monkeypatch, second):
    """`accord validate lint lint/../lint` counts two files, not four."""
    monkeypatch.chdir(lint_folder)
    code, out = _cli(capsys, "validate", "lint", second)
    assert code == 0
    assert out.strip() == "ok: 2 file(s) valid (1 pack(s), 1 scenario(s))"


def test_validate_reports_an_error_once_under_the_given_spelling(tmp_path, capsys, monkeypatch):
    """An error in a pack both named on the command line and reached from a scenario is reported once."""
    for sub in ("d", "x"):
        (tmp_path / sub).mkdir()
    write(tmp_path, "d/p.yaml", "pack: p\nevents: {go: {}}\nrules: [{id: R, on: og}]\n")
    write(tmp_path, "d/s.yaml", "scenario: s\nrules: [p.yaml]\nuntil: 1d\n")
    monkeypatch.chdir(tmp_path)
    code, out = _cli(capsys, "validate", "x/../d")
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert code == 2
    assert errors == ["x/../d/p.yaml:3:21: error: unknown event type 'og' (did you mean 'go'?)"]


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """packs/common.yaml, a real sub-folder and a symlink `alias` to packs/."""
    folder = tmp_path / "packs"
    (folder / "sub").mkdir(parents=True)
    os.symlink(folder, folder / "alias")
    write(folder, "common.yaml", "pack: common\nstate: {x: {type: int}}\nevents: {go: {}}\n")
    return folder


def test_an_include_by_symlink_and_by_dotdot_is_one_include(packs):
    """`common.yaml`, `alias/common.yaml` and `sub/../common.yaml` include one pack once."""
    main_pack = write(packs, "main.yaml", "pack: main\nincludes: [common.yaml, alias/common.yaml, sub/../common.yaml]\n")
    docs = load_pack_docs(main_pack)
    assert [Path(d.path).name for d in docs] == ["common.yaml", "main.yaml"]
    assert main(["validate", main_pack]) == 0  # state x is declared once, not three times


def test_a_scenario_naming_one_pack_twice_loads_it_once(packs, capsys):
    """`rules: [packs/common.yaml, packs/alias/common.yaml]` is one pack."""
    scenario = write(packs.parent, "s.yaml", "scenario: s\nrules: [packs/common.yaml, packs/alias/common.yaml]\n"
                                             "until: 1d\ninjects: [{id: I, at: T+0, event: go}]\n")
    assert _cli(capsys, "validate", scenario)[0] == 0


@pytest.mark.parametrize(("a_includes", "b_includes"), [
    ("alias/b.yaml", "sub/../a.yaml"),
    ("sub/../b.yaml", "alias/alias/a.yaml"),
])
def test_a_cycle_through_two_spellings_is_a_cycle(packs, capsys, a_includes, b_includes):
    """a includes b and b includes a, each spelt differently: still a cycle, reported as one."""
    a = write(packs, "a.yaml", f"pack: a\nincludes: [{a_includes}]\n")
    write(packs, "b.yaml", f"pack: b\nincludes: [{b_includes}]\n")
    code, out = _cli(capsys, "validate", a)
    assert code == 2
    assert "includes form a cycle" in out


def test_dotdot_through_a_symlinked_folder_is_taken_physically(tmp_path):
    """`link/../p.yaml` in a file is beside the link's target, as the system reads it, not beside the link."""
    (tmp_path / "far" / "deep").mkdir(parents=True)
    os.symlink(tmp_path / "far" / "deep", tmp_path / "link")
    write(tmp_path / "far", "p.yaml", "pack: far\n")
    got = beside(str(tmp_path / "s.yaml"), "link/../p.yaml")
    assert os.path.samefile(got, tmp_path / "far" / "p.yaml")
    assert beside(str(tmp_path / "scenarios" / "s.yaml"), "../rules/p.yaml") == str(tmp_path / "rules" / "p.yaml")


def test_the_pack_cache_reads_a_file_once_under_any_spelling(packs, monkeypatch):
    """Two spellings of one pack share one read; each copy is reported under its own spelling."""
    calls: list[str] = []
    real_load = files.load_file
    monkeypatch.setattr(files, "load_file", lambda p: calls.append(p) or real_load(p))
    first = read_pack(str(packs / "common.yaml"))
    second = read_pack(str(packs / "sub" / ".." / "common.yaml"))
    assert len(calls) <= 1  # 0 if an earlier test read it: the cache is keyed by the file
    assert second.data is first.data
    assert second.path == str(packs / "sub" / ".." / "common.yaml")
    assert str(second.mark(("pack",))).startswith(str(packs / "sub" / ".." / "common.yaml"))


def test_explain_finds_the_scenario_from_a_results_folder_reached_another_way(tmp_path, capsys):
    """run.json written through a symlinked folder still names the scenario when read through the real one."""
    shutil.copy(DATA / "attack_day_ten.yaml", tmp_path / "attack_day_ten.yaml")
    shutil.copy(DATA / "mutual_defence.yaml", tmp_path / "mutual_defence.yaml")
    (tmp_path / "runs" / "deep").mkdir(parents=True)
    os.symlink(tmp_path / "runs" / "deep", tmp_path / "link")
    assert main(["run", str(tmp_path / "attack_day_ten.yaml"), "--nominal", "-q",
                 "--out", str(tmp_path / "link" / "out"), "--format", "json"]) == 0
    capsys.readouterr()
    results = tmp_path / "runs" / "deep" / "out" / "results.json"
    assert main(["explain", str(results), "1"]) == 0
    out = capsys.readouterr().out
    assert "no scenario found" not in out
    assert "inject I-01: Entry into force" in out  # the title comes from the scenario


def test_resume_accepts_other_spellings_of_its_journal_and_scenario(tmp_path, monkeypatch, capsys):
    """`--journal` and SCENARIO spelt another way still name the resumed journal's files."""
    out = tmp_path / "session"
    assert play(monkeypatch, SCRIPT[:3], EXERCISE, "--out", str(out)) == 0  # input ends: journal kept
    capsys.readouterr()
    os.symlink(out, tmp_path / "session_link")
    os.symlink(Path(EXERCISE).parent, tmp_path / "data_link")
    scenario = str(tmp_path / "data_link" / Path(EXERCISE).name)
    again = str(tmp_path / "session_link" / "journal.jsonl")
    assert play(monkeypatch, SCRIPT[3:], scenario, "--resume", str(out / "journal.jsonl"),
                "--journal", again, "--out", str(out)) == 0
    assert "begun with" not in capsys.readouterr().err


def test_validate_counts_msel_mappings_in_its_summary(tmp_path, capsys):
    """Every valid file is in the breakdown: a pack, a scenario and an MSEL mapping are three."""
    root = Path(__file__).resolve().parents[1]
    for source in (DATA / "attack_day_ten.yaml", DATA / "mutual_defence.yaml", root / "examples/msel/office_mapping.yaml"):
        shutil.copy(source, tmp_path / source.name)
    assert main(["validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "ok: 3 file(s) valid (1 pack(s), 1 scenario(s), 1 MSEL mapping(s))"
