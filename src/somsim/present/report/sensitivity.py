"""The report's section on what matters most: tornado, switching values, Sobol' indices and value of information."""

from __future__ import annotations

from typing import Any

from somsim._text import kr, number, pct, share
from somsim.present import plots as P
from somsim.present import tables as TB
from somsim.present.effects import effect_ratio, effect_text
from somsim.present.locale import strings
from somsim.present.report.format import cap, figure, plus_minus, sig, table, value
from somsim.scenario.loader import Scenario

__all__ = ["sensitivity_blocks"]


def sensitivity_blocks(sc: Scenario, doc: dict, analyses: dict[str, Any], lang: str) -> list[dict]:
    """The sensitivity section as figures, tables and notes in reading order (empty: no section).

    `analyses` holds the results of :func:`somsim.present.report.analyses.compute` (or given ones):
    ``tornado``, ``switching``, ``sobol``, ``sobol_by_year``, ``voi`` and ``failed``.
    """
    t = strings(lang).REPORT
    labels = {n: f"{lab} · {n}" for n, lab in TB.input_labels(sc, lang).items()}
    # a consequence's shock as its profile in its own units ('Specialskole: −0,08 elevår ±0,03 i år 1 · …')
    for c in sc.consequences:
        n = f"consequence.{c.activity.key}"
        eff = effect_text(sc, n, lang)
        if eff is not None:
            labels[n] = f"{c.activity.title}: {eff} · {n}"
    labels.update({f"[{g}]": f"[{cap(TB.group_label(g, lang))}]" for g in sc.groups})
    out: list[dict] = []
    if analyses.get("tornado"):
        out.append(_tornado(analyses["tornado"], doc["base_case"]["npv"][sc.perspective], sc.price_year, labels,
                            lang))
    if analyses.get("switching"):
        out.append(_switching(sc, analyses["switching"], lang))
    if analyses.get("sobol") and P.sobol_rows(analyses["sobol"]):
        out += _sobol(sc, analyses["sobol"], labels, lang)
    if analyses.get("sobol_by_year"):
        fig, ax = P.new_figure(8.0, 5.2)
        P.plot_sobol_by_year(analyses["sobol_by_year"], ax=ax, lang=lang)
        out.append({"kind": "figure", "fig": figure(fig, t["alt_soby"], t["cap_soby"], "fig-sobol-year")})
    v = analyses.get("voi")
    if v and v.get("certain"):
        out.append({"kind": "note", "text": t["voi_certain"].format(p=share(v["prob_positive"], lang),
                                                                    v=kr(v["evpi"], lang))})
    elif v and (v.get("evppi") or v.get("groups")):
        k = min(10, len(v.get("evppi") or {}) + len(v.get("groups") or {}))
        fig, ax = P.new_figure(8.0, P.rows_height(max(k, 1)))
        P.plot_voi_ranking(v, ax=ax, lang=lang, price_year=sc.price_year, labels=labels, top=max(k, 1))
        out.append({"kind": "figure", "fig": figure(fig, t["alt_voi"], t["cap_voi"], "fig-voi")})
    for what, err in analyses.get("failed") or []:
        out.append({"kind": "note", "text": t["failed"].format(what=what, err=err)})
    return out


def _tornado(result: dict, base: float, price_year: int, labels: dict[str, str], lang: str) -> dict:
    t = strings(lang).REPORT
    rows, _ = P.tornado_rows(result)
    k = min(10, len(rows))
    fig, ax = P.new_figure(8.0, P.rows_height(k, 2.3))
    P.plot_tornado(result, base=base, ax=ax, lang=lang, price_year=price_year, labels=labels, top=k)
    return {"kind": "figure", "fig": figure(fig, t["alt_tornado"], t["cap_tornado"], "fig-tornado")}


def _switching(sc: Scenario, sw: list[dict], lang: str) -> dict:
    t = strings(lang).REPORT
    short = TB.input_labels(sc, lang)
    rows = [[f"{short.get(r['name'], r['name'])} ({r['name']})", *_switch_cells(sc, r, lang),
             share(r["other_side"], lang)] for r in sw[:8]]
    return {"kind": "table", "table": table(t["tab_switch"], [t["c_input"], t["c_base"], t["c_switch"], t["c_other"]],
                                            rows, {1, 2, 3}, note=t["switch_note"], cls="t-switch")}


def _switch_cells(sc: Scenario, r: dict, lang: str) -> list[str]:
    """The base value and the switching value; a consequence's shock as the share of the estimate it needs."""
    ratio = effect_ratio(sc, r["name"], r["value"])
    if ratio is not None:
        return ["–", strings(lang).CONSOLE["effect_at_least"].format(p=pct(ratio, lang))]
    return [value(r["point"], lang), value(sig(r["value"], 3), lang)]


def _sobol(sc: Scenario, sobol: dict, labels: dict[str, str], lang: str) -> list[dict]:
    t = strings(lang).REPORT
    k = min(10, len(P.sobol_rows(sobol)))
    fig, ax = P.new_figure(8.0, P.rows_height(k))
    P.plot_sobol(sobol, ax=ax, lang=lang, labels=labels, top=k)
    cap_ = t["cap_sobol"].format(n=number(sobol.get("n") or 0, 0, lang))
    out = [{"kind": "figure", "fig": figure(fig, t["alt_sobol"], cap_, "fig-sobol")}]
    groups = sobol.get("groups") or {}
    if groups:
        rows = []
        for g, r in sorted(groups.items(), key=lambda kv: -(kv[1].get("ST") or 0.0)):
            rows.append([cap(TB.group_label(g, lang)), plus_minus(r.get("ST"), r.get("ST_conf"), lang),
                         plus_minus(r.get("S1"), r.get("S1_conf"), lang), ", ".join(r.get("members") or [])])
        out.append({"kind": "table", "table": table(t["tab_groups"], [t["c_group"], "ST", "S1", t["c_members"]],
                                                    rows, {1, 2}, cls="t-groups")})
    return out
