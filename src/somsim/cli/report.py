"""`somsim report`: the HTML report (and optionally its tables as Excel / CSV)."""

from __future__ import annotations

from pathlib import Path

import click

from somsim._hygiene import printable
from somsim.cli.common import Outputs, print_warnings, progress_bar, show_progress
from somsim.cli.options import Command, draws_option, lang_option, progress_option, sampler_option, seed_option
from somsim.errors import UsageError


@click.command(cls=Command)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the report (default: SCENARIO-ID.html in the current directory).")
@lang_option()
@draws_option(10_000, 0, 10**7, help="Monte Carlo draws (0: base case only).")
@seed_option()
@sampler_option()
@click.option("--analyses/--no-analyses", default=True, show_default=True,
              help="Add sensitivity and value of information (small runs).")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report's tables to an Excel workbook.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write the report's tables as CSV files into DIR.")
@click.option("--compare", "others", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="OTHER.toml", help="Add a section comparing SCENARIO with OTHER on common random numbers "
              "(P(best), expected loss, the difference); repeat for more options.")
@click.option("--vs-nothing", is_flag=True, help="Compare with the status quo too (an option with NPV 0).")
@progress_option()
def report(scenario: Path, out_path: Path | None, lang: str, draws: int, seed: int, sampler: str, analyses: bool,
           xlsx_path: Path | None, csv_dir: Path | None, others: tuple[Path, ...], vs_nothing: bool,
           progress: bool | None) -> None:
    """Write a self-contained HTML report of SCENARIO (plots embedded; opens offline in any browser).

    A scenario with [[observation]] entries is reported on the posterior, with a section on what the
    local data changed. --compare OTHER.toml (and --vs-nothing) add a comparison section.
    """
    from somsim.cli._update import load_all  # [[observation]]: the posterior, and the prior it came from
    from somsim.present.report import build_report, summary_document

    comparing = bool(others) or vs_nothing
    if comparing and not draws:
        raise UsageError("--compare and --vs-nothing need draws (--draws ≥ 1)")
    outputs = Outputs(scenario)  # every output checked before anything is read or run
    csv_files = [] if csv_dir is None else [csv_dir / name for name in _csv_names()]
    outputs.declare(out_path, xlsx_path, *csv_files)
    prior, sc, upd = load_all(scenario, lang)
    cmp = None
    if comparing:
        from somsim.decide.compare import compare

        scs = [sc] + [load_all(p, lang)[1] for p in others]
        for o in scs[1:]:
            print_warnings(o, lang)
        cmp = compare(scs, draws=draws, seed=seed, sampler=sampler, vs_nothing=vs_nothing)
    target = out_path or Path(f"{sc.id}.html")
    if out_path is None:
        outputs.declare(target)
    outputs.loaded(sc)
    print_warnings(sc, lang)
    if draws:
        from somsim._resources import require_memory
        from somsim.simulation.memory import run_bytes

        require_memory(run_bytes(len(sc.inputs), sc.horizon, draws, keep_draws=analyses, exact=True),
                       f"report with {draws:,} draws", ["use fewer draws (--draws)", "or --no-analyses"])
    result = None
    if draws:
        from somsim.simulation.engine import simulate

        with progress_bar(show_progress(progress), "draws", lang) as cb:
            result = simulate(sc, draws=draws, seed=seed, sampler=sampler, keep_draws=analyses, progress=cb)
    html = build_report(sc, lang=lang, draws=draws, seed=seed, sampler=sampler, result=result, analyses=analyses,
                        comparison=cmp, update=upd, prior=prior)
    doc = summary_document(sc, result) if xlsx_path is not None or csv_dir is not None else None
    # the report, the workbook and the CSV files are one unit: all are in place, or none changed
    with outputs.writing() as out:
        if doc is not None:
            from somsim.present.exports import add_csv, add_xlsx

            if xlsx_path is not None:
                add_xlsx(out, xlsx_path, sc, doc, lang=lang)
            if csv_dir is not None:
                add_csv(out, csv_dir, sc, doc)
        out.add_text(target, html)
    from somsim.present.locale import strings

    said = strings(lang).CONSOLE["wrote"]
    for p in [*([str(xlsx_path)] if xlsx_path else []), *([f"{csv_dir}/*.csv"] if csv_dir else []), str(target)]:
        click.echo(said.format(path=printable(p)), err=True)


def _csv_names() -> tuple[str, ...]:
    from somsim.present.exports import CSV_FILES

    return CSV_FILES
