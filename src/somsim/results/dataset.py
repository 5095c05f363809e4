"""results.nc: the per-draw results as an xarray Dataset with a written schema and provenance.

Dims: ``draw``, ``year``, ``actor`` (kommune, region, stat), ``output`` (kommune, region, stat,
total, then the kommune's committees ``kommune:NAME`` with [udvalg], §6.5), ``input``, and with [udvalg]
``committee`` (the committee keys). Variables:

* ``net(draw, year, actor)``: N_{a,t}, DKK of the price year, undiscounted;
* ``npv(draw, output)``, ``break_even_year(draw, output)`` (-1: never);
* ``inputs(draw, input)``: the sampled value of every uncertain input (by input name);
* ``base_net(year, actor)``, ``base_npv(output)``: the base case;
* with [udvalg]: ``committee_net(draw, year, committee)`` and ``base_committee_net(year, committee)``, the
  kommune's net split by committee (they add up to ``net`` of the kommune).

Attributes: somsim version, seed, sampler, draws, scenario id, sha256 and full text, created_at.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np

from somsim._vocab import ACTORS, OUTPUTS

__all__ = ["OUTPUT_COORD", "open_results", "save_results", "to_dataset", "write_dataset"]

OUTPUT_COORD = OUTPUTS  # the `output` coordinate: actors, then the total (then the committees, §6.5)


def to_dataset(result):
    """The result of simulate(keep_draws=True) as an xarray Dataset."""
    import xarray as xr

    from somsim._version import __version__
    from somsim.model.reference import base_case

    if result.net is None or result.inputs is None:
        raise ValueError("results.nc needs per-draw values: simulate(..., keep_draws=True)")
    sc = result.scenario
    base = base_case(result.plan.spec)
    H = sc.horizon
    ds = xr.Dataset(
        data_vars={
            "net": (("draw", "year", "actor"), result.net, {"units": f"DKK ({sc.price_year} prices)",
                                                             "long_name": "net result (gains − costs), undiscounted"}),
            "npv": (("draw", "output"), result.npv, {"units": f"DKK ({sc.price_year} prices)",
                                                     "long_name": "net present value"}),
            "break_even_year": (("draw", "output"), result.break_even.astype(np.int16),
                                {"long_name": "first year from which cumulative discounted net stays ≥ 0",
                                 "missing": "-1 means no break-even within the horizon"}),
            "inputs": (("draw", "input"), result.inputs, {"long_name": "sampled input values"}),
            "base_net": (("year", "actor"), base.net[0], {"units": f"DKK ({sc.price_year} prices)"}),
            "base_npv": (("output",), base.npv[0], {"units": f"DKK ({sc.price_year} prices)"}),
        },
        coords={
            "draw": np.arange(result.draws),
            "year": np.arange(H),
            "actor": list(ACTORS),
            "output": list(sc.outputs),
            "input": list(result.input_names),
        },
        attrs={
            "title": f"somsim results: {sc.title}",
            "schema": "somsim.results/1",
            "creation_library": "somsim",
            "creation_library_version": __version__,
            "created_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "seed": int(result.seed),
            "sampler": result.sampler,
            "draws": int(result.draws),
            "scenario_id": sc.id,
            "scenario_sha256": sc.sha256,
            "scenario_text": sc.text,
            "price_year": int(sc.price_year),
            "horizon": int(H),
            "participants": int(sc.participants),
            "numpy_version": np.__version__,
        },
    )
    if sc.committees is not None and result.sub_net is not None:
        units = {"units": f"DKK ({sc.price_year} prices)"}
        ds = ds.assign_coords(committee=list(sc.committees.keys))
        ds["committee_net"] = (("draw", "year", "committee"), result.sub_net,
                               {**units, "long_name": "the kommune's net result by committee, undiscounted"})
        ds["base_committee_net"] = (("year", "committee"), base.sub_net[0], units)
    return ds


def save_results(result, path: str | Path) -> None:
    """Write results.nc atomically (NetCDF4 through h5netcdf).

    Raises
    ------
    UsageError
        `result` is not a SimulationResult with per-draw values, or `path` is not a path.
    """
    from somsim._args import path_arg
    from somsim.errors import UsageError

    path_arg("path", path)
    if getattr(result, "net", None) is None or getattr(result, "inputs", None) is None:
        raise UsageError("save_results needs the result of simulate(..., keep_draws=True) "
                         f"(got {type(result).__name__}{' without per-draw values' if hasattr(result, 'net') else ''})")
    write_dataset(to_dataset(result), path)


def write_dataset(ds, path: str | Path) -> None:
    """Write a dataset to NetCDF atomically (serialised in memory: a full disk is an error, not a crash)."""
    from somsim._io import OutputSet

    with OutputSet() as out:
        out.add_netcdf(path, ds)


def open_results(path: str | Path):
    """Read results.nc back (fully loaded into memory).

    Raises
    ------
    UsageError
        `path` is not a path, or names no regular file.
    """
    import os

    import xarray as xr

    from somsim._args import path_arg
    from somsim.errors import UsageError

    p = path_arg("path", path)
    if not os.path.isfile(p):
        raise UsageError(f"open_results: {p} is not a file (expected a results.nc written by somsim run --out)")
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        return ds.load()
