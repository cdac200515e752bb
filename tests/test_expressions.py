"""The expression language: operators, names, functions, types, errors and dependencies."""

import ast
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from engine.check import expr_compiler, expr_types, expressions
from engine.check.expressions import (
    LIFECYCLE,
    STATUSES,
    ExpressionError,
    Scope,
    VarType,
    compile_expression,
    compile_value,
    lifecycle_types,
)

LEVELS = VarType("enum", ("green", "amber", "red"))
STATE = {
    "treaty.in_force": VarType("bool"),
    "violations.reported": VarType("int"),
    "alert.level": LEVELS,
    "budget.share": VarType("float"),
    "note.text": VarType("str"),
}
EVENTS = {
    "attack": {"scale": VarType("enum", ("limited", "major")), "losses": VarType("int")},
    "violation.reported": {"severity": VarType("enum", ("minor", "major"))},
    "treaty.entered_into_force": {},
    "incident": {"severity": VarType("enum", ("minor", "critical"))},
    "aid.offered": {"amount": VarType("float"), "urgent": VarType("bool"), "scale": VarType("int")},
    **{t: {} for t in lifecycle_types("collective_defence")},
}
ACTORS = frozenset({"alpha", "bravo", "charlie"})
H = 3600  # ticks (seconds) per hour
BASE = Scope(STATE, EVENTS, frozenset({"collective_defence"}), ACTORS)
ON_ATTACK = Scope(STATE, EVENTS, frozenset({"collective_defence"}), ACTORS, trigger_types=("attack",))
EDGE = Scope(STATE, EVENTS, frozenset({"collective_defence"}), ACTORS, edge=True)


@dataclass
class FakeEvent:
    """The triggering event, as the engine passes it."""

    type: str = "attack"
    by: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeContext:
    """A run's view for expressions; history calls are recorded for the assertions."""

    state: dict[str, Any] = field(default_factory=dict)
    now: int = 0  # ticks (seconds) since T+0
    event: Any = None
    counts: dict[str, int] = field(default_factory=dict)
    last: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    contributions: dict[str, frozenset[str]] = field(default_factory=dict)
    calls: list[tuple[str, str, int | None, tuple[tuple[str, Any], ...]]] = field(default_factory=list)

    def count(self, event_type: str, within: int | None, filters: tuple[tuple[str, Any], ...]) -> int:
        self.calls.append(("count", event_type, within, filters))
        return self.counts.get(event_type, 0)

    def occurred(self, event_type: str, within: int | None, filters: tuple[tuple[str, Any], ...]) -> bool:
        self.calls.append(("occurred", event_type, within, filters))
        return self.counts.get(event_type, 0) > 0

    def last_time(self, event_type: str) -> int | None:
        return self.last.get(event_type)

    def status(self, response: str) -> str:
        return self.statuses.get(response, "idle")

    def contributed(self, response: str) -> frozenset[str]:
        return self.contributions.get(response, frozenset())


def ctx(**kw: Any) -> FakeContext:
    """A context with a typical initial state, changed by ``kw``."""
    state = {
        "treaty.in_force": False,
        "violations.reported": 0,
        "alert.level": "green",
        "budget.share": 0.5,
        "note.text": "",
    }
    state.update(kw.pop("state", {}))
    return FakeContext(state=state, **kw)


def run(text: str, scope: Scope = BASE, **kw: Any) -> Any:
    """Compile ``text`` and evaluate it in ``ctx(**kw)``."""
    return compile_expression(text, scope).fn(ctx(**kw))


def error(text: str, scope: Scope = BASE, *, expect_bool: bool = False) -> ExpressionError:
    """The error compiling ``text`` raises."""
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, scope, expect_bool=expect_bool)
    return info.value


# -- literals and names ---------------------------------------------------------------------


def test_numbers_and_strings_are_literals():
    """Integer, float and string literals evaluate to themselves."""
    assert (run("3"), run("2.5"), run("'x'")) == (3, 2.5, "x")


def test_lowercase_true_and_false_are_booleans():
    """`true` and `false` are the boolean literals."""
    assert (run("true"), run("false")) == (True, False)


def test_state_variable_reads_the_state():
    """A dotted state variable reads the run's state."""
    assert run("violations.reported", state={"violations.reported": 4}) == 4


def test_now_is_ticks_since_start():
    """`now` is the context's clock, in ticks (seconds)."""
    assert run("now", now=36 * H) == 36 * H


def test_now_divided_by_an_hour_is_hours():
    """A time divided by a duration is a plain number: `now / '1h'` is hours, exactly."""
    assert run("now / '1h'", now=18 * 60) == 0.3


def test_event_field_reads_the_payload():
    """`event.<field>` reads the triggering event's payload."""
    assert run("event.scale", ON_ATTACK, event=FakeEvent(payload={"scale": "major"})) == "major"


def test_event_field_not_given_is_none():
    """A payload field that was not given reads as None."""
    assert run("event.scale", ON_ATTACK, event=FakeEvent()) is None


def test_event_by_and_type():
    """`event.by` and `event.type` read the triggering event."""
    event = FakeEvent(by="alpha")
    assert (run("event.by", ON_ATTACK, event=event), run("event.type", ON_ATTACK, event=event)) == ("alpha", "attack")


def test_event_type_values_are_the_trigger_types():
    """`event.type` is an enum over the rule's trigger types."""
    scope = Scope(STATE, EVENTS, frozenset(), ACTORS, trigger_types=("attack", "violation.reported"))
    assert compile_expression("event.type", scope).values == ("attack", "violation.reported")


def test_enum_fields_of_several_trigger_types_merge_their_values():
    """A field that is an enum in every trigger type takes the values of all of them."""
    scope = Scope(STATE, EVENTS, frozenset(), ACTORS, trigger_types=("violation.reported", "incident"))
    assert compile_expression("event.severity", scope).values == ("minor", "major", "critical")
    assert run("event.severity == 'critical'", scope, event=FakeEvent("incident", payload={"severity": "critical"}))


def test_expression_may_span_lines():
    """Newlines from a YAML block scalar are white space."""
    assert run("treaty.in_force\n  or true") is True


def test_leading_white_space_is_allowed():
    """Leading spaces do not make an indentation error."""
    assert run("  1 + 1") == 2


def test_parentheses_group():
    """Parentheses override precedence."""
    assert run("(1 + 2) * 3") == 9


# -- logic ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true and false", False),
        ("true and true", True),
        ("false or true", True),
        ("false or false", False),
        ("not false", True),
        ("true and true and false", False),
        ("false or false or true", True),
    ],
)
def test_logic_operators(text, value):
    """`and`, `or` and `not` follow boolean logic, with any number of operands."""
    assert run(text) is value


def test_and_short_circuits():
    """`and` does not evaluate its right side when the left is false."""
    c = ctx()
    compile_expression("treaty.in_force and occurred('attack')", BASE).fn(c)
    assert c.calls == []


def test_or_short_circuits_with_many_operands():
    """`or` over three operands stops at the first true one."""
    c = ctx(state={"treaty.in_force": True})
    assert compile_expression("treaty.in_force or occurred('attack') or occurred('attack')", BASE).fn(c) is True
    assert c.calls == []


def test_missing_bool_field_counts_as_false():
    """A bool payload field that was not given is false in `and`, `or` and `not`."""
    scope = Scope(STATE, EVENTS, frozenset(), ACTORS, trigger_types=("aid.offered",))
    assert run("event.urgent or false", scope, event=FakeEvent("aid.offered")) is False
    assert run("not event.urgent", scope, event=FakeEvent("aid.offered")) is True


def test_guard_with_missing_bool_field_is_false():
    """A guard that is just a missing bool field evaluates to False, not None."""
    scope = Scope(STATE, EVENTS, frozenset(), ACTORS, trigger_types=("aid.offered",))
    compiled = compile_expression("event.urgent", scope, expect_bool=True)
    assert compiled.fn(ctx(event=FakeEvent("aid.offered"))) is False


# -- comparisons ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 == 1", True),
        ("1 != 1", False),
        ("1 < 2", True),
        ("2 <= 2", True),
        ("1 > 2", False),
        ("3 >= 4", False),
        ("1 == 1.0", True),
        ("'a' == 'a'", True),
        ("true != false", True),
    ],
)
def test_comparison_operators(text, value):
    """Each comparison operator compares like Python."""
    assert run(text) is value


def test_chained_comparison_means_and():
    """`0 < x <= 3` is `0 < x and x <= 3`."""
    text = "0 < violations.reported <= 3"
    assert [run(text, state={"violations.reported": n}) for n in (0, 3, 4)] == [False, True, False]


def test_enum_compares_with_its_values():
    """An enum variable compares equal to one of its value literals."""
    assert run("alert.level == 'amber'", state={"alert.level": "amber"}) is True


def test_in_list_of_enum_values():
    """`x in [...]` and `x not in [...]` test membership in a literal list."""
    assert run("alert.level in ['amber', 'red']", state={"alert.level": "red"}) is True
    assert run("alert.level not in ['amber', 'red']", state={"alert.level": "red"}) is False


def test_in_list_of_numbers_with_negative():
    """A list of numbers may hold negative literals."""
    assert run("violations.reported in [-1, 2]", state={"violations.reported": -1}) is True


def test_time_compares_with_duration_literal():
    """A string literal compared with a time is a duration, compared exactly."""
    assert run("now >= '1d12h'", now=36 * H) is True
    assert run("now >= '1d12h'", now=36 * H - 1) is False
    assert run("'2d' > now", now=36 * H) is True
    assert run("now == '18m'", now=3 * 6 * 60) is True


def test_time_list_holds_durations():
    """A list compared with a time holds durations."""
    assert run("now in ['6h', '1d']", now=24 * H) is True


def test_none_equals_nothing_but_is_unequal_to_everything():
    """A missing field is not equal to a value and is unequal to it."""
    event = FakeEvent()
    assert run("event.scale == 'major'", ON_ATTACK, event=event) is False
    assert run("event.scale != 'major'", ON_ATTACK, event=event) is True


def test_ordering_with_none_is_false():
    """Ordering comparisons with a missing value are false, either way round."""
    event = FakeEvent()
    assert run("event.losses > 0", ON_ATTACK, event=event) is False
    assert run("event.losses <= 0", ON_ATTACK, event=event) is False
    assert run("0 < event.losses", ON_ATTACK, event=event) is False


def test_in_list_with_none_is_false():
    """A missing value is not in a list (and so is `not in` it)."""
    event = FakeEvent()
    assert run("event.scale in ['major']", ON_ATTACK, event=event) is False
    assert run("event.scale not in ['major']", ON_ATTACK, event=event) is True


def test_event_by_compares_with_actor():
    """`event.by == 'alpha'` is true for an event by alpha, false for one without actor."""
    assert run("event.by == 'alpha'", ON_ATTACK, event=FakeEvent(by="alpha")) is True
    assert run("event.by == 'alpha'", ON_ATTACK, event=FakeEvent()) is False


# -- arithmetic -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 + 2", 3),
        ("5 - 7", -2),
        ("3 * 4", 12),
        ("7 / 2", 3.5),
        ("-3", -3),
        ("- -3", 3),
        ("2 + 3 * 4", 14),
        ("10 - 2 - 3", 5),
        ("budget.share * 4", 2.0),
    ],
)
def test_arithmetic_operators(text, value):
    """`+ - * /` and unary `-` compute like Python, with the usual precedence."""
    assert run(text) == value


def test_division_gives_float():
    """`/` is true division."""
    assert run("4 / 2") == 2.0
    assert isinstance(run("4 / 2"), float)


def test_division_by_zero_at_run_time_is_none():
    """A division by zero at run time gives None, which compares false."""
    assert run("1 / violations.reported") is None
    assert run("1 / violations.reported > 0") is False


def test_division_by_literal_zero_is_an_error():
    """Dividing by a literal zero is a load error."""
    assert "division by zero" in error("violations.reported / 0").message


def test_arithmetic_with_none_is_none():
    """Arithmetic with a missing value gives None."""
    assert run("event.losses + 1", ON_ATTACK, event=FakeEvent()) is None
    assert run("-event.losses", ON_ATTACK, event=FakeEvent()) is None


def test_time_arithmetic():
    """time − time is a time, time × number a time, time ÷ time a number."""
    assert compile_expression("now - since('attack')", BASE).type == "time"
    assert compile_expression("since('attack') * 2", BASE).type == "time"
    assert compile_expression("2 * now", BASE).type == "time"
    assert compile_expression("now / '1d'", BASE).type == "num"
    assert run("now - '6h'", now=10 * H) == 4 * H


def test_constants_are_folded():
    """A constant subexpression is computed once, at load time."""
    compiled = compile_expression("2 * 3 + 1", BASE)
    assert compiled.fn(None) == 7  # type: ignore[arg-type]


# -- functions ------------------------------------------------------------------------------


def test_occurred_asks_the_context():
    """`occurred('type')` asks the context, with no window and no filters."""
    c = ctx(counts={"attack": 1})
    assert compile_expression("occurred('attack')", BASE).fn(c) is True
    assert c.calls == [("occurred", "attack", None, ())]


def test_count_passes_window_in_ticks_and_filters_sorted():
    """`count` passes `within` in ticks and the `by`/payload filters sorted by name."""
    c = ctx(counts={"attack": 2})
    text = "count('attack', within='30d', scale='major', by='alpha')"
    assert compile_expression(text, BASE).fn(c) == 2
    assert c.calls == [("count", "attack", 720 * H, (("by", "alpha"), ("scale", "major")))]


def test_filter_values_of_each_field_type():
    """Filters accept literals of their field's type; a float field stores ints as floats."""
    c = ctx()
    compile_expression("occurred('aid.offered', amount=3, urgent=true, scale=-2)", BASE).fn(c)
    assert c.calls[0][3] == (("amount", 3.0), ("scale", -2), ("urgent", True))


def test_since_is_ticks_since_last_event():
    """`since('type')` is now minus the tick of the last such event."""
    assert run("since('attack')", now=30 * H, last={"attack": 6 * H}) == 24 * H


def test_since_never_is_infinite():
    """`since('type')` is infinite when there was no such event."""
    assert run("since('attack')", now=30 * H) == math.inf
    assert run("since('attack') > '1000w'") is True


def test_status_reads_the_response():
    """`status('response')` is the latest instance's status."""
    assert run("status('collective_defence') == 'active'", statuses={"collective_defence": "active"}) is True


def test_status_values():
    """`status()` is an enum of idle, active, completed, failed, stopped."""
    compiled = compile_expression("status('collective_defence')", BASE)
    assert (compiled.type, compiled.values) == ("enum", STATUSES)


def test_contributed_is_a_set_of_actors():
    """`contributed('response')` is the set of actors that contributed."""
    got = run("contributed('collective_defence')", contributions={"collective_defence": frozenset({"bravo"})})
    assert got == frozenset({"bravo"})


def test_actor_in_contributed():
    """`'bravo' in contributed(...)` and `not in` test one actor."""
    done = {"collective_defence": frozenset({"bravo"})}
    assert run("'bravo' in contributed('collective_defence')", contributions=done) is True
    assert run("'charlie' not in contributed('collective_defence')", contributions=done) is True


def test_event_by_in_contributed():
    """The actor of the triggering event may be tested against contributed()."""
    done = {"collective_defence": frozenset({"bravo"})}
    text = "event.by in contributed('collective_defence')"
    assert run(text, ON_ATTACK, event=FakeEvent(by="bravo"), contributions=done) is True


def test_contributed_counts_as_its_size():
    """In comparisons and arithmetic, contributed() is its number of actors."""
    done = {"collective_defence": frozenset({"bravo", "charlie"})}
    assert run("contributed('collective_defence') >= 2", contributions=done) is True
    assert run("contributed('collective_defence') + 1", contributions=done) == 3


# -- types and what is returned -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("true", "bool"),
        ("1 + 1", "num"),
        ("'x'", "str"),
        ("alert.level", "enum"),
        ("now", "time"),
        ("contributed('collective_defence')", "actors"),
        ("count('attack')", "num"),
        ("note.text", "str"),
    ],
)
def test_compiled_type(text, kind):
    """Each expression reports its type."""
    assert compile_expression(text, BASE).type == kind


def test_enum_values_reported():
    """An enum expression reports its values."""
    assert compile_expression("alert.level", BASE).values == ("green", "amber", "red")


def test_text_is_kept():
    """The compiled expression keeps its source text."""
    assert compile_expression("1 + 1", BASE).text == "1 + 1"


def test_may_be_none_for_payload_fields():
    """An expression reading a payload field may be None; one reading state may not."""
    assert compile_expression("event.losses + 1", ON_ATTACK).may_be_none is True
    assert compile_expression("violations.reported + 1", BASE).may_be_none is False


def test_guard_must_be_boolean():
    """With `expect_bool`, a non-boolean expression is an error."""
    assert "must be true or false" in error("violations.reported", expect_bool=True).message


def test_lifecycle_types():
    """A response has seven implicit lifecycle event types."""
    assert lifecycle_types("r") == tuple(f"r.{s}" for s in LIFECYCLE)
    assert LIFECYCLE == ("started", "authorized", "contributed", "declined", "completed", "failed", "stopped")


# -- dependencies ---------------------------------------------------------------------------


def test_reads_state_lists_state_variables():
    """`reads_state` holds every state variable read."""
    compiled = compile_expression("treaty.in_force and violations.reported > 2", BASE)
    assert compiled.reads_state == {"treaty.in_force", "violations.reported"}


def test_reads_events_lists_history_functions():
    """`reads_events` holds the types in occurred, count and since."""
    text = "occurred('attack') or count('violation.reported') > 1 or since('treaty.entered_into_force') > '1d'"
    assert compile_expression(text, BASE).reads_events == {"attack", "violation.reported", "treaty.entered_into_force"}


def test_reads_events_lists_lifecycle_for_status_and_contributed():
    """status() and contributed() depend on the response's lifecycle events."""
    assert compile_expression("status('collective_defence') == 'idle'", BASE).reads_events == set(
        lifecycle_types("collective_defence")
    )
    assert compile_expression("contributed('collective_defence') > 0", BASE).reads_events == set(
        lifecycle_types("collective_defence")
    )


def test_windows_list_each_within():
    """`windows` has one (type, ticks) pair per distinct window used."""
    text = "occurred('attack', within='1d') or count('attack', within='1d') > 1 or occurred('attack', within='2h')"
    assert compile_expression(text, BASE).windows == (("attack", 24 * H), ("attack", 2 * H))


def test_windows_keep_source_order():
    """Windows are listed in the order the text uses them (results must not depend on hashing)."""
    text = ("occurred('attack', within='3d') or occurred('attack', within='1h') or "
            "occurred('attack', within='2w') or occurred('attack', within='30m') or occurred('attack', within='5d')")
    assert compile_expression(text, BASE).windows == (
        ("attack", 72 * H), ("attack", H), ("attack", 336 * H), ("attack", H // 2), ("attack", 120 * H))


def test_uses_time_for_now_and_since():
    """`uses_time` is set by `now` and `since()`, and only by them."""
    assert compile_expression("now > '1d'", BASE).uses_time is True
    assert compile_expression("since('attack') > '1d'", BASE).uses_time is True
    assert compile_expression("occurred('attack', within='1d')", BASE).uses_time is False


def test_reads_event_for_event_names():
    """`reads_event` is set by `event.*` and only by it."""
    assert compile_expression("event.by == 'alpha'", ON_ATTACK).reads_event is True
    assert compile_expression("treaty.in_force", ON_ATTACK).reads_event is False


def test_edge_rule_may_use_windows():
    """An edge rule may use `within=`."""
    assert compile_expression("not occurred('attack', within='30d')", EDGE).windows == (("attack", 720 * H),)


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("treaty.in_forse", "unknown state variable 'treaty.in_forse' (did you mean 'treaty.in_force'?)"),
        ("red", "unknown state variable 'red' (if you meant the text 'red', quote it)"),
        ("alert.level == 'medium'", "'medium' is not a value of alert.level (values: green, amber, red)"),
        ("alert.level == 'rde'", "(did you mean 'red'?)"),
        ("alert.level in ['red', 'amberr']", "'amberr' is not a value of alert.level"),
        ("len(x)", "function calls other than occurred, count, since, status, contributed are not allowed: 'len'"),
        ("ocurred('attack')", "(did you mean 'occurred'?)"),
        ("'x'.upper()", "function calls other than"),
        ("a.b()", "not allowed: 'a.b'"),
        ("2 ** 3", "operator '**' is not allowed"),
        ("7 // 2", "operator '//' is not allowed"),
        ("7 % 2", "operator '%' is not allowed"),
        ("1 << 2", "operator '<<' is not allowed"),
        ("true & false", "operator '&' is not allowed (use 'and')"),
        ("true | false", "operator '|' is not allowed (use 'or')"),
        ("1 ^ 2", "operator '^' is not allowed"),
        ("~1", "operator '~' is not allowed (use 'not')"),
        ("+1", "operator 'unary +' is not allowed"),
        ("1 is 1", "operator 'is' is not allowed (use '==')"),
        ("1 is not 1", "operator 'is not' is not allowed (use '!=')"),
        ("True", "write true in lower case, not True"),
        ("False", "write false in lower case, not False"),
        ("None", "None is not allowed"),
        ("1 if true else 2", "conditional expressions (x if c else y) not allowed"),
        ("lambda: 1", "lambda not allowed"),
        ("x[0]", "subscripts (x[...]) not allowed"),
        ("[x for x in y]", "comprehensions not allowed"),
        ("f'{x}'", "f-strings not allowed"),
        ("(x := 1)", "assignment expressions (:=) not allowed"),
        ("{1: 2}", "dict literals not allowed"),
        ("{1}", "set literals not allowed"),
        ("(1, 2)", "tuples not allowed"),
        ("b'x'", "literal b'x' not allowed"),
        ("1e999", "number 1e999 is too large (at most 1e+15)"),
        ("10000000000000000 + 1", "is too large"),
        ("1j", "literal 1j not allowed"),
        ("__import__", "names starting with '__' are not allowed"),
        ("treaty.__class__", "names starting with '__' are not allowed"),
        ("(1).real", "attribute access is only allowed in dotted names"),
        ("[1, 2]", "list literals are only allowed after 'in' or 'not in'"),
        ("[1] == 1", "list literals are only allowed after 'in'"),
        ("1 in [1] == true", "list literals are only allowed after 'in'"),
        ("'a' in 'abc'", "the right side of 'in' must be a list"),
        ("violations.reported in [note.text]", "the list after 'in' may hold only literals"),
        ("event.by == 'alpha'", "'event.by' is only allowed in a rule with `on:`"),
    ],
)
def test_refused_expressions(text, message):
    """Each construct outside the language is refused with a message naming it."""
    assert message in error(text).message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("count('atack')", "unknown event type 'atack' (did you mean 'attack'?)"),
        ("status('collective_defense')", "unknown response 'collective_defense' (did you mean 'collective_defence'?)"),
        ("contributed('nope')", "unknown response 'nope'"),
        ("count()", "count() takes one argument, the event type in quotes"),
        ("count(attack)", "count() takes one argument, the event type in quotes"),
        ("count('attack', 'x')", "takes one argument"),
        ("count(*x)", "takes one argument"),
        ("count('attack', **x)", "** unpacking is not allowed"),
        ("count('attack', within='1d', within='2d')", "'within' is given twice"),
        ("count('attack', scale='major', scale='limited')", "'scale' is given twice"),
        ("occurred('attack', within=30)", "within= takes a quoted duration such as '30d'"),
        ("occurred('attack', within='30')", "bare number"),
        ("occurred('attack', within='0')", "within= must be longer than 0"),
        ("occurred('attack', scal='major')", "'scal' is not a field of event 'attack' (fields: scale, losses)"),
        ("occurred('treaty.entered_into_force', x=1)", "(fields: none)"),
        ("occurred('attack', scale='huge')", "'huge' is not a value of attack.scale (values: limited, major)"),
        ("occurred('attack', scale=major)", "scale= takes a literal; to give the text 'major', quote it"),
        ("occurred('attack', losses=1.5)", "attack.losses should be a whole number, not 1.5"),
        ("occurred('attack', losses=violations.reported)", "losses= takes a literal"),
        ("occurred('aid.offered', urgent=1)", "aid.offered.urgent should be true or false, not 1"),
        ("occurred('attack', by='zulu')", "unknown actor 'zulu'"),
        ("occurred('attack', by='alhpa')", "(did you mean 'alpha'?)"),
        ("occurred('attack', by=1)", "by= takes an actor id in quotes"),
        ("since('attack', within='1d')", "since() takes no keyword arguments"),
        ("status('collective_defence', x=1)", "status() takes no keyword arguments"),
        ("'zulu' in contributed('collective_defence')", "unknown actor 'zulu'"),
        ("1 in contributed('collective_defence')", "must be an actor id such as 'bravo'"),
    ],
)
def test_refused_function_calls(text, message):
    """Function arguments are checked against the declarations."""
    assert message in error(text).message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("treaty.in_force + 1", "cannot apply '+' to treaty.in_force (true/false) and 1 (a number)"),
        ("alert.level + 'x'", "cannot apply '+' to alert.level (an enum) and 'x' (a string)"),
        ("event.by + 'alpha'", "cannot apply '+' to event.by (a string)"),
        ("'a' + 'b'", "cannot apply '+'"),
        ("now + 1", "write durations as quoted strings, e.g. '72h'"),
        ("since('attack') > 3", "cannot compare since('attack') (a time) with 3 (a number) using '>'"),
        ("now > '3 days'", "invalid duration '3 days'"),
        ("now * now", "cannot apply '*'"),
        ("1 - now", "cannot apply '-'"),
        ("1 < 'x'", "cannot compare 1 (a number) with 'x' (a string) using '<'"),
        ("alert.level > 'amber'", "'>' needs numbers or times"),
        ("true < false", "'<' needs numbers or times"),
        ("alert.level == 1", "cannot compare alert.level (an enum) with 1 (a number)"),
        ("contributed('collective_defence') == 'bravo'", "write 'bravo' in contributed('response')"),
        ("not 1", "'not' needs true/false operands, but 1 (a number) is not"),
        ("1 and true", "'and' needs true/false operands"),
        ("true or 'x'", "'or' needs true/false operands"),
        ("-'x'", "cannot negate 'x' (a string)"),
        ("-true", "cannot negate"),
        ("event.by == 'zulu'", "unknown actor 'zulu'"),
        ("event.type == 'atack'", "'atack' is not a value of event.type (values: attack) (did you mean 'attack'?)"),
        ("violations.reported in ['a']", "cannot compare violations.reported (a number) with 'a'"),
    ],
)
def test_type_errors(text, message):
    """Operands of the wrong type are load errors naming both sides."""
    assert message in error(text, ON_ATTACK).message


def test_event_field_unknown_with_suggestion():
    """A misspelt payload field lists the fields and suggests the closest."""
    scope = Scope(STATE, EVENTS, frozenset(), ACTORS, trigger_types=("violation.reported",))
    message = error("event.sevrity", scope).message
    assert message == (
        "'sevrity' is not a field of event 'violation.reported' (fields: severity) (did you mean 'severity'?)"
    )


def test_event_field_must_be_in_every_trigger_type():
    """A field missing from one of the trigger types is an error naming that type."""
    scope = Scope(STATE, EVENTS, frozenset(), ACTORS, trigger_types=("attack", "aid.offered"))
    assert "'losses' is not a field of event 'aid.offered'" in error("event.losses", scope).message


def test_event_field_with_different_types_is_an_error():
    """A field whose type differs between trigger types cannot be used."""
    scope = Scope(STATE, EVENTS, frozenset(), ACTORS, trigger_types=("attack", "aid.offered"))
    assert "different types" in error("event.scale", scope).message


def test_bare_event_is_an_error():
    """`event` alone or with two dots is refused."""
    assert "write event.<field>, event.by or event.type" in error("event", ON_ATTACK).message
    assert "write event.<field>" in error("event.scale.x", ON_ATTACK).message


def test_now_forbidden_in_edge_rule():
    """`now` is not allowed in a rule without `on:`."""
    message = error("now > '1d'", EDGE).message
    assert message == "'now' is not allowed in a rule without `on:` (use a delayed `emit` as a timer)"


def test_since_forbidden_in_edge_rule():
    """`since()` is not allowed in a rule without `on:`."""
    assert "since() is not allowed in a rule without `on:`" in error("since('attack') > '1d'", EDGE).message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("alert.level = 'red'", "use '==' to compare"),
        ("true && false", "use 'and', not '&&'"),
        ("true || false", "use 'or', not '||'"),
        ("!true", "use 'not', not '!'"),
        ("(1 + 2", "was never closed"),
        ("1 +", "invalid syntax"),
        ("", "empty expression"),
        ("   ", "empty expression"),
        ("'a\x00'", "null bytes"),
    ],
)
def test_syntax_errors(text, message):
    """Texts Python cannot parse are errors, with a hint for operators from other languages."""
    assert message in error(text).message


def test_syntax_error_offset():
    """A syntax error points at the offending character."""
    assert error("alert.level = 'red'").offset == 12


def test_error_offset_points_at_node():
    """A semantic error points at the offending node's first character."""
    assert error("treaty.in_force and alert.levle == 'red'").offset == 20


def test_error_offset_counts_characters_not_bytes():
    """Offsets after non-ASCII text count characters."""
    assert error("'été' == 'été' and nope").offset == 19


def test_error_offset_counts_leading_white_space():
    """Offsets count from the start of the original text."""
    assert error("  nope").offset == 2


def test_too_long_text_is_refused():
    """A text longer than 2,000 characters is refused before parsing."""
    assert "at most 2000" in error("1 + " * 500 + "1").message


def test_deep_nesting_is_refused():
    """Nesting deeper than 50 levels is refused without a crash."""
    assert "nested too deeply" in error("-" * 100 + "1").message
    assert "nested too deeply" in error("(" * 150 + "1" + ")" * 150 + " + 1" * 60).message


def test_very_deep_parentheses_are_an_error():
    """Parentheses beyond what Python's parser takes are an ExpressionError."""
    assert isinstance(error("(" * 300 + "1" + ")" * 300), ExpressionError)


def test_no_eval_in_module():
    """The compiler never calls eval, exec or compile."""
    for module in (expressions, expr_types, expr_compiler):
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not called & {"eval", "exec", "compile"}


# -- compile_value --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (True, VarType("bool"), True),
        (3, VarType("int"), 3),
        (3, VarType("float"), 3.0),
        (2.5, VarType("float"), 2.5),
        ("text with spaces", VarType("str"), "text with spaces"),
        ("red", LEVELS, "red"),
    ],
)
def test_value_constants(value, target, expected):
    """YAML scalars that fit the target are constants."""
    compiled = compile_value(value, target, BASE)
    got = compiled.fn(ctx())
    assert got == expected
    assert type(got) is type(expected)
    assert (compiled.reads_state, compiled.reads_events) == (frozenset(), frozenset())


def test_value_string_for_str_target_is_never_parsed():
    """A string for a str target is taken as text, even if it looks like an expression."""
    assert compile_value("violations.reported + 1", VarType("str"), BASE).fn(ctx()) == "violations.reported + 1"


@pytest.mark.parametrize(
    ("value", "target", "message"),
    [
        (1, VarType("bool"), "should be true or false, not 1"),
        (True, VarType("int"), "should be a whole number, not true"),
        (2.5, VarType("int"), "should be a whole number, not 2.5"),
        (False, VarType("float"), "should be a number"),
        (3, VarType("str"), "should be a string, not 3"),
        (3, LEVELS, "should be one of its values"),
    ],
)
def test_value_constant_of_wrong_type(value, target, message):
    """A YAML scalar of the wrong type is an error."""
    with pytest.raises(ExpressionError, match=message):
        compile_value(value, target, BASE)


def test_value_unknown_enum_word_suggests_value():
    """A bare word that is neither a value nor an expression lists the values."""
    with pytest.raises(ExpressionError) as info:
        compile_value("reed", LEVELS, BASE)
    assert info.value.message == "'reed' is not a value (values: green, amber, red) (did you mean 'red'?)"


def test_value_enum_from_expression():
    """An enum target accepts an expression with the same values."""
    compiled = compile_value("alert.level", LEVELS, BASE)
    assert compiled.fn(ctx(state={"alert.level": "amber"})) == "amber"
    assert compiled.reads_state == {"alert.level"}


def test_value_enum_from_quoted_literal():
    """An enum target accepts a quoted value literal."""
    assert compile_value("'red'", LEVELS, BASE).fn(ctx()) == "red"


def test_value_enum_expression_with_other_values_is_an_error():
    """An enum expression that can give a value the target lacks is refused."""
    with pytest.raises(ExpressionError, match="can be 'limited', which is not a value of the target"):
        compile_value("event.scale", LEVELS, ON_ATTACK)


def test_value_enum_misspelt_expression_reports_expression_error():
    """A misspelt variable in an enum value reports the expression's own error."""
    with pytest.raises(ExpressionError, match=re.escape("did you mean 'alert.level'")):
        compile_value("alert.levle", LEVELS, BASE)


def test_value_int_expression():
    """An int target accepts a whole-number expression, computed as an int."""
    compiled = compile_value("violations.reported + count('attack')", VarType("int"), BASE)
    assert compiled.fn(ctx(state={"violations.reported": 2}, counts={"attack": 1})) == 3


def test_value_int_refuses_division():
    """An int target refuses an expression that can have a fraction."""
    with pytest.raises(ExpressionError, match="can have a fraction"):
        compile_value("violations.reported / 2", VarType("int"), BASE)


def test_value_int_refuses_float_variable():
    """An int target refuses a float variable."""
    with pytest.raises(ExpressionError, match="can have a fraction"):
        compile_value("budget.share", VarType("int"), BASE)


def test_value_float_expression_stores_float():
    """A float target stores a float even from an int expression."""
    got = compile_value("violations.reported + 1", VarType("float"), BASE).fn(ctx())
    assert got == 1.0
    assert isinstance(got, float)


def test_value_bool_expression():
    """A bool target accepts a condition."""
    assert compile_value("not treaty.in_force", VarType("bool"), BASE).fn(ctx()) is True


def test_value_bool_refuses_number():
    """A bool target refuses a number expression."""
    with pytest.raises(ExpressionError, match=re.escape("expected true or false, but violations.reported")):
        compile_value("violations.reported", VarType("bool"), BASE)


def test_value_float_refuses_time():
    """A time cannot be stored in a float variable."""
    with pytest.raises(ExpressionError, match="expected a number, but now"):
        compile_value("now", VarType("float"), BASE)


def test_value_from_missing_payload_field_is_none():
    """A value read from a missing payload field is None and flagged as such."""
    compiled = compile_value("event.losses + 1", VarType("float"), ON_ATTACK)
    assert compiled.may_be_none is True
    assert compiled.fn(ctx(event=FakeEvent())) is None


def test_value_respects_edge_scope():
    """compile_value applies the scope's rules too (no `now` in an edge rule)."""
    with pytest.raises(ExpressionError, match="not allowed in a rule without"):
        compile_value("since('attack') / '1h'", VarType("float"), EDGE)
