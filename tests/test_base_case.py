"""somsim's base case against an independent reference of scenario-format.md §1.

(a) random valid scenarios (hypothesis, derandomized; and plain seeds) through the library and the CLI
    equal ``reference_som`` to 1e-9 relative;
(b) hand-computed golden cases;
(c) properties of the domain: linearity in the success rate and in each price, per participant,
    success rate 0, consequence lag, revenue vs expenditure, break-even year edge cases.

Tolerance: 1e-9 relative, except that a value which is the difference of large sums (an NPV
where gains and costs nearly cancel) is allowed 1e-12 of the size of those sums plus 1e-6 kr.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from somsim.cli import main as cli_main
from somsim.model.reference import base_case, break_even_year
from somsim.results.summary import base_case_block
from somsim.scenario.loader import load_scenario

from . import reference_som as ref
from . import scenario_gen as gen

KEYS = ("total", "kommune", "region", "stat")
MONEY = ("npv", "npv_per_participant", "gains_pv", "costs_pv")
REL = 1e-9


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def somsim_block(path) -> dict:
    sc = load_scenario(path)
    return base_case_block(sc, base_case(sc))


def _scales(exp: dict) -> dict[str, float]:
    """Per output: Σ_t |G_t| + |C_t| (undiscounted), the size of the sums an NPV is made of."""
    by = exp["by_year"]
    return {k: sum(abs(g) + abs(c) for g, c in zip(by["gains"][k], by["costs"][k])) for k in KEYS}


def _close(got: float, exp: float, scale: float, what: str) -> None:
    tol = max(REL * abs(exp), 1e-6 + 1e-12 * scale)
    assert abs(got - exp) <= tol, f"{what}: somsim {got!r} != reference {exp!r} (diff {got - exp:.3g}, tol {tol:.3g})"


def _check_break_even(got: int | None, cumulative: list[float], tol: float, what: str) -> None:
    """somsim's break-even year against the definition applied to the reference's cumulative NPV.

    Exact equality unless a cumulative value lies within `tol` of 0 (then its sign is a matter of
    rounding, and somsim's answer only has to be consistent with the definition up to `tol`).
    """
    exp = ref.break_even(cumulative)
    if all(abs(x) > tol for x in cumulative):
        assert got == exp, f"{what}: somsim {got} != reference {exp} (cumulative {cumulative})"
        return
    H = len(cumulative)
    if got is None:
        assert cumulative[H - 1] < tol, f"{what}: somsim says never, reference cumulative {cumulative}"
    else:
        assert 0 <= got < H
        assert all(x >= -tol for x in cumulative[got:]), f"{what}: {got} vs cumulative {cumulative}"
        assert got == 0 or cumulative[got - 1] < tol, f"{what}: {got} vs cumulative {cumulative}"


def assert_matches_reference(got: dict, exp: dict, label: str = "") -> None:
    """somsim's base_case block `got` equals the reference's `exp` (money, by year, activities, break-even)."""
    scale = _scales(exp)
    for blk in MONEY:
        for k in KEYS:
            _close(got[blk][k], exp[blk][k], scale[k], f"{label} {blk}.{k}")
    for series in ("net", "gains", "costs", "cumulative_npv"):
        for k in KEYS:
            g, e = got["by_year"][series][k], exp["by_year"][series][k]
            assert len(g) == len(e), f"{label} by_year.{series}.{k}: length {len(g)} != {len(e)}"
            for t, (x, y) in enumerate(zip(g, e)):
                _close(x, y, scale[k], f"{label} by_year.{series}.{k}[{t}]")
    assert got["by_year"]["year"] == exp["by_year"]["year"]
    assert set(got["gains_pv_by_activity"]) == set(exp["gains_pv_by_activity"])
    for act, e in exp["gains_pv_by_activity"].items():
        for k in KEYS:
            _close(got["gains_pv_by_activity"][act][k], e[k], scale[k], f"{label} gains_pv_by_activity.{act}.{k}")
    for k in KEYS:
        _check_break_even(got["break_even_year"][k], exp["by_year"]["cumulative_npv"][k], 1e-6 + 1e-12 * scale[k],
                          f"{label} break_even_year.{k}")


def check_case(case: gen.Case) -> tuple[dict, dict]:
    with tempfile.TemporaryDirectory() as d:
        path = case.write(d)
        got, exp = somsim_block(path), ref.base_case(path)
    assert_matches_reference(got, exp, "\n" + case.describe())
    return got, exp


def block_of(case: gen.Case) -> dict:
    with tempfile.TemporaryDirectory() as d:
        return somsim_block(case.write(d))


# --------------------------------------------------------------------------------------------
# (a) random scenarios: library and CLI against the reference
# --------------------------------------------------------------------------------------------
@settings(max_examples=200, derandomize=True, deadline=None, database=None, print_blob=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=gen.cases())
def test_random_scenarios_hypothesis(case):
    check_case(case)


@pytest.mark.parametrize("block", range(4))
def test_random_scenarios_seeded(block):
    for seed in range(50 * block, 50 * block + 50):
        check_case(gen.random_case(seed))


def test_generator_exercises_every_feature():
    """The seeded generator (used above) really produces the features the comparison is meant to cover."""
    seen: dict[str, int] = {}

    def hit(name, cond=True):
        if cond:
            seen[name] = seen.get(name, 0) + 1

    fams = set()

    def walk(v):
        if isinstance(v, dict):
            if "dist" in v:
                form = v["dist"] + ":" + ",".join(sorted(k for k in v if k not in ("dist", "point")))
                fams.add(form)
                hit("point", "point" in v)
                hit("clipped truncnormal", v["dist"] == "truncnormal" and not v["low"] <= v["mean"] <= v["high"])
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for seed in range(200):
        case = gen.random_case(seed)
        m = case.main
        H = m["scenario"]["horizon"]
        walk(case.files)
        hit("zero cohort", 0 in m["intervention"]["cohorts"])
        hit("several cohorts", len(m["intervention"]["cohorts"]) > 1)
        hit("lag", m["scenario"].get("consequence_lag", 0) > 0)
        hit("lag beyond horizon", m["scenario"].get("consequence_lag", 0) >= H)
        hit("long horizon", H > 30)
        hit("default discount", "discount_rate" not in m["scenario"])
        hit("nested include", gen.NESTED in case.files)
        hit("local include", gen.LOCAL in case.files)
        hit("diamond include", "../case/local.toml" in case.files.get(gen.LIB, {}).get("include", []))
        hit("replaced activity", any(k in case.files.get(gen.LIB, {}).get("activity", {})
                                     for k in m.get("activity", {})))
        acts = {}
        for f in case.files.values():
            acts.update(f.get("activity", {}))
        acts.update(m.get("activity", {}))
        for c in m.get("consequence", []):
            a = acts[c["activity"]]
            hit("revenue", a.get("kind") == "revenue")
            hit("price conversion", a.get("price_year", m["scenario"]["price_year"]) != m["scenario"]["price_year"])
            hit("price override", "price" in c)
            hit("missing actor price", len(a.get("price", {})) < 3)
            hit("profile beyond horizon", len(c["per_success"]) + m["scenario"].get("consequence_lag", 0) > H)
            hit("se", "se" in c)
            hit("scale", "scale" in c)
        for c in m.get("cost", []):
            hit("per participant cost", "per_participant" in c)
            hit("amount with years", "years" in c)
            hit("amount every cohort year", "amount" in c and "years" not in c)
        hit("correlation", "correlation" in m)
        hit("groups", "groups" in m)
    for feature in ("zero cohort", "several cohorts", "lag", "lag beyond horizon", "long horizon", "default discount",
                    "nested include", "local include", "diamond include", "replaced activity", "revenue", "price conversion",
                    "price override", "missing actor price", "profile beyond horizon", "se", "scale",
                    "per participant cost", "amount with years", "amount every cohort year", "correlation", "groups",
                    "point", "clipped truncnormal"):
        assert seen.get(feature, 0) >= 2, f"the generator rarely produces: {feature} ({seen.get(feature, 0)})"
    expected_forms = {
        "fixed:value", "normal:mean,sd", "normal:ci95", "truncnormal:high,low,mean,sd", "lognormal:ci95,median",
        "lognormal:mean,sd", "gamma:mean,sd", "gamma:scale,shape", "beta:mean,sd", "beta:alpha,beta",
        "beta:ci95,mean", "uniform:high,low", "triangular:max,min,mode", "pert:max,min,mode",
    }
    assert expected_forms <= fams, f"missing parameter sets: {expected_forms - fams}"


def _cli_run(path) -> dict:
    res = CliRunner().invoke(cli_main, ["run", str(path), "--draws", "0", "--json", "-"], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_cli_json_base_case_equals_reference():
    for seed in range(1000, 1012):
        case = gen.random_case(seed)
        with tempfile.TemporaryDirectory() as d:
            path = case.write(d)
            doc = _cli_run(path)
            exp = ref.base_case(path)
        assert doc["schema"] == "somsim.summary/1"
        assert doc["draws"] == 0
        assert doc["participants"] == sum(case.main["intervention"]["cohorts"])
        assert doc["horizon"] == case.main["scenario"]["horizon"]
        assert_matches_reference(doc["base_case"], exp, f"seed {seed} (CLI)")


def test_cli_subprocess_base_case_equals_reference(tmp_path):
    """The installed `somsim` command, as a user runs it."""
    exe = Path(sys.executable).with_name("somsim")
    assert exe.exists(), exe
    case = next(c for c in map(gen.random_case, range(7, 100)) if gen.LIB in c.files and gen.LOCAL in c.files)
    path = case.write(tmp_path)
    # a relative scenario path, as typed in a shell: includes resolve against the scenario's folder
    proc = subprocess.run([str(exe), "run", str(path.relative_to(tmp_path)), "--draws", "0", "--json", "-"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert_matches_reference(doc["base_case"], ref.base_case(path), "subprocess")


# --------------------------------------------------------------------------------------------
# (b) golden cases computed by hand
# --------------------------------------------------------------------------------------------
GOLDEN_1 = """
somsim = 1
[scenario]
id = "golden-1"
price_year = 2020
horizon = 3
discount_rate = 0.1
[intervention]
name = "One cohort"
cohorts = [10]
success_rate = 0.5
[[cost]]
name = "Drift"
per_participant = 100
[[consequence]]
activity = "ophold"
per_success = [-1, -1]
[activity.ophold]
price = { kommune = 1000 }
"""
# S_0 = 0.5·10 = 5; ΔQ = [-5, -5, 0] (τ = 3 is outside the profile)
# G_kommune = −1 · ΔQ · 1000 = [5000, 5000, 0]; C_kommune = [10·100, 0, 0] = [1000, 0, 0]
# N = [4000, 5000, 0]; NPV = 4000 + 5000/1.1 = 8545.4545…; gains_pv = 5000 + 5000/1.1 = 9545.4545…
# per participant 854.5454…; cumulative [4000, 8545.45, 8545.45] → break-even 0; region/stat 0 (break-even 0)
GOLDEN_1_EXPECTED = {
    "npv": {"total": 4000 + 5000 / 1.1, "kommune": 4000 + 5000 / 1.1, "region": 0.0, "stat": 0.0},
    "npv_per_participant": {"total": (4000 + 5000 / 1.1) / 10, "kommune": (4000 + 5000 / 1.1) / 10,
                            "region": 0.0, "stat": 0.0},
    "gains_pv": {"total": 5000 + 5000 / 1.1, "kommune": 5000 + 5000 / 1.1, "region": 0.0, "stat": 0.0},
    "costs_pv": {"total": 1000.0, "kommune": 1000.0, "region": 0.0, "stat": 0.0},
    "break_even_year": {"total": 0, "kommune": 0, "region": 0, "stat": 0},
}

GOLDEN_2 = """
somsim = 1
[scenario]
id = "golden-2"
price_year = 2020
horizon = 4
discount_rate = 0
consequence_lag = 1
[intervention]
name = "Two cohorts, lag 1"
cohorts = [4, 6]
success_rate = 0.25
[[cost]]
name = "Koordinering"
amount = 2000
[[consequence]]
activity = "indlaeggelse"
per_success = [-2]
[activity.indlaeggelse]
price = { kommune = 500, region = 100 }
"""
# S = [1, 1.5]; lag 1: cohort 0's first consequence year is 1, cohort 1's is 2
# ΔQ = [0, −2, −3, 0]; G_kommune = [0, 1000, 1500, 0]; G_region = [0, 200, 300, 0]
# amount 2000 in every cohort year (0 and 1): C_kommune = [2000, 2000, 0, 0]; r = 0: no discounting
# NPV_kommune = 2500 − 4000 = −1500; NPV_region = 500; NPV_total = −1000; per participant −1000/10 = −100
# cumulative total [−2000, −2800, −1000, −1000] → never; kommune [−2000, −3000, −1500, −1500] → never;
# region [0, 200, 500, 500] → 0; stat all 0 → 0
GOLDEN_2_EXPECTED = {
    "npv": {"total": -1000.0, "kommune": -1500.0, "region": 500.0, "stat": 0.0},
    "npv_per_participant": {"total": -100.0, "kommune": -150.0, "region": 50.0, "stat": 0.0},
    "gains_pv": {"total": 3000.0, "kommune": 2500.0, "region": 500.0, "stat": 0.0},
    "costs_pv": {"total": 4000.0, "kommune": 4000.0, "region": 0.0, "stat": 0.0},
    "break_even_year": {"total": None, "kommune": None, "region": 0, "stat": 0},
}

GOLDEN_3 = """
somsim = 1
[scenario]
id = "golden-3"
price_year = 2020
horizon = 2
discount_rate = 0.1
[intervention]
name = "Revenue in other prices"
cohorts = [20]
success_rate = 0.1
[price_index]
2018 = 100
2020 = 110
[[cost]]
name = "Job-mentor"
actor = "stat"
amount = 15000
years = [1]
[[consequence]]
activity = "skat"
per_success = [0.5, 0.5, 0.5]
[activity.skat]
kind = "revenue"
price_year = 2018
price = { stat = 10000 }
"""
# S = 2; ΔQ = [1, 1] (τ = 3 falls after the horizon and is not counted)
# price in 2020 kr: 10000 · 110/100 = 11000; revenue: σ = +1 → G_stat = [11000, 11000]
# C_stat = [0, 15000]; N_stat = [11000, −4000]
# NPV_stat = 11000 − 4000/1.1 = 7363.6363…; gains_pv = 11000 + 10000 = 21000; costs_pv = 15000/1.1 = 13636.36…
# cumulative [11000, 7363.6] → break-even 0; per participant 7363.63/20 = 368.18…
GOLDEN_3_EXPECTED = {
    "npv": {"total": 11000 - 4000 / 1.1, "kommune": 0.0, "region": 0.0, "stat": 11000 - 4000 / 1.1},
    "npv_per_participant": {"total": (11000 - 4000 / 1.1) / 20, "kommune": 0.0, "region": 0.0,
                            "stat": (11000 - 4000 / 1.1) / 20},
    "gains_pv": {"total": 21000.0, "kommune": 0.0, "region": 0.0, "stat": 21000.0},
    "costs_pv": {"total": 15000 / 1.1, "kommune": 0.0, "region": 0.0, "stat": 15000 / 1.1},
    "break_even_year": {"total": 0, "kommune": 0, "region": 0, "stat": 0},
}

GOLDEN_4_LIB = """
[library]
title = "Psykiatri-priser"
[price_index]
2019 = 100
2021 = 105
[activity.psyk]
price_year = 2019
price = { kommune = 2000, region = 3000 }
"""
GOLDEN_4 = """
somsim = 1
include = ["../lib/psyk.toml"]
[scenario]
id = "golden-4"
price_year = 2021
horizon = 1
[intervention]
name = "Library, override, distributions at their point values"
cohorts = [8]
success_rate = { dist = "beta", alpha = 1, beta = 3 }
[[cost]]
name = "Behandling"
per_participant = { dist = "pert", min = 100, mode = 200, max = 500 }
[[cost]]
name = "Opstart"
actor = "region"
amount = { dist = "uniform", low = 0, high = 1000, point = 300 }
[[consequence]]
activity = "psyk"
per_success = [-1, -5]
se = [0.5, 0.5]
scale = { dist = "lognormal", median = 0.8, ci95 = [0.5, 1.2] }
price = { kommune = { dist = "gamma", shape = 5, scale = 500 } }
"""
# success rate = 1/(1+3) = 0.25 → S = 2; scale = median 0.8; shock z = 0 → q[1] = 0.8 · (−1) = −0.8
# ΔQ_0 = −1.6 (horizon 1: the second profile year is not counted); default discount 0.035 irrelevant in year 0
# kommune price: override gamma shape·scale = 2500, already in 2021 prices → G_kommune = 1.6 · 2500 = 4000
# region price: library 3000 in 2019 prices → 3000 · 105/100 = 3150 → G_region = 1.6 · 3150 = 5040
# costs: kommune 8 · pert mode 200 = 1600; region amount with point 300 in year 0 (the only cohort year)
# NPV: kommune 2400, region 4740, total 7140; per participant 892.5
GOLDEN_4_EXPECTED = {
    "npv": {"total": 7140.0, "kommune": 2400.0, "region": 4740.0, "stat": 0.0},
    "npv_per_participant": {"total": 892.5, "kommune": 300.0, "region": 592.5, "stat": 0.0},
    "gains_pv": {"total": 9040.0, "kommune": 4000.0, "region": 5040.0, "stat": 0.0},
    "costs_pv": {"total": 1900.0, "kommune": 1600.0, "region": 300.0, "stat": 0.0},
    "break_even_year": {"total": 0, "kommune": 0, "region": 0, "stat": 0},
}

GOLDEN_5 = """
somsim = 1
[scenario]
id = "golden-5"
price_year = 2020
horizon = 5
discount_rate = 0
[intervention]
name = "Late break-even"
cohorts = [1]
success_rate = 1
[[cost]]
name = "Forløb"
amount = 2500
[[consequence]]
activity = "a"
per_success = [0, 0, -1, -1, -1, -1]
[activity.a]
price = { kommune = 1000 }
"""
# N = [−2500, 0, 1000, 1000, 1000] (the 6th profile year is after the horizon)
# cumulative [−2500, −2500, −1500, −500, 500] → break-even year 4; NPV 500
GOLDEN_5_EXPECTED = {
    "npv": {"total": 500.0, "kommune": 500.0, "region": 0.0, "stat": 0.0},
    "npv_per_participant": {"total": 500.0, "kommune": 500.0, "region": 0.0, "stat": 0.0},
    "gains_pv": {"total": 3000.0, "kommune": 3000.0, "region": 0.0, "stat": 0.0},
    "costs_pv": {"total": 2500.0, "kommune": 2500.0, "region": 0.0, "stat": 0.0},
    "break_even_year": {"total": 4, "kommune": 4, "region": 0, "stat": 0},
}

GOLDEN = {
    "one-cohort": (GOLDEN_1, {}, GOLDEN_1_EXPECTED),
    "lag-and-default-years": (GOLDEN_2, {}, GOLDEN_2_EXPECTED),
    "revenue-price-index": (GOLDEN_3, {}, GOLDEN_3_EXPECTED),
    "library-override-points": (GOLDEN_4, {"lib/psyk.toml": GOLDEN_4_LIB}, GOLDEN_4_EXPECTED),
    "late-break-even": (GOLDEN_5, {}, GOLDEN_5_EXPECTED),
}


def _write(tmp_path: Path, main: str, libs: dict[str, str]) -> Path:
    for rel, text in libs.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    p = tmp_path / "case" / "scenario.toml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(main, encoding="utf-8")
    return p


@pytest.mark.parametrize("name", list(GOLDEN))
def test_golden_cases(tmp_path, name):
    main, libs, expected = GOLDEN[name]
    path = _write(tmp_path, main, libs)
    got, exp_ref = somsim_block(path), ref.base_case(path)
    for label, block in (("somsim", got), ("reference", exp_ref)):
        for blk in MONEY:
            for k in KEYS:
                assert block[blk][k] == pytest.approx(expected[blk][k], rel=1e-12, abs=1e-9), (label, blk, k)
        assert block["break_even_year"] == expected["break_even_year"], label


def test_golden_by_year(tmp_path):
    """The year-by-year flows of golden case 2 (lag 1, default cost years)."""
    got = somsim_block(_write(tmp_path, GOLDEN_2, {}))["by_year"]
    assert got["year"] == [0, 1, 2, 3]
    assert got["gains"]["kommune"] == pytest.approx([0, 1000, 1500, 0])
    assert got["gains"]["region"] == pytest.approx([0, 200, 300, 0])
    assert got["costs"]["kommune"] == pytest.approx([2000, 2000, 0, 0])
    assert got["net"]["total"] == pytest.approx([-2000, -800, 1800, 0])
    assert got["cumulative_npv"]["total"] == pytest.approx([-2000, -2800, -1000, -1000])


def test_scenario_activity_replaces_library_activity(tmp_path):
    lib = GOLDEN_4_LIB.replace("region = 3000", "region = 999999")
    main = GOLDEN_4 + "\n[activity.psyk]\nprice = { region = 3150 }\n"  # in the scenario's (2021) prices
    got = somsim_block(_write(tmp_path, main, {"lib/psyk.toml": lib}))
    # kommune: the override 2500; region: the scenario's own activity 3150 (no conversion)
    assert got["gains_pv"]["kommune"] == pytest.approx(4000.0, rel=1e-12)
    assert got["gains_pv"]["region"] == pytest.approx(5040.0, rel=1e-12)


def test_nested_include_paths_are_relative_to_the_including_file(tmp_path):
    outer = 'include = ["deeper/inner.toml"]\n[library]\ntitle = "outer"\n'
    inner = GOLDEN_4_LIB
    path = _write(tmp_path, GOLDEN_4.replace("../lib/psyk.toml", "../lib/outer.toml"),
                  {"lib/outer.toml": outer, "lib/deeper/inner.toml": inner})
    got = somsim_block(path)
    assert got["npv"]["total"] == pytest.approx(7140.0, rel=1e-12)
    assert ref.base_case(path)["npv"]["total"] == pytest.approx(7140.0, rel=1e-12)


def test_a_library_reached_twice_is_read_once(tmp_path):
    """A diamond: the scenario includes psyk.toml directly and through outer.toml (not 'defined twice')."""
    outer = 'include = ["psyk.toml"]\n[activity.other]\nprice = { stat = 1 }\n'
    main = GOLDEN_4.replace('include = ["../lib/psyk.toml"]', 'include = ["../lib/outer.toml", "../lib/psyk.toml"]')
    path = _write(tmp_path, main, {"lib/outer.toml": outer, "lib/psyk.toml": GOLDEN_4_LIB})
    sc = load_scenario(path)
    assert len(sc.includes) == len(set(sc.includes)) == 2
    got = base_case_block(sc, base_case(sc))
    assert got["npv"]["total"] == pytest.approx(7140.0, rel=1e-12)
    assert ref.base_case(path)["npv"]["total"] == pytest.approx(7140.0, rel=1e-12)


# --------------------------------------------------------------------------------------------
# (c) properties of the domain
# --------------------------------------------------------------------------------------------
PROPERTY_SEEDS = range(2000, 2040)


def _with(case: gen.Case, edit) -> gen.Case:
    new = copy.deepcopy(case)
    edit(new)
    return new


def _set_rate(case: gen.Case, s: float) -> None:
    case.main["intervention"]["success_rate"] = s
    case.main.pop("correlation", None)  # a fixed success rate cannot be correlated


def _activity_def(case: gen.Case, key: str) -> dict:
    """The effective definition of an activity (the scenario's own replaces a library's)."""
    if key in case.main.get("activity", {}):
        return case.main["activity"][key]
    for f in case.files.values():
        if key in f.get("activity", {}):
            return f["activity"][key]
    raise KeyError(key)


def _affine(xs, ys, scale, what):
    """ys is an affine function of xs (three or more points)."""
    slope = (ys[-1] - ys[0]) / (xs[-1] - xs[0])
    for x, y in zip(xs, ys):
        pred = ys[0] + slope * (x - xs[0])
        assert abs(y - pred) <= 1e-9 * (abs(pred) + scale) + 1e-6, f"{what}: not linear at {x}: {y} vs {pred}"
    return slope


@pytest.mark.parametrize("seed", PROPERTY_SEEDS[:20])
def test_npv_is_linear_in_the_success_rate(seed):
    case = gen.random_case(seed)
    rates = (0, 0.2, 0.55, 1)
    blocks = []
    for s in rates:
        blocks.append(block_of(_with(case, lambda c, s=s: _set_rate(c, s))))
    for k in KEYS:
        scale = max(abs(b["gains_pv"][k]) + abs(b["costs_pv"][k]) for b in blocks)
        _affine(rates, [b["npv"][k] for b in blocks], scale, f"npv.{k}")
        # gains are proportional to s; costs do not depend on it
        _affine(rates, [b["gains_pv"][k] for b in blocks], scale, f"gains_pv.{k}")
        assert blocks[0]["gains_pv"][k] == 0.0
        for b in blocks:
            assert b["costs_pv"][k] == pytest.approx(blocks[0]["costs_pv"][k], rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("seed", PROPERTY_SEEDS)
def test_success_rate_zero_gives_minus_pv_of_costs(seed):
    case = _with(gen.random_case(seed), lambda c: _set_rate(c, 0))
    b = block_of(case)
    for k in KEYS:
        assert b["gains_pv"][k] == 0.0
        assert b["npv"][k] == pytest.approx(-b["costs_pv"][k], rel=1e-12, abs=1e-9)
        assert b["costs_pv"][k] >= 0.0
    # and it matches the reference's PV of the costs
    with tempfile.TemporaryDirectory() as d:
        exp = ref.base_case(case.write(d))
    for k in KEYS:
        assert b["npv"][k] == pytest.approx(-exp["costs_pv"][k], rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("seed", PROPERTY_SEEDS)
def test_per_participant_is_npv_over_all_participants(seed):
    case = gen.random_case(seed)
    n = sum(case.main["intervention"]["cohorts"])
    b = block_of(case)
    for k in KEYS:
        assert b["npv_per_participant"][k] == pytest.approx(b["npv"][k] / n, rel=1e-12, abs=1e-12)


def _first_consequence_seeds(n: int) -> list[int]:
    out, seed = [], 3000
    while len(out) < n:
        c = gen.random_case(seed)
        if c.main.get("consequence") and any(x != 0 for x in c.main["consequence"][0]["per_success"]):
            out.append(seed)
        seed += 1
    return out


@pytest.mark.parametrize("seed", _first_consequence_seeds(12))
@pytest.mark.parametrize("actor", ["kommune", "stat"])
def test_npv_is_linear_in_each_price(seed, actor):
    """Varying one consequence's price for one actor, by override or in the activity's own table."""
    case = gen.random_case(seed)
    cons = case.main["consequence"][0]
    key = cons["activity"]
    prices = (0.0, 1234.5, 40000.0, 91234.25)
    for where in ("override", "activity"):
        blocks = []
        for p in prices:
            def edit(c, p=p, where=where):
                cc = c.main["consequence"][0]
                if where == "override":
                    cc.setdefault("price", {})[actor] = p
                else:
                    cc.get("price", {}).pop(actor, None)
                    _activity_def(c, key).setdefault("price", {})[actor] = p
            blocks.append(block_of(_with(case, edit)))
        others = [a for a in ("kommune", "region", "stat") if a != actor]
        scale = max(abs(b["gains_pv"][actor]) + abs(b["costs_pv"][actor]) for b in blocks)
        slope = _affine(prices, [b["npv"][actor] for b in blocks], scale, f"{where} npv.{actor}")
        _affine(prices, [b["npv"]["total"] for b in blocks], scale, f"{where} npv.total")
        for a in others:  # the other actors do not see this price
            for b in blocks:
                assert b["npv"][a] == pytest.approx(blocks[0]["npv"][a], rel=1e-12, abs=1e-9)
        # the slope is the price-free PV of the changed units of activity (nonzero unless s = 0 or it all
        # falls after the horizon); an override is never converted, an activity price may be
        if where == "override":
            override_slope = slope
        else:
            sy = case.main["scenario"]["price_year"]
            ay = _activity_def(case, key).get("price_year", sy)
            index = {}
            for f in case.files.values():
                index.update({int(y): v for y, v in f.get("price_index", {}).items()})
            factor = index[sy] / index[ay] if ay != sy else 1.0
            assert slope == pytest.approx(override_slope * factor, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", _first_consequence_seeds(8))
def test_revenue_flips_the_sign_of_an_activity(seed):
    case = gen.random_case(seed)
    key = case.main["consequence"][0]["activity"]
    blocks = {}
    for kind in ("expenditure", "revenue"):
        blocks[kind] = block_of(_with(case, lambda c, kind=kind: _activity_def(c, key).__setitem__("kind", kind)))
    for k in KEYS:
        assert blocks["revenue"]["gains_pv_by_activity"][key][k] == pytest.approx(
            -blocks["expenditure"]["gains_pv_by_activity"][key][k], rel=1e-12, abs=1e-9)
        assert blocks["revenue"]["costs_pv"][k] == blocks["expenditure"]["costs_pv"][k]


@pytest.mark.parametrize("seed", _first_consequence_seeds(8))
def test_one_more_year_of_lag_equals_a_leading_zero_in_every_profile(seed):
    case = gen.random_case(seed)
    L = case.main["scenario"].get("consequence_lag", 0)

    def more_lag(c):
        c.main["scenario"]["consequence_lag"] = L + 1

    def leading_zero(c):
        for cons in c.main["consequence"]:
            cons["per_success"] = [0.0, *cons["per_success"]]
            if "se" in cons:
                cons["se"] = [0.0, *cons["se"]]

    a, b = block_of(_with(case, more_lag)), block_of(_with(case, leading_zero))
    for blk in MONEY:
        for k in KEYS:
            assert a[blk][k] == pytest.approx(b[blk][k], rel=1e-12, abs=1e-9)
    assert a["break_even_year"] == b["break_even_year"]


@pytest.mark.parametrize("seed", PROPERTY_SEEDS[:10])
def test_cumulative_npv_ends_at_the_npv_and_defines_break_even(seed):
    b = block_of(gen.random_case(seed))
    for k in KEYS:
        cum = b["by_year"]["cumulative_npv"][k]
        assert cum[-1] == pytest.approx(b["npv"][k], rel=1e-12, abs=1e-9)
        assert b["break_even_year"][k] == ref.break_even(cum)


BREAK_EVEN_CASES = [
    # (cumulative discounted net by year, expected break-even year)
    ([5.0], 0),
    ([0.0], 0),  # exactly 0 counts as broken even
    ([-1e-9], None),
    ([-1.0, 1.0], 1),
    ([1.0, -1.0], None),  # negative in the last year: never, even though it was positive before
    ([-1.0, 1.0, -1.0, 1.0], 3),  # dips again: the break-even is the last crossing
    ([-1.0, 0.0, 0.0], 1),
    ([0.0, 0.0, 0.0], 0),
    ([2.0, 3.0, -0.5, 4.0, 5.0], 3),
    ([-3.0, -2.0, -1.0], None),
    ([1.0, 2.0, 3.0], 0),
]


@pytest.mark.parametrize(("cum", "expected"), BREAK_EVEN_CASES)
def test_break_even_year_definition(cum, expected):
    assert ref.break_even(cum) == expected
    got = break_even_year(np.array(cum)[None, :, None])  # (draw, year, output)
    assert got.shape == (1, 1)
    assert got[0, 0] == (-1 if expected is None else expected)


def test_break_even_year_vectorised_over_draws_and_outputs():
    cums = [c for c, _ in BREAK_EVEN_CASES if len(c) == 3]
    arr = np.array(cums).T[None, :, :]  # one draw, 3 years, one output per case
    got = break_even_year(arr)[0]
    assert list(got) == [-1 if e is None else e for c, e in BREAK_EVEN_CASES if len(c) == 3]


@pytest.mark.parametrize(("rate", "expected"), [(0.0, 1), (0.035, 1), (0.05, None)])
def test_discounting_can_postpone_break_even(tmp_path, rate, expected):
    # N = [−100, 104]: cumulative at r is −100 + 104/(1+r): ≥ 0 for r ≤ 4 %, negative at 5 %
    text = f"""
somsim = 1
[scenario]
id = "be"
price_year = 2020
horizon = 2
discount_rate = {rate}
[intervention]
name = "x"
cohorts = [1]
success_rate = 1
[[cost]]
name = "Start"
amount = 100
years = [0]
[[consequence]]
activity = "a"
per_success = [0, -1]
[activity.a]
price = {{ region = 104 }}
"""
    b = somsim_block(_write(tmp_path, text, {}))
    assert b["npv"]["total"] == pytest.approx(-100 + 104 / (1 + rate), rel=1e-12)
    assert b["break_even_year"]["total"] == expected
    assert b["break_even_year"]["region"] == 0
    assert b["break_even_year"]["kommune"] is None  # kommune pays the start cost and gains nothing


def test_base_case_ignores_stochastic_cohorts_correlations_and_standard_errors(tmp_path):
    base = GOLDEN_1.replace("success_rate = 0.5", 'success_rate = { dist = "beta", mean = 0.5, sd = 0.1 }')
    extra = base.replace('horizon = 3', 'horizon = 3\nstochastic_cohorts = true').replace(
        "per_success = [-1, -1]", "per_success = [-1, -1]\nse = [0.4, 0.4]").replace(
        "per_participant = 100", 'per_participant = { dist = "gamma", mean = 100, sd = 30 }') + (
        '\n[[correlation]]\ninputs = ["success_rate", "cost.drift"]\nrho = -0.6\n')
    a = somsim_block(_write(tmp_path / "a", base, {}))
    b = somsim_block(_write(tmp_path / "b", extra, {}))
    for blk in MONEY:
        for k in KEYS:
            assert a[blk][k] == pytest.approx(GOLDEN_1_EXPECTED[blk][k], rel=1e-12, abs=1e-9)
            assert b[blk][k] == pytest.approx(GOLDEN_1_EXPECTED[blk][k], rel=1e-12, abs=1e-9)


def test_lag_beyond_the_horizon_counts_no_consequence_and_warns_once(tmp_path):
    text = GOLDEN_1.replace("discount_rate = 0.1", "discount_rate = 0.1\nconsequence_lag = 3") + (
        '\n[[consequence]]\nactivity = "b"\nper_success = [-1]\n[activity.b]\nprice = { stat = 50 }\n')
    sc = load_scenario(_write(tmp_path, text, {}))
    b = base_case_block(sc, base_case(sc))
    for k in KEYS:
        assert b["gains_pv"][k] == 0.0
    assert b["npv"]["total"] == -1000.0
    assert [w.path for w in sc.warnings].count("scenario.consequence_lag") == 1
