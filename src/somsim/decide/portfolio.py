"""The portfolio of options that fits a budget and maximises expected NPV, exactly.

Each option has a cost for the paying actor: its expected present-value cost, or its expected cost
in each budget year (undiscounted, as a municipal budget reads it). The best portfolio on current
information maximises the expected NPV of the perspective, ``Σ_i x_i E[NPV_i]``, subject to
``Σ_i x_i cost_i ≤ budget`` (in every budget year), ``x_i ∈ {0, 1}``: a binary knapsack, solved
exactly by integer programming (:func:`scipy.optimize.milp`, HiGHS).

Across the draws: the portfolio that would be best if the draw were known (the same budget and
costs) is found for every draw, exactly, by enumeration: with one budget, by meet-in-the-middle
(the options in two halves of at most 2^10 subsets each; for a subset of the first half the
affordable subsets of the second half are a prefix of them sorted by cost, so the best partner is
a running maximum), which makes 20 options × 10,000 draws a matter of a second; with a budget per
year, by enumerating the subsets that fit every year. The costs that decide what fits are the
expected costs (a budget is planned on expected costs); when an option's cost is uncertain, its
uncertainty still enters the NPV of every draw, and the notes say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from somsim._vocab import ACTORS, OUTPUTS
from somsim.decide.compare import Comparison
from somsim.errors import UsageError

__all__ = ["MAX_OPTIONS", "Portfolio", "best_per_draw", "best_subset", "document", "enumerate_best", "portfolio",
           "yearly_costs"]

SCHEMA = "somsim.portfolio/1"
MAX_OPTIONS = 20  # exact per-draw enumeration up to here (2^20 subsets)
_TOL = 1e-9  # relative tolerance of "fits the budget" (costs are sums of floats)


def _fits(cost: np.ndarray, budget: np.ndarray) -> np.ndarray:
    """Which rows of `cost` (subsets × years) fit `budget` (years)."""
    return np.all(cost <= budget * (1 + _TOL) + _TOL, axis=-1)


def _masks(n: int) -> np.ndarray:
    """(2^n, n) bool: every subset of n options (bit j of the row number = option j)."""
    return ((np.arange(2**n)[:, None] >> np.arange(n)[None, :]) & 1).astype(bool)


def _check(values: np.ndarray, costs: np.ndarray, budget) -> tuple[np.ndarray, np.ndarray]:
    costs = np.asarray(costs, dtype=float)
    costs = costs[:, None] if costs.ndim == 1 else costs
    budget = np.atleast_1d(np.asarray(budget, dtype=float))
    if costs.shape != (values.shape[-1], len(budget)):
        raise UsageError(f"costs must be (options, years) = ({values.shape[-1]}, {len(budget)}); got {costs.shape}")
    if np.any(costs < 0) or np.any(budget < 0) or not np.all(np.isfinite(costs)):
        raise UsageError("costs and budgets must be finite and ≥ 0")
    return costs, budget


def best_subset(values, costs, budget) -> tuple[np.ndarray, float]:
    """The subset with the largest total value whose cost fits the budget (binary knapsack, exact).

    Parameters
    ----------
    values : (n,) array
        Value of each option (expected NPV).
    costs : (n,) or (n, years) array
        Cost of each option (in each budget year).
    budget : float or (years,) array
        The budget (in each year).

    Returns
    -------
    (numpy.ndarray, float)
        The chosen options (bool) and their total value. Solved with :func:`scipy.optimize.milp`.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    values = np.asarray(values, dtype=float)
    costs, budget = _check(values, costs, budget)
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=bool), 0.0
    # options that cannot add value are left out; the rest go to the solver on a common scale
    scale = max(float(np.abs(values).max()), 1.0)
    res = milp(c=-values / scale, integrality=np.ones(n), bounds=Bounds(0, 1),
               constraints=LinearConstraint(costs.T, -np.inf, budget * (1 + _TOL) + _TOL),
               options={"mip_rel_gap": 0.0})
    if res.x is None:
        raise UsageError(f"the portfolio problem could not be solved ({res.message})")
    x = np.round(res.x).astype(bool)
    return x, float(values[x].sum())


def enumerate_best(values, costs, budget) -> tuple[np.ndarray, float]:
    """The same as :func:`best_subset` by trying every subset (a reference; n ≤ 20)."""
    values = np.asarray(values, dtype=float)
    costs, budget = _check(values, costs, budget)
    M = _masks(len(values))
    ok = _fits(M @ costs, budget)
    tot = np.where(ok, M @ values, -np.inf)
    j = int(np.argmax(tot))
    return M[j], float(tot[j])


def best_per_draw(V: np.ndarray, costs, budget, *, chunk: int = 2048) -> np.ndarray:
    """(draws, n) bool: the best affordable portfolio of each draw's values ``V`` (draws × n), exactly.

    One budget: meet-in-the-middle over the two halves of the options (see the module docstring).
    A budget per year: every subset that fits all years. Ties go to the subset found first.
    """
    V = np.asarray(V, dtype=float)
    costs, budget = _check(V, costs, budget)
    n = V.shape[1]
    if n > MAX_OPTIONS:
        raise UsageError(f"the per-draw portfolio is exact up to {MAX_OPTIONS} options (got {n})")
    out = np.zeros(V.shape, dtype=bool)
    if costs.shape[1] > 1:
        M = _masks(n)
        M = M[_fits(M @ costs, budget)]
        Mf = M.astype(float).T
        for s in range(0, len(V), chunk):
            out[s:s + chunk] = M[np.argmax(V[s:s + chunk] @ Mf, axis=1)]
        return out
    h = n // 2
    MA, MB = _masks(h), _masks(n - h)
    cA, cB = MA @ costs[:h, 0], MB @ costs[h:, 0]
    order = np.argsort(cB, kind="stable")
    MB, cB = MB[order], cB[order]
    fa = np.flatnonzero(cA <= budget[0] * (1 + _TOL) + _TOL)
    MA, cA = MA[fa], cA[fa]
    # for each subset of the first half: the affordable subsets of the second half are MB[:last + 1]
    last = np.searchsorted(cB, budget[0] * (1 + _TOL) + _TOL - cA, side="right") - 1
    cols = np.arange(len(cB))
    MAf, MBf = MA.astype(float).T, MB.astype(float).T
    for s in range(0, len(V), chunk):
        v = V[s:s + chunk]
        VA, VB = v[:, :h] @ MAf, v[:, h:] @ MBf
        PB = np.maximum.accumulate(VB, axis=1)
        a = np.argmax(VA + PB[:, last], axis=1)
        b = np.argmax(np.where(cols[None, :] <= last[a][:, None], VB, -np.inf), axis=1)
        out[s:s + chunk, :h] = MA[a]
        out[s:s + chunk, h:] = MB[b]
    return out


def yearly_costs(sc, actor: str, years: int) -> np.ndarray:
    """Expected cost of `sc` for `actor` in budget years 0 … years-1 (undiscounted, kr.).

    Per-participant costs fall in each cohort's year (participants × expected cost), amounts in
    their years; the expected value of each cost's distribution is used.
    """
    out = np.zeros(years)
    for c in sc.costs:
        if c.actor != actor:
            continue
        if c.per_participant is not None:
            for y, n in enumerate(sc.cohorts):
                if y < years:
                    out[y] += n * c.per_participant.mean()
        elif c.amount is not None:
            for y in c.years:
                if y < years:
                    out[y] += c.amount.mean()
    return out


@dataclass
class Portfolio:
    """The best portfolio on expected values and what the draws say about it.

    Attributes
    ----------
    labels : the options; ``costs`` (options, years) their costs; ``budget`` (years,)
    chosen : (options,) the best portfolio on expected NPV
    mean_npv : (options,) expected NPV of each option (perspective)
    prob_in_best : (options,) share of draws whose best portfolio holds the option
    npv : (draws,) NPV of the chosen portfolio per draw
    """

    labels: tuple[str, ...]
    perspective: str
    actor: str
    cost_basis: str
    costs: np.ndarray
    budget: np.ndarray
    chosen: np.ndarray
    mean_npv: np.ndarray
    prob_in_best: np.ndarray
    npv: np.ndarray
    notes: list[str] = field(default_factory=list)


def portfolio(cmp: Comparison, budget, *, actor: str = "kommune", years: int | None = None) -> Portfolio:
    """The portfolio of the options of `cmp` that fits `budget` and maximises expected NPV.

    Parameters
    ----------
    cmp : Comparison
        The options on common random numbers (:func:`somsim.decide.compare.compare`), without the status quo.
    budget : float or sequence of float
        The budget: for the present value of the costs, or (with `years`) for each budget year
        (one number: the same every year).
    actor : str
        Who pays: the costs counted are this actor's (kommune, region, stat or total).
    years : int, optional
        Budget years 0 … years-1, each with its budget, instead of the present value.

    Returns
    -------
    Portfolio
    """
    if actor not in OUTPUTS:
        raise UsageError(f"actor must be one of {', '.join(OUTPUTS)} (got {actor!r})")
    if any(sc is None for sc in cmp.scenarios):
        raise UsageError("a portfolio is chosen among real options: leave out the status quo")
    n = len(cmp.labels)
    if n > MAX_OPTIONS:
        raise UsageError(f"a portfolio of at most {MAX_OPTIONS} options (got {n})")
    b = np.atleast_1d(np.asarray(budget, dtype=float))
    notes: list[str] = []
    if years is None:
        if len(b) != 1:
            raise UsageError("give one budget, or --years with a budget per year")
        costs = cmp.costs_pv[:, :, OUTPUTS.index(actor)].mean(axis=0)[:, None]
        basis = "present value"
    else:
        if len(b) not in (1, years):
            raise UsageError(f"give one budget or one per year ({years}); got {len(b)}")
        b = np.broadcast_to(b, (years,)).copy()
        who = ACTORS if actor == "total" else (actor,)
        costs = np.array([sum(yearly_costs(sc, a, years) for a in who) for sc in cmp.scenarios])
        basis = f"per budget year 0–{years - 1} (undiscounted)"
    uncertain = [lb for lb, sc in zip(cmp.labels, cmp.scenarios)
                 if sc is not None and any(c.value.family != "fixed" for c in sc.costs)]
    if uncertain:
        notes.append("Costs decide what fits the budget at their expected values; their uncertainty enters the NPV "
                     f"of each draw ({', '.join(uncertain)}).")
    V = cmp.net_benefit()
    mean = V.mean(axis=0)
    chosen, _ = best_subset(mean, costs, b)
    per_draw = best_per_draw(V, costs, b)
    prices = {sc.price_year for sc in cmp.scenarios if sc is not None}
    if len(prices) > 1:
        notes.append("The options are in different price years: convert them to one before adding them up.")
    return Portfolio(labels=cmp.labels, perspective=cmp.perspective, actor=actor, cost_basis=basis, costs=costs,
                     budget=b, chosen=chosen, mean_npv=mean, prob_in_best=per_draw.mean(axis=0),
                     npv=V[:, chosen].sum(axis=1), notes=notes)


def document(p: Portfolio, *, draws_seed: tuple[int, int] | None = None) -> dict:
    """The portfolio as JSON (schema ``somsim.portfolio/1``)."""
    from somsim._version import __version__

    npv = p.npv
    q05, q50, q95 = (float(v) for v in np.quantile(npv, [0.05, 0.5, 0.95]))
    return {
        "schema": SCHEMA, "somsim_version": __version__, "draws": int(len(npv)),
        "seed": None if draws_seed is None else draws_seed[1],
        "perspective": p.perspective, "actor": p.actor, "cost_basis": p.cost_basis,
        "budget": [float(v) for v in p.budget],
        "options": {lb: {"cost": [float(v) for v in p.costs[i]], "mean_npv": float(p.mean_npv[i]),
                         "chosen": bool(p.chosen[i]), "prob_in_best": float(p.prob_in_best[i])}
                    for i, lb in enumerate(p.labels)},
        "best": {"options": [lb for lb, c in zip(p.labels, p.chosen) if c],
                 "cost": [float(v) for v in p.costs[p.chosen].sum(axis=0)] if p.chosen.any()
                 else [0.0] * len(p.budget),
                 "mean_npv": float(npv.mean()), "sd_npv": float(np.std(npv, ddof=1)) if len(npv) > 1 else 0.0,
                 "mcse": float(np.std(npv, ddof=1) / math.sqrt(len(npv))) if len(npv) > 1 else 0.0,
                 "p05": q05, "p50": q50, "p95": q95, "prob_negative": float(np.mean(npv < 0))},
        "notes": p.notes,
        "units": "DKK in the options' price year",
    }
