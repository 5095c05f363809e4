"""The report: one self-contained HTML file in Danish or English (plots embedded, no network, no script).

:func:`build_report` runs the base case and a probabilistic run (unless given a result), draws the
plots (``somsim.plots``) and fills ``templates/report.html.j2``; :func:`write_report` writes the file
atomically. Every piece of scenario text is escaped by Jinja's autoescape, and a Content-Security-Policy
in the page forbids scripts and every request that is not an embedded image.

When ``somsim.sensitivity`` and ``somsim.voi`` are installed, the report adds a tornado, Sobol
indices and a value-of-information ranking from small runs of them; without them those sections
are left out.
"""

from __future__ import annotations

import base64
import datetime as _dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from somsim.present import tables as TB
from somsim.present.report_strings import TEXT, WHO
from somsim.scenario.loader import Scenario
from somsim._text import kr, kr_range, number, pct, share

__all__ = ["build_report", "report_context", "write_report"]

LANGS = ("da", "en")

_T, _WHO = TEXT, WHO


def _method_notes(sc: Scenario, doc: dict, counts: dict, lang: str, plan_info: dict) -> list[dict[str, str]]:
    """Method notes as (heading, paragraph) pairs: what SØM counts, what it does not, how uncertainty enters."""
    r = sc.discount_rate
    rate = (pct(r.point, lang, 1) if r.is_fixed else f"{r.describe()} ({'punktværdi' if lang == 'da' else 'point'} "
            f"{pct(r.point, lang, 1)})")
    u = doc.get("uncertainty")
    n = number(doc["draws"], 0, lang)
    lag = sc.consequence_lag
    recon = _is_reconstruction(sc)
    if lang == "da":
        notes = [
            ("Hvad SØM tæller", ("Kun budgetøkonomiske konsekvenser for den offentlige sektor – kommune, region og "
             "stat – opgjort efter refusion mellem dem og uden udligning og bloktilskud. Nettoresultatet er "
             "konsekvenserne (mindre brug af offentlige ydelser, flere skatteindtægter) minus indsatsens "
             "omkostninger.")),
            ("Hvad SØM ikke tæller", ("Deltagernes livskvalitet og egen økonomi, gevinster for andre end den "
             "offentlige sektor, og konsekvenser, der ikke er med i scenariet. Resultatet er derfor ikke en "
             "samfundsøkonomisk analyse.")),
            ("Effekt og konsekvenser", ("Effekten indgår kun gennem nettosuccesraten: andelen af deltagerne, der når "
             "succesmålet på grund af indsatsen (ud over dem, der ville have nået det alligevel). Effekten falder "
             f"{'i det år, deltageren afslutter forløbet' if lag == 0 else f'{lag} år efter afslutningsåret'} og er "
             "den samme for alle hold. Konsekvensestimaterne er forskelle i forbrug mellem en succes- og en "
             "ikke-succesgruppe i registrene; de er ikke kausale, og tilbagefald ligger i deres forløb over tid.")),
            ("Diskontering og priser", (f"Alle beløb er i {sc.price_year}-priser. Gevinster og omkostninger "
             f"diskonteres med {rate} om året; år 0 (første driftsår) diskonteres ikke. Pr. deltager er "
             f"nettonutidsværdien delt med alle {sc.participants} deltagere. Tjent hjem (break-even) er det første "
             "år, fra hvilket den kumulerede nettonutidsværdi forbliver positiv horisonten ud.")),
        ]
        if u:
            notes.append(("Usikkerhed", (f"Beregningen er gentaget {n} gange ({doc['sampler']}-stikprøve, seed "
                          f"{doc['seed']}) med hvert usikkert input trukket fra sin fordeling; korrelationer mellem "
                          "input er lagt ind med en Gauss-copula på rangkorrelationer. 90 %-intervallet er 5 %- og "
                          "95 %-fraktilen af de simulerede nettonutidsværdier; sandsynligheden for et positivt "
                          "resultat er andelen af træk over nul (Monte Carlo-fejl på middelværdien: "
                          f"{kr(u['npv']['total']['mcse'], lang)}). Årsbåndene bygger på de første "
                          f"{number(plan_info.get('band_draws') or 0, 0, lang)} træk.")))
        notes.append(("Hvad usikkerheden ikke dækker", ("Fordelingerne er skøn og kan selv være for snævre. "
                      "Modellens struktur – hvilke konsekvenser der er med, horisonten, at effekten er ens for alle "
                      "hold – er holdt fast; det samme er antallet af deltagere.")))
        notes.append(("Rekonstrueret og antaget", (
            "Dette scenarie er en rekonstruktion; beskrivelsen øverst siger, hvad der er offentliggjort, og hvad "
            "der er antaget. " if recon else "") +
            f"Af de {counts['uncertain']} usikre input har {counts['sourced']} en kilde, {counts['assumed']} er "
            f"markeret som antagelse i deres note, og {counts['neither']} har hverken kilde eller note (se Input)."))
    else:
        notes = [
            ("What SØM counts", ("Only budget-economic consequences for the public sector – kommune (municipality), "
             "region and stat (central government) – after reimbursements between them and without equalisation "
             "and block grants. The net result is the consequences (less use of public services, more tax revenue) "
             "minus the costs of the intervention.")),
            ("What SØM does not count", ("The participants' quality of life and own economy, gains to anyone but the "
             "public sector, and consequences the scenario leaves out. The result is therefore not a "
             "welfare-economic (cost-benefit) analysis.")),
            ("Effect and consequences", ("The effect enters only through the net success rate: the share of "
             "participants who reach the success criterion because of the intervention (over and above those who "
             "would have reached it anyway). The effect falls "
             f"{'in the year the participant completes the course' if lag == 0 else f'{lag} years after the completion year'}"
             " and is the same for every cohort. The consequence estimates are differences in use between a success "
             "and a non-success group in the registers; they are not causal, and relapse lies in their course over "
             "time.")),
            ("Discounting and prices", (f"All amounts are in {sc.price_year} prices. Gains and costs are discounted at "
             f"{rate} a year; year 0 (the first year of operation) is not discounted. Per participant is the net "
             f"present value divided by all {sc.participants} participants. Paying back (break-even) is the first "
             "year from which the cumulative net present value stays positive to the end of the horizon.")),
        ]
        if u:
            notes.append(("Uncertainty", (f"The calculation is repeated {n} times ({doc['sampler']} sample, seed "
                          f"{doc['seed']}) with every uncertain input drawn from its distribution; correlations between "
                          "inputs enter through a Gaussian copula on rank correlations. The 90% interval is the 5th "
                          "and 95th percentile of the simulated net present values; the chance of a positive result "
                          "is the share of draws above zero (Monte Carlo error of the mean: "
                          f"{kr(u['npv']['total']['mcse'], lang)}). The yearly bands use the first "
                          f"{number(plan_info.get('band_draws') or 0, 0, lang)} draws.")))
        notes.append(("What the uncertainty does not cover", ("The distributions are judgements and may themselves "
                      "be too narrow. The structure of the model – which consequences are included, the horizon, an "
                      "effect that is the same for every cohort – is held fixed, and so is the number of "
                      "participants.")))
        notes.append(("Reconstructed and assumed", (
            "This scenario is a reconstruction; the description at the top says what is published and what is "
            "assumed. " if recon else "") +
            f"Of the {counts['uncertain']} uncertain inputs, {counts['sourced']} have a source, {counts['assumed']} "
            f"are marked as assumptions in their note, and {counts['neither']} have neither (see Inputs)."))
    return [{"head": h, "text": t} for h, t in notes]


def _is_reconstruction(sc: Scenario) -> bool:
    text = f"{sc.title}\n{sc.description}\n{sc.text[:400]}".lower()
    return "rekonstruktion" in text or "reconstruction" in text


# -- formatting helpers ----------------------------------------------------------------------

def _k(x, lang):
    """Thousands of kroner, whole: the unit of Danish budget tables."""
    return number(x / 1000.0, 0, lang) if TB.finite(x) else "–"


def _kr0(x, lang):
    return number(x, 0, lang) if TB.finite(x) else "–"


def _val(x: float, lang: str) -> str:
    """An input value as written by a person: 11.500 · 0,25 · 1,4."""
    if not TB.finite(x):
        return "–"
    a = abs(x)
    if a >= 1000:
        return number(x, 0, lang)
    if a >= 100:
        return number(x, 1 if x != round(x) else 0, lang)
    if a == 0:
        return "0"
    d = min(6, max(0, 2 - math.floor(math.log10(a))))
    s = number(x, d, lang)
    sep = "," if lang == "da" else "."
    if sep in s:
        s = s.rstrip("0").rstrip(sep)
    return s


_FAMILY = {"da": {"normal": "normal", "truncnormal": "trunkeret normal", "lognormal": "lognormal", "gamma": "gamma",
                  "beta": "beta", "uniform": "ligefordeling", "triangular": "trekant", "pert": "PERT"},
           "en": {"normal": "normal", "truncnormal": "truncated normal", "lognormal": "lognormal", "gamma": "gamma",
                  "beta": "beta", "uniform": "uniform", "triangular": "triangular", "pert": "PERT"}}
_PARAM = {"da": {"mean": "middel", "sd": "sd", "median": "median", "ci95": "95 %", "min": "min", "mode": "typisk",
                 "max": "maks", "low": "fra", "high": "til", "alpha": "α", "beta": "β", "shape": "form",
                 "scale": "skala", "value": "værdi"},
          "en": {"mean": "mean", "sd": "sd", "median": "median", "ci95": "95%", "min": "min", "mode": "mode",
                 "max": "max", "low": "low", "high": "high", "alpha": "α", "beta": "β", "shape": "shape",
                 "scale": "scale", "value": "value"}}


def _sig(x: float, digits: int = 3) -> float:
    """x to `digits` significant digits (a quantile of an input: 886.898 -> 887.000)."""
    if not TB.finite(x) or x == 0:
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def _range(lo: float, hi: float, lang: str, digits: int | None = None) -> str:
    if digits:
        lo, hi = _sig(lo, digits), _sig(hi, digits)
    sep = "–" if lo >= 0 else (" til " if lang == "da" else " to ")
    return f"{_val(lo, lang)}{sep}{_val(hi, lang)}"


def _dist_text(family: str, given, lang: str) -> str:
    """'PERT: min 9.000, typisk 11.500, maks 16.000' – the distribution as the scenario gives it."""
    parts = []
    for k, v in given:
        val = _range(v[0], v[1], lang) if isinstance(v, tuple) else _val(v, lang)
        parts.append(f"{_PARAM[lang].get(k, k)} {val}")
    return f"{_FAMILY[lang].get(family, family)}: {', '.join(parts)}"


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a TOML multi-line string: blank lines separate them, single line breaks do not."""
    out, cur = [], []
    for line in text.strip().splitlines():
        if line.strip():
            cur.append(line.strip())
        elif cur:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def _table(caption: str, head: list[str], rows: list[list[str]], num: set[int], note: str | None = None,
           cls: str = "") -> dict:
    return {"caption": caption, "head": head, "rows": rows, "num": num, "note": note, "cls": cls}


def _figure(fig, alt: str, caption: str = "", fid: str = "") -> dict:
    from somsim.present.plots import png_bytes

    data = png_bytes(fig, dpi=144)
    w, h = fig.get_size_inches()
    return {"id": fid, "alt": alt, "caption": caption, "width": round(w * 96), "height": round(h * 96),
            "src": "data:image/png;base64," + base64.b64encode(data).decode("ascii")}


def _same_as_total(doc: dict, a: str) -> bool:
    b = doc["base_case"]["by_year"]["cumulative_npv"]
    if not np.allclose(b[a], b["total"], rtol=0, atol=0.5):
        return False
    bands = (doc.get("uncertainty") or {}).get("cumulative_npv_by_year")
    if bands:
        return all(np.allclose(bands[a][q], bands["total"][q], rtol=0, atol=0.5) for q in ("p05", "p95"))
    return True


# -- optional analyses (somsim.sensitivity, somsim.voi) --------------------------------------

def _analyses(sc: Scenario, doc: dict, result, seed: int, run: bool, given: dict) -> dict[str, Any]:
    """Sensitivity and VOI results for the report: those given, else small runs when the modules exist."""
    out: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if not run:
        return out
    from somsim.present import analyses as RA

    for key, value in RA.compute(sc, doc, result=result, seed=seed, have=set(out)).items():
        out.setdefault(key, value)
    return out


def summary_document(sc: Scenario, result=None) -> dict:
    """summary.json of the base case and (when given) a probabilistic run, as `somsim run` writes it."""
    from somsim.results import summary as S
    from somsim.model.reference import base_case

    base = S.base_case_block(sc, base_case(sc))
    if result is None:
        return S.document(sc, base)
    return S.document(sc, base, seed=result.seed, draws=result.draws, sampler=result.sampler,
                      uncertainty=result.summary, extra=result.extra)


def _sensitivity_blocks(sc: Scenario, doc: dict, analyses: dict[str, Any], lang: str) -> list[dict]:
    """The sensitivity section as figures, tables and notes, in reading order (empty: no section)."""
    from somsim.present import plots as P

    t = _T[lang]
    b = doc["base_case"]
    y = sc.price_year
    persp = sc.perspective
    labels = {n: f"{lab} · {n}" for n, lab in TB.input_labels(sc, lang).items()}
    labels.update({f"[{g}]": f"[{_cap(TB.GROUP[lang].get(g, g))}]" for g in sc.groups})
    short = TB.input_labels(sc, lang)
    out: list[dict] = []
    if analyses.get("tornado"):
        rows_, _ = P._tornado_rows(analyses["tornado"])
        k = min(10, len(rows_))
        fig, ax = P.new_figure(8.0, P._rows_height(k, 2.3))
        P.tornado(analyses["tornado"], base=b["npv"][persp], ax=ax, lang=lang, price_year=y, labels=labels, top=k)
        out.append({"kind": "figure", "fig": _figure(fig, t["alt_tornado"], t["cap_tornado"], "fig-tornado")})
    sw = analyses.get("switching") or []
    if sw:
        rows = [[f"{short.get(r['name'], r['name'])} ({r['name']})", _val(r["point"], lang),
                 _val(_sig(r["value"], 3), lang), share(r["other_side"], lang)] for r in sw[:8]]
        out.append({"kind": "table", "table": _table(t["tab_switch"], [t["c_input"], t["c_base"], t["c_switch"],
                                                                       t["c_other"]], rows, {1, 2, 3},
                                                     note=t["switch_note"], cls="t-switch")})
    if analyses.get("sobol") and P._indices(analyses["sobol"]):
        k = min(10, len(P._indices(analyses["sobol"])))
        fig, ax = P.new_figure(8.0, P._rows_height(k))
        P.sobol_indices(analyses["sobol"], ax=ax, lang=lang, labels=labels, top=k)
        cap = t["cap_sobol"].format(n=number(analyses["sobol"].get("n") or 0, 0, lang))
        out.append({"kind": "figure", "fig": _figure(fig, t["alt_sobol"], cap, "fig-sobol")})
        groups = analyses["sobol"].get("groups") or {}
        if groups:
            rows = []
            for g, r in sorted(groups.items(), key=lambda kv: -(kv[1].get("ST") or 0.0)):
                name = _cap(TB.GROUP[lang].get(g, g))
                rows.append([name, _pm(r.get("ST"), r.get("ST_conf"), lang), _pm(r.get("S1"), r.get("S1_conf"), lang),
                             ", ".join(r.get("members") or [])])
            out.append({"kind": "table", "table": _table(t["tab_groups"], [t["c_group"], "ST", "S1", t["c_members"]],
                                                         rows, {1, 2}, cls="t-groups")})
    if analyses.get("sobol_by_year"):
        fig, ax = P.new_figure(8.0, 5.2)
        P.sobol_by_year(analyses["sobol_by_year"], ax=ax, lang=lang)
        out.append({"kind": "figure", "fig": _figure(fig, t["alt_soby"], t["cap_soby"], "fig-sobol-year")})
    v = analyses.get("voi")
    if v and v.get("certain"):
        out.append({"kind": "note", "text": t["voi_certain"].format(p=share(v["prob_positive"], lang),
                                                                    v=kr(v["evpi"], lang))})
    elif v and (v.get("evppi") or v.get("groups")):
        k = min(10, len(v.get("evppi") or {}) + len(v.get("groups") or {}))
        fig, ax = P.new_figure(8.0, P._rows_height(max(k, 1)))
        P.voi_ranking(v, ax=ax, lang=lang, price_year=y, labels=labels, top=max(k, 1))
        out.append({"kind": "figure", "fig": _figure(fig, t["alt_voi"], t["cap_voi"], "fig-voi")})
    for what, err in analyses.get("failed") or []:
        out.append({"kind": "note", "text": t["failed"].format(what=what, err=err)})
    return out


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _pm(v, conf, lang) -> str:
    if not TB.finite(v):
        return "–"
    return f"{pct(max(v, 0.0), lang)} ± {pct(conf, lang)}" if TB.finite(conf) else pct(max(v, 0.0), lang)


# -- the context ------------------------------------------------------------------------------

def report_context(sc: Scenario, doc: dict, *, lang: str = "da", npv_draws: np.ndarray | None = None,
                   analyses: dict[str, Any] | None = None, plan_info: dict | None = None,
                   created: str | None = None) -> dict[str, Any]:
    """Everything the template shows, as text and images (no HTML: the template escapes it)."""
    from somsim.present import plots as P
    from somsim.present.headline import headline_sentence

    if lang not in LANGS:
        raise ValueError(f"lang must be 'da' or 'en' (got {lang!r})")
    t = _T[lang]
    b = doc["base_case"]
    u = doc.get("uncertainty")
    y = sc.price_year
    analyses = analyses or {}
    plan_info = plan_info or {}
    active = P.active_actors(doc)
    persp = sc.perspective
    actor_l = {a: TB.actor_label(a, lang) for a in TB.ORDER}

    # headline
    heads = []
    for a in ["total"] + ([persp] if persp != "total" else []):
        h: dict[str, Any] = {"label": t["npv_label"] if a == "total" else t["npv_label_actor"].format(who=_WHO[lang][a]),
                             "value": kr(b["npv"][a], lang),
                             "sentence": headline_sentence(doc, a, lang, numbers=lang)}
        if u:
            s = u["npv"][a]
            prob = u["break_even_year"][a]["prob_by_year"]
            tt = next((i for i, q in enumerate(prob) if q >= 0.5), None)
            h["facts"] = [f"{t['interval90']}: {kr_range(s['p05'], s['p95'], lang)}",
                          f"{share(s['prob_positive'], lang)} {t['prob_pos']}",
                          t["be_by"].format(p=share(prob[tt], lang), t=tt) if tt is not None
                          else t["be_none"].format(h=sc.horizon)]
        heads.append(h)

    cards = []
    pp = b["npv_per_participant"]["total"]
    cards.append({"label": t["card_pp"], "value": kr(pp, lang),
                  "sub": (f"{t['interval90']}: {kr_range(u['npv_per_participant']['total']['p05'], u['npv_per_participant']['total']['p95'], lang)}"
                          if u else "")})
    for a in active[1:]:
        if a == persp:
            continue
        cards.append({"label": _WHO[lang][a].capitalize() if lang == "da" else actor_l[a],
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

    r = sc.discount_rate
    facts = t["facts"].format(n=number(sc.participants, 0, lang), c=len(sc.cohorts), h=sc.horizon, y=y,
                              r=pct(r.point, lang, 1))
    about = []
    tg = sc.target_group
    if sc.intervention_name:
        about.append((t["intervention"], sc.intervention_name))
    if tg.get("name"):
        about.append((t["target_group"], tg["name"]))
    if tg.get("success_criterion"):
        about.append((t["success_criterion"], tg["success_criterion"]))
    about.append((t["cohorts"], " · ".join(number(n, 0, lang) for n in sc.cohorts)))
    about.append((t["perspective"], actor_l[persp]))

    # figures
    figs: dict[str, list[dict]] = {"time": [], "unc": [], "where": [], "sens": []}
    notes_time: list[str] = []
    if u:
        fig, ax = P.new_figure(8.0, 4.4)
        P.fan_chart(doc, "total", ax=ax, lang=lang)
        figs["time"].append(_figure(fig, t["alt_fan"].format(who=_WHO[lang]["total"]), fid="fig-fan-total"))
        others = [a for a in active[1:] if not _same_as_total(doc, a)]
        for a in active[1:]:
            if a not in others:
                notes_time.append(t["same_as_total"].format(who=actor_l[a], who_l=_WHO[lang][a]))
        if others:
            # small multiples in one row, each on its own scale (the actors' amounts differ a lot)
            ncol = len(others)
            fig, axs = P.new_figure({1: 8.0, 2: 8.6, 3: 10.5}[ncol], 3.5 if ncol > 1 else 4.0, 1, ncol,
                                    squeeze=False)
            for i, a in enumerate(others):
                P.fan_chart(doc, a, ax=axs.flat[i], lang=lang, legend=False, annotate=(ncol == 1),
                            compact=ncol > 1)
            figs["time"].append(_figure(fig, t["alt_fan"].format(who=", ".join(_WHO[lang][a] for a in others)),
                                        caption=t["actors_caption"] if ncol > 1 else "", fid="fig-fan-actors"))
        if npv_draws is not None:
            for a in ["total"] + ([persp] if persp != "total" else []):
                fig, ax = P.new_figure(8.0, 4.0)
                j = ("kommune", "region", "stat", "total").index(a)
                P.npv_distribution(npv_draws[:, j], base=b["npv"][a], ax=ax, lang=lang, actor=a, price_year=y)
                figs["unc"].append(_figure(fig, t["alt_dist"].format(who=_WHO[lang][a]), fid=f"fig-dist-{a}"))
        fig, ax = P.new_figure(8.0, 4.0)
        P.break_even_probability(doc, ax=ax, lang=lang)
        figs["unc"].append(_figure(fig, t["alt_be"], fid="fig-breakeven"))
    n_dom = len({(row.get("domain") or k) for k, row in (b.get("gains_pv_by_activity") or {}).items()})
    for a in ["total"] + ([persp] if persp != "total" and persp in active else []):
        fig, ax = P.new_figure(8.0, P._rows_height(n_dom + 2))
        P.gains_and_costs(doc, a, ax=ax, lang=lang)
        figs["where"].append(_figure(fig, t["alt_wf"].format(who=_WHO[lang][a]), fid=f"fig-waterfall-{a}"))

    sens = _sensitivity_blocks(sc, doc, analyses, lang)
    # tables
    tables = []
    srows = TB.summary_rows(doc)
    head = [t["c_actor"], t["c_gains"], t["c_costs"], t["c_npv"]]
    if u:
        head += [t["c_mean"], t["c_p05"], t["c_p95"], t["c_ppos"]]
    head.append(t["c_be"])
    rows = []
    for rr in srows:
        row = [actor_l[rr["actor"]], _k(rr["gains_pv"], lang), _k(rr["costs_pv"], lang), _k(rr["npv"], lang)]
        if u:
            row += [_k(rr["npv_mean"], lang), _k(rr["npv_p05"], lang), _k(rr["npv_p95"], lang),
                    share(rr["prob_positive"], lang)]
        row.append(t["never"] if rr["break_even_year"] is None else str(rr["break_even_year"]))
        rows.append(row)
    tables.append(_table(t["tab_actor"].format(y=y), head, rows, set(range(1, len(head))), cls="t-actor"))

    head = [t["c_actor"], t["c_base"]] + ([t["c_mean"], t["c_p05"], t["c_p50"], t["c_p95"]] if u else [])
    rows = []
    for rr in srows:
        row = [actor_l[rr["actor"]], _kr0(rr["npv_per_participant"], lang)]
        if u:
            row += [_kr0(rr["per_participant_mean"], lang), _kr0(rr["per_participant_p05"], lang),
                    _kr0(rr["per_participant_p50"], lang), _kr0(rr["per_participant_p95"], lang)]
        rows.append(row)
    tables.append(_table(t["tab_pp"].format(y=y, n=number(sc.participants, 0, lang)), head, rows,
                         set(range(1, len(head))), cls="t-pp"))

    year_actors = ["total"] + [a for a in active[1:] if not _same_as_total(doc, a)]
    for a in year_actors:
        yrows = TB.by_year_rows(doc, a)
        with_be = u and abs(b["costs_pv"][a]) >= 0.5  # paying back means nothing without costs
        head = [t["c_year"], t["c_gains"], t["c_costs"], t["c_net"], t["c_cum"]]
        if u:
            head += [t["c_p05"], t["c_p50"], t["c_p95"]] + ([t["c_pbe"]] if with_be else [])
        rows = []
        for rr in yrows:
            row = [str(rr["year"]), _k(rr["gains"], lang), _k(rr["costs"], lang), _k(rr["net"], lang),
                   _k(rr["cumulative_npv"], lang)]
            if u:
                row += [_k(rr.get("cumulative_npv_p05"), lang), _k(rr.get("cumulative_npv_p50"), lang),
                        _k(rr.get("cumulative_npv_p95"), lang)]
                if with_be:
                    row.append(share(rr.get("prob_break_even"), lang))
            rows.append(row)
        tables.append(_table(t["tab_year"].format(who=_WHO[lang][a], y=y), head, rows, set(range(1, len(head))),
                             note=t["tab_year_note"].format(n=number(TB.band_draws(doc) or 0, 0, lang)) if u else None,
                             cls="t-year"))

    arows = TB.activity_rows(sc, doc, lang)
    head = [t["c_activity"], t["c_domain"], actor_l["kommune"], actor_l["region"], actor_l["stat"], t["c_total"]]
    rows = [[ar["title"], ar["domain"], *(_k(ar["gains_pv"][x], lang) for x in ("kommune", "region", "stat", "total"))]
            for ar in sorted(arows, key=lambda ar: -ar["gains_pv"]["total"])]
    where_table = _table(t["tab_act"], head, rows, {2, 3, 4, 5}, cls="t-act")

    # inputs
    irows = TB.input_rows(sc, lang)
    counts = TB.assumption_counts(irows)
    titles = {c.activity.key: c.activity.title for c in sc.consequences}
    inputs = []
    for ir in irows:
        ref = t["see_cons"] if ir["ref"] and ir["ref"] in titles else ""
        shock = ir["name"].startswith("consequence.") and not ir["name"].endswith(".scale")
        dist = (t["shock"] if shock else _dist_text(ir["family"], ir["given"], lang)) if ir["uncertain"] else t["fixed"]
        inputs.append({"label": ir["label"], "name": ir["name"], "group": ir["group"], "dist": dist,
                       "point": _val(ir["point"], lang),
                       "range": _range(ir["p05"], ir["p95"], lang, 3) if ir["uncertain"] else "",
                       "source": ir["own_source"], "note": ir["own_note"], "ref": ref})
    cons = []
    for ar in arows:
        cons.append({"title": ar["title"], "key": ar["activity"], "unit": ar["unit"], "kind": ar["kind"],
                     "profile": " · ".join(_val(q, lang) for q in ar["per_success"]),
                     "se": " · ".join(_val(q, lang) for q in ar["se"]),
                     "scale": _dist_text(ar["scale_family"], ar["scale_given"], lang) if ar["scale_family"] else "",
                     "prices": [f"{x} {_val(ar['price'][x], lang)}" for x in ("kommune", "region", "stat")
                                if ar["price"][x]],
                     "source": ar["source"], "note": ar["note"]})
    corr = [{"inputs": c["inputs"], "rho": _val(c["rho"], lang) if c["rho"] is not None
             else ", ".join(_val(x, lang) for x in c["rho_all"]), "note": _join_text(c["source"], c["note"])}
            for c in TB.correlation_rows(sc)]

    prov = doc.get("provenance") or {}
    cmd = (f"somsim report {Path(sc.path).name} --lang {lang} --draws {doc['draws']} --seed {doc['seed']}"
           if u else f"somsim report {Path(sc.path).name} --lang {lang} --draws 0")
    provenance = [(t["p_version"], doc.get("somsim_version", "")),
                  (t["p_numpy"], prov.get("numpy_version", np.__version__)),
                  (t["p_seed"], str(doc.get("seed"))), (t["p_draws"], number(doc.get("draws") or 0, 0, lang)),
                  (t["p_sampler"], str(doc.get("sampler") or "–"))]
    if u:
        provenance.append((t["p_bands"], number(TB.band_draws(doc) or 0, 0, lang)))
    provenance += [(t["p_sha"], sc.sha256), (t["p_file"], Path(sc.path).name)]
    if sc.includes:
        provenance.append((t["p_includes"], ", ".join(Path(p).name for p in sc.includes)))
    provenance += [(t["p_created"], created or _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
                   (t["p_command"], cmd)]

    sections = [("about", t["s_about"])]
    if figs["time"]:
        sections.append(("time", t["s_time"]))
    if figs["unc"]:
        sections.append(("uncertainty", t["s_unc"]))
    sections += [("where", t["s_where"]), ("tables", t["s_tables"])]
    if sens:
        sections.append(("sensitivity", t["s_sens"]))
    sections += [("inputs", t["s_inputs"]), ("method", t["s_method"]), ("sources", t["s_sources"]),
                 ("provenance", t["s_prov"])]

    return {
        "lang": lang, "t": t, "title": sc.title, "scenario_id": sc.id, "facts": facts,
        "reconstruction": _is_reconstruction(sc), "description": _paragraphs(sc.description), "about": about,
        "heads": heads, "cards": cards, "uncertain": bool(u), "figs": figs, "notes_time": notes_time,
        "unc_intro": t["unc_intro"].format(n=number(doc["draws"], 0, lang)),
        "where_intro": t["where_intro"].format(y=y), "where_table": where_table,
        "tables": tables, "sens": sens, "inputs": inputs, "cons": cons, "corr": corr,
        "method": _method_notes(sc, doc, counts, lang, plan_info), "sources": list(sc.sources),
        "provenance": provenance, "scenario_text": sc.text, "sections": sections,
        "footer": t["footer"].format(v=doc.get("somsim_version", "")),
    }


def _join_text(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("somsim.present", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(context: dict[str, Any]) -> str:
    return _env().get_template("report.html.j2").render(**context)


def build_report(sc: Scenario, *, lang: str = "da", draws: int = 10_000, seed: int = 1, sampler: str = "random",
                 result=None, sensitivity: dict | None = None, tornado: dict | None = None,
                 sobol_by_year: dict | None = None, voi: dict | None = None, analyses: bool = True,
                 progress: Callable[[int, int], None] | None = None, created: str | None = None) -> str:
    """The report of scenario `sc` as one HTML document (a string).

    Runs the base case and, unless `result` (a SimulationResult) is given or ``draws=0``,
    ``engine.simulate(sc, draws=draws, seed=seed)`` (keeping the inputs of every draw when the VOI section
    needs them: a given `result` needs ``keep_draws=True`` for it). Sensitivity and VOI
    results can be passed in (the JSON shapes of ``somsim sensitivity`` / ``somsim voi``); with
    ``analyses=True`` missing ones are computed with small runs when the modules exist.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'da' or 'en' (got {lang!r})")
    if result is None and draws:
        from somsim.simulation.engine import simulate

        result = simulate(sc, draws=draws, seed=seed, sampler=sampler, keep_draws=analyses,
                          progress=progress)
    doc = summary_document(sc, result)
    plan_info = {"band_draws": TB.band_draws(doc)} if result is not None else {}
    npv = result.npv if result is not None else None
    found = _analyses(sc, doc, result, result.seed if result is not None else seed,
                      analyses and result is not None,
                      {"sobol": sensitivity, "tornado": tornado, "sobol_by_year": sobol_by_year, "voi": voi})
    ctx = report_context(sc, doc, lang=lang, npv_draws=npv, analyses=found, plan_info=plan_info, created=created)
    return render(ctx)


def write_report(path: str | Path, sc: Scenario, **kw) -> None:
    """Build the report and write it to `path` atomically (UTF-8)."""
    from somsim._io import write_text

    write_text(path, build_report(sc, **kw))
