"""Progress of long work on standard error: a rich bar with the time remaining, on a terminal."""

import contextlib
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A bar counting ``label`` (``replications``, ``forecast runs``) on stderr; yields
    ``update(done, total)``. The bar goes when the work ends (transient)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn  # noqa: PLC0415

    from engine.cli.stdout import Console  # noqa: PLC0415 - rich loads only on a terminal

    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
