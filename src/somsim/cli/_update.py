"""Loading a scenario for a command: its ``[[observation]]`` entries applied, their warnings printed."""

from __future__ import annotations

from pathlib import Path

import click


def _echo_warnings(upd, lang: str) -> None:
    from somsim.present.messages import update_warning_lines

    for line in update_warning_lines(upd, lang):
        click.echo(line, err=True)


def load(path: Path, lang: str = "da"):
    """The scenario at `path` with the posterior of every observed input (warnings on stderr, in `lang`)."""
    from somsim.decide.update import load_updated

    sc, upd = load_updated(path)
    _echo_warnings(upd, lang)
    return sc


def load_with_update(path: Path, lang: str = "da"):
    """Like :func:`load`, and the :class:`somsim.decide.update.Update` too."""
    from somsim.decide.update import load_updated

    sc, upd = load_updated(path)
    _echo_warnings(upd, lang)
    return sc, upd


def load_all(path: Path, lang: str = "da"):
    """The prior scenario at `path`, its posterior and the :class:`somsim.decide.update.Update` (warnings on stderr)."""
    from somsim.decide.update import apply
    from somsim.scenario.loader import load_scenario

    prior = load_scenario(path)
    sc, upd = apply(prior)
    _echo_warnings(upd, lang)
    return prior, sc, upd
