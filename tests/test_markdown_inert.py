"""Markdown never carries live markup (issue 13, item 4): every text field, in every Markdown
output (report with its after-action section, compare, sweep, handout, MSEL), reaches a
Markdown viewer as text. Each output is rendered by a CommonMark renderer with raw HTML
allowed (as code-hosting sites render README-like files) and the HTML is inspected."""

import io
import sys
import typing
from html.parser import HTMLParser

import pytest
from conftest import DATA
from markdown_it import MarkdownIt
from pydantic import BaseModel

from engine.cli import main
from engine.read import pack as pack_models
from engine.read import scenario as scenario_models
from engine.render.md import cell, inline, prose
from tests.hostile import ACTIVE, NOT_TEXT, TEXT_FIELDS, hostile_files

ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
                "strong", "em", "code", "br", "img", "a"}


class Tags(HTMLParser):
    """Start tags and their attributes, and the text, of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def rendered(markdown: str) -> Tags:
    """The Markdown as a viewer shows it: CommonMark, tables, raw HTML passed through."""
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    tags = Tags()
    tags.feed(html)
    return tags


def assert_inert(markdown: str, name: str) -> None:
    """No tag beyond plain document structure; images only accord's own local charts; links
    only accord's own, within the page (its contents' ``#anchors``)."""
    view = rendered(markdown)
    for tag, attrs in view.tags:
        assert tag in ALLOWED_TAGS, f"{name}: <{tag} {attrs}>"
        if tag == "img":
            src = attrs.get("src") or ""
            assert ":" not in src, f"{name}: an image loads {src}"
            assert "/" not in src, f"{name}: an image loads {src}"
    for tag, attrs in view.tags:
        if tag == "a":
            assert (attrs.get("href") or "").startswith("#"), f"{name}: a link to {attrs.get('href')}"
            assert set(attrs) == {"href"}, f"{name}: <a {attrs}>"


def test_a_description_with_a_script_is_shown_as_text(tmp_path, capsys):
    """The issue's example: `<script>` in a scenario's description is text in report.md."""
    text = (DATA / "attack_day_ten.yaml").read_text(encoding="utf-8").replace(
        "Free text for the exercise documents.", "Free text <script>alert(1)</script> for the documents.")
    (tmp_path / "attack_day_ten.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "mutual_defence.yaml").write_text((DATA / "mutual_defence.yaml").read_text(encoding="utf-8"))
    assert main(["run", str(tmp_path / "attack_day_ten.yaml"), "--nominal", "-q", "--format", "md",
                 "--out", str(tmp_path / "out")]) == 0
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in report
    assert_inert(report, "report.md")
    assert "Free text <script>alert(1)</script> for the documents." in "".join(rendered(report).text)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "![x](http://example.invalid/p.png)", "[c](javascript:alert(1))",
    "<http://example.invalid>", "<img src=x onerror=alert(1)>", "[r]: javascript:alert(1)\n[r]",
    "<!-- hidden -->", "&lt;b&gt;", "\\[x\\](javascript:alert(1))", "a\\", "[y](javascript:z) `x`",
])
@pytest.mark.parametrize("escape", [inline, prose, cell])
def test_each_escape_shows_active_syntax_as_its_own_text(text, escape):
    """inline, prose and cell leave no tag or link, and the reader sees the original characters
    (line breaks within a paragraph shown as Markdown shows them; a code span without its ticks)."""
    markdown = f"| head |\n|---|\n| {escape(text)} |\n" if escape is cell else escape(text) + "\n"
    assert_inert(markdown, repr(text))
    shown = "".join(rendered(markdown).text).strip().removeprefix("head").strip()
    assert shown == " ".join(text.split("\n")).replace("`", "") if escape is not prose else \
        shown == text.replace("`", "")


@pytest.mark.parametrize("line", ["# heading", "> quote", "- item", "+ item", "* item", "1. one", "3) three",
                                  "```", "~~~", "---", "===", "    indented", "| a | b |"])
def test_prose_opens_no_block(line):
    """A description's line cannot open a heading, quote, list, code block or table."""
    view = rendered(f"first line\n{prose(line)}\n\n{prose(line)}\n")
    assert {t for t, _ in view.tags} <= {"p", "br"}
    assert line.strip() in "".join(view.text)


def _models() -> list[type[BaseModel]]:
    found = []
    for module in (pack_models, scenario_models):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def _textual(annotation: object) -> bool:
    """Whether a field's type can hold text (str, str | None, list[str], dict[str, str]…)."""
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _textual(typing.get_args(annotation)[0])
    if origin is typing.Literal or origin is dict:
        return origin is dict and _textual(typing.get_args(annotation)[1])
    return any(_textual(a) for a in typing.get_args(annotation))


def test_the_hostile_files_cover_every_text_field():
    """Every str field of every file model is either a text field the hostile files fill, or a
    listed id, reference or expression: a new text field cannot escape the sweep below."""
    for model in _models():
        fields = {name for name, info in model.model_fields.items() if _textual(info.annotation) and name != "meta"}
        listed = set(TEXT_FIELDS.get(model.__name__, ())) | set(NOT_TEXT.get(model.__name__, ()))
        assert fields - listed == set(), f"{model.__name__}: classify {fields - listed} in tests/hostile.py"


def _play(monkeypatch, lines: list[str], *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    return main(["play", *args])


def test_every_markdown_output_of_hostile_files_is_inert(tmp_path, monkeypatch, capsys):
    """A pack and a scenario with active syntax in every text field (titles, descriptions,
    narratives, notes, names, sources, prompts, option and variant titles, enum values,
    payloads), and a facilitator's note and rating comment with it too: report.md (with the
    after-action report), compare.md, sweep.md, the handout and the MSEL hold no live markup,
    and the text is still there to read."""
    scenario = str(hostile_files(tmp_path))
    out = tmp_path / "out"
    journal = str(tmp_path / "journal.jsonl")
    session = [f"note {ACTIVE.splitlines()[0]}", f"rate OBJ-1 P {ACTIVE.splitlines()[0]}", "advance T+10d",
               "decide attribution adversary", "end"]
    assert main(["run", scenario, "-q", "--format", "md", "--out", str(out / "run")]) == 0
    assert main(["compare", scenario, "--no-charts", "-q", "--out", str(out / "compare")]) == 0
    assert main(["sweep", scenario, "--runs", "5", "--variants", "all", "--workers", "1", "--no-charts", "-q",
                 "--out", str(out / "sweep")]) == 0
    assert main(["msel", scenario, "--format", "md", "--out", str(out / "msel.md")]) == 0
    assert _play(monkeypatch, session, scenario, "--journal", journal, "--out", str(out / "play")) == 0
    assert _play(monkeypatch, [], "--resume", journal, "--handout", str(out / "handout.md")) == 0
    documents = sorted(out.rglob("*.md"))
    assert [p.relative_to(out).as_posix() for p in documents] == [
        "compare/compare.md", "handout.md", "msel.md", "play/report.md", "run/report.md", "sweep/sweep.md"]
    for path in documents:
        markdown = path.read_text(encoding="utf-8")
        assert_inert(markdown, path.name)
        assert "alert(1)" in "".join(rendered(markdown).text), f"{path.name}: the text was dropped"
    shown = "".join(rendered((out / "run" / "report.md").read_text(encoding="utf-8")).text)
    assert "<script>alert(1)</script>" in shown  # shown to the reader as the characters written


def test_text_fields_reach_the_reports(tmp_path):
    """The sweep above is not vacuous: the report shows the scenario's, the injects' and the
    objectives' texts, and the MSEL the injects' controller texts."""
    scenario = str(hostile_files(tmp_path))
    assert main(["run", scenario, "-q", "--format", "md", "--out", str(tmp_path / "o")]) == 0
    assert main(["msel", scenario, "--format", "md", "--out", str(tmp_path / "m.md")]) == 0
    shown = "".join(rendered((tmp_path / "o" / "report.md").read_text(encoding="utf-8")).text)
    shown += "".join(rendered((tmp_path / "m.md").read_text(encoding="utf-8")).text)
    for label in ("Scenario.title", "Scenario.description", "Inject.title", "Inject.narrative", "Inject.notes",
                  "Inject.expected_response", "Inject.from_", "Inject.to", "Objective.title", "Objective.capability",
                  "Response.title", "Actor.name", "Step.name", "Phase.name", "Action.note"):
        assert f"({label})" in shown, label


def test_field_annotations_are_understood():
    """The coverage test sees text in every form a model declares it (a guard for the guard)."""
    assert _textual(str | None)
    assert _textual(list[str])
    assert _textual(dict[str, str])
    assert _textual(str | list[str] | None)
    assert not _textual(typing.Literal["a", "b"])
    assert not _textual(dict[str, float])
    assert not _textual(int | None)
