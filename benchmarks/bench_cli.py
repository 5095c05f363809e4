"""Whole-process wall time and peak RSS of the somsim CLI vs a straightforward numpy/scipy baseline.

For every bundled case (scenarios/*.toml) and each of

    somsim check CASE
    somsim run CASE --draws 10000
    somsim run CASE --draws 1000000

it runs the command as a fresh process (the CLI only, never somsim's Python API) and, side by side
in the same run, the same work done by benchmarks/_baseline_numpy.py (independent of somsim: its own
TOML reading, scipy.stats inverse CDFs, Gaussian copula, §1 in numpy in chunks of 10⁵ draws):

    python benchmarks/_baseline_numpy.py CASE --check
    python benchmarks/_baseline_numpy.py CASE --draws N

Each command first runs once unmeasured (warm file-system and numba caches; this run also writes
``--json -`` so that the mean NPV of the two implementations can be compared), then ``--repeat``
times measured, somsim and baseline interleaved. Wall time is measured around the whole process
(start to reaping); peak RSS is ``ru_maxrss`` of that process from ``os.wait4``.

The mean-NPV comparison is a sanity check of the baseline (the two use different random numbers):
the difference is shown in combined Monte Carlo standard errors and flagged beyond 5.

    .venv/bin/python benchmarks/bench_cli.py [--cases 'scenarios/*.toml'] [--repeat 5] [--quick]
                                             [--json results.json]

``--quick``: 3 repeats and no baseline at 10⁶ draws.

``--analyses``: also the whole-process times of issue #13's analysis targets, ``somsim voi CASE
--draws 100000`` for each case (target < 30 s) and ``somsim sensitivity benchmarks/bench-30-inputs.toml
--method sobol --n 65536`` (target < 10 s), ``--analyses-repeat`` times each (default 1; they take long).

Every process runs without ``PYTHONDONTWRITEBYTECODE``: "warm caches" includes Python's bytecode
cache, as on a user's machine (pip compiles an installed package; an editable one writes its cache on
first import). A sandbox that sets the variable would otherwise recompile somsim's modules in every
process (about 0.1 s).
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = HERE / "_baseline_numpy.py"
COMMANDS = (("check", None), ("run 1e4", 10_000), ("run 1e6", 1_000_000))
SOBOL_CASE = HERE / "bench-30-inputs.toml"
#: issue #13's analysis targets: (label, arguments after the CLI, limit in seconds); CASE is replaced
ANALYSES = (("voi 1e5", ["voi", "CASE", "--draws", "100000"], 30.0),
            ("sobol 2^16", ["sensitivity", str(SOBOL_CASE), "--method", "sobol", "--n", "65536"], 10.0))
#: the environment of every measured process: with Python's bytecode cache (see the module's docstring)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
FLAG_MCSE = 5.0


# --------------------------------------------------------------------------------------------------
# processes


def somsim_prefix() -> tuple[list[str] | None, str]:
    """How to start the CLI: ``python -m somsim`` if that works, else the console script."""
    try:
        r = subprocess.run([sys.executable, "-m", "somsim", "--help"], capture_output=True, timeout=120, env=ENV)
        if r.returncode == 0:
            return [sys.executable, "-m", "somsim"], f"{Path(sys.executable).name} -m somsim"
    except subprocess.TimeoutExpired:
        pass
    script = Path(sys.executable).parent / "somsim"
    if script.exists():
        return [str(script)], str(script)
    return None, "somsim not found (neither `python -m somsim` nor a console script next to the interpreter)"


def run_process(argv: list[str]) -> dict:
    """Run argv to completion: wall seconds, peak RSS (MB), exit code, stdout and stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=ROOT, env=ENV)
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here; tell Popen so it does not wait again
        out.seek(0)
        err.seek(0)
        return {"seconds": dt, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024, "rc": p.returncode,
                "stdout": out.read().decode("utf-8", "replace"), "stderr": err.read().decode("utf-8", "replace")}


def argv_for(impl: str, prefix: list[str] | None, case: str, draws: int | None, json_out: bool) -> list[str]:
    if impl == "somsim":
        argv = [*prefix, "check", case] if draws is None else [*prefix, "run", case, "--draws", str(draws)]
    else:
        argv = [sys.executable, str(BASELINE), case] + (["--check"] if draws is None else ["--draws", str(draws)])
    return argv + (["--json", "-"] if json_out and draws is not None else [])


def last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:160] if lines else ""


def measure(impl: str, prefix, case: str, draws: int | None, repeat: int) -> dict:
    """Warm-up (unmeasured, with --json - for run) and then ``repeat`` measured runs."""
    warm = run_process(argv_for(impl, prefix, case, draws, json_out=True))
    res: dict = {"ok": warm["rc"] == 0, "times": [], "cpu": [], "rss": []}
    if warm["rc"] != 0:
        res["error"] = f"exit {warm['rc']}: {last_line(warm['stderr']) or last_line(warm['stdout'])}"
        return res
    if draws is not None:
        try:
            doc = json.loads(warm["stdout"])
            tot = doc["uncertainty"]["npv"]["total"]
            res["mean"], res["sd"], res["mcse"] = tot["mean"], tot["sd"], tot.get("mcse", tot["sd"] / math.sqrt(draws))
        except (ValueError, KeyError) as e:
            res["json_error"] = f"could not read --json - output ({e!r})"
    res["argv"] = argv_for(impl, prefix, case, draws, json_out=False)
    return res


def timed(res: dict) -> None:
    r = run_process(res["argv"])
    if r["rc"] != 0:
        res["ok"] = False
        res["error"] = f"exit {r['rc']} in a measured run: {last_line(r['stderr'])}"
        return
    res["times"].append(r["seconds"])
    res["cpu"].append(r["cpu"])
    res["rss"].append(r["rss_mb"])


# --------------------------------------------------------------------------------------------------
# report


def versions() -> str:
    out = [f"Python {platform.python_version()} ({sys.executable})"]
    for pkg in ("numpy", "scipy", "numba", "somsim"):
        try:
            out.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            out.append(f"{pkg} (not installed)")
    return ", ".join(out)


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                model = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(ln for ln in meminfo if ln.startswith("MemTotal")).split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.system()} {platform.release()}, {model}, {os.cpu_count()} cores ({usable} usable){mem}"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" (1/5/15 min; {os.cpu_count()} cores)"
    except OSError:
        return "unknown"


def fmt_time(res: dict | None) -> str:
    if res is None:
        return "(skipped)"
    if not res["times"]:
        if "not supported by this baseline" in str(res.get("error", "")):
            return "n/a (§6 keys)"  # the independent baseline implements §1–§5 only; see "problems"
        return "FAILED" if not res["ok"] else "-"
    t = res["times"]
    return f"{statistics.median(t):6.2f} [{min(t):.2f}–{max(t):.2f}]"


def fmt_cpu(res: dict | None) -> str:
    return f"{statistics.median(res['cpu']):6.2f}" if res and res.get("cpu") else f"{'-':>6}"


def fmt_rss(res: dict | None) -> str:
    return f"{max(res['rss']):6.0f}" if res and res["rss"] else f"{'-':>6}"


#: issue #13's targets: (command, what is compared, limit)
TARGETS = (("check", "somsim wall s", 0.3), ("run 1e4", "somsim wall s", 0.6), ("run 1e6", "baseline / somsim", 15.0))


def print_targets(results: list[dict]) -> None:
    """Each target of issue #13, per case: the measured figure (median wall; CPU alongside) and met or not."""
    print("\ntargets (issue #13; median wall time, CPU time in brackets):")
    for command, what, limit in TARGETS:
        for r in results:
            s, b = r["somsim"], r["baseline"]
            if r["command"] != command or not s["times"]:
                continue
            if what == "somsim wall s":
                w, c = statistics.median(s["times"]), statistics.median(s["cpu"])
                ok = w < limit
                fig = f"{w:.2f} s ({c:.2f} s CPU) < {limit:g} s"
            elif b is not None and b["times"]:
                w = statistics.median(b["times"]) / statistics.median(s["times"])
                c = statistics.median(b["cpu"]) / statistics.median(s["cpu"])
                ok = w >= limit
                fig = f"{w:.1f}× ({c:.1f}× CPU) ≥ {limit:g}×"
            else:
                continue
            print(f"  {r['case']:<28} {command:<8} {fig:<34} {'met' if ok else 'NOT met'}")


def analyses(prefix: list[str], cases: list[str], repeat: int, results: list[dict], errors: list[str]) -> None:
    """Issue #13's analysis targets as whole processes, after one unmeasured warm-up each."""
    print(f"\nanalyses (issue #13; whole process, median of {repeat} after one unmeasured warm-up):")
    jobs = [(Path(c).stem, label, [*prefix, *(c if x == "CASE" else x for x in args)], limit)
            for label, args, limit in ANALYSES if "CASE" in args for c in cases]
    jobs += [(SOBOL_CASE.stem, label, [*prefix, *args], limit) for label, args, limit in ANALYSES if "CASE" not in args]
    for name, label, argv, limit in jobs:
        res: dict = {"ok": True, "times": [], "cpu": [], "rss": [], "argv": argv}
        warm = run_process(argv)
        if warm["rc"] != 0:
            errors.append(f"{name} {label}: exit {warm['rc']}: {last_line(warm['stderr'])}")
            continue
        for _ in range(repeat):
            timed(res)
        if not res["times"]:
            errors.append(f"{name} {label}: {res.get('error')}")
            continue
        w, c = statistics.median(res["times"]), statistics.median(res["cpu"])
        print(f"  {name:<28} {label:<10} {w:7.1f} s ({c:.1f} s CPU, {max(res['rss']):.0f} MB) < {limit:g} s  "
              f"{'met' if w < limit else 'NOT met'}", flush=True)
        results.append({"case": name, "command": label, "draws": None, "somsim": res, "baseline": None})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default="scenarios/*.toml", help="glob of scenario files (relative to the cwd or "
                                                                 "the repository; default scenarios/*.toml)")
    ap.add_argument("--repeat", type=int, default=None, help="measured runs per command (default 5; 3 with --quick)")
    ap.add_argument("--quick", action="store_true", help="3 repeats, no baseline at 10⁶ draws")
    ap.add_argument("--json", metavar="PATH", help="also write every measurement to PATH")
    ap.add_argument("--analyses", action="store_true", help="also time voi at 10⁵ draws (each case) and Sobol "
                                                            "at N = 2¹⁶ (the 30-input benchmark scenario)")
    ap.add_argument("--analyses-repeat", type=int, default=1, help="measured runs of each analysis (default 1)")
    a = ap.parse_args()
    repeat = a.repeat if a.repeat is not None else (3 if a.quick else 5)
    cases = sorted(glob.glob(a.cases)) or sorted(glob.glob(str(ROOT / a.cases)))
    if not cases:
        sys.exit(f"no scenario matches {a.cases!r}")
    cases = [str(Path(c).resolve()) for c in cases]

    prefix, how = somsim_prefix()
    print(f"machine: {machine()}")
    print(f"versions: {versions()}")
    print(f"somsim CLI: {how}; baseline: {sys.executable} {BASELINE.relative_to(ROOT)}")
    print(f"load average at start: {load()}")
    print(f"whole-process wall time, median [min–max] of {repeat} runs after one unmeasured warm-up; "
          f"peak RSS = max ru_maxrss over the measured runs (os.wait4)\n", flush=True)

    head = (f"{'case':<28} {'command':<8}  {'somsim s [min–max]':>22} {'CPU s':>6} {'RSS MB':>6}   "
            f"{'baseline s [min–max]':>22} {'CPU s':>6} {'RSS MB':>6}   {'base/somsim':>11} {'(CPU)':>7}")
    print(head)
    print("-" * len(head), flush=True)
    results, errors = [], []
    for case in cases:
        name = Path(case).stem
        for label, draws in COMMANDS:
            s = measure("somsim", prefix, case, draws, repeat) if prefix else {"ok": False, "times": [], "rss": [],
                                                                              "error": how}
            skip_base = a.quick and draws == 1_000_000
            b = None if skip_base else measure("baseline", None, case, draws, repeat)
            for _ in range(repeat):  # interleaved so that drift in machine load hits both alike
                if s["ok"]:
                    timed(s)
                if b is not None and b["ok"]:
                    timed(b)
            ratio = cratio = "-"
            if s["times"] and b is not None and b["times"]:
                ratio = f"{statistics.median(b['times']) / statistics.median(s['times']):10.2f}×"
                cratio = f"{statistics.median(b['cpu']) / statistics.median(s['cpu']):6.1f}×"
            print(f"{name:<28} {label:<8}  {fmt_time(s):>22} {fmt_cpu(s)} {fmt_rss(s)}   {fmt_time(b):>22} "
                  f"{fmt_cpu(b)} {fmt_rss(b)}   {ratio:>11} {cratio:>7}", flush=True)
            for impl, r in (("somsim", s), ("baseline", b)):
                if r is not None and (r.get("error") or r.get("json_error")):
                    errors.append(f"{name} {label} {impl}: {r.get('error') or r.get('json_error')}")
            results.append({"case": name, "command": label, "draws": draws, "somsim": s, "baseline": b})

    print("\nsanity: mean NPV total, somsim vs baseline (different random numbers; "
          f"flagged beyond {FLAG_MCSE:g} combined MCSE)")
    print(f"{'case':<28} {'draws':>9}  {'somsim mean':>14} {'baseline mean':>14} {'MCSE':>10} {'diff/MCSE':>9}")
    flagged = 0
    for r in results:
        s, b = r["somsim"], r["baseline"]
        if r["draws"] is None or b is None or "mean" not in s or "mean" not in b:
            continue
        se = math.hypot(s["mcse"], b["mcse"])
        z = (b["mean"] - s["mean"]) / se if se > 0 else (0.0 if b["mean"] == s["mean"] else math.inf)
        flag = "  DISAGREE" if abs(z) > FLAG_MCSE else ""
        flagged += bool(flag)
        print(f"{r['case']:<28} {r['draws']:>9,}  {s['mean']:>14,.0f} {b['mean']:>14,.0f} {se:>10,.0f} {z:>9.2f}{flag}")
    print(f"{flagged} disagreement(s) beyond {FLAG_MCSE:g} MCSE")
    print(f"\nload average at end: {load()} (other work on the machine inflates the times)")
    print_targets(results)
    if a.analyses and prefix:
        analyses(prefix, cases, a.analyses_repeat, results, errors)
    if errors:
        print("\nproblems:")
        for e in errors:
            print(f"  {e}")
    if a.json:
        for r in results:
            for impl in ("somsim", "baseline"):
                if r[impl] is not None:
                    r[impl].pop("argv", None)
        Path(a.json).write_text(json.dumps({"machine": machine(), "versions": versions(), "somsim_cli": how,
                                            "repeat": repeat, "results": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
