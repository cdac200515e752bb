"""Files → validated models: YAML documents, pack includes, scenario overrides and the
mapping of pydantic's errors back to ``path:line:col`` (the structural pass)."""

import copy
import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from engine.errors import Diagnostic, InputError, Mark
from engine.read.pack import Pack
from engine.read.paths import beside, identity
from engine.read.suggest import did_you_mean
from engine.read.yamlio import Doc, Path, load_file

if TYPE_CHECKING:
    from engine.read.scenario import Scenario

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


@dataclass
class PackSource:
    """A pack file as loaded: its document and validated model."""

    doc: Doc
    pack: Pack


@dataclass
class Loaded:
    """A scenario with its packs (includes first), overrides applied."""

    doc: Doc
    scenario: "Scenario"
    packs: list[PackSource] = field(default_factory=list)


def file_kind(doc: Doc) -> str:
    """'pack' or 'scenario', from the document's first key."""
    if not isinstance(doc.data, dict) or not doc.data:
        raise InputError.at(doc.mark(), "expected a mapping starting with `pack:` or `scenario:`")
    first = str(next(iter(doc.data)))
    if first not in ("pack", "scenario"):
        raise InputError.at(
            doc.mark((first,), key=True),
            f"the first key must be `pack:` or `scenario:`, not '{first}'",
        )
    return first


def validate_model(doc: Doc, cls: type[M], data: Any = None) -> M:
    """Check ``doc`` against ``cls``; every error is reported with its place."""
    try:
        return cls.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        raise InputError(_diagnostics(doc, cls, exc)) from None


def _diagnostics(doc: Doc, cls: type[BaseModel], exc: ValidationError) -> list[Diagnostic]:
    seen: dict[Path, Diagnostic] = {}
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
            diag = Diagnostic(doc.mark(loc), _message(err))
        seen.setdefault(loc if kind != "missing" else (*loc, "?missing"), diag)
    return list(seen.values())


def _message(err: Any) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    if kind == "value_error":
        return str(msg).removeprefix("Value error, ")
    if kind == "literal_error":
        wanted = str(msg).removeprefix("Input should be ")
        return f"expected {wanted}, got {value!r}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"expected a probability between 0 and 1, got {value!r}"
    plain = _PLAIN_MESSAGES.get(kind)
    if plain:
        return f"{plain}, got {_show(value)}"
    return f"{msg}, got {_show(value)}"


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


def relative(base: str, target: str) -> str:
    """``target`` as written in ``base``'s folder, keeping the user's path style."""
    return beside(base, target)


def load_pack_docs(path: str, at: Mark | None = None, top: Doc | None = None) -> list[Doc]:
    """The pack at ``path`` and its includes, includes first, each file once (``top``: the
    pack's document if the caller has already read it)."""
    order: list[Doc] = []
    _collect(path, at, order, [], set(), top)
    return order


def read_pack(path: str) -> Doc:
    """The pack file at ``path``, read once per version of the file and shared: a scenario
    and each of its variants (and every scenario of a folder) use the same packs. Never
    change the result; ``load_scenario`` applies overrides to copies."""
    st = os.stat(path)
    # Keyed by the file (device and inode: every spelling of it is one entry) and its
    # version (an edited file is read again), never by how the path is written.
    key = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)
    with _PACKS_LOCK:
        doc = _PACKS.pop(key, None)
    if doc is None:
        doc = load_file(path)
    with _PACKS_LOCK:
        _PACKS[key] = doc  # most recently used last
        while len(_PACKS) > _PACKS_KEPT:
            _PACKS.pop(next(iter(_PACKS)))
    if doc.path == path:
        return doc
    # The same file under another spelling: read once, reported as this caller names it.
    return Doc(path, doc.data, doc.marks, doc.key_marks, doc.foreign, doc.quoted)


_PACKS: dict[tuple[int, int, int, int], Doc] = {}
_PACKS_KEPT = 32
_PACKS_LOCK = threading.Lock()


def _collect(path: str, at: Mark | None, order: list[Doc], stack: list[str], done: set[str],
             top: Doc | None = None) -> None:
    real = identity(path)
    if real in done:
        return
    if real in stack:
        chain = " → ".join([*stack[stack.index(real):], real])
        raise InputError.at(at or Mark(path, 1, 1), f"includes form a cycle: {chain}")
    if not os.path.isfile(path):
        raise InputError.at(at or Mark(path, 1, 1), f"pack file not found: {path}")
    doc = top or read_pack(path)
    if file_kind(doc) != "pack":
        raise InputError.at(at or doc.mark(), f"{path} is a scenario, expected a pack")
    includes = doc.data.get("includes") or []
    if isinstance(includes, list):
        for i, inc in enumerate(includes):
            if isinstance(inc, str):
                _collect(relative(path, inc), doc.mark(("includes", i)), order, [*stack, real], done)
    done.add(real)
    order.append(doc)


def load_scenario(path: str, variant: str | None = None, doc: Doc | None = None) -> Loaded:
    """Read a scenario, its packs and (optionally) one variant's overrides, all validated."""
    from engine.read.scenario import Scenario  # noqa: PLC0415 - checking a pack never loads the scenario models
    doc = doc or load_file(path)
    if file_kind(doc) != "scenario":
        raise InputError.at(doc.mark(), f"{path} is a pack, expected a scenario")
    scenario = validate_model(doc, Scenario)
    if variant is not None and variant not in scenario.variants:
        names = ", ".join(scenario.variants) or "none"
        hint = did_you_mean(variant, scenario.variants)
        raise InputError.at(doc.mark(), f"unknown variant '{variant}'{hint} (variants: {names})")
    pack_docs = _scenario_pack_docs(path, doc, scenario)
    changes: list[tuple[Path, dict[str, Any]]] = [(("overrides",), scenario.overrides)]
    if variant is not None:
        changes.append((("variants", variant, "overrides"), scenario.variants[variant].overrides))
    errors: list[Diagnostic] = []
    if any(overrides for _, overrides in changes):
        pack_docs = [_copy(d) for d in pack_docs]  # the read packs are shared: change copies
        for loc, overrides in changes:
            _apply(pack_docs, doc, loc, overrides, errors)
    packs = validate_packs(pack_docs, errors)
    if errors:
        raise InputError(errors)
    return Loaded(doc, scenario, packs)


def validate_packs(docs: list[Doc], errors: list[Diagnostic]) -> list[PackSource]:
    """The pack documents that are valid Pack models; the errors of the others go to ``errors``."""
    packs: list[PackSource] = []
    for d in docs:
        try:
            packs.append(PackSource(d, validate_model(d, Pack)))
        except InputError as exc:
            errors.extend(exc.diagnostics)
    return packs


def _scenario_pack_docs(path: str, doc: Doc, scenario: "Scenario") -> list[Doc]:
    docs: list[Doc] = []
    seen: set[str] = set()
    errors: list[Diagnostic] = []
    for i, rel in enumerate(scenario.rules):
        try:
            for d in load_pack_docs(relative(path, rel), doc.mark(("rules", i))):
                if identity(d.path) not in seen:
                    seen.add(identity(d.path))
                    docs.append(d)
        except InputError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise InputError(errors)
    return docs


def _copy(doc: Doc) -> Doc:
    return Doc(doc.path, copy.deepcopy(doc.data), dict(doc.marks), dict(doc.key_marks), quoted=set(doc.quoted))


def _apply(docs: list[Doc], sdoc: Doc, base: Path, overrides: dict[str, Any], errors: list[Diagnostic]) -> None:
    for dotted, value in overrides.items():
        mark = sdoc.mark((*base, dotted), key=True)
        try:
            _apply_one(docs, dotted, value, mark, sdoc.mark((*base, dotted)))
        except InputError as exc:
            errors.extend(exc.diagnostics)


def _apply_one(docs: list[Doc], dotted: str, value: Any, key_mark: Mark, value_mark: Mark) -> None:
    parts = dotted.split(".")
    section = parts[0]
    tables = [(doc, doc.data.get(section)) for doc in docs if isinstance(doc.data, dict)]
    # An existing path in any pack first; only then a new key below an existing item (an
    # optional field the item lacks). Never a new item of a section: that is a typo.
    for add in (False, True):
        for doc, table in tables:
            if table is None:
                continue
            loc = _walk(table, parts[1:], add=add, top=True)
            if loc is not None:
                _assign(doc, (section, *loc), value, value_mark)
                return
    raise InputError.at(key_mark, f"override path '{dotted}' matches nothing in the packs")


def _walk(node: Any, parts: list[str], *, add: bool, top: bool = False) -> list[str | int] | None:
    """Resolve dotted ``parts`` under ``node``; keys may themselves contain dots. With ``add``,
    the last part may be a new key, except directly under a section (``top``)."""
    if not parts:
        return []
    if isinstance(node, list):
        return _walk_list(node, parts, add)
    if not isinstance(node, dict):
        return None
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in node:
            rest = _walk(node[key], parts[n:], add=add) if n < len(parts) else []
            if rest is not None:
                return [key, *rest]
    if add and not top and len(parts) == 1:
        return [parts[0]]  # a new key under an existing item, e.g. an optional field
    return None


def _walk_list(node: list[Any], parts: list[str], add: bool) -> list[str | int] | None:
    if parts[0].isdigit() and int(parts[0]) < len(node):
        rest = _walk(node[int(parts[0])], parts[1:], add=add)
        return None if rest is None else [int(parts[0]), *rest]
    for i, item in enumerate(node):  # list items may be addressed by their id
        for n in range(len(parts), 0, -1):
            if isinstance(item, dict) and item.get("id") == ".".join(parts[:n]):
                rest = _walk(item, parts[n:], add=add)
                if rest is not None:
                    return [i, *rest]
    return None


def _assign(doc: Doc, loc: Path, value: Any, mark: Mark) -> None:
    node = doc.data
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = copy.deepcopy(value)
    # The pack's marks below this point describe the replaced value: errors in the new
    # value must point at the scenario that wrote it.
    for table in (doc.marks, doc.key_marks):
        for old in [k for k in table if k[: len(loc)] == loc and len(k) > len(loc)]:
            del table[old]
    doc.quoted -= {k for k in doc.quoted if k[: len(loc)] == loc}
    doc.foreign[loc] = mark
