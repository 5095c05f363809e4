"""An independent Monte Carlo implementation of scenario-format.md §1–2, for tests.

Written from the contract only: it reads the raw TOML, converts every distribution's parameters
itself, samples with scipy.stats ``rvs`` (not inverse CDFs), builds the Gaussian copula itself and
evaluates §1 with its own loops. It imports nothing from somsim. Single-file scenarios only
(activities inline; [price_index] in the file).
"""

from __future__ import annotations

import math
import re
import tomllib

import numpy as np
from scipy import optimize, stats

ACTORS = ("kommune", "region", "stat")
Z = 1.959964


def frozen(spec):
    """scipy frozen distribution (or a float) for a TOML value."""
    if not isinstance(spec, dict):
        return float(spec)
    f = spec["dist"]
    g = {k: v for k, v in spec.items() if k not in ("dist", "point", "source", "note")}
    if f == "fixed":
        return float(g["value"])
    if f == "normal":
        if "ci95" in g:
            lo, hi = g["ci95"]
            return stats.norm((lo + hi) / 2, (hi - lo) / (2 * Z))
        return stats.norm(g["mean"], g["sd"])
    if f == "truncnormal":
        m, s = g["mean"], g["sd"]
        return stats.truncnorm((g["low"] - m) / s, (g["high"] - m) / s, loc=m, scale=s)
    if f == "lognormal":
        if "median" in g:
            lo, hi = g["ci95"]
            return stats.lognorm((math.log(hi) - math.log(lo)) / (2 * Z), scale=g["median"])
        m, s = g["mean"], g["sd"]
        s2 = math.log(1 + (s / m) ** 2)
        return stats.lognorm(math.sqrt(s2), scale=math.exp(math.log(m) - s2 / 2))
    if f == "gamma":
        if "shape" in g:
            return stats.gamma(g["shape"], scale=g["scale"])
        return stats.gamma((g["mean"] / g["sd"]) ** 2, scale=g["sd"] ** 2 / g["mean"])
    if f == "beta":
        if "alpha" in g:
            return stats.beta(g["alpha"], g["beta"])
        m = g["mean"]
        if "sd" in g:
            k = m * (1 - m) / g["sd"] ** 2 - 1
        else:
            lo, hi = g["ci95"]
            k = math.exp(optimize.brentq(lambda lk: stats.beta(m * math.exp(lk), (1 - m) * math.exp(lk)).ppf(0.975)
                                          - stats.beta(m * math.exp(lk), (1 - m) * math.exp(lk)).ppf(0.025)
                                          - (hi - lo), -5, 20))
        return stats.beta(m * k, (1 - m) * k)
    if f == "uniform":
        return stats.uniform(g["low"], g["high"] - g["low"])
    if f == "triangular":
        a, c, b = g["min"], g["mode"], g["max"]
        return stats.triang((c - a) / (b - a), loc=a, scale=b - a)
    if f == "pert":
        a, c, b = g["min"], g["mode"], g["max"]
        return stats.beta(1 + 4 * (c - a) / (b - a), 1 + 4 * (b - c) / (b - a), loc=a, scale=b - a)
    raise ValueError(f)


def slug(name):
    s = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def sample(text: str, n: int, seed: int):
    """Returns (npv (n, 4: kommune, region, stat, total), break-even (n, 4), participants)."""
    d = tomllib.loads(text)
    rng = np.random.default_rng(seed)
    sc, iv = d["scenario"], d["intervention"]
    H, L = sc["horizon"], sc.get("consequence_lag", 0)
    cohorts = np.array(iv["cohorts"], dtype=float)
    index = {int(k): v for k, v in d.get("price_index", {}).items()}
    # collect uncertain quantities by input name
    specs = {"success_rate": iv["success_rate"], "discount_rate": sc.get("discount_rate", 0.035)}
    for c in d.get("cost", []):
        specs[f"cost.{slug(c['name'])}"] = c.get("per_participant", c.get("amount"))
    acts = d.get("activity", {})
    for q in d.get("consequence", []):
        a = q["activity"]
        if "se" in q:
            specs[f"consequence.{a}"] = {"dist": "normal", "mean": 0.0, "sd": 1.0}
        specs[f"consequence.{a}.scale"] = q.get("scale", 1.0)
        for actor in ACTORS:
            specs[f"price.{a}.{actor}"] = q.get("price", {}).get(actor, acts[a].get("price", {}).get(actor, 0.0))
    fz = {k: frozen(v) for k, v in specs.items()}
    draws = {k: (np.full(n, v) if isinstance(v, float) else v.rvs(size=n, random_state=rng)) for k, v in fz.items()}
    # Gaussian copula: rank-reorder the independent draws to normal scores with the target correlation
    corr_names: list[str] = []
    for block in d.get("correlation", []):
        corr_names += [x for x in block["inputs"] if x not in corr_names]
    if corr_names:
        R = np.eye(len(corr_names))
        for block in d.get("correlation", []):
            ins, rho = block["inputs"], block["rho"]
            for i, a in enumerate(ins):
                for j, b in enumerate(ins):
                    if i != j:
                        r_s = rho if not isinstance(rho, list) else rho[i][j]
                        R[corr_names.index(a), corr_names.index(b)] = 2 * math.sin(math.pi * r_s / 6)
        w, V = np.linalg.eigh(R)
        zz = rng.standard_normal((n, len(corr_names))) @ (V * np.sqrt(np.clip(w, 0, None))).T
        uu = stats.norm.cdf(zz)
        for j, name in enumerate(corr_names):
            draws[name] = fz[name].ppf(uu[:, j])  # marginal by inverse CDF of the correlated uniforms
    s = draws["success_rate"]
    r = draws["discount_rate"]
    if sc.get("stochastic_cohorts", False):
        S = rng.binomial(cohorts.astype(np.int64)[None, :], s[:, None]).astype(float)
    else:
        S = s[:, None] * cohorts[None, :]
    G = np.zeros((n, H, 3))
    Cst = np.zeros((n, H, 3))
    py = sc["price_year"]
    for q in d.get("consequence", []):
        a = q["activity"]
        act = acts[a]
        sign = 1.0 if act.get("kind", "expenditure") == "revenue" else -1.0
        prof = np.array(q["per_success"], dtype=float)
        se = np.array(q.get("se", [0.0] * len(prof)), dtype=float)
        z = draws.get(f"consequence.{a}", np.zeros(n))
        scale = draws[f"consequence.{a}.scale"]
        for ai, actor in enumerate(ACTORS):
            own = actor in q.get("price", {})
            year = py if own else act.get("price_year", py)
            factor = 1.0 if year == py else index[py] / index[year]
            p = draws[f"price.{a}.{actor}"] * factor
            for c in range(len(cohorts)):
                for tau in range(1, len(prof) + 1):
                    t = c + L + tau - 1
                    if t < H:
                        G[:, t, ai] += sign * S[:, c] * scale * (prof[tau - 1] + z * se[tau - 1]) * p
    for c in d.get("cost", []):
        v = draws[f"cost.{slug(c['name'])}"]
        ai = ACTORS.index(c.get("actor", "kommune"))
        if "per_participant" in c:
            for k, m in enumerate(cohorts):
                Cst[:, k, ai] += m * v
        else:
            for t in c.get("years", range(len(cohorts))):
                Cst[:, t, ai] += v
    N = G - Cst
    disc = (1 + r[:, None]) ** -np.arange(H)[None, :]
    pv = N * disc[:, :, None]
    pv4 = np.concatenate([pv, pv.sum(axis=2, keepdims=True)], axis=2)
    npv = pv4.sum(axis=1)
    cum = np.cumsum(pv4, axis=1)
    neg = cum < 0
    years = np.arange(H)[None, :, None]
    last_neg = np.where(neg, years, -1).max(axis=1)  # (n, 4)
    be = np.where(last_neg == H - 1, -1, last_neg + 1)
    return npv, be, float(cohorts.sum())
