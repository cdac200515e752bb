"""One file, one identity: a file reached by two spellings (``lint``, ``x/../lint``, a
symlink) is one file wherever a file is a key, and is reported under one spelling.

A file's identity is its resolved path (``os.path.realpath``: symlinks followed, ``..``
taken physically). The pack cache keys a file by device and inode as well, so a file
edited in place (or replaced) is read again.
"""

import os


def identity(path: str) -> str:
    """The resolved absolute path of ``path``: equal for every spelling of one file."""
    return os.path.realpath(path)


def beside(base: str, target: str) -> str:
    """``target`` (as written in the file ``base``) as a path from where ``base`` was named.

    ``..`` is folded away (``scenarios/../rules/p.yaml`` → ``rules/p.yaml``) only when the
    folded path names the same file: through a symlinked folder, ``link/../p.yaml`` is
    beside the link's target, not beside the link, and the spelling is kept as it is.
    """
    joined = os.path.join(os.path.dirname(base), target)
    folded = os.path.normpath(joined)
    return folded if folded == joined or identity(folded) == identity(joined) else joined


class Spellings:
    """The first spelling met for each file; later spellings of the same file map to it.

    Commands give files in the user's spelling first (the paths of the command line), so
    a file is reported as the user named it, once.
    """

    def __init__(self) -> None:
        self._first: dict[str, str] = {}
        self._known: dict[str, str] = {}  # spelling → identity, to resolve each spelling once

    def key(self, path: str) -> str:
        """The identity of ``path`` (resolved once per spelling)."""
        if path not in self._known:
            self._known[path] = identity(path)
        return self._known[path]

    def add(self, path: str) -> bool:
        """Remember ``path``; False if the same file was added before under any spelling."""
        key = self.key(path)
        if key in self._first:
            return False
        self._first[key] = path
        return True

    def show(self, path: str) -> str:
        """The spelling under which to report ``path``: the first one met for its file."""
        key = self.key(path)
        return self._first.setdefault(key, path)
