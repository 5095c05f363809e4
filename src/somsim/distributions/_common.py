"""Helpers shared by the family declarations and the parser: limits, value tests, message text.

The message helpers (:func:`fmt`, :func:`show`, and :func:`somsim._text.did_you_mean`, re-exported)
shape every distribution error; the tests assert on their exact output, so change them only
together with those tests.
"""

from __future__ import annotations

import math
from typing import Any

from somsim._text import did_you_mean

__all__ = ["MAX_ABS", "Z975", "ParamError", "did_you_mean", "fmt", "is_interval", "is_number", "need", "show",
           "too_large"]

#: the contract's 97.5 % normal quantile (scenario-format.md §2)
Z975 = 1.959964
#: no parameter or value may exceed this in absolute value (DKK 10^12 is far above any SØM amount;
#: larger numbers are typing errors and would overflow the model's products)
MAX_ABS = 1e12


class ParamError(Exception):
    """A parameter set that breaks one of its family's constraints: the key to blame and why."""

    def __init__(self, key: str, msg: str):
        super().__init__(key, msg)
        self.key, self.msg = key, msg


def need(cond: bool, key: str, msg: str) -> None:
    """Raise :class:`ParamError` ``(key, msg)`` unless `cond` holds."""
    if not cond:
        raise ParamError(key, msg)


def is_number(v: Any) -> bool:
    """A finite int or float (TOML booleans are not numbers)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def is_interval(v: Any) -> bool:
    """A list of exactly two finite numbers."""
    return isinstance(v, list) and len(v) == 2 and all(is_number(x) for x in v)


def too_large(v: float) -> str:
    """The message for a number beyond :data:`MAX_ABS`."""
    return f"implausibly large (got {v:.6g}; expected at most {MAX_ABS:.0e} in absolute value)"


def fmt(x: float) -> str:
    """A number as written in messages and descriptions: whole floats without '.0', else 6 digits."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def show(v: Any) -> str:
    """A raw TOML value as quoted in a message: short strings, 'a table', small lists in full."""
    if isinstance(v, str):
        return repr(v) if len(v) < 40 else repr(v[:37] + "...")
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "a list" if len(v) > 6 else "[" + ", ".join(show(x) for x in v) + "]"
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, (int, float)):
        return fmt(float(v)) if isinstance(v, float) else str(v)
    return type(v).__name__

