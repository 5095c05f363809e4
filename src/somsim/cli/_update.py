"""Loading a scenario for a command: its ``[[observation]]`` entries applied, their warnings printed."""

from __future__ import annotations

from pathlib import Path

import click


def load(path: Path):
    """The scenario at `path` with the posterior of every observed input (warnings on stderr)."""
    from somsim.decide.update import load_updated

    sc, upd = load_updated(path)
    for w in upd.warnings:
        click.echo(f"warning: {w}", err=True)
    return sc


def load_with_update(path: Path):
    """Like :func:`load`, and the :class:`somsim.decide.update.Update` too."""
    from somsim.decide.update import load_updated

    sc, upd = load_updated(path)
    for w in upd.warnings:
        click.echo(f"warning: {w}", err=True)
    return sc, upd


def load_all(path: Path):
    """The prior scenario at `path`, its posterior and the :class:`somsim.decide.update.Update` (warnings on stderr)."""
    from somsim.decide.update import apply
    from somsim.scenario.loader import load_scenario

    prior = load_scenario(path)
    sc, upd = apply(prior)
    for w in upd.warnings:
        click.echo(f"warning: {w}", err=True)
    return prior, sc, upd
