"""What every screen of the console shows at one moment of the session, as plain frozen data.

Built on the session's thread after each command (the simulation is never read from
another thread) and replaced whole, so the web handlers read a consistent picture without
locks. Each role's page is drawn from it: the facilitator's from everything, the players'
from the ``briefing`` alone, the evaluators' from the objectives and observations.
"""

from dataclasses import dataclass

from engine.analyse.aar import Evaluation
from engine.analyse.briefing import Briefing, briefing
from engine.check.world import World
from engine.facilitate.feed import Message
from engine.facilitate.session import Session
from engine.facilitate.situation import Situation


@dataclass(frozen=True)
class Snapshot:
    """One moment of the session, for every screen."""

    serial: int  # goes up with every snapshot (a page redraws when it changes)
    version: int  # the session's state version: a move made against an older one is stale
    world: World
    situation: Situation  # the facilitator's: the last stop, with what was new then
    briefing: Briefing  # the players': only what they may know
    notes: tuple[tuple[float, str], ...]  # the facilitator's notes
    ratings: tuple[tuple[str, str, str], ...]  # objective, P/S/M/U, comment
    evaluations: tuple[Evaluation, ...]
    log: tuple[Message, ...]  # what was done lately, for every facilitator
    ended: bool
    files: tuple[str, ...]  # written at the end


def snapshot(serial: int, session: Session, situation: Situation, log: tuple[Message, ...],
             files: tuple[str, ...] = ()) -> Snapshot:
    """The session as it stands (call on the session's thread)."""
    sim = session.sim
    return Snapshot(
        serial=serial, version=session.version, world=session.world, situation=situation,
        briefing=briefing(session.world, sim.events, sim.decisions, session.clock),
        notes=tuple(session.observations),
        ratings=tuple((k, r, c) for k, (r, c) in session.ratings.items()),
        evaluations=tuple(session.evaluations), log=log, ended=session.ended, files=files,
    )
