"""somsim.present.plots: every plot draws from the documented data shapes, takes and returns an Axes, labels in
Danish and English, formats kroner the Danish way, and survives user text that looks like mathtext."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from somsim.present import plots as P
from somsim.scenario.loader import Scenario

from .report_cases import HOSTILE, SCENARIOS, case, hostile_text

LANGS = ("da", "en")


@pytest.fixture(scope="module")
def run():
    sc, doc, npv, _ = case(str(SCENARIOS[0]))
    return sc, doc, npv


def _texts(ax) -> str:
    """All text drawn on an Axes (titles, annotations, labels, tick labels after a draw)."""
    ax.figure.canvas.draw()
    parts = [t.get_text() for t in ax.texts] + [ax.get_xlabel(), ax.get_ylabel(), ax.get_title(loc="left")]
    parts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    leg = ax.get_legend()
    if leg is not None:
        parts += [t.get_text() for t in leg.get_texts()]
    return "\n".join(parts)


def _png_ok(ax) -> None:
    data = P.png_bytes(ax.figure, dpi=60)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000


SENS = {"indices": {"success_rate": {"S1": 0.5, "S1_conf": 0.05, "ST": 0.6, "ST_conf": 0.06},
                    "cost.drift": {"S1": 0.2, "S1_conf": 0.03, "ST": 0.25, "ST_conf": 0.04},
                    "price.x.kommune": {"S1": -0.01, "S1_conf": 0.02, "ST": 0.01, "ST_conf": 0.01}}}
TORNADO = {"success_rate": {"low": 1.0e6, "high": 7.0e6}, "cost.drift": {"low": 5.0e6, "high": 3.5e6},
           "price.x.kommune": {"low": 4.2e6, "high": 4.6e6}}
VOI = {"evpi": 250_000.0, "evppi": {"success_rate": {"value": 200_000.0, "se": 10_000.0, "ratio": 0.8},
                                    "cost.drift": {"value": 20_000.0, "se": 5_000.0, "ratio": 0.08}},
       "groups": {"effect": {"value": 230_000.0, "se": 9_000.0, "ratio": 0.92}}}


@pytest.mark.parametrize("lang", LANGS)
def test_each_plot_takes_and_returns_the_axes(run, lang):
    _sc, doc, npv = run
    calls = [
        lambda ax: P.plot_fan(doc, "total", ax=ax, lang=lang),
        lambda ax: P.plot_fan(doc, "kommune", ax=ax, lang=lang, compact=True),
        lambda ax: P.plot_npv_distribution(npv[:, 3], base=doc["base_case"]["npv"]["total"], ax=ax, lang=lang),
        lambda ax: P.plot_break_even(doc, ax=ax, lang=lang),
        lambda ax: P.plot_gains_and_costs(doc, ax=ax, lang=lang),
        lambda ax: P.plot_tornado({"base": 4.4e6, "rows": TORNADO}, ax=ax, lang=lang),
        lambda ax: P.plot_sobol(SENS, ax=ax, lang=lang),
        lambda ax: P.plot_sobol_by_year({"year": [0, 1, 2], "indices": {"success_rate": {"ST": [0.1, 0.5, 0.7],
                                                                                    "ST_conf": [0.05] * 3}}},
                                   ax=ax, lang=lang),
        lambda ax: P.plot_voi_ranking(VOI, ax=ax, lang=lang),
    ]
    for draw in calls:
        _fig, ax = P.new_figure(8, 4)
        assert draw(ax) is ax
        _png_ok(ax)


def test_titles_state_the_message_in_each_language(run):
    _sc, doc, npv = run
    _, ax = P.new_figure()
    da = _texts(P.plot_fan(doc, "total", ax=ax, lang="da"))
    _, ax = P.new_figure()
    en = _texts(P.plot_fan(doc, "total", ax=ax, lang="en"))
    be = doc["base_case"]["break_even_year"]["total"]
    assert f"tjent hjem i år {be}" in da and "Basisberegning (SØM)" in da and "mio. kr." in da
    assert f"pays back in year {be}" in en and "Base case (SØM)" in en and "DKK million" in en
    _fig, ax = P.new_figure()
    text = _texts(P.plot_npv_distribution(npv[:, 3], ax=ax, lang="da"))
    share = np.mean(npv[:, 3] > 0)
    assert "sandsynlighed for et positivt resultat" in text and "over nul" in text
    if 0.005 <= share < 0.995:
        assert f"{round(100 * share)} % over nul" in text


def test_kroner_formatter_is_danish_and_english():
    f = P.KronerFormatter(1e6, "da")
    f.set_locs([-2.5e6, 0, 2.5e6, 5e6])
    assert [f(x) for x in (-2.5e6, 0, 2.5e6)] == ["−2,5", "0,0", "2,5"]
    f.set_locs([-2e6, 0, 2e6, 4e6])
    assert [f(x) for x in (-2e6, 0, 4e6)] == ["−2", "0", "4"]
    f = P.KronerFormatter(1e3, "da")
    f.set_locs([0, 250_000, 500_000])
    assert f(250_000) == "250" and f(1_250_000) == "1.250"
    f = P.KronerFormatter(1e3, "en")
    f.set_locs([0, 500_000, 1_000_000])
    assert f(1_250_000) == "1,250"
    _fig, ax = P.new_figure()
    ax.plot([0, 1], [0, 4.4e6])
    P.kroner_axis(ax, "y", values=[0, 4.4e6], lang="da", label="Nettonutidsværdi", price_year=2019)
    assert ax.get_ylabel() == "Nettonutidsværdi, mio. kr. (2019-priser)"


def test_probabilities_never_round_to_certainty():
    from somsim._text import share

    assert share(0.9996, "da") == "> 99 %" and share(0.0004, "en") == "< 1%"
    assert share(1.0, "da") == "100 %" and share(0.0, "da") == "0 %" and share(0.874, "da") == "87 %"


def test_actors_without_costs_and_identical_curves(run):
    _sc, doc, _npv = run
    _, ax = P.new_figure()
    P.plot_break_even(doc, ax=ax, lang="da")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    # only the total and actors that bear costs: paying back means nothing without costs
    costed = [a for a in ("kommune", "region", "stat") if doc["base_case"]["costs_pv"][a] > 0.5]
    assert len(labels) <= 1 + len(costed)
    for a in ("region", "stat"):
        if doc["base_case"]["costs_pv"][a] == 0 and doc["base_case"]["gains_pv"][a] > 0:
            _fig, ax = P.new_figure()
            assert "ingen omkostninger" in _texts(P.plot_fan(doc, a, ax=ax, lang="da"))


def test_user_text_is_not_mathtext(run):
    sc = Scenario.from_text(hostile_text(), "hostile.toml")
    assert sc.title == HOSTILE
    doc = run[1]
    doc = {**doc, "base_case": {**doc["base_case"], "gains_pv_by_activity": {
        "special": {"domain": HOSTILE, "total": 1e6, "kommune": 1e6, "region": 0.0, "stat": 0.0}}}}
    _, ax = P.new_figure()
    P.plot_gains_and_costs(doc, ax=ax, lang="da")
    _png_ok(ax)
    assert any("$x^2$" in t.get_text().replace("\\$", "$") for t in ax.texts)
    _fig, ax = P.new_figure()
    P.plot_tornado({"rows": {HOSTILE: {"low": 1.0, "high": 2.0}}}, ax=ax, labels={HOSTILE: HOSTILE})
    _png_ok(ax)


def test_without_an_axes_a_pyplot_figure_is_made(run):
    import matplotlib.pyplot as plt

    _sc, doc, _npv = run
    ax = P.plot_fan(doc, "total")
    assert ax.figure in [plt.figure(n) for n in plt.get_fignums()]
    plt.close("all")


def test_import_somsim_does_not_import_matplotlib():
    code = "import sys, somsim; somsim.Scenario; assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_bad_inputs_are_refused_with_a_message():
    with pytest.raises(ValueError, match="lang"):
        P.plot_sobol(SENS, lang="de")
    with pytest.raises(ValueError, match="low"):
        P.plot_tornado({})
    with pytest.raises(ValueError, match="evppi"):
        P.plot_voi_ranking({"evpi": 1.0})
    with pytest.raises(ValueError, match="finite"):
        P.plot_npv_distribution([np.nan])


@pytest.mark.parametrize("lang", LANGS)
def test_committee_plot(lang, run):
    """§6.5: one row per committee with its base-case NPV written out, legend and title in the language."""
    from somsim._text import kr

    path = next(p for p in SCENARIOS if p.stem == "ungementor-fiktiv")
    sc, doc, _, _ = case(str(path))
    fig, ax = P.new_figure(8.0, 4.0)
    assert P.plot_committees(doc, ax=ax, lang=lang) is ax
    text = _texts(ax)
    for k in sc.committees.keys:
        assert k.split(":", 1)[1] in text
        assert kr(doc["base_case"]["npv"][k], lang) in text
    assert {"da": "Omkostninger", "en": "Costs"}[lang] in text
    assert {"da": "Hvem betaler", "en": "Who pays"}[lang] in text
    _png_ok(ax)
    with pytest.raises(ValueError, match="no committees"):
        P.plot_committees(run[1], lang=lang)
