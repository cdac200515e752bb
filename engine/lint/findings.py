"""Lint findings: the codes ``accord lint`` reports, their default severities, and the
finding itself (``path:line:col: warning: message [A101]``)."""

from dataclasses import dataclass, field
from typing import Any

from engine.errors import Mark, one_line

CODES: dict[str, tuple[str, str]] = {
    "A101": ("warning", "a rule listens for an event type that nothing can produce"),
    "A102": ("warning", "a rule can never fire"),
    "A103": ("warning", "a response is never started"),
    "A104": ("warning", "a decision is never reached"),
    "A105": ("warning", "a state variable is written but never read (only the final state shows it)"),
    "A106": ("info", "a state variable is read but never written (it keeps its initial value)"),
    "A107": ("error", "an objective's `expect` event can never occur"),
    "A108": ("error", "an objective's `after` event can never occur"),
    "A109": ("error", "rules trigger each other with no delay and no guard (warning when guarded)"),
    "A110": ("info", "participants with no procedure for a response's authority"),
    "A111": ("warning", "a variant changes nothing"),
    "A112": ("warning", "an inject is after the horizon"),
}
CONTEXTUAL = frozenset({"A101", "A102", "A103", "A104", "A105", "A106"})
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, order=True)
class Finding:
    """One lint finding: ``path:line:col: warning: message [A101]``."""

    mark: Mark
    code: str
    message: str
    severity: str = "warning"
    # What a pack finding is about, e.g. ("rules", "R-1") or ("rules", "R-1", "R-2") for a
    # cycle: how a scenario tells the pack findings it makes relevant. Not part of identity.
    subject: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return f"{self.mark}: {self.severity}: {one_line(self.message)} [{self.code}]"

    def as_dict(self) -> dict[str, Any]:
        """The finding for ``--format json``."""
        m = self.mark
        return {"path": m.path, "line": m.line, "col": m.col, "severity": self.severity,
                "code": self.code, "message": self.message}

def finding(mark: Mark, code: str, message: str, severity: str | None = None,
            subject: tuple[str, ...] = ()) -> Finding:
    """A finding with the code's default severity; ``subject``: the pack section and the
    ids it is about."""
    return Finding(mark, code, message, severity or CODES[code][0], subject)

