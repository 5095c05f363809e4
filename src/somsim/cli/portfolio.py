"""`somsim portfolio`: the options that fit a budget and maximise expected NPV, with the risk across draws."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from somsim.cli.common import console, print_warnings
from somsim.cli.options import (
    PERSPECTIVE,
    Command,
    Kroner,
    OneOf,
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
@click.option("--budget", "budgets", type=Kroner(minimum=0), multiple=True, required=True, metavar="KR",
              help="The budget for the options' costs (present value); with --years, give it once (the same every "
              "year) or once per year.")
@click.option("--actor", type=OneOf(("kommune", "region", "stat", "total")), default="kommune", show_default=True,
              help="Who pays: whose costs count against the budget.")
@click.option("--years", type=Whole(1, 50), default=None, metavar="N",
              help="Budget years 0 … N-1, each with its budget, instead of the present value of the costs.")
@click.option("--perspective", type=PERSPECTIVE, default=None,
              help="Whose NPV is maximised (default: the first scenario's perspective).")
@draws_option(10_000, 1, 10**7, help="Monte Carlo draws.")
@seed_option()
@sampler_option()
@json_option("the portfolio")
@lang_option()
def portfolio(scenarios: tuple[Path, ...], budgets: tuple[float, ...], actor: str, years: int | None,
              perspective: str | None, draws: int, seed: int, sampler: str, json_path: str | None,
              lang: str) -> None:
    """The portfolio of SCENARIOS … that fits the budget and maximises the expected NPV."""
    from somsim._io import dumps_json, write_text
    from somsim.decide import compare as C
    from somsim.decide import portfolio as P
    from somsim.decide.update import load_updated

    if len(scenarios) > P.MAX_OPTIONS:
        raise UsageError(f"at most {P.MAX_OPTIONS} options (got {len(scenarios)})")
    if years is None and len(budgets) > 1:
        raise UsageError("give --budget once (the present value of the costs), or --years N with a budget per year")
    if years is not None and len(budgets) not in (1, years):
        raise UsageError(f"--years {years}: give --budget once or {years} times (got {len(budgets)})")
    from somsim.present.messages import update_warning_lines

    scs = []
    for path in scenarios:
        sc, upd = load_updated(path)
        print_warnings(sc, lang)
        for line in update_warning_lines(upd, lang):
            click.echo(line, err=True)
        scs.append(sc)
    cmp = C.compare(scs, draws=draws, seed=seed, sampler=sampler, perspective=perspective) if len(scs) > 1 else \
        C.compare(scs, draws=draws, seed=seed, sampler=sampler, perspective=perspective, vs_nothing=True)
    if len(scs) == 1:  # one option: drop the status quo that compare() needs
        from dataclasses import replace

        cmp = replace(cmp, labels=cmp.labels[:1], scenarios=cmp.scenarios[:1], npv=cmp.npv[:, :1],
                      costs_pv=cmp.costs_pv[:, :1], base_npv=cmp.base_npv[:1])
    res = P.portfolio(cmp, list(budgets), actor=actor, years=years)
    doc = P.document(res, draws_seed=(draws, seed))
    text = dumps_json(doc)
    to_stdout = json_path == "-"
    if json_path is not None and not to_stdout:
        write_text(json_path, text)
    from somsim.present.console.decide import portfolio_tables

    con = console(err=to_stdout)
    for item in portfolio_tables(doc, lang=lang, width=con.width):
        con.print(item)
    if to_stdout:
        sys.stdout.write(text)
