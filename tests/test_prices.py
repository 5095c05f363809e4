"""Prices people can trust (scenario-format.md §6.7): shown = used, today's price level, rates, Danish habits.

The "Done when" of issue #12: a 2025 case written from the template with library activities only runs
without touching the index; the base case re-computed from the prices that `check` and the report show
is the base case; 300.000, 3.5 and a normal price with material mass below 0 are refused with the fix
(also in tests/malformed/), and a normal price with negligible mass runs.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.errors import ScenarioError
from somsim.model.reference import base_case
from somsim.present import tables as TB
from somsim.results.summary import base_case_block
from somsim.scenario.loader import Scenario, load_scenario

ACTIVITIES = ("straffesag_dom", "anbringelse_plejefamilie", "faengselsdag", "specialskole_elevaar",
              "kontanthjaelp_ikke_forsoerger", "psykiatrisk_sengedag")


def _from_template(tmp_path: Path) -> Path:
    """A 2025 case written from `somsim init`'s template, using only library activities."""
    out = tmp_path / "case2025.toml"
    r = CliRunner().invoke(main, ["init", "case2025", "--out", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    text = text.replace('# include = ["somsim:dk-activities"]', 'include = ["somsim:dk-activities"]')
    text = text.replace("price_year = 2019 ", "price_year = 2025 ")
    text = text[: text.index("[[consequence]]")]  # the template's own activity goes: library activities only
    for i, a in enumerate(ACTIVITIES):
        text += f'\n[[consequence]]\nactivity = "{a}"\nper_success = [-0.{i + 1}, -0.1]\n'
    out.write_text(text, encoding="utf-8")
    assert "[price_index]" not in text
    return out


def test_a_2025_case_from_the_template_runs_without_touching_the_index(tmp_path):
    path = _from_template(tmp_path)
    sc = load_scenario(path)
    assert sc.price_year == 2025 and len(sc.consequences) == len(ACTIVITIES)
    # the bundled index reaches 2025; its value there is an assumption, and check says so
    assert any("price index for 2025 that is not a published figure" in w.message for w in sc.warnings)
    r = CliRunner().invoke(main, ["run", str(path), "--draws", "500", "--seed", "1", "--json", str(tmp_path / "s.json")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["check", str(path), "--lang", "en"], env={"COLUMNS": "400"})
    assert r.exit_code == 0 and "not a published figure" in r.output
    r = CliRunner().invoke(main, ["check", str(path)], env={"COLUMNS": "400"})  # Danish, the default
    assert r.exit_code == 0 and "advarsel: " in r.output and "ikke er et offentliggjort tal" in r.output


def _override_text(text: str, prices: dict[str, float]) -> str:
    """`text` with every consequence's prices given as overrides (plain numbers in the scenario's year)."""
    out = []
    for block in re.split(r"(?=\n\[\[consequence\]\])", text):
        m = re.search(r'activity = "([^"]+)"', block) if block.startswith("\n[[consequence]]") else None
        if m:
            own = {k.split(".")[2]: v for k, v in prices.items() if k.split(".")[1] == m.group(1)}
            block = block.rstrip("\n") + "\nprice = { " + ", ".join(f"{a} = {v!r}" for a, v in own.items()) + " }\n"
        out.append(block)
    return "".join(out)


def _npv(sc) -> dict:
    return base_case_block(sc, base_case(sc))["npv"]


def test_the_base_case_recomputed_from_the_prices_check_shows_is_the_base_case(tmp_path):
    path = _from_template(tmp_path)
    sc = load_scenario(path)
    assert any(p.converted for p in sc.params), "the case converts prices between years"
    r = CliRunner().invoke(main, ["check", str(path), "--lang", "en"], env={"COLUMNS": "400"})
    assert r.exit_code == 0, r.output
    # the inputs table: name, distribution (as used; as written beside it), point value as used at the line's end
    shown = {m.group(1): float(m.group(2).replace(",", ""))
             for m in re.finditer(r"^ +(price\.[a-z0-9_]+\.[a-z]+) .* ([0-9][0-9,]*(?:\.[0-9]+)?) *$", r.output, re.M)}
    assert set(shown) == {p.name for p in sc.inputs if p.name.startswith("price.")}
    again = Scenario.from_text(_override_text(path.read_text(encoding="utf-8"), shown), path)
    assert all(not p.converted for p in again.params)  # overrides are in the scenario's year: no conversion
    want, got = _npv(sc), _npv(again)
    # check shows at least 4 significant digits (whole kroner above 1,000): each price is within 5e-4 of the
    # one used, so the NPV recomputed from them is within 5e-4 of its gains
    gains = base_case_block(sc, base_case(sc))["gains_pv"]
    for a in want:
        assert got[a] == pytest.approx(want[a], abs=5e-4 * abs(gains[a]) + 1e-3), a


def test_the_base_case_recomputed_from_the_report_and_workbook_rows_is_the_base_case(tmp_path):
    path = _from_template(tmp_path)
    sc = load_scenario(path)
    rows = TB.input_rows(sc, "da")  # the rows of the report's input table and of the workbook
    shown = {r["name"]: r["point"] for r in rows if r["name"].startswith("price.")}
    conv = [r for r in rows if r["written_year"]]
    assert conv and all("2025-priser; kilde:" in r["distribution"] for r in conv)
    again = Scenario.from_text(_override_text(path.read_text(encoding="utf-8"), shown), path)
    want, got = _npv(sc), _npv(again)
    for a in want:
        assert got[a] == pytest.approx(want[a], rel=1e-12, abs=1e-6), a
    doc = {"base_case": base_case_block(sc, base_case(sc))}
    for ar in TB.activity_rows(sc, doc, "da"):
        for a, v in ar["price"].items():
            assert v == pytest.approx(shown.get(f"price.{ar['activity']}.{a}", 0.0), rel=1e-15)


def test_straffesag_is_shown_at_its_2025_value_with_the_2020_original_beside_it(tmp_path):
    path = _from_template(tmp_path)
    sc = load_scenario(path)
    p = next(p for p in sc.params if p.name == "price.straffesag_dom.stat")
    assert p.written_year == 2020 and p.factor == pytest.approx(121.0 / 103.9, rel=1e-15)
    assert p.used.point == 50000 * p.factor
    assert p.used.ppf(np.array([0.05]))[0] == pytest.approx(p.dist.ppf(np.array([0.05]))[0] * p.factor, rel=1e-15)
    row = next(r for r in TB.input_rows(sc, "da") if r["name"] == p.name)
    assert row["point"] == 50000 * p.factor and "kilde: lognormal(median=50000" in row["distribution"]
    assert "i 2020-priser" in row["distribution"]


def test_tornado_values_of_a_converted_price_are_in_the_scenarios_year(tmp_path):
    from somsim.sensitivity import core as S

    sc = load_scenario(_from_template(tmp_path))
    res = S.oat(sc, outputs="npv.total", switching=False)
    p = next(p for p in sc.params if p.name == "price.straffesag_dom.stat")
    row = res.results[0]["tornado"][p.name]
    assert row["point"] == pytest.approx(p.used.point, rel=1e-15)
    assert row["low_value"] == pytest.approx(float(p.used.ppf(np.array([0.05]))[0]), rel=1e-14)


# -- tax: a rate is not indexed; the tax of a year in employment by hand -------------------------

def _tax_case(year: int, activity: str, q: float) -> str:
    return f'''somsim = 1
include = ["somsim:dk-activities"]
[scenario]
id = "tax"
price_year = {year}
horizon = 1
discount_rate = 0.035
[intervention]
name = "job"
cohorts = [100]
success_rate = 0.2
[[cost]]
name = "drift"
actor = "kommune"
amount = 0
[[consequence]]
activity = "{activity}"
per_success = [{q}]
'''


def test_a_2024_case_tax_gain_equals_the_hand_calculation():
    # 100 participants × 0.2 = 20 in employment, 0.5 year each in year 0 (undiscounted).
    # Tax of a year in employment at 330.000 kr. (2024 rules, library skat_aar_beskaeftigelse):
    #   stat:    AM-bidrag 8 % × 330.000 = 26.400; bundskat 12,01 % × (303.600 − 49.700) = 30.493 → 56.893,
    #            the library's median 56.900
    #   kommune: 25,018 % × (303.600 − beskæftigelsesfradrag 32.333 − personfradrag 49.700) = 55.432,
    #            the library's median 55.400
    # gain = 20 × 0.5 × (56.900 + 55.400) = 1.123.000 kr.
    sc = Scenario.from_text(_tax_case(2024, "skat_aar_beskaeftigelse", 0.5), Path("tax.toml"))
    b = base_case_block(sc, base_case(sc))
    assert b["gains_pv"]["stat"] == pytest.approx(20 * 0.5 * 56900, abs=1e-6)
    assert b["gains_pv"]["kommune"] == pytest.approx(20 * 0.5 * 55400, abs=1e-6)
    assert b["gains_pv"]["total"] == pytest.approx(1_123_000, abs=1e-6)
    assert abs(56900 - (0.08 * 330000 + 0.1201 * (303600 - 49700))) < 10
    assert abs(55400 - 0.25018 * (303600 - round(0.1065 * 303600) - 49700)) < 40


@pytest.mark.parametrize("year", [2015, 2020, 2024, 2025])
def test_a_tax_rate_is_not_indexed_whatever_the_scenarios_year(year):
    # 20 successes × 100 (thousand kr. of extra wage) × (206 + 190) kr. per 1.000 kr., in every price year
    sc = Scenario.from_text(_tax_case(year, "skat_pr_1000_loenindkomst", 100), Path("tax.toml"))
    c = sc.consequences[0]
    assert c.price_factor == {"kommune": 1.0, "region": 1.0, "stat": 1.0}
    b = base_case_block(sc, base_case(sc))
    assert b["gains_pv"]["total"] == pytest.approx(20 * 100 * (206 + 190), abs=1e-6)


def test_indexed_false_in_a_scenarios_own_activity():
    text = _tax_case(2020, "rate", 10).replace('include = ["somsim:dk-activities"]\n', "") + '''
[activity.rate]
unit = "1.000 kr."
kind = "revenue"
price_year = 2024
indexed = false
price = { stat = 100 }
'''
    sc = Scenario.from_text(text, Path("x.toml"))  # no [price_index] needed: a rate is never converted
    assert sc.consequences[0].price_factor["stat"] == 1.0


def test_a_missing_index_year_says_how_to_add_it():
    text = _tax_case(2026, "straffesag_dom", -1)
    with pytest.raises(ScenarioError) as e:
        Scenario.from_text(text, Path("x.toml"))
    msg = str(e.value)
    for part in ("no value for 2026", "add 2026 = <index> to a [price_index] table", "PRIS116",
                 "on the same base as the years it has (2015 = 100)"):
        assert part in msg, part


# -- Danish number habits ------------------------------------------------------------------------

MIN = _tax_case(2024, "straffesag_dom", -1)


@pytest.mark.parametrize(("old", "new", "fix"), [
    ("amount = 0", "amount = 300.000", "for 300.000 kr. write 300000 or 300_000"),
    ("amount = 0", "amount = { dist = \"pert\", min = 1.250, mode = 2000, max = 3000 }", "write 1250 or 1_250"),
    ("discount_rate = 0.035", "discount_rate = 3.5", "did you mean 0.035?"),
    ("discount_rate = 0.035", "discount_rate = { dist = \"uniform\", low = 2, high = 5 }", "did you mean 0.035?"),
    ("per_success = [-1]", "per_success = [-1]\nprice = { stat = { dist = \"normal\", mean = 50000, sd = 25000 } }",
     "probability 0.023 below 0"),
])
def test_danish_habits_are_refused_with_the_fix(old, new, fix):
    with pytest.raises(ScenarioError) as e:
        Scenario.from_text(MIN.replace(old, new), Path("x.toml"))
    assert fix in str(e.value)


def test_three_decimals_in_non_money_values_are_fine():
    sc = Scenario.from_text(MIN.replace("success_rate = 0.2", "success_rate = 0.125")
                            .replace("per_success = [-1]", "per_success = [-1.250]"), Path("x.toml"))
    assert sc.success_rate.point == 0.125 and sc.consequences[0].per_success == (-1.25,)


def test_a_normal_price_with_negligible_mass_below_zero_runs_truncated_at_zero(tmp_path):
    text = MIN.replace("per_success = [-1]",
                       "per_success = [-1]\nprice = { stat = { dist = \"normal\", mean = 50000, sd = 10000 } }")
    path = tmp_path / "n.toml"
    path.write_text(text, encoding="utf-8")
    sc = load_scenario(path)
    d = next(p for p in sc.params if p.name == "price.straffesag_dom.stat").dist
    assert d.family == "truncnormal" and d.canon == (50000.0, 10000.0, 0.0, math.inf) and d.point == 50000
    assert any("sampled as the normal truncated at 0" in w.message for w in sc.warnings)
    r = CliRunner().invoke(main, ["check", str(path), "--lang", "en"], env={"COLUMNS": "300"})
    assert r.exit_code == 0 and "truncated at 0" in r.output
    r = CliRunner().invoke(main, ["check", str(path), "--lang", "da"], env={"COLUMNS": "300"})
    assert r.exit_code == 0 and "trunkeret ved 0 (trunkeret normal: middel 50.000, sd 10.000, fra 0)" in r.output
    r = CliRunner().invoke(main, ["run", str(path), "--draws", "2000", "--seed", "2", "--json", str(tmp_path / "s.json")])
    assert r.exit_code == 0, r.output
    import json

    u = json.loads((tmp_path / "s.json").read_text())["uncertainty"]["npv"]["stat"]
    # NPV = 20 successes × 50.000 × price/50.000: mean 1.000.000, sd 200.000 (truncation changes < 1e-6)
    assert u["mean"] == pytest.approx(1_000_000, abs=4 * 200_000 / math.sqrt(2000))
