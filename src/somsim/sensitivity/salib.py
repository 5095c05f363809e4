"""SALib's Morris screening and given-data methods (delta, PAWN, RBD-FAST, HDMR) on somsim outputs.

SALib is imported here only, lazily. Its functions are called inside :func:`_sandbox`, which
restores what some of them change globally (``delta``, ``pawn`` and ``hdmr`` reseed numpy's global
random state; ``delta`` also changes the warning filters and format), and they see neutral input
names (``x0``, ``x1`` …; ``delta`` refuses names ending in ``_raw``, ``_conf`` …).
"""

from __future__ import annotations

import contextlib
import warnings
from typing import Any

import numpy as np

from somsim.errors import UsageError
from somsim.scenario.loader import Scenario
from somsim.sensitivity.common import (
    GIVEN_DATA,
    Evaluator,
    Progress,
    SensitivityResult,
    check_common,
    common_notes,
    constant_notes,
    is_constant,
    output_values,
    resolve_outputs,
    sub_seed,
)
from somsim.sensitivity.partitions import Part, block_label, correlated_blocks, input_partition

__all__ = ["run_given_data", "run_morris"]

DEFAULT_DRAWS = {"delta": 1000, "pawn": 10_000, "rbd-fast": 10_000, "hdmr": 2000}
DEFAULT_RESAMPLES = {"delta": 20, "pawn": 0, "rbd-fast": 100, "hdmr": 20}
MIN_DRAWS = {"delta": 100, "pawn": 100, "rbd-fast": 100, "hdmr": 300}
MAX_DRAWS = 2**24
DUMMY = "(dummy)"


@contextlib.contextmanager
def _sandbox():
    state = np.random.get_state()
    fmt = warnings.formatwarning
    try:
        # record=True: whatever filters SALib installs inside (delta sets "once"), nothing is shown
        with warnings.catch_warnings(record=True), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            yield
    finally:
        np.random.set_state(state)
        warnings.formatwarning = fmt


def _problem(k: int, groups: list[str] | None = None) -> dict[str, Any]:
    p: dict[str, Any] = {"num_vars": k, "names": [f"x{i}" for i in range(k)], "bounds": [[0.0, 1.0]] * k}
    if groups is not None:
        p["groups"] = groups
    return p


def _whole(x: Any) -> bool:
    """Whether `x` is an int (numpy's too), not a bool."""
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool)


def _check_morris(trajectories, levels, probs) -> tuple[float, float]:
    """Refuse a Morris design out of range (UsageError); return the quantile range as floats."""
    if not _whole(trajectories) or not 2 <= trajectories <= 100_000:
        raise UsageError(f"Morris needs 2 … 100000 trajectories (got {trajectories!r})")
    if not (isinstance(levels, (int, np.integer)) and 2 <= levels <= 100 and levels % 2 == 0):
        raise UsageError(f"Morris levels must be an even number 2 … 100 (got {levels!r})")
    lo_p, hi_p = (float(p) for p in probs)
    if not 0 < lo_p < hi_p < 1:
        raise UsageError(f"the Morris quantile range must satisfy 0 < low < high < 1 (got {lo_p}, {hi_p})")
    return lo_p, hi_p


def run_morris(sc: Scenario, *, trajectories: int, levels: int, outputs, seed: int, resamples: int,
               conf_level: float, probs: tuple[float, float], progress: Progress | None) -> SensitivityResult:
    """Morris screening; the arguments are those of :func:`somsim.sensitivity.core.morris`."""
    from SALib.analyze import morris as ma
    from SALib.sample import morris as ms

    lo_p, hi_p = _check_morris(trajectories, levels, probs)
    check_common(resamples, conf_level)
    outs = resolve_outputs(sc, outputs)
    names = sc.input_names
    if len(names) < 1:
        raise UsageError("the scenario has no uncertain inputs: nothing to analyse")
    ev = Evaluator(sc, outs)
    blocks = correlated_blocks(sc, ev.plan)
    parts = input_partition(sc, blocks)
    member_of = {m: p.name for p in parts for m in p.members}
    prob = _problem(len(names), [member_of[n] for n in names] if blocks else None)
    with _sandbox():
        U = ms.sample(prob, int(trajectories), num_levels=levels, seed=sub_seed(seed, 3, 0))
    total = len(U)
    if progress is not None:
        progress(0, total)
    Y = ev.from_unit(lo_p + (hi_p - lo_p) * U)
    if progress is not None:
        progress(total, total)
    notes = common_notes(sc, designed=True)
    notes.append(f"elementary effects over {levels} levels spread evenly across each input's {lo_p:.0%}–{hi_p:.0%} "
                 "quantile range: mu_star is the mean absolute change of the output when an input moves across "
                 "that range (in the output's unit)")
    for b in blocks:
        notes.append(f"the correlated inputs {', '.join(b)} move together as one group, '{block_label(b, names)}'")
    results = []
    for j, o in enumerate(outs):
        res: dict[str, Any] = {"method": "morris", "output": o.name, "n": int(trajectories), "evaluations": total,
                               "mean": float(Y[:, j].mean()), "indices": {}, "warnings": []}
        if is_constant(Y[:, j]):
            res["constant"] = True
            res["note"] = "the output does not vary: no elementary effects"
        else:
            with _sandbox():
                S = ma.analyze(prob, U, Y[:, j].copy(), num_resamples=resamples, conf_level=conf_level,
                               num_levels=levels, seed=sub_seed(seed, 3, 1))
            res["indices"] = _morris_rows(S, parts)
        results.append(res)
    settings = {"levels": levels, "probs": [lo_p, hi_p], "num_resamples": resamples, "conf_level": conf_level,
                "outputs": [o.name for o in outs]}
    notes += constant_notes(results)
    return SensitivityResult("morris", sc, results, int(trajectories), ev.evaluations, seed, settings, notes,
                             [f"{r['output']}: {w}" for r in results for w in r["warnings"]])


def _morris_rows(S, parts: list[Part]) -> dict[str, dict[str, Any]]:
    """SALib's Morris result as rows per factor, by mu_star (largest first)."""
    rows: dict[str, dict[str, Any]] = {}
    for g, p in enumerate(parts):
        row: dict[str, Any] = {k: float(np.asarray(S[k])[g]) for k in ("mu", "mu_star", "sigma", "mu_star_conf")}
        if len(p.members) > 1:
            row["members"], row["correlated"] = list(p.members), True
        rows[p.name] = row
    return dict(sorted(rows.items(), key=lambda kv: -kv[1]["mu_star"]))


def _given_data_notes(sc: Scenario, method: str, draws: int, seed: int, dummy: bool) -> list[str]:
    notes = common_notes(sc, designed=False)
    notes.append(f"{method} on {draws:,} draws of the ordinary probabilistic sample (seed {seed})"
                 + (", correlations included: an input also gets credit for what its correlated partners do"
                    if sc.correlations else ""))
    if dummy:
        notes.append(f"'{DUMMY}' is an extra input of independent noise that the model ignores: its index is the "
                     "estimator's floor on this sample, and inputs near it cannot be told from noise")
    if method == "hdmr":
        notes.append("HDMR with first-order terms (Li et al. 2010): S = Sa + Sb is the input's share of the "
                     "variance in a covariance decomposition (structural Sa = Var(f_i)/V, correlative "
                     "Sb = Cov(f_i, rest)/V; the S of all inputs sum to the share the terms explain)")
    return notes


def run_given_data(sc: Scenario, method: str, *, draws: int | None, outputs, seed: int, resamples: int | None,
                   conf_level: float, progress: Progress | None, workers: int | None = None,
                   scheduler: str | None = None) -> SensitivityResult:
    """A given-data method; the arguments are those of :func:`somsim.sensitivity.core.given_data`."""
    from somsim.simulation.engine import simulate

    if method not in GIVEN_DATA:
        raise UsageError(f"unknown given-data method {method!r} (expected one of {', '.join(GIVEN_DATA)})")
    draws = DEFAULT_DRAWS[method] if draws is None else draws
    if not _whole(draws) or not MIN_DRAWS[method] <= draws <= MAX_DRAWS:
        raise UsageError(f"{method} needs {MIN_DRAWS[method]} … {MAX_DRAWS} draws (got {draws!r})")
    R = DEFAULT_RESAMPLES[method] if resamples is None else resamples
    check_common(max(R, 2), conf_level)
    outs = resolve_outputs(sc, outputs)
    names = sc.input_names
    if len(names) < (2 if method == "hdmr" else 1):
        raise UsageError(f"{method} needs at least {2 if method == 'hdmr' else 1} uncertain inputs (got {len(names)})")
    sim = simulate(sc, draws=int(draws), seed=seed, keep_draws=True, progress=progress, workers=workers,
                   scheduler=scheduler)
    assert sim.inputs is not None and sim.npv is not None  # keep_draws=True keeps them
    X = np.ascontiguousarray(sim.inputs)
    Y = output_values(outs, sim.npv, sim.net, sc.participants)
    dummy = method != "hdmr"
    if dummy:  # an input that does nothing: its index is the method's noise floor on this sample
        X = np.column_stack([X, np.random.default_rng(sub_seed(seed, 5)).random(len(X))])
        names = (*names, DUMMY)
    prob = _problem(len(names))
    prob["bounds"] = [[float(a), float(b) if b > a else float(a) + 1.0] for a, b in zip(X.min(axis=0), X.max(axis=0))]
    notes = _given_data_notes(sc, method, int(draws), seed, dummy)
    maxorder = 1  # SALib's HDMR with second-order terms takes minutes for ten inputs and 10,000 draws
    results = []
    for j, o in enumerate(outs):
        res: dict[str, Any] = {"method": method, "output": o.name, "n": int(draws), "mean": float(Y[:, j].mean()),
                               "sd": float(Y[:, j].std(ddof=1)), "indices": {}, "warnings": []}
        if is_constant(Y[:, j]):
            res["constant"] = True
            res["note"] = "the output does not vary: no indices"
        else:
            res["indices"] = _analyse(method, prob, X, Y[:, j].copy(), names, R, conf_level, sub_seed(seed, 4, j),
                                      maxorder)
            if dummy:
                res["dummy"] = res["indices"].pop(DUMMY)
        results.append(res)
    settings: dict[str, Any] = {"num_resamples": R, "conf_level": conf_level, "outputs": [o.name for o in outs]}
    if method == "hdmr":
        settings["maxorder"] = maxorder
    notes += constant_notes(results)
    return SensitivityResult(method, sc, results, int(draws), int(draws), seed, settings, notes,
                             [f"{r['output']}: {w}" for r in results for w in r["warnings"]])


def _analyse(method, prob, X, y, names, R, conf, seed, maxorder) -> dict:
    with _sandbox():
        if method == "delta":
            from SALib.analyze import delta

            S = delta.analyze(prob, X, y, num_resamples=max(R, 2), conf_level=conf, seed=seed, method="all")
            keys = {"delta": "delta_raw", "delta_conf": "delta_raw_conf", "S1": "S1", "S1_conf": "S1_conf"}
            order = "delta"
        elif method == "pawn":
            from SALib.analyze import pawn

            S = pawn.analyze(prob, X, y, S=10, seed=seed)
            keys = {"median": "median", "mean": "mean", "min": "minimum", "max": "maximum", "CV": "CV"}
            order = "median"
        elif method == "rbd-fast":
            from SALib.analyze import rbd_fast

            S = rbd_fast.analyze(prob, X, y, M=10, num_resamples=max(R, 2), conf_level=conf, seed=seed)
            keys = {"S1": "S1", "S1_conf": "S1_conf"}
            order = "S1"
        else:
            from SALib.analyze import hdmr

            np.random.seed(seed)  # hdmr's bootstrap draws from the global state (restored by the sandbox)
            S = hdmr.analyze(prob, X, y, maxorder=maxorder, R=min(len(y), max(300, len(y) // 2)), K=max(R, 1),
                             alpha=conf, seed=seed)
            k = len(names)  # the first k terms are the inputs themselves
            out = {}
            for i, n in enumerate(names):
                out[n] = {key: float(S[key][i]) for key in ("S", "S_conf", "Sa", "Sa_conf", "Sb", "Sb_conf", "ST",
                                                             "ST_conf")}
            assert list(S["Term"][:k]) == prob["names"]
            return dict(sorted(out.items(), key=lambda kv: -kv[1]["ST"]))
    out = {n: {k: float(np.asarray(S[v])[i]) for k, v in keys.items()} for i, n in enumerate(names)}
    return dict(sorted(out.items(), key=lambda kv: -(kv[1][order] if np.isfinite(kv[1][order]) else -np.inf)))
