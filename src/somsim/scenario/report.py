"""The bad-input report of one load: every problem and warning, with its file and line.

A scenario and its libraries are checked in one pass; each check adds what it finds here, and the
loader raises one :class:`~somsim.errors.ScenarioError` listing everything, in file order.
"""

from __future__ import annotations

from typing import Any

from somsim.errors import Problem, ScenarioError
from somsim.scenario.lines import LineIndex

__all__ = ["MAX_LISTED", "Report"]

#: problems listed with their lines; beyond this a file is hopeless and the rest are counted, not located
MAX_LISTED = 10_000


class Report:
    """Problems and warnings found in a scenario and the libraries it includes."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self._texts: dict[str, str] = {}  # in reading order: the scenario first
        self._lines: dict[str, LineIndex] = {}
        self._paths: set[tuple[str, str]] = set()
        self.omitted = 0  # problems beyond MAX_LISTED: counted, not listed

    def read(self, file: str, text: str) -> None:
        """Remember the text of `file`, to find the lines of its keys."""
        self._texts[file] = text

    def line(self, file: str, key: str) -> int | None:
        """The line of `key` in `file` (None for the file as a whole or a key not shown)."""
        if not key:
            return None
        if file not in self._lines:  # one index per file, built at its first problem
            self._lines[file] = LineIndex(self._texts.get(file, ""))
        return self._lines[file].line_of(key)

    def error(self, file: str, key: str, message: str, line: int | None = None) -> None:
        """Add a problem at `key` of `file` (``""`` for the file as a whole); beyond MAX_LISTED, count it."""
        self._paths.add((file, key))
        if len(self.problems) >= MAX_LISTED:
            self.omitted += 1
            return
        self.problems.append(Problem(file, key, message, line if line is not None else self.line(file, key)))

    def warn(self, file: str, key: str, message: str, code: str = "", **params: Any) -> None:
        """Add a warning: the scenario is valid but something looks unusual.

        `message` is the English text; `code` and `params` let the command line say it in another language.
        """
        self.warnings.append(Problem(file, key, message, self.line(file, key), code, tuple(params.items())))

    def has_problem_at(self, file: str, key: str) -> bool:
        """Whether a problem is already reported at `key` of `file`."""
        return (file, key) in self._paths

    def has_warning_at(self, key: str) -> bool:
        """Whether a warning is already given at `key`."""
        return any(w.path == key for w in self.warnings)

    def exception(self) -> ScenarioError:
        """All problems as one error: the scenario's first, then each library's; by line within a file."""
        files = list(dict.fromkeys([*self._texts, *(p.file for p in self.problems)]))
        order = {f: i for i, f in enumerate(files)}
        listed = sorted(self.problems, key=lambda p: (order[p.file], p.line or 0))
        if self.omitted:
            listed.append(Problem(files[0], "", f"… and {self.omitted:,} more problems (the first {MAX_LISTED:,} "
                                                "are listed; fix these and check again)"))
        return ScenarioError(listed)
