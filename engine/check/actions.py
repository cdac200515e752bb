"""Compiling actions and expressions during the meaning pass, with errors at their places."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from engine.check.expressions import Compiled, ExpressionError, Scope, VarType, compile_expression, compile_value
from engine.check.pack_world import PackWorld, Where
from engine.check.world import (
    NARRATIVE,
    Act,
    DecideAct,
    EmitAct,
    NoteAct,
    ReleaseAct,
    SetAct,
    StartAct,
    StopAct,
    SwitchAct,
)
from engine.errors import Diagnostic
from engine.read.pack import Action
from engine.read.suggest import not_a_field, unknown


def coerce(value: Any, vt: VarType) -> Any:
    """The value as stored: ints become floats in float variables."""
    return float(value) if vt.kind == "float" else value


@dataclass
class ActionCompiler:
    """Turns file actions into engine actions, reporting every bad reference."""

    world: PackWorld
    errors: list[Diagnostic]
    rule_ids: set[str] = field(default_factory=set)
    decision_ids: set[str] = field(default_factory=set)

    def err(self, where: Where, message: str, *, key: bool = False) -> None:
        """Record an error at ``where``."""
        self.errors.append(Diagnostic(where.doc.mark(where.loc, key=key), message))

    def expression(self, text: str, where: Where, scope: Scope, *, boolean: bool = True) -> Compiled | None:
        """Compile an expression; on error record it (column adjusted) and return None."""
        try:
            return compile_expression(text, scope, expect_bool=boolean)
        except ExpressionError as exc:
            self._expr_error(exc, where)
            return None

    def _expr_error(self, exc: ExpressionError, where: Where) -> None:
        mark = where.doc.mark(where.loc)
        quote = 1 if where.loc in where.doc.quoted else 0  # the text starts after the quote
        self.errors.append(Diagnostic(mark._replace(col=mark.col + quote + exc.offset), exc.message))

    def value(self, value: Any, vt: VarType, where: Where, scope: Scope) -> Compiled | None:
        """Compile the right-hand side of set/add/with."""
        try:
            return compile_value(value, vt, scope)
        except ExpressionError as exc:
            self._expr_error(exc, where)
            return None

    def expand(self, ids: Iterable[str], where: Where) -> tuple[str, ...]:
        """Actor and group ids → actor ids, in order, each once."""
        out: list[str] = []
        for i, ident in enumerate(ids):
            if ident in self.world.actors:
                members: tuple[str, ...] = (ident,)
            elif ident in self.world.groups:
                members = self.world.groups[ident]
            else:
                self.err(where.below(i), unknown("actor or group", ident, [*self.world.actors, *self.world.groups]))
                continue
            out.extend(m for m in members if m not in out)
        return tuple(out)

    def compile(self, actions: list[Action], where: Where, trigger: tuple[str, ...]) -> tuple[Act, ...]:
        """Compile a `then`/`else` list; ``trigger`` are the event types in scope."""
        scope = self.world.scope(trigger)
        out: list[Act] = []
        for i, action in enumerate(actions):
            out.extend(self.one(action, where.below(i), scope))
        return tuple(out)

    def one(self, a: Action, where: Where, scope: Scope) -> list[Act]:
        """Compile one action (several for a multi-variable set)."""
        verb = a.verb
        if verb in ("set", "add"):
            return self._assign(getattr(a, verb), verb == "add", where.below(verb), scope)
        if verb == "emit":
            return self._emit(a, where, scope)
        if verb == "start":
            return self._start(a, where)
        return self._simple(a, verb, where)

    def _assign(self, pairs: dict[str, Any], add: bool, where: Where, scope: Scope) -> list[Act]:
        out: list[Act] = []
        for var, raw in pairs.items():
            vt = self.world.state_types.get(var)
            if vt is None:
                self.err(where.below(var), unknown("state variable", var, self.world.state_types), key=True)
                continue
            if add and vt.kind not in ("int", "float"):
                self.err(where.below(var), f"`add` needs a numeric variable; '{var}' is {vt.kind}", key=True)
                continue
            compiled = self.value(raw, vt, where.below(var), scope)
            if compiled is not None:
                out.append(SetAct(var, compiled, add))
        return out

    def _emit(self, a: Action, where: Where, scope: Scope) -> list[Act]:
        etype = a.emit or ""
        fields = self.world.event_fields.get(etype)
        if fields is None or etype not in self.world.declared_events:
            if etype == NARRATIVE:
                self.err(where.below("emit"), f"'{etype}' is what narrative injects are recorded as: "
                                              "emit a declared event, or `release` a held inject")
            elif fields is not None:
                self.err(where.below("emit"), f"'{etype}' is a response lifecycle event (responses emit those)")
            else:
                self.err(where.below("emit"), unknown("event type", etype, self.world.declared_events))
            return []
        payload: list[tuple[str, Compiled]] = []
        for name, raw in (a.with_ or {}).items():
            if name not in fields:
                self.err(where.below("with", name), not_a_field(name, etype, fields), key=True)
                continue
            compiled = self.value(raw, fields[name], where.below("with", name), scope)
            if compiled is not None:
                payload.append((name, compiled))
        if a.by is not None and a.by not in self.world.actors:
            self.err(where.below("by"), unknown("actor", a.by, self.world.actors))
        return [EmitAct(etype, tuple(payload), a.after, a.by)]

    def _start(self, a: Action, where: Where) -> list[Act]:
        name = a.start or ""
        if name not in self.world.responses:
            self.err(where.below("start"), unknown("response", name, self.world.responses))
            return []
        parts = None if a.participants is None else self.expand(a.participants, where.below("participants"))
        return [StartAct(name, a.after, parts)]

    def _simple(self, a: Action, verb: str, where: Where) -> list[Act]:
        target: str = getattr(a, verb)
        known: dict[str, set[str]] = {
            "stop": set(self.world.responses),
            "decide": self.decision_ids,
            "enable": self.rule_ids,
            "disable": self.rule_ids,
        }
        if verb == "note":
            return [NoteAct(target)]
        if verb == "release":  # checked against each scenario that loads the pack
            self.world.releases.append((target, where.below("release")))
            return [ReleaseAct(target, a.after)]
        if target not in known[verb]:
            what = {"stop": "response", "decide": "decision"}.get(verb, "rule")
            self.err(where.below(verb), unknown(what, target, known[verb]))
            return []
        if verb == "stop":
            return [StopAct(target)]
        if verb == "decide":
            return [DecideAct(target)]
        return [SwitchAct(target, verb == "enable")]
