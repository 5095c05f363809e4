"""§6 notes printed beside a headline: the haircut in use, base case vs mean vs median, few expected successes.

The words are in :mod:`somsim.present.locale` (``S6_NOTES``); this module fills in the numbers.
"""

from __future__ import annotations

import math

from somsim._text import kr, number, share
from somsim.present.locale import strings
from somsim.present.report.format import dist_text

__all__ = ["base_mean_median", "few_successes", "haircut_note", "small_success_chances"]

#: below this many expected successes (and without stochastic cohorts) the chance of few successes is shown
FEW_SUCCESSES = 10.0


def haircut_note(sc, lang: str) -> str:
    """Where the evidence haircut in use came from: the evidence level's default, the file, or none."""
    N, r = strings(lang).S6_NOTES, sc.rates
    h = r.haircut
    if r.haircut_source == "evidence":
        return N["haircut_evidence"].format(level=r.evidence, dist=dist_text(h.family, h.given, lang),
                                            point=number(h.point, 2, lang))
    if r.haircut_source == "haircut":
        return N["haircut_file"].format(dist=dist_text(h.family, h.given, lang), point=number(h.point, 2, lang))
    return N["haircut_none"]


def base_mean_median(doc: dict, actor: str, lang: str) -> str | None:
    """The base case, the mean and the median of one actor's NPV side by side, with why they differ."""
    u = doc.get("uncertainty")
    if not u:
        return None
    b, s = doc["base_case"]["npv"][actor], u["npv"][actor]
    return strings(lang).S6_NOTES["bmm"].format(who=strings(lang).WHO[actor], base=kr(b, lang),
                                                mean=kr(s["mean"], lang), median=kr(s["p50"], lang))


def small_success_chances(n: int, s: float) -> tuple[float, float, float]:
    """(expected successes n·s, P(X = 0), P(X < n·s / 2)) for X ~ Binomial(n, s).

    Computed term by term in logs (the few terms below n·s / 2 < 5), so that ``check`` needs no scipy.
    """
    e = n * s
    below_half = math.ceil(e / 2) - 1  # the largest whole number below e / 2

    def pmf(i: int) -> float:
        if s >= 1.0:
            return 1.0 if i == n else 0.0
        log = math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
        return math.exp(log + (i * math.log(s) if i else 0.0) + (n - i) * math.log1p(-s))

    p_zero = pmf(0)
    p_few = math.fsum(pmf(i) for i in range(below_half + 1)) if below_half >= 0 else 0.0
    return e, p_zero, p_few


def few_successes(sc, lang: str) -> str | None:
    """§6.6 the note on few expected successes (Σ n_c · s < 10 and deterministic cohorts), or None.

    The chances are those of X ~ Binomial(Σ n_c, s) with s the effective net rate at its point value
    (the successes of all cohorts together, independent given s); with gross and baseline rates this
    treats the net rate as one binomial probability, an approximation.
    """
    s = sc.rates.effective_point
    if sc.stochastic_cohorts or not 0 < s <= 1:
        return None
    e, p_zero, p_few = small_success_chances(sc.participants, s)
    if e >= FEW_SUCCESSES:
        return None
    return strings(lang).S6_NOTES["few"].format(e=f"{e:.1f}".replace(".", "," if lang == "da" else "."),
                                             p0=share(p_zero, lang), pf=share(p_few, lang))
