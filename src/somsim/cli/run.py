"""`somsim run` and `somsim init`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from somsim.cli.common import _base_table, _console, _print_warnings, draws_callback, progress_bar
from somsim.errors import UsageError


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--draws", default="10000", show_default=True, callback=draws_callback(10**9, allow_auto=True), help="Monte Carlo draws (0: base case only; 'auto': "
              "until the Monte Carlo error of the headline figures is small).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=1, show_default=True)
@click.option("--sampler", type=click.Choice(["random", "lhs", "sobol"]), default="random", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write DIR/results.nc and DIR/summary.json.")
@click.option("--json", "json_path", default=None, help="Write summary.json to PATH ('-' for stdout).")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the tables to an Excel workbook.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the tables as CSV files into DIR.")
@click.option("--chunk-size", type=click.IntRange(1, None), default=None, help="Draws per chunk (rounded up to "
              "a whole number of 8192-draw blocks); results do not depend on it.")
@click.option("--threads", type=click.IntRange(1, 256), default=None, help="Threads for the kernel.")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Run on a local Dask cluster with N "
              "workers (needs the [dask] extra).")
@click.option("--scheduler", default=None, help="Run on an existing Dask scheduler at ADDRESS.")
@click.option("--quantiles", type=click.Choice(["auto", "exact", "stream"]), default="auto", show_default=True,
              help="Quantiles are always exact; 'exact' keeps the NPVs of every draw in memory (32 bytes a "
              "draw), 'stream' keeps only the values near each quantile (bounded memory, same numbers), "
              "'auto' streams above 1 GiB (33.5 million draws) and on Dask, when --out is not given.")
@click.option("--tolerance", type=click.FloatRange(1e-6, 0.5), default=0.01, show_default=True,
              help="With --draws auto: target Monte Carlo error relative to the NPV's standard deviation.")
@click.option("--lang", type=click.Choice(["da", "en"]), default="en", show_default=True,
              help="Language of the summary and the --xlsx workbook (kroner are in Danish format either way).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def run(scenario, draws, seed, sampler, out_dir, json_path, xlsx_path, csv_dir, chunk_size, threads, workers,
        scheduler, quantiles, tolerance, lang, progress):
    """Base case and probabilistic run of SCENARIO."""
    from somsim.results import summary as S
    from somsim._io import dumps_json, write_text
    from somsim.model.reference import base_case
    from somsim.scenario.loader import load_scenario

    n = draws
    if workers and scheduler:
        raise UsageError("give --workers or --scheduler, not both")
    sc = load_scenario(scenario)
    _print_warnings(sc)
    base = S.base_case_block(sc, base_case(sc))
    result = None
    if n != 0:
        from somsim.simulation.engine import simulate

        show = progress if progress is not None else sys.stderr.isatty()
        with progress_bar(show) as cb:
            result = simulate(sc, draws=n, seed=seed, sampler=sampler, chunk_size=chunk_size, threads=threads,
                              workers=workers, scheduler=scheduler, keep_draws=out_dir is not None,
                              quantiles=quantiles, tolerance=tolerance, progress=cb)
    doc = S.document(sc, base, seed=seed if n else None, draws=result.draws if result else 0,
                     sampler=sampler if n else None, uncertainty=result.summary if result else None,
                     extra=result.extra if result else None)
    # everything is prepared (serialised, imported, built) before the first byte is written;
    # then each output is written atomically
    text = dumps_json(doc)
    dataset = None
    if out_dir is not None and result is not None:
        from somsim.results.dataset import to_dataset

        dataset = to_dataset(result)
    if xlsx_path is not None or csv_dir is not None:
        from somsim.present.exports import write_csv, write_xlsx
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        if dataset is not None:
            from somsim.results.dataset import write_dataset

            write_dataset(dataset, out_dir / "results.nc")
        write_text(out_dir / "summary.json", text)
    if xlsx_path is not None:
        write_xlsx(xlsx_path, sc, doc, lang=lang)
    if csv_dir is not None:
        write_csv(csv_dir, sc, doc)
    to_stdout = json_path == "-"
    if json_path is not None and not to_stdout:
        write_text(json_path, text)
    _human(sc, doc, lang, err=to_stdout)
    if to_stdout:
        sys.stdout.write(text)


def _human(sc, doc, lang, err: bool) -> None:
    from somsim.present.headline import headline_lines

    con = _console(err=err)
    from rich.markup import escape

    con.print(f"[bold]{escape(sc.title)}[/bold]")
    con.print(_base_table(sc, doc["base_case"], "da"))
    for line in headline_lines(doc, lang):
        con.print(line, soft_wrap=True)  # one sentence, one line: easy to copy into a report
