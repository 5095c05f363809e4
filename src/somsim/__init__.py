"""somsim: SØM business cases with honest uncertainty.

The public API is imported lazily so that ``import somsim`` stays fast; heavy modules
(numba, xarray, matplotlib, SALib, dask) load only when a function that needs them is used.
"""

from __future__ import annotations

import importlib

from ._version import __version__
from .errors import BackendError, Problem, ScenarioError, SomsimError, UsageError

_LAZY = {
    "Scenario": "scenario",
    "load_scenario": "scenario",
    "base_case": "model",
    "compile_spec": "model",
    "evaluate": "model",
    "simulate": "engine",
    "SimulationResult": "engine",
    "open_results": "results",
    "save_results": "results",
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
