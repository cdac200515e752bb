"""YAML reading: YAML 1.2 booleans, marks, and SPEC's flow-mapping distributions."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import InputError
from engine.read.yamlio import MAX_DEPTH, load_text


def test_only_true_and_false_are_booleans():
    """`on`, `yes`, `no`, `off` stay strings; `true`/`false` are booleans."""
    doc = load_text("on: x\nv: [yes, no, on, off, true, false]\n", "f.yaml")
    assert doc.data == {"on": "x", "v": ["yes", "no", "on", "off", True, False]}


def test_numbers_and_nulls():
    """Plain numbers become int/float; quoted ones stay text; ~ is null."""
    doc = load_text("a: [1, 1.5, '2', ~, 0x10]\n", "f.yaml")
    assert doc.data == {"a": [1, 1.5, "2", None, 16]}


def test_signed_dotted_and_exponent_numbers():
    """Signs, a leading dot, exponents and YAML's .inf are numbers; words that look close are text."""
    doc = load_text("a: [-1, +2, .5, -2.5e3, 1e3, .inf, -.inf, e5, inf, Infinity]\n", "f.yaml")
    assert doc.data == {"a": [-1, 2, 0.5, -2500.0, 1000.0, math.inf, -math.inf, "e5", "inf", "Infinity"]}


def test_marks_are_one_based_line_and_column():
    """Every value and key keeps its 1-based line:col."""
    doc = load_text("a:\n  b: [x, y]\n", "f.yaml")
    assert str(doc.mark(("a", "b", 1))) == "f.yaml:2:10"
    assert str(doc.mark(("a", "b"), key=True)) == "f.yaml:2:3"


def test_flow_mapping_distribution_is_rejoined():
    """`{duration: pert(2d, 3d, 10d)}` reads as one value, as SPEC writes it."""
    doc = load_text("s: {name: vote, duration: pert(2d, 3d, 10d), approval: 0.9}\n", "f.yaml")
    assert doc.data == {"s": {"name": "vote", "duration": "pert(2d, 3d, 10d)", "approval": 0.9}}


def test_flow_sequence_distribution_is_rejoined():
    """`[uniform(1d, 2d), 3d]` has two items."""
    assert load_text("s: [uniform(1d, 2d), 3d]\n", "f.yaml").data == {"s": ["uniform(1d, 2d)", "3d"]}


def _error(text: str) -> str:
    with pytest.raises(InputError) as caught:
        load_text(text, "f.yaml")
    return str(caught.value.diagnostics[0])


def test_alias_is_expanded_with_the_anchor_marks():
    """An alias reads as a copy of the anchored value; its items point at the anchor's lines."""
    doc = load_text("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert str(doc.mark(("b", 1))) == "f.yaml:1:11"


@pytest.mark.parametrize(("text", "message"), [
    ("a: *nope\n", "f.yaml:1:4: error: not valid YAML: found undefined alias 'nope'"),
    ("a: &x 1\nb: &x 2\n", "f.yaml:2:4: error: not valid YAML: duplicate anchor 'x' (first defined on line 1)"),
    ("--- 1\n--- 2\n", "f.yaml:2:1: error: not valid YAML: expected a single document in the stream, "
                       "but found another document"),
    ("a: &r [*r]\n", "f.yaml:1:4: error: recursive alias: a node cannot contain itself"),
    ("a: !!int 3\n", "f.yaml:1:4: error: YAML tags are not allowed (tag:yaml.org,2002:int): write plain values"),
])
def test_composer_errors_name_the_problem(text: str, message: str):
    """Undefined or duplicate anchors, extra documents, cycles and tags: one clear line each."""
    assert _error(text) == message


def test_block_nesting_is_measured_too():
    """`- - - …` nesting past the limit is refused where it passes it, not only `[[[…`."""
    assert _error("- " * (MAX_DEPTH + 5) + "x\n") == f"f.yaml:1:{2 * MAX_DEPTH + 1}: error: nesting deeper than {MAX_DEPTH} levels"


def test_a_syntax_error_is_reported_before_a_duplicate_key():
    """A YAML syntax error anywhere in the file is the error shown, even after another problem."""
    assert _error("a: 1\na: 2\nb: [1,\n").startswith("f.yaml:3:4: error: this '[' opens a list that is never closed")


def test_nested_anchors_replay_inside_an_alias():
    """An alias to a node that itself uses an alias reads the whole value, at any depth."""
    doc = load_text("a: &a {x: 1}\nb: &b [*a, *a]\nc: {d: *b}\n", "f.yaml")
    assert doc.data["c"] == {"d": [{"x": 1}, {"x": 1}]}
    assert str(doc.mark(("c", "d", 1, "x"))) == "f.yaml:1:11"


@pytest.mark.parametrize("tag", ["!!str", "!", "!!map"])
def test_every_explicit_tag_is_refused(tag: str):
    """SPEC allows no tags at all: even `!!str 5` or a bare `!` is an error, not silently ignored."""
    assert "YAML tags are not allowed" in _error(f"a: {tag} 5\n")


_PIECES = ["a: 1", "b:", "- x", "- k: v", "k: Phase 2: x", 'q: "open', "r: [1, 2", "s: {a: 1", "t: 'x' y",
           "u: @me", "v: *w", "\tw: 1", "x:y", "]", "}", "#c", "", "  ", "- [", "? k", "&a b: 1", "|", ">-"]


@given(st.lists(st.tuples(st.integers(0, 8), st.sampled_from(_PIECES)), max_size=12))
def test_any_broken_layout_is_an_input_error_at_a_real_place(lines):
    """Random lines of YAML-ish text at random indents load, or give an InputError whose
    place is inside the file: the syntax-error translation never fails itself."""
    text = "\n".join(" " * indent + piece for indent, piece in lines) + "\n"
    try:
        load_text(text, "f.yaml")
    except InputError as exc:
        mark = exc.diagnostics[0].mark
        assert 1 <= mark.line <= text.count("\n") + 1
        assert mark.col >= 1
