"""Read YAML safely, keeping the line and column of every node.

Only plain data: explicit tags are refused, and booleans follow YAML 1.2 (`true`/`false`
only), so the rule key ``on`` stays a string. Aliases are expanded with a budget, so an
alias bomb ends in an error instead of exhausting memory. Files over ``MAX_BYTES`` are
refused unread. Values are built straight from the C parser's events, in one pass that
also measures nesting: PyYAML's composer would build a node graph first, recursing without
a limit (100,000 nested ``[`` or ``- - -`` crash its C version) and resolving every
scalar's tag in Python, which nothing here needs.
"""

import re
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from engine.errors import Diagnostic, InputError, Mark
from engine.read.encoding import not_utf8
from engine.read.safe_open import MAX_BYTES, read_bytes, text_of, too_large
from engine.read.suggest import did_you_mean
from engine.read.yaml_errors import syntax_error

try:  # the C parser is several times faster on large packs
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python PyYAML build
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NULLS = {"null", "Null", "NULL", "~", ""}
MAX_NODES = 1_000_000
MAX_DEPTH = 200
KINDS = ("pack", "scenario", "mapping")  # the first key of every file accord reads as YAML
# Keys of packs, scenarios and mappings: a first key among them is quoted in an error, any other is not.
_KNOWN_KEYS = frozenset({
    "title", "version", "description", "source", "includes", "actors", "groups", "procedures", "state",
    "events", "responses", "decisions", "rules", "start", "until", "seed", "set", "overrides", "choices",
    "injects", "objectives", "variants", "meta", "sheet", "clock", "time_format", "columns", "keep", "kinds",
})


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


def load_text(text: str, path: str, *, accord_only: bool = False) -> Doc:
    """Parse ``text`` (the contents of ``path``) into a Doc; raise InputError if invalid.

    With ``accord_only``, the text must be a pack, scenario or mapping: reading stops at a
    first key that is not ``pack:``, ``scenario:`` or ``mapping:``, and an error found before
    that key never quotes the text (it may be any file a path pointed at: a password file).
    """
    if len(text) > MAX_BYTES:
        raise InputError.at(Mark(path, 1, 1), too_large(len(text), MAX_BYTES))
    reader = _Reader(Doc(path, None), accord_only=accord_only and not _claims_a_kind(text))
    try:
        found = _parse(text, path, reader)
    except InputError as exc:
        if not accord_only or reader.established or isinstance(exc, _ForeignError):
            raise
        where = exc.diagnostics[0].mark if exc.diagnostics else Mark(path, 1, 1)
        raise InputError.at(where, FOREIGN) from None
    if not found:
        raise InputError.at(Mark(path, 1, 1), "the file is empty: expected a `pack:` or `scenario:`")
    return reader.doc


FOREIGN = "not a pack or scenario: its first key must be `pack:` or `scenario:` (or `mapping:`)"


_FIRST_LINE = re.compile(r"\s*(?:#.*|---\s*|%.*)?$")
_CLAIMS = re.compile(r"\s*[\"']?(?:pack|scenario|mapping)\b")


def _claims_a_kind(text: str) -> bool:
    """Whether the first line with content starts with `pack`, `scenario` or `mapping`: a file
    meant as accord's, whose syntax errors are quoted to help (``scenario:drill``), even
    before its first key is read. Any other file's are not."""
    for line in text.split("\n", 50)[:50]:
        if not _FIRST_LINE.fullmatch(line):
            return bool(_CLAIMS.match(line))
    return False


def first_key_problem(key: str) -> str | None:
    """What is wrong with ``key`` as the first key of a file (None: one of KINDS).

    A key of accord's own vocabulary is quoted; any other is not: the file may not be a pack
    at all, and its content stays unquoted."""
    if key in KINDS:
        return None
    if key in _KNOWN_KEYS:
        return f"the first key must be `pack:` or `scenario:` (or `mapping:`), not '{key}'"
    return FOREIGN + did_you_mean(key, KINDS)


def _parse(text: str, path: str, reader: "_Reader") -> bool:
    """Read the document into ``reader.doc``; whether there was one."""
    doc = reader.doc
    # The parser's own get_event, called until it has no more (None): yaml.parse wraps it
    # in a generator that asks check_event first, two calls more per event (~1 ms of a large pack).
    events = _Events(iter(_Loader(text).get_event, None))
    try:
        try:
            found, doc.data = reader.document(events)
        except _LimitError:
            raise  # a hostile file is not read any further
        except InputError:
            events.drain()  # a syntax error anywhere in the file is the one to report
            raise
    except yaml.MarkedYAMLError as exc:
        raise InputError([syntax_error(exc, text, path)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids: no mark, only a position
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        why = f"not valid YAML: character {exc.character!r} is not allowed"
        raise InputError.at(Mark(path, line, col), why) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise InputError.at(Mark(path, 1, 1), f"not valid YAML: {first}") from None
    return found


def load_file(path: str) -> Doc:
    """Read and parse the pack, scenario or mapping at ``path``: a regular file of at most
    MAX_BYTES (``engine.read.safe_open``), whose first key is ``pack:``, ``scenario:`` or
    ``mapping:``."""
    data = read_bytes(path, limit=MAX_BYTES, what="a YAML file")
    try:
        text = text_of(data)
    except UnicodeDecodeError:
        raise InputError([not_utf8(path, data)]) from None
    return load_text(text, path, accord_only=True)


class _LimitError(InputError):
    """Too deep or too many nodes: reported at once, without reading the rest."""


class _ForeignError(_LimitError):
    """Not a pack or scenario: reported at its first key, without reading the rest."""


class _Events:
    """Parser events (or an anchored node's, replayed), with look-ahead; each open anchor
    records the events its node consumes, so that an alias can replay them."""

    def __init__(self, events: Iterator[Any], *, anchors: bool = True) -> None:
        self.events = events
        self.anchors = anchors  # False in a replay: its anchors are known already
        self.ahead: deque[Any] = deque()
        self.recordings: list[list[Any]] = []

    def next(self) -> Any:
        """The next event."""
        ev = self.ahead.popleft() if self.ahead else next(self.events)
        for recording in self.recordings:
            recording.append(ev)
        return ev

    def peek(self, i: int) -> Any:
        """The event ``i`` places ahead of the next (0: the next), not consumed; None past
        the end (a replay ends with its node)."""
        while len(self.ahead) <= i:
            ev = next(self.events, None)
            if ev is None:
                return None
            self.ahead.append(ev)
        return self.ahead[i]

    def drain(self) -> None:
        """Read the rest, so that the parser reports any syntax error in it."""
        for _ in self.events:
            pass


class _Reader:
    """Builds dicts, lists and scalars from events, recording marks, one node at a time."""

    def __init__(self, doc: Doc, *, accord_only: bool = False) -> None:
        self.doc = doc
        self.accord_only = accord_only
        self.established = not accord_only  # the first key was read and is `pack` or `scenario`
        self.count = 0
        self.anchors: dict[str, list[Any]] = {}  # complete anchored nodes: their events
        self.open: dict[str, Any] = {}  # anchors whose node is being read: its first event

    def document(self, src: _Events) -> tuple[bool, Any]:
        """(whether there is a document, its value); a second document is an error."""
        found, value = False, None
        while True:
            ev = src.next()
            if isinstance(ev, StreamEndEvent):
                return found, value
            if isinstance(ev, DocumentStartEvent) and found:
                problem = "expected a single document in the stream, but found another document"
                raise _composer_error(problem, ev.start_mark)
            if isinstance(ev, NodeEvent):
                found, value = True, self.node(src, ev, (), 0)

    def node(self, src: _Events, ev: Any, loc: Path, depth: int) -> Any:
        """The value of the node that starts with ``ev``, at ``loc``."""
        if isinstance(ev, AliasEvent):
            return self.alias(ev, loc, depth)
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(ev, f"document too large (over {MAX_NODES:,} nodes after aliases)", _LimitError)
        scalar = isinstance(ev, ScalarEvent)
        if depth > MAX_DEPTH or (depth == MAX_DEPTH and not scalar):
            raise self.fail(ev, f"nesting deeper than {MAX_DEPTH} levels", _LimitError)
        start = ev.start_mark
        self.doc.marks[loc] = (start.line + 1, start.column + 1)
        if ev.tag is not None:  # SPEC: no tags, not even !!str or !
            raise self.fail(ev, f"YAML tags are not allowed ({ev.tag}): write plain values")
        if ev.anchor is None or not src.anchors:
            return self.value(src, ev, loc, depth)
        return self.anchored(src, ev, loc, depth)

    def value(self, src: _Events, ev: Any, loc: Path, depth: int) -> Any:
        if isinstance(ev, ScalarEvent):
            if ev.style in ("'", '"'):
                self.doc.quoted.add(loc)
            self.printable(ev)
            return ev.value if ev.style else plain_scalar(ev.value)  # quoted or block: text
        if isinstance(ev, SequenceStartEvent):
            return self.sequence(src, ev.flow_style, loc, depth)
        return self.mapping(src, ev.flow_style, loc, depth)

    def anchored(self, src: _Events, ev: Any, loc: Path, depth: int) -> Any:
        """A node with an anchor: its events are kept for the aliases that name it."""
        name = ev.anchor
        if name in self.anchors or name in self.open:
            first = (self.anchors[name][0] if name in self.anchors else self.open[name]).start_mark.line + 1
            problem = f"duplicate anchor '{name}' (first defined on line {first})"
            raise _composer_error(problem, ev.start_mark)
        recording = [ev]
        src.recordings.append(recording)
        self.open[name] = ev
        value = self.value(src, ev, loc, depth)
        src.recordings.pop()
        del self.open[name]
        self.anchors[name] = recording
        return value

    def alias(self, ev: Any, loc: Path, depth: int) -> Any:
        """A copy of the anchored node, read again at ``loc`` (marks point at the anchor)."""
        if ev.anchor in self.open:
            raise self.fail(self.open[ev.anchor], "recursive alias: a node cannot contain itself")
        if ev.anchor not in self.anchors:
            raise _composer_error(f"found undefined alias '{ev.anchor}'", ev.start_mark)
        replay = _Events(iter(self.anchors[ev.anchor]), anchors=False)
        return self.node(replay, replay.next(), loc, depth)

    def sequence(self, src: _Events, flow: bool | None, loc: Path, depth: int) -> list[Any]:
        out: list[Any] = []
        while not isinstance(ev := src.next(), SequenceEndEvent):
            if flow and _open_parens(ev):
                ev = _joined_items(src, ev)
            out.append(self.node(src, ev, (*loc, len(out)), depth + 1))
        return out

    def mapping(self, src: _Events, flow: bool | None, loc: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while not isinstance(ev := src.next(), MappingEndEvent):
            key_ev = self.key(ev)
            key = str(key_ev.value)
            if not self.established and not loc and not out:
                self.first_key(key_ev, key)
            if key in out:
                raise self.fail(key_ev, f"duplicate key '{key}'")
            self.doc.key_marks[(*loc, key)] = (key_ev.start_mark.line + 1, key_ev.start_mark.column + 1)
            value_ev = src.next()
            if flow and _open_parens(value_ev):
                value_ev = _joined_pairs(src, value_ev)
            out[key] = self.node(src, value_ev, (*loc, key), depth + 1)
        return out

    def first_key(self, ev: Any, key: str) -> None:
        """Stop at once at a first key that is not `pack` or `scenario`: not an accord file."""
        problem = first_key_problem(key)
        if problem is not None:
            raise self.fail(ev, problem, _ForeignError)
        self.established = True

    def key(self, ev: Any) -> Any:
        """The scalar event of a mapping key (an alias names its anchor's); else an error."""
        if isinstance(ev, AliasEvent):
            if ev.anchor in self.open:
                raise self.fail(self.open[ev.anchor], "mapping keys must be plain names")
            if ev.anchor not in self.anchors:
                raise _composer_error(f"found undefined alias '{ev.anchor}'", ev.start_mark)
            ev = self.anchors[ev.anchor][0]
        if not isinstance(ev, ScalarEvent) or ev.tag is not None:
            raise self.fail(ev, "mapping keys must be plain names")
        self.printable(ev)
        return ev

    def printable(self, ev: Any) -> None:
        """A scalar (value or key) holding a character ``control_character`` refuses is an error:
        a control character (only a double-quoted escape can write one: the YAML reader refuses
        them raw) or a bidirectional formatting character (raw in any style)."""
        if bad := control_character(ev.value):
            raise self.fail(ev, f"text holds {bad}; remove it")

    def fail(self, ev: Any, message: str, kind: type[InputError] = InputError) -> InputError:
        m = ev.start_mark
        return kind([Diagnostic(Mark(self.doc.path, m.line + 1, m.column + 1), message)])


# C0 but tab and newline, DEL, C1; the bidirectional embeddings, overrides (U+202A-U+202E)
# and isolates (U+2066-U+2069). The marks LRM, RLM and ALM (U+200E, U+200F, U+061C) stay
# allowed: they only nudge neutral characters next to them, and right-to-left names need them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_character(text: str) -> str | None:
    """The first character of ``text`` that accord refuses in texts, described for a message
    ("text holds …; remove it"), or None. Refused: control characters but tab and newline
    (``the control character U+001B: a terminal acts on it …``), and bidirectional formatting
    characters (``the bidirectional formatting character U+202E (RIGHT-TO-LEFT OVERRIDE): it
    reorders …``), which make what a terminal or report shows differ from what the file says
    ("Trojan Source", CVE-2021-42574)."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if char > "\x9f":
        return (f"the bidirectional formatting character {code} ({unicodedata.name(char)}): it reorders the text "
                "displayed after it, so terminals and reports would show it in another order than the file holds")
    return (f"the control character {code}: a terminal acts on it (clears the screen, rings, moves the cursor) "
            "when accord shows the text")


def plain_scalar(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema, booleans only `true`/`false`."""
    if text in _NULLS:
        return None
    if text in ("true", "false"):
        return text == "true"
    if text[0].isalpha():  # most values are names: no number or infinity starts with a letter
        return text
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


def _composer_error(problem: str, mark: Any) -> yaml.MarkedYAMLError:
    return yaml.composer.ComposerError(None, None, problem, mark)


def _open_parens(ev: Any) -> bool:
    """A plain scalar such as ``pert(2d`` that a flow collection cut at its comma."""
    return isinstance(ev, ScalarEvent) and not ev.style and ev.tag is None and _unbalanced(ev.value)


def _unbalanced(text: str) -> bool:
    return text.count("(") > text.count(")")


def _plain(ev: Any) -> bool:
    # A piece that can be joined: a plain scalar, and not anchored (an anchored scalar is a
    # node of its own that an alias may name).
    return isinstance(ev, ScalarEvent) and not ev.style and ev.anchor is None


def _joined(first: Any, text: str) -> Any:
    """``first`` (the event of the first piece) holding the joined ``text``."""
    return ScalarEvent(first.anchor, first.tag, first.implicit, text, first.start_mark, first.end_mark,
                       style=first.style)


def _joined_pairs(src: _Events, value: Any) -> Any:
    """Undo the split of ``{duration: pert(2d, 3d, 10d)}``: in a flow mapping YAML reads
    ``3d`` and ``10d)`` as keys without values. SPEC's own examples write distributions
    this way, so the pieces are joined back while the parentheses are unbalanced."""
    text = value.value
    while _unbalanced(text) and _plain(src.peek(0)) and _plain(empty := src.peek(1)) and empty.value == "":
        text += ", " + src.next().value
        src.next()
    return _joined(value, text) if text != value.value else value


def _joined_items(src: _Events, item: Any) -> Any:
    """The same repair for flow sequences: ``[pert(1d, 2d, 3d)]`` is one item."""
    text = item.value
    while _unbalanced(text) and _plain(src.peek(0)):
        text += ", " + src.next().value
    return _joined(item, text) if text != item.value else item
