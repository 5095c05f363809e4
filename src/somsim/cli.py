"""The `somsim` command line: a thin shell over the library.

Exit codes: 0 success, 2 bad input (scenario or arguments), 1 any other failure.
No traceback reaches the user unless SOMSIM_DEBUG=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from .errors import ScenarioError, SomsimError, UsageError

ACTOR_ORDER = ("total", "kommune", "region", "stat")


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ScenarioError as e:
            for p in e.problems:
                click.echo(str(p), err=True)
            n = len(e.problems)
            click.echo(f"somsim: {n} problem{'s' if n != 1 else ''} found; nothing was run or written.", err=True)
            ctx.exit(2)
        except UsageError as e:
            click.echo(f"somsim: {e}", err=True)
            ctx.exit(2)
        except SomsimError as e:
            click.echo(f"somsim: {e}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("somsim: interrupted; nothing was written.", err=True)
            ctx.exit(1)
        except OSError as e:  # e.g. an output path that cannot be written: not an internal error
            if os.environ.get("SOMSIM_DEBUG"):
                raise
            click.echo(f"somsim: {e.__class__.__name__}: {e}", err=True)
            ctx.exit(1)
        except Exception as e:  # noqa: BLE001 - the last line of defence: no tracebacks for users
            if os.environ.get("SOMSIM_DEBUG"):
                raise
            click.echo(f"somsim: internal error: {e.__class__.__name__}: {e} (set SOMSIM_DEBUG=1 for details)",
                       err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="somsim")
def main() -> None:
    """somsim: SØM business cases with honest uncertainty."""


def _console(err: bool = False):
    from rich.console import Console

    return Console(stderr=err, highlight=False, soft_wrap=False)


def draws_callback(maximum: int, *, allow_auto: bool):
    """A click callback for --draws: a whole number 0 … maximum (1e6 and 1_000_000 are fine)[, or 'auto']."""

    def callback(ctx, param, value: str):
        if allow_auto and value == "auto":
            return "auto"
        msg = (f"expected a whole number of draws from 0 to {maximum:.0e}{', or ' + repr('auto') if allow_auto else ''} "
               f"(got {value!r})")
        try:
            x = float(str(value).replace("_", ""))
        except ValueError:
            raise click.BadParameter(msg) from None
        if not (x.is_integer() and 0 <= x <= maximum):
            raise click.BadParameter(msg)
        return int(x)

    return callback


class progress_bar:
    """A rich progress bar as a callback progress(done, total) on stderr; None when not shown."""

    def __init__(self, show: bool, label: str = "draws"):
        self.show, self.label, self.bar = show, label, None

    def __enter__(self):
        if not self.show:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn(self.label), BarColumn(), TextColumn("{task.completed:,}/{task.total:,}"),
                            TimeRemainingColumn(), console=_console(err=True), transient=True)
        self.bar.__enter__()
        task = self.bar.add_task(self.label, total=1)

        def cb(done: int, total: int) -> None:
            self.bar.update(task, completed=done, total=total)

        return cb

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


def _print_warnings(sc) -> None:
    for w in sc.warnings:
        click.echo(f"warning: {w}", err=True)


def _base_table(sc, base: dict, lang: str):
    from rich.table import Table

    from .textformat import kr

    t = Table(title=f"Base case ({sc.price_year} prices, {sc.horizon} years, "
                    f"{sc.participants} participants)", title_justify="left")
    t.add_column("")
    for a in ACTOR_ORDER:
        t.add_column(a, justify="right")
    for label, key in (("Gains (PV)", "gains_pv"), ("Costs (PV)", "costs_pv"), ("Net present value", "npv"),
                       ("per participant", "npv_per_participant")):
        t.add_row(label, *(kr(base[key][a], lang, compact=False) for a in ACTOR_ORDER))
    t.add_row("Break-even year", *("–" if base["break_even_year"][a] is None else str(base["break_even_year"][a])
                                   for a in ACTOR_ORDER))
    return t


def _inputs_table(sc):
    from rich.table import Table

    from .distributions import _fmt

    t = Table(title=f"Uncertain inputs ({len(sc.inputs)} of {len(sc.params)} model quantities)",
              title_justify="left")
    for c in ("input", "group", "distribution", "point value"):
        t.add_column(c, justify="right" if c == "point value" else "left")
    for p in sc.inputs:
        t.add_row(p.name, p.group, p.dist.describe(), _fmt(p.dist.point))
    return t


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["da", "en"]), default="da", show_default=True,
              help="Number format of kroner.")
def check(scenario: Path, lang: str) -> None:
    """Validate SCENARIO; print its inputs and the base case."""
    from rich.markup import escape  # user text is not rich markup

    from .model import base_case
    from .scenario import load_scenario
    from .summary import base_case_block

    sc = load_scenario(scenario)
    _print_warnings(sc)
    con = _console()
    con.print(f"[bold]{escape(sc.title)}[/bold]  ({sc.id}; {escape(str(scenario))})")
    con.print(_inputs_table(sc))
    con.print(_base_table(sc, base_case_block(sc, base_case(sc)), lang))
    con.print(f"OK: {escape(str(scenario))} is a valid format-1 scenario.")


from . import _cli_run  # noqa: E402,F401  (registers `run`, `init`)
from . import _cli_sensitivity  # noqa: E402,F401  (registers `sensitivity`)
from . import _cli_report  # noqa: E402,F401  (registers `report`)
from . import _cli_voi  # noqa: E402,F401  (registers `voi`)
