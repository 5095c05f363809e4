"""Tables that fit the terminal (or 80 columns when piped) without cutting a name.

The rule, whatever the width:

1. the name column (the first) is never cut: it is as wide as its longest name;
2. text columns (a distribution, a note) wrap at spaces;
3. numbers are never wrapped; when the numeric columns do not fit beside the names, the table is
   split into several tables, each with the name column and as many numeric columns as fit;
4. when a name alone is wider than the terminal, each row is written as a list (name, then
   ``column: value`` lines).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

__all__ = ["NAME", "NUM", "TEXT", "fit_table"]

NAME, TEXT, NUM = "name", "text", "num"
_TEXT_MIN = 14  # a wrapped text column is at least this wide
_PAD = 2  # between two columns: one space of padding each side (no box, no edges)


def _len(cell: Any) -> int:
    return Text.from_markup(cell).cell_len if isinstance(cell, str) else len(str(cell))


def _longest_word(cell: str) -> int:
    return max((len(w) for w in Text.from_markup(cell).plain.split()), default=0)


def _min_width(kind: str, head: str, cells: list[str]) -> int:
    if kind == TEXT:
        return max(min(_TEXT_MIN, max((_len(c) for c in cells), default=0)), _longest_word(head),
                   *(_longest_word(c) for c in cells))
    return max([_len(head) if kind == NUM else _longest_word(head), *(_len(c) for c in cells)])


def _build(title: str | None, cols: list[tuple[str, str]], rows: list[list[str]], widths: list[int],
           sections: set[int]) -> Table:
    t = Table(title=title, title_justify="left", box=None, pad_edge=False, expand=False, padding=(0, 1),
              header_style="bold", collapse_padding=False)
    for (head, kind), w in zip(cols, widths):
        if kind == TEXT:
            t.add_column(head, min_width=w, overflow="fold")
        else:
            t.add_column(head, min_width=w, no_wrap=True, justify="right" if kind == NUM else "left")
    for i, r in enumerate(rows):
        if i in sections:
            t.add_section()
        t.add_row(*r)
    return t


def fit_table(title: str | None, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]], width: int,
              *, sections: Sequence[int] = ()) -> list[Any]:
    """The table as one or more rich renderables that fit in `width` columns with no name cut.

    Parameters
    ----------
    title : str or None
        The title (rich markup; wraps at spaces).
    columns : sequence of (header, kind)
        ``kind`` is :data:`NAME` (the first column), :data:`TEXT` (wraps) or :data:`NUM` (never wraps).
    rows : sequence of sequences of str
        The cells (rich markup, user text escaped).
    width : int
        The width to fit (the console's; 80 when output is piped).
    sections : sequence of int
        Row indices before which a separating line is drawn.

    Returns
    -------
    list
        Tables (and, for names wider than `width`, lines of text) to print in order.
    """
    cols = list(columns)
    cells = [list(r) for r in rows]
    mins = [_min_width(k, h, [r[j] for r in cells]) for j, (h, k) in enumerate(cols)]
    secs = set(sections)
    if sum(mins) + _PAD * (len(cols) - 1) <= width:
        return [_build(title, cols, cells, mins, secs)]
    if mins[0] + _PAD + max(mins[1:], default=0) > width:
        return _as_list(title, cols, cells)
    # split the other columns into groups that fit beside the name column (text columns count at their minimum)
    groups: list[list[int]] = [[]]
    used = mins[0]
    for j in range(1, len(cols)):
        if groups[-1] and used + _PAD + mins[j] > width:
            groups.append([])
            used = mins[0]
        groups[-1].append(j)
        used += _PAD + mins[j]
    out: list[Any] = []
    for g, js in enumerate(groups):
        sub = [0, *js]
        part = f" ({g + 1}/{len(groups)})"
        out.append(_build((title or "") + part, [cols[j] for j in sub], [[r[j] for j in sub] for r in cells],
                          [mins[j] for j in sub], secs))
    return out


def _as_list(title: str | None, cols: list[tuple[str, str]], rows: list[list[str]]) -> list[Any]:
    """Each row as its name and then ``header: value`` lines (names wider than the terminal)."""
    out: list[Any] = [title] if title else []
    for r in rows:
        out.append(Text.from_markup(r[0], style="bold"))
        out += [Text.from_markup(f"  {h}: {v}") for (h, _), v in zip(cols[1:], r[1:]) if v]
    return out
