"""Rich tables of a scenario for the command line: its uncertain inputs and its base case by actor."""

from __future__ import annotations

from rich.table import Table

from somsim._text import kr
from somsim._vocab import DISPLAY_ORDER
from somsim.distributions.core import _fmt

__all__ = ["base_table", "inputs_table"]


def base_table(sc, base: dict, lang: str) -> Table:
    """The classic SØM table of the base case: gains, costs, NPV, per participant and break-even by actor.

    `base` is the ``base_case`` block of a summary document; `lang` the number format of kroner.
    """
    t = Table(title=f"Base case ({sc.price_year} prices, {sc.horizon} years, "
                    f"{sc.participants} participants)", title_justify="left")
    t.add_column("")
    order = [a for a in sc.display_order if a in base["npv"]] if hasattr(sc, "display_order") else DISPLAY_ORDER
    for a in order:
        t.add_column(a.split(":", 1)[-1], justify="right")  # a committee by its name
    for label, key in (("Gains (PV)", "gains_pv"), ("Costs (PV)", "costs_pv"), ("Net present value", "npv"),
                       ("per participant", "npv_per_participant")):
        t.add_row(label, *(kr(base[key][a], lang, compact=False) for a in order))

    def year(v):
        return "–" if v is None else str(v)

    t.add_row("Break-even year", *(year(base["break_even_year"][a]) for a in order))
    if "payback_year" in base:  # §6.6
        t.add_row("Payback year (undiscounted)", *(year(base["payback_year"][a]) for a in order))
        t.add_row("Benefit–cost ratio", *("–" if base["bcr"][a] is None else f"{base['bcr'][a]:.2f}" for a in order))
    return t


def inputs_table(sc) -> Table:
    """The uncertain inputs: name, group, distribution and point value."""
    t = Table(title=f"Uncertain inputs ({len(sc.inputs)} of {len(sc.params)} model quantities)",
              title_justify="left")
    for c in ("input", "group", "distribution", "point value"):
        t.add_column(c, justify="right" if c == "point value" else "left")
    for p in sc.inputs:
        t.add_row(p.name, p.group, p.dist.describe(), _fmt(p.dist.point))
    return t
