"""Small sensitivity and value-of-information runs for the report (``somsim.sensitivity``, ``somsim.voi``).

Kept apart from report.py because it follows the APIs of those modules. Each result comes back in
the JSON shape that :mod:`somsim.plots` draws:

* ``tornado``: ``{"base": npv, "rows": {input: {"low", "high", "low_value", "high_value", …}}}``
* ``switching``: rows ``{"name", "point", "value", "other_side"}`` (input values at which the
  base-case NPV changes sign, and the chance that the input lies beyond)
* ``sobol``: ``{"indices": {…}, "groups": {…}, "n": N}``; ``sobol_by_year``: ``{"year": [...],
  "indices": {input: {"ST": [...], "ST_conf": [...]}}}`` for the net of each year
* ``voi``: ``{"evpi", "evpi_se", "evppi": {…}, "groups": {…}}`` or, when the decision is all but
  certain, only ``evpi`` and ``certain: True`` (no regression is worth running)

A method that fails is left out and named in ``failed`` (the report says so); nothing is raised.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SOBOL_N = 2048  # base sample of the report's Sobol' run (N·(G+2) model evaluations per design)
SOBOL_YEAR_N = 1024
CERTAIN = 0.98  # P(NPV > 0) above this (or below 1 − this): the decision is all but certain


def _by_year(results: list[dict]) -> dict[str, Any]:
    years, names = [], []
    for r in results:
        years.append(int(r["output"].rsplit(".", 1)[1]))
        names += [n for n in (r.get("indices") or {}) if n not in names]
    idx = {}
    for n in names:
        st = [((r.get("indices") or {}).get(n) or {}).get("ST") for r in results]
        cf = [((r.get("indices") or {}).get(n) or {}).get("ST_conf") for r in results]
        idx[n] = {"ST": [np.nan if v is None else float(v) for v in st],
                  "ST_conf": [0.0 if v is None else float(v) for v in cf]}
    return {"year": years, "indices": idx}


def _switching(sv: dict) -> list[dict[str, Any]]:
    rows = []
    for name, s in (sv or {}).items():
        v, cdf, point = s.get("value"), s.get("cdf"), s.get("point")
        if v is None or cdf is None or point is None:
            continue
        other = cdf if v < point else 1.0 - cdf
        rows.append({"name": name, "point": float(point), "value": float(v), "other_side": float(other),
                     "change": s.get("change")})
    return sorted(rows, key=lambda r: -r["other_side"])


def compute(sc, doc: dict, *, result=None, seed: int = 1, have: set[str] = frozenset()) -> dict[str, Any]:
    """Whatever the installed modules can give; keys as in the module docstring."""
    out: dict[str, Any] = {"failed": []}
    persp = sc.perspective
    if not sc.input_names:
        return out
    from somsim.sensitivity import core as SE

    if "tornado" not in have:
        try:
            r = SE.oat(sc, outputs=f"npv.{persp}", switching=True).to_dict()["results"][0]
            out["tornado"] = {"base": r["base"], "rows": r["tornado"]}
            out["switching"] = _switching(r.get("switching_values") or {})
        except Exception as e:  # noqa: BLE001 - a failed analysis leaves its section out
            out["failed"].append(("oat", f"{e.__class__.__name__}: {e}"))
    if "sobol" not in have:
        try:
            r = SE.sobol(sc, n=SOBOL_N, outputs=f"npv.{persp}", seed=seed).to_dict()
            res = r["results"][0]
            out["sobol"] = {"indices": res.get("indices") or {}, "groups": res.get("groups") or {},
                            "n": r.get("n"), "notes": r.get("notes", []), "warnings": r.get("warnings", [])}
        except Exception as e:  # noqa: BLE001
            out["failed"].append(("sobol", f"{e.__class__.__name__}: {e}"))
    if "sobol_by_year" not in have:
        try:
            r = SE.sobol(sc, n=SOBOL_YEAR_N, outputs=f"net.{persp}", seed=seed, groups=False).to_dict()
            out["sobol_by_year"] = _by_year(r["results"])
        except Exception as e:  # noqa: BLE001
            out["failed"].append(("sobol_by_year", f"{e.__class__.__name__}: {e}"))
    if "voi" not in have and result is not None and result.npv is not None:
        from somsim.voi import core as V

        try:
            j = {"kommune": 0, "region": 1, "stat": 2, "total": 3}[persp]
            value, value_se = V.evpi(result.npv[:, j])
            p = float(np.mean(result.npv[:, j] > 0))
            if not (1 - CERTAIN) <= p <= CERTAIN:
                out["voi"] = {"evpi": value, "evpi_se": value_se, "certain": True, "prob_positive": p}
            elif result.inputs is None:  # not "certain": the regressions need the inputs of every draw
                out["failed"].append(("voi", "the run kept no inputs per draw (simulate(..., keep_draws=True))"))
            else:
                d = V.document(V.analyse(result, perspective=persp), scenario=sc)
                out["voi"] = {"evpi": d["evpi"], "evpi_se": d.get("evpi_se"), "evppi": d["evppi"],
                              "groups": d.get("groups") or {}, "certain": False, "prob_positive": p}
        except Exception as e:  # noqa: BLE001
            out["failed"].append(("voi", f"{e.__class__.__name__}: {e}"))
    return out
