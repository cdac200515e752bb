"""Writing output files atomically: every file goes to a temporary name in the target
folder, and only when all are written are they renamed into place. A failed run leaves
the folder as it was; the renames run with SIGINT and SIGTERM held back, so a stop lands
before or after them, never between."""

import contextlib
import os
import signal
import tempfile
from collections.abc import Iterator

from engine.errors import OutputError


def write_files(folder: str, files: dict[str, str | bytes]) -> list[str]:
    """Write ``{name: content}`` into ``folder`` atomically; return the paths written."""
    _make_folder(folder)
    temps: list[tuple[str, str]] = []
    try:
        for name, content in files.items():
            temps.append((_write_temp(folder, name, content), os.path.join(folder, name)))
        with _signals_held():
            for temp, final in temps:
                os.replace(temp, final)
    except OSError as exc:
        _remove(temps)
        raise OutputError(f"{folder}: cannot write results: {exc.strerror or exc}") from exc
    except BaseException:  # an interrupt while writing the temporaries: leave no litter
        _remove(temps)
        raise
    return [final for _, final in temps]


def _remove(temps: list[tuple[str, str]]) -> None:
    for temp, _ in temps:
        with contextlib.suppress(OSError):
            os.unlink(temp)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Delay SIGINT and SIGTERM until the block is done (they are delivered after it)."""
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _make_folder(folder: str) -> None:
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise OutputError(f"{folder}: is a file, expected a folder for the results")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(folder: str, name: str, content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; results are ordinary files for others to read
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp
