"""Unit-hypercube designs, the Gaussian copula, and reproducible streams per block of draws.

Draws are generated in *blocks* of ``BLOCK`` draws; block ``b`` always gets the same numbers,
from ``SeedSequence(seed, spawn_key=(stream, b))``, however the blocks are grouped into chunks
and whichever thread or worker computes them. Chunks are whole multiples of a block.
"""

from __future__ import annotations

import math

import numpy as np

from somsim._vocab import BLOCK  # draws per block; re-exported here, where blocks are drawn

# validation needs these too, so they live in the scenario layer (below this one)
from somsim.scenario.correlations import correlation_matrix, spearman_to_pearson

__all__ = ["BLOCK", "SAMPLERS", "correlation_matrix", "spearman_to_pearson"]

SAMPLERS = ("random", "lhs", "sobol")
STREAM_U, STREAM_COHORTS, STREAM_SOBOL = 0, 1, 2
#: §6.1 the baseline's binomial and §6.3 the completers' binomial of stochastic cohorts: new streams,
#: so the streams of files without them (and their numbers) do not move
STREAM_BASELINE, STREAM_COMPLETERS = 3, 4


def copula_factor(pearson: np.ndarray) -> np.ndarray:
    """A matrix F with F Fᵀ = pearson (Cholesky, or an eigen-factor when only semi-definite)."""
    try:
        return np.linalg.cholesky(pearson)
    except np.linalg.LinAlgError:
        w, v = np.linalg.eigh(pearson)
        return v * np.sqrt(np.clip(w, 0.0, None))[None, :]


# --------------------------------------------------------------------------------------------
# unit-hypercube designs per block


def block_rng(seed: int, stream: int, block: int) -> np.random.Generator:
    """The generator of one block: SeedSequence(seed, spawn_key=(stream, block))."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream, block))))


def unit_block(sampler: str, seed: int, block: int, size: int, dim: int) -> np.ndarray:
    """`size` points of the unit hypercube [0, 1)^dim for block number `block`.

    random: independent uniforms; lhs: a Latin hypercube of the block's `size` points;
    sobol: points block·BLOCK … of one scrambled Sobol sequence (scrambled once per seed).
    """
    if dim == 0:
        return np.empty((size, 0))
    if sampler == "random":
        return block_rng(seed, STREAM_U, block).random((size, dim))
    from scipy.stats import qmc

    if sampler == "lhs":
        return qmc.LatinHypercube(d=dim, rng=block_rng(seed, STREAM_U, block)).random(size)
    if sampler == "sobol":
        eng = qmc.Sobol(d=dim, scramble=True, rng=block_rng(seed, STREAM_SOBOL, 0))
        if block:
            eng.fast_forward(block * BLOCK)
        import warnings

        with warnings.catch_warnings():  # partial last blocks are not powers of two; that is fine
            warnings.simplefilter("ignore", UserWarning)
            return eng.random(size)
    raise ValueError(f"unknown sampler {sampler!r} (expected one of {', '.join(SAMPLERS)})")


# --------------------------------------------------------------------------------------------
# inverse-CDF tables for the families without a fast closed form


def build_tables(dists) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
    """Cubic-Hermite tables of the quantile function in logit(u) for the tabulated families.

    Returns (index per input (-1: none), values (n_tab, N), derivatives dQ/dx (n_tab, N), x0, h);
    row 0 is always the standard normal quantile.
    The derivatives are exact: dQ/dx = u (1 − u) / pdf(Q(u)).
    """
    from somsim.model import kernels as K

    n = K.TABLE_NODES
    x0 = math.log(K.TABLE_U_MIN) - math.log1p(-K.TABLE_U_MIN)
    h = -2 * x0 / (n - 1)
    x = x0 + h * np.arange(n)
    u = 1.0 / (1.0 + np.exp(-x))  # lower tail, accurate for x < 0
    v = 1.0 / (1.0 + np.exp(x))  # 1 − u, accurate for x > 0
    idx = np.full(len(dists), -1, dtype=np.int64)
    # row 0: the standard normal quantile (normal, lognormal and the copula's normal scores)
    from scipy import special

    z = np.where(x < 0, special.ndtri(u), -special.ndtri(v))
    qs, dqs = [z], [u * v / np.exp(-0.5 * z * z) * math.sqrt(2 * math.pi)]
    for i, d in enumerate(dists):
        if d.family not in K.TABLE_FAMILIES:
            continue
        fr = d.frozen()
        q = np.where(x < 0, fr.ppf(u), fr.isf(v))  # the upper tail through isf keeps its precision
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            dq = u * v / fr.pdf(q)
        bad = ~np.isfinite(dq)
        if bad.any():  # infinite density at a bound: use finite differences there
            dq[bad] = np.gradient(q, h)[bad]
        idx[i] = len(qs)
        qs.append(q)
        dqs.append(dq)
    return idx, np.array(qs), np.array(dqs), x0, h


def canonical_params(dists) -> tuple[np.ndarray, np.ndarray]:
    """Family codes (from the registry) and canonical parameters (padded with zeros) for the kernels.

    Returns ``(fam, par)``: ``fam[i]`` is the code (``distributions.families.CODE``) of input i's
    family, ``par[i]`` its canonical parameters in the order of the family's ``canon``, in
    ``CANON_SLOTS`` columns.
    """
    from somsim.distributions.families import CANON_SLOTS, CODE

    fam = np.array([CODE[d.family] for d in dists], dtype=np.int64)
    par = np.zeros((len(dists), CANON_SLOTS))
    for i, d in enumerate(dists):
        par[i, : len(d.canon)] = d.canon
    return fam, par
