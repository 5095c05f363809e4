"""An independent reference implementation of the SØM base case (scenario-format.md §1).

It works directly from the raw TOML (``tomllib`` dicts) and imports nothing from somsim, so that
the tests can hold somsim's base case against a second, deliberately plain reading of the contract.
It assumes the scenario is *valid* (validation is somsim's job and tested elsewhere); it only
implements what a valid scenario means.

Every step below cites the contract:

* §2 includes: ``include = [...]`` paths are relative to the including file and may nest; a
  scenario's own ``[activity.X]`` replaces a library's ``X``; ``[price_index]`` tables are merged.
* §2 prices: an actor missing from an activity's ``price`` table has price 0; a consequence's
  ``price`` replaces the activity's price for the actors it names (and is in the scenario's price
  year); activity prices are in the activity's ``price_year`` (default: the scenario's) and are
  converted with ``index[scenario_year] / index[activity_year]``.
* §2 distributions: the point value of each family (the base case uses point values only).
* §1.1–§1.6 the calculation itself, in plain Python loops.

The result is shaped like summary.json's ``base_case`` block (npv, npv_per_participant, gains_pv,
costs_pv, break_even_year; each with total/kommune/region/stat), plus ``by_year`` (net, gains,
costs, cumulative_npv per actor and total) and ``gains_pv_by_activity``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ACTORS = ("kommune", "region", "stat")
KEYS = ("total", *ACTORS)
DEFAULT_DISCOUNT_RATE = 0.035


# --------------------------------------------------------------------------------------------
# Point values of the distribution families (scenario-format.md §2, table "Distributions")
# --------------------------------------------------------------------------------------------
def point_value(v: Any) -> float:
    """Base-case value of a number or a ``{ dist = ... }`` table."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    if not isinstance(v, dict):
        raise TypeError(f"not a number or distribution table: {v!r}")
    if "point" in v:  # `point = x` overrides the base-case value
        return float(v["point"])
    fam = v["dist"]
    if fam == "fixed":
        return float(v["value"])
    if fam == "normal":
        if "ci95" in v:  # the midpoint of the interval is the mean
            lo, hi = v["ci95"]
            return (lo + hi) / 2.0
        return float(v["mean"])
    if fam == "truncnormal":  # the parent's mean, clipped to [low, high]
        return float(min(max(v["mean"], v["low"]), v["high"]))
    if fam == "lognormal":  # median for the median/ci95 form, mean for the mean/sd form
        return float(v["median"]) if "median" in v else float(v["mean"])
    if fam == "gamma":  # mean; shape * scale for the shape/scale form
        return float(v["shape"]) * float(v["scale"]) if "shape" in v else float(v["mean"])
    if fam == "beta":  # mean; alpha / (alpha + beta) for the alpha/beta form
        if "alpha" in v:
            return float(v["alpha"]) / (float(v["alpha"]) + float(v["beta"]))
        return float(v["mean"])
    if fam == "uniform":  # midpoint
        return (float(v["low"]) + float(v["high"])) / 2.0
    if fam in ("triangular", "pert"):  # mode
        return float(v["mode"])
    raise ValueError(f"unknown distribution family {fam!r}")


# --------------------------------------------------------------------------------------------
# Files: the scenario, its (nested) includes, activities and price indices
# --------------------------------------------------------------------------------------------
def _read_toml(path: Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _collect_libraries(data: dict, file: Path, activities: dict, index: dict) -> None:
    """Walk ``include`` (relative to `file`), depth first; gather activities and price indices."""
    for inc in data.get("include", []):
        lib_path = (file.parent / inc).resolve()
        lib = _read_toml(lib_path)
        _collect_libraries(lib, lib_path, activities, index)
        activities.update(lib.get("activity", {}))
        for year, value in lib.get("price_index", {}).items():
            index[int(year)] = float(value)


def load_raw(path: str | Path) -> tuple[dict, dict, dict]:
    """(scenario dict, activities by key, price index by year) of a scenario file."""
    path = Path(path).resolve()
    data = _read_toml(path)
    activities: dict[str, dict] = {}
    index: dict[int, float] = {}
    _collect_libraries(data, path, activities, index)
    activities.update(data.get("activity", {}))  # the scenario's own definition replaces a library's
    for year, value in data.get("price_index", {}).items():
        index[int(year)] = float(value)
    return data, activities, index


# --------------------------------------------------------------------------------------------
# The calculation (§1)
# --------------------------------------------------------------------------------------------
def unit_prices(consequence: dict, activity: dict, scenario_year: int, index: dict) -> dict[str, float]:
    """p_{k,a} in the scenario's price year, for every actor."""
    activity_year = activity.get("price_year", scenario_year)
    override = consequence.get("price", {})
    prices = {}
    for a in ACTORS:
        if a in override:  # override prices are already in the scenario's price year
            prices[a] = point_value(override[a])
        elif a in activity.get("price", {}):
            p = point_value(activity["price"][a])
            if activity_year != scenario_year:
                p *= index[scenario_year] / index[activity_year]
            prices[a] = p
        else:  # an actor missing from a price table has price 0
            prices[a] = 0.0
    return prices


def break_even(cumulative: list[float]) -> int | None:
    """§1.6 first t from which the cumulative discounted net stays ≥ 0 to the end; None if never."""
    H = len(cumulative)
    if cumulative[H - 1] < 0:
        return None
    t = H - 1
    while t > 0 and cumulative[t - 1] >= 0:
        t -= 1
    return t


def base_case(path: str | Path) -> dict:
    """The base case of the scenario at `path`, shaped like summary.json's ``base_case`` block."""
    data, activities, index = load_raw(path)
    return base_case_from_raw(data, activities, index)


def base_case_from_raw(data: dict, activities: dict, index: dict) -> dict:
    meta = data["scenario"]
    H = int(meta["horizon"])
    scenario_year = int(meta["price_year"])
    r = point_value(meta.get("discount_rate", DEFAULT_DISCOUNT_RATE))
    L = int(meta.get("consequence_lag", 0))
    cohorts = [int(n) for n in data["intervention"]["cohorts"]]
    s = point_value(data["intervention"]["success_rate"])

    gains = {a: [0.0] * H for a in ACTORS}
    costs = {a: [0.0] * H for a in ACTORS}
    gains_by_activity: dict[str, dict[str, list[float]]] = {}

    # §1.1–§1.3: S_c = s·n_c; ΔQ_{k,t} = Σ_c S_c·q_k[t − c − L + 1]; G_{a,t} = Σ_k σ_k·ΔQ_{k,t}·p_{k,a}
    for cons in data.get("consequence", []):
        key = cons["activity"]
        activity = activities[key]
        sign = 1.0 if activity.get("kind", "expenditure") == "revenue" else -1.0
        scale = point_value(cons["scale"]) if "scale" in cons else 1.0
        # base case: the shared shock z is at its point value 0, so q[τ] = scale · per_success[τ]
        q = [scale * float(x) for x in cons["per_success"]]
        prices = unit_prices(cons, activity, scenario_year, index)
        dQ = [0.0] * H
        for t in range(H):
            for c, n in enumerate(cohorts):
                tau = t - c - L + 1
                if 1 <= tau <= len(q):
                    dQ[t] += s * n * q[tau - 1]
        gains_by_activity[key] = {a: [sign * dQ[t] * prices[a] for t in range(H)] for a in ACTORS}
        for a in ACTORS:
            for t in range(H):
                gains[a][t] += gains_by_activity[key][a][t]

    # §1.4 costs
    for cost in data.get("cost", []):
        a = cost.get("actor", "kommune")
        if "per_participant" in cost:
            v = point_value(cost["per_participant"])
            for c, n in enumerate(cohorts):  # n_c · v in cohort c's year
                costs[a][c] += n * v
        else:
            v = point_value(cost["amount"])
            for t in cost.get("years", range(len(cohorts))):  # default: every cohort year
                costs[a][t] += v

    # §1.5 net and present values (year 0 undiscounted)
    d = [(1.0 + r) ** -t for t in range(H)]
    net = {a: [gains[a][t] - costs[a][t] for t in range(H)] for a in ACTORS}
    for series in (gains, costs, net):
        series["total"] = [sum(series[a][t] for a in ACTORS) for t in range(H)]

    def pv(x: list[float]) -> float:
        return sum(x[t] * d[t] for t in range(H))

    cumulative = {}
    for k in KEYS:
        acc, cum = 0.0, []
        for t in range(H):
            acc += net[k][t] * d[t]
            cum.append(acc)
        cumulative[k] = cum

    participants = sum(cohorts)
    npv = {k: pv(net[k]) for k in KEYS}
    return {
        "npv": npv,
        "npv_per_participant": {k: npv[k] / participants for k in KEYS},
        "gains_pv": {k: pv(gains[k]) for k in KEYS},
        "costs_pv": {k: pv(costs[k]) for k in KEYS},
        "break_even_year": {k: break_even(cumulative[k]) for k in KEYS},
        "gains_pv_by_activity": {
            key: {**{a: pv(g[a]) for a in ACTORS}, "total": sum(pv(g[a]) for a in ACTORS)}
            for key, g in gains_by_activity.items()
        },
        "by_year": {
            "year": list(range(H)),
            "net": net,
            "gains": gains,
            "costs": costs,
            "cumulative_npv": cumulative,
        },
    }
