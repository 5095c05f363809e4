"""Structural schema of scenario and library files (pydantic), and error translation.

This layer checks shape and types only: which keys exist, which are required, what type each
value has. Values that may be a number *or* a distribution are typed ``Any`` here and checked
by :mod:`somsim.distributions`; cross-field rules live in :mod:`somsim.scenario`.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from somsim.distributions.core import _show

DistValue = Any  # a number or a { dist = ... } table; validated in distributions.py


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ScenarioMeta(_Strict):
    id: str
    title: str | None = None
    description: str = ""
    sources: list[str] = []
    price_year: int
    horizon: int
    discount_rate: DistValue = 0.035
    consequence_lag: int = 0
    perspective: str = "total"
    stochastic_cohorts: bool = False


class TargetGroup(_Strict):
    name: str | None = None
    success_criterion: str | None = None
    description: str | None = None
    source: str | None = None


class Intervention(_Strict):
    name: str
    cohorts: list[int]
    success_rate: DistValue
    description: str | None = None
    source: str | None = None
    note: str | None = None


class Cost(_Strict):
    name: str
    actor: str = "kommune"
    per_participant: DistValue = None
    amount: DistValue = None
    years: list[int] | None = None
    source: str | None = None
    note: str | None = None


class Consequence(_Strict):
    activity: str
    per_success: list[float]
    se: list[float] | None = None
    scale: DistValue = None
    price: dict[str, DistValue] | None = None
    source: str | None = None
    note: str | None = None


class Activity(_Strict):
    title: str | None = None
    domain: str = "andet"
    unit: str | None = None
    kind: Literal["expenditure", "revenue"] = "expenditure"
    price_year: int | None = None
    price: dict[str, DistValue] = {}
    source: str | None = None
    note: str | None = None


class Correlation(_Strict):
    inputs: list[str]
    rho: float | list[list[float]]
    source: str | None = None
    note: str | None = None


class LibraryMeta(_Strict):
    id: str | None = None
    title: str | None = None
    description: str | None = None
    sources: list[str] = []


class ScenarioFile(_Strict):
    somsim: int
    include: list[str] = []
    scenario: ScenarioMeta
    target_group: TargetGroup = TargetGroup()
    intervention: Intervention
    cost: list[Cost] = []
    consequence: list[Consequence] = []
    activity: dict[str, Activity] = {}
    correlation: list[Correlation] = []
    groups: dict[str, list[str]] = {}
    price_index: dict[str, float] = {}


class LibraryFile(_Strict):
    somsim: int | None = None
    include: list[str] = []
    library: LibraryMeta = LibraryMeta()
    activity: dict[str, Activity] = {}
    price_index: dict[str, float] = {}


_TYPE_WORDS = {
    "int_type": "an integer",
    "float_type": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "finite_number": "a finite number",
}


def format_loc(loc: tuple) -> str:
    """('cost', 0, 'amount') -> 'cost[0].amount'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = str(part)
            if not re.fullmatch(r"[A-Za-z0-9_\-]+", part):
                part = json.dumps(part, ensure_ascii=False)  # quoted, with " and newlines escaped
            out += ("." if out else "") + part
    return out


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model class that owns the last element of `loc`."""
    import typing

    cur: Any = model
    for part in loc[:-1]:
        if isinstance(cur, type) and issubclass(cur, BaseModel):
            f = cur.model_fields.get(str(part))
            if f is None:
                return None
            cur = f.annotation
            continue
        origin = typing.get_origin(cur)
        args = typing.get_args(cur)
        if origin in (list, dict):
            cur = args[-1]
        elif args:  # Optional[...] / unions: take the first model or container argument
            cur = next((a for a in args if a is not type(None)), None)
            if typing.get_origin(cur) in (list, dict):
                cur = typing.get_args(cur)[-1]
        else:
            return None
    while typing.get_origin(cur) is not None and typing.get_origin(cur) not in (list, dict):
        cur = next((a for a in typing.get_args(cur) if a is not type(None)), None)
    return cur if isinstance(cur, type) and issubclass(cur, BaseModel) else None


def _expected(model: type[BaseModel], loc: tuple) -> str:
    """What a missing key should hold, in words: 'somsim = 1', 'a table [scenario]', 'an integer'."""
    import typing

    if loc == ("somsim",):
        return "somsim = 1 at the top of the file"
    owner = _model_at(model, loc)
    f = owner.model_fields.get(str(loc[-1])) if owner is not None else None
    ann = f.annotation if f is not None else None
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return f"a table [{format_loc(loc)}]"
    origin = typing.get_origin(ann)
    if origin is list:
        return "a list"
    if ann is Any:
        return "a number or a distribution table { dist = ... }"
    if origin is not None:  # a union such as rho: number | matrix
        return "a number or a matrix" if any(typing.get_origin(a) is list for a in typing.get_args(ann)) else "a value"
    return _TYPE_WORDS.get({int: "int_type", float: "float_type", str: "string_type", bool: "bool_type"}.get(ann, ""),
                           "a value")


def translate(err: ValidationError, model: type[BaseModel]) -> list[tuple[str, str]]:
    """Turn pydantic's errors into (key path, message) pairs in somsim's words."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        typ = e["type"]
        got = _show(e.get("input"))
        if typ == "int_type" and isinstance(e.get("input"), float):
            got = repr(e["input"])  # 5.0, not 5: the decimal point is the problem
        # unions (rho: number | matrix) report one error per branch: keep the first only
        if loc and loc[-1] in ("float", "list[list[float]]", "list[float]"):
            loc = loc[:-1]
        loc = tuple(p for p in loc if p not in ("list[list[float]]", "float"))
        key = format_loc(loc)
        if typ == "missing":
            msg = f"required key is missing (expected {_expected(model, loc)})"
        elif typ == "extra_forbidden":
            owner = _model_at(model, loc)
            allowed = list(owner.model_fields) if owner else []
            m = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            hint = f"; did you mean '{m[0]}'?" if m else ""
            exp = f"expected one of {', '.join(allowed)}" if allowed else "not part of format 1"
            msg = f"unknown key ({exp}){hint}"
        elif typ == "literal_error":
            msg = f"expected {e['ctx']['expected']} (got {got})"
        elif typ == "list_type" and isinstance(e.get("input"), dict) and loc in (("cost",), ("consequence",),
                                                                                 ("correlation",)):
            msg = f"expected a list of tables (got a table; write [[{loc[0]}]], with double brackets, for each one)"
        elif typ in _TYPE_WORDS:
            msg = f"expected {_TYPE_WORDS[typ]} (got {got})"
        else:
            msg = f"{e['msg']} (got {got})"
        if key in seen:
            continue
        seen.add(key)
        out.append((key, msg))
    return out
