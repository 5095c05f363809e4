"""Value of information: which local data are worth collecting before deciding.

The decision is *invest* or *do not invest*, judged on the net present value from one perspective
(``total`` or one actor): the net benefit of investing is ``NB = NPV − min_npv`` and of not
investing 0. Because the NPV already sums over the whole cohort and horizon, every value here is in
kroner for the one decision (price year of the scenario).

* **EVPI** = E[max(NB, 0)] − max(E[NB], 0): the most that removing all uncertainty is worth.
* **EVPPI** of an input or a group: the same with NB replaced by E[NB | inputs], estimated by
  nonparametric regression on the probabilistic sample (Strong, Oakley & Brennan 2014; see
  :mod:`somsim.voi.fit` for the two regressions and their standard errors).
* **Variance reduction**: Var(E[NPV | inputs]), the expected reduction in the NPV's variance from
  learning the inputs (R's ``voi::evppivar``); as a share of Var(NPV) it is the first-order
  sensitivity index.
* **EVSI / ENBS** of a local study of one input (Strong et al. 2015; :mod:`somsim.voi.evsi`):
  ENBS(n) = EVSI(n) × 1 decision − (fixed cost + cost per unit × n).

The functions take a :class:`~somsim.simulation.engine.SimulationResult` run with ``keep_draws=True`` or,
for :func:`evppi`, any sample matrix; they return dataclasses and never print (the ranking plot is
:func:`somsim.present.plots.plot_voi_ranking` of :func:`document`). :func:`evppi_nested` is the slow
two-level Monte Carlo reference.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from somsim._text import did_you_mean
from somsim._vocab import DISPLAY_ORDER
from somsim.errors import UsageError
from somsim.model import kernels as _K
from somsim.simulation import engine
from somsim.voi import evsi as _E
from somsim.voi import fit as _F
from somsim.voi.nested import evppi_nested

__all__ = ["PERSPECTIVES", "EVPPIRow", "EVSIResult", "VOIResult", "analyse", "document", "evpi", "evppi",
           "evppi_nested", "evsi", "net_benefit"]

#: whose NPV decides: the total or one actor
PERSPECTIVES = DISPLAY_ORDER
MIN_DRAWS = 1000
SCHEMA = "somsim.voi/1"


def _blas_single_threaded():
    """BLAS limited to one thread (see :mod:`somsim.voi.fit`); the concurrency is one fit per kernel thread."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


def _rng(seed: int, key: str) -> np.random.Generator:
    """A generator per (seed, estimate): results do not depend on which other estimates are made."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(11, zlib.crc32(key.encode()))))


def _perspective(result, perspective: str | None) -> str:
    p = perspective or result.scenario.perspective
    known = result.scenario.display_order  # the total, the actors, and the kommune's committees (§6.5)
    if p not in known:
        raise UsageError(f"perspective must be one of {', '.join(known)} (got {p!r}){did_you_mean(p, known)}")
    return p


def _linked(names: list[str], correlations) -> dict[str, set[str]]:
    """For each input, the inputs it is linked to by [[correlation]] blocks (connected components)."""
    comp = {n: {n} for n in names}
    for inputs, _ in correlations:
        merged = set().union(*(comp[n] for n in inputs if n in comp))
        for n in merged:
            comp[n] = merged
    return comp


def controls_for(members, names: list[str], correlations) -> list[int]:
    """Columns of the inputs independent of ``members``: usable as control variates in their regression."""
    comp = _linked(names, correlations)
    dependent = set().union(*(comp[m] for m in members))
    return [i for i, n in enumerate(names) if n not in dependent]


def net_benefit(result, *, perspective: str | None = None, min_npv: float = 0.0) -> np.ndarray:
    """NB of investing per draw: NPV(perspective) − min_npv (kr.); not investing is 0.

    With stochastic cohorts (scenario-format.md §6.6) the NPV is its conditional expectation given the
    parameters: the model is evaluated again with the expected successes (and completers), which is
    exact because the NPV is linear in them. Binomial chance is not something information can remove.
    """
    if not hasattr(result, "npv") or not hasattr(result, "inputs"):
        raise UsageError(f"value of information needs the result of simulate(..., keep_draws=True) "
                         f"(got {type(result).__name__}); run somsim.simulate(sc, draws=…, keep_draws=True) first")
    if result.npv is None or result.inputs is None:
        raise UsageError("value of information needs the draws: simulate(..., keep_draws=True)")
    if not math.isfinite(min_npv):
        raise UsageError(f"min_npv must be a finite number (got {min_npv})")
    col = result.scenario.outputs.index(_perspective(result, perspective))
    if result.scenario.stochastic_cohorts:
        return engine.run_model(result.plan.spec, result.inputs).npv[:, col] - float(min_npv)
    return result.npv[:, col] - float(min_npv)


def evpi(nb: np.ndarray) -> tuple[float, float]:
    """EVPI of invest-vs-not and its Monte Carlo standard error (delta method)."""
    nb = np.asarray(nb, dtype=float)
    value = _F.evppi_from_fitted(nb)
    h = np.maximum(-nb, 0.0) if nb.mean() > 0 else np.maximum(nb, 0.0)
    return value, float(np.std(h, ddof=1) / math.sqrt(len(nb)))


def evppi(X: np.ndarray, nb: np.ndarray, *, seed: int = 0, controls: np.ndarray | None = None,
          importance: np.ndarray | None = None, resamples: int = _F.RESAMPLES) -> _F.Estimate:
    """EVPPI of the inputs in the columns of X (draws × k) for the net benefit nb, by regression.

    Works on any probabilistic sample. ``controls`` (draws × m): other inputs *independent* of X, used
    as control variates; ``importance`` (k,): ranks the inputs of a large group for its interactions.
    Returns an Estimate with ``value``, ``se_regression``, ``se_bootstrap``, ``se`` (the larger), the
    fitted E[NB | X] per draw, ``r2`` and diagnostics.
    """
    X = np.asarray(X, dtype=float)
    X = X[:, None] if X.ndim == 1 else X
    nb = np.asarray(nb, dtype=float)
    if len(X) != len(nb):
        raise UsageError(f"X has {len(X)} rows but nb has {len(nb)}")
    if len(nb) < MIN_DRAWS:
        raise UsageError(f"EVPPI by regression needs at least {MIN_DRAWS} draws (got {len(nb)})")
    if controls is not None:
        controls = np.asarray(controls, dtype=float)
        controls = controls[:, None] if controls.ndim == 1 else controls
    return _F.fit(X, nb, rng=np.random.default_rng(seed), controls=controls, importance=importance, resamples=resamples)


@dataclass(frozen=True)
class EVPPIRow:
    """EVPPI of one input or group (kr.), with its errors and the variance it would remove."""

    name: str
    kind: str  # "input" or "group"
    members: tuple[str, ...]
    value: float
    se: float
    se_regression: float
    se_bootstrap: float
    ratio: float | None  # value / EVPI
    variance_reduction: float  # Var(E[NPV | members]), kr.²
    variance_share: float  # of Var(NPV)
    r2: float
    method: str
    diagnostics: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        """The row as JSON (``members`` for a group)."""
        d: dict[str, Any] = {"value": self.value, "se": self.se, "ratio": self.ratio,
                             "se_regression": self.se_regression,
             "se_bootstrap": self.se_bootstrap, "variance_reduction": self.variance_reduction,
             "variance_share": self.variance_share, "r2": self.r2, "method": self.method,
             "diagnostics": {k: v for k, v in self.diagnostics.items() if v is not None}}
        if self.kind == "group":
            d["members"] = list(self.members)
        return d


@dataclass(frozen=True)
class VOIResult:
    """EVPI and EVPPI of every input and group for one perspective."""

    scenario_id: str
    perspective: str
    min_npv: float
    draws: int
    seed: int
    sampler: str
    mean_nb: float
    sd_nb: float
    prob_positive: float
    evpi: float
    evpi_se: float
    inputs: tuple[EVPPIRow, ...]
    groups: tuple[EVPPIRow, ...]

    @property
    def decision(self) -> str:
        """The decision on current information."""
        return "invest" if self.mean_nb > 0 else "do not invest"

    def ranking(self, kind: str = "input") -> list[EVPPIRow]:
        """Inputs (or groups) by EVPPI, largest first; ties by variance reduction."""
        rows = self.inputs if kind == "input" else self.groups
        return sorted(rows, key=lambda r: (-r.value, -r.variance_reduction, r.name))


def _check_groups(groups: dict, names: list[str]) -> None:
    """Refuse an empty group or one that names inputs that are not uncertain (UsageError)."""
    for g, members in groups.items():
        bad = [m for m in members if m not in names]
        if not members:
            raise UsageError(f"group {g!r} has no inputs")
        if bad:
            raise UsageError(f"group {g!r} names inputs that are not uncertain: {', '.join(bad)}")


def analyse(result, *, perspective: str | None = None, min_npv: float = 0.0, groups: dict | None = None,
            resamples: int = _F.RESAMPLES, control_variates: bool = True, progress=None) -> VOIResult:
    """EVPI, and EVPPI of every uncertain input and every group, from a probabilistic run.

    Parameters
    ----------
    result : SimulationResult
        From ``simulate(..., keep_draws=True)``.
    perspective : str, optional
        "total" or an actor; default the scenario's.
    min_npv : float
        The required minimum NPV (kr.); invest when the NPV exceeds it.
    groups : dict, optional
        Name → input names; default the scenario's groups (the default groups and ``[groups]``).
    resamples : int
        Bootstrap resamples per estimate.
    control_variates : bool
        Enter the inputs independent of those of interest as linear control variates (same target,
        less noise; see :func:`somsim.voi.fit.fit`).
    progress : callable, optional
        Callback ``progress(done, total)``.

    Returns
    -------
    VOIResult
        The EVPI and one :class:`EVPPIRow` per input and per group.
    """
    nb = net_benefit(result, perspective=perspective, min_npv=min_npv)
    persp = _perspective(result, perspective)
    names = list(result.input_names)
    if not names:
        raise UsageError("the scenario has no uncertain inputs: there is no uncertainty to value")
    if len(nb) < MIN_DRAWS:
        raise UsageError(f"value of information needs at least {MIN_DRAWS} draws (got {len(nb)})")
    groups = dict(result.scenario.groups if groups is None else groups)
    _check_groups(groups, names)
    value, value_se = evpi(nb)
    var_nb = float(np.var(nb))
    seed = int(getattr(result, "seed", 0))
    total = len(names) + len(groups)
    done = 0
    cache: dict[frozenset, tuple[_F.Estimate, float]] = {}
    corr = result.scenario.correlations

    def fit(members: tuple[str, ...], importance=None) -> tuple[_F.Estimate, float]:
        cols = [names.index(m) for m in members]
        ctrl = result.inputs[:, controls_for(members, names, corr)] if control_variates else None
        est = _F.fit(result.inputs[:, cols], nb, rng=_rng(seed, "|".join(sorted(members))), controls=ctrl,
                     importance=importance, resamples=resamples)
        return est, float(np.var(est.fitted))

    def row(name, kind, members, est, vr) -> EVPPIRow:
        return EVPPIRow(name=name, kind=kind, members=tuple(members), value=max(est.value, 0.0), se=est.se,
                        se_regression=est.se_regression, se_bootstrap=est.se_bootstrap,
                        ratio=est.value / value if value > 0 else None, variance_reduction=vr,
                        variance_share=vr / var_nb if var_nb > 0 else 0.0, r2=est.r2, method=est.method,
                        diagnostics=est.diagnostics)

    def fits(jobs: list[tuple[tuple[str, ...], Any]]) -> list[tuple[_F.Estimate, float]]:
        """Each job's estimate, in order.

        New sets of members are fitted once each, concurrently on the kernel threads; every fit has
        its own random stream, so no number depends on the threads.
        """
        nonlocal done
        todo = list({frozenset(m): (m, imp) for m, imp in jobs if frozenset(m) not in cache}.values())
        # the largest designs first, so that the threads finish together (the results go by key)
        todo.sort(key=lambda job: -_F.design_columns(len(job[0])))
        for (m, _imp), got in zip(todo, _K.map_ordered(fit, todo), strict=True):
            cache[frozenset(m)] = got
            done += 1
            if progress is not None:
                progress(done, total)
        if len(jobs) > len(todo):  # sets fitted before (a group of one input)
            done += len(jobs) - len(todo)
            if progress is not None:
                progress(done, total)
        return [cache[frozenset(m)] for m, _imp in jobs]

    with _blas_single_threaded():  # BLAS on one thread, set once for all the concurrent fits
        in_rows = [row(n, "input", (n,), est, vr) for n, (est, vr) in zip(names, fits([((n,), None) for n in names]),
                                                                          strict=True)]
        share = {r.name: r.variance_share + r.value / (value or 1.0) for r in in_rows}
        g_jobs = [(tuple(members), np.array([share[m] for m in members])) for members in groups.values()]
        g_rows = [row(g, "group", members, est, vr)
                  for (g, members), (est, vr) in zip(groups.items(), fits(g_jobs), strict=True)]
    return VOIResult(scenario_id=result.scenario.id, perspective=persp, min_npv=float(min_npv), draws=len(nb),
                     seed=seed, sampler=str(getattr(result, "sampler", "random")), mean_nb=float(nb.mean()),
                     sd_nb=math.sqrt(var_nb), prob_positive=float(np.mean(nb > 0)), evpi=value, evpi_se=value_se,
                     inputs=tuple(in_rows), groups=tuple(g_rows))


@dataclass(frozen=True)
class EVSIResult:
    """EVSI and ENBS of a local study of one input over a grid of study sizes (kr.)."""

    input: str
    design: str
    method: str
    assumption: str
    parameters: dict
    n: tuple[int, ...]
    evsi: tuple[float, ...]
    se: tuple[float, ...]
    cost: tuple[float, ...]
    enbs: tuple[float, ...]
    evppi: float  # the limit of EVSI as n grows (same regression on the input itself)
    evppi_se: float
    cost_fixed: float
    cost_per_unit: float
    population: int = 1  # decisions the study informs: the NPV already covers the whole cohort

    @property
    def optimal_n(self) -> int | None:
        """The study size with the largest ENBS, or None when no size has a positive ENBS."""
        j = int(np.argmax(self.enbs))
        return self.n[j] if self.enbs[j] > 0 else None

    def to_dict(self) -> dict:
        """The study as JSON, with the optimal size and its ENBS."""
        return {"input": self.input, "design": self.design, "method": self.method, "assumption": self.assumption,
                "parameters": self.parameters, "population": self.population, "cost_fixed": self.cost_fixed,
                "cost_per_unit": self.cost_per_unit, "evppi": self.evppi, "evppi_se": self.evppi_se,
                "n": list(self.n), "evsi": list(self.evsi), "se": list(self.se), "cost": list(self.cost),
                "enbs": list(self.enbs), "optimal_n": self.optimal_n,
                "optimal_enbs": max(self.enbs) if self.optimal_n is not None else None}


def evsi(result, input: str, *, n=None, cost_fixed: float = 0.0, cost_per_unit: float = 0.0,
         design: str | None = None, case_cv: float = 0.5, case_sd: float | None = None,
         perspective: str | None = None, min_npv: float = 0.0, resamples: int = _F.RESAMPLES) -> EVSIResult:
    """EVSI and ENBS of a local study of ``input`` for each study size in ``n``.

    Parameters
    ----------
    input : an uncertain input, e.g. ``success_rate`` or ``price.specialskole.kommune``.
    n : study sizes (participants or cases); default 5 … 2000.
    cost_fixed, cost_per_unit : the study's cost, kr.: fixed + per unit × n.
    design : "binomial" (successes among n; default for rates in [0, 1]), "gamma" (mean unit cost of
        n cases with CV ``case_cv``; default for prices, costs and scales) or "normal" (mean of n
        observations with SD ``case_sd``).
    """
    nb = net_benefit(result, perspective=perspective, min_npv=min_npv)
    names = list(result.input_names)
    if input not in names:
        raise UsageError(f"{input!r} is not an uncertain input of the scenario{did_you_mean(input, names)}")
    ns = np.array(sorted({int(v) for v in (n if n is not None else _E.DEFAULT_N)}))
    if len(ns) == 0 or ns[0] < 1:
        raise UsageError(f"study sizes must be whole numbers ≥ 1 (got {list(n)})")
    for label, v in (("cost_fixed", cost_fixed), ("cost_per_unit", cost_per_unit)):
        if not (math.isfinite(v) and v >= 0):
            raise UsageError(f"{label} must be a number ≥ 0 (got {v})")
    if not (math.isfinite(case_cv) and case_cv > 0):
        raise UsageError(f"case_cv must be > 0 (got {case_cv})")
    inp = next(p for p in result.scenario.inputs if p.name == input)
    design = _E.choose_design(input, inp.dist.support, design, case_sd)
    assumption, params = _E.describe(design, case_cv, case_sd)
    seed = int(getattr(result, "seed", 0))
    theta = result.inputs[:, names.index(input)]
    T = _E.study_summaries(theta, ns, design, rng=_rng(seed, f"evsi:{input}:{design}"), case_cv=case_cv,
                           case_sd=case_sd)
    # the study data depend on the input alone, so the inputs independent of it are control variates here too
    ctrl = result.inputs[:, controls_for((input,), names, result.scenario.correlations)]
    vals, ses = [], []
    for j, m in enumerate(ns):
        est = _F.fit(T[:, [j]], nb, rng=_rng(seed, f"evsi:{input}:{m}"), controls=ctrl, resamples=resamples)
        vals.append(max(est.value, 0.0))
        ses.append(est.se)
    ref = _F.fit(theta[:, None], nb, rng=_rng(seed, input), controls=ctrl, resamples=_F.RESAMPLES)
    cost = cost_fixed + cost_per_unit * ns
    method = ("EVSI by nonparametric regression on the simulated study summary (Strong, Oakley, Brennan & "
              "Breeze 2015): a penalised cubic spline of NB on T for each study size, the inputs independent of "
              f"{input} as linear control variates; nested studies (common random numbers along n)")
    return EVSIResult(input=input, design=design, method=method, assumption=assumption, parameters=params,
                      n=tuple(int(v) for v in ns), evsi=tuple(vals), se=tuple(ses),
                      cost=tuple(float(c) for c in cost), enbs=tuple(float(v - c) for v, c in zip(vals, cost)),
                      evppi=max(ref.value, 0.0), evppi_se=ref.se, cost_fixed=float(cost_fixed),
                      cost_per_unit=float(cost_per_unit))


def document(voi: VOIResult, evsi_result: EVSIResult | None = None, *, scenario=None) -> dict:
    """The JSON document (schema ``somsim.voi/1``): inputs and groups in ranking order."""
    from somsim._version import __version__

    doc: dict[str, Any] = {"schema": SCHEMA}
    if scenario is not None:
        doc["scenario"] = {"id": scenario.id, "title": scenario.title, "sha256": scenario.sha256}
    doc.update({
        "somsim_version": __version__, "perspective": voi.perspective, "min_npv": voi.min_npv, "draws": voi.draws,
        "seed": voi.seed, "sampler": voi.sampler,
        "decision": {"current": voi.decision, "expected_net_benefit": voi.mean_nb, "sd_net_benefit": voi.sd_nb,
                     "prob_positive": voi.prob_positive},
        "evpi": voi.evpi, "evpi_se": voi.evpi_se,
        "evppi": {r.name: {**r.to_dict(), **_effect(scenario, r.name)} for r in voi.ranking("input")},
        "groups": {r.name: r.to_dict() for r in voi.ranking("group")},
        "evsi": evsi_result.to_dict() if evsi_result is not None else {},
        "units": "DKK in the scenario's price year, for the one decision; variance_reduction in DKK²",
    })
    return doc



def _effect(sc, name: str) -> dict[str, Any]:
    """``{"effect": {...}}`` when input `name` is a consequence's standard-normal shock ``z``, else ``{}``.

    The profile the shock moves, in the activity's own unit: the effect per success in year τ is
    ``per_success[τ] + z · se[τ]`` (scenario-format.md §1.2), so a reader of the JSON need not know ``z``.
    """
    if sc is None or not name.startswith("consequence.") or name.endswith(".scale"):
        return {}
    key = name.split(".", 1)[1]
    c = next((c for c in sc.consequences if c.activity.key == key and c.se), None)
    if c is None:
        return {}
    return {"effect": {"unit": c.activity.unit or "", "per_success": [float(q) for q in c.per_success],
                       "se": [float(x) for x in c.se], "shock": "standard normal z: per_success + z * se"}}


def memory_bytes(n_inputs: int, horizon: int, draws: int, *, design: int | None = None,
                 threads: int = 1) -> dict[str, float]:
    """Estimated peak memory of a VOI analysis of `draws` draws, by part (bytes).

    The run keeps every draw's values (:func:`somsim.simulation.memory.run_bytes`). Each regression
    holds its design — one column per input (the controls) plus the basis of the inputs of interest,
    `design` columns for the largest (:func:`design_columns`; default: one input's) — with the
    solver's copies (about five times the design), and `threads` regressions run at once.
    """
    from somsim.simulation.memory import run_bytes

    parts = run_bytes(n_inputs, horizon, draws, keep_draws=True, exact=True)
    cols = n_inputs + (_F.design_columns(1) if design is None else design)
    parts["regression designs"] = 5.0 * max(1, threads) * draws * cols * 8
    return parts


def design_columns(sc) -> int:
    """Columns of the largest regression design of a VOI of `sc` (a single input's, or a group's).

    A group of three inputs (a tensor-product spline) can need more columns than a larger additive one.
    """
    sizes = {1, *(len(m) for m in (sc.groups or {}).values())}
    return max(_F.design_columns(d) for d in sizes)


def check_memory(sc, draws: int, *, resamples: int = _F.RESAMPLES, evsi: bool = False) -> None:
    """Refuse (UsageError, before anything runs) a VOI analysis whose estimated peak exceeds the memory available."""
    from somsim._resources import require_memory

    require_memory(memory_bytes(len(sc.inputs), sc.horizon, int(draws), design=design_columns(sc),
                                threads=_K.get_threads()), f"voi with {int(draws):,} draws",
                   ["use fewer draws (--draws 100000 is usually plenty for EVPPI)"])
