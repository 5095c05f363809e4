"""Plots of a somsim run: each function takes plain data and an optional Axes, and returns the Axes.

The data are what the rest of somsim writes: a summary document (``summary.json`` as a dict), an
array of NPV draws, and the JSON-shaped results of ``somsim sensitivity`` and ``somsim voi``.
Without ``ax`` a new pyplot figure is made; :func:`new_figure` makes one without pyplot.

===========================  ===============================================================
function                     draws
===========================  ===============================================================
:func:`plot_fan`             cumulative NPV by year: base case, 50 % / 90 % bands
:func:`plot_npv_distribution`  histogram of the NPV draws split at zero, 90 % interval
:func:`plot_break_even`      chance of having paid back by each year, per actor
:func:`plot_gains_and_costs` waterfall: gains by domain (or activity), costs, net
:func:`plot_committees`      the kommune's committees: gains, costs, net with its 90 % band
:func:`plot_tornado`         one input at a time from its 5th to its 95th percentile
:func:`plot_sobol`           first-order and total Sobol' indices with intervals
:func:`plot_sobol_by_year`   total Sobol' index of each year's net
:func:`plot_voi_ranking`     EVPPI per input and group, EVPI marked
===========================  ===============================================================

Labels are Danish (``lang="da"``, the default) or English (:mod:`somsim.present.locale`); kroner
use the Danish number format in Danish plots ("1,5 mio. kr."). Colours come from the Okabe–Ito
palette, which stays distinct for colour-blind readers and in greyscale print. Every title says
what the reader should see.

``import somsim`` does not import matplotlib; importing this package does (not pyplot, which is
loaded only when a function has to make its own figure).
"""

from __future__ import annotations

from somsim.present.plots._base import (
    ACTOR_COLOURS,
    KronerFormatter,
    active_actors,
    kroner_axis,
    new_figure,
    png_bytes,
    rows_height,
)
from somsim.present.plots.results import (
    committee_keys,
    plot_break_even,
    plot_committees,
    plot_fan,
    plot_gains_and_costs,
    plot_npv_distribution,
)
from somsim.present.plots.sensitivity import (
    plot_sobol,
    plot_sobol_by_year,
    plot_tornado,
    plot_voi_ranking,
    sobol_rows,
    tornado_rows,
)

__all__ = [
    "ACTOR_COLOURS",
    "KronerFormatter",
    "active_actors",
    "committee_keys",
    "kroner_axis",
    "new_figure",
    "plot_break_even",
    "plot_committees",
    "plot_fan",
    "plot_gains_and_costs",
    "plot_npv_distribution",
    "plot_sobol",
    "plot_sobol_by_year",
    "plot_tornado",
    "plot_voi_ranking",
    "png_bytes",
    "rows_height",
    "sobol_rows",
    "tornado_rows",
]
