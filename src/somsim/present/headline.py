"""Sentences a report can quote, in Danish or English, from a summary document."""

from __future__ import annotations

from somsim._text import kr, kr_range, number, pct, share

__all__ = ["headline_lines", "headline_sentence"]

_ACTOR = {"da": {"total": "i alt", "kommune": "kommunen", "region": "regionen", "stat": "staten"},
          "en": {"total": "total", "kommune": "kommune", "region": "region", "stat": "stat"}}


def headline_sentence(doc: dict, actor: str = "total", lang: str = "en", *, numbers: str = "da") -> str:
    """E.g. 'NPV, total: 4,4 mio. kr. (90 % interval 1,2–7,9 mio. kr.); 93 % chance of a positive result;
    50 % chance of break-even by year 4'.

    `numbers` is the number format of kroner and percentages ("da", the default, in both languages;
    "en" gives 'DKK 4.4 million', '93%': the English report uses it)."""
    b = doc["base_case"]
    u = doc.get("uncertainty")
    who = _ACTOR[lang][actor]
    if not u:
        v = kr(b["npv"][actor], numbers)
        pp = kr(b["npv_per_participant"][actor], numbers)
        if lang == "da":
            return f"Nettonutidsværdi, {who}: {v} ({pp} pr. deltager; basisberegning uden usikkerhed)"
        return f"NPV, {who}: {v} ({pp} per participant; base case, no uncertainty)"
    s = u["npv"][actor]
    p = s["prob_positive"]
    prob = u["break_even_year"][actor]["prob_by_year"]
    # the year by which break-even is at least as likely as not
    median_year = next((t for t, q in enumerate(prob) if q >= 0.5), None)
    interval = kr_range(s["p05"], s["p95"], numbers, words=lang)
    if lang == "da":
        txt = (f"Nettonutidsværdi, {who}: {kr(b['npv'][actor], 'da')} (90 %-interval {interval}); "
               f"{share(p, 'da')} sandsynlighed for et positivt resultat")
        if median_year is not None:
            txt += f"; {share(prob[median_year], 'da')} sandsynlighed for break-even senest i år {median_year}"
        else:
            txt += f"; under 50 % sandsynlighed for break-even inden for {len(prob)} år"
        return txt
    ninety, fifty = pct(0.9, numbers), pct(0.5, numbers)
    txt = (f"NPV, {who}: {kr(b['npv'][actor], numbers)} ({ninety} interval {interval}); "
           f"{share(p, numbers)} chance of a positive result")
    if median_year is not None:
        txt += f"; {share(prob[median_year], numbers)} chance of break-even by year {median_year}"
    else:
        txt += f"; less than {fifty} chance of break-even within {len(prob)} years"
    return txt


def headline_lines(doc: dict, lang: str = "en") -> list[str]:
    """The headline for the total and for the perspective actor (when it is not the total)."""
    persp = doc.get("perspective", "total")
    actors = ["total"] + ([persp] if persp != "total" else [])
    lines = [headline_sentence(doc, a, lang) for a in actors]
    u = doc.get("uncertainty")
    if u:
        mc = u["npv"]["total"]["mcse"]
        n = doc["draws"]
        if lang == "da":
            lines.append(f"({number(n, 0, 'da')} træk, {doc['sampler']}, seed {doc['seed']}; Monte Carlo-fejl på "
                         f"middelværdien {kr(mc, 'da')})")
        else:
            lines.append(f"({n:,} draws, {doc['sampler']} sampler, seed {doc['seed']}; Monte Carlo error of the "
                         f"mean {kr(mc, 'da')})")
    return lines
