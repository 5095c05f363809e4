"""Sentences a report can quote, in Danish or English, from a summary document.

The words are in :mod:`somsim.present.locale`; this module fills in the numbers.
"""

from __future__ import annotations

from somsim._text import kr, kr_range, number, pct, share
from somsim.present.locale import strings

__all__ = ["headline_lines", "headline_sentence", "is_reconstruction"]


def is_reconstruction(sc) -> bool:
    """Whether the scenario says it is a reconstruction (title, description or the top of the file).

    The bundled published cases say so in all three places ('REKONSTRUKTION', '– rekonstruktion af
    beregningseksemplet'); the scenario format has no key for it. A reconstruction's spreads are
    assumptions: the published case gives only point values.
    """
    text = f"{sc.title}\n{sc.description}\n{sc.text[:400]}".lower()
    return "rekonstruktion" in text or "reconstruction" in text


def headline_sentence(doc: dict, actor: str = "total", lang: str = "en", *, numbers: str = "da",
                      assumed_spreads: bool = False) -> str:
    """The headline of one actor (or the total) as one sentence.

    E.g. 'NPV, total: 4,4 mio. kr. (90 % interval 1,2–7,9 mio. kr.); 93 % chance of a positive result;
    50 % chance of break-even by year 4'.

    `numbers` is the number format of kroner and percentages ("da", the default, in both languages;
    "en" gives 'DKK 4.4 million', '93%': the English report uses it). A Danish sentence writes its
    amounts and chances in Danish format whatever `numbers` says; only its interval follows it.

    With `assumed_spreads` (a reconstruction, :func:`is_reconstruction`) a probabilistic sentence ends
    by saying so: '… — with spreads we assumed; the published case gives only a point estimate'.
    """
    loc = strings(lang)
    H, who = loc.HEADLINE, loc.WHO[actor]
    fmt = "da" if lang == "da" else numbers
    b = doc["base_case"]
    u = doc.get("uncertainty")
    if not u:
        return H["base_only"].format(who=who, v=kr(b["npv"][actor], numbers),
                                     pp=kr(b["npv_per_participant"][actor], numbers))
    s = u["npv"][actor]
    prob = u["break_even_year"][actor]["prob_by_year"]
    # the year by which break-even is at least as likely as not
    median_year = next((t for t, q in enumerate(prob) if q >= 0.5), None)
    txt = H["sentence"].format(who=who, npv=kr(b["npv"][actor], fmt), ninety=pct(0.9, fmt),
                               interval=kr_range(s["p05"], s["p95"], numbers, words=lang),
                               p=share(s["prob_positive"], fmt))
    if median_year is not None:
        txt += H["be_by"].format(p=share(prob[median_year], fmt), t=median_year)
    else:
        txt += H["be_none"].format(fifty=pct(0.5, fmt), h=len(prob))
    return txt + (H["assumed_spreads"] if assumed_spreads else "")


def headline_lines(doc: dict, lang: str = "en", *, assumed_spreads: bool = False) -> list[str]:
    """The headline for the total and for the perspective actor (when it is not the total), then the run.

    `assumed_spreads`: the scenario is a reconstruction (see :func:`headline_sentence`).
    """
    persp = doc.get("perspective", "total")
    actors = ["total"] + ([persp] if persp != "total" else [])
    lines = [headline_sentence(doc, a, lang, numbers=lang, assumed_spreads=assumed_spreads) for a in actors]
    u = doc.get("uncertainty")
    if u:
        lines.append(strings(lang).HEADLINE["run"].format(n=number(doc["draws"], 0, lang), sampler=doc["sampler"],
                                                          seed=doc["seed"], mc=kr(u["npv"]["total"]["mcse"], lang)))
    return lines
