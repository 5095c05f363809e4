"""summary.json (schema ``somsim.summary/1``): the base-case block and the document around it."""

from __future__ import annotations

from typing import Any

import numpy as np

from somsim._version import __version__
from somsim._vocab import ACTORS, DISPLAY_ORDER, OUTPUTS
from somsim.model.reference import Flows
from somsim.scenario.loader import Scenario

__all__ = ["SCHEMA", "base_case_block", "document"]

SCHEMA = "somsim.summary/1"
ORDER = DISPLAY_ORDER  # key order in JSON blocks


def _by_actor(row: np.ndarray) -> dict[str, float]:
    """(4,) in OUTPUTS order -> {'total': .., 'kommune': .., ...}."""
    return {k: float(row[OUTPUTS.index(k)]) for k in ORDER}


def base_case_block(sc: Scenario, f: Flows) -> dict[str, Any]:
    """The classic SØM result: present values by actor, per participant, break-even year, by year."""
    n = sc.participants
    be = f.break_even[0]
    net = f.net[0]  # (H, 3)
    by_year = {
        "year": list(range(sc.horizon)),
        "net": {k: [float(x) for x in (net.sum(axis=1) if k == "total" else net[:, ACTORS.index(k)])]
                for k in ORDER},
        "cumulative_npv": {k: [float(x) for x in f.cumulative_pv[0][:, OUTPUTS.index(k)]] for k in ORDER},
        "gains": {k: [float(x) for x in (f.gains[0].sum(axis=1) if k == "total" else f.gains[0][:, ACTORS.index(k)])]
                  for k in ORDER},
        "costs": {k: [float(x) for x in (f.costs[0].sum(axis=1) if k == "total" else f.costs[0][:, ACTORS.index(k)])]
                  for k in ORDER},
    }
    act = f.activity_pv[0]  # (K, 3)
    gains_by_activity = {
        c.activity.key: {"domain": c.activity.domain, "total": float(act[k].sum()),
                         **{a: float(act[k, i]) for i, a in enumerate(ACTORS)}}
        for k, c in enumerate(sc.consequences)
    }
    return {
        "npv": _by_actor(f.npv[0]),
        "npv_per_participant": {k: v / n for k, v in _by_actor(f.npv[0]).items()},
        "gains_pv": _by_actor(f.gains_pv[0]),
        "costs_pv": _by_actor(f.costs_pv[0]),
        "break_even_year": {k: (None if be[OUTPUTS.index(k)] < 0 else int(be[OUTPUTS.index(k)])) for k in ORDER},
        "gains_pv_by_activity": gains_by_activity,
        "by_year": by_year,
    }


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
