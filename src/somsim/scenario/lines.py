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


_PLAIN = re.compile(r"[^.\[\]\"]+(?:\.[^.\[\]\"]+)*")


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
    if _PLAIN.fullmatch(path):  # the common case, a.b.c without quotes or positions: a plain split
        return list(path.split("."))
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


# --------------------------------------------------------------------------------------------
# raw value tokens: what the user wrote, before TOML turned it into a number


class _Scan:
    """A cursor over a TOML text that yields the raw tokens of its scalar values."""

    def __init__(self, text: str):
        self.s = text
        self.i = 0
        self.starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]

    def line(self, pos: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, pos)

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip(self, newlines: bool) -> None:
        """Skip blanks (and newlines and comments when `newlines`)."""
        s = self.s
        while self.i < len(s):
            ch = s[self.i]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.i += 1
            elif newlines and ch == "#":
                while self.i < len(s) and s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def string(self) -> None:
        """Move past a string starting at the cursor (basic, literal, multi-line)."""
        s = self.s
        q = s[self.i]
        if s.startswith(q * 3, self.i):
            end = s.find(q * 3, self.i + 3)
            while q == '"' and end > 0 and _escaped(s, end):
                end = s.find(q * 3, end + 1)
            self.i = len(s) if end < 0 else end + 3
            while self.i < len(s) and s[self.i] == q:  # up to two quotes may close the content
                self.i += 1
            return
        k = self.i + 1
        while k < len(s) and s[k] != q and s[k] != "\n":
            k += 2 if (q == '"' and s[k] == "\\") else 1
        self.i = k + 1

    def key(self) -> list[str]:
        """A (dotted) key up to its '='; the cursor ends after the '='."""
        parts: list[str] = []
        while self.i < len(self.s):
            self.skip(False)
            ch = self.peek()
            if ch in "\"'":
                start = self.i
                self.string()
                parts.append(self.s[start + 1:self.i - 1])
            elif ch == "=":
                self.i += 1
                return parts
            elif ch == ".":
                self.i += 1
            else:
                m = re.compile(r"[A-Za-z0-9_\-]+").match(self.s, self.i)
                if not m:
                    raise ValueError("not a key")
                parts.append(m.group(0))
                self.i = m.end()
        raise ValueError("no '='")

    def value(self, path: Path, out: list) -> None:
        """Read one value at the cursor, adding ``(line, path, token)`` for each scalar that is not a string."""
        self.skip(False)
        ch = self.peek()
        if ch == "{":
            self.i += 1
            while True:
                self.skip(False)
                if self.peek() == "}":
                    self.i += 1
                    return
                if self.peek() == ",":
                    self.i += 1
                    continue
                self.value((*path, *self.key()), out)
        elif ch == "[":
            self.i += 1
            n = 0
            while True:
                self.skip(True)
                if self.peek() == "]":
                    self.i += 1
                    return
                if self.peek() == ",":
                    self.i += 1
                    continue
                self.value((*path, n), out)
                n += 1
        elif ch in "\"'":
            self.string()
        else:
            m = re.compile(r"[^\s,\]}#]+").match(self.s, self.i)
            if not m:
                raise ValueError("no value")
            out.append((self.line(self.i), path, m.group(0)))
            self.i = m.end()


def _escaped(s: str, k: int) -> bool:
    """Whether the character at `k` is escaped by an odd number of backslashes."""
    n = 0
    while k - 1 - n >= 0 and s[k - 1 - n] == "\\":
        n += 1
    return n % 2 == 1


def value_tokens(text: str) -> list[tuple[int, Path, str]]:
    """Every scalar value of a TOML text that is not a string, as the user wrote it.

    tomllib gives ``300.000`` as the float 300.0; the raw token keeps the three decimals that show
    a Danish thousands separator. The text must be valid TOML (parse it first); what this reader
    does not understand ends the scan early rather than failing.

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    list of (int, tuple, str)
        The 1-based line, the key path (array positions and arrays of tables as integers, as in
        problem reports) and the token text (``300.000``, ``0.035``, ``true`` …).
    """
    sc = _Scan(text)
    out: list[tuple[int, Path, str]] = []
    table: list[str | int] = []
    counts: dict[tuple, int] = {}
    try:
        while sc.i < len(sc.s):
            sc.skip(True)
            if sc.i >= len(sc.s):
                break
            end = sc.s.find("\n", sc.i)
            line = sc.s[sc.i:] if end < 0 else sc.s[sc.i:end]
            h = _HEADER.match(line)
            if h and "=" not in line.split("]")[0]:
                parts = _split_key(h.group(2))
                if h.group(1) == "[[":
                    counts[tuple(parts)] = counts.get(tuple(parts), -1) + 1
                    table = [*parts, counts[tuple(parts)]]
                else:
                    table = list(parts)
                sc.i = len(sc.s) if end < 0 else end
                continue
            sc.value((*table, *sc.key()), out)
            sc.skip(False)
            if sc.peek() == "#":
                sc.skip(True)
    except (ValueError, IndexError):  # a form this reader does not know: keep what was read
        pass
    return out
