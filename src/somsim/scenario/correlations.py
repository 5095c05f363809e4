"""Correlation matrices: one ``[[correlation]]`` block, and all blocks as one copula matrix.

Scenario files give Spearman correlations; the sampler's Gaussian copula needs the Pearson
correlation of the normal scores. The combined matrix must be positive semi-definite, which
validation checks here and the sampler (:mod:`somsim.simulation.sampling`) relies on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["block_matrix", "correlation_matrix", "spearman_to_pearson"]

#: a block: the inputs it correlates and their k×k Spearman matrix
Block = tuple[tuple[str, ...], np.ndarray]


def spearman_to_pearson(rho_s: np.ndarray) -> np.ndarray:
    """The Pearson correlation of the Gaussian copula that gives Spearman's `rho_s`: 2 sin(π ρ / 6)."""
    return 2.0 * np.sin(np.pi * np.asarray(rho_s, dtype=float) / 6.0)


def block_matrix(rho: float | list[list[float]], k: int) -> tuple[np.ndarray | None, str | None]:
    """The k×k Spearman matrix of one block, from one number or a full matrix.

    Parameters
    ----------
    rho : float or list of list of float
        One correlation for every pair, or the matrix (already checked to hold numbers; one number
        already checked to lie in [-1, 1]).
    k : int
        The number of inputs of the block.

    Returns
    -------
    (numpy.ndarray or None, str or None)
        The matrix and None, or None and what is wrong with the matrix.
    """
    if isinstance(rho, (int, float)):
        mat = np.full((k, k), float(rho))
        np.fill_diagonal(mat, 1.0)
        return mat, None
    if len(rho) != k or any(len(r) != k for r in rho):
        return None, f"expected a number or a {k}×{k} matrix for {k} inputs"
    mat = np.array(rho, dtype=float)
    if not (np.allclose(mat, mat.T) and np.allclose(np.diag(mat), 1) and np.all(np.abs(mat) <= 1)):
        return None, "a correlation matrix must be symmetric with ones on the diagonal and entries in [-1, 1]"
    return mat, None


def correlation_matrix(blocks: Sequence[Block], names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Combine ``[[correlation]]`` blocks into one copula matrix.

    Parameters
    ----------
    blocks : sequence of (tuple of str, numpy.ndarray)
        Each block's inputs and Spearman matrix.
    names : sequence of str
        The uncertain inputs, in model order.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The positions (in `names`) of the correlated inputs and the Pearson matrix of their normal
        scores.

    Raises
    ------
    ValueError
        When the matrix is not positive semi-definite (the message says which inputs it spans).
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
