"""The meaning pass over packs: ids, references, procedures, state, events, responses,
decisions and rules, merged in pack order (includes first) and compiled."""

import keyword
import re
from typing import Any

from engine.check import names
from engine.check.actions import ActionCompiler, coerce
from engine.check.expr_types import literal_problem
from engine.check.expressions import VarType, lifecycle_types
from engine.check.pack_world import PackWorld, Where
from engine.check.world import NARRATIVE, CompiledRule, DecisionDef, ResponseDef, StepDef
from engine.errors import Diagnostic, InputError
from engine.read.files import PackSource, load_pack_docs, validate_packs
from engine.read.pack import Decision, Response, Rule
from engine.read.suggest import did_you_mean, unknown
from engine.read.yamlio import Doc, Path

SNAKE = re.compile(r"[a-z][a-z0-9_]*")
DOTTED = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")
LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_DEFAULTS: dict[str, Any] = {"bool": False, "int": 0, "float": 0.0, "str": ""}


class PackChecker:
    """Checks the meaning of merged packs and compiles them; collects every error."""

    def __init__(self, sources: list[PackSource]) -> None:
        self.sources = sources
        self.errors: list[Diagnostic] = []
        self.world = PackWorld([s.pack for s in sources])
        self.actions = ActionCompiler(self.world, self.errors)

    def err(self, where: Where, message: str, *, key: bool = False, sub: Path = ()) -> None:
        """Record an error at an item (or at ``sub`` below it)."""
        self.errors.append(Diagnostic(where.doc.mark((*where.loc, *sub), key=key), message))

    def run(self) -> PackWorld:
        """All checks, in dependency order."""
        self.check_actors()
        self.check_procedures()
        self.check_state()
        self.check_events()
        self.check_responses()
        self.collect_rule_ids()
        self.check_decisions()
        self.check_rules()
        return self.world

    def merged(self, section: str, what: str, pattern: re.Pattern[str]) -> dict[str, tuple[Any, Where]]:
        """One section of every pack, with duplicate and malformed ids reported."""
        out: dict[str, tuple[Any, Where]] = {}
        for src in self.sources:
            for name, item in getattr(src.pack, section).items():
                where = Where(src.doc, (section, name))
                if not pattern.fullmatch(name):
                    self.err(where, _id_rule(pattern, f"{what} id", name), key=True)
                if name in out:
                    first = out[name][1].doc.mark(out[name][1].loc, key=True)
                    self.err(where, f"duplicate {what} id '{name}' (first defined at {first})", key=True)
                    continue
                out[name] = (item, where)
        return out

    def check_actors(self) -> None:
        actors = self.merged("actors", "actor", SNAKE)
        self.world.actors = {k: v[0] for k, v in actors.items()}
        members: dict[str, list[str]] = {g: [] for g in self.merged("groups", "group", SNAKE)}
        for name, (actor, where) in actors.items():
            for i, group in enumerate(actor.groups):
                if not SNAKE.fullmatch(group):
                    self.err(where, names.snake_case("group id", group, "treaty"), sub=("groups", i))
                members.setdefault(group, []).append(name)
        for group in members:
            if group in actors:
                _, where = actors[group]
                self.err(where, f"'{group}' is both an actor and a group: they share one namespace", key=True)
        self.world.groups = {g: tuple(m) for g, m in members.items()}
        self._actor_where = {k: v[1] for k, v in actors.items()}

    def check_procedures(self) -> None:
        procs = self.merged("procedures", "procedure", SNAKE)
        for actor, where in self._actor_where.items():
            for authority, proc in self.world.actors[actor].procedures.items():
                if proc not in procs:
                    self.err(where, unknown("procedure", proc, procs), sub=("procedures", authority))
                    continue
                steps = procs[proc][0].steps
                self.world.procedures[(actor, authority)] = tuple(
                    StepDef("procedure", s.name, s.duration, s.approval) for s in steps
                )

    def check_state(self) -> None:
        for name, (var, where) in self.merged("state", "state variable", DOTTED).items():
            if name in ("now", "true", "false") or name.startswith("event."):
                self.err(where, f"'{name}' is a reserved name in expressions: choose another", key=True)
            elif word := next((w for w in name.split(".") if keyword.iskeyword(w)), None):
                self.err(where, f"'{word}' is a Python keyword, so '{name}' could not be read in expressions: "
                                "choose another name", key=True)
            vt = self._var_type(var.type, var.values, where)
            initial = var.initial
            if initial is None:
                initial = vt.values[0] if vt.kind == "enum" and vt.values else _DEFAULTS.get(vt.kind)
            else:
                problem = literal_problem(initial, vt, f"the initial value of '{name}'")
                if problem:
                    self.err(where, problem, sub=("initial",))
            self.world.state_types[name] = vt
            self.world.initial_state[name] = coerce(initial, vt)

    def _var_type(self, kind: str, values: list[str] | None, where: Where) -> VarType:
        if kind == "enum" and not values:
            self.err(where, "an enum needs `values: [...]`")
        if kind != "enum" and values is not None:
            self.err(where, f"`values` is only for enums, not for type {kind}", sub=("values",), key=True)
        return VarType(kind, tuple(values or ()) if kind == "enum" else ())

    def check_events(self) -> None:
        merged = self.merged("events", "event type", DOTTED)
        self._event_where = {n: w for n, (_, w) in merged.items()}
        for name, (ev, where) in merged.items():
            fields: dict[str, VarType] = {}
            for fname, spec in ev.fields.items():
                fw = Where(where.doc, (*where.loc, "fields", fname))
                if not SNAKE.fullmatch(fname):
                    self.err(fw, names.snake_case("field name", fname, "severity"), key=True)
                if fname in ("by", "type"):
                    self.err(fw, f"'{fname}' is reserved (event.{fname} is always there)", key=True)
                elif keyword.iskeyword(fname):
                    self.err(fw, f"'{fname}' is a Python keyword, so event.{fname} could not be read in "
                                 "expressions: choose another name", key=True)
                fields[fname] = self._var_type(spec.type, spec.values, fw)
            self.world.event_fields[name] = fields
            self.world.declared_events.add(name)
        if NARRATIVE in merged:
            why = f"'{NARRATIVE}' is the type of narrative injects (injects without `event:`) and cannot be declared"
            self.err(merged[NARRATIVE][1], why, key=True)
            self.world.declared_events.discard(NARRATIVE)
        self.world.event_fields[NARRATIVE] = {}

    def check_responses(self) -> None:
        for name, (resp, where) in self.merged("responses", "response", SNAKE).items():
            self.world.responses[name] = self._response(name, resp, where)
            for lt in lifecycle_types(name):
                if lt in self.world.event_fields:
                    why = f"'{lt}' is a lifecycle event of response '{name}' and cannot be declared"
                    self.err(self._event_where[lt], why, key=True)
                self.world.event_fields[lt] = {}

    def _response(self, name: str, resp: Response, where: Where) -> ResponseDef:
        parts = self.actions.expand(resp.participants, where.below("participants"))
        if resp.lead is not None and resp.lead not in parts:
            hint = did_you_mean(resp.lead, parts)
            self.err(where, f"lead '{resp.lead}' is not a participant of '{name}'{hint}", sub=("lead",))
        if resp.complete == "lead" and resp.lead is None:
            self.err(where, "`complete: lead` needs a `lead:`", sub=("complete",))
        if isinstance(resp.complete, int) and resp.complete < 0:
            self.err(where, f"complete must be all, any, lead or a count ≥ 0, got {resp.complete}", sub=("complete",))
        if resp.authority is not None and not SNAKE.fullmatch(resp.authority):
            self.err(where, names.snake_case("authority", resp.authority, "deploy_forces"), sub=("authority",))
        phases = tuple(StepDef("phase", p.name, p.duration) for p in resp.phases)
        return ResponseDef(name, resp.title, resp.component, resp.authority, parts,
                           resp.lead, resp.complete, phases, resp.source)

    def check_decisions(self) -> None:
        merged = self.merged("decisions", "decision", SNAKE)
        self.actions.decision_ids = set(merged)
        for name, (dec, where) in merged.items():
            self.world.decisions[name] = self._decision(name, dec, where)

    def _decision(self, name: str, dec: Decision, where: Where) -> DecisionDef:
        if not dec.options:
            self.err(where, f"decision '{name}' needs at least one option", sub=("options",))
        default = dec.default if dec.default is not None else next(iter(dec.options), "")
        if dec.default is not None and dec.default not in dec.options:
            hint = did_you_mean(dec.default, dec.options)
            self.err(where, f"default '{dec.default}' is not an option{hint}", sub=("default",))
        chances = dec.chances or {}
        for opt in chances:
            if opt not in dec.options:
                hint = did_you_mean(opt, dec.options)
                self.err(where, f"'{opt}' is not an option{hint}", sub=("chances", opt), key=True)
        if chances and abs(sum(chances.values()) - 1.0) > 1e-9:
            self.err(where, f"chances must sum to 1, they sum to {sum(chances.values()):g}", sub=("chances",))
        options = {
            opt: self.actions.compile(o.then, Where(where.doc, (*where.loc, "options", opt, "then")), ())
            for opt, o in dec.options.items()
        }
        titles = {opt: o.title for opt, o in dec.options.items()}
        return DecisionDef(name, dec.prompt, options, titles, default, tuple(chances.items()), dec.source)

    def collect_rule_ids(self) -> None:
        self._located: list[tuple[Rule, Where]] = []
        for src in self.sources:
            for i, rule in enumerate(src.pack.rules):
                where = Where(src.doc, ("rules", i))
                if not LABEL.fullmatch(rule.id):
                    self.err(where, names.label("rule id", rule.id), sub=("id",))
                if rule.id in self.world.rule_ids:
                    first = self.world.rule_ids[rule.id]
                    at = first.doc.mark(first.loc)
                    self.err(where, f"duplicate rule id '{rule.id}' (first defined at {at})", sub=("id",))
                    continue
                self.world.rule_ids[rule.id] = where
                self._located.append((rule, where))
        self.actions.rule_ids = set(self.world.rule_ids)

    def check_rules(self) -> None:
        self.world.rules = tuple(self._rule(i, r, w) for i, (r, w) in enumerate(self._located))

    def _rule(self, index: int, rule: Rule, where: Where) -> CompiledRule:
        on = (rule.on,) if isinstance(rule.on, str) else tuple(rule.on or ())
        for i, ev in enumerate(on):
            sub = ("on", i) if isinstance(rule.on, list) else ("on",)
            if ev not in self.world.event_fields:
                self.err(where, unknown("event type", ev, self.world.event_fields), sub=sub)
            elif ev in on[:i]:  # the rule would fire twice for one event
                self.err(where, f"event type '{ev}' is listed twice in `on:`", sub=sub)
        known = tuple(e for e in on if e in self.world.event_fields)
        if not on and rule.when is None:
            self.err(where, f"rule '{rule.id}' needs `on:` (an event type) or `when:` (a condition)")
        when = None
        if rule.when is not None:
            when = self.actions.expression(rule.when, Where(where.doc, (*where.loc, "when")),
                                           self.world.scope(known, edge=not on))
        then = self.actions.compile(rule.then, Where(where.doc, (*where.loc, "then")), known)
        return CompiledRule(rule.id, index, rule.title, rule.source, on, when, rule.once,
                            rule.chance, rule.enabled, then, where.doc.mark(where.loc))


def _id_rule(pattern: re.Pattern[str], what: str, name: str) -> str:
    return names.snake_case(what, name) if pattern is SNAKE else names.dotted_snake_case(what, name)


def load_checked_pack(path: str, top: Doc | None = None) -> tuple[list[PackSource], PackWorld]:
    """The pack at ``path`` with its includes, validated and checked; InputError if invalid
    (``top``: the pack's document, if the caller has already read it)."""
    errors: list[Diagnostic] = []
    sources = validate_packs(load_pack_docs(path, top=top), errors)
    if errors:
        raise InputError(errors)
    world, errors = check_packs(sources)
    if errors:
        raise InputError(errors)
    return sources, world


def check_packs(sources: list[PackSource]) -> tuple[PackWorld, list[Diagnostic]]:
    """Check and compile merged packs; return the world and every error found."""
    checker = PackChecker(sources)
    world = checker.run()
    return world, checker.errors

