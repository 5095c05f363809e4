"""simulate(): the probabilistic run, in chunks of whole blocks, with reproducible reductions.

Data flow per chunk: unit-hypercube sample per block (sampling.unit_block) → copula and inverse
CDFs (_kernels.transform) → binomial successes when cohorts are stochastic → the model kernel
(_kernels.model) → per-block moments and counts. Per-draw values are kept only as requested.

The same seed gives the same numbers whatever the chunk size, the number of threads, or the
backend: block b always holds the same draws, every draw is computed by one thread, sums are
formed per block and combined in block order, counts are integers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from somsim.simulation import sampling
from somsim.errors import UsageError
from somsim.model.reference import ModelSpec, compile_spec
from somsim.scenario.loader import Scenario

__all__ = ["Chunk", "Plan", "SimulationResult", "compute_blocks", "make_plan", "simulate"]

BLOCK = sampling.BLOCK
DEFAULT_CHUNK = 8 * BLOCK
MAX_AUTO_DRAWS = 2**24  # --draws auto stops here (16.8 million) whatever the tolerance
BAND_DRAWS = 16 * BLOCK  # per-year bands use the first 131,072 draws (quantile error ≪ the band widths)
BAND_BYTES = 128 * 2**20  # and at most this much memory (cumulative NPV by draw, year, actor)
MOMENT_OUTPUTS = ("npv", "gains_pv", "costs_pv")  # 4 columns each: kommune, region, stat, total
QUANTILE_MODES = ("auto", "exact", "stream")
STREAM_BYTES = 2**30  # quantiles="auto" streams when the NPVs of all draws (32 bytes a draw) would exceed this


@dataclass(frozen=True)
class Plan:
    """Everything needed to compute any block of draws; small and picklable (for workers)."""

    spec: ModelSpec
    input_names: tuple[str, ...]
    fam: np.ndarray
    par: np.ndarray
    cop_cols: np.ndarray
    cop_F: np.ndarray
    seed: int
    sampler: str
    draws: int
    band_draws: int
    success_col: int  # column of success_rate in the inputs, or -1
    dists: tuple = field(repr=False, default=())
    tables: tuple | None = field(repr=False, default=None, compare=False)  # inverse-CDF tables, shipped to workers

    @property
    def n_blocks(self) -> int:
        return -(-self.draws // BLOCK)

    def block_size(self, b: int) -> int:
        return min(BLOCK, self.draws - b * BLOCK)


def make_plan(sc: Scenario, *, draws: int, seed: int = 1, sampler: str = "random") -> Plan:
    if sampler not in sampling.SAMPLERS:
        raise UsageError(f"unknown sampler {sampler!r} (expected one of {', '.join(sampling.SAMPLERS)})")
    if not isinstance(draws, (int, np.integer)) or draws < 1:
        raise UsageError(f"draws must be a whole number ≥ 1 (got {draws!r})")
    spec = compile_spec(sc)
    inputs = sc.inputs
    names = tuple(p.name for p in inputs)
    fam, par = sampling.canonical_params([p.dist for p in inputs])
    if sc.correlations:
        cols, pearson = sampling.correlation_matrix(sc.correlations, names)
        F = sampling.copula_factor(pearson)
    else:
        cols, F = np.zeros(0, dtype=np.int64), np.zeros((0, 0))
    per_draw = spec.horizon * 4 * 8
    band = min(draws, BAND_DRAWS, max(BLOCK, (BAND_BYTES // per_draw) // BLOCK * BLOCK))
    return Plan(spec=spec, input_names=names, fam=fam, par=par, cop_cols=cols, cop_F=F, seed=int(seed),
                sampler=sampler, draws=int(draws), band_draws=int(band),
                success_col=names.index("success_rate") if "success_rate" in names else -1,
                dists=tuple(p.dist for p in inputs), tables=_built_tables(tuple(p.dist for p in inputs)))


_TABLES: dict[tuple, tuple] = {}


def _built_tables(dists: tuple) -> tuple:
    """Inverse-CDF tables, built once per process for each set of input distributions (0.3–0.6 s)."""
    if dists not in _TABLES:
        if len(_TABLES) > 16:
            _TABLES.clear()
        _TABLES[dists] = sampling.build_tables(dists)
    return _TABLES[dists]


def _tables(plan: Plan):
    """The plan's tables: they travel with it, so a worker does not build them again."""
    return plan.tables if plan.tables is not None else _built_tables(plan.dists)


def unit_sample(plan: Plan, b0: int, b1: int) -> np.ndarray:
    """The unit-hypercube sample of blocks b0 … b1-1 (draw × input)."""
    parts = [sampling.unit_block(plan.sampler, plan.seed, b, plan.block_size(b), len(plan.input_names))
             for b in range(b0, b1)]
    return np.concatenate(parts) if parts else np.empty((0, len(plan.input_names)))


def transform(plan: Plan, U: np.ndarray, *, copula: bool = True) -> np.ndarray:
    """Input values (draw × input) from unit-hypercube points (copula applied unless copula=False)."""
    from somsim.model import kernels as K

    tab, tq, tdq, x0, h = _tables(plan)
    U = np.ascontiguousarray(U, dtype=float)
    X = np.empty_like(U)
    cols = plan.cop_cols if copula else np.zeros(0, dtype=np.int64)
    F = plan.cop_F if copula else np.zeros((0, 0))
    K.transform(U, plan.fam, plan.par, tab, tq, tdq, x0, h, cols, F, X)
    return X


def successes(plan: Plan, X: np.ndarray, b0: int, b1: int) -> np.ndarray | None:
    """Binomial successes per cohort and draw (stochastic cohorts), one stream per block."""
    spec = plan.spec
    if not spec.stochastic_cohorts:
        return None
    s = X[:, plan.success_col] if plan.success_col >= 0 else np.full(len(X), spec.point[0])
    n = spec.participants.astype(np.int64)
    out = np.empty((len(X), len(n)))
    pos = 0
    for b in range(b0, b1):
        m = plan.block_size(b)
        rng = sampling.block_rng(plan.seed, sampling.STREAM_COHORTS, b)
        out[pos:pos + m] = rng.binomial(n[None, :], s[pos:pos + m, None])
        pos += m
    return out


@dataclass
class ModelOut:
    npv: np.ndarray
    gains_pv: np.ndarray
    costs_pv: np.ndarray
    break_even: np.ndarray
    net: np.ndarray | None = None
    cumulative: np.ndarray | None = None
    activity_pv: np.ndarray | None = None


def run_model(spec: ModelSpec, X: np.ndarray, S: np.ndarray | None = None, *, keep_net=False, keep_cum=False,
              keep_act=False) -> ModelOut:
    """The numba model on an inputs matrix X (draw × uncertain input)."""
    from somsim.model import kernels as K

    X = np.ascontiguousarray(X, dtype=float)
    D, H, Kn = X.shape[0], spec.horizon, len(spec.activity)
    col = np.full(spec.n_params, -1, dtype=np.int64)
    col[spec.input_columns] = np.arange(len(spec.input_columns))
    npv, gpv, cpv = np.empty((D, 4)), np.empty((D, 4)), np.empty((D, 4))
    be = np.empty((D, 4), dtype=np.int64)
    net = np.empty((D, H, 3)) if keep_net else np.empty((1, 1, 3))
    cum = np.empty((D, H, 4)) if keep_cum else np.empty((1, 1, 4))
    act = np.empty((D, Kn, 3)) if keep_act else np.empty((1, max(Kn, 1), 3))
    S_in = np.ascontiguousarray(S, dtype=float) if S is not None else np.empty((1, len(spec.participants)))
    K.model(X, S_in, S is not None, col, spec.point, H, spec.lag, spec.participants,
            spec.cost_actor, spec.cost_per_participant, spec.cost_param, spec.cost_years,
            spec.sign, spec.profile, spec.se, spec.profile_len, spec.shock_param, spec.scale_param,
            spec.price_param, spec.price_factor, spec.cohort_profile, spec.cohort_se,
            npv, gpv, cpv, be, keep_net, net, keep_cum, cum, keep_act, act)
    return ModelOut(npv, gpv, cpv, be, net if keep_net else None, cum if keep_cum else None,
                    act if keep_act else None)


@dataclass
class Chunk:
    """What one chunk of blocks contributes; combined in block order by :func:`combine`."""

    b0: int
    b1: int
    sums: np.ndarray  # (blocks, 12) per-block sums of npv, gains_pv, costs_pv (4 columns each)
    m2s: np.ndarray
    positive: np.ndarray  # (blocks, 12) counts of values > 0
    sizes: np.ndarray  # (blocks,)
    be_counts: np.ndarray  # (H + 1, 4): draws with break-even year t (row H: never)
    npv: np.ndarray | None = None  # (draws, 4) per draw, for exact quantiles
    cumulative: np.ndarray | None = None  # (draws in the band, H, 4)
    inputs: np.ndarray | None = None
    net: np.ndarray | None = None
    break_even: np.ndarray | None = None


def compute_blocks(plan: Plan, b0: int, b1: int, *, keep_npv: bool = True, keep_draws: bool = False) -> Chunk:
    """Compute blocks b0 … b1-1. A pure function of (plan, b0, b1): any process gives the same."""
    from somsim.model import kernels as K

    U = unit_sample(plan, b0, b1)
    X = transform(plan, U)
    S = successes(plan, X, b0, b1)
    first = b0 * BLOCK
    n = len(X)
    band_n = max(0, min(n, plan.band_draws - first))
    out = run_model(plan.spec, X, S, keep_net=keep_draws, keep_cum=band_n > 0)
    vals = np.concatenate([out.npv, out.gains_pv, out.costs_pv], axis=1)
    nb_ = b1 - b0
    sums, m2s = np.empty((nb_, 12)), np.empty((nb_, 12))
    pos, sizes = np.empty((nb_, 12), dtype=np.int64), np.empty((nb_, 12), dtype=np.int64)
    K.block_moments(vals, BLOCK, sums, m2s, pos, sizes)
    H = plan.spec.horizon
    be = out.break_even
    be_counts = np.stack([np.bincount(np.where(be[:, a] < 0, H, be[:, a]), minlength=H + 1) for a in range(4)],
                         axis=1)
    ch = Chunk(b0, b1, sums, m2s, pos, sizes[:, 0], be_counts)
    if keep_npv:
        ch.npv = out.npv
    if band_n:
        ch.cumulative = out.cumulative[:band_n].copy() if band_n < n else out.cumulative
    if keep_draws:
        ch.inputs, ch.net, ch.break_even = X, out.net, be
    return ch


@dataclass
class SimulationResult:
    """A probabilistic run: the `uncertainty` block of summary.json and what was kept per draw."""

    scenario: Scenario
    plan: Plan
    summary: dict
    extra: dict
    npv: np.ndarray | None  # (draws, 4): kommune, region, stat, total
    inputs: np.ndarray | None  # (draws, n_inputs) when keep_draws
    net: np.ndarray | None  # (draws, H, 3) when keep_draws
    break_even: np.ndarray | None  # (draws, 4) when keep_draws
    cumulative: np.ndarray | None  # (band draws, H, 4)
    passes: int = 1  # evaluations of every draw (more when streamed quantiles needed another pass)

    @property
    def draws(self) -> int:
        return self.plan.draws

    @property
    def seed(self) -> int:
        return self.plan.seed

    @property
    def sampler(self) -> str:
        return self.plan.sampler

    @property
    def input_names(self) -> tuple[str, ...]:
        return self.plan.input_names


def _chunks(n_blocks: int, per_chunk: int):
    for b0 in range(0, n_blocks, per_chunk):
        yield b0, min(n_blocks, b0 + per_chunk)


def simulate(sc: Scenario, *, draws: int | str = 10_000, seed: int = 1, sampler: str = "random",
             chunk_size: int | None = None, threads: int | None = None, workers: int | None = None,
             scheduler: str | None = None, keep_draws: bool = False, quantiles: str = "auto",
             tolerance: float = 0.01, progress: Callable[[int, int], None] | None = None) -> SimulationResult:
    """Run the probabilistic model.

    Parameters
    ----------
    draws : int or "auto"
        Number of draws; "auto" doubles from 16,384 until the Monte Carlo standard error of the
        mean NPV (perspective) is below ``tolerance`` × max(|mean|, sd/10) and that of the chance of a
        positive result is below ``tolerance`` / 2 (at most 2**24 draws).
    chunk_size : draws per chunk, rounded up to whole blocks of 8192; results do not depend on it.
    threads : kernel threads for this call (default: the cores); results do not depend on it.
    workers, scheduler : run the chunks on a Dask cluster (local with N workers, or at ADDRESS).
    keep_draws : keep inputs, net flows and break-even years per draw (for results.nc, sensitivity, VOI).
    quantiles : "exact", "stream" or "auto"
        How the (always exact, ``np.quantile``-identical) quantiles of the NPVs are found: "exact"
        keeps the NPV of every draw (32 bytes a draw); "stream" keeps none: a pilot of 65,536 draws
        places a window of values around each quantile, one pass counts and keeps only what falls in
        them, and blocks are evaluated again only in the rare case a window missed (bounded memory;
        see _stream.py); "auto" streams when keep_draws is off and the NPVs would take more than
        1 GiB (over 33.5 million draws) or the run is on Dask. Both give the same summary, byte for byte.
    """
    from somsim.model import kernels as K
    from somsim.simulation import reduce as stats

    if quantiles not in QUANTILE_MODES:
        raise UsageError(f"quantiles must be one of {', '.join(QUANTILE_MODES)} (got {quantiles!r})")
    threads_before = K.get_threads()
    if threads is not None:
        K.set_threads(threads)
    per_chunk = max(1, -(-(chunk_size or DEFAULT_CHUNK) // BLOCK))
    auto = draws == "auto"
    if auto:
        n = 2 * BLOCK
    elif isinstance(draws, str):
        raise UsageError(f"draws must be a whole number or 'auto' (got {draws!r})")
    else:
        n = int(draws)
    backend = None
    if workers or scheduler:
        from somsim.simulation.dask_backend import DaskBackend

        backend = DaskBackend(workers=workers, scheduler=scheduler)
    # "auto" streams big runs, and runs on Dask (workers then send reductions, never per-draw values)
    stream = not keep_draws and (quantiles == "stream" or (quantiles == "auto" and (
        backend is not None or (not auto and n * 32 > STREAM_BYTES))))
    chunks: list[Chunk] = []
    npv_q = None
    passes = 1
    try:
        while True:
            plan = make_plan(sc, draws=n, seed=seed, sampler=sampler)
            # blocks already computed (--draws auto doubles n; every block then is a full block)
            done_b = chunks[-1].b1 if chunks else 0
            todo = [(b0 + done_b, b1 + done_b) for b0, b1 in _chunks(plan.n_blocks - done_b, per_chunk)]
            kw = {"keep_npv": not stream, "keep_draws": keep_draws}
            done_draws = sum(int(c.sizes.sum()) for c in chunks)
            if stream and not auto:
                from somsim.simulation import quantiles as _stream

                new, npv_q, passes = _stream.run(plan, todo, backend or _stream.LocalRunner(), progress)
            elif backend is not None:
                new = backend.map_blocks(plan, todo, kw, progress, done_draws)
            else:
                new = []
                for b0, b1 in todo:
                    new.append(compute_blocks(plan, b0, b1, **kw))
                    done_draws += int(new[-1].sizes.sum())
                    if progress is not None:
                        progress(done_draws, plan.draws)
            chunks = sorted(chunks + new, key=lambda c: c.b0)
            if not auto:
                break
            ok, _ = stats.converged(chunks, sc, tolerance)
            if ok or n >= MAX_AUTO_DRAWS:
                break
            n = min(2 * n, MAX_AUTO_DRAWS)
        if stream and auto:  # the moments are there; find the quantiles by re-computation
            from somsim.simulation import quantiles as _stream

            todo = list(_chunks(plan.n_blocks, per_chunk))
            _, npv_q, passes = _stream.run(plan, todo, backend or _stream.LocalRunner(), progress, chunks=chunks)
            passes += 1
    finally:
        K.set_threads(threads_before)
        if backend is not None:
            backend.close()
    res = stats.assemble(sc, plan, chunks, quantiles=quantiles, keep_draws=keep_draws, auto=auto,
                         tolerance=tolerance, npv_quantiles=npv_q)
    res.passes = passes
    return res
