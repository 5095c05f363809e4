"""somsim: SØM business cases with honest uncertainty.

The public API, for scripts and notebooks::

    import somsim

    sc = somsim.load(somsim.example("cool-kids-2019"))   # or somsim.load("my-case.toml")
    somsim.base_case(sc).npv                             # the classic SØM calculation, total first
    run = somsim.simulate(sc, draws=100_000, seed=1)     # a Run: .summary, .to_xarray(), .plot.fan(), .report(path)
    tornado = somsim.oat(sc)                             # a Sensitivity: .to_pandas(), .to_xarray(), .plot()
    indices = somsim.sobol(sc, n=4096)                   #   (oat, sobol, morris, given_data, analyse_sensitivity)
    voi = somsim.analyse_voi(run)                        # a VOI: EVPI and EVPPI; .to_pandas(), .plot()

See docs/python-api.md for a worked example.

=========================  ====================================================================
name                       what it is
=========================  ====================================================================
``load_scenario``, ``load``  read and validate a scenario file (:class:`Scenario`)
``example``                the path of a bundled published case
``base_case``              the base case by actor (:class:`somsim.api.BaseCase`; ``.flows`` the arrays)
``simulate``               a probabilistic run (:class:`Run`, with ``.summary`` a :class:`Summary`)
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
    "base_case": ("somsim.api", "base_case"),
    "example": ("somsim.api", "example"),
    "simulate": ("somsim.api", "simulate"),
    "Run": ("somsim.api", "Run"),
    "Summary": ("somsim.api", "Summary"),
    "Sensitivity": ("somsim.api", "Sensitivity"),
    "VOI": ("somsim.api", "VOI"),
    "SimulationResult": ("somsim.simulation.engine", "SimulationResult"),
    "open_results": ("somsim.results.dataset", "open_results"),
    "save_results": ("somsim.results.dataset", "save_results"),
    "SensitivityResult": ("somsim.sensitivity.core", "SensitivityResult"),
    "analyse_sensitivity": ("somsim.api", "analyse_sensitivity"),
    "given_data": ("somsim.api", "given_data"),
    "morris": ("somsim.api", "morris"),
    "oat": ("somsim.api", "oat"),
    "sobol": ("somsim.api", "sobol"),
    "VOIResult": ("somsim.voi.core", "VOIResult"),
    "EVSIResult": ("somsim.voi.core", "EVSIResult"),
    "analyse_voi": ("somsim.api", "analyse_voi"),
    "evsi": ("somsim.voi.core", "evsi"),
}

__all__ = [
    "BackendError", "EVSIResult", "Problem", "Run", "Scenario", "ScenarioError", "Sensitivity", "SensitivityResult",
    "SimulationResult", "SomsimError", "Summary", "UsageError", "VOI", "VOIResult", "__version__",
    "analyse_sensitivity", "analyse_voi", "base_case", "evsi", "example", "given_data", "load", "load_scenario",
    "morris", "oat", "open_results", "save_results", "simulate", "sobol",
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
