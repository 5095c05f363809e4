"""The distribution families of scenario format 1: one small class each, registered in one table.

Each family declares

* its **parameter forms** (the parameter sets a scenario may write, e.g. beta: mean/sd · alpha/beta ·
  mean/ci95), each with its **constraints** (checked in order; the first that fails is reported,
  with its message, at the parameter to blame), its **canonical form** (the parameters the samplers
  and kernels use) and its **point value** (the base case);
* its **support** and its **scipy.stats frozen object** (the readable reference sampler; scipy is
  imported inside the method, so validating a scenario never imports ``scipy.stats``);
* its **kernel code**, generated from the order of :data:`REGISTRY` (:data:`CODE`).

:data:`REGISTRY` is the one table every other place dispatches through: the parser
(:func:`somsim.distributions.core.parse_distribution`), :class:`~somsim.distributions.core.Distribution`,
the samplers' parameter arrays and the transform kernel, which receives :data:`CODE` at run time
(see ``somsim.model.kernels``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from somsim.distributions._common import Z975, ParamError, fmt, need
from somsim.distributions.base import CANON_SLOTS, Canon, Check, Family, Form, Params, below, positive

__all__ = [
    "CANON_SLOTS", "CODE", "FAMILIES", "PERT_LAMBDA", "REGISTRY", "Beta", "Family", "Fixed", "Gamma", "Lognormal",
    "Normal", "Pert", "Triangular", "Truncnormal", "Uniform",
]

PERT_LAMBDA = 4.0

MODE_IN_RANGE = Check("mode", lambda p: p["min"] <= p["mode"] <= p["max"],
                      lambda p: f"mode must lie in [min, max] (got {fmt(p['mode'])}; "
                                f"expected [{fmt(p['min'])}, {fmt(p['max'])}])")


class Fixed(Family):
    """A fixed value (also what a plain number in a scenario means)."""

    name = "fixed"
    canon = ("value",)
    forms = (Form(("value",), canonical=lambda p: (p["value"],), point=lambda p: p["value"]),)

    def support(self, c: Canon) -> tuple[float, float]:
        """The value itself."""
        return (c[0], c[0])

    def frozen(self, c: Canon) -> Any:
        """A uniform of width 0 at the value."""
        from scipy import stats

        return stats.uniform(loc=c[0], scale=0.0)

    def ppf(self, c: Canon, u: np.ndarray) -> np.ndarray:
        """The value, for every u."""
        return np.full(np.shape(u), c[0])

    def mean(self, c: Canon) -> float:
        """The value."""
        return c[0]

    def sd(self, c: Canon) -> float:
        """Zero."""
        return 0.0


def _normal_ci95(p: Params) -> Canon:
    lo, hi = p["ci95"]
    return (lo + hi) / 2, (hi - lo) / (2 * Z975)


class Normal(Family):
    """Normal; the ci95 form is the central 95 % interval (midpoint ± 1.959964 sd)."""

    name = "normal"
    canon = ("mu", "sigma")
    forms = (
        Form(("mean", "sd"), checks=(positive("sd", "; use a plain number for a fixed value"),),
             canonical=lambda p: (p["mean"], p["sd"]), point=lambda p: p["mean"]),
        Form(("ci95",), canonical=_normal_ci95, point=lambda p: _normal_ci95(p)[0]),
    )

    def support(self, c: Canon) -> tuple[float, float]:
        """The whole real line."""
        return (-math.inf, math.inf)

    def negligible_below(self, c: Canon) -> float:
        """Eight sd below the mean (mass ≈ 6e-16): a normal discount rate is allowed when this is above -0.9."""
        return c[0] - 8 * c[1]

    def frozen(self, c: Canon) -> Any:
        """``scipy.stats.norm``."""
        from scipy import stats

        return stats.norm(loc=c[0], scale=c[1])


def _truncation_near_mean(p: Params) -> bool:
    a, b = (p["low"] - p["mean"]) / p["sd"], (p["high"] - p["mean"]) / p["sd"]
    return b > -30 and a < 30


class Truncnormal(Family):
    """Normal truncated to [low, high]; mean and sd are the parent's. Point value: the mean clipped to [low, high]."""

    name = "truncnormal"
    canon = ("mu", "sigma", "low", "high")
    forms = (
        Form(("mean", "sd", "low", "high"),
             checks=(positive("sd"), below("low", "high"),
                     Check("mean", _truncation_near_mean,
                           lambda p: f"the truncation interval [{fmt(p['low'])}, {fmt(p['high'])}] lies more than "
                                     f"30 sd from the mean {fmt(p['mean'])}")),
             canonical=lambda p: (p["mean"], p["sd"], p["low"], p["high"]),
             point=lambda p: min(max(p["mean"], p["low"]), p["high"])),
    )

    def support(self, c: Canon) -> tuple[float, float]:
        """[low, high]."""
        return (c[2], c[3])

    def frozen(self, c: Canon) -> Any:
        """``scipy.stats.truncnorm``."""
        from scipy import stats

        mu, sg, lo, hi = c
        return stats.truncnorm((lo - mu) / sg, (hi - mu) / sg, loc=mu, scale=sg)


def _lognormal_median_ci95(p: Params) -> Canon:
    lo, hi = p["ci95"]
    return math.log(p["median"]), (math.log(hi) - math.log(lo)) / (2 * Z975)


def _lognormal_mean_sd(p: Params) -> Canon:
    m, sd = p["mean"], p["sd"]
    s2 = math.log1p((sd / m) ** 2)
    return math.log(m) - s2 / 2, math.sqrt(s2)


def _ci(p: Params) -> str:
    return f"[{fmt(p['ci95'][0])}, {fmt(p['ci95'][1])}]"


class Lognormal(Family):
    """Lognormal: median with a central 95 % interval, or mean and sd. Point value: the median or the mean."""

    name = "lognormal"
    canon = ("mu_log", "sigma_log")
    forms = (
        Form(("median", "ci95"),
             checks=(positive("median"),
                     Check("ci95", lambda p: p["ci95"][0] > 0,
                           lambda p: f"a lognormal interval must be positive (got {_ci(p)})"),
                     Check("ci95", lambda p: p["ci95"][0] <= p["median"] <= p["ci95"][1],
                           lambda p: f"the interval must contain the median {fmt(p['median'])} (got {_ci(p)})")),
             canonical=_lognormal_median_ci95, point=lambda p: p["median"]),
        Form(("mean", "sd"), checks=(positive("mean"), positive("sd")),
             canonical=_lognormal_mean_sd, point=lambda p: p["mean"]),
    )

    def support(self, c: Canon) -> tuple[float, float]:
        """[0, ∞)."""
        return (0.0, math.inf)

    def frozen(self, c: Canon) -> Any:
        """``scipy.stats.lognorm``."""
        from scipy import stats

        return stats.lognorm(s=c[1], scale=math.exp(c[0]))


class Gamma(Family):
    """Gamma: mean and sd, or shape and scale. Point value: the mean."""

    name = "gamma"
    canon = ("shape", "scale")
    forms = (
        Form(("mean", "sd"), checks=(positive("mean"), positive("sd")),
             canonical=lambda p: ((p["mean"] / p["sd"]) ** 2, p["sd"] * p["sd"] / p["mean"]),
             point=lambda p: p["mean"]),
        Form(("shape", "scale"), checks=(positive("shape"), positive("scale")),
             canonical=lambda p: (p["shape"], p["scale"]), point=lambda p: p["shape"] * p["scale"]),
    )

    def support(self, c: Canon) -> tuple[float, float]:
        """[0, ∞)."""
        return (0.0, math.inf)

    def frozen(self, c: Canon) -> Any:
        """``scipy.stats.gamma``."""
        from scipy import stats

        return stats.gamma(a=c[0], scale=c[1])


def _beta_sd_fits(p: Params) -> bool:
    return p["sd"] * p["sd"] < p["mean"] * (1 - p["mean"])


def _beta_mean_sd(p: Params) -> Canon:
    m, sd = p["mean"], p["sd"]
    kappa = m * (1 - m) / (sd * sd) - 1
    return m * kappa, (1 - m) * kappa, 0.0, 1.0


def _beta_mean_ci95(p: Params) -> Canon:
    m = p["mean"]
    lo, hi = p["ci95"]
    kappa = _beta_kappa_for_width(m, hi - lo)
    return m * kappa, (1 - m) * kappa, 0.0, 1.0


def _beta_kappa_for_width(m: float, width: float) -> float:
    """Concentration κ = α + β of the beta with mean m whose central 95 % interval is `width` wide."""
    from scipy import optimize, special

    def w(logk: float) -> float:
        k = math.exp(logk)
        a, b = m * k, (1 - m) * k
        return float(special.betaincinv(a, b, 0.975) - special.betaincinv(a, b, 0.025)) - width

    lo, hi = math.log(1e-3), math.log(1e9)
    need(width > 0, "ci95", "the interval must have positive width")
    if w(lo) < 0:
        raise ParamError("ci95", f"no beta with mean {fmt(m)} is that uncertain (interval width {fmt(width)}; "
                                 f"at most {fmt(w(lo) + width)})")
    if w(hi) > 0:
        raise ParamError("ci95", f"interval too narrow for a beta (width {fmt(width)})")
    return math.exp(optimize.brentq(w, lo, hi, xtol=1e-12, rtol=1e-12))


BETA_MEAN = Check("mean", lambda p: 0 < p["mean"] < 1,
                  lambda p: f"a beta mean must lie in (0, 1) (got {fmt(p['mean'])})")


class Beta(Family):
    """Beta on [0, 1]: mean and sd, alpha and beta, or mean with the width of a central 95 % interval."""

    name = "beta"
    canon = ("alpha", "beta", "low", "high")  # low, high = 0, 1: the same layout as pert
    forms = (
        Form(("mean", "sd"),
             checks=(BETA_MEAN, positive("sd"),
                     Check("sd", _beta_sd_fits,
                           lambda p: f"sd too large for a beta with mean {fmt(p['mean'])} (got {fmt(p['sd'])}; "
                                     f"expected < {fmt(math.sqrt(p['mean'] * (1 - p['mean'])))})")),
             canonical=_beta_mean_sd, point=lambda p: p["mean"]),
        Form(("alpha", "beta"), checks=(positive("alpha"), positive("beta")),
             canonical=lambda p: (p["alpha"], p["beta"], 0.0, 1.0),
             point=lambda p: p["alpha"] / (p["alpha"] + p["beta"])),
        Form(("mean", "ci95"), checks=(BETA_MEAN,), canonical=_beta_mean_ci95, point=lambda p: p["mean"]),
    )

    def support(self, c: Canon) -> tuple[float, float]:
        """[0, 1]."""
        return (0.0, 1.0)

    def frozen(self, c: Canon) -> Any:
        """``scipy.stats.beta``."""
        from scipy import stats

        return stats.beta(c[0], c[1])


class Uniform(Family):
    """Uniform on [low, high]. Point value: the midpoint."""

    name = "uniform"
    canon = ("low", "high")
    forms = (
        Form(("low", "high"), checks=(below("low", "high"),),
             canonical=lambda p: (p["low"], p["high"]), point=lambda p: (p["low"] + p["high"]) / 2),
    )

    def support(self, c: Canon) -> tuple[float, float]:
        """[low, high]."""
        return (c[0], c[1])

    def frozen(self, c: Canon) -> Any:
        """``scipy.stats.uniform``."""
        from scipy import stats

        return stats.uniform(loc=c[0], scale=c[1] - c[0])


class Triangular(Family):
    """Triangular on [min, max] with its peak at mode. Point value: the mode."""

    name = "triangular"
    canon = ("min", "mode", "max")
    forms = (
        Form(("min", "mode", "max"), checks=(below("min", "max"), MODE_IN_RANGE),
             canonical=lambda p: (p["min"], p["mode"], p["max"]), point=lambda p: p["mode"]),
    )

    def support(self, c: Canon) -> tuple[float, float]:
        """[min, max]."""
        return (c[0], c[2])

    def frozen(self, c: Canon) -> Any:
        """``scipy.stats.triang``."""
        from scipy import stats

        lo, mode, hi = c
        return stats.triang((mode - lo) / (hi - lo), loc=lo, scale=hi - lo)


def _pert(p: Params) -> Canon:
    lo, mode, hi = p["min"], p["mode"], p["max"]
    a = 1 + PERT_LAMBDA * (mode - lo) / (hi - lo)
    b = 1 + PERT_LAMBDA * (hi - mode) / (hi - lo)
    return a, b, lo, hi


class Pert(Family):
    """PERT (a beta on [min, max] with λ = 4, mean (min + 4·mode + max) / 6). Point value: the mode."""

    name = "pert"
    canon = ("alpha", "beta", "min", "max")
    forms = (
        Form(("min", "mode", "max"), checks=(below("min", "max"), MODE_IN_RANGE),
             canonical=_pert, point=lambda p: p["mode"]),
    )

    def support(self, c: Canon) -> tuple[float, float]:
        """[min, max]."""
        return (c[2], c[3])

    def frozen(self, c: Canon) -> Any:
        """``scipy.stats.beta`` scaled to [min, max]."""
        from scipy import stats

        a, b, lo, hi = c
        return stats.beta(a, b, loc=lo, scale=hi - lo)


def _registry(*families: Family) -> dict[str, Family]:
    """The families by name; each gets its kernel code, its position in the table."""
    for code, f in enumerate(families):
        f.code = code
    return {f.name: f for f in families}


#: every family by name; the order gives the kernel codes and the order messages list the families in
REGISTRY: dict[str, Family] = _registry(Fixed(), Normal(), Truncnormal(), Lognormal(), Gamma(), Beta(), Uniform(),
                                        Triangular(), Pert())
#: family name -> integer code of the compiled kernels (generated from REGISTRY)
CODE: dict[str, int] = {name: f.code for name, f in REGISTRY.items()}
#: family name -> accepted parameter sets (any one of them)
FAMILIES: dict[str, tuple[tuple[str, ...], ...]] = {name: f.parameter_sets for name, f in REGISTRY.items()}
