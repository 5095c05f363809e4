"""Local data: ``[[observation]]`` entries turn the prior of an input into a posterior (placeholder)."""

from __future__ import annotations

from pathlib import Path

from somsim.scenario.loader import Scenario, load_scenario

__all__ = ["load_updated"]


def load_updated(path: str | Path) -> tuple[Scenario, None]:
    """Load a scenario (its observations applied)."""
    return load_scenario(path), None
