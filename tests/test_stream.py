"""Streamed quantiles (somsim.simulation.quantiles): exact, np.quantile-identical order statistics in bounded memory.

The search is checked on synthetic data that stresses it (heavy tails, ties, constants, NaN, ±inf,
signed zeros) with tiny histograms so that every refinement path runs; then the engine's streamed
summary is checked to be byte-identical to the in-memory one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from somsim._vocab import QUANTILES
from somsim.model import reference as model
from somsim.results.summary import base_case_block, document
from somsim.scenario.loader import Scenario, load_scenario
from somsim.simulation import blocks, engine, sampling
from somsim.simulation import quantiles as _stream
from somsim.simulation.blocks import Chunk
from somsim.simulation.runners import LocalRunner

from .prob_gen import prob_scenario

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "scenarios" / "cool-kids-2019.toml"
QS = np.array(list(QUANTILES.values()))


# ------------------------------------------------------------------------------------------
# numpy's quantile arithmetic, reproduced


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 3000), seed=st.integers(0, 2**32 - 1), ties=st.booleans(),
       q=st.lists(st.floats(0, 1), min_size=1, max_size=6))
def test_order_statistics_give_np_quantile(n, seed, ties, q):
    x = np.random.default_rng(seed).standard_normal(n) * 1e5
    if ties:
        x = np.round(x / 3e4)
    q = np.array(q + list(QS))
    s = np.sort(x)
    got = _stream.order_statistic_quantiles(n, q, lambda k: s[k])
    want = np.quantile(x, q)
    assert np.array_equal(got, want)  # bit for bit


# ------------------------------------------------------------------------------------------
# the search on synthetic "NPVs"


@dataclass
class FakePlan:
    data: np.ndarray  # (draws, 4)

    @property
    def draws(self):
        return len(self.data)

    @property
    def n_blocks(self):
        return -(-self.draws // sampling.BLOCK)

    def block_size(self, b):
        return min(sampling.BLOCK, self.draws - b * sampling.BLOCK)


def _fake_compute_blocks(plan, b0, b1, *, keep_npv=True, keep_draws=False):
    lo, hi = b0 * sampling.BLOCK, min(plan.draws, b1 * sampling.BLOCK)
    nb = b1 - b0
    z = np.zeros((nb, 12))
    return Chunk(b0, b1, z, z, z.astype(np.int64), np.full(nb, sampling.BLOCK), np.zeros((2, 4), dtype=np.int64),
                 npv=plan.data[lo:hi].copy())


def _synthetic(kind: str, n: int, rng) -> np.ndarray:
    if kind == "normal":
        return rng.normal(1e6, 3e5, n)
    if kind == "heavy":  # Pareto tail: the first histogram's range is far too wide
        return rng.pareto(0.7, n) * 1e4 - 5e3
    if kind == "ties":  # a few distinct values: candidates that cannot be split
        return rng.integers(0, 3, n).astype(float) * 1e5
    if kind == "spike":  # a point mass inside a continuous distribution
        x = rng.normal(0, 1, n)
        x[rng.random(n) < 0.6] = 0.25
        return x
    if kind == "constant":
        return np.full(n, -123.5)
    if kind == "zeros":  # signed zeros: the summary shows +0.0
        return np.where(rng.random(n) < 0.5, -0.0, 0.0)
    if kind == "inf":
        x = rng.normal(0, 1, n)
        x[rng.random(n) < 0.06] = np.inf
        x[rng.random(n) < 0.06] = -np.inf
        return x
    if kind == "nan":
        x = rng.normal(0, 1, n)
        x[n // 2] = np.nan
        return x
    if kind == "late-tail":  # the pilot (first blocks) sees a much narrower range than the rest
        x = rng.normal(0, 1, n)
        x[8 * sampling.BLOCK:] *= 1e3
        return x
    raise ValueError(kind)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # inf − inf, as in numpy
@pytest.mark.parametrize("mode", ["windows", "narrow-windows", "histograms-only"])
@pytest.mark.parametrize("kinds", [("normal", "heavy", "ties", "spike"), ("constant", "zeros", "inf", "nan"),
                                   ("late-tail", "normal", "heavy", "spike")])
def test_search_finds_np_quantile(monkeypatch, kinds, mode):
    monkeypatch.setattr(blocks, "compute_blocks", _fake_compute_blocks)
    if mode == "narrow-windows":  # windows that often miss: the histograms take over
        monkeypatch.setattr(_stream, "WINDOW_CAP", 64)
    if mode == "histograms-only":  # every refinement path: no windows, tiny histograms, tiny collections
        monkeypatch.setattr(_stream, "_windows", lambda pilot, qs, draws: ((),) * 4)
        monkeypatch.setattr(_stream, "NB1", 16)
        monkeypatch.setattr(_stream, "NB2", 4)
        monkeypatch.setattr(_stream, "CAP", 50)
    rng = np.random.default_rng(len(kinds[0]))
    n = 9 * sampling.BLOCK + 777
    data = np.stack([_synthetic(k, n, rng) for k in kinds], axis=1)
    plan = FakePlan(data)
    todo = [(b, min(plan.n_blocks, b + 2)) for b in range(0, plan.n_blocks, 2)]
    seen = []
    _, q, passes = _stream.run(plan, todo, LocalRunner(), lambda d, t: seen.append((d, t)))
    for j, k in enumerate(kinds):
        want = np.quantile(data[:, j], QS) + 0.0
        assert np.array_equal(q[j] + 0.0, want, equal_nan=True), (k, q[j], want)
    assert seen[-1][0] == seen[-1][1]
    if mode == "windows" and "late-tail" not in kinds:
        assert passes == 1  # the pilot's windows held every order statistic
    if mode == "histograms-only":
        assert passes > 2  # refinement passes did run


# ------------------------------------------------------------------------------------------
# the engine: streamed summary == in-memory summary, byte for byte


def _summary(sc, **kw):
    r = engine.simulate(sc, **kw)
    base = base_case_block(sc, model.base_case(sc))
    doc = document(sc, base, seed=kw["seed"], draws=r.draws, sampler=kw.get("sampler", "random"),
                   uncertainty=r.summary, extra=r.extra)
    return json.dumps(doc, sort_keys=True), r


def test_stream_equals_exact_published_case():
    sc = load_scenario(CASE)
    n = 300_000
    exact, r0 = _summary(sc, draws=n, seed=7, quantiles="exact")
    assert r0.npv is not None and r0.passes == 1
    for chunk in (sampling.BLOCK, 5 * sampling.BLOCK):
        got, r = _summary(sc, draws=n, seed=7, quantiles="stream", chunk_size=chunk)
        assert r.npv is None and r.passes == 1
        assert got == exact


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_stream_equals_exact_generated(sampler):
    sc = Scenario.from_text(prob_scenario(5, correlated=True, stochastic=True), "gen.toml")
    n = 3 * sampling.BLOCK + 999
    exact, _ = _summary(sc, draws=n, seed=4, sampler=sampler, quantiles="exact")
    got, _ = _summary(sc, draws=n, seed=4, sampler=sampler, quantiles="stream", chunk_size=2 * sampling.BLOCK)
    assert got == exact


def test_stream_with_auto_draws():
    sc = Scenario.from_text(prob_scenario(8), "gen.toml")
    a = engine.simulate(sc, draws="auto", seed=1, tolerance=0.02, quantiles="stream")
    b = engine.simulate(sc, draws="auto", seed=1, tolerance=0.02, quantiles="exact")
    assert a.summary == b.summary and a.npv is None and a.passes == 2


def test_auto_streams_only_big_summary_only_runs(monkeypatch):
    sc = Scenario.from_text(prob_scenario(3), "gen.toml")
    monkeypatch.setattr(engine, "STREAM_BYTES", 32 * 20_000)
    big = engine.simulate(sc, draws=20_001, seed=1)
    assert big.npv is None and big.passes == 1
    assert engine.simulate(sc, draws=20_000, seed=1).npv is not None  # at the threshold: in memory
    kept = engine.simulate(sc, draws=20_001, seed=1, keep_draws=True)  # results.nc needs every draw
    assert kept.npv is not None and kept.passes == 1
    assert kept.summary == big.summary


def test_cli_quantiles_option(tmp_path):
    from click.testing import CliRunner

    from somsim.cli import main

    out = {}
    for q in ("exact", "stream"):
        res = CliRunner().invoke(main, ["run", str(CASE), "--draws", "30000", "--seed", "2", "--quantiles", q,
                                        "--json", str(tmp_path / f"{q}.json")])
        assert res.exit_code == 0, res.output
        out[q] = (tmp_path / f"{q}.json").read_bytes()
    assert out["exact"] == out["stream"]
    res = CliRunner().invoke(main, ["run", str(CASE), "--quantiles", "sketch"])
    assert res.exit_code == 2


def test_bad_quantiles_argument():
    from somsim.errors import UsageError

    sc = Scenario.from_text(prob_scenario(3), "gen.toml")
    with pytest.raises(UsageError, match="quantiles"):
        engine.simulate(sc, draws=100, quantiles="sketch")
