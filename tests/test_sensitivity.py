"""somsim.sensitivity.core: analytic Sobol' indices, screening, given-data methods, tornado, switching values, CLI.

Tolerances are the methods' own 95 % bootstrap intervals (or, where a value is exact, floating point);
seeds are fixed. Where one test makes m simultaneous comparisons of Monte Carlo estimates (given-data
methods, the cross-check against scipy on unseen scenarios), the intervals are rescaled to a
family-wise 95 % level (Bonferroni: z of 1 − 0.025/m instead of 1.96), decided by m, not by the results. The analytic cases are scenarios whose NPV is linear in the inputs (different
activities' prices and a cost, one cohort, no discounting) or a product of independent inputs
(success rate × profile scale × price), for which Var(E[Y | X_i]) and E[Var(Y | X_~i)] are known.
"""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.errors import UsageError
from somsim.model.reference import compile_spec, evaluate
from somsim.scenario.loader import Scenario, load_scenario
from somsim.sensitivity import common as C
from somsim.sensitivity import core as S
from somsim.sensitivity import partitions as PT
from somsim.sensitivity.saltelli import base_sequence, design_rows, indices

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = sorted((ROOT / "scenarios").glob("*.toml"))

HEAD = """somsim = 1
[scenario]
id = "{id}"
price_year = 2020
horizon = {horizon}
discount_rate = 0.0
[intervention]
name = "test"
cohorts = [10]
success_rate = {success}
"""

# NPV_total = -10 v + 5 p_a + 10 p_b + 2.5 p_c ; NPV_kommune without p_b ; NPV_region = 10 p_b
LINEAR = HEAD.format(id="linear", horizon=1, success="0.5") + """
[[cost]]
name = "Drift"
actor = "kommune"
per_participant = { dist = "uniform", low = 800, high = 1200 }
[[consequence]]
activity = "a"
per_success = [-1.0]
[[consequence]]
activity = "b"
per_success = [-2.0]
[[consequence]]
activity = "c"
per_success = [0.5]
[activity.a]
domain = "x"
price = { kommune = { dist = "gamma", mean = 2000, sd = 500 } }
[activity.b]
domain = "x"
price = { region = { dist = "lognormal", median = 1500, ci95 = [1000, 2250] } }
[activity.c]
domain = "x"
kind = "revenue"
price = { kommune = { dist = "pert", min = 1000, mode = 3000, max = 8000 } }
"""
LINEAR_COEF = {"cost.drift": -10.0, "price.a.kommune": 5.0, "price.b.region": 10.0, "price.c.kommune": 2.5}

# NPV_total = 10 · s · k · p  (success rate, profile scale and price independent)
PRODUCT = HEAD.format(id="product", horizon=1, success='{ dist = "uniform", low = 0.1, high = 0.5 }') + """
[[consequence]]
activity = "a"
per_success = [-1.0]
scale = { dist = "uniform", low = 0.2, high = 1.8 }
[activity.a]
domain = "x"
price = { kommune = { dist = "uniform", low = 1000, high = 3000 } }
"""

# two correlated shocks (normal, Spearman 0.6) and an independent cost: NPV = -20 z_a - 40 z_b - 10 v + const
CORRELATED = HEAD.format(id="correlated", horizon=1, success="1.0") + """
[[cost]]
name = "Drift"
actor = "kommune"
per_participant = { dist = "uniform", low = 0, high = 4 }
[[consequence]]
activity = "a"
per_success = [-1.0]
se = [0.2]
[[consequence]]
activity = "b"
per_success = [-1.0]
se = [0.4]
[activity.a]
domain = "x"
price = { kommune = 10 }
[activity.b]
domain = "x"
price = { kommune = 10 }
[[correlation]]
inputs = ["consequence.a", "consequence.b"]
rho = 0.6
"""

# the linear case with uniform inputs (RBD-FAST and HDMR are biased for skewed inputs, see docs/sensitivity.md)
LINEAR_U = (LINEAR.replace('{ dist = "gamma", mean = 2000, sd = 500 }', '{ dist = "uniform", low = 1000, high = 3000 }')
            .replace('{ dist = "lognormal", median = 1500, ci95 = [1000, 2250] }', '{ dist = "uniform", low = 1000, high = 2000 }')
            .replace('{ dist = "pert", min = 1000, mode = 3000, max = 8000 }', '{ dist = "uniform", low = 0, high = 6000 }'))

# two correlated uniform prices (Spearman 0.7) and an independent cost: NPV = 5 p_a + 5 p_b − 10 v
CORRELATED_U = HEAD.format(id="correlated-u", horizon=1, success="0.5") + """
[[cost]]
name = "Drift"
actor = "kommune"
per_participant = { dist = "uniform", low = 0, high = 400 }
[[consequence]]
activity = "a"
per_success = [-1.0]
[[consequence]]
activity = "b"
per_success = [-1.0]
[activity.a]
domain = "x"
price = { kommune = { dist = "uniform", low = 1000, high = 3000 } }
[activity.b]
domain = "x"
price = { kommune = { dist = "uniform", low = 0, high = 4000 } }
[[correlation]]
inputs = ["price.a.kommune", "price.b.kommune"]
rho = 0.7
"""


def correlated_u_exact() -> dict:
    """Analytic variances of CORRELATED_U (Gaussian copula, uniform margins).

    With normal scores z and copula correlation r = 2 sin(π ρ_s / 6), E[u_b | z_a] = Φ(r z_a / √(2 − r²));
    Cov(u_a, u_b) = ρ_s / 12 (Spearman's rho is the correlation of the ranks).
    """
    from numpy.polynomial.hermite_e import hermegauss
    from scipy.stats import norm

    (ca, wa), (cb, wb), (cv, wv), rs = (5, 2000), (5, 4000), (-10, 400), 0.7
    r = 2 * math.sin(math.pi * rs / 6)
    va, vb, vv, cov = (ca * wa) ** 2 / 12, (cb * wb) ** 2 / 12, (cv * wv) ** 2 / 12, ca * cb * wa * wb * rs / 12
    V = va + vb + 2 * cov + vv
    z, w = hermegauss(201)
    w = w / w.sum()

    def first(c1, w1, c2, w2):  # Var(E[Y | x_1]) / V
        m = c1 * w1 * norm.cdf(z) + c2 * w2 * norm.cdf(r * z / math.sqrt(2 - r * r))
        return float((w * (m - (w * m).sum()) ** 2).sum() / V)

    return {"V": V, "S1": {"price.a.kommune": first(ca, wa, cb, wb), "price.b.kommune": first(cb, wb, ca, wa),
                           "cost.drift": vv / V},
            "Sa": {"price.a.kommune": va / V, "price.b.kommune": vb / V, "cost.drift": vv / V},
            "Sb": {"price.a.kommune": cov / V, "price.b.kommune": cov / V, "cost.drift": 0.0},
            "block": (va + vb + 2 * cov) / V}


# year 0: the cost only; year 1: price a only; year 2: price c only
YEARLY = HEAD.format(id="yearly", horizon=3, success="0.5") + """
[[cost]]
name = "Drift"
actor = "kommune"
per_participant = { dist = "uniform", low = 800, high = 1200 }
[[consequence]]
activity = "a"
per_success = [0.0, -1.0]
[[consequence]]
activity = "c"
per_success = [0.0, 0.0, 0.5]
[activity.a]
domain = "x"
price = { kommune = { dist = "gamma", mean = 2000, sd = 500 } }
[activity.c]
domain = "x"
kind = "revenue"
price = { kommune = { dist = "pert", min = 1000, mode = 3000, max = 8000 } }
"""


def scenario(text: str) -> Scenario:
    return Scenario.from_text(text, "test.toml")


@pytest.fixture(scope="module")
def linear():
    return scenario(LINEAR)


@pytest.fixture(scope="module")
def product():
    return scenario(PRODUCT)


def _var(sc, name):
    return next(p for p in sc.inputs if p.name == name).dist.frozen().var()


def bonferroni(m: int) -> float:
    """Factor from a 95 % interval to a family-wise 95 % interval over m comparisons."""
    from scipy.stats import norm

    return float(norm.ppf(1 - 0.025 / m) / norm.ppf(0.975))


def assert_within(est: dict, exact: float, key: str, m: int = 1):
    """The analytic value lies in the estimate's own 95 % interval (family-wise over m comparisons)."""
    assert abs(est[key] - exact) <= est[f"{key}_conf"] * bonferroni(m) + 1e-12, (key, est, exact)


# --------------------------------------------------------------------------------------------
# the vectorised design and estimators are SALib's


@pytest.mark.parametrize("groups,second", [(None, False), (None, True), (["g", "h", "g", "k", "h"], False),
                                           (["h", "g", "h", "k", "g"], True)])
def test_design_and_estimator_equal_salib(groups, second):
    from SALib.analyze import sobol as sa
    from SALib.sample import sobol as ss

    D, N = 5, 64
    prob = {"num_vars": D, "names": [f"x{i}" for i in range(D)], "bounds": [[0, 1]] * D}
    if groups:
        prob["groups"] = groups
    names = list(dict.fromkeys(groups)) if groups else None
    masks = np.array([[g == n for g in groups] for n in names]) if groups else np.eye(D, dtype=bool)
    X = ss.sample(prob, N, calc_second_order=second, seed=7)
    assert np.array_equal(design_rows(base_sequence(D, N, 7), masks, second), X)
    Y = np.sin(6 * X[:, 0]) + X[:, 1] * X[:, 2] ** 2 + 0.3 * X[:, 3] + X[:, 4] * X[:, 0]
    ref = sa.analyze(prob, Y, calc_second_order=second, seed=11)
    mine = indices(Y, len(masks), second_order=second, seed=11)
    for k in mine:
        np.testing.assert_allclose(mine[k], ref[k], rtol=1e-10, atol=1e-12, equal_nan=True)


def test_base_sequence_extends_by_doubling():
    whole = base_sequence(3, 64, 5)
    parts = np.vstack([base_sequence(3, 16, 5), base_sequence(3, 16, 5, start=16), base_sequence(3, 32, 5, start=32)])
    assert np.array_equal(whole, parts)


# --------------------------------------------------------------------------------------------
# Sobol' on analytic cases


def test_sobol_additive_linear(linear):
    res = S.sobol(linear, n=4096, outputs=["npv", "npv_per_participant.total"], seed=3)
    V = {k: a * a * _var(linear, k) for k, a in LINEAR_COEF.items()}
    for out, keep in (("npv.total", V), ("npv.kommune", {k: v for k, v in V.items() if k != "price.b.region"})):
        tot = sum(keep.values())
        r = res[out]
        assert set(r) >= {"method", "output", "n", "indices", "groups"} and r["n"] == 4096
        for name, row in r["indices"].items():
            exact = keep.get(name, 0.0) / tot
            assert_within(row, exact, "S1")
            assert_within(row, exact, "ST")
        assert_within(r["groups"]["prices"], sum(v for k, v in keep.items() if k.startswith("price.")) / tot, "S1")
        assert_within(r["groups"]["costs"], keep["cost.drift"] / tot, "ST")
    for name, row in res["npv.region"]["indices"].items():  # one input explains all; the others exactly nothing
        for key in ("S1", "ST"):
            if name == "price.b.region":
                assert_within(row, 1.0, key)
            else:
                assert row[key] == 0.0
    assert res["npv.stat"]["constant"] is True and res["npv.stat"]["indices"] == {}
    # per participant is the NPV divided by a constant: the same indices
    a, b = res["npv.total"]["indices"], res["npv_per_participant.total"]["indices"]
    for k in a:
        assert b[k]["ST"] == pytest.approx(a[k]["ST"], rel=1e-9, abs=1e-12)


def test_sobol_product_of_independent_inputs(product):
    res = S.sobol(product, n=4096, outputs="npv.total", second_order=True, seed=5)
    r = res["npv.total"]
    mom = {n: (d.mean(), d.var()) for n, d in ((p.name, p.dist.frozen()) for p in product.inputs)}
    names = ["success_rate", "consequence.a.scale", "price.a.kommune"]
    assert list(r["indices"]) == names
    m2 = {n: mom[n][0] ** 2 for n in names}
    e2 = {n: mom[n][0] ** 2 + mom[n][1] for n in names}
    V = math.prod(e2.values()) - math.prod(m2.values())
    for n in names:
        others = [o for o in names if o != n]
        assert_within(r["indices"][n], mom[n][1] * math.prod(m2[o] for o in others) / V, "S1")
        assert_within(r["indices"][n], mom[n][1] * math.prod(e2[o] for o in others) / V, "ST")
    s, k, p = names
    assert_within(r["S2"][s][k], mom[s][1] * mom[k][1] * m2[p] / V, "S2")
    # groups: effect = {success_rate, scale} (closed index), prices = {price}
    closed = (e2[s] * e2[k] - m2[s] * m2[k]) * m2[p] / V
    assert_within(r["groups"]["effect"], closed, "S1")
    assert_within(r["groups"]["effect"], 1 - mom[p][1] * m2[s] * m2[k] / V, "ST")
    assert_within(r["groups"]["prices"], 1 - closed, "ST")


def test_sobol_correlated_block_is_one_group():
    sc = scenario(CORRELATED)
    res = S.sobol(sc, n=4096, outputs="npv.total", seed=2)
    r = res["npv.total"]
    block = "consequence.a + consequence.b"
    assert set(r["indices"]) == {block, "cost.drift"}
    assert r["indices"][block]["correlated"] is True
    rho = 2 * math.sin(math.pi * 0.6 / 6)  # Pearson of the Gaussian copula = of the normal shocks
    vb = 20**2 + 40**2 + 2 * 20 * 40 * rho
    vc = 10**2 * 4**2 / 12
    for key in ("S1", "ST"):
        assert_within(r["indices"][block], vb / (vb + vc), key)
        assert_within(r["indices"]["cost.drift"], vc / (vb + vc), key)
    assert any("correlated inputs consequence.a, consequence.b" in n for n in res.notes)
    ex = correlated_u_exact()
    r = S.sobol(scenario(CORRELATED_U), n=4096, outputs="npv.total", seed=2)["npv.total"]
    for key in ("S1", "ST"):
        assert_within(r["indices"]["price.a.kommune + price.b.kommune"], ex["block"], key)
        assert_within(r["indices"]["cost.drift"], 1 - ex["block"], key)
        assert_within(r["groups"]["prices"], ex["block"], key)  # the group holds the whole block


def test_time_resolved_indices_follow_the_years():
    sc = scenario(YEARLY)
    res = S.sobol(sc, n=1024, outputs="net", seed=1)
    assert res.outputs == ("net.total.0", "net.total.1", "net.total.2")
    for out, driver in (("net.total.0", "cost.drift"), ("net.total.1", "price.a.kommune"),
                        ("net.total.2", "price.c.kommune")):
        for name, row in res[out]["indices"].items():
            for key in ("S1", "ST"):
                if name == driver:
                    assert_within(row, 1.0, key)
                else:
                    assert row[key] == 0.0


def test_sobol_auto_reuses_evaluations_until_narrow(linear):
    res = S.sobol(linear, n="auto", outputs="npv.total", groups=False, tolerance=0.05, seed=1)
    assert res.converged is True and res.n >= C.AUTO_START and res.n & (res.n - 1) == 0
    assert res.evaluations == res.n * (len(linear.input_names) + 2)  # every doubling re-used the earlier rows
    for row in res["npv.total"]["indices"].values():
        for k in ("S1", "ST"):
            assert row[f"{k}_conf"] <= max(0.05 * abs(row[k]), 0.005)
    assert res["npv.total"]["wide"] == [] and not res.warnings


def test_sobol_wide_intervals_warn_and_seed_reproduces(linear):
    a = S.sobol(linear, n=16, outputs="npv.total", groups=False, seed=9, threads=1)
    b = S.sobol(linear, n=16, outputs="npv.total", groups=False, seed=9)
    assert a.to_dict()["results"] == b.to_dict()["results"]
    assert a["npv.total"]["wide"] and any("wide relative to the index" in w for w in a.warnings)


def test_evaluations_do_not_depend_on_chunks():
    sc = load_scenario(ROOT / "benchmarks" / "bench-30-inputs.toml")
    outs = C.resolve_outputs(sc, "npv,net.kommune")
    U = np.random.default_rng(0).random((5000, len(sc.input_names)))
    a = C.Evaluator(sc, outs).from_unit(U)
    b = C.Evaluator(sc, outs, chunk=777).from_unit(U)
    assert np.array_equal(a, b)


def test_group_partitions_and_block_merging():
    sc = load_scenario(ROOT / "benchmarks" / "bench-30-inputs.toml")
    blocks = PT.correlated_blocks(sc)
    assert blocks == [("price.specialskole.kommune", "price.anbringelse.kommune")]
    packs, _notes = PT.group_partitions(sc, blocks)
    assert len(packs) == 2  # the default groups, and 'Kommunale priser' with the other inputs
    for pack in packs:
        members = [m for p in pack for m in p.members]
        assert sorted(members) == sorted(sc.input_names)  # a partition
    assert {p.name for p in packs[0]} == {"effect", "prices", "costs", "discounting"}


@pytest.mark.parametrize("kw", [{"n": 1000}, {"n": 8}, {"n": "lots"}, {"outputs": "npv.kommun"},
                                {"outputs": "net.total.9"}, {"resamples": 1}, {"conf_level": 1.5}])
def test_sobol_bad_arguments(linear, kw):
    with pytest.raises(UsageError):
        S.sobol(linear, **{"n": 64, **kw})


# --------------------------------------------------------------------------------------------
# Morris and the given-data methods


def test_morris_linear_uniform_inputs_are_exact():
    sc = scenario(LINEAR.replace('{ dist = "gamma", mean = 2000, sd = 500 }', '{ dist = "uniform", low = 1000, high = 3000 }')
                  .replace('{ dist = "lognormal", median = 1500, ci95 = [1000, 2250] }', "1500")
                  .replace('{ dist = "pert", min = 1000, mode = 3000, max = 8000 }', '{ dist = "uniform", low = 0, high = 6000 }'))
    res = S.morris(sc, trajectories=20, outputs="npv.total", seed=4)
    ranges = {"cost.drift": 400, "price.a.kommune": 2000, "price.c.kommune": 6000}
    for name, row in res["npv.total"]["indices"].items():
        slope = LINEAR_COEF[name] * ranges[name] * 0.9  # a move across the 5–95 % quantile range
        assert row["mu_star"] == pytest.approx(abs(slope), rel=1e-9)
        assert row["mu"] == pytest.approx(slope, rel=1e-9)
        assert row["sigma"] == pytest.approx(0.0, abs=1e-6 * abs(slope))
    assert next(iter(res["npv.total"]["indices"])) == "price.c.kommune"  # sorted by mu*


def test_rbd_fast_and_hdmr_on_independent_linear():
    sc = scenario(LINEAR_U)
    V = {k: a * a * _var(sc, k) for k, a in LINEAR_COEF.items()}
    tot = sum(V.values())
    state = np.random.get_state()[1].copy()
    for method, key in (("rbd-fast", "S1"), ("hdmr", "S")):
        res = S.given_data(sc, method, draws=4000, outputs="npv.total", seed=2)
        for name, row in res["npv.total"]["indices"].items():
            assert_within(row, V[name] / tot, key, m=4)
    assert np.array_equal(np.random.get_state()[1], state)  # SALib's global reseeding is undone


def test_given_data_sees_the_correlation():
    """On the correlated sample: RBD-FAST gives Var(E[Y|x_i])/V, HDMR the covariance decomposition."""
    sc = scenario(CORRELATED_U)
    ex = correlated_u_exact()
    res = S.given_data(sc, "rbd-fast", draws=8000, outputs="npv.total", seed=3)
    for name, row in res["npv.total"]["indices"].items():
        assert_within(row, ex["S1"][name], "S1", m=3)
    assert any("correlations included" in n for n in res.notes)
    res = S.given_data(sc, "hdmr", draws=8000, outputs="npv.total", seed=3)
    for name, row in res["npv.total"]["indices"].items():
        for key in ("Sa", "Sb"):
            assert_within(row, ex[key][name], key, m=6)


def test_delta_and_pawn_rank_the_drivers(linear):
    order = sorted(LINEAR_COEF, key=lambda k: -LINEAR_COEF[k] ** 2 * _var(linear, k))
    res = S.given_data(linear, "delta", draws=400, outputs="npv.total", seed=1, resamples=5)
    row = res["npv.total"]["indices"]
    assert set(next(iter(row.values()))) == {"delta", "delta_conf", "S1", "S1_conf"}
    assert next(iter(row)) == order[0] and list(row)[-1] == order[-1]
    assert "(dummy)" not in row and 0 <= res["npv.total"]["dummy"]["delta"] < row[order[0]]["delta"]
    res = S.given_data(linear, "pawn", draws=4000, outputs="npv.total", seed=1)
    assert list(res["npv.total"]["indices"])[-1] == order[-1]
    assert res["npv.total"]["dummy"]["median"] < res["npv.total"]["indices"][order[-1]]["median"]


# --------------------------------------------------------------------------------------------
# one at a time: tornado rows and switching values


def _evaluate_with(spec, name, value):
    th = spec.point.copy()
    th[spec.param_names.index(name)] = value
    return evaluate(spec, th[None, :])


@pytest.mark.parametrize("path", [*PUBLISHED, "linear"], ids=lambda p: getattr(p, "stem", p))
def test_tornado_rows_equal_direct_evaluation(path, linear):
    sc = linear if path == "linear" else load_scenario(path)
    res = S.oat(sc, outputs=["npv", "npv_per_participant.total", "net.kommune.0"], switching=False)
    spec = compile_spec(sc)
    for r in res.results:
        o = C.resolve_outputs(sc, r["output"])[0]
        base = C.output_values([o], *_npv_net(evaluate(spec, spec.point[None, :])), sc.participants)[0, 0]
        assert r["base"] == pytest.approx(base, rel=1e-12, abs=1e-6)
        for name, row in r["tornado"].items():
            for side in ("low", "high"):
                f = _evaluate_with(spec, name, row[f"{side}_value"])
                direct = C.output_values([o], *_npv_net(f), sc.participants)[0, 0]
                assert row[side] == pytest.approx(direct, rel=1e-12, abs=1e-6)
            q = next(p for p in sc.inputs if p.name == name).dist.ppf(np.array([0.05, 0.95]))
            assert (row["low_value"], row["high_value"]) == (q[0], q[1])


def _npv_net(f):
    return f.npv, f.net


@pytest.mark.parametrize("path", [*PUBLISHED, "linear", "product"], ids=lambda p: getattr(p, "stem", p))
def test_switching_values_give_zero_npv(path, linear, product):
    sc = {"linear": linear, "product": product}.get(path) or load_scenario(path)
    res = S.oat(sc)
    spec = compile_spec(sc)
    found = 0
    for r in res.results:
        if r["output"].startswith("npv.") and "switching_values" in r:
            col = ("kommune", "region", "stat", "total").index(r["output"].split(".")[1])
            for name, sv in r["switching_values"].items():
                if sv["value"] is None:
                    assert sv["note"] in ("none in support", "none in range") and sv["roots"] == []
                    continue
                found += 1
                for v in sv["roots"]:
                    assert abs(_evaluate_with(spec, name, v).npv[0, col]) <= 1.0, (r["output"], name, v)
    assert found > 0


def test_switching_values_linear_analytic(linear):
    r = S.oat(linear, outputs="npv.total")["npv.total"]
    sv = r["switching_values"]
    # NPV(s) = s · 10 · (2000 + 2 · 1500 + 0.5 · 3000) − 10 · 1000: zero at s = 1/6.5 (success_rate is fixed)
    assert sv["success_rate"]["value"] == pytest.approx(10000 / 65000, rel=1e-12)
    assert sv["success_rate"]["cdf"] is None
    assert sv["cost.drift"]["value"] is None and sv["cost.drift"]["note"] == "none in support"
    # the revenue price cannot pull the NPV below zero over its support [1000, 8000]
    assert sv["price.c.kommune"]["value"] is None


def test_oat_user_range_on_a_fixed_quantity(linear):
    res = S.oat(linear, outputs="npv.total", ranges={"success_rate": (0.1, 0.3)}, switching=False)
    row = res["npv.total"]["tornado"]["success_rate"]
    assert (row["low_value"], row["high_value"], row["range"]) == (0.1, 0.3, "range")
    assert row["low"] == pytest.approx(0.1 * 65000 - 10000) and row["high"] == pytest.approx(0.3 * 65000 - 10000)
    with pytest.raises(UsageError):
        S.oat(linear, ranges={"succes_rate": (0.1, 0.3)})
    with pytest.raises(UsageError):
        S.oat(linear, ranges={"success_rate": (0.3, 0.1)})


# --------------------------------------------------------------------------------------------
# unseen scenarios: an independent implementation (scipy.stats.sobol_indices) agrees


@pytest.mark.parametrize("path", [*PUBLISHED, "template"], ids=lambda p: getattr(p, "stem", p))
def test_sobol_agrees_with_scipy_on_unseen_scenarios(path, tmp_path):
    """Independent estimator, independent sample: the two agree within their combined intervals.

    Both are noisy for small indices (Saltelli's S1 especially), so the comparison is family-wise 95 %
    over every S1 and ST of every scenario here (Bonferroni); both bootstraps are seeded.
    """
    from scipy.stats import sobol_indices

    from somsim.simulation.engine import run_model

    if path == "template":
        path = tmp_path / "demo.toml"
        assert CliRunner().invoke(main, ["init", "demo", "--out", str(path)]).exit_code == 0
    # scipy's estimator assumes independence: compare on the scenario without its correlations
    sc = dataclasses.replace(load_scenario(path), correlations=())
    ours = S.sobol(sc, n=2048, outputs="npv.total", groups=False, seed=4)["npv.total"]["indices"]
    spec = compile_spec(sc)
    dists = [p.dist.frozen() for p in sc.inputs]
    ref = sobol_indices(func=lambda x: run_model(spec, np.ascontiguousarray(x.T)).npv[:, 3], n=2048, dists=dists,
                        rng=np.random.default_rng(4))
    state = np.random.get_state()
    np.random.seed(4)  # scipy's SobolResult.bootstrap draws from numpy's global state
    try:
        boot = ref.bootstrap(confidence_level=0.95, n_resamples=100)
    finally:
        np.random.set_state(state)
    # the family: S1 and ST of every input of every scenario of this test
    m = 2 * len(sc.input_names) * (len(PUBLISHED) + 1)
    for i, name in enumerate(sc.input_names):
        for key, est, bt in (("S1", ref.first_order, boot.first_order), ("ST", ref.total_order, boot.total_order)):
            half = 1.959964 * bt.standard_error[i]  # scipy's 95 % half-width, as ours: z · bootstrap sd
            tol = math.hypot(ours[name][f"{key}_conf"], half) * bonferroni(m)
            assert abs(ours[name][key] - est[i]) <= tol, (name, key, ours[name], est[i], half)


# --------------------------------------------------------------------------------------------
# command line


@pytest.fixture(scope="module")
def linear_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("sens") / "linear.toml"
    p.write_text(LINEAR, encoding="utf-8")
    return p


def test_cli_sobol_json_shape(linear_file, tmp_path):
    out = tmp_path / "sens.json"
    r = CliRunner().invoke(main, ["sensitivity", str(linear_file), "--method", "sobol", "--n", "256",
                                  "--output", "npv.total,npv.region", "--json", "-"])
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "somsim.sensitivity/1" and doc["method"] == "sobol" and doc["n"] == 256
    assert [x["output"] for x in doc["results"]] == ["npv.total", "npv.region"]
    for x in doc["results"]:
        assert {"method", "output", "n", "indices", "groups"} <= set(x)
        for row in [*x["indices"].values(), *x["groups"].values()]:
            assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(row)
    assert "Sobol' indices" in r.stderr  # the tables go to stderr when the JSON takes stdout
    r = CliRunner().invoke(main, ["sensitivity", str(linear_file), "--method", "oat", "--json", str(out)])
    assert r.exit_code == 0, r.stderr
    doc = json.loads(out.read_text())
    first = doc["results"][0]
    assert {"tornado", "switching_values", "base"} <= set(first) and "tornado" in r.stdout
    assert {"low_value", "high_value", "low", "high", "swing"} <= set(first["tornado"]["price.c.kommune"])


@pytest.mark.parametrize("args", [["--method", "soboll"], ["--method", "sobol", "--n", "1000"],
                                  ["--method", "morris", "--n", "auto"], ["--method", "sobol", "--range", "x=1:2"],
                                  ["--method", "oat", "--range", "success_rate=0.5"],
                                  ["--method", "sobol", "--output", "npv.kommun"], ["--method", "sobol", "--seed", "-1"],
                                  ["--method", "oat", "--second-order"], []])
def test_cli_bad_arguments_exit_2_with_one_line(linear_file, args, tmp_path):
    out = tmp_path / "x.json"
    r = CliRunner().invoke(main, ["sensitivity", str(linear_file), *args, "--json", str(out)])
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("somsim: "), r.stderr
    assert not out.exists()


def test_cli_missing_scenario_exit_2(tmp_path):
    r = CliRunner().invoke(main, ["sensitivity", str(tmp_path / "nope.toml"), "--method", "oat"])
    assert r.exit_code == 2 and "file not found" in r.stderr


def test_import_somsim_does_not_import_salib():
    code = "import sys, somsim, somsim.sensitivity.core, somsim.cli; print('SALib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
