"""In-process timings at 10⁶ draws: where a run's time goes, and what a second thread buys.

For one scenario (default: every bundled case) it measures, in this process with warm kernels:

* the phases of a run on one thread, each over all draws at once: sampling (uniforms per block),
  transform (copula and inverse CDFs), model (the §1 kernel, with the per-year band's cumulative
  NPVs kept for its first draws as a run does), and the *summary pass*: per-block moments,
  break-even counts, and ``reduce.assemble`` (NPV quantiles from every draw, per-year bands);
* ``simulate`` end to end (sampling, transform, model, summary) with 1 and with 2 threads, in
  memory (``quantiles="exact"``) and streamed (``quantiles="stream"``, the path above 33.5 M draws);

and checks that 1 and 2 threads give the same summary. Times are the median of ``--repeat`` runs
(wall clock; CPU time is shown for the phases, as the machine may be shared).

    .venv/bin/python benchmarks/bench_threads.py [--cases 'scenarios/*.toml'] [--draws 1e6] [--repeat 3]

Targets (issue #13): summary pass ≤ the model kernel's time; 2 threads ≥ 1.6× faster than 1.
"""

from __future__ import annotations

import argparse
import glob
import json
import statistics
import time
from pathlib import Path

from somsim._vocab import BLOCK
from somsim.model import kernels as K
from somsim.scenario.loader import load_scenario
from somsim.simulation import blocks, engine, reduce
from somsim.simulation.plan import make_plan

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn, *a, **kw):
    w, c = time.perf_counter(), time.process_time()
    r = fn(*a, **kw)
    return r, time.perf_counter() - w, time.process_time() - c


def phases(sc, n: int, repeat: int) -> dict[str, tuple[float, float]]:
    """Median (wall, cpu) of each phase on one thread, over all n draws at once."""
    res: dict[str, list[tuple[float, float]]] = {}
    with K.threads(1):
        plan = make_plan(sc, draws=n, seed=1)
        blocks.prepare(plan)
        for _ in range(repeat):
            U, *t = _timed(blocks.unit_sample, plan, 0, plan.n_blocks)
            res.setdefault("sampling", []).append(t)
            X, *t = _timed(blocks.transform, plan, U)
            S = blocks.successes(plan, X, 0, plan.n_blocks)
            Mc = blocks.completers(plan, X, 0, plan.n_blocks)
            res.setdefault("transform", []).append(t)
            del U

            def model():
                nb = plan.band_draws
                band = blocks.run_model(plan.spec, X[:nb], None if S is None else S[:nb], keep_cum=True,
                                        completers=None if Mc is None else Mc[:nb])
                rest = blocks.run_model(plan.spec, X[nb:], None if S is None else S[nb:],
                                        completers=None if Mc is None else Mc[nb:])
                return band, rest

            (band, rest), *t = _timed(model)
            res.setdefault("model", []).append(t)

            def summary():
                # what compute_blocks does after the model (per chunk: here the band's and the rest),
                # then what assemble does (moments, NPV quantiles from every draw, bands)
                chunks = []
                nb0 = plan.n_blocks if plan.band_draws >= plan.draws else plan.band_draws // BLOCK
                for out, b0, b1 in ((band, 0, nb0), (rest, nb0, plan.n_blocks)):
                    if b1 > b0:
                        chunks.append(blocks.summarise(plan, out, b0, b1))
                return reduce.assemble(sc, plan, chunks, keep_draws=False, auto=False, tolerance=0.01)

            _, *t = _timed(summary)
            res.setdefault("summary", []).append(t)
    return {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in res.items()}


def end_to_end(sc, n: int, repeat: int, quantiles: str) -> dict[int, tuple[float, dict]]:
    """Median wall seconds of simulate() with 1 and 2 threads, and the summary of each."""
    out = {}
    for th in (1, 2):
        times, summ = [], None
        for _ in range(repeat):
            r, w, _c = _timed(engine.simulate, sc, draws=n, seed=1, threads=th, quantiles=quantiles)
            times.append(w)
            summ = r.summary
        out[th] = (statistics.median(times), summ)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=str(ROOT / "scenarios" / "*.toml"))
    ap.add_argument("--draws", type=float, default=1e6)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    a = ap.parse_args()
    n = int(a.draws)
    report = {}
    for path in sorted(glob.glob(a.cases)):
        sc = load_scenario(path)
        engine.simulate(sc, draws=4 * BLOCK, seed=0, quantiles="stream")  # load the kernels
        ph = phases(sc, n, a.repeat)
        name = Path(path).stem
        print(f"{name}: {len(sc.inputs)} inputs, {n:,} draws, phases on 1 thread (wall / CPU s):")
        for k, (w, c) in ph.items():
            print(f"  {k:<10} {w:7.3f} / {c:6.3f}")
        s_over_m = ph["summary"][0] / ph["model"][0]
        print(f"  summary / model: {s_over_m:.2f}  ({'met' if s_over_m <= 1 else 'NOT met'}: target ≤ 1)")
        rec = {"phases": ph, "summary_over_model": s_over_m}
        for mode in ("exact", "stream"):
            e2e = end_to_end(sc, n, a.repeat, mode)
            same = json.dumps(e2e[1][1], sort_keys=True) == json.dumps(e2e[2][1], sort_keys=True)
            sp = e2e[1][0] / e2e[2][0]
            print(f"  simulate ({mode:>6}): 1 thread {e2e[1][0]:.3f} s, 2 threads {e2e[2][0]:.3f} s: {sp:.2f}×  "
                  f"({'met' if sp >= 1.6 else 'NOT met'}: target ≥ 1.6×); same summary: {same}")
            rec[mode] = {"one": e2e[1][0], "two": e2e[2][0], "speedup": sp, "same": same}
        report[name] = rec
    if a.json:
        Path(a.json).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
