"""The model kernel alone: speed against the plain-numpy model, against the memory-bandwidth bound, and JIT time.

Prints, for one scenario (default: the published Cool Kids 2019 case):

1. the numba kernel ``kernels.model`` (through ``engine.run_model``: NPV, gains, costs and break-even
   per draw and actor) for 10⁴ … 10⁷ draws against the plain-numpy reference ``model.evaluate``
   (which keeps every flow by draw, year, actor and activity; up to 10⁶ draws): draws/s, peak RSS,
   ratio. The inputs are sampled beforehand (at most 10⁶ rows, reused for 10⁷) and not timed; the
   kernel is called on 65,536 rows at a time, as the engine does.
   Each row is measured in a fresh process so that its peak RSS is its own.
2. a STREAM-like triad ``a = b + s·c`` on three 256 MB arrays, in numpy and with numba (parallel),
   measured in the same run; the kernel's bytes moved per draw (inputs read, 4 results × 4 outputs
   written) and its achieved bytes/s against the triad's;
3. the kernel's floating-point operations per draw (counted from the scenario's loops) and its
   GFLOP/s, the same kernel on data that fits in cache (calls of 4,096 rows) against data that
   does not (one call of 10⁶ rows), and a scalar multiply-add loop as this machine's reference FLOP rate — the
   measurements that show whether the kernel is bound by memory or by compute;
4. the first-call JIT time of every kernel in a fresh process with an empty NUMBA_CACHE_DIR, and
   the load time from that cache in a second process.

    python benchmarks/bench_kernel.py [SCENARIO] [--max-draws 1e7] [--numpy-max 1e6] [--triad-mb 256]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent / "scenarios" / "cool-kids-2019.toml"
ROWS = 10**6  # sampled input rows (reused in turn for more draws)


# ----------------------------------------------------------------------------------------------
# children (each in its own process)


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _inputs(path: str, n: int):
    from somsim.scenario.loader import load_scenario
    from somsim.simulation import engine

    sc = load_scenario(path)
    plan = engine.make_plan(sc, draws=max(n, 1), seed=1)
    nb = -(-min(n, ROWS) // engine.BLOCK)
    X = engine.transform(plan, engine.unit_sample(plan, 0, nb))[: min(n, ROWS)]
    S = engine.successes(plan, X, 0, nb)
    return sc, plan, X, S


def flops_per_draw(spec) -> dict:
    """Floating-point operations of kernels.model for one draw, counted from its loops (keep_* off).

    Deterministic cohorts use the precomputed cohort profiles (one term per activity and year);
    stochastic cohorts sum over cohorts and consequence years in the kernel.
    """
    H, L = spec.horizon, spec.lag
    C = len(spec.participants)
    gains = 0
    for k in range(len(spec.sign)):
        gains += 3 * 2 + 1  # pk[a] = sign · price · factor; coef = s · scale
        if not spec.stochastic_cohorts:
            nonzero = int(((spec.cohort_profile[k] != 0) | (spec.cohort_se[k] != 0)).sum())
            gains += nonzero * (3 + 3 * 2)  # dq = coef·(A + z·B); g[t, a] += dq·pk[a]
            continue
        for c in range(C):
            for tau in range(1, int(spec.profile_len[k]) + 1):
                if c + L + tau - 1 >= H:
                    break
                gains += 4 + 3 * 2  # dq = S·(sc·(q + z·se)); g[t, a] += dq·pk[a]
    costs = sum(2 * (C if pp else H) for pp in spec.cost_per_participant)
    pv = H * (3 * 8 + 2) + 4  # discount factor, net, gains/costs/net PV, totals; gpv/cpv totals
    cohorts = C  # S[c] = s · n_c
    return {"arith": gains + costs + pv + cohorts, "pow": 0, "gains": gains, "costs": costs, "pv": pv}


def bytes_per_draw(spec, n_inputs: int) -> int:
    """Memory traffic of kernels.model per draw: the inputs row (+ successes), 4×4 results written."""
    s = 8 * len(spec.participants) if spec.stochastic_cohorts else 0
    return 8 * n_inputs + s + 3 * 4 * 8 + 4 * 8


def child_kernel(path: str, n: int, threads: int | None, per_call: int = 65536) -> dict:
    """The kernel on n draws, called on `per_call` rows at a time (the engine's chunk: 65,536 draws)."""
    from somsim.model import kernels as K
    from somsim.simulation import engine

    _, plan, X, S = _inputs(path, n)
    if threads:
        K.set_threads(threads)
    engine.run_model(plan.spec, X[:1000], None if S is None else S[:1000])  # load the cached kernel
    per_call = min(per_call, len(X))
    calls = [(i, min(i + per_call, len(X))) for i in range(0, len(X), per_call)]
    reps = max(1, min(50, 10**6 // max(n, 1)))  # small n: repeat for a measurable time
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            done = 0
            while done < n:
                for i, j in calls:
                    m = min(j - i, n - done)
                    if m <= 0:
                        break
                    engine.run_model(plan.spec, X[i:i + m], None if S is None else S[i:i + m])
                    done += m
        best = min(best, (time.perf_counter() - t) / reps)
    return {"seconds": best, "draws_per_s": n / best, "peak_rss_mb": _peak_mb(), "per_call": per_call,
            "threads": K.get_threads(), "n_inputs": X.shape[1],
            "bytes_per_draw": bytes_per_draw(plan.spec, X.shape[1]), "flops": flops_per_draw(plan.spec)}


def child_numpy(path: str, n: int) -> dict:
    from somsim.model import reference as model

    _, plan, X, S = _inputs(path, n)
    model.evaluate(plan.spec, plan.spec.theta(X[:100]), None if S is None else S[:100])
    t = time.perf_counter()
    model.evaluate(plan.spec, plan.spec.theta(X), S)
    dt = time.perf_counter() - t
    return {"seconds": dt, "draws_per_s": n / dt, "peak_rss_mb": _peak_mb()}


def child_triad(mb: int) -> dict:
    import numba as nb
    import numpy as np

    n = mb * 2**20 // 8
    a, b, c = np.zeros(n), np.random.default_rng(0).random(n), np.random.default_rng(1).random(n)
    s = 3.0

    @nb.njit(parallel=True)
    def triad(a, b, c, s):
        for i in nb.prange(a.shape[0]):
            a[i] = b[i] + s * c[i]

    @nb.njit(parallel=True)
    def fma_peak(n_iter, out):
        # 8 independent multiply-add chains per thread: the scalar FLOP rate of this style of code
        for t in nb.prange(out.shape[0]):
            x0, x1, x2, x3, x4, x5, x6, x7 = 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7
            m, d = 0.999999, 1e-7
            for _ in range(n_iter):
                x0 = x0 * m + d
                x1 = x1 * m + d
                x2 = x2 * m + d
                x3 = x3 * m + d
                x4 = x4 * m + d
                x5 = x5 * m + d
                x6 = x6 * m + d
                x7 = x7 * m + d
            out[t] = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7

    def best(f, k=5):
        ts = []
        for _ in range(k):
            t = time.perf_counter()
            f()
            ts.append(time.perf_counter() - t)
        return min(ts)

    triad(a, b, c, s)
    np_t = best(lambda: (np.multiply(c, s, out=a), np.add(a, b, out=a)))
    nb_t = best(lambda: triad(a, b, c, s))
    threads = nb.get_num_threads()
    out = np.zeros(threads)
    n_iter = 20_000_000
    fma_peak(100, out)
    peak_t = best(lambda: fma_peak(n_iter, out), 3)
    nb.set_num_threads(1)
    one = np.zeros(1)
    peak1_t = best(lambda: fma_peak(n_iter, one), 3)
    return {"n": n, "bytes": 24 * n, "numpy_s": np_t, "numba_s": nb_t, "numpy_Bps": 24 * n / np_t,
            "numba_Bps": 24 * n / nb_t, "threads": threads, "fma_flops_per_s": threads * n_iter * 16 / peak_t,
            "fma_flops_per_s_1_thread": n_iter * 16 / peak1_t}


JIT_CODE = r"""
import json, time
clock = lambda: (time.perf_counter(), time.process_time())
t0 = clock()
from somsim.simulation import engine
from somsim.simulation import sampling
from somsim.model import kernels as K
from somsim.scenario.loader import load_scenario
t1 = clock()
sc = load_scenario(PATH)
plan = engine.make_plan(sc, draws=8192, seed=1)
from somsim.simulation.plan import tables as plan_tables
tables = plan_tables(plan)
t2 = clock()
U = engine.unit_sample(plan, 0, 1)
X = engine.transform(plan, U); t3 = clock()
S = engine.successes(plan, X, 0, 1)
out = engine.run_model(plan.spec, X, S); t4 = clock()
engine.compute_blocks(plan, 0, 1); t5 = clock()
d = lambda a, b: (b[0] - a[0], b[1] - a[1])
print(json.dumps({"import": d(t0, t1), "tables": d(t1, t2), "transform": d(t2, t3), "model": d(t3, t4),
                  "block_moments": d(t4, t5), "jit": d(t2, t5)}))
"""


def child_jit(path: str, cache_dir: str) -> dict:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    code = JIT_CODE.replace("PATH", repr(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_child(*args: str, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True,
                         env=None if env is None else dict(os.environ, **env))
    return json.loads(out.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", nargs="?", default=str(DEFAULT))
    ap.add_argument("--max-draws", type=float, default=1e7)
    ap.add_argument("--numpy-max", type=float, default=1e6)
    ap.add_argument("--triad-mb", type=int, default=256)
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, *rest = a.child
        if kind == "kernel":
            res = child_kernel(rest[0], int(rest[1]), int(rest[2]) or None, *(int(x) for x in rest[3:]))
        elif kind == "numpy":
            res = child_numpy(rest[0], int(rest[1]))
        else:
            res = child_triad(int(rest[0]))
        print(json.dumps(res))
        return

    path = str(Path(a.scenario).resolve())
    report: dict = {"scenario": path, "cores": os.cpu_count()}
    print(f"scenario: {path}; cores: {os.cpu_count()}; kernel threads: somsim default (cores)")

    # 1. kernel vs numpy
    print("\n1. model kernel (numba) vs plain numpy (model.evaluate keeps every flow)")
    print(f"{'draws':>11}  {'kernel s':>9} {'draws/s':>12} {'RSS MB':>7}   {'numpy s':>8} {'draws/s':>10} "
          f"{'RSS MB':>7}   {'ratio':>6}")
    rows = []
    n = 10_000
    while n <= a.max_draws:
        k = run_child("kernel", path, str(n), "0")
        line = f"{n:>11,}  {k['seconds']:>9.4f} {k['draws_per_s']:>12,.0f} {k['peak_rss_mb']:>7.0f}"
        row = {"draws": n, "kernel": k}
        if n <= a.numpy_max:
            p = run_child("numpy", path, str(n))
            row["numpy"] = p
            line += (f"   {p['seconds']:>8.3f} {p['draws_per_s']:>10,.0f} {p['peak_rss_mb']:>7.0f}"
                     f"   {k['draws_per_s'] / p['draws_per_s']:>5.0f}×")
        print(line, flush=True)
        rows.append(row)
        n *= 10
    report["kernel_vs_numpy"] = rows
    k1 = run_child("kernel", path, str(10**6), "1")
    report["kernel_1_thread"] = k1
    # the same 10⁶ draws with each call's data in cache (4,096 rows: 1.3 MB) and far out of it (10⁶ rows)
    k_in = run_child("kernel", path, str(10**6), "1", "4096")  # one thread: no fork/join cost per call
    k_out = run_child("kernel", path, str(10**6), "1", str(10**6))
    report["kernel_in_cache"], report["kernel_out_of_cache"] = k_in, k_out

    # 2. triad and bytes/s
    tr = run_child("triad", str(a.triad_mb))
    report["triad"] = tr
    big = rows[-1]["kernel"]
    bpd = big["bytes_per_draw"]
    kernel_Bps = bpd * big["draws_per_s"]
    print(f"\n2. memory bandwidth: triad a = b + s·c on 3 × {a.triad_mb} MB (24 bytes an element, STREAM count)")
    print(f"   numpy (two passes)       {tr['numpy_Bps'] / 1e9:6.2f} GB/s")
    print(f"   numba parallel ({tr['threads']} thr.)  {tr['numba_Bps'] / 1e9:6.2f} GB/s   <- the bound")
    print(f"   kernel: {bpd} bytes a draw ({big['n_inputs']} inputs read, 4 × 4 results written) × "
          f"{big['draws_per_s'] / 1e6:.2f} M draws/s = {kernel_Bps / 1e9:.2f} GB/s = "
          f"{kernel_Bps / tr['numba_Bps']:.1%} of the triad")
    # 3. compute
    fl = big["flops"]
    flops = fl["arith"] + fl["pow"]
    gf = flops * big["draws_per_s"]
    gf1 = flops * k1["draws_per_s"]
    print(f"\n3. compute: {fl['arith']} arithmetic operations a draw "
          f"(gains {fl['gains']}, costs {fl['costs']}, present values {fl['pv']}); "
          f"arithmetic intensity {flops / bpd:.1f} flop/byte")
    print(f"   kernel: {gf / 1e9:.2f} GFLOP/s on {big['threads']} threads ({gf / tr['fma_flops_per_s']:.0%} of a "
          f"scalar multiply-add loop's {tr['fma_flops_per_s'] / 1e9:.2f} GFLOP/s), {gf1 / 1e9:.2f} GFLOP/s on 1 thread "
          f"({gf1 / tr['fma_flops_per_s_1_thread']:.0%} of the loop's {tr['fma_flops_per_s_1_thread'] / 1e9:.2f})")
    verdict = ("memory traffic does not set the speed" if k_out["draws_per_s"] > 0.8 * k_in["draws_per_s"]
               else "memory traffic matters")
    print(f"   1 thread, 10⁶ draws in calls of 4,096 rows (1.3 MB, in cache): {k_in['draws_per_s'] / 1e6:.2f} M draws/s; "
          f"in one call of 10⁶ rows (312 MB): {k_out['draws_per_s'] / 1e6:.2f} M draws/s -> {verdict}")
    balance = tr["fma_flops_per_s"] / tr["numba_Bps"]
    print(f"   roofline: machine balance {balance:.1f} flop/byte (reference FLOP rate / triad bandwidth), "
          f"kernel {flops / bpd:.1f} flop/byte -> {'compute' if flops / bpd > balance else 'memory'}-bound")
    report["kernel_bytes_per_s"] = kernel_Bps
    report["kernel_flops_per_s"] = gf

    # 4. JIT
    with tempfile.TemporaryDirectory() as d:
        cold = child_jit(path, d)
        warm = child_jit(path, d)
    report["jit"] = {"cold": cold, "cached": warm}
    print(f"\n4. JIT (fresh process, empty NUMBA_CACHE_DIR), wall / CPU seconds: import {cold['import'][0]:.2f}; "
          f"first calls: transform {cold['transform'][0]:.2f} / {cold['transform'][1]:.2f}, model "
          f"{cold['model'][0]:.2f} / {cold['model'][1]:.2f}, moments {cold['block_moments'][0]:.2f} / "
          f"{cold['block_moments'][1]:.2f} -> {cold['jit'][0]:.2f} s wall, {cold['jit'][1]:.2f} s CPU compiling "
          f"({'< 5 s' if cold['jit'][0] < 5 else 'over 5 s'})")
    print(f"   cached (second process): transform {warm['transform'][0] * 1e3:.0f} ms, model "
          f"{warm['model'][0] * 1e3:.0f} ms, moments {warm['block_moments'][0] * 1e3:.0f} ms -> "
          f"{warm['jit'][0] * 1e3:.0f} ms; inverse-CDF tables (scipy, every process) {warm['tables'][0]:.2f} s")
    if a.json:
        Path(a.json).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
