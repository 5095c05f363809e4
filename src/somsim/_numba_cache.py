"""Where numba caches compiled kernels: its default when writable, else a private folder in the temp dir.

numba caches next to the source (``somsim/model/__pycache__``) or, when that is read-only (a system
install), in the user's cache (``$XDG_CACHE_HOME`` or ``~/.cache``). When neither can be written
(a read-only package and ``$HOME``: containers, CI, service accounts) every ``cache=True`` kernel
fails with "no locator available". :func:`ensure_cache_dir` then sets ``NUMBA_CACHE_DIR`` to a
per-user folder in the temp dir, before numba is imported; a ``NUMBA_CACHE_DIR`` the user set is
left alone.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

__all__ = ["ensure_cache_dir", "writable"]


def writable(folder: str) -> bool:
    """Whether `folder` can be written to (or created: its nearest existing parent can be written)."""
    f = os.path.abspath(folder)
    while not os.path.exists(f):
        parent = os.path.dirname(f)
        if parent == f:
            return False
        f = parent
    return os.path.isdir(f) and os.access(f, os.W_OK | os.X_OK)


def ensure_cache_dir(source_dir: str, can_write: Callable[[str], bool] | None = None) -> str | None:
    """Set ``NUMBA_CACHE_DIR`` when numba's default cache locations cannot be written; the folder set, or None.

    Parameters
    ----------
    source_dir : str
        The folder of the module whose kernels are cached (numba's in-tree cache is its ``__pycache__``).
    can_write : callable, optional
        The writability check (default :func:`writable`; replaceable in tests: as root every folder is
        writable).
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return None
    can_write = can_write or writable
    user = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "numba")
    if can_write(os.path.join(source_dir, "__pycache__")) or can_write(user):
        return None
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    folder = os.path.join(tempfile.gettempdir(), f"somsim-numba-cache-{uid}")
    os.environ["NUMBA_CACHE_DIR"] = folder
    return folder
