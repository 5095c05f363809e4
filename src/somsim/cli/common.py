"""What the commands share: the console, progress bars, option callbacks, the base-case and inputs tables."""

from __future__ import annotations

from pathlib import Path

import click


ACTOR_ORDER = ("total", "kommune", "region", "stat")


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

    from somsim._text import kr

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

    from somsim.distributions.core import _fmt

    t = Table(title=f"Uncertain inputs ({len(sc.inputs)} of {len(sc.params)} model quantities)",
              title_justify="left")
    for c in ("input", "group", "distribution", "point value"):
        t.add_column(c, justify="right" if c == "point value" else "left")
    for p in sc.inputs:
        t.add_row(p.name, p.group, p.dist.describe(), _fmt(p.dist.point))
    return t
