"""Summaries of a probabilistic run: moments, MCSE, quantiles, chances, break-even by year, bands.

Reductions combine per-block sums in block order with exactly rounded sums (math.fsum), and
counts as integers, so the numbers do not depend on how blocks were grouped into chunks.
"""

from __future__ import annotations

import math

import numpy as np

from somsim.model.reference import OUTPUTS
from somsim.simulation.sampling import BLOCK
from somsim.results.summary import ORDER

__all__ = ["QUANTILES", "assemble", "converged", "describe"]

QUANTILES = {"p05": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}
_MOMENT_INDEX = {"npv": 0, "gains_pv": 4, "costs_pv": 8}


def _moments(chunks):
    sums = np.concatenate([c.sums for c in chunks])
    m2s = np.concatenate([c.m2s for c in chunks])
    pos = np.concatenate([c.positive for c in chunks])
    sizes = np.concatenate([c.sizes for c in chunks]).astype(float)
    N = int(sizes.sum())
    J = sums.shape[1]
    mean = np.array([math.fsum(sums[:, j]) / N for j in range(J)])
    bmean = sums / sizes[:, None]
    m2 = np.array([math.fsum(np.concatenate([m2s[:, j], sizes * (bmean[:, j] - mean[j]) ** 2])) for j in range(J)])
    sd = np.sqrt(m2 / max(N - 1, 1))
    positive = pos.sum(axis=0)
    return N, mean, sd, positive


def describe(values: np.ndarray | None, mean: float, sd: float, n: int, positive: int, *,
             q: np.ndarray | None = None) -> dict:
    """The contract's statistics of one output (exact quantiles from all values, or `q` when given:
    the same quantiles found without keeping the values, see _stream.py)."""
    if q is None:
        q = np.quantile(values, list(QUANTILES.values()))
    d = {"mean": float(mean), "sd": float(sd), "mcse": float(sd / math.sqrt(n))}
    d.update({k: float(v) + 0.0 for k, v in zip(QUANTILES, q)})  # + 0.0: no signed zeros
    d["prob_positive"] = positive / n
    return d


def converged(chunks, sc, tolerance: float) -> tuple[bool, dict]:
    """The --draws auto criterion on the perspective's NPV."""
    N, mean, sd, positive = _moments(chunks)
    j = OUTPUTS.index(sc.perspective)
    mcse = sd[j] / math.sqrt(N)
    p = positive[j] / N
    mcse_p = math.sqrt(max(p * (1 - p), 1.0 / N) / N)
    target = tolerance * max(abs(mean[j]), sd[j] / 10)
    ok = mcse <= target and mcse_p <= tolerance / 2
    return ok, {"draws": N, "mcse_mean": float(mcse), "target_mcse_mean": float(target),
                "mcse_prob_positive": float(mcse_p), "target_mcse_prob_positive": tolerance / 2,
                "tolerance": tolerance, "converged": bool(ok)}


def assemble(sc, plan, chunks, *, quantiles: str, keep_draws: bool, auto: bool, tolerance: float,
             npv_quantiles: np.ndarray | None = None):
    """Combine the chunks (in block order) into a SimulationResult.

    npv_quantiles: (4, len(QUANTILES)) quantiles of the NPVs when the chunks hold no per-draw NPVs.
    """
    from somsim._version import __version__
    from somsim.simulation.engine import SimulationResult

    N, mean, sd, positive = _moments(chunks)
    assert N == plan.draws, (N, plan.draws)
    n_part = sc.participants
    npv = np.concatenate([c.npv for c in chunks]) if npv_quantiles is None else None
    u: dict = {"npv": {}, "npv_per_participant": {}, "break_even_year": {}}
    for a in ORDER:
        j = OUTPUTS.index(a)
        if npv is None:
            d = describe(None, mean[j], sd[j], N, int(positive[j]), q=npv_quantiles[j])
        else:
            d = describe(npv[:, j], mean[j], sd[j], N, int(positive[j]))
        u["npv"][a] = d
        u["npv_per_participant"][a] = {k: (v / n_part if k != "prob_positive" else v) for k, v in d.items()}
    H = plan.spec.horizon
    be = sum(c.be_counts for c in chunks)  # (H + 1, 4) integer counts
    for a in ORDER:
        j = OUTPUTS.index(a)
        by = np.cumsum(be[:H, j])
        u["break_even_year"][a] = {"prob_by_year": [int(x) / N for x in by], "prob_never": int(be[H, j]) / N}
    for name in ("gains_pv", "costs_pv"):
        o = _MOMENT_INDEX[name]
        u[name] = {a: {"mean": float(mean[o + OUTPUTS.index(a)]), "sd": float(sd[o + OUTPUTS.index(a)])}
                   for a in ORDER}
    cum = [c.cumulative for c in chunks if c.cumulative is not None]
    cumulative = np.concatenate(cum) if cum else None
    if cumulative is not None:
        n_b, H_, J = cumulative.shape
        # partition contiguous rows (one per year and actor) rather than along a strided axis
        rows = np.ascontiguousarray(cumulative.reshape(n_b, H_ * J).T)
        qs = np.quantile(rows, list(QUANTILES.values()), axis=1).reshape(len(QUANTILES), H_, J)  # (5, H, 4)
        bands: dict = {"draws": int(len(cumulative))}
        cm = cumulative.mean(axis=0)
        for a in ORDER:
            j = OUTPUTS.index(a)
            bands[a] = {"mean": [float(x) for x in cm[:, j]],
                        **{k: [float(x) for x in qs[i, :, j]] for i, k in enumerate(QUANTILES)}}
        u["cumulative_npv_by_year"] = bands
    u["quantile_method"] = "exact"  # np.quantile's 'linear' order statistics, whether kept or streamed
    extra = {"provenance": {"somsim_version": __version__, "numpy_version": np.__version__,
                            "block_size": BLOCK, "scenario_sha256": sc.sha256}}
    if auto:
        extra["auto_draws"] = converged(chunks, sc, tolerance)[1]
    keep = keep_draws
    return SimulationResult(
        scenario=sc, plan=plan, summary=u, extra=extra, npv=npv,
        inputs=np.concatenate([c.inputs for c in chunks]) if keep else None,
        net=np.concatenate([c.net for c in chunks]) if keep else None,
        break_even=np.concatenate([c.break_even for c in chunks]) if keep else None,
        cumulative=cumulative,
    )
