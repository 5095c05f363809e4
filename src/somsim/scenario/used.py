"""The price *as used*: a distribution multiplied by its price-year factor, for everything that shows it.

The model draws a price in its activity's own price year and multiplies it by the factor that
converts it to the scenario's price year (``Consequence.price_factor``); the draws stay exactly
those of the file as written. What somsim *shows* (check, tables, report, workbook, tornado,
switching values) is the product, in the scenario's price year: :func:`scaled` gives that view of a
distribution. Its point value, quantiles, mean, sd and support are the written ones times the
factor, and its description shows the written parameters times the factor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from somsim.distributions.core import Distribution
from somsim.distributions.core import _fmt as fmt

__all__ = ["ScaledDistribution", "scaled"]

# the parameters that scale with the value (shape parameters such as alpha, beta and a gamma's
# shape do not)
_SCALING = frozenset({"value", "mean", "median", "sd", "min", "mode", "max", "low", "high", "ci95", "scale"})


@dataclass(frozen=True)
class ScaledDistribution(Distribution):
    """A distribution times a positive factor: `base` × `factor` (for showing, never for sampling).

    Attributes
    ----------
    base : Distribution
        The distribution as written.
    factor : float
        The multiplier (> 0).
    """

    base: Distribution | None = None
    factor: float = 1.0

    @property
    def support(self) -> tuple[float, float]:
        """The base's support times the factor."""
        assert self.base is not None
        lo, hi = self.base.support
        return lo * self.factor, hi * self.factor

    def describe(self) -> str:
        """The written parameters times the factor (a beta, whose parameters do not scale, as ``f × beta(…)``)."""
        assert self.base is not None
        if self.family == "beta":
            return f"{fmt(self.factor)} × {self.base.describe()}"
        return super().describe()

    def frozen(self) -> Any:
        """Not available: a scaled view is for showing (use :meth:`ppf`, :meth:`cdf`)."""
        raise TypeError("a price as used has no scipy object; use ppf/cdf of the view")

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """The base's quantiles times the factor."""
        assert self.base is not None
        return self.base.ppf(u) * self.factor

    def cdf(self, x: float) -> float:
        """P(X ≤ x) of the scaled quantity."""
        assert self.base is not None
        if self.base.is_fixed:
            return float(x >= self.point)
        return float(self.base.frozen().cdf(x / self.factor))

    def mean(self) -> float:
        """The base's mean times the factor."""
        assert self.base is not None
        return self.base.mean() * self.factor

    def sd(self) -> float:
        """The base's sd times the factor."""
        assert self.base is not None
        return self.base.sd() * self.factor


def _scale_given(given: tuple, f: float) -> tuple:
    out = []
    for k, v in given:
        if k in _SCALING:
            v = (v[0] * f, v[1] * f) if isinstance(v, tuple) else v * f
        out.append((k, v))
    return tuple(out)


def scaled(d: Distribution, factor: float) -> Distribution:
    """`d` times `factor` (> 0): `d` itself when the factor is 1, else a :class:`ScaledDistribution`.

    Parameters
    ----------
    d : Distribution
        A price as written (in its activity's price year).
    factor : float
        The conversion to the scenario's price year.
    """
    if factor == 1.0:
        return d
    if not (factor > 0 and math.isfinite(factor)):
        raise ValueError(f"a price-year factor must be positive and finite (got {factor})")
    given = d.given if d.family == "beta" else _scale_given(d.given, factor)
    return ScaledDistribution(d.family, given, d.canon, d.point * factor, source=d.source, note=d.note,
                              base=d, factor=factor)
