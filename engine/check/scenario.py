"""The meaning pass over a scenario (and one variant): injects, objectives, initial state,
choices; returns the compiled World a run plays."""

import re
from datetime import datetime, timedelta
from typing import Any

from engine.check import names
from engine.check.actions import ActionCompiler, coerce
from engine.check.expr_types import literal_problem
from engine.check.pack import LABEL, check_packs
from engine.check.pack_world import PackWorld, Where
from engine.check.world import NARRATIVE, InjectDef, ObjectiveDef, World
from engine.errors import Diagnostic, InputError
from engine.read.durations import MAX_TICKS, DurationError, parse_duration
from engine.read.files import Loaded, load_scenario
from engine.read.modelbase import InstantError, _instant
from engine.read.scenario import Inject, Scenario
from engine.read.suggest import did_you_mean, not_a_field, unknown

_T_PLUS = re.compile(r"T\+(.+)")


def inject_time(at: str, start: datetime) -> int:
    """Ticks after T+0 of an inject's ``at``: ``T+2d6h`` or an ISO-8601 instant (whole seconds)."""
    m = _T_PLUS.fullmatch(at.strip())
    if m:
        try:
            return parse_duration(m.group(1))
        except DurationError as exc:
            raise DurationError(f"invalid offset '{at}': {exc} (an offset is T+ and a duration, e.g. T+2d6h)") from None
    try:
        when = _instant(at)
    except InstantError as exc:
        raise DurationError(str(exc)) from None
    except ValueError:
        raise DurationError(f"invalid time '{at}': write T+ and a duration (e.g. T+2d6h) or an ISO-8601 instant"
                            " (e.g. 2026-03-02T06:00:00Z)") from None
    offset = when - start
    if offset < timedelta(0):
        raise DurationError(f"'{at}' is before the scenario's start ({start.isoformat()})")
    return offset.days * 86_400 + offset.seconds


class ScenarioChecker:
    """Checks one scenario (with one variant or none) against its compiled packs."""

    def __init__(self, loaded: Loaded, variant: str | None, pw: PackWorld, errors: list[Diagnostic]) -> None:
        self.loaded = loaded
        self.sc: Scenario = loaded.scenario
        self.variant = variant
        self.pw = pw
        self.errors = errors
        self.actions = ActionCompiler(pw, errors, set(pw.rule_ids), set(pw.decisions))
        self.top = Where(loaded.doc, ())
        self.vtop = Where(loaded.doc, ("variants", variant)) if variant else None

    def err(self, where: Where, message: str, *, key: bool = False) -> None:
        """Record an error at ``where``."""
        self.errors.append(Diagnostic(where.doc.mark(where.loc, key=key), message))

    def layers(self) -> list[tuple[Any, Where]]:
        """The base scenario, then the variant on top."""
        out: list[tuple[Any, Where]] = [(self.sc, self.top)]
        if self.variant is not None and self.vtop is not None:
            out.append((self.sc.variants[self.variant], self.vtop))
        return out

    def label(self, ident: str, what: str, where: Where) -> None:
        """Inject, objective and variant ids: a letter or digit, then letters, digits, '-', '_' or '.'."""
        if not LABEL.fullmatch(ident):
            self.err(where, names.label(f"{what} id", ident))

    def calendar(self) -> None:
        """Every instant of a run (the horizon, and what is pending up to a century past it)
        must be a date the calendar can write."""
        try:
            self.sc.start + timedelta(seconds=self.sc.until + 2 * MAX_TICKS)
        except OverflowError:
            self.err(self.top.below("start"), "start is too late: the run's dates would pass the year 9999")

    def variant_ids(self) -> None:
        """Variant ids follow the rule-id shape."""
        for name in self.sc.variants:
            self.label(name, "variant", self.top.below("variants", name))

    def initial_state(self) -> dict[str, Any]:
        """The packs' initial state with the scenario's (and variant's) `set` on top."""
        state = dict(self.pw.initial_state)
        for layer, where in self.layers():
            for var, value in layer.set.items():
                vt = self.pw.state_types.get(var)
                if vt is None:
                    self.err(where.below("set", var), unknown("state variable", var, self.pw.state_types), key=True)
                elif problem := literal_problem(value, vt, var):
                    self.err(where.below("set", var), problem)
                else:
                    state[var] = coerce(value, vt)
        return state

    def choices(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for layer, where in self.layers():
            for dec, option in layer.choices.items():
                d = self.pw.decisions.get(dec)
                if d is None:
                    self.err(where.below("choices", dec), unknown("decision", dec, self.pw.decisions), key=True)
                elif option not in d.options:
                    hint = did_you_mean(option, d.options)
                    listed = ", ".join(d.options)
                    why = f"'{option}' is not an option of '{dec}'{hint} (options: {listed})"
                    self.err(where.below("choices", dec), why)
                else:
                    out[dec] = option
        return out

    def injects(self) -> tuple[tuple[InjectDef, ...], dict[str, InjectDef]]:
        """The injects on the timeline (file order), and the held ones by id."""
        located = [(inj, self.top.below("injects", i)) for i, inj in enumerate(self.sc.injects)]
        if self.variant is not None and self.vtop is not None:
            v = self.sc.variants[self.variant]
            ids = {inj.id for inj in self.sc.injects}
            for i, drop in enumerate(v.drop_injects):
                if drop not in ids:
                    self.err(self.vtop.below("drop_injects", i), unknown("inject", drop, ids))
            located = [(inj, w) for inj, w in located if inj.id not in v.drop_injects]
            located += [(inj, self.vtop.below("injects", i)) for i, inj in enumerate(v.injects)]
        seen: set[str] = set()
        out = []
        for inj, where in located:
            self.label(inj.id, "inject", where.below("id"))
            if inj.id in seen:
                self.err(where.below("id"), f"duplicate inject id '{inj.id}'")
            seen.add(inj.id)
            out.append(self.inject(inj, where))
        timed = tuple(d for d in out if d is not None and not d.held)
        return timed, {d.id: d for d in out if d is not None and d.held}

    def inject(self, inj: Inject, where: Where) -> InjectDef | None:
        tick = self.inject_tick(inj, where)
        event = NARRATIVE if inj.event is None else inj.event
        fields = self.pw.event_fields.get(event, {})
        if inj.event is not None and event not in self.pw.declared_events:
            self.err(where.below("event"), unknown("event type", event, self.pw.declared_events))
            return None
        if inj.event is None and inj.with_:
            self.err(where.below("with"), "a narrative inject (no `event:`) carries no payload: "
                                          "give it an `event:` to send fields")
        payload: dict[str, Any] = {}
        for name, value in inj.with_.items() if fields else ():
            if name not in fields:
                self.err(where.below("with", name), not_a_field(name, event, fields), key=True)
            elif problem := literal_problem(value, fields[name], f"{event}.{name}"):
                self.err(where.below("with", name), problem)
            else:
                payload[name] = coerce(value, fields[name])
        if inj.by is not None and inj.by not in self.pw.actors:
            self.err(where.below("by"), unknown("actor", inj.by, self.pw.actors))
        if inj.objective is not None and inj.objective not in {o.id for o in self.sc.objectives}:
            ids = [o.id for o in self.sc.objectives]
            self.err(where.below("objective"), unknown("objective", inj.objective, ids))
        return None if tick is None else InjectDef(inj.id, tick, event, payload, inj.by, inj, inj.hold)

    def inject_tick(self, inj: Inject, where: Where) -> int | None:
        """The inject's time in ticks (0 for a held inject); None after an error."""
        if inj.hold:
            if inj.at is not None:
                self.err(where.below("at"), "a held inject (`hold: true`) has no `at:`: it plays when a "
                                            "`release` action or the facilitator delivers it")
                return None
            return 0
        if inj.at is None:
            self.err(where.below("id"), f"inject '{inj.id}' needs `at:` (or `hold: true` for a contingency inject)")
            return None
        try:
            return inject_time(inj.at, self.sc.start)
        except DurationError as exc:
            self.err(where.below("at"), str(exc))
            return None

    def releases(self, timed: tuple[InjectDef, ...], held: dict[str, InjectDef]) -> None:
        """Every `release:` of the packs and objectives names a held inject of this scenario;
        an error is reported at the `release`, in the file that wrote it."""
        name = f"scenario {self.sc.scenario}"
        timed_ids = {i.id for i in timed}
        for inject, where in self.pw.releases:
            if inject in held:
                continue
            if inject in timed_ids:
                why = f"release '{inject}': inject '{inject}' of {name} is not held (`hold: true`): it has a time"
            else:
                why = f"release '{inject}': {name} has no held inject '{inject}'{did_you_mean(inject, held)}"
            self.err(where, why)

    def objectives(self) -> tuple[ObjectiveDef, ...]:
        out = []
        seen: set[str] = set()
        for i, obj in enumerate(self.sc.objectives):
            where = self.top.below("objectives", i)
            self.label(obj.id, "objective", where.below("id"))
            if obj.id in seen:
                self.err(where.below("id"), f"duplicate objective id '{obj.id}'")
            seen.add(obj.id)
            for key in ("expect", "after"):
                etype = getattr(obj, key)
                if etype is not None and etype not in self.pw.event_fields:
                    self.err(where.below(key), unknown("event type", etype, self.pw.event_fields))
            actions = self.actions.compile(obj.else_, where.below("else"), ())
            out.append(ObjectiveDef(obj.id, obj.expect, obj.after, obj.within, actions, obj))
        return tuple(out)


def build_world(loaded: Loaded, variant: str | None = None) -> World:
    """Check a loaded scenario (and variant) in full; raise InputError with every error."""
    pw, errors = check_packs(loaded.packs)
    c = ScenarioChecker(loaded, variant, pw, errors)
    c.variant_ids()
    c.calendar()
    state, choices = c.initial_state(), c.choices()
    (injects, held), objectives = c.injects(), c.objectives()
    c.releases(injects, held)
    if errors:
        raise InputError(errors)
    sc = loaded.scenario
    v = sc.variants.get(variant) if variant else None
    seed = v.seed if v is not None and v.seed is not None else sc.seed
    return World(
        scenario=sc, variant=variant, start=sc.start, until_ticks=sc.until, seed=seed,
        packs=pw.packs, actors=pw.actors, groups=pw.groups, procedures=pw.procedures,
        state_types=pw.state_types, initial_state=state, event_fields=pw.event_fields,
        responses=pw.responses, decisions=pw.decisions, rules=pw.rules, injects=injects,
        objectives=objectives, choices=choices,
        rule_sources={r.id: r.source for r in pw.rules}, held=held,
    )


def load_world(path: str, variant: str | None = None) -> World:
    """Read, check and compile a scenario file (and variant); raise InputError with every error."""
    return build_world(load_scenario(path, variant), variant)
