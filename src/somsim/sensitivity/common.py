"""What every sensitivity method shares: outputs, the evaluator, the result and its notes.

* :class:`Output` and :func:`resolve_outputs`: the scalar outputs a method attributes (``npv.total``,
  ``npv_per_participant.kommune``, ``net.total.3`` …) and :func:`output_values`, their values from the
  model's arrays;
* :class:`Evaluator`: model outputs for unit-hypercube points or input values, through the numba
  kernel in chunks (as Dask tasks inside :func:`on_cluster`);
* :class:`SensitivityResult`: one JSON-ready object per output, and the notes every method adds.

The method modules (:mod:`~somsim.sensitivity.sobol`, :mod:`~somsim.sensitivity.salib`,
:mod:`~somsim.sensitivity.oat`) build on this; :mod:`somsim.sensitivity.core` is their public face.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from somsim._text import did_you_mean
from somsim._vocab import COMMITTEE_PREFIX, DISPLAY_ORDER, OUTPUTS
from somsim.errors import UsageError
from somsim.scenario.loader import Scenario

__all__ = [
    "ATOL", "AUTO_START", "CHUNK_ROWS", "GIVEN_DATA", "MAX_AUTO_N", "MAX_VALUES", "METHODS", "SCHEMA", "Evaluator",
    "Output", "Progress", "SensitivityResult", "check_common", "clean", "common_notes", "constant_notes",
    "is_constant", "on_cluster", "output_values", "resolve_outputs", "sub_seed",
]

METHODS = ("sobol", "morris", "delta", "pawn", "rbd-fast", "hdmr", "oat")
GIVEN_DATA = ("delta", "pawn", "rbd-fast", "hdmr")
OUTPUT_KINDS = ("npv", "npv_per_participant", "net")
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
    column: int = -1  # the actor's column in the model's NPV (``Scenario.outputs``); -1: from OUTPUTS


def resolve_outputs(sc: Scenario, spec: str | Sequence[str] | None = None) -> tuple[Output, ...]:
    """The outputs named by `spec` (default ``"npv"``: the NPV in total and for each actor).

    Parameters
    ----------
    sc : Scenario
        The scenario (its horizon bounds the years of ``net``).
    spec : str or sequence of str, optional
        Items ``KIND[.ACTOR[.YEAR]]`` with KIND npv, npv_per_participant or net, ACTOR total,
        kommune, region or stat (all four when left out, except for ``net``: the total), and YEAR
        0 … horizon-1 for net (every year when left out). ``all`` means every output. Items may
        also be given comma-separated in one string.

    Returns
    -------
    tuple of Output
        De-duplicated, in the order given.

    Raises
    ------
    UsageError
        An unknown kind or actor, or a year outside the horizon.
    """
    items = ["npv"] if spec is None else [spec] if isinstance(spec, str) else list(spec)
    tokens = [t.strip() for item in items for t in str(item).split(",") if t.strip()]
    if not tokens:
        raise UsageError("no output given (expected e.g. npv, npv.kommune, net.total)")
    out: list[Output] = []
    for tok in tokens:
        if tok == "all":
            every = ["npv", "npv_per_participant", *(f"net.{a}" for a in DISPLAY_ORDER)]
            out += [o for t in every for o in resolve_outputs(sc, t)]
        else:
            out += _one_output(tok, sc.horizon, sc.outputs)
    return tuple(dict.fromkeys(out))  # de-duplicated, in order


def _one_output(tok: str, horizon: int, outputs: Sequence[str] = OUTPUTS) -> list[Output]:
    """The outputs of one item ``KIND[.ACTOR[.YEAR]]`` (not ``all``); ACTOR may be ``kommune:NAME`` for npv."""
    kind = tok.split(".")[0]
    if kind in ("npv", "npv_per_participant") and tok.startswith(f"{kind}.{COMMITTEE_PREFIX}"):
        actor = tok[len(kind) + 1:]
        if actor not in outputs:
            committees = [o for o in outputs if o.startswith(COMMITTEE_PREFIX)]
            raise UsageError(f"unknown committee in output {tok!r} (got {actor!r}; expected one of "
                             f"{', '.join(committees) or 'none: the scenario has no [udvalg]'})"
                             f"{did_you_mean(actor, committees)}")
        return [Output(tok, kind, actor, None, outputs.index(actor))]
    parts = tok.split(".")
    if kind not in OUTPUT_KINDS or len(parts) > (3 if kind == "net" else 2):
        raise UsageError(f"unknown output {tok!r} (expected npv, npv_per_participant or net, optionally "
                         f"followed by .ACTOR and, for net, .YEAR){did_you_mean(kind, OUTPUT_KINDS)}")
    if len(parts) > 1 and parts[1] not in DISPLAY_ORDER:
        raise UsageError(f"unknown actor in output {tok!r} (got {parts[1]!r}; expected total, kommune, region "
                         f"or stat){did_you_mean(parts[1], DISPLAY_ORDER)}")
    if kind != "net":
        actors = DISPLAY_ORDER if len(parts) == 1 else (parts[1],)
        return [Output(f"{kind}.{a}", kind, a) for a in actors]
    actor = parts[1] if len(parts) > 1 else "total"
    years: Sequence[int] = range(horizon)
    if len(parts) == 3:
        if not (parts[2].isdigit() and int(parts[2]) < horizon):
            raise UsageError(f"year out of range in output {tok!r} (got {parts[2]!r}; expected 0 … {horizon - 1})")
        years = [int(parts[2])]
    return [Output(f"net.{actor}.{t}", "net", actor, t) for t in years]


def output_values(outs: Sequence[Output], npv: np.ndarray, net: np.ndarray | None, participants: int) -> np.ndarray:
    """Values of the outputs, one column each.

    Parameters
    ----------
    outs : sequence of Output
        The outputs.
    npv : (rows, 4) array
        The model's NPV by actor and in total (:data:`somsim._vocab.OUTPUTS` order).
    net : (rows, H, 3) array or None
        The net of each year by actor; needed when an output is a ``net``.
    participants : int
        Divides the ``npv_per_participant`` outputs.

    Returns
    -------
    (rows, len(outs)) array
    """
    Y = np.empty((npv.shape[0], len(outs)))
    for j, o in enumerate(outs):
        if o.kind == "net":
            assert net is not None, "a net output needs the model's net by year"
            Y[:, j] = net[:, o.year, :].sum(axis=1) if o.actor == "total" else net[:, o.year, OUTPUTS.index(o.actor)]
        else:
            Y[:, j] = npv[:, o.column if o.column >= 0 else OUTPUTS.index(o.actor)]
            if o.kind == "npv_per_participant":
                Y[:, j] /= participants
    return Y


def is_constant(y: np.ndarray) -> bool:
    """Whether an output does not vary (up to rounding): there is nothing to attribute."""
    return bool(y.size == 0 or np.ptp(y) <= 1e-12 * max(1.0, float(np.abs(y).max())))


# --------------------------------------------------------------------------------------------
# evaluation


_BACKEND: ContextVar = ContextVar("somsim_sensitivity_backend", default=None)


class Evaluator:
    """Outputs for unit-hypercube points or input values, through the numba kernel in chunks.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    outs : sequence of Output
        The outputs to compute.
    chunk : int
        Rows per kernel call (the results do not depend on it).
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

    def _map(self, fn: Callable[..., np.ndarray], A: np.ndarray, *args: Any) -> np.ndarray:
        # on a cluster the chunks are tasks; each row's outputs are the same anywhere
        if self.backend is not None:
            parts = self.backend.map(fn, self._chunks(A), *args)
        else:
            parts = [fn(c, *args) for c in self._chunks(A)]
        self.evaluations += A.shape[0]
        return np.concatenate(parts) if parts else np.empty((0, len(self.outs)))

    def from_values(self, X: np.ndarray, spec=None) -> np.ndarray:
        """Outputs (rows, outputs) for input values X (rows, inputs of `spec`, default the plan's)."""
        spec = self.plan.spec if spec is None else spec
        return self._map(_value_chunk, X, spec, self.outs, self.need_net, self.sc.participants)

    def from_unit(self, U: np.ndarray) -> np.ndarray:
        """Outputs for unit-hypercube points U (rows, inputs); the copula acts within correlated blocks."""
        return self._map(_unit_chunk, U, self.plan, self.copula, self.outs, self.need_net, self.sc.participants)


def _value_chunk(X, spec, outs, need_net, participants) -> np.ndarray:
    """Outputs of one chunk of input values (a task on a worker, or called in-process)."""
    from somsim.simulation.engine import run_model

    m = run_model(spec, X, keep_net=need_net)
    return output_values(outs, m.npv, m.net, participants)


def _unit_chunk(U, plan, copula, outs, need_net, participants) -> np.ndarray:
    """Outputs of one chunk of unit-hypercube points."""
    from somsim.simulation.engine import transform

    return _value_chunk(transform(plan, U, copula=copula), plan.spec, outs, need_net, participants)


@contextmanager
def on_cluster(workers: int | None, scheduler: str | None) -> Iterator[None]:
    """Evaluate designs on a Dask cluster (local with N `workers`, or at `scheduler`) inside this block.

    Without either, the block runs in-process. Every :class:`Evaluator` made inside the block sends
    its chunks to the cluster; the cluster is closed when the block ends.
    """
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
# results


def clean(x: Any) -> Any:
    """JSON-ready: numpy scalars to Python, non-finite floats to None (recursively)."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return clean(x.tolist())
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
    method : str
        One of :data:`METHODS`.
    results : list of dict
        One per output, each with at least ``method``, ``output``, ``n``.
    n : int
        Base sample (sobol), trajectories (morris), draws (given-data) or evaluations (oat).
    evaluations : int
        Model evaluations made.
    notes, warnings : list of str
        Sentences for the reader (what was assumed; what to be careful about).
    converged : bool or None
        With ``n="auto"``, whether the intervals became narrow.
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
        """The names of the outputs, in order."""
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
        return clean({
            "schema": SCHEMA,
            "scenario": {"id": sc.id, "title": sc.title, "sha256": sc.sha256},
            "somsim_version": __version__,
            "method": self.method, "seed": self.seed, "n": self.n, "evaluations": self.evaluations,
            "converged": self.converged, "settings": self.settings,
            "notes": self.notes, "warnings": self.warnings, "results": self.results,
        })


def common_notes(sc: Scenario, designed: bool) -> list[str]:
    """Notes every method adds: how stochastic cohorts enter a designed (or a given-data) analysis."""
    notes = []
    if sc.stochastic_cohorts:
        notes.append("stochastic cohorts: " + ("the designed evaluations use the expected number of successes "
                                               "(success rate × participants); binomial chance is left out"
                                               if designed else "the sample includes the binomial chance of the "
                                               "successes, which no input explains"))
    return notes


def constant_notes(results: list[dict]) -> list[str]:
    """One note naming the outputs that do not vary (they get no indices)."""
    const = [r["output"] for r in results if r.get("constant")]
    if not const:
        return []
    return [f"{', '.join(const)} {'does' if len(const) == 1 else 'do'} not vary with the inputs: nothing to attribute"]


def sub_seed(seed: int, *key: int) -> int:
    """A positive 32-bit seed for a sub-task, derived from the user's seed and the task's `key`."""
    return int(np.random.SeedSequence(int(seed), spawn_key=key).generate_state(1)[0]) + 1


def check_common(resamples: int, conf_level: float, tolerance: float = 0.1) -> None:
    """Refuse bootstrap `resamples`, a confidence level or a tolerance out of range (UsageError)."""
    if not (isinstance(resamples, (int, np.integer)) and not isinstance(resamples, bool)
            and 2 <= resamples <= 100_000):
        raise UsageError(f"resamples must be a whole number 2 … 100000 (got {resamples!r})")
    if not (_real(conf_level) and 0.5 <= conf_level < 1):
        raise UsageError(f"the confidence level must be in [0.5, 1) (got {conf_level!r})")
    if not (_real(tolerance) and 0 < tolerance <= 1):
        raise UsageError(f"the tolerance must be in (0, 1] (got {tolerance!r})")


def _real(x: object) -> bool:
    """A finite real number that is not a boolean."""
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) and bool(np.isfinite(x))
