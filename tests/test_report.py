"""somsim.present.report and `somsim report`: a self-contained HTML report of every bundled scenario in Danish
and English, with the headline (interval and probability), every plot, the tables, the inputs with
their sources, method notes and provenance; user text always escaped."""

from __future__ import annotations

import base64
import html as H
import re

import pytest
from click.testing import CliRunner

from somsim._text import kr, kr_range, share
from somsim.cli import main
from somsim.present.headline import headline_sentence, is_reconstruction
from somsim.scenario.loader import Scenario

from .report_cases import DRAWS, HOSTILE, SCENARIOS, case, hostile_text, html


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the English messages; both languages are tested in test_language.py."""
    monkeypatch.setenv("SOMSIM_LANG", "en")


IDS = [p.stem for p in SCENARIOS]


def _imgs(page: str) -> list[str]:
    return re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)


def _text(page: str) -> str:
    """The page's visible text, roughly (tags dropped, entities decoded)."""
    return H.unescape(re.sub(r"<[^>]+>", " ", page))


def test_scenarios_are_bundled():
    assert len(SCENARIOS) >= 4, "the published cases live in scenarios/*.toml"


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("path", SCENARIOS, ids=IDS)
def test_report_of_every_bundled_scenario(path, lang):
    sc, doc, _npv, _ = case(str(path))
    page = html(str(path), lang)
    text = _text(page)
    u = doc["uncertainty"]["npv"]["total"]
    # the headline with its interval and probability, in the report's number format; a reconstruction's
    # quotable sentence says its spreads are assumed (the published case gives only a point estimate)
    recon = "fiktiv" not in path.name
    assert is_reconstruction(sc) is recon
    assert headline_sentence(doc, "total", lang, numbers=lang, assumed_spreads=recon) in text
    assumed = {"da": "med spredninger, vi har antaget; den offentliggjorte beregning giver kun et punktestimat",
               "en": "with spreads we assumed; the published case gives only a point estimate"}[lang]
    assert (assumed in text) is recon
    assert kr(doc["base_case"]["npv"]["total"], lang) in text
    assert kr_range(u["p05"], u["p95"], lang) in text
    assert share(u["prob_positive"], lang) in text
    # every plot is an embedded PNG
    imgs = _imgs(page)
    assert len(imgs) >= 5
    for b64 in imgs:
        assert base64.b64decode(b64)[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.count("<img ") == len(imgs)
    # sections: tables by actor, per participant, by year; inputs; method; provenance
    words = {"da": ["Resultat efter aktør", "pr. deltager", "År for år", "Input", "Metode", "Hvad SØM ikke tæller",
                    "Proveniens"],
             "en": ["Result by actor", "per participant", "Year by year", "Inputs", "Method",
                    "What SØM does not count", "Provenance"]}[lang]
    # the four published cases are reconstructions and say so; the fifth example says it is fictional
    words.append("FIKTIVT EKSEMPEL" if "fiktiv" in path.name else {"da": "Rekonstruktion", "en": "Reconstruction"}[lang])
    for w in words:
        assert w in text, w
    assert sc.sha256 in text and "--seed 1" in text and f"{DRAWS:,}".replace(",", "." if lang == "da" else ",") in text
    for p in sc.inputs:
        assert p.name in text
    # self-contained: no scripts, no external resources, a policy that forbids them
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert not re.search(r'(src|href)="(?!data:|#)', page)
    assert "default-src 'none'" in page
    assert f'<html lang="{lang}">' in page


def test_danish_number_format():
    path = str(next(p for p in SCENARIOS if "cool-kids-2019" in p.name))
    text = _text(html(path, "da"))
    assert "mio. kr." in text and "DKK" not in text
    assert re.search(r"\d{1,3}\.\d{3} kr\.", text)  # 81.000 kr.
    text = _text(html(path, "en"))
    assert "DKK" in text and "mio. kr." not in text.split("Provenance")[0].replace("(mio. kr.", "")


def test_hostile_text_is_escaped():
    from somsim.present.report import render, report_context, summary_document
    from somsim.simulation.engine import simulate

    sc = Scenario.from_text(hostile_text(), "hostile.toml")
    r = simulate(sc, draws=1000, seed=1)
    doc = summary_document(sc, r)
    for lang in ("da", "en"):
        page = render(report_context(sc, doc, lang=lang, npv_draws=r.npv))
        assert "<script" not in page.lower()
        assert "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&#34;quoted&#34;" in page or "&quot;quoted&quot;" in page
        assert "&#39;single&#39;" in page or "&#x27;single&#x27;" in page
        # the escaped text is still shown to the reader, verbatim
        assert _text(page).count(HOSTILE) >= 5
        # and attributes are not broken out of
        assert not re.search(r'alt="[^"]*<', page)


def test_base_case_only_report():
    from somsim.present.report import build_report

    sc = Scenario.from_text(hostile_text(), "hostile.toml")
    page = build_report(sc, draws=0, lang="en")
    assert "Base case only" in page and len(_imgs(page)) == 1  # the waterfall


def test_sensitivity_and_voi_sections():
    path = str(next(p for p in SCENARIOS if "keep" in p.name))
    _sc, _doc, _npv, an = case(path, True)
    assert an["failed"] == []
    assert {"tornado", "sobol", "sobol_by_year"} <= set(an)
    page = html(path, "da", True)
    for fid in ("fig-tornado", "fig-sobol", "fig-sobol-year"):
        assert f'id="{fid}"' in page
    assert "Hvornår skifter resultatet fortegn?" in page
    assert an["voi"]["certain"] or 'id="fig-voi"' in page
    assert len(_imgs(page)) >= 8
    # a consequence's shock in the inputs table: its profile and 90 % range as shares of the estimate, never z
    from somsim.present.effects import effect_text

    text = re.sub(r"\s+", " ", _text(page))
    assert f"{effect_text(_sc, 'consequence.anbringelse_doegninstitution', 'da')} – 42 %–158 % af skønnet" in text
    assert "standardnormal" not in text


def test_voi_without_the_draws_inputs_is_not_called_certain():
    # a close decision (P(NPV > 0) = 1/2) from a run that kept no inputs per draw: the report must not say
    # the decision is all but certain; it says the VOI could not be computed
    from somsim.present.report import analyses as RA
    from somsim.present.report import summary_document
    from somsim.simulation.engine import simulate

    sc = Scenario.from_text("""somsim = 1
[scenario]
id = "close"
price_year = 2020
horizon = 1
discount_rate = 0.0
[intervention]
name = "x"
cohorts = [10]
success_rate = { dist = "uniform", low = 0.0, high = 1.0 }
[[cost]]
name = "Drift"
per_participant = 500
[[consequence]]
activity = "a"
per_success = [-1.0]
[activity.a]
price = { kommune = 1000 }
""", "close.toml")
    r = simulate(sc, draws=DRAWS, seed=1, keep_draws=False)
    assert r.inputs is None and 0.4 < r.summary["npv"]["total"]["prob_positive"] < 0.6
    an = RA.compute(sc, summary_document(sc, r), result=r, have={"tornado", "sobol", "sobol_by_year"})
    assert "voi" not in an and [w for w, _ in an["failed"]] == ["voi"]


def test_cli_report_writes_html_xlsx_and_csv(tmp_path):
    path = str(next(p for p in SCENARIOS if "cool-kids-2019" in p.name))
    out = tmp_path / "r.html"
    res = CliRunner().invoke(main, ["report", path, "--out", str(out), "--lang", "en", "--draws", "1000",
                                    "--no-analyses", "--xlsx", str(tmp_path / "t.xlsx"),
                                    "--csv", str(tmp_path / "csv")])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "NPV, total:" in page
    assert (tmp_path / "t.xlsx").stat().st_size > 0 and (tmp_path / "csv" / "summary.csv").exists()
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


@pytest.mark.parametrize("args,msg", [(["--lang", "de"], "de"), (["--draws", "many"], "whole number")])
def test_cli_report_bad_arguments(tmp_path, args, msg):
    path = str(SCENARIOS[0])
    out = tmp_path / "r.html"
    res = CliRunner().invoke(main, ["report", path, "--out", str(out), *args])
    assert res.exit_code == 2 and msg in res.output and not out.exists()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_committees_and_base_mean_median_in_the_report(lang):
    """§6.5/§6.6: with [udvalg] the report has a 'who pays, who gains' section naming every committee with its
    base-case NPV and band, a plot of them, and the base/mean/median sentence beside the headline."""
    from somsim.present.notes import base_mean_median
    from somsim.present.report.format import kilo

    path = next(p for p in SCENARIOS if p.stem == "ungementor-fiktiv")
    sc, doc, _npv, _ = case(str(path))
    page = html(str(path), lang)
    assert 'id="committees"' in page and 'id="fig-committees"' in page
    section = _text(page.split('<section id="committees">')[1].split("</section>")[0])
    assert {"da": "Hvem betaler, hvem får gevinsten", "en": "Who pays, who gains"}[lang] in section
    assert sc.committees is not None and len(sc.committees.keys) == 3
    for k in sc.committees.keys:
        assert k.split(":", 1)[1] in section
        assert kilo(doc["base_case"]["npv"][k], lang) in section
        assert kilo(doc["uncertainty"]["npv"][k]["p95"], lang) in section
    # the committees add up to the kommune
    assert sum(doc["base_case"]["npv"][k] for k in sc.committees.keys) == pytest.approx(
        doc["base_case"]["npv"]["kommune"], rel=1e-9)
    bmm = base_mean_median(doc, sc.perspective, lang)
    assert bmm and bmm in _text(page.split("</header>")[0])
    # the table by actor has the committees too
    tables = _text(page.split('<section id="tables">')[1].split("</section>")[0])
    assert all(k.split(":", 1)[1] in tables for k in sc.committees.keys)


def test_no_committee_section_without_udvalg():
    path = next(p for p in SCENARIOS if "cool-kids-2019" in p.name)
    assert 'id="committees"' not in html(str(path), "da")
