"""Files → validated models: YAML documents, pack includes and scenario overrides (the
structural pass; its errors are said by ``model_errors``)."""

import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.errors import Diagnostic, InputError, Mark
from engine.read.model_errors import validate_model
from engine.read.overrides import apply_overrides, copied
from engine.read.pack import Pack
from engine.read.paths import beside, identity
from engine.read.safe_open import not_readable
from engine.read.suggest import did_you_mean
from engine.read.yamlio import Doc, Path, first_key_problem, load_file

if TYPE_CHECKING:
    from engine.read.scenario import Scenario

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
    """'pack', 'scenario' or 'mapping' (a spreadsheet MSEL layout), from the document's first key."""
    if not isinstance(doc.data, dict) or not doc.data:
        raise InputError.at(doc.mark(), "expected a mapping starting with `pack:` or `scenario:`")
    first = str(next(iter(doc.data)))
    problem = first_key_problem(first)
    if problem is not None:
        raise InputError.at(doc.mark((first,), key=True), problem)
    return first


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


def _collect(path: str, at: Mark | None, order: list[Doc], stack: list[tuple[str, str]], done: set[str],
             top: Doc | None = None) -> None:
    """Add the pack at ``path`` after its includes; ``stack``: the includers being read, as
    (identity, spelling), so that a cycle through two spellings of a file is found and told
    in the spellings the files use."""
    real = identity(path)
    if real in done:
        return
    reals = [r for r, _ in stack]
    if real in reals:
        chain = " → ".join([*(shown for _, shown in stack[reals.index(real):]), path])
        raise InputError.at(at or Mark(path, 1, 1), f"includes form a cycle: {chain}")
    problem = not_readable(path, "a pack file")
    if problem == "file not found":
        raise InputError.at(at or Mark(path, 1, 1), f"pack file not found: {path}")
    if problem is not None:
        raise InputError.at(at or Mark(path, 1, 1), f"{path}: {problem}")
    doc = top or read_pack(path)
    if file_kind(doc) != "pack":
        raise InputError.at(at or doc.mark(), f"{path} is a scenario, expected a pack")
    includes = doc.data.get("includes") or []
    if isinstance(includes, list):
        for i, inc in enumerate(includes):
            if isinstance(inc, str):
                _collect(relative(path, inc), doc.mark(("includes", i)), order, [*stack, (real, path)], done)
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
        pack_docs = [copied(d) for d in pack_docs]  # the read packs are shared: change copies
        for loc, overrides in changes:
            apply_overrides(pack_docs, doc, loc, overrides, errors)
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
