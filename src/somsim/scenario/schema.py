"""The schema of scenario and library files (format 1) as pydantic models, with its constraints.

Each field says which keys exist, which are required, what type each value has, and the rules
that concern that one value: ranges (``ge``/``le``), patterns, lengths, the actors and
perspectives a text may name, years or inputs listed twice. A :class:`Msg` beside the constraints
holds the message each broken constraint gives, in somsim's words; :mod:`somsim.scenario.structure`
turns pydantic's errors into those messages. Values that may be a number *or* a distribution are
typed ``Any`` here and checked by :mod:`somsim.distributions`; rules that relate several values
live in :mod:`somsim.scenario.rules`.

The models are strict (no coercion: ``"9"`` is not an integer) and forbid unknown keys.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from somsim._text import did_you_mean
from somsim._vocab import ACTORS, COMMITTEE_PREFIX
from somsim.distributions.core import _fmt, _show
from somsim.scenario.observations import Observation

__all__ = [
    "MAX_COHORT", "MAX_HORIZON", "MAX_PROFILE", "MAX_UNITS", "MIN_LAG", "Activity", "Consequence", "Correlation",
    "Cost",
    "Intervention", "LibraryFile", "LibraryMeta", "Msg", "ScenarioFile", "ScenarioMeta", "TargetGroup",
]

MAX_HORIZON = 50
MAX_COHORT = 1_000_000
MAX_PROFILE = 100
MIN_LAG = -10  # §6.4: a consequence may begin at most 10 years before its cohort's completion year
MAX_UNITS = 1e6  # |per_success| and se: units of an activity per successful person and year
YEAR_KEY = r"^\d{4}$"
ACTIVITY_KEY = r"^[A-Za-z0-9_\-]+$"

#: a message, or a function of the refused value that gives one
Template = str | Callable[[Any], str]


class Msg:
    """The messages of the constraint errors at or below one field, by pydantic error type.

    Templates are ``str.format`` strings over ``input`` (the refused value), ``got`` (it as quoted
    in messages), ``fmt`` (a number as written in messages) and the error's context (``ge``,
    ``actual_length`` …); a callable gets the refused value and returns the message. Errors of the
    keys of a table (``price_index.x``) take their message from `keys`.

    Parameters
    ----------
    keys : dict, optional
        Messages for errors of a table's keys, by error type.
    **texts
        Messages for errors of the values, by error type.
    """

    def __init__(self, *, keys: dict[str, Template] | None = None, **texts: Template):
        self.texts = texts
        self.keys = keys or {}

    def get(self, error_type: str, *, on_key: bool = False) -> Template | None:
        """The message for an error of this type, or None when the field has none of its own."""
        return (self.keys if on_key else self.texts).get(error_type)


def _refuse(message: str) -> PydanticCustomError:
    """An error whose message is final: :func:`somsim.scenario.structure.translate` passes it on."""
    return PydanticCustomError("somsim", "{message}", {"message": message})


def _one_of(what: str, options: tuple[str, ...]) -> AfterValidator:
    """A text that must be one of `options` (an exclusive choice), with a did-you-mean hint."""
    expected = f"{', '.join(options[:-1])} or {options[-1]}"

    def check(v: str) -> str:
        if v not in options:
            raise _refuse(f"unknown {what} (got {v!r}; expected {expected}){did_you_mean(v, options)}")
        return v

    return AfterValidator(check)


def _distinct(message: str) -> AfterValidator:
    """A list in which no item appears twice; `message` may use ``{got}`` (the list as quoted)."""

    def check(v: list | None) -> list | None:
        if v is not None and len(set(v)) != len(v):
            raise _refuse(message.format(got=_show(v)))
        return v

    return AfterValidator(check)


def _index_message(v: Any) -> str:
    if not (isinstance(v, (int, float)) and v > 0 and math.isfinite(v)):
        return f"a price index must be > 0 (got {_fmt(v)})"
    return f"implausible price index (got {v:.6g}; expected 0.001 … 1e6, e.g. 100 in the base year)"


Actor = Annotated[str, _one_of("actor", ACTORS)]
def _perspective(v: str) -> str:
    """``total``, an actor, or ``kommune:NAME`` (a committee of [udvalg]: checked against it by the rules)."""
    if v.startswith(COMMITTEE_PREFIX):
        return v
    return _one_of("perspective", ("total", *ACTORS)).func(v)  # type: ignore[call-arg]


Perspective = Annotated[str, AfterValidator(_perspective)]
DistValue = Any  # a number or a { dist = ... } table; checked by somsim.distributions
Prices = dict[Actor, DistValue]
_FINITE = Field(allow_inf_nan=False)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ScenarioMeta(_Strict):
    """The ``[scenario]`` table: what the case is, its price year, horizon and discounting."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$"),
                  Msg(string_pattern_mismatch="expected lower-case letters, digits and '-' (got {input!r})")]
    title: str | None = None
    description: str = ""
    sources: list[str] = []
    price_year: Annotated[int, Field(ge=1800, le=2200),
                          Msg(greater_than_equal="not a plausible year (got {input}; expected e.g. 2019)",
                              less_than_equal="not a plausible year (got {input}; expected e.g. 2019)")]
    horizon: Annotated[int, Field(ge=1, le=MAX_HORIZON),
                       Msg(greater_than_equal=f"out of range (got {{input}}; expected 1 … {MAX_HORIZON} years)",
                           less_than_equal=f"out of range (got {{input}}; expected 1 … {MAX_HORIZON} years)")]
    discount_rate: DistValue = 0.035
    consequence_lag: Annotated[int, Field(ge=0, le=MAX_HORIZON),
                               Msg(greater_than_equal=f"out of range (got {{input}}; expected 0 … {MAX_HORIZON} "
                                                      "whole years)",
                                   less_than_equal=f"out of range (got {{input}}; expected 0 … {MAX_HORIZON} "
                                                   "whole years)")] = 0
    perspective: Perspective = "total"
    stochastic_cohorts: bool = False


class TargetGroup(_Strict):
    """The ``[target_group]`` table: who the intervention is for (descriptive only)."""

    name: str | None = None
    success_criterion: str | None = None
    description: str | None = None
    source: str | None = None


class Intervention(_Strict):
    """The ``[intervention]`` table: participants per yearly cohort and the net success rate."""

    name: str
    cohorts: Annotated[list[Annotated[int, Field(ge=0, le=MAX_COHORT)]], Field(min_length=1),
                       Msg(too_short="expected at least one cohort (got [])",
                           greater_than_equal="participants must be ≥ 0 (got {input})",
                           less_than_equal=f"implausibly many participants (got {{input}}; expected at most "
                                           f"{MAX_COHORT:,})")]
    success_rate: DistValue
    evidence: Annotated[int | None, Field(ge=1, le=3),
                        Msg(greater_than_equal="unknown evidence level (got {input}; expected 1, 2 or 3: SØM's levels "
                                               "1 meta-analysis/RCT, 2 quasi-experiment with a comparison group, "
                                               "3 before–after without one)",
                            less_than_equal="unknown evidence level (got {input}; expected 1, 2 or 3: SØM's levels "
                                            "1 meta-analysis/RCT, 2 quasi-experiment with a comparison group, "
                                            "3 before–after without one)",
                            int_type="expected a whole number 1, 2 or 3 without quotes (got {input!r})")] = None
    haircut: DistValue = None
    completion_rate: DistValue = None
    description: str | None = None
    source: str | None = None
    note: str | None = None


class Cost(_Strict):
    """One ``[[cost]]``: per participant (in each cohort's year) or an amount in given years."""

    name: str
    actor: Actor = "kommune"
    per_participant: DistValue = None
    amount: DistValue = None
    years: Annotated[list[int] | None, Field(min_length=1), _distinct("a year is listed twice (got {got})"),
                     Msg(too_short="expected at least one year (got [])")] = None
    per: Annotated[str, _one_of("per", ("starter", "completer"))] | None = None
    source: str | None = None
    note: str | None = None


_UNITS = Annotated[float, _FINITE, Field(ge=-MAX_UNITS, le=MAX_UNITS)]
_SE = Annotated[float, _FINITE, Field(ge=0, le=MAX_UNITS)]
_TOO_MANY_UNITS = f"implausibly large (got {{input:.6g}}; expected at most {MAX_UNITS:.0e} units per successful " \
                  "person and year)"
_SE_NEGATIVE = "a standard error must be ≥ 0 (got {fmt})"


_LAG_RANGE = f"out of range (got {{input}}; expected {MIN_LAG} … {MAX_HORIZON} whole years)"


class Consequence(_Strict):
    """One ``[[consequence]]``: the change in an activity per successful participant, year by year."""

    activity: str
    # the profile's length (at most MAX_PROFILE years) is a rule: pydantic stops at max_length
    # before it checks the items, and both are to be reported in one pass
    per_success: Annotated[list[_UNITS], Field(min_length=1),
                           Msg(too_short="expected at least one year of consequences (got [])",
                               greater_than_equal=_TOO_MANY_UNITS, less_than_equal=_TOO_MANY_UNITS)]
    se: Annotated[list[_SE] | None,
                  Msg(finite_number=_SE_NEGATIVE, greater_than_equal=_SE_NEGATIVE,
                      less_than_equal=f"implausibly large (got {{input:.6g}}; expected at most {MAX_UNITS:.0e})")
                  ] = None
    scale: DistValue = None
    price: Prices | None = None
    lag: Annotated[int | None, Field(ge=MIN_LAG, le=MAX_HORIZON),
                   Msg(greater_than_equal=_LAG_RANGE, less_than_equal=_LAG_RANGE,
                       int_type="expected a whole number of years (got {input!r})")] = None
    source: str | None = None
    note: str | None = None


class Activity(_Strict):
    """One ``[activity.KEY]``: a unit price per actor, in its own price year."""

    title: str | None = None
    domain: str = "andet"
    unit: str | None = None
    kind: Literal["expenditure", "revenue"] = "expenditure"
    price_year: int | None = None
    price: Prices = {}
    indexed: bool = True  # false: a rate (kr. per 1.000 kr.), not converted between price years (§6.7)
    source: str | None = None
    note: str | None = None


class Correlation(_Strict):
    """One ``[[correlation]]``: Spearman correlations among two or more uncertain inputs."""

    inputs: Annotated[list[str], Field(min_length=2), _distinct("an input is listed twice"),
                      Msg(too_short="a correlation needs at least two inputs (got {actual_length})")]
    rho: Annotated[Annotated[float, Field(ge=-1, le=1)] | list[list[float]],
                   Msg(greater_than_equal="a correlation lies in [-1, 1] (got {fmt})",
                       less_than_equal="a correlation lies in [-1, 1] (got {fmt})")]
    source: str | None = None
    note: str | None = None


class LibraryMeta(_Strict):
    """The ``[library]`` table of an activity library (descriptive only)."""

    id: str | None = None
    title: str | None = None
    description: str | None = None
    sources: list[str] = []
    # where [price_index] comes from, and per year a note when a value is not the published one
    price_index_source: str | None = None
    price_index_notes: dict[str, str] = {}


_ACTIVITIES = Msg(keys={"string_pattern_mismatch": "an activity key may hold letters, digits, '-' and '_' only "
                                                   "(got {input!r})"})
_PRICE_INDEX = Msg(keys={"string_pattern_mismatch": "price index keys are years (got {input!r}; expected e.g. 2019)"},
                   finite_number=_index_message, greater_than_equal=_index_message, less_than_equal=_index_message)
Activities = Annotated[dict[Annotated[str, Field(pattern=ACTIVITY_KEY)], Activity], _ACTIVITIES]
PriceIndex = Annotated[dict[Annotated[str, Field(pattern=YEAR_KEY)], Annotated[float, _FINITE, Field(ge=1e-3, le=1e6)]],
                       _PRICE_INDEX]


class ScenarioFile(_Strict):
    """A scenario file: format version, includes, and the tables of scenario-format.md §2."""

    somsim: int
    include: list[str] = []
    scenario: ScenarioMeta
    target_group: TargetGroup = TargetGroup()
    intervention: Intervention
    cost: list[Cost] = []
    consequence: list[Consequence] = []
    activity: Activities = {}
    correlation: list[Correlation] = []
    groups: Annotated[dict[str, Annotated[list[str], Field(min_length=1)]],
                      Msg(too_short="expected at least one input name or pattern (got [])")] = {}
    price_index: PriceIndex = {}
    udvalg: Annotated[dict[str, Annotated[list[str], Field(min_length=1)]] | None,
                      Msg(too_short="a committee needs at least one activity key or cost.<slug> pattern (got [])",
                          dict_type="expected a table of committee = [patterns] (got {input!r})")] = None
    observation: list[Observation] = []


class LibraryFile(_Strict):
    """An included activity library: activities and a price index, nothing else."""

    somsim: int | None = None
    include: list[str] = []
    library: LibraryMeta = LibraryMeta()
    activity: Activities = {}
    price_index: PriceIndex = {}
