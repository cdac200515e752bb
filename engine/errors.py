"""accord's one exception family, and the diagnostics it carries.

    AccordError                 base: every error a user can cause or meet
    ├── InputError              invalid files or usage (exit 2); carries Diagnostics
    ├── OutputError             results could not be written (exit 2)
    ├── UsageError              a bad command-line value, e.g. an unknown variant (exit 2)
    ├── GuardError              a run stopped by a runaway guard (exit 3)
    └── ExecutionError          a sweep could not run: a worker died, a cluster did not answer (exit 4)

Only the CLI catches ``AccordError``; anything else is a bug and shows its traceback.
"""

from typing import NamedTuple

# Characters that would break a diagnostic over several lines (str.splitlines splits on all),
# or that a terminal acts on or that reorder the text shown (C0 and C1 controls, DEL, the
# bidirectional overrides and isolates): a message quoting a user's bad id or value shows them
# escaped, never raw (an id with a BEL rang; one with U+202E turned the line around).
_UNSAFE = "".join(map(chr, [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                            0x2028, 0x2029]))
_LINE_BREAKS = str.maketrans({c: repr(c)[1:-1] if repr(c)[1:-1] != c else f"\\u{ord(c):04x}" for c in _UNSAFE})


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters escaped (``\\n``, ``\\x07``,
    ``\\u202e``), so a message stays on its ``path:line:col`` line and shows what it quotes."""
    return text.translate(_LINE_BREAKS)


class Mark(NamedTuple):
    """A place in a file: 1-based line and column, as editors count them."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class Diagnostic(NamedTuple):
    """One message about one place: ``path:line:col: error: message``, and optionally a
    ``detail`` for experts on an indented second line (a YAML syntax error's own words)."""

    mark: Mark
    message: str
    severity: str = "error"
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.mark}: {self.severity}: {one_line(self.message)}"
        return f"{text}\n    {one_line(self.detail)}" if self.detail else text


class AccordError(Exception):
    """Base of every error accord reports to users."""

    exit_code = 1


class InputError(AccordError):
    """One or more files (or command-line values) are invalid."""

    exit_code = 2

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def at(cls, mark: Mark, message: str) -> "InputError":
        """One diagnostic at one place."""
        return cls([Diagnostic(mark, message)])


class OutputError(AccordError):
    """An output file or folder could not be written; nothing half-written is left."""

    exit_code = 2


class GuardError(AccordError):
    """A run produced too many events (a rule cycle without delay) and was stopped."""

    exit_code = 3


class UsageError(AccordError):
    """A command-line value is invalid (an unknown variant, ``--runs 0``)."""

    exit_code = 2


class ExecutionError(AccordError):
    """A sweep could not be carried out (a worker died, a cluster did not answer); nothing was written."""

    exit_code = 4
