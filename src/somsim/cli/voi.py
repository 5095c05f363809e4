"""`somsim voi`: EVPI, EVPPI per input and group, and EVSI of a local study."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import click

from somsim.cli.common import _console, _print_warnings
from somsim.errors import UsageError

PERSPECTIVES = ("total", "kommune", "region", "stat")


def _whole(option: str, value: str, lo: int, hi: int) -> int:
    try:
        v = float(value.replace("_", ""))
    except ValueError:
        raise UsageError(f"{option} expects a whole number (got {value!r})") from None
    if not (math.isfinite(v) and v == int(v) and lo <= v <= hi):
        raise UsageError(f"{option} expects a whole number in {lo:,} … {hi:,} (got {value})")
    return int(v)


def _money(option: str, value: str | None, *, minimum: float | None = None) -> float | None:
    if value is None:
        return None
    try:
        v = float(value.replace("_", ""))
    except ValueError:
        raise UsageError(f"{option} expects a number of kroner (got {value!r})") from None
    if not math.isfinite(v) or (minimum is not None and v < minimum):
        raise UsageError(f"{option} expects a finite number{f' ≥ {minimum:g}' if minimum is not None else ''} "
                         f"(got {value})")
    return v


def _sizes(value: str | None) -> list[int] | None:
    if value is None:
        return None
    try:
        xs = [float(v.replace("_", "")) for v in value.split(",") if v.strip()]
    except ValueError:
        xs = []
    out = [int(x) for x in xs if math.isfinite(x) and x.is_integer()]  # 1e3 is fine; 1.5, inf and nan are not
    if not out or len(out) != len(xs) or any(v < 1 or v > 10**7 for v in out):
        raise UsageError(f"--study-n expects study sizes such as 20,50,100 (whole numbers 1 … 1e7; got {value!r})")
    return out


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--draws", default="10000", show_default=True, metavar="N", help="Monte Carlo draws (≥ 1000).")
@click.option("--seed", default="1", show_default=True, metavar="S", help="Random seed.")
@click.option("--sampler", default="random", show_default=True, metavar="random|lhs|sobol", help="Sampling design.")
@click.option("--perspective", default=None, metavar="total|kommune|region|stat",
              help="Whose NPV decides (default: the scenario's perspective).")
@click.option("--min-npv", default=None, metavar="KR", help="Invest only if the NPV exceeds this (default 0).")
@click.option("--json", "json_path", default=None, metavar="PATH", help="Write the results as JSON ('-': stdout).")
@click.option("--plot", "plot_path", default=None, metavar="PATH", help="Write the ranking plot (PNG).")
@click.option("--evsi", "evsi_input", default=None, metavar="INPUT", help="EVSI and ENBS of a local study of INPUT.")
@click.option("--study-n", default=None, metavar="N,N,…", help="Study sizes for --evsi (default 5 … 2000).")
@click.option("--cost-fixed", default="0", show_default=True, metavar="KR", help="Fixed cost of the study.")
@click.option("--cost-per-unit", default="0", show_default=True, metavar="KR", help="Cost per participant or case.")
@click.option("--design", default=None, metavar="binomial|gamma|normal",
              help="Study design for --evsi (default: binomial for rates; gamma for prices, costs and scales).")
@click.option("--case-cv", default="0.5", show_default=True, metavar="CV", help="gamma design: CV of one case's cost.")
@click.option("--case-sd", default=None, metavar="SD", help="normal design: SD of one observation.")
@click.option("--top", default="25", show_default=True, metavar="N", help="Inputs shown in the table and the plot.")
@click.option("--lang", default="da", show_default=True, metavar="da|en", help="Language of the plot.")
def voi(scenario, draws, seed, sampler, perspective, min_npv, json_path, plot_path, evsi_input, study_n, cost_fixed,
        cost_per_unit, design, case_cv, case_sd, top, lang):
    """Value of information: which local data are worth collecting before deciding on SCENARIO."""
    n = _whole("--draws", draws, 1000, 10**7)
    s = _whole("--seed", seed, 0, 2**63 - 1)
    k = _whole("--top", top, 1, 10**6)
    if sampler not in ("random", "lhs", "sobol"):
        raise UsageError(f"--sampler must be random, lhs or sobol (got {sampler!r})")
    if perspective is not None and perspective not in PERSPECTIVES:
        raise UsageError(f"--perspective must be one of {', '.join(PERSPECTIVES)} (got {perspective!r})")
    floor = _money("--min-npv", min_npv) or 0.0
    sizes = _sizes(study_n)
    c_fixed = _money("--cost-fixed", cost_fixed, minimum=0)
    c_unit = _money("--cost-per-unit", cost_per_unit, minimum=0)
    cv = _money("--case-cv", case_cv, minimum=0)
    sd = _money("--case-sd", case_sd, minimum=0)
    if cv <= 0:
        raise UsageError(f"--case-cv must be > 0 (got {case_cv})")
    if evsi_input is None and any(o is not None for o in (study_n, design, case_sd)):
        raise UsageError("--study-n, --design and --case-sd need --evsi INPUT")
    if lang not in ("da", "en"):
        raise UsageError(f"--lang must be da or en (got {lang!r})")
    if plot_path == "-":
        raise UsageError("--plot needs a file path (got '-')")

    from somsim.voi import core as V
    from somsim._io import dumps_json, write_text, write_with
    from somsim.simulation.engine import simulate
    from somsim.scenario.loader import load_scenario

    sc = load_scenario(scenario)
    _print_warnings(sc)
    if evsi_input is not None and evsi_input not in sc.input_names:
        import difflib

        near = difflib.get_close_matches(evsi_input, sc.input_names, n=1)
        raise UsageError(f"--evsi: {evsi_input!r} is not an uncertain input of {scenario}"
                         + (f" (did you mean {near[0]!r}?)" if near else ""))
    if evsi_input is not None:  # refuse a bad study design before the run
        from somsim.voi.evsi import choose_design

        dist = next(p.dist for p in sc.inputs if p.name == evsi_input)
        design = choose_design(evsi_input, dist.support, design, sd)
    result = simulate(sc, draws=n, seed=s, sampler=sampler, keep_draws=True)
    res = V.analyse(result, perspective=perspective, min_npv=floor)
    ev = None
    if evsi_input is not None:
        ev = V.evsi(result, evsi_input, n=sizes, cost_fixed=c_fixed, cost_per_unit=c_unit, design=design,
                    case_cv=cv, case_sd=sd, perspective=perspective, min_npv=floor)
    doc = V.document(res, ev, scenario=sc)
    # every output is prepared first (JSON serialised, plot drawn), then each is written atomically
    text = dumps_json(doc)
    if plot_path is not None:
        from somsim.present import plots

        ax = V.plot_ranking(res, top=k, lang=lang, price_year=sc.price_year)
        png = plots.png_bytes(ax.figure)
        write_with(plot_path, lambda tmp: tmp.write_bytes(png), suffix=".png")
    to_stdout = json_path == "-"
    if json_path is not None and not to_stdout:
        write_text(json_path, text)
    _human(sc, res, ev, k, err=to_stdout)
    if to_stdout:
        sys.stdout.write(text)


def _human(sc, res, ev, top: int, err: bool) -> None:
    from rich import box
    from rich.markup import escape  # user text (titles, group names) is not rich markup
    from rich.table import Table

    from somsim._text import kr, number

    con = _console(err=err)
    floor = f", invest if NPV > {kr(res.min_npv, 'da')}" if res.min_npv else ""
    con.print(f"[bold]{escape(sc.title)}[/bold] — value of information, perspective {res.perspective}{floor}")
    con.print(f"{number(res.draws, 0, 'da')} draws (seed {res.seed}). Expected net benefit {kr(res.mean_nb, 'da')}, "
              f"P(NPV > {kr(res.min_npv, 'da')}) = {res.prob_positive:.0%}: on current information, "
              f"{res.decision}.")
    con.print(f"EVPI = {kr(res.evpi, 'da')} (± {kr(res.evpi_se, 'da')}): the most that removing all "
              f"uncertainty before deciding is worth, for this one decision.")

    def table(title, rows, first):
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

    ranked = res.ranking("input")
    more = f" (top {top} of {len(ranked)})" if len(ranked) > top else ""
    con.print(table(f"What to measure locally: inputs by EVPPI{more}", ranked[:top], "input"))
    if res.groups:
        con.print(table("Groups of inputs", res.ranking("group"), "group"))
    con.print("EVPPI: the expected value of learning the input(s) exactly before deciding. % of var.: the expected "
              "reduction of the NPV's variance from learning them. SE: the larger of the regression's own and the "
              "bootstrap error. Fit R²: of the regression (with the control variates).")
    if ev is not None:
        t = Table(title=f"Local study of {ev.input}: {ev.assumption}", title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False)
        for c in ("n", "EVSI kr.", "± SE", "study cost kr.", "ENBS kr.", ""):
            t.add_column(c, justify="right")
        for i, m in enumerate(ev.n):
            t.add_row(number(m, 0, "da"), kr(ev.evsi[i], "da", unit=False), kr(ev.se[i], "da", unit=False),
                      kr(ev.cost[i], "da", unit=False), kr(ev.enbs[i], "da", unit=False),
                      "← optimal" if m == ev.optimal_n else "")
        con.print(t)
        best = (f"Optimal study size: n = {number(ev.optimal_n, 0, 'da')} (ENBS {kr(max(ev.enbs), 'da')})."
                if ev.optimal_n else "No study size in the grid is worth its cost (ENBS ≤ 0).")
        cost = f"{kr(ev.cost_fixed, 'da')} + {kr(ev.cost_per_unit, 'da')} × n"
        con.print(f"{best} ENBS = EVSI × 1 decision − ({cost}); EVSI approaches the EVPPI of {ev.input}, "
                  f"{kr(ev.evppi, 'da')}, for large n.")
        con.print(f"Method: {ev.method}.")
