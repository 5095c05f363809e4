"""What every plot shares: figures without pyplot, the Okabe–Ito colours, titles, row labels and kroner axes.

Private to :mod:`somsim.present.plots`, which re-exports the public names (:func:`new_figure`,
:func:`png_bytes`, :func:`rows_height`, :class:`KronerFormatter`, :func:`kroner_axis`,
:func:`active_actors`, :data:`ACTOR_COLOURS`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from somsim._text import number, pct
from somsim._vocab import DISPLAY_ORDER
from somsim.present.locale import strings

# Okabe & Ito (2008), "Color Universal Design"
BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
GREY = "#6b6b6b"
ACTOR_COLOURS = {"total": BLUE, "kommune": GREEN, "region": ORANGE, "stat": PURPLE}
GAIN, COST, NET = GREEN, VERMILLION, BLUE
ORDER = DISPLAY_ORDER


def _t(lang: str) -> dict:
    """The plot text of `lang` (ValueError for another language)."""
    return strings(lang).PLOT


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
    """Category names above their bars (rows at y = 0, 1, … top down).

    Tick labels would push the plot to the right.
    """
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


def rows_height(rows: int, extra: float = 1.9) -> float:
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
    unit = strings(lang).UNITS[scale]
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



def png_bytes(fig, dpi: int = 144) -> bytes:
    """PNG of a Figure (rendered with Agg), for files and data URIs."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()

