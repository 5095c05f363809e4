"""Self-tests of the two independent references (reference_som, reference_mc) for
scenario-format.md §6.1–6.6, against numbers computed by hand, plus checks of the §6 generators.

Nothing here imports somsim: these tests hold the references to the contract, so that the
comparison tests (somsim against the references) rest on something checked independently.
The evidence-level haircut table is not in the contract; the golden cases pass their own table
(``EVIDENCE``), as a test comparing with somsim must pass the project's documented one.
"""

from __future__ import annotations

import copy
import math
import tempfile
import tomllib
from fnmatch import fnmatchcase

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from scipy import stats

from . import reference_mc as mc
from . import reference_som as ref
from . import scenario_gen as gen
from .prob_gen import prob_scenario_s6

EVIDENCE = {1: 0.0, 2: 0.2, 3: 0.4}  # a table of our own for the golden cases (not the project's)


def _base(tmp_path, text: str, name: str = "s.toml", **kw) -> dict:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return ref.base_case(p, **kw)


def _approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-9)


# --------------------------------------------------------------------------------------------
# §6.1 + §6.2: gross/baseline and the haircut
# --------------------------------------------------------------------------------------------
RATES = """
somsim = 1
[scenario]
id = "rates"
price_year = 2020
horizon = 3
discount_rate = 0.0
[intervention]
name = "I"
cohorts = [10]
success_rate = { gross = 0.4, baseline = 0.1 }
haircut = 0.5
[[cost]]
name = "Drift"
per_participant = 100
[[consequence]]
activity = "ophold"
per_success = [-1, -1]
[activity.ophold]
price = { kommune = 1000 }
"""
# gross' = 0.1 + (0.4 − 0.1)(1 − 0.5) = 0.25; net s = gross' − baseline = 0.15; S_0 = 0.15·10 = 1.5
# ΔQ = [−1.5, −1.5, 0]; G_kommune = −1·ΔQ·1000 = [1500, 1500, 0]; C_kommune = [10·100, 0, 0]
# r = 0: NPV = 1500 + 1500 − 1000 = 2000; gains_pv 3000; costs_pv 1000; bcr 3.0


def test_gross_baseline_haircut(tmp_path):
    b = _base(tmp_path, RATES)
    assert b["rates"]["net"] == _approx(0.3)
    assert b["rates"]["effective_net"] == _approx(0.15)
    assert b["rates"]["haircut"] == 0.5 and b["rates"]["haircut_source"] == "haircut"
    assert b["by_year"]["gains"]["kommune"] == [_approx(1500), _approx(1500), _approx(0)]
    assert b["npv"]["kommune"] == _approx(2000) and b["npv"]["total"] == _approx(2000)
    assert b["gains_pv"]["total"] == _approx(3000) and b["costs_pv"]["total"] == _approx(1000)
    assert b["bcr"]["kommune"] == _approx(3.0) and b["bcr"]["total"] == _approx(3.0)
    assert b["bcr"]["region"] is None and b["bcr"]["stat"] is None  # costs 0
    assert b["npv_per_participant"]["kommune"] == _approx(200)
    assert not any(k.startswith("kommune:") for k in b["npv"])  # no [udvalg]: no sub-actors


@pytest.mark.parametrize("edit, npv, h, source", [
    # single net rate 0.3 with haircut 0.5: s(1 − h) = 0.15 → the same 2000
    (lambda t: t.replace("{ gross = 0.4, baseline = 0.1 }", "0.3"), 2000.0, 0.5, "haircut"),
    # evidence 2 without haircut → h = table[2] = 0.2: s = 0.3·0.8 = 0.24, S = 2.4,
    # gains 2400 + 2400, NPV = 4800 − 1000 = 3800
    (lambda t: t.replace("haircut = 0.5", "evidence = 2"), 3800.0, 0.2, "evidence"),
    # evidence 3 and haircut = 0: the explicit 0 switches it off: s = 0.3, gains 3000 + 3000 → 5000
    (lambda t: t.replace("haircut = 0.5", "evidence = 3\nhaircut = 0"), 5000.0, 0.0, "haircut"),
    # no evidence, no haircut: h = 0 → 5000
    (lambda t: t.replace("haircut = 0.5", ""), 5000.0, 0.0, "none"),
    # haircut uniform [0.2, 0.6] → point 0.4: s = 0.3·0.6 = 0.18, S = 1.8, gains 3600 → 2600
    (lambda t: t.replace("haircut = 0.5", 'haircut = { dist = "uniform", low = 0.2, high = 0.6 }'), 2600.0, 0.4,
     "haircut"),
    # gross < baseline: gross 0.1, baseline 0.3, h 0.5: gross' = 0.3 + (−0.2)(0.5) = 0.2, s = −0.1, S = −1,
    # ΔQ = [+1, +1, 0] (more use), G = [−1000, −1000, 0]; NPV = −2000 − 1000 = −3000
    (lambda t: t.replace("{ gross = 0.4, baseline = 0.1 }", "{ gross = 0.1, baseline = 0.3 }"), -3000.0, 0.5,
     "haircut"),
    # distributions: gross beta mean 0.5, baseline pert mode 0.1 → 0.4; h 0.5 → 0.2; S = 2 → 4000 − 1000
    (lambda t: t.replace("{ gross = 0.4, baseline = 0.1 }",
                         '{ gross = { dist = "beta", mean = 0.5, sd = 0.1 }, '
                         'baseline = { dist = "pert", min = 0.0, mode = 0.1, max = 0.3 } }'), 3000.0, 0.5, "haircut"),
])
def test_rate_variants(tmp_path, edit, npv, h, source):
    b = _base(tmp_path, edit(RATES), evidence_haircut=EVIDENCE)
    assert b["npv"]["total"] == _approx(npv)
    assert b["rates"]["haircut"] == _approx(h) and b["rates"]["haircut_source"] == source


def test_evidence_table_is_an_argument(tmp_path):
    text = RATES.replace("haircut = 0.5", "evidence = 2")
    # placeholder default 0.25: s = 0.3·0.75 = 0.225, S = 2.25, gains 2·2250 = 4500 → 3500
    assert _base(tmp_path, text)["npv"]["total"] == _approx(3500)
    assert ref.DEFAULT_EVIDENCE_HAIRCUT == {1: 0.0, 2: 0.25, 3: 0.5}
    # another table: h = 0.5 → s = 0.15 → 2000
    assert _base(tmp_path, text, evidence_haircut={1: 0.0, 2: 0.5, 3: 0.9})["npv"]["total"] == _approx(2000)


# --------------------------------------------------------------------------------------------
# §6.3 starters and completers
# --------------------------------------------------------------------------------------------
COMPLETERS = """
somsim = 1
[scenario]
id = "completers"
price_year = 2020
horizon = 2
discount_rate = 0.0
[intervention]
name = "I"
cohorts = [40, 20]
success_rate = 0.2
completion_rate = { dist = "beta", mean = 0.75, sd = 0.05 }
[[cost]]
name = "Forløb"
per_participant = 1000
per = "completer"
[[cost]]
name = "Visitation"
per_participant = 100
[[cost]]
name = "Kursus"
actor = "region"
per_participant = 10
per = "starter"
"""
# κ = point = 0.75. Forløb (completer): κ·n_c·v = [0.75·40·1000, 0.75·20·1000] = [30000, 15000];
# Visitation (starter, default): n_c·v = [4000, 2000] → kommune costs [34000, 17000], NPV −51000;
# per participant = per starter: −51000 / 60 = −850. Kursus (region, starter): [400, 200].


def test_completer_costs(tmp_path):
    b = _base(tmp_path, COMPLETERS)
    assert b["by_year"]["costs"]["kommune"] == [_approx(34000), _approx(17000)]
    assert b["by_year"]["costs"]["region"] == [_approx(400), _approx(200)]
    assert b["npv"]["kommune"] == _approx(-51000)
    assert b["npv_per_participant"]["kommune"] == _approx(-850)
    assert b["npv"]["total"] == _approx(-51600)
    assert b["rates"]["completion_rate"] == 0.75
    assert b["bcr"]["kommune"] == _approx(0.0)  # gains 0 / costs 51000
    # without completion_rate the default κ = 1: Forløb = n_c·v
    b1 = _base(tmp_path, COMPLETERS.replace("completion_rate", "#"), "s1.toml")
    assert b1["by_year"]["costs"]["kommune"] == [_approx(44000), _approx(22000)]


# --------------------------------------------------------------------------------------------
# §6.4 per-consequence lag
# --------------------------------------------------------------------------------------------
LAGS = """
somsim = 1
[scenario]
id = "lags"
price_year = 2020
horizon = 4
discount_rate = 0.0
consequence_lag = 1
[intervention]
name = "I"
cohorts = [10, 10, 10]
success_rate = 0.5
[[consequence]]
activity = "a"
per_success = [1, 2, 3, 4]
lag = -2
[[consequence]]
activity = "b"
per_success = [1]
[[consequence]]
activity = "c"
per_success = [1, 1]
lag = 2
[activity.a]
kind = "revenue"
price = { kommune = 1 }
[activity.b]
kind = "revenue"
price = { region = 1 }
[activity.c]
kind = "revenue"
price = { stat = 1 }
"""
# S_c = 5 for c = 0, 1, 2.
# a (lag −2): ΔQ_t = Σ_c 5·q[t − c + 3]:
#   t=0: q[3]+q[2]+q[1] = 3+2+1 = 6 → 30;  t=1: q[4]+q[3]+q[2] = 9 → 45;
#   t=2: q[5](=0)+q[4]+q[3] = 7 → 35;      t=3: q[5]+q[4] = 0+4 → 20.
#   Dropped (before year 0): cohort 0 τ=1,2 (years −2, −1), cohort 1 τ=1 (year −1): 5·(1+2+1) = 20;
#   check: 150 − 20 = 130 = 30+45+35+20.
# b (no lag → the scenario's 1): years c+1 = 1, 2, 3 → region [0, 5, 5, 5]
# c (lag 2): years c+2, c+3: cohort 0 → 2, 3; cohort 1 → 3 (4 dropped); cohort 2 → both after H
#   → stat [0, 0, 5, 10]


def test_per_consequence_lag(tmp_path):
    b = _base(tmp_path, LAGS)
    assert b["by_year"]["gains"]["kommune"] == [_approx(30), _approx(45), _approx(35), _approx(20)]
    assert b["by_year"]["gains"]["region"] == [_approx(0), _approx(5), _approx(5), _approx(5)]
    assert b["by_year"]["gains"]["stat"] == [_approx(0), _approx(0), _approx(5), _approx(10)]
    assert b["npv"]["total"] == _approx(130 + 15 + 15)
    assert b["gains_pv_by_activity"]["a"]["total"] == _approx(130)


# --------------------------------------------------------------------------------------------
# §6.5 committees and §6.6 payback year and bcr
# --------------------------------------------------------------------------------------------
UDVALG = """
somsim = 1
[scenario]
id = "udvalg"
price_year = 2020
horizon = 3
discount_rate = 0.1
[intervention]
name = "I"
cohorts = [10]
success_rate = 0.5
[[cost]]
name = "Drift"
per_participant = 8
[[cost]]
name = "Evaluering"
amount = 20
years = [0]
[[cost]]
name = "Tilsyn"
actor = "region"
amount = 30
[[consequence]]
activity = "skole"
per_success = [0, -1]
[[consequence]]
activity = "anbringelse"
per_success = [0, 0, -1]
[activity.skole]
price = { kommune = 11 }
[activity.anbringelse]
price = { kommune = 10, stat = 20 }
[udvalg]
"Skoleudvalget" = ["skole*"]
"Socialudvalget" = ["anbring*", "cost.drift"]
"""
# S_0 = 5; d = [1, 1/1.1, 1/1.21].
# skole: ΔQ_1 = −5 → kommune gain 55 in year 1.  anbringelse: ΔQ_2 = −5 → kommune 50, stat 100 in year 2.
# costs: Drift 10·8 = 80 (year 0, kommune); Evaluering 20 (year 0, kommune); Tilsyn 30 (year 0 = the
# only cohort year, region).
# kommune: N = [−100, 55, 50]; undiscounted cumulative −100, −45, 5 → payback 2;
#   discounted −100, −50, −50 + 50/1.21 = −8.677… → break-even None (payback ≠ break-even).
#   NPV = −100 + 50 + 41.3223… = −8.6777…; gains_pv 91.3223…; costs_pv 100; bcr 0.913223…
# Skoleudvalget: N = [0, 55, 0]: NPV 50, gains_pv 50, costs 0 → bcr None; cumulatives 0, 50, 50 → 0, 0.
# Socialudvalget (anbringelse + cost.drift): N = [−80, 0, 50]: NPV −80 + 41.3223 = −38.6777;
#   gains_pv 41.3223, costs_pv 80, bcr 0.516529; undiscounted −80, −80, −30 → payback None; BE None.
# Øvrige (cost.evaluering): N = [−20, 0, 0]: NPV −20, gains 0, costs 20, bcr 0.0, payback/BE None.
# Committees sum to the kommune: 50 − 38.6777 − 20 = −8.6777.
# region: N = [−30, 0, 0]: bcr 0.0, BE/payback None. stat: N = [0, 0, 100]: NPV 82.6446, bcr None, BE 0.
# total: N = [−130, 55, 150]: undiscounted −130, −75, 75 → payback 2; discounted −130, −80, 3.9669… → BE 2;
#   NPV = −8.6777 − 30 + 82.6446 = 43.9669…; bcr = 173.9669 / 130 = 1.33821…
A = 50 / 1.21  # 41.32231404958678


def test_committees_payback_bcr(tmp_path):
    b = _base(tmp_path, UDVALG)
    sk, so, ov = "kommune:Skoleudvalget", "kommune:Socialudvalget", "kommune:Øvrige"
    assert list(b["npv"]) == ["total", "kommune", "region", "stat", sk, so, ov]
    assert b["npv"]["kommune"] == _approx(-50 + A)
    assert b["npv"][sk] == _approx(50) and b["npv"][so] == _approx(-80 + A) and b["npv"][ov] == _approx(-20)
    assert b["npv"][sk] + b["npv"][so] + b["npv"][ov] == _approx(b["npv"]["kommune"])
    assert b["npv"]["total"] == _approx(-50 + A - 30 + 100 / 1.21)
    assert b["npv_per_participant"][so] == _approx((-80 + A) / 10)
    assert b["gains_pv"][so] == _approx(A) and b["costs_pv"][so] == _approx(80)
    assert b["by_year"]["net"][so] == [_approx(-80), _approx(0), _approx(50)]
    assert b["by_year"]["cumulative_net"]["kommune"] == [_approx(-100), _approx(-45), _approx(5)]
    # payback (undiscounted) vs break-even (discounted)
    assert b["payback_year"]["kommune"] == 2 and b["break_even_year"]["kommune"] is None
    assert b["payback_year"]["total"] == 2 and b["break_even_year"]["total"] == 2
    assert b["payback_year"][sk] == 0 and b["break_even_year"][sk] == 0
    assert b["payback_year"][so] is None and b["break_even_year"][so] is None
    assert b["payback_year"][ov] is None and b["payback_year"]["region"] is None
    assert b["break_even_year"]["stat"] == 0 and b["payback_year"]["stat"] == 0
    # bcr = gains_pv / costs_pv, None where costs are 0
    assert b["bcr"]["kommune"] == _approx((50 + A) / 100)
    assert b["bcr"][so] == _approx(A / 80)
    assert b["bcr"][sk] is None and b["bcr"]["stat"] is None
    assert b["bcr"][ov] == 0.0 and b["bcr"]["region"] == 0.0
    assert b["bcr"]["total"] == _approx((50 + A + 100 / 1.21) / 130)


def test_empty_ovrige_is_present(tmp_path):
    """The documented rule: with [udvalg], "kommune:Øvrige" is always an output, zero when empty."""
    b = _base(tmp_path, UDVALG.replace('"Skoleudvalget" = ["skole*"]\n"Socialudvalget" = ["anbring*", "cost.drift"]',
                                       '"Alt" = ["*"]'))
    assert list(b["npv"])[4:] == ["kommune:Alt", "kommune:Øvrige"]
    assert b["npv"]["kommune:Alt"] == _approx(b["npv"]["kommune"])
    assert b["npv"]["kommune:Øvrige"] == 0.0 and b["gains_pv"]["kommune:Øvrige"] == 0.0
    assert b["bcr"]["kommune:Øvrige"] is None
    assert b["break_even_year"]["kommune:Øvrige"] == 0 and b["payback_year"]["kommune:Øvrige"] == 0


def test_item_named_by_two_committees_is_refused(tmp_path):
    with pytest.raises(ValueError, match="two committees"):
        _base(tmp_path, UDVALG.replace('["skole*"]', '["skole*", "cost.*"]'))


# --------------------------------------------------------------------------------------------
# Files without §6 keys are unchanged; explicit defaults change nothing
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(60))
def test_explicit_defaults_give_identical_numbers(seed):
    case = gen.random_case(seed)
    with tempfile.TemporaryDirectory() as d:
        plain = ref.base_case(case.write(d))
    assert plain["rates"]["haircut_source"] == "none" and not any(":" in k for k in plain["npv"])
    m = case.main
    m["intervention"]["haircut"] = 0
    m["intervention"]["completion_rate"] = 1
    for c in m.get("cost", []):
        if "per_participant" in c:
            c["per"] = "starter"
    for c in m.get("consequence", []):
        c["lag"] = m["scenario"].get("consequence_lag", 0)
    with tempfile.TemporaryDirectory() as d:
        explicit = ref.base_case(case.write(d))
    for blk in ("npv", "gains_pv", "costs_pv", "break_even_year", "payback_year", "bcr"):
        assert explicit[blk] == plain[blk], blk
    assert explicit["by_year"] == plain["by_year"]


# --------------------------------------------------------------------------------------------
# reference_mc: deterministic draws equal the base case; binomial moments; the copula
# --------------------------------------------------------------------------------------------
def _fixed_mc(text: str, **kw) -> dict:
    return mc.sample_full(text, 3, 0, **kw)


@pytest.mark.parametrize("text", [RATES, COMPLETERS, LAGS, UDVALG], ids=["rates", "completers", "lags", "udvalg"])
def test_mc_point_draws_equal_the_hand_numbers(tmp_path, text):
    # COMPLETERS' completion_rate is a beta (drawn): fix it at its point for this comparison
    text = text.replace('{ dist = "beta", mean = 0.75, sd = 0.05 }', "0.75")
    b = _base(tmp_path, text)
    out = _fixed_mc(text)
    for j, k in enumerate(out["keys"]):
        np.testing.assert_allclose(out["npv"][:, j], b["npv"][k], rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(out["gains_pv"][:, j], b["gains_pv"][k], rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(out["costs_pv"][:, j], b["costs_pv"][k], rtol=1e-12, atol=1e-9)
        be, pb, bcr = b["break_even_year"][k], b["payback_year"][k], b["bcr"][k]
        assert (out["break_even"][:, j] == (-1 if be is None else be)).all(), k
        assert (out["payback"][:, j] == (-1 if pb is None else pb)).all(), k
        if bcr is None:
            assert np.isnan(out["bcr"][:, j]).all(), k
        else:
            np.testing.assert_allclose(out["bcr"][:, j], bcr, rtol=1e-12)
    assert set(out["keys"]) == set(b["npv"])


def test_mc_sample_keeps_its_four_columns():
    out = mc.sample_full(UDVALG, 50, 3)
    npv, be, n_part = mc.sample(UDVALG, 50, 3)
    assert npv.shape == (50, 4) and be.shape == (50, 4) and n_part == 10.0
    np.testing.assert_array_equal(npv, out["npv"][:, :4])
    assert out["keys"][:4] == ["kommune", "region", "stat", "total"]
    assert out["keys"][4:] == ["kommune:Skoleudvalget", "kommune:Socialudvalget", "kommune:Øvrige"]


STOCH = """
somsim = 1
[scenario]
id = "stoch"
price_year = 2020
horizon = 1
discount_rate = 0.0
stochastic_cohorts = true
[intervention]
name = "I"
cohorts = [1000]
success_rate = { gross = 0.4, baseline = 0.1 }
haircut = 0.5
[[consequence]]
activity = "skat"
per_success = [1]
[activity.skat]
kind = "revenue"
price = { kommune = 1 }
"""
N_DRAWS = 20000


def _moments_ok(x, mean, var):
    n = len(x)
    assert abs(x.mean() - mean) <= 5 * math.sqrt(var / n), (x.mean(), mean)
    # the sample variance of a near-normal variable has a relative sd of about √(2/n) (1 % here)
    assert abs(x.var(ddof=1) / var - 1) <= 5 * math.sqrt(2 / n), (x.var(ddof=1), var)


def test_mc_stochastic_gross_baseline():
    # S = Bin(1000, gross' = 0.25) − Bin(1000, 0.1): mean 1000·0.15 = 150,
    # var = 1000·0.25·0.75 + 1000·0.1·0.9 = 187.5 + 90 = 277.5 (a single Bin(1000, 0.15) has 127.5)
    out = mc.sample_full(STOCH, N_DRAWS, 1)
    _moments_ok(out["npv"][:, 0], 150.0, 277.5)
    assert (out["successes"][:, 0] == out["npv"][:, 0]).all()


def test_mc_stochastic_single_rate_with_haircut():
    # S = Bin(1000, 0.3·(1 − 0.5) = 0.15): mean 150, var 1000·0.15·0.85 = 127.5
    out = mc.sample_full(STOCH.replace("{ gross = 0.4, baseline = 0.1 }", "0.3"), N_DRAWS, 2)
    _moments_ok(out["npv"][:, 0], 150.0, 127.5)


def test_mc_stochastic_evidence_haircut_is_the_table():
    text = STOCH.replace("{ gross = 0.4, baseline = 0.1 }", "0.3").replace("haircut = 0.5", "evidence = 3")
    out = mc.sample_full(text, N_DRAWS, 2, evidence_haircut=EVIDENCE)  # h = 0.4 → Bin(1000, 0.18)
    _moments_ok(out["npv"][:, 0], 180.0, 1000 * 0.18 * 0.82)


def test_mc_stochastic_completers():
    # successes S ~ Bin(500, 0.2) (mean 100, var 80); completers M ~ Bin(500, 0.8) (mean 400, var 80),
    # independent; a completer cost of 1 per completer: NPV = S − M: mean −300, var 160
    text = STOCH.replace("cohorts = [1000]", "cohorts = [500]").replace(
        "success_rate = { gross = 0.4, baseline = 0.1 }\nhaircut = 0.5",
        'success_rate = 0.2\ncompletion_rate = 0.8\n[[cost]]\nname = "Forløb"\nper_participant = 1\nper = "completer"')
    out = mc.sample_full(text, N_DRAWS, 3)
    _moments_ok(out["completers"][:, 0], 400.0, 80.0)
    _moments_ok(out["npv"][:, 0], -300.0, 160.0)
    assert abs(np.corrcoef(out["successes"][:, 0], out["completers"][:, 0])[0, 1]) < 5 / math.sqrt(N_DRAWS)
    # without stochastic cohorts: m_c = κ·n_c = 400 exactly
    det = mc.sample_full(text.replace("stochastic_cohorts = true", "stochastic_cohorts = false"), 10, 3)
    assert (det["completers"] == 400.0).all() and np.allclose(det["npv"][:, 0], 100 - 400)


def test_mc_correlated_gross_and_baseline():
    text = STOCH.replace("{ gross = 0.4, baseline = 0.1 }",
                         '{ gross = { dist = "beta", mean = 0.4, sd = 0.05 }, '
                         'baseline = { dist = "uniform", low = 0.05, high = 0.15 } }').replace(
        "haircut = 0.5", 'haircut = { dist = "uniform", low = 0.0, high = 0.3 }')
    text += '[[correlation]]\ninputs = ["success_rate.gross", "success_rate.baseline"]\nrho = 0.7\n'
    out = mc.sample_full(text, N_DRAWS, 4)
    assert set(out["inputs"]) == {"success_rate.gross", "success_rate.baseline", "success_rate.haircut"}
    rho = stats.spearmanr(out["inputs"]["success_rate.gross"], out["inputs"]["success_rate.baseline"]).statistic
    assert abs(rho - 0.7) < 4 * (1 - 0.49) / math.sqrt(N_DRAWS)
    # E[S] = 1000·E[(g − b)(1 − h)], g, h independent of each other: (0.4 − 0.1)·(1 − 0.15) = 0.255·1000
    x = out["npv"][:, 0]
    assert abs(x.mean() - 255.0) < 5 * x.std() / math.sqrt(N_DRAWS)


# --------------------------------------------------------------------------------------------
# the two references agree on §6 scenarios at point values; the generators cover §6
# --------------------------------------------------------------------------------------------
def _at_points(d: dict) -> dict:
    """Every distribution replaced by its point value; no correlations; deterministic cohorts; no
    standard errors (their shock z is 0 in the base case)."""
    def walk(v):
        if isinstance(v, dict):
            return ref.point_value(v) if "dist" in v else {k: walk(x) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    out = walk(copy.deepcopy({k: v for k, v in d.items() if k != "correlation"}))
    out["scenario"]["stochastic_cohorts"] = False
    for c in out.get("consequence", []):
        c.pop("se", None)
    return out


@pytest.mark.parametrize("seed", range(60))
def test_references_agree_at_point_values(seed):
    d = _at_points(tomllib.loads(prob_scenario_s6(seed)))
    index = {int(k): float(v) for k, v in d.get("price_index", {}).items()}
    b = ref.base_case_from_raw(d, d.get("activity", {}), index, EVIDENCE)
    out = mc.sample_full(d, 2, seed, evidence_haircut=EVIDENCE)
    assert set(out["keys"]) == set(b["npv"])
    for j, k in enumerate(out["keys"]):
        size = sum(abs(g) + abs(c) for g, c in zip(b["by_year"]["gains"][k], b["by_year"]["costs"][k]))
        tol = 1e-9 + 1e-12 * size
        for blk, arr in (("npv", "npv"), ("gains_pv", "gains_pv"), ("costs_pv", "costs_pv"),
                         ("npv_per_participant", "npv_per_participant")):
            assert np.allclose(out[arr][:, j], b[blk][k], rtol=1e-9, atol=tol), (seed, blk, k)
        np.testing.assert_allclose(out["net"][0, :, j], b["by_year"]["net"][k], rtol=1e-9, atol=tol)
        if all(abs(x) > tol for x in b["by_year"]["cumulative_npv"][k]):
            be = b["break_even_year"][k]
            assert (out["break_even"][:, j] == (-1 if be is None else be)).all(), (seed, k)
        if all(abs(x) > tol for x in b["by_year"]["cumulative_net"][k]):
            pb = b["payback_year"][k]
            assert (out["payback"][:, j] == (-1 if pb is None else pb)).all(), (seed, k)
        if b["bcr"][k] is None:
            assert np.isnan(out["bcr"][:, j]).all()
        else:
            np.testing.assert_allclose(out["bcr"][:, j], b["bcr"][k], rtol=1e-9, atol=1e-12)


def _check_generated(case: gen.Case) -> dict:
    with tempfile.TemporaryDirectory() as d:
        b = ref.base_case(case.write(d), evidence_haircut=EVIDENCE)
    m = case.main
    ud = m.get("udvalg")
    sub = [k for k in b["npv"] if k.startswith("kommune:")]
    if ud is None:
        assert not sub
        return b
    assert sub == [f"kommune:{n}" for n in ud] + ["kommune:Øvrige"]
    size = sum(abs(g) + abs(c) for g, c in zip(b["by_year"]["gains"]["kommune"], b["by_year"]["costs"]["kommune"]))
    assert abs(sum(b["npv"][k] for k in sub) - b["npv"]["kommune"]) <= 1e-9 * (1 + size)
    for t in range(m["scenario"]["horizon"]):
        assert abs(sum(b["by_year"]["net"][k][t] for k in sub) - b["by_year"]["net"]["kommune"][t]) <= 1e-9 * (1 + size)
    # patterns of two committees never name the same item (activities anywhere, cost input names)
    universe = {f"cost.{gen.slug(c['name'])}" for c in m.get("cost", [])}
    for f in case.files.values():
        universe |= set(f.get("activity", {}))
    for u in universe:
        assert sum(any(fnmatchcase(u, p) for p in pats) for pats in ud.values()) <= 1, u
    return b


def test_scenario_gen_s6_covers_every_key():
    seen: dict[str, int] = {}

    def hit(name, cond=True):
        if cond:
            seen[name] = seen.get(name, 0) + 1

    for seed in range(300):
        case = gen.random_case_s6(seed)
        b = _check_generated(case)
        m = case.main
        iv = m["intervention"]
        sr = iv["success_rate"]
        two = isinstance(sr, dict) and "dist" not in sr
        hit("gross/baseline", two)
        hit("single rate", not two)
        hit("gross < baseline", two and b["rates"]["gross"] < b["rates"]["baseline"])
        hit("gross > baseline", two and b["rates"]["gross"] > b["rates"]["baseline"])
        hit("uncertain gross", two and gen.is_uncertain(sr["gross"]))
        hit("fixed baseline", two and not gen.is_uncertain(sr["baseline"]))
        for lvl in (1, 2, 3):
            hit(f"evidence {lvl}", iv.get("evidence") == lvl)
        hit("evidence sets h", b["rates"]["haircut_source"] == "evidence")
        hit("haircut 0", "haircut" in iv and iv["haircut"] == 0)
        hit("haircut number", isinstance(iv.get("haircut"), float) and iv["haircut"] > 0)
        hit("haircut dist", gen.is_uncertain(iv.get("haircut")))
        hit("completion_rate", "completion_rate" in iv)
        hit("per completer", any(c.get("per") == "completer" for c in m.get("cost", [])))
        hit("per starter", any(c.get("per") == "starter" for c in m.get("cost", [])))
        hit("negative lag", any(c.get("lag", 0) < 0 for c in m.get("consequence", [])))
        hit("positive lag", any(c.get("lag", 0) > 0 for c in m.get("consequence", [])))
        ud = m.get("udvalg", {})
        for n in (1, 2, 3):
            hit(f"{n} committees", len(ud) == n)
        hit("glob", any("*" in p for pats in ud.values() for p in pats))
        hit("empty Øvrige", bool(ud) and all(v == 0 for v in b["by_year"]["net"]["kommune:Øvrige"]))
        hit("non-empty Øvrige", bool(ud) and b["costs_pv"]["kommune:Øvrige"] + abs(b["gains_pv"]["kommune:Øvrige"]) > 0)
        hit("rate correlation", any(x.startswith("success_rate.") for blk in m.get("correlation", [])
                                    for x in blk["inputs"]))
        hit("payback != break-even", any(b["payback_year"][k] != b["break_even_year"][k] for k in b["npv"]))
        hit("bcr None", any(v is None for v in b["bcr"].values()))
    for feature in ("gross/baseline", "single rate", "gross < baseline", "gross > baseline", "uncertain gross",
                    "fixed baseline", "evidence 1", "evidence 2", "evidence 3", "evidence sets h", "haircut 0",
                    "haircut number", "haircut dist", "completion_rate", "per completer", "per starter",
                    "negative lag", "positive lag", "1 committees", "2 committees", "3 committees", "glob",
                    "empty Øvrige", "non-empty Øvrige", "rate correlation", "payback != break-even", "bcr None"):
        assert seen.get(feature, 0) >= 3, f"gen_case_s6 rarely produces: {feature} ({seen.get(feature, 0)})"


def test_existing_generators_produce_no_s6_keys():
    from .prob_gen import prob_scenario

    for seed in range(100):
        m = gen.random_case(seed).main
        iv = m["intervention"]
        assert not ({"evidence", "haircut", "completion_rate"} & set(iv)) and "udvalg" not in m
        assert not (isinstance(iv["success_rate"], dict) and "dist" not in iv["success_rate"])
        assert all("per" not in c for c in m.get("cost", []))
        assert all("lag" not in c for c in m.get("consequence", []))
        d = tomllib.loads(prob_scenario(seed, correlated=False))
        assert "udvalg" not in d and "completion_rate" not in d["intervention"]


@settings(max_examples=60, derandomize=True, deadline=None, database=None, print_blob=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=gen.cases_s6())
def test_hypothesis_s6_cases_are_valid_for_the_reference(case):
    _check_generated(case)


def test_prob_gen_s6_covers_every_key():
    seen: dict[str, int] = {}
    for seed in range(200):
        text = prob_scenario_s6(seed)
        d = tomllib.loads(text)
        iv = d["intervention"]
        sr = iv["success_rate"]
        two = isinstance(sr, dict) and "dist" not in sr
        flags = {
            "gross/baseline": two,
            "gross < baseline": two and ref.point_value(sr["gross"]) < ref.point_value(sr["baseline"]),
            "uncertain gross": two and isinstance(sr["gross"], dict),
            "fixed baseline": two and not isinstance(sr["baseline"], dict),
            "evidence": "evidence" in iv,
            "haircut dist": isinstance(iv.get("haircut"), dict),
            "haircut 0": iv.get("haircut") == 0,
            "completion_rate": "completion_rate" in iv,
            "completer": any(c.get("per") == "completer" for c in d.get("cost", [])),
            "negative lag": any(c.get("lag", 0) < 0 for c in d.get("consequence", [])),
            "positive lag": any(c.get("lag", 0) > 0 for c in d.get("consequence", [])),
            "udvalg": "udvalg" in d,
            "stochastic": d["scenario"]["stochastic_cohorts"],
            "rate correlation": any(x.startswith("success_rate.") for blk in d.get("correlation", [])
                                    for x in blk["inputs"]),
        }
        for k, v in flags.items():
            seen[k] = seen.get(k, 0) + bool(v)
        for lag in (c.get("lag", 0) for c in d.get("consequence", [])):
            assert -3 <= lag <= 3
        # every correlated name is an uncertain input the reference knows
        out = mc.sample_full(text, 200, seed)
        for blk in d.get("correlation", []):
            assert set(blk["inputs"]) <= set(out["inputs"]), (seed, blk)
        if "udvalg" in d:
            k = [out["keys"].index(x) for x in out["keys"] if x.startswith("kommune:")]
            size = 1 + np.abs(out["gains_pv"][:, 0]).max() + out["costs_pv"][:, 0].max()
            np.testing.assert_allclose(out["npv"][:, k].sum(axis=1), out["npv"][:, 0], rtol=1e-9, atol=1e-6 * size)
    for k, v in seen.items():
        assert v >= 5, f"prob_scenario_s6 rarely produces: {k} ({v})"
