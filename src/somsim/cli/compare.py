"""`somsim compare`: several options on common random numbers; P(best), expected loss, EVPI and EVPPI of the choice."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from somsim.cli.common import console, print_warnings
from somsim.cli.options import (
    PERSPECTIVE,
    Command,
    Number,
    Whole,
    draws_option,
    json_option,
    lang_option,
    sampler_option,
    seed_option,
)
from somsim.errors import UsageError


@click.command(cls=Command)
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@draws_option(10_000, 1, 10**7, help="Monte Carlo draws (EVPPI needs ≥ 1000).")
@seed_option()
@sampler_option()
@click.option("--perspective", type=PERSPECTIVE, default=None,
              help="Whose NPV decides (default: the first scenario's perspective).")
@click.option("--vs-nothing", is_flag=True, help="Add the status quo: an option with NPV 0 and no cost.")
@click.option("--required-return", type=Number(minimum=0), default=0.0, show_default=True, metavar="R",
              help="Net benefit = NPV − R × present-value cost (R kr. of return required per krone spent).")
@click.option("--no-evppi", is_flag=True, help="Skip the EVPPI of the choice per input (the slow part).")
@json_option("the comparison")
@click.option("--plot", "plot_path", default=None, metavar="PATH",
              help="Write the plot (PNG): probability best by required return, and the difference of the first "
              "two options.")
@click.option("--top", type=Whole(1, 10**6), default=10, show_default=True, metavar="N",
              help="Inputs shown in the EVPPI table.")
@lang_option()
def compare(scenarios: tuple[Path, ...], draws: int, seed: int, sampler: str, perspective: str | None,
            vs_nothing: bool, required_return: float, no_evppi: bool, json_path: str | None,
            plot_path: str | None, top: int, lang: str) -> None:
    """Compare options SCENARIOS … (two or more, or one with --vs-nothing) on the same draws."""
    if plot_path == "-":
        raise UsageError("--plot needs a file path (got '-')")
    if len(scenarios) + int(vs_nothing) < 2:
        raise UsageError("compare needs two scenarios or more (or one with --vs-nothing)")
    from somsim._io import dumps_json, write_text
    from somsim.decide import compare as C
    from somsim.decide.update import load_updated
    from somsim.present.messages import update_warning_lines

    scs = []
    for path in scenarios:
        sc, upd = load_updated(path)
        print_warnings(sc, lang)
        for line in update_warning_lines(upd, lang):
            click.echo(line, err=True)
        scs.append(sc)
    cmp = C.compare(scs, draws=draws, seed=seed, sampler=sampler, perspective=perspective, vs_nothing=vs_nothing)
    if not no_evppi and draws < C.MIN_EVPPI_DRAWS:
        raise UsageError(f"the EVPPI of the choice needs --draws ≥ {C.MIN_EVPPI_DRAWS} (or --no-evppi)")
    doc = C.document(cmp, evppi=not no_evppi, required_return=required_return)
    text = dumps_json(doc)
    png = _plot(cmp, doc, lang) if plot_path is not None else None
    to_stdout = json_path == "-"
    if png is not None and plot_path is not None:
        from somsim._io import write_with

        write_with(plot_path, lambda tmp: tmp.write_bytes(png), suffix=".png")
    if json_path is not None and not to_stdout:
        write_text(json_path, text)
    from somsim.present.console.decide import compare_tables

    con = console(err=to_stdout)
    for item in compare_tables(doc, top=top, lang=lang, width=con.width, cmp=cmp):
        con.print(item)
    if to_stdout:
        sys.stdout.write(text)


def _plot(cmp, doc: dict, lang: str) -> bytes:
    """The two-panel comparison plot as PNG bytes."""
    from somsim._vocab import OUTPUTS
    from somsim.present.plots import new_figure, png_bytes
    from somsim.present.plots.decide import plot_difference, plot_prob_best

    fig, axes = new_figure(8.0, 8.4, nrows=2)
    plot_prob_best(doc, ax=axes[0], lang=lang)
    a = OUTPUTS.index(cmp.perspective)
    diff = cmp.npv[:, 0, a] - cmp.npv[:, 1, a]
    years = {sc.price_year for sc in cmp.scenarios if sc is not None}
    plot_difference(diff, cmp.labels[0], cmp.labels[1], ax=axes[1], lang=lang,
                    price_year=years.pop() if len(years) == 1 else None)
    return png_bytes(fig)
