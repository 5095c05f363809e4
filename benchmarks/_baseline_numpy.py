"""A straightforward numpy/scipy implementation of `somsim check` / `somsim run`, for benchmarks.

It is deliberately independent of somsim (it imports nothing from it): it reads a format-1 scenario
(/work/shared/design/scenario-format.md §1–§2, plus the per-consequence ``lag`` of §6.4 and
``indexed = false`` of §6.7), validates it lightly, samples every uncertain input by inverse CDF
(``scipy.stats`` ``ppf`` of uniforms from ``numpy.random.default_rng(seed)``, Gaussian copula for
``[[correlation]]`` with Spearman → Pearson ``2 sin(πρ/6)``), evaluates §1 vectorised in numpy in
chunks of 10⁵ draws and summarises the NPV like ``somsim run`` does.

    python benchmarks/_baseline_numpy.py SCENARIO --check
    python benchmarks/_baseline_numpy.py SCENARIO [--draws N] [--seed S] [--json PATH|-]

With ``--json -`` the JSON document goes to stdout and the human summary to stderr. Exit codes:
0 success, 2 bad (or, for this baseline, unsupported) input. The random numbers are not somsim's,
so its figures agree with somsim's only within Monte Carlo error.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tomllib
from pathlib import Path

import numpy as np

ACTORS = ("kommune", "region", "stat")
OUTPUTS = ACTORS + ("total",)
CHUNK = 100_000
Z975 = 1.959964
FAMILIES = ("fixed", "normal", "truncnormal", "lognormal", "gamma", "beta", "uniform", "triangular", "pert")
SCENARIO_KEYS = {"somsim", "include", "scenario", "target_group", "intervention", "cost", "consequence", "activity",
                 "correlation", "groups", "price_index"}
UNSUPPORTED = {  # §6 additions this baseline does not implement: refused rather than silently ignored
    "intervention": ("evidence", "haircut", "completion_rate"),
    "cost": ("per",),
}


class BadInput(Exception):
    pass


# --------------------------------------------------------------------------------------------------
# distributions


class Dist:
    """One distribution: family, parameters, point value, and a multiplicative factor (price index)."""

    def __init__(self, family: str, params: dict, point: float, factor: float = 1.0):
        self.family, self.params, self.point, self.factor = family, params, point, factor
        self._frozen = None

    @property
    def is_fixed(self) -> bool:
        return self.family == "fixed"

    def scaled(self, f: float) -> Dist:
        return Dist(self.family, self.params, self.point, self.factor * f)

    def base(self) -> float:
        return self.point * self.factor

    def support(self) -> tuple[float, float]:
        f, p = self.family, self.params
        if f == "fixed":
            lo = hi = p["value"]
        elif f == "normal":
            lo, hi = -math.inf, math.inf
        elif f == "truncnormal":
            lo, hi = p["low"], p["high"]
        elif f in ("lognormal", "gamma"):
            lo, hi = 0.0, math.inf
        elif f == "beta":
            lo, hi = 0.0, 1.0
        elif f == "uniform":
            lo, hi = p["low"], p["high"]
        else:  # triangular, pert
            lo, hi = p["min"], p["max"]
        return lo * self.factor, hi * self.factor

    def frozen(self):
        if self._frozen is None:
            from scipy import stats
            from scipy.optimize import brentq

            f, p = self.family, self.params
            if f == "normal":
                d = stats.norm(loc=p["mean"], scale=p["sd"])
            elif f == "truncnormal":
                m, s = p["mean"], p["sd"]
                d = stats.truncnorm((p["low"] - m) / s, (p["high"] - m) / s, loc=m, scale=s)
            elif f == "lognormal":
                d = stats.lognorm(s=p["sigma"], scale=math.exp(p["mu"]))
            elif f == "gamma":
                d = stats.gamma(p["shape"], scale=p["scale"])
            elif f == "beta":
                if "alpha" in p:
                    a, b = p["alpha"], p["beta"]
                else:  # mean + ci95: concentration κ with central 95 % width hi − lo, mean kept
                    m, w = p["mean"], p["width"]

                    def excess(logk: float) -> float:
                        k = math.exp(logk)
                        lo, hi = stats.beta.ppf([0.025, 0.975], m * k, (1 - m) * k)
                        return (hi - lo) - w

                    logk = brentq(excess, -8.0, 30.0, xtol=1e-12)
                    a, b = m * math.exp(logk), (1 - m) * math.exp(logk)
                d = stats.beta(a, b)
            elif f == "uniform":
                d = stats.uniform(loc=p["low"], scale=p["high"] - p["low"])
            elif f == "triangular":
                lo, mo, hi = p["min"], p["mode"], p["max"]
                d = stats.triang((mo - lo) / (hi - lo), loc=lo, scale=hi - lo)
            elif f == "pert":
                lo, mo, hi = p["min"], p["mode"], p["max"]
                d = stats.beta(1 + 4 * (mo - lo) / (hi - lo), 1 + 4 * (hi - mo) / (hi - lo), loc=lo, scale=hi - lo)
            else:
                raise ValueError(f)
            self._frozen = d
        return self._frozen

    def ppf(self, u: np.ndarray) -> np.ndarray:
        x = self.frozen().ppf(u)
        return x * self.factor if self.factor != 1.0 else x

    def describe(self) -> str:
        shown = {k: v for k, v in self.params.items() if k not in ("mu", "sigma", "width")}
        fmt = lambda v: f"[{', '.join(f'{x:g}' for x in v)}]" if isinstance(v, list) else f"{v:g}"  # noqa: E731
        s = f"{self.family}({', '.join(f'{k}={fmt(v)}' for k, v in shown.items())})"
        return s + (f" ×{self.factor:.4f}" if self.factor != 1.0 else "")


def _num(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def parse_dist(v, where: str, problems: list[str]) -> Dist | None:
    """A number (fixed) or a ``{ dist = … }`` table."""
    if _num(v):
        return Dist("fixed", {"value": float(v)}, float(v))
    if not isinstance(v, dict) or "dist" not in v:
        problems.append(f"{where}: expected a number or a {{ dist = … }} table (got {v!r})")
        return None
    fam = v["dist"]
    if fam not in FAMILIES:
        problems.append(f"{where}.dist: unknown family (got {fam!r}; expected one of {', '.join(FAMILIES)})")
        return None
    keys = {k: val for k, val in v.items() if k not in ("dist", "point", "note", "source")}
    for k, val in keys.items():
        ok = _num(val) or (k == "ci95" and isinstance(val, list) and len(val) == 2 and all(map(_num, val)))
        if not ok:
            problems.append(f"{where}.{k}: expected a finite number (got {val!r})")
            return None
    ks = set(keys)
    bad = lambda msg: problems.append(f"{where}: {fam}: {msg}")  # noqa: E731
    d: Dist | None = None
    if fam == "fixed" and ks == {"value"}:
        d = Dist(fam, {"value": float(keys["value"])}, float(keys["value"]))
    elif fam == "normal" and ks == {"mean", "sd"}:
        if keys["sd"] <= 0:
            return bad("sd must be > 0")
        d = Dist(fam, {"mean": keys["mean"], "sd": keys["sd"]}, keys["mean"])
    elif fam == "normal" and ks == {"ci95"}:
        lo, hi = keys["ci95"]
        if not lo < hi:
            return bad("ci95 must be [lo, hi] with lo < hi")
        m, s = (lo + hi) / 2, (hi - lo) / (2 * Z975)
        d = Dist(fam, {"mean": m, "sd": s}, m)
    elif fam == "truncnormal" and ks == {"mean", "sd", "low", "high"}:
        if keys["sd"] <= 0 or not keys["low"] < keys["high"]:
            return bad("needs sd > 0 and low < high")
        d = Dist(fam, dict(keys), min(max(keys["mean"], keys["low"]), keys["high"]))
    elif fam == "lognormal" and ks == {"median", "ci95"}:
        lo, hi = keys["ci95"]
        med = keys["median"]
        if not 0 < lo < med < hi:
            return bad("needs 0 < ci95[0] < median < ci95[1]")
        sigma = (math.log(hi) - math.log(lo)) / (2 * Z975)
        d = Dist(fam, {"median": med, "ci95": [lo, hi], "mu": math.log(med), "sigma": sigma}, med)
    elif fam == "lognormal" and ks == {"mean", "sd"}:
        m, s = keys["mean"], keys["sd"]
        if m <= 0 or s <= 0:
            return bad("needs mean > 0 and sd > 0")
        sigma2 = math.log1p((s / m) ** 2)
        d = Dist(fam, {"mean": m, "sd": s, "mu": math.log(m) - sigma2 / 2, "sigma": math.sqrt(sigma2)}, m)
    elif fam == "gamma" and ks == {"mean", "sd"}:
        m, s = keys["mean"], keys["sd"]
        if m <= 0 or s <= 0:
            return bad("needs mean > 0 and sd > 0")
        d = Dist(fam, {"mean": m, "sd": s, "shape": (m / s) ** 2, "scale": s * s / m}, m)
    elif fam == "gamma" and ks == {"shape", "scale"}:
        if keys["shape"] <= 0 or keys["scale"] <= 0:
            return bad("needs shape > 0 and scale > 0")
        d = Dist(fam, dict(keys), keys["shape"] * keys["scale"])
    elif fam == "beta" and ks == {"mean", "sd"}:
        m, s = keys["mean"], keys["sd"]
        if not (0 < m < 1 and 0 < s * s < m * (1 - m)):
            return bad("needs 0 < mean < 1 and 0 < sd² < mean·(1 − mean)")
        k = m * (1 - m) / (s * s) - 1
        d = Dist(fam, {"mean": m, "sd": s, "alpha": m * k, "beta": (1 - m) * k}, m)
    elif fam == "beta" and ks == {"alpha", "beta"}:
        if keys["alpha"] <= 0 or keys["beta"] <= 0:
            return bad("needs alpha > 0 and beta > 0")
        d = Dist(fam, dict(keys), keys["alpha"] / (keys["alpha"] + keys["beta"]))
    elif fam == "beta" and ks == {"mean", "ci95"}:
        m, (lo, hi) = keys["mean"], keys["ci95"]
        if not (0 < m < 1 and 0 <= lo < hi <= 1):
            return bad("needs 0 < mean < 1 and 0 ≤ ci95[0] < ci95[1] ≤ 1")
        d = Dist(fam, {"mean": m, "ci95": [lo, hi], "width": hi - lo}, m)
    elif fam == "uniform" and ks == {"low", "high"}:
        if not keys["low"] < keys["high"]:
            return bad("needs low < high")
        d = Dist(fam, dict(keys), (keys["low"] + keys["high"]) / 2)
    elif fam in ("triangular", "pert") and ks == {"min", "mode", "max"}:
        if not (keys["min"] <= keys["mode"] <= keys["max"] and keys["min"] < keys["max"]):
            return bad("needs min ≤ mode ≤ max and min < max")
        d = Dist(fam, dict(keys), keys["mode"])
    else:
        problems.append(f"{where}: {fam}: unexpected parameters (got {', '.join(sorted(ks)) or 'none'})")
        return None
    if "point" in v:
        pt = v["point"]
        lo, hi = d.support()
        if not _num(pt) or not lo <= pt <= hi:
            problems.append(f"{where}.point: must lie in the support [{lo:g}, {hi:g}] (got {pt!r})")
        else:
            d.point = float(pt)
    return d


# --------------------------------------------------------------------------------------------------
# scenario


def slug(name: str) -> str:
    s = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _read_toml(path: Path, problems: list[str]) -> dict | None:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        problems.append(f"{path}: (file): no such file")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        problems.append(f"{path}: (file): {e}")
    return None


def _load_libraries(doc: dict, base: Path, seen: set[Path], stack: tuple[Path, ...], activities: dict,
                    index: dict, problems: list[str]) -> None:
    for inc in doc.get("include", []):
        p = (base.parent / inc).resolve()
        if p in stack:
            problems.append(f"{base}: include: include cycle through {p}")
            continue
        if p in seen:
            continue
        seen.add(p)
        lib = _read_toml(p, problems)
        if lib is None:
            continue
        for k in lib:
            if k not in ("somsim", "include", "library", "activity", "price_index"):
                problems.append(f"{p}: {k}: not allowed in an activity library")
        for key, act in lib.get("activity", {}).items():
            if key in activities:
                problems.append(f"{p}: activity.{key}: defined in two libraries")
            activities[key] = (act, p)
        _merge_index(lib.get("price_index", {}), p, index, problems)
        _load_libraries(lib, p, seen, stack + (p,), activities, index, problems)


def _merge_index(tab: dict, file: Path, index: dict, problems: list[str]) -> None:
    for y, v in tab.items():
        try:
            year = int(y)
        except ValueError:
            problems.append(f"{file}: price_index.{y}: keys are years")
            continue
        if not _num(v) or v <= 0:
            problems.append(f"{file}: price_index.{y}: expected a positive number (got {v!r})")
        elif year in index and index[year] != v:
            problems.append(f"{file}: price_index.{y}: two different values ({index[year]} and {v})")
        else:
            index[year] = float(v)


class Scenario:
    """The parsed scenario: plain Python data, plus the list of uncertain inputs (name → Dist)."""

    def __init__(self, path: str):
        problems: list[str] = []
        self.path = path = Path(path)
        doc = _read_toml(path, problems)
        if doc is None:
            raise BadInput(problems)
        P = lambda key, msg: problems.append(f"{path}: {key}: {msg}")  # noqa: E731
        for k in doc:
            if k not in SCENARIO_KEYS:
                P(k, "unknown key")
        if doc.get("somsim") != 1:
            P("somsim", f"expected format version 1 (got {doc.get('somsim')!r})")
        if "udvalg" in doc:
            P("udvalg", "not supported by this baseline")
        sc, iv = doc.get("scenario", {}), doc.get("intervention", {})
        self.id = sc.get("id", "")
        if not isinstance(self.id, str) or not re.fullmatch(r"[a-z0-9-]+", self.id):
            P("scenario.id", f"expected [a-z0-9-]+ (got {self.id!r})")
        self.title = sc.get("title", self.id)
        self.price_year = sc.get("price_year")
        if not isinstance(self.price_year, int):
            P("scenario.price_year", "required, a year")
        self.H = H = sc.get("horizon")
        if not isinstance(H, int) or not 1 <= H <= 50:
            P("scenario.horizon", f"expected 1 … 50 years (got {H!r})")
            H = self.H = 1
        self.lag = sc.get("consequence_lag", 0)
        if not isinstance(self.lag, int):
            P("scenario.consequence_lag", "expected whole years")
            self.lag = 0
        self.stochastic = bool(sc.get("stochastic_cohorts", False))
        self.perspective = sc.get("perspective", "total")
        if self.perspective not in OUTPUTS:
            P("scenario.perspective", f"expected one of {', '.join(OUTPUTS)}")

        for table, keys in UNSUPPORTED.items():
            items = doc.get(table, {})
            for item in items if isinstance(items, list) else [items]:
                for k in keys:
                    if k in item:
                        P(f"{table}.{k}", "not supported by this baseline")
        self.cohorts = iv.get("cohorts")
        if (not isinstance(self.cohorts, list) or not self.cohorts
                or not all(isinstance(n, int) and n >= 0 for n in self.cohorts) or sum(self.cohorts) < 1):
            P("intervention.cohorts", "expected a list of participant counts ≥ 0 with at least one participant")
            self.cohorts = [1]
        elif len(self.cohorts) > H:
            P("intervention.cohorts", f"{len(self.cohorts)} cohorts run beyond the horizon of {H} years")
        self.participants = sum(self.cohorts)

        # every model parameter: a Dist; the uncertain ones are also inputs, by name
        self.params: dict[str, Dist] = {}
        self.inputs: dict[str, Dist] = {}

        def param(name: str, value, where: str, lo: float | None = None, hi: float | None = None,
                  factor: float = 1.0) -> Dist:
            d = parse_dist(value, where, problems)
            if d is None:
                d = Dist("fixed", {"value": 0.0}, 0.0)
            if factor != 1.0:
                d = d.scaled(factor)
            s_lo, s_hi = d.support()
            if name == "discount_rate" and d.family == "normal":  # accepted if 8 sd above the bound
                s_lo = d.params["mean"] - 8 * d.params["sd"]
            if (lo is not None and s_lo < lo) or (hi is not None and s_hi > hi):
                problems.append(f"{path}: {where}: support [{s_lo:g}, {s_hi:g}] must lie within "
                                f"[{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]")
            self.params[name] = d
            if not d.is_fixed:
                self.inputs[name] = d
            return d

        if "success_rate" not in iv:
            P("intervention.success_rate", "required")
        elif isinstance(iv["success_rate"], dict) and "dist" not in iv["success_rate"]:
            P("intervention.success_rate", "gross/baseline success rates are not supported by this baseline")
        else:
            param("success_rate", iv["success_rate"], "intervention.success_rate", 0.0, 1.0)
        param("discount_rate", sc.get("discount_rate", 0.035), "scenario.discount_rate", -0.9)

        # costs
        self.costs = []
        for i, c in enumerate(doc.get("cost", [])):
            key = f"cost[{i}]"
            name = c.get("name")
            if not isinstance(name, str) or not slug(name):
                P(f"{key}.name", "required")
                continue
            s = slug(name)
            if f"cost.{s}" in self.params:
                P(f"{key}.name", f"two costs with the slug {s!r}")
            actor = c.get("actor", "kommune")
            if actor not in ACTORS:
                P(f"{key}.actor", f"expected one of {', '.join(ACTORS)} (got {actor!r})")
                actor = "kommune"
            has_pp, has_am = "per_participant" in c, "amount" in c
            if has_pp == has_am:
                P(key, "exactly one of per_participant and amount")
                continue
            kind = "per_participant" if has_pp else "amount"
            param(f"cost.{s}", c[kind], f"{key}.{kind}", 0.0)
            years = list(range(len(self.cohorts)))
            if "years" in c:
                if kind != "amount":
                    P(f"{key}.years", "years applies to amount items only")
                years = c["years"]
                if (not isinstance(years, list) or not years or len(set(years)) != len(years)
                        or not all(isinstance(y, int) and 0 <= y < H for y in years)):
                    P(f"{key}.years", f"expected distinct years 0 … {H - 1}")
                    years = []
            self.costs.append((f"cost.{s}", kind, ACTORS.index(actor), years))

        # activities, price index, consequences
        activities: dict = {}
        self.index: dict[int, float] = {}
        _load_libraries(doc, path.resolve(), {path.resolve()}, (path.resolve(),), activities, self.index, problems)
        for key, act in doc.get("activity", {}).items():
            activities[key] = (act, path)  # a local activity replaces a library's
        _merge_index(doc.get("price_index", {}), path, self.index, problems)

        self.consequences = []
        used = set()
        for i, q in enumerate(doc.get("consequence", [])):
            key = f"consequence[{i}]"
            a = q.get("activity")
            if a not in activities:
                P(f"{key}.activity", f"unknown activity {a!r}")
                continue
            if a in used:
                P(f"{key}.activity", f"{a!r} appears twice")
            used.add(a)
            act, afile = activities[a]
            prof = q.get("per_success")
            if not isinstance(prof, list) or not prof or not all(map(_num, prof)):
                P(f"{key}.per_success", "expected a list of numbers")
                continue
            se = q.get("se")
            if se is not None and (not isinstance(se, list) or len(se) != len(prof) or not all(map(_num, se))
                                   or min(se) < 0):
                P(f"{key}.se", "expected one standard error ≥ 0 per year of per_success")
                se = None
            lag = q.get("lag", self.lag)
            if not isinstance(lag, int) or lag < -10:
                P(f"{key}.lag", "expected whole years ≥ −10")
                lag = self.lag
            if se is not None:
                param(f"consequence.{a}", {"dist": "normal", "mean": 0.0, "sd": 1.0}, f"{key}.se")
            param(f"consequence.{a}.scale", q.get("scale", 1.0), f"{key}.scale", 0.0)
            kind = act.get("kind", "expenditure")
            if kind not in ("expenditure", "revenue"):
                P(f"activity.{a}.kind", f"expected expenditure or revenue (got {kind!r})")
            apy = act.get("price_year", self.price_year)
            factor = 1.0
            if act.get("indexed", True) and apy != self.price_year and isinstance(self.price_year, int):
                if apy in self.index and self.price_year in self.index:
                    factor = self.index[self.price_year] / self.index[apy]
                else:
                    problems.append(f"{afile}: activity.{a}.price_year: {apy} differs from the scenario's "
                                    f"{self.price_year} and there is no [price_index] for both years")
            override = q.get("price", {})
            prices = {}
            for actor in ACTORS:
                if actor in override:
                    prices[actor] = param(f"price.{a}.{actor}", override[actor], f"{key}.price.{actor}", 0.0)
                elif actor in act.get("price", {}):
                    prices[actor] = param(f"price.{a}.{actor}", act["price"][actor], f"activity.{a}.price.{actor}",
                                          0.0, factor=factor)
            for actor in override:
                if actor not in ACTORS:
                    P(f"{key}.price.{actor}", "unknown actor")
            self.consequences.append({
                "activity": a, "q": np.asarray(prof, float), "se": None if se is None else np.asarray(se, float),
                "lag": lag, "sign": 1.0 if kind == "revenue" else -1.0, "prices": prices,
                "shock": f"consequence.{a}" if se is not None else None, "scale": f"consequence.{a}.scale",
            })

        # correlations: one Gaussian copula over the correlated inputs
        self.corr_names: list[str] = []
        pairs: dict[tuple[str, str], float] = {}
        for i, blk in enumerate(doc.get("correlation", [])):
            names, rho = blk.get("inputs", []), blk.get("rho")
            missing = [n for n in names if n not in self.inputs]
            if missing or len(names) < 2:
                P(f"correlation[{i}].inputs", f"expected two or more uncertain inputs (not found: {missing})")
                continue
            R = np.full((len(names), len(names)), float(rho)) if _num(rho) else np.asarray(rho, float)
            if R.shape != (len(names), len(names)) or np.any(np.abs(R[~np.eye(len(names), dtype=bool)]) >= 1):
                P(f"correlation[{i}].rho", "expected a number in (−1, 1) or a matching matrix")
                continue
            for x in range(len(names)):
                for y in range(x + 1, len(names)):
                    pair = tuple(sorted((names[x], names[y])))
                    if pair in pairs:
                        P(f"correlation[{i}].inputs", f"pair {pair} is in two blocks")
                    pairs[pair] = 2 * math.sin(math.pi * R[x, y] / 6)
                    for n in pair:
                        if n not in self.corr_names:
                            self.corr_names.append(n)
        self.corr_factor = None
        if pairs:
            ix = {n: j for j, n in enumerate(self.corr_names)}
            C = np.eye(len(ix))
            for (x, y), r in pairs.items():
                C[ix[x], ix[y]] = C[ix[y], ix[x]] = r
            w, V = np.linalg.eigh(C)
            if w.min() < -1e-10:
                P("correlation", "the combined correlation matrix is not positive semi-definite")
            self.corr_factor = V * np.sqrt(np.clip(w, 0, None))  # C = F Fᵀ
        for n, v in doc.get("groups", {}).items():
            if not isinstance(v, list):
                P(f"groups.{n}", "expected a list of glob patterns")
        if problems:
            raise BadInput(problems)


# --------------------------------------------------------------------------------------------------
# the calculation (§1), vectorised over draws


def evaluate(sc: Scenario, val, m: int, S: np.ndarray | None = None) -> dict:
    """One chunk of ``m`` draws; ``val(name)`` gives a parameter's values, shape (m,) or scalar."""
    H, n = sc.H, np.asarray(sc.cohorts, float)
    col = lambda x: np.broadcast_to(np.asarray(x, float), (m,))[:, None]  # noqa: E731
    if S is None:
        S = col(val("success_rate")) * n[None, :]
    gains = np.zeros((m, 3, H))
    for cq in sc.consequences:
        q = cq["q"][None, :]
        if cq["shock"] is not None:
            q = q + col(val(cq["shock"])) * cq["se"][None, :]
        q = col(val(cq["scale"])) * q
        T, L = cq["q"].size, cq["lag"]
        dQ = np.zeros((m, H))
        for c in range(len(sc.cohorts)):  # τ = t − c − L + 1 ∈ 1 … T
            t0, t1 = max(0, c + L), min(H, c + L + T)
            if t0 < t1:
                dQ[:, t0:t1] += S[:, c:c + 1] * q[:, t0 - c - L:t1 - c - L]
        for actor, d in cq["prices"].items():
            gains[:, ACTORS.index(actor), :] += cq["sign"] * dQ * col(val(f"price.{cq['activity']}.{actor}"))
    costs = np.zeros((m, 3, H))
    for name, kind, a, years in sc.costs:
        v = col(val(name))
        if kind == "per_participant":
            costs[:, a, :n.size] += n[None, :] * v
        else:
            costs[:, a, years] += v
    df = (1.0 + col(val("discount_rate"))) ** -np.arange(H)[None, :]  # (m, H)
    g, c = gains * df[:, None, :], costs * df[:, None, :]
    cum = np.cumsum(g - c, axis=2)
    cum = np.concatenate([cum, cum.sum(axis=1, keepdims=True)], axis=1)  # (m, 4, H)
    last_neg = np.where(cum < 0, np.arange(H), -1).max(axis=2)
    be = np.where(last_neg == H - 1, -1, last_neg + 1)
    gpv, cpv = g.sum(axis=2), c.sum(axis=2)
    tot = lambda x: np.concatenate([x, x.sum(axis=1, keepdims=True)], axis=1)  # noqa: E731
    return {"npv": cum[:, :, -1], "gains_pv": tot(gpv), "costs_pv": tot(cpv), "break_even": be}


def base_case(sc: Scenario) -> dict:
    r = evaluate(sc, lambda name: sc.params[name].base(), 1)
    out = {k: {a: float(r[k][0, j]) for j, a in enumerate(OUTPUTS)} for k in ("npv", "gains_pv", "costs_pv")}
    out["npv_per_participant"] = {a: v / sc.participants for a, v in out["npv"].items()}
    out["break_even_year"] = {a: (None if r["break_even"][0, j] < 0 else int(r["break_even"][0, j]))
                              for j, a in enumerate(OUTPUTS)}
    return out


def simulate(sc: Scenario, draws: int, seed: int) -> dict:
    from scipy import stats

    rng = np.random.default_rng(seed)
    names = list(sc.inputs)
    corr_cols = [names.index(n) for n in sc.corr_names]
    npv = np.empty((draws, 4))
    be = np.empty((draws, 4), dtype=np.int16)
    for start in range(0, draws, CHUNK):
        m = min(CHUNK, draws - start)
        U = rng.random((m, len(names)))
        if sc.corr_factor is not None:
            U[:, corr_cols] = stats.norm.cdf(stats.norm.ppf(U[:, corr_cols]) @ sc.corr_factor.T)
        X = {name: sc.inputs[name].ppf(U[:, j]) for j, name in enumerate(names)}
        val = lambda name: X[name] if name in X else sc.params[name].base()  # noqa: E731
        S = None
        if sc.stochastic:
            s = np.broadcast_to(np.asarray(val("success_rate"), float), (m,))
            S = rng.binomial(np.asarray(sc.cohorts)[None, :], s[:, None]).astype(float)
        r = evaluate(sc, val, m, S)
        npv[start:start + m] = r["npv"]
        be[start:start + m] = r["break_even"]
    qs = np.quantile(npv, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
    mean, sd = npv.mean(axis=0), npv.std(axis=0, ddof=1)

    def block(j: int, div: float = 1.0) -> dict:
        return {"mean": mean[j] / div, "sd": sd[j] / div, "mcse": sd[j] / div / math.sqrt(draws),
                **{f"p{p:02d}": qs[i, j] / div for i, p in enumerate((5, 25, 50, 75, 95))},
                "prob_positive": float((npv[:, j] > 0).mean())}

    be_ok = be >= 0
    return {
        "npv": {a: block(j) for j, a in enumerate(OUTPUTS)},
        "npv_per_participant": {a: block(j, sc.participants) for j, a in enumerate(OUTPUTS)},
        "break_even_year": {a: {"prob_by_year": [float((be_ok[:, j] & (be[:, j] <= t)).mean()) for t in range(sc.H)],
                                "prob_never": float((~be_ok[:, j]).mean())} for j, a in enumerate(OUTPUTS)},
    }


# --------------------------------------------------------------------------------------------------
# output


def _kr(x: float) -> str:
    return f"{x:,.0f} kr.".replace(",", ".")


def print_base(sc: Scenario, bc: dict, out) -> None:
    print(sc.title, file=out)
    print(f"Base case ({sc.price_year} prices, {sc.H} years, {sc.participants} participants)", file=out)
    rows = [("Gains (PV)", bc["gains_pv"]), ("Costs (PV)", bc["costs_pv"]), ("Net present value", bc["npv"]),
            ("per participant", bc["npv_per_participant"])]
    order = ("total",) + ACTORS
    print(f"{'':<18}" + "".join(f"{a:>16}" for a in order), file=out)
    for label, d in rows:
        print(f"{label:<18}" + "".join(f"{_kr(d[a]):>16}" for a in order), file=out)
    be = bc["break_even_year"]
    print(f"{'Break-even year':<18}" + "".join(f"{'none' if be[a] is None else be[a]:>16}" for a in order), file=out)


def print_inputs(sc: Scenario, out) -> None:
    print(f"{len(sc.inputs)} uncertain inputs:", file=out)
    for name, d in sc.inputs.items():
        print(f"  {name:<48} {d.describe():<60} point {d.base():g}", file=out)


def summary_line(sc: Scenario, u: dict, draws: int, seed: int) -> str:
    p = sc.perspective
    t = u["npv"][p]
    pb = u["break_even_year"][p]["prob_by_year"]
    yr = min(1, sc.H - 1)
    return (f"NPV, {p}: mean {_kr(t['mean'])} (90 % interval {_kr(t['p05'])} – {_kr(t['p95'])}); "
            f"P(NPV > 0) = {t['prob_positive']:.1%}; P(break-even by year {yr}) = {pb[yr]:.1%} "
            f"({draws:,} draws, seed {seed}; MCSE of the mean {_kr(t['mcse'])})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="numpy/scipy baseline of `somsim check` / `somsim run`")
    ap.add_argument("scenario")
    ap.add_argument("--check", action="store_true", help="parse, validate and print the base case only")
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", metavar="PATH|-")
    a = ap.parse_args(argv)
    try:
        sc = Scenario(a.scenario)
    except BadInput as e:
        for p in e.args[0]:
            print(p, file=sys.stderr)
        return 2
    human = sys.stderr if a.json == "-" else sys.stdout
    bc = base_case(sc)
    if a.check:
        print_inputs(sc, human)
        print_base(sc, bc, human)
        print(f"OK: {a.scenario} (baseline check)", file=human)
        doc = {"base_case": bc}
    else:
        if a.draws < 1:
            print("--draws: expected at least 1", file=sys.stderr)
            return 2
        u = simulate(sc, a.draws, a.seed)
        print_base(sc, bc, human)
        print(summary_line(sc, u, a.draws, a.seed), file=human)
        doc = {"schema": "baseline-numpy/1", "seed": a.seed, "draws": a.draws, "participants": sc.participants,
               "base_case": bc, "uncertainty": u}
    if a.json:
        text = json.dumps(doc, indent=1, default=float)
        if a.json == "-":
            print(text)
        else:
            Path(a.json).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
