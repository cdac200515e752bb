"""Issue 12, item 7: the facts the Paris pack rests on ship inside the project
(rules/sources.md, each with its public reference) and every `source:` cites them by a
stable anchor; rules/README.md says where the contract lives and maps the declaration's
text clause by clause."""

import re

import pytest
import yaml
from paris_helpers import PACK, ROOT, SOURCES

from engine import api

README = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
SOURCES_TEXT = SOURCES.read_text(encoding="utf-8")
ANCHORS = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', SOURCES_TEXT))
PARIS_FILES = [PACK, *sorted((ROOT / "scenarios").glob("*.yaml"))]


def sources_in(node, where=""):
    """Every (where, text) of a `source:` value in a parsed YAML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                yield where, value
            else:
                yield from sources_in(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from sources_in(value, f"{where}.{i}")


@pytest.mark.parametrize("path", PARIS_FILES, ids=lambda p: p.name)
def test_every_source_cites_an_anchor_of_sources_md_or_says_estimate(path):
    """A reader can follow every `source:` to sources.md: it cites anchors that exist there
    (`sources.md#fact-germany-bundestag`), or says `estimate` or `assumption`; none cites
    a file outside the project."""
    found = list(sources_in(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert found
    for where, text in found:
        assert "FACTS" not in text, where
        assert "/work/" not in text, where
        cited = re.findall(r"#((?:decl|fact)-[a-z0-9-]+)", text)
        assert set(cited) <= ANCHORS, (where, set(cited) - ANCHORS)
        assert cited or re.search(r"\b(estimate|assumption)\b", text, re.I), (where, text)


def test_every_fact_has_a_public_reference_and_every_clause_is_quoted():
    """Each `fact-` entry of sources.md gives its public reference; each declaration clause
    (`decl-`) quotes the text."""
    blocks = dict(re.findall(r'<a id="([a-z0-9-]+)"></a>(.*?)(?=<a id=|\Z)', SOURCES_TEXT, re.S))
    assert len([a for a in blocks if a.startswith("fact-")]) >= 30
    for anchor, block in blocks.items():
        if anchor.startswith("fact-"):
            assert "Reference:" in block, anchor
        elif anchor != "decl-participants":
            assert "\n> " in block, anchor


def test_every_national_procedure_figure_matches_sources_md():
    """The 15 national procedures' ranges (min / most likely / max days) in the pack are the
    figures sources.md gives under the anchor their step's `source:` cites."""
    figures = {a: tuple(int(x) for x in f) for a, *f in re.findall(
        r"`#(fact-[a-z0-9-]+)` \((\d+) / (\d+) / (\d+) d", SOURCES_TEXT)}
    assert len(figures) == 15
    pack = yaml.safe_load(PACK.read_text(encoding="utf-8"))
    checked = set()
    for procedure in pack["procedures"].values():
        for step in procedure["steps"]:
            cited = re.match(r"sources\.md#(fact-[a-z0-9-]+): .*?(\d+)/(\d+)/(\d+) d", step["source"])
            if cited is None or cited.group(1) not in figures:
                continue
            anchor, *range_ = cited.groups()
            days = [int(d.rstrip("d")) for d in re.findall(r"\d+d?", str(step["duration"]))]
            assert tuple(int(x) for x in range_) == figures[anchor], anchor
            assert days in (list(figures[anchor]), [figures[anchor][0]] * (len(set(figures[anchor])) == 1)), anchor
            checked.add(anchor)
    assert checked == set(figures)


def test_rules_readme_names_the_contract_and_no_machine_path():
    """rules/README.md says where the contract lives (SPEC.md, beside the project, with the
    JSON Schema and docs/reference.md in it) and points at no path on a developer's machine."""
    assert "/work/" not in README
    assert not re.search(r"(?m)(^|\s|`)/(home|Users|tmp)/", README)
    assert "SPEC.md" in README
    assert "docs/schema/pack.schema.json" in README
    assert "sources.md" in README


def test_rules_readme_maps_the_declaration_clause_by_clause():
    """rules/README.md has a table: declaration text → model → what is an estimate → what is
    left out, with a row for activation, each of the five components and the coordination
    group."""
    header = re.search(r"(?m)^\| *Declaration text *\| *Model *\| *Estimates? *\| *Left out *\|$", README)
    assert header is not None
    table = README[header.start():].split("\n\n", 1)[0]
    rows = [r for r in table.splitlines()[2:] if r.startswith("|")]
    assert len(rows) >= 7
    for quote in ("activated after the ceasefire", "Special Commission", "continue to provide",
                  "strictly implemented at Ukraine's request", "may include", "deepen long-term",
                  "coordination group"):
        assert any(quote in r for r in rows), quote


def test_bundled_files_still_validate_after_the_citations():
    """`accord validate rules scenarios examples` finds no error."""
    report = api.validate([str(ROOT / "rules"), str(ROOT / "scenarios"), str(ROOT / "examples")])
    assert report.diagnostics == []
