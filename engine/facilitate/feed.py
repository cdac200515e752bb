"""Where a facilitated session's commands come from and what it shows: command lines
(``Line``) from a ``Feed`` — the journal being resumed first, then live input — and the
``Message`` lines it shows beside its situations (``Shown``)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from engine.errors import Mark
from engine.facilitate.journal import Entry
from engine.facilitate.situation import Situation


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
    rebuilt: bool = False  # given again from the history, after an undo
    where: Mark | None = None  # its place in the journal


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


Shown = Situation | Message
