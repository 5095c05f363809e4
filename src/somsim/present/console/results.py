"""Rich tables of a scenario for the command line: its uncertain inputs and its base case by actor."""

from __future__ import annotations

from rich.table import Table

from somsim._text import kr
from somsim._vocab import DISPLAY_ORDER

__all__ = ["base_table", "inputs_table"]


def base_table(sc, base: dict, lang: str) -> Table:
    """The classic SØM table of the base case: gains, costs, NPV, per participant and break-even by actor.

    `base` is the ``base_case`` block of a summary document; `lang` the number format of kroner.
    """
    t = Table(title=f"Base case ({sc.price_year} prices, {sc.horizon} years, "
                    f"{sc.participants} participants)", title_justify="left")
    t.add_column("")
    for a in DISPLAY_ORDER:
        t.add_column(a, justify="right")
    for label, key in (("Gains (PV)", "gains_pv"), ("Costs (PV)", "costs_pv"), ("Net present value", "npv"),
                       ("per participant", "npv_per_participant")):
        t.add_row(label, *(kr(base[key][a], lang, compact=False) for a in DISPLAY_ORDER))
    t.add_row("Break-even year", *("–" if base["break_even_year"][a] is None else str(base["break_even_year"][a])
                                   for a in DISPLAY_ORDER))
    return t


def inputs_table(sc) -> Table:
    """The uncertain inputs: name, group, distribution and point value as used (prices in the scenario's price year).

    A price written in another year is shown converted, with the value as written beside it
    (shown = used, scenario-format.md §6.7).
    """
    t = Table(title=f"Uncertain inputs ({len(sc.inputs)} of {len(sc.params)} model quantities; "
                    f"amounts in {sc.price_year} prices)", title_justify="left")
    cols = ["input", "group", "distribution", "point value"]
    converted = any(p.converted for p in sc.inputs)
    if converted:
        cols.append("as written")
    for c in cols:
        t.add_column(c, justify="right" if c == "point value" else "left")
    for p in sc.inputs:
        d = p.used
        row = [p.name, p.group, d.describe(), f"{d.point:.10g}"]
        if converted:
            row.append(f"{p.dist.describe()} in {p.written_year} prices (× {p.factor:.6g})" if p.converted else "")
        t.add_row(*row)
    return t
