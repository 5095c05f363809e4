"""Estimated vs measured peak memory of `somsim run` (issue #16: the estimate must not be below the peak).

Run: ``PYTHONPATH=src python benchmarks/bench_memory.py`` — for a few draw counts, with and without
``--out``, prints the estimate (:func:`somsim.simulation.memory.run_bytes`) and the growth of the
peak RSS of a child process over its RSS after start-up (imports, numba kernels compiled).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "scenarios" / "cool-kids-2019.toml"

CHILD = r"""
import json, resource, sys, tempfile
from somsim.scenario.loader import load_scenario
from somsim.simulation.engine import simulate
from somsim.simulation.memory import run_bytes
from somsim._io import OutputSet
sc = load_scenario(sys.argv[1]); draws = int(sys.argv[2]); out = sys.argv[3] == "1"
simulate(sc, draws=8192, keep_draws=out)  # compile the kernels first
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
r = simulate(sc, draws=draws, keep_draws=out)
if out:
    from somsim.results.dataset import to_dataset
    from somsim.results.summary import document
    with OutputSet() as o:
        o.add_netcdf(tempfile.mkdtemp() + "/results.nc", to_dataset(r))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
est = sum(run_bytes(len(sc.inputs), sc.horizon, draws, keep_draws=out, exact=True, out=out).values())
print(json.dumps({"draws": draws, "out": out, "estimate": est, "measured": peak - base}))
"""


def measure(draws: int, out: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOMSIM_NO_MEMORY_CHECK": "1"}
    res = subprocess.run([sys.executable, "-c", CHILD, str(CASE), str(draws), "1" if out else "0"], env=env,
                         capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
    return json.loads(res.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    for out in (False, True):
        for draws in (100_000, 1_000_000, 2_000_000):
            m = measure(draws, out)
            ok = "ok" if m["estimate"] >= m["measured"] else "ESTIMATE TOO LOW"
            print(f"run --draws {draws:>9,}{' --out' if out else '      '}: estimate {m['estimate'] / 2**20:8.1f} MiB, "
                  f"measured peak growth {m['measured'] / 2**20:8.1f} MiB  {ok}")
