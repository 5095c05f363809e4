"""The report's sections, one builder each: the context keys that the template shows for that section.

Every builder takes a :class:`Page` (the scenario, its summary document and the language) and
returns plain text, tables (:func:`~somsim.present.report.format.table`) and figures
(:func:`~somsim.present.report.format.figure`); none returns HTML.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from somsim._text import kr, kr_range, number, pct, share
from somsim._vocab import ACTORS, OUTPUTS
from somsim.present import plots as P
from somsim.present import tables as TB
from somsim.present.effects import effect_ratio, effect_text
from somsim.present.headline import headline_sentence, is_reconstruction
from somsim.present.locale import strings
from somsim.present.report.format import (
    dist_text,
    figure,
    join_text,
    kilo,
    paragraphs,
    same_as_total,
    table,
    value,
    value_range,
    whole,
)
from somsim.scenario.loader import Scenario

__all__ = ["Page", "about_section", "committees_section", "header_section", "inputs_section", "provenance_section",
           "tables_section", "time_section", "uncertainty_section", "where_section"]


@dataclass
class Page:
    """What every section reads: the scenario, its summary document, the language and derived facts."""

    sc: Scenario
    doc: dict
    lang: str
    t: dict = field(init=False)  # the report's text in `lang`
    who: dict = field(init=False)  # 'kommunen', 'staten' … in running text
    actor: dict = field(init=False)  # 'Kommune', 'Stat' … as labels
    active: list[str] = field(init=False)  # total and every actor with something to show

    def __post_init__(self) -> None:
        loc = strings(self.lang)
        self.t, self.who = loc.REPORT, loc.WHO
        self.actor = {a: TB.actor_label(a, self.lang) for a in TB.ORDER}
        self.active = P.active_actors(self.doc)

    @property
    def base(self) -> dict:
        """The base-case block of the summary."""
        return self.doc["base_case"]

    @property
    def u(self) -> dict | None:
        """The uncertainty block of the summary (None without a probabilistic run)."""
        return self.doc.get("uncertainty")

    @property
    def headline_actors(self) -> list[str]:
        """The total, and the perspective actor when it is not the total."""
        persp = self.sc.perspective
        return ["total"] + ([persp] if persp != "total" else [])


# -- the top of the page ---------------------------------------------------------------------

def header_section(p: Page) -> dict[str, Any]:
    """The facts line, the headline per actor (value, interval, quotable sentence) and the cards."""
    sc, t, lang = p.sc, p.t, p.lang
    r = sc.discount_rate
    facts = t["facts"].format(n=number(sc.participants, 0, lang), c=len(sc.cohorts), h=sc.horizon, y=sc.price_year,
                              r=pct(r.point, lang, 1))
    return {"facts": facts, "heads": [_headline(p, a) for a in p.headline_actors], "cards": _cards(p)}


def _headline(p: Page, a: str) -> dict[str, Any]:
    t, lang, u = p.t, p.lang, p.u
    h: dict[str, Any] = {"label": t["npv_label"] if a == "total" else t["npv_label_actor"].format(who=p.who[a]),
                         "value": kr(p.base["npv"][a], lang),
                         "sentence": headline_sentence(p.doc, a, lang, numbers=lang,
                                                     assumed_spreads=is_reconstruction(p.sc))}
    from somsim.present.notes import base_mean_median  # noqa: PLC0415 - the notes import this package's helpers

    bmm = base_mean_median(p.doc, a, lang)
    if bmm:
        h["bmm"] = bmm
    if u:
        s = u["npv"][a]
        prob = u["break_even_year"][a]["prob_by_year"]
        tt = next((i for i, q in enumerate(prob) if q >= 0.5), None)
        h["facts"] = [f"{t['interval90']}: {kr_range(s['p05'], s['p95'], lang)}",
                      f"{share(s['prob_positive'], lang)} {t['prob_pos']}",
                      t["be_by"].format(p=share(prob[tt], lang), t=tt) if tt is not None
                      else t["be_none"].format(h=p.sc.horizon)]
    return h


def _cards(p: Page) -> list[dict[str, str]]:
    """Per participant, up to two other actors, the break-even year, and gains against costs."""
    sc, t, lang, b, u = p.sc, p.t, p.lang, p.base, p.u
    cards = []
    pp = b["npv_per_participant"]["total"]
    sub = ""
    if u:
        q = u["npv_per_participant"]["total"]
        sub = f"{t['interval90']}: {kr_range(q['p05'], q['p95'], lang)}"
    cards.append({"label": t["card_pp"], "value": kr(pp, lang), "sub": sub})
    for a in p.active[1:]:
        if a == sc.perspective:
            continue
        cards.append({"label": p.who[a].capitalize() if lang == "da" else p.actor[a],
                      "value": kr(b["npv"][a], lang),
                      "sub": t["card_actor_sub"].format(p=share(u["npv"][a]["prob_positive"], lang)) if u else ""})
        if len(cards) >= 2:
            break
    be = b["break_even_year"]["total"]
    cards.append({"label": t["card_be"], "value": t["card_be_year"].format(t=be) if be is not None
                  else t["card_be_never"].format(h=sc.horizon),
                  "sub": t["card_be_sub"].format(p=share(u["break_even_year"]["total"]["prob_by_year"][-1], lang),
                                                 h=sc.horizon) if u else ""})
    cards.append({"label": t["card_gc"], "value": kr(b["gains_pv"]["total"], lang),
                  "sub": t["card_gc_sub"].format(c=kr(b["costs_pv"]["total"], lang))})
    return cards


def about_section(p: Page) -> dict[str, Any]:
    """The scenario's description and what it is about: intervention, target group, cohorts, perspective."""
    sc, t = p.sc, p.t
    about = []
    tg = sc.target_group
    if sc.intervention_name:
        about.append((t["intervention"], sc.intervention_name))
    if tg.get("name"):
        about.append((t["target_group"], tg["name"]))
    if tg.get("success_criterion"):
        about.append((t["success_criterion"], tg["success_criterion"]))
    about.append((t["cohorts"], " · ".join(number(n, 0, p.lang) for n in sc.cohorts)))
    about.append((t["perspective"], p.actor[sc.perspective]))
    return {"description": paragraphs(sc.description), "about": about}


# -- figures ---------------------------------------------------------------------------------

def time_section(p: Page) -> tuple[list[dict], list[str]]:
    """Fan charts of the cumulative NPV (total, then the actors in one row), and notes on actors left out."""
    if not p.u:
        return [], []
    t, lang, who = p.t, p.lang, p.who
    figs, notes = [], []
    fig, ax = P.new_figure(8.0, 4.4)
    P.plot_fan(p.doc, "total", ax=ax, lang=lang)
    figs.append(figure(fig, t["alt_fan"].format(who=who["total"]), fid="fig-fan-total"))
    others = [a for a in p.active[1:] if not same_as_total(p.doc, a)]
    for a in p.active[1:]:
        if a not in others:
            notes.append(t["same_as_total"].format(who=p.actor[a], who_l=who[a]))
    if others:
        # small multiples in one row, each on its own scale (the actors' amounts differ a lot)
        ncol = len(others)
        fig, axs = P.new_figure({1: 8.0, 2: 8.6, 3: 10.5}[ncol], 3.5 if ncol > 1 else 4.0, 1, ncol, squeeze=False)
        for i, a in enumerate(others):
            P.plot_fan(p.doc, a, ax=axs.flat[i], lang=lang, legend=False, annotate=(ncol == 1), compact=ncol > 1)
        figs.append(figure(fig, t["alt_fan"].format(who=", ".join(who[a] for a in others)),
                           caption=t["actors_caption"] if ncol > 1 else "", fid="fig-fan-actors"))
    return figs, notes


def uncertainty_section(p: Page, npv_draws: np.ndarray | None) -> list[dict]:
    """Histograms of the NPV draws (total and perspective actor) and the chance of paying back by year."""
    if not p.u:
        return []
    t, lang = p.t, p.lang
    figs = []
    if npv_draws is not None:
        for a in p.headline_actors:
            fig, ax = P.new_figure(8.0, 4.0)
            P.plot_npv_distribution(npv_draws[:, OUTPUTS.index(a)], base=p.base["npv"][a], ax=ax, lang=lang,
                                    actor=a, price_year=p.sc.price_year)
            figs.append(figure(fig, t["alt_dist"].format(who=p.who[a]), fid=f"fig-dist-{a}"))
    fig, ax = P.new_figure(8.0, 4.0)
    P.plot_break_even(p.doc, ax=ax, lang=lang)
    figs.append(figure(fig, t["alt_be"], fid="fig-breakeven"))
    return figs


def where_section(p: Page) -> tuple[list[dict], dict]:
    """Waterfalls of the gains by domain and the costs (total and perspective actor), and gains by activity."""
    t, lang, b, persp = p.t, p.lang, p.base, p.sc.perspective
    n_dom = len({(row.get("domain") or k) for k, row in (b.get("gains_pv_by_activity") or {}).items()})
    figs = []
    for a in ["total"] + ([persp] if persp != "total" and persp in p.active else []):
        fig, ax = P.new_figure(8.0, P.rows_height(n_dom + 2))
        P.plot_gains_and_costs(p.doc, a, ax=ax, lang=lang)
        figs.append(figure(fig, t["alt_wf"].format(who=p.who[a]), fid=f"fig-waterfall-{a}"))
    arows = TB.activity_rows(p.sc, p.doc, lang)
    head = [t["c_activity"], t["c_domain"], p.actor["kommune"], p.actor["region"], p.actor["stat"], t["c_total"]]
    rows = [[ar["title"], ar["domain"], *(kilo(ar["gains_pv"][x], lang) for x in (*ACTORS, "total"))]
            for ar in sorted(arows, key=lambda ar: -ar["gains_pv"]["total"])]
    return figs, table(t["tab_act"], head, rows, {2, 3, 4, 5}, cls="t-act")


def committees_section(p: Page) -> dict[str, Any] | None:
    """§6.5 who pays, who gains: a table and a plot of the kommune's committees (None without [udvalg])."""
    sc, t, lang, b, u = p.sc, p.t, p.lang, p.base, p.u
    if sc.committees is None:
        return None
    keys = list(sc.committees.keys)
    head = [t["c_committee"], t["c_gains"], t["c_costs"], t["c_npv"]] + ([t["c_band"]] if u else [])
    head += [t["c_be"], t["c_payback"]]
    rows = []
    for k in ["kommune", *keys]:
        row = [TB.actor_label(k, lang), kilo(b["gains_pv"][k], lang), kilo(b["costs_pv"][k], lang),
               kilo(b["npv"][k], lang)]
        if u:
            lo, hi = u["npv"][k]["p05"], u["npv"][k]["p95"]
            row.append(f"{kilo(lo, lang)}{'–' if lo >= 0 else t['to']}{kilo(hi, lang)}")
        row += [_year(b["break_even_year"][k], t), _year((b.get("payback_year") or {}).get(k), t)]
        rows.append(row)
    fig, ax = P.new_figure(8.0, P.rows_height(len(keys), 2.4))
    P.plot_committees(p.doc, keys, ax=ax, lang=lang)
    return {"intro": t["committees_intro"].format(y=sc.price_year),
            "table": table(t["tab_committees"].format(y=sc.price_year), head, rows, set(range(1, len(head))),
                           cls="t-actor"),
            "fig": figure(fig, t["alt_committees"], fid="fig-committees")}


def _year(y: int | None, t: dict) -> str:
    return t["never"] if y is None else str(y)


# -- tables ----------------------------------------------------------------------------------

def tables_section(p: Page) -> list[dict]:
    """The result by actor, per participant, and year by year for the total and each actor that differs."""
    t, lang, u, y = p.t, p.lang, p.u, p.sc.price_year
    srows = TB.summary_rows(p.doc, committees=True)
    head = [t["c_actor"], t["c_gains"], t["c_costs"], t["c_npv"]]
    if u:
        head += [t["c_mean"], t["c_p05"], t["c_p95"], t["c_ppos"]]
    head.append(t["c_be"])
    rows = []
    for rr in srows:
        row = [TB.actor_label(rr["actor"], lang), kilo(rr["gains_pv"], lang), kilo(rr["costs_pv"], lang),
               kilo(rr["npv"], lang)]
        if u:
            row += [kilo(rr["npv_mean"], lang), kilo(rr["npv_p05"], lang), kilo(rr["npv_p95"], lang),
                    share(rr["prob_positive"], lang)]
        row.append(t["never"] if rr["break_even_year"] is None else str(rr["break_even_year"]))
        rows.append(row)
    tables = [table(t["tab_actor"].format(y=y), head, rows, set(range(1, len(head))), cls="t-actor")]

    head = [t["c_actor"], t["c_base"]] + ([t["c_mean"], t["c_p05"], t["c_p50"], t["c_p95"]] if u else [])
    rows = []
    for rr in srows:
        row = [TB.actor_label(rr["actor"], lang), whole(rr["npv_per_participant"], lang)]
        if u:
            row += [whole(rr[f"per_participant_{q}"], lang) for q in ("mean", "p05", "p50", "p95")]
        rows.append(row)
    tables.append(table(t["tab_pp"].format(y=y, n=number(p.sc.participants, 0, lang)), head, rows,
                        set(range(1, len(head))), cls="t-pp"))
    tables += [_year_table(p, a) for a in ["total"] + [a for a in p.active[1:] if not same_as_total(p.doc, a)]]
    return tables


def _year_table(p: Page, a: str) -> dict:
    t, lang, u = p.t, p.lang, p.u
    with_be = u and abs(p.base["costs_pv"][a]) >= 0.5  # paying back means nothing without costs
    head = [t["c_year"], t["c_gains"], t["c_costs"], t["c_net"], t["c_cum"]]
    if u:
        head += [t["c_p05"], t["c_p50"], t["c_p95"]] + ([t["c_pbe"]] if with_be else [])
    rows = []
    for rr in TB.by_year_rows(p.doc, a):
        row = [str(rr["year"]), kilo(rr["gains"], lang), kilo(rr["costs"], lang), kilo(rr["net"], lang),
               kilo(rr["cumulative_npv"], lang)]
        if u:
            row += [kilo(rr.get(f"cumulative_npv_{q}"), lang) for q in ("p05", "p50", "p95")]
            if with_be:
                row.append(share(rr.get("prob_break_even", math.nan), lang))
        rows.append(row)
    note = t["tab_year_note"].format(n=number(TB.band_draws(p.doc) or 0, 0, lang)) if u else None
    return table(t["tab_year"].format(who=p.who[a], y=p.sc.price_year), head, rows, set(range(1, len(head))),
                 note=note, cls="t-year")


# -- inputs and provenance -------------------------------------------------------------------

def _effect_cells(sc: Scenario, ir: dict, lang: str) -> dict[str, str]:
    """A consequence's shock in its own units, never the standard-normal z; {} for other inputs.

    Its profile ('−20 døgn ±6 i år 1') and its 90 % range as shares of the estimate ('42 %–158 % af skønnet').
    """
    eff = effect_text(sc, ir["name"], lang)
    lo, hi = effect_ratio(sc, ir["name"], ir["p05"]), effect_ratio(sc, ir["name"], ir["p95"])
    if eff is None or lo is None or hi is None:
        return {}
    lo, hi = min(lo, hi), max(lo, hi)  # a reduction (negative profile) is larger at the low z
    rng = strings(lang).CONSOLE["of_estimate"].format(p=f"{pct(lo, lang)}–{pct(hi, lang)}")
    return {"dist": eff, "point": "–", "range": rng}


def inputs_section(p: Page) -> dict[str, Any]:
    """Every input with its distribution, point value, range and source; the consequences; the correlations.

    Also ``counts`` (:func:`somsim.present.tables.assumption_counts`), which the method notes use.
    """
    sc, t, lang = p.sc, p.t, p.lang
    irows = TB.input_rows(sc, lang)
    titles = {c.activity.key: c.activity.title for c in sc.consequences}
    inputs = []
    for ir in irows:
        ref = t["see_cons"] if ir["ref"] and ir["ref"] in titles else ""
        shock = ir["name"].startswith("consequence.") and not ir["name"].endswith(".scale")
        dist = (t["shock"] if shock else dist_text(ir["family"], ir["given"], lang)) if ir["uncertain"] else t["fixed"]
        row = {"label": ir["label"], "name": ir["name"], "group": ir["group"], "dist": dist,
               "point": value(ir["point"], lang) + _written(ir["written_point"], ir["written_year"], sc.price_year,
                                                            lang),
               "range": value_range(ir["p05"], ir["p95"], lang, 3) if ir["uncertain"] else "",
               "source": ir["own_source"], "note": ir["own_note"], "ref": ref}
        inputs.append(row | _effect_cells(sc, ir, lang))
    cons = []
    for ar in TB.activity_rows(sc, p.doc, lang):
        cons.append({"title": ar["title"], "key": ar["activity"], "unit": ar["unit"], "kind": ar["kind"],
                     "profile": " · ".join(value(q, lang) for q in ar["per_success"]),
                     "se": " · ".join(value(q, lang) for q in ar["se"]),
                     "scale": dist_text(ar["scale_family"], ar["scale_given"], lang) if ar["scale_family"] else "",
                     "prices": [f"{x} {value(ar['price'][x], lang)}"
                                + (_written(ar["price_as_written"][x], ar["price_year"], sc.price_year, lang)
                                   if ar["price_as_written"][x] != ar["price"][x] else "")
                                for x in ACTORS if ar["price"][x]],
                     "source": ar["source"], "note": ar["note"]})
    corr = [{"inputs": c["inputs"], "rho": value(c["rho"], lang) if c["rho"] is not None
             else ", ".join(value(x, lang) for x in c["rho_all"]), "note": join_text(c["source"], c["note"])}
            for c in TB.correlation_rows(sc)]
    return {"inputs": inputs, "cons": cons, "corr": corr, "counts": TB.assumption_counts(irows)}


def _written(x: float, year: int | None, used_year: int, lang: str) -> str:
    """' (2024-priser; kilde: 50.000 i 2020-priser)' beside a price converted from another year, else ''."""
    if year is None or year == used_year:
        return ""
    if lang == "da":
        return f" ({used_year}-priser; kilde: {value(x, lang)} i {year}-priser)"
    return f" ({used_year} prices; source: {value(x, lang)} in {year} prices)"


def provenance_section(p: Page, created: str | None) -> list[tuple[str, str]]:
    """Versions, seed, draws, sampler, the scenario's hash and files, when, and the command that redoes it."""
    sc, t, lang, doc = p.sc, p.t, p.lang, p.doc
    prov = doc.get("provenance") or {}
    cmd = (f"somsim report {Path(sc.path).name} --lang {lang} --draws {doc['draws']} --seed {doc['seed']}"
           if p.u else f"somsim report {Path(sc.path).name} --lang {lang} --draws 0")
    rows = [(t["p_version"], doc.get("somsim_version", "")),
            (t["p_numpy"], prov.get("numpy_version", np.__version__)),
            (t["p_seed"], str(doc.get("seed"))), (t["p_draws"], number(doc.get("draws") or 0, 0, lang)),
            (t["p_sampler"], str(doc.get("sampler") or "–"))]
    if p.u:
        rows.append((t["p_bands"], number(TB.band_draws(doc) or 0, 0, lang)))
    rows += [(t["p_sha"], sc.sha256), (t["p_file"], Path(sc.path).name)]
    if sc.includes:
        rows.append((t["p_includes"], ", ".join(Path(f).name for f in sc.includes)))
    rows += [(t["p_created"], created or _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
             (t["p_command"], cmd)]
    return rows
