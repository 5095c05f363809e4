"""The plan of a probabilistic run: everything needed to compute any block of draws, anywhere.

A :class:`Plan` is small and picklable: it is sent once to each Dask worker, and every block of
draws is a pure function of (plan, block number) (see blocks.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from somsim._vocab import BLOCK, PARAM_SUCCESS
from somsim.errors import UsageError
from somsim.model.reference import ModelSpec, compile_spec
from somsim.scenario.loader import Scenario
from somsim.simulation import sampling

__all__ = ["BAND_BYTES", "BAND_DRAWS", "Plan", "make_plan", "tables"]

BAND_DRAWS = 16 * BLOCK  # per-year bands use the first 131,072 draws (quantile error ≪ the band widths)
BAND_BYTES = 128 * 2**20  # and at most this much memory (cumulative NPV by draw, year, actor)


@dataclass(frozen=True)
class Plan:
    """Everything needed to compute any block of draws; small and picklable (for workers).

    Attributes
    ----------
    spec : the scenario compiled to arrays (model order of parameters)
    input_names : the uncertain inputs, in the order of the columns of the inputs matrix
    fam, par : family code and canonical parameters of each input (see sampling.canonical_params)
    cop_cols, cop_F : columns of the correlated inputs and the copula factor (empty without correlations)
    seed, sampler, draws : what the user asked for
    band_draws : the first draws whose cumulative NPV by year is kept for the bands
    success_col : column of the success (or gross) rate in the inputs, or -1 when it is fixed
    dists : the input distributions (to build the inverse-CDF tables where they are missing)
    tables : the inverse-CDF tables (sampling.build_tables), shipped with the plan to workers
    """

    spec: ModelSpec
    input_names: tuple[str, ...]
    fam: np.ndarray
    par: np.ndarray
    cop_cols: np.ndarray
    cop_F: np.ndarray
    seed: int
    sampler: str
    draws: int
    band_draws: int
    success_col: int
    dists: tuple = field(repr=False, default=())
    tables: tuple | None = field(repr=False, default=None, compare=False)

    @property
    def n_blocks(self) -> int:
        """Number of blocks of draws (the last may be partial)."""
        return -(-self.draws // BLOCK)

    def block_size(self, b: int) -> int:
        """Draws in block `b`."""
        return min(BLOCK, self.draws - b * BLOCK)


def make_plan(sc: Scenario, *, draws: int, seed: int = 1, sampler: str = "random") -> Plan:
    """The plan of `draws` draws of `sc` with `seed` and `sampler` (checked here: bad values raise UsageError)."""
    if sampler not in sampling.SAMPLERS:
        raise UsageError(f"unknown sampler {sampler!r} (expected one of {', '.join(sampling.SAMPLERS)})")
    if not isinstance(draws, (int, np.integer)) or draws < 1:
        raise UsageError(f"draws must be a whole number ≥ 1 (got {draws!r})")
    spec = compile_spec(sc)
    inputs = sc.inputs
    names = tuple(p.name for p in inputs)
    dists = tuple(p.dist for p in inputs)
    fam, par = sampling.canonical_params(list(dists))
    if sc.correlations:
        cols, pearson = sampling.correlation_matrix(sc.correlations, names)
        F = sampling.copula_factor(pearson)
    else:
        cols, F = np.zeros(0, dtype=np.int64), np.zeros((0, 0))
    per_draw = spec.horizon * len(spec.outputs) * 8
    band = min(draws, BAND_DRAWS, max(BLOCK, (BAND_BYTES // per_draw) // BLOCK * BLOCK))
    return Plan(spec=spec, input_names=names, fam=fam, par=par, cop_cols=cols, cop_F=F, seed=int(seed),
                sampler=sampler, draws=int(draws), band_draws=int(band),
                success_col=spec.col_of(PARAM_SUCCESS),
                dists=dists, tables=_built_tables(dists))


_TABLES: dict[tuple, tuple] = {}


def _built_tables(dists: tuple) -> tuple:
    """Inverse-CDF tables, built once per process for each set of input distributions (0.3–0.6 s)."""
    if dists not in _TABLES:
        if len(_TABLES) > 16:
            _TABLES.clear()
        _TABLES[dists] = sampling.build_tables(dists)
    return _TABLES[dists]


def tables(plan: Plan) -> tuple:
    """The plan's inverse-CDF tables: they travel with it, so a worker does not build them again."""
    return plan.tables if plan.tables is not None else _built_tables(plan.dists)
