"""The expression compiler's walk over the syntax tree: names, operators and functions.

:class:`Compiler` parses one expression text with :mod:`ast`, refuses every node kind, name
and function outside the language, and builds the :class:`~engine.check.expr_types.Typed` closure
tree bottom-up, collecting on the way what the value depends on. The public entry points are
in :mod:`engine.check.expressions`.
"""

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.check.expr_types import (
    KINDS,
    ExpressionError,
    Scope,
    Site,
    Typed,
    VarType,
    arithmetic,
    check_actor,
    compare,
    constant,
    describe,
    in_actors,
    in_list,
    literal_problem,
    logic,
    minus,
    negate,
)
from engine.read.durations import DurationError, parse_duration
from engine.read.suggest import did_you_mean

LIFECYCLE = ("started", "authorized", "contributed", "declined", "completed", "failed", "stopped")
STATUSES = ("idle", "active", "completed", "failed", "stopped")
FUNCTIONS = ("occurred", "count", "since", "status", "contributed")
MAX_LENGTH = 2000
MAX_DEPTH = 50
MAX_NUMBER = 1e15  # keeps literal arithmetic well inside float range
_ALLOWED = (
    "expressions may use and, or, not, == != < <= > >= in, not in, + - * /, numbers, "
    "'strings', true, false, names and the functions " + ", ".join(FUNCTIONS)
)
_OPERATORS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**",
    ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.Invert: "~", ast.UAdd: "unary +",
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}  # fmt: skip
_SYNTAX_HINTS = {"&&": "and", "||": "or", "!": "not"}
_OPERATOR_HINTS = {"&": "and", "|": "or", "~": "not", "is": "==", "is not": "!="}
_CONSTRUCTS = {
    ast.IfExp: "conditional expressions (x if c else y)", ast.Lambda: "lambda",
    ast.Subscript: "subscripts (x[...])", ast.JoinedStr: "f-strings",
    ast.NamedExpr: "assignment expressions (:=)", ast.Dict: "dict literals",
    ast.Set: "set literals", ast.Tuple: "tuples", ast.Starred: "* unpacking",
    ast.ListComp: "comprehensions", ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions", ast.GeneratorExp: "comprehensions",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "slices",
}  # fmt: skip


def flattened(text: str) -> str:
    """Newlines (from YAML block scalars) and tabs as plain spaces: same length, same offsets."""
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def leading_equality(text: str) -> tuple[str, str] | None:
    """(field, text) when a condition is, or begins with ``and``, ``event.<field> == '<text>'``
    (a payload field, not ``event.by``/``event.type``); None otherwise or if it does not parse.

    Such a condition is false whenever the field holds another value, whatever follows."""
    try:
        body = ast.parse(flattened(text).strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And):
        body = body.values[0]
    if not (isinstance(body, ast.Compare) and len(body.ops) == 1 and isinstance(body.ops[0], ast.Eq)):
        return None
    left, right = body.left, body.comparators[0]
    if (isinstance(left, ast.Attribute) and isinstance(left.value, ast.Name) and left.value.id == "event"
            and left.attr not in ("by", "type") and isinstance(right, ast.Constant) and isinstance(right.value, str)):
        return left.attr, right.value
    return None


def lifecycle_types(response: str) -> tuple[str, ...]:
    """The implicit event types of a response: ``'<response>.started'`` and so on."""
    return tuple(f"{response}.{step}" for step in LIFECYCLE)


@dataclass
class Compiler:
    """One compilation: walks the syntax tree and collects what the expression reads."""

    text: str
    scope: Scope
    source: str = ""
    encoded: bytes = b""  # the source in UTF-8, which the syntax tree's offsets count in
    shift: int = 0  # characters of leading white space removed before parsing
    reads_state: set[str] = field(default_factory=set)
    reads_events: set[str] = field(default_factory=set)
    windows: dict[tuple[str, int], None] = field(default_factory=dict)  # ordered set, widths in ticks
    uses_time: bool = False
    reads_event: bool = False

    def compile(self) -> Typed:
        """Parse, check the guards, then compile the whole tree."""
        tree = self.parse()
        _check_depth(tree)
        return self.node(tree.body)

    def parse(self) -> ast.Expression:
        """Parse the text; a guard against pathological input comes first."""
        if len(self.text) > MAX_LENGTH:
            message = f"expression is {len(self.text)} characters long (at most {MAX_LENGTH})"
            raise ExpressionError(message)
        flat = flattened(self.text)
        self.source = flat.lstrip()
        self.shift = len(flat) - len(self.source)
        if not self.source.strip():
            raise ExpressionError("empty expression")
        try:
            tree = ast.parse(self.source, mode="eval")
        except SyntaxError as exc:
            at = min(max((exc.offset or 1) - 1, 0), len(self.source))
            message = _syntax_message(exc.msg, self.source, at)
            raise ExpressionError(message, at + self.shift) from None
        except (ValueError, MemoryError, RecursionError) as exc:
            raise ExpressionError(f"cannot read the expression: {exc}") from None
        self.encoded = self.source.encode()  # it parsed, so it has no lone surrogates
        return tree

    def site(self, n: ast.AST) -> Site:
        """The source text and character offset of a node."""
        # The source is one line, so a node's text is a slice of it (ast.get_source_segment
        # would split the source into lines again for every node).
        start, end = getattr(n, "col_offset", 0), getattr(n, "end_col_offset", None)
        label = "" if end is None else self.encoded[start:end].decode(errors="replace")
        return Site(label, len(self.encoded[:start].decode(errors="replace")) + self.shift)

    def error(self, message: str, n: ast.AST) -> ExpressionError:
        """An error pointing at node ``n``."""
        return ExpressionError(message, self.site(n).offset)

    def node(self, n: ast.expr) -> Typed:
        """Compile one node, by its kind."""
        handler = _HANDLERS.get(type(n))
        if handler is None:
            what = _CONSTRUCTS.get(type(n), type(n).__name__)
            raise self.error(f"{what} not allowed: {_ALLOWED}", n)
        return handler(self, n)

    # -- literals and names -------------------------------------------------------------

    def literal(self, n: ast.Constant) -> Typed:
        """Numbers and strings; Python's True/False/None are refused with a hint."""
        value = n.value
        if value is None:
            raise self.error("None is not allowed: expressions have no null value", n)
        if isinstance(value, bool):
            raise self.error(f"write {str(value).lower()} in lower case, not {value}", n)
        if not isinstance(value, int | float | str):
            raise self.error(f"literal {self.site(n).label} not allowed: {_ALLOWED}", n)
        if not isinstance(value, str) and not abs(value) <= MAX_NUMBER:  # also refuses inf
            raise self.error(f"number {self.site(n).label} is too large (at most {MAX_NUMBER:g})", n)
        return constant(value, self.site(n))

    def name(self, n: ast.Name | ast.Attribute) -> Typed:
        """A dotted name: true/false, now, event.*, or a state variable."""
        dotted = _dotted(n)
        if dotted is None:
            raise self.error(f"attribute access is only allowed in dotted names: {_ALLOWED}", n)
        if any(part.startswith("__") for part in dotted.split(".")):
            raise self.error(f"names starting with '__' are not allowed: '{dotted}'", n)
        if dotted in ("true", "false"):
            return constant(dotted == "true", self.site(n))
        if dotted == "now":
            return self.now(n)
        if dotted == "event" or dotted.startswith("event."):
            return self.event(dotted, n)
        return self.state(dotted, n)

    def now(self, n: ast.expr) -> Typed:
        """``now``: ticks since T+0 (a ``time``)."""
        self.forbid_in_edge_rule("'now'", n)
        self.uses_time = True
        return Typed(lambda c: c.now, "time", self.site(n))

    def forbid_in_edge_rule(self, what: str, n: ast.expr) -> None:
        """The clock changes without events, so an edge rule could never see it move."""
        if self.scope.edge:
            message = f"{what} is not allowed in a rule without `on:` (use a delayed `emit` as a timer)"
            raise self.error(message, n)

    def state(self, name: str, n: ast.expr) -> Typed:
        """A declared state variable."""
        var = self.scope.state.get(name)
        if var is None:
            hint = did_you_mean(name, self.scope.state)
            if not hint and "." not in name:
                hint = f" (if you meant the text '{name}', quote it)"
            raise self.error(f"unknown state variable '{name}'{hint}", n)
        self.reads_state.add(name)
        return Typed(lambda c: c.state[name], KINDS[var.kind], self.site(n), var.values,
                     integral=var.kind == "int")  # fmt: skip

    def event(self, dotted: str, n: ast.expr) -> Typed:
        """``event.by``, ``event.type`` or ``event.<field>`` of the triggering event."""
        triggers = self.scope.trigger_types
        if not triggers:
            raise self.error(f"'{dotted}' is only allowed in a rule with `on:`", n)
        if dotted in ("event", "event.") or dotted.count(".") > 1:
            raise self.error(f"'{dotted}': write event.<field>, event.by or event.type", n)
        self.reads_event = True
        site, fieldname = self.site(n), dotted.removeprefix("event.")
        if fieldname == "by":
            return Typed(lambda c: c.event.by, "str", site, nullable=True, actor=True)
        if fieldname == "type":
            return Typed(lambda c: c.event.type, "enum", site, triggers)
        var = self.payload_field(fieldname, n)
        return Typed(lambda c: c.event.payload.get(fieldname), KINDS[var.kind], site,
                     var.values, nullable=True, integral=var.kind == "int")  # fmt: skip

    def payload_field(self, name: str, n: ast.expr) -> VarType:
        """The type of a field every trigger type declares (enum values are merged)."""
        found: list[VarType] = []
        for event_type in self.scope.trigger_types:
            fields = self.scope.events.get(event_type, {})
            if name not in fields:
                listed = ", ".join(fields) or "none"
                message = f"'{name}' is not a field of event '{event_type}' (fields: {listed})"
                raise self.error(message + did_you_mean(name, fields), n)
            found.append(fields[name])
        kinds = {var.kind for var in found}
        if len(kinds) > 1:
            message = f"event.{name} has different types in the trigger events: {sorted(kinds)}"
            raise self.error(message, n)
        values = tuple(dict.fromkeys(v for var in found for v in var.values))
        return VarType(found[0].kind, values)

    # -- operators ----------------------------------------------------------------------

    def unary(self, n: ast.UnaryOp) -> Typed:
        """``not x`` and ``-x``."""
        operand = self.node(n.operand)
        if isinstance(n.op, ast.Not):
            return negate(operand, self.site(n))
        if isinstance(n.op, ast.USub):
            return minus(operand, self.site(n))
        raise self.bad_operator(n.op, n)

    def binary(self, n: ast.BinOp) -> Typed:
        """``+ - * /``."""
        symbol = _OPERATORS.get(type(n.op), "?")
        if symbol not in ("+", "-", "*", "/"):
            raise self.bad_operator(n.op, n)
        return arithmetic(symbol, self.node(n.left), self.node(n.right), self.site(n))

    def boolean(self, n: ast.BoolOp) -> Typed:
        """``and`` / ``or`` over two or more operands."""
        word = "and" if isinstance(n.op, ast.And) else "or"
        return logic(word, [self.node(v) for v in n.values], self.site(n))

    def comparison(self, n: ast.Compare) -> Typed:
        """A comparison; a chain ``a < b < c`` means ``a < b and b < c``."""
        left, parts, site = self.node(n.left), [], self.site(n)
        for i, (op, right_node) in enumerate(zip(n.ops, n.comparators, strict=True)):
            symbol = _OPERATORS.get(type(op), "?")
            last = i == len(n.ops) - 1
            if symbol in ("in", "not in") and isinstance(right_node, ast.List) and last:
                items = [self.node(item) for item in right_node.elts]
                parts.append(in_list(symbol == "not in", left, items, site, self.scope.actors))
                break
            right = self.node(right_node)
            parts.append(self.pair(symbol, op, left, right, site))
            left = right
        return parts[0] if len(parts) == 1 else logic("and", parts, site)

    def pair(self, symbol: str, op: ast.cmpop, left: Typed, right: Typed, site: Site) -> Typed:
        """One link of a comparison chain."""
        if symbol in ("is", "is not"):
            raise self.bad_operator(op, site.offset)
        if symbol not in ("in", "not in"):
            return compare(symbol, left, right, site, self.scope.actors)
        if right.type != "actors":
            message = (
                "the right side of 'in' must be a list such as ['a', 'b'] or "
                f"contributed('response'), not {describe(right)}"
            )
            raise ExpressionError(message, right.site.offset)
        return in_actors(symbol == "not in", left, right, site, self.scope.actors)

    def bad_operator(self, op: ast.AST, at: ast.AST | int) -> ExpressionError:
        """An error for an operator outside the language, with the nearest allowed one."""
        symbol = _OPERATORS.get(type(op), type(op).__name__)
        use = _OPERATOR_HINTS.get(symbol)
        hint = f"use '{use}'" if use else "allowed: + - * / == != < <= > >= in, not in"
        offset = at if isinstance(at, int) else self.site(at).offset
        return ExpressionError(f"operator '{symbol}' is not allowed ({hint})", offset)

    def unlisted(self, n: ast.List) -> Typed:
        """A list anywhere but after ``in``."""
        raise self.error("list literals are only allowed after 'in' or 'not in'", n)

    # -- functions ----------------------------------------------------------------------

    def call(self, n: ast.Call) -> Typed:
        """One of the five functions."""
        name = self.site(n.func).label
        if not isinstance(n.func, ast.Name) or name not in FUNCTIONS:
            message = f"function calls other than {', '.join(FUNCTIONS)} are not allowed: '{name}'"
            raise self.error(message + did_you_mean(name, FUNCTIONS), n)
        subject = self.subject(n, name)
        if name in ("occurred", "count"):
            return self.history(n, name, subject)
        if n.keywords:
            raise self.error(f"{name}() takes no keyword arguments", n.keywords[0].value)
        return _SIMPLE_FUNCTIONS[name](self, n, subject)

    def subject(self, n: ast.Call, name: str) -> str:
        """The first argument: a string literal naming an event type or a response."""
        noun = "response" if name in ("status", "contributed") else "event type"
        arg = n.args[0] if len(n.args) == 1 else None
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            message = f"{name}() takes one argument, the {noun} in quotes, e.g. {name}('x')"
            raise self.error(message, arg or n)
        known = self.scope.responses if noun == "response" else self.scope.events
        if arg.value not in known:
            raise self.error(f"unknown {noun} '{arg.value}'{did_you_mean(arg.value, known)}", arg)
        return arg.value

    def history(self, n: ast.Call, name: str, event_type: str) -> Typed:
        """``occurred(...)`` / ``count(...)``: the window and the filters, fixed now."""
        within, filters = self.history_options(n, event_type)
        self.reads_events.add(event_type)
        if within is not None:
            self.windows[(event_type, within)] = None
        site = self.site(n)
        if name == "count":
            return Typed(lambda c: c.count(event_type, within, filters), "num", site, integral=True)
        return Typed(lambda c: c.occurred(event_type, within, filters), "bool", site)

    def history_options(self, n: ast.Call, event_type: str) -> tuple[int | None, tuple[tuple[str, Any], ...]]:
        """``within=`` in ticks, and the ``by=`` and payload filters sorted by name."""
        within, filters = None, {}
        for keyword in n.keywords:
            key = keyword.arg
            if key is None:
                raise self.error("** unpacking is not allowed", keyword.value)
            if key in filters or (key == "within" and within is not None):
                raise self.error(f"'{key}' is given twice", keyword.value)
            if key == "within":
                within = self.window(keyword.value)
            else:
                filters[key] = self.filter_value(event_type, key, keyword.value)
        return within, tuple(sorted(filters.items()))

    def window(self, n: ast.expr) -> int:
        """``within='30d'``: a quoted duration longer than zero, in ticks."""
        if not (isinstance(n, ast.Constant) and isinstance(n.value, str)):
            raise self.error("within= takes a quoted duration such as '30d'", n)
        try:
            ticks = parse_duration(n.value)
        except DurationError as exc:
            raise self.error(str(exc), n) from None
        if ticks <= 0:
            raise self.error("within= must be longer than 0 (the window would be empty), e.g. within='30d'", n)
        return ticks

    def filter_value(self, event_type: str, key: str, n: ast.expr) -> Any:
        """A literal value for ``by=`` (an actor) or a payload field of ``event_type``."""
        value = self.filter_literal(key, n)
        if key == "by":
            if not isinstance(value, str):
                raise self.error(f"by= takes an actor id in quotes, not {value!r}", n)
            check_actor(value, self.scope.actors, self.site(n).offset)
            return value
        fields = self.scope.events[event_type]
        if key not in fields:
            listed = ", ".join(fields) or "none"
            message = f"'{key}' is not a field of event '{event_type}' (fields: {listed})"
            raise self.error(message + did_you_mean(key, fields), n)
        target = fields[key]
        problem = literal_problem(value, target, f"{event_type}.{key}")
        if problem:
            raise self.error(problem, n)
        return float(value) if target.kind == "float" else value

    def filter_literal(self, key: str, n: ast.expr) -> Any:
        """Filter values are literals: ``'major'``, ``3``, ``-1.5``, ``true``."""
        if isinstance(n, ast.Name) and n.id not in ("true", "false"):
            raise self.error(f"{key}= takes a literal; to give the text '{n.id}', quote it", n)
        typed = self.node(n)
        if not typed.const:
            raise self.error(f"{key}= takes a literal such as 'major', 3 or true", n)
        return typed.value

    def since(self, n: ast.Call, event_type: str) -> Typed:
        """``since('type')``: ticks since the last such event (a ``time``), ``math.inf`` if never."""
        self.forbid_in_edge_rule("since()", n)
        self.uses_time = True
        self.reads_events.add(event_type)

        def run(c: Any) -> float:
            last = c.last_time(event_type)
            return math.inf if last is None else c.now - last

        return Typed(run, "time", self.site(n))

    def status(self, n: ast.Call, response: str) -> Typed:
        """``status('response')``: idle, active, completed, failed or stopped."""
        self.reads_events.update(lifecycle_types(response))
        return Typed(lambda c: c.status(response), "enum", self.site(n), STATUSES)

    def contributed(self, n: ast.Call, response: str) -> Typed:
        """``contributed('response')``: the actors that have contributed so far."""
        self.reads_events.update(lifecycle_types(response))
        return Typed(lambda c: c.contributed(response), "actors", self.site(n))


_HANDLERS: dict[type, Callable[[Compiler, Any], Typed]] = {
    ast.Constant: Compiler.literal, ast.Name: Compiler.name, ast.Attribute: Compiler.name,
    ast.UnaryOp: Compiler.unary, ast.BinOp: Compiler.binary, ast.BoolOp: Compiler.boolean,
    ast.Compare: Compiler.comparison, ast.Call: Compiler.call, ast.List: Compiler.unlisted,
}  # fmt: skip
_SIMPLE_FUNCTIONS: dict[str, Callable[[Compiler, ast.Call, str], Typed]] = {
    "since": Compiler.since, "status": Compiler.status, "contributed": Compiler.contributed,
}  # fmt: skip


def _dotted(n: ast.expr) -> str | None:
    """``a.b.c`` from an Attribute chain over a Name, or None for anything else."""
    parts: list[str] = []
    while isinstance(n, ast.Attribute):
        parts.append(n.attr)
        n = n.value
    if not isinstance(n, ast.Name):
        return None
    parts.append(n.id)
    return ".".join(reversed(parts))


def _check_depth(tree: ast.Expression) -> None:
    """Refuse deep nesting before the recursive compiler meets it (no recursion here)."""
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        n, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested too deeply (more than {MAX_DEPTH} levels)")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(n))


def _syntax_message(msg: str, source: str, at: int) -> str:
    """Python's syntax message, with a hint for operators from other languages."""
    if "Maybe you meant '=='" in msg or (source[at : at + 1] == "=" and source[at : at + 2] != "=="):
        return "invalid syntax: use '==' to compare ('=' is not allowed)"
    around = {source[max(at - 1, 0) : at + 1], source[at : at + 2], source[at : at + 1]} - {"!="}
    for wrong, right in _SYNTAX_HINTS.items():
        if wrong in around:
            return f"invalid syntax: use '{right}', not '{wrong}'"
    msg = msg.split(". Perhaps", maxsplit=1)[0].split(". Maybe", maxsplit=1)[0]
    return "invalid syntax" if msg == "invalid syntax" else f"invalid syntax: {msg}"
