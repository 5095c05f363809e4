"""Exact quantiles of the NPVs in bounded memory, by re-computing blocks instead of keeping draws.

Block ``b`` always holds the same draws (see sampling.py), so draws can be computed again instead
of being kept. A summary-only run with ``quantiles="stream"`` finds the order statistics that
``np.quantile`` (method 'linear') needs — the values of rank ⌊(N−1)p⌋ and ⌊(N−1)p⌋+1 — in passes
over the blocks, each a map over chunks with a reduction of small, exactly mergeable parts:

0. *pilot* (the first 8 blocks, 65,536 draws): the range of each output, and for each quantile p a
   *window* of values around the pilot's own p-quantile, wide enough (±4.5 binomial standard errors
   of the pilot's rank, at most ``WINDOW_CAP`` expected values) to hold the order statistic;
1. *main*: what the in-memory path computes (per-block moments, counts, bands) and, per output,
   the number of values below each window and the values inside it, a histogram of 2**15 bins
   on the pilot's range widened by half (values outside go to the end bins), minimum, maximum and
   the number of NaN. The rank k is inside a window when (values below) ≤ k < (values below) +
   (values inside): it is read off the sorted window. That is the usual case: one pass.
2. otherwise (a window missed, or a chunk held far more values in a window than expected and sent
   none): the histogram gives the bin holding rank k; a *collect* pass returns only that bin's
   values (or, above ``CAP`` values, a histogram pass of 2**12 bins splits it first).

Bins are a monotone function of the value, so counts below a bin or window give exact ranks;
every reduction is an integer sum, a minimum/maximum, or a multiset of values that is sorted, so
the result does not depend on chunks, workers or the order in which parts arrive. The quantiles
are therefore *exact*, bit-identical to ``np.quantile`` over all draws, in the memory of the windows
(≈ 6 % of the 32 bytes a draw of all NPVs up to 10⁸ draws, ≈ 190 MB there; at most 2 × WINDOW_CAP
expected values a window, 20 windows: 640 MB, whatever the number of draws) for the cost of the
pilot: about one evaluation of every draw in all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from somsim._vocab import OUTPUTS, QUANTILES
from somsim.simulation import blocks
from somsim.simulation.plan import Plan

if TYPE_CHECKING:
    from somsim.simulation.runners import Progress, Runner

__all__ = ["CAP", "order_statistic_quantiles", "run"]

NB1 = 2**15  # bins of the first histogram of each output
NB2 = 2**12  # bins of a refinement histogram
CAP = 2**20  # candidate values of one order statistic collected at once (8 MB)
WINDOW_CAP = 2**21  # expected values in the first pass's window of one quantile (16 MB)
WINDOW_SIGMAS = 4.5  # half-width of a window in binomial standard errors of the pilot's rank
PILOT_BLOCKS = 8
N_OUT = len(OUTPUTS)  # kommune, region, stat, total (plus one per committee: see the plan's spec.outputs)


# ----------------------------------------------------------------------------------------------
# the quantiles numpy computes, from order statistics


def order_positions(n: int, q: np.ndarray):
    """Ranks (0-based) and weights of np.quantile(x, q) with method 'linear' for n values.

    Returns (prev, next, gamma) such that the quantile is lerp(x_(prev), x_(next), gamma), with
    numpy's index and weight arithmetic reproduced step by step (so the result is bit-identical).
    """
    v = (n - 1) * np.asarray(q, dtype=float)
    prev = np.floor(v)
    nxt = prev + 1
    above = v >= n - 1
    prev[above] = -1
    nxt[above] = -1
    below = v < 0
    prev[below] = 0
    nxt[below] = 0
    gamma = v - prev
    prev_i = prev.astype(np.intp)
    nxt_i = nxt.astype(np.intp)
    prev_i[prev_i < 0] += n
    nxt_i[nxt_i < 0] += n
    return prev_i, nxt_i, gamma


def lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The interpolation of np.quantile (numpy.lib._function_base_impl._lerp)."""
    diff = b - a
    out = np.add(a, diff * t)
    np.subtract(b, diff * (1 - t), out=out, where=t >= 0.5)
    return out


def order_statistic_quantiles(n: int, q: np.ndarray, value_of: Callable[[int], float]) -> np.ndarray:
    """np.quantile(x, q) (method 'linear') given n and a function from rank to the sorted value."""
    prev, nxt, gamma = order_positions(n, q)
    a = np.array([value_of(int(k)) for k in prev])
    b = np.array([value_of(int(k)) for k in nxt])
    return lerp(a, b, gamma)


# ----------------------------------------------------------------------------------------------
# bins


def bin_index(x: np.ndarray, lo: float, width: float, nb: int) -> np.ndarray:
    """Bin of each value: ⌊(x − lo) / width · nb⌋ clipped to 0 … nb−1; monotone non-decreasing in x."""
    t = (x - lo) / width
    t *= nb
    np.clip(t, 0, nb - 1, out=t)
    return t.astype(np.int64)


@dataclass(frozen=True)
class Level:
    """One filter: the values whose bin_index(x, lo, width, nb) is b."""

    lo: float
    width: float
    nb: int
    b: int


@dataclass(frozen=True)
class GroupJob:
    """What a pass does for one set of candidates (values of output j passing every level of chain)."""

    gid: int
    j: int
    chain: tuple[Level, ...]
    mode: str  # "collect" | "hist" | "minmax"
    lo: float = 0.0
    width: float = 1.0


@dataclass(frozen=True)
class Job:
    """The work of one pass on every chunk (small: shipped with each task)."""

    pilot: bool = False
    main: bool = False
    level1: tuple | None = None  # (lo, width) arrays over the outputs
    windows: tuple = ()  # per output, disjoint (a, b, expected fraction of values in [a, b])
    groups: tuple[GroupJob, ...] = ()


@dataclass
class Part:
    """What a chunk (or a reduction of chunks) contributes to a pass; merged exactly by :func:`combine`."""

    chunks: list = field(default_factory=list)
    vmin: np.ndarray | None = None
    vmax: np.ndarray | None = None
    nnan: np.ndarray | None = None
    hist1: np.ndarray | None = None  # (N_OUT, NB1)
    ghist: dict = field(default_factory=dict)  # gid -> (NB2,) counts
    gmin: dict = field(default_factory=dict)
    gmax: dict = field(default_factory=dict)
    gcount: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)  # gid -> list of arrays
    pilot: list | None = None  # per output, the pilot's sorted values
    wbelow: dict = field(default_factory=dict)  # (j, i) -> values below window i of output j
    wvals: dict = field(default_factory=dict)  # (j, i) -> list of arrays of the values in the window
    wover: set = field(default_factory=set)  # windows a chunk had too many values in (sent none)


def _sum(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a.astype(np.int64) + b


def combine(parts: list[Part]) -> Part:
    """Merge parts: lists by block, integer sums, minima and maxima (exact and order-free)."""
    parts = [p for p in parts if p is not None]
    out = Part()
    for p in parts:
        out.chunks += p.chunks
        if p.vmin is not None and p.vmax is not None:
            out.vmin = p.vmin if out.vmin is None else np.fmin(out.vmin, p.vmin)
            out.vmax = p.vmax if out.vmax is None else np.fmax(out.vmax, p.vmax)
        out.nnan = _sum(out.nnan, p.nnan)
        out.hist1 = _sum(out.hist1, p.hist1)
        for g, h in p.ghist.items():
            out.ghist[g] = _sum(out.ghist.get(g), h)
        for g, v in p.gmin.items():
            out.gmin[g] = np.fmin(out.gmin.get(g, np.nan), v)
        for g, v in p.gmax.items():
            out.gmax[g] = np.fmax(out.gmax.get(g, np.nan), v)
        for g, c in p.gcount.items():
            out.gcount[g] = out.gcount.get(g, 0) + c
        for g, v in p.values.items():
            out.values.setdefault(g, []).extend(v)
        if p.pilot is not None:
            out.pilot = p.pilot
        for w, c in p.wbelow.items():
            out.wbelow[w] = out.wbelow.get(w, 0) + c
        for w, v in p.wvals.items():
            out.wvals.setdefault(w, []).extend(v)
        out.wover |= p.wover
    out.chunks.sort(key=lambda c: c.b0)
    return out


def pass_task(plan: Plan, b0: int, b1: int, job: Job) -> Part:
    """One chunk of one pass (runs on a worker): compute the blocks again and reduce them."""
    ch = blocks.compute_blocks(plan, b0, b1, keep_npv=True)
    x = ch.npv
    assert x is not None
    ch.npv = None
    p = Part()
    if job.main:
        p.chunks = [ch]
    if job.pilot:
        p.pilot = [np.sort(x[:, j]) for j in range(x.shape[1])]
    if job.pilot or job.main or job.level1 is not None:
        _range_part(p, x, job.level1)
    _window_part(p, x, job.windows)
    _group_part(p, x, job.groups)
    return p


def _range_part(p: Part, x: np.ndarray, level1: tuple | None) -> None:
    """Count of NaN, minimum and maximum of each output; the first histogram when `level1` is given."""
    nan = np.isnan(x)
    nnan = p.nnan = nan.sum(axis=0)
    p.vmin = np.fmin.reduce(x, axis=0)
    p.vmax = np.fmax.reduce(x, axis=0)
    if level1 is not None:
        lo, width = level1
        h = np.empty((x.shape[1], NB1), dtype=np.int32)
        for j in range(x.shape[1]):
            v = x[:, j][~nan[:, j]] if nnan[j] else x[:, j]
            h[j] = np.bincount(bin_index(v, lo[j], width[j], NB1), minlength=NB1)
        p.hist1 = h


def _window_part(p: Part, x: np.ndarray, windows: tuple) -> None:
    """Per output and window: the values below it and those inside (none when far more than expected)."""
    for j, wins in enumerate(windows):
        xj = x[:, j]
        for i, (a, b, frac) in enumerate(wins):
            inside = xj[(xj >= a) & (xj <= b)]
            expect = frac * len(xj)
            p.wbelow[(j, i)] = int(np.count_nonzero(xj < a))
            if len(inside) > expect + 8 * np.sqrt(expect) + 64:  # a point mass the pilot did not see
                p.wover.add((j, i))
            else:
                p.wvals[(j, i)] = [inside]


def _group_part(p: Part, x: np.ndarray, groups: tuple[GroupJob, ...]) -> None:
    """Per group of candidates: their count and, by the group's mode, values, or range and histogram."""
    first: dict = {}  # (j, level) -> candidates after the first level, shared by the groups
    for g in groups:
        key = (g.j, g.chain[0])
        if key not in first:
            v = x[:, g.j]
            v = v[~np.isnan(v)]
            lev = g.chain[0]
            first[key] = v[bin_index(v, lev.lo, lev.width, lev.nb) == lev.b]
        v = first[key]
        for lev in g.chain[1:]:
            v = v[bin_index(v, lev.lo, lev.width, lev.nb) == lev.b]
        p.gcount[g.gid] = len(v)
        if g.mode == "collect":
            p.values[g.gid] = [v.copy()]
            continue
        p.gmin[g.gid] = v.min() if len(v) else np.nan
        p.gmax[g.gid] = v.max() if len(v) else np.nan
        if g.mode == "hist":
            p.ghist[g.gid] = np.bincount(bin_index(v, g.lo, g.width, NB2), minlength=NB2).astype(np.int32)


# ----------------------------------------------------------------------------------------------
# the driver


@dataclass
class _Group:
    j: int
    ranks: list[int]
    below: int  # values of output j ranked before the candidates
    count: int
    chain: tuple[Level, ...]
    lo: float
    hi: float
    exact: bool = False  # lo, hi are the candidates' own minimum and maximum
    force: bool = False  # even a histogram on the exact range made no progress (non-finite values): collect


def _level1_range(vmin: np.ndarray, vmax: np.ndarray):
    lo, width = np.empty(len(vmin)), np.empty(len(vmin))
    for j in range(len(vmin)):
        a, b = float(vmin[j]), float(vmax[j])
        span = b - a
        if np.isfinite(span) and span > 0:
            lo[j], width[j] = a - 0.25 * span, 1.5 * span
        else:  # constant or non-finite in the pilot: any range is correct, the refinement copes
            lo[j] = a if np.isfinite(a) else 0.0
            width[j] = max(abs(lo[j]), 1.0)
    return lo, width


def _approx_range(lo, width, nb, b, cmin, cmax):
    """The values in bin b lie about in [lo + b·w/nb, lo + (b+1)·w/nb] (end bins take the overflow)."""
    a = cmin if b == 0 else max(cmin, lo + width * b / nb)
    z = cmax if b == nb - 1 else min(cmax, lo + width * (b + 1) / nb)
    return a, z


def _split(g: _Group, hist: np.ndarray, level: Level, cmin: float, cmax: float) -> list[_Group]:
    """New groups after a histogram of g's candidates on `level`'s bins (its b is ignored)."""
    cum = np.cumsum(hist)
    out: dict[int, _Group] = {}
    for k in g.ranks:
        b = int(np.searchsorted(cum, k - g.below, side="right"))
        if b not in out:
            below = g.below + int(cum[b] - hist[b])
            lo, hi = _approx_range(level.lo, level.width, level.nb, b, cmin, cmax)
            out[b] = _Group(g.j, [], below, int(hist[b]), g.chain + (Level(level.lo, level.width, level.nb, b),),
                            lo, hi)
        out[b].ranks.append(k)
    return list(out.values())


def _windows(pilot: list, qs: np.ndarray, draws: int) -> tuple:
    """Per output, disjoint value intervals likely to hold the order statistics of qs (from the pilot)."""
    out = []
    for v in pilot:
        v = v[~np.isnan(v)]
        m = len(v)
        wins: list[list[float]] = []
        if m >= 64 and v[0] < v[-1]:
            for p in qs:
                half = WINDOW_SIGMAS * np.sqrt(max(p * (1 - p), 1.0 / m) / m) + 1.0 / m
                half = min(half, 0.5 * WINDOW_CAP / draws)
                lo_r, hi_r = int(np.floor((p - half) * (m - 1))), int(np.ceil((p + half) * (m - 1)))
                a = v[lo_r] if lo_r >= 0 else -np.inf
                b = v[hi_r] if hi_r < m else np.inf
                wins.append([a, b])
        wins.sort()
        merged: list[list[float]] = []
        for a, b in wins:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        got = []
        for a, b in merged:
            frac = (np.searchsorted(v, b, side="right") - np.searchsorted(v, a, side="left")) / m
            if frac * draws <= 2 * WINDOW_CAP:  # else a point mass: leave it to the histograms
                got.append((float(a), float(b), float(frac)))
        out.append(tuple(got))
    return tuple(out)


class _Tracker:
    """Progress in draws evaluated: each pass over the draws adds the draws to the total."""

    def __init__(self, plan: Plan, progress: Progress | None):
        self.plan, self.progress = plan, progress
        self.done, self.total = 0, plan.draws

    def on_done(self, b0: int, b1: int) -> None:
        self.done += sum(self.plan.block_size(b) for b in range(b0, b1))
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def _read_windows(j: int, first: Part, n_windows: int, ranks: list[int], values: dict) -> None:
    """The order statistics of output j that fall inside one of its windows, read off the sorted window."""
    for i in range(n_windows):
        if (j, i) in first.wover:
            continue
        below = first.wbelow[(j, i)]
        count = sum(len(a) for a in first.wvals[(j, i)])
        inside = None
        for k in ranks:
            if (j, k) not in values and below <= k < below + count:
                if inside is None:
                    inside = np.sort(np.concatenate(first.wvals[(j, i)]))
                values[(j, k)] = float(inside[k - below])


def _after_first_pass(j: int, first: Part, n: int, qs: np.ndarray, n_windows: int, level: Level,
                      values: dict) -> list[_Group]:
    """Output j after the main pass: order statistics found (into `values`), and groups still to search."""
    assert first.vmin is not None and first.vmax is not None and first.hist1 is not None
    prev, nxt, _ = order_positions(n, qs)
    ranks = sorted(set(prev.tolist()) | set(nxt.tolist()))
    vmin, vmax = float(first.vmin[j]), float(first.vmax[j])
    if vmin == vmax:
        values.update({(j, k): vmin for k in ranks})
        return []
    _read_windows(j, first, n_windows, ranks, values)
    ranks = [k for k in ranks if (j, k) not in values]
    if not ranks:
        return []
    root = _Group(j, ranks, 0, n, (), vmin, vmax, exact=True)
    return _split(root, first.hist1[j].astype(np.int64), level, vmin, vmax)


def _group_job(gid: int, g: _Group) -> GroupJob:
    """What the next pass does for group g: collect its values when few, else a histogram or its range."""
    if g.count <= CAP or g.force:
        mode = "collect"
    elif g.hi > g.lo and np.isfinite(g.hi - g.lo):
        mode = "hist"
    else:
        mode = "minmax"
    return GroupJob(gid, g.j, g.chain, mode, g.lo, g.hi - g.lo if mode == "hist" else 1.0)


def _settle(g: _Group, job: GroupJob, res: Part, values: dict) -> list[_Group]:
    """After a pass: the order statistics of group g found (into `values`), or the groups to search next."""
    count = res.gcount[job.gid]
    if count != g.count:
        raise RuntimeError(f"stream quantiles: {count} candidates where {g.count} were counted")
    if job.mode == "collect":
        v = np.sort(np.concatenate(res.values[job.gid]))
        for k in g.ranks:
            values[(g.j, k)] = float(v[k - g.below])
        return []
    cmin, cmax = float(res.gmin[job.gid]), float(res.gmax[job.gid])
    if cmin == cmax:  # all candidates equal
        values.update({(g.j, k): cmin for k in g.ranks})
        return []
    if job.mode == "hist":
        new = _split(g, res.ghist[job.gid].astype(np.int64), Level(job.lo, job.width, NB2, 0), cmin, cmax)
        if all(n.count < g.count for n in new):
            return new
    # no progress (or no usable range): histogram on the candidates' exact range next time
    return [_Group(g.j, g.ranks, g.below, g.count, g.chain, cmin, cmax, exact=True, force=g.exact)]


def _refine(groups: list[_Group], plan: Plan, todo: Sequence[tuple[int, int]], runner: Runner,
            tracker: _Tracker, values: dict) -> int:
    """Passes over the draws until every group's order statistics are found; returns the passes."""
    passes = 0
    while groups:
        jobs = [_group_job(gid, g) for gid, g in enumerate(groups)]
        tracker.total += plan.draws
        res = runner.map_reduce(pass_task, plan, todo, (Job(groups=tuple(jobs)),), combine, tracker.on_done)
        passes += 1
        groups = [new for g, job in zip(groups, jobs) for new in _settle(g, job, res, values)]
    return passes


def _lookup(values: dict[tuple[int, int], float], j: int) -> Callable[[int], float]:
    """Rank -> value of output j."""
    return lambda k: values[(j, k)]


def run(plan: Plan, todo: Sequence[tuple[int, int]], runner: Runner, progress: Progress | None = None, *,
        chunks: list[Any] | None = None,
        quantiles: Sequence[float] | None = None) -> tuple[list[Any], np.ndarray, int]:
    """Exact quantiles of the NPVs (and, unless `chunks` are given, the main pass) by re-computation.

    Parameters
    ----------
    plan : the run's plan; `todo` its chunks as ranges of blocks (b0, b1)
    runner : runs the passes (runners.LocalRunner or a Dask runner)
    progress : progress(done, total) in draws evaluated; the total grows with each extra pass
    chunks : the main pass's chunks when they are already there (--draws auto): only quantiles then
    quantiles : the probabilities (default: those of summary.json, ``_vocab.QUANTILES``)

    Returns
    -------
    ``(chunks, q, passes)``: the main pass's chunks, q (N_OUT, len(quantiles)) and the number of
    passes over the draws (the pilot not counted).
    """
    qs = np.array(list(QUANTILES.values()) if quantiles is None else quantiles, dtype=float)
    tracker = _Tracker(plan, progress)
    pb = min(plan.n_blocks, PILOT_BLOCKS)
    pilot = runner.map_reduce(pass_task, plan, [(0, pb)], (Job(pilot=True),), combine)
    lo1, w1 = _level1_range(pilot.vmin, pilot.vmax)
    windows = _windows(pilot.pilot, qs, plan.draws)
    job = Job(main=chunks is None, level1=(lo1, w1), windows=windows)
    first = runner.map_reduce(pass_task, plan, todo, (job,), combine, tracker.on_done)
    if chunks is None:
        chunks = first.chunks
    assert first.nnan is not None
    n_out = len(first.nnan)  # one per output: the actors, the total and the committees
    n_of = [plan.draws - int(first.nnan[j]) for j in range(n_out)]
    values: dict[tuple[int, int], float] = {}
    groups: list[_Group] = []
    for j in range(n_out):
        if not first.nnan[j]:  # np.quantile gives NaN when any value is NaN
            groups += _after_first_pass(j, first, n_of[j], qs, len(windows[j]), Level(lo1[j], w1[j], NB1, 0),
                                        values)
    passes = 1 + _refine(groups, plan, todo, runner, tracker, values)
    result = np.full((n_out, len(qs)), np.nan)
    for j in range(n_out):
        if not first.nnan[j]:
            result[j] = order_statistic_quantiles(n_of[j], qs, _lookup(values, j))
    tracker.finish()
    return chunks, result, passes
