"""Local data: ``[[observation]]`` entries turn the prior of an input into a posterior.

Conjugate where the prior allows it, exactly:

* beta prior, k successes of n (binomial likelihood): Beta(α + k, β + n − k);
* normal prior, the mean of n observed values with sample sd s (normal likelihood with known
  variance s²/n, the "known form"): the precision-weighted normal;
* gamma prior (shape a, scale θ), ``count`` events in ``exposure`` units (Poisson likelihood
  with mean rate × exposure): Gamma(shape a + count, scale 1 / (1/θ + exposure)).

Otherwise by importance resampling: ``DRAWS`` draws of the prior (a fixed stream per input), each
weighted by the likelihood of the data; the effective sample size ``(Σw)² / Σw²`` is reported, with a
warning below ``ESS_WARN`` (the data then say something the prior thought unlikely: the posterior
rests on few prior draws). The resampled posterior enters the model as a distribution of the
prior's family with the weighted mean and sd (beta for rates, gamma for other non-negative inputs,
normal otherwise) — an assumption, said so in ``method``.

The posterior replaces the prior in the scenario (its parameters, and the success rate, discount
rate and cost fields that tables show); the base case then takes the posterior mean. An input in a
``[[correlation]]`` keeps its rank correlation with the posterior marginal.
"""

from __future__ import annotations

import dataclasses
import math
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from somsim.distributions.core import Distribution, parse_distribution
from somsim.errors import SomsimError
from somsim.scenario.loader import Scenario, load_scenario
from somsim.scenario.observations import Observed

__all__ = ["DRAWS", "ESS_WARN", "InputUpdate", "Update", "apply", "load_updated", "posterior", "with_distributions"]

DRAWS = 200_000  # prior draws for importance resampling
ESS_WARN = 1000


@dataclass(frozen=True)
class InputUpdate:
    """How the local data changed one input.

    Attributes
    ----------
    name : the input; ``prior`` and ``posterior`` its distributions
    method : how the posterior was found
    ess : effective sample size of the importance weights (None for a conjugate update)
    draws : prior draws weighted (None for a conjugate update)
    observations : the data used
    warning : what to beware of, or None
    """

    name: str
    prior: Distribution
    posterior: Distribution
    method: str
    ess: float | None
    draws: int | None
    observations: tuple[Observed, ...]
    warning: str | None = None

    def to_dict(self) -> dict:
        """As JSON: prior and posterior with mean, sd and 90 % interval."""
        def d(x: Distribution) -> dict:
            lo, hi = (float(v) for v in x.ppf(np.array([0.05, 0.95])))
            return {"distribution": x.describe(), "mean": x.mean(), "sd": x.sd(), "p05": lo, "p95": hi}

        return {"prior": d(self.prior), "posterior": d(self.posterior), "method": self.method, "ess": self.ess,
                "draws": self.draws, "observations": [o.describe() for o in self.observations],
                "warning": self.warning}


@dataclass(frozen=True)
class Update:
    """The updates of one scenario (empty when it has no observations)."""

    inputs: tuple[InputUpdate, ...] = ()

    @property
    def warnings(self) -> list[str]:
        """The warnings of the updates, one line each."""
        return [f"{u.name}: {u.warning}" for u in self.inputs if u.warning]


def _dist(raw: dict, role: str) -> Distribution:
    d, problems = parse_distribution(raw, role=role)
    if d is None:
        raise SomsimError(f"posterior {raw} is not a valid distribution: {problems}")
    return d


def _role(prior: Distribution) -> str:
    lo, hi = prior.support
    return "rate" if lo >= 0 and hi <= 1 else "nonneg" if lo >= 0 else "any"


def _conjugate(prior: Distribution, obs: tuple[Observed, ...]) -> tuple[Distribution, str] | None:
    """The conjugate posterior, or None when the prior and the data have no closed form."""
    kinds = {o.kind for o in obs}
    if prior.family == "beta" and kinds == {"binomial"}:
        a, b = prior.canon[0], prior.canon[1]
        k, n = sum(o.k for o in obs), sum(o.n for o in obs)
        return (_dist({"dist": "beta", "alpha": a + k, "beta": b + n - k}, "rate"),
                f"beta–binomial (conjugate): Beta({a:.4g} + {k}, {b:.4g} + {n - k})")
    if prior.family == "normal" and kinds == {"normal"}:
        m, s = prior.canon[0], prior.canon[1]
        prec, num = 1 / s**2, m / s**2
        for o in obs:
            prec += o.n / o.sd**2
            num += o.n * o.mean / o.sd**2
        return (_dist({"dist": "normal", "mean": num / prec, "sd": math.sqrt(1 / prec)}, "any"),
                "normal–normal (conjugate; the data's sd taken as known)")
    if prior.family == "gamma" and kinds == {"poisson"}:
        shape, rate = prior.canon[0], 1 / prior.canon[1]
        k, e = sum(o.k for o in obs), math.fsum(o.exposure for o in obs)
        return (_dist({"dist": "gamma", "shape": shape + k, "scale": 1 / (rate + e)}, "nonneg"),
                f"gamma–Poisson (conjugate): Gamma(shape {shape:.4g} + {k}, rate {rate:.4g} + {e:.4g})")
    return None


def log_likelihood(theta: np.ndarray, obs: tuple[Observed, ...]) -> np.ndarray:
    """Log-likelihood of the observations at each value of the input (up to a constant)."""
    ll = np.zeros_like(theta, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        for o in obs:
            if o.kind == "binomial":
                t = np.clip(theta, 0.0, 1.0)
                ll += np.where(o.k > 0, o.k * np.log(t), 0.0) + np.where(o.n - o.k > 0, (o.n - o.k) * np.log1p(-t), 0.0)
            elif o.kind == "poisson":
                t = np.maximum(theta, 0.0)
                ll += np.where(o.k > 0, o.k * np.log(t), 0.0) - o.exposure * t
            else:
                ll += -0.5 * o.n * (theta - o.mean) ** 2 / o.sd**2
    return np.where(np.isfinite(ll), ll, -np.inf)


def _resampled(prior: Distribution, obs: tuple[Observed, ...], name: str, draws: int,
               seed: int) -> tuple[Distribution, float, str]:
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(13, zlib.crc32(name.encode()))))
    theta = prior.ppf(rng.random(draws))
    ll = log_likelihood(theta, obs)
    if not np.isfinite(ll.max()):
        raise SomsimError(f"{name}: no prior draw is compatible with the observations")
    w = np.exp(ll - ll.max())
    ess = float(w.sum() ** 2 / (w**2).sum())
    w /= w.sum()
    m = float(w @ theta)
    sd = float(math.sqrt(max(w @ (theta - m) ** 2, 0.0)))
    role = _role(prior)
    fam = "beta" if role == "rate" else "gamma" if role == "nonneg" else "normal"
    if sd <= 0:
        raise SomsimError(f"{name}: the resampled posterior has no spread (effective sample size {ess:.3g})")
    method = (f"importance resampling of {draws:,} prior draws (effective sample size {ess:,.0f}); "
              f"Assumption: the posterior enters the model as a {fam} distribution with the weighted mean and sd")
    return _dist({"dist": fam, "mean": m, "sd": sd}, role), ess, method


def posterior(name: str, prior: Distribution, obs: tuple[Observed, ...], *, draws: int = DRAWS, seed: int = 0,
              method: str = "auto") -> InputUpdate:
    """The posterior of one input given its observations.

    Parameters
    ----------
    name : the input's name; ``prior`` its distribution; ``obs`` its observations
    draws, seed : prior draws and seed of importance resampling
    method : "auto" (conjugate where the prior allows, else resampling) or "resample" (always)
    """
    conj = _conjugate(prior, obs) if method == "auto" else None
    if conj is not None:
        return InputUpdate(name, prior, conj[0], conj[1], None, None, obs)
    post, ess, text = _resampled(prior, obs, name, draws, seed)
    warning = None
    if ess < ESS_WARN:
        warning = (f"effective sample size {ess:,.1f} of {draws:,} prior draws (below {ESS_WARN:,}): the local data "
                   "contradict the prior, which gave such data little chance; the posterior rests on few draws — "
                   "check the data and the prior")
    return InputUpdate(name, prior, post, text, ess, draws, obs, warning)


def apply(sc: Scenario, *, seed: int = 0) -> tuple[Scenario, Update]:
    """The scenario with each observed input's prior replaced by its posterior, and what changed."""
    if not sc.observations:
        return sc, Update()
    by_input: dict[str, list[Observed]] = {}
    for o in sc.observations:
        by_input.setdefault(o.input, []).append(o)
    ups = []
    new: dict[str, Distribution] = {}
    for p in sc.params:
        if p.name in by_input:
            u = posterior(p.name, p.dist, tuple(by_input[p.name]), seed=seed)
            ups.append(u)
            new[p.name] = u.posterior
    return with_distributions(sc, new), Update(tuple(ups))


def with_distributions(sc: Scenario, new: dict[str, Distribution]) -> Scenario:
    """The scenario with the distributions of the inputs in `new` replaced (also where tables show them).

    Parameters
    ----------
    sc : Scenario
    new : dict
        Input name → its new distribution (a posterior).

    Returns
    -------
    Scenario
    """
    params = tuple(dataclasses.replace(p, dist=new[p.name]) if p.name in new else p for p in sc.params)
    fields: dict = {"params": params}
    if "success_rate" in new:
        fields["success_rate"] = new["success_rate"]
    if "discount_rate" in new:
        fields["discount_rate"] = new["discount_rate"]
    costs = []
    for c in sc.costs:
        d = new.get(f"cost.{c.slug}")
        if d is not None:
            if c.per_participant is not None:
                c = dataclasses.replace(c, per_participant=d)
            else:
                c = dataclasses.replace(c, amount=d)
        costs.append(c)
    fields["costs"] = tuple(costs)
    return dataclasses.replace(sc, **fields)


def load_updated(path: str | Path) -> tuple[Scenario, Update]:
    """Load a scenario and apply its ``[[observation]]`` entries (the posterior scenario and the update)."""
    return apply(load_scenario(path))
