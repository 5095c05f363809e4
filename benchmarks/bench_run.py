"""End-to-end probabilistic run: somsim vs a straightforward numpy/scipy implementation.

Both do the same work for N draws of a scenario: sample every uncertain input by inverse CDF from
uniforms (the baseline with ``scipy.stats`` ``ppf``, Gaussian copula in numpy), evaluate §1 (the
baseline with the vectorised plain-numpy model ``somsim.model.reference.evaluate`` in chunks of 10⁵ draws),
and summarise the NPV by actor (mean, sd, quantiles, chance of a positive result, break-even by
year). Each measurement runs in a fresh process so that its peak RSS is its own; numba kernels are
compiled (cached) before timing.

    python benchmarks/bench_run.py [SCENARIO] [--max-draws 1e7] [--baseline-max 1e6]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent / "scenarios" / "cool-kids-2019.toml"


def _somsim(path: str, n: int) -> dict:
    from somsim.scenario.loader import load_scenario
    from somsim.simulation import engine

    sc = load_scenario(path)
    engine.simulate(sc, draws=8192, seed=0)  # compile / load the cached kernels
    t = time.perf_counter()
    r = engine.simulate(sc, draws=n, seed=1)
    dt = time.perf_counter() - t
    return {"seconds": dt, "mean_total": r.summary["npv"]["total"]["mean"]}


def _baseline(path: str, n: int) -> dict:
    import numpy as np
    from scipy import stats

    from somsim.model import reference as model
    from somsim.scenario.loader import load_scenario
    from somsim.simulation import sampling

    sc = load_scenario(path)
    t = time.perf_counter()
    spec = model.compile_spec(sc)
    rng = np.random.default_rng(1)
    dists = [p.dist.frozen() for p in sc.inputs]
    names = list(sc.input_names)
    cols = F = None
    if sc.correlations:
        cols, pearson = sampling.correlation_matrix(sc.correlations, names)
        F = np.linalg.cholesky(pearson)
    chunk = 100_000
    npv, be = [], []
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        U = rng.random((m, len(names)))
        if cols is not None:
            U[:, cols] = stats.norm.cdf(stats.norm.ppf(U[:, cols]) @ F.T)
        X = np.column_stack([d.ppf(U[:, i]) for i, d in enumerate(dists)]) if names else np.empty((m, 0))
        f = model.evaluate(spec, spec.theta(X))
        npv.append(f.npv)
        be.append(f.break_even)
    npv = np.concatenate(npv)
    be = np.concatenate(be)
    out = {a: {"mean": npv[:, j].mean(), "sd": npv[:, j].std(ddof=1),
               "q": np.quantile(npv[:, j], [0.05, 0.25, 0.5, 0.75, 0.95]).tolist(),
               "prob_positive": (npv[:, j] > 0).mean(),
               "prob_by_year": [((be[:, j] >= 0) & (be[:, j] <= t)).mean() for t in range(sc.horizon)]}
           for j, a in enumerate(("kommune", "region", "stat", "total"))}
    dt = time.perf_counter() - t
    return {"seconds": dt, "mean_total": float(out["total"]["mean"])}


def _child(kind: str, path: str, n: int) -> None:
    import resource

    res = (_somsim if kind == "somsim" else _baseline)(path, n)
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(res))


def measure(kind: str, path: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, path, str(n)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=str(DEFAULT))
    ap.add_argument("--max-draws", type=float, default=1e7)
    ap.add_argument("--baseline-max", type=float, default=1e6)
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        _child(a.child[0], a.child[1], int(a.child[2]))
        return
    import os

    print(f"scenario: {a.scenario}; cores: {os.cpu_count()}")
    print(f"{'draws':>10}  {'somsim s':>9} {'draws/s':>11} {'RSS MB':>7}   {'numpy/scipy s':>13} {'draws/s':>10} "
          f"{'RSS MB':>7}   {'ratio':>6}")
    n = 10_000
    while n <= a.max_draws:
        s = measure("somsim", a.scenario, n)
        line = f"{n:>10,}  {s['seconds']:>9.3f} {n / s['seconds']:>11,.0f} {s['peak_rss_mb']:>7.0f}"
        if n <= a.baseline_max:
            b = measure("baseline", a.scenario, n)
            line += (f"   {b['seconds']:>13.3f} {n / b['seconds']:>10,.0f} {b['peak_rss_mb']:>7.0f}"
                     f"   {b['seconds'] / s['seconds']:>5.1f}×")
        else:
            line += f"   {'(skipped)':>13}"
        print(line, flush=True)
        n *= 10


if __name__ == "__main__":
    main()
