"""`accord lint`: each check at its line, leniency for packs alone, silencing, exit codes."""

import json
import re
import shutil
from pathlib import Path

from conftest import DATA, write

from engine.cli import main
from engine.lint.linter import CODES, lint

LINT = DATA / "lint"
ROOT = Path(__file__).parent.parent


def expected(*files: Path) -> set[tuple[str, int, str]]:
    """The (file, line, code) triples the `# expect:` comments of ``files`` announce."""
    out = set()
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = re.search(r"# expect: ([A0-9 ]+)$", line)
            if m:
                out |= {(path.name, n, code) for code in m.group(1).split()}
    return out


def found(report) -> set[tuple[str, int, str]]:
    return {(Path(f.mark.path).name, f.mark.line, f.code) for f in report.findings}


def test_flawed_files_yield_each_finding_at_its_line():
    """Linting the flawed scenario reports exactly the findings its comments announce."""
    report = lint([str(LINT / "flawed.yaml")])
    assert found(report) == expected(LINT / "flawed.yaml", LINT / "flawed_pack.yaml")


def test_flawed_files_cover_every_check():
    """The flawed files exercise every lint code."""
    codes = {code for _, _, code in expected(LINT / "flawed.yaml", LINT / "flawed_pack.yaml")}
    assert codes == set(CODES)


def test_pack_alone_assumes_declared_events_may_be_injected():
    """A pack linted alone does not call a declared event unproducible, only lifecycle ones."""
    report = lint([str(LINT / "flawed_pack.yaml")])
    a101 = {f.message.split("'")[3] for f in report.findings if f.code == "A101"}
    assert a101 == {"relief.completed", "defence.failed"}


def test_ignore_comment_silences_one_code(tmp_path):
    """`# accord: ignore[A105]` on an item's line silences it; without it the finding appears."""
    for name in ("flawed.yaml", "flawed_pack.yaml"):
        shutil.copy(LINT / name, tmp_path / name)
    assert not any("'quiet'" in f.message for f in lint([str(tmp_path / "flawed.yaml")]).findings)
    pack = tmp_path / "flawed_pack.yaml"
    pack.write_text(pack.read_text().replace("# accord: ignore[A105]", ""))
    assert any("'quiet'" in f.message and f.code == "A105" for f in lint([str(tmp_path / "flawed.yaml")]).findings)


def test_ignore_comment_on_line_above(tmp_path):
    """A comment line of its own silences the finding on the next line."""
    write(tmp_path, "p.yaml", """\
        pack: p
        events: {go: {}}
        rules:
          # accord: ignore[A102]
          - id: R-off
            enabled: false
            on: go
    """)
    assert lint([str(tmp_path / "p.yaml")]).findings == []


def test_scenario_set_makes_a_read_only_variable_a_parameter(tmp_path):
    """A variable only read, but set by the scenario, is not reported as constant."""
    write(tmp_path, "p.yaml", """\
        pack: p
        state: {limit: {type: int}}
        events: {go: {}}
        rules: [{id: R, on: go, when: limit > 1, then: [{note: hi}]}]
    """)
    body = "scenario: s\nrules: [p.yaml]\nuntil: 1d\ninjects: [{id: I, at: T+0, event: go}]\n"
    write(tmp_path, "a.yaml", body)
    write(tmp_path, "b.yaml", body + "set: {limit: 3}\n")
    assert [f.code for f in lint([str(tmp_path / "a.yaml")]).findings] == ["A106"]
    assert lint([str(tmp_path / "b.yaml")]).findings == []


def test_guarded_zero_delay_cycle_is_a_warning(tmp_path):
    """A zero-delay loop through a guarded rule is a warning, not an error."""
    write(tmp_path, "p.yaml", """\
        pack: p
        state: {n: {type: int}}
        events: {a: {}, b: {}}
        rules:
          - {id: R1, on: a, when: n < 3, then: [{add: {n: 1}}, {emit: b}]}
          - {id: R2, on: b, then: [{emit: a}]}
          - {id: R3, on: b, then: [{emit: a, after: 1h}]}
    """)
    cycles = [f for f in lint([str(tmp_path / "p.yaml")]).findings if f.code == "A109"]
    assert [(f.severity, f.mark.line) for f in cycles] == [("warning", 5)]


def test_pack_findings_need_every_scenario_to_agree(tmp_path):
    """A rule one scenario never triggers is not flagged when another scenario triggers it."""
    write(tmp_path, "p.yaml", "pack: p\nevents: {a: {}, b: {}}\nrules: [{id: R, on: b, then: [{note: x}]}]\n")
    head = "scenario: {}\nrules: [p.yaml]\nuntil: 1d\ninjects: [{{id: I, at: T+0, event: {}}}]\n"
    write(tmp_path, "s1.yaml", head.format("s1", "a"))
    write(tmp_path, "s2.yaml", head.format("s2", "b"))
    assert {f.code for f in lint([str(tmp_path / "s1.yaml")]).findings} == {"A101", "A102"}
    assert lint([str(tmp_path / "s1.yaml"), str(tmp_path / "s2.yaml")]).findings == []


def test_bundled_files_lint_without_errors(capsys):
    """`accord lint rules scenarios` on the bundled files exits 0."""
    assert main(["lint", str(ROOT / "rules"), str(ROOT / "scenarios")]) == 0
    assert ": error:" not in capsys.readouterr().out


def test_error_findings_exit_1_and_print_codes(capsys):
    """An error-level finding makes lint exit 2 (invalid input); lines end with the code."""
    assert main(["lint", str(LINT / "flawed.yaml")]) == 2
    out = capsys.readouterr().out
    assert re.search(r"flawed\.yaml:11:13: error: .* \[A107\]$", out, re.M)
    assert "[A106]" not in out  # info is hidden without --info


def test_json_format_lists_every_finding(capsys):
    """`--format json --all` has every finding with path, line, col, severity and code."""
    assert main(["lint", "--format", "json", "--all", str(LINT / "flawed.yaml")]) == 2
    doc = json.loads(capsys.readouterr().out)
    got = {(Path(f["path"]).name, f["line"], f["code"]) for f in doc["findings"]}
    assert got == expected(LINT / "flawed.yaml", LINT / "flawed_pack.yaml")


def test_invalid_file_exits_2(tmp_path, capsys):
    """A file that does not validate is reported as an error and lint exits 2."""
    write(tmp_path, "bad.yaml", "pack: p\nevents: {a: {}}\nrules: [{id: R, on: nope}]\n")
    assert main(["lint", str(tmp_path / "bad.yaml")]) == 2
    assert "bad.yaml:3:21: error: unknown event type 'nope'" in capsys.readouterr().err


def test_a_rule_no_scenario_can_trigger_is_reported_beside_its_pack(tmp_path):
    """Linted with the scenarios that use it, a pack does not outvote them: a rule whose event
    no inject, rule, response or decision produces is reported at the rule (A102) and its `on` (A101)."""
    write(tmp_path, "p.yaml", """\
        pack: p
        events: {a: {}, b: {}}
        rules:
          - {id: R-a, on: a, then: [{note: fine}]}
          - id: R-b
            on: b
            then: [{note: never}]
    """)
    write(tmp_path, "s.yaml", "scenario: s\nrules: [p.yaml]\nuntil: 1d\ninjects: [{id: I, at: T+0, event: a}]\n")
    got = {(Path(f.mark.path).name, f.mark.line, f.code) for f in lint([str(tmp_path)]).findings}
    assert got == {("p.yaml", 5, "A102"), ("p.yaml", 6, "A101")}
    assert lint([str(tmp_path / "p.yaml")]).findings == []  # alone, the pack cannot know


def test_state_written_but_never_read_is_a_warning(tmp_path):
    """A105 is a warning: a value nothing reads is most often a forgotten guard."""
    write(tmp_path, "p.yaml", """\
        pack: p
        state: {seen: {type: bool}}
        events: {a: {}}
        rules: [{id: R, on: a, then: [{set: {seen: true}}]}]
    """)
    findings = lint([str(tmp_path / "p.yaml")]).findings
    assert [(f.code, f.severity, f.mark.line) for f in findings] == [("A105", "warning", 2)]


def test_ignore_comment_carries_a_reason(tmp_path):
    """Text after `# accord: ignore[A105]` is a reason: the finding is silenced all the same,
    and only the code in brackets is (a reason naming another code does not silence it)."""
    write(tmp_path, "p.yaml", """\
        pack: p
        state:
          tally: {type: int}  # accord: ignore[A105] a tally for the facilitator, not A102
        events: {go: {}}
        rules:
          - {id: R, on: go, then: [{add: {tally: 1}}]}
          # accord: ignore[A105] the rule below stays off until a facilitator enables it
          - {id: R-off, enabled: false, on: go, then: [{note: x}]}
    """)
    assert [(f.code, f.mark.line) for f in lint([str(tmp_path / "p.yaml")]).findings] == [("A102", 8)]


def test_prose_saying_ignored_is_not_a_marker(tmp_path):
    """`# accord: ignored …` is a sentence about lint, not `# accord: ignore`: nothing is silenced."""
    write(tmp_path, "p.yaml", """\
        pack: p
        state:
          tally: {type: int}  # accord: ignored by nobody
        events: {go: {}}
        rules: [{id: R, on: go, then: [{add: {tally: 1}}]}]
    """)
    assert [f.code for f in lint([str(tmp_path / "p.yaml")]).findings] == ["A105"]
