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
    """A rich progress bar as a callback ``progress(done, total)`` on stderr; None when not shown.

    `label` is "draws" or "evaluations", shown in `lang` with the counts in its number format.
    """

    def __init__(self, show: bool, label: str = "draws", lang: str = "da"):
        self.show, self.label, self.lang = show, label, lang
        self.bar = None

    def __enter__(self):
        if not self.show:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        from somsim._text import number
        from somsim.present.locale import strings

        lang = self.lang
        label = strings(lang).CONSOLE[f"progress_{self.label}"]
        bar = Progress(TextColumn(label), BarColumn(), TextColumn("{task.fields[count]}"),
                       TimeRemainingColumn(), console=console(err=True), transient=True)
        bar.__enter__()
        self.bar = bar
        task = bar.add_task(label, total=1, count="")

        def cb(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, count=f"{number(done, 0, lang)}/{number(total, 0, lang)}")

        return cb

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


def print_warnings(sc, lang: str = "da") -> None:
    """The scenario's warnings in `lang`, one line each on stderr, headed 'advarsel:' ('warning:' in English)."""
    if not sc.warnings:
        return
    from somsim.present.messages import warning_lines

    for line in warning_lines(sc.warnings, lang):
        click.echo(line, err=True)


def print_all(con, items) -> None:
    """Print rich renderables (tables, lines) in order."""
    for item in items:
        con.print(item)


#: the outputs committed by this process (for an honest message when a signal arrives afterwards)
WRITTEN: list[str] = []


class Outputs:
    """The outputs of one command: declared and checked before anything runs, written as a unit.

    Parameters
    ----------
    scenario : path-like
        The scenario the command reads: no output may be it (nor, after :meth:`loaded`, any include).

    Notes
    -----
    ``declare`` checks each path up front (exit 2: an input, a folder, a block device …); after the
    scenario is loaded, :meth:`loaded` checks them again against its includes. The files are then
    added inside ``with outputs.writing() as out:`` and moved into place together when the block ends
    (see :class:`somsim._io.OutputSet`). ``-`` (stdout) is not a path and is never declared.
    """

    def __init__(self, scenario) -> None:
        import os

        from somsim._io import OutputSet

        self.set = OutputSet(inputs=[os.fspath(scenario)])
        self.paths: list[str] = []

    def declare(self, *paths) -> None:
        """Check output paths (None and '-' are skipped); UsageError (exit 2) for one that may not be written."""
        import os

        new = [os.fspath(p) for p in paths if p is not None and os.fspath(p) != "-"]
        self.set.check(*new)
        self.paths += new

    def loaded(self, sc) -> None:
        """Check the declared outputs again, now that the scenario's includes are known."""
        self.set.inputs = [*self.set.inputs, *(str(f) for f in sc.includes)]
        self.set.check(*self.paths)

    def writing(self):
        """The OutputSet as a context manager: add the outputs inside; they are committed as the block ends."""
        return _Committing(self)


class _Committing:
    def __init__(self, outputs: Outputs) -> None:
        self.outputs = outputs

    def __enter__(self):
        return self.outputs.set.__enter__()

    def __exit__(self, exc_type, exc, tb):
        try:
            return self.outputs.set.__exit__(exc_type, exc, tb)
        finally:
            if self.outputs.set._state == "committed":
                WRITTEN.extend(self.outputs.paths)
