"""The types of the expression language, what a scope declares, and the operators.

:class:`VarType` and :class:`Scope` describe what the packs declare. The compiler
(:mod:`engine.check.expr_compiler`) turns each syntax node into a :class:`Typed`: a closure over the
run-time context plus what is known at load time (type, enum values, constant value, whether
it may be None). The operators here combine Typed values and check types as they go, so a
type error is a load error, never a run-time surprise.

Types: ``bool``, ``num``, ``str``, ``enum`` (with its values), ``time`` (whole ticks of one
second, so times compare exactly; ``time / time`` is a plain number, e.g. ``now / '1h'`` is hours) and
``actors`` (a frozenset of actor ids, which counts as its size in arithmetic and ordering).
A string literal takes its meaning from what it meets: next to a ``time`` it is a duration
(``'72h'`` → 259,200 ticks), next to an ``enum`` it must be one of the values, next to an actor id
(``event.by``, ``in contributed(...)``) it must be a declared actor.

None at run time (a payload field that was not given, ``event.by`` of an event without an
actor, a division by zero) means "no value": ``==``/``!=`` treat it as a value of its own,
arithmetic with it gives None, ordering comparisons with it are false, ``in`` is false and
``not in`` true, and where a condition is needed (``and``, ``or``, ``not``, a rule guard) it
counts as false.
"""

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from engine.read.durations import DurationError, parse_duration
from engine.read.suggest import did_you_mean

Fn = Callable[[Any], Any]
_TYPE_NAMES = {
    "bool": "true/false",
    "num": "a number",
    "str": "a string",
    "enum": "an enum",
    "time": "a time",
    "actors": "a set of actors",
}
_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_EQUAL = {"==": operator.eq, "!=": operator.ne}
_EQUAL_TYPES = {
    ("bool", "bool"), ("num", "num"), ("time", "time"), ("str", "str"),
    ("enum", "enum"), ("enum", "str"), ("str", "enum"),
}  # fmt: skip
_ORDER_TYPES = {("num", "num"), ("time", "time")}
_DURATION_HINT = "; write durations as quoted strings, e.g. '72h'"
KINDS = {"bool": "bool", "int": "num", "float": "num", "str": "str", "enum": "enum"}
KIND_NAMES = {
    "bool": "true or false", "int": "a whole number", "float": "a number",
    "str": "a string", "enum": "one of its values",
}  # fmt: skip


class ExpressionError(Exception):
    """An expression that cannot be compiled; ``offset`` is the 0-based character offset."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class VarType(NamedTuple):
    """The type of a state variable or a payload field."""

    kind: str  # 'bool' | 'int' | 'float' | 'str' | 'enum'
    values: tuple[str, ...] = ()


class Scope(NamedTuple):
    """What an expression may name: the packs' declarations and the rule's trigger."""

    state: Mapping[str, VarType]
    events: Mapping[str, Mapping[str, VarType]]  # every event type (incl. lifecycle) → fields
    responses: frozenset[str]
    actors: frozenset[str]
    trigger_types: tuple[str, ...] = ()  # the rule's `on:` types; empty → no `event.*`
    edge: bool = False  # a rule without `on:` → no `now`, no `since()`


# Numbers in the state, in payloads and in results.json stay within ±2^53: every integer
# there is exact as a float and as JSON, and a computed value beyond it (an int squared
# every hour, a product overflowing) is treated like a non-finite one: not stored.
MAX_EXACT = 2**53


def literal_problem(value: object, target: VarType, what: str = "") -> str | None:
    """What is wrong with a literal ``value`` for ``target`` (named ``what``), or None."""
    kind = target.kind
    number = isinstance(value, int | float) and not isinstance(value, bool)
    fits = {
        "bool": isinstance(value, bool),
        "int": number and isinstance(value, int),
        "float": number,
    }.get(kind, isinstance(value, str))
    if not fits:
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        return f"{what or 'the value'} should be {KIND_NAMES[kind]}, not {shown}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{what or 'the value'} should be a finite number, not {value}"
    if number and not -MAX_EXACT <= value <= MAX_EXACT:  # type: ignore[operator]  # number: an int or float
        return f"{what or 'the value'} is outside the numbers accord keeps exact (±2^53), not {value:g}"
    if kind == "enum" and value not in target.values:
        hint = did_you_mean(str(value), target.values)
        of = f" of {what}" if what else ""
        return f"'{value}' is not a value{of} (values: {', '.join(target.values)}){hint}"
    return None


class Site(NamedTuple):
    """Where a node is: its source text (for messages) and character offset (for errors)."""

    label: str
    offset: int


class Typed(NamedTuple):
    """A compiled sub-expression and what the compiler knows about it."""

    fn: Fn
    type: str
    site: Site
    values: tuple[str, ...] = ()  # the enum's values
    const: bool = False  # fn ignores its context, so it can be folded
    nullable: bool = False  # fn may return None
    integral: bool = False  # a num that is always a whole number
    actor: bool = False  # a str that holds an actor id

    @property
    def value(self) -> Any:
        """The value of a constant."""
        return self.fn(None)

    @property
    def label(self) -> str:
        """The source text, for messages."""
        return self.site.label


def constant(value: Any, site: Site, kind: str = "") -> Typed:
    """A literal; its type follows the Python value unless ``kind`` says otherwise."""
    kind = kind or _kind_of(value)
    whole = kind == "num" and isinstance(value, int)
    return Typed(lambda _c: value, kind, site, const=True, integral=whole)


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    return "num" if isinstance(value, int | float) else "str"


def describe(t: Typed) -> str:
    """``alert.level (an enum)``: a node and its type, for messages."""
    return f"{t.label} ({_TYPE_NAMES[t.type]})"


def fold(t: Typed, *parts: Typed) -> Typed:
    """Replace ``t`` by a constant when all its parts are constants."""
    if not all(p.const for p in parts):
        return t
    try:
        value = t.value
    except OverflowError:  # a huge whole number meeting a float
        raise ExpressionError(f"'{t.label}' is too large to compute", t.site.offset) from None
    return t._replace(fn=lambda _c: value, const=True, nullable=value is None)


def numeric(t: Typed) -> Typed:
    """Actors count as their size in arithmetic and ordering: ``contributed('r') >= 2``."""
    if t.type != "actors":
        return t
    f = t.fn
    return t._replace(fn=lambda c: len(f(c)), type="num", integral=True)


def adapt_literal(lit: Typed, other: Typed, actors: frozenset[str]) -> Typed:
    """Read a string literal in the light of what it meets (a time, an enum, an actor id)."""
    if not (lit.const and lit.type == "str"):
        return lit
    if other.type == "time":
        return constant(_ticks(lit), lit.site, "time")
    if other.type == "enum":
        check_enum_value(lit.value, other, lit.site.offset)
    elif other.actor:
        check_actor(lit.value, actors, lit.site.offset)
    return lit


def _ticks(lit: Typed) -> int:
    try:
        return parse_duration(lit.value)
    except DurationError as exc:
        raise ExpressionError(str(exc), lit.site.offset) from None


def check_enum_value(value: str, enum: Typed, offset: int) -> None:
    """Fail unless ``value`` is one of the enum's values."""
    if value not in enum.values:
        listed = ", ".join(enum.values)
        hint = did_you_mean(value, enum.values)
        message = f"'{value}' is not a value of {enum.label} (values: {listed}){hint}"
        raise ExpressionError(message, offset)


def check_actor(value: str, actors: frozenset[str], offset: int) -> None:
    """Fail unless ``value`` is a declared actor id."""
    if value not in actors:
        raise ExpressionError(f"unknown actor '{value}'{did_you_mean(value, actors)}", offset)


def _binary(op: Callable[[Any, Any], Any], a: Typed, b: Typed) -> Fn:
    fa, fb = a.fn, b.fn
    if b.const:  # the usual `x >= 3`: skip a call per evaluation
        k = b.value
        return lambda c: op(fa(c), k)
    return lambda c: op(fa(c), fb(c))


def _none_safe(op: Callable[[Any, Any], Any], a: Typed, b: Typed, empty: Any) -> Fn:
    """``op`` on two values, or ``empty`` when either is None."""
    fa, fb = a.fn, b.fn

    def run(c: Any) -> Any:
        x = fa(c)
        if x is None:
            return empty
        y = fb(c)
        return empty if y is None else op(x, y)

    return run


def compare(op: str, left: Typed, right: Typed, site: Site, actors: frozenset[str]) -> Typed:
    """``left op right`` for ``== != < <= > >=``."""
    left, right = numeric(left), numeric(right)
    left, right = adapt_literal(left, right, actors), adapt_literal(right, left, actors)
    _check_comparable(op, left, right, site)
    if op in _EQUAL:
        fn = _binary(_EQUAL[op], left, right)
    elif left.nullable or right.nullable:
        fn = _none_safe(_ORDER[op], left, right, False)
    else:
        fn = _binary(_ORDER[op], left, right)
    return fold(Typed(fn, "bool", site), left, right)


def _check_comparable(op: str, a: Typed, b: Typed, site: Site) -> None:
    pairs = _ORDER_TYPES if op in _ORDER else _EQUAL_TYPES
    if (a.type, b.type) in pairs:
        return
    hint = ""
    if {a.type, b.type} == {"time", "num"}:
        hint = _DURATION_HINT
    elif op in _ORDER and not {a.type, b.type} <= {"num", "time"}:
        hint = f"; '{op}' needs numbers or times"
    elif a.label.startswith("contributed(") or b.label.startswith("contributed("):
        hint = "; to ask whether an actor contributed, write 'bravo' in contributed('response')"
    message = f"cannot compare {describe(a)} with {describe(b)} using '{op}'{hint}"
    raise ExpressionError(message, site.offset)


def _divide(x: Any, y: Any) -> Any:
    # No inf or nan: they would leak into state and results.json, which cannot hold them.
    return None if y == 0 else x / y


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide,
}  # fmt: skip
_ARITH_TYPES = {
    ("num", "num"): {"+": "num", "-": "num", "*": "num", "/": "num"},
    ("time", "time"): {"+": "time", "-": "time", "/": "num"},
    ("time", "num"): {"*": "time", "/": "time"},
    ("num", "time"): {"*": "time"},
}


def arithmetic(op: str, a: Typed, b: Typed, site: Site) -> Typed:
    """``a op b`` for ``+ - * /``, on numbers and times."""
    a, b = numeric(a), numeric(b)
    if "time" in (a.type, b.type):  # `now - '6h'`, `since('x') / '1d'`: the string is a duration
        a, b = adapt_literal(a, b, frozenset()), adapt_literal(b, a, frozenset())
    kind = _arith_type(op, a, b, site)
    if op == "/" and b.const and b.value == 0:
        raise ExpressionError(f"division by zero in '{site.label}'", site.offset)
    nullable = a.nullable or b.nullable or (op == "/" and not b.const)
    fn = _none_safe(_ARITH[op], a, b, None) if a.nullable or b.nullable else _binary(_ARITH[op], a, b)
    whole = a.integral and b.integral and op != "/"
    return fold(Typed(fn, kind, site, nullable=nullable, integral=whole), a, b)


def _arith_type(op: str, a: Typed, b: Typed, site: Site) -> str:
    kind = _ARITH_TYPES.get((a.type, b.type), {}).get(op)
    if kind is not None:
        return kind
    hint = _DURATION_HINT if {a.type, b.type} == {"time", "num"} else ""
    message = f"cannot apply '{op}' to {describe(a)} and {describe(b)}{hint}"
    raise ExpressionError(message, site.offset)


def minus(a: Typed, site: Site) -> Typed:
    """Unary ``-`` on a number or a time."""
    a = numeric(a)
    if a.type not in ("num", "time"):
        raise ExpressionError(f"cannot negate {describe(a)}", site.offset)
    f = a.fn
    fn: Fn = (lambda c: None if (v := f(c)) is None else -v) if a.nullable else (lambda c: -f(c))
    return fold(a._replace(fn=fn, site=site, const=False), a)


def condition(a: Typed, word: str) -> Fn:
    """A bool operand as a closure that returns True or False (None counts as false)."""
    if a.type != "bool":
        message = f"'{word}' needs true/false operands, but {describe(a)} is not"
        raise ExpressionError(message, a.site.offset)
    f = a.fn
    return (lambda c: bool(f(c))) if a.nullable else f


def negate(a: Typed, site: Site) -> Typed:
    """``not a``."""
    f = condition(a, "not")
    return fold(Typed(lambda c: not f(c), "bool", site), a)


def logic(word: str, parts: Sequence[Typed], site: Site) -> Typed:
    """``a and b and …`` or ``a or b or …``, short-circuiting left to right."""
    fs = tuple(condition(p, word) for p in parts)
    fn = _any(fs) if word == "or" else _all(fs)
    return fold(Typed(fn, "bool", site), *parts)


def _all(fs: tuple[Fn, ...]) -> Fn:
    if len(fs) == 2:  # the common cases, without the loop
        f, g = fs
        return lambda c: f(c) and g(c)
    if len(fs) == 3:
        f, g, h = fs
        return lambda c: f(c) and g(c) and h(c)
    return lambda c: all(f(c) for f in fs)


def _any(fs: tuple[Fn, ...]) -> Fn:
    if len(fs) == 2:
        f, g = fs
        return lambda c: f(c) or g(c)
    return lambda c: any(f(c) for f in fs)


def in_list(negated: bool, left: Typed, items: Sequence[Typed], site: Site, actors: frozenset[str]) -> Typed:
    """``left in [a, b, …]``: each item a literal comparable with ``left``."""
    left = numeric(left)
    for item in items:
        if not item.const:
            message = f"the list after 'in' may hold only literals, not '{item.label}'"
            raise ExpressionError(message, item.site.offset)
    checked = [adapt_literal(item, left, actors) for item in items]
    for item in checked:
        _check_comparable("==", left, item, item.site)
    values = frozenset(item.value for item in checked)
    f = left.fn
    fn: Fn = (lambda c: f(c) not in values) if negated else (lambda c: f(c) in values)
    return fold(Typed(fn, "bool", site), left)


def in_actors(negated: bool, left: Typed, right: Typed, site: Site, actors: frozenset[str]) -> Typed:
    """``'bravo' in contributed('r')``: the left side an actor id."""
    if left.type != "str":
        message = f"the left side of 'in {right.label}' must be an actor id such as 'bravo'"
        raise ExpressionError(f"{message}, not {describe(left)}", left.site.offset)
    if left.const:
        check_actor(left.value, actors, left.site.offset)
    fl, fr = left.fn, right.fn
    fn: Fn = (lambda c: fl(c) not in fr(c)) if negated else (lambda c: fl(c) in fr(c))
    return Typed(fn, "bool", site)
