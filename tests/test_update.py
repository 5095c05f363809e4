"""[[observation]]: conjugate updates equal their closed forms; resampling agrees; contradictions are reported."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from somsim.cli import main
from somsim.decide import update as U
from somsim.distributions.core import parse_distribution
from somsim.scenario.loader import Scenario
from somsim.scenario.observations import Observed

from .test_compare import OPTION, PRICE


def _d(raw):
    d, problems = parse_distribution(raw)
    assert d is not None, problems
    return d


def test_beta_binomial_equals_the_closed_form():
    prior = _d({"dist": "beta", "alpha": 3.0, "beta": 9.0})
    obs = (Observed("success_rate", "binomial", n=40, k=12), Observed("success_rate", "binomial", n=10, k=1))
    u = U.posterior("success_rate", prior, obs)
    ref = stats.beta(3 + 13, 9 + 37)
    assert u.ess is None and "conjugate" in u.method
    assert u.posterior.mean() == pytest.approx(ref.mean(), rel=1e-12)
    assert u.posterior.sd() == pytest.approx(ref.std(), rel=1e-12)


def test_normal_normal_equals_the_closed_form():
    prior = _d({"dist": "normal", "mean": 20000.0, "sd": 5000.0})
    values = np.array([24000.0, 26000.0, 21000.0, 25000.0])
    m, s, n = values.mean(), values.std(ddof=1), len(values)
    u = U.posterior("cost.drift", prior, (Observed("cost.drift", "normal", n=n, mean=m, sd=s),))
    prec = 1 / 5000**2 + n / s**2
    assert u.posterior.mean() == pytest.approx((20000 / 5000**2 + n * m / s**2) / prec, rel=1e-12)
    assert u.posterior.sd() == pytest.approx(math.sqrt(1 / prec), rel=1e-12)


@pytest.mark.parametrize("case", ["beta", "normal"])
def test_resampling_agrees_with_the_conjugate_answer(case):
    if case == "beta":
        prior = _d({"dist": "beta", "alpha": 3.0, "beta": 9.0})
        obs = (Observed("x", "binomial", n=40, k=12),)
    else:
        prior = _d({"dist": "normal", "mean": 20000.0, "sd": 5000.0})
        obs = (Observed("x", "normal", n=4, mean=24000.0, sd=2200.0),)
    exact = U.posterior("x", prior, obs)
    rs = U.posterior("x", prior, obs, method="resample", seed=3)
    assert rs.ess is not None and rs.ess > U.ESS_WARN
    # Monte Carlo error of a self-normalised importance estimate of the mean: sd / sqrt(ESS)
    se = exact.posterior.sd() / math.sqrt(rs.ess)
    assert abs(rs.posterior.mean() - exact.posterior.mean()) < 4 * se
    assert rs.posterior.sd() == pytest.approx(exact.posterior.sd(), rel=4 * math.sqrt(2 / rs.ess) + 0.005)


def test_contradicting_data_give_a_tiny_ess_that_is_reported():
    prior = _d({"dist": "gamma", "mean": 20000.0, "sd": 2000.0})
    obs = (Observed("cost.drift", "normal", n=50, mean=45000.0, sd=3000.0),)
    u = U.posterior("cost.drift", prior, obs, draws=50_000)
    assert u.ess is not None and u.ess < U.ESS_WARN
    assert u.warning is not None and "effective sample size" in u.warning
    assert u.to_dict()["ess"] == u.ess


TEXT = OPTION.format(id="a", s='{ dist = "beta", alpha = 3, beta = 9 }', v='{ dist = "gamma", mean = 20000, '
                     'sd = 2000 }', price=PRICE, discount=0)


def test_scenario_uses_the_posterior():
    text = TEXT + '\n[[observation]]\ninput = "success_rate"\nk = 12\nn = 40\nsource = "pilot 2024"\n'
    sc = Scenario.from_text(text)
    post, upd = U.apply(sc)
    assert [u.name for u in upd.inputs] == ["success_rate"]
    assert post.success_rate.mean() == pytest.approx(15 / 52)
    p = next(q for q in post.params if q.name == "success_rate")
    assert p.dist == post.success_rate and p.dist.point == pytest.approx(15 / 52)
    assert U.apply(Scenario.from_text(TEXT))[1].inputs == ()


def test_cli_check_shows_prior_and_posterior_and_run_warns(tmp_path):
    f = tmp_path / "a.toml"
    f.write_text(TEXT + '\n[[observation]]\ninput = "success_rate"\nk = 12\nn = 40\n\n[[observation]]\n'
                 'input = "cost.drift"\nmean = 45000\nsd = 3000\nn = 50\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(f), "--lang", "en"], env={"COLUMNS": "240"})
    assert r.exit_code == 0, r.output
    assert "prior" in r.output and "posterior" in r.output and "beta: α 15, β 37" in r.output
    out = tmp_path / "s.json"
    r = CliRunner().invoke(main, ["run", str(f), "--draws", "2000", "--json", str(out), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "effective sample size" in r.output
    doc = json.loads(out.read_text())
    # the posterior success rate (mean 15/52) is in the base case: 20 · s · 1 · 110,000 − 20 · E[cost]
    assert doc["base_case"]["npv"]["total"] > 0


def test_gamma_poisson_equals_the_closed_form_and_resampling_agrees():
    prior = _d({"dist": "gamma", "shape": 4.0, "scale": 0.05})  # events per person-year: mean 0.2
    obs = (Observed("x", "poisson", n=1, k=7, exposure=20.0), Observed("x", "poisson", n=1, k=2, exposure=15.5))
    u = U.posterior("x", prior, obs)
    ref = stats.gamma(a=4 + 9, scale=1 / (1 / 0.05 + 35.5))
    assert u.ess is None and "gamma–Poisson" in u.method
    assert u.posterior.mean() == pytest.approx(ref.mean(), rel=1e-12)
    assert u.posterior.sd() == pytest.approx(ref.std(), rel=1e-12)
    rs = U.posterior("x", prior, obs, method="resample", seed=4)
    assert rs.ess is not None and rs.ess > U.ESS_WARN
    se = ref.std() / math.sqrt(rs.ess)
    assert abs(rs.posterior.mean() - ref.mean()) < 4 * se
    assert rs.posterior.sd() == pytest.approx(ref.std(), rel=4 * math.sqrt(2 / rs.ess) + 0.005)


def test_count_and_exposure_in_a_scenario():
    text = OPTION.format(id="a", s=0.3, v='{ dist = "gamma", shape = 4, scale = 5000 }', price=PRICE, discount=0)
    sc = Scenario.from_text(text + '\n[[observation]]\ninput = "cost.drift"\ncount = 50000\nexposure = 2.5\n')
    (o,) = sc.observations
    assert (o.kind, o.k, o.exposure) == ("poisson", 50000, 2.5)
    post, upd = U.apply(sc)
    assert post.costs[0].per_participant.mean() == pytest.approx((4 + 50000) / (1 / 5000 + 2.5), rel=1e-12)
