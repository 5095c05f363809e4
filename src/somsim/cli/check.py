"""`somsim check`: validate a scenario, print its inputs and the base case."""

from __future__ import annotations

from pathlib import Path

import click

from somsim.cli.common import _base_table, _console, _inputs_table, _print_warnings


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["da", "en"]), default="da", show_default=True,
              help="Number format of kroner.")
def check(scenario: Path, lang: str) -> None:
    """Validate SCENARIO; print its inputs and the base case."""
    from rich.markup import escape  # user text is not rich markup

    from somsim.model.reference import base_case
    from somsim.scenario.loader import load_scenario
    from somsim.results.summary import base_case_block

    sc = load_scenario(scenario)
    _print_warnings(sc)
    con = _console()
    con.print(f"[bold]{escape(sc.title)}[/bold]  ({sc.id}; {escape(str(scenario))})")
    con.print(_inputs_table(sc))
    con.print(_base_table(sc, base_case_block(sc, base_case(sc)), lang))
    con.print(f"OK: {escape(str(scenario))} is a valid format-1 scenario.")
