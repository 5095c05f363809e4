"""`somsim voi`: EVPI, EVPPI per input and group, and EVSI of a local study."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from somsim.cli.common import Outputs, console, print_warnings
from somsim.cli.options import (
    PERSPECTIVE,
    Command,
    Kroner,
    Number,
    Sizes,
    Whole,
    draws_option,
    json_option,
    lang_option,
    sampler_option,
    seed_option,
)
from somsim.errors import UsageError


@click.command(cls=Command)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@draws_option(10_000, 1000, 10**7, help="Monte Carlo draws (≥ 1000).")
@seed_option()
@sampler_option()
@click.option("--perspective", type=PERSPECTIVE, default=None,
              help="Whose NPV decides (default: the scenario's perspective).")
@click.option("--min-npv", type=Kroner(), default=0.0, metavar="KR", help="Invest only if the NPV exceeds this "
              "(default 0).")
@json_option("the results")
@click.option("--plot", "plot_path", default=None, metavar="PATH", help="Write the ranking plot (PNG).")
@click.option("--evsi", "evsi_input", default=None, metavar="INPUT", help="EVSI and ENBS of a local study of INPUT.")
@click.option("--study-n", type=Sizes(), default=None, metavar="N,N,…",
              help="Study sizes for --evsi (default 5 … 2000).")
@click.option("--cost-fixed", type=Kroner(minimum=0), default=0.0, show_default=True, metavar="KR",
              help="Fixed cost of the study.")
@click.option("--cost-per-unit", type=Kroner(minimum=0), default=0.0, show_default=True, metavar="KR",
              help="Cost per participant or case.")
@click.option("--design", default=None, metavar="binomial|gamma|normal",
              help="Study design for --evsi (default: binomial for rates; gamma for prices, costs and scales).")
@click.option("--case-cv", type=Number(minimum=0), default=0.5, show_default=True, metavar="CV",
              help="gamma design: CV of one case's cost (> 0).")
@click.option("--case-sd", type=Number(minimum=0), default=None, metavar="SD", help="normal design: SD of one "
              "observation.")
@click.option("--resamples", type=Whole(2, 100_000), default=40, show_default=True, metavar="N",
              help="Bootstrap resamples per estimate (the SE quoted is the larger of this and the regression's).")
@click.option("--top", type=Whole(1, 10**6), default=25, show_default=True, metavar="N",
              help="Inputs shown in the table and the plot.")
@click.option("--simulate-study", is_flag=True,
              help="With --evsi: the posterior of INPUT, the P(NPV > 0) and the decision for the 10th, 50th and "
              "90th percentile outcomes of the recommended study (the same update an [[observation]] gets).")
@lang_option()
def voi(scenario: Path, draws: int, seed: int, sampler: str, perspective: str | None, min_npv: float,
        json_path: str | None, plot_path: str | None, evsi_input: str | None, study_n: list[int] | None,
        cost_fixed: float, cost_per_unit: float, design: str | None, case_cv: float, case_sd: float | None,
        resamples: int, top: int, simulate_study: bool, lang: str) -> None:
    """Value of information: which local data are worth collecting before deciding on SCENARIO."""
    if case_cv <= 0:
        raise UsageError(f"--case-cv must be > 0 (got {case_cv:g})")
    if evsi_input is None and (any(o is not None for o in (study_n, design, case_sd)) or simulate_study):
        raise UsageError("--study-n, --design, --case-sd and --simulate-study need --evsi INPUT")
    if plot_path == "-":
        raise UsageError("--plot needs a file path (got '-')")

    from somsim._io import dumps_json
    from somsim.cli._update import load as load_scenario  # [[observation]]: the posterior
    from somsim.simulation.engine import simulate
    from somsim.voi import core as V

    outputs = Outputs(scenario)  # every output checked before anything is read or run
    outputs.declare(json_path, plot_path)
    sc = load_scenario(scenario, lang)
    outputs.loaded(sc)
    print_warnings(sc, lang)
    V.check_memory(sc, draws, resamples=resamples, evsi=evsi_input is not None)
    if evsi_input is not None:  # refuse a bad input or study design before the run
        design = _study_design(sc, scenario, evsi_input, design, case_sd)
    result = simulate(sc, draws=draws, seed=seed, sampler=sampler, keep_draws=True)
    res = V.analyse(result, perspective=perspective, min_npv=min_npv, resamples=resamples)
    ev = None
    if evsi_input is not None:
        ev = V.evsi(result, evsi_input, n=study_n, cost_fixed=cost_fixed, cost_per_unit=cost_per_unit,
                    design=design, case_cv=case_cv, case_sd=case_sd, perspective=perspective, min_npv=min_npv,
                    resamples=resamples)
    doc = V.document(res, ev, scenario=sc)
    study = None
    if simulate_study and ev is not None:
        from somsim.decide.study import simulate_study as _simulate

        study = _simulate(result, ev, perspective=perspective, min_npv=min_npv)
        doc["simulated_study"] = study.to_dict()
    # every output is prepared first (JSON serialised, plot drawn), then all are written as one unit
    text = dumps_json(doc)
    png = None if plot_path is None else _plot(sc, doc, top=top, lang=lang)
    to_stdout = json_path == "-"
    with outputs.writing() as out:
        if png is not None:
            out.add_bytes(plot_path, png)
        if json_path is not None and not to_stdout:
            out.add_text(json_path, text)
    from somsim.present.console.voi import voi_tables

    con = console(err=to_stdout)
    for item in voi_tables(sc, res, ev, top, lang, con.width):
        con.print(item)
    if study is not None:
        from somsim.present.console.voi import study_tables

        for item in study_tables(study, lang):
            con.print(item)
    if to_stdout:
        sys.stdout.write(text)


def _study_design(sc, scenario: Path, evsi_input: str, design: str | None, case_sd: float | None) -> str:
    """The study design of --evsi INPUT (refusing an unknown input or a design that does not fit it)."""
    from somsim._text import did_you_mean
    from somsim.voi.evsi import choose_design

    if evsi_input not in sc.input_names:
        raise UsageError(f"--evsi: {evsi_input!r} is not an uncertain input of {scenario}"
                         f"{did_you_mean(evsi_input, sc.input_names)}")
    dist = next(p.dist for p in sc.inputs if p.name == evsi_input)
    return choose_design(evsi_input, dist.support, design, case_sd)


def _plot(sc, doc: dict, *, top: int, lang: str) -> bytes:
    """The ranking plot as PNG bytes (a consequence shock labelled with its profile in its own units)."""
    from somsim.present.effects import effect_labels
    from somsim.present.plots import new_figure, plot_voi_ranking, png_bytes, rows_height

    rows = len(doc["evppi"]) + len(doc["groups"])
    fig, ax = new_figure(8.0, rows_height(max(1, min(top, rows))))
    return png_bytes(plot_voi_ranking(doc, ax=ax, lang=lang, top=top, price_year=sc.price_year,
                                      labels=effect_labels(sc, doc["evppi"], lang)).figure)
