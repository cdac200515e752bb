"""Read YAML safely, keeping the line and column of every node.

Only plain data: explicit tags are refused, and booleans follow YAML 1.2 (`true`/`false`
only), so the rule key ``on`` stays a string. Aliases are expanded with a budget, so an
alias bomb ends in an error instead of exhausting memory. Files over ``MAX_BYTES`` are
refused unread. The C parser's events are composed into nodes here, in one loop that also
measures nesting: PyYAML's own composer recurses (100,000 nested ``[`` or ``- - -`` crash
its C version) and resolves every scalar's tag in Python, which nothing here needs.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from engine.errors import Diagnostic, InputError, Mark

try:  # the C parser is several times faster on large packs
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python PyYAML build
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NULLS = {"null", "Null", "NULL", "~", ""}
MAX_NODES = 1_000_000
MAX_DEPTH = 200
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Doc:
    """One YAML file as plain data, with the place of every value and mapping key."""

    path: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    foreign: dict[Path, Mark] = field(default_factory=dict)  # values put here by overrides
    quoted: set[Path] = field(default_factory=set)  # scalars in quotes: their text starts one column later

    def mark(self, loc: Path = (), *, key: bool = False) -> Mark:
        """The place of ``loc``, or of its nearest enclosing node that has one."""
        table = self.key_marks if key else self.marks
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.foreign:
                return self.foreign[loc[:n]]
            hit = table.get(loc[:n]) or self.marks.get(loc[:n])
            if hit:
                return Mark(self.path, *hit)
        return Mark(self.path, 1, 1)


def load_text(text: str, path: str) -> Doc:
    """Parse ``text`` (the contents of ``path``) into a Doc; raise InputError if invalid."""
    if len(text) > MAX_BYTES:
        raise InputError.at(Mark(path, 1, 1), _too_large(len(text)))
    try:
        node = _compose(yaml.parse(text, Loader=_Loader), path)
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        line, col = (m.line + 1, m.column + 1) if m else (1, 1)
        msg = exc.problem or exc.context or "invalid YAML"
        raise InputError.at(Mark(path, line, col), f"not valid YAML: {msg}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids: no mark, only a position
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        why = f"not valid YAML: character {exc.character!r} is not allowed"
        raise InputError.at(Mark(path, line, col), why) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise InputError.at(Mark(path, 1, 1), f"not valid YAML: {first}") from None
    doc = Doc(path, None)
    if node is None:
        raise InputError.at(Mark(path, 1, 1), "the file is empty: expected a `pack:` or `scenario:`")
    doc.data = _Converter(doc).convert(node, (), 0)
    return doc


def _too_large(size: int) -> str:
    return f"file too large ({size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB)"


def _compose(events: Iterator[Any], path: str) -> yaml.Node | None:
    """The one document's node graph (None if there is none), as PyYAML's composer builds it
    (an alias is the anchored node itself), without recursion; nesting over MAX_DEPTH is
    refused where it starts."""
    composer = _Composer(path)
    for ev in events:  # the C parser's events; their marks are its own Mark class
        cls = ev.__class__  # most events are scalars: tested first, by identity
        if cls is yaml.ScalarEvent:
            tag = _STR if ev.tag is None or ev.tag == "!" else ev.tag
            node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, style=ev.style)
            if ev.anchor is not None:
                composer.anchor(ev, node)
            composer.attach(node)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            composer.open(ev)
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            composer.close(ev)
        elif cls is yaml.AliasEvent:
            composer.attach(composer.alias(ev))
        elif cls is yaml.DocumentStartEvent and composer.root is not None:
            raise _composer_error("expected a single document in the stream, but found another document",
                                  ev.start_mark)
    return composer.root


def _tag(tag: str | None, default: str) -> str:
    # As PyYAML's BaseResolver: an untagged or non-specific (`!`) node gets its kind's tag.
    return default if tag is None or tag == "!" else tag


class _Composer:
    """The open collections while events arrive, and the anchors seen so far."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.root: yaml.Node | None = None
        self.anchors: dict[str, yaml.Node] = {}
        self.stack: list[yaml.CollectionNode] = []
        self.keys: list[yaml.Node | None] = []  # per open mapping: its key awaiting a value

    def open(self, ev: Any) -> None:
        """Start a sequence or mapping inside the innermost open one."""
        start = ev.start_mark
        if len(self.stack) >= MAX_DEPTH:
            at = Mark(self.path, start.line + 1, start.column + 1)
            raise InputError.at(at, f"nesting deeper than {MAX_DEPTH} levels")
        node: yaml.CollectionNode
        if isinstance(ev, yaml.SequenceStartEvent):
            node = yaml.SequenceNode(_tag(ev.tag, _SEQ), [], start, None, flow_style=ev.flow_style)
        else:
            node = yaml.MappingNode(_tag(ev.tag, _MAP), [], start, None, flow_style=ev.flow_style)
        self.anchor(ev, node)
        self.attach(node)
        self.stack.append(node)
        self.keys.append(None)

    def close(self, ev: Any) -> None:
        """End the innermost open collection."""
        self.stack.pop().end_mark = ev.end_mark
        self.keys.pop()

    def alias(self, ev: yaml.AliasEvent) -> yaml.Node:
        """The node an alias names (it may still be open: the converter refuses that cycle)."""
        if ev.anchor is None or ev.anchor not in self.anchors:
            raise _composer_error(f"found undefined alias '{ev.anchor}'", ev.start_mark)
        return self.anchors[ev.anchor]

    def anchor(self, ev: yaml.NodeEvent, node: yaml.Node) -> None:
        """Remember ``node`` under its anchor, if it has one."""
        if ev.anchor is None:
            return
        if ev.anchor in self.anchors:
            first = self.anchors[ev.anchor].start_mark.line + 1
            raise _composer_error(f"duplicate anchor '{ev.anchor}' (first defined on line {first})", ev.start_mark)
        self.anchors[ev.anchor] = node

    def attach(self, node: yaml.Node) -> None:
        """Put ``node`` into the innermost open collection (as a key, or as the value of one)."""
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, yaml.SequenceNode):
            parent.value.append(node)
        elif self.keys[-1] is None:
            self.keys[-1] = node
        else:
            parent.value.append((self.keys[-1], node))
            self.keys[-1] = None


def _composer_error(problem: str, mark: Any) -> yaml.MarkedYAMLError:
    return yaml.composer.ComposerError(None, None, problem, mark)


def load_file(path: str) -> Doc:
    """Read and parse the file at ``path`` (at most MAX_BYTES)."""
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise InputError.at(Mark(path, 1, 1), _too_large(size))
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise InputError.at(Mark(path, 1, 1), "file not found") from None
    except IsADirectoryError:
        raise InputError.at(Mark(path, 1, 1), "is a folder, expected a YAML file") from None
    except UnicodeDecodeError as exc:
        raise InputError.at(Mark(path, 1, 1), f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise InputError.at(Mark(path, 1, 1), f"cannot read: {exc.strerror}") from None
    return load_text(text, path)


class _Converter:
    """Turns a composed node graph into dicts, lists and scalars, recording marks."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.count = 0
        self.active: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> InputError:
        m = node.start_mark
        return InputError([Diagnostic(Mark(self.doc.path, m.line + 1, m.column + 1), message)])

    def convert(self, node: yaml.Node, loc: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"document too large (over {MAX_NODES:,} nodes after aliases)")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
        self.doc.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in (_STR, _SEQ, _MAP):
            raise self.fail(node, f"YAML tags are not allowed ({node.tag}): write plain values")
        if id(node) in self.active:
            raise self.fail(node, "recursive alias: a node cannot contain itself")
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("'", '"'):
                self.doc.quoted.add(loc)
            return self.scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                items = _rejoin_items(node)
                return [self.convert(n, (*loc, i), depth + 1) for i, n in enumerate(items)]
            assert isinstance(node, yaml.MappingNode)
            return self.mapping(node, loc, depth)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: yaml.MappingNode, loc: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in _rejoin_pairs(node):
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                raise self.fail(key_node, "mapping keys must be plain names")
            key = str(key_node.value)
            if key in out:
                raise self.fail(key_node, f"duplicate key '{key}'")
            self.doc.key_marks[(*loc, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.convert(value_node, (*loc, key), depth + 1)
        return out

    @staticmethod
    def scalar(node: yaml.ScalarNode) -> Any:
        text: str = node.value
        if node.style:  # quoted or block scalars are always strings (plain is '' or None)
            return text
        return plain_scalar(text)


def plain_scalar(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema, booleans only `true`/`false`."""
    if text in _NULLS:
        return None
    if text in ("true", "false"):
        return text == "true"
    try:
        if _INT.fullmatch(text):
            return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
    except ValueError:  # more digits than Python converts: keep the text, the model rejects it
        return text
    if text in (".inf", "+.inf", ".Inf", "+.Inf"):
        return float("inf")
    if text in ("-.inf", "-.Inf"):
        return float("-inf")
    return text


def _open_parens(node: yaml.Node) -> bool:
    """A plain scalar such as ``pert(2d`` that a flow collection cut at its comma."""
    if not isinstance(node, yaml.ScalarNode) or node.style or node.tag != _STR:
        return False
    text: str = node.value
    return text.count("(") > text.count(")")


def _joined(first: yaml.ScalarNode, parts: list[str]) -> yaml.ScalarNode:
    value = ", ".join([first.value, *parts])
    return yaml.ScalarNode(_STR, value, first.start_mark, first.end_mark, style=first.style)


def _rejoin_pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Undo the split of ``{duration: pert(2d, 3d, 10d)}``: in a flow mapping YAML reads
    ``3d`` and ``10d)`` as keys without values. SPEC's own examples write distributions
    this way, so the pieces are joined back while the parentheses are unbalanced."""
    pairs = list(node.value)
    if not node.flow_style:
        return pairs
    out: list[tuple[yaml.Node, yaml.Node]] = []
    i = 0
    while i < len(pairs):
        key, value = pairs[i]
        i += 1
        parts: list[str] = []
        while (
            _open_parens(_joined(value, parts) if parts else value)
            and i < len(pairs)
            and _bare_key(pairs[i])
        ):
            parts.append(pairs[i][0].value)
            i += 1
        out.append((key, _joined(value, parts) if parts else value))
    return out


def _bare_key(pair: tuple[yaml.Node, yaml.Node]) -> bool:
    key, value = pair
    return (
        isinstance(key, yaml.ScalarNode)
        and not key.style
        and isinstance(value, yaml.ScalarNode)
        and not value.style
        and value.value == ""
    )


def _rejoin_items(node: yaml.SequenceNode) -> list[yaml.Node]:
    """The same repair for flow sequences: ``[pert(1d, 2d, 3d)]`` is one item."""
    items = list(node.value)
    if not node.flow_style:
        return items
    out: list[yaml.Node] = []
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        parts: list[str] = []
        while _open_parens(item if not parts else _joined(item, parts)) and i < len(items):
            nxt = items[i]
            if not (isinstance(nxt, yaml.ScalarNode) and not nxt.style):
                break
            parts.append(nxt.value)
            i += 1
        out.append(_joined(item, parts) if parts else item)
    return out
