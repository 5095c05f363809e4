"""What the commands share besides their options (:mod:`somsim.cli.options`): the console, progress bars, warnings."""

from __future__ import annotations

import sys

import click

__all__ = ["console", "print_all", "print_warnings", "progress_bar", "show_progress"]


def console(err: bool = False):
    """A rich Console on stdout (or stderr) that adds no colours of its own and does not wrap long lines."""
    from rich.console import Console

    return Console(stderr=err, highlight=False, soft_wrap=False)


def show_progress(progress: bool | None) -> bool:
    """Whether to show a progress bar: as asked, else when stderr is a terminal."""
    return progress if progress is not None else sys.stderr.isatty()


class progress_bar:
    """A rich progress bar as a callback ``progress(done, total)`` on stderr; None when not shown."""

    def __init__(self, show: bool, label: str = "draws"):
        self.show, self.label = show, label
        self.bar = None

    def __enter__(self):
        if not self.show:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn(self.label), BarColumn(), TextColumn("{task.completed:,}/{task.total:,}"),
                       TimeRemainingColumn(), console=console(err=True), transient=True)
        bar.__enter__()
        self.bar = bar
        task = bar.add_task(self.label, total=1)

        def cb(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return cb

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


def print_warnings(sc, lang: str = "en") -> None:
    """The scenario's warnings, one line each on stderr, headed 'warning:' ('advarsel:' in Danish)."""
    from somsim.present.locale import strings

    word = strings(lang).CONSOLE["warning"]
    for w in sc.warnings:
        click.echo(f"{word}: {w}", err=True)


def print_all(con, items) -> None:
    """Print rich renderables (tables, lines) in order."""
    for item in items:
        con.print(item)
