"""What an output path is, checked before anything runs: never an input, never a device to replace.

:func:`check_output_path` classifies a path the user gave for an output and refuses (``UsageError``,
exit 2) what must not be written. The rules:

* **Regular file, or a name that does not exist yet**: replaced atomically — written to a temporary
  beside it and renamed over it (see :mod:`somsim._io`). An existing file that is read-only for the
  user is refused: making a file read-only is how people protect it. Its mode is kept.
* **Symbolic link**: followed. The file it points to is replaced atomically (the temporary is made
  beside the *target*, so the rename stays on one file system) and the link stays a link, as with
  ``cp`` or the shell's ``>``. Refusing links would break the common layouts that use them (a
  results folder linked into a project); replacing the link itself would silently unlink it.
* **Character device or FIFO** (``/dev/null``, ``/dev/tty``, ``/dev/stdout``, a named pipe,
  ``>(process substitution)``): written *through* — opened and written like the shell's ``>``
  would, never replaced. Such a stream cannot be written atomically; it is written before the files
  of its set are moved into place, so an error on it leaves the files untouched.
  ``/dev/stdout`` and ``/dev/stderr`` (and ``/dev/fd/1``, ``/proc/self/fd/2`` …) are written through
  the process's own descriptor even when it is redirected to a regular file, so nothing printed
  before or after is lost.
* **Directory, block device, socket**: refused.
* **An input** (the scenario or an include, by resolved path or by inode, so hard links count) or
  the same file twice in one command: refused.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from somsim.errors import UsageError

__all__ = ["OutputTarget", "check_output_path", "check_outputs", "conflicts", "open_stream", "write_all"]

FILE = "file"
STREAM = "stream"
CHUNK = 8 << 20  # bytes per os.write: large enough to be fast, small enough to react to Ctrl-C soon

@dataclass(frozen=True)
class OutputTarget:
    """An output path, checked and classified.

    Attributes
    ----------
    path : str
        The path as the user gave it; every message names this one.
    real : str
        The resolved path (symbolic links followed): what is replaced for a file.
    kind : str
        ``"file"`` (replaced atomically) or ``"stream"`` (a device or FIFO, written through).
    fd : int or None
        For a stream that is this process's stdout (1) or stderr (2): the descriptor to write to.
    identity : tuple of int or None
        ``(st_dev, st_ino)`` of an existing target, to recognise the same file under two names.
    mode : int or None
        The permission bits of an existing regular file, given to its replacement.
    """

    path: str
    real: str
    kind: str
    fd: int | None = None
    identity: tuple[int, int] | None = None
    mode: int | None = None


def _own_descriptor(path: str, st: os.stat_result) -> int | None:
    """1 or 2 when `path` reaches this process's stdout or stderr through /dev or /proc."""
    # /dev/stdout, /dev/fd/N, /proc/self/fd/N … are how a process names its own descriptors
    if not os.path.abspath(path).startswith(("/dev/", "/proc/")):
        return None
    for fd in (1, 2):
        try:
            own = os.fstat(fd)
        except OSError:
            continue
        if (own.st_dev, own.st_ino) == (st.st_dev, st.st_ino):
            return fd
    return None


def _stat(p: str) -> os.stat_result | None:
    """os.stat(p) following links; None when nothing is there (also a dangling link); refusals as UsageError."""
    try:
        return os.stat(p)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise UsageError(f"cannot write {p}: a part of the path is a file, not a folder") from None
    except OSError as e:  # a symlink loop, a name too long, no permission to look
        raise UsageError(f"cannot write {p}: {e.strerror or e}") from None


def _check_folder(p: str, real: str) -> None:
    """The nearest existing folder above `real` must be a folder the user may write into."""
    folder = os.path.dirname(real) or "."
    while not os.path.lexists(folder):
        folder = os.path.dirname(folder) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"cannot write {p}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {p}: no permission to write in the folder {folder}")


def _kind_of(p: str, st: os.stat_result) -> tuple[str, int | None]:
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise UsageError(f"cannot write {p}: it is a folder; give a file name inside it")
    if stat.S_ISREG(mode):
        fd = _own_descriptor(p, st)
        return (STREAM, fd) if fd is not None else (FILE, None)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return STREAM, _own_descriptor(p, st)
    what = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
    raise UsageError(f"cannot write {p}: it is {what}; somsim writes regular files, FIFOs and character devices")


def check_output_path(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = ()) -> OutputTarget:
    """Check and classify one output path (see the module docstring for the rules).

    Parameters
    ----------
    path : str or path-like
        The output path as the user gave it.
    inputs : iterable of str or path-like
        The files the command reads (the scenario and every include); an output that is one of them
        is refused.

    Returns
    -------
    OutputTarget
        How to write the path.

    Raises
    ------
    UsageError
        The path must not be written: it is an input, a folder, a block device or socket, read-only,
        in a folder that cannot be written, or not a valid path. The message names the path and the fix.
    """
    p = os.fspath(path)
    if not p:
        raise UsageError("an output path is empty")
    if "\x00" in p:
        raise UsageError(f"the output path {p!r} contains a NUL character")
    st = _stat(p)
    real = os.path.realpath(p)
    kind, fd, identity, mode = FILE, None, None, None
    if st is not None:
        kind, fd = _kind_of(p, st)
        identity = (st.st_dev, st.st_ino)
        if kind == FILE:
            mode = stat.S_IMODE(st.st_mode)
            if not os.access(real, os.W_OK):
                raise UsageError(f"cannot write {p}: the file is read-only; make it writable or choose another path")
    if kind == FILE:
        _check_folder(p, real)
    for inp in inputs:
        i = os.fspath(inp)
        try:
            ist = os.stat(i)
        except (OSError, ValueError):
            ist = None
        same = (ist is not None and identity == (ist.st_dev, ist.st_ino)) or os.path.realpath(i) == real
        if same:
            raise UsageError(f"the output {p} is the input file {i}; writing it would overwrite the input — "
                             f"choose another output path")
    return OutputTarget(path=p, real=real, kind=kind, fd=fd, identity=identity, mode=mode)


def conflicts(a: OutputTarget, b: OutputTarget) -> bool:
    """True when two checked outputs name the same file (by resolved path or by inode).

    ``/dev/null`` may be named any number of times: nothing written there can mix.
    """
    if a.real == "/dev/null" and b.real == "/dev/null":
        return False
    if a.kind == STREAM and b.kind == STREAM and a.fd is not None and a.fd == b.fd:
        return True
    return a.real == b.real or (a.identity is not None and a.identity == b.identity)


def check_outputs(paths: Iterable[str | os.PathLike[str] | None],
                  inputs: Iterable[str | os.PathLike[str]] = ()) -> list[OutputTarget]:
    """Check every output path of one command, and that no file is named twice.

    Parameters
    ----------
    paths : iterable of str, path-like or None
        The output paths; None entries (options not given) are skipped.
    inputs : iterable of str or path-like
        The files the command reads.

    Returns
    -------
    list of OutputTarget
        One per path that is not None, in order.

    Raises
    ------
    UsageError
        As :func:`check_output_path`, or two outputs name the same file.
    """
    inputs = list(inputs)
    out: list[OutputTarget] = []
    for path in paths:
        if path is None:
            continue
        t = check_output_path(path, inputs)
        for prev in out:
            if conflicts(prev, t):
                raise UsageError(f"two outputs name the same file ({prev.path} and {t.path}); give each its own path")
        out.append(t)
    return out


# --- writing ---------------------------------------------------------------------------------------------


def write_all(fd: int, data: bytes | bytearray | memoryview, digest: Any = None) -> int:
    """Write every byte of `data` to `fd` in chunks (os.write may write less than asked); the byte count.

    `digest` (a hashlib object), when given, is updated with what was written.
    """
    view = memoryview(data).cast("B")
    total = len(view)
    while view:
        n = os.write(fd, view[:CHUNK])
        if digest is not None:
            digest.update(view[:n])
        view = view[n:]
    return total


def open_stream(t: OutputTarget, wait: float = 10.0) -> tuple[int, bool]:
    """A descriptor to write the stream `t` through, and whether to close it afterwards.

    This process's own stdout/stderr are written through their descriptors (flushed first). Any
    other stream is opened without creating or truncating anything; a FIFO that nobody reads yet
    gets `wait` seconds for its reader, as ``cat > fifo`` would wait, then ``ENXIO`` is raised.
    """
    if t.fd is not None:
        for s in (sys.stdout, sys.stderr):
            try:
                s.flush()
            except (OSError, ValueError, AttributeError):
                pass
        return t.fd, False
    deadline = time.monotonic() + wait
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        try:
            fd = os.open(t.path, flags)  # no O_CREAT, no O_TRUNC: a device or pipe is used, never made
            break
        except OSError as e:
            if e.errno != errno.ENXIO or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    os.set_blocking(fd, True)
    return fd, True
