"""The report's tables as rows of plain values (numbers stay numbers), from a scenario and a summary document.

The HTML report formats these rows as text; the Excel and CSV exports write them as they are, so a
report and its workbook always hold the same figures as summary.json.
"""

from __future__ import annotations

import math
import tomllib
from typing import Any

import numpy as np

from somsim._vocab import ACTORS, DISPLAY_ORDER, QUANTILE_NAMES
from somsim.present.locale import strings
from somsim.scenario.loader import Scenario

__all__ = ["ORDER", "activity_rows", "actor_label", "assumption_counts", "band_draws", "by_year_rows",
           "correlation_rows", "cost_rows", "finite", "group_label", "input_labels", "input_rows", "summary_rows"]

ORDER = DISPLAY_ORDER
QUANTILES = QUANTILE_NAMES


def actor_label(a: str, lang: str) -> str:
    """The label of an actor or the total in tables ('I alt', 'Kommune' …)."""
    return strings(lang).ACTOR[a]


def group_label(g: str, lang: str) -> str:
    """The name of a group of inputs in running text: 'effekt', 'priser' … (a user's group as it is)."""
    return strings(lang).GROUP.get(g, g)


# -- results ---------------------------------------------------------------------------------

def result_keys(doc: dict) -> list[str]:
    """The total, the actors, then the kommune's committees ``kommune:NAME`` (§6.5) when the summary has them."""
    return list(ORDER) + [k for k in doc["base_case"]["npv"] if k.startswith("kommune:")]


def summary_rows(doc: dict, committees: bool = False) -> list[dict[str, Any]]:
    """One row per actor (total first): the base case and, after a probabilistic run, its uncertainty.

    With `committees`, the kommune's committees (``kommune:NAME``, §6.5) follow the actors.
    """
    b = doc["base_case"]
    u = doc.get("uncertainty")
    rows = []
    keys = result_keys(doc) if committees else list(ORDER)
    for a in keys:
        r: dict[str, Any] = {"actor": a, "gains_pv": b["gains_pv"][a], "costs_pv": b["costs_pv"][a],
                             "npv": b["npv"][a], "npv_per_participant": b["npv_per_participant"][a],
                             "break_even_year": b["break_even_year"][a]}
        if u:
            s, pp = u["npv"][a], u["npv_per_participant"][a]
            r.update({"npv_mean": s["mean"], "npv_sd": s["sd"], "npv_mcse": s["mcse"],
                      **{f"npv_{q}": s[q] for q in QUANTILES}, "prob_positive": s["prob_positive"],
                      "per_participant_mean": pp["mean"],
                      **{f"per_participant_{q}": pp[q] for q in QUANTILES},
                      "prob_break_even_by_end": u["break_even_year"][a]["prob_by_year"][-1]})
        rows.append(r)
    return rows


def by_year_rows(doc: dict, actor: str) -> list[dict[str, Any]]:
    """One row per year of `actor`.

    Gains, costs and net in the year (base case, fixed prices, undiscounted), the cumulative NPV of
    the base case and its bands, and the chance of having broken even by that year.
    """
    by = doc["base_case"]["by_year"]
    u = doc.get("uncertainty") or {}
    bands = (u.get("cumulative_npv_by_year") or {}).get(actor)
    be = (u.get("break_even_year") or {}).get(actor, {}).get("prob_by_year")
    rows = []
    for i, t in enumerate(by["year"]):
        r: dict[str, Any] = {"actor": actor, "year": t, "gains": by["gains"][actor][i], "costs": by["costs"][actor][i],
                             "net": by["net"][actor][i], "cumulative_npv": by["cumulative_npv"][actor][i]}
        if bands:
            r["cumulative_npv_mean"] = bands["mean"][i]
            r.update({f"cumulative_npv_{q}": bands[q][i] for q in QUANTILES})
        if be:
            r["prob_break_even"] = be[i]
        rows.append(r)
    return rows


def band_draws(doc: dict) -> int | None:
    """How many draws the per-year bands are computed from (they may use the first draws only)."""
    bands = (doc.get("uncertainty") or {}).get("cumulative_npv_by_year")
    return bands.get("draws") if bands else None


# -- inputs ----------------------------------------------------------------------------------

def _raw(sc: Scenario) -> dict:
    try:
        return tomllib.loads(sc.text)
    except tomllib.TOMLDecodeError:  # pragma: no cover - a loaded scenario parsed once already
        return {}


def _join(*parts: str | None) -> str:
    out: list[str] = []
    for p in parts:
        p = " ".join(str(p).split()) if p else ""
        if p and p not in out:
            out.append(p)
    return " ".join(out)


def input_labels(sc: Scenario, lang: str = "da") -> dict[str, str]:
    """A reader's name for every model quantity, e.g. 'Pris: Specialskole, elevår (kommune)'."""
    L = strings(lang).LABELS
    out = {"success_rate": L["success_rate"], "discount_rate": L["discount_rate"]}
    for cost in sc.costs:
        if cost.per_participant is not None:
            how = L["per_participant"]
        else:
            how = L["per_year_many" if len(cost.years) > 1 else "per_year_one"].format(
                years=", ".join(str(y) for y in cost.years))
        out[f"cost.{cost.slug}"] = L["cost"].format(name=cost.name, actor=cost.actor, how=how)
    for c in sc.consequences:
        k, title = c.activity.key, c.activity.title
        out[f"consequence.{k}"] = L["consequence"].format(title=title)
        out[f"consequence.{k}.scale"] = L["scale"].format(title=title)
        for a in ACTORS:
            out[f"price.{k}.{a}"] = L["price"].format(title=title, actor=a)
    return out


def _provenance(sc: Scenario) -> dict[str, dict[str, str]]:
    """For every model quantity: where its numbers come from.

    Its source and note (its own, then those of the table that holds it), its own source and note
    alone, and the activity whose table it inherits them from.
    """
    raw = _raw(sc)
    iv = raw["intervention"] if isinstance(raw.get("intervention"), dict) else {}
    meta = raw["scenario"] if isinstance(raw.get("scenario"), dict) else {}
    out: dict[str, dict[str, str]] = {}

    def put(name, own, inherited=(None, None), ref=""):
        out[name] = {"source": _join(own[0], inherited[0]), "note": _join(own[1], inherited[1]),
                     "own_source": _join(own[0]), "own_note": _join(own[1]), "ref": ref}

    d = sc.success_rate
    put("success_rate", (_join(d.source, iv.get("source")), _join(d.note, iv.get("note"))))
    # the rates of §6 (gross and baseline, haircut, completion) under [intervention]: its source and note
    r = sc.rates
    for name, dist in (("success_rate.gross", r.success), ("success_rate.baseline", r.baseline),
                       ("success_rate.haircut", r.haircut), ("completion_rate", r.completion)):
        if dist is not None:
            put(name, (dist.source, dist.note), (iv.get("source"), iv.get("note")))
    d = sc.discount_rate
    dr = meta["discount_rate"] if isinstance(meta.get("discount_rate"), dict) else {}
    put("discount_rate", (_join(d.source, dr.get("source")), _join(d.note, dr.get("note"))))
    for cost in sc.costs:
        put(f"cost.{cost.slug}", (_join(cost.value.source, cost.source), _join(cost.value.note, cost.note)))
    for c in sc.consequences:
        k, act = c.activity.key, c.activity
        put(f"consequence.{k}", (None, None), (c.source, c.note), ref=k)
        sd = c.scale
        put(f"consequence.{k}.scale", (sd.source if sd else None, sd.note if sd else None), (c.source, c.note), ref=k)
        for a in ACTORS:
            pd = c.price.get(a)
            own = pd is not None and pd is not act.price.get(a)  # the consequence overrides the price
            put(f"price.{k}.{a}", (pd.source if pd else None, pd.note if pd else None),
                (None, None) if own else (act.source, act.note), ref="" if own else k)
    return out


def _shown(p) -> bool:
    """Uncertain inputs, and fixed quantities that carry information (not the implicit defaults)."""
    if p.uncertain:
        return True
    v = p.dist.point
    if p.name.startswith("consequence."):
        return not ((p.name.endswith(".scale") and v == 1.0) or (not p.name.endswith(".scale") and v == 0.0))
    if p.name.startswith("price."):
        return v != 0.0
    return True


def input_rows(sc: Scenario, lang: str = "da") -> list[dict[str, Any]]:
    """The inputs with their distributions, point values, 90 % ranges, sources and notes."""
    labels = input_labels(sc, lang)
    prov = _provenance(sc)
    rows = []
    for p in sc.params:
        if not _shown(p):
            continue
        d = p.used  # shown = used: a price in the scenario's price year
        if p.uncertain:
            lo, hi = (float(x) for x in d.ppf(np.array([0.05, 0.95])))
        else:
            lo = hi = float(d.point)
        pv = prov.get(p.name) or {"source": "", "note": "", "own_source": "", "own_note": "", "ref": ""}
        rows.append({"name": p.name, "label": labels.get(p.name, p.name), "group": group_label(p.group, lang),
                     "group_key": p.group, "uncertain": p.uncertain,
                     "distribution": d.describe() + _as_written(p, sc.price_year, lang),
                     "family": d.family, "given": d.given, "point": float(d.point), "p05": lo, "p95": hi,
                     "as_written": p.dist.describe() if p.converted else "", "written_point": float(p.dist.point),
                     "written_year": p.written_year, "price_factor": p.factor, **pv})
    return rows


def _as_written(p, year: int, lang: str) -> str:
    """' (2024-priser; kilde: lognormal(median=50000, …) i 2020-priser)' for a converted price, else ''."""
    if not p.converted:
        return ""
    if lang == "da":
        return f" ({year}-priser; kilde: {p.dist.describe()} i {p.written_year}-priser)"
    return f" ({year} prices; source: {p.dist.describe()} in {p.written_year} prices)"


def _marked(r: dict) -> bool:
    """Whether an input's note (or source) marks an assumption ('Antagelse:' / 'Assumption:')."""
    text = (r["note"] + r["source"]).lower()
    return "antagelse" in text or "assumption" in text


def assumption_counts(rows: list[dict]) -> dict[str, int]:
    """How many uncertain inputs have a source, are assumptions without one, or have neither; each counted once.

    ``sourced + assumed + neither == uncertain``. An input with a source counts as sourced even when
    its note also marks part of it (often the spread) as an assumption; ``sourced_assumed`` says how
    many of the sourced inputs do. ``assumed``: no source, the note marks an assumption.
    ``neither``: no source and no assumption mark (a note without the mark included).
    """
    unc = [r for r in rows if r["uncertain"]]
    sourced = [r for r in unc if r["source"]]
    assumed = [r for r in unc if not r["source"] and _marked(r)]
    return {"uncertain": len(unc), "sourced": len(sourced), "sourced_assumed": sum(map(_marked, sourced)),
            "assumed": len(assumed), "neither": len(unc) - len(sourced) - len(assumed)}


def activity_rows(sc: Scenario, doc: dict, lang: str = "da") -> list[dict[str, Any]]:
    """Per consequence: the activity, its profile per successful participant and the gains it gives (PV)."""
    pv = doc["base_case"].get("gains_pv_by_activity") or {}
    used = {p.name: p.used for p in sc.params if p.name.startswith("price.")}  # shown = used
    rows = []
    for c in sc.consequences:
        a = c.activity
        g = pv.get(a.key, {})
        rows.append({"activity": a.key, "title": a.title, "domain": a.domain, "unit": a.unit or "",
                     "kind": strings(lang).KIND.get(a.kind, a.kind), "per_success": list(c.per_success),
                     "se": list(c.se) if c.se else [], "scale": c.scale.describe() if c.scale else "",
                     "scale_family": c.scale.family if c.scale else "", "scale_given": c.scale.given if c.scale else (),
                     "price": {x: float(used[f"price.{a.key}.{x}"].point) for x in ACTORS},
                     "price_as_written": {x: float(c.price[x].point) if x in c.price else 0.0 for x in ACTORS},
                     "price_year": a.price_year if any(c.price_factor.get(x, 1.0) != 1.0 for x in ACTORS)
                     else sc.price_year,
                     "gains_pv": {x: float(g.get(x, 0.0)) for x in ORDER},
                     **_price_provenance(c)})
    return rows


def _price_provenance(c) -> dict[str, str]:
    """The source and note of a consequence row: an overridden price shows its own, never the library's.

    The activity's (library's) source stays only while some actor still uses the activity's own price.
    """
    a = c.activity
    over = [x for x in ACTORS if x in c.price and c.price[x] is not a.price.get(x)]
    library_used = any(x not in over and x in a.price for x in ACTORS)
    own = [c.price[x] for x in over]
    return {"source": _join(c.source, *(d.source for d in own), a.source if library_used else None),
            "note": _join(c.note, *(d.note for d in own), a.note if library_used else None)}


def cost_rows(sc: Scenario, lang: str = "da") -> list[dict[str, Any]]:
    """One row per ``[[cost]]``: its input, actor, kind, distribution, point value, years, source and note."""
    L = strings(lang).LABELS
    rows = []
    for c in sc.costs:
        per = c.per_participant is not None
        rows.append({"name": c.name, "input": f"cost.{c.slug}", "actor": c.actor,
                     "kind": L["kind_per_participant"] if per else L["kind_per_year"],
                     "distribution": c.value.describe(), "point": float(c.value.point),
                     "years": "" if per else ", ".join(str(y) for y in c.years),
                     "source": _join(c.value.source, c.source), "note": _join(c.value.note, c.note)})
    return rows


def correlation_rows(sc: Scenario) -> list[dict[str, Any]]:
    """One row per [[correlation]]: its inputs, the rank correlation(s), source and note."""
    raw = [c for c in (_raw(sc).get("correlation") or []) if isinstance(c, dict)]
    rows = []
    for i, (names, mat) in enumerate(sc.correlations):
        off = [float(mat[r, c]) for r in range(len(names)) for c in range(r + 1, len(names))]
        meta = raw[i] if i < len(raw) else {}
        rows.append({"inputs": list(names), "rho": off[0] if len(set(off)) == 1 else None, "rho_all": off,
                     "source": _join(meta.get("source")), "note": _join(meta.get("note"))})
    return rows


def finite(x) -> bool:
    """Whether `x` is a finite int or float (not a bool, not None)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
