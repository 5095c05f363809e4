"""Simulated local studies for EVSI by nonparametric regression (private).

Strong, Oakley, Brennan & Breeze (2015), "Estimating the expected value of sample information using
the probabilistic sensitivity analysis sample: a fast, nonparametric regression-based method",
*Medical Decision Making* 35:570–583: for every draw i of the probabilistic sample, simulate the data
a study of size n would give if the input had the value θᵢ of that draw, reduce it to a summary
statistic Tᵢ (sufficient for θ), and regress the net benefit on T; EVSI(n) is the EVPPI formula
applied to the fitted values.

Designs (the data-generating model of one study unit is a stated assumption of the method):

``binomial``
    n participants, each a success with probability θ (e.g. the local net success rate);
    T = successes / n.
``gamma``
    n cases whose unit costs are gamma-distributed with mean θ and coefficient of variation
    ``case_cv`` (e.g. a local unit price); T = the sample mean, exactly Gamma(n/cv², θcv²/n).
``normal``
    n observations N(θ, ``case_sd``²); T = the sample mean.

The studies for the sizes of a grid are nested — the first n units of a study of size n' > n are
the study of size n — so EVSI(n) is estimated with common random numbers along the grid.
"""

from __future__ import annotations

import numpy as np

from somsim.errors import UsageError

DESIGNS = ("binomial", "gamma", "normal")
DEFAULT_N = (5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000)


def choose_design(name: str, support: tuple[float, float], design: str | None, case_sd: float | None) -> str:
    """The design for an input: given, or binomial for rates in [0, 1], gamma for positive amounts."""
    lo, hi = support
    if design is None or design == "auto":
        if lo >= 0 and hi <= 1 and not name.startswith(("price.", "cost.")):
            return "binomial"
        if lo >= 0 and (name.startswith(("price.", "cost.")) or name.endswith(".scale")):
            return "gamma"
        if case_sd is not None:
            return "normal"
        raise UsageError(f"no default local-study design for {name} (support [{lo:g}, {hi:g}]); give a design "
                         f"(binomial, gamma or normal) and, for normal, the per-unit SD")
    if design not in DESIGNS:
        raise UsageError(f"unknown study design {design!r} (expected one of {', '.join(DESIGNS)})")
    if design == "binomial" and not (lo >= 0 and hi <= 1):
        raise UsageError(f"a binomial study needs an input in [0, 1] ({name} has support [{lo:g}, {hi:g}])")
    if design == "gamma" and lo < 0:
        raise UsageError(f"a gamma (unit-cost) study needs an input ≥ 0 ({name} has support [{lo:g}, {hi:g}])")
    if design == "normal" and (case_sd is None or not case_sd > 0):
        raise UsageError(f"a normal study needs the SD of one observation (case_sd > 0; got {case_sd})")
    return design


def describe(design: str, case_cv: float, case_sd: float | None) -> tuple[str, dict]:
    """Text and parameters of the data-generating assumption."""
    if design == "binomial":
        return ("successes among n participants ~ Binomial(n, θ); summary: successes / n", {})
    if design == "gamma":
        return (f"n cases with unit costs ~ gamma(mean θ, CV {case_cv:g}); summary: their mean",
                {"case_cv": case_cv})
    return (f"n observations ~ Normal(θ, {case_sd:g}²); summary: their mean", {"case_sd": case_sd})


def study_summaries(theta: np.ndarray, ns: np.ndarray, design: str, *, rng: np.random.Generator,
                    case_cv: float = 0.5, case_sd: float | None = None) -> np.ndarray:
    """Summary statistic T (draws × len(ns)) of nested simulated studies of the sizes ``ns`` (increasing)."""
    theta = np.asarray(theta, dtype=float)
    out = np.empty((len(theta), len(ns)))
    total = np.zeros(len(theta))
    prev = 0
    for j, n in enumerate(ns):
        m = int(n) - prev
        if design == "binomial":
            total += rng.binomial(m, np.clip(theta, 0.0, 1.0))
        elif design == "gamma":
            k = 1.0 / case_cv**2
            total += rng.gamma(m * k, np.maximum(theta, 0.0) / k)
        else:
            total += rng.normal(m * theta, np.sqrt(m) * case_sd)
        prev = int(n)
        out[:, j] = total / n
    return out
