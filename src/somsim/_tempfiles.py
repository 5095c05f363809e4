"""Temporary files beside their targets: recognisable names, a lock while alive, stale ones removed.

Every temporary somsim writes is named ``.somsim-tmp-<pid>-<random>-<target name>`` — hidden, so no
one takes it for a result, and ending in the target's name, so writers that look at the suffix
(``.png``, ``.xlsx``) still see it. While the writing process lives it holds an exclusive ``flock``
on the file (taken after a caller's writer has finished with it: libraries such as HDF5 lock the
files they write themselves, and would fail on ours); the kernel drops the lock when the process
dies, however it dies (``kill -9`` included).

:func:`clean_stale_temporaries` removes a temporary only when all of these hold: it is older than a
minute (never one between its creation and its first write), nobody holds a lock on it (neither
its somsim writer nor a library writing it), and the pid in its name is not a living process on
this machine — or it is more than a day old (a pid reused by another program only delays the
cleanup).
"""

from __future__ import annotations

import os
import secrets
import stat
import time
from types import ModuleType

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; the pid and age rules remain
    fcntl = None

__all__ = ["STALE_AFTER", "TMP_PREFIX", "clean_stale_temporaries", "create_temp", "fsync_path", "lock", "temp_name"]

TMP_PREFIX = ".somsim-tmp-"
STALE_AFTER = 60.0  # seconds: a temporary younger than this is never removed by another process
_PID_REUSED_AFTER = 86_400.0  # seconds: a temporary this old is stale even if its pid is in use
_NAME_MAX = 255


def temp_name(target_name: str, tag: str = "") -> str:
    """A fresh temporary name for `target_name`: ``.somsim-tmp-<pid>-<random>-[<tag>-]<name>``."""
    head = f"{TMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{tag + '-' if tag else ''}"
    name = target_name
    # keep the end of a long name (its suffix tells writers the format) within the file-name limit
    while name and len(os.fsencode(head + name)) > _NAME_MAX:
        name = name[1:]
    return head + name


def lock(fd: int) -> bool:
    """Take the exclusive lock that marks a temporary as alive; False where locks are not supported."""
    if fcntl is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def create_temp(folder: str, target_name: str, mode: int | None = None, tag: str = "",
                locked: bool = True) -> tuple[str, int]:
    """Create a new empty temporary in `folder`; returns its path and a write descriptor.

    The file gets the permissions an ordinary new file would get (0666 less the umask), or `mode`.
    With `locked` (default) it is locked at once; without, the caller locks it (:func:`lock`)
    once a writer that may lock it itself is done.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        path = os.path.join(folder, temp_name(target_name, tag))
        try:
            fd = os.open(path, flags, 0o666)
        except FileExistsError:  # pragma: no cover - 32 random bits and our pid: practically never
            continue
        try:
            if locked:
                lock(fd)
            if mode is not None:
                os.fchmod(fd, mode)
        except BaseException:
            os.close(fd)
            os.unlink(path)
            raise
        return path, fd


def fsync_path(path: str, folder: bool = False) -> None:
    """Flush a file (or, with `folder`, a folder's entries) to disk; errors on a folder are ignored.

    A folder is synced after renames in it, so that they survive a power loss; not every file
    system allows that, and the data is safe without it on most.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (getattr(os, "O_DIRECTORY", 0) if folder else 0))
    except OSError:
        if folder:
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not folder:
            raise
    finally:
        os.close(fd)


def _pid_gone(name: str) -> bool:
    try:
        pid = int(name[len(TMP_PREFIX):].split("-", 1)[0])
    except ValueError:
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists but belongs to someone else
        return False
    return False


def _locked(path: str) -> bool:
    """True when some process holds a lock on the file (False where locks are not supported)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return True  # cannot look: leave it alone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False  # no locks on this file system
    finally:
        os.close(fd)  # releases the lock we may have taken
    return False


def _writer_gone(path: str, name: str, age: float) -> bool:
    """True when the process that wrote the temporary is gone (see the module docstring)."""
    return not _locked(path) and (_pid_gone(name) or age > _PID_REUSED_AFTER)


def clean_stale_temporaries(folder: str | os.PathLike[str], older_than: float = STALE_AFTER) -> list[str]:
    """Remove the temporaries in `folder` left by somsim processes that are gone.

    Parameters
    ----------
    folder : str or path-like
        The folder to look in (not its subfolders).
    older_than : float
        Seconds; younger temporaries are left alone whatever their state.

    Returns
    -------
    list of str
        The paths removed. Errors (no permission, a file vanishing meanwhile) are skipped silently:
        cleaning up is a courtesy, never a reason to fail.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for e in entries:
        if not e.name.startswith(TMP_PREFIX):
            continue
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        age = now - st.st_mtime
        if not stat.S_ISREG(st.st_mode) or age < older_than:
            continue
        if _writer_gone(e.path, e.name, age):
            try:
                os.unlink(e.path)
            except OSError:
                continue
            removed.append(e.path)
    return removed
