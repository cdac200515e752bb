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


def modeline(kind: str, yaml_path: str, schema_dir: str) -> str:
    """The modeline pointing from ``yaml_path`` to the schema, as a relative path."""
    target = os.path.join(schema_dir, f"{kind}.schema.json")
    rel = os.path.relpath(target, os.path.dirname(os.path.abspath(yaml_path)) or ".")
    return f"# yaml-language-server: $schema={rel.replace(os.sep, '/')}"


def with_modeline(text: str, line: str) -> str:
    """``text`` with ``line`` as its first line, replacing an older modeline if any."""
    lines = text.splitlines(keepends=True)
    if lines and MODELINE.fullmatch(lines[0].strip()):
        lines = lines[1:]
    return line + "\n" + "".join(lines)
