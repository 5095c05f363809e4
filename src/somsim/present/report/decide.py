"""The report's decision sections: a comparison with other options, and what the local data changed.

Both are optional and return None when there is nothing to show. They take what
:mod:`somsim.decide` computes — the ``somsim.compare/1`` document of :func:`somsim.decide.compare.document`
(with the per-draw difference of the first two options, for the plot) and the
:class:`somsim.decide.update.Update` of a scenario with ``[[observation]]`` entries (with the summaries
of a run on the prior and on the posterior) — and return blocks for the template: ``{"kind":
"text"|"note"|"warning"|"table"|"figure", …}``. The words are in :mod:`somsim.present.locale`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from somsim._text import kr, number, share
from somsim.decide.update import ESS_WARN
from somsim.present import tables as TB
from somsim.present.locale import strings
from somsim.present.report.format import figure, observed_text, sig, table, value, value_range

__all__ = ["comparison_section", "local_data_section"]

MAX_EVPPI_ROWS = 8


def _who(lang: str, perspective: str) -> str:
    return strings(lang).WHO.get(perspective, perspective)


def comparison_section(doc: dict, diff: np.ndarray | None, lang: str, *,
                       labels: dict[str, str] | None = None) -> dict[str, Any] | None:
    """The comparison section: P(best), expected loss, the difference bands, EVPI/EVPPI of the choice, the plot.

    Parameters
    ----------
    doc : dict
        The comparison (schema ``somsim.compare/1``).
    diff : array, optional
        The difference of the first two options' NPV (perspective) in each draw, for the plot.
    lang : str
        "da" or "en".
    labels : dict, optional
        Input name → how the report names it (for the EVPPI table).

    Returns
    -------
    dict or None
        ``title`` and ``blocks``; None without a comparison.
    """
    if not doc:
        return None
    t = strings(lang).REPORT
    dec = doc["decision"]
    persp = dec["perspective"]
    who = _who(lang, persp)
    years = sorted({o["scenario"]["price_year"] for o in doc["options"].values() if o["scenario"]})

    def name(label: str) -> str:
        return t["cmp_nothing"] if doc["options"][label]["scenario"] is None else label

    blocks: list[dict[str, Any]] = [{"kind": "text", "text": t["cmp_intro"].format(n=number(doc["draws"], 0, lang),
                                                                                   who=who)}]
    shared, not_shared = doc["inputs"]["shared"], doc["inputs"]["not_shared"]
    if shared:
        blocks.append({"kind": "note", "text": t["cmp_shared"].format(names=", ".join(shared))})
    if not_shared:
        blocks.append({"kind": "note", "text": t["cmp_not_shared"].format(names=", ".join(not_shared))})
    if len(years) > 1:
        blocks.append({"kind": "warning", "text": t["cmp_price_years"].format(y=", ".join(map(str, years)))})
    rows = []
    for label, o in doc["options"].items():
        b = o["npv"][persp]
        rows.append([name(label), kr(b["mean"], lang), kr(b["p05"], lang), kr(b["p95"], lang),
                     share(b["prob_positive"], lang), share(dec["prob_best"][label], lang),
                     kr(dec["expected_loss"][label], lang)])
    head = [t["c_option"], t["c_mean"], t["c_p05"], t["c_p95"], t["c_ppos"], t["c_pbest"], t["c_loss"]]
    blocks.append({"kind": "table", "table": table(t["tab_cmp"].format(who=who, y=years[0] if years else ""),
                                                   head, rows, {1, 2, 3, 4, 5, 6}, note=t["cmp_note"],
                                                   cls="t-cmp")})
    best = dec["best_on_average"]
    blocks.append({"kind": "text", "text": t["cmp_best"].format(best=name(best), p=share(dec["prob_best"][best], lang),
                                                                v=kr(dec["evpi"], lang), se=kr(dec["evpi_se"], lang))})
    drows = []
    for pr in doc["pairs"]:
        b = pr["difference"][persp]
        drows.append([f"{name(pr['first'])} − {name(pr['second'])}", kr(b["mean"], lang), kr(b["p05"], lang),
                      kr(b["p95"], lang), share(pr["prob_first_better"], lang)])
    blocks.append({"kind": "table", "table": table(t["tab_diff"].format(who=who),
                                                   [t["c_pair"], t["c_mean"], t["c_p05"], t["c_p95"],
                                                    t["c_first_better"]], drows, {1, 2, 3, 4}, cls="t-diff")})
    if doc.get("evppi"):
        lab = labels or {}
        erows = [[lab.get(k, k), kr(v["value"], lang)] for k, v in list(doc["evppi"].items())[:MAX_EVPPI_ROWS]]
        blocks.append({"kind": "table", "table": table(t["tab_cmp_evppi"], [t["c_input"], "EVPPI"], erows, {1},
                                                       note=t["cmp_evppi_note"], cls="t-cmp-evppi")})
    if diff is not None and len(diff):
        blocks.append({"kind": "figure", "fig": _plot(doc, diff, lang, name, years)})
    return {"id": "comparison", "title": t["s_cmp"], "blocks": blocks}


def _plot(doc: dict, diff: np.ndarray, lang: str, name, years: list[int]) -> dict:
    from somsim.present.plots import new_figure
    from somsim.present.plots.decide import plot_difference, plot_prob_best

    t = strings(lang).REPORT
    first, second = list(doc["options"])[:2]
    fig, axes = new_figure(8.0, 8.4, nrows=2)
    plot_prob_best(doc, ax=axes[0], lang=lang)
    plot_difference(diff, name(first), name(second), ax=axes[1], lang=lang,
                    price_year=years[0] if len(years) == 1 else None)
    a, b = name(first), name(second)
    return figure(fig, t["alt_cmp"].format(a=a, b=b), t["cap_cmp"].format(a=a, b=b), "fig-compare")


def _npv_row(label: str, doc: dict, persp: str, lang: str) -> list[str]:
    u = (doc.get("uncertainty") or {}).get("npv", {}).get(persp)
    base = kr(doc["base_case"]["npv"][persp], lang)
    if not u:
        return [label, base]
    return [label, base, kr(u["mean"], lang), kr(u["p05"], lang), kr(u["p50"], lang), kr(u["p95"], lang),
            share(u["prob_positive"], lang)]


def _mean_band(d, lang: str) -> str:
    lo, hi = (float(v) for v in d.ppf(np.array([0.05, 0.95])))
    return f"{value(sig(d.mean(), 3), lang)} ({value_range(lo, hi, lang, 3)})"


def local_data_section(sc, update, prior_doc: dict | None, post_doc: dict, lang: str) -> dict[str, Any] | None:
    """The "what the local data changed" section: NPV and P(NPV > 0) on the prior and on the posterior, and the inputs.

    Parameters
    ----------
    sc : Scenario
        The scenario with the posterior (what the rest of the report shows).
    update : somsim.decide.update.Update
        How the local data changed the inputs.
    prior_doc, post_doc : dict
        The summary documents of the same run (draws, seed) on the prior and on the posterior.
    lang : str
        "da" or "en".

    Returns
    -------
    dict or None
        ``title`` and ``blocks``; None when the scenario has no local data.
    """
    if update is None or not update.inputs:
        return None
    t = strings(lang).REPORT
    persp = sc.perspective
    who = _who(lang, persp)
    n_obs = sum(len(u.observations) for u in update.inputs)
    blocks: list[dict[str, Any]] = [{"kind": "text", "text": t["local_intro"].format(
        n=n_obs, names=", ".join(u.name for u in update.inputs))}]
    for u in update.inputs:
        if u.warning:
            blocks.append({"kind": "warning", "text": t["local_warn"].format(
                name=u.name, ess=number(u.ess or 0, 1, lang), d=number(u.draws or 0, 0, lang))})
    if prior_doc is not None:
        uncertain = bool(post_doc.get("uncertainty")) and bool(prior_doc.get("uncertainty"))
        head = [""] + [t["c_base"]] + ([t["c_mean"], t["c_p05"], t["c_p50"], t["c_p95"], t["c_ppos"]] if uncertain
                                       else [])
        rows = [_npv_row(t["local_before"], prior_doc, persp, lang), _npv_row(t["local_after"], post_doc, persp, lang)]
        cap = (t["tab_local_npv"] if uncertain else t["tab_local_npv_base"]).format(who=who, y=sc.price_year)
        note = t["local_npv_note"].format(n=number(post_doc.get("draws") or 0, 0, lang),
                                          seed=post_doc.get("seed")) if uncertain else None
        blocks.append({"kind": "table", "table": table(cap, head, rows, set(range(1, len(head))), note=note,
                                                       cls="t-local-npv")})
    labels = TB.input_labels(sc, lang)
    rows = []
    resampled = False
    for u in update.inputs:
        how = t["local_conj"] if u.ess is None else t["local_resampled"].format(d=number(u.draws or 0, 0, lang))
        resampled |= u.ess is not None
        seen = "; ".join(observed_text(o, lang) for o in u.observations)
        rows.append([f"{labels.get(u.name, u.name)} ({u.name})", seen,
                     _mean_band(u.prior, lang), _mean_band(u.posterior, lang), how,
                     "–" if u.ess is None else number(u.ess, 0, lang)])
    note = t["local_ess_note"].format(w=number(ESS_WARN, 0, lang)) if resampled else None
    blocks.append({"kind": "table", "table": table(t["tab_local_inputs"], [t["c_input"], t["c_data"], t["c_prior"],
                                                                            t["c_post"], t["c_how"], t["c_ess"]],
                                                   rows, {2, 3, 5}, note=note, cls="t-local-inputs")})
    return {"id": "local-data", "title": t["s_local"], "blocks": blocks}

