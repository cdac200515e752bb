"""YAML reading: YAML 1.2 booleans, marks, and SPEC's flow-mapping distributions."""

from engine.yamlio import load_text


def test_only_true_and_false_are_booleans():
    """`on`, `yes`, `no`, `off` stay strings; `true`/`false` are booleans."""
    doc = load_text("on: x\nv: [yes, no, on, off, true, false]\n", "f.yaml")
    assert doc.data == {"on": "x", "v": ["yes", "no", "on", "off", True, False]}


def test_numbers_and_nulls():
    """Plain numbers become int/float; quoted ones stay text; ~ is null."""
    doc = load_text("a: [1, 1.5, '2', ~, 0x10]\n", "f.yaml")
    assert doc.data == {"a": [1, 1.5, "2", None, 16]}


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
