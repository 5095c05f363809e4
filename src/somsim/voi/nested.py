"""Two-level (nested) Monte Carlo EVPPI: the slow, assumption-free reference (private).

For each of ``outer`` draws of the inputs of interest, ``inner`` draws of every other input from
its conditional distribution (the Gaussian copula is conditioned exactly: the other inputs' normal
scores given the group's are normal with mean R_rg R_gg⁻¹ z_g), run the model, and average the net
benefit; then EVPPI = mean(max(ḡ, 0)) − max(mean(ḡ), 0). Binomial cohorts are drawn in the inner
loop. The inner mean's own noise biases max(ḡ, 0) upwards; the estimate subtracts the plug-in
correction τφ(ḡ/τ) − |ḡ|Φ(−|ḡ|/τ), τ = inner SD / √inner (its size is reported).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

from somsim.errors import UsageError
from somsim.scenario.loader import Scenario
from somsim.simulation import engine


def evppi_nested(sc: Scenario, members, *, perspective: str | None = None, min_npv: float = 0.0,
                 outer: int = 500, inner: int = 2000, seed: int = 0, batch_rows: int = 200_000) -> dict:
    """EVPPI of the inputs ``members`` by nested Monte Carlo.

    Returns ``{"value", "se", "bias_correction", "outer", "inner"}``: ``se`` is the Monte Carlo
    standard error over the outer draws; ``bias_correction`` is what was subtracted for the inner
    noise (if it is not small against ``se``, raise ``inner``). Costs ``outer × inner`` model runs.
    """
    members = [members] if isinstance(members, str) else list(members)
    plan = engine.make_plan(sc, draws=1, seed=seed)
    names = plan.input_names
    unknown = [m for m in members if m not in names]
    if unknown or not members:
        raise UsageError(f"not uncertain inputs of the scenario: {', '.join(unknown) or '(none given)'}")
    col = sc.outputs.index(perspective or sc.perspective)
    idx = [names.index(m) for m in members]
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,)))
    cols = [int(c) for c in plan.cop_cols]
    F = plan.cop_F

    def with_copula(U):
        if cols:
            U[:, cols] = ndtr(ndtri(U[:, cols]) @ F.T)
        return U

    def net_benefit(U):  # with stochastic cohorts: the expectation given the parameters (§6.6)
        X = engine.transform(plan, U, copula=False)
        return engine.run_model(plan.spec, X).npv[:, col] - min_npv

    n_in = len(names)
    Uo = with_copula(rng.random((outer, n_in)))
    cg = [c for c in cols if c in idx]
    cr = [c for c in cols if c not in idx]
    if cg and cr:  # conditional normal scores of the correlated others given the group's
        R = F @ F.T
        pos = {c: k for k, c in enumerate(cols)}
        g, r = [pos[c] for c in cg], [pos[c] for c in cr]
        Bm = R[np.ix_(r, g)] @ np.linalg.inv(R[np.ix_(g, g)])
        C = R[np.ix_(r, r)] - Bm @ R[np.ix_(g, r)]
        w, V = np.linalg.eigh((C + C.T) / 2)
        Lc = V * np.sqrt(np.clip(w, 0, None))
    per = max(1, batch_rows // inner)
    gbar, gvar = np.empty(outer), np.empty(outer)
    for i0 in range(0, outer, per):
        i1 = min(outer, i0 + per)
        rep = np.repeat(np.arange(i0, i1), inner)
        U = with_copula(rng.random((len(rep), n_in)))
        U[:, idx] = Uo[rep][:, idx]
        if cg and cr:
            z = ndtri(Uo[rep][:, cg]) @ Bm.T + rng.standard_normal((len(rep), len(cr))) @ Lc.T
            U[:, cr] = ndtr(z)
        nb = net_benefit(U).reshape(i1 - i0, inner)
        gbar[i0:i1], gvar[i0:i1] = nb.mean(axis=1), nb.var(axis=1, ddof=1)
    tau = np.sqrt(gvar / inner)
    a = np.abs(gbar)
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = np.where(tau > 0, tau * np.exp(-0.5 * (a / tau) ** 2) / np.sqrt(2 * np.pi) - a * ndtr(-a / tau), 0.0)
    mean = float(gbar.mean())
    h = np.maximum(gbar, 0.0) - corr - (gbar if mean > 0 else 0.0)
    return {"value": float(h.mean()), "se": float(h.std(ddof=1) / np.sqrt(outer)),
            "bias_correction": float(corr.mean()), "outer": outer, "inner": inner}
