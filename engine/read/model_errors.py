"""The structural pass's errors: a document checked against its pydantic model, every
error mapped from pydantic's ``loc`` back to the node's ``path:line:col`` and said in the
author's terms (what was expected, what was found, and how to write it)."""

from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from engine.errors import Diagnostic, InputError
from engine.read.suggest import did_you_mean
from engine.read.yamlio import Doc, Path

M = TypeVar("M", bound=BaseModel)

_PLAIN_MESSAGES = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "model_attributes_type": "expected a mapping of keys to values",
}
# What an author writes for each expected shape, when what was found has another shape.
_SHAPES = {
    ("expected a list", "a mapping"): "write its items as '- item' lines (or [a, b]), without 'key:'",
    ("expected a mapping of keys to values", "a list"): "write 'key: value' lines, without '- '",
}


def validate_model(doc: Doc, cls: type[M], data: Any = None) -> M:
    """Check ``doc`` against ``cls``; every error is reported with its place."""
    try:
        return cls.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        raise InputError(_diagnostics(doc, cls, exc)) from None


def _diagnostics(doc: Doc, cls: type[BaseModel], exc: ValidationError) -> list[Diagnostic]:
    seen: dict[Path, Diagnostic] = {}
    alternatives: dict[Path, list[Any]] = {}  # the errors of one value: a union's alternatives
    for err in exc.errors(include_url=False):
        loc = _data_loc(doc.data, err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(err["loc"][-1])
            hint = did_you_mean(key, _allowed_keys(cls, loc[:-1]))
            diag = Diagnostic(doc.mark(loc, key=True), f"unknown key '{key}'{hint}")
        elif kind == "missing":
            key = str(err["loc"][-1])
            diag = Diagnostic(doc.mark(loc[:-1]), f"missing required key '{key}'")
        else:
            alternatives.setdefault(loc, []).append(err)
            diag = Diagnostic(doc.mark(loc), _message(alternatives[loc], _field(cls, loc)))
            seen[loc] = diag  # the latest message has every alternative so far
            continue
        seen.setdefault(loc if kind != "missing" else (*loc, "?missing"), diag)
    return list(seen.values())


def _message(errors: list[Any], info: FieldInfo | None) -> str:
    """One value's errors as one message: every alternative of a union, and an example."""
    first = errors[0]
    kind, msg, value = first["type"], first["msg"], first.get("input")
    if kind == "value_error":
        return str(msg).removeprefix("Value error, ")
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"expected a probability between 0 and 1, got {value!r}"
    wanted = _alternatives([_expected(e) for e in errors])
    text = f"{wanted}, got {_show(value)}"
    shape = _SHAPES.get((wanted, _show(value)))
    if shape:
        return f"{text}: {shape}"
    if len(errors) > 1 and info is not None and info.description:
        meaning = info.description.rstrip(".")
        return f"{text} ({meaning[:1].lower()}{meaning[1:]})"
    return text


def _expected(err: Any) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "literal_error":
        return "expected " + str(msg).removeprefix("Input should be ")
    return _PLAIN_MESSAGES.get(kind, str(msg))


def _alternatives(texts: list[str]) -> str:
    """``expected 'all', 'any' or 'lead'`` and ``expected a whole number`` → ``expected
    'all', 'any' or 'lead', or a whole number`` (a number covers a whole number)."""
    parts = list(dict.fromkeys(t.removeprefix("expected ") for t in texts))
    if "a number" in parts and "a whole number" in parts:
        parts.remove("a whole number")
    if len(parts) == 1:
        return f"expected {parts[0]}"
    return "expected " + ", ".join(parts[:-1]) + ", or " + parts[-1]


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _data_loc(data: Any, loc: tuple[Any, ...]) -> Path:
    """Keep the parts of pydantic's ``loc`` that index the data (drop union tags)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if (isinstance(node, dict) and part in node) or in_list:
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part.endswith("_"):
            continue
    if loc and isinstance(loc[-1], str) and loc[-1] not in out and isinstance(node, dict):
        out.append(loc[-1])  # a missing or unknown key: point at its parent mapping
    return tuple(out)


def _field(cls: type[BaseModel], loc: Path) -> FieldInfo | None:
    """The model field that holds the value at ``loc``, if ``loc`` ends at a field (not at
    a list index or a key of a mapping of items)."""
    target: Any = cls
    info: FieldInfo | None = None
    container = False  # the next part is an index or an item's key, not a field
    for part in loc:
        if container:
            container, info = False, None
            continue
        if not (isinstance(target, type) and issubclass(target, BaseModel)):
            return None
        info = next((f for n, f in target.model_fields.items() if (f.alias or n) == part), None)
        if info is None:
            return None
        target = _inner_model(info.annotation)
        container = not (isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel))
    return info


def _allowed_keys(cls: type[BaseModel], loc: Path) -> list[str]:
    """The keys the model at ``loc`` accepts, for 'did you mean'."""
    target: Any = cls
    for part in loc:
        if not (isinstance(target, type) and issubclass(target, BaseModel)):
            return []
        info = next((f for n, f in target.model_fields.items() if (f.alias or n) == part), None)
        if info is not None:  # a field; otherwise a list index or a dict key: same model
            target = _inner_model(info.annotation)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return [f.alias or n for n, f in target.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    """The model class inside ``list[X]``, ``dict[str, X]`` or ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
