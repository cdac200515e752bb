"""Writing output files without harming what a path points at.

What happens to each path written depends on what is there (``target_kind``):

- nothing, or a regular file: **replaced atomically**: the content goes to a temporary file
  in the same folder (fsync'ed) that is renamed over the path; a replaced file keeps its
  permission bits;
- a device, a named pipe or a socket (``/dev/null``, a FIFO a reader waits on): **written
  straight**, never replaced (renaming over ``/dev/null`` would turn it into a file);
- a symbolic link: **refused** (``OutputError``), unless it leads to a device or pipe
  (``/dev/stdout``), which is written straight. Replacing the link would cut it and leave
  its target stale; writing through it would change a file elsewhere without saying so.
  A folder reached through a link (``--out`` naming a linked folder) is used as a folder;
- a folder where a file is expected: refused;
- a terminal (``/dev/tty``, ``/dev/stdout`` on a terminal) for binary content (bytes: a
  workbook): refused (``BINARY_TO_TERMINAL``): the bytes would garble the screen, and a
  terminal acts on the escape sequences they may hold.

Standard output (``-``) is the command line's business (``engine/cli``), never a path here.

**All or nothing.** A set of files (a run's folder, a sweep's files and its per-run CSV, all
the bundled reports) is one transaction: every temporary is written and every file about to
be replaced is kept as a hidden backup (a hard link, else a copy) first; then, with SIGINT and
SIGTERM held back, the files are renamed into place; if one rename fails, those already
done are put back from their backups (new ones removed), so the folders hold the previous
files only; the backups are removed at the end. Only a SIGKILL or a power cut within the
renames (milliseconds) can leave a mix, with the backups (``.NAME.*.old``) beside.
"""

import contextlib
import functools
import io
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO, NamedTuple

from engine.errors import OutputError

REPLACE, STRAIGHT = "replace", "straight"
BINARY_TO_TERMINAL = "is a terminal, and this output is binary: give --out FILE, or redirect to a file or pipe"


@dataclass(frozen=True)
class Staged:
    """Content already written to a temporary file (made by ``stage``), to be put in place."""

    temp: str


class Streamed(NamedTuple):
    """A text file written piece by piece (UTF-8), never held whole: ``write`` is called with
    a function that takes the next piece of text (results.json of a long run)."""

    write: Callable[[Callable[[str], object]], None]


Content = str | bytes | Streamed


@dataclass
class _Target:
    path: str
    kind: str
    temp: str | None = None
    backup: str | None = None
    done: bool = False


def write_files(folder: str, files: Mapping[str, Content]) -> list[str]:
    """Write ``{name: content}`` into ``folder`` all or nothing; return the paths written."""
    check_folder(folder)
    return write_paths({os.path.join(folder, name): content for name, content in files.items()},
                       what="results", where=folder)


def write_file(path: str, content: str | bytes) -> str:
    """Write one file (replaced atomically, or straight to a device or pipe); return its path."""
    return write_paths({path: content})[0]


def rewrite_file(path: str, content: str | bytes) -> str:
    """Replace a file the command read on purpose (``schema --modeline`` edits the files it is
    given); every other writer refuses a path that is one of the command's inputs."""
    return write_paths({path: content}, rewrite=True)[0]


def write_paths(files: Mapping[str, Content | Staged], *, what: str = "", where: str | None = None,
                rewrite: bool = False) -> list[str]:
    """Write ``{path: content}`` (paths in any folders) as one transaction; the paths written.

    OutputError names ``where`` (default: the path being written when it failed) and ``what``;
    also for a path that is one of the command's inputs, unless ``rewrite``."""
    distinct(list(files))
    targets = [_Target(path, target_kind(path, rewrite=rewrite)) for path in files]
    for t in targets:
        if t.kind == STRAIGHT and isinstance(files[t.path], bytes) and is_terminal(t.path):
            raise OutputError(f"{t.path}: {BINARY_TO_TERMINAL}")
    current = targets[0] if targets else None
    try:
        for current in targets:
            _prepare(current, files[current.path])
        for current in targets:
            if current.kind == STRAIGHT:
                _write_straight(current, files[current.path])
        _replace_all([t for t in targets if t.kind == REPLACE])
    except OSError as exc:
        _clean(targets)
        place = where or (current.path if current else "")
        raise OutputError(f"{place}: cannot write{' ' + what if what else ''}: {exc.strerror or exc}") from exc
    except BaseException:  # an interrupt while writing the temporaries: leave no litter
        _clean(targets)
        raise
    _drop_backups(targets)
    return [t.path for t in targets]


def target_kind(path: str, *, rewrite: bool = False) -> str:
    """REPLACE (missing or a regular file) or STRAIGHT (a device, pipe or socket, or a link
    to one); OutputError for a folder, or a link to a file, to a folder or to nothing, and
    (unless ``rewrite``) for a file the command read (``read.safe_open.is_input``)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return REPLACE
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode):
        return _link_kind(path)
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a folder, expected a file")
    from engine.read.safe_open import is_input  # noqa: PLC0415 - `--help` loads this module, not the readers

    if stat.S_ISREG(st.st_mode) and not rewrite and is_input(st):
        raise OutputError(f"{path}: is one of this command's inputs; accord does not write over a file it reads: "
                          "choose another output path")
    return REPLACE if stat.S_ISREG(st.st_mode) else STRAIGHT


def _link_kind(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        return STRAIGHT  # /dev/stdout and the like: nothing is replaced
    where = f"to {os.path.realpath(path)}" if st is not None else "to nothing"
    raise OutputError(f"{path}: is a symbolic link {where}; accord neither replaces links nor writes "
                      "through them to a file: give the target's own path, or remove the link")


def is_terminal(path: str) -> bool:
    """Whether ``path`` is a terminal (a character device that says so when opened)."""
    try:
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return False  # a pipe or FIFO is never opened here: that would wait for its reader
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return False  # the write itself will say why
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def check_output_folder(folder: str) -> None:
    """OutputError unless ``folder`` is a folder or can be made one; creates nothing. The one
    check of every output folder (``--out DIR`` of every command, and the folder of any file
    written), so every command says the same: ``X: is a file, expected a folder for the
    results``, or ``X: cannot create the folder: Y is a file`` for a file above it."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise OutputError(f"{folder}: is a file, expected a folder for the results")
    above = os.path.dirname(os.path.normpath(folder))  # as the user spelt it, to name it in the message
    while above and not os.path.exists(above):
        above = os.path.dirname(above)
    if above and not os.path.isdir(above):
        raise OutputError(f"{folder}: cannot create the folder: {above} is a file")


def check_folder(folder: str) -> None:
    """Create ``folder`` if needed; OutputError if it is a file or cannot be created
    (``check_output_folder``)."""
    check_output_folder(folder)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc


def distinct(paths: list[str]) -> None:
    """OutputError if two outputs of one command are one file under two spellings
    (``sweep --out d --per-run d/sweep.json`` wrote the per-run CSV over the sweep's JSON)."""
    seen: dict[str, int] = {}
    for i, path in enumerate(paths):
        first = seen.setdefault(os.path.realpath(path), i)
        if first != i:
            raise OutputError(f"{path}: is also {paths[first]}, another file this command writes; choose another path")


def check_writable(paths: list[str]) -> None:
    """Before long work: the paths are distinct files, each path's kind is writable
    (``target_kind``) and its folder, or the nearest folder that exists above it, accepts a
    new file. Creates nothing that stays. A file where the folder of a path goes is refused
    as ``check_output_folder`` says (``--out`` naming a file)."""
    distinct(paths)
    for path in paths:
        check_output_folder(os.path.dirname(path) or ".")
        target_kind(path)
        folder = _existing_ancestor(os.path.dirname(os.path.abspath(path)))
        try:
            fd, probe = tempfile.mkstemp(prefix=".accord-probe.", dir=folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write there: {exc.strerror or exc}") from exc


def _existing_ancestor(folder: str) -> str:
    while not os.path.exists(folder):
        folder = os.path.dirname(folder)
    return folder


def stage(path: str) -> tuple[int, str]:
    """A new temporary file for content that will go to ``path`` (``Staged``): an open
    descriptor and its name, beside ``path`` when it will be renamed there, else in the
    system's temporary folder (the content will be copied to a device or pipe)."""
    near = target_kind(path) == REPLACE
    folder = os.path.dirname(os.path.abspath(path)) if near else None
    if folder is not None:
        os.makedirs(folder, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; results are ordinary files for others to read
    return fd, temp


def discard(staged: Staged) -> None:
    """Remove a staged temporary that will not be used."""
    with contextlib.suppress(OSError):
        os.unlink(staged.temp)


def _prepare(t: _Target, content: Content | Staged) -> None:
    """The temporary (REPLACE) and the backup of the file it will replace."""
    if isinstance(content, Staged):
        t.temp = content.temp
    if t.kind != REPLACE:
        return
    folder = os.path.dirname(os.path.abspath(t.path))
    if t.temp is None:
        assert not isinstance(content, Staged)
        os.makedirs(folder, exist_ok=True)
        t.temp = _write_temp(folder, os.path.basename(t.path), content)
    if os.path.lexists(t.path):
        os.chmod(t.temp, stat.S_IMODE(os.stat(t.path).st_mode))  # a replaced file keeps its mode
        t.backup = t.temp.removesuffix(".tmp") + ".old"
        try:
            os.link(t.path, t.backup)
        except OSError:  # no hard links here (some network and FAT file systems): a copy
            shutil.copy2(t.path, t.backup)


def _write_straight(t: _Target, content: Content | Staged) -> None:
    with open(t.path, "wb") as f:
        if isinstance(content, Staged):
            with open(content.temp, "rb") as src:
                shutil.copyfileobj(src, f)
        else:
            _write_content(f, content)


def _write_content(f: BinaryIO, content: Content) -> None:
    """Bytes as they are, text as UTF-8, streamed text piece by piece ("\\n" stays "\\n")."""
    if isinstance(content, Streamed):
        text = io.TextIOWrapper(f, encoding="utf-8", newline="")
        content.write(text.write)
        text.flush()
        text.detach()
    else:
        f.write(content.encode("utf-8") if isinstance(content, str) else content)


def _replace_all(targets: list[_Target]) -> None:
    with _signals_held():
        try:
            for t in targets:
                assert t.temp is not None
                os.replace(t.temp, t.path)
                t.temp, t.done = None, True
        except BaseException:
            _roll_back(targets)
            raise
    for folder in dict.fromkeys(os.path.dirname(os.path.abspath(t.path)) for t in targets):
        _fsync_folder(folder)


def _roll_back(targets: list[_Target]) -> None:
    """Put back what the files replaced so far held (their backups); remove new ones."""
    for t in reversed([t for t in targets if t.done]):
        with contextlib.suppress(OSError):
            if t.backup is not None:
                os.replace(t.backup, t.path)
                t.backup = None
            else:
                os.unlink(t.path)
        t.done = False


def _clean(targets: list[_Target]) -> None:
    for t in targets:
        for leftover in (t.temp, t.backup):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    os.unlink(leftover)


def _drop_backups(targets: list[_Target]) -> None:
    for t in targets:
        if t.backup is not None:
            with contextlib.suppress(OSError):
                os.unlink(t.backup)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Delay SIGINT and SIGTERM until the block is done (they are delivered after it)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _fsync_folder(folder: str) -> None:
    """Make the renames durable (best effort: not every system can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@functools.cache
def _umask() -> int:
    """The process's umask, read once (reading it means setting it for a moment)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(folder: str, name: str, content: Content) -> str:
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; results are ordinary files for others to read
        with os.fdopen(fd, "wb") as f:
            _write_content(f, content)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp
