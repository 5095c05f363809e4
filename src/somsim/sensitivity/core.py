"""Which inputs drive the spread: Sobol', Morris, given-data and one-at-a-time sensitivity.

Every method returns a :class:`SensitivityResult` with one JSON-ready object per *output*
(see :func:`resolve_outputs`): the NPV in total and by actor (``npv.total``, ``npv.kommune``,
…), per participant (``npv_per_participant.*``) and the net of each year (``net.total.3``,
``net.kommune.0``, …; ``net`` alone means every year of the total).

==============  =====================================================================
method          what it computes
==============  =====================================================================
``sobol``       first/total (second) order indices for inputs and groups, bootstrap CIs
``morris``      elementary-effect screening (mu*, sigma) for scenarios with many inputs
``delta``       Borgonovo's moment-independent delta (and S1) on the correlated sample
``pawn``        PAWN (KS distance of conditional CDFs) on the correlated sample
``rbd-fast``    first-order indices by RBD-FAST on the correlated sample
``hdmr``        HDMR covariance decomposition (structural + correlative) and total indices
``oat``         tornado rows (5 %/95 % quantiles or a user range) and switching values
==============  =====================================================================

Sobol' and Morris sample the unit hypercube (Saltelli / Morris designs), map the points with
the engine's inverse CDFs, and evaluate the numba model in chunks. Their estimators assume
independent inputs: each block of correlated inputs is therefore one group, and the copula is
applied within it, so the block's indices describe the block's true joint distribution. The
given-data methods use the ordinary probabilistic sample, correlations included. With
``stochastic_cohorts`` the designed methods use the expected number of successes.

The library never prints; :mod:`somsim._cli_sensitivity` is the command line.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from somsim.errors import UsageError
from somsim.model.reference import OUTPUTS
from somsim.scenario.loader import Scenario

__all__ = ["GIVEN_DATA", "METHODS", "Output", "SensitivityResult", "analyze", "given_data", "morris", "oat",
           "resolve_outputs", "sobol"]

METHODS = ("sobol", "morris", "delta", "pawn", "rbd-fast", "hdmr", "oat")
GIVEN_DATA = ("delta", "pawn", "rbd-fast", "hdmr")
OUTPUT_KINDS = ("npv", "npv_per_participant", "net")
ACTOR_ORDER = ("total", "kommune", "region", "stat")
SCHEMA = "somsim.sensitivity/1"
CHUNK_ROWS = 65536  # model evaluations per kernel call
AUTO_START = 2**10  # --n auto: first base sample
MAX_AUTO_N = 2**16  # --n auto: largest base sample
MAX_VALUES = 2**27  # stored outputs (rows × outputs) allowed in memory: 1 GiB of float64
ATOL = 0.01  # an interval is narrow when its half-width ≤ max(tolerance · |index|, tolerance · ATOL / 0.1)

Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------------------------
# outputs


@dataclass(frozen=True)
class Output:
    """One scalar model output: ``kind`` npv | npv_per_participant | net, an actor or total, a year."""

    name: str
    kind: str
    actor: str
    year: int | None = None


def resolve_outputs(sc: Scenario, spec: str | Sequence[str] | None = None) -> tuple[Output, ...]:
    """The outputs named by `spec` (default ``"npv"``: the NPV in total and for each actor).

    Each item is ``KIND[.ACTOR[.YEAR]]`` with KIND npv, npv_per_participant or net, ACTOR
    total, kommune, region or stat (all four when left out, except for ``net``: the total), and
    YEAR 0 … horizon-1 for net (every year when left out). ``all`` means every output.
    Items may also be given comma-separated in one string.
    """
    from somsim.distributions.core import _did_you_mean

    items = ["npv"] if spec is None else [spec] if isinstance(spec, str) else list(spec)
    tokens = [t.strip() for item in items for t in str(item).split(",") if t.strip()]
    if not tokens:
        raise UsageError("no output given (expected e.g. npv, npv.kommune, net.total)")
    H = sc.horizon
    out: list[Output] = []
    for tok in tokens:
        if tok == "all":
            tokens_all = ["npv", "npv_per_participant", *(f"net.{a}" for a in ACTOR_ORDER)]
            out += [o for t in tokens_all for o in resolve_outputs(sc, t)]
            continue
        parts = tok.split(".")
        kind = parts[0]
        if kind not in OUTPUT_KINDS or len(parts) > (3 if kind == "net" else 2):
            raise UsageError(f"unknown output {tok!r} (expected npv, npv_per_participant or net, optionally "
                             f"followed by .ACTOR and, for net, .YEAR){_did_you_mean(kind, OUTPUT_KINDS)}")
        if len(parts) > 1 and parts[1] not in ACTOR_ORDER:
            raise UsageError(f"unknown actor in output {tok!r} (got {parts[1]!r}; expected total, kommune, region "
                             f"or stat){_did_you_mean(parts[1], ACTOR_ORDER)}")
        if kind != "net":
            actors = ACTOR_ORDER if len(parts) == 1 else (parts[1],)
            out += [Output(f"{kind}.{a}", kind, a) for a in actors]
            continue
        actor = parts[1] if len(parts) > 1 else "total"
        if len(parts) == 3:
            if not (parts[2].isdigit() and int(parts[2]) < H):
                raise UsageError(f"year out of range in output {tok!r} (got {parts[2]!r}; expected 0 … {H - 1})")
            years = [int(parts[2])]
        else:
            years = range(H)
        out += [Output(f"net.{actor}.{t}", "net", actor, t) for t in years]
    return tuple(dict.fromkeys(out))  # de-duplicated, in order


def output_values(outs: Sequence[Output], npv: np.ndarray, net: np.ndarray | None, participants: int) -> np.ndarray:
    """(rows, len(outs)) values of the outputs from the model's npv (rows, 4) and net (rows, H, 3)."""
    Y = np.empty((npv.shape[0], len(outs)))
    for j, o in enumerate(outs):
        if o.kind == "net":
            Y[:, j] = net[:, o.year, :].sum(axis=1) if o.actor == "total" else net[:, o.year, OUTPUTS.index(o.actor)]
        else:
            Y[:, j] = npv[:, OUTPUTS.index(o.actor)]
            if o.kind == "npv_per_participant":
                Y[:, j] /= participants
    return Y


def _is_constant(y: np.ndarray) -> bool:
    return bool(y.size == 0 or np.ptp(y) <= 1e-12 * max(1.0, float(np.abs(y).max())))


class Evaluator:
    """Outputs for unit-hypercube points or input values, through the numba kernel in chunks.

    Parameters
    ----------
    sc : Scenario
    outs : the outputs to compute
    chunk : rows per kernel call (the results do not depend on it)
    """

    def __init__(self, sc: Scenario, outs: Sequence[Output], chunk: int = CHUNK_ROWS):
        from somsim.simulation.engine import make_plan

        self.sc, self.outs, self.chunk = sc, tuple(outs), int(chunk)
        self.plan = make_plan(sc, draws=1, seed=1)
        self.need_net = any(o.kind == "net" for o in self.outs)
        self.copula = self.plan.cop_cols.size > 0
        self.evaluations = 0
        self.backend = _BACKEND.get()  # a Dask backend when the analysis runs on a cluster

    def _chunks(self, A: np.ndarray) -> list[np.ndarray]:
        return [A[c0:c0 + self.chunk] for c0 in range(0, A.shape[0], self.chunk)]

    def from_values(self, X: np.ndarray, spec=None) -> np.ndarray:
        """Outputs (rows, outputs) for input values X (rows, inputs of `spec`, default the plan's)."""
        spec = self.plan.spec if spec is None else spec
        args = (spec, self.outs, self.need_net, self.sc.participants)
        if self.backend is not None:  # the chunks as tasks; each row's outputs are the same anywhere
            parts = self.backend.map(_value_chunk, self._chunks(X), *args)
        else:
            parts = [_value_chunk(c, *args) for c in self._chunks(X)]
        self.evaluations += X.shape[0]
        return np.concatenate(parts) if parts else np.empty((0, len(self.outs)))

    def from_unit(self, U: np.ndarray) -> np.ndarray:
        """Outputs for unit-hypercube points U (rows, inputs); the copula acts within correlated blocks."""
        args = (self.plan, self.copula, self.outs, self.need_net, self.sc.participants)
        if self.backend is not None:
            parts = self.backend.map(_unit_chunk, self._chunks(U), *args)
        else:
            parts = [_unit_chunk(c, *args) for c in self._chunks(U)]
        self.evaluations += U.shape[0]
        return np.concatenate(parts) if parts else np.empty((0, len(self.outs)))


def _value_chunk(X, spec, outs, need_net, participants) -> np.ndarray:
    """Outputs of one chunk of input values (a task on a worker, or called in-process)."""
    from somsim.simulation.engine import run_model

    m = run_model(spec, X, keep_net=need_net)
    return output_values(outs, m.npv, m.net, participants)


def _unit_chunk(U, plan, copula, outs, need_net, participants) -> np.ndarray:
    """Outputs of one chunk of unit-hypercube points."""
    from somsim.simulation.engine import transform

    return _value_chunk(transform(plan, U, copula=copula), plan.spec, outs, need_net, participants)


_BACKEND: ContextVar = ContextVar("somsim_sensitivity_backend", default=None)


@contextmanager
def _on_cluster(workers: int | None, scheduler: str | None):
    """Evaluate designs on a Dask cluster (local with N workers, or at ADDRESS) inside this block."""
    if not (workers or scheduler):
        yield
        return
    from somsim.simulation.dask_backend import DaskBackend

    backend = DaskBackend(workers=workers, scheduler=scheduler)
    token = _BACKEND.set(backend)
    try:
        yield
    finally:
        _BACKEND.reset(token)
        backend.close()


# --------------------------------------------------------------------------------------------
# correlated blocks and groups


@dataclass(frozen=True)
class Part:
    """One group of a partition of the inputs (a design's factor)."""

    name: str
    members: tuple[str, ...]
    report: bool = True  # False for the '(other inputs)' filler of a partition


def correlated_blocks(sc: Scenario, plan=None) -> list[tuple[str, ...]]:
    """Blocks of inputs tied by ``[[correlation]]`` (connected components), in input order.

    If the copula factor mixes two components (a semi-definite matrix factored by eigenvectors),
    every correlated input is put into one block, since the copula cannot then act block by block.
    """
    if not sc.correlations:
        return []
    names = list(sc.input_names)
    parent = {n: n for inputs, _ in sc.correlations for n in inputs}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for inputs, _ in sc.correlations:
        for n in inputs[1:]:
            parent[find(n)] = find(inputs[0])
    if plan is not None and plan.cop_cols.size:
        roots = [find(names[c]) for c in plan.cop_cols]
        F = plan.cop_F
        mixed = any(abs(F[j, k]) > 1e-12 for j in range(len(roots)) for k in range(len(roots)) if roots[j] != roots[k])
        if mixed:
            return [tuple(n for n in names if n in parent)]
    comps: dict[str, list[str]] = {}
    for n in names:
        if n in parent:
            comps.setdefault(find(n), []).append(n)
    return sorted((tuple(v) for v in comps.values()), key=lambda b: names.index(b[0]))


def _merge_blocks(parts: list[Part], blocks: list[tuple[str, ...]], names: Sequence[str]) -> tuple[list[Part], list[str]]:
    """Unite the parts that share a correlated block; return the new parts and what was merged."""
    owner = {m: i for i, p in enumerate(parts) for m in p.members}
    parent = list(range(len(parts)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for b in blocks:
        ids = sorted({owner[m] for m in b})
        for i in ids[1:]:
            parent[find(i)] = find(ids[0])
    merged: dict[int, list[int]] = {}
    for i in range(len(parts)):
        merged.setdefault(find(i), []).append(i)
    out, notes = [], []
    for ids in merged.values():
        if len(ids) == 1:
            out.append(parts[ids[0]])
            continue
        ps = [parts[i] for i in ids]
        members = tuple(n for n in names if any(n in p.members for p in ps))
        out.append(Part(" + ".join(p.name for p in ps), members, any(p.report for p in ps)))
        notes.append(" and ".join(f"'{p.name}'" for p in ps) + " are analysed as one group because they share "
                     "correlated inputs")
    out.sort(key=lambda p: list(names).index(p.members[0]))
    return out, notes


def block_label(members: Sequence[str], names: Sequence[str]) -> str:
    """A short unique name of a block: 'a + b' for two inputs, else a pattern such as
    'consequence.*.scale' when it matches exactly the block's inputs, else 'a + b + …'."""
    import fnmatch
    import os

    if len(members) > 2:
        pre = os.path.commonprefix(list(members))
        suf = os.path.commonprefix([m[::-1] for m in members])[::-1]
        if len(pre) + len(suf) < min(map(len, members)):
            pat = f"{pre}*{suf}"
            if {n for n in names if fnmatch.fnmatchcase(n, pat)} == set(members):
                return pat
    return " + ".join(members)


def input_partition(sc: Scenario, blocks: list[tuple[str, ...]]) -> list[Part]:
    """One part per input, except that each correlated block is one part (see :func:`block_label`)."""
    names = sc.input_names
    parts = [Part(n, (n,)) for n in names if not any(n in b for b in blocks)]
    parts += [Part(block_label(b, names), tuple(b)) for b in blocks]
    parts.sort(key=lambda p: names.index(p.members[0]))
    return parts


def group_partitions(sc: Scenario, blocks: list[tuple[str, ...]]) -> tuple[list[list[Part]], list[str]]:
    """Partitions of the inputs that together hold every group of ``sc.groups``.

    Grouped Sobol' needs a partition: groups are packed greedily into as few partitions of
    pairwise disjoint groups as possible (the default groups form one), each completed with an
    '(other inputs)' part, and groups that share a correlated block are merged.
    """
    names = sc.input_names
    packs: list[list[Part]] = []
    for g, members in sc.groups.items():
        if not members:
            continue
        part = Part(g, tuple(members))
        for pack in packs:
            if all(not set(members) & set(p.members) for p in pack):
                pack.append(part)
                break
        else:
            packs.append([part])
    out, notes = [], []
    for pack in packs:
        covered = {m for p in pack for m in p.members}
        rest = tuple(n for n in names if n not in covered)
        parts = pack + ([Part("(other inputs)", rest, report=False)] if rest else [])
        if blocks:
            parts, msg = _merge_blocks(parts, blocks, names)
            notes += msg
        out.append(parts)
    if len(out) > 1:
        notes.append(f"the groups overlap, so they are analysed in {len(out)} designs of disjoint groups: "
                     + "; ".join(", ".join(p.name for p in pack if p.report) for pack in out))
    return out, notes


# --------------------------------------------------------------------------------------------
# results


def _clean(x: Any) -> Any:
    """JSON-ready: numpy scalars to Python, non-finite floats to None."""
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return _clean(x.tolist())
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(x) else None
    return x


@dataclass
class SensitivityResult:
    """The result of one sensitivity method: one JSON-ready object per output.

    Attributes
    ----------
    method : one of :data:`METHODS`
    results : list of dicts, one per output, each with at least ``method``, ``output``, ``n``
    n : base sample (sobol), trajectories (morris), draws (given-data) or evaluations (oat)
    evaluations : model evaluations made
    notes, warnings : sentences for the reader (what was assumed; what to be careful about)
    converged : with ``n="auto"``, whether the intervals became narrow
    """

    method: str
    scenario: Scenario = field(repr=False)
    results: list[dict]
    n: int
    evaluations: int
    seed: int | None
    settings: dict
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    converged: bool | None = None

    @property
    def outputs(self) -> tuple[str, ...]:
        return tuple(r["output"] for r in self.results)

    def __getitem__(self, output: str) -> dict:
        for r in self.results:
            if r["output"] == output:
                return r
        raise KeyError(output)

    def to_dict(self) -> dict:
        """The JSON document (schema ``somsim.sensitivity/1``)."""
        from somsim._version import __version__

        sc = self.scenario
        return _clean({
            "schema": SCHEMA,
            "scenario": {"id": sc.id, "title": sc.title, "sha256": sc.sha256},
            "somsim_version": __version__,
            "method": self.method, "seed": self.seed, "n": self.n, "evaluations": self.evaluations,
            "converged": self.converged, "settings": self.settings,
            "notes": self.notes, "warnings": self.warnings, "results": self.results,
        })


def _common_notes(sc: Scenario, designed: bool) -> list[str]:
    notes = []
    if sc.stochastic_cohorts:
        notes.append("stochastic cohorts: " + ("the designed evaluations use the expected number of successes "
                                               "(success rate × participants); binomial chance is left out"
                                               if designed else "the sample includes the binomial chance of the "
                                               "successes, which no input explains"))
    return notes


def _constant_notes(results: list[dict]) -> list[str]:
    const = [r["output"] for r in results if r.get("constant")]
    if not const:
        return []
    return [f"{', '.join(const)} {'does' if len(const) == 1 else 'do'} not vary with the inputs: nothing to attribute"]


def _seed(seed: int, *key: int) -> int:
    """A positive 32-bit seed for a sub-task, derived from the user's seed."""
    return int(np.random.SeedSequence(int(seed), spawn_key=key).generate_state(1)[0]) + 1


def _set_threads(threads: int | None) -> None:
    if threads is not None:
        from somsim.model import kernels as K

        K.set_threads(threads)


# --------------------------------------------------------------------------------------------
# the methods (implemented in helper modules) and one entry point


def sobol(sc: Scenario, *, n: int | str = 4096, outputs=None, seed: int = 1, second_order: bool = False,
          groups: bool = True, num_resamples: int = 100, conf_level: float = 0.95, tolerance: float = 0.1,
          max_n: int = MAX_AUTO_N, threads: int | None = None, progress: Progress | None = None,
          workers: int | None = None, scheduler: str | None = None) -> SensitivityResult:
    """Sobol' first- and total-order indices (second order on request) with bootstrap intervals.

    Parameters
    ----------
    sc : Scenario
    n : int or "auto"
        Base sample N (a power of two); the design has N·(G+2) rows (N·(2G+2) with second
        order) for G inputs or blocks. "auto" starts at 1024 and doubles N (re-using every
        evaluation) until all intervals are narrow or N reaches `max_n`.
    outputs : see :func:`resolve_outputs` (default: NPV total and by actor)
    seed : seeds the scrambled Sobol' designs and the bootstrap
    second_order : also S2 for pairs of inputs (blocks)
    groups : also indices of the groups in ``sc.groups`` (default and ``[groups]``)
    num_resamples, conf_level : bootstrap resamples and the level of the intervals
    tolerance : an interval is *narrow* when its half-width is at most
        ``max(tolerance · |index|, tolerance / 10)``; wider ones are listed and warned about.
    threads : kernel threads (results do not depend on them)
    workers, scheduler : evaluate the design's chunks as tasks on a Dask cluster (local with N workers,
        or at ADDRESS); the indices are the same as in-process
    progress : callback ``progress(done, total)`` in model evaluations

    Returns
    -------
    SensitivityResult with, per output, ``indices`` and ``groups``:
    ``{name: {"S1", "S1_conf", "ST", "ST_conf"}}`` (blocks and groups also give ``members``),
    ``S2`` with second order, ``mean``/``sd`` of the output, ``wide`` (names with wide intervals).
    """
    from somsim.sensitivity.sobol import run_sobol

    _set_threads(threads)
    with _on_cluster(workers, scheduler):
        return run_sobol(sc, n=n, outputs=outputs, seed=seed, second_order=second_order, groups=groups,
                         num_resamples=num_resamples, conf_level=conf_level, tolerance=tolerance, max_n=max_n,
                         progress=progress)


def _check_common(num_resamples: int, conf_level: float, tolerance: float = 0.1) -> None:
    if not (isinstance(num_resamples, (int, np.integer)) and 2 <= num_resamples <= 100_000):
        raise UsageError(f"resamples must be a whole number 2 … 100000 (got {num_resamples!r})")
    if not 0.5 <= conf_level < 1:
        raise UsageError(f"the confidence level must be in [0.5, 1) (got {conf_level!r})")
    if not 0 < tolerance <= 1:
        raise UsageError(f"the tolerance must be in (0, 1] (got {tolerance!r})")


def morris(sc: Scenario, *, trajectories: int = 100, levels: int = 4, outputs=None, seed: int = 1,
           num_resamples: int = 100, conf_level: float = 0.95, probs: tuple[float, float] = (0.05, 0.95),
           threads: int | None = None, progress: Progress | None = None, workers: int | None = None,
           scheduler: str | None = None) -> SensitivityResult:
    """Morris elementary-effects screening (SALib's design and analysis).

    Each input moves on `levels` levels spread evenly over its central quantile range `probs`
    (default 5 %–95 %), so ``mu_star`` is the mean absolute change of the output when an input
    moves across that range (for a linear effect: |slope| × (q95 − q05)). Correlated blocks move
    together as one group.
    """
    from somsim.sensitivity.salib import run_morris

    _set_threads(threads)
    with _on_cluster(workers, scheduler):
        return run_morris(sc, trajectories=trajectories, levels=levels, outputs=outputs, seed=seed,
                          num_resamples=num_resamples, conf_level=conf_level, probs=probs, progress=progress)


def given_data(sc: Scenario, method: str, *, draws: int | None = None, outputs=None, seed: int = 1,
               num_resamples: int | None = None, conf_level: float = 0.95, threads: int | None = None,
               progress: Progress | None = None, workers: int | None = None,
               scheduler: str | None = None) -> SensitivityResult:
    """Moment-independent / given-data indices on the ordinary (correlated) probabilistic sample.

    `method` is ``delta`` (Borgonovo's delta and S1), ``pawn``, ``rbd-fast`` or ``hdmr``; the sample
    is ``engine.simulate(sc, draws, seed)``. With correlated inputs these indices credit an input
    with what its correlated partners do too (they are not Sobol' indices of independent inputs).
    """
    from somsim.sensitivity.salib import run_given_data

    _set_threads(threads)
    return run_given_data(sc, method, draws=draws, outputs=outputs, seed=seed, num_resamples=num_resamples,
                          conf_level=conf_level, progress=progress, workers=workers, scheduler=scheduler)


def oat(sc: Scenario, *, outputs=None, probs: tuple[float, float] = (0.05, 0.95),
        ranges: dict[str, tuple[float, float]] | None = None, switching: bool = True,
        threads: int | None = None) -> SensitivityResult:
    """One-at-a-time (tornado) rows and switching values, in SØM style.

    Each input goes to its `probs` quantiles (or ``ranges[name] = (low, high)``, which may also
    name a fixed quantity such as ``success_rate``) with every other input at its point value.
    Switching values: the value of each input (and of ``success_rate``, even when fixed) at
    which the base-case NPV of each NPV output crosses zero, searched over the input's support.
    """
    from somsim.sensitivity.oat import run_oat

    _set_threads(threads)
    return run_oat(sc, outputs=outputs, probs=probs, ranges=ranges, switching=switching)


def analyze(sc: Scenario, method: str, **kw) -> SensitivityResult:
    """Run `method` (one of :data:`METHODS`) with the keywords of its function."""
    if method == "sobol":
        return sobol(sc, **kw)
    if method == "morris":
        return morris(sc, **kw)
    if method in GIVEN_DATA:
        return given_data(sc, method, **kw)
    if method == "oat":
        return oat(sc, **kw)
    from somsim.distributions.core import _did_you_mean

    raise UsageError(f"unknown method {method!r} (expected one of {', '.join(METHODS)}){_did_you_mean(method, METHODS)}")
