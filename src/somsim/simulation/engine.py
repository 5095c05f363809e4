"""simulate(): the probabilistic run, in chunks of whole blocks, with reproducible reductions.

The layer's parts, in the order a run uses them: plan.py (what to compute) → blocks.py (what a
worker runs on a chunk of blocks) → runners.py (where chunks run: here or on Dask, one interface)
→ reduce.py (combining chunks into the summary) and quantiles.py (exact quantiles without keeping
every draw). This module chooses the runner, drives ``--draws auto`` and returns a
:class:`SimulationResult`.

The same seed gives the same numbers whatever the chunk size, the number of threads, or the
runner: block b always holds the same draws, every draw is computed by one thread, sums are
formed per block and combined in block order, counts are integers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from somsim._args import count, positive, seed_arg
from somsim._vocab import BLOCK
from somsim.errors import UsageError
from somsim.model.kernels import threads as kernel_threads
from somsim.scenario.loader import Scenario
from somsim.simulation import quantiles as streamed
from somsim.simulation import reduce
from somsim.simulation.blocks import (
    Chunk,
    ModelOut,
    completers,
    compute_blocks,
    run_model,
    successes,
    transform,
    unit_sample,
)
from somsim.simulation.plan import Plan, make_plan
from somsim.simulation.result import SimulationResult
from somsim.simulation.runners import Progress, Runner, runner_for

# the layer's entry points other layers use, re-exported here (defined in plan, blocks and result)
__all__ = ["BLOCK", "Chunk", "ModelOut", "Plan", "SimulationResult", "compute_blocks", "make_plan", "run_model",
           "completers", "simulate", "successes", "transform", "unit_sample"]

DEFAULT_CHUNK = 8 * BLOCK
MAX_AUTO_DRAWS = 2**24  # --draws auto stops here (16.8 million) whatever the tolerance
AUTO_START = 2 * BLOCK  # --draws auto starts here and doubles
SAMPLERS = ("random", "lhs", "sobol")
QUANTILE_MODES = ("auto", "exact", "stream")
STREAM_BYTES = 2**30  # quantiles="auto" streams when the NPVs of all draws (32 bytes a draw) would exceed this


@dataclass(frozen=True)
class _Options:
    """The settings of one run, checked (see :func:`simulate`)."""

    draws: int  # the fixed number of draws, or the first size tried with auto
    auto: bool
    seed: int
    sampler: str
    per_chunk: int  # blocks per chunk
    keep_draws: bool
    quantiles: str
    tolerance: float

    def streams(self, runner: Runner) -> bool:
        """Whether the NPV quantiles are streamed rather than found from every draw's NPV kept in memory.

        "auto" streams big runs, and runs on Dask (workers then send reductions, never per-draw values).
        """
        if self.keep_draws:
            return False
        if self.quantiles != "auto":
            return self.quantiles == "stream"
        return runner.remote or (not self.auto and self.draws * 32 > STREAM_BYTES)


def _options(draws: int | str, seed: int, sampler: str, chunk_size: int | None, keep_draws: bool, quantiles: str,
             tolerance: float) -> _Options:
    draws = count("draws", draws, 1, 10**12, auto=True)
    seed = seed_arg(seed)
    chunk_size = count("chunk_size", chunk_size, 1, none=True)
    tolerance = positive("tolerance", tolerance, hi=0.5)
    if sampler not in SAMPLERS:
        raise UsageError(f"sampler must be one of {', '.join(SAMPLERS)} (got {sampler!r})")
    if not isinstance(keep_draws, bool):
        raise UsageError(f"keep_draws must be True or False (got {keep_draws!r})")
    if quantiles not in QUANTILE_MODES:
        raise UsageError(f"quantiles must be one of {', '.join(QUANTILE_MODES)} (got {quantiles!r})")
    auto = draws == "auto"
    if isinstance(draws, str) and not auto:
        raise UsageError(f"draws must be a whole number or 'auto' (got {draws!r})")
    n = AUTO_START if auto else int(draws)
    per_chunk = max(1, -(-(chunk_size or DEFAULT_CHUNK) // BLOCK))
    return _Options(draws=n, auto=auto, seed=seed, sampler=sampler, per_chunk=per_chunk, keep_draws=keep_draws,
                    quantiles=quantiles, tolerance=tolerance)


def _chunks(b0: int, b1: int, per_chunk: int) -> Iterator[tuple[int, int]]:
    """Blocks b0 … b1-1 as chunks of `per_chunk` blocks (the last may be smaller)."""
    for b in range(b0, b1, per_chunk):
        yield b, min(b1, b + per_chunk)


def simulate(sc: Scenario, *, draws: int | str = 10_000, seed: int = 1, sampler: str = "random",
             chunk_size: int | None = None, threads: int | None = None, workers: int | None = None,
             scheduler: str | None = None, keep_draws: bool = False, quantiles: str = "auto",
             tolerance: float = 0.01, progress: Progress | None = None) -> SimulationResult:
    """Run the probabilistic model.

    Parameters
    ----------
    sc : Scenario
        The scenario to run.
    draws : int or "auto"
        Number of draws; "auto" doubles from 16,384 until the Monte Carlo standard error of the
        mean NPV (perspective) is below ``tolerance`` × max(|mean|, sd/10) and that of the chance of a
        positive result is below ``tolerance`` / 2 (at most 2**24 draws).
    seed, sampler : the random seed, and "random", "lhs" or "sobol".
    chunk_size : draws per chunk, rounded up to whole blocks of 8192; results do not depend on it.
    threads : kernel threads for this call (default: as set, the cores); results do not depend on it.
    workers, scheduler : run the chunks on a Dask cluster (local with N workers, or at ADDRESS).
    keep_draws : keep inputs, net flows and break-even years per draw (for results.nc, sensitivity, VOI).
    quantiles : "exact", "stream" or "auto"
        How the (always exact, ``np.quantile``-identical) quantiles of the NPVs are found: "exact"
        keeps the NPV of every draw (32 bytes a draw); "stream" keeps none: a pilot of 65,536 draws
        places a window of values around each quantile, one pass counts and keeps only what falls in
        them, and blocks are evaluated again only in the rare case a window missed (bounded memory;
        see quantiles.py); "auto" streams when keep_draws is off and the NPVs would take more than
        1 GiB (over 33.5 million draws) or the run is on Dask. Both give the same summary, byte for byte.
    tolerance : the --draws auto criterion (see `draws`).
    progress : progress(done, total) in draws evaluated.

    Returns
    -------
    SimulationResult
    """
    if not isinstance(sc, Scenario):
        hint = " — load it first with somsim.load(path)" if isinstance(sc, (str, os.PathLike)) else ""
        raise UsageError(f"simulate needs a Scenario (got {type(sc).__name__} {sc!r}){hint}")
    opts = _options(draws, seed, sampler, chunk_size, keep_draws, quantiles, tolerance)
    threads = count("threads", threads, 1, 1024, none=True)
    workers = count("workers", workers, 1, 1024, none=True)
    if scheduler is not None and not isinstance(scheduler, str):
        raise UsageError(f"scheduler must be an address such as 'tcp://HOST:8786' (got {scheduler!r})")
    with kernel_threads(threads):
        runner = runner_for(workers, scheduler)
        try:
            return _run(sc, opts, runner, progress)
        finally:
            runner.close()


def _run(sc: Scenario, opts: _Options, runner: Runner, progress: Progress | None = None) -> SimulationResult:
    """The run of :func:`simulate` with checked options on a given runner (closed by the caller)."""
    stream = opts.streams(runner)
    n = opts.draws
    chunks: list[Chunk] = []
    npv_q = None
    passes = 1
    while True:
        plan = make_plan(sc, draws=n, seed=opts.seed, sampler=opts.sampler)
        # blocks already computed (--draws auto doubles n; every block then is a full block)
        done_b = chunks[-1].b1 if chunks else 0
        todo = list(_chunks(done_b, plan.n_blocks, opts.per_chunk))
        if stream and not opts.auto:
            new, npv_q, passes = streamed.run(plan, todo, runner, progress)
        else:
            kw = {"keep_npv": not stream, "keep_draws": opts.keep_draws}
            done_draws = sum(int(c.sizes.sum()) for c in chunks)
            new = runner.map_blocks(plan, todo, kw, progress, done_draws)
        chunks = sorted(chunks + new, key=lambda c: c.b0)
        if not opts.auto or n >= MAX_AUTO_DRAWS or reduce.converged(chunks, sc, opts.tolerance)[0]:
            break
        n = min(2 * n, MAX_AUTO_DRAWS)
    if stream and opts.auto:  # the moments are there; find the quantiles by re-computation
        todo = list(_chunks(0, plan.n_blocks, opts.per_chunk))
        _, npv_q, passes = streamed.run(plan, todo, runner, progress, chunks=chunks)
        passes += 1
    res = reduce.assemble(sc, plan, chunks, keep_draws=opts.keep_draws, auto=opts.auto, tolerance=opts.tolerance,
                          npv_quantiles=npv_q)
    res.passes = passes
    return res
