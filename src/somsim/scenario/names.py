"""How the model's quantities are named and grouped (scenario-format.md §2, "Inputs").

Every quantity of the model is an :class:`~somsim.scenario.types.Input`, named by its place:
``success_rate``, ``discount_rate``, ``cost.<slug>``, ``consequence.<activity>`` (the profile's
shared shock), ``consequence.<activity>.scale`` and ``price.<activity>.<actor>``.
"""

from __future__ import annotations

import re

from somsim._vocab import ACTORS, PARAM_DISCOUNT, PARAM_ROLES, PARAM_SUCCESS
from somsim.distributions.core import Distribution, fixed
from somsim.scenario.types import Consequence, Cost, Input, Rates

__all__ = ["DEFAULT_GROUPS", "model_inputs", "slugify"]

#: the groups every input belongs to unless [groups] says otherwise
DEFAULT_GROUPS = ("effect", "prices", "costs", "discounting")


def _shock() -> Distribution:
    """The shared shock of a consequence profile with standard errors: z ~ N(0, 1)."""
    return Distribution("normal", (("mean", 0.0), ("sd", 1.0)), (0.0, 1.0), 0.0)


def slugify(name: str) -> str:
    """The contract's name slug: lower case, æ→ae ø→oe å→aa, other runs of characters → '-'.

    Parameters
    ----------
    name : str
        A cost's name, such as ``"Løn og drift"``.

    Returns
    -------
    str
        Its slug, such as ``"loen-og-drift"`` (empty when the name has no letters or digits).
    """
    s = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def model_inputs(rates: Rates, discount: Distribution, costs: list[Cost],
                 consequences: list[Consequence]) -> tuple[Input, ...]:
    """Every quantity of the model, fixed or uncertain, in model order.

    Parameters
    ----------
    rates : Rates
        The success rate (or gross and baseline), haircut and completion rate (§6.1–6.3).
    discount : Distribution
        The discount rate.
    costs : list of Cost
        The costs, in file order.
    consequences : list of Consequence
        The consequences, in file order.

    Returns
    -------
    tuple of Input
        The roles of :data:`somsim._vocab.PARAM_ROLES` first (success or gross rate, baseline
        rate, haircut, completion rate, discount rate: fixed 0, 0 and 1 when the file does not
        give the last three, so they are not inputs), then one input per cost, then per
        consequence its shock, its scale and its price for each actor.
    """
    if rates.baseline is not None:
        first = [Input("success_rate.gross", rates.success, "effect", "gross success rate (with the intervention)"),
                 Input("success_rate.baseline", rates.baseline, "effect", "baseline success rate (without it)")]
    else:
        first = [Input("success_rate", rates.success, "effect", "net success rate"),
                 Input("success_rate.baseline", fixed(0.0), "effect", "baseline success rate (none: a net rate)")]
    ps = [*first,
          Input("success_rate.haircut", rates.haircut, "effect", "evidence haircut of the net effect"),
          Input("completion_rate", rates.completion, "costs", "share of starters who complete"),
          Input("discount_rate", discount, "discounting", "discount rate")]
    assert [PARAM_ROLES[i] for i in (PARAM_SUCCESS, PARAM_DISCOUNT)] == ["success", "discount"]
    for c in costs:
        kind = "per participant" if c.per_participant is not None else "amount per year"
        ps.append(Input(f"cost.{c.slug}", c.value, "costs", f"{c.name} ({c.actor}, {kind})"))
    for q in consequences:
        k, title = q.activity.key, q.activity.title
        shock = _shock() if q.se is not None and any(q.se) else fixed(0.0)
        ps.append(Input(f"consequence.{k}", shock, "effect", f"shared shock z of the {title} consequence profile"))
        ps.append(Input(f"consequence.{k}.scale", q.scale if q.scale is not None else fixed(1.0), "effect",
                        f"multiplier of the {title} consequence profile"))
        for a in ACTORS:
            f = q.price_factor.get(a, 1.0) if a in q.price else 1.0  # an actor without a price pays 0 in every year
            ps.append(Input(f"price.{k}.{a}", q.price.get(a, fixed(0.0)), "prices",
                            f"{title}, price per {q.activity.unit or 'unit'} for {a}", factor=f,
                            written_year=q.activity.price_year if f != 1.0 else None))
    return tuple(ps)
