"""`accord lint my_drill.yaml` shows the findings in the files named, and the pack findings
the scenario makes relevant; `--all` shows the rest, which the summary counts (issue 20 item 3)."""

import json
import re
from pathlib import Path

import pytest
from conftest import DATA, write

from engine.cli import main

LINT = DATA / "lint"
PACK = """\
pack: p
state: {counter: {type: int}, mood: {type: enum, values: [calm, tense]}}
events: {alarm: {}, ping: {}, pong: {}, quiet: {}}
responses: {relief: {participants: [alpha]}}
actors: {alpha: {name: Alpha}}
decisions: {posture: {options: {calm: {}, alert: {}}}}
rules:
  - {id: R-alarm, on: alarm, then: [{add: {counter: 1}}]}
  - {id: R-ping, on: ping, then: [{emit: pong}]}
  - {id: R-pong, on: pong, then: [{emit: ping}]}
  - {id: R-quiet, on: quiet, enabled: false, then: [{set: {mood: calm}}]}
"""


def lines(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(["lint", *argv])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err.strip().splitlines()[-1]


def codes_at(out: list[str]) -> set[tuple[str, int, str]]:
    found = set()
    for line in out:
        m = re.match(r"(.*?):(\d+):\d+: \w+: .* \[(A\d+)\]$", line)
        if m:
            found.add((Path(m.group(1)).name, int(m.group(2)), m.group(3)))
    return found


@pytest.fixture
def drill(tmp_path: Path) -> Path:
    write(tmp_path, "p.yaml", PACK)
    return tmp_path


def scenario(folder: Path, extra: str = "") -> str:
    head = "scenario: s\nrules: [p.yaml]\nuntil: 1d\ninjects: [{id: I, at: T+0, event: alarm}]\n"
    return write(folder, "s.yaml", head + extra)


def test_a_scenario_alone_hides_the_pack_findings_it_does_not_touch(drill, capsys):
    """The pack's unrelated findings are hidden and counted; the scenario's are shown."""
    code, out, summary = lines(capsys, "--info", scenario(drill))
    assert code == 0
    assert codes_at(out) == set()
    assert re.search(r"; (\d+) more finding\(s\) in other files, 1 of them error\(s\) \(--all shows them\)$", summary)


def test_all_shows_every_finding_and_fails_on_a_hidden_error(drill, capsys):
    """`--all` prints the pack's findings too (the unguarded loop is an error: exit 2)."""
    code, out, summary = lines(capsys, "--all", "--info", scenario(drill))
    assert code == 2
    assert ("p.yaml", 9, "A109") in codes_at(out)
    assert "more finding" not in summary


@pytest.mark.parametrize(("extra", "shown"), [
    # objectives: the response an objective waits for is never started
    ("objectives: [{id: O, expect: relief.completed, within: 1d}]\n",
     {("s.yaml", 4, "A107"), ("p.yaml", 4, "A103")}),
    # choices: a decision the scenario scripts is never reached
    ("choices: {posture: calm}\n", {("p.yaml", 6, "A104")}),
    # injects: a zero-delay loop the scenario's inject enters
    ("injects: [{id: I, at: T+0, event: ping}]\n", {("p.yaml", 9, "A109")}),
    # overrides: an item the scenario changes
    ("overrides: {rules.R-quiet.then: [{note: x}]}\n", {("p.yaml", 11, "A102"), ("p.yaml", 11, "A101")}),
    # set: a variable the scenario sets, which nothing reads
    ("set: {counter: 2}\n", {("p.yaml", 2, "A105")}),
])
def test_pack_findings_the_scenario_makes_relevant_are_shown(drill, capsys, extra, shown):
    """A pack finding about what the scenario injects, expects, scripts, sets or overrides is shown."""
    text = "scenario: s\nrules: [p.yaml]\nuntil: 1d\n" + extra
    if "injects:" not in extra:
        text += "injects: [{id: I, at: T+0, event: alarm}]\n"
    code, out, _ = lines(capsys, "--info", write(drill, "s.yaml", text))
    assert codes_at(out) == shown
    assert code == (2 if any(c in ("A107", "A109") for _, _, c in shown) else 0)


def test_a_named_pack_shows_all_its_findings(drill, capsys):
    """Naming the pack (or a folder holding it) shows its findings: it was asked about."""
    scenario(drill)
    _, out, summary = lines(capsys, "--info", str(drill))
    assert ("p.yaml", 9, "A109") in codes_at(out)
    assert "more finding" not in summary


def test_json_lists_the_shown_findings_and_counts_the_hidden(capsys):
    """`--format json` has the shown findings and `hidden`, the count of the others."""
    main(["lint", "--format", "json", str(LINT / "flawed.yaml")])
    shown = json.loads(capsys.readouterr().out)
    main(["lint", "--format", "json", "--all", str(LINT / "flawed.yaml")])
    everything = json.loads(capsys.readouterr().out)
    assert shown["hidden"] == len(everything["findings"]) - len(shown["findings"]) > 0
    assert everything["hidden"] == 0
    assert {(Path(f["path"]).name, f["line"]) for f in shown["findings"]} >= {("flawed.yaml", 11), ("flawed_pack.yaml", 20)}
    assert ("flawed_pack.yaml", 26) not in {(Path(f["path"]).name, f["line"]) for f in shown["findings"]}


def test_a_rule_that_fires_is_not_flagged_for_the_other_events_it_listens_for(tmp_path, capsys):
    """A pack rule that opens on whichever of several events a scenario injects first fires
    in a scenario that injects only one of them: `accord lint s.yaml` does not show the
    others as events nothing can produce (they are not the scenario's to fix); `--all`
    still lists them, and a rule the scenario touches but that cannot fire keeps them."""
    write(tmp_path, "p.yaml", """\
        pack: p
        events: {alarm: {}, attack: {}, opened: {}}
        rules:
          - {id: R-open, on: [alarm, attack], once: true, then: [{emit: opened}]}
          - {id: R-off, on: [alarm, attack], enabled: false, then: [{note: x}]}
    """)
    path = scenario(tmp_path)
    code, out, summary = lines(capsys, path)
    assert (code, codes_at(out)) == (0, {("p.yaml", 5, "A101"), ("p.yaml", 5, "A102")})
    assert re.search(r"; 1 more finding\(s\) in other files \(--all shows them\)$", summary)
    _, everything, _ = lines(capsys, "--all", path)
    assert ("p.yaml", 4, "A101") in codes_at(everything)
