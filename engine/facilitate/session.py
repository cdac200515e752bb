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

``undo`` takes back the last facilitator action by replaying the session without it: the
engine is deterministic, so a fresh simulation given the other actions again (the
history) reaches exactly the state the facilitator would have had. The ``undo`` is
journaled like any action, so a resume replays it the same way.
"""

import math
from collections import deque
from collections.abc import Callable

from engine.analyse.aar import Evaluation, capability_of
from engine.check.world import NARRATIVE, DecisionDef, World
from engine.errors import InputError, one_line
from engine.facilitate.commands import (
    Advance,
    Command,
    CommandError,
    Decide,
    Forecast,
    Inject,
    Note,
    Observe,
    Rate,
    Release,
    Say,
    Status,
    parse,
)
from engine.facilitate.feed import Feed, Line, Message, Shown
from engine.facilitate.journal import Journal
from engine.facilitate.situation import Situation, mark, situation
from engine.facilitate.stepping import Stepping
from engine.read.durations import to_hours, to_ticks
from engine.read.suggest import did_you_mean
from engine.simulate.record import DecisionRecord, RunResult
from engine.simulate.simulation import Limits, Simulation
from engine.simulate.timefmt import t_plus

# Actions that change what the session shows: each is a new state version, and a command
# made against an older version is stale (the browser console refuses it).
MOVES = frozenset({"next", "advance", "decide", "inject", "release", "say", "undo", "end"})
# What `undo` takes back: the facilitator's journaled actions, except `end` and `undo` itself.
UNDOABLE = frozenset({"next", "advance", "decide", "inject", "release", "say", "note", "rate"})
# What an undo replays: those, and the evaluators' observations (never undone by the facilitator).
KEPT = UNDOABLE | {"observe"}


Forecaster = Callable[[int], list[str]]  # runs → the lines to show (the forecast journals itself)


class _InputEnded(Exception):  # noqa: N818 - a signal, not an error
    """Live input ended (EOF) before ``end``: the session is left open in its journal."""


class _Undo(Exception):  # noqa: N818 - a signal, not an error
    """An undo: leave the simulation (even from inside a step) to replay the history."""


class _Ended(Exception):  # noqa: N818 - a signal, not an error
    """``end`` while a decision waits: leave the step in which the engine asked for it."""


class Session(Stepping):
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
        self.seed = world.seed if seed is None else seed
        self.nominal = nominal
        self.limits = limits
        self.show = show
        self.journal = journal
        self.ended = False
        self.replayed = 0
        self.version = 0  # moves carried out (undone ones too): the state a command is made against
        self._history: list[Line] = []  # the actions in effect, in order, for undo
        self._rebuild: deque[Line] = deque()  # the history being given again after an undo
        self._announce = ""  # what the first live screen says: resumed, or what was undone
        self._muted = False
        self._feed = Feed([], lambda: None)
        self._start()

    def _start(self) -> None:
        """A fresh simulation at T+0: at the start, and again when an undo replays the history."""
        self.sim = Simulation(self.world, seed=self.seed, nominal=self.nominal, chooser=self._choose,
                              limits=self.limits)
        self.sim.pending_after = -math.inf  # the session may end before the horizon: track everything
        self.tick = 0  # the scenario time reached, in ticks
        self.ratings: dict[str, tuple[str, str]] = {}  # objective → (P|S|M|U, comment)
        self.rated_at: dict[str, float] = {}
        self.observations: list[tuple[float, str]] = []
        self.evaluations: list[Evaluation] = []  # the evaluators' observations
        self.unresolved: DecisionRecord | None = None  # the decision left waiting by `end`
        self._waiting: DecisionDef | None = None
        self._choice: str | None = None
        self._shown = self._before = mark(self.sim)  # the record at the last stop, and at the one before
        self._reasons: list[str] = []  # why the session stops: injects and decisions first
        self._key_reasons = 0  # how many of the reasons are injects and decisions
        self._halt = False  # an inject or a decision came up: `advance` stops
        self.sim.prepare()

    @property
    def waiting(self) -> DecisionDef | None:
        """The decision waiting for the facilitator's ``decide``, if any."""
        return self._waiting

    # -- the command loop ------------------------------------------------------------------
    def run(self, feed: Feed) -> bool:
        """Read and carry out commands until ``end`` (True) or the input ends (False)."""
        self._feed = feed
        self._muted = feed.replaying
        if self._muted:
            self._announce = "resumed"
        else:
            self._publish(("start of the exercise",))
        while True:
            try:
                while not self.ended:
                    self._handle(self._read())
                    if self._decided:
                        self._decided = False
                        self._forecast(self.auto_forecast)
            except _InputEnded:
                return False
            except _Ended:
                self.ended = True
            except _Undo:
                self._start()
                continue
            return True

    def _read(self) -> Line:
        if self._rebuild:
            return self._rebuild.popleft()
        if self._muted and not self._feed.replaying:
            self._muted = False
            self._announce_live()
        line = self._feed.read()
        if line is None:
            raise _InputEnded
        return line

    def _announce_live(self) -> None:
        """The first screen after a silent replay: say why, and show the last stop again."""
        if self._announce == "resumed":
            self.show(Message("info", f"resumed: {self.replayed} journal entries replayed, now at "
                                      f"{t_plus(self.clock)}"))
            self._publish(("resumed from the journal",), again=True)
        else:
            self.show(Message("info", f"undone: '{self._announce}'; the session is back at {t_plus(self.clock)}"))
            self._publish((f"undid '{self._announce}'",), again=True)

    def _handle(self, line: Line) -> None:
        text = line.text.strip()
        if not text or text.startswith("#"):
            return
        try:
            cmd = parse(text, self.world)
            self._check(cmd)
        except CommandError as exc:
            if line.replayed:
                self._replay_problem(line, f"'{one_line(text)}' does not replay: {exc}")
            else:
                self.show(Message("error", f"{one_line(text)}: {exc}"))
            return
        # An observation keeps the time it was made at, even replayed after an undo.
        t = line.t if line.replayed and line.t is not None and cmd.verb == "observe" else self.clock
        if line.replayed:
            self.replayed += not line.rebuilt
            if line.t is not None and to_ticks(line.t) != to_ticks(t):
                self._replay_problem(line, f"'{text}' is journaled at {t_plus(line.t)}, the replay reaches it at "
                                           f"{t_plus(self.clock)}")
        elif cmd.journaled and self.journal is not None:
            self.journal.append(text, self.clock)
        if cmd.journaled and not line.rebuilt:
            self.version += cmd.verb in MOVES
        if cmd.verb in KEPT:
            self._history.append(Line(text, replayed=True, t=t, rebuilt=True))
        self._do(cmd, t)

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
            if cmd.verb in ("next", "advance", "inject", "release", "say"):
                raise CommandError(f"decision '{d.id}' is waiting: decide {d.id} <option> "
                                   f"(options: {', '.join(d.options)}), or 'end' to leave it unresolved")
            if isinstance(cmd, Decide) and cmd.decision != d.id:
                raise CommandError(f"decision '{d.id}' is waiting, not '{cmd.decision}'"
                                   f"{did_you_mean(cmd.decision, [d.id])}")
        elif isinstance(cmd, Decide):
            raise CommandError("no decision is waiting; decision points come up as the clock runs")
        if cmd.verb == "next" and self.tick >= self.world.until_ticks:
            raise CommandError(f"the horizon ({t_plus(self.world.until)}) is reached; 'end' writes the results")
        if cmd.verb == "undo" and not any(line.text.split()[0] in UNDOABLE for line in self._history):
            raise CommandError("nothing to undo")
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

    def _do(self, cmd: Command, t: float) -> None:
        if isinstance(cmd, Note | Observe | Rate):
            self._record(cmd, t)
        elif isinstance(cmd, Advance):
            self._advance(self._target(cmd))
        elif isinstance(cmd, Decide):
            self._choice = cmd.option
        elif isinstance(cmd, Inject):
            self._inject(cmd)
        elif isinstance(cmd, Release):
            self._release(cmd)
        elif isinstance(cmd, Say):
            self._say(cmd)
        elif isinstance(cmd, Forecast):
            self._forecast(cmd.runs, asked=True)
        elif isinstance(cmd, Status):
            self._publish(("status",), fresh=False, details=cmd.topic or "summary")
        else:
            verbs: dict[str, Callable[[], None]] = {
                "next": self._next,
                "help": lambda: self.show(Message("help", "")), "undo": self._undo, "end": self._end}
            verbs[cmd.verb]()

    def _record(self, cmd: Note | Observe | Rate, t: float) -> None:
        """Keep a facilitator's note or rating, or an evaluator's observation (made at ``t``)."""
        if isinstance(cmd, Note):
            self.observations.append((self.clock, cmd.text))
            self._info(f"noted at {t_plus(self.clock)}")
        elif isinstance(cmd, Observe):
            self.evaluations.append(Evaluation(t, cmd.objective, capability_of(self.world, cmd.objective), cmd.rating,
                                               cmd.inject, cmd.response, cmd.text))
            self._info(f"observation of {cmd.objective} recorded at {t_plus(t)}")
        else:
            self.ratings[cmd.objective] = (cmd.rating, cmd.comment)
            self.rated_at[cmd.objective] = self.clock
            self._info(f"{cmd.objective} rated {cmd.rating}")

    def _undo(self) -> None:
        """Take the last facilitator action out of the history and replay the rest."""
        last = max(i for i, line in enumerate(self._history) if line.text.split()[0] in UNDOABLE)
        undone = self._history.pop(last)
        self._rebuild = deque(self._history)
        self._history = []
        if not self._muted:  # undone live: say so; undone while replaying a journal: still "resumed"
            self._announce = undone.text
        self._muted = True
        raise _Undo

    def _end(self) -> None:
        """End the session; a decision still waiting is recorded as unresolved."""
        self.ended = True
        if self._waiting is not None:
            self.unresolved = DecisionRecord(self._waiting.id, to_hours(self.sim.now), None, "unresolved")
            raise _Ended

    def _inject(self, cmd: Inject) -> None:
        self._now(cmd.event, dict(cmd.payload), cmd.by)

    def _say(self, cmd: Say) -> None:
        self._now(NARRATIVE, {"text": cmd.text}, None)

    def _release(self, cmd: Release) -> None:
        """A held inject, delivered now like an ad-hoc inject but as itself (``inject:<id>``)."""
        if not self.sim.release_inject(cmd.inject, None, max(0, self.tick - self.sim.env.now)):
            self._info(f"{cmd.inject} was released already: a second release is only a note")
        self._play_now()

    # -- decisions ------------------------------------------------------------------------------
    def _choose(self, d: DecisionDef, sim: Simulation) -> str:
        """The engine's chooser: ask the facilitator, reading commands until ``decide``."""
        self._waiting, self._choice = d, None
        self.tick = max(self.tick, sim.now)
        self._publish((f"decision {d.id}",))
        live = not self._feed.replaying and not self._rebuild
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
        # one message of several lines: a terminal keeps it whole under the screen
        self.show(Message("info", "\n".join(self.forecaster(runs))))

    # -- what the facilitator sees, and the end --------------------------------------------------
    def situation(self, reasons: tuple[str, ...] = (), fresh: bool = True, again: bool = False,
                  details: str = "") -> Situation:
        """The situation now; with ``fresh``, what happened since the last one counts as new;
        with ``again``, what happened since the one before (the last stop, shown again);
        ``details``: what ``status`` asked for (``Situation.details``), "" at a stop."""
        since = self._before if again else self._shown if fresh else mark(self.sim)
        view = situation(self.sim, self.clock, since, reasons, self._waiting, details)
        if fresh:
            self._before, self._shown = self._shown, mark(self.sim)
        return view

    def _info(self, text: str) -> None:
        if not self._muted:
            self.show(Message("info", text))

    def _publish(self, reasons: tuple[str, ...], fresh: bool = True, again: bool = False,
                 details: str = "") -> None:
        if not self._muted:
            self.show(self.situation(reasons, fresh, again, details))
        elif fresh:  # replaying: keep the marks, so the resumed screen shows the last stop again
            self._before, self._shown = self._shown, mark(self.sim)

    def result(self) -> RunResult:
        """The record of the session up to now (the horizon is where it ended)."""
        result = self.sim.result()
        result.until_h = self.clock
        if self.unresolved is not None:
            result.decisions = [*result.decisions, self.unresolved]
        return result
