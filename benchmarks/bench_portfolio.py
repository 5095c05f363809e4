"""Portfolio across draws: 20 options × 10,000 draws, exact per-draw best portfolio (prints wall times).

Run: PYTHONPATH=src python benchmarks/bench_portfolio.py
"""

from __future__ import annotations

import time

import numpy as np

from somsim.decide.portfolio import best_per_draw, best_subset


def main() -> None:
    """Time the expected-value knapsack (milp) and the per-draw enumeration on random instances."""
    rng = np.random.default_rng(0)
    for n, draws in ((12, 10_000), (16, 10_000), (20, 10_000)):
        V = rng.normal(1.0, 2.0, (draws, n))
        costs = rng.uniform(0.0, 10.0, n)
        budget = 0.4 * costs.sum()
        t0 = time.perf_counter()
        best_subset(V.mean(axis=0), costs, budget)
        t1 = time.perf_counter()
        best_per_draw(V, costs, budget)
        t2 = time.perf_counter()
        print(f"{n:2d} options × {draws:,} draws: milp {t1 - t0:.3f} s, per-draw best portfolios {t2 - t1:.2f} s")
    n, draws, years = 12, 10_000, 3
    V = rng.normal(1.0, 2.0, (draws, n))
    costs = rng.uniform(0.0, 10.0, (n, years))
    t0 = time.perf_counter()
    best_per_draw(V, costs, 0.4 * costs.sum(axis=0))
    print(f"{n} options × {draws:,} draws, budget in {years} years: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
