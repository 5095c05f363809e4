"""Distribution families of scenario-format.md §2 (point values, interval forms, support rules,
inverse CDFs against scipy) and the Danish/English number formats of somsim._text."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from somsim import _text as tf
from somsim.distributions.core import FAMILIES, Distribution, fixed, parse_distribution

Z = 1.959964  # the contract's 97.5 % normal quantile
U = np.array([1e-6, 0.001, 0.025, 0.2, 0.5, 0.77, 0.975, 0.999, 1 - 1e-6])


def ok(raw, role="any") -> Distribution:
    d, problems = parse_distribution(raw, role=role)
    assert problems == [], problems
    assert isinstance(d, Distribution)
    return d


def bad(raw, role="any") -> list[tuple[str, str]]:
    d, problems = parse_distribution(raw, role=role)
    assert d is None
    assert problems, "expected at least one problem"
    for key, msg in problems:
        assert isinstance(key, str) and isinstance(msg, str) and msg
    return problems


# --------------------------------------------------------------------------------------------
# point values: every family and parameter set of the contract's table
# --------------------------------------------------------------------------------------------
POINTS = [
    # (raw, role, point value by the contract)
    (0.25, "rate", 0.25),
    (0, "nonneg", 0.0),
    (390000, "nonneg", 390000.0),
    ({"dist": "fixed", "value": 7.5}, "nonneg", 7.5),
    ({"dist": "normal", "mean": 0.035, "sd": 0.005}, "discount", 0.035),
    ({"dist": "normal", "ci95": [0.02, 0.06]}, "discount", 0.04),  # midpoint
    ({"dist": "normal", "mean": -3.0, "sd": 2.0}, "any", -3.0),
    ({"dist": "truncnormal", "mean": 0.3, "sd": 0.1, "low": 0.0, "high": 1.0}, "rate", 0.3),
    ({"dist": "truncnormal", "mean": -0.1, "sd": 0.2, "low": 0.0, "high": 1.0}, "rate", 0.0),  # clipped up
    ({"dist": "truncnormal", "mean": 1.3, "sd": 0.2, "low": 0.0, "high": 1.0}, "rate", 1.0),  # clipped down
    ({"dist": "truncnormal", "mean": 5000, "sd": 4000, "low": 6000, "high": 20000}, "nonneg", 6000.0),
    ({"dist": "lognormal", "median": 1.0, "ci95": [0.7, 1.4]}, "nonneg", 1.0),  # median
    ({"dist": "lognormal", "median": 400000, "ci95": [390000, 900000]}, "nonneg", 400000.0),
    ({"dist": "lognormal", "mean": 410000, "sd": 60000}, "nonneg", 410000.0),  # mean
    ({"dist": "gamma", "mean": 410000, "sd": 60000}, "nonneg", 410000.0),
    ({"dist": "gamma", "shape": 4, "scale": 2500}, "nonneg", 10000.0),  # shape · scale
    ({"dist": "gamma", "shape": 0.5, "scale": 3}, "nonneg", 1.5),
    ({"dist": "beta", "mean": 0.25, "sd": 0.06}, "rate", 0.25),
    ({"dist": "beta", "alpha": 2, "beta": 6}, "rate", 0.25),  # alpha / (alpha + beta)
    ({"dist": "beta", "alpha": 0.5, "beta": 0.5}, "rate", 0.5),
    ({"dist": "beta", "mean": 0.3, "ci95": [0.2, 0.4]}, "rate", 0.3),
    ({"dist": "uniform", "low": 0.1, "high": 0.4}, "rate", 0.25),  # midpoint
    ({"dist": "uniform", "low": 100, "high": 300}, "nonneg", 200.0),
    ({"dist": "triangular", "min": 9000, "mode": 11500, "max": 16000}, "nonneg", 11500.0),  # mode
    ({"dist": "triangular", "min": 0, "mode": 0, "max": 1}, "rate", 0.0),
    ({"dist": "pert", "min": 9000, "mode": 11500, "max": 16000}, "nonneg", 11500.0),  # mode
    ({"dist": "pert", "min": 0.1, "mode": 0.4, "max": 0.4}, "rate", 0.4),
]


@pytest.mark.parametrize(("raw", "role", "point"), POINTS)
def test_point_value(raw, role, point):
    d = ok(raw, role)
    assert d.point == pytest.approx(point, rel=1e-15, abs=0)
    fam = raw["dist"] if isinstance(raw, dict) else "fixed"
    assert d.family == fam
    assert d.is_fixed == (fam == "fixed")


def test_every_family_and_parameter_set_is_covered_by_the_point_table():
    seen = {(raw["dist"], frozenset(k for k in raw if k not in ("dist", "point"))) for raw, _, _ in POINTS
            if isinstance(raw, dict)}
    for fam, sets in FAMILIES.items():
        for s in sets:
            assert (fam, frozenset(s)) in seen, (fam, s)
    assert set(FAMILIES) == {"fixed", "normal", "truncnormal", "lognormal", "gamma", "beta", "uniform",
                             "triangular", "pert"}


def test_a_number_is_a_fixed_value():
    d = ok(12.5, "nonneg")
    assert d == fixed(12.5)
    assert d.is_fixed and d.support == (12.5, 12.5)
    assert np.all(d.ppf(U) == 12.5)
    assert d.mean() == 12.5 and d.sd() == 0.0


@pytest.mark.parametrize(("raw", "role", "point"), [
    ({"dist": "normal", "mean": 0.035, "sd": 0.005, "point": 0.04}, "discount", 0.04),
    ({"dist": "lognormal", "median": 1.0, "ci95": [0.7, 1.4], "point": 1.2}, "nonneg", 1.2),
    ({"dist": "gamma", "shape": 4, "scale": 2500, "point": 9000}, "nonneg", 9000.0),
    ({"dist": "beta", "mean": 0.25, "sd": 0.06, "point": 0.2}, "rate", 0.2),
    ({"dist": "beta", "mean": 0.25, "sd": 0.06, "point": 1}, "rate", 1.0),  # the support's edge
    ({"dist": "uniform", "low": 1, "high": 3, "point": 1}, "nonneg", 1.0),
    ({"dist": "triangular", "min": 1, "mode": 2, "max": 3, "point": 2.9}, "nonneg", 2.9),
    ({"dist": "pert", "min": 1, "mode": 2, "max": 3, "point": 1.5}, "nonneg", 1.5),
    ({"dist": "truncnormal", "mean": -1, "sd": 1, "low": 0, "high": 2, "point": 0.7}, "nonneg", 0.7),
    ({"dist": "fixed", "value": 3, "point": 3}, "nonneg", 3.0),
])
def test_point_overrides_the_base_case_value(raw, role, point):
    d = ok(raw, role)
    assert d.point == point
    without = ok({k: v for k, v in raw.items() if k != "point"}, role)
    assert d.canon == without.canon  # the distribution itself is unchanged
    assert d.family == without.family


@pytest.mark.parametrize(("raw", "role"), [
    ({"dist": "beta", "mean": 0.25, "sd": 0.06, "point": 1.2}, "rate"),
    ({"dist": "uniform", "low": 1, "high": 3, "point": 0.5}, "nonneg"),
    ({"dist": "uniform", "low": 1, "high": 3, "point": 3.01}, "nonneg"),
    ({"dist": "triangular", "min": 1, "mode": 2, "max": 3, "point": 4}, "nonneg"),
    ({"dist": "pert", "min": 1, "mode": 2, "max": 3, "point": 0}, "nonneg"),
    ({"dist": "truncnormal", "mean": 1, "sd": 1, "low": 0, "high": 2, "point": -0.1}, "nonneg"),
    ({"dist": "gamma", "mean": 5, "sd": 1, "point": -1}, "nonneg"),
    ({"dist": "lognormal", "mean": 5, "sd": 1, "point": -1}, "nonneg"),
    ({"dist": "fixed", "value": 3, "point": 4}, "nonneg"),
    ({"dist": "beta", "alpha": 2, "beta": 2, "point": "0.5"}, "rate"),
    # a normal discount rate has unbounded support, but its point must still keep (1 + r)^t away from 0
    ({"dist": "normal", "mean": 0.03, "sd": 0.01, "point": -1.0}, "discount"),
    ({"dist": "normal", "mean": 0.03, "sd": 0.01, "point": -0.9}, "discount"),
])
def test_point_must_lie_in_the_support(raw, role):
    problems = bad(raw, role)
    assert [k for k, _ in problems] == ["point"]


# --------------------------------------------------------------------------------------------
# interval forms and canonical parameters
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("lo", "hi"), [(0.02, 0.06), (-10.0, 30.0), (1000.0, 1000.5)])
def test_normal_ci95_midpoint_and_sd(lo, hi):
    d = ok({"dist": "normal", "ci95": [lo, hi]})
    mu, sd = d.canon
    assert mu == pytest.approx((lo + hi) / 2, rel=1e-15)
    assert sd == pytest.approx((hi - lo) / (2 * Z), rel=1e-14)
    assert d.point == pytest.approx((lo + hi) / 2, rel=1e-15)
    # its central 95 % interval is the given one (up to the contract's 7-digit quantile)
    q = d.ppf(np.array([0.025, 0.975]))
    assert q == pytest.approx([lo, hi], rel=1e-8, abs=1e-8 * (hi - lo))


@pytest.mark.parametrize(("median", "lo", "hi"), [(1.0, 0.7, 1.4), (400000.0, 390000.0, 900000.0),
                                                  (0.03, 0.01, 0.05)])
def test_lognormal_median_ci95_keeps_the_median_exact(median, lo, hi):
    d = ok({"dist": "lognormal", "median": median, "ci95": [lo, hi]}, "nonneg")
    mu, sigma = d.canon
    assert mu == math.log(median)
    assert sigma == pytest.approx((math.log(hi) - math.log(lo)) / (2 * Z), rel=1e-14)
    assert d.point == median
    assert float(d.ppf(np.array([0.5]))[0]) == pytest.approx(median, rel=1e-12)
    ref = stats.lognorm(s=(math.log(hi) - math.log(lo)) / (2 * Z), scale=median)
    np.testing.assert_allclose(d.ppf(U), ref.ppf(U), rtol=1e-12)


@pytest.mark.parametrize(("mean", "sd"), [(410000.0, 60000.0), (1.0, 0.3), (2.0, 5.0)])
def test_lognormal_mean_sd_moments(mean, sd):
    d = ok({"dist": "lognormal", "mean": mean, "sd": sd}, "nonneg")
    assert d.point == mean
    assert d.mean() == pytest.approx(mean, rel=1e-12)
    assert d.sd() == pytest.approx(sd, rel=1e-10)


@pytest.mark.parametrize(("mean", "sd"), [(410000.0, 60000.0), (1.0, 1.5), (0.04, 0.004)])
def test_gamma_mean_sd_moments(mean, sd):
    d = ok({"dist": "gamma", "mean": mean, "sd": sd}, "nonneg")
    shape, scale = d.canon
    assert shape * scale == pytest.approx(mean, rel=1e-14)
    assert math.sqrt(shape) * scale == pytest.approx(sd, rel=1e-14)
    ref = stats.gamma(a=(mean / sd) ** 2, scale=sd * sd / mean)
    assert ref.mean() == pytest.approx(mean, rel=1e-12)
    np.testing.assert_allclose(d.ppf(U), ref.ppf(U), rtol=1e-10)


def test_gamma_shape_scale():
    d = ok({"dist": "gamma", "shape": 3.5, "scale": 200.0}, "nonneg")
    assert d.canon == (3.5, 200.0)
    assert d.point == 700.0
    np.testing.assert_allclose(d.ppf(U), stats.gamma(a=3.5, scale=200.0).ppf(U), rtol=1e-12)


@pytest.mark.parametrize(("mean", "sd"), [(0.25, 0.06), (0.5, 0.2), (0.9, 0.05), (0.02, 0.01)])
def test_beta_mean_sd_moments(mean, sd):
    d = ok({"dist": "beta", "mean": mean, "sd": sd}, "rate")
    a, b, lo, hi = d.canon
    assert (lo, hi) == (0.0, 1.0)
    ref = stats.beta(a, b)
    assert ref.mean() == pytest.approx(mean, rel=1e-12)
    assert ref.std() == pytest.approx(sd, rel=1e-10)
    assert d.point == mean


def test_beta_alpha_beta():
    d = ok({"dist": "beta", "alpha": 2.0, "beta": 5.0}, "rate")
    assert d.canon[:2] == (2.0, 5.0)
    assert d.point == pytest.approx(2 / 7, rel=1e-15)
    np.testing.assert_allclose(d.ppf(U), stats.beta(2.0, 5.0).ppf(U), rtol=1e-12)


@pytest.mark.parametrize(("mean", "lo", "hi"), [(0.3, 0.2, 0.4), (0.25, 0.1, 0.5), (0.1, 0.01, 0.3),
                                                (0.8, 0.5, 0.95), (0.5, 0.45, 0.55), (0.05, 0.0, 0.6)])
def test_beta_mean_ci95_keeps_the_mean_and_the_interval_width(mean, lo, hi):
    d = ok({"dist": "beta", "mean": mean, "ci95": [lo, hi]}, "rate")
    a, b = d.canon[:2]
    assert a / (a + b) == pytest.approx(mean, rel=1e-12)
    assert d.point == mean
    ref = stats.beta(a, b)  # checked with scipy, independently of somsim's ppf
    assert ref.mean() == pytest.approx(mean, rel=1e-12)
    width = ref.ppf(0.975) - ref.ppf(0.025)
    assert width == pytest.approx(hi - lo, rel=1e-8)
    # a wider interval means a less concentrated beta
    wider = ok({"dist": "beta", "mean": mean, "ci95": [lo, hi + 0.02]}, "rate")
    assert sum(wider.canon[:2]) < a + b


def test_beta_mean_ci95_that_no_beta_can_have():
    (key, msg), = bad({"dist": "beta", "mean": 0.01, "ci95": [0.0, 0.999]}, "rate")
    assert key == "ci95" and "beta" in msg


@pytest.mark.parametrize(("lo", "mode", "hi"), [(9000.0, 11500.0, 16000.0), (0.0, 0.0, 1.0), (0.1, 0.4, 0.4),
                                                (2.0, 2.5, 3.0)])
def test_pert_uses_lambda_4(lo, mode, hi):
    d = ok({"dist": "pert", "min": lo, "mode": mode, "max": hi}, "nonneg")
    a, b, dlo, dhi = d.canon
    assert a == pytest.approx(1 + 4 * (mode - lo) / (hi - lo), rel=1e-15)
    assert b == pytest.approx(1 + 4 * (hi - mode) / (hi - lo), rel=1e-15)
    assert (dlo, dhi) == (lo, hi)
    assert d.point == mode
    assert d.support == (lo, hi)
    # the classic PERT mean (min + 4·mode + max) / 6
    assert d.mean() == pytest.approx((lo + 4 * mode + hi) / 6, rel=1e-12)
    ref = stats.beta(1 + 4 * (mode - lo) / (hi - lo), 1 + 4 * (hi - mode) / (hi - lo), loc=lo, scale=hi - lo)
    np.testing.assert_allclose(d.ppf(U), ref.ppf(U), rtol=1e-12)


# --------------------------------------------------------------------------------------------
# inverse CDFs against scipy, built from the raw parameters
# --------------------------------------------------------------------------------------------
PPF_CASES = [
    ({"dist": "normal", "mean": 3.0, "sd": 2.0}, stats.norm(3.0, 2.0), (-math.inf, math.inf)),
    ({"dist": "truncnormal", "mean": 0.3, "sd": 0.2, "low": 0.0, "high": 1.0},
     stats.truncnorm((0 - 0.3) / 0.2, (1 - 0.3) / 0.2, loc=0.3, scale=0.2), (0.0, 1.0)),
    ({"dist": "truncnormal", "mean": -1.0, "sd": 1.0, "low": 0.0, "high": 4.0},
     stats.truncnorm(1.0, 5.0, loc=-1.0, scale=1.0), (0.0, 4.0)),
    ({"dist": "lognormal", "median": 2.0, "ci95": [1.0, 5.0]},
     stats.lognorm(s=(math.log(5) - math.log(1)) / (2 * Z), scale=2.0), (0.0, math.inf)),
    ({"dist": "uniform", "low": 10.0, "high": 30.0}, stats.uniform(10.0, 20.0), (10.0, 30.0)),
    ({"dist": "triangular", "min": 1.0, "mode": 2.0, "max": 5.0}, stats.triang(0.25, loc=1.0, scale=4.0),
     (1.0, 5.0)),
    ({"dist": "triangular", "min": 0.0, "mode": 1.0, "max": 1.0}, stats.triang(1.0, loc=0.0, scale=1.0),
     (0.0, 1.0)),
    ({"dist": "pert", "min": 1.0, "mode": 2.0, "max": 5.0}, stats.beta(2.0, 4.0, loc=1.0, scale=4.0), (1.0, 5.0)),
    ({"dist": "beta", "alpha": 0.7, "beta": 3.0}, stats.beta(0.7, 3.0), (0.0, 1.0)),
    ({"dist": "gamma", "shape": 0.8, "scale": 3.0}, stats.gamma(0.8, scale=3.0), (0.0, math.inf)),
]


@pytest.mark.parametrize(("raw", "ref", "support"), PPF_CASES, ids=[c[0]["dist"] for c in PPF_CASES])
def test_ppf_matches_scipy(raw, ref, support):
    d = ok(raw)
    got = d.ppf(U)
    np.testing.assert_allclose(got, ref.ppf(U), rtol=1e-10, atol=1e-12)
    assert np.all(np.diff(got) >= 0)  # monotone
    assert d.support == support
    assert np.all((got >= support[0]) & (got <= support[1]))
    assert d.mean() == pytest.approx(ref.mean(), rel=1e-10)
    assert d.sd() == pytest.approx(ref.std(), rel=1e-10)


# --------------------------------------------------------------------------------------------
# support rules (§2: success rates in [0, 1]; prices, costs and scales ≥ 0)
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [
    1.2, -0.01,
    {"dist": "normal", "mean": 0.3, "sd": 0.05},
    {"dist": "gamma", "mean": 0.3, "sd": 0.05},
    {"dist": "lognormal", "median": 0.3, "ci95": [0.2, 0.4]},
    {"dist": "uniform", "low": 0.5, "high": 1.5},
    {"dist": "triangular", "min": -0.1, "mode": 0.2, "max": 0.5},
    {"dist": "truncnormal", "mean": 0.3, "sd": 0.1, "low": 0.0, "high": 1.1},
    {"dist": "fixed", "value": 1.01},
])
def test_success_rate_support_must_lie_in_0_1(raw):
    problems = bad(raw, "rate")
    assert any("[0, 1]" in msg for _, msg in problems), problems


@pytest.mark.parametrize("raw", [
    -1, -0.5,
    {"dist": "normal", "mean": 1000, "sd": 10},
    {"dist": "uniform", "low": -1, "high": 2},
    {"dist": "pert", "min": -5, "mode": 1, "max": 2},
    {"dist": "truncnormal", "mean": 1, "sd": 1, "low": -1, "high": 2},
    {"dist": "fixed", "value": -3},
])
def test_prices_costs_scales_must_be_nonnegative(raw):
    problems = bad(raw, "nonneg")
    assert any("≥ 0" in msg for _, msg in problems), problems


def test_bounded_families_inside_the_role_support_are_accepted():
    for raw in ({"dist": "beta", "mean": 0.5, "sd": 0.1}, {"dist": "uniform", "low": 0, "high": 1},
                {"dist": "truncnormal", "mean": 0.5, "sd": 1, "low": 0, "high": 1}, 0, 1):
        ok(raw, "rate")
    for raw in ({"dist": "gamma", "mean": 5, "sd": 1}, {"dist": "lognormal", "mean": 5, "sd": 1},
                {"dist": "beta", "alpha": 1, "beta": 1}, {"dist": "uniform", "low": 0, "high": 1e6}, 0):
        ok(raw, "nonneg")


# --------------------------------------------------------------------------------------------
# malformed distribution tables
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "key", "words"), [
    ({"dist": "lognorm", "median": 1, "ci95": [0.5, 2]}, "dist", "did you mean 'lognormal'"),
    ({"mean": 1, "sd": 2}, "dist", "needs `dist`"),
    ({"dist": "gamma", "mean": 3}, "", "(mean, sd) · (shape, scale)"),
    ({"dist": "gamma", "mean": 3, "sd": 1, "shape": 2}, "", "parameter sets"),
    ({"dist": "normal", "mean": 3, "sdev": 1}, "sdev", "did you mean 'sd'"),
    ({"dist": "normal", "mean": 3, "sd": 0}, "sd", "> 0"),
    ({"dist": "normal", "mean": "3", "sd": 1}, "mean", "a number"),
    ({"dist": "normal", "ci95": [2, 1]}, "ci95", "below its high"),
    ({"dist": "normal", "ci95": [1, 2, 3]}, "ci95", "interval"),
    ({"dist": "uniform", "low": 3, "high": 3}, "low", "below high"),
    ({"dist": "triangular", "min": 0, "mode": 5, "max": 3}, "mode", "mode must lie in"),
    ({"dist": "pert", "min": 4, "mode": 4, "max": 3}, "min", "below max"),
    ({"dist": "lognormal", "median": 3, "ci95": [1, 2]}, "ci95", "contain the median"),
    ({"dist": "lognormal", "median": 1, "ci95": [-1, 2]}, "ci95", "positive"),
    ({"dist": "beta", "mean": 0.5, "sd": 0.6}, "sd", "too large"),
    ({"dist": "beta", "mean": 1.2, "sd": 0.1}, "mean", "(0, 1)"),
    ({"dist": "beta", "alpha": 0, "beta": 1}, "alpha", "> 0"),
    ({"dist": "gamma", "shape": 2, "scale": -1}, "scale", "> 0"),
    ({"dist": "truncnormal", "mean": 0, "sd": 1, "low": 100, "high": 200}, "mean", "30 sd"),
    ("0.3", "", "a number or a distribution table"),
    (True, "", "a number or a distribution table"),
])
def test_malformed_distributions_are_refused_with_the_key(raw, key, words):
    problems = bad(raw)
    assert any(k == key and words in msg for k, msg in problems), problems


# --------------------------------------------------------------------------------------------
# the registry: one table that the parser, the samplers and the kernels read
# --------------------------------------------------------------------------------------------
def test_the_registry_declares_every_family_once():
    from somsim.distributions.families import CANON_SLOTS, CODE, REGISTRY

    assert list(REGISTRY) == list(FAMILIES) == list(CODE)
    assert sorted(CODE.values()) == list(range(len(REGISTRY)))  # generated: the position in the table
    for name, fam in REGISTRY.items():
        assert fam.name == name and fam.code == CODE[name]
        assert fam.parameter_sets == FAMILIES[name]
        assert 0 < len(fam.canon) <= CANON_SLOTS
    for raw, role, _ in POINTS:
        d = ok(raw, role)
        assert len(d.canon) == len(d.kind.canon), d


def test_every_registered_family_has_an_inverse_cdf_in_the_kernel():
    from somsim.distributions.families import CODE
    from somsim.model import kernels as K

    assert sorted(K.KERNEL_FAMILIES) == sorted(CODE)
    assert K.FAMILY_CODES == tuple(CODE[n] for n in K.KERNEL_FAMILIES)
    assert set(K.TABLE_FAMILIES) <= set(CODE)


def test_the_transform_kernel_takes_its_family_codes_as_an_argument():
    """Renumbered families give the same values: no code is frozen into the (cached) kernel."""
    from somsim.model import kernels as K
    from somsim.simulation import sampling

    dists = [ok(raw) for raw, _, _ in POINTS if isinstance(raw, dict)]
    U = np.random.default_rng(5).random((64, len(dists)))
    tables = sampling.build_tables(dists)
    fam, par = sampling.canonical_params(dists)
    no_cols, no_f = np.zeros(0, dtype=np.int64), np.zeros((0, 0))
    X = np.empty_like(U)
    K.transform(U, fam, par, *tables, no_cols, no_f, X)
    perm = np.random.default_rng(6).permutation(len(K.FAMILY_CODES))
    renumbered = tuple(int(perm[c]) for c in K.FAMILY_CODES)
    X2 = np.empty_like(U)
    K._transform_range(U, perm[fam], par, *tables, no_cols, no_f, X2, renumbered, 0, U.shape[0])
    assert np.array_equal(X, X2)


def test_validating_does_not_import_scipy_stats():
    import subprocess
    import sys

    code = ("import sys; from somsim.distributions.core import parse_distribution as p; "
            "p({'dist': 'gamma', 'mean': 3, 'sd': 1}); p({'dist': 'beta', 'mean': 0.3, 'ci95': [0.2, 0.4]}); "
            "p({'dist': 'pert', 'min': 1, 'mode': 2, 'max': 4, 'point': 3}); p(0.5, role='rate'); "
            "assert 'scipy.stats' not in sys.modules, 'scipy.stats imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------------------------
# textformat
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("x", "da", "en"), [
    (4_400_000, "4,4 mio. kr.", "DKK 4.4 million"),
    (4_449_999, "4,4 mio. kr.", "DKK 4.4 million"),
    (-4_400_000, "−4,4 mio. kr.", "DKK −4.4 million"),
    (12_345_678_900, "12.345,7 mio. kr.", "DKK 12,345.7 million"),
    (999_500, "1,0 mio. kr.", "DKK 1.0 million"),
    (999_499, "999.000 kr.", "DKK 999,000"),
    (81_000, "81.000 kr.", "DKK 81,000"),
    (81_234, "81.000 kr.", "DKK 81,000"),  # compact: whole thousands from 10.000 kr.
    (-81_600, "−82.000 kr.", "DKK −82,000"),
    (9_876, "9.876 kr.", "DKK 9,876"),
    (412, "412 kr.", "DKK 412"),
    (0, "0 kr.", "DKK 0"),
])
def test_kroner(x, da, en):
    assert tf.kr(x, "da") == da
    assert tf.kr(x) == da  # Danish is the default
    assert tf.kr(x, "en") == en


def test_kroner_options_and_missing_values():
    assert tf.kr(81_234, compact=False) == "81.234 kr."
    assert tf.kr(4_400_000, unit=False) == "4,4"
    assert tf.kr(81_234, "en", unit=False) == "81,000"
    assert tf.kr(4_412_345.4, compact=False) == "4.412.345 kr."
    assert tf.kr(4_412_345.4, "en", compact=False) == "DKK 4,412,345"
    for missing in (None, float("nan"), float("inf")):
        assert tf.kr(missing) == "–"
        assert tf.number(missing) == "–"


def test_no_negative_zero():
    """Rounding a tiny negative amount (floating-point noise) to whole kroner shows 0, not −0."""
    assert tf.kr(-0.3, compact=False) == "0 kr."
    assert tf.kr(-1e-9) == "0 kr."
    assert tf.number(-0.04, 1) == "0,0"
    assert tf.pct(-1e-6) == "0 %"
    assert tf.kr(-0.6, compact=False) == "−1 kr."


def test_numbers_and_percentages():
    assert tf.number(1_234_567.891, 2) == "1.234.567,89"
    assert tf.number(1_234_567.891, 2, "en") == "1,234,567.89"
    assert tf.number(-1500) == "−1.500"
    assert tf.pct(0.93) == "93 %"
    assert tf.pct(0.93, "en") == "93%"
    assert tf.pct(0.125, decimals=1) == "12,5 %"
    assert tf.pct(0.125, "en", decimals=1) == "12.5%"
    assert tf.pct(float("nan")) == "–"


def test_kroner_ranges():
    assert tf.kr_range(1_200_000, 7_900_000) == "1,2–7,9 mio. kr."
    assert tf.kr_range(1_200_000, 7_900_000, "en") == "DKK 1.2–7.9 million"
    # one unit for both ends; with a negative end the dash would read as a minus: 'til' / 'to'
    assert tf.kr_range(-300_000, 2_500_000) == "−0,3 til 2,5 mio. kr."
    assert tf.kr_range(-300_000, 2_500_000, "en") == "DKK −0.3 to 2.5 million"
    assert tf.kr_range(-300_000, 2_500_000, "en", words="da") == "DKK −0.3 til 2.5 million"
    assert tf.kr_range(12_000, 81_234) == "12.000–81.000 kr."
    assert tf.kr_range(12_000, 81_234, "en") == "DKK 12,000–81,000"


def test_the_hint_for_a_success_rate_suggests_only_families_that_fit():
    for raw in ({"dist": "normal", "mean": 0.3, "sd": 0.05}, {"dist": "gamma", "mean": 0.3, "sd": 0.05}):
        (_, msg), = bad(raw, "rate")
        assert "gamma" not in msg.split("support")[-1] and "lognormal" not in msg.split("support")[-1], msg
    (_, msg), = bad({"dist": "normal", "mean": 0.3, "sd": 0.05}, "rate")
    assert "use beta" in msg
    (_, msg), = bad({"dist": "normal", "mean": 1000, "sd": 10}, "nonneg")
    assert "gamma, lognormal" in msg  # for a price they do fit
