"""Plots of a probabilistic run: the result over time, its distribution, paying back, and where the gains come from.

Each function takes plain data (a summary document, ``summary.json`` as a dict, or an array of NPV
draws) and an optional Axes, and returns the Axes; without ``ax`` a new pyplot figure is made.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from somsim._text import kr, kr_range, number, pct, share
from somsim.present.plots._base import (
    _BOX,
    _DY,
    _H,
    ACTOR_COLOURS,
    BLACK,
    COST,
    GAIN,
    GREY,
    NET,
    _axes,
    _cap,
    _legend_below,
    _pct_axis,
    _plain,
    _price_year,
    _row_labels,
    _style,
    _t,
    _title,
    _years_axis,
    active_actors,
    kroner_axis,
    rows_height,
)

__all__ = ["plot_break_even", "plot_committees", "plot_fan", "plot_gains_and_costs", "plot_npv_distribution"]


# -- 1. fan chart ----------------------------------------------------------------------------

def plot_fan(doc: Mapping, actor: str = "total", *, ax=None, lang: str = "da", title: bool = True,
              annotate: bool = True, legend: bool = True, compact: bool = False):
    """Cumulative NPV by year: the base case as a line, 50 % and 90 % bands of the draws behind it.

    `compact` (for small multiples): a short title and subtitle, the unit alone on the y axis.
    """
    T = _t(lang)
    ax = _axes(ax)
    b = doc["base_case"]
    years = list(b["by_year"]["year"])
    base = np.asarray(b["by_year"]["cumulative_npv"][actor], dtype=float)
    colour = ACTOR_COLOURS[actor]
    u = doc.get("uncertainty") or {}
    bands = (u.get("cumulative_npv_by_year") or {}).get(actor)
    values = [base]
    if bands:
        p05, p25, p75, p95 = (np.asarray(bands[k], dtype=float) for k in ("p05", "p25", "p75", "p95"))
        ax.fill_between(years, p05, p95, color=colour, alpha=0.16, linewidth=0, label=T["band90"])
        ax.fill_between(years, p25, p75, color=colour, alpha=0.34, linewidth=0, label=T["band50"])
        values += [p05, p95]
    ax.axhline(0, color="#444444", linewidth=0.9, zorder=1)
    ax.plot(years, base, color=colour, linewidth=2.4, marker="o", markersize=4, label=T["base"], zorder=3)
    _style(ax)
    _years_axis(ax, years, lang)
    kroner_axis(ax, "y", values=np.concatenate(values), lang=lang, label=None if compact else T["cum_npv"],
                price_year=None if compact else _price_year(doc))
    if compact:
        ax.set_xlabel(T["year_short"], fontsize=9, color="#333333")
    if annotate:
        end = base[-1]
        txt = kr(end, lang)
        if bands:
            txt += f"\n{T['band90']}:\n{kr_range(bands['p05'][-1], bands['p95'][-1], lang)}"
        ax.annotate(_plain(txt), xy=(years[-1], end), xytext=(10, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=8.5, color="#1a1a1a", annotation_clip=False)
    if legend:
        ax.legend(loc="upper left", fontsize=8.5, frameon=False)
    if title:
        who = T["actor"][actor]
        be = b["break_even_year"][actor]
        if abs(float(b["costs_pv"][actor])) < 0.5:
            main = T["fan_nocost"].format(who=who)
        else:
            main = T["fan_be" if be is not None else "fan_nobe"].format(who=who, t=be, h=len(years))
        if compact:
            main = main.split(" i basisberegningen")[0].split(" in the base case")[0]
        p = share(u["npv"][actor]["prob_positive"], lang) if u.get("npv") else None
        sub = (T["fan_sub_short" if compact else "fan_sub"].format(p=p, h=len(years)) if p is not None else None)
        _title(ax, main, sub)
    return ax


# -- 2. distribution of the NPV --------------------------------------------------------------

def plot_npv_distribution(values, *, base: float | None = None, ax=None, lang: str = "da", actor: str = "total",
                     price_year: int | None = None, bins: int = 50, title: bool = True):
    """Histogram of the NPV draws, split at zero, with the base case and the 90 % interval marked."""
    T = _t(lang)
    ax = _axes(ax)
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        raise ValueError("plot_npv_distribution needs at least one finite value")
    share_pos = float(np.mean(v > 0))
    lo, hi = (float(x) for x in np.quantile(v, [0.002, 0.998]))
    if hi - lo <= 0:
        w = max(abs(lo) * 0.05, 1.0)
        lo, hi = lo - w, hi + w
    # show zero when it is near, so the reader sees how far the outcomes are from a loss
    if 0 < lo < 0.4 * (hi - lo):
        lo = -0.02 * (hi - lo)
    elif -0.4 * (hi - lo) < hi < 0:
        hi = 0.02 * (hi - lo)
    width = (hi - lo) / bins
    # bin edges on a grid through zero, so that no bar straddles the sign change
    edges = width * np.arange(math.floor(lo / width), math.ceil(hi / width) + 1)
    counts, _ = np.histogram(v, edges)
    frac = counts / v.size
    colours = [NET if e >= 0 else COST for e in edges[:-1]]
    ax.bar(edges[:-1], frac, width=width, align="edge", color=colours, edgecolor="white", linewidth=0.3)
    top = float(frac.max()) if frac.size and frac.max() > 0 else 1.0
    ax.set_ylim(0, top * 1.42)
    zero_in_view = edges[0] <= 0 <= edges[-1]
    if zero_in_view:
        ax.axvline(0, color="#222222", linewidth=1.0)
    p05, p95 = (float(x) for x in np.quantile(v, [0.05, 0.95]))
    y = top * 1.1
    tick = top * 0.025
    ax.plot([p05, p95], [y, y], color="#333333", linewidth=1.2)
    ax.plot([p05, p05], [y - tick, y + tick], color="#333333", linewidth=1.2)
    ax.plot([p95, p95], [y - tick, y + tick], color="#333333", linewidth=1.2)
    ax.text((p05 + p95) / 2, y + tick * 1.6, f"{T['band90']}: {kr_range(p05, p95, lang)}", ha="center",
            va="bottom", fontsize=8.5, color="#333333", bbox=_BOX, zorder=4)
    if base is not None and math.isfinite(base):
        ax.axvline(base, color=BLACK, linewidth=1.4, linestyle="--", ymax=0.97)
        ax.text(base, top * 1.36, f"{T['base_short']}: {kr(base, lang)}", ha="center", va="top", fontsize=8.5,
                bbox=_BOX, zorder=4)
    # each share on its own side of zero, in the colour of its bars (only the side that is in view)
    if zero_in_view or edges[0] >= 0:
        ax.text(0.99, 0.58, T["above"].format(p=share(share_pos, lang)), transform=ax.transAxes, ha="right",
                va="center", fontsize=12, fontweight="bold", color=NET, bbox=_BOX)
    if zero_in_view or edges[-1] <= 0:
        ax.text(0.01, 0.58, T["below"].format(p=share(1 - share_pos, lang)), transform=ax.transAxes, ha="left",
                va="center", fontsize=12, fontweight="bold", color=COST, bbox=_BOX)
    _style(ax, grid="")
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylabel(T["share_draws"], fontsize=9, color="#333333")
    kroner_axis(ax, "x", values=[lo, hi], lang=lang, label=T["npv"], price_year=price_year)
    if title:
        _title(ax, T["dist_title"].format(who=T["actor"][actor], p=share(share_pos, lang)),
               T["dist_sub"].format(n=number(v.size, 0, lang)))
    return ax


# -- 3. break-even probability by year -------------------------------------------------------

def plot_break_even(doc: Mapping, actors: Sequence[str] | None = None, *, ax=None, lang: str = "da",
                           title: bool = True):
    """The chance of having paid back (cumulative NPV ≥ 0 from then on) by each year, per actor.

    By default the total and every actor that bears costs (for the others paying back means
    nothing). Actors whose curve equals an earlier one's share its line.
    """
    T = _t(lang)
    ax = _axes(ax)
    u = doc["uncertainty"]["break_even_year"]
    years = list(doc["base_case"]["by_year"]["year"])
    if actors is None:
        actors = [a for a in active_actors(doc)
                  if a == "total" or abs(float(doc["base_case"]["costs_pv"][a])) >= 0.5]
    actors = list(actors)
    lines: list[tuple[list[str], np.ndarray]] = []
    for a in actors:
        p = np.asarray(u[a]["prob_by_year"], dtype=float)
        same = next((ln for ln in lines if np.allclose(ln[1], p, atol=1e-12)), None)
        if same is not None:
            same[0].append(a)
        else:
            lines.append(([a], p))
    for who, p in lines:
        a = who[0]
        label = T["actor"][a] + "".join(f" {T['and']} {T['actor'][x].lower()}" for x in who[1:])
        ax.plot(years, p, marker="o", markersize=4, linewidth=2.4 if a == "total" else 1.7,
                color=ACTOR_COLOURS[a], label=_plain(label))
        ax.annotate(share(p[-1], lang), xy=(years[-1], p[-1]), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color=ACTOR_COLOURS[a], annotation_clip=False)
    ax.axhline(0.5, color=GREY, linewidth=0.9, linestyle=":")
    ax.set_ylim(-0.02, 1.02)
    _pct_axis(ax.yaxis, lang)
    ax.set_ylabel(T["be_y"], fontsize=9, color="#333333")
    _style(ax)
    _years_axis(ax, years, lang)
    ax.legend(loc="upper left", fontsize=8.5, frameon=False)
    if title:
        persp = doc.get("perspective", "total")
        a = persp if persp in actors else actors[0]
        p = u[a]["prob_by_year"]
        t = next((i for i, q in enumerate(p) if q >= 0.5), None)
        who = T["actor"][a]
        main = (T["be_title"].format(who=who, p=share(p[t], lang), t=years[t]) if t is not None
                else T["be_title_none"].format(who=who, h=len(years)))
        _title(ax, main, T["be_sub"])
    return ax


# -- 4. gains by domain and costs (waterfall) ------------------------------------------------

def plot_gains_and_costs(doc: Mapping, actor: str = "total", *, by: str = "domain", ax=None, lang: str = "da",
                    title: bool = True, labels: Mapping[str, str] | None = None):
    """Waterfall of the base case: present value of the gains by domain (or activity), the costs, the net.

    `labels` maps an activity key or a domain to the text shown (default: the key, capitalised).
    """
    T = _t(lang)
    b = doc["base_case"]
    acts = b.get("gains_pv_by_activity") or {}
    parts: dict[str, float] = {}
    for key, row in acts.items():
        k = (row.get("domain") or key) if by == "domain" else key
        parts[k] = parts.get(k, 0.0) + float(row[actor])
    parts = {k: v for k, v in parts.items() if abs(v) > 0.5} or parts
    items = sorted(parts.items(), key=lambda kv: -kv[1])
    ax = _axes(ax, 8.0, rows_height(len(items) + 2))
    costs = float(b["costs_pv"][actor])
    net = float(b["npv"][actor])
    names = [_cap((labels or {}).get(k, k)) for k, _ in items] + [T["wf_costs"], T["wf_net"]]
    rows = len(names)
    running = 0.0
    ends = []
    for i, (_, v) in enumerate(items):
        ax.barh(i + _DY, v, left=running, color=GAIN if v >= 0 else COST, height=_H)
        ends.append((running, running + v))
        running += v
    ax.barh(rows - 2 + _DY, -costs, left=running, color=COST, height=_H)
    ends.append((running, running - costs))
    ax.barh(rows - 1 + _DY, net, left=0, color=NET, height=_H)
    ends.append((0.0, net))
    for i in range(rows - 2):  # thin connectors from the end of one step to the start of the next
        x = ends[i][1]
        ax.plot([x, x], [i + _DY + _H / 2, i + 1 + _DY - _H / 2], color="#999999", linewidth=0.8)
    ax.axvline(0, color="#444444", linewidth=0.9)
    vals = [v for _, v in items] + [-costs, net]
    lo = min(0.0, min(min(e) for e in ends))
    hi = max(0.0, max(max(e) for e in ends))
    span = max(hi - lo, 1.0)
    for i, ((a0, a1), v) in enumerate(zip(ends, vals)):
        s = ("+" if v > 0 and i < rows - 1 else "") + kr(v, lang)
        ax.text(max(a0, a1) + span * 0.01, i + _DY, _plain(s), va="center", ha="left", fontsize=8.5,
                fontweight="bold" if i == rows - 1 else "normal", color="#1a1a1a")
    _row_labels(ax, names)
    ax.set_xlim(lo - span * 0.02, hi + span * 0.2)
    _style(ax, grid="x")
    kroner_axis(ax, "x", values=[lo, hi], lang=lang, label=T["wf_x"], price_year=_price_year(doc))
    if title:
        who = T["actor"][actor]
        g, c, n = kr(float(b["gains_pv"][actor]), lang), kr(costs, lang), kr(net, lang)
        gains = sum(v for _, v in items if v > 0)
        if len(items) > 1 and gains > 0:
            _title(ax, T["wf_title"].format(who=who, d=names[0], s=pct(items[0][1] / gains, lang)),
                   T["wf_sub_many"].format(g=g, c=c, n=n))
        else:
            _title(ax, T["wf_title_one"].format(who=who, g=g, c=c), T["wf_sub"].format(n=n))
    return ax


# -- 5. who pays, who gains: the kommune's committees (§6.5) ---------------------------------

def committee_keys(doc: Mapping) -> list[str]:
    """The committee keys ``kommune:NAME`` of a summary document, in its order (empty without [udvalg])."""
    return [k for k in doc["base_case"]["npv"] if k.startswith("kommune:")]


def plot_committees(doc: Mapping, committees: Sequence[str] | None = None, *, ax=None, lang: str = "da",
                    title: bool = True):
    """Horizontal bars per committee of the kommune: base-case gains, costs and net, the net with its band.

    Parameters
    ----------
    doc : Mapping
        A summary document with committee keys ``kommune:NAME`` (§6.5).
    committees : sequence of str, optional
        The keys to show, top to bottom (default: every committee, in the document's order).
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).
    lang : str
        "da" or "en".
    title : bool
        Whether to draw the title.

    Returns
    -------
    matplotlib Axes
    """
    T = _t(lang)
    keys = list(committees) if committees is not None else committee_keys(doc)
    if not keys:
        raise ValueError("the summary has no committees (no [udvalg] in the scenario)")
    b, u = doc["base_case"], doc.get("uncertainty")
    ax = _axes(ax, 8.0, rows_height(len(keys), 2.4))
    h = _H / 3
    ends = [0.0]
    for i, k in enumerate(keys):
        g, c, n = float(b["gains_pv"][k]), float(b["costs_pv"][k]), float(b["npv"][k])
        ax.barh(i + _DY - h, g, color=GAIN, height=h, label=T["com_gains"] if i == 0 else None)
        ax.barh(i + _DY, -c, color=COST, height=h, label=T["com_costs"] if i == 0 else None)
        ax.barh(i + _DY + h, n, color=NET, height=h, label=T["com_npv"] if i == 0 else None)
        ends += [g, -c, n]
        if u:
            lo, hi = float(u["npv"][k]["p05"]), float(u["npv"][k]["p95"])
            ax.plot([lo, hi], [i + _DY + h] * 2, color=BLACK, linewidth=1.2)
            ends += [lo, hi]
        ax.text(max(n, g, (float(u["npv"][k]["p95"]) if u else n)), i + _DY + h, "  " + _plain(kr(n, lang)),
                va="center", ha="left", fontsize=8.5, fontweight="bold", color="#1a1a1a")
    lo, hi = min(ends), max(ends)
    span = max(hi - lo, 1.0)
    ax.axvline(0, color="#444444", linewidth=0.9)
    _row_labels(ax, [_plain(T["actor"][k]) for k in keys])
    ax.set_xlim(lo - span * 0.03, hi + span * 0.25)
    _style(ax, grid="x")
    kroner_axis(ax, "x", values=[lo, hi], lang=lang, label=T["wf_x"], price_year=_price_year(doc))
    _legend_below(ax, ncol=3)
    if title:
        _title(ax, T["com_title"], T["com_sub"] if u else T["com_sub_base"])
    return ax
