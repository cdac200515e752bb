"""The journal of a facilitated session: JSON lines, a header then one line per facilitator
action, each flushed and fsync'ed before the engine acts on it.

Replaying the journal against the same files and seed gives the same session, because the
engine is deterministic and the journal holds every input it was given. So the journal is
the truth, and keeps what it needs to stay so:

- the header records the SHA-256 of every file the session loaded (the scenario and each
  pack, includes too, named relative to the scenario's folder) and the output folder; a
  resume whose files differ is refused, or with ``--accept-changed-files`` goes on and the
  change is journaled (an ``accepted_files`` entry) so the record says what was replayed;
- every field of every line is checked (``journal_fields``): a hand-edited journal gets
  ``journal:line:col`` errors like a YAML file, never a traceback;
- the header is written to a temporary file and linked into place, so a journal never
  exists without its complete header (a full disk leaves no journal at all); an empty
  journal left by an older accord is replaced by a new session.

A torn last line (a write cut by a crash) is reported and cut off; damage anywhere else is
an error.
"""

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from engine.errors import InputError, Mark
from engine.facilitate.journal_fields import FORMAT, check_header, entry_kind
from engine.read.files import load_scenario
from engine.read.safe_open import read_bytes

MAX_BYTES = 64 * 1024 * 1024  # a day of play is a few thousand lines of ~100 bytes
Changes = dict[str, dict[str, str | None]]  # file → {"was": sha256 | None, "now": sha256 | None}


@dataclass(frozen=True)
class Entry:
    """One journaled action: the command line, the scenario time it was given at, its line."""

    line: int
    command: str
    t: float
    path: str = ""


@dataclass(frozen=True)
class ForecastNote:
    """A forecast journaled during the session: when, after how many commands, with which
    decision waiting, and each objective's met count out of its runs."""

    line: int
    t: float
    after: int
    waiting: str | None
    runs: int
    seed: int
    objectives: dict[str, tuple[int, int]]


@dataclass
class Loaded:
    """A journal read back: its header, its entries, and what was wrong with its tail."""

    header: dict[str, Any]
    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    good_bytes: int = 0  # length of the intact part of the file
    accepted: dict[str, str | None] = field(default_factory=dict)  # files accepted as changed, as accepted
    forecasts: list[ForecastNote] = field(default_factory=list)

    def files(self) -> dict[str, str] | None:
        """The files the session stands on: the header's, with accepted changes (None: not recorded)."""
        recorded = self.header.get("files")
        if recorded is None:
            return None
        merged: dict[str, str | None] = {**recorded, **self.accepted}
        return {k: v for k, v in merged.items() if v is not None}

    @property
    def clock(self) -> float:
        """The scenario time of the last journaled action (0 before any)."""
        return self.entries[-1].t if self.entries else 0.0


def file_digest(path: str) -> str:
    """SHA-256 of a file (a regular file, read within the size limit)."""
    return hashlib.sha256(read_bytes(path, what="a YAML file")).hexdigest()


def session_files(scenario: str, variant: str | None) -> dict[str, str]:
    """``{file: sha256}`` of the scenario and every pack it loads (includes too), each file
    named relative to the scenario's folder (so a moved exercise folder still matches)."""
    base = os.path.dirname(os.path.abspath(scenario))
    paths = [scenario, *(p.doc.path for p in load_scenario(scenario, variant).packs)]
    return {os.path.relpath(os.path.abspath(p), base).replace(os.sep, "/"): file_digest(p) for p in paths}


def header(scenario: str, variant: str | None, seed: int, nominal: bool, out: str) -> dict[str, Any]:
    """The first line of a journal: what is being played, on which files, written where."""
    return {
        "format": FORMAT, "scenario": os.path.abspath(scenario), "variant": variant, "seed": seed,
        "nominal": nominal, "files": session_files(scenario, variant), "out": os.path.abspath(out),
        "created": _wall(),
    }


def file_changes(loaded: Loaded, scenario: str, variant: str | None) -> Changes:
    """The files that differ from what the journal's session stood on (empty: none)."""
    recorded = loaded.files()
    if recorded is None:  # a journal from before `files`: only the scenario's own hash
        name = os.path.basename(scenario)
        was, now = loaded.header.get("scenario_sha256"), file_digest(scenario)
        return {} if was in (None, now) else {name: {"was": was, "now": now}}
    now_files = session_files(scenario, variant)
    return {k: {"was": recorded.get(k), "now": now_files.get(k)}
            for k in sorted(recorded.keys() | now_files.keys()) if recorded.get(k) != now_files.get(k)}


def describe_changes(changes: Changes) -> str:
    """``rules/pack.yaml (changed), extra.yaml (new)``."""
    how = {(True, True): "changed", (False, True): "new", (True, False): "gone"}
    return ", ".join(f"{k} ({how[(c['was'] is not None, c['now'] is not None)]})" for k, c in changes.items())


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
        """Start a new journal, its header complete from the first moment it exists; refuse
        to overwrite an existing one (an empty one, which holds no session, is replaced)."""
        _clear_empty(path)
        try:
            _link_new(path, json.dumps(head, ensure_ascii=False) + "\n")
            f = open(path, "r+", encoding="utf-8")  # noqa: SIM115 - the journal stays open for the session
        except FileExistsError:
            raise InputError.at(Mark(path, 1, 1), "a journal already exists here: continue it with "
                                f"--resume {path}, or give another --journal") from None
        except OSError as exc:
            raise InputError.at(Mark(path, 1, 1), f"cannot create the journal: {exc.strerror or exc}") from None
        f.seek(0, os.SEEK_END)
        return cls(f, path)

    @classmethod
    def reopen(cls, loaded: Loaded, path: str) -> "Journal":
        """Append to a journal read with ``load``, first cutting off a torn last line."""
        _regular(path)
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

    def record_forecast(self, summary: dict[str, Any], t: float) -> None:
        """Journal a forecast's summary (``journal_fields._odds``); a replay skips it."""
        self._write({"forecast": summary, "t": t, "wall": _wall()})

    def record_accepted(self, changes: Changes, t: float) -> None:
        """Journal that the session goes on with these files changed (``--accept-changed-files``)."""
        self._write({"accepted_files": changes, "t": t, "wall": _wall()})

    def _write(self, record: dict[str, Any]) -> None:
        self._f.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())

    def close(self) -> None:
        """Close the file."""
        with contextlib.suppress(OSError):
            self._f.close()


def _regular(path: str) -> None:
    """A journal is a regular file: not a link (appending through it would change a file
    elsewhere), a device or a pipe."""
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(os.lstat(path).st_mode):
            raise InputError.at(Mark(path, 1, 1), "a journal must be a regular file (not a link, device or pipe)")


def _clear_empty(path: str) -> None:
    """Remove an empty journal: its session never began (an older accord on a full disk)."""
    _regular(path)
    with contextlib.suppress(FileNotFoundError):
        if os.lstat(path).st_size == 0:
            os.unlink(path)


def _link_new(path: str, first_line: str) -> None:
    """Create ``path`` holding ``first_line`` in one step: written and fsync'ed to a
    temporary file, then hard-linked into place (FileExistsError if ``path`` exists).
    Where hard links are not supported, an exclusive create, removed again if writing fails."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        _write_all(fd, first_line)
        try:
            os.link(temp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here: create exclusively, and never leave it empty
            _create_exclusive(path, first_line)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _create_exclusive(path: str, first_line: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        _write_all(fd, first_line)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _write_all(fd: int, text: str) -> None:
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


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
    if not data.strip():
        raise InputError.at(Mark(path, 1, 1), "the journal is empty: its session never began (was the disk "
                            f"full?); start a new session with --journal {path}")
    lines = data.split(b"\n")  # the last piece is b"" when the file ends with a newline
    loaded: Loaded | None = None
    offset = 0
    for i, raw in enumerate(lines[:-1], start=1):
        record = _record(raw)
        if record is None:
            if i == len(lines) - 1 and loaded is not None and not lines[-1]:
                loaded.warnings.append(f"{path}:{i}: damaged last line (cut by a crash?): ignored")
                return loaded
            if loaded is None:  # the first line: not a journal at all (a scenario given by mistake?)
                raise InputError.at(Mark(path, 1, 1), "not an accord journal: a journal is the journal.jsonl "
                                    "that 'accord play' or 'accord serve' writes, one JSON object a line")
            raise InputError.at(Mark(path, i, 1), "damaged journal line: not a JSON object")
        if loaded is None:
            loaded = _header(record, raw.decode("utf-8"), path)
        else:
            _entry(loaded, record, raw.decode("utf-8"), path, i)
        offset += len(raw) + 1
        loaded.good_bytes = offset
    if loaded is None:
        raise InputError.at(Mark(path, 1, 1), "no complete header line: not an accord journal, or one whose "
                            "session never began; start a new session with another --journal")
    if lines[-1]:
        loaded.warnings.append(f"{path}:{len(lines)}: incomplete last line (cut by a crash?): ignored")
    return loaded


def _record(raw: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


def _header(record: dict[str, Any], raw: str, path: str) -> Loaded:
    if record.get("format") != FORMAT:
        raise InputError.at(Mark(path, 1, 1), f"not an accord journal (expected a '{FORMAT}' header line)")
    check_header(record, raw, path)
    return Loaded(record)


def _entry(loaded: Loaded, record: dict[str, Any], raw: str, path: str, line: int) -> None:
    kind = entry_kind(record, raw, path, line)
    if kind == "cmd":
        loaded.entries.append(Entry(line, record["cmd"], float(record["t"]), path))
    elif kind == "accepted_files":
        loaded.accepted.update({k: c["now"] for k, c in record["accepted_files"].items()})
    elif kind == "forecast":
        s = record["forecast"]
        loaded.forecasts.append(ForecastNote(line, float(record["t"]), s["after"], s["waiting"], s["runs"], s["seed"],
                                             {k: (r["met"], r["runs"]) for k, r in s["objectives"].items()}))
