"""How long listing every problem of a scenario with many unknown keys takes (issue #16: must be linear).

Run: ``PYTHONPATH=src python benchmarks/bench_listing.py`` — prints problems, seconds and seconds per
1,000 problems for 1,000 … 100,000 unknown keys (loading and validation; the command line lists at
most 1,000 of them and counts the rest).
"""

from __future__ import annotations

import time
from pathlib import Path

from somsim.errors import ScenarioError
from somsim.scenario.loader import Scenario

CASE = Path(__file__).resolve().parents[1] / "scenarios" / "cool-kids-2019.toml"


def scenario_with_unknown_keys(n: int) -> str:
    """The bundled case with `n` unknown keys added to its [scenario] table."""
    text = CASE.read_text(encoding="utf-8")
    extra = "".join(f"unknown_key_{i} = {i}\n" for i in range(n))
    return text.replace("[scenario]\n", "[scenario]\n" + extra, 1)


def listing_seconds(n: int) -> tuple[int, float]:
    """(problems found, seconds) for a scenario with `n` unknown keys."""
    text = scenario_with_unknown_keys(n)
    t = time.perf_counter()
    try:
        Scenario.from_text(text, CASE)
    except ScenarioError as e:
        lines = [str(p) for p in e.problems]
        return len(lines), time.perf_counter() - t
    raise AssertionError("expected problems")


if __name__ == "__main__":
    for n in (1_000, 4_000, 16_000, 100_000):
        k, s = listing_seconds(n)
        print(f"{n:>7,} unknown keys: {k:>7,} problems in {s:6.3f} s ({1000 * s / k:.3f} s per 1,000)")
