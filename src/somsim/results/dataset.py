"""results.nc: the per-draw results as an xarray Dataset with a written schema and provenance.

Dims: ``draw``, ``year``, ``actor`` (kommune, region, stat), ``output`` (kommune, region, stat,
total), ``input``. Variables:

* ``net(draw, year, actor)``: N_{a,t}, DKK of the price year, undiscounted;
* ``npv(draw, output)``, ``break_even_year(draw, output)`` (-1: never);
* ``inputs(draw, input)``: the sampled value of every uncertain input (by input name);
* ``base_net(year, actor)``, ``base_npv(output)``: the base case.

Attributes: somsim version, seed, sampler, draws, scenario id, sha256 and full text, created_at.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np

from somsim._vocab import ACTORS, OUTPUTS

__all__ = ["OUTPUT_COORD", "open_results", "save_results", "to_dataset", "write_dataset"]

OUTPUT_COORD = OUTPUTS  # the `output` coordinate: actors, then the total


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
            "output": list(OUTPUT_COORD),
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
    return ds


def save_results(result, path: str | Path) -> None:
    """Write results.nc atomically (NetCDF4 through h5netcdf)."""
    write_dataset(to_dataset(result), path)


def write_dataset(ds, path: str | Path) -> None:
    """Write a dataset to NetCDF atomically."""
    from somsim._io import write_with

    write_with(path, lambda tmp: ds.to_netcdf(tmp, engine="h5netcdf"), suffix=".nc")


def open_results(path: str | Path):
    """Read results.nc back (fully loaded into memory)."""
    import xarray as xr

    with xr.open_dataset(path, engine="h5netcdf") as ds:
        return ds.load()
