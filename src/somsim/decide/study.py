"""Close the loop with EVSI: what the posterior would look like after the recommended local study.

For the study of one input that :func:`somsim.voi.core.evsi` recommends (the size with the largest
positive ENBS; when no size is worth its cost, the largest size of the grid, said so), a few
plausible outcomes are taken from the *prior predictive* distribution of the study's data — the
10th, 50th and 90th percentiles of the summary statistic of simulated studies, one study per prior
draw of the input (:func:`somsim.voi.evsi.study_summaries`, the same data-generating model as the
EVSI). Each outcome becomes an observation and goes through :func:`somsim.decide.update.posterior`,
the same update an ``[[observation]]`` entry with those data would get:

* ``binomial`` design: ``k`` successes of ``n`` (k the percentile of the simulated successes);
* ``gamma`` design: the mean of ``n`` unit costs, with the per-case sd taken as CV × that mean
  (Assumption: the known-form normal likelihood of the mean that ``[[observation]]`` uses);
* ``normal`` design: the mean of ``n`` observations with the design's sd.

The scenario with that posterior is then run (same draws, seed and sampler as the analysis): its
expected NPV for the perspective, P(NPV > min_npv) and the decision.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np

from somsim._vocab import OUTPUTS
from somsim.decide import update as U
from somsim.errors import UsageError
from somsim.scenario.observations import Observed
from somsim.voi import evsi as _E

__all__ = ["PROBS", "StudyOutcome", "StudySimulation", "simulate_study"]

PROBS = (0.1, 0.5, 0.9)


@dataclass(frozen=True)
class StudyOutcome:
    """One plausible outcome of the study and what it would do.

    Attributes
    ----------
    prob : the percentile of the prior predictive distribution of the study's data
    observation : the outcome as an observation (k of n, or mean/sd/n)
    update : the posterior of the input (as :func:`somsim.decide.update.posterior` gives it)
    mean_npv, prob_positive : expected NPV and P(NPV > min_npv) of the run on the posterior
    decision : "invest" or "do not invest" (expected NPV above min_npv or not)
    """

    prob: float
    observation: Observed
    update: U.InputUpdate
    mean_npv: float
    prob_positive: float
    decision: str

    def to_dict(self) -> dict:
        """As JSON."""
        return {"percentile": self.prob, "data": self.observation.describe(),
                "k": self.observation.k if self.observation.kind == "binomial" else None,
                "mean": self.observation.mean if self.observation.kind == "normal" else None,
                "posterior": self.update.to_dict(), "expected_npv": self.mean_npv,
                "prob_positive": self.prob_positive, "decision": self.decision}


@dataclass(frozen=True)
class StudySimulation:
    """The recommended study of one input and its posterior for a few plausible outcomes."""

    input: str
    design: str
    n: int
    recommended: bool  # False: no study size was worth its cost; n is then the largest size of the grid
    perspective: str
    min_npv: float
    prior_mean_npv: float
    prior_prob_positive: float
    prior_decision: str
    outcomes: tuple[StudyOutcome, ...]
    method: str

    def to_dict(self) -> dict:
        """As JSON (the ``simulated_study`` block of ``somsim.voi/1``)."""
        return {"input": self.input, "design": self.design, "n": self.n, "recommended": self.recommended,
                "perspective": self.perspective, "min_npv": self.min_npv,
                "now": {"expected_npv": self.prior_mean_npv, "prob_positive": self.prior_prob_positive,
                        "decision": self.prior_decision},
                "outcomes": [o.to_dict() for o in self.outcomes], "method": self.method}


def _decision(mean_nb: float) -> str:
    return "invest" if mean_nb > 0 else "do not invest"


def outcomes_of(theta: np.ndarray, n: int, design: str, *, probs=PROBS, rng: np.random.Generator,
                case_cv: float = 0.5, case_sd: float | None = None, name: str = "x") -> list[Observed]:
    """Observations at the `probs` percentiles of the prior predictive of a study of size `n`.

    One simulated study per value of `theta` (prior draws of the input); for the binomial design the
    percentiles are of the number of successes (whole numbers, taken from the simulated values).
    """
    T = _E.study_summaries(theta, np.array([int(n)]), design, rng=rng, case_cv=case_cv, case_sd=case_sd)[:, 0]
    out = []
    if design == "binomial":
        ks = np.quantile(np.rint(T * n), probs, method="inverted_cdf")
        return [Observed(name, "binomial", n=int(n), k=int(k)) for k in ks]
    for m in np.quantile(T, probs, method="inverted_cdf"):
        sd = case_cv * float(m) if design == "gamma" else float(case_sd or 0.0)
        if not (math.isfinite(sd) and sd > 0):
            raise UsageError(f"the simulated study of {name} has a mean of {m:g}: its spread is not positive")
        out.append(Observed(name, "normal", n=int(n), mean=float(m), sd=sd))
    return out


def simulate_study(result, ev, *, n: int | None = None, probs=PROBS, perspective: str | None = None,
                   min_npv: float = 0.0) -> StudySimulation:
    """The posterior of the study's input, and the decision, for plausible outcomes of the recommended study.

    Parameters
    ----------
    result : SimulationResult
        The run the EVSI was computed on (``keep_draws=True``): its scenario, draws, seed and sampler.
    ev : somsim.voi.core.EVSIResult
        The EVSI of a study of one input.
    n : int, optional
        The study size (default: the EVSI's optimal size, or the largest of its grid when none is worth it).
    probs : sequence of float
        Percentiles of the prior predictive distribution of the study's data.
    perspective, min_npv : as for :func:`somsim.voi.core.analyse`.

    Returns
    -------
    StudySimulation
    """
    from somsim.simulation.engine import simulate

    sc = result.scenario
    persp = perspective or sc.perspective
    a = OUTPUTS.index(persp)
    size = int(n if n is not None else (ev.optimal_n or max(ev.n)))
    names = list(result.input_names)
    theta = result.inputs[:, names.index(ev.input)]
    prior = next(p.dist for p in sc.inputs if p.name == ev.input)
    seed = int(result.seed)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(17, zlib.crc32(ev.input.encode()))))
    obs = outcomes_of(theta, size, ev.design, probs=probs, rng=rng, case_cv=ev.parameters.get("case_cv", 0.5),
                      case_sd=ev.parameters.get("case_sd"), name=ev.input)
    npv0 = result.npv[:, a]
    outcomes = []
    for p, o in zip(probs, obs):
        up = U.posterior(ev.input, prior, (o,), seed=seed)
        run = simulate(U.with_distributions(sc, {ev.input: up.posterior}), draws=result.draws, seed=seed,
                       sampler=result.sampler)
        v = run.npv[:, a] if run.npv is not None else None
        if v is None:
            raise UsageError("the posterior run kept no NPV per draw")
        outcomes.append(StudyOutcome(float(p), o, up, float(v.mean()), float(np.mean(v > min_npv)),
                                     _decision(float(v.mean()) - min_npv)))
    method = (f"outcomes at the {', '.join(f'{100 * p:g}th' for p in probs)} percentiles of the prior predictive "
              f"distribution of the study's data ({ev.assumption}; one simulated study per prior draw); each "
              "outcome updated as an [[observation]] would be, and the scenario run again on the posterior with "
              "the same draws and seed")
    return StudySimulation(ev.input, ev.design, size, ev.optimal_n is not None and n is None, persp, float(min_npv),
                           float(npv0.mean()), float(np.mean(npv0 > min_npv)), _decision(float(npv0.mean()) - min_npv),
                           tuple(outcomes), method)
