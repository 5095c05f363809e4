"""Readable rich tables of a sensitivity document (``SensitivityResult.to_dict()``), for the command line.

One table per output; the net of each year is shown as one table per actor with a column per
year (the method's headline index), so time-resolved results read as drivers over the horizon.
"""

from __future__ import annotations

import re
from typing import Any

from rich.markup import escape  # user text (titles, group names) is not rich markup
from rich.text import Text

from somsim._text import number, pct
from somsim.present.console.fit import NAME, NUM, TEXT, fit_table
from somsim.present.effects import effect_ratio, is_shock, shock_value_text
from somsim.present.locale import strings
from somsim.present.report.format import value
from somsim.present.tables import group_label

__all__ = ["MATRIX_KEY", "sensitivity_tables"]

#: the column shown per input in the year-by-year table of each method
MATRIX_KEY = {"sobol": "ST", "morris": "mu_star", "delta": "delta", "pawn": "median", "rbd-fast": "S1",
              "hdmr": "ST", "oat": "swing"}

_TOP_YEARS = 12  # inputs shown in a year-by-year table


def _ix(v, lang: str) -> str:
    return "–" if v is None else number(v, 3, lang)


def _bar(v, width: int = 10) -> str:
    if v is None:
        return ""
    return "█" * round(max(0.0, min(1.0, v)) * width)


def _money(values, lang: str):
    """A formatter for a column of kroner in one unit, and the unit's name."""
    C = strings(lang).CONSOLE
    vals = [abs(v) for v in values if v is not None]
    if vals and max(vals) >= 999_500:
        return (lambda x: "–" if x is None else number(x / 1e6, 2, lang)), C["mkr_unit"]
    return (lambda x: "–" if x is None else number(x, 0, lang)), C["kr_unit"]


def _p(p, lang: str) -> str:
    if p is None:
        return "–"
    if 0 < p < 0.001:
        return "< " + pct(0.001, lang, 1)
    if 0.999 < p < 1:
        return "> " + pct(0.999, lang, 1)
    return pct(p, lang, 1)


def _val(x, lang: str) -> str:
    return "–" if x is None else value(float(f"{x:.6g}"), lang)


def sensitivity_tables(sc, doc: dict, lang: str = "da", width: int = 80) -> list[Any]:
    """What to print of a sensitivity document, in order, in one language, fitted to `width`.

    A title, one table per output (per actor, with a column per year, for the net by year), a line
    per output that does not vary, the notes and the warnings. Strings are rich markup with the
    user's text escaped.
    """
    C = strings(lang).CONSOLE
    method = doc["method"]
    out: list[Any] = [f"[bold]{escape(C['sens_title'].format(title=sc.title, method=method))}[/bold]"]
    seed = C["seed"].format(seed=doc["seed"]) if doc.get("seed") is not None else ""
    out.append(C["evaluations"].format(n=number(doc["evaluations"], 0, lang)) + seed)
    yearly: dict[str, list[dict]] = {}
    n_net = sum(x["output"].startswith("net.") for x in doc["results"])
    for r in doc["results"]:
        if r.get("constant"):
            v = r.get("base")
            out.append(C["constant"].format(out=r["output"], v="–" if v is None else number(v, 0, lang)))
            continue
        if r["output"].startswith("net.") and n_net > 1:
            yearly.setdefault(r["output"].split(".")[1], []).append(r)
            continue
        out += _tables(sc, method, r, doc, lang, width)
    for actor, rs in yearly.items():
        out += _year_table(actor, rs, MATRIX_KEY[method], lang, width)
    out += [Text.from_markup(f"{C['note']}: {escape(_note(n, lang))}", style="dim") for n in doc["notes"]
            if lang == "en" or "not vary" not in n]
    out += [Text.from_markup(f"{C['warning']}: {escape(w)}", style="yellow") for w in doc["warnings"]]
    return out


def _note(text: str, lang: str) -> str:
    """A note of the library in `lang` (the library writes English; the locale's NOTES translate it)."""
    for pattern, repl in strings(lang).NOTES:
        if re.match(pattern, text):
            return re.sub(pattern, repl, text)
    return text


def _tables(sc, method: str, r: dict, doc: dict, lang: str, width: int) -> list[Any]:
    C = strings(lang).CONSOLE
    out = r["output"]
    if method == "sobol":
        conf = pct(doc["settings"]["conf_level"], lang)
        title = C["sobol_title"].format(out=out, n=number(r["n"], 0, lang), conf=conf)
        rows = [[escape(name), _ix(v["S1"], lang), _ix(v["S1_conf"], lang), _ix(v["ST"], lang),
                 _ix(v["ST_conf"], lang), _bar(v["ST"])]
                for name, v in sorted(r["indices"].items(), key=lambda kv: -(kv[1]["ST"] or 0))]
        sections = [len(rows)] if r["groups"] else []
        for name, v in sorted((r["groups"] or {}).items(), key=lambda kv: -(kv[1]["ST"] or 0)):
            label = escape(C["group"].format(name=group_label(name, lang)))  # somsim's default groups translated
            rows.append([f"[italic]{label}[/italic]", _ix(v["S1"], lang),
                         _ix(v["S1_conf"], lang), _ix(v["ST"], lang), _ix(v["ST_conf"], lang), _bar(v["ST"])])
        cols = [(C["c_input"], NAME), ("S1", NUM), ("±", NUM), ("ST", NUM), ("±", NUM), ("ST", NAME)]
        return fit_table(title, cols, rows, width, sections=sections)
    if method == "morris":
        m, unit = _money([v[k] for v in r["indices"].values() for k in ("mu_star", "mu", "sigma")], lang)
        title = C["morris_title"].format(out=out, n=number(r["n"], 0, lang), unit=unit)
        rows = [[escape(name), m(v["mu_star"]), m(v["mu_star_conf"]), m(v["mu"]), m(v["sigma"])]
                for name, v in r["indices"].items()]
        return fit_table(title, [(C["c_input"], NAME), ("mu*", NUM), ("±", NUM), ("mu", NUM), ("sigma", NUM)], rows,
                         width)
    if method == "oat":
        return _oat_tables(sc, r, lang, width)
    keys = {"delta": ("delta", "delta_conf", "S1", "S1_conf"), "pawn": ("median", "mean", "min", "max", "CV"),
            "rbd-fast": ("S1", "S1_conf"), "hdmr": ("S", "S_conf", "Sa", "Sb", "ST", "ST_conf")}[method]
    title = C["given_title"].format(out=out, method=method, n=number(r["n"], 0, lang))
    rows = [[escape(name), *(_ix(v[k], lang) for k in keys)] for name, v in r["indices"].items()]
    sections = []
    if r.get("dummy"):
        sections = [len(rows)]
        rows.append([f"[italic]{escape(C['dummy'])}[/italic]", *(_ix(r["dummy"][k], lang) for k in keys)])
    cols = [(C["c_input"], NAME), *(("±" if k.endswith("_conf") else k, NUM) for k in keys)]
    return fit_table(title, cols, rows, width, sections=sections)


def _input_value(sc, name: str, x, lang: str) -> str:
    """An input's value; a consequence's shock as the share of the estimated effect it gives."""
    return shock_value_text(sc, name, x, lang) or _val(x, lang)


def _oat_tables(sc, r: dict, lang: str, width: int) -> list[Any]:
    C = strings(lang).CONSOLE
    lo, hi = r["probs"]
    rows = r["tornado"]
    m, unit = _money([r["base"], *(v[k] for v in rows.values() for k in ("low", "high"))], lang)
    title = C["tornado_title"].format(out=r["output"], unit=unit, base=m(r["base"]), lo=pct(lo, lang),
                                      hi=pct(hi, lang))
    # the numbers first: when the table is split, the swings come with the names
    cells = [[escape(name), m(v["low"]), m(v["high"]), m(v["swing"]), _input_value(sc, name, v["low_value"], lang),
              _input_value(sc, name, v["high_value"], lang)] for name, v in rows.items()]
    cols = [(C["c_input"], NAME), (C["c_at_low"], NUM), (C["c_at_high"], NUM), (C["c_swing"], NUM),
            (C["c_low_value"], TEXT), (C["c_high_value"], TEXT)]
    out = fit_table(title, cols, cells, width)
    sw = r.get("switching_values")
    if sw:
        out += fit_table(C["switch_title"].format(out=r["output"]),
                         [(C["c_input"], NAME), (C["c_point"], NUM), (C["c_switch"], TEXT), (C["c_change"], NUM),
                          ("P(input ≤ x)", NUM)],
                         [_switching_row(sc, name, v, lang) for name, v in sw.items()], width)
    return out


def _switching_row(sc, name: str, v: dict, lang: str) -> list[str]:
    C = strings(lang).CONSOLE
    shock = is_shock(sc, name)
    point = "–" if shock else _val(v["point"], lang)
    if v["value"] is None:
        return [escape(name), point, C.get(v.get("note", ""), v.get("note", "–")), "", ""]
    if shock:  # in the user's units: the share of the estimated effect at which the NPV is zero
        ratio = effect_ratio(sc, name, v["value"])
        at_least = C["effect_at_least"].format(p="–" if ratio is None else pct(ratio, lang))
        return [escape(name), point, at_least, "–", _p(v["cdf"], lang)]
    extra = C["roots"].format(n=len(v["roots"])) if len(v["roots"]) > 1 else ""
    change = "–" if v["change"] is None else ("+" if v["change"] > 0 else "") + pct(v["change"], lang, 1)
    return [escape(name), point, _val(v["value"], lang) + extra, change, _p(v["cdf"], lang)]


def _year_table(actor: str, rs: list[dict], key: str, lang: str, width: int) -> list[Any]:
    years = [int(r["output"].rsplit(".", 1)[1]) for r in rs]
    src = "tornado" if key == "swing" else "indices"
    score: dict[str, float] = {}
    for r in rs:
        for name, v in (r.get(src) or {}).items():
            score[name] = max(score.get(name, 0.0), abs(v.get(key) or 0.0))
    names = sorted(score, key=lambda k: -score[k])[:_TOP_YEARS]
    rows = []
    for name in names:
        cells = []
        for r in rs:
            v = (r.get(src) or {}).get(name)
            val = None if v is None else v.get(key)
            if val is None:
                cells.append("–")
            else:
                cells.append(number(val, 2, lang) if key not in ("swing", "mu_star") else _val(val, lang))
        rows.append([escape(name), *cells])
    C = strings(lang).CONSOLE
    return fit_table(C["year_title"].format(actor=actor, key=key),
                     [(C["c_input"], NAME), *((str(y), NUM) for y in years)], rows, width)
