"""Load and validate scenario files (format 1) into a frozen :class:`Scenario`.

Validation collects *every* problem in one pass and raises one :class:`~somsim.errors.ScenarioError`;
nothing runs on a bad file. The steps, each in its own module:

1. read the text and parse the TOML (:mod:`~somsim.scenario.files`);
2. check it against the schema, field by field (:mod:`~somsim.scenario.schema`,
   :mod:`~somsim.scenario.structure`), keeping a partial document when that fails;
3. read the included libraries (:mod:`~somsim.scenario.includes`);
4. apply the rules that relate several values (:mod:`~somsim.scenario.rules`,
   :mod:`~somsim.scenario.consequences`) to what is known, and name the inputs
   (:mod:`~somsim.scenario.names`).

Every problem is reported as ``FILE:LINE: key.path: message`` (lines from
:mod:`~somsim.scenario.lines`). See ``docs/scenario-format.md``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from somsim._args import path_arg
from somsim._hygiene import printable
from somsim._resources import InputRefused
from somsim._vocab import ACTORS, DISPLAY_ORDER, OUTPUTS
from somsim.distributions.core import Distribution
from somsim.errors import Problem, ScenarioError, UsageError
from somsim.scenario import schema as S
from somsim.scenario.consequences import Timing, check_consequences, resolve_activities
from somsim.scenario.files import not_utf8, parse_toml, read_text
from somsim.scenario.includes import Libraries, read_libraries
from somsim.scenario.money import thousands_problems
from somsim.scenario.names import model_inputs, slugify
from somsim.scenario.observations import Observed, check_observations
from somsim.scenario.report import Report
from somsim.scenario.rules import (
    Context,
    PriceIndex,
    check_control_chars,
    check_correlations,
    check_costs,
    check_groups,
    check_intervention,
    check_scenario,
    check_udvalg,
    merge_price_index,
)
from somsim.scenario.structure import check
from somsim.scenario.types import Activity, Committees, Consequence, Cost, Input, Rates

__all__ = ["ACTORS", "Activity", "Consequence", "Cost", "Input", "Scenario", "load_scenario", "slugify"]


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. Build it with :func:`load_scenario` or :meth:`Scenario.from_text`.

    Attributes
    ----------
    id, title, description : str
        What the case is (the title is the id if none is given).
    sources : tuple of str
        Where its figures come from.
    price_year, horizon, consequence_lag : int
        The year of the prices, the years counted, and the years from success to consequence.
    discount_rate, success_rate : Distribution
        The discount rate and the net success rate (the gross rate with a baseline, §6.1).
    rates : Rates
        The success rate(s), the haircut and where it came from, the completion rate (§6.1–6.3).
    committees : Committees or None
        The kommune's committees (§6.5), None without ``[udvalg]``.
    perspective : str
        ``total``, an actor or ``kommune:NAME``: whose result the headline shows.
    stochastic_cohorts : bool
        Whether successes are drawn per cohort (binomial) rather than expected.
    target_group : dict of str to str
        The ``[target_group]`` texts that are given.
    intervention_name : str
        The intervention's name.
    cohorts : tuple of int
        Participants per yearly cohort.
    costs, consequences : tuple
        The :class:`Cost` and :class:`Consequence` items, in file order.
    correlations : tuple of (tuple of str, numpy.ndarray)
        Each ``[[correlation]]`` block: its inputs and Spearman matrix.
    groups : dict of str to tuple of str
        Group name → uncertain inputs.
    params : tuple of Input
        Every model quantity, fixed or not, in model order.
    path, text, sha256 : str
        The file, its text and the SHA-256 of the text.
    includes : tuple of str
        The library files read.
    warnings : tuple of Problem
        Unusual but valid values.
    """

    id: str
    title: str
    description: str
    sources: tuple[str, ...]
    price_year: int
    horizon: int
    discount_rate: Distribution
    consequence_lag: int
    perspective: str
    stochastic_cohorts: bool
    target_group: dict[str, str]
    intervention_name: str
    cohorts: tuple[int, ...]
    success_rate: Distribution
    costs: tuple[Cost, ...]
    consequences: tuple[Consequence, ...]
    correlations: tuple[tuple[tuple[str, ...], np.ndarray], ...]
    groups: dict[str, tuple[str, ...]]
    params: tuple[Input, ...]  # every model quantity, fixed or not, in model order
    rates: Rates
    committees: Committees | None
    path: str
    text: str
    sha256: str
    includes: tuple[str, ...]
    warnings: tuple[Problem, ...] = field(default=())
    observations: tuple[Observed, ...] = field(default=())  # [[observation]]: local data (decide.update)

    @property
    def participants(self) -> int:
        """The number of participants over all cohorts."""
        return int(sum(self.cohorts))

    @property
    def outputs(self) -> tuple[str, ...]:
        """The actor axis of every result with a total: kommune, region, stat, total, then the committees."""
        return (*OUTPUTS, *(self.committees.keys if self.committees is not None else ()))

    @property
    def display_order(self) -> tuple[str, ...]:
        """The order in which results are shown and written: total, the actors, then the committees."""
        return (*DISPLAY_ORDER, *(self.committees.keys if self.committees is not None else ()))

    @property
    def expected_successes(self) -> float:
        """Σ_c n_c · s at the point values (the effective net rate, after the haircut)."""
        return self.participants * self.rates.effective_point

    @property
    def inputs(self) -> tuple[Input, ...]:
        """The uncertain quantities (the contract's *inputs*), in model order."""
        return tuple(p for p in self.params if p.uncertain)

    @property
    def input_names(self) -> tuple[str, ...]:
        """The names of the uncertain inputs, in model order."""
        return tuple(p.name for p in self.inputs)

    @classmethod
    def from_text(cls, text: str, path: str | Path = "<scenario>") -> Scenario:
        """Validate and freeze a scenario given as text (`path` names it in problems and resolves includes).

        Raises
        ------
        ScenarioError
            Listing every problem found.
        """
        if not isinstance(text, str):
            raise UsageError(f"Scenario.from_text needs the scenario's TOML text as a str (got {type(text).__name__})")
        return _load_text(text, Path(path_arg("path", path)))


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and freeze a scenario file.

    Parameters
    ----------
    path : str or pathlib.Path
        The scenario file (TOML, UTF-8).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        Listing every problem found in the file and the libraries it includes.
    """
    p = Path(path_arg("path", path))
    try:
        text = read_text(p)
    except InputRefused as e:  # not found, a directory, a FIFO, a device, over 10 MiB
        raise ScenarioError([Problem(printable(str(path)), "", e.reason)]) from None
    except UnicodeDecodeError as e:
        raise ScenarioError([Problem(str(path), "", *not_utf8(e))]) from None
    except OSError as e:
        raise ScenarioError([Problem(str(path), "", f"cannot read the file ({e.__class__.__name__}: {e})")]) from None
    return _load_text(text, p)


def _load_text(text: str, path: Path) -> Scenario:
    report = Report()
    file = str(path)
    data = parse_toml(report, text, file)
    if data is None:
        raise report.exception()
    version = data.get("somsim")
    if isinstance(version, int) and not isinstance(version, bool) and version != 1:
        # another format: its keys mean other things, so nothing else is checked
        report.error(file, "somsim", f"unsupported format version (got {version}; expected 1)")
        raise report.exception()
    check_control_chars(report, file, data)  # refused: raw escapes must never reach a terminal or a report
    checked = check(S.ScenarioFile, data)
    for key, msg in checked.problems:
        report.error(file, key, msg)
    for line, key, msg in thousands_problems(text):
        report.error(file, key, msg, line)
    libs = read_libraries(report, checked.doc.include, path, file)
    parts = _check_document(Context(report, file, checked.refused), checked.doc, libs)
    if report.problems or parts is None:
        raise report.exception()
    return Scenario(**parts, path=file, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    includes=tuple(libs.files), warnings=tuple(report.warnings))


def _check_document(ctx: Context, doc: S.ScenarioFile, libs: Libraries) -> dict[str, Any] | None:
    """Apply every rule to the (possibly partial) document; the Scenario's fields if all is well."""
    m = doc.scenario
    horizon, lag, price_year = (m.horizon, m.consequence_lag, m.price_year) if m is not None else (None, None, None)
    discount = check_scenario(ctx, m)
    cohorts, rates = check_intervention(ctx, doc.intervention, horizon)
    costs = check_costs(ctx, doc.cost, horizon, len(cohorts or ()))
    _warn_completion(ctx, doc.intervention, costs)
    index = PriceIndex()
    for raw, f in libs.indexes:
        merge_price_index(ctx, raw, f, index)
    merge_price_index(ctx, doc.price_index, ctx.file, index)
    index.notes = {y: n for y, n in libs.index_notes.items() if y in index.values and index.values[y][1] != ctx.file}
    resolved = resolve_activities(ctx, doc.activity, libs, price_year)
    known = doc.activity is not None and libs.complete
    consequences = check_consequences(ctx, doc.consequence, resolved, known, Timing(horizon, lag, price_year, index))
    committees = check_udvalg(ctx, doc.udvalg, costs, [q.activity.key for q in consequences],
                              m.perspective if m is not None else None)
    if ctx.incomplete or not libs.complete or rates is None or discount is None:
        return None  # the inputs are not known for sure: correlations and groups would only add noise
    params = model_inputs(rates, discount, costs, consequences)
    correlations = check_correlations(ctx, doc.correlation, params)
    groups = check_groups(ctx, doc.groups, params)
    observations = check_observations(ctx, doc.observation, params)
    if ctx.report.problems:
        return None
    assert m is not None and doc.intervention is not None and cohorts is not None
    return dict(
        id=m.id, title=m.title or m.id, description=m.description, sources=tuple(m.sources),
        price_year=m.price_year, horizon=m.horizon, discount_rate=discount, consequence_lag=m.consequence_lag,
        perspective=m.perspective, stochastic_cohorts=m.stochastic_cohorts,
        target_group={k: v for k, v in doc.target_group.model_dump().items() if v},
        intervention_name=doc.intervention.name, cohorts=tuple(cohorts), success_rate=rates.success,
        costs=tuple(costs), consequences=tuple(consequences), correlations=correlations, groups=groups, params=params,
        rates=rates, committees=committees,
        observations=observations,
    )


def _warn_completion(ctx: Context, iv: S.Intervention | None, costs: list[Cost]) -> None:
    """§6.3: a completion rate without a completer cost has no effect, and the reverse assumes κ = 1."""
    if iv is None:
        return
    completer = any(c.per == "completer" for c in costs)
    if iv.completion_rate is not None and not completer:
        ctx.warn("intervention.completion_rate", "no cost has per = \"completer\": the completion rate changes "
                                                 "nothing", "completion_unused")
    if completer and iv.completion_rate is None and not ctx.was_refused("intervention", "completion_rate"):
        ctx.warn("intervention.completion_rate", "costs per completer without a completion_rate: every starter "
                                                 "is assumed to complete (completion_rate = 1)",
                 "completion_missing")
