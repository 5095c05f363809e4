"""Small sensitivity and value-of-information runs for the report (:mod:`somsim.sensitivity`, :mod:`somsim.voi`).

Kept apart from the sections because it follows the APIs of those packages. Each result comes back
in the JSON shape that :mod:`somsim.present.plots` draws:

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

from collections.abc import Collection
from typing import Any

import numpy as np

from somsim._vocab import OUTPUTS
from somsim.sensitivity import core as SE
from somsim.voi import core as V

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


def compute(sc, doc: dict, *, result=None, seed: int = 1, have: Collection[str] = frozenset()) -> dict[str, Any]:
    """Small sensitivity and VOI runs of `sc`, except those in `have`; keys as in the module docstring.

    `result` is the probabilistic run (``keep_draws=True``) that the value of information needs.
    """
    out: dict[str, Any] = {"failed": []}
    if not sc.input_names:
        return out
    steps = [("tornado", _tornado), ("sobol", _sobol), ("sobol_by_year", _sobol_by_year)]
    if result is not None and result.npv is not None:
        steps.append(("voi", lambda sc, seed: _voi(sc, result)))
    for key, run in steps:
        if key in have:
            continue
        try:
            out.update(run(sc, seed))
        except _Missing as e:
            out["failed"].append((key, str(e)))
        except Exception as e:  # noqa: BLE001 - a failed analysis leaves its section out
            out["failed"].append((_NAME.get(key, key), f"{e.__class__.__name__}: {e}"))
    return out


_NAME = {"tornado": "oat"}  # the name of a failed method in the report


class _Missing(Exception):
    """An analysis that cannot run on what it was given (said as it is, without the exception's name)."""


def _tornado(sc, seed: int) -> dict[str, Any]:
    r = SE.oat(sc, outputs=f"npv.{sc.perspective}", switching=True).to_dict()["results"][0]
    return {"tornado": {"base": r["base"], "rows": r["tornado"]},
            "switching": _switching(r.get("switching_values") or {})}


def _sobol(sc, seed: int) -> dict[str, Any]:
    r = SE.sobol(sc, n=SOBOL_N, outputs=f"npv.{sc.perspective}", seed=seed).to_dict()
    res = r["results"][0]
    return {"sobol": {"indices": res.get("indices") or {}, "groups": res.get("groups") or {}, "n": r.get("n"),
                      "notes": r.get("notes", []), "warnings": r.get("warnings", [])}}


def _sobol_by_year(sc, seed: int) -> dict[str, Any]:
    r = SE.sobol(sc, n=SOBOL_YEAR_N, outputs=f"net.{sc.perspective}", seed=seed, groups=False).to_dict()
    return {"sobol_by_year": _by_year(r["results"])}


def _voi(sc, result) -> dict[str, Any]:
    persp = sc.perspective
    npv = result.npv[:, OUTPUTS.index(persp)]
    value, value_se = V.evpi(npv)
    p = float(np.mean(npv > 0))
    if not (1 - CERTAIN) <= p <= CERTAIN:
        return {"voi": {"evpi": value, "evpi_se": value_se, "certain": True, "prob_positive": p}}
    if result.inputs is None:  # not "certain": the regressions need the inputs of every draw
        raise _Missing("the run kept no inputs per draw (simulate(..., keep_draws=True))")
    d = V.document(V.analyse(result, perspective=persp), scenario=sc)
    return {"voi": {"evpi": d["evpi"], "evpi_se": d.get("evpi_se"), "evppi": d["evppi"],
                    "groups": d.get("groups") or {}, "certain": False, "prob_positive": p}}
