"""Resources checked before they are spent: memory, disk space, the size and kind of input files.

A command estimates its peak memory (draws × what it keeps, the NetCDF copy, the method's design)
and calls :func:`require_memory` *before* allocating: a request that cannot fit is refused with exit
2, the estimate and how to proceed, instead of growing for minutes and dying with ``MemoryError``
or the kernel's OOM killer. :func:`available_memory` is the least of what the machine, its cgroup
(a container's limit) and ``ulimit -v`` leave. The estimate is a model, so the check can be turned
off with ``SOMSIM_NO_MEMORY_CHECK=1``.

:func:`read_limited` reads an input file (a scenario, an include) only when it is a regular file
within a size limit: a FIFO would block forever, ``/dev/zero`` would be read until memory runs out.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import stat
from collections.abc import Iterable, Mapping

from somsim.errors import UsageError

__all__ = [
    "MAX_INPUT_BYTES", "InputRefused", "available_memory", "free_disk", "human_bytes", "read_limited",
    "require_disk", "require_memory",
]

MAX_INPUT_BYTES = 10 * 1024 * 1024
NO_CHECK_ENV = "SOMSIM_NO_MEMORY_CHECK"
_UNITS = ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
_NO_LIMIT = 1 << 60  # cgroup v1 writes "no limit" as a number near 2**63


def human_bytes(n: float) -> str:
    """A byte count for people: ``512 bytes``, ``1.5 KiB``, ``7.5 GiB`` (binary units)."""
    n = float(n)
    for unit in _UNITS:
        if abs(n) < 1024 or unit == _UNITS[-1]:
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def _read_int(path: str) -> int | None:
    try:
        with open(path) as f:
            text = f.read().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _stat_field(path: str, key: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) > 1 and parts[0] == key:
                    return int(parts[1])
    except (OSError, ValueError):
        pass
    return 0


def _meminfo() -> int | None:
    """MemAvailable from /proc/meminfo (Linux 3.14+): free memory plus what the kernel can reclaim."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_dirs() -> list[tuple[str, int]]:
    """The memory cgroup folders of this process and their ancestors, with the cgroup version."""
    out: list[tuple[str, int]] = []
    try:
        with open("/proc/self/cgroup") as f:
            lines = f.read().splitlines()
    except OSError:
        return out
    for line in lines:
        hid, ctrls, path = (line.split(":", 2) + ["", ""])[:3]
        if hid == "0" and ctrls == "":
            base, version = "/sys/fs/cgroup", 2
        elif "memory" in ctrls.split(","):
            base, version = "/sys/fs/cgroup/memory", 1
        else:
            continue
        rel = path.strip("/")
        while True:
            out.append((os.path.join(base, rel) if rel else base, version))
            if not rel:
                break
            rel = os.path.dirname(rel)
    return out


def _cgroup_headroom() -> int | None:
    """The least memory any enclosing cgroup still allows (limit − usage that cannot be reclaimed)."""
    best: int | None = None
    for folder, version in _cgroup_dirs():
        if version == 2:
            limit, used = _read_int(f"{folder}/memory.max"), _read_int(f"{folder}/memory.current")
            cache = _stat_field(f"{folder}/memory.stat", "inactive_file")
        else:
            limit, used = _read_int(f"{folder}/memory.limit_in_bytes"), _read_int(f"{folder}/memory.usage_in_bytes")
            cache = _stat_field(f"{folder}/memory.stat", "total_inactive_file")
        if limit is None or used is None or limit >= _NO_LIMIT:
            continue
        room = max(0, limit - (used - cache))
        best = room if best is None else min(best, room)
    return best


def _address_space_headroom() -> int | None:
    """What ``ulimit -v`` still allows this process to map."""
    try:
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError):
        return None
    if soft == resource.RLIM_INFINITY:
        return None
    size = _stat_field("/proc/self/status", "VmSize:") * 1024  # 0 where there is no /proc
    return max(0, soft - size)


def _physical() -> int | None:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def available_memory() -> int | None:
    """Bytes this process can still allocate without swapping or being killed; None if unknown.

    The least of: ``MemAvailable`` from ``/proc/meminfo``, the headroom of every enclosing memory
    cgroup (v1 or v2: a container's limit), and what ``ulimit -v`` leaves. Without
    ``/proc/meminfo`` (macOS, BSD) the machine's physical memory stands in: an upper bound, so
    only requests that could never fit are refused there.
    """
    main = _meminfo()
    if main is None:
        main = _physical()
    found = [x for x in (main, _cgroup_headroom(), _address_space_headroom()) if x is not None]
    return min(found) if found else None


def _total(estimate: int | float | Mapping[str, int | float]) -> tuple[float, str]:
    if isinstance(estimate, Mapping):
        parts = ", ".join(f"{k} {human_bytes(v)}" for k, v in estimate.items() if v > 0)
        return float(sum(estimate.values())), f" ({parts})" if len(estimate) > 1 else ""
    return float(estimate), ""


def require_memory(estimate: int | float | Mapping[str, int | float], what: str, hints: Iterable[str] = (),
                   *, available: int | None = None) -> None:
    """Refuse, before allocating, a request whose estimated peak memory exceeds what is available.

    Parameters
    ----------
    estimate : int, float or mapping of str to int
        The estimated peak in bytes, or its parts by name (``{"per-draw results": …, "results.nc
        in memory": …}``), which the message lists.
    what : str
        The request, as the message should name it: ``"run with 50,000,000 draws and --out"``.
    hints : iterable of str
        How to proceed, most useful first: ``"use fewer draws (--draws 5e6 needs about 0.8 GiB)"``,
        ``"leave out --out"``.
    available : int, optional
        Bytes available; default :func:`available_memory`.

    Raises
    ------
    UsageError
        The estimate exceeds the memory available (unless ``SOMSIM_NO_MEMORY_CHECK=1``). Nothing is
        raised when the available memory cannot be determined.
    """
    if os.environ.get(NO_CHECK_ENV, "").strip() not in ("", "0"):
        return
    total, parts = _total(estimate)
    avail = available_memory() if available is None else available
    if avail is None or total <= avail:
        return
    todo = [*hints, f"or set {NO_CHECK_ENV}=1 to try anyway"]
    raise UsageError(f"{what} needs about {human_bytes(total)} of memory{parts}, more than the "
                     f"{human_bytes(avail)} available. To proceed: {'; '.join(todo)}.")


def free_disk(path: str | os.PathLike[str]) -> int | None:
    """Free bytes (for this user) on the file system that holds `path` or its nearest existing folder."""
    p = os.path.abspath(os.fspath(path))
    while not os.path.exists(p):
        parent = os.path.dirname(p)
        if parent == p:
            return None
        p = parent
    try:
        return shutil.disk_usage(p).free
    except OSError:
        return None


def require_disk(path: str | os.PathLike[str], estimate: int | float, what: str, hints: Iterable[str] = ()) -> None:
    """Refuse, before running, an output of about `estimate` bytes that cannot fit where it goes.

    Raises
    ------
    UsageError
        Less than `estimate` bytes are free on the file system of `path`.
    """
    free = free_disk(path)
    if free is None or estimate <= free:
        return
    todo = "; ".join(hints) if hints else "free some space or write to another disk"
    raise UsageError(f"{what} needs about {human_bytes(estimate)} of disk space at {os.fspath(path)}, more than "
                     f"the {human_bytes(free)} free. To proceed: {todo}.")


class InputRefused(UsageError):
    """An input file that is not read: missing, not a regular file, or too large.

    Attributes
    ----------
    path : str
        The path as given.
    reason : str
        Why, without the path (``"is a FIFO, not a regular file"``), for a caller that reports
        problems as ``FILE: key: message``.
    """

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _refuse_unless_regular(p: str, st: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise InputRefused(p, f"is {_kind(st.st_mode)}, not a regular file")
    if st.st_size > limit:
        raise InputRefused(p, f"is {human_bytes(st.st_size)}, more than the {human_bytes(limit)} an input file "
                              f"may have")


def _open_error(p: str, e: OSError) -> InputRefused:
    if isinstance(e, FileNotFoundError):
        return InputRefused(p, "file not found")
    if isinstance(e, PermissionError):
        return InputRefused(p, "permission denied")
    if isinstance(e, NotADirectoryError):
        return InputRefused(p, "a part of the path is a file, not a folder")
    if e.errno == errno.ELOOP:
        return InputRefused(p, "the path is a loop of symbolic links")
    return InputRefused(p, e.strerror or str(e))


def read_limited(path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of an input file, refused unless it is a regular file of at most `limit` bytes.

    Parameters
    ----------
    path : str or path-like
        The file.
    limit : int
        The largest size accepted, in bytes (default 10 MiB).

    Returns
    -------
    bytes
        The file's contents.

    Raises
    ------
    InputRefused
        (a :class:`UsageError`) the file does not exist, cannot be read, is a folder, FIFO, device
        or socket, or is larger than `limit`. It never blocks: the kind is checked before the file
        is opened (opening some devices has effects) and again on the open descriptor, which is
        opened non-blocking (a FIFO without writer would block the open), and at most `limit` + 1
        bytes are read (a file may grow meanwhile).
    """
    p = os.fspath(path)
    if "\x00" in p:
        raise InputRefused(repr(p), "the path contains a NUL character")
    try:
        _refuse_unless_regular(p, os.stat(p), limit)
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise _open_error(p, e) from None
    try:
        _refuse_unless_regular(p, os.fstat(fd), limit)
        chunks, n = [], 0
        while n <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - n))
            if not chunk:
                break
            chunks.append(chunk)
            n += len(chunk)
        if n > limit:
            raise InputRefused(p, f"is more than the {human_bytes(limit)} an input file may have")
        return b"".join(chunks)
    except OSError as e:
        raise _open_error(p, e) from None
    finally:
        os.close(fd)
