"""The bundled activity library (somsim:dk-activities), `somsim library`, and the price index.

Every activity has a source or a marked assumption; every index year is sourced (the monthly
figures it averages, or a marked assumption); the index is monotone where it should be; the
conversions are exact; the README table is generated from the TOML.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.errors import ScenarioError
from somsim.scenario.bundled import bundled_names, bundled_path
from somsim.scenario.catalog import catalogue, fold, search
from somsim.scenario.loader import Scenario

ROOT = Path(__file__).resolve().parents[1]
LIB = bundled_path("dk-activities")
DOMAINS = ("overførselsindkomster", "skat", "sundhed", "psykiatri", "misbrug", "politi", "børn", "skole",
           "uddannelse", "voksne", "handicap")


def _raw() -> dict:
    assert LIB is not None
    return tomllib.loads(LIB.read_text(encoding="utf-8"))


def test_the_library_is_bundled_and_has_at_least_60_activities_across_the_domains():
    assert "dk-activities" in bundled_names()
    cat = catalogue("dk-activities")
    assert len(cat.entries) >= 60
    domains = " ".join(e.domain for e in cat.entries).lower()
    missing = [d for d in DOMAINS if fold(d) not in fold(domains)]
    assert len(missing) <= 2, f"domains not covered: {missing}"


def test_every_activity_has_unit_kind_year_prices_and_a_source_or_a_marked_assumption():
    for e in catalogue("dk-activities").entries:
        assert e.unit and e.kind in ("expenditure", "revenue") and 2015 <= e.price_year <= 2025, e.key
        assert e.price, f"{e.key}: no actor pays anything"
        assert e.source.strip() or "antagelse:" in e.note.lower(), f"{e.key}: neither a source nor 'Antagelse:'"
        for a, d in e.price.items():
            lo, hi = d.ppf([0.025, 0.975]) if not d.is_fixed else (d.point, d.point)
            assert lo <= d.point <= hi, (e.key, a)


def test_rates_are_not_indexed_and_their_unit_is_money():
    rates = [e for e in catalogue("dk-activities").entries if not e.indexed]
    assert {e.key for e in rates} == {"skat_pr_1000_loenindkomst", "skat_pr_1000_overfoerselsindkomst"}
    assert all("1.000 kr." in e.unit for e in rates)


def test_every_index_year_is_sourced_monthly_averages_or_a_marked_assumption():
    text = LIB.read_text(encoding="utf-8")
    raw = _raw()
    index = {int(y): v for y, v in raw["price_index"].items()}
    notes = raw["library"]["price_index_notes"]
    assert raw["library"]["price_index_source"].startswith("Danmarks Statistik, Nettoprisindeks")
    months = {int(m.group(1)): [float(x.replace(",", ".")) for x in m.group(2).split()]
              for m in re.finditer(r"^# (\d{4}): gns\. af ((?:[\d,]+ ){11}[\d,]+) = ", text, re.M)}
    for y, v in index.items():
        if str(y) in notes:
            assert notes[str(y)].startswith("Antagelse:"), y
            continue
        assert len(months[y]) == 12, y
        assert round(sum(months[y]) / 12, 1) == pytest.approx(v, abs=1e-9), y
    assert set(notes) == {"2024", "2025"}
    # 2024: the average of the six published months; 2025: 2024 × (1 + 1.9 %), rounded
    assert index[2025] == pytest.approx(round(index[2024] * 1.019, 1), abs=1e-9)
    assert list(index) == list(range(2015, 2026)), "every year from 2015 through 2025"


def test_the_index_is_monotone_except_where_it_fell():
    index = {int(y): v for y, v in _raw()["price_index"].items()}
    ys = sorted(index)
    # the annual net price index has not fallen in any year 2015-2025 (monthly dips, e.g. 2023, average out)
    assert all(index[b] >= index[a] for a, b in zip(ys, ys[1:]))


def test_conversions_are_exact_factor_index_to_over_index_from():
    raw = _raw()
    index = {int(y): v for y, v in raw["price_index"].items()}
    sc = Scenario.from_text(_case(2023, "straffesag_dom", "faengselsdag"), ROOT / "x.toml")
    for c in sc.consequences:
        f = index[2023] / index[c.activity.price_year]
        assert c.price_factor["stat"] == f  # exactly the ratio, no rounding


def _case(year: int, *activities: str, extra: str = "") -> str:
    cons = "".join(f'\n[[consequence]]\nactivity = "{a}"\nper_success = [-1.0]\n' for a in activities)
    return f'''somsim = 1
include = ["somsim:dk-activities"]
[scenario]
id = "lib-case"
price_year = {year}
horizon = 3
discount_rate = 0.035
[intervention]
name = "x"
cohorts = [10]
success_rate = 0.5
[[cost]]
name = "drift"
actor = "kommune"
amount = 1000
{cons}{extra}'''


def test_an_unknown_bundled_library_is_refused_with_the_names():
    with pytest.raises(ScenarioError) as e:
        Scenario.from_text(_case(2023, "straffesag_dom").replace("somsim:dk-activities", "somsim:dk-activites"),
                           ROOT / "x.toml")
    assert "unknown bundled library" in str(e.value) and "somsim:dk-activities" in str(e.value)


@pytest.mark.parametrize(("words", "expected"), [
    ("anbringelse", "anbringelse_plejefamilie"), ("plejefamilie", "anbringelse_plejefamilie"),
    ("faengsel", "faengselsdag"), ("fængsel", "faengselsdag"), ("FÆNGSEL", "faengselsdag_lukket"),
    ("specialskole", "specialskole_elevaar"), ("kontanthjælp forsørger", "kontanthjaelp_forsoerger"),
])
def test_search_finds_activities_by_danish_words(words, expected):
    assert expected in [e.key for e in search(catalogue(), words)]


def test_search_needs_every_word():
    assert search(catalogue(), "anbringelse kontanthjælp") == []


def test_library_command_lists_searches_and_shows():
    r = CliRunner().invoke(main, ["library", "search", "anbringelse"], env={"COLUMNS": "250"})
    assert r.exit_code == 0 and "anbringelse_plejefamilie" in r.output and "470.000 kr." in r.output
    r = CliRunner().invoke(main, ["library", "list", "--lang", "en"], env={"COLUMNS": "250"})
    assert r.exit_code == 0 and "78 of 78 activities" in r.output and "2025: 121 (assumption, not published)" in r.output
    r = CliRunner().invoke(main, ["library", "show", "straffesag_dom"], env={"COLUMNS": "250"})
    assert r.exit_code == 0 and "2020" in r.output and "stat 50.000 kr." in r.output and "kilde" in r.output
    r = CliRunner().invoke(main, ["library", "show", "straffesag", "--lang", "en"])
    assert r.exit_code == 2 and "did you mean" in r.output
    r = CliRunner().invoke(main, ["library", "show", "straffesag", "--lang", "da"])
    assert r.exit_code == 2 and "mente du 'straffesag_dom'" in r.output
    r = CliRunner().invoke(main, ["library", "search"])
    assert r.exit_code == 2


def test_the_readme_table_is_up_to_date_and_lists_every_activity():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "library_table.py"), "--check"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    readme = (ROOT / "distributions" / "README.md").read_text(encoding="utf-8")
    for e in catalogue().entries:
        assert f"| `{e.key}` |" in readme


def test_the_frozen_library_is_unchanged():
    # the four bundled reconstructions include it: its numbers must not move (their summary.json is golden)
    raw = tomllib.loads((ROOT / "distributions" / "dk-activities.toml").read_text(encoding="utf-8"))
    assert raw["price_index"] == {"2017": 101.4, "2018": 102.2, "2019": 103.0, "2020": 103.4, "2021": 105.3,
                                  "2022": 113.5}
    assert raw["activity"]["straffesag_dom"]["price"]["stat"]["median"] == 50000
