"""Scaling on Dask: the same summary-only run in-process and on local clusters of 1 and 2 workers.

Each cluster is started and warmed (imports, cached kernels, inverse-CDF tables) before timing, so
the figures are the steady state of a long run; cluster start-up is printed separately. Scaling
efficiency = T(1 worker) / (n · T(n workers)); the Dask overhead is T(1 worker) / T(in-process,
1 thread). Every run must give the same summary (checked). On a shared machine, the load average
printed with the figures says how much of the cores the run really had.

    python benchmarks/bench_scaling.py [SCENARIO] [--draws 4194304] [--workers 1 2] [--chunk-size 65536]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent / "scenarios" / "cool-kids-2019.toml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", nargs="?", default=str(DEFAULT))
    ap.add_argument("--draws", type=float, default=2**22)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--chunk-size", type=int, default=8 * 8192)
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    a = ap.parse_args()

    from distributed import Client

    from somsim.scenario.loader import load_scenario
    from somsim.simulation import engine
    from somsim.simulation.dask_backend import local_cluster

    sc = load_scenario(a.scenario)
    n = int(a.draws)
    kw = {"draws": n, "seed": 1, "quantiles": "stream", "chunk_size": a.chunk_size}
    tasks = -(-n // a.chunk_size)
    print(f"scenario {sc.id}: {n:,} draws, summary only (streamed quantiles), {tasks} tasks a pass of "
          f"{a.chunk_size:,} draws; cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} at start")
    engine.simulate(sc, draws=8192, seed=0)
    rows = []
    ref = None

    def cpu(client=None) -> float:
        """CPU seconds of this process (client and, for local clusters, the scheduler) and the workers."""
        return time.process_time() + (sum(client.run(time.process_time).values()) if client is not None else 0.0)

    def timed(label, client=None, **extra):
        nonlocal ref
        c0 = cpu(client)
        t = time.perf_counter()
        r = engine.simulate(sc, **kw, **extra)
        dt = time.perf_counter() - t
        c = cpu(client) - c0
        same = ref is None or r.summary == ref
        ref = ref or r.summary
        rows.append({"run": label, "seconds": dt, "draws_per_s": n / dt, "cpu_seconds": c, "same_summary": same,
                     "load": os.getloadavg()[0]})
        print(f"  {label:<24} {dt:7.2f} s  {n / dt / 1e6:5.2f} M draws/s  CPU {c:6.2f} s ({c / dt:.2f} cores busy)"
              f"  same summary: {same}  (load {os.getloadavg()[0]:.1f})", flush=True)
        return dt, c

    t_in1 = timed("in-process, 1 thread", threads=1)
    timed("in-process, 2 threads", threads=2)
    per_workers = {}
    for w in a.workers:
        t = time.perf_counter()
        cluster = local_cluster(w)
        client = Client(cluster, set_as_default=False)
        client.wait_for_workers(w)
        start = time.perf_counter() - t
        t = time.perf_counter()
        engine.simulate(sc, draws=w * 4 * 8192, seed=0, chunk_size=8192, scheduler=cluster.scheduler_address)
        warm = time.perf_counter() - t
        print(f"  cluster of {w}: start {start:.1f} s, warm-up (imports, kernels, tables) {warm:.1f} s")
        per_workers[w] = timed(f"Dask, {w} worker{'s' if w > 1 else ''}", client, scheduler=cluster.scheduler_address)
        client.close()
        cluster.close()
    print()
    if 1 in per_workers:
        t1, c1 = per_workers[1]
        print(f"Dask overhead (1 worker vs in-process 1 thread): wall {t1 / t_in1[0]:.2f}×, CPU {c1 / t_in1[1]:.2f}×")
        for w, (t, c) in per_workers.items():
            if w > 1:
                print(f"scaling efficiency, {w} workers: T1 / ({w}·T{w}) = {t1 / (w * t):.0%} (speed-up {t1 / t:.2f}×); "
                      f"work efficiency CPU1 / CPU{w} = {c1 / c:.0%} (the scaling a machine with {w} idle cores "
                      f"would show, overheads included)")
    if a.json:
        Path(a.json).write_text(json.dumps({"scenario": sc.id, "draws": n, "chunk_size": a.chunk_size,
                                            "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
