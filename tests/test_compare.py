"""somsim compare: common random numbers, P(best), expected loss, EVPI and EVPPI of the choice.

The test case is built so that everything has a closed form: discount rate 0, a fixed success rate
and one consequence, so NPV_total = s · n · Σ|q| · p − n · v is linear in the one uncertain input,
the shared unit price p ~ gamma(mean 110,000, sd 30,000):

* option A: n = 20, s = 0.3, q = (−0.5, −0.5), v = 20,000  →  NPV_A = 6 p − 400,000
* option B: n = 20, s = 0.2, q = (−0.5, −0.5), v = 10,000  →  NPV_B = 4 p − 200,000
* status quo: 0.

So A − B = 2 p − 200,000, A is best when p > 100,000, B when 50,000 < p < 100,000, nothing below.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import integrate, stats

from somsim.cli import main
from somsim.decide import compare as C
from somsim.scenario.loader import Scenario

from . import reference_mc


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the English messages; both languages are tested in test_language.py."""
    monkeypatch.setenv("SOMSIM_LANG", "en")


OPTION = """\
somsim = 1

[scenario]
id = "{id}"
price_year = 2019
horizon = 4
discount_rate = {discount}

[intervention]
name = "{id}"
cohorts = [20]
success_rate = {s}

[[cost]]
name = "Drift"
per_participant = {v}

[[consequence]]
activity = "skole"
per_success = [-0.5, -0.5]

[activity.skole]
price = {{ kommune = {price} }}
"""
PRICE = '{ dist = "gamma", mean = 110000, sd = 30000 }'
PRICE_DIST = stats.gamma(a=(110000 / 30000) ** 2, scale=30000**2 / 110000)


def _option(id: str, s: float, v: float, price: str = PRICE, discount: float = 0.0) -> Scenario:
    return Scenario.from_text(OPTION.format(id=id, s=s, v=v, price=price, discount=discount))


def _ab(**kw) -> list[Scenario]:
    return [_option("a", 0.3, 20000, **kw), _option("b", 0.2, 10000, **kw)]


def _exact_max(lo: float = 0.0) -> float:
    """E[max(6p − 4e5, 4p − 2e5, 0)] by quadrature over the gamma price."""
    f = PRICE_DIST.pdf
    pieces = [(50_000, 100_000, lambda p: (4 * p - 2e5) * f(p)), (100_000, np.inf, lambda p: (6 * p - 4e5) * f(p))]
    return sum(integrate.quad(g, a, b, limit=200)[0] for a, b, g in pieces)


def test_model_is_the_closed_form():
    cmp = C.compare(_ab(), draws=2000, seed=3)
    p = cmp.inputs[:, cmp.input_names.index("price.skole.kommune")]
    assert cmp.joint.shared == ("price.skole.kommune",)
    np.testing.assert_allclose(cmp.npv[:, 0, 3], 6 * p - 400_000, rtol=1e-9)
    np.testing.assert_allclose(cmp.npv[:, 1, 3], 4 * p - 200_000, rtol=1e-9)


def test_common_random_numbers_narrow_the_difference():
    n = 20_000
    crn = C.compare(_ab(), draws=n, seed=5)
    ind = C.compare(_ab(), draws=n, seed=5, crn=False)
    d_crn = crn.npv[:, 0, 3] - crn.npv[:, 1, 3]
    d_ind = ind.npv[:, 0, 3] - ind.npv[:, 1, 3]
    # exact: sd(A − B) = 2 σ_p with common draws, sqrt(36 + 16) σ_p independently
    assert np.std(d_crn) == pytest.approx(2 * 30000, rel=0.05)
    assert np.std(d_ind) == pytest.approx(math.sqrt(52) * 30000, rel=0.05)
    w_crn = np.subtract(*np.quantile(d_crn, [0.95, 0.05]))
    w_ind = np.subtract(*np.quantile(d_ind, [0.95, 0.05]))
    assert w_crn < 0.5 * w_ind
    # the marginal of each option is the same either way (within MC error)
    for i in range(2):
        a, b = crn.npv[:, i, 3], ind.npv[:, i, 3]
        assert abs(a.mean() - b.mean()) < 4 * math.hypot(a.std(), b.std()) / math.sqrt(n)


def test_prob_best_and_evpi_against_closed_form():
    n = 20_000
    cmp = C.compare(_ab(), draws=n, seed=11, vs_nothing=True)
    assert cmp.labels == ("a", "b", C.NOTHING)
    doc = C.document(cmp, evppi=False)
    F = PRICE_DIST.cdf
    exact = {"a": 1 - F(100_000), "b": F(100_000) - F(50_000), C.NOTHING: F(50_000)}
    for label, p in exact.items():
        got = doc["decision"]["prob_best"][label]
        assert abs(got - p) < 4 * math.sqrt(p * (1 - p) / n) + 1e-12, (label, got, p)
    # EVPI of the choice: E[max] − max E, with E[NPV_A] = 6·110,000 − 400,000 = 260,000 the best mean
    evpi = _exact_max() - 260_000
    dec = doc["decision"]
    assert dec["best_on_average"] == "a"
    assert abs(dec["evpi"] - evpi) < 4 * dec["evpi_se"], (dec["evpi"], evpi, dec["evpi_se"])
    # expected loss of each choice: E[max] − E[NB_i]
    means = {"a": 260_000, "b": 240_000, C.NOTHING: 0.0}
    for label, m in means.items():
        assert dec["expected_loss"][label] == pytest.approx(_exact_max() - m, rel=0.02, abs=2 * dec["evpi_se"])


def test_prob_best_against_an_independent_monte_carlo():
    """Options without shared inputs: reference_mc samples each one on its own (scipy rvs, own model)."""
    a = OPTION.format(id="a", s='{ dist = "beta", mean = 0.3, sd = 0.08 }', v=20000, price=PRICE, discount=0.03)
    b = OPTION.format(id="b", s='{ dist = "beta", mean = 0.25, sd = 0.05 }', v=15000,
                      price='{ dist = "gamma", mean = 115000, sd = 20000 }', discount=0.03)
    n = 20_000
    cmp = C.compare([Scenario.from_text(a), Scenario.from_text(b)], draws=n, seed=2)
    assert cmp.joint.shared == ()  # the same names, other distributions: drawn separately
    assert set(cmp.joint.not_shared) == {"success_rate", "price.skole.kommune"}
    pa = float(C.prob_best(cmp.net_benefit())[0])
    ra = reference_mc.sample(a, n, 101)[0][:, 3]
    rb = reference_mc.sample(b, n, 202)[0][:, 3]
    pr = float(np.mean(ra > rb))
    assert abs(pa - pr) < 4 * math.sqrt(pr * (1 - pr) * 2 / n), (pa, pr)


def test_evppi_of_the_only_input_is_the_evpi():
    cmp = C.compare(_ab(), draws=8000, seed=13, vs_nothing=True)
    nb = cmp.net_benefit()
    value, se = C.evpi_choice(nb)
    est = C.evppi_choice(cmp.inputs[:, 0], nb, seed=1)
    assert abs(est["value"] - value) < 4 * se + est["se_bound"]


def test_required_return_moves_the_choice_to_the_cheaper_option():
    cmp = C.compare(_ab(), draws=4000, seed=1)
    curve = C.curve(cmp, np.array([0.0, 1.0]))
    # with λ = 1: A = 6p − 800,000, B = 4p − 400,000; A best iff p > 200,000 (rare)
    assert curve[0, 0] > 0.5 and curve[1, 0] < 0.05


def test_differently_correlated_shared_inputs_are_refused():
    extra = '\n[[correlation]]\ninputs = ["price.skole.kommune", "success_rate"]\nrho = {rho}\n'
    s = '{ dist = "beta", mean = 0.3, sd = 0.05 }'
    a = Scenario.from_text(OPTION.format(id="a", s=s, v=1, price=PRICE, discount=0) + extra.format(rho=0.3))
    b = Scenario.from_text(OPTION.format(id="b", s=s, v=2, price=PRICE, discount=0) + extra.format(rho=0.5))
    with pytest.raises(C.UsageError, match="correlate"):
        C.compare([a, b], draws=100)


def test_cli_compare_json_and_plot(tmp_path):
    for sc in _ab():
        (tmp_path / f"{sc.id}.toml").write_text(sc.text, encoding="utf-8")
    out = tmp_path / "c.json"
    png = tmp_path / "c.png"
    r = CliRunner().invoke(main, ["compare", str(tmp_path / "a.toml"), str(tmp_path / "b.toml"), "--vs-nothing",
                                  "--draws", "2000", "--json", str(out), "--plot", str(png), "--lang", "en"])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text())
    assert doc["schema"] == "somsim.compare/1"
    assert set(doc["options"]) == {"a", "b", "status-quo"}
    assert sum(doc["decision"]["prob_best"].values()) == pytest.approx(1.0)
    assert "price.skole.kommune" in doc["evppi"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "P(best)" in r.output


def test_cli_compare_needs_two_options(tmp_path):
    sc = _ab()[0]
    (tmp_path / "a.toml").write_text(sc.text, encoding="utf-8")
    r = CliRunner().invoke(main, ["compare", str(tmp_path / "a.toml")])
    assert r.exit_code == 2
    assert "two" in r.output
