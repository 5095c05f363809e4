"""Distribution families of scenario format 1, declared as data.

A scenario value is either a number (a fixed value) or a table ``{ dist = FAMILY, ... }``.
:func:`parse_distribution` turns the raw TOML value into a frozen :class:`Distribution`
(or a list of problems); every family is reduced to *canonical* parameters that the
samplers use:

============  ==============================  =====================================
family        canonical parameters            point value (base case)
============  ==============================  =====================================
fixed         value                           value
normal        mu, sigma                       mean
truncnormal   mu, sigma, low, high (parent)   mean clipped to [low, high]
lognormal     mu_log, sigma_log               median (median form) or mean (mean form)
gamma         shape, scale                    mean
beta          alpha, beta, 0, 1               mean
uniform       low, high                       midpoint
triangular    min, mode, max                  mode
pert          alpha, beta, min, max (λ = 4)   mode
============  ==============================  =====================================

``point = x`` overrides the point value; it must lie in the support.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["FAMILIES", "Distribution", "fixed", "parse_distribution"]

Z975 = 1.959964  # the contract's 97.5 % normal quantile (scenario-format.md §2)
PERT_LAMBDA = 4.0

#: family -> accepted parameter sets (any one of them)
FAMILIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "fixed": (("value",),),
    "normal": (("mean", "sd"), ("ci95",)),
    "truncnormal": (("mean", "sd", "low", "high"),),
    "lognormal": (("median", "ci95"), ("mean", "sd")),
    "gamma": (("mean", "sd"), ("shape", "scale")),
    "beta": (("mean", "sd"), ("alpha", "beta"), ("mean", "ci95")),
    "uniform": (("low", "high"),),
    "triangular": (("min", "mode", "max"),),
    "pert": (("min", "mode", "max"),),
}
#: no parameter or value may exceed this in absolute value (DKK 10^12 is far above any SØM amount;
#: larger numbers are typing errors and would overflow the model's products)
MAX_ABS = 1e12
#: keys every distribution table may carry besides its parameters
META_KEYS = ("dist", "point", "source", "note")
#: integer codes used by the compiled samplers (_kernels.py)
FAMILY_CODE = {name: i for i, name in enumerate(FAMILIES)}

# Roles: which support a quantity must have (scenario-format.md §2)
ROLE_SUPPORT = {
    "rate": (0.0, 1.0, "a success rate must have support in [0, 1]"),
    "nonneg": (0.0, math.inf, "prices, costs and scales must be ≥ 0"),
    "discount": (-0.9, math.inf, "a discount rate must stay above -0.9"),
    "any": (-math.inf, math.inf, ""),
}


@dataclass(frozen=True)
class Distribution:
    """A validated distribution: family, the parameters as written, canonical parameters."""

    family: str
    given: tuple[tuple[str, float | tuple[float, float]], ...]
    canon: tuple[float, ...]
    point: float
    source: str | None = None
    note: str | None = None
    _frozen: Any = field(default=None, repr=False, compare=False)

    # -- descriptive -----------------------------------------------------------------
    @property
    def is_fixed(self) -> bool:
        return self.family == "fixed"

    @property
    def support(self) -> tuple[float, float]:
        f, c = self.family, self.canon
        if f == "fixed":
            return (c[0], c[0])
        if f == "normal":
            return (-math.inf, math.inf)
        if f == "truncnormal":
            return (c[2], c[3])
        if f in ("lognormal", "gamma"):
            return (0.0, math.inf)
        if f == "beta":
            return (0.0, 1.0)
        if f == "uniform":
            return (c[0], c[1])
        if f == "triangular":
            return (c[0], c[2])
        if f == "pert":
            return (c[2], c[3])
        raise AssertionError(f)

    def describe(self) -> str:
        """Short text such as ``beta(mean=0.25, sd=0.06)``."""
        if self.family == "fixed":
            return _fmt(self.canon[0])
        parts = []
        for k, v in self.given:
            parts.append(f"{k}=[{_fmt(v[0])}, {_fmt(v[1])}]" if isinstance(v, tuple) else f"{k}={_fmt(v)}")
        return f"{self.family}({', '.join(parts)})"

    def frozen(self):
        """The equivalent ``scipy.stats`` frozen distribution (reference sampler)."""
        from scipy import stats

        f, c = self.family, self.canon
        if f == "fixed":
            return stats.uniform(loc=c[0], scale=0.0)
        if f == "normal":
            return stats.norm(loc=c[0], scale=c[1])
        if f == "truncnormal":
            mu, sg, lo, hi = c
            return stats.truncnorm((lo - mu) / sg, (hi - mu) / sg, loc=mu, scale=sg)
        if f == "lognormal":
            return stats.lognorm(s=c[1], scale=math.exp(c[0]))
        if f == "gamma":
            return stats.gamma(a=c[0], scale=c[1])
        if f == "beta":
            return stats.beta(c[0], c[1])
        if f == "uniform":
            return stats.uniform(loc=c[0], scale=c[1] - c[0])
        if f == "triangular":
            lo, mode, hi = c
            return stats.triang((mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
        if f == "pert":
            a, b, lo, hi = c
            return stats.beta(a, b, loc=lo, scale=hi - lo)
        raise AssertionError(f)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF through scipy (the readable reference; the engine uses _kernels)."""
        u = np.asarray(u, dtype=float)
        if self.family == "fixed":
            return np.full(u.shape, self.canon[0])
        return self.frozen().ppf(u)

    def mean(self) -> float:
        if self.family == "fixed":
            return self.canon[0]
        return float(self.frozen().mean())

    def sd(self) -> float:
        if self.family == "fixed":
            return 0.0
        return float(self.frozen().std())


def fixed(value: float, source: str | None = None) -> Distribution:
    """A fixed value as a distribution."""
    v = float(value)
    return Distribution("fixed", (("value", v),), (v,), v, source=source)


def _fmt(x: float) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _is_interval(v: Any) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(_is_number(x) for x in v)


def parse_distribution(raw: Any, *, role: str = "any") -> tuple[Distribution | None, list[tuple[str, str]]]:
    """Validate a raw TOML value as a number or a distribution table.

    Returns ``(distribution, problems)``; each problem is ``(sub_key, message)`` where
    ``sub_key`` is relative to the value's own key path ('' for the value itself).
    """
    lo_ok, hi_ok, role_text = ROLE_SUPPORT[role]
    if _is_number(raw):
        v = float(raw)
        if not (lo_ok <= v <= hi_ok) or (role == "discount" and v <= lo_ok):
            return None, [("", f"{role_text} (got {_fmt(v)})")]
        if abs(v) > MAX_ABS:
            return None, [("", _too_large(v))]
        return fixed(v), []
    if isinstance(raw, float):  # nan or inf
        return None, [("", f"expected a finite number (got {_show(raw)})")]
    if isinstance(raw, bool) or not isinstance(raw, dict):
        return None, [("", f"expected a number or a distribution table {{ dist = ... }} (got {_show(raw)})")]
    problems: list[tuple[str, str]] = []
    fam = raw.get("dist")
    if fam is None:
        return None, [("dist", "a distribution table needs `dist` (one of " + ", ".join(FAMILIES) + ")")]
    if not isinstance(fam, str) or fam not in FAMILIES:
        hint = _did_you_mean(str(fam), FAMILIES)
        return None, [("dist", f"unknown distribution family (got {_show(fam)}; expected one of "
                               f"{', '.join(FAMILIES)}){hint}")]
    params = {k: v for k, v in raw.items() if k not in META_KEYS}
    allowed = sorted({p for s in FAMILIES[fam] for p in s})
    for k in params:
        if k not in allowed:
            problems.append((k, f"unknown parameter for {fam} (expected {_sets(fam)})"
                                f"{_did_you_mean(k, allowed + list(META_KEYS))}"))
    for k in ("source", "note"):
        if k in raw and not isinstance(raw[k], str):
            problems.append((k, f"expected text (got {_show(raw[k])})"))
    if problems:
        return None, problems
    keyset = set(params)
    chosen = next((s for s in FAMILIES[fam] if set(s) == keyset), None)
    if chosen is None:
        return None, [("", f"{fam} takes one of the parameter sets {_sets(fam)} "
                           f"(got {', '.join(sorted(keyset)) or 'no parameters'})")]
    for k in chosen:
        v = params[k]
        if k == "ci95":
            if not _is_interval(v):
                problems.append((k, f"expected an interval [low, high] of two numbers (got {_show(v)})"))
            elif not v[0] < v[1]:
                problems.append((k, f"the interval's low must be below its high (got {_show(v)})"))
            elif max(abs(v[0]), abs(v[1])) > MAX_ABS:
                problems.append((k, _too_large(max(v, key=abs))))
        elif not _is_number(v):
            problems.append((k, f"expected a number (got {_show(v)})"))
        elif abs(v) > MAX_ABS:
            problems.append((k, _too_large(v)))
    if problems:
        return None, problems
    p = {k: (tuple(float(x) for x in v) if isinstance(v, list) else float(v)) for k, v in params.items()}
    try:
        canon, point = _canonical(fam, p)
        if not all(math.isfinite(c) and abs(c) < 1e300 for c in (*canon, point)):
            raise OverflowError
    except _ParamError as e:
        return None, [(e.key, e.msg)]
    except (ArithmeticError, ValueError):  # e.g. sd = 1e-200: sd² underflows to 0
        shown = ", ".join(f"{k}={_show(list(v) if isinstance(v, tuple) else v)}" for k, v in p.items())
        return None, [("", f"parameters too extreme to compute a {fam} distribution (got {shown}; expected "
                           "moderate values: use a plain number for a fixed value)")]
    given = tuple((k, p[k]) for k in chosen)
    dist = Distribution(fam, given, canon, point, source=raw.get("source"), note=raw.get("note"))
    lo, hi = dist.support
    if role != "any":
        bad = lo < lo_ok or hi > hi_ok
        if role == "discount":
            if fam == "normal":  # allowed when the mass below -1 is negligible (< 1e-15)
                bad = canon[0] - 8 * canon[1] <= lo_ok
            else:
                bad = lo <= lo_ok
        if bad:
            hint = ""
            if role == "rate":  # gamma and lognormal are unbounded above: no use for a rate
                hint = " (use beta, or truncnormal, uniform, triangular or pert within [0, 1])"
            elif math.isinf(lo):
                hint = " (use truncnormal, beta, gamma, lognormal or a bounded family)"
            return None, [("", f"{role_text} (got {dist.describe()} with support "
                               f"[{_fmt(lo)}, {_fmt(hi)}]){hint}")]
    if "point" in raw:
        pt = raw["point"]
        if not _is_number(pt):
            return None, [("point", f"expected a number (got {_show(pt)})")]
        if abs(pt) > MAX_ABS:
            return None, [("point", _too_large(pt))]
        if not (lo <= pt <= hi):
            return None, [("point", f"the point value must lie in the support (got {_fmt(pt)}; "
                                    f"expected [{_fmt(lo)}, {_fmt(hi)}])")]
        if role == "discount" and not pt > lo_ok:  # a normal discount rate has unbounded support
            return None, [("point", f"{role_text} (got {_fmt(pt)})")]
        dist = Distribution(fam, given, canon, float(pt), source=dist.source, note=dist.note)
    return dist, []


def _too_large(v: float) -> str:
    return f"implausibly large (got {v:.6g}; expected at most {MAX_ABS:.0e} in absolute value)"


class _ParamError(Exception):
    def __init__(self, key: str, msg: str):
        self.key, self.msg = key, msg


def _need(cond: bool, key: str, msg: str) -> None:
    if not cond:
        raise _ParamError(key, msg)


def _canonical(fam: str, p: dict) -> tuple[tuple[float, ...], float]:
    if fam == "fixed":
        return (p["value"],), p["value"]
    if fam == "normal":
        if "ci95" in p:
            lo, hi = p["ci95"]
            mu, sd = (lo + hi) / 2, (hi - lo) / (2 * Z975)
        else:
            mu, sd = p["mean"], p["sd"]
            _need(sd > 0, "sd", f"sd must be > 0 (got {_fmt(sd)}; use a plain number for a fixed value)")
        return (mu, sd), mu
    if fam == "truncnormal":
        mu, sd, lo, hi = p["mean"], p["sd"], p["low"], p["high"]
        _need(sd > 0, "sd", f"sd must be > 0 (got {_fmt(sd)})")
        _need(lo < hi, "low", f"low must be below high (got low={_fmt(lo)}, high={_fmt(hi)})")
        a, b = (lo - mu) / sd, (hi - mu) / sd
        _need(b > -30 and a < 30, "mean", f"the truncation interval [{_fmt(lo)}, {_fmt(hi)}] lies more than 30 sd "
                                          f"from the mean {_fmt(mu)}")
        return (mu, sd, lo, hi), min(max(mu, lo), hi)
    if fam == "lognormal":
        if "median" in p:
            med = p["median"]
            lo, hi = p["ci95"]
            _need(med > 0, "median", f"median must be > 0 (got {_fmt(med)})")
            _need(lo > 0, "ci95", f"a lognormal interval must be positive (got [{_fmt(lo)}, {_fmt(hi)}])")
            _need(lo <= med <= hi, "ci95", f"the interval must contain the median {_fmt(med)} "
                                            f"(got [{_fmt(lo)}, {_fmt(hi)}])")
            return (math.log(med), (math.log(hi) - math.log(lo)) / (2 * Z975)), med
        m, sd = p["mean"], p["sd"]
        _need(m > 0, "mean", f"mean must be > 0 (got {_fmt(m)})")
        _need(sd > 0, "sd", f"sd must be > 0 (got {_fmt(sd)})")
        s2 = math.log1p((sd / m) ** 2)
        return (math.log(m) - s2 / 2, math.sqrt(s2)), m
    if fam == "gamma":
        if "shape" in p:
            k, th = p["shape"], p["scale"]
            _need(k > 0, "shape", f"shape must be > 0 (got {_fmt(k)})")
            _need(th > 0, "scale", f"scale must be > 0 (got {_fmt(th)})")
            return (k, th), k * th
        m, sd = p["mean"], p["sd"]
        _need(m > 0, "mean", f"mean must be > 0 (got {_fmt(m)})")
        _need(sd > 0, "sd", f"sd must be > 0 (got {_fmt(sd)})")
        return ((m / sd) ** 2, sd * sd / m), m
    if fam == "beta":
        if "alpha" in p:
            a, b = p["alpha"], p["beta"]
            _need(a > 0, "alpha", f"alpha must be > 0 (got {_fmt(a)})")
            _need(b > 0, "beta", f"beta must be > 0 (got {_fmt(b)})")
            return (a, b, 0.0, 1.0), a / (a + b)
        m = p["mean"]
        _need(0 < m < 1, "mean", f"a beta mean must lie in (0, 1) (got {_fmt(m)})")
        if "sd" in p:
            sd = p["sd"]
            _need(sd > 0, "sd", f"sd must be > 0 (got {_fmt(sd)})")
            _need(sd * sd < m * (1 - m), "sd", f"sd too large for a beta with mean {_fmt(m)} "
                                                f"(got {_fmt(sd)}; expected < {_fmt(math.sqrt(m * (1 - m)))})")
            kappa = m * (1 - m) / (sd * sd) - 1
        else:
            lo, hi = p["ci95"]
            kappa = _beta_kappa_for_width(m, hi - lo)
        return (m * kappa, (1 - m) * kappa, 0.0, 1.0), m
    if fam == "uniform":
        lo, hi = p["low"], p["high"]
        _need(lo < hi, "low", f"low must be below high (got low={_fmt(lo)}, high={_fmt(hi)})")
        return (lo, hi), (lo + hi) / 2
    if fam in ("triangular", "pert"):
        lo, mode, hi = p["min"], p["mode"], p["max"]
        _need(lo < hi, "min", f"min must be below max (got min={_fmt(lo)}, max={_fmt(hi)})")
        _need(lo <= mode <= hi, "mode", f"mode must lie in [min, max] (got {_fmt(mode)}; "
                                        f"expected [{_fmt(lo)}, {_fmt(hi)}])")
        if fam == "triangular":
            return (lo, mode, hi), mode
        a = 1 + PERT_LAMBDA * (mode - lo) / (hi - lo)
        b = 1 + PERT_LAMBDA * (hi - mode) / (hi - lo)
        return (a, b, lo, hi), mode
    raise AssertionError(fam)


def _beta_kappa_for_width(m: float, width: float) -> float:
    """Concentration κ = α + β of the beta with mean m whose central 95 % interval is `width` wide."""
    from scipy import optimize, special

    def w(logk: float) -> float:
        k = math.exp(logk)
        a, b = m * k, (1 - m) * k
        return float(special.betaincinv(a, b, 0.975) - special.betaincinv(a, b, 0.025)) - width

    lo, hi = math.log(1e-3), math.log(1e9)
    _need(width > 0, "ci95", "the interval must have positive width")
    if w(lo) < 0:
        raise _ParamError("ci95", f"no beta with mean {_fmt(m)} is that uncertain (interval width {_fmt(width)}; "
                                  f"at most {_fmt(w(lo) + width)})")
    if w(hi) > 0:
        raise _ParamError("ci95", f"interval too narrow for a beta (width {_fmt(width)})")
    return math.exp(optimize.brentq(w, lo, hi, xtol=1e-12, rtol=1e-12))


def _sets(fam: str) -> str:
    return " · ".join("(" + ", ".join(s) + ")" for s in FAMILIES[fam])


def _show(v: Any) -> str:
    if isinstance(v, str):
        return repr(v) if len(v) < 40 else repr(v[:37] + "...")
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "a list" if len(v) > 6 else "[" + ", ".join(_show(x) for x in v) + "]"
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, (int, float)):
        return _fmt(float(v)) if isinstance(v, float) else str(v)
    return type(v).__name__


def _did_you_mean(word: str, options) -> str:
    import difflib

    m = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{m[0]}'?" if m else ""
