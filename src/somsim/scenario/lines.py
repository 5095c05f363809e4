"""Find the line of a key path in TOML text (best effort, for error messages).

tomllib keeps no positions, so we re-read the text: table headers (``[a.b]``, ``[[a]]``),
and ``key = value`` lines, keeping count of arrays of tables. The line of the deepest
prefix of the key path that we can see is returned.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*=""")
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*\.?""")


def _split_key(k: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(k)]


def parse_path(path: str) -> list[str | int]:
    """'cost[0].amount' -> ['cost', 0, 'amount']; quoted parts kept whole."""
    parts: list[str | int] = []
    for m in re.finditer(r'"([^"]*)"|\[(\d+)\]|([^.\[\]"]+)', path):
        if m.group(1) is not None:
            parts.append(m.group(1))
        elif m.group(2) is not None:
            parts.append(int(m.group(2)))
        else:
            parts.append(m.group(3))
    return parts


def locate(text: str, path: str) -> int | None:
    """1-based line number of the deepest visible prefix of `path` in `text`, or None."""
    target = parse_path(path)
    if not target:
        return None
    best_len, best_line = 0, None
    table: list[str | int] = []
    counts: dict[tuple, int] = {}
    in_multiline = False
    for no, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
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
            cand = table
        else:
            k = _KEY.match(line)
            if not k:
                continue
            cand = table + _split_key(k.group(1))
            rest = line[k.end():]
            if rest.count('"""') == 1 or rest.count("'''") == 1:
                in_multiline = True
        n = _common(cand, target)
        if n > best_len:
            best_len, best_line = n, no
    return best_line


def _common(a: list, b: list) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n if n in (len(a), len(b)) else 0
