"""Money as people write it (scenario-format.md §6.7): Danish thousands, percentages, normal prices.

* A money value written with a dot and exactly three decimals (``300.000``, ``1.250``) is a Danish
  thousands separator that TOML read as a decimal point (300.0): refused, with the fix. TOML has
  already turned the text into a number, so the check reads the raw tokens
  (:func:`somsim.scenario.lines.value_tokens`).
* A discount rate above :data:`MAX_DISCOUNT` is a percentage written as a number: refused with the
  fraction it probably means (see :func:`discount_problem`).
* A ``normal`` for a price, a cost or a scale (which must be ≥ 0) is accepted when its mass below
  0 is under :data:`NEGLIGIBLE_BELOW_ZERO`, and is then used as the normal *truncated* at 0 (the
  family ``truncnormal`` with ``low = 0``, ``high = ∞``: the engine samples it exactly, by its
  inverse CDF); with more mass below 0 it is refused, the mass stated. Such normals were refused
  before, so no existing file changes its draws.
"""

from __future__ import annotations

import math
import re
from typing import Any

from somsim.distributions.core import Distribution, parse_distribution
from somsim.distributions.core import _fmt as fmt
from somsim.scenario.lines import value_tokens

__all__ = ["MAX_DISCOUNT", "NEGLIGIBLE_BELOW_ZERO", "discount_problem", "parse_value", "thousands_problems",
           "truncation_note"]

#: a discount rate above this is refused as a percentage written as a number
MAX_DISCOUNT = 0.25
#: a normal price, cost or scale may have at most this much probability below 0
NEGLIGIBLE_BELOW_ZERO = 1e-6

# a token with a dot and exactly three decimals, not starting with 0. (0.125 is a plain decimal)
_THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}")
# a quick look over the whole text: a token such as 300.000 right after "=", "[" or "," (where a TOML value
# starts; prose such as "ca. 9.000 kr." in a note does not match) means the values are walked
_ANYWHERE = re.compile(r"[=\[,][ \t]*[+-]?[1-9][0-9]{0,2}\.[0-9]{3}(?![\w.])")
# the parameters of a money distribution that are themselves amounts of money
_MONEY_PARAMS = frozenset({"value", "mean", "median", "sd", "min", "mode", "max", "low", "high", "ci95", "point",
                           "scale"})


def _is_money(path: tuple) -> bool:
    """Whether the key path holds an amount of money: a price, a cost, or a money parameter of one."""
    p = list(path)
    if len(p) >= 3 and p[0] == "cost" and isinstance(p[1], int) and p[2] in ("amount", "per_participant"):
        rest = p[3:]
    elif len(p) >= 4 and p[0] in ("activity", "consequence") and p[2] == "price":
        rest = p[4:]
    else:
        return False
    if rest and isinstance(rest[-1], int):  # ci95 = [low, high]
        rest = rest[:-1]
    return not rest or (len(rest) == 1 and rest[0] in _MONEY_PARAMS)


def _show_path(path: tuple) -> str:
    out = ""
    for x in path:
        if isinstance(x, int):
            out += f"[{x}]"
        else:
            name = str(x)
            part = name if re.fullmatch(r"[A-Za-z0-9_\-]+", name) else f'"{name}"'
            out += ("." if out else "") + part
    return out


def thousands_problems(text: str) -> list[tuple[int, str, str]]:
    """Money values written with a Danish thousands separator (``300.000``).

    Parameters
    ----------
    text : str
        A scenario's or library's text (valid TOML).

    Returns
    -------
    list of (int, str, str)
        Line, key path and message of each such value.
    """
    out: list[tuple[int, str, str]] = []
    if not _ANYWHERE.search(text):  # the common case: no such token at all, no need to walk the values
        return out
    for line, path, tok in value_tokens(text):
        if not _THOUSANDS.fullmatch(tok) or not _is_money(path):
            continue
        whole = tok.replace(".", "")
        sign = "-" if whole.startswith("-") else ""
        digits = whole.lstrip("+-")
        grouped = f"{sign}{int(digits):_}"
        v = fmt(float(tok))
        out.append((line, _show_path(path),
                    f"a dot is a decimal point in TOML, so {tok} reads as {v} kr. (got {tok}; for {tok} kr. write "
                    f"{sign}{digits} or {grouped}; if you mean {v} kr., write {v})"))
    return out


def discount_problem(point: float) -> str | None:
    """The message for a discount rate that looks like a percentage (above :data:`MAX_DISCOUNT`), or None."""
    if point <= MAX_DISCOUNT:
        return None
    return (f"a discount rate is a fraction per year, not a percentage (got {fmt(point)}; expected at most "
            f"{fmt(MAX_DISCOUNT)}): did you mean {fmt(round(point / 100, 10))}?")


def parse_value(raw: Any, role: str) -> tuple[Distribution | None, list[tuple[str, str]]]:
    """:func:`~somsim.distributions.core.parse_distribution`, with a ``normal`` allowed for money and scales.

    For ``role = "nonneg"`` a ``normal`` whose mass below 0 is under :data:`NEGLIGIBLE_BELOW_ZERO`
    becomes the normal truncated at 0 (``truncnormal``, ``low = 0``, ``high = ∞``; the point value,
    the mean or ``point``, is kept); with more mass below 0 it is refused, the mass stated.
    """
    if role != "nonneg" or not isinstance(raw, dict) or raw.get("dist") != "normal":
        return parse_distribution(raw, role=role)
    plain = {k: v for k, v in raw.items() if k != "point"}
    d, problems = parse_distribution(plain, role="any")
    if d is None:
        return None, problems
    mu, sigma = d.canon
    mass = _below_zero(mu, sigma)
    if mass >= NEGLIGIBLE_BELOW_ZERO:
        return None, [("", f"prices, costs and scales must be ≥ 0, and this normal has probability {mass:.2g} "
                           f"below 0 (got {d.describe()}; expected at most {NEGLIGIBLE_BELOW_ZERO:g}: use "
                           "lognormal or gamma, or truncnormal with low = 0)")]
    point = mu
    if "point" in raw:
        pt = raw["point"]
        if not isinstance(pt, (int, float)) or isinstance(pt, bool) or not 0 <= pt < math.inf:
            return None, [("point", f"the point value must lie in the support (got {pt!r}; expected [0, inf])")]
        point = float(pt)
    given = (*d.given, ("low", 0.0))
    return Distribution("truncnormal", given, (mu, sigma, 0.0, math.inf), point, source=d.source, note=d.note), []


def _below_zero(mu: float, sigma: float) -> float:
    """P(X < 0) for X ~ N(mu, sigma²)."""
    return 0.5 * math.erfc(mu / (sigma * math.sqrt(2.0)))


def truncation_note(raw: Any, d: Distribution | None) -> tuple[str, dict[str, float]] | None:
    """What ``check`` says about a normal used truncated at 0, and its values (None for any other value)."""
    if d is None or d.family != "truncnormal" or not isinstance(raw, dict) or raw.get("dist") != "normal":
        return None
    mass = _below_zero(d.canon[0], d.canon[1])
    return (f"normal with probability {mass:.2g} below 0: sampled as the normal truncated at 0 "
            f"(truncnormal(mean={fmt(d.canon[0])}, sd={fmt(d.canon[1])}, low=0))",
            {"p": mass, "mean": d.canon[0], "sd": d.canon[1]})
