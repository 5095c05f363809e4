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
