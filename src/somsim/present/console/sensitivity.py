"""Readable rich tables of a sensitivity document (``SensitivityResult.to_dict()``), for the command line.

One table per output; the net of each year is shown as one table per actor with a column per
year (the method's headline index), so time-resolved results read as drivers over the horizon.
"""

from __future__ import annotations

from typing import Any

from rich.console import JustifyMethod
from rich.markup import escape  # user text (titles, group names) is not rich markup
from rich.table import Table
from rich.text import Text

from somsim._text import number
from somsim.distributions.core import _fmt

__all__ = ["MATRIX_KEY", "sensitivity_tables"]

#: the column shown per input in the year-by-year table of each method
MATRIX_KEY = {"sobol": "ST", "morris": "mu_star", "delta": "delta", "pawn": "median", "rbd-fast": "S1",
              "hdmr": "ST", "oat": "swing"}

_TOP_YEARS = 12  # inputs shown in a year-by-year table


def _ix(v) -> str:
    return "–" if v is None else f"{v:.3f}"


def _bar(v, width: int = 10) -> str:
    if v is None:
        return ""
    return "█" * round(max(0.0, min(1.0, v)) * width)


def _money(values, lang: str):
    """A formatter for a column of kroner in one unit, and the unit's name."""
    vals = [abs(v) for v in values if v is not None]
    if vals and max(vals) >= 999_500:
        unit = "mio. kr." if lang == "da" else "DKK million"
        return (lambda x: "–" if x is None else number(x / 1e6, 2, lang)), unit
    return (lambda x: "–" if x is None else number(x, 0, lang)), ("kr." if lang == "da" else "DKK")


def _p(p) -> str:
    if p is None:
        return "–"
    if 0 < p < 0.001:
        return "< 0.1 %"
    if 0.999 < p < 1:
        return "> 99.9 %"
    return f"{100 * p:.1f} %"


def _table(title: str, cols: list[str]) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column(cols[0], overflow="fold", min_width=16)
    for c in cols[1:]:
        t.add_column(c, justify="right")
    return t


def sensitivity_tables(sc, doc: dict, lang: str) -> list[Any]:
    """What to print of a sensitivity document, in order.

    A title, one table per output (per actor, with a column per year, for the net by year), the
    notes and the warnings. Strings are rich markup with the user's text escaped.
    """
    method = doc["method"]
    out: list[Any] = [f"[bold]{escape(sc.title)}[/bold] — sensitivity ({method})"]
    evals = f"{doc['evaluations']:,} model evaluations"
    out.append(f"{evals}" + (f", seed {doc['seed']}" if doc.get("seed") is not None else ""))
    yearly: dict[str, list[dict]] = {}
    for r in doc["results"]:
        if r["output"].startswith("net.") and sum(x["output"].startswith("net.") for x in doc["results"]) > 1:
            yearly.setdefault(r["output"].split(".")[1], []).append(r)
            continue
        if r.get("constant"):
            continue  # said once in the notes
        out += _tables(method, r, doc, lang)
    for actor, rs in yearly.items():
        out.append(_year_table(actor, rs, MATRIX_KEY[method]))
    out += [Text.from_markup(f"note: {escape(n)}", style="dim") for n in doc["notes"]]
    out += [Text.from_markup(f"warning: {escape(w)}", style="yellow") for w in doc["warnings"]]
    return out


def _tables(method: str, r: dict, doc: dict, lang: str) -> list[Table]:
    out = r["output"]
    if method == "sobol":
        conf = round(100 * doc["settings"]["conf_level"])
        t = Table(title=f"{out}: Sobol' indices (N = {r['n']:,}; ± {conf} % interval)", title_justify="left")
        t.add_column("input", overflow="fold", min_width=16)
        cols: tuple[tuple[str, JustifyMethod], ...] = (("S1", "right"), ("±", "right"), ("ST", "right"),
                                                       ("±", "right"), ("ST", "left"))
        for c, j in cols:
            t.add_column(c, justify=j, no_wrap=True)
        rows = sorted(r["indices"].items(), key=lambda kv: -(kv[1]["ST"] or 0))
        for name, v in rows:
            t.add_row(escape(name), _ix(v["S1"]), _ix(v["S1_conf"]), _ix(v["ST"]), _ix(v["ST_conf"]), _bar(v["ST"]))
        if r["groups"]:
            t.add_section()
            for name, v in sorted(r["groups"].items(), key=lambda kv: -(kv[1]["ST"] or 0)):
                t.add_row(f"[italic]group {escape(name)}[/italic]", _ix(v["S1"]), _ix(v["S1_conf"]), _ix(v["ST"]),
                          _ix(v["ST_conf"]), _bar(v["ST"]))
        return [t]
    if method == "morris":
        m, unit = _money([v[k] for v in r["indices"].values() for k in ("mu_star", "mu", "sigma")], lang)
        t = _table(f"{out}: Morris screening ({r['n']:,} trajectories; {unit})", ["input", "mu*", "±", "mu", "sigma"])
        for name, v in r["indices"].items():
            t.add_row(escape(name), m(v["mu_star"]), m(v["mu_star_conf"]), m(v["mu"]), m(v["sigma"]))
        return [t]
    if method == "oat":
        return _oat_tables(r, lang)
    keys = {"delta": ("delta", "delta_conf", "S1", "S1_conf"), "pawn": ("median", "mean", "min", "max", "CV"),
            "rbd-fast": ("S1", "S1_conf"), "hdmr": ("S", "S_conf", "Sa", "Sb", "ST", "ST_conf")}[method]
    t = _table(f"{out}: {method} ({r['n']:,} draws)", ["input", *("±" if k.endswith("_conf") else k for k in keys)])
    for name, v in r["indices"].items():
        t.add_row(escape(name), *(_ix(v[k]) for k in keys))
    if r.get("dummy"):
        t.add_section()
        t.add_row("[italic](dummy: noise floor)[/italic]", *(_ix(r["dummy"][k]) for k in keys))
    return [t]


def _oat_tables(r: dict, lang: str) -> list[Table]:
    lo, hi = r["probs"]
    rows = r["tornado"]
    m, unit = _money([r["base"], *(v[k] for v in rows.values() for k in ("low", "high"))], lang)
    t = _table(f"{r['output']}: tornado ({unit}; base case {m(r['base'])}; inputs at their {lo:.0%} and {hi:.0%} "
               "quantiles or the given range)", ["input", "low value", "high value", "at low", "at high", "swing"])
    for name, v in rows.items():
        t.add_row(escape(name), _fmt(_round(v["low_value"])), _fmt(_round(v["high_value"])), m(v["low"]), m(v["high"]),
                  m(v["swing"]))
    out = [t]
    sw = r.get("switching_values")
    if sw:
        s = _table(f"{r['output']}: switching values (where the base-case result is 0)",
                   ["input", "point value", "switching value", "change", "P(input ≤ value)"])
        for name, v in sw.items():
            if v["value"] is None:
                s.add_row(escape(name), _fmt(_round(v["point"])), v.get("note", "none"), "", "")
            else:
                extra = f" ({len(v['roots'])} roots)" if len(v["roots"]) > 1 else ""
                s.add_row(escape(name), _fmt(_round(v["point"])), _fmt(_round(v["value"])) + extra,
                          "–" if v["change"] is None else f"{100 * v['change']:+.1f} %", _p(v["cdf"]))
        out.append(s)
    return out


def _round(x):
    return None if x is None else float(f"{x:.6g}")


def _year_table(actor: str, rs: list[dict], key: str) -> Table:
    years = [int(r["output"].rsplit(".", 1)[1]) for r in rs]
    src = "tornado" if key == "swing" else "indices"
    score: dict[str, float] = {}
    for r in rs:
        for name, v in (r.get(src) or {}).items():
            score[name] = max(score.get(name, 0.0), abs(v.get(key) or 0.0))
    names = sorted(score, key=lambda k: -score[k])[:_TOP_YEARS]
    t = Table(title=f"net.{actor} by year: {key} of each input", title_justify="left")
    t.add_column("input", overflow="fold", min_width=24)
    for y in years:
        t.add_column(str(y), justify="right", no_wrap=True)
    for name in names:
        cells = []
        for r in rs:
            v = (r.get(src) or {}).get(name)
            val = None if v is None else v.get(key)
            if val is None:
                cells.append("–")
            else:
                cells.append(f"{val:.2f}" if key not in ("swing", "mu_star") else _fmt(_round(val)))
        t.add_row(escape(name), *cells)
    return t
