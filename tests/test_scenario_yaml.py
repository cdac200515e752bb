"""Plain data written as YAML reads back as the same data with accord's own reader."""

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.read.yamlio import load_text
from engine.render.scenario_yaml import dump, scalar

KEYS = st.text(min_size=1, max_size=12).filter(lambda k: k.strip() == k)
SCALARS = st.one_of(st.text(max_size=40), st.integers(-10**6, 10**6), st.booleans(),
                    st.floats(allow_nan=False, allow_infinity=False, width=32))
DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
                    max_leaves=12)


@settings(max_examples=300)
@given(st.dictionaries(KEYS, DATA, min_size=1, max_size=5))
def test_dump_reads_back_as_the_same_data(data):
    """Any mapping of text, numbers, booleans, lists and mappings survives the trip."""
    assert load_text(dump(data), "x.yaml").data == data


def test_scalars_that_other_readers_would_change_are_quoted():
    """Numbers, YAML 1.1 booleans, indicators and control characters get quotes; ids and
    durations stay plain."""
    assert [scalar(s) for s in ("1", "yes", "No", "1:30", "@x", "a: b", "x\ty", "I-01", "T+2d", "2d", "../p.yaml")] == [
        '"1"', '"yes"', '"No"', '"1:30"', '"@x"', '"a: b"', '"x\\ty"', "I-01", "T+2d", "2d", "../p.yaml"]


def test_comments_name_where_items_came_from():
    """A comment line goes above the item it is given for."""
    text = dump({"injects": [{"id": "a"}, {"id": "b"}]}, {("injects", 1): "msel.xlsx:MSEL!3:3"}, header="Imported")
    assert text == '# Imported\ninjects:\n  - id: a\n  # msel.xlsx:MSEL!3:3\n  - id: b\n'


def test_a_text_with_an_open_parenthesis_reads_back_alone() -> None:
    """'(' in a flow list is quoted: accord's reader would join it to the next item, as it does
    for a distribution that YAML cut at its commas (found by hypothesis: [(, A] read as ['(, A'])."""
    data = {"k": ["(", "A"], "m": ["pert(1d", "x)"]}
    assert load_text(dump(data), "t.yaml").data == data
