"""SimulationResult: what a probabilistic run returns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from somsim.scenario.loader import Scenario
from somsim.simulation.plan import Plan

__all__ = ["SimulationResult"]


@dataclass
class SimulationResult:
    """A probabilistic run: the `uncertainty` block of summary.json and what was kept per draw.

    Attributes
    ----------
    scenario, plan : what was run
    summary : the ``uncertainty`` block of summary.json (see reduce.assemble)
    extra : provenance, and the --draws auto criterion when draws were chosen automatically
    npv : (draws, J) NPV per draw (``scenario.outputs``: kommune, region, stat, total, then the
        committees), or None when quantiles were streamed
    inputs : (draws, n_inputs) input values per draw when keep_draws
    net : (draws, H, 3) net flows per draw when keep_draws
    break_even : (draws, J) break-even year per draw when keep_draws
    cumulative : (band draws, H, J) cumulative NPV by year of the first draws (the bands)
    sub_net : (draws, H, U) the kommune's net by committee when keep_draws and [udvalg]
    payback : (draws, J) payback year per draw when keep_draws
    passes : evaluations of every draw (more when streamed quantiles needed another pass)
    """

    scenario: Scenario
    plan: Plan
    summary: dict
    extra: dict
    npv: np.ndarray | None
    inputs: np.ndarray | None
    net: np.ndarray | None
    break_even: np.ndarray | None
    cumulative: np.ndarray | None
    passes: int = 1
    sub_net: np.ndarray | None = None
    payback: np.ndarray | None = None

    @property
    def draws(self) -> int:
        """Number of draws."""
        return self.plan.draws

    @property
    def seed(self) -> int:
        """The seed of the run."""
        return self.plan.seed

    @property
    def sampler(self) -> str:
        """The sampler of the run (random, lhs or sobol)."""
        return self.plan.sampler

    @property
    def input_names(self) -> tuple[str, ...]:
        """The uncertain inputs, in the order of the columns of `inputs`."""
        return self.plan.input_names
