"""An independent Monte Carlo implementation of scenario-format.md §1–2 and §6.1–6.6, for tests.

Written from the contract only: it reads the raw TOML, converts every distribution's parameters
itself, samples with scipy.stats ``rvs`` (not inverse CDFs), builds the Gaussian copula itself and
evaluates §1 with its own loops. It imports nothing from somsim. Single-file scenarios only
(activities inline; [price_index] in the file).

§6 per draw (all keys optional; a file without them gives exactly the numbers, and consumes exactly
the random stream, of the §1 version):

* inputs ``success_rate.gross`` and ``success_rate.baseline`` (§6.1, in place of ``success_rate``;
  correlatable), ``success_rate.haircut`` (§6.2, when ``haircut`` is given; from ``evidence`` it is
  ``evidence_haircut[level]`` — a constant, or a distribution table that makes it an uncertain input
  drawn like any other; the table is an argument, see ``reference_som.DEFAULT_EVIDENCE_HAIRCUT``),
  ``completion_rate`` (§6.3, default 1).
* effective net rate ``s(1 − h)`` or ``(gross − baseline)(1 − h)``; successes deterministic
  ``S_c = n_c · s_eff``; with ``stochastic_cohorts``: single rate ``S_c ~ Bin(n_c, s(1 − h))``; gross and
  baseline ``S_c = Bin(n_c, gross') − Bin(n_c, baseline)``, ``gross' = baseline + (gross − baseline)(1 − h)``,
  independent (drawn in this order: all G, then all B).
* completers ``m_c = κ n_c``, or with stochastic cohorts ``m_c ~ Bin(n_c, κ)`` independent of the
  successes (drawn after them, only when some cost has ``per = "completer"``).
* per-consequence ``lag`` (§6.4): effect years outside ``0 … H−1`` dropped.
* ``[udvalg]`` (§6.5): sub-actors ``"kommune:NAME"`` (table order) then ``"kommune:Øvrige"`` (always
  present when [udvalg] exists; see reference_som's docstring for the rule).
* §6.6 payback year (undiscounted cumulative net) and bcr (gains_pv / costs_pv, NaN where costs_pv = 0).
"""

from __future__ import annotations

import fnmatch
import math
import re
import tomllib

import numpy as np
from scipy import optimize, stats

ACTORS = ("kommune", "region", "stat")
Z = 1.959964
#: placeholder, as reference_som.DEFAULT_EVIDENCE_HAIRCUT (the contract leaves the table to the docs)
DEFAULT_EVIDENCE_HAIRCUT: dict[int, float] = {1: 0.0, 2: 0.25, 3: 0.5}
OTHER_COMMITTEE = "Øvrige"


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


def _committee_keys(udvalg: dict) -> list[str]:
    names = [k for k in udvalg if k != OTHER_COMMITTEE] + [OTHER_COMMITTEE]
    return [f"kommune:{k}" for k in names]


def _committee_of(item: str, udvalg: dict) -> str:
    hits = [k for k, pats in udvalg.items() if any(fnmatch.fnmatchcase(item, p) for p in pats)]
    if len(hits) > 1:
        raise ValueError(f"{item!r} is named by two committees: {hits}")
    return f"kommune:{hits[0] if hits else OTHER_COMMITTEE}"


def _first_year_staying_nonneg(cum: np.ndarray) -> np.ndarray:
    """(n, H, K) cumulative → (n, K) first t from which it stays ≥ 0; -1 if negative in the last year."""
    H = cum.shape[1]
    years = np.arange(H)[None, :, None]
    last_neg = np.where(cum < 0, years, -1).max(axis=1)
    return np.where(last_neg == H - 1, -1, last_neg + 1)


def sample(text: str, n: int, seed: int, evidence_haircut: dict[int, float] | None = None):
    """Returns (npv (n, 4: kommune, region, stat, total), break-even (n, 4), participants)."""
    out = sample_full(text, n, seed, evidence_haircut)
    return out["npv"][:, :4], out["break_even"][:, :4], out["participants"]


def sample_full(text: str | dict, n: int, seed: int, evidence_haircut: dict[int, float] | None = None) -> dict:
    """Every output per draw, for the keys ``out["keys"]`` = kommune, region, stat, total, then (with
    [udvalg]) ``kommune:NAME`` … ``kommune:Øvrige``. `text` is TOML text or an already parsed dict.

    Returns a dict: ``keys``; ``npv``, ``npv_per_participant``, ``gains_pv``, ``costs_pv``, ``bcr`` (NaN
    where costs_pv == 0) — (n, K) floats; ``break_even``, ``payback`` — (n, K) ints, -1 = never; ``net``,
    ``gains``, ``costs`` — (n, H, K) undiscounted; ``successes`` and ``completers`` — (n, C); ``inputs`` —
    {input name: (n,) draws} for every uncertain input; ``participants`` — Σ n_c (starters).
    """
    d = tomllib.loads(text) if isinstance(text, str) else text
    rng = np.random.default_rng(seed)
    sc, iv = d["scenario"], d["intervention"]
    H, L = sc["horizon"], sc.get("consequence_lag", 0)
    cohorts = np.array(iv["cohorts"], dtype=float)
    index = {int(k): v for k, v in d.get("price_index", {}).items()}
    # collect uncertain quantities by input name
    sr = iv["success_rate"]
    two_rates = isinstance(sr, dict) and "dist" not in sr and "gross" in sr  # §6.1
    if two_rates:
        specs = {"success_rate.gross": sr["gross"], "success_rate.baseline": sr["baseline"]}
    else:
        specs = {"success_rate": sr}
    if "haircut" in iv:  # §6.2
        specs["success_rate.haircut"] = iv["haircut"]
    elif "evidence" in iv:
        table = DEFAULT_EVIDENCE_HAIRCUT if evidence_haircut is None else evidence_haircut
        h = table[int(iv["evidence"])]  # a number (a constant) or a distribution table (an uncertain input)
        specs["success_rate.haircut"] = float(h) if isinstance(h, (int, float)) else h
    else:
        specs["success_rate.haircut"] = 0.0
    specs["completion_rate"] = iv.get("completion_rate", 1.0)  # §6.3
    specs["discount_rate"] = sc.get("discount_rate", 0.035)
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
    # constants (floats) draw nothing: the random stream of a §1 file is the one of the §1 version
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
    h = draws["success_rate.haircut"]
    r = draws["discount_rate"]
    kappa = draws["completion_rate"]
    stochastic = sc.get("stochastic_cohorts", False)
    n_int = cohorts.astype(np.int64)[None, :]
    if two_rates:
        g, b = draws["success_rate.gross"], draws["success_rate.baseline"]
        if stochastic:
            g_adj = np.clip(b + (g - b) * (1 - h), 0.0, 1.0)  # gross' (a convex combination of b and g)
            G_c = rng.binomial(n_int, g_adj[:, None])
            B_c = rng.binomial(n_int, b[:, None])
            S = (G_c - B_c).astype(float)
        else:
            s = (g - b) * (1 - h)
            S = s[:, None] * cohorts[None, :]
    else:
        s = draws["success_rate"] * (1 - h)  # · 1.0 exactly when h = 0
        if stochastic:
            S = rng.binomial(n_int, s[:, None]).astype(float)
        else:
            S = s[:, None] * cohorts[None, :]
    costs_spec = d.get("cost", [])
    any_completer = any(c.get("per", "starter") == "completer" for c in costs_spec)
    if stochastic and any_completer:
        M = rng.binomial(n_int, np.clip(kappa, 0.0, 1.0)[:, None]).astype(float)
    else:
        M = kappa[:, None] * cohorts[None, :]
    G = np.zeros((n, H, 3))
    Cst = np.zeros((n, H, 3))
    G_k_act: dict[str, np.ndarray] = {}  # the kommune's gains per activity (§6.5)
    C_k_item: dict[str, np.ndarray] = {}  # the kommune's costs per cost input name (§6.5)
    py = sc["price_year"]
    for q in d.get("consequence", []):
        a = q["activity"]
        act = acts[a]
        sign = 1.0 if act.get("kind", "expenditure") == "revenue" else -1.0
        prof = np.array(q["per_success"], dtype=float)
        se = np.array(q.get("se", [0.0] * len(prof)), dtype=float)
        z = draws.get(f"consequence.{a}", np.zeros(n))
        scale = draws[f"consequence.{a}.scale"]
        L_k = q.get("lag", L)  # §6.4
        gk = G_k_act.setdefault(a, np.zeros((n, H)))
        for ai, actor in enumerate(ACTORS):
            own = actor in q.get("price", {})
            year = py if own else act.get("price_year", py)
            factor = 1.0 if year == py else index[py] / index[year]
            p = draws[f"price.{a}.{actor}"] * factor
            for c in range(len(cohorts)):
                for tau in range(1, len(prof) + 1):
                    t = c + L_k + tau - 1
                    if 0 <= t < H:
                        contrib = sign * S[:, c] * scale * (prof[tau - 1] + z * se[tau - 1]) * p
                        G[:, t, ai] += contrib
                        if ai == 0:
                            gk[:, t] += contrib
    for c in costs_spec:
        name = f"cost.{slug(c['name'])}"
        v = draws[name]
        ai = ACTORS.index(c.get("actor", "kommune"))
        item = np.zeros((n, H))
        if "per_participant" in c:
            completer = c.get("per", "starter") == "completer"
            for k, m in enumerate(cohorts):
                x = M[:, k] * v if completer else m * v
                Cst[:, k, ai] += x
                item[:, k] += x
        else:
            for t in c.get("years", range(len(cohorts))):
                Cst[:, t, ai] += v
                item[:, t] += v
        if ai == 0:
            C_k_item[name] = C_k_item.get(name, 0.0) + item
    N = G - Cst
    disc = (1 + r[:, None]) ** -np.arange(H)[None, :]
    pv = N * disc[:, :, None]
    pv4 = np.concatenate([pv, pv.sum(axis=2, keepdims=True)], axis=2)
    keys = [*ACTORS, "total"]
    gains = np.concatenate([G, G.sum(axis=2, keepdims=True)], axis=2)
    costs = np.concatenate([Cst, Cst.sum(axis=2, keepdims=True)], axis=2)
    net = np.concatenate([N, N.sum(axis=2, keepdims=True)], axis=2)
    udvalg = d.get("udvalg")
    if udvalg is not None:  # §6.5 committees: a split of the kommune's gains and costs
        sub = _committee_keys(udvalg)
        keys += sub
        Gs = {k: np.zeros((n, H)) for k in sub}
        Cs = {k: np.zeros((n, H)) for k in sub}
        for a, x in G_k_act.items():
            Gs[_committee_of(a, udvalg)] += x
        for item, x in C_k_item.items():
            Cs[_committee_of(item, udvalg)] += x
        gs = np.stack([Gs[k] for k in sub], axis=2)
        cs = np.stack([Cs[k] for k in sub], axis=2)
        gains = np.concatenate([gains, gs], axis=2)
        costs = np.concatenate([costs, cs], axis=2)
        net = np.concatenate([net, gs - cs], axis=2)
        pv4 = np.concatenate([pv4, (gs - cs) * disc[:, :, None]], axis=2)
    npv = pv4.sum(axis=1)
    cum = np.cumsum(pv4, axis=1)
    be = _first_year_staying_nonneg(cum)
    payback = _first_year_staying_nonneg(np.cumsum(net, axis=1))  # §6.6 undiscounted
    gains_pv = (gains * disc[:, :, None]).sum(axis=1)
    costs_pv = (costs * disc[:, :, None]).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        bcr = np.where(costs_pv != 0, gains_pv / np.where(costs_pv != 0, costs_pv, 1.0), np.nan)
    participants = float(cohorts.sum())
    return {
        "keys": keys,
        "npv": npv,
        "npv_per_participant": npv / participants,
        "gains_pv": gains_pv,
        "costs_pv": costs_pv,
        "bcr": bcr,
        "break_even": be,
        "payback": payback,
        "net": net,
        "gains": gains,
        "costs": costs,
        "successes": S,
        "completers": M,
        "inputs": {k: draws[k] for k, v in fz.items() if not isinstance(v, float)},
        "participants": participants,
    }
