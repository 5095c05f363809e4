"""Time value of information for all inputs and groups of the published cases (10⁴ draws).

Usage: .venv/bin/python benchmarks/bench_voi.py [SCENARIO ...] [--draws N] [--perspective P]

Prints, per scenario: the inputs and groups, seconds for the simulation (keep_draws), the VOI
analysis (EVPI + EVPPI of every input and group, with bootstrap and posterior errors) and an EVSI
curve for the success rate, wall-clock and CPU. The target (issue "which local data to collect"):
the VOI of all inputs and groups with 10⁴ draws under 60 s on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import glob
import os
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenarios", nargs="*")
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--perspective", default=None)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    paths = args.scenarios or sorted(glob.glob(os.path.join(here, "..", "scenarios", "*.toml")))

    t0 = time.perf_counter()
    import sklearn.linear_model  # noqa: F401  (import cost shown separately)

    from somsim.scenario.loader import load_scenario
    from somsim.simulation.engine import simulate
    from somsim.voi import core as voi

    print(f"imports: {time.perf_counter() - t0:.2f} s  (cpus: {os.cpu_count()}, load: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    for path in paths:
        sc = load_scenario(path)
        w0, c0 = time.perf_counter(), time.process_time()
        r = simulate(sc, draws=args.draws, seed=1, keep_draws=True)
        w1, c1 = time.perf_counter(), time.process_time()
        res = voi.analyse(r, perspective=args.perspective)
        w2, c2 = time.perf_counter(), time.process_time()
        ev = voi.evsi(r, "success_rate", perspective=args.perspective) if "success_rate" in sc.input_names else None
        w3, c3 = time.perf_counter(), time.process_time()
        sizes = ",".join(str(len(g.members)) for g in res.groups)
        print(f"{os.path.basename(path)}: {len(res.inputs)} inputs, {len(res.groups)} groups (sizes {sizes}), "
              f"{args.draws:,} draws, perspective {res.perspective}")
        print(f"  simulate   {w1 - w0:6.2f} s wall {c1 - c0:6.2f} s cpu")
        print(f"  VOI (all)  {w2 - w1:6.2f} s wall {c2 - c1:6.2f} s cpu   EVPI {res.evpi:,.0f} ± {res.evpi_se:,.0f}")
        if ev is not None:
            print(f"  EVSI curve {w3 - w2:6.2f} s wall {c3 - c2:6.2f} s cpu   ({len(ev.n)} study sizes)")
        print(f"  total      {w3 - w0:6.2f} s wall (target < 60 s: {'met' if w3 - w0 < 60 else 'NOT met'})")
        top = res.ranking("input")[:3]
        print("  top inputs: " + "; ".join(f"{x.name} {x.value:,.0f} ± {x.se:,.0f}" for x in top))


if __name__ == "__main__":
    main()
