"""`somsim report`: the HTML report (and optionally its tables as Excel / CSV)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from somsim.cli.common import _print_warnings, draws_callback, progress_bar


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the report (default: SCENARIO-ID.html in the current directory).")
@click.option("--lang", type=click.Choice(["da", "en"]), default="da", show_default=True,
              help="Language of the report; Danish reports use Danish number format (4,4 mio. kr.).")
@click.option("--draws", default="10000", show_default=True, callback=draws_callback(10**7, allow_auto=False),
              help="Monte Carlo draws (0: base case only).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=1, show_default=True)
@click.option("--sampler", type=click.Choice(["random", "lhs", "sobol"]), default="random", show_default=True)
@click.option("--analyses/--no-analyses", default=True, show_default=True,
              help="Add sensitivity and value of information (small runs), when those modules are installed.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report's tables to an Excel workbook.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write the report's tables as CSV files into DIR.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def report(scenario, out_path, lang, draws, seed, sampler, analyses, xlsx_path, csv_dir, progress):
    """Write a self-contained HTML report of SCENARIO (plots embedded; opens offline in any browser)."""
    from somsim._io import write_text
    from somsim.present.report import build_report, summary_document
    from somsim.scenario.loader import load_scenario

    sc = load_scenario(scenario)
    _print_warnings(sc)
    target = out_path or Path(f"{sc.id}.html")
    result = None
    if draws:
        from somsim.simulation.engine import simulate

        show = progress if progress is not None else sys.stderr.isatty()
        with progress_bar(show) as cb:
            result = simulate(sc, draws=draws, seed=seed, sampler=sampler, keep_draws=analyses,
                              progress=cb)
    html = build_report(sc, lang=lang, draws=draws, seed=seed, sampler=sampler, result=result, analyses=analyses)
    # the tables first, then the report: each file is written atomically
    if xlsx_path is not None or csv_dir is not None:
        from somsim.present.exports import write_csv, write_xlsx

        doc = summary_document(sc, result)
        if xlsx_path is not None:
            write_xlsx(xlsx_path, sc, doc, lang=lang)
        if csv_dir is not None:
            write_csv(csv_dir, sc, doc)
    write_text(target, html)
    click.echo(f"wrote {target}", err=True)
