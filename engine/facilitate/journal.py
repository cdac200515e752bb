"""The journal of a facilitated session: JSON lines, a header then one line per facilitator
action, each flushed and fsync'ed before the engine acts on it.

Replaying the journal against the same scenario and seed gives the same session, because
the engine is deterministic and the journal holds every input it was given. A torn last
line (a write cut by a crash) is reported and cut off; damage anywhere else is an error.
"""

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from engine.errors import InputError, Mark
from engine.read.safe_open import read_bytes

FORMAT = "accord.journal/1"
MAX_BYTES = 64 * 1024 * 1024  # a day of play is a few thousand lines of ~100 bytes


@dataclass(frozen=True)
class Entry:
    """One journaled action: the command line and the scenario time it was given at."""

    line: int
    command: str
    t: float


@dataclass
class Loaded:
    """A journal read back: its header, its entries, and what was wrong with its tail."""

    header: dict[str, Any]
    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    good_bytes: int = 0  # length of the intact part of the file


def file_digest(path: str) -> str:
    """SHA-256 of a file, to notice a scenario edited between a session and its resume."""
    return hashlib.sha256(read_bytes(path, what="a YAML file")).hexdigest()


def header(scenario: str, variant: str | None, seed: int, nominal: bool) -> dict[str, Any]:
    """The first line of a journal: what is being played."""
    return {
        "format": FORMAT, "scenario": os.path.abspath(scenario), "variant": variant, "seed": seed,
        "nominal": nominal, "scenario_sha256": file_digest(scenario), "created": _wall(),
    }


def _wall() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Journal:
    """An open journal that actions are appended to, durably."""

    def __init__(self, f: IO[str], path: str) -> None:
        self._f = f
        self.path = path
        _lock(f, path)

    @classmethod
    def create(cls, path: str, head: dict[str, Any]) -> "Journal":
        """Start a new journal; refuse to overwrite an existing one."""
        try:
            f = open(path, "x", encoding="utf-8")  # noqa: SIM115 - the journal stays open for the session
        except FileExistsError:
            raise InputError.at(Mark(path, 1, 1), "a journal already exists here: continue it with "
                                f"--resume {path}, or give another --journal") from None
        except OSError as exc:
            raise InputError.at(Mark(path, 1, 1), f"cannot create the journal: {exc.strerror or exc}") from None
        journal = cls(f, path)
        journal._write(head)
        return journal

    @classmethod
    def reopen(cls, loaded: Loaded, path: str) -> "Journal":
        """Append to a journal read with ``load``, first cutting off a torn last line."""
        try:
            f = open(path, "r+", encoding="utf-8")  # noqa: SIM115 - the journal stays open for the session
        except OSError as exc:
            raise InputError.at(Mark(path, 1, 1), f"cannot open the journal: {exc.strerror or exc}") from None
        journal = cls(f, path)  # locked before anything is cut
        f.truncate(loaded.good_bytes)
        f.seek(loaded.good_bytes)
        return journal

    def append(self, command: str, t: float) -> None:
        """Write one action and make it durable before returning."""
        self._write({"cmd": command, "t": t, "wall": _wall()})

    def _write(self, record: dict[str, Any]) -> None:
        self._f.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())

    def close(self) -> None:
        """Close the file."""
        with contextlib.suppress(OSError):
            self._f.close()


def _lock(f: IO[str], path: str) -> None:
    """Hold an exclusive lock for the session: two sessions appending to one journal would
    interleave their actions and neither could be replayed."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX only; elsewhere the journal is not locked
    except ImportError:
        return
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        raise InputError.at(Mark(path, 1, 1), "the journal is in use by another session") from None


def load(path: str) -> Loaded:
    """Read a journal; a torn last line becomes a warning, other damage an InputError."""
    data = read_bytes(path, limit=MAX_BYTES, what="a journal")
    lines = data.split(b"\n")  # the last piece is b"" when the file ends with a newline
    loaded: Loaded | None = None
    offset = 0
    for i, raw in enumerate(lines[:-1], start=1):
        record = _record(raw)
        if record is None:
            if i == len(lines) - 1 and loaded is not None and not lines[-1]:
                loaded.warnings.append(f"{path}:{i}: damaged last line (cut by a crash?): ignored")
                return loaded
            raise InputError.at(Mark(path, i, 1), "damaged journal line: not a JSON object")
        if loaded is None:
            loaded = _header(record, path)
        else:
            loaded.entries.append(_entry(record, path, i))
        offset += len(raw) + 1
        loaded.good_bytes = offset
    if loaded is None:
        raise InputError.at(Mark(path, 1, 1), "no header line: not an accord journal")
    if lines[-1]:
        loaded.warnings.append(f"{path}:{len(lines)}: incomplete last line (cut by a crash?): ignored")
    return loaded


def _record(raw: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


def _header(record: dict[str, Any], path: str) -> Loaded:
    if record.get("format") != FORMAT or not isinstance(record.get("scenario"), str):
        raise InputError.at(Mark(path, 1, 1), f"not an accord journal (expected a '{FORMAT}' header line)")
    return Loaded(record)


def _entry(record: dict[str, Any], path: str, line: int) -> Entry:
    command, t = record.get("cmd"), record.get("t")
    if not isinstance(command, str) or not isinstance(t, (int, float)):
        raise InputError.at(Mark(path, line, 1), "damaged journal line: needs 'cmd' and 't'")
    return Entry(line, command, float(t))
