"""`somsim run`: the base case and a probabilistic run, printed and written (summary.json, results.nc, xlsx, csv)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from somsim.cli.common import console, print_warnings, progress_bar, show_progress
from somsim.cli.options import (
    Command,
    OneOf,
    Whole,
    check_cluster,
    cluster_options,
    draws_option,
    json_option,
    lang_option,
    progress_option,
    sampler_option,
    seed_option,
    threads_option,
)


@click.command(cls=Command)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@draws_option(10_000, 0, 10**9, auto=True, help="Monte Carlo draws (0: base case only; 'auto': until the Monte "
              "Carlo error of the headline figures is small; 1e6 and 1_000_000 are fine).")
@seed_option()
@sampler_option()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write DIR/results.nc and DIR/summary.json.")
@json_option("summary.json")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the tables to an Excel workbook.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the tables as CSV files into DIR.")
@click.option("--chunk-size", type=Whole(1, 2**62), default=None, metavar="N", help="Draws per chunk (rounded up "
              "to a whole number of 8192-draw blocks); results do not depend on it.")
@threads_option()
@cluster_options("Run")
@click.option("--quantiles", type=OneOf(("auto", "exact", "stream")), default="auto", show_default=True,
              help="How the quantiles are computed (always exactly): 'exact' keeps the NPVs of every draw in memory "
              "(32 bytes a draw), 'stream' keeps only the values near each quantile (bounded memory, same numbers), "
              "'auto' streams above 1 GiB (33.5 million draws) and on Dask, when --out is not given. (The quantile "
              "range of `somsim sensitivity` is its --probs.)")
@click.option("--tolerance", type=click.FloatRange(1e-6, 0.5), default=0.01, show_default=True,
              help="With --draws auto: target Monte Carlo error relative to the NPV's standard deviation.")
@lang_option("en", "Language of the summary and the --xlsx workbook (kroner are in Danish format either way).")
@progress_option()
def run(scenario: Path, draws: int | str, seed: int, sampler: str, out_dir: Path | None, json_path: str | None,
        xlsx_path: Path | None, csv_dir: Path | None, chunk_size: int | None, threads: int | None,
        workers: int | None, scheduler: str | None, quantiles: str, tolerance: float, lang: str,
        progress: bool | None) -> None:
    """Base case and probabilistic run of SCENARIO."""
    from somsim._io import dumps_json
    from somsim.cli._update import load as load_scenario  # [[observation]]: the posterior
    from somsim.model.reference import base_case
    from somsim.results import summary as S

    check_cluster(workers, scheduler)
    sc = load_scenario(scenario)
    print_warnings(sc)
    base = S.base_case_block(sc, base_case(sc))
    result = None
    if draws != 0:
        from somsim.simulation.engine import simulate

        with progress_bar(show_progress(progress)) as cb:
            result = simulate(sc, draws=draws, seed=seed, sampler=sampler, chunk_size=chunk_size, threads=threads,
                              workers=workers, scheduler=scheduler, keep_draws=out_dir is not None,
                              quantiles=quantiles, tolerance=tolerance, progress=cb)
    if result is None:
        doc = S.document(sc, base)
    else:
        doc = S.document(sc, base, seed=seed, draws=result.draws, sampler=sampler, uncertainty=result.summary,
                         extra=result.extra)
    # everything is prepared (serialised, imported, built) before the first byte is written;
    # then each output is written atomically
    text = dumps_json(doc)
    _write(sc, doc, text, result, out_dir=out_dir, xlsx_path=xlsx_path, csv_dir=csv_dir, lang=lang)
    to_stdout = json_path == "-"
    if json_path is not None and not to_stdout:
        from somsim._io import write_text

        write_text(json_path, text)
    _human(sc, doc, lang, err=to_stdout)
    if to_stdout:
        sys.stdout.write(text)


def _write(sc, doc: dict, text: str, result, *, out_dir: Path | None, xlsx_path: Path | None,
           csv_dir: Path | None, lang: str) -> None:
    """DIR/results.nc and DIR/summary.json, the workbook and the CSV files (each atomically)."""
    from somsim._io import write_text

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


def _human(sc, doc: dict, lang: str, err: bool) -> None:
    """The title, the classic base-case table and one quotable sentence per headline figure."""
    from rich.markup import escape

    from somsim.present.console.results import base_table
    from somsim.present.headline import headline_lines

    con = console(err=err)
    con.print(f"[bold]{escape(sc.title)}[/bold]")
    con.print(base_table(sc, doc["base_case"], "da"))
    for line in headline_lines(doc, lang):
        con.print(line, soft_wrap=True)  # one sentence, one line: easy to copy into a report
