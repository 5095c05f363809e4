"""Honest summaries of the inputs: a reconstruction's quotable sentence says its spreads are assumed
(console, report, workbook; da and en), and the count of inputs with a source, assumptions and neither
adds up, each input counted once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.present import tables as TB
from somsim.present.headline import headline_sentence, is_reconstruction
from somsim.present.report.method import method_notes
from somsim.scenario.loader import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
ASSUMED = {"da": " – med spredninger, vi har antaget; den offentliggjorte beregning giver kun et punktestimat",
           "en": " — with spreads we assumed; the published case gives only a point estimate"}
# the method note's count, in each language: total, sourced, (of them also marked), assumed, neither
COUNT = {"da": r"Af de (\d+) usikre input har (\d+) en kilde(?: \(heraf markerer (\d+) [^)]*\))?, (\d+) er antagelser "
               r"uden kilde \(markeret i noten\), og (\d+) har hverken kilde eller markering som antagelse",
         "en": r"Of the (\d+) uncertain inputs, (\d+) have a source(?: \((\d+) of them [^)]*\))?, (\d+) are assumptions "
               r"without a source \(marked in their note\), and (\d+) have neither a source nor an assumption mark"}


def _doc(prob_positive=0.995):
    """A small summary document with an uncertainty block (one actor, three years)."""
    npv = {"total": 430993.0}
    return {"perspective": "total", "draws": 1000, "sampler": "random", "seed": 1,
            "base_case": {"npv": npv, "npv_per_participant": {"total": 7981.0}},
            "uncertainty": {"npv": {"total": {"p05": 1.0e5, "p95": 9.0e5, "prob_positive": prob_positive,
                                              "mcse": 1000.0}},
                            "break_even_year": {"total": {"prob_by_year": [0.1, 0.6, 0.9]}}}}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_sentence_of_a_reconstruction_says_its_spreads_are_assumed(lang):
    plain = headline_sentence(_doc(), "total", lang, numbers=lang)
    marked = headline_sentence(_doc(), "total", lang, numbers=lang, assumed_spreads=True)
    assert marked == plain + ASSUMED[lang]
    assert "> 99" in marked
    # a base case (no spreads at all) has nothing to qualify
    base = {k: v for k, v in _doc().items() if k != "uncertainty"}
    assert headline_sentence(base, "total", lang, assumed_spreads=True) == headline_sentence(base, "total", lang)


def test_the_bundled_reconstructions_are_recognised_and_the_fictional_example_is_not():
    for path in SCENARIOS:
        assert is_reconstruction(load_scenario(path)) is ("fiktiv" not in path.name), path.name


@pytest.mark.parametrize("lang", ["da", "en"])
def test_run_and_its_workbook_say_the_spreads_are_assumed(tmp_path, lang):
    import openpyxl

    for name, recon in (("keep-2019", True), ("ungementor-fiktiv", False)):
        xlsx = tmp_path / f"{name}-{lang}.xlsx"
        res = CliRunner().invoke(main, ["run", str(ROOT / "scenarios" / f"{name}.toml"), "--draws", "500",
                                        "--xlsx", str(xlsx), "--lang", lang], env={"COLUMNS": "400"})
        assert res.exit_code == 0, res.output
        sentences = [ln for ln in res.stdout.splitlines() if ln.startswith(("NPV, ", "Nettonutidsværdi, "))]
        assert sentences and all(s.endswith(ASSUMED[lang]) is recon for s in sentences), res.stdout
        a3 = openpyxl.load_workbook(xlsx).worksheets[0]["A3"].value
        assert a3.endswith(ASSUMED[lang]) is recon


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_count_of_inputs_adds_up(path, lang):
    sc = load_scenario(path)
    rows = TB.input_rows(sc, lang)
    c = TB.assumption_counts(rows)
    assert c["uncertain"] == sum(r["uncertain"] for r in rows) > 0
    assert c["sourced"] + c["assumed"] + c["neither"] == c["uncertain"]
    assert 0 <= c["sourced_assumed"] <= c["sourced"]
    note = next(n["text"] for n in method_notes(sc, {}, c, lang, {}) if n["head"] in
                ("Rekonstrueret og antaget", "Reconstructed and assumed"))
    m = re.search(COUNT[lang], note)
    assert m, note
    n, sourced, both, assumed, neither = (int(x) if x else 0 for x in m.groups())
    assert (n, sourced, both, assumed, neither) == (c["uncertain"], c["sourced"], c["sourced_assumed"], c["assumed"],
                                                    c["neither"])
    assert sourced + assumed + neither == n


CASE = '''somsim = 1

[scenario]
id = "counts"
price_year = 2020
horizon = 3
discount_rate = { dist = "uniform", low = 0.02, high = 0.05, source = "Finansministeriet", note = "Antagelse: bredden" }

[intervention]
name = "x"
cohorts = [10]
success_rate = { dist = "beta", mean = 0.3, sd = 0.05, note = "Antagelse: et skøn" }

[[cost]]
name = "Drift"
actor = "kommune"
per_participant = { dist = "pert", min = 8000, mode = 10000, max = 15000, note = "Fra budgettet" }

[[cost]]
name = "Andet"
actor = "kommune"
per_participant = { dist = "pert", min = 800, mode = 1000, max = 1500 }

[[cost]]
name = "Kilde"
actor = "kommune"
per_participant = { dist = "pert", min = 800, mode = 1000, max = 1500, source = "Regnskab 2019" }
'''


def test_each_input_is_counted_once_a_source_first():
    sc = Scenario.from_text(CASE, "counts.toml")
    c = TB.assumption_counts(TB.input_rows(sc, "en"))
    # discount rate: source and an assumption mark -> sourced (and counted among sourced_assumed);
    # success rate: marked, no source -> assumed; Drift: a note without the mark and Andet: nothing -> neither;
    # Kilde: a source -> sourced
    assert c == {"uncertain": 5, "sourced": 2, "sourced_assumed": 1, "assumed": 1, "neither": 2}


def test_the_rates_of_section_6_inherit_the_intervention_note():
    sc = load_scenario(ROOT / "scenarios" / "ungementor-fiktiv.toml")
    rows = {r["name"]: r for r in TB.input_rows(sc, "en")}
    for name in ("success_rate.gross", "success_rate.baseline", "completion_rate"):
        assert "Antagelse" in rows[name]["note"], name
