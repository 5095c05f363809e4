"""Benchmark: Sobol' indices with N = 2**14 on a 30-input scenario, end to end.

    .venv/bin/python benchmarks/bench_sensitivity.py [--n 16384] [--no-baseline] [--threads T]

*somsim*: ``somsim.sensitivity.core.sobol(sc, n=N)`` with the defaults of ``somsim sensitivity``: the NPV
in total and for each actor, input indices (the correlated pair as one block) and group indices
(default groups and ``[groups]``), 100 bootstrap resamples. Timed from loading the scenario to the
finished result, in a fresh process (numba kernels loaded from their cache).

*baseline*: the same designs done the plain way: ``SALib.sample.sobol.sample`` (same groups,
seed and scrambling, hence the same points), the copula and ``scipy.stats`` inverse CDFs,
the plain-numpy model ``somsim.model.reference.evaluate`` in chunks of 65,536 rows, and
``SALib.analyze.sobol.analyze`` per output. It prints both wall times, their ratio and the
largest difference of the indices (from the inverse-CDF tables versus scipy's ppf).
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
SCENARIO = HERE / "bench-30-inputs.toml"


def run_somsim(n: int):
    t0 = time.perf_counter()
    from somsim.scenario.loader import load_scenario
    from somsim.sensitivity import core as sensitivity

    sc = load_scenario(SCENARIO)
    res = sensitivity.sobol(sc, n=n)
    return time.perf_counter() - t0, sc, res


def run_baseline(sc, n: int, res):
    """The same designs with SALib's sampler and analyser, scipy's ppf and the numpy model."""
    from SALib.analyze import sobol as sa
    from SALib.sample import sobol as ss
    from scipy.stats import norm

    from somsim.model.reference import compile_spec, evaluate
    from somsim.sensitivity import common as S
    from somsim.sensitivity import partitions as PT
    from somsim.simulation.engine import make_plan

    t0 = time.perf_counter()
    spec = compile_spec(sc)
    plan = make_plan(sc, draws=1)
    names = list(sc.input_names)
    blocks = PT.correlated_blocks(sc, plan)
    partitions = [PT.input_partition(sc, blocks)] + PT.group_partitions(sc, blocks)[0]
    outs = S.resolve_outputs(sc, None)
    dists = [p.dist.frozen() for p in sc.inputs]
    found = {}
    for k, parts in enumerate(partitions):
        owner = {m: p.name for p in parts for m in p.members}
        problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names),
                   "groups": [owner[nm] for nm in names]}
        U = ss.sample(problem, n, calc_second_order=False, seed=S.sub_seed(1, 1, k))
        if plan.cop_cols.size:  # Gaussian copula on the correlated columns, as the engine does
            c = plan.cop_cols
            U[:, c] = norm.cdf(norm.ppf(U[:, c]) @ plan.cop_F.T)
        X = np.column_stack([d.ppf(U[:, i]) for i, d in enumerate(dists)])
        Y = np.empty((len(X), len(outs)))
        for c0 in range(0, len(X), 65536):
            f = evaluate(spec, spec.theta(X[c0:c0 + 65536]))
            Y[c0:c0 + 65536] = S.output_values(outs, f.npv, f.net, sc.participants)
        for j, o in enumerate(outs):
            if S.is_constant(Y[:, j]):
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                Si = sa.analyze(problem, Y[:, j], calc_second_order=False, seed=S.sub_seed(1, 2))
            found[(k, o.name)] = dict(zip(list(dict.fromkeys(problem["groups"])), Si["S1"]))
    elapsed = time.perf_counter() - t0
    diff = 0.0
    for (k, out), s1 in found.items():
        mine = res[out]["indices"] if k == 0 else res[out]["groups"]
        diff = max(diff, max(abs(mine[g]["S1"] - v) for g, v in s1.items() if g in mine))
    return elapsed, diff


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2**14, help="Sobol' base sample N (default 16384)")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--no-baseline", action="store_true", help="skip the plain SALib + numpy baseline")
    a = ap.parse_args()
    if a.threads:
        import numba

        numba.set_num_threads(a.threads)
    wall, sc, res = run_somsim(a.n)
    print(f"scenario: {SCENARIO.name}, {len(sc.input_names)} inputs; N = {a.n:,}; outputs {', '.join(res.outputs)}")
    print(f"somsim sobol, end to end:   {wall:7.2f} s  ({res.evaluations:,} model evaluations, "
          f"{res.evaluations / wall:,.0f} per second incl. analysis)")
    if not a.no_baseline:
        base, diff = run_baseline(sc, a.n, res)
        print(f"plain SALib + numpy:        {base:7.2f} s  (same designs)")
        print(f"ratio baseline / somsim:    {base / wall:7.1f} x")
        print(f"largest |S1 difference|:    {diff:.2e}")
    print(f"target: under 20 s -> {'met' if wall < 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
