"""Random *valid* scenario files (format 1) for the base-case tests.

One generator, :func:`gen_case`, written against a tiny source of randomness, drives both

* :func:`cases` – a hypothesis strategy (draws go through hypothesis, so failures shrink), and
* :func:`random_case` – a plain generator seeded with an integer (``random.Random``).

A :class:`Case` holds the scenario and its library files as dicts (easy to modify in property
tests) and writes them as TOML into a directory::

    root/case/scenario.toml          the scenario; includes "../lib/prices.toml" and/or "local.toml"
    root/case/local.toml             a library next to the scenario (sometimes also included by
                                     prices.toml as "../case/local.toml": a diamond)
    root/lib/prices.toml             a library that includes "nested/more.toml" (relative to itself)
    root/lib/nested/more.toml        a nested library

The generator exercises every feature of the contract's §1/§2 that the base case reads: several
cohorts incl. zeros, lags, horizons 1..50, revenue activities, consequence price overrides,
price-index conversions (index in the scenario, a library or both), amount costs with and without
`years`, per-participant costs, every distribution family and parameter set (with and without a
`point` override), scales, standard errors (their shock is 0 in the base case), per_success
profiles longer than the horizon, activities redefined by the scenario, unused activities,
correlations and groups (which do not change the base case). Values stay valid: success rates
have support in [0, 1]; prices, costs and scales are ≥ 0; at most `horizon` cohorts; cost names
have unique slugs; each activity has at most one consequence.
"""

from __future__ import annotations

import json
import math
import random
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

ACTORS = ("kommune", "region", "stat")
MAIN = "case/scenario.toml"
LIB = "lib/prices.toml"
NESTED = "lib/nested/more.toml"
LOCAL = "case/local.toml"
#: how each library is named in the `include` list of the file that includes it
INCLUDE_AS = {LIB: "../lib/prices.toml", NESTED: "nested/more.toml", LOCAL: "local.toml"}

ACTIVITY_KEYS = ("specialskole", "anbringelse", "psykiatri_amb", "indkomstskat", "sygedagpenge",
                 "kontanthjaelp", "job-center", "somatik2")
COST_NAMES = ("Drift", "Uddannelse af terapeuter", "Ledelse og administration", "Øvrige udgifter",
              "Supervision", "Lokaler & husleje", "Evaluering (ekstern)", "Kørsel, ÅRLIG")


# --------------------------------------------------------------------------------------------
# Sources of randomness
# --------------------------------------------------------------------------------------------
class _Rand:
    def integer(self, lo: int, hi: int) -> int:  # inclusive
        raise NotImplementedError

    def unit(self) -> float:  # in [0, 1]
        raise NotImplementedError

    def real(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self.unit()

    def chance(self, p: float) -> bool:
        return self.integer(0, 999) >= round((1.0 - p) * 1000)

    def choice(self, seq):
        seq = list(seq)
        return seq[self.integer(0, len(seq) - 1)]

    def sample(self, seq, k: int) -> list:
        pool, out = list(seq), []
        for _ in range(min(k, len(pool))):
            out.append(pool.pop(self.integer(0, len(pool) - 1)))
        return out


class PlainRand(_Rand):
    """random.Random: arbitrary doubles."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def integer(self, lo, hi):
        return self.r.randint(lo, hi)

    def unit(self):
        return self.r.random()


class HypothesisRand(_Rand):
    """Draws through hypothesis (so that failing examples shrink); reals on a 2^-20 grid."""

    def __init__(self, draw):
        from hypothesis import strategies as st

        self.draw, self.st = draw, st

    def integer(self, lo, hi):
        return self.draw(self.st.integers(lo, hi))

    def unit(self):
        return self.draw(self.st.integers(0, 2**20)) / 2**20


# --------------------------------------------------------------------------------------------
# Distributions (scenario-format.md §2) by role
# --------------------------------------------------------------------------------------------
def _beta_forms(R: _Rand, lo: float = 0.0, hi: float = 1.0) -> dict:
    form = R.integer(0, 2)
    if form == 0:
        m = R.real(0.05, 0.95)
        return {"dist": "beta", "mean": m, "sd": R.real(0.05, 0.9) * math.sqrt(m * (1 - m))}
    if form == 1:
        return {"dist": "beta", "alpha": R.real(0.2, 20.0), "beta": R.real(0.2, 20.0)}
    m = R.real(0.05, 0.95)
    return {"dist": "beta", "mean": m, "ci95": [m * R.real(0.1, 0.9), m + (1 - m) * R.real(0.1, 0.9)]}


def _bounded(R: _Rand, fam: str, lo: float, hi: float) -> dict:
    """uniform / triangular / pert / truncnormal inside [lo, hi]."""
    a = lo + (hi - lo) * R.real(0.0, 0.6)
    b = a + (hi - a) * R.real(0.02, 1.0)
    if b <= a:  # guard against rounding
        a, b = lo, hi
    if fam == "uniform":
        return {"dist": "uniform", "low": a, "high": b}
    if fam in ("triangular", "pert"):
        return {"dist": fam, "min": a, "mode": a + (b - a) * R.unit(), "max": b}
    sd = (b - a) * R.real(0.05, 1.0)
    # the parent mean may lie a little outside [low, high]: then the point value is clipped
    mean = a + (b - a) * R.unit() + sd * R.real(-3.0, 3.0)
    return {"dist": "truncnormal", "mean": mean, "sd": sd, "low": a, "high": b}


def _support(d: dict) -> tuple[float, float]:
    fam = d["dist"]
    if fam == "fixed":
        return d["value"], d["value"]
    if fam == "normal":
        return -math.inf, math.inf
    if fam in ("lognormal", "gamma"):
        return 0.0, math.inf
    if fam == "beta":
        return 0.0, 1.0
    if fam in ("truncnormal", "uniform"):
        return d["low"], d["high"]
    return d["min"], d["max"]


def gen_dist(R: _Rand, role: str, mag: float = 1.0) -> Any:
    """A number or a distribution table valid for `role` (rate | nonneg | discount), around `mag`."""
    if role == "rate":
        fam = R.choice(("number", "fixed", "beta", "uniform", "triangular", "pert", "truncnormal"))
        if fam == "number":
            return R.choice((0, 1, R.unit(), R.unit()))
        if fam == "fixed":
            d = {"dist": "fixed", "value": R.unit()}
        elif fam == "beta":
            d = _beta_forms(R)
        else:
            d = _bounded(R, fam, 0.0, 1.0)
    elif role == "nonneg":
        fam = R.choice(("number", "fixed", "lognormal", "gamma", "uniform", "triangular", "pert",
                        "truncnormal") + (("beta",) if mag <= 1 else ()))
        if fam == "number":
            return R.choice((0, round(R.real(0, mag)), R.real(0, mag)))
        if fam == "fixed":
            d = {"dist": "fixed", "value": R.real(0, mag)}
        elif fam == "lognormal":
            if R.chance(0.5):
                med = R.real(0.1 * mag, mag)
                d = {"dist": "lognormal", "median": med, "ci95": [med * R.real(0.2, 0.95), med * R.real(1.05, 4.0)]}
            else:
                m = R.real(0.1 * mag, mag)
                d = {"dist": "lognormal", "mean": m, "sd": m * R.real(0.05, 1.5)}
        elif fam == "gamma":
            if R.chance(0.5):
                m = R.real(0.1 * mag, mag)
                d = {"dist": "gamma", "mean": m, "sd": m * R.real(0.05, 1.5)}
            else:
                k = R.real(0.5, 20.0)
                d = {"dist": "gamma", "shape": k, "scale": R.real(0.1 * mag, mag) / k}
        elif fam == "beta":
            d = _beta_forms(R)
        else:
            d = _bounded(R, fam, 0.0, 2 * mag)
    elif role == "discount":
        fam = R.choice(("number", "fixed", "normal", "truncnormal", "uniform", "triangular", "pert", "beta",
                        "gamma", "lognormal"))
        if fam == "number":
            return R.choice((0, 0.035, 0.04, R.real(0, 0.08)))
        if fam == "fixed":
            d = {"dist": "fixed", "value": R.real(0, 0.08)}
        elif fam == "normal":
            if R.chance(0.5):
                d = {"dist": "normal", "mean": R.real(0.01, 0.06), "sd": R.real(0.001, 0.01)}
            else:
                lo = R.real(0.0, 0.04)
                d = {"dist": "normal", "ci95": [lo, lo + R.real(0.005, 0.04)]}
        elif fam == "beta":
            m = R.real(0.01, 0.08)
            d = {"dist": "beta", "mean": m, "sd": m * R.real(0.05, 0.5)}
        elif fam == "gamma":
            m = R.real(0.01, 0.08)
            d = {"dist": "gamma", "mean": m, "sd": m * R.real(0.05, 0.5)}
        elif fam == "lognormal":
            med = R.real(0.01, 0.06)
            d = {"dist": "lognormal", "median": med, "ci95": [med * R.real(0.5, 0.95), med * R.real(1.05, 2.0)]}
        else:
            d = _bounded(R, fam, 0.0, 0.1)
    else:
        raise ValueError(role)
    if R.chance(0.15):  # `point = x` overrides the base-case value; it must lie in the support
        lo, hi = _support(d)
        lo = max(lo, 0.0)
        if math.isinf(hi):
            hi = 0.1 if role == "discount" else 2 * mag
        if role == "discount":  # a discount rate above 0.25 is refused as a percentage (§6.7)
            hi = min(hi, 0.25)
        d["point"] = lo + (hi - lo) * R.unit()
    return d


def is_uncertain(v: Any) -> bool:
    return isinstance(v, dict) and v["dist"] != "fixed"


# --------------------------------------------------------------------------------------------
# The scenario
# --------------------------------------------------------------------------------------------
@dataclass
class Case:
    """A scenario and its libraries as TOML-ready dicts, keyed by path relative to a root dir."""

    files: dict[str, dict] = field(default_factory=dict)

    @property
    def main(self) -> dict:
        return self.files[MAIN]

    def texts(self) -> dict[str, str]:
        return {p: dumps_toml(d) for p, d in self.files.items()}

    def write(self, root: str | Path) -> Path:
        root = Path(root)
        for rel, text in self.texts().items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        return root / MAIN

    def describe(self) -> str:
        return "\n".join(f"# ---- {p}\n{t}" for p, t in self.texts().items())


def gen_case(R: _Rand) -> Case:
    H = R.integer(1, 6) if R.chance(0.5) else R.integer(1, 50)
    year = R.integer(2012, 2024)
    n_coh = R.integer(1, min(H, 6))
    cohorts = [0 if R.chance(0.25) else R.integer(1, 300) for _ in range(n_coh)]
    if sum(cohorts) == 0:
        cohorts[R.integer(0, n_coh - 1)] = R.integer(1, 50)

    scenario: dict[str, Any] = {"id": f"gen-{R.integer(0, 999)}", "price_year": year, "horizon": H}
    if R.chance(0.5):
        scenario["title"] = "Genereret scenarie – æøå"
    if R.chance(0.7):
        scenario["discount_rate"] = gen_dist(R, "discount")
    if R.chance(0.6):
        scenario["consequence_lag"] = R.integer(0, 3) if R.chance(0.9) else R.integer(0, 8)
    if R.chance(0.3):
        scenario["perspective"] = R.choice(("total", *ACTORS))
    if R.chance(0.3):
        scenario["stochastic_cohorts"] = R.chance(0.5)

    main: dict[str, Any] = {"somsim": 1, "scenario": scenario}
    if R.chance(0.3):
        main["target_group"] = {"name": "Børn 6–13 år", "success_criterion": "mindre kontakt med psykiatrien"}
    main["intervention"] = {"name": "Indsats", "cohorts": cohorts, "success_rate": gen_dist(R, "rate")}

    # costs (unique slugs: the pool's names all have different slugs)
    costs = []
    for name in R.sample(COST_NAMES, R.integer(0, 4)):
        c: dict[str, Any] = {"name": name}
        if R.chance(0.7):
            c["actor"] = R.choice(ACTORS)
        if R.chance(0.5):
            c["per_participant"] = gen_dist(R, "nonneg", R.choice((1e3, 2e4, 6e4)))
        else:
            c["amount"] = gen_dist(R, "nonneg", R.choice((1e4, 2e5, 1e6)))
            if R.chance(0.5):
                c["years"] = sorted(R.sample(range(H), R.integer(1, min(H, 5))))
        costs.append(c)
    if costs:
        main["cost"] = costs

    # activities and where they are defined
    lib: dict[str, Any] = {}
    nested: dict[str, Any] = {}
    local: dict[str, Any] = {}
    where = {"main": main, "lib": lib, "nested": nested, "local": local}
    price_years = {year}
    other_years = [y for y in range(2008, 2026) if y != year]

    def activity() -> dict:
        a: dict[str, Any] = {}
        if R.chance(0.4):
            a["title"] = "Aktivitet"
        if R.chance(0.3):
            a["domain"] = R.choice(("undervisning", "sundhed", "beskaeftigelse"))
        if R.chance(0.5):
            a["kind"] = R.choice(("expenditure", "revenue"))
        if R.chance(0.5):
            py = year if R.chance(0.3) else R.choice(other_years)
            a["price_year"] = py
            price_years.add(py)
        if R.chance(0.9):
            mag = R.choice((1e3, 5e4, 4e5))
            a["price"] = {actor: gen_dist(R, "nonneg", mag) for actor in R.sample(ACTORS, R.integer(0, 3))}
        return a

    keys = R.sample(ACTIVITY_KEYS, R.integer(0, 5))
    for k in keys:
        place = R.choice(("main", "lib", "nested", "local", "lib+main"))
        if place == "lib+main":  # the scenario's own definition replaces the library's
            lib.setdefault("activity", {})[k] = activity()
            main.setdefault("activity", {})[k] = activity()
        else:
            where[place].setdefault("activity", {})[k] = activity()

    # consequences: unique activities; profiles may be longer than the horizon
    consequences = []
    for k in R.sample(keys, R.integer(0, len(keys))):
        T = R.integer(1, 5) if R.chance(0.6) else R.integer(1, 60)
        q = [0.0 if R.chance(0.1) else R.real(-2.0, 1.0) for _ in range(T)]
        c = {"activity": k, "per_success": q}
        if R.chance(0.3):
            c["se"] = [R.real(0.0, 0.5) for _ in range(T)]
        if R.chance(0.4):
            c["scale"] = gen_dist(R, "nonneg", 1.0)
        if R.chance(0.35):
            c["price"] = {a: gen_dist(R, "nonneg", R.choice((1e3, 5e4))) for a in R.sample(ACTORS, R.integer(1, 3))}
        consequences.append(c)
    if consequences:
        main["consequence"] = consequences

    # price index: required when a price year differs from the scenario's; sometimes given anyway
    if len(price_years) > 1 or R.chance(0.2):
        years = sorted(price_years | set(R.sample(other_years, R.integer(0, 2))))
        index = {str(y): round(R.real(70.0, 130.0), 3) if R.chance(0.5) else R.real(70.0, 130.0) for y in years}
        for y, v in index.items():
            for place in R.sample(("main", "lib", "nested", "local"), R.integer(1, 2)):
                where[place].setdefault("price_index", {})[y] = v  # equal values where given twice

    # correlations and groups over uncertain inputs: they do not change the base case
    names = []
    if is_uncertain(main["intervention"]["success_rate"]):
        names.append("success_rate")
    if is_uncertain(scenario.get("discount_rate")):
        names.append("discount_rate")
    names += [f"cost.{slug(c['name'])}" for c in costs if is_uncertain(c.get("per_participant", c.get("amount")))]
    if len(names) >= 2 and R.chance(0.3):
        main["correlation"] = [{"inputs": R.sample(names, 2), "rho": R.real(-0.8, 0.8)}]
    if any(n.startswith("cost.") for n in names) and R.chance(0.3):
        main["groups"] = {"Lokale omkostninger": ["cost.*"]}

    # wire the includes
    case = Case({MAIN: main})
    if nested or R.chance(0.1):
        lib.setdefault("include", []).append(INCLUDE_AS[NESTED])
        case.files[NESTED] = nested
    includes = []
    if lib or R.chance(0.1):
        includes.append(INCLUDE_AS[LIB])
        case.files[LIB] = lib
    if local:
        includes.append(INCLUDE_AS[LOCAL])
        case.files[LOCAL] = local
    if LOCAL in case.files and LIB in case.files and R.chance(0.4):
        # a diamond: the scenario and prices.toml both include local.toml (it is read once)
        lib.setdefault("include", []).append("../case/local.toml")
    for d in (lib, nested, local):
        if R.chance(0.3):
            d["somsim"] = 1
        if R.chance(0.3):
            d["library"] = {"title": "Priskatalog"}
    if includes:
        main["include"] = R.sample(includes, len(includes))  # any order
    return case


def slug(name: str) -> str:
    """The contract's name-slug (§2 "Input names")."""
    s = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def cases():
    """Hypothesis strategy of random valid scenarios (:class:`Case`)."""
    from hypothesis import strategies as st

    @st.composite
    def _cases(draw):
        return gen_case(HypothesisRand(draw))

    return _cases()


def random_case(seed: int) -> Case:
    """A random valid scenario from a plain ``random.Random(seed)``."""
    return gen_case(PlainRand(seed))


# --------------------------------------------------------------------------------------------
# A small TOML writer (enough for scenario files)
# --------------------------------------------------------------------------------------------
_BARE = re.compile(r"[A-Za-z0-9_\-]+")
_SECTIONS = ("library", "scenario", "target_group", "intervention", "price_index", "groups", "udvalg")
_ARRAYS = ("cost", "consequence", "correlation")


def _key(k: str) -> str:
    return k if _BARE.fullmatch(k) else json.dumps(k, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(v)
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }" if v else "{}"
    raise TypeError(type(v))


def _body(d: dict) -> list[str]:
    return [f"{_key(k)} = {_value(v)}" for k, v in d.items()]


def dumps_toml(data: dict) -> str:
    lines = [f"{_key(k)} = {_value(v)}" for k, v in data.items()
             if k not in _SECTIONS + _ARRAYS + ("activity",)]
    for k in _SECTIONS:
        if k in data:
            lines += ["", f"[{k}]", *_body(data[k])]
    for k in _ARRAYS:
        for item in data.get(k, []):
            lines += ["", f"[[{k}]]", *_body(item)]
    for k, a in data.get("activity", {}).items():
        lines += ["", f"[activity.{_key(k)}]", *_body(a)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# §6 (format 1, second edition): scenarios that use every new key
# --------------------------------------------------------------------------------------------
COMMITTEE_NAMES = ("Børne- og Ungeudvalget", "Beskæftigelsesudvalget", "Social- og Sundhedsudvalget",
                   "Økonomiudvalget")


def _haircut(R: _Rand) -> Any:
    """A valid haircut (support in [0, 1)): 0, a number, `fixed`, or a bounded distribution below 1."""
    form = R.choice(("zero", "number", "fixed", "uniform", "triangular", "pert", "truncnormal"))
    if form == "zero":
        return R.choice((0, 0.0))
    if form == "number":
        return R.real(0.0, 0.9)
    if form == "fixed":
        return {"dist": "fixed", "value": R.real(0.0, 0.9)}
    return _bounded(R, form, 0.0, 0.95)


def _gross_baseline(R: _Rand) -> dict:
    """§6.1 ``{ gross, baseline }``: numbers and/or distributions; point(gross) < point(baseline) sometimes."""
    form = R.choice(("random", "random", "better-dist", "better-dist", "better-fixed", "worse-dist", "worse-fixed"))
    if form == "random":  # independent: the points are in either order
        return {"gross": gen_dist(R, "rate"), "baseline": gen_dist(R, "rate")}
    lo = R.real(0.02, 0.5)
    hi = lo + R.real(0.01, 0.45)
    g, b = (hi, lo) if form.startswith("better") else (lo, hi)  # "worse": the intervention does worse
    if form.endswith("fixed"):  # numbers / fixed
        return {"gross": g if R.chance(0.5) else {"dist": "fixed", "value": g}, "baseline": b}
    # distributions with those point values
    w = min(lo, 1.0 - hi, 0.05)
    return {"gross": {"dist": "uniform", "low": g - w, "high": g + w},
            "baseline": {"dist": "triangular", "min": max(0.0, b - 0.1), "mode": b, "max": min(1.0, b + 0.1)}}


def _udvalg(R: _Rand, items: list[str], universe: list[str]) -> dict[str, list[str]] | None:
    """1–3 committees whose patterns (exact names and globs) never name the same item."""
    if not items:
        return None
    n_comm = R.integer(1, min(3, len(items)))
    names = R.sample(COMMITTEE_NAMES, n_comm)
    if n_comm == 1 and R.chance(0.2):  # everything in one committee: "Øvrige" is empty
        return {names[0]: ["*"]}
    order = R.sample(items, len(items))
    assigned: dict[str, list[str]] = {nm: [] for nm in names}
    for i, item in enumerate(order):  # every committee gets at least one item; some items stay unnamed
        if i < n_comm:
            assigned[names[i]].append(item)
        elif R.chance(0.7):
            assigned[R.choice(names)].append(item)
    patterns: dict[str, list[str]] = {}
    for nm, its in assigned.items():
        pats = []
        for item in its:
            if R.chance(0.4) and len(item) > 2:
                pats.append(item[: R.integer(1, len(item) - 1)] + "*")
            else:
                pats.append(item)
        if R.chance(0.2) and all(i.startswith("cost.") for i in its):
            pats = ["cost.*"]
        patterns[nm] = sorted(set(pats), key=pats.index)

    def matched(nm):
        return {u for u in universe if any(fnmatchcase(u, p) for p in patterns[nm])}

    # no item may be named by two committees: two clashing committees fall back to their exact items
    # (exact names never clash: every item is assigned to at most one committee)
    while True:
        clash = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if matched(a) & matched(b)]
        if not clash:
            return patterns
        for nm in clash[0]:
            patterns[nm] = list(assigned[nm])


def gen_case_s6(R: _Rand) -> Case:
    """:func:`gen_case` plus every §6 key at random (gross/baseline, evidence, haircut,
    completion_rate, per, per-consequence lag, [udvalg], correlations of success_rate.gross/baseline).

    Valid by construction: rates in [0, 1], haircut in [0, 1), lags in −3 … 3, committees whose
    patterns do not overlap. Existing generators are untouched (they never produce §6 keys).
    """
    case = gen_case(R)
    m = case.main
    iv = m["intervention"]

    # §6.1 gross and baseline (sometimes the single net rate stays)
    if R.chance(0.65):
        iv["success_rate"] = _gross_baseline(R)
    # §6.2 evidence level and/or an explicit haircut
    if R.chance(0.6):
        iv["evidence"] = R.integer(1, 3)
    if R.chance(0.5):
        iv["haircut"] = _haircut(R)
    # §6.3 completion rate and cost items per completer/starter
    if R.chance(0.6):
        iv["completion_rate"] = gen_dist(R, "rate")
    for c in m.get("cost", []):
        if "per_participant" in c and R.chance(0.6):
            c["per"] = R.choice(("completer", "completer", "starter"))
    # §6.4 per-consequence lag (−3 … 3; the contract allows ≥ −10)
    for c in m.get("consequence", []):
        if R.chance(0.6):
            c["lag"] = R.integer(-3, 3)

    # §6.5 committees over the consequence activities and the cost input names
    acts: list[str] = []
    for f in case.files.values():
        acts += [k for k in f.get("activity", {}) if k not in acts]
    costs = [f"cost.{slug(c['name'])}" for c in m.get("cost", [])]
    # committees name the consequence activities and the kommune's costs by name (a glob may also
    # match another actor's cost: that one adds nothing to the kommune's split)
    items = [c["activity"] for c in m.get("consequence", [])]
    items += [f"cost.{slug(c['name'])}" for c in m.get("cost", []) if c.get("actor", "kommune") == "kommune"]
    if R.chance(0.75):
        ud = _udvalg(R, items, acts + costs)
        if ud:
            m["udvalg"] = ud

    # correlations (base-case neutral), now with the §6 inputs; the §1 pair may name "success_rate"
    sr = iv["success_rate"]
    names = []
    if isinstance(sr, dict) and "dist" not in sr:  # §6.1 gross/baseline
        names += [f"success_rate.{k}" for k in ("gross", "baseline") if is_uncertain(sr[k])]
    elif is_uncertain(sr):
        names.append("success_rate")
    if is_uncertain(iv.get("haircut")):
        names.append("success_rate.haircut")
    if is_uncertain(iv.get("completion_rate")):
        names.append("completion_rate")
    if is_uncertain(m["scenario"].get("discount_rate")):
        names.append("discount_rate")
    names += [f"cost.{slug(c['name'])}" for c in m.get("cost", [])
              if is_uncertain(c.get("per_participant", c.get("amount")))]
    m.pop("correlation", None)
    rates = [x for x in names if x.startswith("success_rate.")]
    if len(names) >= 2 and R.chance(0.6):
        first = R.choice(rates) if rates and R.chance(0.8) else R.choice(names)
        other = R.choice([x for x in names if x != first])
        blocks = [{"inputs": [first, other], "rho": R.real(-0.8, 0.8)}]
        rest = [x for x in names if x not in (first, other)]
        if len(rest) >= 2 and R.chance(0.3):
            blocks.append({"inputs": R.sample(rest, 2), "rho": R.real(-0.8, 0.8)})
        m["correlation"] = blocks
    if rates and R.chance(0.3):
        m.setdefault("groups", {})["Effekt lokalt"] = ["success_rate.*"]
    return case


def cases_s6():
    """Hypothesis strategy of random valid §6 scenarios (:class:`Case`)."""
    from hypothesis import strategies as st

    @st.composite
    def _cases(draw):
        return gen_case_s6(HypothesisRand(draw))

    return _cases()


def random_case_s6(seed: int) -> Case:
    """A random valid §6 scenario from a plain ``random.Random(seed)``."""
    return gen_case_s6(PlainRand(seed))
