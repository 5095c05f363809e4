"""``[[observation]]``: local data on an uncertain input (the schema and the rules of the section).

Three forms, one per entry:

* ``k`` successes of ``n`` (a rate with support in [0, 1]: success rate, gross or baseline rate,
  completers of starters);
* ``values``: observed values of the input (unit costs, observed activity changes as a scale …);
* ``mean``, ``sd`` and ``n``: the same, summarised;
* ``count`` events in ``exposure`` units (person-years, cases …) for an event rate per unit ≥ 0
  (Poisson likelihood; conjugate with a gamma prior).

The prior is turned into a posterior by :mod:`somsim.decide.update`; this module only checks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from somsim._text import did_you_mean
from somsim.scenario.types import Input

__all__ = ["Observation", "Observed", "check_observations"]

_FINITE = Field(allow_inf_nan=False)


class Observation(BaseModel):
    """One ``[[observation]]`` as written (checked field by field; the rules come after)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    input: str
    k: Annotated[int, Field(ge=0)] | None = None
    n: Annotated[int, Field(ge=1)] | None = None
    values: Annotated[list[Annotated[float, _FINITE]], Field(min_length=2)] | None = None
    mean: Annotated[float, _FINITE] | None = None
    sd: Annotated[float, _FINITE, Field(gt=0)] | None = None
    count: Annotated[int, Field(ge=0)] | None = None
    exposure: Annotated[float, _FINITE, Field(gt=0)] | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Observed:
    """A checked observation: ``binomial`` (k of n), ``normal`` (mean of n, sample sd), ``poisson`` (k per exposure)."""

    input: str
    kind: str
    n: int
    k: int = 0
    mean: float = 0.0
    sd: float = 0.0
    source: str | None = None
    index: int = 0
    exposure: float = 0.0

    def describe(self) -> str:
        """Short text: '12 of 40', 'mean 21,500 (sd 4,000, n = 12)' or '7 events in 35.5 units'."""
        if self.kind == "binomial":
            return f"{self.k} of {self.n}"
        if self.kind == "poisson":
            return f"{self.k} events in {self.exposure:.6g} units"
        return f"mean {self.mean:.6g} (sd {self.sd:.6g}, n = {self.n})"


def _form(ob: Observation) -> tuple[str | None, str]:
    """The form of an observation, or None and what is wrong."""
    has = {"k": ob.k is not None, "n": ob.n is not None, "values": ob.values is not None,
           "mean": ob.mean is not None, "sd": ob.sd is not None, "count": ob.count is not None,
           "exposure": ob.exposure is not None}
    given = {k for k, v in has.items() if v}
    forms = {"values": {"values"}, "binomial": {"k", "n"}, "summary": {"mean", "sd", "n"},
             "poisson": {"count", "exposure"}}
    for form, keys in forms.items():
        if given == keys:
            return form, ""
    return None, ("an observation needs exactly one of: k and n (successes of n), values (≥ 2 observed values), "
                  f"mean, sd and n, or count and exposure (events in exposure units) (got "
                  f"{', '.join(k for k in has if k in given) or 'none'})")


def check_observations(ctx, raw: Sequence[Observation | None] | None, params: Sequence[Input]) -> tuple[Observed, ...]:
    """Check each ``[[observation]]`` against the scenario's inputs; the usable ones, in file order."""
    by_name = {p.name: p for p in params}
    uncertain = [p.name for p in params if p.uncertain]
    out: list[Observed] = []
    for i, ob in enumerate(raw or []):
        if ob is None:
            continue
        key = f"observation[{i}]"
        if ctx.was_refused("observation", i):
            continue  # the schema refused part of it (reported): its form cannot be judged
        p = by_name.get(ob.input)
        if p is None or not p.uncertain:
            why = "is fixed: local data can only update an input with a distribution" if p is not None else \
                f"is not an input of the scenario{did_you_mean(ob.input, uncertain)}"
            ctx.error(f"{key}.input", f"{ob.input!r} {why}")
            continue
        form, msg = _form(ob)
        if form is None:
            ctx.error(key, msg)
            continue
        src = ob.source
        if form == "binomial":
            assert ob.k is not None and ob.n is not None
            lo, hi = p.dist.support
            if not (lo >= 0 and hi <= 1):
                ctx.error(f"{key}.k", f"k of n observes a rate, but {ob.input} is not in [0, 1] "
                          f"(its support is [{lo:g}, {hi:g}]); give values or mean, sd and n")
            elif ob.k > ob.n:
                ctx.error(f"{key}.k", f"more successes than trials (got k = {ob.k}, n = {ob.n}; expected k ≤ n)")
            else:
                out.append(Observed(ob.input, "binomial", n=ob.n, k=ob.k, source=src, index=i))
        elif form == "poisson":
            assert ob.count is not None and ob.exposure is not None
            lo, _ = p.dist.support
            if lo < 0:
                ctx.error(f"{key}.count", f"count and exposure observe an event rate ≥ 0, but {ob.input} can be "
                          f"negative (its support starts at {lo:g}); give values or mean, sd and n")
            else:
                out.append(Observed(ob.input, "poisson", n=1, k=ob.count, exposure=float(ob.exposure), source=src,
                                    index=i))
        elif form == "values":
            assert ob.values is not None
            v = ob.values
            m = math.fsum(v) / len(v)
            sd = math.sqrt(math.fsum((x - m) ** 2 for x in v) / (len(v) - 1))
            if sd <= 0:
                ctx.error(f"{key}.values", "the values are all the same: their spread is needed (give mean, sd, n)")
            else:
                out.append(Observed(ob.input, "normal", n=len(v), mean=m, sd=sd, source=src, index=i))
        else:
            assert ob.mean is not None and ob.sd is not None and ob.n is not None
            out.append(Observed(ob.input, "normal", n=ob.n, mean=ob.mean, sd=ob.sd, source=src, index=i))
    return tuple(out)
