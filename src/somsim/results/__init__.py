"""What a run leaves behind: ``summary.json`` (:mod:`.summary`) and ``results.nc`` (:mod:`.dataset`).

:mod:`.summary` builds the contract's summary document (schema ``somsim.summary/1``) from a base
case and a :class:`~somsim.simulation.result.SimulationResult`; :mod:`.dataset` turns the draws of a
run into an xarray dataset with provenance and writes or reads ``results.nc``.

May import: the simulation, model, scenario and distributions layers and the level-0 modules.
"""
