"""JSON Schema of the pack, scenario and mapping files, built from the pydantic models, for editors
(the YAML language server reads ``# yaml-language-server: $schema=…`` modelines).

The schema checks structure only (keys, types, duration shapes); references, expressions
and everything else ``accord validate`` checks are beyond it.
"""

import json
import os
import re
from typing import Any

from pydantic import BaseModel

from engine.read.msel.mapping import Mapping
from engine.read.pack import Pack
from engine.read.scenario import Scenario

KINDS: dict[str, type[BaseModel]] = {"pack": Pack, "scenario": Scenario, "mapping": Mapping}
DRAFT = "https://json-schema.org/draft/2020-12/schema"
MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=\S*")
SCHEMA_DIR = os.path.join("docs", "schema")  # where a project keeps its schemas (accord's checkout does)
BOM = "\ufeff"
_LINE_END = re.compile(r"\r\n|\r|\n")  # YAML's line breaks (str.splitlines knows more)


def build_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a ``pack``, ``scenario`` or ``mapping`` file."""
    schema = KINDS[kind].model_json_schema(by_alias=True)
    return {"$schema": DRAFT, "$id": f"{kind}.schema.json", **schema}


def schema_text(kind: str) -> str:
    """The schema as committed in ``docs/schema/<kind>.schema.json``."""
    return json.dumps(build_schema(kind), indent=1, ensure_ascii=False) + "\n"


def missing_descriptions(schema: Any, where: str = "") -> list[str]:
    """Every property of ``schema`` (at any depth) that has no description."""
    out: list[str] = []
    if isinstance(schema, dict):
        for name, prop in schema.get("properties", {}).items():
            if not (isinstance(prop, dict) and prop.get("description")):
                out.append(f"{where}.{name}")
        for key, value in schema.items():
            out += missing_descriptions(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for value in schema:
            out += missing_descriptions(value, where)
    return out


def schema_file(kind: str, schema_dir: str) -> str:
    """The path of ``kind``'s schema in ``schema_dir``: ``<schema_dir>/<kind>.schema.json``."""
    return os.path.join(schema_dir, f"{kind}.schema.json")


def nearest_schema_dir(kind: str, yaml_path: str) -> str | None:
    """The nearest ``docs/schema`` that holds ``kind``'s schema, in the YAML file's folder or
    a folder above it (the file's project, wherever the command runs); None if there is none."""
    folder = os.path.dirname(os.path.abspath(yaml_path))
    while True:
        candidate = os.path.join(folder, SCHEMA_DIR)
        if os.path.isfile(schema_file(kind, candidate)):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def modeline(kind: str, yaml_path: str, schema_dir: str) -> str:
    """The modeline pointing from ``yaml_path`` to the schema, as a relative path."""
    rel = os.path.relpath(schema_file(kind, schema_dir), os.path.dirname(os.path.abspath(yaml_path)) or ".")
    return f"# yaml-language-server: $schema={rel.replace(os.sep, '/')}"


def with_modeline(text: str, line: str) -> str:
    """``text`` (as read, line ends untranslated) with ``line`` as its first line, replacing
    an older modeline if any. Everything else is kept: a UTF-8 byte-order mark stays first,
    the new line ends as the file's first line does (CRLF stays CRLF; LF in a file with no
    line end), and the other lines are unchanged, byte for byte."""
    bom = BOM if text.startswith(BOM) else ""
    body = text.removeprefix(bom)
    end = _LINE_END.search(body)
    first = body[:end.start()] if end else body
    if MODELINE.fullmatch(first.strip()):
        body = body[end.end():] if end else ""
    return bom + line + (end.group() if end else "\n") + body
