"""Rich tables and sentences of a value-of-information analysis, for the command line."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.markup import escape  # user text (titles, group names) is not rich markup
from rich.table import Table

from somsim._text import kr, number

__all__ = ["study_tables", "voi_tables"]


def voi_tables(sc, res, ev=None, top: int = 25) -> list[Any]:
    """What to print of a VOI result `res` (and an EVSI result `ev`): sentences (rich markup) and tables.

    The decision on current information and the EVPI; the inputs by EVPPI (the first `top`) and the
    groups; with `ev`, the local study by size with its optimal size.
    """
    floor = f", invest if NPV > {kr(res.min_npv, 'da')}" if res.min_npv else ""
    out: list[Any] = [
        f"[bold]{escape(sc.title)}[/bold] — value of information, perspective {res.perspective}{floor}",
        f"{number(res.draws, 0, 'da')} draws (seed {res.seed}). Expected net benefit {kr(res.mean_nb, 'da')}, "
        f"P(NPV > {kr(res.min_npv, 'da')}) = {res.prob_positive:.0%}: on current information, {res.decision}.",
        f"EVPI = {kr(res.evpi, 'da')} (± {kr(res.evpi_se, 'da')}): the most that removing all uncertainty before "
        "deciding is worth, for this one decision.",
    ]
    ranked = res.ranking("input")
    more = f" (top {top} of {len(ranked)})" if len(ranked) > top else ""
    out.append(_evppi_table(f"What to measure locally: inputs by EVPPI{more}", ranked[:top], "input"))
    if res.groups:
        out.append(_evppi_table("Groups of inputs", res.ranking("group"), "group"))
    out.append("EVPPI: the expected value of learning the input(s) exactly before deciding. % of var.: the expected "
               "reduction of the NPV's variance from learning them. SE: the larger of the regression's own and the "
               "bootstrap error. Fit R²: of the regression (with the control variates).")
    if ev is not None:
        out += _evsi_lines(ev)
    return out


def _evppi_table(title: str, rows, first: str) -> Table:
    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("#", justify="right")
    t.add_column(first, overflow="fold")
    for c in ("EVPPI kr.", "± SE", "% of EVPI", "% of var.", "fit R²"):
        t.add_column(c, justify="right")
    for i, r in enumerate(rows, 1):
        ratio = "–" if r.ratio is None else number(100 * r.ratio, 0, "da")
        t.add_row(str(i), escape(r.name), kr(r.value, "da", unit=False), kr(r.se, "da", unit=False), ratio,
                  number(100 * r.variance_share, 1, "da"), number(r.r2, 2, "da"))
    return t


def _evsi_lines(ev) -> list[Any]:
    t = Table(title=f"Local study of {ev.input}: {ev.assumption}", title_justify="left", box=box.SIMPLE_HEAD,
              pad_edge=False)
    for c in ("n", "EVSI kr.", "± SE", "study cost kr.", "ENBS kr.", ""):
        t.add_column(c, justify="right")
    for i, m in enumerate(ev.n):
        t.add_row(number(m, 0, "da"), kr(ev.evsi[i], "da", unit=False), kr(ev.se[i], "da", unit=False),
                  kr(ev.cost[i], "da", unit=False), kr(ev.enbs[i], "da", unit=False),
                  "← optimal" if m == ev.optimal_n else "")
    best = (f"Optimal study size: n = {number(ev.optimal_n, 0, 'da')} (ENBS {kr(max(ev.enbs), 'da')})."
            if ev.optimal_n else "No study size in the grid is worth its cost (ENBS ≤ 0).")
    cost = f"{kr(ev.cost_fixed, 'da')} + {kr(ev.cost_per_unit, 'da')} × n"
    return [t, f"{best} ENBS = EVSI × 1 decision − ({cost}); EVSI approaches the EVPPI of {ev.input}, "
               f"{kr(ev.evppi, 'da')}, for large n.", f"Method: {ev.method}."]


def study_tables(study) -> list[Any]:
    """What to print of a :class:`somsim.decide.study.StudySimulation`: a sentence, a table, the method."""
    size = (f"the recommended study (n = {number(study.n, 0, 'da')})" if study.recommended else
            f"a study of n = {number(study.n, 0, 'da')} (no size in the grid was worth its cost; the largest shown)")
    floor = kr(study.min_npv, "da")
    out: list[Any] = [f"[bold]What {size} of {escape(study.input)} could show[/bold]. Now: expected NPV "
                      f"{kr(study.prior_mean_npv, 'da')}, P(NPV > {floor}) = {study.prior_prob_positive:.0%}, "
                      f"{study.prior_decision}."]
    t = Table(title=f"Posterior of {study.input} for plausible study outcomes", title_justify="left",
              box=box.SIMPLE_HEAD, pad_edge=False)
    for c in ("outcome", "data", "posterior mean", "90% interval", "expected NPV", f"P(NPV > {floor})", "decision"):
        t.add_column(c, justify="left" if c in ("outcome", "data", "decision") else "right")
    for o in study.outcomes:
        post = o.update.to_dict()["posterior"]
        t.add_row(f"{100 * o.prob:g}th percentile", escape(o.observation.describe()), f"{post['mean']:.4g}",
                  f"{post['p05']:.4g} – {post['p95']:.4g}", kr(o.mean_npv, "da"), f"{o.prob_positive:.0%}",
                  o.decision)
    out += [t, escape(f"Method: {study.method}; posterior by {study.outcomes[0].update.method}.")
            if study.outcomes else ""]
    return out
