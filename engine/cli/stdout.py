"""Standard output whose reader has gone (``accord run S | head -1``).

A closed pipe is not a bug: the program stops printing (what is printed goes to
os.devnull), carries the command on to its end (``accord play`` journals every command and
writes its files at ``end``) and then exits 141 (128 + SIGPIPE, what Unix tools give),
quietly. rich's consoles would exit 1 on their own (exit 1 means a bug here), so the CLI
prints through ``Console``, which tells ``program`` instead.
"""

from rich.console import Console as RichConsole


class Console(RichConsole):
    """rich's console, except that a closed standard output stops its printing and lets the
    command go on, to exit 141 at its end (rich's own exits 1 at once)."""

    def on_broken_pipe(self) -> None:
        """Print nothing more; standard output goes to os.devnull (``program.reader_gone``)."""
        from engine.cli.program import reader_gone  # noqa: PLC0415 - the program is loaded by then

        self.quiet = True
        reader_gone()
