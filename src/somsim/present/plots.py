"""Plots of a somsim run: each function takes plain data and an optional Axes, and returns the Axes.

The data are what the rest of somsim writes: a summary document (``summary.json`` as a dict), an
array of NPV draws, and the JSON-shaped results of ``somsim sensitivity`` (``{"indices": {name:
{"S1", "S1_conf", "ST", "ST_conf"}}}``; tornado rows ``{name: {"low", "high"}}``) and ``somsim voi``
(``{"evppi": {name: {"value", "se", "ratio"}}}``). Without ``ax`` a new pyplot figure is made.

Labels are Danish (``lang="da"``, the default) or English; kroner use the Danish number format in
Danish plots ("1,5 mio. kr."). Colours come from the Okabe–Ito palette, which stays distinct for
colour-blind readers and in greyscale print. Every title says what the reader should see.

``import somsim`` does not import matplotlib; importing this module does (not pyplot, which is
loaded only when a function has to make its own figure).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from somsim.present.plot_text import TEXT, UNITS
from somsim._text import kr, kr_range, number, pct, share

__all__ = [
    "ACTOR_COLOURS",
    "KronerFormatter",
    "active_actors",
    "break_even_probability",
    "fan_chart",
    "gains_and_costs",
    "kroner_axis",
    "new_figure",
    "npv_distribution",
    "png_bytes",
    "sobol_by_year",
    "sobol_indices",
    "tornado",
    "voi_ranking",
]

# Okabe & Ito (2008), "Color Universal Design"
BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
GREY = "#6b6b6b"
ACTOR_COLOURS = {"total": BLUE, "kommune": GREEN, "region": ORANGE, "stat": PURPLE}
GAIN, COST, NET = GREEN, VERMILLION, BLUE
ORDER = ("total", "kommune", "region", "stat")

_T, _UNITS = TEXT, UNITS


def _t(lang: str) -> dict:
    if lang not in _T:
        raise ValueError(f"lang must be 'da' or 'en' (got {lang!r})")
    return _T[lang]


def _plain(s) -> str:
    """User text for a matplotlib label: '$' would switch on mathtext."""
    return str(s).replace("$", r"\$")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _label(labels: Mapping[str, str] | None, name: str) -> str:
    """What a row shows for an input: `labels[name]` when given (e.g. a description with the name)."""
    return (labels or {}).get(name, name)


# -- figures and axes -----------------------------------------------------------------------

def new_figure(width: float = 8.0, height: float = 4.2, nrows: int = 1, ncols: int = 1, **kw):
    """A Figure (and its Axes) without pyplot: no global state, renders with Agg; for files and reports."""
    fig = Figure(figsize=(width, height), layout="constrained", dpi=100)
    kw.setdefault("squeeze", True)
    axes = fig.subplots(nrows, ncols, **kw)
    return fig, axes


def _axes(ax, width=8.0, height=4.2):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def _style(ax, grid: str = "y") -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#999999")
    ax.spines["bottom"].set_color("#999999")
    ax.tick_params(colors="#333333", labelsize=9)
    if grid:
        ax.grid(axis=grid, color="#e3e3e3", linewidth=0.8)
        ax.set_axisbelow(True)


def _wrap(text: str, width_pt: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap by the rendered width of the text (DejaVu Sans metrics), not by characters."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    measure = TextToPath()

    def width(s: str) -> float:
        return measure.get_text_width_height_descent(s, prop, ismath=False)[0]

    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}" if cur else word
        if cur and width(trial) > width_pt:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


def _fit(text: str, width_pt: float, size: float) -> str:
    """`text`, cut with '…' where it would be wider than `width_pt`."""
    lines = _wrap(text, width_pt, size)
    if len(lines) <= 1:
        return text
    first = lines[0]
    return first.rstrip(" ,·") + " …"


def _title(ax, text: str, sub: str | None = None) -> None:
    """The message in bold and under it, in grey, what is drawn; wrapped to the width of the axes."""
    width_pt = ax.figure.get_figwidth() * ax.get_position().width * 72 * 1.08
    sub_lines = _wrap(_plain(sub), width_pt, 8.8) if sub else []
    main_lines = _wrap(_plain(text), width_pt, 11.5, bold=True)
    if sub_lines:
        ax.annotate("\n".join(sub_lines), xy=(0, 1), xycoords="axes fraction", xytext=(0, 7),
                    textcoords="offset points", ha="left", va="bottom", fontsize=8.8, color="#555555")
    off = 7 + (len(sub_lines) * 8.8 * 1.2 + 5 if sub_lines else 0)
    ax.annotate("\n".join(main_lines), xy=(0, 1), xycoords="axes fraction", xytext=(0, off),
                textcoords="offset points", ha="left", va="bottom", fontsize=11.5, fontweight="bold",
                color="#1a1a1a")


def _row_labels(ax, names, top: float = -0.7) -> None:
    """Category names above their bars (rows at y = 0, 1, … top down), instead of tick labels that
    would push the plot to the right."""
    tr = ax.get_yaxis_transform()
    width_pt = ax.figure.get_figwidth() * ax.get_position().width * 72 * 1.1
    for i, n in enumerate(names):
        txt = ax.text(0, i - 0.22, _fit(_plain(n), width_pt, 9), transform=tr, ha="left", va="bottom", fontsize=9,
                      color="#1a1a1a")
        txt.set_in_layout(False)  # a long label must not shrink the plot; _fit keeps it inside the figure
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(len(names) - 0.55, top)


def _legend_below(ax, ncol: int = 2) -> None:
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=ncol, fontsize=8.5, frameon=False,
              borderaxespad=3.4)


_DY, _H = 0.08, 0.5  # horizontal bars: offset below the row's label, and height (in rows)


def _rows_height(rows: int, extra: float = 1.9) -> float:
    """Figure height (inches) for a chart of horizontal bars with a label above each."""
    return extra + 0.42 * rows


_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 1.5, "alpha": 0.9}


# -- kroner axes -----------------------------------------------------------------------------

def _scale(values) -> float:
    v = np.asarray([x for x in np.ravel(np.asarray(values, dtype=float)) if math.isfinite(x)])
    m = float(np.max(np.abs(v))) if v.size else 0.0
    return 1e6 if m >= 1e6 else 1e3 if m >= 1e4 else 1.0


class KronerFormatter(Formatter):
    """Tick labels in units of `scale` kroner, with as few decimals as the tick step needs.

    Danish: '1,5' / '−250' with the unit in the axis label ('mio. kr.', '1.000 kr.').
    """

    def __init__(self, scale: float = 1.0, lang: str = "da"):
        self.scale = scale
        self.lang = lang
        self.decimals = 0

    def set_locs(self, locs):
        super().set_locs(locs)
        vals = sorted(x / self.scale for x in locs if math.isfinite(x))
        steps = [b - a for a, b in itertools.pairwise(vals) if b > a]
        step = min(steps) if steps else 1.0
        d = 0
        while d < 3 and abs(step * 10**d - round(step * 10**d)) > 1e-6 * max(1.0, step * 10**d):
            d += 1
        self.decimals = d

    def __call__(self, x, pos=None):
        v = x / self.scale
        if abs(v) < 1e-9:
            v = 0.0
        return number(v, self.decimals, self.lang)


def kroner_axis(ax, which: str = "y", *, values=None, lang: str = "da", label: str | None = None,
                price_year: int | None = None):
    """Put a kroner formatter on the x or y axis, scaled to `values` (default: the current limits)."""
    T = _t(lang)
    if values is None:
        values = ax.get_ylim() if which == "y" else ax.get_xlim()
    scale = _scale(values)
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_formatter(KronerFormatter(scale, lang))
    axis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
    unit = _UNITS[lang][scale]
    if price_year:
        unit += " (" + T["prices"].format(y=price_year) + ")"
    axis.set_label_text(f"{_plain(label)}, {unit}" if label else unit, fontsize=9, color="#333333")
    return ax


def _pct_axis(axis, lang: str) -> None:
    axis.set_major_formatter(FuncFormatter(lambda x, _: pct(x, lang)))


def _years_axis(ax, years, lang: str) -> None:
    ax.set_xticks(list(years))
    ax.set_xlim(min(years) - 0.4, max(years) + 0.4)
    ax.set_xlabel(_t(lang)["year"], fontsize=9, color="#333333")


# -- which actors have anything to show ------------------------------------------------------

def active_actors(doc: Mapping) -> list[str]:
    """'total' and every actor with money in the base case or uncertainty in the run."""
    b = doc["base_case"]
    out = ["total"]
    for a in ORDER[1:]:
        moved = any(abs(b[k][a]) > 0.5 for k in ("gains_pv", "costs_pv", "npv"))
        u = doc.get("uncertainty")
        if u and u["npv"][a]["sd"] > 0.5:
            moved = True
        if moved:
            out.append(a)
    return out


def _price_year(doc) -> int | None:
    return doc.get("price_year") if isinstance(doc, Mapping) else None


# -- 1. fan chart ----------------------------------------------------------------------------

def fan_chart(doc: Mapping, actor: str = "total", *, ax=None, lang: str = "da", title: bool = True,
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

def npv_distribution(values, *, base: float | None = None, ax=None, lang: str = "da", actor: str = "total",
                     price_year: int | None = None, bins: int = 50, title: bool = True):
    """Histogram of the NPV draws, split at zero, with the base case and the 90 % interval marked."""
    T = _t(lang)
    ax = _axes(ax)
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        raise ValueError("npv_distribution needs at least one finite value")
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

def break_even_probability(doc: Mapping, actors: Sequence[str] | None = None, *, ax=None, lang: str = "da",
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

def gains_and_costs(doc: Mapping, actor: str = "total", *, by: str = "domain", ax=None, lang: str = "da",
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
    ax = _axes(ax, 8.0, _rows_height(len(items) + 2))
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


# -- 5. tornado ------------------------------------------------------------------------------

def _tornado_rows(obj: Mapping) -> tuple[dict, float | None]:
    """Accept the rows themselves or a sensitivity result holding them ('tornado'/'rows'/'oat')."""
    base = obj.get("base") if isinstance(obj.get("base"), (int, float)) else None
    for key in ("tornado", "rows", "oat"):
        inner = obj.get(key)
        if isinstance(inner, Mapping):
            rows, b = _tornado_rows(inner)
            return rows, base if base is not None else b
    rows = {k: v for k, v in obj.items() if isinstance(v, Mapping) and "low" in v and "high" in v}
    return rows, base


def tornado(result: Mapping, *, base: float | None = None, ax=None, lang: str = "da", top: int = 10,
            price_year: int | None = None, labels: Mapping[str, str] | None = None, title: bool = True):
    """One input at a time from its 5th to its 95th percentile: the NPV at each end, largest swing on top."""
    T = _t(lang)
    rows, b0 = _tornado_rows(result)
    base = base if base is not None else b0
    if not rows:
        raise ValueError("tornado needs rows {name: {'low': …, 'high': …}}")
    items = sorted(rows.items(), key=lambda kv: -abs(float(kv[1]["high"]) - float(kv[1]["low"])))[:top]
    if base is None:
        base = float(np.median([(float(r["low"]) + float(r["high"])) / 2 for _, r in items]))
    ax = _axes(ax, 8.0, _rows_height(len(items), 2.2))
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

def _indices(obj: Mapping) -> Mapping:
    return obj.get("indices", obj)


def sobol_indices(result: Mapping, *, ax=None, lang: str = "da", top: int = 10,
                  labels: Mapping[str, str] | None = None, title: bool = True):
    """First-order (S1) and total (ST) Sobol indices with their confidence intervals, by ST."""
    T = _t(lang)
    idx = _indices(result)
    items = sorted(idx.items(), key=lambda kv: -float(kv[1].get("ST", 0.0) or 0.0))[:top]
    if not items:
        raise ValueError("sobol_indices needs {'indices': {name: {'S1', 'ST', …}}}")
    ax = _axes(ax, 8.0, _rows_height(len(items)))
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
        names = list(dict.fromkeys(n for e in obj for n in _indices(e)))
        out = {}
        for n in names:
            st = [float(_indices(e).get(n, {}).get("ST", np.nan)) for e in obj]
            cf = [float(_indices(e).get(n, {}).get("ST_conf", 0.0) or 0.0) for e in obj]
            out[n] = (np.array(st), np.array(cf))
        return years, out
    years = list(obj.get("year") or obj.get("years"))
    out = {}
    for n, r in _indices(obj).items():
        out[n] = (np.asarray(r["ST"], dtype=float),
                  np.asarray(r.get("ST_conf", np.zeros(len(years))), dtype=float))
    return years, out


def sobol_by_year(result, *, ax=None, lang: str = "da", top: int = 5, labels: Mapping[str, str] | None = None,
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


def voi_ranking(result: Mapping, *, ax=None, lang: str = "da", top: int = 10, price_year: int | None = None,
                groups: bool = True, labels: Mapping[str, str] | None = None, title: bool = True):
    """EVPPI per input (and per group, in [brackets], when present), largest on top, ±1.96 SE, EVPI marked."""
    T = _t(lang)
    rows = dict(result.get("evppi") or {})
    if groups:
        for key in ("evppi_groups", "groups"):
            g = result.get(key)
            if isinstance(g, Mapping):
                rows.update({f"[{k}]": v for k, v in g.items() if isinstance(v, Mapping) and "value" in v})
    if not rows:
        raise ValueError("voi_ranking needs {'evppi': {name: {'value', 'se', 'ratio'}}}")
    evpi = _value(result.get("evpi"))
    items = sorted(rows.items(), key=lambda kv: -float(kv[1]["value"]))[:top]
    ax = _axes(ax, 8.0, _rows_height(len(items)))
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


def png_bytes(fig, dpi: int = 144) -> bytes:
    """PNG of a Figure (rendered with Agg), for files and data URIs."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()
