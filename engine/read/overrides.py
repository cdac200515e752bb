"""Scenario overrides: changes to the loaded packs by dotted path
(``procedures.bravo_parliament.steps.1.duration: 1d``), applied to copies of the shared
pack documents, and, for a path that matches nothing, which step failed, what exists
there and the closest name.

Keys may themselves contain dots (state and event names) and are matched greedily; list
items are addressed by index or by id. An override may add an optional key an item lacks,
never a new item of a section (a misspelt id is an error, not an addition).
"""

import copy
from typing import Any

from engine.errors import Diagnostic, InputError, Mark
from engine.read.suggest import did_you_mean
from engine.read.yamlio import Doc, Path

_LISTED = 12  # keys listed in full; beyond, the first ones and a count


def copied(doc: Doc) -> Doc:
    """A copy of ``doc`` that overrides may change (the read packs are shared)."""
    return Doc(doc.path, copy.deepcopy(doc.data), dict(doc.marks), dict(doc.key_marks), quoted=set(doc.quoted))


def apply_overrides(docs: list[Doc], sdoc: Doc, base: Path, overrides: dict[str, Any],
                    errors: list[Diagnostic]) -> None:
    """Apply ``overrides`` (at ``base`` in the scenario ``sdoc``) to the pack documents
    ``docs``, in place; each path that matches nothing adds its error to ``errors``."""
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
    raise InputError.at(key_mark, f"override path '{dotted}' matches nothing: {why_no_match(docs, parts)}")


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


def why_no_match(docs: list[Doc], parts: list[str]) -> str:
    """Which step of the dotted ``parts`` fails in every pack, what exists at that step,
    and the closest name: ``'procedures' has no 'bravo_prc' (did you mean 'bravo_proc'?);
    it has: bravo_proc, charlie_proc``."""
    section = parts[0]
    tables = [doc.data[section] for doc in docs if isinstance(doc.data, dict) and section in doc.data]
    if not tables:
        sections = [k for doc in docs if isinstance(doc.data, dict) for k, v in doc.data.items()
                    if isinstance(v, (dict, list))]
        return f"the packs have no section '{section}'{did_you_mean(section, sections)}; sections: {_listed(sections)}"
    reached = [_deepest(table, parts[1:], section) for table in tables]
    depth, node, where = max(reached, key=lambda r: r[0])
    rest = parts[1 + depth:]
    if isinstance(node, dict):
        missing, hint = _closest(rest, list(node))
        added = " (an override can change an item, not add one)" if depth == 0 else ""
        return f"'{where}' has no '{missing}'{hint}; it has: {_listed(list(node))}{added}"
    if isinstance(node, list):
        ids = [str(item["id"]) for item in node if isinstance(item, dict) and "id" in item]
        by_id = f" or an id ({_listed(ids)})" if ids else ""
        hint = did_you_mean(rest[0], ids) if ids else ""
        span = "none: it is empty" if not node else "0" if len(node) == 1 else f"0–{len(node) - 1}"
        return f"'{where}' is a list of {len(node)} item(s): '{rest[0]}' is not one{hint}; use an index ({span}){by_id}"
    return f"'{where}' is a single value ({node!r}), so it has no '{rest[0]}'"


def _closest(rest: list[str], keys: list[str]) -> tuple[str, str]:
    """The missing key (one part, or several joined when they are close to a dotted key)
    and its "did you mean" hint."""
    for n in range(1, len(rest) + 1):  # the shortest: 'treaty.in_forc', not 'treaty.in_forc.initial'
        hint = did_you_mean(".".join(rest[:n]), keys)
        if hint:
            return ".".join(rest[:n]), hint
    return rest[0], ""


def _deepest(node: Any, parts: list[str], where: str) -> tuple[int, Any, str]:
    """(how many of ``parts`` resolve under ``node``, the node they reach, its dotted path)."""
    best = (0, node, where)
    for n, key in _steps(node, parts):
        child = node[key]
        label = key if isinstance(key, str) else str(key)
        found = _deepest(child, parts[n:], f"{where}.{label}")
        if found[0] + n > best[0]:
            best = (found[0] + n, found[1], found[2])
    return best


def _steps(node: Any, parts: list[str]) -> list[tuple[int, str | int]]:
    """The ways the first parts can name a child of ``node``: (parts used, key or index)."""
    out: list[tuple[int, str | int]] = []
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        if isinstance(node, dict) and name in node:
            out.append((n, name))
        elif isinstance(node, list):
            if n == 1 and name.isdigit() and int(name) < len(node):
                out.append((1, int(name)))
            out += [(n, i) for i, item in enumerate(node) if isinstance(item, dict) and item.get("id") == name]
    return out


def _listed(names: list[str]) -> str:
    if not names:
        return "nothing"
    if len(names) <= _LISTED:
        return ", ".join(names)
    return ", ".join(names[:_LISTED]) + f", … ({len(names) - _LISTED} more)"
