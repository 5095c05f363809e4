"""Portfolio under a budget: exact against exhaustive enumeration, per draw and on expected values."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.decide import compare as C
from somsim.decide import portfolio as P
from somsim.scenario.loader import Scenario

from .test_compare import OPTION, PRICE


@pytest.mark.parametrize("n", range(1, 13))
def test_milp_equals_enumeration(n):
    rng = np.random.default_rng(100 + n)
    for _ in range(8):
        values = rng.normal(1.0, 2.0, n)
        costs = rng.uniform(0.0, 10.0, n)
        budget = rng.uniform(0.0, costs.sum())
        x, v = P.best_subset(values, costs, budget)
        y, ref = P.enumerate_best(values, costs, budget)
        assert v == pytest.approx(ref, rel=1e-9, abs=1e-9)
        assert costs[x].sum() <= budget * (1 + 1e-9) + 1e-9


@pytest.mark.parametrize("n", [1, 2, 5, 9, 12])
@pytest.mark.parametrize("years", [1, 3])
def test_per_draw_equals_enumeration(n, years):
    rng = np.random.default_rng(7 * n + years)
    costs = rng.uniform(0.0, 10.0, (n, years))
    budget = rng.uniform(0.2, 0.7, years) * costs.sum(axis=0)
    V = rng.normal(0.5, 2.0, (60, n))
    best = P.best_per_draw(V, costs, budget, chunk=17)  # chunks that do not divide the draws
    for d in range(len(V)):
        _, ref = P.enumerate_best(V[d], costs, budget)
        assert V[d, best[d]].sum() == pytest.approx(ref, rel=1e-12, abs=1e-9)
        assert np.all(costs[best[d]].sum(axis=0) <= budget * (1 + 1e-9) + 1e-9)


def test_multi_year_milp_equals_enumeration():
    rng = np.random.default_rng(3)
    for n in (4, 8, 12):
        values = rng.normal(1.0, 2.0, n)
        costs = rng.uniform(0.0, 10.0, (n, 3))
        budget = 0.4 * costs.sum(axis=0)
        assert P.best_subset(values, costs, budget)[1] == pytest.approx(P.enumerate_best(values, costs, budget)[1])


def _options():
    a = Scenario.from_text(OPTION.format(id="a", s=0.3, v=20000, price=PRICE, discount=0))  # cost 400,000
    b = Scenario.from_text(OPTION.format(id="b", s=0.2, v=10000, price=PRICE, discount=0))  # cost 200,000
    return [a, b]


def test_portfolio_of_two_options():
    cmp = C.compare(_options(), draws=4000, seed=1)
    # both fit 600,000: both are chosen (each has a positive expected NPV: 260,000 and 240,000)
    both = P.portfolio(cmp, 600_000)
    assert both.chosen.tolist() == [True, True]
    np.testing.assert_allclose(both.npv, cmp.npv[:, 0, 3] + cmp.npv[:, 1, 3])
    # 450,000 affords one: A has the larger mean; per draw A is best when p > 100,000
    one = P.portfolio(cmp, 450_000)
    assert one.chosen.tolist() == [True, False]
    p = cmp.inputs[:, 0]
    assert one.prob_in_best[0] == pytest.approx(np.mean(p > 100_000))
    assert one.prob_in_best[1] == pytest.approx(np.mean((p > 50_000) & (p <= 100_000)))
    doc = P.document(one)
    assert doc["best"]["prob_negative"] == pytest.approx(np.mean(6 * p - 400_000 < 0))
    # per budget year: the per-participant costs all fall in year 0
    yearly = P.portfolio(cmp, [450_000, 0], years=2)
    assert yearly.costs.tolist() == [[400_000, 0], [200_000, 0]]
    assert yearly.chosen.tolist() == [True, False]


def test_cli_portfolio(tmp_path):
    for sc in _options():
        (tmp_path / f"{sc.id}.toml").write_text(sc.text, encoding="utf-8")
    out = tmp_path / "p.json"
    r = CliRunner().invoke(main, ["portfolio", str(tmp_path / "a.toml"), str(tmp_path / "b.toml"), "--budget",
                                  "450000", "--draws", "2000", "--json", str(out)])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text())
    assert doc["best"]["options"] == ["a"]
    r = CliRunner().invoke(main, ["portfolio", str(tmp_path / "a.toml"), "--budget", "1", "--budget", "2"])
    assert r.exit_code == 2 and "--years" in r.output
