"""The probabilistic engine: kernel = numpy model, inverse CDFs, copula, reproducibility, and
agreement with an independent Monte Carlo implementation within Monte Carlo error."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import special, stats

from somsim.distributions.core import parse_distribution
from somsim.model import kernels as K
from somsim.model import reference as model
from somsim.results.summary import base_case_block, document
from somsim.scenario.loader import Scenario
from somsim.simulation import engine, sampling

from .prob_gen import prob_scenario, prob_scenario_s6
from .reference_mc import sample as reference_sample
from .reference_mc import sample_full as reference_sample_full
from .test_base_case import DOCUMENTED_HAIRCUT


def _sc(seed, **kw) -> Scenario:
    return Scenario.from_text(prob_scenario(seed, **kw), f"gen-{seed}.toml")


# ------------------------------------------------------------------------------------------
# kernel == plain-numpy model


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), stochastic=st.booleans())
def test_kernel_equals_numpy_model(seed, stochastic):
    sc = _sc(seed, stochastic=stochastic)
    plan = engine.make_plan(sc, draws=300, seed=seed)
    X = engine.transform(plan, engine.unit_sample(plan, 0, 1))
    S = engine.successes(plan, X, 0, 1)
    out = engine.run_model(plan.spec, X, S, keep_net=True, keep_cum=True, keep_act=True)
    ref = model.evaluate(plan.spec, plan.spec.theta(X), S)
    scale = 1.0 + np.abs(ref.gains_pv).max() + np.abs(ref.costs_pv).max()
    for got, want in [(out.npv, ref.npv), (out.gains_pv, ref.gains_pv), (out.costs_pv, ref.costs_pv),
                      (out.net, ref.net), (out.cumulative, ref.cumulative_pv), (out.activity_pv, ref.activity_pv)]:
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-10 * scale)
    # break-even years agree except where the cumulative value is zero to rounding
    tie = np.isclose(ref.cumulative_pv, 0, atol=1e-9 * scale).any(axis=1)
    assert np.array_equal(out.break_even[~tie], ref.break_even[~tie])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), stochastic=st.booleans())
def test_kernel_equals_numpy_model_s6(seed, stochastic):
    """§6 keys (gross/baseline, haircut, completers, lags, committees): kernel == numpy to 1e-12."""
    sc = Scenario.from_text(prob_scenario_s6(seed, stochastic=stochastic), f"gen-{seed}.toml")
    plan = engine.make_plan(sc, draws=300, seed=seed)
    X = engine.transform(plan, engine.unit_sample(plan, 0, 1))
    S = engine.successes(plan, X, 0, 1)
    M = engine.completers(plan, X, 0, 1)
    assert (S is not None) == stochastic and (M is not None) == (stochastic and plan.spec.has_completers)
    out = engine.run_model(plan.spec, X, S, keep_net=True, keep_cum=True, keep_act=True, completers=M)
    ref = model.evaluate(plan.spec, plan.spec.theta(X), S, M)
    assert out.npv.shape[1] == len(sc.outputs) == 4 + len(plan.spec.committees)
    scale = 1.0 + np.abs(ref.gains_pv).max() + np.abs(ref.costs_pv).max()
    for got, want in [(out.npv, ref.npv), (out.gains_pv, ref.gains_pv), (out.costs_pv, ref.costs_pv),
                      (out.net, ref.net), (out.cumulative, ref.cumulative_pv), (out.activity_pv, ref.activity_pv),
                      (out.sub_net, ref.sub_net)]:
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-10 * scale)
    tie = np.isclose(ref.cumulative_pv, 0, atol=1e-9 * scale).any(axis=1)
    assert np.array_equal(out.break_even[~tie], ref.break_even[~tie])
    undiscounted = np.concatenate([np.cumsum(ref.net, axis=1), np.cumsum(ref.net.sum(axis=2), axis=1)[..., None],
                                   np.cumsum(ref.sub_net, axis=1)], axis=2)
    tie = np.isclose(undiscounted, 0, atol=1e-9 * scale).any(axis=1)
    assert np.array_equal(out.payback[~tie], ref.payback[~tie])
    # the committees are a split of the kommune
    if plan.spec.committees:
        np.testing.assert_allclose(out.npv[:, 4:].sum(axis=1), out.npv[:, 0], rtol=1e-9, atol=1e-9 * scale)


def test_base_case_from_kernel_equals_model():
    for seed in range(20):
        sc = _sc(seed)
        spec = model.compile_spec(sc)
        out = engine.run_model(spec, spec.point[spec.input_columns][None, :])
        ref = model.base_case(spec)
        np.testing.assert_allclose(out.npv, ref.npv, rtol=1e-12, atol=1e-8)


# ------------------------------------------------------------------------------------------
# inverse CDFs and the copula


def test_ndtri_matches_scipy():
    p = np.concatenate([np.logspace(-300, -1, 2000), np.linspace(0.01, 0.99, 2000), 1 - np.logspace(-16, -1, 500)])
    got = np.array([K.ndtri(x) for x in p])
    np.testing.assert_allclose(got, special.ndtri(p), rtol=1e-13, atol=1e-14)


FAMILIES = [
    {"dist": "normal", "mean": 3.0, "sd": 2.0},
    {"dist": "normal", "ci95": [1.0, 4.0]},
    {"dist": "truncnormal", "mean": 0.3, "sd": 0.2, "low": 0.0, "high": 1.0},
    {"dist": "truncnormal", "mean": -2.0, "sd": 1.0, "low": 0.0, "high": 5.0},
    {"dist": "lognormal", "median": 1.0, "ci95": [0.7, 1.4]},
    {"dist": "lognormal", "mean": 410000, "sd": 60000},
    {"dist": "gamma", "mean": 410000, "sd": 60000},
    {"dist": "gamma", "shape": 0.3, "scale": 2.0},
    {"dist": "beta", "mean": 0.25, "sd": 0.06},
    {"dist": "beta", "alpha": 0.5, "beta": 0.7},
    {"dist": "beta", "mean": 0.33, "ci95": [0.25, 0.41]},
    {"dist": "uniform", "low": 2.0, "high": 5.0},
    {"dist": "triangular", "min": 0.0, "mode": 1.0, "max": 3.0},
    {"dist": "pert", "min": 9000, "mode": 11500, "max": 16000},
    {"dist": "pert", "min": 0.0, "mode": 0.0, "max": 1.0},
]


@pytest.mark.parametrize("raw", FAMILIES, ids=lambda r: r["dist"] + "-" + "-".join(k for k in r if k != "dist"))
def test_inverse_cdf_matches_scipy(raw):
    d, probs = parse_distribution(raw)
    assert not probs
    u = np.concatenate([np.random.default_rng(0).random(20000), np.logspace(-15, -1, 200),
                        1 - np.logspace(-15, -1, 200)])
    tables = sampling.build_tables([d])
    fam, par = sampling.canonical_params([d])
    X = np.empty((len(u), 1))
    K.transform(u[:, None].copy(), fam, par, *tables, np.zeros(0, dtype=np.int64), np.zeros((0, 0)), X)
    fr = d.frozen()
    ref = np.where(u < 0.5, fr.ppf(u), fr.isf(1 - u))
    keep = np.ones(len(u), bool)
    if d.family == "truncnormal":
        # scipy's truncnorm.isf is off by ~3e-7 near u = 1 for a bound 7 sd out; its ppf is exact there
        ref = fr.ppf(u)
    # the documented accuracy: 1e-9 of the distribution's sd over u in [1e-15, 1 - 1e-15]
    assert np.max(np.abs(X[keep, 0] - ref[keep])) <= 1e-9 * d.sd()


def test_copula_gives_the_spearman_correlation():
    text = prob_scenario(7, correlated=False) + (
        '[[correlation]]\ninputs = ["success_rate", "discount_rate"]\nrho = 0.6\n')
    text = text.replace('discount_rate = 0.035', 'discount_rate = { dist = "uniform", low = 0.02, high = 0.05 }')
    text = text.replace('discount_rate = 0.04', 'discount_rate = { dist = "uniform", low = 0.02, high = 0.05 }')
    text = text.replace('discount_rate = 0.0\n', 'discount_rate = { dist = "uniform", low = 0.02, high = 0.05 }\n')
    sc = Scenario.from_text(text, "c.toml")
    assert "success_rate" in sc.input_names, "the generated scenario must have an uncertain success rate"
    n = 40000
    res = engine.simulate(sc, draws=n, seed=11, keep_draws=True)
    i, j = sc.input_names.index("success_rate"), sc.input_names.index("discount_rate")
    rho = stats.spearmanr(res.inputs[:, i], res.inputs[:, j]).statistic
    # the standard error of Spearman's rho is about (1 − ρ²)/√n
    assert abs(rho - 0.6) < 4 * (1 - 0.36) / math.sqrt(n)


def test_not_positive_semidefinite_is_a_scenario_error():
    from somsim.errors import ScenarioError

    text = prob_scenario(3, correlated=False)
    sc = Scenario.from_text(text, "x.toml")
    names = list(sc.input_names)[:3]
    assert len(names) == 3, "the generated scenario must have at least three uncertain inputs"
    mat = "[[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]"
    bad = text + f"[[correlation]]\ninputs = {names}\nrho = {mat}\n".replace("'", '"')
    with pytest.raises(ScenarioError) as e:
        Scenario.from_text(bad, "x.toml")
    assert "positive semi-definite" in str(e.value)


# ------------------------------------------------------------------------------------------
# samplers


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_block_designs_are_stratified(sampler):
    U = sampling.unit_block(sampler, 5, 3, sampling.BLOCK, 4)
    # every one of 64 equal strata of each margin holds exactly BLOCK / 64 points
    counts = np.stack([np.bincount((U[:, j] * 64).astype(int), minlength=64) for j in range(4)])
    assert np.all(counts == sampling.BLOCK // 64)


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_samplers_agree_on_the_mean(sampler):
    sc = _sc(21, correlated=True)
    r = engine.simulate(sc, draws=5 * sampling.BLOCK, seed=2, sampler=sampler)
    ref = engine.simulate(sc, draws=20 * sampling.BLOCK, seed=3, sampler="random")
    a, b = r.summary["npv"]["total"], ref.summary["npv"]["total"]
    # LHS and Sobol are at least as precise as random sampling: the random MCSE bounds them
    assert abs(a["mean"] - b["mean"]) <= 4 * math.hypot(a["mcse"], b["mcse"])


# ------------------------------------------------------------------------------------------
# reproducibility


def _summary_bytes(sc, **kw) -> str:
    r = engine.simulate(sc, **kw)
    base = base_case_block(sc, model.base_case(sc))
    doc = document(sc, base, seed=kw["seed"], draws=r.draws, sampler=kw.get("sampler", "random"),
                   uncertainty=r.summary, extra=r.extra)
    return json.dumps(doc, sort_keys=True)


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_same_seed_same_bytes_across_chunks_and_threads(sampler):
    sc = _sc(5, correlated=True, stochastic=True)
    n = 5 * sampling.BLOCK + 1234  # a partial last block too
    ref = _summary_bytes(sc, draws=n, seed=9, sampler=sampler, chunk_size=sampling.BLOCK, threads=1)
    for chunk, threads in [(3 * sampling.BLOCK, 2), (10**6, 2), (2 * sampling.BLOCK, 1)]:
        assert _summary_bytes(sc, draws=n, seed=9, sampler=sampler, chunk_size=chunk, threads=threads) == ref
    assert _summary_bytes(sc, draws=n, seed=10, sampler=sampler) != ref


def test_auto_draws_reports_its_tolerance():
    sc = _sc(8)
    r = engine.simulate(sc, draws="auto", seed=1, tolerance=0.02)
    info = r.extra["auto_draws"]
    assert info["draws"] == r.draws and r.draws % sampling.BLOCK == 0
    assert info["converged"] and info["mcse_mean"] <= info["target_mcse_mean"]
    # the auto result is the fixed-size run with the same number of draws
    fixed = engine.simulate(sc, draws=r.draws, seed=1)
    assert fixed.summary == r.summary


# ------------------------------------------------------------------------------------------
# agreement with an independent Monte Carlo implementation


def _check_against_reference(text, n=40000, seed=4):
    sc = Scenario.from_text(text, "ref.toml")
    ours = engine.simulate(sc, draws=n, seed=seed).summary
    npv, be, _n_part = reference_sample(text, n, seed + 1000)
    names = ("kommune", "region", "stat", "total")
    for j, a in enumerate(names):
        o = ours["npv"][a]
        x = npv[:, j]
        sd_ref = x.std(ddof=1)
        if o["sd"] == 0 and sd_ref == 0:
            assert o["mean"] == pytest.approx(x.mean(), rel=1e-9, abs=1e-6)
            continue
        # means within 4 combined MCSE
        assert abs(o["mean"] - x.mean()) <= 4 * math.hypot(o["mcse"], sd_ref / math.sqrt(n)), a
        # quantiles: the reference's empirical CDF at our quantile is p within 4 binomial SEs of both samples
        for key, p in (("p05", 0.05), ("p50", 0.5), ("p95", 0.95)):
            F = np.mean(x <= o[key])
            assert abs(F - p) <= 4 * math.sqrt(p * (1 - p) * 2 / n) + 1e-12, (a, key)
        pp = o["prob_positive"]
        pr = np.mean(x > 0)
        sep = math.sqrt(max(pp * (1 - pp), 1 / n) * 2 / n)
        assert abs(pp - pr) <= 4 * sep + 1e-12, a
    for j, a in enumerate(names):
        prob = ours["break_even_year"][a]["prob_by_year"]
        for t, p in enumerate(prob):
            pr = np.mean((be[:, j] >= 0) & (be[:, j] <= t))
            assert abs(p - pr) <= 4 * math.sqrt(max(pr * (1 - pr), 1 / n) * 2 / n) + 1e-12, (a, t)


@pytest.mark.parametrize("seed", range(8))
def test_agrees_with_independent_monte_carlo(seed):
    _check_against_reference(prob_scenario(1000 + seed))


@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_independent_monte_carlo_correlated_and_stochastic(seed):
    _check_against_reference(prob_scenario(2000 + seed, correlated=True, stochastic=True))


def _check_against_reference_s6(text, n=40000, seed=4):
    """§6: every output key (committees too) against reference_mc: means within 4 MCSE, chances within 4 SE."""
    sc = Scenario.from_text(text, "ref.toml")
    ours = engine.simulate(sc, draws=n, seed=seed).summary
    ref = reference_sample_full(text, n, seed + 1000, evidence_haircut=DOCUMENTED_HAIRCUT)
    assert ref["keys"] == list(sc.outputs)

    def close_prob(p, pr, what):
        assert abs(p - pr) <= 4 * math.sqrt(max(pr * (1 - pr), 1 / n) * 2 / n) + 1e-12, what

    for j, a in enumerate(ref["keys"]):
        o, x = ours["npv"][a], ref["npv"][:, j]
        sd_ref = x.std(ddof=1)
        if o["sd"] < 1e-9 * (1 + abs(o["mean"])) and sd_ref < 1e-9 * (1 + abs(x.mean())):
            assert o["mean"] == pytest.approx(x.mean(), rel=1e-9, abs=1e-6), a
        else:
            assert abs(o["mean"] - x.mean()) <= 4 * math.hypot(o["mcse"], sd_ref / math.sqrt(n)), a
            for key, p in (("p05", 0.05), ("p50", 0.5), ("p95", 0.95)):
                close_prob(np.mean(x <= o[key]), p, (a, key))
        close_prob(o["prob_positive"], np.mean(x > 0), (a, "prob_positive"))
        for block, years in (("break_even_year", ref["break_even"]), ("payback_year", ref["payback"])):
            for t, p in enumerate(ours[block][a]["prob_by_year"]):
                close_prob(p, np.mean((years[:, j] >= 0) & (years[:, j] <= t)), (a, block, t))
        b = ref["bcr"][:, j]
        b = b[~np.isnan(b)]
        if ours["bcr"][a] is None:
            assert len(b) == 0, a
        elif len(b) > 100 and np.ptp(b) > 1e-12:
            close_prob(np.mean(b <= ours["bcr"][a]["p50"]), 0.5, (a, "bcr p50"))
    return ours


@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_independent_monte_carlo_s6(seed):
    _check_against_reference_s6(prob_scenario_s6(3000 + seed, stochastic=False))


@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_independent_monte_carlo_s6_stochastic_correlated(seed):
    """Stochastic gross/baseline cohorts, binomial completers and correlated rates."""
    _check_against_reference_s6(prob_scenario_s6(4000 + seed, stochastic=True, correlated=True))


def test_results_nc_round_trip(tmp_path):
    from somsim.results.dataset import open_results, save_results

    sc = _sc(12)
    r = engine.simulate(sc, draws=10000, seed=1, keep_draws=True)
    save_results(r, tmp_path / "results.nc")
    ds = open_results(tmp_path / "results.nc")
    np.testing.assert_array_equal(ds["npv"].values, r.npv)
    np.testing.assert_array_equal(ds["net"].values, r.net)
    np.testing.assert_array_equal(ds["inputs"].values, r.inputs)
    assert list(ds["input"].values) == list(sc.input_names)
    assert ds.attrs["seed"] == 1 and ds.attrs["scenario_sha256"] == sc.sha256
    assert ds.attrs["scenario_text"] == sc.text
    # the net flows discount to the NPV
    r_draw = ds["inputs"].sel(input="discount_rate").values if "discount_rate" in sc.input_names else \
        np.full(r.draws, sc.discount_rate.point)
    disc = (1 + r_draw[:, None]) ** -np.arange(sc.horizon)[None, :]
    np.testing.assert_allclose((ds["net"].values * disc[:, :, None]).sum(axis=(1, 2)), r.npv[:, 3],
                               rtol=1e-9, atol=1e-6)



def test_results_nc_with_committees(tmp_path):
    """§6.5: with [udvalg] results.nc has the committees on its output coordinate and their net by year,
    which adds up to the kommune's."""
    from pathlib import Path

    from somsim.results.dataset import open_results, save_results
    from somsim.scenario.loader import load_scenario

    sc = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "ungementor-fiktiv.toml")
    assert sc.committees is not None
    r = engine.simulate(sc, draws=500, seed=1, keep_draws=True)
    save_results(r, tmp_path / "results.nc")
    ds = open_results(tmp_path / "results.nc")
    assert list(ds["output"].values) == list(sc.outputs)
    assert list(ds["committee"].values) == list(sc.committees.keys)
    np.testing.assert_array_equal(ds["npv"].values, r.npv)
    np.testing.assert_array_equal(ds["committee_net"].values, r.sub_net)
    np.testing.assert_allclose(ds["committee_net"].sum("committee").values, ds["net"].sel(actor="kommune").values,
                               rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(ds["base_committee_net"].sum("committee").values,
                               ds["base_net"].sel(actor="kommune").values, rtol=1e-12, atol=1e-6)
    # a committee's NPV is its net discounted (the discount rate is fixed in this scenario or drawn)
    r_draw = ds["inputs"].sel(input="discount_rate").values if "discount_rate" in sc.input_names else \
        np.full(r.draws, sc.discount_rate.point)
    disc = (1 + r_draw[:, None]) ** -np.arange(sc.horizon)[None, :]
    for k in sc.committees.keys:
        np.testing.assert_allclose((ds["committee_net"].sel(committee=k).values * disc).sum(axis=1),
                                   ds["npv"].sel(output=k).values, rtol=1e-9, atol=1e-6)

# ------------------------------------------------------------------------------------------
# kernel threads: set for a call, restored after it, also when the call raises


def test_threads_context_manager_restores_the_count():
    before = K.get_threads()
    with K.threads(before + 2) as n:
        assert n == K.get_threads() == before + 2
    assert K.get_threads() == before
    with pytest.raises(RuntimeError, match="inside"), K.threads(1):
        assert K.get_threads() == 1
        raise RuntimeError("inside")
    assert K.get_threads() == before
    with K.threads(None):  # None: leave the count as it is
        assert K.get_threads() == before


def test_simulate_restores_the_thread_count():
    from somsim.errors import UsageError

    sc = _sc(3)
    inside = []
    with K.threads(3):
        engine.simulate(sc, draws=100, seed=1, threads=1, progress=lambda done, total: inside.append(K.get_threads()))
        assert inside and set(inside) == {1}
        assert K.get_threads() == 3
        with pytest.raises(UsageError, match="sampler"):
            engine.simulate(sc, draws=100, seed=1, threads=1, sampler="nonsense")
        assert K.get_threads() == 3


@pytest.mark.parametrize("method", ["sobol", "morris", "rbd-fast", "oat"])
def test_sensitivity_restores_the_thread_count(method):
    from somsim.errors import UsageError
    from somsim.sensitivity import core as S

    sc = _sc(3)
    kw = {"sobol": {"n": 64}, "morris": {"trajectories": 4}, "rbd-fast": {"draws": 2000}, "oat": {}}[method]

    def call(**more):
        if method == "rbd-fast":
            return S.given_data(sc, method, threads=1, **kw, **more)
        return getattr(S, method)(sc, threads=1, **kw, **more)

    with K.threads(3):
        call()
        assert K.get_threads() == 3
        with pytest.raises(UsageError):
            call(outputs=["no.such.output"])
        assert K.get_threads() == 3
