"""summary.json (schema ``somsim.summary/1``): the base-case block and the document around it."""

from __future__ import annotations

from typing import Any

import numpy as np

from somsim._version import __version__
from somsim._vocab import ACTORS, DISPLAY_ORDER
from somsim.model.reference import Flows
from somsim.scenario.loader import Scenario

__all__ = ["SCHEMA", "base_case_block", "document", "rates_block"]

SCHEMA = "somsim.summary/1"
ORDER = DISPLAY_ORDER  # key order in JSON blocks (then the committees, §6.5)


def _by_actor(sc: Scenario, row: np.ndarray) -> dict[str, float]:
    """(J,) in ``sc.outputs`` order -> {'total': .., 'kommune': .., ..., 'kommune:NAME': ..}."""
    return {k: float(row[sc.outputs.index(k)]) for k in sc.display_order}


def _year(sc: Scenario, years: np.ndarray) -> dict[str, int | None]:
    """(J,) years (-1: none) -> {key: year or None}."""
    return {k: (None if years[sc.outputs.index(k)] < 0 else int(years[sc.outputs.index(k)])) for k in sc.display_order}


def _series(sc: Scenario, flow: np.ndarray, sub: np.ndarray) -> dict[str, list[float]]:
    """(H, 3) flows by actor and (H, U) by committee -> {key: [by year]} with the total."""
    out = {k: [float(x) for x in (flow.sum(axis=1) if k == "total" else flow[:, ACTORS.index(k)])] for k in ORDER}
    if sc.committees is not None:
        out.update({k: [float(x) for x in sub[:, u]] for u, k in enumerate(sc.committees.keys)})
    return out


def base_case_block(sc: Scenario, f: Flows) -> dict[str, Any]:
    """The classic SØM result: present values by actor, per participant, break-even year, by year.

    §6 adds (after the keys of the first edition, so those stay as they were): ``payback_year``,
    ``bcr`` (None where the costs are 0), ``rates`` and, with [udvalg], the committees' keys in every
    actor-keyed block and by-year series.
    """
    n = sc.participants
    by_year = {
        "year": list(range(sc.horizon)),
        "net": _series(sc, f.net[0], f.sub_net[0]),
        "cumulative_npv": {k: [float(x) for x in f.cumulative_pv[0][:, sc.outputs.index(k)]]
                           for k in sc.display_order},
        "gains": _series(sc, f.gains[0], f.sub_gains[0]),
        "costs": _series(sc, f.costs[0], f.sub_costs[0]),
    }
    act = f.activity_pv[0]  # (K, 3)
    gains_by_activity = {
        c.activity.key: {"domain": c.activity.domain, "total": float(act[k].sum()),
                         **{a: float(act[k, i]) for i, a in enumerate(ACTORS)}}
        for k, c in enumerate(sc.consequences)
    }
    gains_pv, costs_pv = _by_actor(sc, f.gains_pv[0]), _by_actor(sc, f.costs_pv[0])
    return {
        "npv": _by_actor(sc, f.npv[0]),
        "npv_per_participant": {k: v / n for k, v in _by_actor(sc, f.npv[0]).items()},
        "gains_pv": gains_pv,
        "costs_pv": costs_pv,
        "break_even_year": _year(sc, f.break_even[0]),
        "gains_pv_by_activity": gains_by_activity,
        "by_year": by_year,
        "payback_year": _year(sc, f.payback[0]),
        "bcr": {k: (gains_pv[k] / costs_pv[k] if costs_pv[k] != 0 else None) for k in sc.display_order},
        "rates": rates_block(sc),
    }


def rates_block(sc: Scenario) -> dict[str, Any]:
    """§6.1–6.3 the rates of the base case: gross, baseline, net, haircut and its source, effective, completion."""
    r = sc.rates
    return {"gross": r.success.point if r.gross_baseline else None,
            "baseline": r.baseline.point if r.baseline is not None else None,
            "net": r.net_point, "haircut": r.haircut.point, "haircut_source": r.haircut_source,
            "evidence": r.evidence, "effective_net": r.effective_point, "completion_rate": r.completion.point,
            "expected_successes": sc.expected_successes}


def document(sc: Scenario, base: dict, *, seed=None, draws=0, sampler=None, uncertainty=None,
             extra: dict | None = None) -> dict[str, Any]:
    """The summary.json document (schema ``somsim.summary/1``) of a base case and an optional run.

    Parameters
    ----------
    sc : Scenario
        The scenario that was run.
    base : dict
        The ``base_case`` block (see :func:`base_case_block`).
    seed, draws, sampler : optional
        The run's settings (``draws = 0``: base case only).
    uncertainty : dict, optional
        The ``uncertainty`` block of a probabilistic run.
    extra : dict, optional
        Further top-level blocks (provenance, auto-draws report), added after the contract's keys.
    """
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "scenario": {"id": sc.id, "title": sc.title, "sha256": sc.sha256},
        "somsim_version": __version__,
        "seed": seed,
        "draws": int(draws),
        "sampler": sampler,
        "participants": sc.participants,
        "horizon": sc.horizon,
        "price_year": sc.price_year,
        "perspective": sc.perspective,
        "base_case": base,
    }
    if uncertainty is not None:
        doc["uncertainty"] = uncertainty
    if extra:
        doc.update(extra)
    return doc
