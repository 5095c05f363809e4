"""somsim: SØM business cases with honest uncertainty.

The public API, for scripts and notebooks::

    import somsim

    sc = somsim.load_scenario("scenarios/cool-kids-2019.toml")   # or somsim.load(...)
    flows = somsim.base_case(sc)                                  # the classic SØM calculation
    run = somsim.simulate(sc, draws=100_000, seed=1, keep_draws=True)
    somsim.save_results(run, "results.nc")                        # somsim.open_results(...) reads it back
    tornado = somsim.oat(sc)                                      # sensitivity: oat, sobol, morris, given_data
    indices = somsim.sobol(sc, n=4096)                            #   (or analyse_sensitivity(sc, "sobol", …))
    voi = somsim.analyse_voi(run)                                 # EVPI and EVPPI; somsim.evsi(run, "success_rate")

=========================  ====================================================================
name                       what it is
=========================  ====================================================================
``load_scenario``, ``load``  read and validate a scenario file (:class:`Scenario`)
``base_case``              the base case: flows by year, actor and activity
``simulate``               a probabilistic run (:class:`SimulationResult`)
``save_results``           write a run's draws as ``results.nc``; ``open_results`` reads it
``sobol``, ``morris``,     sensitivity methods (:class:`SensitivityResult`);
``given_data``, ``oat``    ``analyse_sensitivity(sc, method, **kw)`` runs any of them by name
``analyse_voi``, ``evsi``  value of information (:class:`VOIResult`, :class:`EVSIResult`)
the errors                 :class:`SomsimError` and its :class:`ScenarioError` (with its
                           :class:`Problem` list), :class:`UsageError`, :class:`BackendError`
=========================  ====================================================================

Everything else (plots, the report, exports, the command line) lives in the subpackages, e.g.
:mod:`somsim.present.plots`. Names are imported lazily, so ``import somsim`` stays fast: numba,
scipy, xarray, matplotlib, SALib and dask load only when a function that needs them is used.
"""

from __future__ import annotations

import importlib
from typing import Any

from somsim._version import __version__
from somsim.errors import BackendError, Problem, ScenarioError, SomsimError, UsageError

#: public name -> (module, attribute): imported on first use
_LAZY: dict[str, tuple[str, str]] = {
    "Scenario": ("somsim.scenario.loader", "Scenario"),
    "load_scenario": ("somsim.scenario.loader", "load_scenario"),
    "load": ("somsim.scenario.loader", "load_scenario"),
    "base_case": ("somsim.model.reference", "base_case"),
    "simulate": ("somsim.simulation.engine", "simulate"),
    "SimulationResult": ("somsim.simulation.engine", "SimulationResult"),
    "open_results": ("somsim.results.dataset", "open_results"),
    "save_results": ("somsim.results.dataset", "save_results"),
    "SensitivityResult": ("somsim.sensitivity.core", "SensitivityResult"),
    "analyse_sensitivity": ("somsim.sensitivity.core", "analyse"),
    "given_data": ("somsim.sensitivity.core", "given_data"),
    "morris": ("somsim.sensitivity.core", "morris"),
    "oat": ("somsim.sensitivity.core", "oat"),
    "sobol": ("somsim.sensitivity.core", "sobol"),
    "VOIResult": ("somsim.voi.core", "VOIResult"),
    "EVSIResult": ("somsim.voi.core", "EVSIResult"),
    "analyse_voi": ("somsim.voi.core", "analyse"),
    "evsi": ("somsim.voi.core", "evsi"),
}

__all__ = [
    "BackendError", "EVSIResult", "Problem", "Scenario", "ScenarioError", "SensitivityResult", "SimulationResult",
    "SomsimError", "UsageError", "VOIResult", "__version__", "analyse_sensitivity", "analyse_voi", "base_case",
    "evsi", "given_data", "load", "load_scenario", "morris", "oat", "open_results", "save_results", "simulate",
    "sobol",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'somsim' has no attribute {name!r}")
    module, attr = _LAZY[name]
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names."""
    return list(__all__)
