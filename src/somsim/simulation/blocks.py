"""What a worker runs: blocks of draws from a plan, through the kernels, to mergeable reductions.

Data flow per chunk of blocks: unit-hypercube sample per block (sampling.unit_block) → copula and
inverse CDFs (kernels.transform) → binomial successes when cohorts are stochastic → the model
kernel (kernels.model) → per-block moments and counts (a :class:`Chunk`). Per-draw values are kept
only as requested. Every function here is a pure function of its arguments: any process, thread
count or chunking gives the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from somsim._vocab import BLOCK, MOMENT_OUTPUTS, PARAM_BASELINE, PARAM_COMPLETION, PARAM_HAIRCUT, PARAM_SUCCESS
from somsim.model import kernels as K
from somsim.model.reference import ModelSpec
from somsim.simulation import sampling
from somsim.simulation.plan import Plan, tables

__all__ = ["Chunk", "ModelOut", "break_even_counts", "completers", "compute_blocks", "prepare", "run_model",
           "successes", "transform", "unit_sample"]


def unit_sample(plan: Plan, b0: int, b1: int) -> np.ndarray:
    """The unit-hypercube sample of blocks b0 … b1-1 (draw × input)."""
    parts = [sampling.unit_block(plan.sampler, plan.seed, b, plan.block_size(b), len(plan.input_names))
             for b in range(b0, b1)]
    return np.concatenate(parts) if parts else np.empty((0, len(plan.input_names)))


def transform(plan: Plan, U: np.ndarray, *, copula: bool = True) -> np.ndarray:
    """Input values (draw × input) from unit-hypercube points (copula applied unless copula=False)."""
    tab, tq, tdq, x0, h = tables(plan)
    U = np.ascontiguousarray(U, dtype=float)
    X = np.empty_like(U)
    cols = plan.cop_cols if copula else np.zeros(0, dtype=np.int64)
    F = plan.cop_F if copula else np.zeros((0, 0))
    K.transform(U, plan.fam, plan.par, tab, tq, tdq, x0, h, cols, F, X)
    return X


def _role(plan: Plan, X: np.ndarray, role: int) -> np.ndarray:
    """The values per draw of the model parameter in slot `role` (its column, or its fixed value)."""
    col = plan.spec.col_of(role)
    return X[:, col] if col >= 0 else np.full(len(X), plan.spec.point[role])


def _binomial(plan: Plan, stream: int, b0: int, b1: int, p: np.ndarray) -> np.ndarray:
    """Bin(n_c, p_d) per draw d and cohort c, one stream per block."""
    n = plan.spec.participants.astype(np.int64)
    out = np.empty((len(p), len(n)))
    pos = 0
    for b in range(b0, b1):
        m = plan.block_size(b)
        rng = sampling.block_rng(plan.seed, stream, b)
        out[pos:pos + m] = rng.binomial(n[None, :], p[pos:pos + m, None])
        pos += m
    return out


def successes(plan: Plan, X: np.ndarray, b0: int, b1: int) -> np.ndarray | None:
    """Binomial successes per cohort and draw (stochastic cohorts), one stream per block; None otherwise.

    A single net rate: S_c ~ Bin(n_c, s(1 − h)) (with h = 0, p = s exactly: the stream and numbers of
    files without a haircut). Gross and baseline (§6.1–6.2): S_c = Bin(n_c, gross') − Bin(n_c, baseline),
    gross' = baseline + (gross − baseline)(1 − h), independent (baseline on its own stream).
    """
    spec = plan.spec
    if not spec.stochastic_cohorts:
        return None
    s = _role(plan, X, PARAM_SUCCESS)
    h = _role(plan, X, PARAM_HAIRCUT)
    if not spec.gross_baseline:
        return _binomial(plan, sampling.STREAM_COHORTS, b0, b1, s * (1.0 - h))
    b = _role(plan, X, PARAM_BASELINE)
    g_adj = np.clip(b + (s - b) * (1.0 - h), 0.0, 1.0)  # a convex combination of b and g: clipped for rounding
    return (_binomial(plan, sampling.STREAM_COHORTS, b0, b1, g_adj)
            - _binomial(plan, sampling.STREAM_BASELINE, b0, b1, b))


def completers(plan: Plan, X: np.ndarray, b0: int, b1: int) -> np.ndarray | None:
    """§6.3 binomial completers m_c ~ Bin(n_c, κ) per cohort and draw, on their own stream.

    Only with stochastic cohorts and a cost per completer; None otherwise (m_c = κ · n_c).
    """
    spec = plan.spec
    if not (spec.stochastic_cohorts and spec.has_completers):
        return None
    return _binomial(plan, sampling.STREAM_COMPLETERS, b0, b1, np.clip(_role(plan, X, PARAM_COMPLETION), 0.0, 1.0))


@dataclass
class ModelOut:
    """The model's results for D draws; output axes of J = 4 + U are ``spec.outputs``.

    Those are kommune, region, stat, total, then the committees. None: not asked for.
    """

    npv: np.ndarray  # (D, J)
    gains_pv: np.ndarray  # (D, J)
    costs_pv: np.ndarray  # (D, J)
    break_even: np.ndarray  # (D, J) break-even year, -1 for none
    payback: np.ndarray  # (D, J) payback year (undiscounted), -1 for none
    net: np.ndarray | None = None  # (D, H, 3)
    cumulative: np.ndarray | None = None  # (D, H, J)
    activity_pv: np.ndarray | None = None  # (D, K, 3)
    sub_net: np.ndarray | None = None  # (D, H, U) the kommune's net by committee, with net


_KERNEL_SPECS: dict[int, tuple[ModelSpec, K.KernelSpec]] = {}


def _kernel_spec(spec: ModelSpec) -> K.KernelSpec:
    """The kernel's typed spec of `spec`, built once per spec object (a plan's spec: once per plan)."""
    got = _KERNEL_SPECS.get(id(spec))
    if got is None or got[0] is not spec:  # the spec is held, so its id cannot be reused while cached
        if len(_KERNEL_SPECS) > 16:
            _KERNEL_SPECS.clear()
        got = _KERNEL_SPECS[id(spec)] = (spec, K.kernel_spec(spec))
    return got[1]


def prepare(plan: Plan) -> None:
    """Build what every chunk of `plan` shares (tables, the kernel spec) before chunks run in threads."""
    tables(plan)
    _kernel_spec(plan.spec)


def run_model(spec: ModelSpec, X: np.ndarray, S: np.ndarray | None = None, *, keep_net: bool = False,
              keep_cum: bool = False, keep_act: bool = False, completers: np.ndarray | None = None) -> ModelOut:
    """The numba model on an inputs matrix X (draw × uncertain input).

    S and `completers`: successes and completers (draw × cohort) of stochastic cohorts, or None.
    """
    X = np.ascontiguousarray(X, dtype=float)
    out = K.kernel_outputs(X.shape[0], spec.horizon, len(spec.activity), keep_net=keep_net, keep_cum=keep_cum,
                           keep_act=keep_act, committees=len(spec.committees))
    K.model(X, None if S is None else np.ascontiguousarray(S, dtype=float), _kernel_spec(spec), out,
            None if completers is None else np.ascontiguousarray(completers, dtype=float))
    return ModelOut(out.npv, out.gains_pv, out.costs_pv, out.break_even, out.payback,
                    out.net[:, :, :3] if keep_net else None, out.cumulative if keep_cum else None,
                    out.activity_pv if keep_act else None, out.net[:, :, 3:] if keep_net else None)


@dataclass
class Chunk:
    """What one chunk of blocks contributes; combined in block order by the reductions (reduce.py)."""

    b0: int
    b1: int
    sums: np.ndarray  # (blocks, 3J) per-block sums of MOMENT_OUTPUTS (npv, gains_pv, costs_pv; J columns each)
    m2s: np.ndarray
    positive: np.ndarray  # (blocks, 3J) counts of values > 0
    sizes: np.ndarray  # (blocks,)
    be_counts: np.ndarray  # (H + 1, J): draws with break-even year t (row H: never)
    pb_counts: np.ndarray | None = None  # (H + 1, J): the same for the payback year
    npv: np.ndarray | None = None  # (draws, J) per draw, for exact quantiles
    cumulative: np.ndarray | None = None  # (draws in the band, H, J)
    bcr: np.ndarray | None = None  # (draws in the band, J) gains_pv / costs_pv, NaN where costs_pv = 0
    inputs: np.ndarray | None = None
    net: np.ndarray | None = None
    break_even: np.ndarray | None = None
    sub_net: np.ndarray | None = None
    payback: np.ndarray | None = None


def _moments_by_block(out: ModelOut, n_blocks: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-block moments of MOMENT_OUTPUTS side by side, without joining the outputs into one matrix.

    Returns (sums, sums of squares about the block mean, counts of values > 0, block sizes): the
    same numbers as ``K.block_moments`` of the joined matrix, since each column is reduced on its own.
    """
    cols = []
    sizes = None
    for name in MOMENT_OUTPUTS:
        x = getattr(out, name)
        J = x.shape[1]
        s, m2 = np.empty((n_blocks, J)), np.empty((n_blocks, J))
        c, z = np.empty((n_blocks, J), dtype=np.int64), np.empty((n_blocks, J), dtype=np.int64)
        K.block_moments(x, BLOCK, s, m2, c, z)
        cols.append((s, m2, c))
        sizes = z[:, 0] if sizes is None else sizes
    assert sizes is not None
    sums, m2s, pos = (np.concatenate([part[i] for part in cols], axis=1) for i in range(3))
    return sums, m2s, pos, sizes


def break_even_counts(be: np.ndarray, horizon: int) -> np.ndarray:
    """Draws by break-even year: (H + 1, outputs) integer counts (row H: never) from (D, outputs) years (-1: never)."""
    n_out = be.shape[1]
    idx = np.where(be < 0, horizon, be) + (horizon + 1) * np.arange(n_out)[None, :]
    return np.bincount(idx.ravel(), minlength=(horizon + 1) * n_out).reshape(n_out, horizon + 1).T.copy()


def compute_blocks(plan: Plan, b0: int, b1: int, *, keep_npv: bool = True, keep_draws: bool = False) -> Chunk:
    """Compute blocks b0 … b1-1. A pure function of (plan, b0, b1): any process gives the same."""
    U = unit_sample(plan, b0, b1)
    X = transform(plan, U)
    S = successes(plan, X, b0, b1)
    Mc = completers(plan, X, b0, b1)
    band_n = max(0, min(len(X), plan.band_draws - b0 * BLOCK))
    out = run_model(plan.spec, X, S, keep_net=keep_draws, keep_cum=band_n > 0, completers=Mc)
    return summarise(plan, out, b0, b1, keep_npv=keep_npv, inputs=X if keep_draws else None)


def summarise(plan: Plan, out: ModelOut, b0: int, b1: int, *, keep_npv: bool = True,
              inputs: np.ndarray | None = None) -> Chunk:
    """The summary pass of blocks b0 … b1-1: per-block moments, break-even and payback counts, the band's draws.

    ``out`` is the model's output for exactly those blocks (with ``keep_cum`` if they reach into the
    band); with ``inputs`` given, the per-draw matrices are kept too (``keep_draws``).
    """
    n = out.npv.shape[0]
    band_n = max(0, min(n, plan.band_draws - b0 * BLOCK))
    sums, m2s, pos, sizes = _moments_by_block(out, b1 - b0)
    H = plan.spec.horizon
    ch = Chunk(b0, b1, sums, m2s, pos, sizes, break_even_counts(out.break_even, H), break_even_counts(out.payback, H))
    if keep_npv:
        ch.npv = out.npv
    if band_n:
        assert out.cumulative is not None
        ch.cumulative = out.cumulative[:band_n].copy() if band_n < n else out.cumulative
        c_pv = out.costs_pv[:band_n]
        with np.errstate(divide="ignore", invalid="ignore"):
            ch.bcr = np.where(c_pv != 0, out.gains_pv[:band_n] / np.where(c_pv != 0, c_pv, 1.0), np.nan)
    if inputs is not None:
        ch.inputs, ch.net, ch.break_even, ch.sub_net, ch.payback = (inputs, out.net, out.break_even, out.sub_net,
                                                                    out.payback)
    return ch
