"""accord play at a terminal: a pexpect-driven session typed as a person would (issue 5)."""

import json
import os
import sys
from pathlib import Path

import pexpect
import pytest
from play_helpers import EXERCISE

ROOT = Path(__file__).parent.parent


@pytest.fixture
def terminal(tmp_path):
    """`accord play` of the exercise in a pseudo-terminal, 100 columns wide."""
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "LINES": "50"}
    child = pexpect.spawn(sys.executable, ["-m", "engine", "play", EXERCISE, "--out", str(tmp_path / "out")],
                          cwd=str(ROOT), env=env, encoding="utf-8", timeout=20, dimensions=(50, 100))
    yield child, tmp_path / "out"
    child.close(force=True)


def test_facilitator_plays_at_the_keyboard_with_completion(terminal):
    """Prompt with the clock, Tab completes commands and options, the decision panel shows, end writes."""
    child, out = terminal
    child.expect(r"accord T\+0> ")
    child.send("ne\t")  # completes to 'next '
    child.expect("next ")
    child.send("\r")
    child.expect("inject I-01 at T\\+0")
    child.expect("Entry into force")
    child.expect("The treaty enters into force at midnight.")
    for prompt in (r"T\+0", r"T\+1d", r"T\+1d12h"):
        child.expect(f"accord {prompt}> ")
        child.sendline("next")
    child.expect("DECISION WAITING")
    child.expect("Who is responsible for the reported violation")
    child.expect(r"accord T\+2d> ")
    child.sendline("bogus")
    child.expect("error: bogus: unknown command 'bogus'")
    child.send("decide attr\t")
    child.expect("attribution ")
    child.send("adv\t")
    child.expect("adversary ")
    child.send("\r")
    child.expect("Decided: attribution=adversary \\(facilitator\\)")
    child.expect(r"accord T\+2d> ")
    child.sendline("end")
    child.expect("wrote .*facilitation.json")
    child.expect(pexpect.EOF)
    assert child.wait() == 0
    decisions = json.loads((out / "results.json").read_text())["decisions"]
    assert decisions == [{"decision": "attribution", "t": 48.0, "option": "adversary", "how": "facilitator"}]


def test_ctrl_d_leaves_the_session_resumable(terminal):
    """Ctrl-D at the prompt keeps the journal and says how to resume; no results are written."""
    child, out = terminal
    child.expect(r"accord T\+0> ")
    child.sendline("next")
    child.expect(r"accord T\+0> ")
    child.sendeof()
    child.expect("accord play --resume")
    child.expect(pexpect.EOF)
    assert child.wait() == 0
    assert not (out / "results.json").exists()
    assert [json.loads(x)["cmd"] for x in (out / "journal.jsonl").read_text().splitlines()[1:]] == ["next"]


def test_ctrl_c_at_the_prompt_is_an_interrupt_not_the_end_of_input(terminal):
    """Ctrl-C at the prompt: the journal kept, "interrupted" with how to resume, exit 130 (not 0)."""
    child, out = terminal
    child.expect(r"accord T\+0> ")
    child.sendline("next")
    child.expect(r"accord T\+0> ")
    child.sendintr()
    child.expect("interrupted; the session is kept in")
    child.expect("accord play --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not (out / "results.json").exists()
    assert [json.loads(x)["cmd"] for x in (out / "journal.jsonl").read_text().splitlines()[1:]] == ["next"]
