"""Authoring errors a newcomer understands (issue 20): each mistake of tests/error_cases.py
is reported at its place with words that name the fix, the fixed file is valid, and
docs/errors.md shows exactly these cases with accord's real output."""

from pathlib import Path

import pytest
from error_cases import CASES, Case, render, run_case

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("case", CASES, ids=[c.ident for c in CASES])
def test_the_mistake_is_reported_where_it_is_with_its_fix(case: Case):
    """Exit 2; the first line is `path:line:col: error: …` at the mistake and names the fix."""
    code, lines = run_case(case)
    assert code == 2, lines
    assert lines[0].startswith(f"{case.where}: error: "), lines[0]
    for phrase in case.fix:
        assert phrase in lines[0], (phrase, lines[0])


@pytest.mark.parametrize("case", CASES, ids=[c.ident for c in CASES])
def test_the_fixed_file_is_valid(case: Case):
    """Doing what the message says gives a valid file."""
    code, lines = run_case(case, case.fixed)
    assert (code, lines) == (0, [])


def test_yaml_syntax_errors_keep_pyyaml_words_on_a_second_line():
    """Each YAML syntax case is followed by PyYAML's own account, indented, for experts."""
    for case in (c for c in CASES if c.family == "YAML syntax"):
        _, lines = run_case(case)
        assert len(lines) == 2, lines
        assert lines[1].startswith("    YAML says: "), lines


def test_errors_page_is_current():
    """docs/errors.md is the rendering of the cases with accord's real messages
    (regenerate: PYTHONPATH=. python tests/error_cases.py > docs/errors.md)."""
    assert (ROOT / "docs" / "errors.md").read_text(encoding="utf-8") == render()
