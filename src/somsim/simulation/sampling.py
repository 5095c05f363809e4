"""Unit-hypercube designs, the Gaussian copula, and reproducible streams per block of draws.

Draws are generated in *blocks* of ``BLOCK`` draws; block ``b`` always gets the same numbers,
from ``SeedSequence(seed, spawn_key=(stream, b))``, however the blocks are grouped into chunks
and whichever thread or worker computes them. Chunks are whole multiples of a block.
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path

import numpy as np

from somsim._version import __version__
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


def build_tables(dists, *, cache: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
    """Cubic-Hermite tables of the quantile function in logit(u) for the tabulated families.

    Returns (index per input (-1: none), values (n_tab, N), derivatives dQ/dx (n_tab, N), x0, h);
    row 0 is always the standard normal quantile.
    The derivatives are exact: dQ/dx = u (1 − u) / pdf(Q(u)).

    Each row is computed once with scipy and then kept on disk (:func:`table_cache_dir`), keyed by
    the family, its canonical parameters, the table settings and the somsim and scipy versions: a
    later process reads the same bytes back instead of importing scipy.stats (about a second).
    ``cache=False`` neither reads nor writes the cache.
    """
    from somsim.model import kernels as K

    n = K.TABLE_NODES
    x0 = math.log(K.TABLE_U_MIN) - math.log1p(-K.TABLE_U_MIN)
    h = -2 * x0 / (n - 1)
    folder = table_cache_dir() if cache else None
    grid: list[np.ndarray] = []  # x, u, v: built on the first row not found in the cache

    def row(family: str, canon: tuple[float, ...], make) -> tuple[np.ndarray, np.ndarray]:
        path = None if folder is None else folder / f"{_row_key(family, canon, n, K.TABLE_U_MIN)}.npy"
        got = _read_row(path, n)
        if got is None:
            if not grid:
                x = x0 + h * np.arange(n)
                grid.extend((x, 1.0 / (1.0 + np.exp(-x)), 1.0 / (1.0 + np.exp(x))))  # u lower, v = 1 − u upper
            got = make(*grid)
            _write_row(path, got)
        return got[0], got[1]

    idx = np.full(len(dists), -1, dtype=np.int64)
    # row 0: the standard normal quantile (normal, lognormal and the copula's normal scores)
    q0, dq0 = row("standard-normal", (), _normal_row)
    qs, dqs = [q0], [dq0]
    for i, d in enumerate(dists):
        if d.family not in K.TABLE_FAMILIES:
            continue
        q, dq = row(d.family, tuple(d.canon), lambda x, u, v, d=d: _dist_row(d, x, u, v, h))
        idx[i] = len(qs)
        qs.append(q)
        dqs.append(dq)
    return idx, np.array(qs), np.array(dqs), x0, h


def _normal_row(x: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(Q, dQ/dx) of the standard normal on the grid."""
    from scipy import special

    z = np.where(x < 0, special.ndtri(u), -special.ndtri(v))
    return np.stack([z, u * v / np.exp(-0.5 * z * z) * math.sqrt(2 * math.pi)])


def _dist_row(d, x: np.ndarray, u: np.ndarray, v: np.ndarray, h: float) -> np.ndarray:
    """(Q, dQ/dx) of distribution `d` on the grid (scipy.stats)."""
    fr = d.frozen()
    q = np.where(x < 0, fr.ppf(u), fr.isf(v))  # the upper tail through isf keeps its precision
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        dq = u * v / fr.pdf(q)
    bad = ~np.isfinite(dq)
    if bad.any():  # infinite density at a bound: use finite differences there
        dq[bad] = np.gradient(q, h)[bad]
    return np.stack([q, dq])


# --------------------------------------------------------------------------------------------
# the on-disk cache of table rows

TABLE_CACHE_FORMAT = 1  # bump when the construction of a row changes


def table_cache_dir() -> Path | None:
    """Where table rows are kept (None: nowhere, rows are then built each time).

    The first writable of SOMSIM_CACHE_DIR, numba's cache folder (NUMBA_CACHE_DIR, else the
    ``__pycache__`` beside the kernels) and the user's cache folder. SOMSIM_CACHE_DIR=off disables it.
    """
    env = os.environ.get("SOMSIM_CACHE_DIR")
    if env is not None and env.strip().lower() in ("", "0", "off", "none"):
        return None
    global _CACHE_DIR
    if _CACHE_DIR is not None and _CACHE_DIR[0] == env:
        return _CACHE_DIR[1]
    candidates = []
    if env:
        candidates.append(Path(env))
    if os.environ.get("NUMBA_CACHE_DIR"):
        candidates.append(Path(os.environ["NUMBA_CACHE_DIR"]) / "somsim-tables")
    candidates.append(Path(__file__).resolve().parent.parent / "model" / "__pycache__" / "somsim-tables")
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    candidates.append(Path(xdg) / "somsim" / "tables")
    found = None
    for c in candidates:
        try:
            c.mkdir(parents=True, exist_ok=True)
            if os.access(c, os.W_OK | os.X_OK):
                found = c
                break
        except OSError:
            continue
    _CACHE_DIR = (env, found)
    return found


_CACHE_DIR: tuple[str | None, Path | None] | None = None


def _row_key(family: str, canon: tuple[float, ...], nodes: int, u_min: float) -> str:
    """A file name for one row: a hash of everything its values depend on."""
    import hashlib

    text = repr((TABLE_CACHE_FORMAT, __version__, _scipy_version(), np.__version__, family,
                 tuple(float(c).hex() for c in canon), int(nodes), float(u_min).hex()))
    return f"{family}-{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def _scipy_version() -> str:
    """The version of scipy (its top-level package is light, and numba imports it anyway)."""
    import scipy

    return str(scipy.__version__)


def _read_row(path: Path | None, nodes: int) -> np.ndarray | None:
    """The cached row at `path`, or None when absent or not a (2, nodes) finite-valued float64 array."""
    if path is None:
        return None
    try:
        a = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    if a.dtype != np.float64 or a.shape != (2, nodes) or np.isnan(a).any():
        return None
    return a


def _write_row(path: Path | None, a: np.ndarray) -> None:
    """Write a row atomically (a temporary file renamed into place); failures only cost a rebuild later."""
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            np.save(fh, np.ascontiguousarray(a, dtype=np.float64), allow_pickle=False)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


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
