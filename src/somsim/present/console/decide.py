"""Rich tables and sentences of a comparison of options and of a portfolio, for the command line."""

from __future__ import annotations

from typing import Any, Literal

from rich import box
from rich.markup import escape
from rich.table import Table

from somsim._text import kr, kr_range, number, pct
from somsim.present.locale import strings

__all__ = ["compare_tables", "portfolio_tables", "update_table"]

Justify = Literal["left", "center", "right"]



def compare_tables(doc: dict, top: int = 10, lang: str = "da") -> list[Any]:
    """What to print of a comparison document (``somsim.compare/1``): sentences and tables."""
    dec = doc["decision"]
    persp = dec["perspective"]
    req = dec["required_return"]
    out: list[Any] = [
        f"[bold]Comparison of {len(doc['options'])} options[/bold] — perspective {persp}, "
        f"{number(doc['draws'], 0, lang)} draws (seed {doc['seed']})"
        + (", common random numbers for the shared inputs" if doc["common_random_numbers"] else ", independent draws")
        + (f", required return {number(req, 2, lang)} kr. per krone of cost" if req else ""),
    ]
    t = Table(title=f"NPV ({persp}) by option", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    cols: tuple[tuple[str, Justify], ...] = (
        ("option", "left"), ("base case", "right"), ("mean", "right"), ("90 % interval", "right"),
        ("P(NPV > 0)", "right"), ("P(best)", "right"), ("expected loss", "right"))
    for c, j in cols:
        t.add_column(c, justify=j)
    for label, o in doc["options"].items():
        b = o["npv"][persp]
        t.add_row(escape(label), kr(o["base_case"]["npv"][persp], lang), kr(b["mean"], lang),
                  kr_range(b["p05"], b["p95"], lang), pct(b["prob_positive"], lang), pct(dec["prob_best"][label], lang),
                  kr(dec["expected_loss"][label], lang))
    out.append(t)
    p = Table(title="Differences (first − second), same draws", title_justify="left", box=box.SIMPLE_HEAD,
              pad_edge=False)
    pcols: tuple[tuple[str, Justify], ...] = (("first", "left"), ("second", "left"), ("mean", "right"),
                                              ("90 % interval", "right"), ("P(first better)", "right"))
    for c, j in pcols:
        p.add_column(c, justify=j)
    for pair in doc["pairs"]:
        d = pair["difference"][persp]
        p.add_row(escape(pair["first"]), escape(pair["second"]), kr(d["mean"], lang),
                  kr_range(d["p05"], d["p95"], lang), pct(pair["prob_first_better"], lang))
    out.append(p)
    out.append(f"On current information choose [bold]{escape(dec['best_on_average'])}[/bold]. EVPI of the choice = "
               f"{kr(dec['evpi'], lang)} (± {kr(dec['evpi_se'], lang)}): the expected loss of that choice, the most "
               "that knowing every input before choosing is worth.")
    if doc["evppi"]:
        e = Table(title="Which inputs could change the ranking: EVPPI of the choice", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
        ecols: tuple[tuple[str, Justify], ...] = (("input", "left"), ("EVPPI kr.", "right"), ("± bound", "right"))
        for c, j in ecols:
            e.add_column(c, justify=j)
        for name, r in list(doc["evppi"].items())[:top]:
            e.add_row(escape(name), kr(r["value"], lang, unit=False), kr(r["se_bound"], lang, unit=False))
        out.append(e)
    for name, why in doc["inputs"]["not_shared"].items():
        out.append(f"note: {escape(name)}: {escape(why)}")
    out += [f"note: {escape(n)}" for n in doc["notes"]]
    return out


def portfolio_tables(doc: dict, lang: str = "da") -> list[Any]:
    """What to print of a portfolio document (``somsim.portfolio/1``)."""
    budget = doc["budget"]
    shown = kr(budget[0], lang) if len(budget) == 1 else ", ".join(kr(b, lang) for b in budget)
    best = doc["best"]
    out: list[Any] = [
        f"[bold]Portfolio under a budget of {shown}[/bold] — cost {doc['cost_basis']} for {doc['actor']}, "
        f"NPV for {doc['perspective']}, {number(doc['draws'], 0, lang)} draws",
    ]
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    qcols: tuple[tuple[str, Justify], ...] = (("option", "left"), ("cost", "right"), ("mean NPV", "right"),
                                              ("in best portfolio", "center"),
                                              ("P(in the best portfolio of a draw)", "right"))
    for c, j in qcols:
        t.add_column(c, justify=j)
    for label, o in doc["options"].items():
        t.add_row(escape(label), kr(sum(o["cost"]), lang), kr(o["mean_npv"], lang), "✓" if o["chosen"] else "",
                  pct(o["prob_in_best"], lang))
    out.append(t)
    out.append(f"Best portfolio: {escape(', '.join(best['options']) or '(none)')}; cost {kr(sum(best['cost']), lang)}, "
               f"expected NPV {kr(best['mean_npv'], lang)} (90 % interval {kr_range(best['p05'], best['p95'], lang)}), "
               f"P(NPV < 0) = {pct(best['prob_negative'], lang)}.")
    out += [f"note: {escape(n)}" for n in doc["notes"]]
    return out


def update_table(upd, lang: str = "da", width: int = 80) -> list[Any]:
    """Prior and posterior of each input that local data ([[observation]]) updated, side by side.

    Laid out by :func:`~somsim.present.console.fit.fit_table` (names never cut); returns renderables.
    """
    from somsim.present.console.fit import NAME, TEXT, fit_table

    C = strings(lang).CONSOLE

    def q(x: float) -> str:  # three decimals for rates and shares, whole numbers for kroner
        return number(x, 3 if abs(x) < 10 else 0, lang)

    rows = []
    for u in upd.inputs:
        d = u.to_dict()
        pr, po = d["prior"], d["posterior"]
        rows.append([escape(u.name), escape("; ".join(d["observations"])), escape(pr["distribution"]),
                     f"{q(pr['p05'])}–{q(pr['p95'])}", escape(po["distribution"]),
                     f"{q(po['p05'])}–{q(po['p95'])}",
                     escape(u.method) + (f" [bold]{C['warning']}: {escape(u.warning)}[/bold]" if u.warning else "")])
    cols = [(C["u_input"], NAME), (C["u_data"], TEXT), (C["u_prior"], TEXT), (C["u_prior90"], TEXT),
            (C["u_post"], TEXT), (C["u_post90"], TEXT), (C["u_method"], TEXT)]
    return fit_table(escape(C["u_title"]), cols, rows, width)
