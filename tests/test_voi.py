"""Value of information (somsim.voi.core, `somsim voi`).

References:
* analytic — a scenario whose net benefit is NB = s·(K₀ + K₁z) − c·x + k with s ~ beta, z ~ N(0, 1)
  (the consequence shock) and x ~ gamma (a cost): every E[NB | input] is linear in the input, so
  EVPPI has a closed form (normal, beta and gamma partial expectations), EVPI is a 2-D integral of
  the normal one, and EVSI of a binomial study of s is a finite sum over the beta-binomial.
* nested — two-level Monte Carlo (voi.evppi_nested) on a small scenario with a correlation and a
  nonlinear input (the discount rate).

Tolerances are 3 standard errors of the estimators involved (fixed seeds), plus, for the nested
reference, the size of its own inner-noise bias correction.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import integrate, stats

from somsim.cli import main
from somsim.scenario.loader import Scenario
from somsim.simulation import engine
from somsim.voi import core as voi


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the English messages; both languages are tested in test_language.py."""
    monkeypatch.setenv("SOMSIM_LANG", "en")


K = 3.0  # tolerance in standard errors

ANALYTIC = """
somsim = 1
[scenario]
id = "analytic-linear"
title = "NB linear in each input"
price_year = 2020
horizon = 3
discount_rate = 0.0
[intervention]
name = "X"
cohorts = [100]
success_rate = { dist = "beta", mean = 0.25, sd = 0.06 }
[[cost]]
name = "Drift"
actor = "kommune"
per_participant = { dist = "gamma", mean = 25000, sd = 5000 }
[[consequence]]
activity = "a"
per_success = [-1, -1, -1]
se = [0.4, 0.4, 0.4]
[activity.a]
title = "A"
price_year = 2020
price = { kommune = 35000 }
"""

SMALL = """
somsim = 1
[scenario]
id = "small-nested"
title = "Small case for the nested reference"
price_year = 2020
horizon = 12
discount_rate = { dist = "uniform", low = 0.0, high = 0.10 }
perspective = "kommune"
[intervention]
name = "X"
cohorts = [30, 30]
success_rate = { dist = "beta", mean = 0.25, sd = 0.03 }
[[cost]]
name = "Drift"
actor = "kommune"
per_participant = { dist = "pert", min = 40000, mode = 60000, max = 90000 }
[[consequence]]
activity = "anbringelse"
per_success = [-0.1, -0.2, -0.3, -0.3, -0.3, -0.3, -0.3, -0.3, -0.3, -0.3]
se = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05]
[[consequence]]
activity = "skole"
per_success = [-0.1, -0.1, -0.1]
scale = { dist = "lognormal", median = 1.0, ci95 = [0.6, 1.6] }
[activity.anbringelse]
title = "Anbringelse, år"
price_year = 2020
price = { kommune = { dist = "gamma", mean = 90000, sd = 30000 } }
[activity.skole]
title = "Specialskole, år"
price_year = 2020
price = { kommune = 300000 }
[[correlation]]
inputs = ["cost.drift", "price.anbringelse.kommune"]
rho = 0.6
"""


def _close(est, exact, se, extra=0.0):
    assert abs(est - exact) <= K * se + extra, (f"estimate {est:.1f} vs reference {exact:.1f} "
                                                f"(tolerance {K} × {se:.1f} + {extra:.1f})")


# ----------------------------------------------------------------------------------------------
# analytic case


@pytest.fixture(scope="module")
def analytic():
    sc = Scenario.from_text(ANALYTIC)
    r = engine.simulate(sc, draws=10_000, seed=11, keep_draws=True)
    return sc, r, voi.analyse(r)


def _coefficients(sc):
    """NB(s, z, x) = s·(K0 + K1·z) − c·x + k, read off the model at corner points (checked at a random one)."""
    plan = engine.make_plan(sc, draws=1)
    names = list(sc.input_names)

    def nb(s, z, x):
        row = np.zeros((1, len(names)))
        row[0, names.index("success_rate")], row[0, names.index("consequence.a")] = s, z
        row[0, names.index("cost.drift")] = x
        return float(engine.run_model(plan.spec, row).npv[0, 3])

    k = nb(0, 0, 0)
    K0, K1, c = nb(1, 0, 0) - k, nb(1, 1, 0) - nb(1, 0, 0), k - nb(0, 0, 1)
    assert nb(0.3, -0.7, 21000) == pytest.approx(0.3 * (K0 - 0.7 * K1) - c * 21000 + k, rel=1e-12)
    return K0, K1, c, k


def _exact(sc):
    K0, K1, c, k = _coefficients(sc)
    dist = {p.name: p.dist for p in sc.inputs}
    al, be = dist["success_rate"].canon[:2]
    shape, scale = dist["cost.drift"].canon[:2]
    S, X = stats.beta(al, be), stats.gamma(shape, scale=scale)
    Es, Ex = S.mean(), X.mean()
    mean = Es * K0 - c * Ex + k

    def normal_part(m, sd):  # E[max(m + sd·Z, 0)]
        return m * stats.norm.cdf(m / sd) + sd * stats.norm.pdf(m / sd)

    out = {}
    # z: E[NB | z] = Es·K0 + Es·K1·z − c·Ex + k
    out["consequence.a"] = normal_part(mean, abs(Es * K1)) - max(mean, 0)
    # s: a + b·s, b = K0 > 0
    a, b = -c * Ex + k, K0
    t = -a / b
    out["success_rate"] = a * S.sf(t) + b * Es * stats.beta(al + 1, be).sf(t) - max(mean, 0)
    # x: a − c·x
    a = Es * K0 + k
    t = a / c
    out["cost.drift"] = a * X.cdf(t) - c * shape * scale * stats.gamma(shape + 1, scale=scale).cdf(t) - max(mean, 0)
    # group {s, z}: E over s of the normal part
    out["effect"] = integrate.quad(lambda s: S.pdf(s) * normal_part(s * K0 - c * Ex + k, s * abs(K1)), 0, 1,
                                   epsabs=1e-3, limit=200)[0] - max(mean, 0)
    # EVPI: E over (s, x) of the normal part
    lo, hi = X.ppf(1e-12), X.ppf(1 - 1e-12)
    evpi = integrate.dblquad(lambda x, s: S.pdf(s) * X.pdf(x) * normal_part(s * K0 - c * x + k, s * abs(K1)),
                             0, 1, lo, hi, epsabs=1e-2)[0] - max(mean, 0)
    return out, evpi, (K0, c, k, Ex, al, be, mean)


@pytest.fixture(scope="module")
def exact(analytic):
    return _exact(analytic[0])


def test_evpi_analytic(analytic, exact):
    _, _, res = analytic
    _, evpi, _ = exact
    assert evpi > 2e5  # a decision worth analysing
    _close(res.evpi, evpi, res.evpi_se)


@pytest.mark.parametrize("name", ["consequence.a", "success_rate", "cost.drift"])
def test_evppi_single_input_analytic(analytic, exact, name):
    _, _, res = analytic
    row = next(r for r in res.inputs if r.name == name)
    assert exact[0][name] > 5e4
    _close(row.value, exact[0][name], row.se)
    assert row.ratio == pytest.approx(row.value / res.evpi)


def test_evppi_groups_analytic(analytic, exact):
    _, _, res = analytic
    groups = {g.name: g for g in res.groups}
    _close(groups["effect"].value, exact[0]["effect"], groups["effect"].se)
    costs = groups["costs"]  # one member: the same estimate as the input
    assert costs.value == next(r for r in res.inputs if r.name == "cost.drift").value


def test_variance_reduction_linear(analytic):
    """Var(E[NB | z]) = (E[s]·K1)² exactly; the estimate agrees within the sampling error of a variance."""
    sc, r, res = analytic
    _K0, K1, _c, _k = _coefficients(sc)
    Es = next(p for p in sc.inputs if p.name == "success_rate").dist.frozen().mean()
    row = next(x for x in res.inputs if x.name == "consequence.a")
    exact = (Es * K1) ** 2
    assert abs(row.variance_reduction / exact - 1) < K * math.sqrt(2 / r.draws) + 0.02  # + the fit's shrinkage


def test_evsi_binomial_analytic(analytic, exact):
    """EVSI of n participants' successes = Σ_y BetaBinom(y) max(E[NB | y], 0) − max(E[NB], 0)."""
    _sc, r, _ = analytic
    K0, c, k, Ex, al, be, mean = exact[2]
    ev = voi.evsi(r, "success_rate", n=[10, 100, 1000])
    assert ev.design == "binomial"
    for n, est, se in zip(ev.n, ev.evsi, ev.se):
        y = np.arange(n + 1)
        post = (al + y) / (al + be + n)
        ref = float(stats.betabinom(n, al, be).pmf(y) @ np.maximum(post * K0 - c * Ex + k, 0)) - max(mean, 0)
        _close(est, ref, se)
    # increasing in n, bounded by the EVPPI (common random numbers make the differences precise)
    assert ev.evsi[0] < ev.evsi[1] < ev.evsi[2] <= ev.evppi + K * ev.evppi_se


def test_evsi_gamma_and_enbs(analytic):
    _, r, _ = analytic
    ev = voi.evsi(r, "cost.drift", n=[2, 20, 200], cost_fixed=5000, cost_per_unit=100, case_cv=0.8)
    assert ev.design == "gamma" and "CV 0.8" in ev.assumption
    assert ev.evsi[0] < ev.evsi[1] < ev.evsi[2] <= ev.evppi + K * ev.evppi_se
    assert ev.cost == (5200.0, 7000.0, 25000.0)
    assert ev.enbs == tuple(v - cc for v, cc in zip(ev.evsi, ev.cost))
    j = int(np.argmax(ev.enbs))
    assert ev.optimal_n == (ev.n[j] if ev.enbs[j] > 0 else None)
    priced_out = voi.evsi(r, "cost.drift", n=[20], cost_fixed=1e9)
    assert priced_out.optimal_n is None


# ----------------------------------------------------------------------------------------------
# nested Monte Carlo reference


@pytest.fixture(scope="module")
def small():
    sc = Scenario.from_text(SMALL)
    r = engine.simulate(sc, draws=10_000, seed=5, keep_draws=True)
    return sc, r, voi.analyse(r)


@pytest.mark.parametrize("name", ["success_rate", "price.anbringelse.kommune", "discount_rate", "effect"])
def test_evppi_matches_nested_monte_carlo(small, name):
    sc, _r, res = small
    row = next(x for x in (*res.inputs, *res.groups) if x.name == name)
    ref = voi.evppi_nested(sc, row.members, outer=2000, inner=1000, seed=3)
    assert res.evpi > 1e5 and row.value > 0.01 * res.evpi
    _close(row.value, ref["value"], math.hypot(row.se, ref["se"]), abs(ref["bias_correction"]))


def test_generic_evppi_on_any_sample():
    """evppi() post-processes any sample: NB = x₁ − 0.5 + noise, x₁ ~ U(0, 1): EVPPI(x₁) = 1/8 exactly."""
    rng = np.random.default_rng(2)
    x = rng.random((4000, 2))
    nb = x[:, 0] - 0.5 + 0.3 * rng.standard_normal(4000)
    est = voi.evppi(x[:, 0], nb, seed=1)
    _close(est.value, 0.125, est.se)
    assert est.se_bootstrap > 0 and est.se_regression > 0 and 0 < est.r2 < 1
    null = voi.evppi(x[:, 1], nb, seed=1)
    _close(null.value, 0.0, null.se)


def test_reproducible_and_independent_of_other_estimates(analytic):
    _sc, r, res = analytic
    again = voi.analyse(r, groups={})
    assert [x.value for x in again.inputs] == [x.value for x in res.inputs]
    assert again.groups == ()


def test_constant_net_benefit_has_no_value(analytic):
    """The region pays nothing here: its NPV is 0 in every draw, so EVPI = EVPPI = EVSI = 0."""
    _, r, _ = analytic
    res = voi.analyse(r, perspective="region")
    assert res.evpi == 0 and all(x.value == 0 and x.se == 0 for x in (*res.inputs, *res.groups))
    assert voi.evsi(r, "success_rate", n=[10], perspective="region").optimal_n is None
    json.dumps(voi.document(res), allow_nan=False)


def test_evsi_limit_is_the_ranked_evppi(analytic):
    _, r, res = analytic
    ev = voi.evsi(r, "success_rate", n=[50])
    assert ev.evppi == next(x.value for x in res.inputs if x.name == "success_rate")


def test_library_rejects_bad_arguments(analytic):
    _, r, _ = analytic
    from somsim.errors import UsageError

    with pytest.raises(UsageError, match="perspective"):
        voi.analyse(r, perspective="borger")
    with pytest.raises(UsageError, match="did you mean"):
        voi.evsi(r, "succes_rate")
    with pytest.raises(UsageError, match="binomial"):
        voi.evsi(r, "cost.drift", design="binomial")
    with pytest.raises(UsageError, match="per-unit SD|case_sd"):
        voi.evsi(r, "consequence.a")
    lean = engine.simulate(r.scenario, draws=2000, seed=1)
    with pytest.raises(UsageError, match="keep_draws"):
        voi.analyse(lean)


# ----------------------------------------------------------------------------------------------
# command line


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("voi")
    res = CliRunner().invoke(main, ["init", "demo", "--out", str(d / "demo.toml")])
    assert res.exit_code == 0, res.output
    return d


def test_cli_json_plot_and_evsi(demo):
    out, png = demo / "voi.json", demo / "rank.png"
    res = CliRunner().invoke(main, ["voi", str(demo / "demo.toml"), "--draws", "2000", "--seed", "3",
                                    "--min-npv", "400000", "--json", str(out), "--plot", str(png), "--evsi",
                                    "success_rate", "--study-n", "10,50", "--cost-fixed", "1000",
                                    "--cost-per-unit", "50", "--lang", "en"])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text())
    assert {"perspective", "draws", "evpi", "evppi", "groups", "evsi"} <= set(doc)
    assert doc["perspective"] == "total" and doc["draws"] == 2000 and doc["min_npv"] == 400000
    assert set(doc["evppi"]) == {"success_rate", "cost.drift", "consequence.specialskole"}
    assert set(doc["groups"]) == {"effect", "costs"}
    for entry in (*doc["evppi"].values(), *doc["groups"].values()):
        assert {"value", "se", "ratio", "se_regression", "se_bootstrap", "variance_reduction", "r2"} <= set(entry)
        assert 0 <= entry["value"] <= doc["evpi"] + 3 * entry["se"]
    values = [e["value"] for e in doc["evppi"].values()]
    assert values == sorted(values, reverse=True)  # the ranking
    ev = doc["evsi"]
    assert ev["input"] == "success_rate" and ev["n"] == [10, 50] and ev["design"] == "binomial"
    assert ev["cost"] == [1500.0, 3500.0] and "Strong" in ev["method"] and ev["population"] == 1
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "What to measure locally" in res.stdout and "EVPI" in res.stdout


def test_cli_json_stdout_and_perspective(demo):
    res = CliRunner().invoke(main, ["voi", str(demo / "demo.toml"), "--draws", "1000", "--json", "-",
                                    "--perspective", "kommune"])
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["perspective"] == "kommune" and doc["schema"] == "somsim.voi/1"


@pytest.mark.parametrize("args, message", [
    (["--perspective", "borger"], "--perspective must be one of"),
    (["--draws", "10"], "--draws expects a whole number in"),
    (["--draws", "many"], "--draws expects a whole number"),
    (["--min-npv", "lots"], "--min-npv expects a number"),
    (["--evsi", "succes_rate"], "did you mean 'success_rate'"),
    (["--study-n", "10"], "need --evsi"),
    (["--evsi", "success_rate", "--study-n", "0,5"], "--study-n expects"),
    (["--evsi", "success_rate", "--study-n", "10,inf"], "--study-n expects"),
    (["--evsi", "success_rate", "--study-n", "1.5"], "--study-n expects"),
    (["--evsi", "success_rate", "--cost-fixed", "-5"], "--cost-fixed expects a finite number ≥ 0"),
    (["--evsi", "success_rate", "--design", "poisson"], "unknown study design"),
])
def test_cli_bad_arguments_exit_2_one_line(demo, args, message):
    out = demo / "never.json"
    res = CliRunner().invoke(main, ["voi", str(demo / "demo.toml"), "--draws", "1000", *args, "--json", str(out)]
                             if "--draws" not in args else ["voi", str(demo / "demo.toml"), *args, "--json",
                                                             str(out)])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("somsim: ") and message in lines[0], res.stderr
    assert not out.exists()


def test_cli_missing_scenario_exit_2(demo):
    res = CliRunner().invoke(main, ["voi", str(demo / "nope.toml")])
    assert res.exit_code == 2 and "file not found" in res.stderr


@pytest.mark.parametrize("case", range(4))
def test_loo_ridge_is_ridgecv(case):
    """The penalty choice equals scikit-learn's RidgeCV (efficient LOO, no intercept) on designs
    like the VOI's: unpenalised columns scaled by 1e4, a smooth block, a weighted interaction block."""
    from sklearn.linear_model import RidgeCV

    from somsim.voi.fit import UNPENALISED, loo_ridge

    rng = np.random.default_rng(case)
    n, k0, k1, p = 2000, 3, 3 + 8 + 4 * case, 3 + 8 + 4 * case + 6
    A = rng.standard_normal((n, p)) @ np.diag(np.logspace(0, -3 * case, p))
    A[:, 5] = A[:, 4] + 1e-9 * rng.standard_normal(n)  # a near-collinear pair
    y = A[:, :k0].sum(axis=1) + np.sin(A[:, k0]) + 0.3 * rng.standard_normal(n)
    alphas = np.logspace(-8, 3, 23)
    R = np.linalg.qr(A, mode="r")
    for rel in (1e-2, 1.0, 10.0):
        scale = np.concatenate([np.full(k0, UNPENALISED), np.ones(k1 - k0), np.full(p - k1, rel)])
        score, alpha = loo_ridge(A, R, A.T @ y, y, alphas, scale)
        cv = RidgeCV(alphas=alphas, fit_intercept=False, gcv_mode="svd").fit(A * scale, y)
        assert alpha == cv.alpha_
        assert score == pytest.approx(cv.best_score_, rel=1e-9)


def test_voi_same_numbers_on_one_and_two_threads(analytic):
    """Inputs are fitted concurrently on the kernel threads; every number is the same on one."""
    from somsim.model import kernels as K

    _sc, r, _res = analytic
    docs = []
    for th in (1, 2):
        with K.threads(th):
            docs.append(json.dumps(voi.document(voi.analyse(r, resamples=8)), sort_keys=True, default=str))
    assert docs[0] == docs[1]


@pytest.mark.parametrize("d", [1, 2, 3, 4, 8, 13])
def test_design_columns_bound_the_memory_estimate(d):
    """The memory estimate's column count is at least the design a fit of d inputs builds."""
    from somsim.voi.fit import additive_blocks, design_columns, tensor_blocks

    X = np.random.default_rng(d).random((500, d))
    fixed, blocks, *_ = tensor_blocks(X) if d <= 3 else additive_blocks(X)
    assert fixed.shape[1] + sum(b.shape[1] for b in blocks) <= design_columns(d)


@pytest.mark.parametrize("members", [("success_rate",), ("success_rate", "cost.drift", "consequence.specialskole"),
                                     None])
def test_bootstrap_by_conjugate_gradients_equals_the_direct_solve(members, monkeypatch):
    """The resamples' refits solved together by preconditioned CG give the direct solve's EVPPIs (to 1e-9)."""
    from somsim.scenario.loader import load_scenario
    from somsim.voi import fit as F

    sc = load_scenario(Path(__file__).parent.parent / "scenarios" / "cool-kids-2019.toml")
    r = engine.simulate(sc, draws=4000, seed=5, keep_draws=True)
    names = list(r.input_names)
    members = members or tuple(sc.groups["effect"])  # a large additive design with interactions
    nb = voi.net_benefit(r)
    bootstrap, pcg, converged, got = F._bootstrap, F._block_pcg, [], {}

    def recording(*a, **k):
        X, ok = pcg(*a, **k)
        converged.append(ok.mean())
        return X, ok

    monkeypatch.setattr(F, "_block_pcg", recording)
    for direct in (True, False):
        monkeypatch.setattr(F, "_bootstrap", lambda *a, _d=direct, **k: bootstrap(*a, **{**k, "direct": _d}))
        got[direct] = F.fit(r.inputs[:, [names.index(m) for m in members]], nb - np.median(nb),
                            rng=np.random.default_rng(3), resamples=12)
    assert converged and min(converged) == 1.0  # CG solved every resample (none fell back to the direct solve)
    assert got[True].se_bootstrap > 0
    assert got[False].se_bootstrap == pytest.approx(got[True].se_bootstrap, rel=1e-9)
    assert got[False].diagnostics["bootstrap_mean"] == pytest.approx(got[True].diagnostics["bootstrap_mean"], rel=1e-9)


def test_memory_estimate_takes_the_largest_design_not_the_largest_group():
    """ungementor-fiktiv's largest group has 4 inputs (34 columns) but a 3-input group needs 133."""
    from somsim.scenario.loader import load_scenario
    from somsim.voi.fit import design_columns

    sc = load_scenario(Path(__file__).parent.parent / "scenarios" / "ungementor-fiktiv.toml")
    assert sorted(len(m) for m in sc.groups.values()) == [2, 3, 4]
    assert voi.design_columns(sc) == design_columns(3) > design_columns(4)
    small = voi.memory_bytes(9, 10, 10**5)["regression designs"]
    assert voi.memory_bytes(9, 10, 10**5, design=voi.design_columns(sc), threads=2)["regression designs"] > 2 * small
