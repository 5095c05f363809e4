"""Plots of a comparison of options: probability of being best over a required return, and a difference.

Data in (the ``somsim.compare/1`` document, an array of difference draws), Axes out. The words are
the ``cmp_*`` keys of the locale's ``PLOT`` (:mod:`somsim.present.locale`).
"""

from __future__ import annotations

import numpy as np

from somsim._text import kr_range, number, share
from somsim.present.plots._base import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    _axes,
    _plain,
    _style,
    _t,
    _title,
    kroner_axis,
)

__all__ = ["plot_difference", "plot_prob_best"]

COLOURS = (BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION)


def plot_prob_best(doc, *, ax=None, lang: str = "da", title: bool = True):
    """P(best) of each option over the grid of required returns of a comparison document (CEAC-style)."""
    T = {k[4:]: v for k, v in _t(lang).items() if k.startswith("cmp_")}
    ax = _axes(ax)
    curve = doc["prob_best_by_required_return"]
    x = np.asarray(curve["required_return"], dtype=float)
    for i, (label, ys) in enumerate(curve["prob_best"].items()):
        colour = GREY if label == "status-quo" else COLOURS[i % len(COLOURS)]
        ax.plot(x, ys, color=colour, linewidth=2.0, label=_plain(label))
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(float(x.min()), float(x.max()))
    ax.set_xlabel(T["x"], fontsize=9)
    ax.set_ylabel(T["y"], fontsize=9)
    ax.legend(loc="best", fontsize=8.5, frameon=False)
    _style(ax)
    if title:
        _title(ax, T["pb_title"], T["pb_sub"].format(n=number(doc["draws"], 0, lang),
                                                    who=doc["decision"]["perspective"]))
    return ax


def plot_difference(values, first: str, second: str, *, ax=None, lang: str = "da", bins: int = 50,
                    price_year: int | None = None, title: bool = True):
    """Histogram of the difference ``first − second`` per draw, split at zero, with its 90 % interval."""
    T = {k[4:]: v for k, v in _t(lang).items() if k.startswith("cmp_")}
    ax = _axes(ax)
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        raise ValueError("plot_difference needs at least one finite value")
    lo, hi = (float(q) for q in np.quantile(v, [0.002, 0.998]))
    if hi - lo <= 0:
        lo, hi = lo - 1.0, hi + 1.0
    width = (hi - lo) / bins
    # bin edges on a grid through zero, so that no bar straddles the sign change
    edges = width * np.arange(np.floor(lo / width), np.ceil(hi / width) + 1)
    counts, _ = np.histogram(np.clip(v, lo, hi), edges)
    frac = counts / v.size
    colours = [BLUE if e >= 0 else VERMILLION for e in edges[:-1]]
    ax.bar(edges[:-1], frac, width=np.diff(edges), align="edge", color=colours, edgecolor="white", linewidth=0.3)
    if edges[0] <= 0 <= edges[-1]:
        ax.axvline(0, color="#222222", linewidth=1.0)
    _style(ax, grid="")
    ax.set_yticks([])
    ax.set_ylabel(T["share"], fontsize=9)
    kroner_axis(ax, "x", values=[lo, hi], lang=lang, label=T["diff_x"], price_year=price_year)
    if title:
        p05, p95 = (float(q) for q in np.quantile(v, [0.05, 0.95]))
        _title(ax, T["diff_title"].format(a=_plain(first), b=_plain(second), p=share(float(np.mean(v > 0)), lang)),
               T["diff_sub"].format(band=kr_range(p05, p95, lang)))
    return ax
