"""A very long summary-only run in bounded memory: 10⁸ draws of a published case, streamed quantiles.

Prints the wall time, draws/s, the number of evaluations of every draw (passes), and the peak
resident memory of this process (and of the Dask workers with --workers), against the 4 GB bound.
The same run with the NPVs kept in memory would hold 32 bytes a draw (3.2 GB at 10⁸) on top.

    python benchmarks/bench_stream.py [SCENARIO] [--draws 1e8] [--workers N] [--chunk-size N] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent / "scenarios" / "cool-kids-2019.toml"
BOUND = 4 * 10**9


def _rss_now() -> int:
    try:
        import psutil

        return psutil.Process().memory_info().rss
    except ImportError:
        return 0


def _peak_self() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


def _worker_peak() -> int:
    import resource as r

    return r.getrusage(r.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", nargs="?", default=str(DEFAULT))
    ap.add_argument("--draws", type=float, default=1e8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--chunk-size", type=int, default=None)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    a = ap.parse_args()

    from somsim.scenario.loader import load_scenario
    from somsim.simulation import engine

    n = int(a.draws)
    sc = load_scenario(a.scenario)
    engine.simulate(sc, draws=8192, seed=0)  # load the cached kernels
    base_rss = _peak_self()
    sampler = {"max": 0, "stop": False}

    def watch():  # the current RSS, sampled: the peak of ru_maxrss may predate the run
        while not sampler["stop"]:
            sampler["max"] = max(sampler["max"], _rss_now())
            time.sleep(0.2)

    th = threading.Thread(target=watch, daemon=True)
    th.start()
    cluster = client = None
    kw = {"chunk_size": a.chunk_size, "threads": a.threads}
    if a.workers:
        from distributed import Client

        from somsim.simulation.dask_backend import local_cluster

        cluster = local_cluster(a.workers)
        client = Client(cluster, set_as_default=False)
        engine.simulate(sc, draws=4 * 8192, seed=0, scheduler=cluster.scheduler_address)  # warm the workers
        kw["scheduler"] = cluster.scheduler_address
    last = [0.0]

    def progress(done, total):
        now = time.perf_counter()
        if now - last[0] > 10:
            last[0] = now
            print(f"  {done / 1e6:8.1f} / {total / 1e6:.1f} million draws evaluated", file=sys.stderr, flush=True)

    t = time.perf_counter()
    r = engine.simulate(sc, draws=n, seed=a.seed, quantiles="auto", progress=progress, **kw)
    dt = time.perf_counter() - t
    sampler["stop"] = True
    th.join()
    peak = _peak_self()
    workers_peak = sum(client.run(_worker_peak).values()) if client is not None else 0
    if client is not None:
        client.close()
        cluster.close()
    u = r.summary["npv"][sc.perspective]
    out = {
        "scenario": sc.id, "draws": n, "seed": a.seed, "workers": a.workers or 0,
        "threads": a.threads or int(os.environ.get("NUMBA_NUM_THREADS", os.cpu_count() or 1)),
        "seconds": round(dt, 2), "draws_per_second": round(n / dt), "passes": r.passes,
        "quantiles_streamed": r.npv is None,
        "peak_rss_bytes": peak, "peak_rss_before_run_bytes": base_rss, "max_sampled_rss_bytes": sampler["max"],
        "workers_peak_rss_bytes": workers_peak, "total_peak_rss_bytes": peak + workers_peak,
        "within_4GB": peak + workers_peak < BOUND,
        "npv": {k: u[k] for k in ("mean", "sd", "mcse", "p05", "p50", "p95", "prob_positive")},
    }
    print(f"{sc.id}: {n:,} draws in {dt:.1f} s ({n / dt / 1e6:.2f} million draws/s), "
          f"{r.passes} pass(es) + pilot, quantiles {'streamed' if r.npv is None else 'in memory'}")
    line = f"peak RSS: this process {peak / 2**30:.2f} GiB (before the run {base_rss / 2**30:.2f} GiB)"
    if workers_peak:
        line += f", workers {workers_peak / 2**30:.2f} GiB, total {(peak + workers_peak) / 2**30:.2f} GiB"
    print(line)
    print(f"bound: {BOUND / 1e9:.0f} GB -> {'OK' if out['within_4GB'] else 'EXCEEDED'}; "
          f"keeping the NPVs would add {32 * n / 1e9:.1f} GB")
    print(f"NPV ({sc.perspective}): mean {u['mean']:,.0f} ± {u['mcse']:,.0f} (MCSE), "
          f"90 % interval {u['p05']:,.0f} … {u['p95']:,.0f}, P(>0) {u['prob_positive']:.4f}")
    print(json.dumps(out))
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
