"""Effects in the user's units in the value-of-information output: a consequence's standard-normal
shock is shown as its profile ('−0,22 år ±0,077 i år 1 (+8 år)') in the `somsim voi` table, its JSON,
its plot, the Python API's plot and the report (labels, inputs table, switching values), da and en."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.present import plots as P
from somsim.present.effects import effect_labels, effect_text
from somsim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "scenarios" / "keep-2019.toml"
SHOCK = "consequence.anbringelse_doegninstitution"


@pytest.fixture(scope="module")
def sc():
    return load_scenario(CASE)


def test_effect_labels_name_only_the_shocks(sc):
    names = [p.name for p in sc.inputs]
    labels = effect_labels(sc, names, "da")
    shocks = {f"consequence.{c.activity.key}" for c in sc.consequences if c.se}
    assert set(labels) == shocks and SHOCK in labels
    assert labels[SHOCK] == f"{SHOCK}: {effect_text(sc, SHOCK, 'da')}"
    assert labels[SHOCK].endswith("−0,22 år ±0,077 i år 1 (+8 år)")
    assert effect_labels(sc, names, "en")[SHOCK].endswith("−0.22 år ±0.077 in year 1 (+8 years)")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_voi_table_json_and_plot_show_the_shock_in_its_own_units(sc, tmp_path, monkeypatch, lang):
    seen = {}
    original = P.plot_voi_ranking

    def spy(doc, **kw):
        seen.update(kw.get("labels") or {})
        return original(doc, **kw)

    monkeypatch.setattr(P, "plot_voi_ranking", spy)
    out, png = tmp_path / "voi.json", tmp_path / "voi.png"
    res = CliRunner().invoke(main, ["voi", str(CASE), "--draws", "1000", "--resamples", "5", "--top", "18",
                                    "--json", str(out), "--plot", str(png), "--lang", lang], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    eff = effect_text(sc, SHOCK, lang)
    lines = res.stdout.splitlines()
    # the profile on the line under the shock's name, in each part of a split table
    at = [i for i, ln in enumerate(lines) if ln.split(". ", 1)[-1].split(" ")[0] == SHOCK]
    assert at and all(lines[i + 1].strip() == eff for i in at), res.stdout
    assert "normal(mean=0" not in res.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    c = next(c for c in sc.consequences if c.activity.key == SHOCK.split(".", 1)[1])
    assert doc["evppi"][SHOCK]["effect"] == {"unit": c.activity.unit, "per_success": list(c.per_success),
                                             "se": list(c.se), "shock": "standard normal z: per_success + z * se"}
    assert "effect" not in doc["evppi"][f"{SHOCK}.scale"] and "effect" not in doc["evppi"]["success_rate"]
    assert seen[SHOCK] == f"{SHOCK}: {eff}" and png.read_bytes()[:4] == b"\x89PNG"


def test_the_api_voi_plot_labels_the_shock_in_its_own_units(sc):
    import somsim

    run = somsim.simulate(sc, draws=1000, seed=1)
    ax = somsim.analyse_voi(run, resamples=5).plot(lang="en", top=18)
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith(f"{SHOCK}: −0.22 år ±0.077 in year 1") for t in texts), texts


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_report_shows_the_shock_in_its_own_units(sc, monkeypatch, lang):
    from somsim.present.report.sensitivity import sensitivity_blocks

    seen = {}
    original = P.plot_voi_ranking

    def spy(doc, **kw):
        seen.update(kw.get("labels") or {})
        return original(doc, **kw)

    monkeypatch.setattr(P, "plot_voi_ranking", spy)
    voi = {"evpi": 100.0, "evpi_se": 1.0, "evppi": {SHOCK: {"value": 60.0, "se": 1.0, "ratio": 0.6},
                                                      "success_rate": {"value": 50.0, "se": 1.0, "ratio": 0.5}}}
    # the shock's switching value is z = 4/7: a reduction 4/7 standard errors smaller, 80 % of the estimate
    sw = [{"name": SHOCK, "point": 0.0, "value": 4 / 7, "other_side": 0.3, "change": None},
          {"name": "success_rate", "point": 0.04, "value": 0.03, "other_side": 0.2, "change": -0.25}]
    doc = {"base_case": {"npv": {"total": 1.0}}}
    blocks = sensitivity_blocks(sc, doc, {"voi": voi, "switching": sw}, lang)
    title = next(c.activity.title for c in sc.consequences if c.activity.key == SHOCK.split(".", 1)[1])
    assert seen[SHOCK] == f"{title}: {effect_text(sc, SHOCK, lang)} · {SHOCK}"
    table = next(b["table"] for b in blocks if b["kind"] == "table")
    text = repr(table)
    must = {"da": "effekten skal være mindst 80 % af skønnet", "en": "the effect must be at least 80% of the estimate"}
    assert must[lang] in text and "0,571" not in text and "0.571" not in text
