"""Peak memory of a run, estimated before anything is allocated (see :func:`somsim._resources.require_memory`).

The model of :func:`run_bytes`, calibrated against measured peak RSS (``benchmarks/bench_memory.py``):

* **exact quantiles** keep each draw's NPV for the four outputs (32 bytes a draw); finding the
  quantiles sorts a copy, and the chunks are concatenated: 3 × 32 bytes a draw;
* **keep_draws** (``--out``, sensitivity, VOI) keeps each draw's inputs, net flows (years × 3 actors)
  and break-even years: 8 bytes each, held twice while the chunks are concatenated;
* **--out** adds the NetCDF file serialised in memory (:meth:`somsim._io.OutputSet.add_netcdf`) and
  the dataset's own copies: about twice the kept arrays again;
* one chunk's working arrays (a chunk's draws × (3 × inputs + 4 × years × 4) × 8 bytes), and a fixed
  margin for the libraries' own buffers.
"""

from __future__ import annotations

from somsim._vocab import BLOCK
from somsim.simulation.plan import BAND_DRAWS

__all__ = ["MARGIN", "per_draw_kept", "run_bytes"]

MARGIN = 64 << 20  # bytes: allocator slack, HDF5 and xarray buffers
CHUNK_DRAWS = 8 * BLOCK


def per_draw_kept(n_inputs: int, horizon: int) -> int:
    """Bytes kept per draw with keep_draws: inputs, net (years × 3 actors), NPV and break-even (4 outputs)."""
    return 8 * (n_inputs + 3 * horizon + 4 + 4)


def run_bytes(n_inputs: int, horizon: int, draws: int, *, keep_draws: bool, exact: bool, out: bool = False,
              chunk_draws: int | None = None) -> dict[str, float]:
    """The estimated peak memory of a run, in bytes, by part (the parts' sum is the peak).

    Parameters
    ----------
    n_inputs, horizon : int
        The scenario's uncertain inputs and years.
    draws : int
        The draws of the run.
    keep_draws : bool
        Whether per-draw values are kept (results.nc, sensitivity, VOI).
    exact : bool
        Whether the NPVs of every draw are kept for exact quantiles (not streamed).
    out : bool
        Whether results.nc is written (serialised in memory first).
    chunk_draws : int, optional
        Draws per chunk (default 65,536).

    Returns
    -------
    dict of str to float
        ``{"per-draw values": …, "results.nc in memory": …, "working arrays": …}`` (parts that are 0 are kept).
    """
    draws = max(0, int(draws))
    chunk = min(draws, int(chunk_draws or CHUNK_DRAWS)) if draws else 0
    kept = 0.0
    if keep_draws:
        kept += 2.0 * draws * per_draw_kept(n_inputs, horizon)
    if exact or keep_draws:
        kept += 3.0 * draws * 32
    parts = {"per-draw values": kept}
    if out and keep_draws:
        parts["results.nc in memory"] = 2.0 * draws * per_draw_kept(n_inputs, horizon)
    band = min(draws, BAND_DRAWS)  # the per-year bands: cumulative NPVs of the first draws, sorted once
    parts["working arrays"] = float(MARGIN + chunk * (3 * n_inputs + 16 * horizon + 64) * 8
                                    + 2 * band * horizon * 4 * 8)
    return parts
