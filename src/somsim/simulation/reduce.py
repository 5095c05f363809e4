"""Summaries of a probabilistic run: moments, MCSE, quantiles, chances, break-even by year, bands.

Reductions combine per-block sums in block order with exactly rounded sums (math.fsum), and
counts as integers, so the numbers do not depend on how blocks were grouped into chunks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from somsim._version import __version__
from somsim._vocab import BLOCK, MOMENT_OUTPUTS, QUANTILES
from somsim.model import kernels as K
from somsim.scenario.loader import Scenario
from somsim.simulation.blocks import Chunk
from somsim.simulation.plan import Plan
from somsim.simulation.result import SimulationResult

__all__ = ["assemble", "converged", "describe"]


def _moment_index(name: str, outputs: Sequence[str]) -> int:
    """First column of one of MOMENT_OUTPUTS in a chunk's sums (one column per output each)."""
    return MOMENT_OUTPUTS.index(name) * len(outputs)


def _moments(chunks: Sequence[Chunk]) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """(draws, mean, sd, count of values > 0) of every moment column, combined in block order."""
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
    """The contract's statistics of one output.

    Quantiles are exact, from all `values`, or `q` when given: the same quantiles found without
    keeping the values (see quantiles.py).
    """
    if q is None:
        assert values is not None, "describe needs the values or their quantiles"
        q = np.quantile(values, list(QUANTILES.values()))
    d = {"mean": float(mean), "sd": float(sd), "mcse": float(sd / math.sqrt(n))}
    d.update({k: float(v) + 0.0 for k, v in zip(QUANTILES, q)})  # + 0.0: no signed zeros
    d["prob_positive"] = positive / n
    return d


def converged(chunks: Sequence[Chunk], sc: Scenario, tolerance: float) -> tuple[bool, dict]:
    """The --draws auto criterion on the perspective's NPV: (met, the figures behind it)."""
    N, mean, sd, positive = _moments(chunks)
    j = sc.outputs.index(sc.perspective)
    mcse = sd[j] / math.sqrt(N)
    p = positive[j] / N
    mcse_p = math.sqrt(max(p * (1 - p), 1.0 / N) / N)
    target = tolerance * max(abs(mean[j]), sd[j] / 10)
    ok = mcse <= target and mcse_p <= tolerance / 2
    return ok, {"draws": N, "mcse_mean": float(mcse), "target_mcse_mean": float(target),
                "mcse_prob_positive": float(mcse_p), "target_mcse_prob_positive": tolerance / 2,
                "tolerance": tolerance, "converged": bool(ok)}


def _concat(chunks: Sequence[Chunk], name: str) -> np.ndarray:
    """The per-draw values `name` of every chunk, in block order (each chunk must hold them)."""
    return np.concatenate([getattr(c, name) for c in chunks])


def _npv_stats(sc: Scenario, npv: np.ndarray | None, npv_quantiles: np.ndarray | None, N: int, mean: np.ndarray,
               sd: np.ndarray, positive: np.ndarray) -> dict:
    """The statistics of the NPV by actor, from every draw's NPV or from its quantiles."""
    if npv_quantiles is None:
        assert npv is not None
        npv_quantiles = _column_quantiles(npv)
    out = {}
    for a in sc.display_order:
        j = sc.outputs.index(a)
        out[a] = describe(None, mean[j], sd[j], N, int(positive[j]), q=npv_quantiles[j])
    return out


def _column_quantiles(x: np.ndarray) -> np.ndarray:
    """np.quantile of each column of x (draws × outputs) at QUANTILES: (outputs, len(QUANTILES)).

    The columns are done on the kernel threads (np.partition releases the GIL); each is the same
    np.quantile call as on its own, so the numbers do not depend on the thread count.
    """
    probs = list(QUANTILES.values())
    parts = K.map_ordered(lambda j: np.quantile(x[:, j], probs), [(j,) for j in range(x.shape[1])])
    return np.array(list(parts))


def _row_quantiles(rows: np.ndarray) -> np.ndarray:
    """np.quantile(rows, QUANTILES, axis=1) with the rows spread over the kernel threads (same numbers)."""
    probs = list(QUANTILES.values())
    n = rows.shape[0]
    parts = max(1, min(n, 4 * K.get_threads()))
    edges = [n * i // parts for i in range(parts + 1)]
    ranges = [(edges[i], edges[i + 1]) for i in range(parts) if edges[i + 1] > edges[i]]
    got = K.map_ordered(lambda r0, r1: np.quantile(rows[r0:r1], probs, axis=1), ranges)
    return np.concatenate(list(got), axis=1)


def _per_participant(d: dict, n_part: float) -> dict:
    return {k: (v / n_part if k != "prob_positive" else v) for k, v in d.items()}


def _mean_sd(sc: Scenario, name: str, mean: np.ndarray, sd: np.ndarray) -> dict:
    """Mean and sd by actor of one of MOMENT_OUTPUTS."""
    o = _moment_index(name, sc.outputs)
    return {a: {"mean": float(mean[o + sc.outputs.index(a)]), "sd": float(sd[o + sc.outputs.index(a)])}
            for a in sc.display_order}


def _break_even_block(sc: Scenario, chunks: Sequence[Chunk], H: int, N: int, field: str = "be_counts") -> dict:
    """Chance of break-even (or payback, field="pb_counts") by each year, and of never, by actor."""
    be = np.sum([getattr(c, field) for c in chunks], axis=0)  # (H + 1, J) integer counts
    out = {}
    for a in sc.display_order:
        j = sc.outputs.index(a)
        by = np.cumsum(be[:H, j])
        out[a] = {"prob_by_year": [int(x) / N for x in by], "prob_never": int(be[H, j]) / N}
    return out


def _bcr_block(sc: Scenario, bcr: np.ndarray) -> dict:
    """§6.6 the benefit–cost ratio's mean and quantiles by actor over the band's draws.

    Draws whose costs are 0 (no ratio) are left out; ``share_defined`` says how many are kept. An
    actor without costs in any draw gets None.
    """
    out: dict = {"draws": int(len(bcr))}
    for a in sc.display_order:
        x = bcr[:, sc.outputs.index(a)]
        x = x[~np.isnan(x)]
        if not len(x):
            out[a] = None
            continue
        q = np.quantile(x, list(QUANTILES.values()))
        out[a] = {"mean": float(x.mean()), **{k: float(v) + 0.0 for k, v in zip(QUANTILES, q)},
                  "share_defined": len(x) / len(bcr)}
    return out


def _bands(sc: Scenario, cumulative: np.ndarray) -> dict:
    """Mean and quantiles of the cumulative NPV by year and actor, over the band's draws."""
    n_b, H_, J = cumulative.shape
    # partition contiguous rows (one per year and actor) rather than along a strided axis
    rows = np.ascontiguousarray(cumulative.reshape(n_b, H_ * J).T)
    qs = _row_quantiles(rows).reshape(len(QUANTILES), H_, J)  # (5, H, 4)
    bands: dict = {"draws": int(len(cumulative))}
    cm = cumulative.mean(axis=0)
    for a in sc.display_order:
        j = sc.outputs.index(a)
        bands[a] = {"mean": [float(x) for x in cm[:, j]],
                    **{k: [float(x) for x in qs[i, :, j]] for i, k in enumerate(QUANTILES)}}
    return bands


def assemble(sc: Scenario, plan: Plan, chunks: Sequence[Chunk], *, keep_draws: bool, auto: bool,
             tolerance: float, npv_quantiles: np.ndarray | None = None) -> SimulationResult:
    """Combine the chunks (in block order) into a SimulationResult.

    npv_quantiles: (4, len(QUANTILES)) quantiles of the NPVs when the chunks hold no per-draw NPVs.
    """
    N, mean, sd, positive = _moments(chunks)
    assert N == plan.draws, (N, plan.draws)
    npv = _concat(chunks, "npv") if npv_quantiles is None else None
    npv_stats = _npv_stats(sc, npv, npv_quantiles, N, mean, sd, positive)
    H = plan.spec.horizon
    u: dict = {"npv": npv_stats,
               "npv_per_participant": {a: _per_participant(d, sc.participants) for a, d in npv_stats.items()},
               "break_even_year": _break_even_block(sc, chunks, H, N),
               "gains_pv": _mean_sd(sc, "gains_pv", mean, sd), "costs_pv": _mean_sd(sc, "costs_pv", mean, sd)}
    cum = [c.cumulative for c in chunks if c.cumulative is not None]
    cumulative = np.concatenate(cum) if cum else None
    if cumulative is not None:
        u["cumulative_npv_by_year"] = _bands(sc, cumulative)
    u["quantile_method"] = "exact"  # np.quantile's 'linear' order statistics, whether kept or streamed
    # §6.6 (added keys): payback year by year, benefit–cost ratio with bands
    u["payback_year"] = _break_even_block(sc, chunks, H, N, "pb_counts")
    bcr = [c.bcr for c in chunks if c.bcr is not None]
    if bcr:
        u["bcr"] = _bcr_block(sc, np.concatenate(bcr))
    extra: dict = {"provenance": {"somsim_version": __version__, "numpy_version": np.__version__,
                                  "block_size": BLOCK, "scenario_sha256": sc.sha256}}
    if auto:
        extra["auto_draws"] = converged(chunks, sc, tolerance)[1]
    kept = (lambda name: _concat(chunks, name)) if keep_draws else (lambda name: None)
    return SimulationResult(scenario=sc, plan=plan, summary=u, extra=extra, npv=npv, inputs=kept("inputs"),
                            net=kept("net"), break_even=kept("break_even"), cumulative=cumulative,
                            sub_net=kept("sub_net") if sc.committees is not None else None,
                            payback=kept("payback"))
