"""The project's vocabulary, defined once: actors and output order, quantiles, block size, parameter roles.

Every layer reads these names from here, so that the order of actors in a kernel's output, a
summary.json block, a table and a plot cannot drift apart.
"""

from __future__ import annotations

__all__ = [
    "ACTORS", "BLOCK", "DISPLAY_ORDER", "MOMENT_OUTPUTS", "OUTPUTS", "PARAM_DISCOUNT", "PARAM_SUCCESS",
    "QUANTILES", "QUANTILE_NAMES",
]

#: the three levels of government, in the contract's order
ACTORS: tuple[str, ...] = ("kommune", "region", "stat")
#: the actor axis of every array with a total (kernel outputs, NPV matrices): actors, then the total
OUTPUTS: tuple[str, ...] = (*ACTORS, "total")
#: the order in which actors are shown and written (summary.json, tables, plots, CLI): total first
DISPLAY_ORDER: tuple[str, ...] = ("total", *ACTORS)
#: per-draw sums kept for moments; each has one column per OUTPUTS entry
MOMENT_OUTPUTS: tuple[str, ...] = ("npv", "gains_pv", "costs_pv")
#: the quantiles summary.json reports, by name
QUANTILES: dict[str, float] = {"p05": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}
QUANTILE_NAMES: tuple[str, ...] = tuple(QUANTILES)
#: draws per block: the unit of random streams and reductions (2**13, a power of two keeps Sobol
#: points balanced). Results do not depend on how blocks are grouped into chunks.
BLOCK = 8192
#: roles of the first entries of a model parameter vector (the rest are cost, scale, shock and price slots)
PARAM_SUCCESS = 0
PARAM_DISCOUNT = 1
