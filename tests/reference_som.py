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

§6 (format 1, second edition) — all keys optional; a file without them gives exactly the §1 numbers:

* §6.1 ``success_rate = { gross = …, baseline = … }`` (a table without ``dist``): the net rate is
  ``point(gross) − point(baseline)``; it may be negative.
* §6.2 haircut ``h``: ``point(haircut)`` when ``haircut`` is given; else, with ``evidence = 1|2|3``,
  ``point(evidence_haircut[evidence])`` (an entry may be a number or a distribution table); else 0.
  The default table per evidence level is NOT in the contract
  (the project documents it with its sources), so it is an argument: ``evidence_haircut`` (a dict
  level → h). :data:`DEFAULT_EVIDENCE_HAIRCUT` is only a placeholder; a test that compares somsim
  with this reference must pass the project's documented table. Effective net rate ``s·(1 − h)``;
  with gross/baseline ``gross' = baseline + (gross − baseline)(1 − h)``, i.e. the same
  ``(gross − baseline)(1 − h)``. Base case: ``S_c = n_c · s_eff``.
* §6.3 ``completion_rate`` κ (default 1): a ``per = "completer"`` per-participant cost charges
  ``κ · n_c · v`` in cohort c's year; ``per = "starter"`` (the default) ``n_c · v``. Participants (per
  participant outputs) are starters, ``Σ_c n_c``. (``per`` on an amount item has no meaning and is ignored.)
* §6.4 ``[[consequence]] lag`` replaces ``consequence_lag`` for that consequence; years before 0 and
  from the horizon on are dropped (the loop only visits ``t = 0 … H−1``).
* §6.5 ``[udvalg]``: committee name → glob patterns (``fnmatch.fnmatchcase``, case-sensitive) over
  the consequence activity keys and the cost input names ``cost.<slug>``. The kommune's gains (per
  activity) and costs (per cost item with ``actor = "kommune"``) are split by committee; an item no
  pattern names goes to ``"Øvrige"``; an item named by two committees raises ``ValueError``.
  Sub-actor keys are ``"kommune:" + NAME`` (e.g. ``"kommune:Børne- og Ungeudvalget"``,
  ``"kommune:Øvrige"``). RULE for Øvrige: the sub-actors exist only when the scenario has a
  ``[udvalg]`` table; then every committee in the table's order AND ``"kommune:Øvrige"`` (last) are
  always present, even when nothing falls into them (all zeros: npv 0, bcr None, break-even and
  payback year 0). A committee the user names "Øvrige" himself is the same sub-actor (its items and
  the unnamed ones are summed). Totals are unchanged (total = kommune + region + stat; the committees
  are a split of kommune and sum to it). Sub-actors appear in npv, npv_per_participant, gains_pv,
  costs_pv, break_even_year, payback_year, bcr and every by_year series; not in gains_pv_by_activity.
* §6.6 ``payback_year`` per key: like the break-even year on the UNDISCOUNTED cumulative net
  (``by_year.cumulative_net``); ``bcr`` per key: ``gains_pv / costs_pv``, ``None`` where
  ``costs_pv == 0``.

The result also holds ``rates``: ``{"gross", "baseline" (None with a single net rate), "net"
(before the haircut), "haircut", "haircut_source" ("haircut" | "evidence" | "none"), "effective_net",
"completion_rate"}``.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path
from typing import Any

ACTORS = ("kommune", "region", "stat")
KEYS = ("total", *ACTORS)
DEFAULT_DISCOUNT_RATE = 0.035
#: PLACEHOLDER haircut per SØM evidence level (§6.2). The contract leaves the table to the project's
#: documentation; tests comparing somsim with this reference pass the documented table as
#: ``evidence_haircut=``. These numbers are only used when a caller passes nothing.
DEFAULT_EVIDENCE_HAIRCUT: dict[int, float] = {1: 0.0, 2: 0.25, 3: 0.5}
OTHER_COMMITTEE = "Øvrige"  # §6.5: where what no [udvalg] pattern names goes


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


def payback(cumulative_undiscounted: list[float]) -> int | None:
    """§6.6 payback year: the break-even rule applied to the UNDISCOUNTED cumulative net."""
    return break_even(cumulative_undiscounted)


def slug(name: str) -> str:
    """§2 name-slug: lower case, æ/ø/å → ae/oe/aa, runs of other characters → one '-', stripped."""
    s = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def is_gross_baseline(success_rate: Any) -> bool:
    """§6.1: a table without ``dist`` whose keys are ``gross`` and ``baseline``."""
    return isinstance(success_rate, dict) and "dist" not in success_rate and "gross" in success_rate


def haircut_of(intervention: dict, evidence_haircut: dict[int, float] | None = None) -> tuple[Any, str]:
    """§6.2 (the haircut's spec — number or distribution —, where it came from)."""
    if "haircut" in intervention:
        return intervention["haircut"], "haircut"
    if "evidence" in intervention:
        table = DEFAULT_EVIDENCE_HAIRCUT if evidence_haircut is None else evidence_haircut
        h = table[int(intervention["evidence"])]  # a number or a distribution table (its point is used)
        return (float(h) if isinstance(h, (int, float)) else h), "evidence"
    return 0.0, "none"


def committee_of(item: str, udvalg: dict[str, list[str]]) -> str:
    """§6.5 the committee whose patterns name `item` (an activity key or ``cost.<slug>``), else Øvrige."""
    hits = [name for name, patterns in udvalg.items() if any(fnmatch.fnmatchcase(item, p) for p in patterns)]
    if len(hits) > 1:
        raise ValueError(f"{item!r} is named by two committees: {hits}")
    return hits[0] if hits else OTHER_COMMITTEE


def committee_keys(udvalg: dict[str, list[str]]) -> list[str]:
    """Output keys of the kommune's committees: ``kommune:NAME`` in table order, then ``kommune:Øvrige``."""
    names = [n for n in udvalg if n != OTHER_COMMITTEE] + [OTHER_COMMITTEE]
    return [f"kommune:{n}" for n in names]


def base_case(path: str | Path, evidence_haircut: dict[int, float] | None = None) -> dict:
    """The base case of the scenario at `path`, shaped like summary.json's ``base_case`` block.

    `evidence_haircut` (§6.2): haircut per evidence level, used only when the scenario sets
    ``evidence`` without ``haircut``; None means :data:`DEFAULT_EVIDENCE_HAIRCUT` (a placeholder —
    pass the project's documented table when comparing with somsim).
    """
    data, activities, index = load_raw(path)
    return base_case_from_raw(data, activities, index, evidence_haircut)


def base_case_from_raw(data: dict, activities: dict, index: dict,
                       evidence_haircut: dict[int, float] | None = None) -> dict:
    meta = data["scenario"]
    H = int(meta["horizon"])
    scenario_year = int(meta["price_year"])
    r = point_value(meta.get("discount_rate", DEFAULT_DISCOUNT_RATE))
    L = int(meta.get("consequence_lag", 0))
    iv = data["intervention"]
    cohorts = [int(n) for n in iv["cohorts"]]
    # §6.1 gross/baseline or a single net rate; §6.2 haircut; s is the EFFECTIVE net rate below
    if is_gross_baseline(iv["success_rate"]):
        gross = point_value(iv["success_rate"]["gross"])
        baseline = point_value(iv["success_rate"]["baseline"])
        s_net = gross - baseline  # may be negative
    else:
        gross = baseline = None
        s_net = point_value(iv["success_rate"])
    h_spec, h_source = haircut_of(iv, evidence_haircut)
    h = point_value(h_spec)
    # gross' − baseline = (gross − baseline)(1 − h); with h = 0 this is s itself (x · 1.0 == x exactly)
    s = s_net * (1.0 - h)
    kappa = point_value(iv.get("completion_rate", 1.0))  # §6.3
    udvalg = data.get("udvalg")  # §6.5 (None: no committees in the output)

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
        L_k = int(cons.get("lag", L))  # §6.4 per-consequence lag; years outside 0 … H−1 are never visited
        dQ = [0.0] * H
        for t in range(H):
            for c, n in enumerate(cohorts):
                tau = t - c - L_k + 1
                if 1 <= tau <= len(q):
                    dQ[t] += s * n * q[tau - 1]
        gains_by_activity[key] = {a: [sign * dQ[t] * prices[a] for t in range(H)] for a in ACTORS}
        for a in ACTORS:
            for t in range(H):
                gains[a][t] += gains_by_activity[key][a][t]

    # §1.4 costs (§6.3: completer items charge κ·n_c·v)
    costs_by_item: dict[str, list[float]] = {}  # kommune's costs per cost input name (for §6.5)
    for cost in data.get("cost", []):
        a = cost.get("actor", "kommune")
        item = [0.0] * H
        if "per_participant" in cost:
            v = point_value(cost["per_participant"])
            completer = cost.get("per", "starter") == "completer"
            for c, n in enumerate(cohorts):  # n_c · v (or κ·n_c · v) in cohort c's year
                item[c] += (kappa * n if completer else n) * v
        else:
            v = point_value(cost["amount"])
            for t in cost.get("years", range(len(cohorts))):  # default: every cohort year
                item[t] += v
        for t in range(H):
            costs[a][t] += item[t]
        if a == "kommune":
            name = f"cost.{slug(cost['name'])}"
            costs_by_item[name] = [x + y for x, y in zip(costs_by_item.get(name, [0.0] * H), item)]

    # §1.5 net and present values (year 0 undiscounted)
    d = [(1.0 + r) ** -t for t in range(H)]
    net = {a: [gains[a][t] - costs[a][t] for t in range(H)] for a in ACTORS}
    for series in (gains, costs, net):
        series["total"] = [sum(series[a][t] for a in ACTORS) for t in range(H)]

    # §6.5 the kommune's committees: a split of its gains (by activity) and costs (by cost item)
    keys: list[str] = list(KEYS)
    if udvalg is not None:
        sub = committee_keys(udvalg)
        keys += sub
        for k in sub:
            gains[k], costs[k] = [0.0] * H, [0.0] * H
        for act, g in gains_by_activity.items():
            k = "kommune:" + committee_of(act, udvalg)
            gains[k] = [x + y for x, y in zip(gains[k], g["kommune"])]
        for item, c in costs_by_item.items():
            k = "kommune:" + committee_of(item, udvalg)
            costs[k] = [x + y for x, y in zip(costs[k], c)]
        for k in sub:
            net[k] = [gains[k][t] - costs[k][t] for t in range(H)]

    def pv(x: list[float]) -> float:
        return sum(x[t] * d[t] for t in range(H))

    cumulative, cumulative_net = {}, {}
    for k in keys:
        acc, cum, acc_u, cum_u = 0.0, [], 0.0, []
        for t in range(H):
            acc += net[k][t] * d[t]
            cum.append(acc)
            acc_u += net[k][t]  # §6.6 undiscounted
            cum_u.append(acc_u)
        cumulative[k] = cum
        cumulative_net[k] = cum_u

    participants = sum(cohorts)
    npv = {k: pv(net[k]) for k in keys}
    gains_pv = {k: pv(gains[k]) for k in keys}
    costs_pv = {k: pv(costs[k]) for k in keys}
    return {
        "npv": npv,
        "npv_per_participant": {k: npv[k] / participants for k in keys},
        "gains_pv": gains_pv,
        "costs_pv": costs_pv,
        "break_even_year": {k: break_even(cumulative[k]) for k in keys},
        "payback_year": {k: payback(cumulative_net[k]) for k in keys},
        "bcr": {k: (gains_pv[k] / costs_pv[k] if costs_pv[k] != 0 else None) for k in keys},
        "rates": {"gross": gross, "baseline": baseline, "net": s_net, "haircut": h, "haircut_source": h_source,
                  "effective_net": s, "completion_rate": kappa},
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
            "cumulative_net": cumulative_net,
        },
    }
