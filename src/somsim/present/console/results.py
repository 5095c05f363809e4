"""Tables of a scenario for the command line: its uncertain inputs and its base case by actor, in one language."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from somsim._text import kr, number
from somsim._vocab import DISPLAY_ORDER
from somsim.present.console.fit import NAME, NUM, TEXT, fit_table
from somsim.present.effects import effect_text
from somsim.present.locale import strings
from somsim.present.report.format import dist_text, value
from somsim.present.tables import actor_label, group_label

__all__ = ["base_table", "inputs_table"]


def base_table(sc, base: dict, lang: str, width: int = 80) -> list[Any]:
    """The classic SØM table of the base case: gains, costs, NPV, per participant and break-even by actor.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    base : dict
        The ``base_case`` block of a summary document.
    lang : {"da", "en"}
        Language and number format.
    width : int
        The width to fit (see :func:`~somsim.present.console.fit.fit_table`).

    Returns
    -------
    list
        Rich renderables to print in order.
    """
    C = strings(lang).CONSOLE
    order = [a for a in getattr(sc, "display_order", DISPLAY_ORDER) if a in base["npv"]]

    def year(v):
        return "–" if v is None else str(v)

    rows = [[C[key], *(kr(base[key][a], lang, compact=False) for a in order)]
            for key in ("gains_pv", "costs_pv", "npv", "npv_per_participant")]
    rows.append([C["break_even_year"], *(year(base["break_even_year"][a]) for a in order)])
    if "payback_year" in base:  # §6.6
        rows.append([C["payback_year"], *(year(base["payback_year"][a]) for a in order)])
        rows.append([C["bcr"], *("–" if base["bcr"][a] is None else number(base["bcr"][a], 2, lang) for a in order)])
    title = C["base_title"].format(y=sc.price_year, h=sc.horizon, n=sc.participants)
    return fit_table(title, [("", NAME), *((actor_label(a, lang), NUM) for a in order)], rows, width)


def input_distribution(sc, p, lang: str) -> str:
    """An input's distribution as the user reads it: a consequence's shock as its own profile."""
    eff = effect_text(sc, p.name, lang)
    if eff is not None:
        return eff
    d = p.used  # shown = used: a price in the scenario's price year (§6.7)
    text = dist_text(d.family, d.given, lang)
    if p.converted:
        C = strings(lang).CONSOLE
        text += " " + C["as_written"].format(dist=dist_text(p.dist.family, p.dist.given, lang), year=p.written_year)
    return text


def inputs_table(sc, lang: str = "da", width: int = 80) -> list[Any]:
    """The uncertain inputs by group (a heading row per group): name, distribution (an effect in its own unit), point.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    lang : {"da", "en"}
        Language and number format.
    width : int
        The width to fit.

    Returns
    -------
    list
        Rich renderables to print in order.
    """
    C = strings(lang).CONSOLE
    rows: list[list[str]] = []
    sections: list[int] = []
    for g in dict.fromkeys(p.group for p in sc.inputs):
        if rows:
            sections.append(len(rows))
        rows.append([f"[italic]{escape(group_label(g, lang))}[/italic]", "", ""])
        for p in (p for p in sc.inputs if p.group == g):
            point = "–" if effect_text(sc, p.name, lang) is not None else value(float(p.used.point), lang)
            rows.append(["  " + escape(p.name), escape(input_distribution(sc, p, lang)), point])
    title = C["inputs_title"].format(n=len(sc.inputs), m=len(sc.params)) + C["inputs_prices"].format(y=sc.price_year)
    cols = [(C["c_input"], NAME), (C["c_dist"], TEXT), (C["c_point"], NUM)]
    return fit_table(title, cols, rows, width, sections=sections)
