"""The report's method notes: what SØM counts and what it does not, how uncertainty enters, what is assumed."""

from __future__ import annotations

from somsim._text import kr, number, pct
from somsim.present.locale import strings
from somsim.present.report.format import is_reconstruction
from somsim.scenario.loader import Scenario

__all__ = ["method_notes"]


def method_notes(sc: Scenario, doc: dict, counts: dict, lang: str, plan_info: dict) -> list[dict[str, str]]:
    """The method notes as ``{"head", "text"}`` pairs, in reading order.

    Parameters
    ----------
    sc : Scenario
        The scenario (discount rate, lag, participants, price year).
    doc : dict
        Its summary document; the note on uncertainty appears only after a probabilistic run.
    counts : dict
        :func:`somsim.present.tables.assumption_counts` of the inputs.
    lang : str
        "da" or "en".
    plan_info : dict
        ``band_draws``: the draws behind the yearly bands.
    """
    loc = strings(lang)
    words = loc.METHOD_PHRASES
    r = sc.discount_rate
    rate = pct(r.point, lang, 1) if r.is_fixed else f"{r.describe()} ({words['point']} {pct(r.point, lang, 1)})"
    lag = sc.consequence_lag
    when = words["when_lag0"] if lag == 0 else words["when_lag"].format(lag=lag)
    fill = {
        "when": when, "rate": rate, "y": sc.price_year, "participants": sc.participants,
        "recon": words["recon"] if is_reconstruction(sc) else "", **counts,
        "both": words["both"].format(n=counts["sourced_assumed"]) if counts.get("sourced_assumed") else "",
    }
    keys = ["what", "not", "effect", "discount"]
    u = doc.get("uncertainty")
    if u:
        keys.append("uncertainty")
        fill.update(n=number(doc["draws"], 0, lang), sampler=doc["sampler"], seed=doc["seed"],
                    mcse=kr(u["npv"]["total"]["mcse"], lang),
                    band=number(plan_info.get("band_draws") or 0, 0, lang))
    keys += ["not_covered", "assumed"]
    return [{"head": loc.METHOD[k][0], "text": loc.METHOD[k][1].format(**fill)} for k in keys]
