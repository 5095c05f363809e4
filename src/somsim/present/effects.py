"""Effects in the user's units: a consequence's shock shown as its own profile, or as % of the estimate.

A consequence with standard errors is uncertain through one standard-normal shock ``z`` per profile
(scenario-format.md §1.2: ``q[τ] + z · se[τ]``). Nobody thinks in ``z``: these functions show it as
the profile itself ("−20 døgn ±6 i år 1") and a value of ``z`` as the share of the estimated effect
it gives ("80 % of the estimate"). The share is that of the whole profile,
``Σ (q[τ] + z · se[τ]) / Σ q[τ]`` (signs aligned), which is exact for every year when the standard
errors are proportional to the estimate.
"""

from __future__ import annotations

import math

from somsim._text import pct
from somsim.present.locale import strings
from somsim.present.report.format import value

__all__ = ["effect_labels", "effect_ratio", "effect_text", "is_shock", "shock_value_text"]


def _consequence(sc, name: str):
    """The consequence whose shock is the input `name` (``consequence.KEY``), or None."""
    if not name.startswith("consequence.") or name.endswith(".scale"):
        return None
    key = name.split(".", 1)[1]
    return next((c for c in sc.consequences if c.activity.key == key and c.se), None)


def is_shock(sc, name: str) -> bool:
    """Whether input `name` is the standard-normal shock of a consequence profile."""
    return _consequence(sc, name) is not None


def effect_ratio(sc, name: str, z: float) -> float | None:
    """The effect at shock `z` as a share of the estimated effect (1 = the estimate); None if not a shock.

    Examples
    --------
    A profile of −20 with standard error 6 at ``z = −1`` is −26: 130 % of the estimate.
    """
    c = _consequence(sc, name)
    if c is None or z is None or not math.isfinite(z):
        return None
    est = sum(abs(q) for q in c.per_success)
    if est == 0:
        return None
    shift = sum(s * (1 if q >= 0 else -1) for q, s in zip(c.per_success, c.se))
    return 1 + z * shift / est


def effect_text(sc, name: str, lang: str) -> str | None:
    """The profile of a shocked consequence in its own unit: '−20 døgn ±6 i år 1 (+2 år)'; None if not a shock."""
    c = _consequence(sc, name)
    if c is None:
        return None
    E = strings(lang).CONSOLE
    first = next((i for i, q in enumerate(c.per_success) if q != 0), 0)
    q, s = c.per_success[first], c.se[first]
    unit = f" {c.activity.unit}" if c.activity.unit else ""
    more = sum(1 for x in c.per_success[first + 1:] if x != 0)
    txt = E["effect"].format(q=value(q, lang), se=value(s, lang), unit=unit, year=first + 1)
    return txt + (E["effect_more"].format(n=more) if more else "")


def shock_value_text(sc, name: str, z: float | None, lang: str) -> str | None:
    """A value of the shock of `name` as the share of the estimate it gives ('80 % af skønnet'); None if not one."""
    r = effect_ratio(sc, name, z) if z is not None else None
    if r is None:
        return None
    return strings(lang).CONSOLE["of_estimate"].format(p=pct(r, lang))


def effect_labels(sc, names, lang: str) -> dict[str, str]:
    """Row labels that show each consequence shock among `names` in its own units: 'NAME: −20 døgn ±6 i år 1'.

    For the VOI and sensitivity plots and tables, which otherwise show only input names; inputs that
    are not shocks are left out (a plot then shows their name).
    """
    out = {}
    for n in names:
        eff = effect_text(sc, n, lang)
        if eff is not None:
            out[n] = f"{n}: {eff}"
    return out
