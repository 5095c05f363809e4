r"""Text from users made safe to show and to export: CSV formula injection, control characters.

* :func:`csv_safe` applies OWASP's rule against CSV injection: a *text* cell that begins with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is opened by spreadsheet programs as a
  formula (``=HYPERLINK(…)``, ``@SUM(…)``, DDE); a leading apostrophe makes it text. Numbers are
  left alone — an ``int``/``float`` is a number, and so is a string that is nothing but a plain
  number (``-12.5``, ``+3``, ``-1e5``, ``-12,5``): no formula is a number literal, and a negative
  amount must stay a number in the sheet.
* :func:`control_chars`, :func:`has_control_chars` and :func:`printable` find and escape the
  control characters (Unicode category Cc: C0, DEL and C1, so 8-bit CSI ``\x9b`` too) other than
  tab and newline. A raw ESC in a title can retitle or clear a terminal; a NUL breaks files.
  :func:`printable` writes each one as a visible ``\xNN`` escape, for messages and terminals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

__all__ = ["control_chars", "csv_row", "csv_safe", "describe_char", "has_control_chars", "printable"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 9: "TAB", 10: "LF", 11: "VT", 12: "FF", 13: "CR", 27: "ESC", 127: "DEL",
          0x9B: "CSI"}


def csv_safe(cell: Any) -> Any:
    """A CSV cell that a spreadsheet cannot take for a formula (OWASP's rule); numbers unchanged.

    Parameters
    ----------
    cell : object
        The value to write.

    Returns
    -------
    object
        ``"'" + cell`` for a string that begins with ``= + - @``, tab or CR and is not a plain
        number; `cell` itself otherwise.

    Examples
    --------
    >>> csv_safe("=1+2"), csv_safe("@SUM(A1)")
    ("'=1+2", "'@SUM(A1)")
    >>> csv_safe(-12.5), csv_safe("-12.5"), csv_safe("-x")
    (-12.5, '-12.5', "'-x")
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_row(row: Iterable[Any]) -> list[Any]:
    """:func:`csv_safe` applied to every cell of a row."""
    return [csv_safe(c) for c in row]


@lru_cache(maxsize=8)
def _pattern(allow: str) -> re.Pattern[str]:
    # Cc is exactly U+0000–U+001F and U+007F–U+009F
    bad = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in allow)
    return re.compile("[" + re.escape(bad) + "]")


def control_chars(text: str, allow: str = "\t\n") -> list[tuple[int, str]]:
    """The control characters in `text` other than those in `allow`, as ``(index, char)`` pairs."""
    return [(m.start(), m.group()) for m in _pattern(allow).finditer(text)]


def has_control_chars(text: str, allow: str = "\t\n") -> bool:
    """True when `text` holds a control character other than those in `allow` (tab and newline)."""
    return _pattern(allow).search(text) is not None


def describe_char(ch: str) -> str:
    """A control character named for a message: ``'ESC (U+001B)'``."""
    name = _NAMES.get(ord(ch))
    return f"{name} (U+{ord(ch):04X})" if name else f"U+{ord(ch):04X}"


def printable(text: str, allow: str = "\t\n") -> str:
    r"""`text` with every control character other than those in `allow` written as a visible escape.

    Examples
    --------
    >>> printable("a\x1b[2Jb")
    'a\\x1b[2Jb'
    """
    return _pattern(allow).sub(lambda m: f"\\x{ord(m.group()):02x}", text)
