"""§6.5–6.6 outputs: committee perspectives (run, sensitivity, VOI), VOI on the conditional expectation."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.errors import UsageError
from somsim.scenario.loader import Scenario
from somsim.simulation import engine
from somsim.voi import core as voi

from .test_fuzz_scenarios import S6

ONLY_BINOMIAL = """\
somsim = 1

[scenario]
id = "only-binomial"
price_year = 2019
horizon = 5
stochastic_cohorts = true

[intervention]
name = "X"
cohorts = [30, 30]
success_rate = { gross = 0.3, baseline = 0.1 }
completion_rate = 0.7

[[cost]]
name = "Forløb"
per_participant = 21000
per = "completer"

[[consequence]]
activity = "skole"
per_success = [-0.5, -0.5]

[activity.skole]
price = { kommune = 100000 }
"""


def test_evpi_of_binomial_chance_alone_is_zero():
    """§6.6: the only uncertainty is binomial (successes and completers): information removes none of it."""
    sc = Scenario.from_text(ONLY_BINOMIAL, "b.toml")
    assert sc.input_names == ()  # no parameter is uncertain
    res = engine.simulate(sc, draws=4000, seed=5, keep_draws=True)
    assert res.npv[:, 3].std() > 0  # the NPV does vary, by chance
    nb = voi.net_benefit(res)
    assert np.ptp(nb) == 0  # its expectation given the parameters does not
    value, _se = voi.evpi(nb)
    assert value == 0


def test_conditional_expectation_is_the_mean_of_the_binomial_npv():
    sc = Scenario.from_text(ONLY_BINOMIAL, "b.toml")
    res = engine.simulate(sc, draws=40000, seed=6, keep_draws=True)
    nb = voi.net_benefit(res)
    npv = res.npv[:, 3]
    assert abs(nb[0] - npv.mean()) <= 4 * npv.std() / np.sqrt(len(npv))


def test_voi_committee_perspective_and_unknown_one():
    sc = Scenario.from_text(S6, "s6.toml")
    res = engine.simulate(sc, draws=2000, seed=1, keep_draws=True)
    nb = voi.net_benefit(res, perspective="kommune:Børne- og Ungeudvalget")
    # the Børne- og Ungeudvalget pays the course and gains nothing: its NPV is minus the costs
    assert (nb < 0).all()
    with pytest.raises(UsageError, match="did you mean 'kommune:Beskæftigelsesudvalget'"):
        voi.net_benefit(res, perspective="kommune:Beskæftigelsesudvalg")


def test_summary_has_committee_keys_and_they_sum_to_the_kommune(tmp_path):
    path = tmp_path / "s6.toml"
    path.write_text(S6, encoding="utf-8")
    out = tmp_path / "s.json"
    r = CliRunner().invoke(main, ["run", str(path), "--draws", "3000", "--json", str(out)])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    keys = ["total", "kommune", "region", "stat", "kommune:Børne- og Ungeudvalget", "kommune:Beskæftigelsesudvalget",
            "kommune:Øvrige"]
    b, u = doc["base_case"], doc["uncertainty"]
    for block in ("npv", "gains_pv", "costs_pv", "break_even_year", "payback_year", "bcr"):
        assert list(b[block]) == keys, block
    for block in ("npv", "break_even_year", "payback_year", "bcr", "cumulative_npv_by_year"):
        assert [k for k in u[block] if k != "draws"] == keys, block
    assert sum(b["npv"][k] for k in keys[4:]) == pytest.approx(b["npv"]["kommune"], rel=1e-12)
    assert b["bcr"]["kommune:Øvrige"] is None and b["bcr"]["kommune:Beskæftigelsesudvalget"] is None
    assert b["rates"]["haircut_source"] == "haircut" and b["rates"]["baseline"] == 0.18
    assert "Beskæftigelsesudvalget" in r.output  # the perspective's headline


def test_sensitivity_output_of_a_committee():
    from somsim.sensitivity.common import resolve_outputs

    sc = Scenario.from_text(S6, "s6.toml")
    (o,) = resolve_outputs(sc, "npv.kommune:Beskæftigelsesudvalget")
    assert o.column == sc.outputs.index("kommune:Beskæftigelsesudvalget")
    with pytest.raises(UsageError, match="unknown committee"):
        resolve_outputs(sc, "npv.kommune:Nope")


def test_cli_voi_committee_perspective(tmp_path):
    path = tmp_path / "s6.toml"
    path.write_text(S6, encoding="utf-8")
    r = CliRunner().invoke(main, ["voi", str(path), "--draws", "2000", "--perspective", "kommune:Nope"])
    assert r.exit_code == 2, r.output
    assert "kommune:Nope" in r.output


def test_streamed_quantiles_of_committees_equal_kept_ones():
    sc = Scenario.from_text(S6, "s6.toml")
    kept = engine.simulate(sc, draws=20000, seed=2).summary["npv"]
    streamed = engine.simulate(sc, draws=20000, seed=2, quantiles="stream").summary["npv"]
    for k in sc.display_order:
        assert streamed[k] == kept[k], k
