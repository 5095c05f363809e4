"""Plots of which inputs matter: the tornado, Sobol' indices (overall and by year) and the value of information.

The data are the JSON-shaped results of ``somsim sensitivity`` (``{"indices": {name: {"S1",
"S1_conf", "ST", "ST_conf"}}}``; tornado rows ``{name: {"low", "high"}}``) and ``somsim voi``
(``{"evppi": {name: {"value", "se", "ratio"}}}``). Each function takes an optional Axes and returns
the Axes; without ``ax`` a new pyplot figure is made.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from somsim._text import kr, kr_range, pct
from somsim.present.plots._base import (
    _BOX,
    _DY,
    _H,
    BLACK,
    BLUE,
    COST,
    GREEN,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    YELLOW,
    _axes,
    _label,
    _legend_below,
    _pct_axis,
    _plain,
    _row_labels,
    _style,
    _t,
    _title,
    _years_axis,
    kroner_axis,
    rows_height,
)
from somsim.present.tables import group_label

__all__ = ["plot_sobol", "plot_sobol_by_year", "plot_tornado", "plot_voi_ranking", "sobol_rows", "tornado_rows"]


# -- 5. tornado ------------------------------------------------------------------------------

def tornado_rows(obj: Mapping) -> tuple[dict, float | None]:
    """The tornado rows ``{name: {"low", "high"}}`` and the base value (None if not given).

    Accepts the rows themselves or a sensitivity result holding them ('tornado'/'rows'/'oat').
    """
    base = obj.get("base") if isinstance(obj.get("base"), (int, float)) else None
    for key in ("tornado", "rows", "oat"):
        inner = obj.get(key)
        if isinstance(inner, Mapping):
            rows, b = tornado_rows(inner)
            return rows, base if base is not None else b
    rows = {k: v for k, v in obj.items() if isinstance(v, Mapping) and "low" in v and "high" in v}
    return rows, base


def plot_tornado(result: Mapping, *, base: float | None = None, ax=None, lang: str = "da", top: int = 10,
            price_year: int | None = None, labels: Mapping[str, str] | None = None, title: bool = True):
    """One input at a time from its 5th to its 95th percentile: the NPV at each end, largest swing on top."""
    T = _t(lang)
    rows, b0 = tornado_rows(result)
    base = base if base is not None else b0
    if not rows:
        raise ValueError("plot_tornado needs rows {name: {'low': …, 'high': …}}")
    items = sorted(rows.items(), key=lambda kv: -abs(float(kv[1]["high"]) - float(kv[1]["low"])))[:top]
    if base is None:
        base = float(np.median([(float(r["low"]) + float(r["high"])) / 2 for _, r in items]))
    ax = _axes(ax, 8.0, rows_height(len(items), 2.2))
    y = np.arange(len(items)) + _DY
    lows = np.array([float(r["low"]) for _, r in items])
    highs = np.array([float(r["high"]) for _, r in items])
    ax.barh(y, lows - base, left=base, color=SKY, height=_H, label=T["tor_low"])
    ax.barh(y, highs - base, left=base, color=ORANGE, height=_H, label=T["tor_high"])
    ax.axvline(base, color=BLACK, linewidth=1.2)
    ax.text(base, -0.85, f"{T['base_short']}: {kr(base, lang)}", ha="center", va="center", fontsize=8.5,
            bbox=_BOX)
    allv = np.concatenate([lows, highs, [base]])
    if allv.min() < 0 < allv.max():
        ax.axvline(0, color=COST, linewidth=1.0, linestyle="--")
    _row_labels(ax, [_label(labels, n) for n, _ in items], top=-1.1)  # room for the base label above the first row
    _style(ax, grid="x")
    kroner_axis(ax, "x", values=allv, lang=lang, label=T["npv"], price_year=price_year)
    _legend_below(ax)
    if title:
        n, r = items[0]
        rng = kr_range(min(float(r["low"]), float(r["high"])), max(float(r["low"]), float(r["high"])), lang)
        _title(ax, T["tor_title"].format(name=_label(labels, n)), T["tor_sub"].format(name=n, r=rng))
    return ax


# -- 6. Sobol indices ------------------------------------------------------------------------

def sobol_rows(obj: Mapping) -> Mapping:
    """The rows ``{name: {"S1", "ST", …}}`` of a Sobol' result, or the rows themselves."""
    return obj.get("indices", obj)


def plot_sobol(result: Mapping, *, ax=None, lang: str = "da", top: int = 10,
                  labels: Mapping[str, str] | None = None, title: bool = True):
    """First-order (S1) and total (ST) Sobol indices with their confidence intervals, by ST."""
    T = _t(lang)
    idx = sobol_rows(result)
    items = sorted(idx.items(), key=lambda kv: -float(kv[1].get("ST", 0.0) or 0.0))[:top]
    if not items:
        raise ValueError("plot_sobol needs {'indices': {name: {'S1', 'ST', …}}}")
    ax = _axes(ax, 8.0, rows_height(len(items)))
    y = np.arange(len(items))
    st = np.array([float(r.get("ST", np.nan)) for _, r in items])
    s1 = np.array([float(r.get("S1", np.nan)) for _, r in items])
    stc = np.array([float(r.get("ST_conf", 0.0) or 0.0) for _, r in items])
    s1c = np.array([float(r.get("S1_conf", 0.0) or 0.0) for _, r in items])
    err = {"ecolor": "#333333", "elinewidth": 1.0, "capsize": 2.5}
    ax.barh(y - 0.07, np.clip(st, 0, None), height=0.23, color=BLUE, xerr=stc, error_kw=err, label=T["sob_st"])
    ax.barh(y + 0.17, np.clip(s1, 0, None), height=0.23, color=SKY, xerr=s1c, error_kw=err, label=T["sob_s1"])
    _row_labels(ax, [_label(labels, n) for n, _ in items])
    hi = float(np.nanmax(np.concatenate([st + stc, s1 + s1c, [0.1]])))
    ax.set_xlim(0, min(1.05, hi * 1.1) if hi <= 1 else hi * 1.05)
    _pct_axis(ax.xaxis, lang)
    ax.set_xlabel(T["sob_x"], fontsize=9, color="#333333")
    _style(ax, grid="x")
    _legend_below(ax)
    if title:
        _title(ax, T["sob_title"].format(name=_label(labels, items[0][0]), p=pct(max(st[0], 0.0), lang)), T["sob_sub"])
    return ax


def _by_year(obj) -> tuple[list, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """(years, {name: (ST by year, ST_conf by year)}) from the shapes a by-year Sobol result may take."""
    if isinstance(obj, Mapping) and "by_year" in obj:
        obj = obj["by_year"]
    if isinstance(obj, Sequence) and not isinstance(obj, (str, bytes)):  # [{"year": t, "indices": {...}}]
        years = [e["year"] for e in obj]
        names = list(dict.fromkeys(n for e in obj for n in sobol_rows(e)))
        out = {}
        for n in names:
            st = [float(sobol_rows(e).get(n, {}).get("ST", np.nan)) for e in obj]
            cf = [float(sobol_rows(e).get(n, {}).get("ST_conf", 0.0) or 0.0) for e in obj]
            out[n] = (np.array(st), np.array(cf))
        return years, out
    years = list(obj.get("year") or obj.get("years"))
    out = {}
    for n, r in sobol_rows(obj).items():
        out[n] = (np.asarray(r["ST"], dtype=float),
                  np.asarray(r.get("ST_conf", np.zeros(len(years))), dtype=float))
    return years, out


def plot_sobol_by_year(result, *, ax=None, lang: str = "da", top: int = 5, labels: Mapping[str, str] | None = None,
                  title: bool = True):
    """Total Sobol index of the cumulative NPV by year for the inputs that matter most, with intervals."""
    T = _t(lang)
    ax = _axes(ax)
    years, series = _by_year(result)
    rank = sorted(series, key=lambda n: -np.nanmax(np.nan_to_num(series[n][0], nan=0.0)))[:top]
    palette = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK]
    for i, n in enumerate(rank):
        st, cf = series[n]
        c = palette[i % len(palette)]
        ax.plot(years, st, marker="o", markersize=3.5, linewidth=1.8, color=c, label=_plain(_label(labels, n)))
        ax.fill_between(years, np.clip(st - cf, 0, 1), np.clip(st + cf, 0, 1), color=c, alpha=0.15, linewidth=0)
    ax.set_ylim(0, 1.02)
    _pct_axis(ax.yaxis, lang)
    ax.set_ylabel(T["soby_y"], fontsize=9, color="#333333")
    _style(ax)
    _years_axis(ax, years, lang)
    _legend_below(ax, 1)
    if title:
        _title(ax, T["soby_title"], T["soby_sub"])
    return ax


# -- 7. value of information -----------------------------------------------------------------

def _value(x) -> float | None:
    if isinstance(x, Mapping):
        x = x.get("value")
    return float(x) if isinstance(x, (int, float)) and math.isfinite(float(x)) else None


def plot_voi_ranking(result: Mapping, *, ax=None, lang: str = "da", top: int = 10, price_year: int | None = None,
                groups: bool = True, labels: Mapping[str, str] | None = None, title: bool = True):
    """EVPPI per input (and per group, in [brackets], when present), largest on top, ±1.96 SE, EVPI marked."""
    T = _t(lang)
    rows = dict(result.get("evppi") or {})
    if groups:
        for key in ("evppi_groups", "groups"):
            g = result.get(key)
            if isinstance(g, Mapping):
                rows.update({f"[{group_label(k, lang)}]": v for k, v in g.items()
                             if isinstance(v, Mapping) and "value" in v})
    if not rows:
        raise ValueError("plot_voi_ranking needs {'evppi': {name: {'value', 'se', 'ratio'}}}")
    evpi = _value(result.get("evpi"))
    items = sorted(rows.items(), key=lambda kv: -float(kv[1]["value"]))[:top]
    ax = _axes(ax, 8.0, rows_height(len(items)))
    y = np.arange(len(items)) + _DY
    v = np.array([max(float(r["value"]), 0.0) for _, r in items])
    se = np.array([float(r.get("se", 0.0) or 0.0) for _, r in items])
    colours = [PURPLE if n.startswith("[") else BLUE for n, _ in items]
    ax.barh(y, v, xerr=1.96 * se, color=colours, height=_H,
            error_kw={"ecolor": "#333333", "elinewidth": 1.0, "capsize": 2.5})
    hi = max(float(np.max(v + 1.96 * se)), evpi or 0.0, 1.0)

    def ratio_of(r):
        q = r.get("ratio")
        return float(q) if q is not None else (float(r["value"]) / evpi if evpi else None)

    for i, (_, r) in enumerate(items):
        q = ratio_of(r)
        lab = kr(float(r["value"]), lang) + (f" ({pct(q, lang)})" if q is not None else "")
        ax.text(v[i] + 1.96 * se[i] + hi * 0.015, y[i], lab, va="center", fontsize=8.5, color="#1a1a1a", bbox=_BOX)
    if evpi is not None:
        ax.axvline(evpi, color=VERMILLION, linestyle="--", linewidth=1.2,
                   label=T["voi_evpi"].format(v=kr(evpi, lang)))
        _legend_below(ax, 1)
    _row_labels(ax, [_label(labels, n) for n, _ in items])
    ax.set_xlim(0, hi * 1.3)
    _style(ax, grid="x")
    kroner_axis(ax, "x", values=[0, hi], lang=lang, label=T["voi_x"], price_year=price_year)
    if title:
        if evpi is not None and evpi < 1.0:
            _title(ax, T["voi_title_zero"], T["voi_sub_zero"].format(v=kr(evpi, lang)))
        else:
            n, r = items[0]
            q = ratio_of(r)
            sub = (T["voi_sub"].format(p=pct(q, lang), v=kr(evpi, lang)) if q is not None and evpi is not None
                   else T["voi_sub_noevpi"])
            _title(ax, T["voi_title"].format(name=_label(labels, n)), sub)
    return ax
