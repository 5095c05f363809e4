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

from somsim._vocab import ACTORS
from somsim.distributions.core import Distribution
from somsim.errors import Problem, ScenarioError
from somsim.scenario import schema as S
from somsim.scenario.consequences import Timing, check_consequences, resolve_activities
from somsim.scenario.files import not_utf8, parse_toml, read_text
from somsim.scenario.includes import Libraries, read_libraries
from somsim.scenario.names import model_inputs, slugify
from somsim.scenario.observations import Observed, check_observations
from somsim.scenario.report import Report
from somsim.scenario.rules import (
    Context,
    PriceIndex,
    check_correlations,
    check_costs,
    check_groups,
    check_intervention,
    check_scenario,
    merge_price_index,
)
from somsim.scenario.structure import check
from somsim.scenario.types import Activity, Consequence, Cost, Input

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
        The discount rate and the net success rate.
    perspective : str
        ``total`` or an actor: whose result the headline shows.
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
        return _load_text(text, Path(path))


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
    p = Path(path)
    try:
        text = read_text(p)
    except FileNotFoundError:
        raise ScenarioError([Problem(str(path), "", "file not found")]) from None
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
    checked = check(S.ScenarioFile, data)
    for key, msg in checked.problems:
        report.error(file, key, msg)
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
    cohorts, success = check_intervention(ctx, doc.intervention, horizon)
    costs = check_costs(ctx, doc.cost, horizon, len(cohorts or ()))
    index = PriceIndex()
    for raw, f in libs.indexes:
        merge_price_index(ctx, raw, f, index)
    merge_price_index(ctx, doc.price_index, ctx.file, index)
    resolved = resolve_activities(ctx, doc.activity, libs, price_year)
    known = doc.activity is not None and libs.complete
    consequences = check_consequences(ctx, doc.consequence, resolved, known, Timing(horizon, lag, price_year, index))
    if ctx.incomplete or not libs.complete or success is None or discount is None:
        return None  # the inputs are not known for sure: correlations and groups would only add noise
    params = model_inputs(success, discount, costs, consequences)
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
        intervention_name=doc.intervention.name, cohorts=tuple(cohorts), success_rate=success, costs=tuple(costs),
        consequences=tuple(consequences), correlations=correlations, groups=groups, params=params,
        observations=observations,
    )
