"""The report's decision sections: a comparison with other options, and what the local data changed.

Each number in a section is checked against the document it comes from (the ``somsim.compare/1``
document, the summary of a run on the prior and on the posterior), in Danish and in English.
"""

from __future__ import annotations

import html as _html
import re

import pytest
from click.testing import CliRunner
from scipy import stats

from somsim._text import kr, share
from somsim.cli import main
from somsim.decide import compare as C
from somsim.decide import update as U
from somsim.present.locale import strings
from somsim.present.report import build_report, summary_document
from somsim.scenario.loader import Scenario
from somsim.simulation.engine import simulate

from .test_compare import OPTION, PRICE, _option

DRAWS, SEED = 2000, 7
A = OPTION.format(id="a", s='{ dist = "beta", alpha = 3, beta = 9 }', v='{ dist = "gamma", mean = 20000, '
                  'sd = 2000 }', price=PRICE, discount=0)
OBS = '\n[[observation]]\ninput = "success_rate"\nk = 12\nn = 40\nsource = "pilot 2024"\n'


def _section(page: str, sid: str) -> str:
    i = page.index(f'<section id="{sid}">')
    return _html.unescape(page[i:page.index("</section>", i)])


def _rows(section: str, cls: str) -> list[list[str]]:
    i = section.index(f'<table class="{cls}">')
    body = section[section.index("<tbody>", i):section.index("</tbody>", i)]
    return [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_local_data_section_shows_prior_and_posterior_numbers(lang):
    prior = Scenario.from_text(A + OBS)
    sc, upd = U.apply(prior)
    page = build_report(sc, lang=lang, draws=DRAWS, seed=SEED, analyses=False, update=upd, prior=prior,
                        created="2024-01-01 00:00 UTC")
    t = strings(lang).REPORT
    sec = _section(page, "local-data")
    assert f"<h2>{t['s_local']}</h2>" in sec and f'href="#local-data">{t["s_local"]}' in _html.unescape(page)
    docs = [summary_document(s, simulate(s, draws=DRAWS, seed=SEED)) for s in (prior, sc)]
    rows = _rows(sec, "t-local-npv")
    assert [r[0] for r in rows] == [t["local_before"], t["local_after"]]
    for row, doc in zip(rows, docs):
        u = doc["uncertainty"]["npv"]["total"]
        assert row[1:] == [kr(doc["base_case"]["npv"]["total"], lang), kr(u["mean"], lang), kr(u["p05"], lang),
                           kr(u["p50"], lang), kr(u["p95"], lang), share(u["prob_positive"], lang)]
    assert docs[1]["uncertainty"]["npv"]["total"]["prob_positive"] > docs[0]["uncertainty"]["npv"]["total"][
        "prob_positive"]  # 12 of 40 beats the prior mean of 25 %
    (inp,) = _rows(sec, "t-local-inputs")
    post = stats.beta(15, 37)
    dec = "," if lang == "da" else "."
    assert inp[1] == ("12 af 40" if lang == "da" else "12 of 40")
    assert inp[3].startswith(f"0{dec}288 (0{dec}191–0{dec}395)")  # Beta(3 + 12, 9 + 28): mean 0.2885
    assert post.mean() == pytest.approx(0.2885, abs=5e-5)
    assert post.ppf(0.05) == pytest.approx(0.191, abs=5e-4) and post.ppf(0.95) == pytest.approx(0.395, abs=5e-4)
    assert inp[4] == t["local_conj"] and inp[5] == "–"


def test_local_data_section_reports_a_tiny_ess():
    text = A + '\n[[observation]]\ninput = "cost.drift"\nmean = 45000\nsd = 3000\nn = 50\n'
    prior = Scenario.from_text(text)
    sc, upd = U.apply(prior)
    (u,) = upd.inputs
    assert u.ess is not None and u.ess < U.ESS_WARN
    page = build_report(sc, lang="en", draws=0, analyses=False, update=upd, prior=prior)
    sec = _section(page, "local-data")
    assert '<div class="banner" role="note">Warning – cost.drift: the effective sample size is only' in sec
    (inp,) = _rows(sec, "t-local-inputs")
    assert inp[5] == f"{u.ess:,.0f}" and inp[4].startswith("importance resampling")
    # without a run: the base cases before and after
    rows = _rows(sec, "t-local-npv")
    assert len(rows[0]) == 2 and rows[0][1] == kr(summary_document(prior)["base_case"]["npv"]["total"], "en")


def test_no_local_data_no_section():
    sc = Scenario.from_text(A)
    sc2, upd = U.apply(sc)
    page = build_report(sc2, lang="da", draws=0, analyses=False, update=upd, prior=sc)
    assert 'id="local-data"' not in page and 'id="comparison"' not in page


@pytest.mark.parametrize("lang", ["da", "en"])
def test_comparison_section_shows_the_comparison_document(lang):
    a, b = _option("a", 0.3, 20000), _option("b", 0.2, 10000)
    cmp = C.compare([a, b], draws=DRAWS, seed=SEED, vs_nothing=True)
    page = build_report(a, lang=lang, draws=DRAWS, seed=SEED, analyses=False, comparison=cmp)
    t = strings(lang).REPORT
    sec = _section(page, "comparison")
    assert f"<h2>{t['s_cmp']}</h2>" in sec and 'id="fig-compare"' in sec
    doc = C.document(cmp, evppi=False)
    dec = doc["decision"]
    rows = _rows(sec, "t-cmp")
    assert [r[0] for r in rows] == ["a", "b", t["cmp_nothing"]]
    for row, label in zip(rows, ("a", "b", "status-quo")):
        bnd = doc["options"][label]["npv"]["total"]
        assert row[1:] == [kr(bnd["mean"], lang), kr(bnd["p05"], lang), kr(bnd["p95"], lang),
                           share(bnd["prob_positive"], lang), share(dec["prob_best"][label], lang),
                           kr(dec["expected_loss"][label], lang)]
    diff = _rows(sec, "t-diff")
    assert len(diff) == 3
    d = doc["pairs"][0]["difference"]["total"]
    assert diff[0] == ["a − b", kr(d["mean"], lang), kr(d["p05"], lang), kr(d["p95"], lang),
                       share(doc["pairs"][0]["prob_first_better"], lang)]
    assert kr(dec["evpi"], lang) in sec


def test_cli_report_compare_and_local_data(tmp_path):
    fa, fb = tmp_path / "a.toml", tmp_path / "b.toml"
    fa.write_text(A + OBS, encoding="utf-8")
    fb.write_text(OPTION.format(id="b", s=0.2, v=10000, price=PRICE, discount=0), encoding="utf-8")
    out = tmp_path / "r.html"
    r = CliRunner().invoke(main, ["report", str(fa), "--compare", str(fb), "--vs-nothing", "--draws", "1000",
                                  "--no-analyses", "--lang", "en", "--out", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert 'id="local-data"' in page and 'id="comparison"' in page
    assert page.index('id="local-data"') < page.index('id="comparison"')
    bad = tmp_path / "bad.html"
    r = CliRunner().invoke(main, ["report", str(fa), "--compare", str(fb), "--draws", "0", "--out", str(bad)])
    assert r.exit_code == 2 and "--compare" in r.output and not bad.exists()
