"""somsim voi --simulate-study: the posterior after plausible outcomes of the recommended study.

For a beta prior and a k-of-n study the shown posteriors are Beta(α + k, β + n − k), the outcomes
are percentiles of the beta-binomial prior predictive, the update is the one an [[observation]]
with those data gets, and the run on the posterior has the expected NPV of the closed form.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from somsim.cli import main
from somsim.decide import study as ST
from somsim.decide import update as U
from somsim.scenario.loader import Scenario
from somsim.simulation.engine import simulate
from somsim.voi import core as V

from .test_compare import OPTION, PRICE

A, B = 3.0, 9.0
TEXT = OPTION.format(id="a", s=f'{{ dist = "beta", alpha = {A:g}, beta = {B:g} }}', v=20000, price=PRICE, discount=0)
DRAWS, SEED, N = 20_000, 5, 60


@pytest.fixture(scope="module")
def simulated():
    sc = Scenario.from_text(TEXT)
    result = simulate(sc, draws=DRAWS, seed=SEED, keep_draws=True)
    ev = V.evsi(result, "success_rate", n=[10, N], cost_per_unit=100.0)
    return sc, result, ev, ST.simulate_study(result, ev, n=N)


def test_beta_binomial_study_posteriors_equal_the_closed_form(simulated):
    sc, result, ev, st = simulated
    assert st.n == N and st.design == "binomial" and not st.recommended
    ks = [o.observation.k for o in st.outcomes]
    assert ks == sorted(ks) and len(ks) == 3
    # the outcomes are the 10th, 50th, 90th percentiles of the beta-binomial prior predictive (Monte Carlo: ± 1)
    exact = stats.betabinom(N, A, B).ppf(ST.PROBS)
    assert np.all(np.abs(np.array(ks) - exact) <= 1), (ks, exact)
    for o in st.outcomes:
        k = o.observation.k
        post = stats.beta(A + k, B + N - k)
        assert o.update.ess is None and "conjugate" in o.update.method
        assert o.update.posterior.mean() == pytest.approx(post.mean(), rel=1e-12)
        assert o.update.posterior.sd() == pytest.approx(post.std(), rel=1e-12)
        # the same update as an [[observation]] entry with these data
        real = U.apply(Scenario.from_text(TEXT + f'\n[[observation]]\ninput = "success_rate"\nk = {k}\nn = {N}\n'))
        assert real[1].inputs[0].posterior == o.update.posterior


def test_the_posterior_run_has_the_closed_form_expected_npv(simulated):
    sc, result, ev, st = simulated
    # NPV_total = successes · 1 · price − 20 · 20,000 with E[successes] = 20 · E[s]: E[NPV] = 20 E[s] E[p] − 400,000
    npv0 = result.npv[:, 3]
    for o in st.outcomes:
        m = 20 * o.update.posterior.mean() * 110_000 - 400_000
        # MC error of the mean of the posterior run (its sd is close to the prior run's: bound it by that)
        assert abs(o.mean_npv - m) < 4 * npv0.std() / math.sqrt(DRAWS)
        assert o.decision == ("invest" if o.mean_npv > 0 else "do not invest")
    means = [o.mean_npv for o in st.outcomes]
    assert means == sorted(means)
    assert st.prior_mean_npv == pytest.approx(npv0.mean()) and st.prior_prob_positive == pytest.approx(
        np.mean(npv0 > 0))


def test_normal_design_outcomes_and_the_normal_normal_update():
    from somsim.distributions.core import parse_distribution

    prior, _ = parse_distribution({"dist": "normal", "mean": 20000.0, "sd": 3000.0})
    assert prior is not None
    theta = prior.ppf(np.random.default_rng(1).random(40_000))
    obs = ST.outcomes_of(theta, 20, "normal", rng=np.random.default_rng(2), case_sd=4000.0, name="x")
    # the prior predictive of the mean of 20 observations: N(20,000, 3,000² + 4,000²/20)
    pred = stats.norm(20000, math.sqrt(3000**2 + 4000**2 / 20))
    for o, p in zip(obs, ST.PROBS):
        assert o.sd == 4000.0 and o.n == 20
        assert abs(pred.cdf(o.mean) - p) < 0.01  # binomial error of a percentile of 40,000 draws: < 0.002
        post = U.posterior("x", prior, (o,)).posterior
        prec = 1 / 3000**2 + 20 / 4000**2
        assert post.mean() == pytest.approx((20000 / 3000**2 + 20 * o.mean / 4000**2) / prec, rel=1e-12)
        assert post.sd() == pytest.approx(math.sqrt(1 / prec), rel=1e-12)


def test_cli_simulate_study(tmp_path):
    f = tmp_path / "a.toml"
    f.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "v.json"
    r = CliRunner().invoke(main, ["voi", str(f), "--draws", "4000", "--evsi", "success_rate", "--study-n", "20,50",
                                  "--cost-per-unit", "10", "--simulate-study", "--json", str(out), "--resamples", "5",
                                  "--lang", "en"])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text())
    s = doc["simulated_study"]
    assert s["n"] == (doc["evsi"]["optimal_n"] or 50) and len(s["outcomes"]) == 3
    for o in s["outcomes"]:
        assert o["posterior"]["posterior"]["distribution"] == f"beta(alpha={A + o['k']:g}, beta={B + s['n'] - o['k']:g})"
    assert "Posterior of success_rate" in r.output and "[[observation]]" in r.output
    r = CliRunner().invoke(main, ["voi", str(f), "--simulate-study"])
    assert r.exit_code == 2 and "--simulate-study" in r.output
