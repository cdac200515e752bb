"""Property tests of the expression compiler: it agrees with a reference, fails only cleanly, and is stable."""

import operator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from engine.check.expressions import ExpressionError, Scope, VarType, compile_expression, compile_value

LEVELS = ("green", "amber", "red")
STATE = {
    "n.a": VarType("int"),
    "n.b": VarType("int"),
    "f.x": VarType("float"),
    "flag.on": VarType("bool"),
    "alert.level": VarType("enum", LEVELS),
}
EVENTS = {"attack": {"losses": VarType("int"), "scale": VarType("enum", ("limited", "major"))}, "ping": {}}
SCOPE = Scope(STATE, EVENTS, frozenset({"defence"}), frozenset({"alpha", "bravo"}), trigger_types=("attack",))
FLOATS = (0.5, 1.25, 2.0, 3.75)
ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
EQUAL = {"==": operator.eq, "!=": operator.ne}
ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}

# -- a tiny grammar: each tree is a tuple; `text` renders it, `reference` evaluates it -------


def text(t: tuple) -> str:
    """Source text of a tree, fully parenthesised so precedence never matters."""
    kind = t[0]
    if kind == "lit":
        return repr(t[1]) if not isinstance(t[1], bool) else str(t[1]).lower()
    if kind in ("var", "call"):
        return t[1]
    if kind == "neg":
        return f"(-{text(t[1])})"
    if kind == "not":
        return f"(not {text(t[1])})"
    if kind == "in":
        return f"({text(t[1])} {t[2]} [{', '.join(text(i) for i in t[3])}])"
    if kind == "chain":
        return f"({text(t[2])} {t[1]} {text(t[3])} {t[4]} {text(t[5])})"
    return f"({text(t[2])} {t[1]} {text(t[3])})"


def reference(t: tuple, env: dict[str, Any]) -> Any:
    """The documented semantics, over plain Python values (None = no value)."""
    kind = t[0]
    if kind == "lit":
        return t[1]
    if t == ("call", "occurred('attack')"):
        return env["count('attack')"] > 0
    if kind in ("var", "call"):
        return env[t[1]]
    if kind == "neg":
        v = reference(t[1], env)
        return None if v is None else -v
    if kind == "not":
        return not reference(t[1], env)
    if kind == "in":
        found = reference(t[1], env) in [reference(i, env) for i in t[3]]
        return found if t[2] == "in" else not found
    if kind == "bin":
        return _arith(t[1], reference(t[2], env), reference(t[3], env))
    if kind == "logic":
        left = reference(t[2], env)
        if t[1] == "and":
            return left and reference(t[3], env)
        return left or reference(t[3], env)
    if kind == "chain":
        a, b, c = (reference(x, env) for x in (t[2], t[3], t[5]))
        return _compare(t[1], a, b) and _compare(t[4], b, c)
    return _compare(t[1], reference(t[2], env), reference(t[3], env))


def _arith(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if op == "/":
        return None if b == 0 else a / b
    return ARITH[op](a, b)


def _compare(op: str, a: Any, b: Any) -> bool:
    if op in EQUAL:
        return EQUAL[op](a, b)
    return a is not None and b is not None and ORDER[op](a, b)


NUM_LEAVES = st.one_of(
    st.integers(-20, 20).map(lambda v: ("lit", v)),
    st.sampled_from(FLOATS).map(lambda v: ("lit", v)),
    st.sampled_from(["n.a", "n.b", "f.x", "event.losses"]).map(lambda v: ("var", v)),
    st.just(("call", "count('attack')")),
)


def _num_ops(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.tuples(st.just("bin"), st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.tuples(st.just("neg"), children),
    )


NUMS = st.recursive(NUM_LEAVES, _num_ops, max_leaves=6)
CMP_OPS = st.sampled_from([*ORDER, *EQUAL])
BOOL_LEAVES = st.one_of(
    st.booleans().map(lambda v: ("lit", v)),
    st.just(("var", "flag.on")),
    st.just(("call", "occurred('attack')")),
    st.tuples(st.just("cmp"), CMP_OPS, NUMS, NUMS),
    st.tuples(st.just("chain"), CMP_OPS, NUMS, NUMS, CMP_OPS, NUMS),
    st.tuples(
        st.just("cmp"),
        st.sampled_from(["==", "!="]),
        st.just(("var", "alert.level")),
        st.sampled_from(LEVELS).map(lambda v: ("lit", v)),
    ),
    st.tuples(
        st.just("in"),
        st.just(("var", "alert.level")),
        st.sampled_from(["in", "not in"]),
        st.lists(st.sampled_from(LEVELS).map(lambda v: ("lit", v)), max_size=3),
    ),
    st.tuples(
        st.just("in"),
        NUMS,
        st.sampled_from(["in", "not in"]),
        st.lists(st.integers(-3, 3).map(lambda v: ("lit", v)), max_size=3),
    ),
)


def _bool_ops(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.tuples(st.just("logic"), st.sampled_from(["and", "or"]), children, children),
        st.tuples(st.just("not"), children),
    )


BOOLS = st.recursive(BOOL_LEAVES, _bool_ops, max_leaves=5)

ENVS = st.fixed_dictionaries({
    "n.a": st.integers(-5, 5),
    "n.b": st.integers(-5, 5),
    "f.x": st.sampled_from((0.0, *FLOATS)),
    "flag.on": st.booleans(),
    "alert.level": st.sampled_from(LEVELS),
    "event.losses": st.one_of(st.none(), st.integers(-3, 3)),
    "count('attack')": st.integers(0, 3),
})  # fmt: skip


@dataclass
class Event:
    """The triggering event."""

    type: str = "attack"
    by: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """A run's view built from one generated environment."""

    env: dict[str, Any]
    now: float = 0.0
    state: dict[str, Any] = field(init=False)
    event: Event = field(init=False)

    def __post_init__(self) -> None:
        self.state = {name: self.env[name] for name in STATE}
        losses = self.env["event.losses"]
        self.event = Event(payload={} if losses is None else {"losses": losses})

    def count(self, event_type: str, within: float | None, filters: tuple) -> int:
        return self.env["count('attack')"]

    def occurred(self, event_type: str, within: float | None, filters: tuple) -> bool:
        return self.env["count('attack')"] > 0

    def last_time(self, event_type: str) -> float | None:
        return None

    def status(self, response: str) -> str:
        return "idle"

    def contributed(self, response: str) -> frozenset[str]:
        return frozenset()


def outcome(compile_fn: Any, *args: Any, **kw: Any) -> ExpressionError | None:
    """The ExpressionError a compile raises, or None; any other exception propagates."""
    try:
        compile_fn(*args, **kw)
    except ExpressionError as exc:
        return exc
    return None


def _same(a: Any, b: Any) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a == b and type(a) is type(b))


def is_constant(t: tuple) -> bool:
    """Whether a tree holds only literals (so the compiler folds it)."""
    return t[0] == "lit" or (t[0] in ("bin", "neg") and all(is_constant(x) for x in t[1:] if isinstance(x, tuple)))


def divides_by_constant_zero(t: tuple) -> bool:
    """Whether a tree divides by a constant zero, which is a load error."""
    divisor = t[3] if t[0] == "bin" and t[1] == "/" else None
    if divisor and is_constant(divisor) and not divides_by_constant_zero(divisor) and reference(divisor, {}) == 0:
        return True
    return any(divides_by_constant_zero(x) for x in t[1:] if isinstance(x, tuple))


@settings(max_examples=200, deadline=None)
@given(tree=NUMS, env=ENVS)
def test_number_expressions_match_reference(tree, env):
    """A random number expression evaluates as the reference says, None included."""
    assume(not divides_by_constant_zero(tree))
    compiled = compile_expression(text(tree), SCOPE)
    assert compiled.type == "num"
    assert _same(compiled.fn(Context(env)), reference(tree, env))


@settings(max_examples=200, deadline=None)
@given(tree=NUMS)
def test_constant_zero_divisor_is_a_load_error(tree):
    """Exactly the expressions that divide by a constant zero fail to compile."""
    failure = outcome(compile_expression, text(tree), SCOPE)
    assert (failure is not None) == divides_by_constant_zero(tree)
    assert failure is None or "division by zero" in failure.message


@settings(max_examples=200, deadline=None)
@given(tree=BOOLS, env=ENVS)
def test_conditions_match_reference(tree, env):
    """A random condition evaluates as the reference says, always to True or False."""
    assume(not divides_by_constant_zero(tree))
    compiled = compile_expression(text(tree), SCOPE, expect_bool=True)
    got = compiled.fn(Context(env))
    assert got is bool(reference(tree, env))


TOKENS = st.sampled_from([
    "n.a", "f.x", "flag.on", "alert.level", "event.losses", "event.by", "event.type", "event", "now", "x",
    "true", "false", "True", "None", "1", "0", "2.5", "-", "+", "*", "/", "**", "//", "%", "==", "!=", "<",
    ">=", "=", "in", "not", "and", "or", "is", "(", ")", "[", "]", ",", ".", "'red'", "'3d'", "'alpha'",
    "'0'", "occurred(", "count(", "since(", "status(", "contributed(", "'attack'", "'defence'", "within=",
    "by=", "losses=", "scale=", "'major'", "lambda", ":", "if", "else", "f'", "{", "}", "__class__", "1e999",
    "\n", "#", "\\", "\x00", "\ud800", "é",
])  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=60),
    st.lists(TOKENS, max_size=25).map(" ".join),
    st.lists(TOKENS, max_size=25).map("".join),
    BOOLS.map(text).flatmap(lambda s: st.integers(0, len(s)).map(lambda i: s[:i] + s[i + 1 :])),
)


@settings(max_examples=200, deadline=None)
@given(source=TEXTS, edge=st.booleans(), with_event=st.booleans(), expect_bool=st.booleans())
@example(source="\ud800", edge=False, with_event=False, expect_bool=False)  # a lone surrogate: not UTF-8
@example(source="é < 'ü' and ", edge=False, with_event=False, expect_bool=True)  # offsets past non-ASCII text
def test_any_text_compiles_or_raises_expression_error(source, edge, with_event, expect_bool):
    """Whatever the text, compile_expression returns or raises ExpressionError, never anything else."""
    scope = Scope(STATE, EVENTS, SCOPE.responses, SCOPE.actors, ("attack",) if with_event else (), edge)
    failure = outcome(compile_expression, source, scope, expect_bool=expect_bool)
    assert failure is None or (failure.message and 0 <= failure.offset <= len(source))


@settings(max_examples=200, deadline=None)
@given(source=TEXTS, target=st.sampled_from([*STATE.values(), VarType("str")]))
def test_any_value_text_compiles_or_raises_expression_error(source, target):
    """compile_value on any text returns or raises ExpressionError, never anything else."""
    failure = outcome(compile_value, source, target, SCOPE)
    assert failure is None or failure.message


HISTORY = st.builds(
    lambda fn, within, losses: f"{fn}('attack'{within}{losses})",
    st.sampled_from(["occurred", "count"]),
    st.sampled_from(["", ", within='1d'", ", within='30m'", ", within='2w'"]),
    st.sampled_from(["", ", losses=2", ", by='bravo'"]),
)


@settings(max_examples=200, deadline=None)
@given(tree=BOOLS, extra=st.lists(HISTORY, max_size=3), timed=st.booleans())
def test_compile_is_deterministic(tree, extra, timed):
    """Compiling the same text twice gives the same type and dependency sets."""
    assume(not divides_by_constant_zero(tree))
    parts = [text(tree), *(f"({h} == 1)" if h.startswith("count") else h for h in extra)]
    if timed:
        parts.append("since('ping') > '1h' and status('defence') == 'idle'")
    source = " and ".join(parts)
    first, second = compile_expression(source, SCOPE), compile_expression(source, SCOPE)
    keys = ("type", "values", "reads_state", "reads_events", "windows", "uses_time", "reads_event", "may_be_none")
    assert all(getattr(first, k) == getattr(second, k) for k in keys)
    assert first.fn(Context(_quiet_env())) == second.fn(Context(_quiet_env()))


def _quiet_env() -> dict[str, Any]:
    return {"n.a": 1, "n.b": 2, "f.x": 0.5, "flag.on": True, "alert.level": "red", "event.losses": None,
            "count('attack')": 1}  # fmt: skip
