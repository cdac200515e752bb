"""Pack events in a spreadsheet: the payload cell's text, and a mapping file's event rules.

A payload cell holds the inside of a YAML flow mapping, ``scale: major, size: 3``, read
with accord's own YAML reader, so a value types exactly as it would under ``with:`` in a
scenario file.
"""

import re
from collections.abc import Mapping
from typing import Any

from engine.check.expr_types import VarType, literal_problem
from engine.errors import InputError
from engine.read.msel.cells import SheetCell, cell_text
from engine.read.msel.profiles import EventRule, PayloadSource, header_key
from engine.read.suggest import not_a_field
from engine.read.yamlio import load_text, plain_scalar
from engine.render.scenario_yaml import scalar

Scalar = str | int | float | bool


# ``name: value, …`` with plain names and values, the usual payload: read without the YAML
# parser (a thousand-row sheet would spend seconds starting it), typed as it types them.
_SIMPLE = re.compile(r"\s*[A-Za-z_][\w.]*\s*:\s+[^\s,:{}\[\]\"'#&*!|>%@`][^,:{}\[\]\"'#]*?\s*")


def parse_payload(text: str) -> dict[str, Scalar]:
    """``scale: major, size: 3`` (braces optional) → ``{"scale": "major", "size": 3}``.

    Raises ValueError when the text is not a flow mapping of scalars."""
    parts = text.split(",")
    if all(_SIMPLE.fullmatch(p) for p in parts):
        pairs = [p.split(":", 1) for p in parts]
        return {k.strip(): plain_scalar(v.strip()) for k, v in pairs}
    body = text if text.lstrip().startswith("{") else "{" + text + "}"
    try:
        data = load_text(body, "payload").data
    except InputError:
        data = None
    if not isinstance(data, dict) or not all(isinstance(v, Scalar) for v in data.values()):
        raise ValueError(f"payload '{text}' is not 'field: value, …' (e.g. 'scale: major, size: 3')")
    return {str(k): v for k, v in data.items()}


def payload_text(payload: Mapping[str, Any]) -> str:
    """The payload cell for ``payload``: ``scale: major, size: 3``."""
    return ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in payload.items())


def payload_problems(event: str, payload: Mapping[str, Any], fields: Mapping[str, VarType]) -> list[str]:
    """What is wrong with ``payload`` for ``event`` (the scenario checker's own messages)."""
    out = []
    for name, value in payload.items():
        if name not in fields:
            out.append(not_a_field(name, event, fields))
        elif problem := literal_problem(value, fields[name], f"{event}.{name}"):
            out.append(problem)
    return out


def matching_rule(rules: tuple[EventRule, ...], by_header: Mapping[str, SheetCell]) -> EventRule | None:
    """The first event rule whose column holds one of its words (ignoring case and spaces)."""
    for rule in rules:
        cell = by_header.get(header_key(rule.column))
        if cell is not None and header_key(cell_text(cell.value)) in {header_key(w) for w in rule.equals}:
            return rule
    return None


def rule_payload(rule: EventRule, by_header: Mapping[str, SheetCell], fields: Mapping[str, VarType]) -> dict[str, Any]:
    """The payload a rule gives a row: constants, and columns' values typed as the fields are."""
    out: dict[str, Any] = {}
    for name, source in rule.payload:
        value = _source_value(source, by_header)
        if value is not None:
            out[name] = _typed(value, fields.get(name))
    return out


def rule_actor(rule: EventRule, by_header: Mapping[str, SheetCell]) -> str | None:
    """The actor a rule attributes a row's event to, if any."""
    if rule.by_column:
        cell = by_header.get(header_key(rule.by_column))
        return (cell_text(cell.value) if cell is not None else "") or None
    return rule.by


def _source_value(source: PayloadSource, by_header: Mapping[str, SheetCell]) -> Any:
    if source.column is None:
        return source.value
    cell = by_header.get(header_key(source.column))
    if cell is None or cell.value is None or cell_text(cell.value) == "":
        return None
    renamed = {header_key(k): v for k, v in source.values}
    return renamed.get(header_key(cell_text(cell.value)), cell.value)


def _typed(value: Any, vt: VarType | None) -> Any:
    """A cell's value as the field's type where the text reads as one (``'3'`` → 3 for int)."""
    if vt is None or not isinstance(value, str):
        return value
    if vt.kind in ("int", "float", "bool"):
        try:
            parsed = parse_payload(f"v: {value}")["v"]
        except ValueError:
            return value
        return parsed
    return value
