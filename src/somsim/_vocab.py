"""The project's vocabulary, defined once: actors and output order, quantiles, block size, parameter roles.

Every layer reads these names from here, so that the order of actors in a kernel's output, a
summary.json block, a table and a plot cannot drift apart.
"""

from __future__ import annotations

__all__ = [
    "ACTORS", "BLOCK", "COMMITTEE_PREFIX", "DISPLAY_ORDER", "EVIDENCE_HAIRCUT", "MOMENT_OUTPUTS", "OTHER_COMMITTEE",
    "OUTPUTS", "PARAM_BASELINE", "PARAM_COMPLETION", "PARAM_DISCOUNT", "PARAM_HAIRCUT", "PARAM_ROLES",
    "PARAM_SUCCESS", "QUANTILES", "QUANTILE_NAMES", "committee_key",
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
#: roles of the first entries of a model parameter vector (the rest are cost, scale, shock and price slots).
#: The success rate (or the gross rate, §6.1), the baseline rate (fixed 0 without one), the evidence
#: haircut (fixed 0 without one, §6.2), the completion rate (fixed 1 without one, §6.3), the discount rate.
#: With the fixed values the kernel's (s − 0)·(1 − 0) is s exactly, so files without §6 keep their numbers.
PARAM_ROLES: tuple[str, ...] = ("success", "baseline", "haircut", "completion", "discount")
PARAM_SUCCESS = PARAM_ROLES.index("success")
PARAM_BASELINE = PARAM_ROLES.index("baseline")
PARAM_HAIRCUT = PARAM_ROLES.index("haircut")
PARAM_COMPLETION = PARAM_ROLES.index("completion")
PARAM_DISCOUNT = PARAM_ROLES.index("discount")
#: §6.5: the kommune's committees are sub-actors ``kommune:NAME``; what no pattern names goes to Øvrige
COMMITTEE_PREFIX = "kommune:"
OTHER_COMMITTEE = "Øvrige"
#: §6.2 default haircut per SØM evidence level, as (family, low, high) of a uniform or a fixed value
#: (None): documented with its sources in docs/method.md. Level 1: 0; 2: uniform(0, 0.5); 3: uniform(0.25, 0.75).
EVIDENCE_HAIRCUT: dict[int, tuple[float, float] | float] = {1: 0.0, 2: (0.0, 0.5), 3: (0.25, 0.75)}


def committee_key(name: str) -> str:
    """The output key of a committee: ``kommune:NAME``."""
    return COMMITTEE_PREFIX + name
