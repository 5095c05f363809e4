"""Rich tables and sentences of a comparison of options, of a portfolio and of local data, for the command line.

Everything in the user's language (:mod:`somsim.present.locale`, ``CONSOLE``) and number format; the
tables fit the terminal without cutting an option's or an input's name (:func:`~somsim.present.console.fit.fit_table`).
The library's notes (English, in the JSON documents) are said again here in the user's language.
"""

from __future__ import annotations

import re
from typing import Any

from rich.markup import escape

from somsim._text import kr, kr_range, number, pct
from somsim.present.console.fit import NAME, NUM, TEXT, fit_table
from somsim.present.locale import strings
from somsim.present.report.format import dist_text, observed_text, sig, value_range

__all__ = ["compare_tables", "portfolio_tables", "update_table"]

NOTHING = "status-quo"  # somsim.decide.compare.NOTHING: the label of the status quo


def _who(lang: str, actor: str) -> str:
    return strings(lang).WHO.get(actor, actor)


def _label(doc: dict, label: str, lang: str) -> str:
    """An option's name: its label, or the status quo in words."""
    if label == NOTHING and doc["options"].get(label, {}).get("scenario", "") is None:
        return strings(lang).CONSOLE["status_quo"]
    return label


def _note(text: str, lang: str) -> str:
    """A note of the library (English) in `lang`: the locale's ``DECIDE_NOTES`` patterns translate it."""
    for pattern, repl in getattr(strings(lang), "DECIDE_NOTES", ()):
        if re.fullmatch(pattern, text):
            return re.sub(pattern, repl, text)
    return text


def _not_shared(name: str, why: str, lang: str, cmp) -> str:
    """Why an input is drawn separately for each option, with the distributions in `lang`."""
    C = strings(lang).CONSOLE
    if cmp is None:
        return f"{escape(name)}: {escape(_note(why, lang))}"
    shown = "; ".join(f"{lb}: {dist_text(q.dist.family, q.dist.given, lang)}"
                      for sc, lb in zip(cmp.scenarios, cmp.labels) if sc is not None
                      for q in sc.inputs if q.name == name)
    return f"{escape(name)}: {escape(C['cmp_differ'].format(shown=shown))}"


def compare_tables(doc: dict, top: int = 10, lang: str = "da", width: int = 80, cmp=None) -> list[Any]:
    """What to print of a comparison document (``somsim.compare/1``): sentences and tables.

    Parameters
    ----------
    doc : dict
        The comparison (:func:`somsim.decide.compare.document`).
    top : int
        EVPPI rows shown.
    lang : str
        "da" or "en".
    width : int
        The terminal's width (80 when piped).
    cmp : somsim.decide.compare.Comparison, optional
        The comparison itself: its scenarios name the distributions of inputs drawn separately.

    Returns
    -------
    list
        Rich renderables and markup strings, in order.
    """
    C = strings(lang).CONSOLE
    dec = doc["decision"]
    persp = dec["perspective"]
    req = dec["required_return"]
    out: list[Any] = [
        "[bold]" + C["cmp_head"].format(n=len(doc["options"])) + "[/bold]" + escape(C["cmp_head_more"].format(
            who=_who(lang, persp), n=number(doc["draws"], 0, lang), seed=doc["seed"]))
        + escape(C["cmp_crn"] if doc["common_random_numbers"] else C["cmp_independent"])
        + (escape(C["cmp_required"].format(r=number(req, 2, lang))) if req else ""),
    ]
    rows = []
    for label, o in doc["options"].items():
        b = o["npv"][persp]
        rows.append([escape(_label(doc, label, lang)), kr(o["base_case"]["npv"][persp], lang), kr(b["mean"], lang),
                     kr_range(b["p05"], b["p95"], lang), pct(b["prob_positive"], lang),
                     pct(dec["prob_best"][label], lang), kr(dec["expected_loss"][label], lang)])
    cols = [(C["c_option"], NAME), (C["c_base"], NUM), (C["c_mean"], NUM), (C["c_interval"], NUM),
            (C["c_ppos"], NUM), (C["c_pbest"], NUM), (C["c_loss"], NUM)]
    out += fit_table(escape(C["cmp_title"].format(who=_who(lang, persp))), cols, rows, width)
    prows = []
    for pair in doc["pairs"]:
        d = pair["difference"][persp]
        prows.append([escape(_label(doc, pair["first"], lang)), escape(_label(doc, pair["second"], lang)),
                      kr(d["mean"], lang), kr_range(d["p05"], d["p95"], lang), pct(pair["prob_first_better"], lang)])
    pcols = [(C["c_first"], NAME), (C["c_second"], TEXT), (C["c_mean"], NUM), (C["c_interval"], NUM),
             (C["c_first_better"], NUM)]
    out += fit_table(escape(C["diff_title"]), pcols, prows, width)
    out.append(C["cmp_best"].format(best=escape(_label(doc, dec["best_on_average"], lang)),
                                    v=kr(dec["evpi"], lang), se=kr(dec["evpi_se"], lang)))
    if doc["evppi"]:
        erows = [[escape(name), kr(r["value"], lang, unit=False), kr(r["se_bound"], lang, unit=False)]
                 for name, r in list(doc["evppi"].items())[:top]]
        out += fit_table(escape(C["cmp_evppi_title"]), [(C["c_input"], NAME), (C["c_evppi"], NUM),
                                                        (C["c_bound"], NUM)], erows, width)
    for name, why in doc["inputs"]["not_shared"].items():
        out.append(f"{C['note']}: {_not_shared(name, why, lang, cmp)}")
    out += [f"{C['note']}: {escape(_note(n, lang))}" for n in doc["notes"]]
    return out


def _basis(doc: dict, lang: str) -> str:
    """How costs count against the budget: their present value, or year by year."""
    C = strings(lang).CONSOLE
    if doc["cost_basis"] == "present value":
        return C["pf_basis_pv"]
    return C["pf_basis_years"].format(last=len(doc["budget"]) - 1)


def portfolio_tables(doc: dict, lang: str = "da", width: int = 80) -> list[Any]:
    """What to print of a portfolio document (``somsim.portfolio/1``): a sentence, a table, the best portfolio."""
    C = strings(lang).CONSOLE
    budget = doc["budget"]
    shown = kr(budget[0], lang) if len(set(budget)) == 1 else ", ".join(kr(b, lang) for b in budget)
    best = doc["best"]
    out: list[Any] = [
        "[bold]" + escape(C["pf_head"].format(budget=shown)) + "[/bold]" + escape(C["pf_head_more"].format(
            basis=_basis(doc, lang), payer=_who(lang, doc["actor"]), who=_who(lang, doc["perspective"]),
            n=number(doc["draws"], 0, lang))),
    ]
    rows = [[escape(label), kr(sum(o["cost"]), lang), kr(o["mean_npv"], lang), "✓" if o["chosen"] else "",
             pct(o["prob_in_best"], lang)] for label, o in doc["options"].items()]
    cols = [(C["c_option"], NAME), (C["c_pf_cost"], NUM), (C["c_mean_npv"], NUM), (C["c_in_best"], NUM),
            (C["c_p_in_best"], NUM)]
    out += fit_table(escape(C["pf_title"]), cols, rows, width)
    out.append(escape(C["pf_best"].format(options=", ".join(best["options"]) or C["pf_none"],
                                          cost=kr(sum(best["cost"]), lang), mean=kr(best["mean_npv"], lang),
                                          band=kr_range(best["p05"], best["p95"], lang),
                                          p=pct(best["prob_negative"], lang))))
    out += [f"{C['note']}: {escape(_note(n, lang))}" for n in doc["notes"]]
    return out


_CONJUGATE = {"beta": "beta–binomial", "normal": "normal–normal", "gamma": "gamma–Poisson"}


def _method(u, lang: str) -> str:
    """How the posterior was found, in `lang`."""
    loc = strings(lang)
    C, t = loc.CONSOLE, loc.REPORT
    if u.ess is None:
        known = C["u_sd_known"] if u.prior.family == "normal" else ""
        return f"{_CONJUGATE.get(u.prior.family, u.prior.family)}, {t['local_conj']}{known}"
    return C["u_resampled"].format(how=t["local_resampled"].format(d=number(u.draws or 0, 0, lang)),
                                   ess=number(u.ess, 0, lang), fam=loc.FAMILY.get(u.posterior.family,
                                                                                  u.posterior.family))


def _band(d, lang: str) -> str:
    lo, hi = (float(v) for v in d.ppf([0.05, 0.95]))
    return value_range(sig(lo, 3), sig(hi, 3), lang)


def update_table(upd, lang: str = "da", width: int = 80) -> list[Any]:
    """Prior and posterior of each input that local data ([[observation]]) updated, side by side.

    Laid out by :func:`~somsim.present.console.fit.fit_table` (names never cut); returns renderables.
    """
    from somsim.present.messages import update_warning

    C = strings(lang).CONSOLE
    rows = []
    for u in upd.inputs:
        warning = update_warning(u, lang)
        if warning:
            warning = f"{C['warning']}: {warning}"
        rows.append([escape(u.name), escape("; ".join(observed_text(o, lang) for o in u.observations)),
                     escape(dist_text(u.prior.family, u.prior.given, lang)), _band(u.prior, lang),
                     escape(dist_text(u.posterior.family, u.posterior.given, lang)), _band(u.posterior, lang),
                     escape(_method(u, lang)) + (f" [bold]{escape(warning)}[/bold]" if warning else "")])
    cols = [(C["u_input"], NAME), (C["u_data"], TEXT), (C["u_prior"], TEXT), (C["u_prior90"], NUM),
            (C["u_post"], TEXT), (C["u_post90"], NUM), (C["u_method"], TEXT)]
    return fit_table(escape(C["u_title"]), cols, rows, width)
