"""The exceptions somsim raises.

::

    SomsimError                 base of everything somsim raises on purpose
    ├── ScenarioError           a scenario file breaks the contract; carries every Problem found
    ├── UsageError              a bad argument to a library function or the command line
    └── BackendError            a distributed backend failed (scheduler unreachable, workers lost)

A :class:`Problem` is one line of a bad-input report: ``FILE[:LINE]: key.path: message``.
The library never prints and never exits; the command line turns ScenarioError and UsageError into
exit code 2 (bad input) and any other error, BackendError included, into exit code 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["BackendError", "Problem", "ScenarioError", "SomsimError", "UsageError"]


class SomsimError(Exception):
    """Base class of every error somsim raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem (or warning) found in a scenario file.

    ``message`` is the English text. ``code`` and ``params`` (when set) name the message and its values,
    so that :mod:`somsim.present` can say it in the user's language with the language's number format.
    """

    file: str
    path: str
    message: str
    line: int | None = None
    code: str = field(default="", compare=False)
    params: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        key = self.path or "(file)"
        return f"{where}: {key}: {self.message}"


class ScenarioError(SomsimError):
    """A scenario (or an included library) breaks the contract.

    ``problems`` lists every problem found, in file order.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(SomsimError, ValueError, TypeError):
    """A bad argument to a library function or to the command line.

    Also a :class:`ValueError` and a :class:`TypeError`, so that code catching what Python itself
    raises for a bad argument catches somsim's, which says what to do instead.
    """


class BackendError(SomsimError):
    """A distributed backend failed."""
