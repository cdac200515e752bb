"""A facilitated session (``accord play``): the facilitator's commands drive the engine.

The session steps the simulation itself (``env.peek``/``Simulation.step``) and stops at the next
inject, decision point, response milestone or objective deadline, or at a time the
facilitator asks for. Decisions without a scripted choice are asked of the facilitator
through the engine's ``chooser``, synchronously in the middle of a step: the session then
reads commands until a ``decide`` answers it.

Commands come from a ``Feed``: first the journal being resumed (replayed silently), then
live input. Every live command that changes the session is journaled (and fsync'ed)
before it is carried out, so a session killed at any moment resumes exactly. Nothing here
prints: what the facilitator should see is handed to ``show`` as a ``Situation`` or a
``Message``.
"""

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from engine.check.world import DecisionDef, InjectDef, World
from engine.errors import InputError, Mark
from engine.facilitate.commands import (
    Advance,
    Command,
    CommandError,
    Decide,
    Forecast,
    Inject,
    Note,
    Rate,
    Release,
    parse,
)
from engine.facilitate.journal import Entry, Journal
from engine.facilitate.situation import Situation, situation
from engine.read.durations import to_hours, to_ticks
from engine.read.suggest import did_you_mean
from engine.simulate.record import RunResult
from engine.simulate.simulation import Limits, Simulation
from engine.simulate.timefmt import t_plus

MILESTONES = ("started", "completed", "failed")


@dataclass(frozen=True)
class Message:
    """A line for the facilitator: ``info``, ``warning`` or ``error``."""

    level: str
    text: str


@dataclass(frozen=True)
class Line:
    """A command line, live or replayed from the journal (with the time it was given at and
    its place in the journal)."""

    text: str
    replayed: bool = False
    t: float | None = None
    where: Mark | None = None


class Feed:
    """Command lines: the journal's entries first, then live input (None when it ends)."""

    def __init__(self, replay: list[Entry], live: Callable[[], str | None]) -> None:
        self._replay: Iterator[Entry] = iter(replay)
        self._left = len(replay)
        self._live = live

    @property
    def replaying(self) -> bool:
        """Whether the next line comes from the journal."""
        return self._left > 0

    def read(self) -> Line | None:
        """The next line, or None when live input has ended."""
        if self._left:
            self._left -= 1
            entry = next(self._replay)
            return Line(entry.command, replayed=True, t=entry.t, where=Mark(entry.path, entry.line, 1))
        text = self._live()
        return None if text is None else Line(text)


class _InputEnded(Exception):  # noqa: N818 - a signal, not an error
    """Live input ended (EOF) before ``end``: the session is left open in its journal."""


Shown = Situation | Message
Forecaster = Callable[[int], list[str]]  # runs → the lines to show (the forecast journals itself)


class Session:
    """One facilitated run of a World."""

    def __init__(self, world: World, *, seed: int | None = None, nominal: bool = False,
                 show: Callable[[Shown], None] = lambda _: None, journal: Journal | None = None,
                 limits: Limits | None = None, strict_replay: bool = True,
                 forecaster: Forecaster | None = None, auto_forecast: int = 0) -> None:
        self.world = world
        self.forecaster = forecaster
        self.auto_forecast = auto_forecast  # runs of the forecasts before and after each decision (0: none)
        self._decided = False  # a decision was answered live: forecast once the command it came up in is done
        self.strict_replay = strict_replay  # a journal line that does not replay is an error (else a warning)
        self.sim = Simulation(world, seed=seed, nominal=nominal, chooser=self._choose, limits=limits)
        self.sim.pending_after = -math.inf  # the session may end before the horizon: track everything
        self.show = show
        self.journal = journal
        self.tick = 0  # the scenario time reached, in ticks
        self.ended = False
        self.ratings: dict[str, tuple[str, str]] = {}  # objective → (P|S|M|U, comment)
        self.rated_at: dict[str, float] = {}
        self.observations: list[tuple[float, str]] = []
        self.replayed = 0
        self._waiting: DecisionDef | None = None
        self._choice: str | None = None
        self._shown_upto = 0
        self._last_since = 0
        self._reasons: list[str] = []
        self._muted = False
        self._feed = Feed([], lambda: None)
        self.sim.prepare()

    @property
    def clock(self) -> float:
        """The scenario time reached, in hours after T+0."""
        return to_hours(self.tick)

    @property
    def waiting(self) -> DecisionDef | None:
        """The decision waiting for the facilitator's ``decide``, if any."""
        return self._waiting

    # -- the command loop ------------------------------------------------------------------
    def run(self, feed: Feed) -> bool:
        """Read and carry out commands until ``end`` (True) or the input ends (False)."""
        self._feed = feed
        self._muted = feed.replaying
        if not self._muted:
            self._publish(("start of the exercise",))
        try:
            while not self.ended:
                self._handle(self._read())
                if self._decided:
                    self._decided = False
                    self._forecast(self.auto_forecast)
        except _InputEnded:
            return False
        return True

    def _read(self) -> Line:
        if self._muted and not self._feed.replaying:
            self._muted = False
            self.show(Message("info", f"resumed: {self.replayed} journal entries replayed, now at "
                                      f"{t_plus(self.clock)}"))
            self._publish(("resumed from the journal",), again=True)
        line = self._feed.read()
        if line is None:
            raise _InputEnded
        return line

    def _handle(self, line: Line) -> None:
        text = line.text.strip()
        if not text or text.startswith("#"):
            return
        try:
            cmd = parse(text, self.world)
            self._check(cmd)
        except CommandError as exc:
            if line.replayed:
                self._replay_problem(line, f"'{text}' does not replay: {exc}")
            else:
                self.show(Message("error", f"{text}: {exc}"))
            return
        if line.replayed:
            self.replayed += 1
            if line.t is not None and to_ticks(line.t) != self.tick:
                self._replay_problem(line, f"'{text}' is journaled at {t_plus(line.t)}, the replay reaches it at "
                                           f"{t_plus(self.clock)}")
        elif cmd.journaled and self.journal is not None:
            self.journal.append(text, self.clock)
        self._do(cmd)

    def _replay_problem(self, line: Line, problem: str) -> None:
        """A journal line the replay cannot follow: the journal no longer matches what it
        replays against. An error at the line, or with ``strict_replay`` off a warning."""
        if self.strict_replay and line.where is not None:
            raise InputError.at(line.where, f"{problem}; the journal no longer matches the files or the engine "
                                            "replaying it (resume with --accept-changed-files to replay anyway)")
        self.show(Message("warning", f"{problem} (replaying the journal: has the scenario changed?)"))

    def _check(self, cmd: Command) -> None:
        """Refuse what the session cannot do now (the command itself is well formed)."""
        if self._waiting is not None:
            d = self._waiting
            if cmd.verb in ("next", "advance", "inject", "release", "end"):
                raise CommandError(f"decision '{d.id}' is waiting: decide {d.id} <option> "
                                   f"(options: {', '.join(d.options)})")
            if isinstance(cmd, Decide) and cmd.decision != d.id:
                raise CommandError(f"decision '{d.id}' is waiting, not '{cmd.decision}'"
                                   f"{did_you_mean(cmd.decision, [d.id])}")
        elif isinstance(cmd, Decide):
            raise CommandError("no decision is waiting; decision points come up as the clock runs")
        if cmd.verb == "next" and self.tick >= self.world.until_ticks:
            raise CommandError(f"the horizon ({t_plus(self.world.until)}) is reached; 'end' writes the results")
        if isinstance(cmd, Advance):
            self._target(cmd)

    def _target(self, cmd: Advance) -> int:
        """The tick an ``advance`` goes to."""
        target = cmd.to_tick if cmd.to_tick is not None else self.tick + (cmd.by_ticks or 0)
        if target > self.world.until_ticks:
            hours = to_hours(target)
            raise CommandError(f"{t_plus(hours)} is past the horizon ({t_plus(self.world.until)}); "
                               f"the most is 'advance T+{t_plus(self.world.until)[2:]}'")
        if target < self.tick:
            raise CommandError(f"{t_plus(to_hours(target))} is before the current time {t_plus(self.clock)}")
        return target

    def _do(self, cmd: Command) -> None:
        if isinstance(cmd, Advance):
            self._advance(self._target(cmd))
        elif isinstance(cmd, Decide):
            self._choice = cmd.option
        elif isinstance(cmd, Inject):
            self._inject(cmd)
        elif isinstance(cmd, Release):
            self._release(cmd)
        elif isinstance(cmd, Forecast):
            self._forecast(cmd.runs, asked=True)
        elif isinstance(cmd, Note):
            self.observations.append((self.clock, cmd.text))
            self._info(f"noted at {t_plus(self.clock)}")
        elif isinstance(cmd, Rate):
            self.ratings[cmd.objective] = (cmd.rating, cmd.comment)
            self.rated_at[cmd.objective] = self.clock
            self._info(f"{cmd.objective} rated {cmd.rating}")
        elif cmd.verb == "next":
            self._next()
        elif cmd.verb == "status":
            self._publish(("status",), fresh=False)
        elif cmd.verb == "help":
            self.show(Message("help", ""))
        elif cmd.verb == "end":
            self.ended = True

    # -- moving the clock ---------------------------------------------------------------------
    def _step(self) -> None:
        """Process one SimPy event; note why the facilitator should look (a stop)."""
        sim = self.sim
        n_events, n_decisions = len(sim.events), len(sim.decisions)
        objectives = [o.status for o in sim.objectives.records]
        sim.step()
        for e in sim.events[n_events:]:
            if e.source.startswith("inject:") or e.source == "facilitator":
                self._reasons.append(f"inject {e.source.partition(':')[2] or e.type}")
            else:
                response, _, what = e.type.rpartition(".")
                if what in MILESTONES and response in self.world.responses:
                    self._reasons.append(f"{e.type}")
        self._reasons += [f"decision {d.decision}: {d.option}" for d in sim.decisions[n_decisions:]]
        for o, before in zip(sim.objectives.records, objectives, strict=True):
            if o.status != before and o.status in ("met", "missed"):
                self._reasons.append(f"{o.objective} {o.status}")

    def _finish_instant(self) -> None:
        env = self.sim.env
        now = env.now
        while env.peek() == now:
            self._step()
        self.tick = max(self.tick, now)

    def _next(self) -> None:
        env, until = self.sim.env, self.world.until_ticks
        self._reasons = []
        while not self._reasons:
            if env.peek() > until:  # the horizon instant is played
                self.tick = until
                self._reasons.append("horizon")
                break
            self._step()
        else:
            self._finish_instant()
        self._publish(tuple(self._reasons))

    def _advance(self, target: int) -> None:
        env = self.sim.env
        self._reasons = []
        at_horizon = target >= self.world.until_ticks
        while env.peek() < target or (at_horizon and env.peek() <= target):
            self._step()
        self.tick = target
        self._publish((f"advanced to {t_plus(self.clock)}", *self._reasons))

    def _inject(self, cmd: Inject) -> None:
        sim = self.sim
        sim.emit(cmd.event, dict(cmd.payload), cmd.by, "facilitator", None, max(0, self.tick - sim.env.now))
        self._play_now()

    def _release(self, cmd: Release) -> None:
        """A held inject, delivered now like an ad-hoc inject but as itself (``inject:<id>``)."""
        if not self.sim.release_inject(cmd.inject, None, max(0, self.tick - self.sim.env.now)):
            self._info(f"{cmd.inject} was released already: a second release is only a note")
        self._play_now()

    def _play_now(self) -> None:
        """Play the current instant, so the consequences of a facilitator's input show."""
        self._reasons = []
        while self.sim.env.peek() <= self.tick:
            self._step()
        self._publish(tuple(self._reasons))

    # -- decisions ------------------------------------------------------------------------------
    def _choose(self, d: DecisionDef, sim: Simulation) -> str:
        """The engine's chooser: ask the facilitator, reading commands until ``decide``."""
        self._waiting, self._choice = d, None
        self.tick = max(self.tick, sim.now)
        self._publish((f"decision {d.id}",))
        live = not self._feed.replaying
        if live:
            self._forecast(self.auto_forecast)
        try:
            while self._choice is None:
                self._handle(self._read())
        finally:
            self._waiting = None
        choice, self._choice = self._choice, None
        self._decided = live and self.auto_forecast > 0
        return choice

    def _forecast(self, runs: int, asked: bool = False) -> None:
        """Forecast the rest of the session from now (``forecaster``, which journals it) and
        show its lines; with forecasts off and not asked for, nothing."""
        if runs <= 0 or self._muted:
            return
        if self.forecaster is None:
            if asked:
                self.show(Message("error", "forecast: not available in this session (no journal to forecast from)"))
            return
        for line in self.forecaster(runs):
            self.show(Message("info", line))

    # -- what the facilitator sees, and the end --------------------------------------------------
    def situation(self, reasons: tuple[str, ...] = (), fresh: bool = True, again: bool = False) -> Situation:
        """The situation now; with ``fresh``, what happened since the last one counts as new;
        with ``again``, what happened since the one before (the last stop, shown again)."""
        since = self._last_since if again else self._shown_upto if fresh else len(self.sim.events)
        view = situation(self.sim, self.clock, since, reasons, self._waiting)
        if fresh:
            self._shown_upto = len(self.sim.events)
        return view

    def _info(self, text: str) -> None:
        if not self._muted:
            self.show(Message("info", text))

    def _publish(self, reasons: tuple[str, ...], fresh: bool = True, again: bool = False) -> None:
        if not self._muted:
            self.show(self.situation(reasons, fresh, again))
        elif fresh:  # replaying: keep the marks, so the resumed screen shows the last stop again
            self._last_since, self._shown_upto = self._shown_upto, len(self.sim.events)

    def delivered(self) -> list[InjectDef]:
        """The injects the players have had: the scenario's at or before now, and the held ones
        released so far (each at the time it played)."""
        held = self.world.held
        released = [held[e.source[7:]]._replace(tick=to_ticks(e.t)) for e in self.sim.events
                    if e.source.startswith("inject:") and e.source[7:] in held]
        return [i for i in self.world.injects if i.tick <= self.tick] + released

    def result(self) -> RunResult:
        """The record of the session up to now (the horizon is where it ended)."""
        result = self.sim.result()
        result.until_h = self.clock
        return result

    def facilitation(self) -> dict[str, Any]:
        """``facilitation.json``: the facilitator's ratings and observations."""
        return {
            "format": "accord.facilitation/1",
            "scenario": self.world.scenario.scenario, "variant": self.world.variant,
            "seed": self.sim.seed, "ended_h": self.clock,
            "ratings": {k: {"rating": r, "comment": c, "t": self.rated_at[k]} for k, (r, c) in self.ratings.items()},
            "observations": [{"t": t, "text": text} for t, text in self.observations],
        }
