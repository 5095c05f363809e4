"""`somsim run`: the base case and a probabilistic run, printed and written (summary.json, results.nc, xlsx, csv)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from somsim.cli.common import Outputs, console, print_all, print_warnings, progress_bar, show_progress
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

MANIFEST = "manifest.json"


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
@lang_option()
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

    check_cluster(workers, scheduler, lang)
    outputs = Outputs(scenario)  # every output checked before anything is read or run
    outputs.declare(json_path, xlsx_path, *_out_files(out_dir, draws != 0), *_csv_files(csv_dir))
    sc = load_scenario(scenario, lang)
    outputs.loaded(sc)
    print_warnings(sc, lang)
    if draws != 0:
        _check_memory(sc, draws, out_dir is not None, quantiles, workers or scheduler)
    base = S.base_case_block(sc, base_case(sc))
    result = None
    if draws != 0:
        from somsim.simulation.engine import simulate

        with progress_bar(show_progress(progress), "draws", lang) as cb:
            result = simulate(sc, draws=draws, seed=seed, sampler=sampler, chunk_size=chunk_size, threads=threads,
                              workers=workers, scheduler=scheduler, keep_draws=out_dir is not None,
                              quantiles=quantiles, tolerance=tolerance, progress=cb)
    if result is None:
        doc = S.document(sc, base)
    else:
        doc = S.document(sc, base, seed=seed, draws=result.draws, sampler=sampler, uncertainty=result.summary,
                         extra=result.extra)
    text = dumps_json(doc)
    to_stdout = json_path == "-"
    _write(outputs, sc, doc, text, result, out_dir=out_dir, json_path=None if to_stdout else json_path,
           xlsx_path=xlsx_path, csv_dir=csv_dir, lang=lang, seed=seed)
    wrote = [p for p in outputs.paths if p != str(out_dir / MANIFEST)] if out_dir is not None else list(outputs.paths)
    _human(sc, doc, lang, err=to_stdout)
    _said_wrote(wrote, lang)
    if to_stdout:
        sys.stdout.write(text)


def _out_files(out_dir: Path | None, with_results: bool) -> list[Path]:
    """The files of --out DIR: summary.json, results.nc (after a probabilistic run) and manifest.json."""
    if out_dir is None:
        return []
    return [out_dir / "summary.json", *([out_dir / "results.nc"] if with_results else []), out_dir / MANIFEST]


def _csv_files(csv_dir: Path | None) -> list[Path]:
    from somsim.present.exports import CSV_FILES

    return [] if csv_dir is None else [csv_dir / name for name in CSV_FILES]


def _check_memory(sc, draws: int | str, out: bool, quantiles: str, remote: object) -> None:
    """Refuse (exit 2, with the estimate and the way on) a run that cannot fit in memory."""
    from somsim._resources import human_bytes, require_memory
    from somsim.simulation.engine import MAX_AUTO_DRAWS, STREAM_BYTES
    from somsim.simulation.memory import run_bytes

    n = MAX_AUTO_DRAWS if draws == "auto" else int(draws)
    exact = out or quantiles == "exact" or (quantiles == "auto" and not remote and n * 32 <= STREAM_BYTES)
    parts = run_bytes(len(sc.inputs), sc.horizon, n, keep_draws=out, exact=exact, out=out)
    hints = []
    if out:
        alone = sum(run_bytes(len(sc.inputs), sc.horizon, n, keep_draws=False, exact=False).values())
        hints.append(f"leave out --out (then about {human_bytes(alone)}: the quantiles are streamed)")
    elif exact:
        hints.append("use --quantiles stream (bounded memory, the same numbers)")
    hints.append("use fewer draws")
    what = f"run with {n:,} draws" + (" and --out" if out else "")
    require_memory(parts, what, hints)


def _write(outputs: Outputs, sc, doc: dict, text: str, result, *, out_dir: Path | None, json_path: str | None,
           xlsx_path: Path | None, csv_dir: Path | None, lang: str, seed: int) -> None:
    """All outputs as one set: DIR/summary.json, results.nc, manifest.json, --json, the workbook, the CSVs."""
    dataset = None
    if out_dir is not None and result is not None:
        from somsim.results.dataset import to_dataset

        dataset = to_dataset(result)
    if xlsx_path is not None or csv_dir is not None:
        from somsim.present.exports import add_csv, add_xlsx
    with outputs.writing() as out:
        if out_dir is not None:
            out.add_text(out_dir / "summary.json", text)
            if dataset is not None:
                out.add_netcdf(out_dir / "results.nc", dataset)
                del dataset
            out.add_manifest(out_dir, MANIFEST, info={"seed": seed, "draws": doc.get("draws"),
                                                      "scenario_sha256": sc.sha256})
        if json_path is not None:
            out.add_text(json_path, text)
        if xlsx_path is not None:
            add_xlsx(out, xlsx_path, sc, doc, lang=lang)
        if csv_dir is not None:
            add_csv(out, csv_dir, sc, doc)


def _said_wrote(paths: list[str], lang: str) -> None:
    """One line on stderr per file written: 'wrote PATH' ('skrev PATH')."""
    from somsim._hygiene import printable
    from somsim.present.locale import strings

    for p in paths:
        click.echo(strings(lang).CONSOLE["wrote"].format(path=printable(p)), err=True)


def _human(sc, doc: dict, lang: str, err: bool) -> None:
    """The title, the classic base-case table and one quotable sentence per headline figure."""
    from rich.markup import escape

    from somsim.present.console.results import base_table
    from somsim.present.headline import headline_lines, is_reconstruction

    con = console(err=err)
    con.print(f"[bold]{escape(sc.title)}[/bold]")
    print_all(con, base_table(sc, doc["base_case"], lang, con.width))
    for line in headline_lines(doc, lang, assumed_spreads=is_reconstruction(sc)):
        con.print(line, soft_wrap=True)  # one sentence, one line: easy to copy into a report
    from somsim.present.notes import base_mean_median, few_successes, haircut_note

    persp = doc.get("perspective", "total")
    for a in dict.fromkeys(["total", persp]):  # §6.6 base case, mean and median side by side
        bmm = base_mean_median(doc, a, lang)
        if bmm:
            con.print(escape(bmm), soft_wrap=True)
    if sc.rates.haircut_source != "none":
        con.print(escape(haircut_note(sc, lang)), soft_wrap=True)
    few = few_successes(sc, lang)
    if few:
        con.print(escape(few), soft_wrap=True)
