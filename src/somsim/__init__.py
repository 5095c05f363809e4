"""somsim: SØM business cases with honest uncertainty.

The public API is imported lazily so that ``import somsim`` stays fast; heavy modules
(numba, xarray, matplotlib, SALib, dask) load only when a function that needs them is used.
"""

from __future__ import annotations

import importlib

from somsim._version import __version__
from somsim.errors import BackendError, Problem, ScenarioError, SomsimError, UsageError

_LAZY = {
    "Scenario": "scenario.loader",
    "load_scenario": "scenario.loader",
    "base_case": "model.reference",
    "compile_spec": "model.reference",
    "evaluate": "model.reference",
    "simulate": "simulation.engine",
    "SimulationResult": "simulation.engine",
    "open_results": "results.dataset",
    "save_results": "results.dataset",
}

__all__ = sorted([*_LAZY, "__version__", "BackendError", "Problem", "ScenarioError", "SomsimError", "UsageError"])


def __getattr__(name: str):
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'somsim' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{mod}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
