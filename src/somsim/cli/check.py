"""`somsim check`: validate a scenario, print its inputs and the base case."""

from __future__ import annotations

from pathlib import Path

import click

from somsim.cli.common import console, print_all, print_warnings
from somsim.cli.options import Command, lang_option


@click.command(cls=Command)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@lang_option()
def check(scenario: Path, lang: str) -> None:
    """Validate SCENARIO; print its inputs and the base case."""
    from rich.markup import escape  # user text is not rich markup

    from somsim.cli._update import load_with_update
    from somsim.model.reference import base_case
    from somsim.present.console.results import base_table, inputs_table
    from somsim.present.locale import strings
    from somsim.results.summary import base_case_block

    C = strings(lang).CONSOLE
    sc, upd = load_with_update(scenario, lang)
    print_warnings(sc, lang)
    con = console()
    con.print("[bold]" + C["scenario_line"].format(title=escape(sc.title), id=sc.id, path=escape(str(scenario)))
              + "[/bold]")
    print_all(con, inputs_table(sc, lang, con.width))
    if upd.inputs:  # [[observation]]: prior and posterior side by side
        from somsim.present.console.decide import update_table

        print_all(con, update_table(upd, lang, con.width))
    print_all(con, base_table(sc, base_case_block(sc, base_case(sc)), lang, con.width))
    from somsim.present.notes import few_successes, haircut_note

    con.print(escape(haircut_note(sc, lang)))
    few = few_successes(sc, lang)
    if few:
        con.print(escape(few))
    con.print(C["ok"].format(path=escape(str(scenario))))
