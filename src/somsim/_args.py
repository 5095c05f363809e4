"""Argument checks for the public functions: a bad argument is a UsageError that says what to pass.

Booleans and floats are never taken as counts (``draws=True`` is not one draw, ``draws=100.7`` is not
100); numpy integers are.
"""

from __future__ import annotations

import math
import numbers
import os
from typing import Any

from somsim.errors import UsageError

__all__ = ["count", "path_arg", "positive", "seed_arg"]


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def count(name: str, value: Any, lo: int = 1, hi: int | None = None, *, auto: bool = False,
          none: bool = False) -> Any:
    """`value` as an int in ``lo … hi`` (or ``"auto"`` / None when allowed); UsageError otherwise."""
    if value is None and none:
        return None
    if auto and isinstance(value, str) and value == "auto":
        return "auto"
    if _is_int(value) and int(value) >= lo and (hi is None or int(value) <= hi):
        return int(value)
    rng = f"{lo:,} … {hi:,}" if hi is not None else f"≥ {lo:,}"
    also = (", or 'auto'" if auto else "") + (", or None" if none else "")
    hint = ""
    if isinstance(value, bool):
        hint = "; a boolean is not a count"
    elif isinstance(value, float):
        hint = f"; write int({value!r}) if you mean {int(value)}" if math.isfinite(value) else "; it is not finite"
    raise UsageError(f"{name} must be a whole number (int) {rng}{also} (got {value!r}){hint}")


def seed_arg(value: Any) -> int:
    """A random seed: a whole number 0 … 2**63 − 1."""
    return count("seed", value, 0, 2**63 - 1)


def positive(name: str, value: Any, *, hi: float | None = None) -> float:
    """`value` as a finite float > 0 (and ≤ `hi`); UsageError otherwise (nan, inf, 0, negative, text, bool)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(float(value))
    if ok and float(value) > 0 and (hi is None or float(value) <= hi):
        return float(value)
    upto = f" and ≤ {hi:g}" if hi is not None else ""
    raise UsageError(f"{name} must be a finite number > 0{upto} (got {value!r})")


def path_arg(name: str, value: Any) -> str:
    """A file path (str or path-like) without NUL characters."""
    if isinstance(value, (str, os.PathLike)):
        p = os.fspath(value)
        if isinstance(p, str) and p and "\x00" not in p:
            return p
    raise UsageError(f"{name} must be a file path (str or pathlib.Path) (got {type(value).__name__} {value!r})")
