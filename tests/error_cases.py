"""Every family of authoring error, as cases: a small file with one mistake, where accord
reports it, the words that name the fix, and the file fixed. ``test_error_messages.py``
runs each case (the mistake is reported there and names the fix; the fixed file is valid)
and checks that ``docs/errors.md`` is the rendering of these cases with accord's real
output, so the page cannot drift. Regenerate the page with:

    PYTHONPATH=. python tests/error_cases.py > docs/errors.md
"""

import contextlib
import difflib
import io
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PACK = """\
pack: drill
actors:
  alpha: {name: Alpha}
  bravo: {name: Bravo, procedures: {deploy: bravo_vote}}
procedures:
  bravo_vote:
    steps:
      - {name: cabinet, duration: 1d}
      - {name: vote, duration: 2d}
state:
  alert.level: {type: enum, values: [green, amber, red]}
events:
  attack: {fields: {scale: {type: enum, values: [limited, major]}}}
  talks.opened: {}
responses:
  defence: {authority: deploy, participants: [alpha, bravo]}
rules:
  - id: R-attack
    on: attack
    then: [{start: defence}, {set: {alert.level: red}}]
"""
HEAD = "scenario: drill\nrules: [p.yaml]\nuntil: 10d\n"


@dataclass(frozen=True)
class Case:
    """One mistake: ``text`` is the file ``name`` (beside the pack ``p.yaml`` unless it is
    the pack); accord reports it at ``where`` with a message holding every ``fix`` phrase;
    ``fixed`` is the same file corrected."""

    family: str
    title: str
    text: str | bytes
    where: str
    fix: tuple[str, ...]
    fixed: str
    name: str = "s.yaml"
    others: dict[str, str] = field(default_factory=dict)

    @property
    def ident(self) -> str:
        return f"{self.family}: {self.title}"


def scenario(body: str) -> str:
    return HEAD + body


INJECT = "injects:\n  - id: I-1\n    at: T+0\n    event: attack\n"

CASES = [
    # --- YAML syntax ---------------------------------------------------------------
    Case("YAML syntax", "': ' inside a value", scenario("title: Phase 2: the attack\n"), "s.yaml:4:8",
         ("quote the text", 'title: "Phase 2: the attack"'), scenario('title: "Phase 2: the attack"\n')),
    Case("YAML syntax", "a key indented more than the one above",
         scenario(INJECT.replace("    event", "     event")), "s.yaml:7:6",
         ("indented more than 'at:' (line 6)", "move it to column 5"), scenario(INJECT)),
    Case("YAML syntax", "a line that lines up with nothing above",
         scenario(INJECT.replace("    event", "   event")), "s.yaml:7:4",
         ("starts at column 4", "line it up with 'at:' (line 6, column 5)"), scenario(INJECT)),
    Case("YAML syntax", "a list item where keys are expected",
         PACK.replace("  bravo: {name: Bravo", "  - bravo: {name: Bravo"), "p.yaml:4:3",
         ("a list item ('- ')", "are keys ('alpha:', line 3)", "write it as a key"), PACK, name="p.yaml"),
    Case("YAML syntax", "a key where list items are expected",
         scenario(INJECT + "  title: First inject\n"), "s.yaml:8:3",
         ("are list items", "indent it to column 5", "'- title: First inject'"),
         scenario(INJECT + "    title: First inject\n")),
    Case("YAML syntax", "a quote never closed", scenario('title: "Phase 2\n' + INJECT), "s.yaml:4:8",
         ('opens a quoted text that is not closed', 'end the text with "', 'title: "Phase 2"'),
         scenario('title: "Phase 2"\n' + INJECT)),
    Case("YAML syntax", "a bracket never closed", HEAD.replace("[p.yaml]", "[p.yaml"), "s.yaml:2:8",
         ("opens a list that is never closed", "add ']'", "rules: [p.yaml]"), HEAD),
    Case("YAML syntax", "a tab in the indentation", scenario(INJECT.replace("    at:", "\tat:")), "s.yaml:6:1",
         ("YAML indents with spaces only",), scenario(INJECT)),
    Case("YAML syntax", "a value starting with a reserved character", scenario("title: @ops drill\n"),
         "s.yaml:4:8", ("put the text in quotes", 'title: "@ops drill"'), scenario('title: "@ops drill"\n')),
    Case("YAML syntax", "text after a closing quote", scenario('title: "Phase 2" attack\n'), "s.yaml:4:18",
         ("quote the whole value", "title: '\"Phase 2\" attack'"), scenario("title: '\"Phase 2\" attack'\n")),
    Case("YAML syntax", "a key without a space after its colon", "scenario:drill\nrules: [p.yaml]\nuntil: 10d\n",
         "s.yaml:1:1", ("needs a space after its colon", "'scenario: drill'"), HEAD),
    # --- Files ---------------------------------------------------------------------
    Case("Files", "a file not saved as UTF-8", scenario("title: Café\n").encode("cp1252"), "s.yaml:4:11",
         ("byte 0xE9", "Windows-1252", "save the file as UTF-8"), scenario("title: Café\n")),
    Case("Files", "an empty file", "", "s.yaml:1:1", ("the file is empty", "`scenario:`"), HEAD),
    Case("Files", "a file that is neither a pack nor a scenario", "title: Drill\n" + HEAD, "s.yaml:1:1",
         ("the first key must be `pack:` or `scenario:`",), HEAD + "title: Drill\n"),
    Case("Files", "a key written twice", scenario("until: 20d\n"), "s.yaml:4:1", ("duplicate key 'until'",), HEAD),
    Case("Files", "a YAML tag", scenario("seed: !!int 7\n"), "s.yaml:4:7", ("YAML tags are not allowed",
         "write plain values"), scenario("seed: 7\n")),
    Case("Files", "a control character in a text", scenario('title: "Drill \\e[2J day one"\n'), "s.yaml:4:8",
         ("the control character U+001B", "a terminal acts on it", "remove it"), scenario("title: Drill day one\n")),
    Case("Files", "a bidirectional formatting character in a text", scenario('title: "Drill \\u202e eno yad"\n'),
         "s.yaml:4:8", ("the bidirectional formatting character U+202E", "reorders the text", "remove it"),
         scenario("title: Drill day one\n")),
    Case("Files", "a pack file that is not there", HEAD.replace("p.yaml", "pack.yaml"), "s.yaml:2:9",
         ("pack file not found",), HEAD),
    Case("Files", "packs that include each other", PACK.replace("pack: drill\n", "pack: drill\nincludes: [q.yaml]\n"),
         "q.yaml:2:12", ("includes form a cycle: p.yaml → q.yaml → p.yaml",), PACK, name="p.yaml",
         others={"q.yaml": "pack: q\nincludes: [p.yaml]\n"}),
    # --- Structure ----------------------------------------------------------------
    Case("Structure", "a misspelt key", HEAD + "injets: []\n", "s.yaml:4:1",
         ("unknown key 'injets'", "did you mean 'injects'?"), HEAD + "injects: []\n"),
    Case("Structure", "a required key left out", "scenario: drill\nrules: [p.yaml]\n", "s.yaml:1:1",
         ("missing required key 'until'",), HEAD),
    Case("Structure", "a list where a mapping is expected",
         HEAD + "choices: [attribution]\n", "s.yaml:4:10", ("expected a mapping", "write 'key: value' lines"),
         HEAD + "choices: {}\n"),
    Case("Structure", "a mapping where a list is expected", HEAD.replace("rules: [p.yaml]", "rules: {pack: p.yaml}"),
         "s.yaml:2:8", ("expected a list", "'- item' lines"), HEAD),
    Case("Structure", "a response's `complete:` that is no criterion",
         PACK.replace("participants: [alpha, bravo]}", "participants: [alpha, bravo], complete: two}"), "p.yaml:16:72",
         ("'all', 'any' or 'lead', or a whole number", "at least N contributions"),
         PACK.replace("participants: [alpha, bravo]}", "participants: [alpha, bravo], complete: 2}"), name="p.yaml"),
    Case("Structure", "text where a number is expected", scenario("seed: seven\n"), "s.yaml:4:7",
         ("expected a whole number",), scenario("seed: 7\n")),
    # --- Forms: durations, distributions, instants, offsets --------------------------
    Case("Forms", "a duration without a unit", "scenario: drill\nrules: [p.yaml]\nuntil: 10\n", "s.yaml:3:8",
         ("ambiguous", "'10d'"), HEAD),
    Case("Forms", "a duration in words", "scenario: drill\nrules: [p.yaml]\nuntil: 10 days\n", "s.yaml:3:8",
         ("invalid duration", "e.g. '30m', '3d', '1d12h'"), HEAD),
    Case("Forms", "a negative duration", "scenario: drill\nrules: [p.yaml]\nuntil: -10d\n", "s.yaml:3:8",
         ("zero or more", "e.g. '10d'"), HEAD),
    Case("Forms", "a distribution accord does not know", PACK.replace("duration: 2d", "duration: normal(2d, 1d)"),
         "p.yaml:9:32", ("unknown distribution 'normal'", "pert(1d, 3d, 10d)"),
         PACK.replace("duration: 2d", "duration: pert(1d, 2d, 5d)"), name="p.yaml"),
    Case("Forms", "a distribution with a value missing", PACK.replace("duration: 2d", "duration: pert(1d, 5d)"),
         "p.yaml:9:32", ("pert takes 3 durations", "e.g. pert(1d, 3d, 10d)"),
         PACK.replace("duration: 2d", "duration: pert(1d, 2d, 5d)"), name="p.yaml"),
    Case("Forms", "a distribution out of order", PACK.replace("duration: 2d", "duration: pert(5d, 1d, 2d)"),
         "p.yaml:9:32", ("must be in order (min <= mode <= max)", "e.g. pert(1d, 3d, 10d)"),
         PACK.replace("duration: 2d", "duration: pert(1d, 2d, 5d)"), name="p.yaml"),
    Case("Forms", "an instant that is not ISO-8601", scenario("start: 1 March 2026\n"), "s.yaml:4:8",
         ("use ISO-8601", "e.g. 2026-03-01T00:00:00Z"), scenario("start: 2026-03-01T00:00:00Z\n")),
    Case("Forms", "an offset without a unit", scenario(INJECT.replace("T+0", "T+5")), "s.yaml:6:9",
         ("invalid offset 'T+5'", "T+2d6h"), scenario(INJECT.replace("T+0", "T+5d"))),
    Case("Forms", "a time that is neither an offset nor an instant", scenario(INJECT.replace("T+0", "tomorrow")),
         "s.yaml:6:9", ("T+2d6h", "2026-03-02T06:00:00Z"), scenario(INJECT)),
    Case("Forms", "an empty window in an expression",
         PACK.replace("    on: attack\n", "    on: attack\n    when: \"not occurred('talks.opened', within='0')\"\n"),
         "p.yaml:20:48", ("within= must be longer than 0", "within='30d'"),
         PACK.replace("    on: attack\n", "    on: attack\n    when: \"not occurred('talks.opened', within='7d')\"\n"),
         name="p.yaml"),
    # --- Names ----------------------------------------------------------------------
    Case("Names", "a rule id that starts with '-'", PACK.replace("id: R-attack", "id: -R-attack"), "p.yaml:18:9",
         ("must start with a letter or digit", "'-' cannot come first"), PACK, name="p.yaml"),
    Case("Names", "an actor id with capitals", PACK.replace("  alpha: {name: Alpha}", "  Alpha: {name: Alpha}")
         .replace("[alpha, bravo]", "[Alpha, bravo]"), "p.yaml:3:3",
         ("must be snake_case", "a lowercase letter, then lowercase letters, digits or '_'", "no capitals"),
         PACK, name="p.yaml"),
    Case("Names", "a misspelt event type", scenario(INJECT.replace("event: attack", "event: atack")), "s.yaml:7:12",
         ("unknown event type 'atack'", "did you mean 'attack'?"), scenario(INJECT)),
    Case("Names", "a misspelt state variable in an expression",
         PACK.replace("    on: attack\n", "    on: attack\n    when: alert.levl == 'red'\n"), "p.yaml:20:11",
         ("unknown state variable 'alert.levl'", "did you mean 'alert.level'?"),
         PACK.replace("    on: attack\n", "    on: attack\n    when: alert.level == 'red'\n"), name="p.yaml"),
    Case("Names", "an id used twice", PACK + "  - {id: R-attack, on: talks.opened, then: []}\n", "p.yaml:21:10",
         ("duplicate rule id 'R-attack'", "first defined at"), PACK, name="p.yaml"),
    # --- Overrides ------------------------------------------------------------------
    Case("Overrides", "a misspelt item", scenario("overrides: {procedures.bravo_vot.steps.1.duration: 3d}\n"),
         "s.yaml:4:13", ("'procedures' has no 'bravo_vot'", "did you mean 'bravo_vote'?", "it has: bravo_vote"),
         scenario("overrides: {procedures.bravo_vote.steps.1.duration: 3d}\n")),
    Case("Overrides", "a list index past the end", scenario("overrides: {procedures.bravo_vote.steps.2.duration: 3d}\n"),
         "s.yaml:4:13", ("'procedures.bravo_vote.steps' is a list of 2 item(s)", "use an index (0–1)"),
         scenario("overrides: {procedures.bravo_vote.steps.1.duration: 3d}\n")),
    Case("Overrides", "a misspelt section", scenario("overrides: {procedure.bravo_vote.steps.1.duration: 3d}\n"),
         "s.yaml:4:13", ("no section 'procedure'", "did you mean 'procedures'?"),
         scenario("overrides: {procedures.bravo_vote.steps.1.duration: 3d}\n")),
    Case("Overrides", "a rule that is not there", scenario("overrides: {rules.R-atack.enabled: false}\n"),
         "s.yaml:4:13", ("'R-atack' is not one", "did you mean 'R-attack'?", "or an id (R-attack)"),
         scenario("overrides: {rules.R-attack.enabled: false}\n")),
]


def run_case(case: Case, text: str | bytes | None = None) -> tuple[int, list[str]]:
    """Validate ``case``'s file (or ``text`` in its place) in a fresh folder; return the exit
    code and what accord wrote to stderr, without the summary line."""
    from engine.cli import main  # noqa: PLC0415 - the page generator imports this module first

    body = case.text if text is None else text
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "p.yaml").write_text(PACK, encoding="utf-8")
        for name, other in case.others.items():
            (folder / name).write_text(other, encoding="utf-8")
        target = folder / case.name
        target.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
        err = io.StringIO()
        here = os.getcwd()
        os.chdir(folder)
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(["validate", case.name])
        finally:
            os.chdir(here)
    return code, [line for line in err.getvalue().splitlines() if not line.endswith("file(s)")]


def _shown(text: str | bytes) -> str:
    if isinstance(text, bytes):
        return text.decode("cp1252") + "# (saved as Windows-1252: 'é' is the byte 0xE9)\n"
    return text.replace("\t", "→   ") if "\t" in text else text


def _changes(case: Case) -> list[str]:
    """The lines the fix removes (-) and adds (+)."""
    before = case.text.decode("cp1252") if isinstance(case.text, bytes) else case.text
    diff = difflib.ndiff(before.splitlines(), case.fixed.splitlines())
    return [line.replace("\t", "→   ") for line in diff if line[:2] in ("- ", "+ ")]


def render() -> str:
    """docs/errors.md: each family, each case with its file, accord's words and the fix."""
    out = [
        "# Authoring errors and how to fix them",
        "",
        "<!-- Generated from tests/error_cases.py by `PYTHONPATH=. python tests/error_cases.py > docs/errors.md`;",
        "     tests/test_error_messages.py fails when this page and accord's messages differ. -->",
        "",
        "Every error accord reports names the file, line and column (`path:line:col: error: …`)",
        "and says what to do. The cases below are real: each file is validated by the test suite,",
        "which checks the message and that the file with the fix applied is valid. A YAML syntax",
        "error has a second, indented line: the YAML library's own words, for experts. The",
        "scenarios below use this pack, `p.yaml`:",
        "",
        "```yaml",
        PACK.rstrip(),
        "```",
    ]
    family = None
    for case in CASES:
        if case.family != family:
            family = case.family
            out += ["", f"## {family}"]
        _, lines = run_case(case)
        out += ["", f"### {case.title[0].upper()}{case.title[1:]}", "", f"`{case.name}`:", "", "```yaml",
                _shown(case.text).rstrip(), "```", "", "accord says:", "", "```", *lines, "```", "",
                "The fix:", "", "```diff", *_changes(case), "```"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
