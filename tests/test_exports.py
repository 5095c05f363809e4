"""somsim.present.exports and `somsim run --xlsx/--csv`: the workbook and the CSV files hold the numbers of
summary.json, formatted for Excel (kroner, percentages, frozen headers, filters) and for scripts."""

from __future__ import annotations

import csv
import json
import math
import os

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from somsim.cli import main
from somsim.present import tables as TB
from somsim.present.exports import write_csv, write_xlsx

from .report_cases import SCENARIOS, case

ACTORS = ("total", "kommune", "region", "stat")


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-9)


@pytest.fixture(scope="module")
def run():
    path = next(p for p in SCENARIOS if "aarhus" in p.name)
    sc, doc, _, _ = case(str(path))
    return sc, doc


@pytest.mark.parametrize("lang", ["da", "en"])
def test_xlsx_holds_the_numbers_of_summary_json(tmp_path, run, lang):
    sc, doc = run
    path = tmp_path / "t.xlsx"
    write_xlsx(path, sc, doc, lang=lang)
    wb = load_workbook(path)
    names = {"da": ["Resumé", "År for år", "Aktiviteter", "Input", "Konsekvenser", "Om"],
             "en": ["Summary", "By year", "Activities", "Inputs", "Consequences", "About"]}[lang]
    assert wb.sheetnames == names
    ws = wb[names[0]]
    assert ws["A1"].value == sc.title
    header = [c.value for c in ws[5]]
    assert header[1:] == [TB.actor_label(a, lang) for a in ACTORS]
    labels = {ws.cell(row=r, column=1).value: r for r in range(6, ws.max_row + 1)}
    b, u = doc["base_case"], doc["uncertainty"]
    npv_row = labels["Nettonutidsværdi (basis)" if lang == "da" else "Net present value (base case)"]
    p05_row = labels["Nettonutidsværdi, 5 %-fraktil" if lang == "da" else "Net present value, 5th percentile"]
    prob_row = labels["Sandsynlighed for et positivt resultat" if lang == "da" else "Chance of a positive result"]
    for j, a in enumerate(ACTORS, start=2):
        assert _close(ws.cell(row=npv_row, column=j).value, b["npv"][a])
        assert _close(ws.cell(row=p05_row, column=j).value, u["npv"][a]["p05"])
        assert _close(ws.cell(row=prob_row, column=j).value, u["npv"][a]["prob_positive"])
    assert ws.cell(row=npv_row, column=2).number_format == '#,##0 "kr."'
    assert ws.cell(row=prob_row, column=2).number_format == "0.0%"
    assert ws.freeze_panes == "B6"

    ws = wb[names[1]]
    head = [c.value for c in ws[1]]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4 * doc["horizon"]
    bands = u["cumulative_npv_by_year"]
    col = {k: head.index(v) for k, v in (("year", head[1]), ("cum", head[5]), ("p05", head[7]), ("p95", head[11]))}
    for i, a in enumerate(ACTORS):
        for t in range(doc["horizon"]):
            r = rows[i * doc["horizon"] + t]
            assert r[0] == TB.actor_label(a, lang) and r[col["year"]] == t
            assert _close(r[col["cum"]], b["by_year"]["cumulative_npv"][a][t])
            assert _close(r[col["p05"]], bands[a]["p05"][t]) and _close(r[col["p95"]], bands[a]["p95"][t])

    ws = wb[names[3]]
    inputs = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    for p in sc.inputs:
        assert p.name in inputs and _close(inputs[p.name][5], p.used.point)  # shown = used (price year)
    sourced = [r for r in inputs.values() if r[8]]
    assert sourced, "sources are exported"
    assert ws.column_dimensions["I"].width == 60


def test_csv_holds_the_numbers_of_summary_json(tmp_path, run):
    sc, doc = run
    write_csv(tmp_path / "csv", sc, doc)
    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert files == ["about.csv", "activities.csv", "by_year.csv", "consequences.csv", "inputs.csv", "summary.csv"]
    with open(tmp_path / "csv" / "summary.csv", encoding="utf-8", newline="") as f:
        rows = {r["actor"]: r for r in csv.DictReader(f)}
    u = doc["uncertainty"]["npv"]
    for a in ACTORS:
        assert float(rows[a]["npv"]) == doc["base_case"]["npv"][a]  # exactly: full precision
        assert float(rows[a]["npv_p95"]) == u[a]["p95"]
        assert float(rows[a]["prob_positive"]) == u[a]["prob_positive"]
    with open(tmp_path / "csv" / "by_year.csv", encoding="utf-8", newline="") as f:
        by = list(csv.DictReader(f))
    t = by[3]
    assert t["actor"] == "total" and int(t["year"]) == 3
    assert float(t["cumulative_npv_p50"]) == doc["uncertainty"]["cumulative_npv_by_year"]["total"]["p50"][3]


def test_run_writes_xlsx_and_csv_atomically(tmp_path):
    path = str(next(p for p in SCENARIOS if "keep" in p.name))
    res = CliRunner().invoke(main, ["run", path, "--draws", "1000", "--json", str(tmp_path / "s.json"), "--lang", "da",
                                    "--xlsx", str(tmp_path / "t.xlsx"), "--csv", str(tmp_path / "csv")])
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    ws = load_workbook(tmp_path / "t.xlsx")["Resumé"]
    npv_row = next(r for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Nettonutidsværdi (basis)")
    assert _close(ws.cell(row=npv_row, column=2).value, doc["base_case"]["npv"]["total"])
    assert not [p for p in tmp_path.rglob(".*")], "no temporary files left"
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "t.xlsx").stat().st_mode & 0o777 == 0o666 & ~mask  # an ordinary new file, not 0600


def test_base_case_only_export(tmp_path, run):
    from somsim.present.report import summary_document

    sc, _ = run
    doc = summary_document(sc)
    write_xlsx(tmp_path / "b.xlsx", sc, doc, lang="en")
    ws = load_workbook(tmp_path / "b.xlsx")["Summary"]
    first = [ws.cell(row=r, column=1).value for r in range(6, ws.max_row + 1)]
    assert "Net present value (base case)" in first and "Chance of a positive result" not in first
    write_csv(tmp_path / "c", sc, doc)
    assert (tmp_path / "c" / "by_year.csv").read_text(encoding="utf-8").startswith("actor,year,gains")


def test_scenario_text_starting_with_equals_is_text_not_a_formula(tmp_path):
    from somsim.present.report import summary_document
    from somsim.scenario.loader import Scenario

    from .report_cases import hostile_text

    text = hostile_text()
    assert text.count('\ntitle = "') >= 1 and text.count('\nnote = "') >= 1  # the first: the scenario's
    text = text.replace('\ntitle = "', '\ntitle = "=1+1 ', 1).replace('\nnote = "', '\nnote = "=HYPERLINK(1) ', 1)
    sc = Scenario.from_text(text, "hostile.toml")
    write_xlsx(tmp_path / "h.xlsx", sc, summary_document(sc), lang="en")
    wb = load_workbook(tmp_path / "h.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert wb["Summary"]["A1"].value == sc.title and sc.title.startswith("=1+1")
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK(1)") for c in cells)


def test_an_overridden_price_shows_its_own_source_never_the_librarys():
    """Issue 12/14: a consequence whose every price is overridden shows the override's source and note only."""
    from somsim.present.tables import activity_rows
    from somsim.scenario.loader import Scenario

    text = '''somsim = 1
[scenario]
id = "override"
price_year = 2019
horizon = 4
[intervention]
name = "X"
cohorts = [10]
success_rate = 0.3
[[cost]]
name = "Drift"
per_participant = 1000
[[consequence]]
activity = "skole"
per_success = [-0.1]
price = { kommune = { dist = "gamma", mean = 410000, sd = 60000, source = "Egen opgørelse 2019", note = "Antagelse: lokal pris" } }
[activity.skole]
price = { kommune = 300000 }
source = "Biblioteket, KL 2015"
note = "bibliotekets note"
'''
    sc = Scenario.from_text(text, "override.toml")
    (row,) = activity_rows(sc, {"base_case": {}}, "da")
    assert "Egen opgørelse 2019" in row["source"] and "Biblioteket" not in row["source"]
    assert "lokal pris" in row["note"] and "bibliotekets" not in row["note"]
    # an actor that still uses the library's price keeps the library's source
    text2 = text.replace("price = { kommune = 300000 }", "price = { kommune = 300000, stat = 1000 }")
    (row2,) = activity_rows(Scenario.from_text(text2, "override.toml"), {"base_case": {}}, "da")
    assert "Egen opgørelse 2019" in row2["source"] and "Biblioteket" in row2["source"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_committees_in_the_workbook_and_csv(tmp_path, lang):
    """§6.5: with [udvalg] the summary sheet, the by-year sheet and the CSV files have the committees after the
    actors, with the numbers of summary.json."""
    path = next(p for p in SCENARIOS if p.stem == "ungementor-fiktiv")
    sc, doc, _, _ = case(str(path))
    keys = list(sc.committees.keys)
    write_xlsx(tmp_path / "t.xlsx", sc, doc, lang=lang)
    wb = load_workbook(tmp_path / "t.xlsx")
    ws = wb.worksheets[0]
    header = [c.value for c in ws[5]]
    assert header[1:] == [TB.actor_label(a, lang) for a in (*ACTORS, *keys)]
    assert header[-3:] == [k.split(":", 1)[1] for k in keys]
    labels = {ws.cell(row=r, column=1).value: r for r in range(6, ws.max_row + 1)}
    npv_row = labels["Nettonutidsværdi (basis)" if lang == "da" else "Net present value (base case)"]
    p95_row = labels["Nettonutidsværdi, 95 %-fraktil" if lang == "da" else "Net present value, 95th percentile"]
    for j, k in enumerate(keys, start=2 + len(ACTORS)):
        assert _close(ws.cell(row=npv_row, column=j).value, doc["base_case"]["npv"][k])
        assert _close(ws.cell(row=p95_row, column=j).value, doc["uncertainty"]["npv"][k]["p95"])
    by_year_actors = {r[0].value for r in wb.worksheets[1].iter_rows(min_row=2) if r[0].value}
    assert {k.split(":", 1)[1] for k in keys} <= by_year_actors
    write_csv(tmp_path / "csv", sc, doc)
    with open(tmp_path / "csv" / "summary.csv", encoding="utf-8", newline="") as f:
        rows = {r["actor"]: r for r in csv.DictReader(f)}
    for k in keys:
        assert float(rows[k]["npv"]) == doc["base_case"]["npv"][k]
