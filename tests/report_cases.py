"""Shared, cached report inputs for the report tests: one probabilistic run and one set of analyses per
bundled scenario, rendered in both languages by the tests that need them."""

from __future__ import annotations

import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
DRAWS = 2000  # enough for every plot and for VOI (≥ 1000 draws); small enough for a 2-core machine

HOSTILE = '<script>alert(1)</script> "quoted" \'single\' & <b>bold</b> $x^2$'


@functools.cache
def case(path: str, analyses: bool = False):
    """(scenario, summary document, NPV draws, analyses) of a scenario file."""
    from somsim.present.report import analyses as RA
    from somsim.present.report import summary_document
    from somsim.scenario.loader import load_scenario
    from somsim.simulation.engine import simulate

    sc = load_scenario(path)
    r = simulate(sc, draws=DRAWS, seed=1, keep_draws=analyses)
    doc = summary_document(sc, r)
    an = RA.compute(sc, doc, result=r, seed=1) if analyses else {}
    return sc, doc, r.npv, an


@functools.cache
def html(path: str, lang: str, analyses: bool = False) -> str:
    from somsim.present.report import render, report_context

    sc, doc, npv, an = case(path, analyses)
    ctx = report_context(sc, doc, lang=lang, npv_draws=npv, analyses=an, plan_info={"band_draws": DRAWS},
                         created="2020-01-01 00:00 UTC")
    return render(ctx)


def hostile_text() -> str:
    """A valid scenario whose user text (title, description, notes, sources, names) is hostile."""
    h = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    return f'''somsim = 1

[scenario]
id = "hostile"
title = "{h}"
description = "{h}"
sources = ["{h}", "https://example.org/?a=1&b=<2>"]
price_year = 2019
horizon = 6
discount_rate = {{ dist = "uniform", low = 0.02, high = 0.05, note = "{h}" }}

[target_group]
name = "{h}"
success_criterion = "{h}"

[intervention]
name = "{h}"
cohorts = [10, 10]
success_rate = {{ dist = "beta", mean = 0.3, sd = 0.08, source = "{h}", note = "{h}" }}

[[cost]]
name = "Drift {h}"
actor = "kommune"
per_participant = {{ dist = "pert", min = 8000, mode = 10000, max = 15000 }}
source = "{h}"
note = "{h}"

[[consequence]]
activity = "special"
per_success = [-0.1, -0.1, -0.08]
se = [0.03, 0.03, 0.03]
note = "{h}"

[activity.special]
title = "{h}"
domain = "{h}"
unit = "{h}"
price = {{ kommune = {{ dist = "lognormal", median = 300000, ci95 = [200000, 450000] }}, region = 20000 }}
source = "{h}"
note = "{h}"

[[correlation]]
inputs = ["success_rate", "cost.drift-script-alert-1-script-quoted-single-b-bold-b-x-2"]
rho = 0.2
note = "{h}"
'''
