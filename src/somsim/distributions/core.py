"""A scenario value as a validated distribution: :class:`Distribution` and :func:`parse_distribution`.

A scenario value is either a number (a fixed value) or a table ``{ dist = FAMILY, ... }``.
:func:`parse_distribution` turns the raw TOML value into a frozen :class:`Distribution` (or a list
of problems); every family is reduced to *canonical* parameters that the samplers use. The
families themselves (forms, constraints, canonical form, point value, support, scipy object,
kernel code) are declared in :mod:`somsim.distributions.families`; this module dispatches through
its ``REGISTRY``.

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

from somsim.distributions._common import (
    MAX_ABS,
    ParamError,
    did_you_mean,
    fmt,
    is_interval,
    is_number,
    show,
    too_large,
)
from somsim.distributions.base import Family, Form, Params
from somsim.distributions.families import CODE, FAMILIES, REGISTRY

__all__ = ["FAMILIES", "Distribution", "fixed", "parse_distribution"]

#: keys every distribution table may carry besides its parameters
META_KEYS = ("dist", "point", "source", "note")
#: parameters written as an interval [low, high] rather than a number
INTERVAL_KEYS = ("ci95",)
#: integer codes used by the compiled samplers (generated from the registry: families.CODE)
FAMILY_CODE = CODE

# Roles: which support a quantity must have (scenario-format.md §2)
ROLE_SUPPORT = {
    "rate": (0.0, 1.0, "a success rate must have support in [0, 1]"),
    "nonneg": (0.0, math.inf, "prices, costs and scales must be ≥ 0"),
    "discount": (-0.9, math.inf, "a discount rate must stay above -0.9"),
    "any": (-math.inf, math.inf, ""),
}

# the message helpers under the names other layers import them by (scenario, present, sensitivity, cli)
_fmt = fmt
_show = show
_did_you_mean = did_you_mean

#: (sub_key, message) pairs; sub_key is relative to the value's own key path ('' for the value itself)
Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class Distribution:
    """A validated distribution: family, the parameters as written, canonical parameters.

    Attributes
    ----------
    family : str
        The family's name (a key of ``families.REGISTRY``).
    given : tuple of (str, value) pairs
        The parameters as written, in the order of the chosen form (a value is a float, or
        (low, high) for an interval).
    canon : tuple of float
        The canonical parameters (see the module's table).
    point : float
        The point value used by the base case.
    source, note : str or None
        The scenario's text about where the value comes from.
    """

    family: str
    given: tuple[tuple[str, float | tuple[float, float]], ...]
    canon: tuple[float, ...]
    point: float
    source: str | None = None
    note: str | None = None
    _frozen: Any = field(default=None, repr=False, compare=False)

    # -- descriptive -----------------------------------------------------------------
    @property
    def kind(self) -> Family:
        """The family's declaration in the registry."""
        return REGISTRY[self.family]

    @property
    def is_fixed(self) -> bool:
        """True for a fixed value (no uncertainty)."""
        return self.family == "fixed"

    @property
    def support(self) -> tuple[float, float]:
        """The closed interval [low, high] that holds every value (bounds may be infinite)."""
        return self.kind.support(self.canon)

    def describe(self) -> str:
        """Short text such as ``beta(mean=0.25, sd=0.06)``."""
        if self.is_fixed:
            return fmt(self.canon[0])
        parts = []
        for k, v in self.given:
            parts.append(f"{k}=[{fmt(v[0])}, {fmt(v[1])}]" if isinstance(v, tuple) else f"{k}={fmt(v)}")
        return f"{self.family}({', '.join(parts)})"

    def frozen(self) -> Any:
        """The equivalent ``scipy.stats`` frozen distribution (reference sampler)."""
        return self.kind.frozen(self.canon)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF through scipy (the readable reference; the engine uses model.kernels)."""
        return self.kind.ppf(self.canon, np.asarray(u, dtype=float))

    def mean(self) -> float:
        """The distribution's mean."""
        return self.kind.mean(self.canon)

    def sd(self) -> float:
        """The distribution's standard deviation."""
        return self.kind.sd(self.canon)


def fixed(value: float, source: str | None = None) -> Distribution:
    """A fixed value as a distribution."""
    v = float(value)
    return Distribution("fixed", (("value", v),), (v,), v, source=source)


#: what every parsing step returns: a distribution and no problems, or None and the problems
Parsed = tuple[Distribution | None, Problems]


# --------------------------------------------------------------------------------------------
# parsing: each step returns its problems; the first step with any ends the parse


def parse_distribution(raw: Any, *, role: str = "any") -> Parsed:
    """Validate a raw TOML value as a number or a distribution table.

    Parameters
    ----------
    raw : Any
        The value as read from TOML.
    role : {'any', 'rate', 'nonneg', 'discount'}
        The support the quantity must have (scenario-format.md §2).

    Returns
    -------
    (Distribution or None, list of (str, str))
        The distribution and no problems, or None and the problems; each problem is
        ``(sub_key, message)`` where ``sub_key`` is relative to the value's own key path
        ('' for the value itself).
    """
    if is_number(raw):
        return _parse_number(float(raw), role)
    if isinstance(raw, float):  # nan or inf
        return None, [("", f"expected a finite number (got {show(raw)})")]
    if isinstance(raw, bool) or not isinstance(raw, dict):
        return None, [("", f"expected a number or a distribution table {{ dist = ... }} (got {show(raw)})")]
    return _parse_table(raw, role)


def _parse_number(v: float, role: str) -> Parsed:
    lo_ok, hi_ok, role_text = ROLE_SUPPORT[role]
    if not (lo_ok <= v <= hi_ok) or (role == "discount" and v <= lo_ok):
        return None, [("", f"{role_text} (got {fmt(v)})")]
    if abs(v) > MAX_ABS:
        return None, [("", too_large(v))]
    return fixed(v), []


def _parse_table(raw: dict, role: str) -> Parsed:
    family, problems = _family_of(raw)
    if family is None:
        return None, problems
    params = {k: v for k, v in raw.items() if k not in META_KEYS}
    problems = _unknown_parameters(family, params) + _text_fields(raw)
    if problems:
        return None, problems
    form = family.form(params)
    if form is None:
        return None, [("", f"{family.name} takes one of the parameter sets {_sets(family)} "
                           f"(got {', '.join(sorted(params)) or 'no parameters'})")]
    problems = [pr for k in form.keys if (pr := _value_problem(k, params[k])) is not None]
    if problems:
        return None, problems
    p: Params = {k: (tuple(float(x) for x in v) if isinstance(v, list) else float(v)) for k, v in params.items()}
    dist, problems = _build(family, form, p, raw)
    if dist is None:
        return None, problems
    problems = _role_problems(dist, role)
    if problems:
        return None, problems
    if "point" in raw:
        return _with_point(dist, raw["point"], role)
    return dist, []


def _family_of(raw: dict) -> tuple[Family | None, Problems]:
    fam = raw.get("dist")
    if fam is None:
        return None, [("dist", "a distribution table needs `dist` (one of " + ", ".join(REGISTRY) + ")")]
    if not isinstance(fam, str) or fam not in REGISTRY:
        hint = did_you_mean(str(fam), REGISTRY)
        return None, [("dist", f"unknown distribution family (got {show(fam)}; expected one of "
                               f"{', '.join(REGISTRY)}){hint}")]
    return REGISTRY[fam], []


def _unknown_parameters(family: Family, params: dict) -> Problems:
    allowed = family.parameters
    return [(k, f"unknown parameter for {family.name} (expected {_sets(family)})"
                f"{did_you_mean(k, allowed + list(META_KEYS))}")
            for k in params if k not in allowed]


def _text_fields(raw: dict) -> Problems:
    return [(k, f"expected text (got {show(raw[k])})") for k in ("source", "note")
            if k in raw and not isinstance(raw[k], str)]


def _value_problem(key: str, v: Any) -> tuple[str, str] | None:
    """The problem with one parameter's raw value (type and size only), or None."""
    if key in INTERVAL_KEYS:
        if not is_interval(v):
            return key, f"expected an interval [low, high] of two numbers (got {show(v)})"
        if not v[0] < v[1]:
            return key, f"the interval's low must be below its high (got {show(v)})"
        if max(abs(v[0]), abs(v[1])) > MAX_ABS:
            return key, too_large(max(v, key=abs))
        return None
    if not is_number(v):
        return key, f"expected a number (got {show(v)})"
    if abs(v) > MAX_ABS:
        return key, too_large(v)
    return None


def _build(family: Family, form: Form, p: Params, raw: dict) -> Parsed:
    """The distribution of parameters `p` in `form`, or the constraint they break."""
    try:
        canon, point = family.canonicalize(form, p)
        if not all(math.isfinite(c) and abs(c) < 1e300 for c in (*canon, point)):
            raise OverflowError
    except ParamError as e:
        return None, [(e.key, e.msg)]
    except (ArithmeticError, ValueError):  # e.g. sd = 1e-200: sd² underflows to 0
        shown = ", ".join(f"{k}={show(list(v) if isinstance(v, tuple) else v)}" for k, v in p.items())
        return None, [("", f"parameters too extreme to compute a {family.name} distribution (got {shown}; "
                           "expected moderate values: use a plain number for a fixed value)")]
    given = tuple((k, p[k]) for k in form.keys)
    return Distribution(family.name, given, canon, point, source=raw.get("source"), note=raw.get("note")), []


def _role_problems(dist: Distribution, role: str) -> Problems:
    """The problem when the distribution's support does not fit the quantity's role."""
    if role == "any":
        return []
    lo_ok, hi_ok, role_text = ROLE_SUPPORT[role]
    lo, hi = dist.support
    if role == "discount":  # a normal is allowed when its mass below -0.9 is negligible
        bad = dist.kind.negligible_below(dist.canon) <= lo_ok
    else:
        bad = lo < lo_ok or hi > hi_ok
    if not bad:
        return []
    hint = ""
    if role == "rate":  # gamma and lognormal are unbounded above: no use for a rate
        hint = " (use beta, or truncnormal, uniform, triangular or pert within [0, 1])"
    elif math.isinf(lo):
        hint = " (use truncnormal, beta, gamma, lognormal or a bounded family)"
    return [("", f"{role_text} (got {dist.describe()} with support [{fmt(lo)}, {fmt(hi)}]){hint}")]


def _with_point(dist: Distribution, pt: Any, role: str) -> Parsed:
    """`dist` with its point value overridden by ``point = pt``, or the problem with `pt`."""
    lo_ok, _, role_text = ROLE_SUPPORT[role]
    lo, hi = dist.support
    if not is_number(pt):
        return None, [("point", f"expected a number (got {show(pt)})")]
    if abs(pt) > MAX_ABS:
        return None, [("point", too_large(pt))]
    if not (lo <= pt <= hi):
        return None, [("point", f"the point value must lie in the support (got {fmt(pt)}; "
                                f"expected [{fmt(lo)}, {fmt(hi)}])")]
    if role == "discount" and not pt > lo_ok:  # a normal discount rate has unbounded support
        return None, [("point", f"{role_text} (got {fmt(pt)})")]
    return Distribution(dist.family, dist.given, dist.canon, float(pt), source=dist.source, note=dist.note), []


def _sets(family: Family) -> str:
    return " · ".join("(" + ", ".join(s) + ")" for s in family.parameter_sets)
