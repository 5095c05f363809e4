"""SIGINT and SIGTERM as exceptions, so that cleanup runs and the exit code says what happened.

Python turns SIGINT into ``KeyboardInterrupt`` but lets SIGTERM kill the process on the spot, so
``finally`` blocks never run and temporary files stay behind. Within :class:`handle_signals` both
raise :class:`Interrupted` (a ``KeyboardInterrupt``, so code that already treats Ctrl-C carefully
treats SIGTERM the same) carrying the conventional exit code ``128 + signal number``: 130 for
SIGINT, 143 for SIGTERM. :func:`exit_code` maps an exception to that code for the command line.

Two details make this reliable:

* Every signal received is also *recorded*. C extensions sometimes swallow the exception a
  handler raises (h5py did, in 3 of 4 tries); :meth:`handle_signals.check` raises it again, and
  leaving the block normally after a signal arrived raises it too — a run that was asked to stop
  never ends as a success.
* Inside :func:`deferred_signals` the handler only records: a short critical section (moving a
  set of finished files into place, or removing temporaries) completes, and the signal is raised
  when the section ends.
* Python runs a signal handler between bytecodes, also on the first one of a function — so a signal
  could strike as a context manager's ``__exit__`` begins, before its ``try``, and skip its
  cleanup. Functions marked :func:`protected` (the ``__enter__``/``__exit__`` of the guards and of
  :class:`somsim._io.OutputSet`) are never interrupted in their own code: a signal handled there is
  recorded, and raised by the ``check`` that follows.

Handlers can only be installed from the main thread; elsewhere the guard records nothing and
Python's defaults stay in force (the main thread still receives the signals).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from types import CodeType, FrameType
from typing import Any, TypeVar

__all__ = ["Interrupted", "deferred_signals", "exit_code", "handle_signals", "protected"]

# signals received by the handler, oldest first; guards remember where the list stood when they began
_received: list[int] = []
_defer_depth = 0
_PROTECTED: set[CodeType] = set()
_outer_hook: Callable[[Any], object] | None = None  # the unraisable-hook in place before the outermost guard
F = TypeVar("F")


def protected(fn: F) -> F:
    """Mark a function whose own code a signal never interrupts (the signal is recorded instead).

    For the entry and exit of context managers that install handlers or own temporaries; whatever
    they call is interrupted as usual. The function must end by raising what was recorded (e.g.
    :meth:`handle_signals.check`) where that matters.
    """
    _PROTECTED.add(fn.__code__)  # type: ignore[attr-defined]
    return fn


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived while a :class:`handle_signals` block was running.

    Attributes
    ----------
    signum : int
        The signal number.
    exit_code : int
        ``128 + signum`` (130 for SIGINT, 143 for SIGTERM), the shell's convention.
    committed : bool
        True when the signal arrived while finished outputs were being moved into place, so the new
        outputs are complete and in place; False when nothing new was put in place.
    """

    def __init__(self, signum: int, committed: bool = False):
        self.signum = int(signum)
        self.exit_code = 128 + self.signum
        self.committed = committed
        super().__init__(f"interrupted by {signal.Signals(self.signum).name}")


def _handler(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    if _defer_depth == 0 and (frame is None or frame.f_code not in _PROTECTED):
        raise Interrupted(signum)


def _quiet_unraisable(info) -> None:
    """Python prints an exception raised where it cannot propagate (a weakref callback, ``__del__``).

    An Interrupted there is not lost — it was recorded and ``check`` raises it again — so it is not
    printed as "Exception ignored in …" either. Anything else goes to the hook that was in place.
    """
    if isinstance(info.exc_value, Interrupted):
        return
    (_outer_hook or sys.__unraisablehook__)(info)


class handle_signals:
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted`; the old handlers come back after.

    Parameters
    ----------
    signals : tuple of int
        The signals to handle (default SIGINT and SIGTERM).

    Notes
    -----
    Blocks nest: an inner block restores the outer one's handler. If a signal arrived inside the
    block but its exception was swallowed on the way, leaving the block without an exception raises
    :class:`Interrupted` for it.

    Examples
    --------
    >>> with handle_signals() as guard:   # doctest: +SKIP
    ...     work()
    ...     guard.check()                  # raise now if a signal was swallowed by work()
    """

    def __init__(self, signals: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)):
        self.signals = tuple(signals)
        self._old: dict[int, object] = {}
        self._old_hook: object = None
        self._mark = 0

    @protected
    def __enter__(self) -> handle_signals:
        self._mark = len(_received)
        if threading.current_thread() is threading.main_thread():
            global _outer_hook
            self._old_hook = sys.unraisablehook
            if self._old_hook is not _quiet_unraisable:
                _outer_hook = self._old_hook
            sys.unraisablehook = _quiet_unraisable
            for s in self.signals:
                self._old[s] = signal.signal(s, _handler)
        if self.received:  # arrived while the handlers were being installed: the block does not begin
            self._restore()
            self.check()
        return self

    @protected
    def _restore(self) -> None:
        for s, old in self._old.items():
            # None: the old handler was not installed from Python; the default is the best we can restore
            signal.signal(s, old if old is not None else signal.SIG_DFL)  # type: ignore[arg-type]
        self._old.clear()
        if self._old_hook is not None:
            sys.unraisablehook = self._old_hook  # type: ignore[assignment]
            self._old_hook = None

    @protected
    def __exit__(self, exc_type, exc, tb) -> None:
        self._restore()
        if exc_type is None:
            self.check()

    @property
    @protected
    def received(self) -> list[int]:
        """The signals received since the block began, oldest first."""
        return _received[self._mark:]

    def check(self) -> None:
        """Raise :class:`Interrupted` if a signal arrived since the block began (even if swallowed)."""
        got = self.received
        if got:
            raise Interrupted(got[0])


class deferred_signals:
    """Within the block the handler only records signals; the first one is raised when the block ends.

    Use it for short sections that must run to their end: moving finished files into place, rolling
    back, removing temporaries. It has an effect only where :class:`handle_signals` installed the
    handler. Blocks nest; the outermost raises. Nothing is raised when the block ends with an
    exception (that exception propagates).
    """

    @protected
    def __enter__(self) -> deferred_signals:
        global _defer_depth
        self._mark = len(_received)
        _defer_depth += 1
        return self

    @protected
    def __exit__(self, exc_type, exc, tb) -> None:
        global _defer_depth
        _defer_depth -= 1
        got = _received[self._mark:]
        if got and _defer_depth == 0 and exc_type is None:
            raise Interrupted(got[0])


def exit_code(exc: BaseException) -> int | None:
    """The process exit code for an interruption: 130 for SIGINT (and a plain Ctrl-C), 143 for SIGTERM.

    Returns None for any other exception.
    """
    if isinstance(exc, Interrupted):
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return 128 + signal.SIGINT
    return None
