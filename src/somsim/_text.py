"""Text shared by every layer: kroner and percentages, and "did you mean" hints.

Danish: ``4,4 mio. kr.``, ``81.000 kr.``, ``93 %``. English: ``DKK 4.4 million``, ``DKK 81,000``, ``93%``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

__all__ = ["did_you_mean", "kr", "number", "pct", "share"]


def number(x: float, decimals: int = 0, lang: str = "da") -> str:
    """Group thousands: 81000 -> '81.000' (da) or '81,000' (en)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    s = f"{x:,.{decimals}f}"
    if lang == "da":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if s.startswith("-") and not any(ch in "123456789" for ch in s):
        s = s[1:]  # a tiny negative amount rounds to 0, not −0
    return s.replace("-", "−")


def kr(x: float, lang: str = "da", *, unit: bool = True, compact: bool = True) -> str:
    """Kroner as a reader expects: millions with one decimal from 1 mio., else whole kroner."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    if compact and abs(x) >= 999_500:
        v = number(x / 1e6, 1, lang)
        if not unit:
            return v
        return f"{v} mio. kr." if lang == "da" else f"DKK {v} million"
    v = number(round(x, -3) if compact and abs(x) >= 10_000 else x, 0, lang)
    if not unit:
        return v
    return f"{v} kr." if lang == "da" else f"DKK {v}"


def kr_range(lo: float, hi: float, lang: str = "da", *, words: str | None = None) -> str:
    """An interval in one unit: '1,2–7,9 mio. kr.'; with a negative end '−0,3 til 2,4 mio. kr.'.

    `lang` sets the number format, `words` (default: lang) the language of 'til'/'to'.
    """
    sep = "–" if lo >= 0 else (" til " if (words or lang) == "da" else " to ")
    if max(abs(lo), abs(hi)) >= 999_500:
        a, b = number(lo / 1e6, 1, lang), number(hi / 1e6, 1, lang)
        return f"{a}{sep}{b} mio. kr." if lang == "da" else f"DKK {a}{sep}{b} million"
    # both ends rounded alike: to thousands when the larger end is 10.000 kr. or more
    digits = -3 if max(abs(lo), abs(hi)) >= 10_000 else 0
    a, b = (number(round(x, digits), 0, lang) for x in (lo, hi))
    return f"{a}{sep}{b} kr." if lang == "da" else f"DKK {a}{sep}{b}"


def pct(p: float, lang: str = "da", decimals: int = 0) -> str:
    if p is None or not math.isfinite(p):
        return "–"
    v = number(100 * p, decimals, lang)
    return f"{v} %" if lang == "da" else f"{v}%"


def share(p: float, lang: str = "da") -> str:
    """A probability or share in whole percent that never rounds to a certainty it is not.

    0.9996 -> '> 99 %', 0.0004 -> '< 1 %'; exactly 0 and 1 stay '0 %' and '100 %'.
    """
    if p is None or not math.isfinite(p):
        return "–"
    if 0.995 <= p < 1:
        return "> " + pct(0.99, lang)
    if 0 < p < 0.005:
        return "< " + pct(0.01, lang)
    return pct(p, lang)


def did_you_mean(word: str, options: Iterable[str], lang: str = "en") -> str:
    """A hint naming the closest of `options` to a mistyped `word`.

    Parameters
    ----------
    word : str
        What the user wrote.
    options : iterable of str
        The accepted values.
    lang : str
        "en" (the library's messages) or "da".

    Returns
    -------
    str
        ``"; did you mean 'x'?"`` (``"; mente du 'x'?"``; to append to a message), or ``""`` when no
        option is close (difflib similarity below 0.6).
    """
    m = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    if not m:
        return ""
    return f"; mente du '{m[0]}'?" if lang == "da" else f"; did you mean '{m[0]}'?"
