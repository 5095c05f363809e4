"""`somsim check`: validate a scenario, print its inputs and the base case."""

from __future__ import annotations

from pathlib import Path

import click

from somsim.cli.common import console, print_warnings
from somsim.cli.options import Command, lang_option


@click.command(cls=Command)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@lang_option("da", "Number format of kroner.")
def check(scenario: Path, lang: str) -> None:
    """Validate SCENARIO; print its inputs and the base case."""
    from rich.markup import escape  # user text is not rich markup

    from somsim.cli._update import load_with_update
    from somsim.model.reference import base_case
    from somsim.present.console.results import base_table, inputs_table
    from somsim.results.summary import base_case_block

    sc, upd = load_with_update(scenario)
    print_warnings(sc)
    con = console()
    con.print(f"[bold]{escape(sc.title)}[/bold]  ({sc.id}; {escape(str(scenario))})")
    con.print(inputs_table(sc))
    if upd.inputs:
        from somsim.present.console.decide import update_table

        con.print(update_table(upd, lang))
    con.print(base_table(sc, base_case_block(sc, base_case(sc)), lang))
    con.print(f"OK: {escape(str(scenario))} is a valid format-1 scenario.")
