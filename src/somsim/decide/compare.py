"""Several options compared on the same draws (common random numbers), and the value of the choice.

Every option is a scenario. Its uncertain inputs are matched by name across the options: an input
that two options share *with the same distribution* (the same activity price, the same discount
rate) gets one column of the joint sample, so both options see the same draw of it; an input whose
distributions differ between options is option-specific (it is listed in ``not_shared`` with the
reason). The joint sample is drawn exactly as a single run draws its inputs (blocks of 8,192
draws, ``SeedSequence(seed, spawn_key=(stream, block))``, the Gaussian copula of every option's
``[[correlation]]`` blocks), and each option's model is evaluated on its own columns.

The choice: the net benefit of option i in draw d is its NPV for the perspective, less ``λ`` times
its present-value cost when a required return ``λ`` per krone spent is asked (``λ = 0``: the NPV).
The status quo (``vs_nothing``) has net benefit 0. ``P(best)`` is the share of draws where an option
has the largest net benefit; its expected loss is ``E[max_j NB_j − NB_i]``; the EVPI of the choice is
``E[max_i NB_i] − max_i E[NB_i]`` (the smallest expected loss); the EVPPI of an input is the same on
``E[NB_i | input]``, fitted by the regression of :mod:`somsim.voi.fit` on the differences to the
first option.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from somsim._vocab import DISPLAY_ORDER, OUTPUTS
from somsim.errors import UsageError
from somsim.scenario.loader import Scenario
from somsim.simulation import sampling
from somsim.simulation.blocks import run_model, successes, transform, unit_sample
from somsim.simulation.plan import Plan, make_plan
from somsim.voi import fit as _F

__all__ = ["NOTHING", "Comparison", "compare", "document", "joint_inputs"]

SCHEMA = "somsim.compare/1"
NOTHING = "status-quo"  # the label of the option without a file (--vs-nothing)
QUANTILE_KEYS = (("p05", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95))
MIN_EVPPI_DRAWS = 1000


@dataclass(frozen=True)
class JointInputs:
    """The union of the options' uncertain inputs, each shared input once.

    Attributes
    ----------
    names : the joint inputs (an option-specific input is named ``NAME@OPTION``)
    dists : their distributions
    columns : for each option, the joint columns of its inputs (in its model order)
    shared : inputs shared by name and distribution by two or more options (one draw for all)
    not_shared : input name → why it is not shared (distributions differ), for inputs in several options
    correlations : the options' correlation blocks over joint names
    """

    names: tuple[str, ...]
    dists: tuple
    columns: tuple[np.ndarray, ...]
    shared: tuple[str, ...]
    not_shared: dict[str, str]
    correlations: tuple


def _labels(scenarios: list[Scenario]) -> list[str]:
    """Option labels: the scenario ids, made unique with -2, -3 … where two are the same."""
    out: list[str] = []
    for sc in scenarios:
        label, k = sc.id, 2
        while label in out or label == NOTHING:
            label, k = f"{sc.id}-{k}", k + 1
        out.append(label)
    return out


def joint_inputs(scenarios: list[Scenario], labels: list[str]) -> JointInputs:
    """The joint inputs of the options: shared by name where the distributions are the same.

    Raises
    ------
    UsageError
        When two options correlate the same pair of shared inputs differently.
    """
    first: dict[str, Any] = {}
    for sc in scenarios:
        for p in sc.inputs:
            first.setdefault(p.name, set()).add(p.dist)
    names: list[str] = []
    dists: list = []
    index: dict[str, int] = {}
    not_shared: dict[str, str] = {}
    counts: dict[str, int] = {}
    for sc in scenarios:
        for p in sc.inputs:
            counts[p.name] = counts.get(p.name, 0) + 1
    columns = []
    for sc, label in zip(scenarios, labels):
        cols = []
        for p in sc.inputs:
            key = p.name if len(first[p.name]) == 1 else f"{p.name}@{label}"
            if len(first[p.name]) > 1:
                shown = "; ".join(f"{lb}: {q.dist.describe()}" for s2, lb in zip(scenarios, labels)
                                  for q in s2.inputs if q.name == p.name)
                not_shared[p.name] = f"distributions differ ({shown}): drawn separately for each option"
            if key not in index:
                index[key] = len(names)
                names.append(key)
                dists.append(p.dist)
            cols.append(index[key])
        columns.append(np.array(cols, dtype=np.int64))
    shared = tuple(n for n in names if counts.get(n, 0) > 1)
    blocks: list = []
    seen: dict[tuple[str, ...], float] = {}
    for sc, jcols in zip(scenarios, columns):
        own = dict(zip(sc.input_names, (names[c] for c in jcols)))
        for inputs, mat in sc.correlations:
            jn = tuple(own[n] for n in inputs)
            for a in range(len(jn)):
                for b in range(a + 1, len(jn)):
                    pair = tuple(sorted((jn[a], jn[b])))
                    if pair in seen and not math.isclose(seen[pair], mat[a, b]):
                        raise UsageError(f"the options correlate {pair[0]} and {pair[1]} differently "
                                         f"({seen[pair]} and {mat[a, b]}); make the [[correlation]] blocks agree")
                    seen[pair] = float(mat[a, b])
            blocks.append((jn, mat))
    return JointInputs(tuple(names), tuple(dists), tuple(columns), shared, not_shared, tuple(blocks))


def _joint_plan(base: Plan, joint: JointInputs) -> Plan:
    """A plan whose inputs are the joint inputs (only its sampling fields are used)."""
    from somsim.simulation.plan import _built_tables

    fam, par = sampling.canonical_params(list(joint.dists))
    if joint.correlations:
        cols, pearson = sampling.correlation_matrix(list(joint.correlations), joint.names)
        F = sampling.copula_factor(pearson)
    else:
        cols, F = np.zeros(0, dtype=np.int64), np.zeros((0, 0))
    return dataclasses.replace(base, input_names=joint.names, fam=fam, par=par, cop_cols=cols, cop_F=F,
                               dists=joint.dists, tables=_built_tables(joint.dists), success_col=-1)


@dataclass
class Comparison:
    """Options evaluated on common random numbers (or independent draws, ``crn=False``).

    Attributes
    ----------
    labels : option labels (scenario ids; ``status-quo`` for the option without a file)
    scenarios : the scenarios (None for the status quo)
    perspective : whose NPV decides (total or an actor)
    npv, costs_pv : (draws, options, 4) per draw, actors in model order (kommune, region, stat, total)
    base_npv : (options, 4) base case of each option
    inputs : (draws, joint inputs) the joint sample; ``input_names`` its names
    joint : how the inputs were joined
    seed, sampler, crn : how the draws were made
    """

    labels: tuple[str, ...]
    scenarios: tuple[Scenario | None, ...]
    perspective: str
    npv: np.ndarray
    costs_pv: np.ndarray
    base_npv: np.ndarray
    inputs: np.ndarray
    input_names: tuple[str, ...]
    joint: JointInputs
    seed: int
    sampler: str
    crn: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(self.npv.shape[0])

    def net_benefit(self, required_return: float = 0.0, perspective: str | None = None) -> np.ndarray:
        """(draws, options) NPV of the perspective less ``required_return`` × its present-value cost."""
        a = OUTPUTS.index(perspective or self.perspective)
        return self.npv[:, :, a] - float(required_return) * self.costs_pv[:, :, a]


def _perspective(scenarios: list[Scenario], perspective: str | None) -> str:
    p = perspective or scenarios[0].perspective
    if p not in DISPLAY_ORDER:
        raise UsageError(f"perspective must be one of {', '.join(DISPLAY_ORDER)} (got {p!r})")
    return p


def _evaluate(sc: Scenario, X: np.ndarray, draws: int, seed: int, sampler: str) -> tuple[np.ndarray, np.ndarray]:
    """NPV and cost PV (draws, 4) of `sc` on its inputs X; binomial successes from the run's own streams."""
    plan = make_plan(sc, draws=draws, seed=seed, sampler=sampler)
    S = successes(plan, X, 0, plan.n_blocks)
    out = run_model(plan.spec, X, S)
    return out.npv, out.costs_pv


def compare(scenarios: list[Scenario], *, draws: int = 10_000, seed: int = 1, sampler: str = "random",
            perspective: str | None = None, vs_nothing: bool = False, crn: bool = True) -> Comparison:
    """Simulate the options on common random numbers for the inputs they share.

    Parameters
    ----------
    scenarios : list of Scenario
        The options (at least one; two or more unless ``vs_nothing``).
    draws, seed, sampler : int, int, str
        As for :func:`somsim.simulation.engine.simulate`.
    perspective : str, optional
        Whose NPV decides (default: the first scenario's perspective).
    vs_nothing : bool
        Add the status quo: an option with NPV 0 and no cost in every draw.
    crn : bool
        Common random numbers (the default). ``False`` draws each option independently (its own
        seed stream): only to show what common random numbers gain.

    Returns
    -------
    Comparison
    """
    from somsim.model.reference import base_case

    scenarios = list(scenarios)
    if len(scenarios) + int(vs_nothing) < 2:
        raise UsageError("compare needs two options or more (give two scenarios, or one with --vs-nothing)")
    if not isinstance(draws, (int, np.integer)) or draws < 1:
        raise UsageError(f"draws must be a whole number ≥ 1 (got {draws!r})")
    persp = _perspective(scenarios, perspective)
    labels = _labels(scenarios)
    joint = joint_inputs(scenarios, labels)
    base = make_plan(scenarios[0], draws=draws, seed=seed, sampler=sampler)
    jplan = _joint_plan(base, joint)
    if crn:
        X = transform(jplan, unit_sample(jplan, 0, jplan.n_blocks))
    npv, cost = [], []
    for i, sc in enumerate(scenarios):
        if crn:
            Xi, s_i = X[:, joint.columns[i]], seed
        else:
            s_i = int(np.random.SeedSequence([seed, i + 1]).generate_state(1)[0])
            own = make_plan(sc, draws=draws, seed=s_i, sampler=sampler)
            Xi = transform(own, unit_sample(own, 0, own.n_blocks))
        v, c = _evaluate(sc, Xi, draws, s_i, sampler)
        npv.append(v)
        cost.append(c)
    base_npv = [base_case(sc).npv[0] for sc in scenarios]
    all_sc: list[Scenario | None] = list(scenarios)
    if vs_nothing:
        npv.append(np.zeros((draws, len(OUTPUTS))))
        cost.append(np.zeros((draws, len(OUTPUTS))))
        base_npv.append(np.zeros(len(OUTPUTS)))
        labels.append(NOTHING)
        all_sc.append(None)
    inputs = X if crn else np.empty((draws, 0))
    return Comparison(labels=tuple(labels), scenarios=tuple(all_sc), perspective=persp,
                      npv=np.stack(npv, axis=1), costs_pv=np.stack(cost, axis=1), base_npv=np.array(base_npv),
                      inputs=inputs, input_names=joint.names if crn else (), joint=joint, seed=int(seed),
                      sampler=sampler, crn=crn)


# ----------------------------------------------------------------------------------------------
# the statistics of the choice


def band(x: np.ndarray) -> dict:
    """Mean, sd, Monte Carlo error of the mean, quantiles and the chance of > 0 of one sample."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    sd = float(np.std(x, ddof=1)) if n > 1 else 0.0
    out = {"mean": float(np.mean(x)), "sd": sd, "mcse": sd / math.sqrt(n)}
    qs = np.quantile(x, [q for _, q in QUANTILE_KEYS])
    out.update({k: float(v) for (k, _), v in zip(QUANTILE_KEYS, qs)})
    out["prob_positive"] = float(np.mean(x > 0))
    return out


def prob_best(nb: np.ndarray) -> np.ndarray:
    """Share of draws in which each option (column) has the largest net benefit (ties: the first)."""
    best = np.argmax(nb, axis=1)
    return np.bincount(best, minlength=nb.shape[1]) / nb.shape[0]


def expected_loss(nb: np.ndarray) -> np.ndarray:
    """E[max_j NB_j − NB_i] for each option i (kr.)."""
    return np.mean(nb.max(axis=1)[:, None] - nb, axis=0)


def evpi_choice(nb: np.ndarray) -> tuple[float, float]:
    """EVPI of the choice, E[max_i NB_i] − max_i E[NB_i], and its Monte Carlo standard error.

    The error treats the option best on average as fixed: it is the standard error of the mean of
    ``max_j NB_j − NB_best`` (the opportunity loss of the current choice).
    """
    loss = nb.max(axis=1) - nb[:, int(np.argmax(nb.mean(axis=0)))]
    return float(np.mean(loss)), float(np.std(loss, ddof=1) / math.sqrt(len(loss)))


def evppi_choice(X: np.ndarray, nb: np.ndarray, *, seed: int = 0, resamples: int = 20) -> dict:
    """EVPPI of the choice for the inputs in the columns of X (draws × k).

    Fits E[NB_i − NB_0 | X] for each option i ≥ 1 with the regression of :mod:`somsim.voi.fit` and
    takes ``E[max(0, max_i g_i)] − max(0, max_i E[g_i])``. ``se_bound`` is the sum of the fits'
    bootstrap standard errors: a bound, since the maximum moves by at most the largest change of a
    fitted difference.
    """
    if len(nb) < MIN_EVPPI_DRAWS:
        raise UsageError(f"EVPPI by regression needs at least {MIN_EVPPI_DRAWS} draws (got {len(nb)})")
    X = X[:, None] if X.ndim == 1 else X
    G = [np.zeros(len(nb))]
    se, r2 = 0.0, []
    rng = np.random.default_rng(seed)
    for i in range(1, nb.shape[1]):
        est = _F.fit(X, nb[:, i] - nb[:, 0], rng=rng, resamples=resamples)
        G.append(est.fitted)
        se += est.se
        r2.append(est.r2)
    Gm = np.stack(G, axis=1)
    value = float(np.mean(Gm.max(axis=1)) - Gm.mean(axis=0).max())
    return {"value": max(value, 0.0), "se_bound": se, "r2": r2}


def curve(cmp: Comparison, returns: np.ndarray) -> np.ndarray:
    """(len(returns), options) P(best) over a grid of required returns per krone spent."""
    return np.array([prob_best(cmp.net_benefit(lam)) for lam in returns])


def document(cmp: Comparison, *, evppi: bool = True, required_return: float = 0.0,
             returns: np.ndarray | None = None) -> dict:
    """The comparison as JSON (schema ``somsim.compare/1``); money in DKK of each scenario's price year."""
    from somsim._version import __version__

    nb = cmp.net_benefit(required_return)
    m = len(cmp.labels)
    options = {}
    for i, label in enumerate(cmp.labels):
        sc = cmp.scenarios[i]
        options[label] = {
            "scenario": None if sc is None else {"id": sc.id, "title": sc.title, "sha256": sc.sha256,
                                                 "price_year": sc.price_year},
            "base_case": {"npv": {a: float(cmp.base_npv[i, OUTPUTS.index(a)]) for a in DISPLAY_ORDER}},
            "npv": {a: band(cmp.npv[:, i, OUTPUTS.index(a)]) for a in DISPLAY_ORDER},
            "costs_pv": {a: float(cmp.costs_pv[:, i, OUTPUTS.index(a)].mean()) for a in DISPLAY_ORDER},
        }
    pairs = []
    for i in range(m):
        for j in range(i + 1, m):
            d = {a: band(cmp.npv[:, i, OUTPUTS.index(a)] - cmp.npv[:, j, OUTPUTS.index(a)]) for a in DISPLAY_ORDER}
            pairs.append({"first": cmp.labels[i], "second": cmp.labels[j], "difference": d,
                          "prob_first_better": float(np.mean(nb[:, i] > nb[:, j]))})
    pb, loss = prob_best(nb), expected_loss(nb)
    value, value_se = evpi_choice(nb)
    decision = {
        "perspective": cmp.perspective, "required_return": float(required_return),
        "best_on_average": cmp.labels[int(np.argmax(nb.mean(axis=0)))],
        "expected_net_benefit": dict(zip(cmp.labels, map(float, nb.mean(axis=0)))),
        "prob_best": dict(zip(cmp.labels, map(float, pb))),
        "prob_best_mcse": dict(zip(cmp.labels, (float(math.sqrt(p * (1 - p) / len(nb))) for p in pb))),
        "expected_loss": dict(zip(cmp.labels, map(float, loss))),
        "evpi": value, "evpi_se": value_se,
    }
    evppi_rows: dict[str, dict] = {}
    if evppi and cmp.crn and cmp.inputs.shape[1]:
        for k, name in enumerate(cmp.input_names):
            evppi_rows[name] = evppi_choice(cmp.inputs[:, k], nb, seed=cmp.seed + k)
        evppi_rows = dict(sorted(evppi_rows.items(), key=lambda kv: -kv[1]["value"]))
    grid = np.linspace(0.0, 1.0, 21) if returns is None else np.asarray(returns, dtype=float)
    pyears = {sc.price_year for sc in cmp.scenarios if sc is not None}
    return {
        "schema": SCHEMA, "somsim_version": __version__, "draws": cmp.draws, "seed": cmp.seed,
        "sampler": cmp.sampler, "common_random_numbers": cmp.crn,
        "options": options, "pairs": pairs, "decision": decision, "evppi": evppi_rows,
        "prob_best_by_required_return": {"required_return": [float(v) for v in grid],
                                         "prob_best": {lb: [float(v) for v in col]
                                                       for lb, col in zip(cmp.labels, curve(cmp, grid).T)}},
        "inputs": {"shared": list(cmp.joint.shared), "not_shared": dict(cmp.joint.not_shared)},
        "notes": _notes(pyears),
        "units": "DKK in the scenarios' price year; required_return in kr. per krone of present-value cost",
    }


def _notes(price_years: set[int]) -> list[str]:
    notes = []
    if len(price_years) > 1:
        notes.append(f"The options are in different price years ({', '.join(map(str, sorted(price_years)))}): "
                     "their kroner are not directly comparable; convert them to one price year first.")
    return notes
