"""Bad input: every error is `path:line:col: error: message`, exit 2, nothing written."""

import json
import os
from pathlib import Path

import pytest
from conftest import PACK, write

from engine.cli import main

GOOD_SCENARIO = "scenario: s\nrules: [pack.yaml]\nuntil: 5d\ninjects: [{id: I, at: T+1d, event: ping}]\n"


def run_cli(tmp_path: Path, scenario: str, pack: str = PACK, capsys=None) -> tuple[int, str]:
    write(tmp_path, "pack.yaml", pack)
    path = write(tmp_path, "s.yaml", scenario)
    out = tmp_path / "out"
    code = main(["run", path, "--nominal", "--out", str(out), "-q"])
    err = capsys.readouterr().err if capsys else ""
    assert not out.exists() or code == 0, "a failed run must not write anything"
    return code, err


def test_good_files_run(tmp_path, capsys):
    """The baseline used below is valid."""
    assert run_cli(tmp_path, GOOD_SCENARIO, capsys=capsys)[0] == 0


@pytest.mark.parametrize(
    ("scenario", "where", "message"),
    [
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\ninjets: []\n", "s.yaml:4:1", "unknown key 'injets' (did you mean 'injects'?)"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5\n", "s.yaml:3:8", "a bare number (5) is ambiguous"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: -5d\n", "s.yaml:3:8", "negative duration"),
        ("scenario: s\nrules: [pack.yaml]\n", "s.yaml:1:1", "missing required key 'until'"),
        ("scenario: s\nrules: [nope.yaml]\nuntil: 5d\n", "s.yaml:2:9", "pack file not found"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\ninjects: [{id: I, at: T+1d, event: pnig}]\n", "s.yaml:4:36", "unknown event type 'pnig' (did you mean 'ping'?)"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\ninjects: [{id: I, at: T+1d, event: go, with: {scale: huge}}]\n", "s.yaml:4:54", "'huge' is not a value of go.scale (values: small, big)"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\nset: {levle: red}\n", "s.yaml:4:7", "unknown state variable 'levle' (did you mean 'level'?)"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\ninjects: [{id: I, at: tomorrow, event: ping}]\n", "s.yaml:4:23", "invalid time 'tomorrow'"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\nchoices: {nothing: x}\n", "s.yaml:4:11", "unknown decision 'nothing'"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\nseed: many\n", "s.yaml:4:7", "expected a whole number, got 'many'"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\nseed: '7'\n", "s.yaml:4:7", "expected a whole number, got '7'"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\noverrides: {procedures.nope.steps.0.duration: 1d}\n", "s.yaml:4:13", "override path 'procedures.nope.steps.0.duration' matches nothing"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5300w\n", "s.yaml:3:8", "duration '5300w' is longer than 100 years"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: \u0663d\n", "s.yaml:3:8", "invalid duration"),
        ("scenario: s\nrules: [pack.yaml]\nstart: 9999-06-01T00:00:00Z\nuntil: 5d\n", "s.yaml:3:8", "start is too late"),
        # a misspelt item is not added as a new one (a new key is allowed only inside an item)
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\noverrides: {procedures.bravo_prc: {steps: []}}\n", "s.yaml:4:13", "override path 'procedures.bravo_prc' matches nothing"),
        ("scenario: s\nrules: [pack.yaml]\nuntil: 5d\noverrides: {procedures.bravo_proc.steps.0.duration: 3}\n", "s.yaml:4:53", "a bare number (3) is ambiguous"),
    ],
)
def test_scenario_errors_have_positions(tmp_path, capsys, scenario, where, message):
    """Each scenario mistake is reported at its line and column with a helpful message."""
    code, err = run_cli(tmp_path, scenario, capsys=capsys)
    assert code == 2
    first = err.splitlines()[0]
    assert first.startswith(os.path.join(str(tmp_path), where) + ": error: "), first
    assert message in first
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("rules", "line_col", "message"),
    [
        ("rules:\n  - {id: R-1, on: pnig, then: []}\n", "32:19", "unknown event type 'pnig' (did you mean 'ping'?)"),
        ("rules:\n  - {id: R-1, on: ping, when: \"flg\", then: []}\n", "32:32", "unknown state variable 'flg' (did you mean 'flag'?)"),
        ("rules:\n  - {id: R-1, on: ping, when: \"__import__('os')\", then: []}\n", "32:32", "not allowed"),
        ("rules:\n  - {id: R-1, on: ping, then: [{start: defense}]}\n", "32:40", "unknown response 'defense' (did you mean 'defence'?)"),
        ("rules:\n  - {id: R-1, on: ping, then: [{set: {level: purple}}]}\n", "32:46", "purple"),
        ("rules:\n  - {id: R-1, on: ping, then: [{emit: pong, after: 3}]}\n", "32:52", "a bare number (3) is ambiguous"),
        ("rules:\n  - {id: R-1, on: ping, then: [{emit: pong, start: defence}]}\n", "32:32", "exactly one of"),
        ("rules:\n  - {id: R-1, on: ping, then: []}\n  - {id: R-1, on: pong, then: []}\n", "33:10", "duplicate rule id 'R-1'"),
        ("rules:\n  - {id: R-1, on: ping, than: []}\n", "32:25", "unknown key 'than' (did you mean 'then'?)"),
        ("rules:\n  - {id: R-1, when: \"since('ping') > '1d'\", then: []}\n", "32:22", "since"),
        ("rules:\n  - {id: R-1, on: [ping, pong, ping], then: []}\n", "32:32", "event type 'ping' is listed twice in `on:`"),
        # YAML 1.2 booleans hold for typed fields too: no `yes`/`off`, no numbers as text
        ("rules:\n  - {id: R-1, on: ping, once: yes, then: []}\n", "32:31", "expected true or false, got 'yes'"),
        ("rules:\n  - {id: R-1, on: ping, enabled: off, then: []}\n", "32:34", "expected true or false, got 'off'"),
        ("rules:\n  - {id: R-1, on: ping, chance: '1', then: []}\n", "32:33", "expected a number, got '1'"),
    ],
)
def test_pack_errors_have_positions(tmp_path, capsys, rules, line_col, message):
    """Each pack mistake is reported at its line and column in the pack file."""
    code, err = run_cli(tmp_path, GOOD_SCENARIO, PACK + rules, capsys=capsys)
    assert code == 2
    first = err.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'pack.yaml'}:{line_col}: error: "), first
    assert message in first


def test_all_errors_of_a_file_are_reported(tmp_path, capsys):
    """Several mistakes in one file are all reported, not only the first."""
    rules = "rules:\n  - {id: R-1, on: pnig, then: [{start: defense}, {decide: nothing}]}\n"
    code, err = run_cli(tmp_path, GOOD_SCENARIO, PACK + rules, capsys=capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("pack: [unclosed\n", "opens a list that is never closed"),
        ("pack: !!python/object/apply:os.system ['touch hacked']\n", "YAML tags are not allowed"),
        ("- a\n- b\n", "expected a mapping"),
        ("title: x\npack: y\n", "the first key must be"),
        ("pack: p\npack: q\n", "duplicate key 'pack'"),
    ],
)
def test_unreadable_files(tmp_path, capsys, text, message):
    """Empty, broken, tagged or shapeless files get a clear error and exit 2."""
    path = write(tmp_path, "bad.yaml", text)
    assert main(["validate", path]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:")
    assert message in err
    assert not (tmp_path / "hacked").exists()


def test_alias_bomb_is_refused(tmp_path, capsys):
    """A YAML alias bomb ends in an error, not in exhausted memory."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = write(tmp_path, "bomb.yaml", "pack: bomb\nmeta:\n" + "\n".join("  " + s for s in lines) + "\n")
    assert main(["validate", path]) == 2
    assert "too large" in capsys.readouterr().err


def test_unknown_variant_is_a_usage_error(tmp_path, capsys):
    """--variant with an unknown name exits 2 and lists the variants."""
    write(tmp_path, "pack.yaml", PACK)
    path = write(tmp_path, "s.yaml", GOOD_SCENARIO + "variants: {fast: {title: Fast}}\n")
    assert main(["run", path, "--variant", "fsat", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "unknown variant 'fsat' (did you mean 'fast'?)" in err


def test_include_cycle_is_reported(tmp_path, capsys):
    """Packs that include each other are an error, not an endless loop."""
    write(tmp_path, "a.yaml", "pack: a\nincludes: [b.yaml]\n")
    write(tmp_path, "b.yaml", "pack: b\nincludes: [a.yaml]\n")
    assert main(["validate", str(tmp_path / "a.yaml")]) == 2
    assert "cycle" in capsys.readouterr().err


def test_meta_is_free_form_everywhere(tmp_path, capsys):
    """Unknown keys under `meta:` are kept, on the file and on items."""
    pack = PACK.replace("  alpha: {name: Alpha, groups: [treaty]}", "  alpha: {name: Alpha, groups: [treaty], meta: {anything: [1, 2]}}")
    code, _ = run_cli(tmp_path, GOOD_SCENARIO + "meta: {owner: exercise cell, tags: [a]}\n", pack, capsys=capsys)
    assert code == 0


def test_inject_id_shape_is_checked(tmp_path, capsys):
    """Inject ids may use letters, digits, '-', '_' and '.', nothing else."""
    code, err = run_cli(tmp_path, "scenario: s\nrules: [pack.yaml]\nuntil: 5d\ninjects: [{id: 'I 1', at: T+1d, event: ping}]\n", capsys=capsys)
    assert code == 2
    assert "inject id 'I 1'" in err


FLOAT_PACK = """\
pack: f
state: {hrs: {type: float, initial: 1.5}}
events: {go: {fields: {f: {type: float}}}, report: {}}
rules:
  - {id: R-1, on: go, then: [{set: {hrs: "since('report') / '1h'"}}, {emit: report, with: {}}]}
"""


@pytest.mark.parametrize(("pack", "scenario", "where", "message"), [
    (FLOAT_PACK.replace("initial: 1.5", "initial: .inf"), GOOD_SCENARIO.replace("ping", "go"), "pack.yaml:2:37",
     "the initial value of 'hrs' should be a finite number, not inf"),
    (FLOAT_PACK, GOOD_SCENARIO.replace("event: ping}", "event: go, with: {f: -.inf}}"), "s.yaml:4:50",
     "go.f should be a finite number, not -inf"),
])
def test_infinite_literals_are_refused(tmp_path, capsys, pack, scenario, where, message):
    """`.inf` in a state's initial value or an inject's field is an input error, not a crash later."""
    code, err = run_cli(tmp_path, scenario, pack, capsys=capsys)
    assert code == 2
    assert err.splitlines()[0] == f"{tmp_path / where}: error: {message}"


def test_an_infinite_result_leaves_the_state_alone(tmp_path, capsys):
    """`since()` of an event that never happened is infinite: `set` keeps the old value, as
    after a division by zero, and results.json is written."""
    code, _ = run_cli(tmp_path, GOOD_SCENARIO.replace("ping", "go"), FLOAT_PACK, capsys=capsys)
    assert code == 0
    state = json.loads((tmp_path / "out" / "results.json").read_text())["state"]
    assert state == {"hrs": 1.5}


def test_an_override_finds_the_item_in_a_later_pack(tmp_path, capsys):
    """An item defined in an included pack's includer is replaced where it is, not added to the first pack."""
    write(tmp_path, "base.yaml", "pack: base\nstate: {x: {type: int, initial: 0}}\n")
    write(tmp_path, "main.yaml", "pack: main\nincludes: [base.yaml]\nstate: {level: {type: int, initial: 1}}\n"
                                 "events: {ping: {}}\n")
    scenario = write(tmp_path, "s.yaml", "scenario: s\nrules: [main.yaml]\nuntil: 1d\n"
                                          "overrides: {state.level: {type: int, initial: 5}}\n")
    out = tmp_path / "out"
    assert main(["run", scenario, "--nominal", "--out", str(out), "-q", "--format", "json"]) == 0
    assert json.loads((out / "results.json").read_text())["state"] == {"x": 0, "level": 5}


@pytest.mark.parametrize(("pack", "message"), [
    ("pack: k\nevents: {ping: {}}\nstate: {alert.if: {type: bool}}\n",
     "'if' is a Python keyword, so 'alert.if' could not be read in expressions"),
    ("pack: k\nevents: {ping: {}, lift: {fields: {class: {type: int}}}}\n",
     "'class' is a Python keyword, so event.class could not be read"),
])
def test_python_keywords_are_refused_as_names(tmp_path, capsys, pack, message):
    """A state variable or field named like a Python keyword is refused where it is declared."""
    code, err = run_cli(tmp_path, GOOD_SCENARIO, pack, capsys=capsys)
    assert code == 2
    assert message in err
