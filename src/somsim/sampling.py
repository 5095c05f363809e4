"""Unit-hypercube designs, the Gaussian copula, and reproducible streams per block of draws.

Draws are generated in *blocks* of ``BLOCK`` draws; block ``b`` always gets the same numbers,
from ``SeedSequence(seed, spawn_key=(stream, b))``, however the blocks are grouped into chunks
and whichever thread or worker computes them. Chunks are whole multiples of a block.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["BLOCK", "SAMPLERS", "correlation_matrix", "spearman_to_pearson"]

BLOCK = 8192  # draws per block (2**13: a power of two keeps Sobol points balanced)
SAMPLERS = ("random", "lhs", "sobol")
STREAM_U, STREAM_COHORTS, STREAM_SOBOL = 0, 1, 2


def spearman_to_pearson(rho_s: np.ndarray) -> np.ndarray:
    """Pearson correlation of the Gaussian copula that gives Spearman's rho_s: 2 sin(π ρ / 6)."""
    return 2.0 * np.sin(np.pi * np.asarray(rho_s, dtype=float) / 6.0)


def correlation_matrix(blocks, names) -> tuple[np.ndarray, np.ndarray]:
    """Combine [[correlation]] blocks into one copula matrix.

    Returns ``(columns, pearson)``: the positions (in `names`) of the correlated inputs and the
    Pearson matrix of their normal scores. Raises ValueError when it is not positive semi-definite.
    """
    involved: list[str] = []
    for inputs, _ in blocks:
        involved += [n for n in inputs if n not in involved]
    pos = {n: i for i, n in enumerate(involved)}
    rho = np.eye(len(involved))
    for inputs, mat in blocks:
        for a, na in enumerate(inputs):
            for b, nb in enumerate(inputs):
                if a != b:
                    rho[pos[na], pos[nb]] = mat[a, b]
    pearson = spearman_to_pearson(rho)
    np.fill_diagonal(pearson, 1.0)
    w = np.linalg.eigvalsh(pearson)
    if w.min() < -1e-10:
        raise ValueError(
            f"the correlations are not positive semi-definite (smallest eigenvalue {w.min():.3g} of the copula "
            f"matrix over {', '.join(involved)}); weaken some correlations")
    cols = np.array([list(names).index(n) for n in involved], dtype=np.int64)
    return cols, pearson


def copula_factor(pearson: np.ndarray) -> np.ndarray:
    """A matrix F with F Fᵀ = pearson (Cholesky, or an eigen-factor when only semi-definite)."""
    try:
        return np.linalg.cholesky(pearson)
    except np.linalg.LinAlgError:
        w, v = np.linalg.eigh(pearson)
        return v * np.sqrt(np.clip(w, 0.0, None))[None, :]
