"""Find the line of a key path in TOML text (best effort, for error messages).

tomllib keeps no positions, so the text is read again: table headers (``[a.b]``, ``[[a]]``) and
``key = value`` lines, counting arrays of tables. A :class:`LineIndex` reads a file once; each
lookup then costs the depth of the key path, so listing every problem of a file stays linear.
The line of the deepest prefix of the key path that the text shows is returned.
"""

from __future__ import annotations

import re

__all__ = ["LineIndex", "locate", "parse_path"]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*=""")
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*\.?""")

Path = tuple[str | int, ...]


def _split_key(k: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(k)]


def parse_path(path: str) -> list[str | int]:
    """Split a key path into its parts: ``'cost[0].amount'`` gives ``['cost', 0, 'amount']``.

    Parameters
    ----------
    path : str
        A key path as written in problem reports; quoted parts (``groups."Lokale priser"``) are
        kept whole.

    Returns
    -------
    list of str or int
        Table keys as strings, array positions as integers.
    """
    parts: list[str | int] = []
    for m in re.finditer(r'"([^"]*)"|\[(\d+)\]|([^.\[\]"]+)', path):
        if m.group(1) is not None:
            parts.append(m.group(1))
        elif m.group(2) is not None:
            parts.append(int(m.group(2)))
        else:
            parts.append(m.group(3))
    return parts


def _key_lines(text: str):
    """Yield ``(line number, key path)`` for every table header and key line of `text`, in order."""
    table: list[str | int] = []
    counts: dict[tuple, int] = {}
    in_multiline = False
    for no, line in enumerate(text.splitlines(), start=1):
        if in_multiline:  # inside a multi-line string: a "key = value" here is text, not a key
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        h = _HEADER.match(line)
        if h and "=" not in line.split("]")[0]:
            parts = _split_key(h.group(2))
            if h.group(1) == "[[":
                key = tuple(parts)
                counts[key] = counts.get(key, -1) + 1
                table = [*parts, counts[key]]
            else:
                table = list(parts)
            yield no, tuple(table)
            continue
        k = _KEY.match(line)
        if not k:
            continue
        rest = line[k.end():]
        if rest.count('"""') == 1 or rest.count("'''") == 1:
            in_multiline = True
        yield no, (*table, *_split_key(k.group(1)))


class LineIndex:
    """The lines of the keys of one TOML text, read once.

    Parameters
    ----------
    text : str
        The file's text.
    """

    def __init__(self, text: str):
        # first line showing exactly this key path / first line whose key path starts with it
        self._exact: dict[Path, int] = {}
        self._under: dict[Path, int] = {}
        for no, path in _key_lines(text):
            self._exact.setdefault(path, no)
            for k in range(1, len(path) + 1):
                self._under.setdefault(path[:k], no)

    def line_of(self, path: str) -> int | None:
        """The 1-based line of the deepest visible prefix of `path`, or None.

        A line showing the key itself or a key below it wins (the first such line); otherwise the
        line of the longest prefix of the key path that the text shows (a missing key is reported
        at its table's header).
        """
        target = tuple(parse_path(path))
        if not target:
            return None
        if target in self._under:
            return self._under[target]
        for k in range(len(target) - 1, 0, -1):
            if target[:k] in self._exact:
                return self._exact[target[:k]]
        return None


def locate(text: str, path: str) -> int | None:
    """The 1-based line of the deepest visible prefix of `path` in `text`, or None.

    For one lookup; build a :class:`LineIndex` to look up many keys of one text.
    """
    return LineIndex(text).line_of(path)
