"""Check a parsed TOML document against a schema model: problems in somsim's words, and what is left.

:func:`check` validates the whole document once. When that fails it returns, besides the problems,
a *partial* document (:func:`salvage`): the same model with every refused value replaced by None,
so that the rules can still check everything else in the same pass — a missing ``[intervention]``
does not hide bad costs, a mistyped ``horizon`` does not hide bad cohorts.
"""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from somsim._text import did_you_mean
from somsim.distributions.core import _fmt, _show
from somsim.scenario.schema import Msg, Template

__all__ = ["Checked", "check", "format_loc", "key_part", "salvage", "translate"]

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

_KEY = "[key]"  # pydantic's marker of an error in a table's key rather than its value

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
_ARRAYS_OF_TABLES = (("cost",), ("consequence",), ("correlation",))


def format_loc(loc: tuple) -> str:
    """A location as a key path: ``('cost', 0, 'amount')`` gives ``'cost[0].amount'``.

    Parts that are not bare TOML keys are quoted (``groups."Lokale priser"``), with ``"`` and
    newlines escaped.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = str(part)
            if not re.fullmatch(r"[A-Za-z0-9_\-]+", part):
                part = json.dumps(part, ensure_ascii=False)
            out += ("." if out else "") + part
    return out


def key_part(name: str) -> str:
    """A user's key as one part of a key path: bare when it can be, else quoted."""
    return format_loc((name,))


# --------------------------------------------------------------------------------------------
# walking a model's annotations


def _core(ann: Any) -> Any:
    """`ann` without ``Annotated`` and without ``| None``."""
    while True:
        if typing.get_origin(ann) is typing.Annotated:
            ann = typing.get_args(ann)[0]
            continue
        args = typing.get_args(ann)
        if type(None) in args and typing.get_origin(ann) not in (list, dict):
            rest = [a for a in args if a is not type(None)]
            if len(rest) == 1:
                ann = rest[0]
                continue
        return ann


def _is_model(ann: Any) -> bool:
    return isinstance(ann, type) and issubclass(ann, BaseModel)


def _is_union(ann: Any) -> bool:
    return typing.get_origin(ann) in (typing.Union, types.UnionType)


def _step(ann: Any, part: str | int) -> Any:
    """The type one step below `ann` (a model's field, a list's or table's item), or None."""
    if _is_model(ann):
        f = ann.model_fields.get(str(part))
        return f.annotation if f is not None else None
    if typing.get_origin(ann) in (list, dict):
        return typing.get_args(ann)[-1]
    return None


def _normal(model: type[BaseModel], loc: tuple) -> tuple[Loc, bool]:
    """`loc` as a key path, and whether the error is in a table's key rather than its value.

    Pydantic names the branch of a union it tried (``rho`` → ``'constrained-float'``) and marks
    errors of a table's keys (``'[key]'``); neither is part of the user's key path.
    """
    out: list[str | int] = []
    cur: Any = model
    for part in loc:
        if part == _KEY:
            continue
        core = _core(cur) if cur is not None else None
        if _is_union(core):  # `part` names a branch: drop it (nothing below a union is a union here)
            cur = None
            continue
        out.append(part)
        cur = _step(core, part) if core is not None else None
    return tuple(out), _KEY in loc


def _field_at(model: type[BaseModel], loc: Loc) -> tuple[FieldInfo | None, Any]:
    """The deepest model field on the path `loc`, and the type of the value at `loc` (None if unknown)."""
    found: FieldInfo | None = None
    cur: Any = model
    for part in loc:
        cur = _core(cur)
        if _is_model(cur):
            f = cur.model_fields.get(str(part))
            if f is None:
                return found, None
            found, cur = f, f.annotation
        elif typing.get_origin(cur) in (list, dict):
            cur = typing.get_args(cur)[-1]
        else:
            return found, None
    return found, _core(cur)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last part of `loc` (None if it is not a model's key)."""
    if not loc:
        return model
    cur: Any = model
    for part in loc[:-1]:
        cur = _core(cur)
        if _is_model(cur):
            f = cur.model_fields.get(str(part))
            if f is None:
                return None
            cur = f.annotation
        elif typing.get_origin(cur) in (list, dict):
            cur = typing.get_args(cur)[-1]
        else:  # a union (rho): take its first container or model branch
            cur = next((a for a in typing.get_args(cur) if a is not type(None)), None)
            if typing.get_origin(cur) in (list, dict):
                cur = typing.get_args(cur)[-1]
    owner = _core(cur)
    return owner if _is_model(owner) else None


def _expected(model: type[BaseModel], loc: tuple) -> str:
    """What a missing key should hold, in words: 'somsim = 1', 'a table [scenario]', 'an integer'."""
    if loc == ("somsim",):
        return "somsim = 1 at the top of the file"
    owner = _model_at(model, loc)
    f = owner.model_fields.get(str(loc[-1])) if owner is not None else None
    ann = _core(f.annotation) if f is not None else None
    if _is_model(ann):
        return f"a table [{format_loc(loc)}]"
    origin = typing.get_origin(ann)
    if origin is list:
        return "a list"
    if ann is Any:
        return "a number or a distribution table { dist = ... }"
    if origin is not None:  # a union such as rho: number | matrix
        branches = [_core(a) for a in typing.get_args(ann)]
        return "a number or a matrix" if any(typing.get_origin(a) is list for a in branches) else "a value"
    basic: dict[Any, str] = {int: "int_type", float: "float_type", str: "string_type", bool: "bool_type"}
    return _TYPE_WORDS.get(basic.get(ann, ""), "a value")


# --------------------------------------------------------------------------------------------
# errors -> messages


def _own_message(template: Template, error: dict, value_type: Any) -> str:
    value: Any = error.get("input")
    floats = value_type is float or float in [_core(a) for a in typing.get_args(value_type)]  # rho: float | matrix
    if floats and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)  # a number written as an integer is still a float: -38018883, not -3.80189e+07
    if callable(template):
        return template(value)
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return template.format(input=value, got=_show(value), fmt=_fmt(value) if number else _show(value),
                           **(error.get("ctx") or {}))


def _message(model: type[BaseModel], loc: Loc, on_key: bool, error: dict) -> str:
    """One pydantic error in somsim's words."""
    typ = error["type"]
    if typ == "somsim":  # raised by a schema validator with its final text
        return error["msg"]
    f, value_type = _field_at(model, loc)
    msg = next((m for m in (f.metadata if f is not None else ()) if isinstance(m, Msg)), None)
    own = msg.get(typ, on_key=on_key) if msg is not None else None
    if own is not None:
        return _own_message(own, error, None if on_key else value_type)
    got = _show(error.get("input"))
    if typ == "int_type" and isinstance(error.get("input"), float):
        got = repr(error["input"])  # 5.0, not 5: the decimal point is the problem
    if typ == "missing":
        return f"required key is missing (expected {_expected(model, loc)})"
    if typ == "extra_forbidden":
        owner = _model_at(model, loc)
        allowed = list(owner.model_fields) if owner else []
        exp = f"expected one of {', '.join(allowed)}" if allowed else "not part of format 1"
        return f"unknown key ({exp}){did_you_mean(str(loc[-1]), allowed)}"
    if typ == "literal_error":
        return f"expected {error['ctx']['expected']} (got {got})"
    if typ == "list_type" and isinstance(error.get("input"), dict) and loc in _ARRAYS_OF_TABLES:
        return f"expected a list of tables (got a table; write [[{loc[0]}]], with double brackets, for each one)"
    if typ in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[typ]} (got {got})"
    return f"{error['msg']} (got {got})"


def translate(err: ValidationError, model: type[BaseModel]) -> list[tuple[str, str]]:
    """Pydantic's errors as ``(key path, message)`` pairs in somsim's words, one per key path.

    Parameters
    ----------
    err : pydantic.ValidationError
        The errors of validating a document against `model`.
    model : type of pydantic.BaseModel
        The schema model (:class:`~somsim.scenario.schema.ScenarioFile` or ``LibraryFile``).

    Returns
    -------
    list of (str, str)
        Key path and message; a key path with several errors (the branches of a union, a key
        and its value) keeps the first.
    """
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for e in err.errors(include_url=False):
        if len(out) >= DETAILED and e["type"] == "extra_forbidden":  # the thousands after are counted, not
            key = format_loc(tuple(e["loc"]))                         # explained: the listing stays fast
            if key not in seen:
                seen.add(key)
                out.append((key, "unknown key"))
            continue
        loc, on_key = _normal(model, tuple(e["loc"]))
        key = format_loc(loc)
        if key in seen:
            continue
        seen.add(key)
        out.append((key, _message(model, loc, on_key, dict(e))))
    return out


DETAILED = 1000  # problems explained in full (with "did you mean"); the command line lists 1,000


# --------------------------------------------------------------------------------------------
# the partial document


def salvage(model: type[M], data: dict, refused: list[Loc]) -> M:
    """`data` as an instance of `model` without validation, with every refused value set to None.

    Parameters
    ----------
    model : type of pydantic.BaseModel
        The schema model.
    data : dict
        The parsed TOML document (or table) that failed validation.
    refused : list of tuple
        The locations of its errors (as from :func:`_normal`), relative to `data`.

    Returns
    -------
    pydantic.BaseModel
        Tables become their models; a list or table of the right type keeps its shape, with each
        refused item replaced by None (a cohort out of range keeps its place, so lengths still
        compare); any other refused value, and a missing required key, is None; unknown keys are
        dropped. Such an instance is for further checks only: it is never a valid document.
    """
    values: dict[str, Any] = {}
    for name, f in model.model_fields.items():
        if name in data:
            values[name] = _salvage_value(f.annotation, data[name], [loc[1:] for loc in refused if loc[:1] == (name,)])
        elif f.is_required():
            values[name] = None
    return model.model_construct(**values)


def _salvage_value(ann: Any, value: Any, refused: list[Loc]) -> Any:
    ann = _core(ann)
    origin = typing.get_origin(ann)
    if _is_model(ann) and isinstance(value, dict):
        return salvage(ann, value, refused)
    if origin is list and isinstance(value, list):
        item = typing.get_args(ann)[0]
        return [_salvage_value(item, v, [loc[1:] for loc in refused if loc[:1] == (i,)]) for i, v in enumerate(value)]
    if origin is dict and isinstance(value, dict):
        item = typing.get_args(ann)[1]
        return {k: _salvage_value(item, v, [loc[1:] for loc in refused if loc[:1] == (k,)]) for k, v in value.items()}
    return None if refused else value


@dataclass(frozen=True)
class Checked(typing.Generic[M]):
    """The result of :func:`check`.

    Attributes
    ----------
    doc : pydantic.BaseModel
        The validated document, or a partial one (see :func:`salvage`) when `problems` is not empty.
    problems : list of (str, str)
        Key path and message of each problem (see :func:`translate`).
    refused : list of tuple
        The locations whose values were refused (missing, mistyped or out of range); unknown keys
        are not among them.
    """

    doc: M
    problems: list[tuple[str, str]]
    refused: list[Loc]

    @property
    def valid(self) -> bool:
        """Whether the document passed the schema."""
        return not self.problems


def check(model: type[M], data: dict) -> Checked[M]:
    """Validate `data` against `model`; on failure, translate the errors and salvage the rest.

    Parameters
    ----------
    model : type of pydantic.BaseModel
        The schema model.
    data : dict
        The parsed TOML document.

    Returns
    -------
    Checked
        The (possibly partial) document, the problems and the refused locations.
    """
    try:
        return Checked(model.model_validate(data), [], [])
    except ValidationError as e:
        errors = e.errors(include_url=False)
        refused = [_normal(model, tuple(x["loc"]))[0] for x in errors
                   if x["type"] != "extra_forbidden" and _KEY not in x["loc"]]
        return Checked(salvage(model, data, refused), translate(e, model), refused)
