"""The expression language of rule guards and action values (SPEC §1.3), compiled at load time.

An expression is a small, safe subset of Python's expression syntax. It is parsed with
:mod:`ast`, checked against an allowlist of node kinds, names and functions, type-checked,
and turned into a tree of closures once, at load time; nothing is ever ``eval``-ed. The
closures read the run through a :class:`Context` the engine provides.

``compile_expression`` compiles a ``when:`` text; ``compile_value`` the right-hand side of
``set:``, ``add:`` and ``emit … with:``. Both return a :class:`Compiled`, which also says
what the value depends on (state variables, event types, windows, the clock), so the engine
knows when to re-check an edge rule. Types, literals and None handling are described in
:mod:`engine.check.expr_types`; in short, a value that is missing at run time is None, which
ordering comparisons and conditions treat as false.

Choices the spec leaves open:

* Chained comparisons mean what they mean in Python: ``0 < x <= 10`` is
  ``0 < x and x <= 10``.
* Integers stay integers through ``+ - *``; ``/`` always gives a float. An ``int`` variable
  therefore accepts only whole-number expressions (no ``/``, no ``float`` variable); a
  ``float`` variable accepts any number and always stores a float.
* Division by zero gives None ("no value"), never inf or nan.
"""

from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

from engine.check.expr_compiler import LIFECYCLE, STATUSES, Compiler, lifecycle_types
from engine.check.expr_types import (
    KIND_NAMES,
    KINDS,
    ExpressionError,
    Fn,
    Scope,
    Typed,
    VarType,
    describe,
    literal_problem,
)

__all__ = [
    "LIFECYCLE",
    "STATUSES",
    "Compiled",
    "Context",
    "ExpressionError",
    "Scope",
    "VarType",
    "compile_expression",
    "compile_value",
    "lifecycle_types",
]


class Context(Protocol):
    """What a compiled expression reads at run time; the engine provides it."""

    # Read-only properties, so an engine may provide them as attributes or properties.
    @property
    def state(self) -> dict[str, Any]: ...
    @property
    def now(self) -> int: ...  # ticks since T+0
    @property
    def event(self) -> Any: ...  # .type, .by (str | None), .payload (dict); None outside one

    def count(self, event_type: str, within: int | None, filters: tuple[tuple[str, Any], ...]) -> int: ...
    def occurred(self, event_type: str, within: int | None, filters: tuple[tuple[str, Any], ...]) -> bool: ...
    def last_time(self, event_type: str) -> int | None: ...  # tick of the last such event
    def status(self, response: str) -> str: ...
    def contributed(self, response: str) -> frozenset[str]: ...


class Compiled(NamedTuple):
    """A compiled expression: its closure, its type and what its value depends on."""

    text: str
    fn: Callable[[Context], Any]
    type: str  # 'bool' | 'num' | 'str' | 'enum' | 'time' | 'actors'
    values: tuple[str, ...]  # the enum's values when type == 'enum'
    reads_state: frozenset[str]
    reads_events: frozenset[str]  # event types whose occurrence can change the value
    windows: tuple[tuple[str, int], ...]  # (event type, ticks) for each `within=`
    uses_time: bool  # reads `now` or `since()`
    reads_event: bool  # reads `event.*`
    may_be_none: bool = False  # fn can return None (missing payload field, division by zero)


def compile_expression(text: str, scope: Scope, *, expect_bool: bool = False) -> Compiled:
    """Compile ``text`` once; ``expect_bool`` for a rule guard, which must be true or false."""
    compiler = Compiler(text, scope)
    typed = compiler.compile()
    if expect_bool and typed.type != "bool":
        message = f"a condition must be true or false, but {describe(typed)} is not"
        raise ExpressionError(message, typed.site.offset)
    if expect_bool and typed.nullable:
        f = typed.fn
        typed = Typed(lambda c: bool(f(c)), "bool", typed.site)
    return _result(compiler, typed)


def compile_value(value: str | bool | int | float, target: VarType, scope: Scope) -> Compiled:
    """Compile the right-hand side of ``set: {var: value}``, ``add:`` and ``emit … with:``.

    A YAML bool, int or float is a constant, checked against ``target``: true/false only for
    bool, an int for int or float (a float target stores it as a float), a float only for
    float. A string is a constant for a ``str`` target (never parsed); for an ``enum``
    target it is a constant when it is one of the values, otherwise an expression that must
    give that enum. For bool, int and float targets a string is an expression: bool needs
    true/false, int a whole-number expression, float any number (stored as a float).
    ``fn`` returns None when the value is missing at run time (see ``may_be_none``); the
    engine should then leave the variable unchanged or omit the payload field.
    """
    if not isinstance(value, str) or target.kind == "str":
        problem = literal_problem(value, target)
        if problem:
            raise ExpressionError(problem)
        return _constant_compiled(value, target)
    if target.kind == "enum" and value in target.values:
        return _constant_compiled(value, target)
    compiler = Compiler(value, scope)
    try:
        typed = compiler.compile()
    except ExpressionError:
        if target.kind == "enum" and value.strip().isidentifier():
            raise ExpressionError(literal_problem(value, target) or "") from None
        raise
    return _result(compiler, _assignable(typed, target))


def _constant_compiled(value: str | bool | int | float, target: VarType) -> Compiled:
    if target.kind == "float":
        value = float(value)
    text = str(value).lower() if isinstance(value, bool) else str(value)
    kind = KINDS[target.kind]
    return Compiled(text, lambda _c: value, kind, target.values, frozenset(), frozenset(), (), False, False)


def _assignable(typed: Typed, target: VarType) -> Typed:
    """Check that an expression's value fits ``target``; a float target stores floats."""
    wanted = KINDS[target.kind]
    if wanted == "enum" and typed.const and typed.type == "str" and typed.value in target.values:
        return Typed(typed.fn, "enum", typed.site, target.values, const=True)
    if target.kind == "int" and typed.type == "num" and not typed.integral:
        message = f"{typed.label} can have a fraction (it uses '/' or a float), but the target is an int"
        raise ExpressionError(message, typed.site.offset)
    if typed.type == wanted == "enum":
        _check_enum_fits(typed, target)
    elif typed.type != wanted:
        message = f"expected {KIND_NAMES[target.kind]}, but {describe(typed)} is not"
        raise ExpressionError(message, typed.site.offset)
    if target.kind != "float":
        return typed
    f = typed.fn
    fn: Fn = (lambda c: None if (v := f(c)) is None else float(v)) if typed.nullable else (lambda c: float(f(c)))
    return Typed(fn, "num", typed.site, nullable=typed.nullable)


def _check_enum_fits(typed: Typed, target: VarType) -> None:
    extra = [v for v in typed.values if v not in target.values]
    if extra:
        message = f"{typed.label} can be '{extra[0]}', which is not a value of the target"
        raise ExpressionError(f"{message} (values: {', '.join(target.values)})", typed.site.offset)


def _result(compiler: Compiler, typed: Typed) -> Compiled:
    """The Compiled for the top node, with what the compiler collected on the way."""
    return Compiled(
        compiler.text, typed.fn, typed.type, typed.values,
        frozenset(compiler.reads_state), frozenset(compiler.reads_events),
        tuple(compiler.windows), compiler.uses_time, compiler.reads_event, typed.nullable,
    )  # fmt: skip
