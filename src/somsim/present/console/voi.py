"""Tables and sentences of a value-of-information analysis for the command line, in one language."""

from __future__ import annotations

from typing import Any

from rich.markup import escape  # user text (titles, group names) is not rich markup

from somsim._text import kr, number, pct, share
from somsim.present.console.fit import NAME, NUM, TEXT, fit_table
from somsim.present.effects import effect_text
from somsim.present.locale import strings
from somsim.present.tables import actor_label, group_label

__all__ = ["study_tables", "voi_tables"]


def voi_tables(sc, res, ev=None, top: int = 25, lang: str = "da", width: int = 80) -> list[Any]:
    """What to print of a VOI result `res` (and an EVSI result `ev`): sentences (rich markup) and tables.

    The decision on current information and the EVPI; the inputs by EVPPI (the first `top`) and the
    groups; with `ev`, the local study by size with its optimal size. In `lang`, fitted to `width`.
    """
    C = strings(lang).CONSOLE
    floor = C["voi_floor"].format(v=kr(res.min_npv, lang)) if res.min_npv else ""
    who = actor_label(res.perspective, lang) if res.perspective in ("total", "kommune", "region", "stat") \
        else res.perspective
    out: list[Any] = [
        "[bold]" + escape(C["voi_title"].format(title=sc.title, who=who, floor=floor)) + "[/bold]",
        C["voi_run"].format(n=number(res.draws, 0, lang), seed=res.seed, mean=kr(res.mean_nb, lang),
                            min=kr(res.min_npv, lang), p=pct(res.prob_positive, lang), decision=C[res.decision]),
        C["evpi"].format(v=kr(res.evpi, lang), se=kr(res.evpi_se, lang)),
    ]
    ranked = res.ranking("input")
    more = C["top"].format(top=top, n=len(ranked)) if len(ranked) > top else ""
    effects = {r.name: effect_text(sc, r.name, lang) for r in ranked[:top]}  # a shock in its own units
    out += _evppi_table(C["evppi_title"].format(more=more), ranked[:top], C["c_first_input"], lang, width, effects)
    if res.groups:
        out += _evppi_table(C["groups_title"], res.ranking("group"), C["c_first_group"], lang, width, groups=True)
    out.append(C["evppi_note"])
    if ev is not None:
        out += _evsi_lines(ev, lang, width)
    return out


def _evppi_table(title: str, rows, first: str, lang: str, width: int,
                 effects: dict[str, str | None] | None = None, *, groups: bool = False) -> list[Any]:
    """The EVPPI table; a consequence shock's profile in its own units (`effects`) on a line under its name."""
    C = strings(lang).CONSOLE
    cells = []
    for i, r in enumerate(rows, 1):
        ratio = "–" if r.ratio is None else number(100 * r.ratio, 0, lang)
        name = group_label(r.name, lang) if groups else r.name  # somsim's default groups in the user's language
        cells.append([f"{i}. {escape(name)}", kr(r.value, lang, unit=False), kr(r.se, lang, unit=False), ratio,
                      number(100 * r.variance_share, 1, lang), number(r.r2, 2, lang)])
        eff = (effects or {}).get(r.name)
        if eff:
            cells.append([f"{' ' * (len(str(i)) + 2)}[dim]{escape(eff)}[/dim]", "", "", "", "", ""])
    cols = [(first, NAME), *((C[k], NUM) for k in ("c_evppi", "c_se", "c_pct_evpi", "c_pct_var", "c_r2"))]
    return fit_table(title, cols, cells, width)


def _evsi_lines(ev, lang: str, width: int) -> list[Any]:
    C = strings(lang).CONSOLE
    cells = [[number(m, 0, lang), kr(ev.evsi[i], lang, unit=False), kr(ev.se[i], lang, unit=False),
              kr(ev.cost[i], lang, unit=False), kr(ev.enbs[i], lang, unit=False),
              C["optimal"] if m == ev.optimal_n else ""] for i, m in enumerate(ev.n)]
    cols = [(C["c_n"], NAME), *((C[k], NUM) for k in ("c_evsi", "c_se", "c_cost", "c_enbs")), ("", NAME)]
    out = fit_table(escape(C["study_title"].format(input=ev.input, assumption=ev.assumption)), cols, cells, width)
    best = (C["best"].format(n=number(ev.optimal_n, 0, lang), v=kr(max(ev.enbs), lang))
            if ev.optimal_n else C["none_worth"])
    cost = f"{kr(ev.cost_fixed, lang)} + {kr(ev.cost_per_unit, lang)} × n"
    return [*out, C["enbs_line"].format(best=best, cost=cost, input=ev.input, evppi=kr(ev.evppi, lang)),
            C["method_line"].format(method=ev.method)]


def study_tables(study, lang: str = "da") -> list[Any]:
    """What to print of a :class:`somsim.decide.study.StudySimulation`: a sentence, a table, the method."""
    C = strings(lang).CONSOLE

    def num(x: float) -> str:
        return number(x, 3, lang) if abs(x) < 1 else number(x, 1, lang)

    n = number(study.n, 0, lang)
    size = C["study_recommended"].format(n=n) if study.recommended else C["study_largest"].format(n=n)
    floor = kr(study.min_npv, lang)
    out: list[Any] = [C["study_now"].format(size=size, input=escape(study.input), mean=kr(study.prior_mean_npv, lang),
                                            floor=floor, p=share(study.prior_prob_positive, lang),
                                            decision=C.get(study.prior_decision, study.prior_decision))]
    cols = [(C["c_outcome"], NAME), (C["c_data"], TEXT), (C["c_post_mean"], NUM), (C["c_interval"], NUM),
            (C["c_exp_npv"], NUM), (f"P(NNV > {floor})" if lang == "da" else f"P(NPV > {floor})", NUM),
            (C["c_decision"], NAME)]
    rows = []
    for o in study.outcomes:
        post = o.update.to_dict()["posterior"]
        rows.append([C["percentile"].format(p=number(100 * o.prob, 0, lang)), escape(o.observation.describe()),
                     num(post["mean"]), f"{num(post['p05'])}–{num(post['p95'])}", kr(o.mean_npv, lang),
                     share(o.prob_positive, lang), C.get(o.decision, o.decision)])
    out += fit_table(C["study_post_title"].format(input=escape(study.input)), cols, rows, 100)
    if study.outcomes:
        out.append(escape(C["method_line"].format(method=f"{study.method}; {study.outcomes[0].update.method}")))
    return out
