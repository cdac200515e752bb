"""The facilitator's command language of ``accord play``: one command a line, parsed and
checked against the World into small command objects.

Checks that need the session (is a decision waiting, is the horizon passed) are the
session's; this module only knows the World, so scripts can be checked before a run.
"""

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from engine.check.actions import coerce
from engine.check.expr_compiler import lifecycle_types
from engine.check.expr_types import VarType, literal_problem
from engine.check.world import World
from engine.read.durations import DurationError, parse_duration
from engine.read.suggest import did_you_mean, not_a_field, unknown
from engine.read.yamlio import control_character, plain_scalar

RATINGS = {
    "P": "performed without challenges",
    "S": "performed with some challenges",
    "M": "performed with major challenges",
    "U": "unable to be performed",
}

# One line each at 80 columns; docs/reference.md has the details.
HELP: tuple[tuple[str, str], ...] = (
    ("next", "run to the next stop"),
    ("advance <duration>|T+<time>", "move the clock; stops at injects"),
    ("decide <decision> <option>", "answer the waiting decision"),
    ("inject <event> [field=value …] [by=actor]", "an ad-hoc event, now"),
    ("release <inject>", "deliver a held inject now"),
    ("say <text>", "tell the players (narrative inject)"),
    ("note <text>", "keep a note at the current time"),
    ("rate <objective> <P|S|M|U> [comment]", "rate an objective"),
    ("observe <objective> <P|S|M|U|-> <text>", "observation (inject=, response=)"),
    ("forecast [N]", "objectives' odds, N runs from now"),
    ("undo", "take back the last action"),
    ("status", "the situation on one screen"),
    ("status all|held|<id>", "details (<id>: response, objective)"),
    ("help", "this list"),
    ("end", "end and write the results"),
)
VERBS = tuple(dict.fromkeys(h[0].split()[0] for h in HELP))


class CommandError(ValueError):
    """A command that cannot be carried out; the message says why and what would be right."""


@dataclass(frozen=True)
class Command:
    """A parsed command. ``journaled`` commands change the session and go to the journal."""

    verb: str
    journaled: bool = True


@dataclass(frozen=True)
class Advance(Command):
    """Move the clock by ``by_ticks``, or to ``to_tick`` ticks after T+0."""

    by_ticks: int | None = None
    to_tick: int | None = None


@dataclass(frozen=True)
class Decide(Command):
    """The players' choice at a decision point."""

    decision: str = ""
    option: str = ""


@dataclass(frozen=True)
class Inject(Command):
    """An ad-hoc event of a declared type."""

    event: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    by: str | None = None


@dataclass(frozen=True)
class Release(Command):
    """Deliver a held inject now."""

    inject: str = ""


@dataclass(frozen=True)
class Say(Command):
    """A narrative inject: free text told to the players, recorded as an ``inject.narrative``
    event of the facilitator that changes nothing in the model."""

    text: str = ""


@dataclass(frozen=True)
class Note(Command):
    """An observation."""

    text: str = ""


@dataclass(frozen=True)
class Status(Command):
    """Show the situation: ``topic`` "" for the one-screen summary, ``all`` for every detail,
    ``held`` for the held injects, or a response's or an objective's id for that one."""

    topic: str = ""


STATUS_TOPICS = ("all", "held")  # besides the responses and objectives of the World


def status_topics(world: World) -> list[str]:
    """What ``status`` may be asked about: all, held, each response and each objective."""
    return [*STATUS_TOPICS, *world.responses, *(o.id for o in world.objectives)]


@dataclass(frozen=True)
class Forecast(Command):
    """A forecast of the rest of the session (its result is journaled, not the command)."""

    runs: int = 0


FORECAST_RUNS = 200  # `forecast` without N: seconds on a laptop, intervals of a few points


@dataclass(frozen=True)
class Observe(Command):
    """An evaluator's observation: of an objective, with a rating (P/S/M/U, or "" for none),
    about an inject or a response if given."""

    objective: str = ""
    rating: str = ""
    inject: str = ""
    response: str = ""
    text: str = ""


@dataclass(frozen=True)
class Rate(Command):
    """A rating of one objective."""

    objective: str = ""
    rating: str = ""
    comment: str = ""


def parse(line: str, world: World) -> Command:
    """Read one command line; raise CommandError with a clear message when it is wrong."""
    if bad := control_character(line):  # say/note/observe texts reach the players' screen, reports and terminals
        raise CommandError(f"the command holds {bad}; remove it")
    verb, _, rest = line.strip().partition(" ")
    rest = rest.strip()
    if verb in ("next", "end", "help", "undo"):
        if rest:
            raise CommandError(f"'{verb}' takes no arguments")
        return Command(verb, journaled=verb in ("next", "end", "undo"))
    parsers = {"advance": _advance, "decide": _decide, "inject": _inject, "release": _release, "say": _say,
               "note": _note, "rate": _rate, "observe": _observe, "forecast": _forecast, "status": _status}
    if verb not in parsers:
        raise CommandError(f"unknown command '{verb}'{did_you_mean(verb, VERBS)}; type 'help' for the list")
    return parsers[verb](rest, world)


def _status(rest: str, world: World) -> Command:
    if rest and rest not in status_topics(world):
        raise CommandError(f"{unknown('status topic', rest, status_topics(world))}; "
                           "'status all' shows every detail")
    return Status("status", journaled=False, topic=rest)


def _forecast(rest: str, world: World) -> Command:  # noqa: ARG001 - parsers share one signature
    if not rest:
        return Forecast("forecast", journaled=False, runs=FORECAST_RUNS)
    if not rest.isdigit() or not 1 <= int(rest) <= 100_000:
        raise CommandError(f"usage: forecast [N] with N runs from 1 to 100000 (got {rest!r})")
    return Forecast("forecast", journaled=False, runs=int(rest))


def _advance(rest: str, world: World) -> Command:  # noqa: ARG001 - parsers share one signature
    if not rest:
        raise CommandError("advance what? e.g. 'advance 2d' or 'advance T+10d'")
    try:
        if rest.startswith("T+"):
            return Advance("advance", to_tick=parse_duration(rest[2:]))
        return Advance("advance", by_ticks=parse_duration(rest))
    except DurationError as exc:
        raise CommandError(str(exc)) from None


def _decide(rest: str, world: World) -> Command:
    words = rest.split()
    if len(words) != 2:
        raise CommandError("usage: decide <decision> <option>")
    decision, option = words
    if decision not in world.decisions:
        raise CommandError(unknown("decision", decision, world.decisions))
    options = world.decisions[decision].options
    if option not in options:
        raise CommandError(f"{unknown('option', option, options)} of '{decision}' (options: {', '.join(options)})")
    return Decide("decide", decision=decision, option=option)


def injectable_events(world: World) -> list[str]:
    """Event types a facilitator may inject: declared ones, not response lifecycle events."""
    lifecycle = {t for r in world.responses for t in lifecycle_types(r)}
    return sorted(e for e in world.event_fields if e not in lifecycle)


def _inject(rest: str, world: World) -> Command:
    if rest == "--note" or rest.startswith("--note "):
        return _say(rest[len("--note"):].strip(), world)
    try:
        words = shlex.split(rest)
    except ValueError as exc:
        raise CommandError(f"cannot read the command: {exc}") from None
    if not words:
        raise CommandError("usage: inject <event> [field=value …] [by=actor]")
    event, pairs = words[0], words[1:]
    if event not in injectable_events(world):
        raise CommandError(unknown("event type", event, injectable_events(world)))
    fields = world.event_fields[event]
    payload: dict[str, Any] = {}
    by = None
    for pair in pairs:
        name, eq, text = pair.partition("=")
        if not eq:
            raise CommandError(f"'{pair}': write field=value")
        if name == "by":
            if text not in world.actors:
                raise CommandError(unknown("actor", text, world.actors))
            by = text
        elif name not in fields:
            raise CommandError(not_a_field(name, event, fields))
        else:
            payload[name] = field_value(name, text, fields[name])
    return Inject("inject", event=event, payload=payload, by=by)


def field_value(name: str, text: str, vt: VarType) -> Any:
    """The typed value of ``name=text`` for a payload field of type ``vt`` (read as a YAML
    file's plain value would be), or a CommandError saying what is wrong."""
    value: Any = text if vt.kind in ("str", "enum") else plain_scalar(text)
    if problem := literal_problem(value, vt, name):
        raise CommandError(problem)
    return coerce(value, vt)


def _release(rest: str, world: World) -> Command:
    if not rest or len(rest.split()) != 1:
        raise CommandError("usage: release <inject> (a held inject of the scenario)")
    if rest not in world.held:
        if any(i.id == rest for i in world.injects):
            raise CommandError(f"inject '{rest}' is not held: it plays at its time")
        raise CommandError(unknown("held inject", rest, world.held))
    return Release("release", inject=rest)


def text_of(written: str) -> str:
    r"""The text of a ``say``, ``note`` or ``observe`` as written in its command line, where
    (a command being one line) ``\n`` is a line break and ``\\`` a backslash; any other
    backslash is itself. Surrounding blanks are dropped."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else "\\", written).strip()


def text_line(text: str) -> str:
    """``text`` (line breaks kept) as a command line writes it: the inverse of ``text_of``."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


_ESCAPE = re.compile(r"\\([\\n])")


def _say(rest: str, world: World) -> Command:  # noqa: ARG001 - parsers share one signature
    if not text_of(rest):
        raise CommandError("usage: say <text> (what the players are told; \\n breaks the line)")
    return Say("say", text=text_of(rest))


def _note(rest: str, world: World) -> Command:  # noqa: ARG001 - parsers share one signature
    if not text_of(rest):
        raise CommandError("usage: note <text>")
    return Note("note", text=text_of(rest))


def _rate(rest: str, world: World) -> Command:
    words = rest.split(maxsplit=2)
    if len(words) < 2:
        raise CommandError("usage: rate <objective> <P|S|M|U> [comment]")
    ids = [o.id for o in world.objectives]
    if words[0] not in ids:
        raise CommandError(unknown("objective", words[0], ids))
    rating = words[1].upper()
    if rating not in RATINGS:
        raise CommandError(f"rating '{words[1]}' must be P, S, M or U")
    return Rate("rate", objective=words[0], rating=rating, comment=words[2] if len(words) > 2 else "")


def _observe(rest: str, world: World) -> Command:
    usage = "usage: observe <objective> <P|S|M|U|-> [inject=<id>] [response=<id>] <text>"
    words = rest.split(maxsplit=2)
    if len(words) < 3:
        raise CommandError(usage)
    ids = [o.id for o in world.objectives]
    if words[0] not in ids:
        raise CommandError(unknown("objective", words[0], ids))
    rating = words[1].upper()
    if rating not in (*RATINGS, "-"):
        raise CommandError(f"rating '{words[1]}' must be P, S, M, U or - (none)")
    about, text = {"inject": "", "response": ""}, words[2]
    while (key := text.partition("=")[0]) in about and " " in text:
        value, _, text = text.partition("=")[2].partition(" ")
        about[key] = _about(key, value, world)
        text = text.strip()
    if not text_of(text) or text.partition("=")[0] in about:
        raise CommandError(usage)
    return Observe("observe", objective=words[0], rating="" if rating == "-" else rating,
                   inject=about["inject"], response=about["response"], text=text_of(text))


def _about(key: str, value: str, world: World) -> str:
    """The inject (timed or held) or response an observation is about, checked against the World."""
    known = [*(i.id for i in world.injects), *world.held] if key == "inject" else list(world.responses)
    if value not in known:
        raise CommandError(unknown(key, value, known))
    return value
