"""The exercise room (``accord serve``): one facilitated session on a thread of its own, given
its commands by the web handlers through a queue, publishing a ``Snapshot`` after each.

One engine, one journal: the session is the very one ``accord play`` runs, journaled (and
fsync'ed) before it acts; the room only feeds it and watches what it shows. Commands are
carried out one at a time in the order they arrive. Each carries the state version its
page showed: a move (``next``, ``advance``, ``decide``, ``inject``, ``say``, ``undo``,
``end``) made against an older version is refused as stale, so two facilitators clicking
at once never apply a step twice; notes, ratings and observations are never stale. Work
that must read the simulation (the live timeline chart) runs on the same thread between
commands (``call``).
"""

import contextlib
import queue
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from engine.check.world import World
from engine.facilitate.feed import Feed, Message, Shown
from engine.facilitate.forecast_live import live_forecaster
from engine.facilitate.journal import Entry, Journal
from engine.facilitate.serve.snapshot import Snapshot, snapshot
from engine.facilitate.session import MOVES, Session
from engine.facilitate.situation import Situation

LOG = 8  # recent messages every facilitator sees
PAGE_ONLY = {"status": "the page shows the details", "help": "the page shows every control"}


@dataclass(frozen=True)
class Reply:
    """What became of one command: carried out (``ok``) or refused, and what the session said."""

    ok: bool
    messages: tuple[Message, ...]
    version: int


@dataclass
class Order:
    """A command line from a page, with the state version the page showed (None: unchecked)."""

    text: str
    version: int | None
    reply: "Future[Reply]" = field(default_factory=Future)
    messages: list[Message] = field(default_factory=list)


@dataclass
class _Call:
    fn: Callable[[], Any]
    done: "Future[Any]" = field(default_factory=Future)


# A forecast asked for in the console plays on worker processes spawned (not forked: the
# server's threads hold locks a fork would copy held), two as on this 2-core laptop class.
FORECAST_WORKERS = 2


class Room:
    """A session run for the browser console."""

    def __init__(self, world: World, *, seed: int, nominal: bool, journal: Journal, replay: list[Entry],
                 finish: Callable[[Session], list[str]], strict_replay: bool = True) -> None:
        self.session = Session(world, seed=seed, nominal=nominal, show=self._show, journal=journal,
                               strict_replay=strict_replay,
                               forecaster=live_forecaster(journal, FORECAST_WORKERS, "spawn"))
        self._replay = replay
        self._finish = finish  # writes the files of the ended session, returns their paths
        self._queue: queue.Queue[Order | _Call | None] = queue.Queue()
        self._order: Order | None = None
        self._situation: Situation | None = None
        self._log: deque[Message] = deque(maxlen=LOG)
        self._serial = 0
        self._files: tuple[str, ...] = ()
        self._listeners: list[Callable[[int], None]] = []
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="accord-session", daemon=True)
        self.snapshot: Snapshot | None = None  # replaced whole; read from any thread
        self.failure: BaseException | None = None  # what stopped the session's thread, if anything

    # -- from the web handlers (any thread) --------------------------------------------------
    def start(self) -> None:
        """Start the session's thread; return once the journal is replayed (or raise why not)."""
        self._thread.start()
        self._ready.wait()
        if self.failure is not None:
            raise self.failure

    def submit(self, text: str, version: int | None) -> "Future[Reply]":
        """Queue a command line; its reply comes once it is carried out or refused."""
        order = Order(text, version)
        self._queue.put(order)
        return order.reply

    def call(self, fn: Callable[[], Any]) -> "Future[Any]":
        """Run ``fn`` on the session's thread, between commands."""
        job = _Call(fn)
        self._queue.put(job)
        return job.done

    def stop(self, timeout: float = 10.0) -> bool:
        """End the live input (the session stays open in its journal); True if the thread ended."""
        self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def listen(self, listener: Callable[[int], None]) -> Callable[[], None]:
        """Call ``listener(serial)`` after each new snapshot (on the session's thread); returns
        the function that stops it."""
        with self._lock:
            self._listeners.append(listener)

        def stop() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return stop

    # -- on the session's thread --------------------------------------------------------------
    def _run(self) -> None:
        try:
            ended = self.session.run(Feed(self._replay, self._live))
            if ended:
                self._end()
        except BaseException as exc:  # kept for the command line to report; pages are told
            self.failure = exc
            self._fail(exc)
            return
        self._complete()
        if ended:  # else the input was stopped: nothing more comes
            self._after()

    def _live(self) -> str | None:
        """The session's live input: the next order that may be carried out (None: stop)."""
        self._complete()
        while (item := self._queue.get()) is not None:
            if isinstance(item, _Call):
                _run_call(item)
                continue
            problem = self._refusal(item)
            if problem is None:
                self._order = item
                return item.text
            item.reply.set_result(Reply(False, (Message("error", problem),), self.session.version))
        return None

    def _refusal(self, order: Order) -> str | None:
        verb = order.text.strip().partition(" ")[0]
        if verb in PAGE_ONLY:
            return f"{verb}: {PAGE_ONLY[verb]}"
        if order.version is not None and verb in MOVES and order.version != self.session.version:
            return (f"{order.text.strip()}: not done — the session has moved on since your page showed it "
                    f"(version {order.version}, now {self.session.version}); look again and repeat it if it "
                    "still applies")
        return None

    def _show(self, item: Shown) -> None:
        if isinstance(item, Message):
            if self._order is not None:
                self._order.messages.append(item)
            if item.level in ("info", "warning"):
                self._log.append(item)
        elif not item.details:
            self._situation = item

    def _complete(self) -> None:
        """Publish what the last order did, then answer it."""
        self._publish()
        order, self._order = self._order, None
        if order is not None:
            ok = not any(m.level == "error" for m in order.messages)
            order.reply.set_result(Reply(ok, tuple(order.messages), self.session.version))
        self._ready.set()

    def _publish(self) -> None:
        if self._situation is None:
            self._situation = self.session.situation(("resumed from the journal",), fresh=False)
        self._serial += 1
        self.snapshot = snapshot(self._serial, self.session, self._situation, tuple(self._log), self._files)
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(self._serial)

    def _end(self) -> None:
        """Write the files of the ended session; a failure is told to whoever ended it."""
        try:
            self._files = tuple(self._finish(self.session))
        except Exception as exc:  # an unwritable folder must not stop the room
            self._show(Message("error", f"the files were not written: {exc}; the session is kept in its "
                                        "journal: resume it to write them"))
            return
        for path in self._files:
            self._show(Message("info", f"wrote {path}"))

    def _after(self) -> None:
        """After the end: calls still run; commands are refused."""
        while (item := self._queue.get()) is not None:
            if isinstance(item, _Call):
                _run_call(item)
            else:
                item.reply.set_result(Reply(False, (Message("error", "the exercise has ended"),),
                                            self.session.version))

    def _fail(self, exc: BaseException) -> None:
        """The session's thread stopped on an error: answer everything waiting and to come."""
        message = Message("error", f"the session stopped: {exc}")
        if self._order is not None:
            self._order.reply.set_result(Reply(False, (message,), self.session.version))
        self._ready.set()
        while (item := self._queue.get()) is not None:
            if isinstance(item, _Call):
                item.done.set_exception(exc)
            else:
                item.reply.set_result(Reply(False, (message,), self.session.version))


def _run_call(call: _Call) -> None:
    try:
        call.done.set_result(call.fn())
    except Exception as exc:  # handed to the caller
        call.done.set_exception(exc)
