"""Chunks run concurrently on the kernel threads (issue #13): the same bytes whatever the threads and chunks."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from somsim._vocab import BLOCK
from somsim.model import kernels as K
from somsim.scenario.loader import load_scenario
from somsim.simulation import blocks, engine, reduce

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sc():
    return load_scenario(ROOT / "scenarios" / "keep-2019.toml")


def _bytes(r) -> str:
    return json.dumps(r.summary, sort_keys=True)


@pytest.mark.parametrize("quantiles", ["exact", "stream"])
def test_same_summary_on_1_2_3_threads_and_any_chunking(sc, quantiles):
    n = 20 * BLOCK + 777  # the bands' 16 blocks span several chunks; a partial last block
    ref = _bytes(engine.simulate(sc, draws=n, seed=5, threads=1, chunk_size=n, quantiles=quantiles))
    for threads, chunk in [(2, BLOCK), (2, 3 * BLOCK), (3, 2 * BLOCK), (1, BLOCK)]:
        got = engine.simulate(sc, draws=n, seed=5, threads=threads, chunk_size=chunk, quantiles=quantiles)
        assert _bytes(got) == ref, (threads, chunk)


def test_kept_draws_are_the_same_on_2_threads(sc):
    a = engine.simulate(sc, draws=5 * BLOCK, seed=2, threads=1, chunk_size=BLOCK, keep_draws=True)
    b = engine.simulate(sc, draws=5 * BLOCK, seed=2, threads=2, chunk_size=BLOCK, keep_draws=True)
    for name in ("npv", "inputs", "net", "break_even", "cumulative"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_map_ordered_keeps_order_and_runs_kernels_serially():
    seen = []

    def f(i):
        seen.append(K._LOCAL.serial)
        return i * i

    with K.threads(2):
        assert list(K.map_ordered(f, [(i,) for i in range(50)], window=3)) == [i * i for i in range(50)]
    assert all(seen)
    with K.threads(1):
        assert list(K.map_ordered(lambda i: -i, [(i,) for i in range(5)])) == [0, -1, -2, -3, -4]


def test_map_ordered_raises_the_first_error():
    def f(i):
        if i == 7:
            raise ValueError("seven")
        return i

    with K.threads(2), pytest.raises(ValueError, match="seven"):
        list(K.map_ordered(f, [(i,) for i in range(20)]))


def test_summary_helpers_equal_numpy():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(10_001, 4))
    with K.threads(2):
        q = reduce._column_quantiles(x)
        rows = np.ascontiguousarray(rng.lognormal(size=(37, 5000)))
        r = reduce._row_quantiles(rows)
    probs = [0.05, 0.25, 0.5, 0.75, 0.95]
    assert np.array_equal(q, np.quantile(x, probs, axis=0).T)
    assert np.array_equal(r, np.quantile(rows, probs, axis=1))
    be = rng.integers(-1, 9, size=(1000, 4))
    expect = np.stack([np.bincount(np.where(be[:, a] < 0, 9, be[:, a]), minlength=10) for a in range(4)], axis=1)
    assert np.array_equal(blocks.break_even_counts(be, 9), expect)
