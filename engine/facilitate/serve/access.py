"""Who may do what in the exercise console: one random token per role, kept with the session.

Each role's link carries its token (``secrets.token_urlsafe``: 144 random bits): the
facilitator's for every control, the evaluator's for observations, the players' to read
their screen. The tokens, host and port are kept beside the journal in
``<journal>.serve.json`` (mode 0600; not in the journal, which is an exercise record people
pass around), so that a server resumed with ``--resume`` answers at the same address with
the same links and the open pages reconnect by themselves.
"""

import contextlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from typing import Any

from engine.errors import InputError, Mark
from engine.read.safe_open import read_text
from engine.render.output import target_kind

ROLES = ("facilitator", "evaluator", "players")
FORMAT = "accord.serve/1"


@dataclass(frozen=True)
class Access:
    """Where the console listens and the token of each role."""

    host: str
    port: int
    tokens: dict[str, str]

    def allows(self, role: str, token: str) -> bool:
        """Whether ``token`` is ``role``'s (compared in constant time)."""
        expected = self.tokens.get(role)
        return expected is not None and secrets.compare_digest(expected.encode(), token.encode())

    def link(self, role: str, host: str | None = None) -> str:
        """The role's address, e.g. ``http://127.0.0.1:8000/facilitator/<token>``."""
        shown = host or self.host
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.port}/{role}/{self.tokens[role]}"


def new_access(host: str, port: int) -> Access:
    """Fresh tokens for every role."""
    return Access(host, port, {role: secrets.token_urlsafe(18) for role in ROLES})


def sidecar(journal: str) -> str:
    """Where a journal's console settings are kept: ``out/journal.jsonl`` → ``out/journal.serve.json``."""
    return os.path.splitext(journal)[0] + ".serve.json"


def save(path: str, access: Access) -> None:
    """Write the settings atomically, readable by their owner only (they hold the tokens).
    What every writer refuses is refused here too (``render.output.target_kind``: a symbolic
    link, a folder); the file is re-read on --resume, so it may replace what it read."""
    target_kind(path, rewrite=True)
    record = {"format": FORMAT, "host": access.host, "port": access.port, "tokens": access.tokens}
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=".serve.", suffix=".tmp", dir=folder)  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(record, indent=1) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def load(path: str) -> Access | None:
    """The settings kept for a session, None if there are none; InputError if damaged."""
    if not os.path.lexists(path):
        return None
    try:
        record: Any = json.loads(read_text(path, limit=64 * 1024, what="the console's settings"))
    except ValueError as exc:
        raise InputError.at(Mark(path, 1, 1), f"cannot read the console's settings: {exc}") from None
    tokens = record.get("tokens") if isinstance(record, dict) else None
    if (not isinstance(record, dict) or record.get("format") != FORMAT or not isinstance(record.get("host"), str)
            or not isinstance(record.get("port"), int) or not isinstance(tokens, dict)
            or set(tokens) != set(ROLES) or not all(isinstance(t, str) and len(t) >= 16 for t in tokens.values())):
        raise InputError.at(Mark(path, 1, 1), f"not the console's settings (expected '{FORMAT}' with host, port "
                            "and a token per role); remove it to make new links")
    return Access(record["host"], record["port"], dict(tokens))
