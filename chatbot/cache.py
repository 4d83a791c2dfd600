"""A built responder kept between runs, so a start does not parse the content and build the indexes again.

The cache lives in the user's cache folder (``$XDG_CACHE_HOME/botox-chatbot``,
by default ``~/.cache/botox-chatbot``; ``BOTOX_CHAT_CACHE`` names another folder,
or ``off`` turns it off), never inside the installed package. An entry is keyed
on a hash of everything the responder is built from: every content file, the
clinic settings file, this package's code, and the Python and library
versions. Any change makes a new key, so a stale entry is never used.

It is safe to lose: an entry that cannot be read, is not ours, or fails to load
is ignored and built again; a folder that cannot be written is simply not used.
Entries are written whole (to a temporary file, then renamed) into a folder
only the user can open, and are only read when the user owns them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: Bump when the format of an entry changes in a way the hash of the code would not show.
FORMAT = 1
#: At most this many entries are kept; older ones are removed when a new one is written.
KEEP = 8
#: Libraries whose version changes what is built.
_LIBRARIES = ("rapidfuzz", "snowballstemmer", "Stemmer", "spellchecker", "yaml")


def folder() -> Path | None:
    """Where entries are kept, or None when caching is turned off."""
    chosen = os.environ.get("BOTOX_CHAT_CACHE", "")
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "botox-chatbot"


def key(content_files: Iterable[Path], config: Path | None) -> str:
    """The hash of everything a responder is built from."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|{sys.platform}".encode())
    for name in _LIBRARIES:
        module = sys.modules.get(name)
        spec_file = getattr(module, "__file__", None) if module else _module_file(name)
        digest.update(f"|{name}:{_stamp(spec_file)}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):  # deciding/, kiosk/ too
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for path in sorted(content_files):
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes())
    if config is not None:
        digest.update(b"config\0" + Path(config).read_bytes())
    return digest.hexdigest()[:32]


def read(entry: str) -> Any | None:
    """The object stored under ``entry``, or None if there is none that can be trusted and loaded."""
    where = folder()
    if where is None:
        return None
    path = where / f"{entry}.pickle"
    try:
        # Never unpickle what someone else could have written or swapped in: the folder must be
        # ours and writable by no one else (or another user could replace the file between the
        # check and the load), and the file is checked on the open handle itself, not followed
        # through a link.
        if not _ours(os.lstat(where)) or not stat.S_ISDIR(os.lstat(where).st_mode):
            return None
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(handle, "rb") as opened:
            info = os.fstat(opened.fileno())
            if not stat.S_ISREG(info.st_mode) or not _ours(info):
                return None
            return pickle.load(opened)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _ours(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def write(entry: str, value: Any) -> None:
    """Store ``value`` under ``entry`` if the cache folder can be written; never raises."""
    where = folder()
    if where is None:
        return
    import tempfile

    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, where / f"{entry}.pickle")
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        _prune(where)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)


def _module_file(name: str) -> str | None:
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec else None


def _stamp(path: str | None) -> str:
    """Where a library lives and when it was installed: a new version changes both."""
    if not path:
        return "-"
    try:
        info = os.stat(path)
    except OSError:
        return path
    return f"{path}:{info.st_mtime_ns}:{info.st_size}"
