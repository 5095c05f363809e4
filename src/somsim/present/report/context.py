"""Everything the report's template shows, assembled from one builder per section."""

from __future__ import annotations

from typing import Any

import numpy as np

from somsim._text import number
from somsim.present.locale import LANGS
from somsim.present.report.format import is_reconstruction
from somsim.present.report.method import method_notes
from somsim.present.report.sections import (
    Page,
    about_section,
    committees_section,
    header_section,
    inputs_section,
    provenance_section,
    tables_section,
    time_section,
    uncertainty_section,
    where_section,
)
from somsim.present.report.sensitivity import sensitivity_blocks
from somsim.scenario.loader import Scenario

__all__ = ["report_context"]


def report_context(sc: Scenario, doc: dict, *, lang: str = "da", npv_draws: np.ndarray | None = None,
                   analyses: dict[str, Any] | None = None, plan_info: dict | None = None,
                   created: str | None = None, decide: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the template shows, as text and images (no HTML: the template escapes it).

    Parameters
    ----------
    sc : Scenario
        The scenario.
    doc : dict
        Its summary document (``summary.json`` as a dict).
    lang : str
        "da" or "en".
    npv_draws : (draws, 4) array, optional
        The NPV of every draw by actor and in total: the histograms need them.
    analyses : dict, optional
        Sensitivity and value-of-information results (:mod:`somsim.present.report.analyses`).
    plan_info : dict, optional
        ``band_draws``: the draws behind the yearly bands.
    created : str, optional
        The creation time shown (default: now, UTC).
    decide : dict, optional
        The decision sections (:mod:`~somsim.present.report.decide`): ``comparison`` and ``local`` (each a
        ``{"id", "title", "blocks"}`` or None).
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'da' or 'en' (got {lang!r})")
    p = Page(sc, doc, lang)
    t = p.t
    time_figs, notes_time = time_section(p)
    unc_figs = uncertainty_section(p, npv_draws)
    where_figs, where_table = where_section(p)
    sens = sensitivity_blocks(sc, doc, analyses or {}, lang)
    inputs = inputs_section(p)
    ctx: dict[str, Any] = {
        "lang": lang, "t": t, "title": sc.title, "scenario_id": sc.id, "reconstruction": is_reconstruction(sc),
        **header_section(p), **about_section(p),
        "uncertain": bool(p.u), "figs": {"time": time_figs, "unc": unc_figs, "where": where_figs, "sens": []},
        "notes_time": notes_time,
        "unc_intro": t["unc_intro"].format(n=number(doc["draws"], 0, lang)),
        "where_intro": t["where_intro"].format(y=sc.price_year), "where_table": where_table,
        "tables": tables_section(p), "sens": sens, "committees": committees_section(p),
        "inputs": inputs["inputs"], "cons": inputs["cons"], "corr": inputs["corr"],
        "method": method_notes(sc, doc, inputs["counts"], lang, plan_info or {}), "sources": list(sc.sources),
        "provenance": provenance_section(p, created), "scenario_text": sc.text,
        "footer": t["footer"].format(v=doc.get("somsim_version", "")),
    }
    ctx["local"] = (decide or {}).get("local")
    ctx["comparison"] = (decide or {}).get("comparison")
    ctx["sections"] = _contents(ctx)
    return ctx


def _contents(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    """The table of contents: (anchor, heading) of every section shown."""
    t, figs = ctx["t"], ctx["figs"]
    sections = [("about", t["s_about"])]
    if figs["time"]:
        sections.append(("time", t["s_time"]))
    if figs["unc"]:
        sections.append(("uncertainty", t["s_unc"]))
    if ctx["local"]:
        sections.append((ctx["local"]["id"], ctx["local"]["title"]))
    sections.append(("where", t["s_where"]))
    if ctx["committees"]:
        sections.append(("committees", t["s_committees"]))
    sections.append(("tables", t["s_tables"]))
    if ctx["comparison"]:
        sections.append((ctx["comparison"]["id"], ctx["comparison"]["title"]))
    if ctx["sens"]:
        sections.append(("sensitivity", t["s_sens"]))
    sections += [("inputs", t["s_inputs"]), ("method", t["s_method"]), ("sources", t["s_sources"]),
                 ("provenance", t["s_prov"])]
    return sections
