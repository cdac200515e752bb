"""The clock of a facilitated session: the engine stepped one event at a time, to the next
stop, towards a time (stopping on the way at an inject or a decision), or with an event of
the facilitator's at the current time. ``Stepping`` is the session's base: it notes why to
stop, and the session shows the situation there."""

from typing import Any

from engine.analyse.delivered import FACILITATOR
from engine.check.world import NARRATIVE, World
from engine.read.durations import to_hours
from engine.simulate.simulation import Simulation
from engine.simulate.timefmt import t_plus

MILESTONES = ("started", "completed", "failed")


class Stepping:
    """Moves a session's simulation; subclasses show the situation at each stop (``_publish``)."""

    world: World
    sim: Simulation
    tick: int  # the scenario time the session has reached, in ticks after T+0
    _reasons: list[str]  # why the session stops: injects and decisions first
    _key_reasons: int  # how many of the reasons are injects and decisions
    _halt: bool  # an inject or a decision came up: `advance` stops

    @property
    def clock(self) -> float:
        """The scenario time reached, in hours after T+0."""
        return to_hours(self.tick)

    def _publish(self, reasons: tuple[str, ...], fresh: bool = True, again: bool = False,
                 details: str = "") -> None:
        raise NotImplementedError

    def _step(self) -> None:
        """Process one SimPy event; note why the facilitator should look (a stop)."""
        sim = self.sim
        n_events, n_decisions = len(sim.events), len(sim.decisions)
        objectives = [o.status for o in sim.objectives.records]
        sim.step()
        for e in sim.events[n_events:]:
            if e.source.startswith("inject:") or e.source == FACILITATOR:  # first: what a stop is for
                self._reasons.insert(self._key_reasons, _inject_reason(e.source, e.type))
                self._key_reasons += 1
                self._halt = True
            else:
                response, _, what = e.type.rpartition(".")
                if what in MILESTONES and response in self.world.responses:
                    self._reasons.append(f"{e.type}")
        for d in sim.decisions[n_decisions:]:
            self._reasons.insert(self._key_reasons, f"decision {d.decision}: {d.option}")
            self._key_reasons += 1
        self._halt = self._halt or len(sim.decisions) > n_decisions
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
        self._reasons, self._key_reasons = [], 0
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
        """Run towards tick ``target``; stop after the instant of an inject or a decision on the way."""
        env = self.sim.env
        self._reasons, self._key_reasons, self._halt = [], 0, False
        at_horizon = target >= self.world.until_ticks
        while env.peek() < target or (at_horizon and env.peek() <= target):
            self._step()
            if self._halt:
                self._finish_instant()
                self._publish((f"on the way to {t_plus(to_hours(target))}", *self._reasons))
                return
        self.tick = target
        self._publish((f"advanced to {t_plus(self.clock)}", *self._reasons))

    def _now(self, event: str, payload: dict[str, Any], by: str | None) -> None:
        """Deliver a facilitator's event at the current time and play that instant."""
        sim = self.sim
        sim.emit(event, payload, by, FACILITATOR, None, max(0, self.tick - sim.env.now))
        self._play_now()

    def _play_now(self) -> None:
        """Play the current instant, so the consequences of a facilitator's input show."""
        self._reasons, self._key_reasons = [], 0
        while self.sim.env.peek() <= self.tick:
            self._step()
        self._publish(tuple(self._reasons))


def _inject_reason(source: str, event: str) -> str:
    """Why a stop: ``inject I-05``, ``narrative inject`` (say) or ``ad-hoc inject attack``."""
    if source != FACILITATOR:
        return f"inject {source.partition(':')[2]}"
    return "narrative inject" if event == NARRATIVE else f"ad-hoc inject {event}"
