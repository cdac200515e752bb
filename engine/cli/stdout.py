"""Standard output whose reader has gone (``accord run S | head -1``).

A closed pipe is not a bug: the program stops printing and exits 141 (128 + SIGPIPE, what
Unix tools give), quietly (``program`` catches the BrokenPipeError once, at the top). Files
are written before anything is printed, so they are complete. rich's consoles would exit 1
on their own (exit 1 means a bug here), so the CLI prints through ``Console``, which lets
the error reach the top instead.
"""

import errno

from rich.console import Console as RichConsole


class Console(RichConsole):
    """rich's console, except that a closed standard output raises BrokenPipeError (rich's
    own exits 1) for ``program`` to end the command quietly with exit 141."""

    def on_broken_pipe(self) -> None:
        """Stop printing and let the error reach the program's top level."""
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "the reader of standard output has gone")
