"""Random *probabilistic* scenarios (every family uncertain, correlations, stochastic cohorts).

Used by the kernel-equivalence and Monte Carlo reference tests. Plain `random.Random` so a
seed gives the same scenario text everywhere.
"""

from __future__ import annotations

import random

ACTORS = ("kommune", "region", "stat")


def _dist(r: random.Random, kind: str, centre: float) -> str:
    """A TOML distribution around `centre` with the support `kind` needs (rate, nonneg)."""
    c = centre
    if kind == "rate":
        fam = r.choice(["beta-ms", "beta-ab", "beta-ci", "uniform", "triangular", "pert", "truncnormal", "fixed"])
        m = min(max(c, 0.05), 0.9)
        if fam == "beta-ms":
            return f'{{ dist = "beta", mean = {m:.4f}, sd = {m * (1 - m) * 0.25:.4f} }}'
        if fam == "beta-ab":
            k = r.uniform(5, 60)
            return f'{{ dist = "beta", alpha = {m * k:.4f}, beta = {(1 - m) * k:.4f} }}'
        if fam == "beta-ci":
            w = r.uniform(0.05, 0.3) * min(m, 1 - m) * 2
            return f'{{ dist = "beta", mean = {m:.4f}, ci95 = [{m - w / 2:.4f}, {m + w / 2:.4f}] }}'
        lo, hi = max(0.0, m - 0.1), min(1.0, m + 0.1)
        if fam == "uniform":
            return f'{{ dist = "uniform", low = {lo:.4f}, high = {hi:.4f} }}'
        if fam in ("triangular", "pert"):
            return f'{{ dist = "{fam}", min = {lo:.4f}, mode = {m:.4f}, max = {hi:.4f} }}'
        if fam == "truncnormal":
            return f'{{ dist = "truncnormal", mean = {m:.4f}, sd = 0.1, low = 0.0, high = 1.0 }}'
        return f"{m:.4f}"
    fam = r.choice(["gamma-ms", "gamma-ss", "lognormal-med", "lognormal-ms", "pert", "triangular", "uniform",
                    "truncnormal", "fixed"])
    sd = c * r.uniform(0.05, 0.4)
    if fam == "gamma-ms":
        return f'{{ dist = "gamma", mean = {c:.6g}, sd = {sd:.6g} }}'
    if fam == "gamma-ss":
        k = (c / sd) ** 2
        return f'{{ dist = "gamma", shape = {k:.6g}, scale = {c / k:.6g} }}'
    if fam == "lognormal-med":
        f = r.uniform(1.1, 2.0)
        return f'{{ dist = "lognormal", median = {c:.6g}, ci95 = [{c / f:.6g}, {c * f:.6g}] }}'
    if fam == "lognormal-ms":
        return f'{{ dist = "lognormal", mean = {c:.6g}, sd = {sd:.6g} }}'
    if fam in ("pert", "triangular"):
        return f'{{ dist = "{fam}", min = {c * 0.6:.6g}, mode = {c:.6g}, max = {c * r.uniform(1.1, 1.8):.6g} }}'
    if fam == "uniform":
        return f'{{ dist = "uniform", low = {c * 0.7:.6g}, high = {c * 1.3:.6g} }}'
    if fam == "truncnormal":
        return f'{{ dist = "truncnormal", mean = {c:.6g}, sd = {sd:.6g}, low = 0.0, high = {c * 3:.6g} }}'
    return f"{c:.6g}"


def prob_scenario(seed: int, *, correlated: bool | None = None, stochastic: bool | None = None) -> str:
    """A random valid scenario with uncertain inputs of every kind."""
    r = random.Random(seed)
    H = r.randint(2, 15)
    C = r.randint(1, min(H, 5))
    cohorts = [r.randint(0, 60) for _ in range(C)]
    if sum(cohorts) == 0:
        cohorts[0] = r.randint(1, 60)
    L = r.choice([0, 0, 1, 2])
    stochastic = r.random() < 0.3 if stochastic is None else stochastic
    disc = r.choice(["0.035", "0.04", "0.0", '{ dist = "uniform", low = 0.02, high = 0.05 }',
                     '{ dist = "triangular", min = 0.0, mode = 0.035, max = 0.06 }'])
    lines = [
        "somsim = 1",
        "[scenario]",
        f'id = "prob-{seed}"',
        "price_year = 2020",
        f"horizon = {H}",
        f"discount_rate = {disc}",
        f"consequence_lag = {L}",
        f'perspective = "{r.choice(["total", *ACTORS])}"',
        f"stochastic_cohorts = {'true' if stochastic else 'false'}",
        "[price_index]",
        '2018 = 97.0',
        '2019 = 98.5',
        '2020 = 100.0',
        "[intervention]",
        'name = "I"',
        f"cohorts = {cohorts}",
        f"success_rate = {_dist(r, 'rate', r.uniform(0.05, 0.6))}",
    ]
    for i in range(r.randint(0, 3)):
        lines += ["[[cost]]", f'name = "Cost {i}"', f'actor = "{r.choice(ACTORS)}"']
        if r.random() < 0.5:
            lines.append(f"per_participant = {_dist(r, 'nonneg', r.uniform(1000, 30000))}")
        else:
            lines.append(f"amount = {_dist(r, 'nonneg', r.uniform(10000, 400000))}")
            if r.random() < 0.5:
                ys = sorted(r.sample(range(H), r.randint(1, min(H, 3))))
                lines.append(f"years = {ys}")
    names = []
    for k in range(r.randint(1, 4)):
        a = f"act{k}"
        names.append(a)
        T = r.randint(1, H + 3)
        q = [round(r.uniform(-1.5, 0.3), 4) for _ in range(T)]
        lines += ["[[consequence]]", f'activity = "{a}"', f"per_success = {q}"]
        if r.random() < 0.6:
            lines.append(f"se = {[round(abs(x) * r.uniform(0.1, 0.5) + 0.01, 4) for x in q]}")
        if r.random() < 0.4:
            lines.append(f"scale = {_dist(r, 'nonneg', 1.0)}")
        if r.random() < 0.3:
            lines.append(f"price = {{ kommune = {_dist(r, 'nonneg', r.uniform(100, 50000))} }}")
    for a in names:
        kind = "revenue" if r.random() < 0.2 else "expenditure"
        lines += [f"[activity.{a}]", f'domain = "{r.choice(["d1", "d2", "d3"])}"', f'kind = "{kind}"',
                  f"price_year = {r.choice([2018, 2019, 2020])}"]
        prices = []
        for actor in ACTORS:
            if r.random() < 0.7:
                prices.append(f"{actor} = {_dist(r, 'nonneg', r.uniform(100, 80000))}")
        lines.append("price = { " + ", ".join(prices) + " }")
    text = "\n".join(lines) + "\n"
    want_corr = r.random() < 0.5 if correlated is None else correlated
    if want_corr:
        from somsim.scenario.loader import Scenario

        sc = Scenario.from_text(text, "gen.toml")
        names = list(sc.input_names)
        if len(names) >= 2:
            k = min(len(names), r.randint(2, 4))
            pick = r.sample(names, k)
            rho = round(r.uniform(-0.3, 0.6), 3)
            text += f"[[correlation]]\ninputs = {pick}\nrho = {rho}\n".replace("'", '"')
    return text
