"""Random *probabilistic* scenarios (every family uncertain, correlations, stochastic cohorts).

Used by the kernel-equivalence and Monte Carlo reference tests. Plain `random.Random` so a
seed gives the same scenario text everywhere.
"""

from __future__ import annotations

import random
import re

ACTORS = ("kommune", "region", "stat")


def _g(x: float) -> str:
    """`x` to 6 significant digits, never as a Danish-looking 809.262 (refused in money fields, §6.7)."""
    s = f"{x:.6g}"
    return f"{x:.4f}" if re.fullmatch(r"[1-9][0-9]{0,2}\.[0-9]{3}", s) else s


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
        return f'{{ dist = "gamma", mean = {_g(c)}, sd = {_g(sd)} }}'
    if fam == "gamma-ss":
        k = (c / sd) ** 2
        return f'{{ dist = "gamma", shape = {_g(k)}, scale = {_g(c / k)} }}'
    if fam == "lognormal-med":
        f = r.uniform(1.1, 2.0)
        return f'{{ dist = "lognormal", median = {_g(c)}, ci95 = [{_g(c / f)}, {_g(c * f)}] }}'
    if fam == "lognormal-ms":
        return f'{{ dist = "lognormal", mean = {_g(c)}, sd = {_g(sd)} }}'
    if fam in ("pert", "triangular"):
        return f'{{ dist = "{fam}", min = {_g(c * 0.6)}, mode = {_g(c)}, max = {_g(c * r.uniform(1.1, 1.8))} }}'
    if fam == "uniform":
        return f'{{ dist = "uniform", low = {_g(c * 0.7)}, high = {_g(c * 1.3)} }}'
    if fam == "truncnormal":
        return f'{{ dist = "truncnormal", mean = {_g(c)}, sd = {_g(sd)}, low = 0.0, high = {_g(c * 3)} }}'
    return f"{_g(c)}"


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


# ------------------------------------------------------------------------------------------
# §6 (format 1, second edition): probabilistic scenarios that use every new key

S6_COMMITTEES = ("Børne- og Ungeudvalget", "Beskæftigelsesudvalget", "Social- og Sundhedsudvalget")


def _haircut_s6(r: random.Random) -> str:
    """A haircut with support in [0, 1): 0, a number, or a distribution below 1."""
    form = r.choice(["zero", "number", "uniform", "triangular", "pert", "truncnormal"])
    if form == "zero":
        return "0"
    if form == "number":
        return f"{r.uniform(0.05, 0.6):.4f}"
    hi = r.uniform(0.1, 0.7)
    if form == "uniform":
        return f'{{ dist = "uniform", low = 0.0, high = {hi:.4f} }}'
    if form in ("triangular", "pert"):
        return f'{{ dist = "{form}", min = 0.0, mode = {hi * r.uniform(0.1, 0.9):.4f}, max = {hi:.4f} }}'
    return f'{{ dist = "truncnormal", mean = {hi / 2:.4f}, sd = {hi / 3:.4f}, low = 0.0, high = {hi:.4f} }}'


def prob_scenario_s6(seed: int, *, correlated: bool | None = None, stochastic: bool | None = None) -> str:
    """A random valid probabilistic scenario using the §6 keys: gross/baseline (fixed and uncertain,
    gross < baseline sometimes) or a single rate, evidence, haircut (number, distribution or 0),
    completion_rate, cost items per completer/starter, per-consequence lags in −3 … 3, [udvalg] with
    1–3 non-overlapping committees, and correlations that involve success_rate.gross/baseline.

    Imports nothing from somsim: the uncertain inputs' names are tracked while writing the text.
    """
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
    uncertain: list[str] = []  # input names of the non-fixed quantities, in order of appearance

    def note(name: str, spec: str) -> str:
        if spec.lstrip().startswith("{"):
            uncertain.append(name)
        return spec

    note("discount_rate", disc)
    # §6.1 gross/baseline (60 %) or a single net rate
    if r.random() < 0.6:
        g = r.uniform(0.05, 0.6)
        b = min(max(g - r.uniform(-0.15, 0.35), 0.02), 0.9)  # b > g in roughly a third of the cases
        gs = note("success_rate.gross", _dist(r, "rate", g) if r.random() < 0.8 else f"{g:.4f}")
        bs = note("success_rate.baseline", _dist(r, "rate", b) if r.random() < 0.7 else f"{b:.4f}")
        sr = f"{{ gross = {gs}, baseline = {bs} }}"
    else:
        sr = note("success_rate", _dist(r, "rate", r.uniform(0.05, 0.6)))
    iv = ['[intervention]', 'name = "I"', f"cohorts = {cohorts}", f"success_rate = {sr}"]
    if r.random() < 0.5:  # §6.2
        iv.append(f"evidence = {r.randint(1, 3)}")
    if r.random() < 0.5:
        iv.append(f"haircut = {note('success_rate.haircut', _haircut_s6(r))}")
    if r.random() < 0.6:  # §6.3
        iv.append(f"completion_rate = {note('completion_rate', _dist(r, 'rate', r.uniform(0.5, 0.95)))}")
    lines = [
        "somsim = 1",
        "[scenario]",
        f'id = "prob-s6-{seed}"',
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
        *iv,
    ]
    items: list[str] = []  # what committees may name: activities and the kommune's costs
    for i in range(r.randint(0, 3)):
        actor = r.choice(ACTORS)
        lines += ["[[cost]]", f'name = "Cost {i}"', f'actor = "{actor}"']
        if actor == "kommune":
            items.append(f"cost.cost-{i}")
        if r.random() < 0.5:
            lines.append(f"per_participant = {note(f'cost.cost-{i}', _dist(r, 'nonneg', r.uniform(1000, 30000)))}")
            if r.random() < 0.6:
                lines.append(f'per = "{r.choice(["completer", "completer", "starter"])}"')
        else:
            lines.append(f"amount = {note(f'cost.cost-{i}', _dist(r, 'nonneg', r.uniform(10000, 400000)))}")
            if r.random() < 0.5:
                ys = sorted(r.sample(range(H), r.randint(1, min(H, 3))))
                lines.append(f"years = {ys}")
    names = []
    overridden: set[str] = set()
    for k in range(r.randint(1, 4)):
        a = f"act{k}"
        names.append(a)
        items.append(a)
        T = r.randint(1, H + 3)
        q = [round(r.uniform(-1.5, 0.3), 4) for _ in range(T)]
        lines += ["[[consequence]]", f'activity = "{a}"', f"per_success = {q}"]
        if r.random() < 0.6:
            lines.append(f"se = {[round(abs(x) * r.uniform(0.1, 0.5) + 0.01, 4) for x in q]}")
            uncertain.append(f"consequence.{a}")
        if r.random() < 0.4:
            lines.append(f"scale = {note(f'consequence.{a}.scale', _dist(r, 'nonneg', 1.0))}")
        if r.random() < 0.6:  # §6.4
            lines.append(f"lag = {r.randint(-3, 3)}")
        if r.random() < 0.3:  # the override replaces the activity's kommune price (and its input)
            overridden.add(a)
            spec = note(f"price.{a}.kommune", _dist(r, "nonneg", r.uniform(100, 50000)))
            lines.append(f"price = {{ kommune = {spec} }}")
    for a in names:
        kind = "revenue" if r.random() < 0.2 else "expenditure"
        lines += [f"[activity.{a}]", f'domain = "{r.choice(["d1", "d2", "d3"])}"', f'kind = "{kind}"',
                  f"price_year = {r.choice([2018, 2019, 2020])}"]
        prices = []
        for actor in ACTORS:
            if r.random() < 0.7:
                spec = _dist(r, "nonneg", r.uniform(100, 80000))
                prices.append(f"{actor} = {spec}")
                if not (actor == "kommune" and a in overridden):
                    note(f"price.{a}.{actor}", spec)
        lines.append("price = { " + ", ".join(prices) + " }")
    # §6.5 committees: each item in at most one committee (exact names, or "act*"/"cost.*" for a
    # committee that holds all the items of that kind); the rest goes to "Øvrige"
    if r.random() < 0.75:
        n_comm = r.randint(1, min(3, len(items)))
        comm = {nm: [] for nm in r.sample(S6_COMMITTEES, n_comm)}
        order = r.sample(items, len(items))
        for i, it in enumerate(order):
            if i < n_comm:
                comm[list(comm)[i]].append(it)
            elif r.random() < 0.7:
                comm[r.choice(list(comm))].append(it)
        lines.append("[udvalg]")
        acts_all = [x for x in items if not x.startswith("cost.")]
        costs_all = [x for x in items if x.startswith("cost.")]
        for nm, its in comm.items():
            pats = list(its)
            if len(acts_all) > 1 and set(acts_all) <= set(its) and r.random() < 0.5:
                pats = [x for x in pats if x not in acts_all] + ["act*"]
            if costs_all and set(costs_all) <= set(its) and r.random() < 0.5:
                pats = [x for x in pats if x not in costs_all] + ["cost.*"]
            lines.append(f'"{nm}" = {pats}'.replace("'", '"'))
    text = "\n".join(lines) + "\n"
    want_corr = r.random() < 0.5 if correlated is None else correlated
    if want_corr and len(uncertain) >= 2:
        rates = [x for x in uncertain if x in ("success_rate.gross", "success_rate.baseline")]
        k = min(len(uncertain), r.randint(2, 4))
        pick = r.sample(rates, min(len(rates), r.randint(1, 2))) if rates else []
        rest = [x for x in uncertain if x not in pick]
        pick += r.sample(rest, max(0, min(len(rest), k - len(pick))))
        if len(pick) >= 2:
            rho = round(r.uniform(-0.3, 0.6), 3)
            text += f"[[correlation]]\ninputs = {pick}\nrho = {rho}\n".replace("'", '"')
    return text
