"""`accord schema`: JSON Schema for editors, committed, described, and true to the files."""

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA, write

from engine.api import yaml_files
from engine.cli import main
from engine.read.files import file_kind
from engine.read.schema import KINDS, build_schema, missing_descriptions, modeline, schema_text, with_modeline
from engine.read.yamlio import load_file

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = yaml_files([str(ROOT / "rules"), str(ROOT / "scenarios")])
VALID = [*BUNDLED, *yaml_files([str(DATA)])]


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "docs" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_description(kind):
    """Editors show a description for every key of every item."""
    assert missing_descriptions(build_schema(kind)) == []


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_current(kind):
    """docs/schema/<kind>.schema.json is what `accord schema` generates now."""
    committed = (ROOT / "docs" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), "regenerate with: accord schema --write docs/schema"


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(Path(p).relative_to(ROOT)))
def test_valid_files_pass_the_schema(path):
    """Every bundled and valid test file validates against its schema."""
    doc = load_file(path)
    errors = [e.message for e in validator(file_kind(doc)).iter_errors(doc.data)]
    assert errors == []


@pytest.mark.parametrize(("kind", "text"), [
    ("pack", "pack: p\nactors: {a: {nmae: A}}\n"),
    ("pack", "pack: p\nprocedures: {x: {steps: [{name: s, duration: 3}]}}\n"),
    ("pack", "pack: p\nrules: [{id: R, on: go, once: maybe}]\n"),
    ("pack", "pack: p\ndecisions: {d: {options: {a: {}}, chances: {a: 1.5}}}\n"),
    ("scenario", "scenario: s\nrules: [p.yaml]\nuntil: 10 days\n"),
    ("scenario", "scenario: s\nuntil: 1d\n"),
    ("scenario", "scenario: s\nrules: [p.yaml]\nuntil: 1d\ninjects: [{id: I, at: T+0, hold: maybe}]\n"),
])
def test_broken_files_fail_the_schema(tmp_path, kind, text):
    """A misspelt key, a bare number as duration, a wrong type or a missing key fail the schema."""
    doc = load_file(write(tmp_path, "bad.yaml", text))
    assert list(validator(kind).iter_errors(doc.data))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: Path(p).name)
def test_bundled_files_start_with_the_modeline(path):
    """Each bundled file's first line points the YAML language server at its schema."""
    first = Path(path).read_text(encoding="utf-8").splitlines()[0]
    kind = file_kind(load_file(path))
    assert first == f"# yaml-language-server: $schema=../docs/schema/{kind}.schema.json"


def test_modeline_command_adds_then_replaces(tmp_path, capsys):
    """`accord schema --modeline` adds the line once; run again it changes nothing."""
    path = write(tmp_path / "", "p.yaml", "# yaml-language-server: $schema=old.json\npack: p\n")
    assert main(["schema", "--write", str(tmp_path / "schema")]) == 0
    assert main(["schema", "--modeline", path, "--schema-dir", str(tmp_path / "schema")]) == 0
    text = Path(path).read_text()
    assert text == "# yaml-language-server: $schema=schema/pack.schema.json\npack: p\n"
    main(["schema", "--modeline", path, "--schema-dir", str(tmp_path / "schema")])
    assert Path(path).read_text() == text
    assert load_file(path).data == {"pack": "p"}


def test_with_modeline_keeps_the_rest():
    """Adding a modeline keeps the document below it unchanged."""
    assert with_modeline("pack: p\n", "# x") == "# x\npack: p\n"


def test_modeline_is_relative_to_the_file(tmp_path):
    """The modeline's path is relative to the YAML file's folder."""
    assert modeline("scenario", str(tmp_path / "a" / "s.yaml"), str(tmp_path / "docs")).endswith(
        "$schema=../docs/scenario.schema.json")


def test_schema_command_prints_json(capsys):
    """`accord schema scenario` prints the scenario schema as JSON."""
    assert main(["schema", "scenario"]) == 0
    assert json.loads(capsys.readouterr().out)["$id"] == "scenario.schema.json"


MODELINE = b"# yaml-language-server: $schema=../docs/schema/pack.schema.json"


def project(tmp_path: Path, content: bytes) -> Path:
    """A project folder with docs/schema written and ``content`` as packs/p.yaml; its path."""
    assert main(["schema", "--write", str(tmp_path / "docs" / "schema")]) == 0
    (tmp_path / "packs").mkdir()
    path = tmp_path / "packs" / "p.yaml"
    path.write_bytes(content)
    return path


def test_modeline_keeps_crlf_line_ends(tmp_path, capsys):
    """A CRLF file stays CRLF: the modeline ends CRLF and every other byte is kept."""
    body = b"pack: p\r\ntitle: T\r\n"
    path = project(tmp_path, b"# yaml-language-server: $schema=old.json\r\n" + body)
    assert main(["schema", "--modeline", str(path)]) == 0
    assert path.read_bytes() == MODELINE + b"\r\n" + body


def test_modeline_keeps_the_byte_order_mark(tmp_path, capsys):
    """A UTF-8 byte-order mark stays the file's first bytes, before the modeline."""
    path = project(tmp_path, b"\xef\xbb\xbfpack: p\n")
    assert main(["schema", "--modeline", str(path)]) == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + MODELINE + b"\npack: p\n"


def test_modeline_finds_the_projects_schemas_from_anywhere(tmp_path, monkeypatch, capsys):
    """Without --schema-dir, the nearest docs/schema above the file is used, whatever the
    current folder (it was docs/schema under the current folder, unchecked)."""
    path = project(tmp_path / "exercise", b"pack: p\n")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert main(["schema", "--modeline", str(path)]) == 0
    assert path.read_bytes() == MODELINE + b"\npack: p\n"


def test_modeline_without_schemas_is_refused(tmp_path, monkeypatch, capsys):
    """No docs/schema above the file and no --schema-dir: exit 2 naming what is missing, file unchanged."""
    path = Path(write(tmp_path, "p.yaml", "pack: p\n"))
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "--modeline", str(path)]) == 2
    assert "docs/schema/pack.schema.json" in capsys.readouterr().err
    assert path.read_bytes() == b"pack: p\n"


def test_modeline_into_a_missing_schema_dir_is_refused(tmp_path, capsys):
    """--schema-dir naming a folder without the schema: exit 2 naming the folder, file unchanged."""
    path = Path(write(tmp_path, "p.yaml", "pack: p\n"))
    missing = str(tmp_path / "nonexistent")
    assert main(["schema", "--modeline", str(path), "--schema-dir", missing]) == 2
    err = capsys.readouterr().err
    assert f"--schema-dir {missing}" in err
    assert "pack.schema.json" in err
    assert path.read_bytes() == b"pack: p\n"


def test_modeline_changes_no_file_when_one_fails(tmp_path, capsys):
    """Several files: one that cannot get its modeline leaves the others unchanged too."""
    path = project(tmp_path / "ok", b"pack: p\n")
    lost = Path(write(tmp_path, "lost.yaml", "pack: q\n"))
    assert main(["schema", "--modeline", str(path), str(lost)]) == 2
    assert path.read_bytes() == b"pack: p\n"
