"""How the report writes numbers, ranges, distributions and tables as text (no HTML: the template escapes it)."""

from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np

from somsim._text import number, pct
from somsim.present import tables as TB
from somsim.present.headline import is_reconstruction
from somsim.present.locale import strings

__all__ = ["cap", "dist_text", "figure", "is_reconstruction", "join_text", "kilo", "observed_text", "paragraphs",
           "plus_minus", "same_as_total", "sig", "table", "value", "value_range", "whole"]


def kilo(x, lang: str) -> str:
    """Thousands of kroner, whole: the unit of Danish budget tables ('–' when missing)."""
    return number(x / 1000.0, 0, lang) if TB.finite(x) else "–"


def whole(x, lang: str) -> str:
    """Whole kroner ('–' when missing)."""
    return number(x, 0, lang) if TB.finite(x) else "–"


def value(x: float, lang: str) -> str:
    """An input value as written by a person: 11.500 · 0,25 · 1,4."""
    if not TB.finite(x):
        return "–"
    a = abs(x)
    if a >= 1000:
        return number(x, 0, lang)
    if a >= 100:
        return number(x, 1 if x != round(x) else 0, lang)
    if a == 0:
        return "0"
    d = min(6, max(0, 2 - math.floor(math.log10(a))))
    s = number(x, d, lang)
    sep = "," if lang == "da" else "."
    if sep in s:
        s = s.rstrip("0").rstrip(sep)
    return s


def sig(x: float, digits: int = 3) -> float:
    """`x` to `digits` significant digits (a quantile of an input: 886.898 -> 887.000)."""
    if not TB.finite(x) or x == 0:
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def value_range(lo: float, hi: float, lang: str, digits: int | None = None) -> str:
    """'1.000–2.000', or '−5 til 10' when the low end is negative; optionally to `digits` significant digits."""
    if digits:
        lo, hi = sig(lo, digits), sig(hi, digits)
    sep = "–" if lo >= 0 else (" til " if lang == "da" else " to ")
    return f"{value(lo, lang)}{sep}{value(hi, lang)}"


def dist_text(family: str, given, lang: str) -> str:
    """'PERT: min 9.000, typisk 11.500, maks 16.000' – the distribution as the scenario gives it."""
    loc = strings(lang)
    parts = []
    for k, v in given:
        val = value_range(v[0], v[1], lang) if isinstance(v, tuple) else value(v, lang)
        parts.append(f"{loc.PARAM.get(k, k)} {val}")
    return f"{loc.FAMILY.get(family, family)}: {', '.join(parts)}"


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a TOML multi-line string: blank lines separate them, single line breaks do not."""
    out, cur = [], []
    for line in text.strip().splitlines():
        if line.strip():
            cur.append(line.strip())
        elif cur:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def table(caption: str, head: list[str], rows: list[list[str]], num: set[int], note: str | None = None,
          cls: str = "") -> dict[str, Any]:
    """A table for the template: `num` are the indices of the right-aligned (numeric) columns."""
    return {"caption": caption, "head": head, "rows": rows, "num": num, "note": note, "cls": cls}


def figure(fig, alt: str, caption: str = "", fid: str = "") -> dict[str, Any]:
    """A matplotlib Figure as an embedded PNG (data URI) with its alternative text and caption."""
    from somsim.present.plots import png_bytes

    data = png_bytes(fig, dpi=144)
    w, h = fig.get_size_inches()
    return {"id": fid, "alt": alt, "caption": caption, "width": round(w * 96), "height": round(h * 96),
            "src": "data:image/png;base64," + base64.b64encode(data).decode("ascii")}


def same_as_total(doc: dict, a: str) -> bool:
    """Whether actor `a`'s cumulative NPV (base case and bands) is the total's: then it is not shown twice."""
    b = doc["base_case"]["by_year"]["cumulative_npv"]
    if not np.allclose(b[a], b["total"], rtol=0, atol=0.5):
        return False
    bands = (doc.get("uncertainty") or {}).get("cumulative_npv_by_year")
    if bands:
        return all(np.allclose(bands[a][q], bands["total"][q], rtol=0, atol=0.5) for q in ("p05", "p95"))
    return True


def cap(s: str) -> str:
    """`s` with its first letter capitalised (the rest unchanged)."""
    return s[:1].upper() + s[1:]


def plus_minus(v, conf, lang: str) -> str:
    """An index as a percentage with its interval: '45 % ± 3 %' (negative estimates shown as 0)."""
    if not TB.finite(v):
        return "–"
    return f"{pct(max(v, 0.0), lang)} ± {pct(conf, lang)}" if TB.finite(conf) else pct(max(v, 0.0), lang)


def join_text(*parts: str) -> str:
    """The non-empty parts, joined by spaces."""
    return " ".join(p for p in parts if p)


def observed_text(o, lang: str) -> str:
    """One ``[[observation]]`` as data: '12 af 40', 'middel 45.000 (sd 3.000, n = 50)', '7 hændelser på 35,5 …'."""
    t = strings(lang).REPORT
    if o.kind == "binomial":
        return t["local_binomial"].format(k=number(o.k, 0, lang), n=number(o.n, 0, lang))
    if o.kind == "poisson":
        return t["local_poisson"].format(k=number(o.k, 0, lang), e=value(o.exposure, lang))
    return t["local_normal"].format(m=value(o.mean, lang), s=value(o.sd, lang), n=number(o.n, 0, lang))
