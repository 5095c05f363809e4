"""One-at-a-time sensitivity in SØM style: tornado rows and switching values.

* Tornado: each input to its low and high value (the 5 % and 95 % quantiles, or a user range)
  with every other quantity at its point value; one kernel call for all rows.
* Switching value: the value of one quantity at which an NPV output of the base case crosses
  zero (e.g. the break-even success rate). The quantity's support is scanned on a grid (its
  quantiles, its bounds and, for unbounded supports, geometric steps away from the point) in one
  kernel call; every sign change is refined with Brent's method on the kernel. The root nearest
  the point value is reported; "none in support" when the NPV does not change sign.

Every evaluation goes through the numba kernel on a spec where every model quantity is a column,
so fixed quantities (a fixed success rate) can be varied too.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from somsim._text import did_you_mean
from somsim.errors import UsageError
from somsim.scenario.loader import Scenario
from somsim.sensitivity.common import (
    Evaluator,
    SensitivityResult,
    clean,
    common_notes,
    constant_notes,
    is_constant,
    resolve_outputs,
)

__all__ = ["run_oat"]

#: quantiles scanned for switching values (besides the bounds and the point value)
_U_GRID = np.concatenate([[1e-9, 1e-6, 1e-4, 1e-3, 0.01, 0.025], np.linspace(0.05, 0.95, 19),
                          [0.975, 0.99, 0.999, 1 - 1e-4, 1 - 1e-6, 1 - 1e-9]])
_STEPS = 2.0 ** np.arange(-4, 51)  # geometric steps towards an infinite bound, in units of the scale


def _role_bounds(name: str) -> tuple[float, float]:
    """The contract's bounds of a quantity by its name (scenario-format.md §2)."""
    if name == "success_rate":
        return 0.0, 1.0
    if name == "discount_rate":
        return -1.0 + 1e-6, math.inf  # (1 + r)^-t needs r > -1
    if name.startswith(("cost.", "price.")) or name.endswith(".scale"):
        return 0.0, math.inf
    return -math.inf, math.inf  # consequence shocks z


def _check_ranges(ranges: dict[str, tuple[float, float]], params: dict) -> None:
    """Refuse a range of an unknown quantity, or one outside the quantity's allowed values (UsageError)."""
    for name, rg in ranges.items():
        if name not in params:
            raise UsageError(f"unknown input in a range (got {name!r}){did_you_mean(name, list(params))}")
        if len(rg) != 2 or not all(math.isfinite(float(v)) for v in rg) or not float(rg[0]) < float(rg[1]):
            raise UsageError(f"a range needs two finite numbers LOW < HIGH (got {name}={rg!r})")
        blo, bhi = _role_bounds(name)
        if not (blo <= float(rg[0]) and float(rg[1]) <= bhi):
            raise UsageError(f"the range of {name} leaves its allowed values [{blo:g}, {bhi:g}] "
                             f"(got {rg[0]:g}:{rg[1]:g})")


def run_oat(sc: Scenario, *, outputs=None, probs: tuple[float, float] = (0.05, 0.95),
            ranges: dict[str, tuple[float, float]] | None = None, switching: bool = True) -> SensitivityResult:
    """Tornado rows and switching values; the arguments are those of :func:`somsim.sensitivity.core.oat`."""
    from somsim.model.reference import compile_spec

    lo_p, hi_p = (float(p) for p in probs)
    if not 0 < lo_p < hi_p < 1:
        raise UsageError(f"the tornado quantiles must satisfy 0 < low < high < 1 (got {lo_p}, {hi_p})")
    outs = resolve_outputs(sc, outputs)
    spec = compile_spec(sc)
    params = {p.name: p for p in sc.params}
    ranges = dict(ranges or {})
    _check_ranges(ranges, params)
    # shown = used: a price's range is given, and its values are shown, in the scenario's price year;
    # the model's column holds the price as written (the model multiplies it by the factor)
    factor = {n: p.factor for n, p in params.items()}
    ranges = {n: (float(rg[0]) / factor[n], float(rg[1]) / factor[n]) if len(rg) == 2 else rg
              for n, rg in ranges.items()}
    names = list(dict.fromkeys([*sc.input_names, *ranges]))  # uncertain inputs, then ranged fixed quantities
    if not names:
        raise UsageError("the scenario has no uncertain inputs; give --range NAME=LOW:HIGH to vary a fixed quantity")
    q = _Quantities(spec, ev=Evaluator(sc, outs))
    results = _tornado(q, outs, names, params, ranges, (lo_p, hi_p))
    notes = common_notes(sc, designed=True)
    notes.append(f"tornado: each input at its {lo_p:.0%} and {hi_p:.0%} quantile (or the given range) with every "
                 "other quantity at its point value")
    notes += constant_notes(results)
    npv_j = [j for j, o in enumerate(outs) if o.kind in ("npv", "npv_per_participant")
             and not results[j].get("constant")]
    if switching:
        for j in npv_j:
            results[j]["switching_values"] = {}
        # the success rate always (it is the SØM switching value), under its §6.1 names when gross/baseline are given
        gross_baseline = getattr(getattr(sc, "rates", None), "baseline", None) is not None
        rates = ["success_rate.gross", "success_rate.baseline"] if gross_baseline else ["success_rate"]
        for n in dict.fromkeys([*rates, *names]):
            vals = _switching(n, params[n], ranges.get(n), q, npv_j)
            for j in npv_j:
                results[j]["switching_values"][n] = vals[j]
        if npv_j:
            notes.append("switching values: the value of one input at which the base-case NPV is zero, the others "
                         "at their point values; the root nearest the point value, 'roots' lists all found")
    _as_used(results, factor)
    ev = q.ev
    return SensitivityResult("oat", sc, [clean(r) for r in results], ev.evaluations, ev.evaluations, None,
                             {"probs": [lo_p, hi_p],
                              "ranges": {k: [x * factor[k] for x in v] for k, v in ranges.items()},
                              "outputs": [o.name for o in outs]}, notes, [])


def _as_used(results: list[dict], factor: dict[str, float]) -> None:
    """Values of the model's columns (a price as written) times the price-year factor: the values used."""
    for r in results:
        for n, row in r["tornado"].items():
            f = factor.get(n, 1.0)
            if f != 1.0:
                row.update(point=row["point"] * f, low_value=row["low_value"] * f, high_value=row["high_value"] * f)
        for n, row in (r.get("switching_values") or {}).items():
            f = factor.get(n, 1.0)
            if f == 1.0:
                continue
            row["point"] *= f
            row["domain"] = [x * f for x in row["domain"]]
            row["roots"] = [x * f for x in row["roots"]]
            if row["value"] is not None:
                row["value"] *= f


class _Quantities:
    """Every model quantity as a column (fixed ones too), at its point value unless set otherwise."""

    def __init__(self, spec, ev: Evaluator):
        self.full = dataclasses.replace(spec, uncertain=np.ones(spec.n_params, dtype=bool))
        self.point = spec.point.copy()
        self.col = {n: i for i, n in enumerate(spec.param_names)}
        self.ev = ev

    def rows(self, k: int) -> np.ndarray:
        """`k` rows of point values, to be changed in place."""
        return np.repeat(self.point[None, :], k, axis=0)

    def outputs(self, theta: np.ndarray) -> np.ndarray:
        """The outputs (rows, outputs) of the rows `theta`."""
        return self.ev.from_values(theta, spec=self.full)


def _tornado(q: _Quantities, outs, names: list[str], params: dict, ranges: dict,
             probs: tuple[float, float]) -> list[dict]:
    """One result per output with its tornado rows, largest swing first: one kernel call for every row."""
    lows, highs, kinds = [], [], []
    for n in names:
        if n in ranges:
            lo, hi = (float(v) for v in ranges[n])
            kinds.append("range")
        else:
            lo, hi = (float(v) for v in params[n].dist.ppf(np.array(probs)))
            kinds.append("quantiles")
        lows.append(lo)
        highs.append(hi)
    theta = q.rows(1 + 2 * len(names))  # the base row, then a low and a high row per input
    for i, n in enumerate(names):
        theta[1 + 2 * i, q.col[n]] = lows[i]
        theta[2 + 2 * i, q.col[n]] = highs[i]
    Y = q.outputs(theta)
    results = []
    for j, o in enumerate(outs):
        rows = {}
        for i, n in enumerate(names):
            lo_y, hi_y = Y[1 + 2 * i, j], Y[2 + 2 * i, j]
            rows[n] = {"point": q.point[q.col[n]], "low_value": lows[i], "high_value": highs[i], "low": lo_y,
                       "high": hi_y, "swing": abs(hi_y - lo_y), "range": kinds[i]}
        order = sorted(rows, key=lambda k: -rows[k]["swing"])
        res = {"method": "oat", "output": o.name, "n": len(theta), "base": Y[0, j], "probs": list(probs),
               "tornado": {k: rows[k] for k in order}}
        if is_constant(Y[:, j]):  # no input moves it: no tornado of zeros, no switching values
            res["constant"] = True
        results.append(res)
    return results


def _domain(name, inp, rng) -> tuple[float, float]:
    blo, bhi = _role_bounds(name)
    if inp.uncertain:
        slo, shi = inp.dist.support
        return max(slo, blo), min(shi, bhi)
    if rng is not None:
        return float(rng[0]), float(rng[1])
    return blo, bhi


def _grid(name, inp, rng, p0: float) -> tuple[np.ndarray, tuple[float, float]]:
    lo, hi = _domain(name, inp, rng)
    pts = [p0]
    if inp.uncertain:
        q = inp.dist.ppf(_U_GRID)
        pts += list(q[np.isfinite(q)])
        scale = max(abs(p0), inp.dist.sd(), 1e-12)
    else:
        scale = max(abs(p0), 1e-12)
    if math.isfinite(lo) and math.isfinite(hi):
        pts += list(np.linspace(lo, hi, 65))
    else:
        if math.isfinite(lo):
            pts += list(np.linspace(lo, p0, 17))
        else:
            pts += list(p0 - scale * _STEPS)
        if math.isfinite(hi):
            pts += list(np.linspace(p0, hi, 17))
        else:
            pts += list(p0 + scale * _STEPS)
    x = np.unique(np.clip(np.array(pts, dtype=float), lo, hi))
    return x, (lo, hi)


def _switching(name: str, inp, rng, q: _Quantities, npv_j: list[int]) -> dict[int, dict]:
    """Switching values of quantity `name` for each NPV output `j` in `npv_j`: grid scan, then Brent's method."""
    from scipy.optimize import brentq

    c = q.col[name]
    p0 = float(q.point[c])
    x, (lo, hi) = _grid(name, inp, rng, p0)
    theta = q.rows(len(x))
    theta[:, c] = x
    F = q.outputs(theta)

    def f(v: float, j: int) -> float:
        th = q.rows(1)
        th[0, c] = v
        return float(q.outputs(th)[0, j])

    out = {}
    for j in npv_j:
        fj = F[:, j]
        ok = np.isfinite(fj)
        xs, fs = x[ok], fj[ok]
        roots = list(xs[fs == 0.0])
        for a, b, fa, fb in zip(xs[:-1], xs[1:], fs[:-1], fs[1:]):
            if fa * fb < 0:
                roots.append(brentq(f, a, b, args=(j,), xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500))
        roots = sorted(set(roots))
        row: dict = {"point": p0, "domain": [lo, hi]}
        if not roots:
            row.update(value=None, cdf=None, change=None, roots=[], npv_at_value=None,
                       note="none in support" if inp.uncertain or rng is None else "none in range")
        else:
            v = min(roots, key=lambda r: abs(r - p0))
            row.update(value=v, cdf=float(inp.dist.frozen().cdf(v)) if inp.uncertain else None,
                       change=(v - p0) / p0 if p0 != 0 else None, roots=roots, npv_at_value=f(v, j))
        out[j] = row
    return out
