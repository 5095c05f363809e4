"""Rules that relate several values of a scenario: one function per section.

The schema (:mod:`somsim.scenario.schema`) has checked each value on its own; these functions
check what depends on other values (cohorts against the horizon, a cost's years, activities a
consequence names, prices against the price index, correlations and groups against the inputs)
and turn the tables into the frozen parts of a :class:`~somsim.scenario.loader.Scenario`.

They also run on a *partial* document (:func:`somsim.scenario.structure.salvage`), where every
refused value is None: a rule skips what it cannot know (the problem is already reported) and sets
:attr:`Context.incomplete` when the inputs' names or uncertainty are therefore unknown.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from somsim._hygiene import control_chars, describe_char, has_control_chars, printable
from somsim._text import did_you_mean
from somsim._vocab import COMMITTEE_PREFIX, EVIDENCE_HAIRCUT, OTHER_COMMITTEE, committee_key
from somsim.distributions.core import Distribution, _fmt, fixed, parse_distribution
from somsim.scenario import schema as S
from somsim.scenario.correlations import Block, block_matrix, correlation_matrix
from somsim.scenario.money import discount_problem, parse_value, truncation_note
from somsim.scenario.names import DEFAULT_GROUPS, slugify
from somsim.scenario.report import Report
from somsim.scenario.structure import Loc, key_part
from somsim.scenario.types import Committees, Cost, Input, Rates

__all__ = [
    "check_control_chars",
    "Context", "PriceIndex", "check_correlations", "check_costs", "check_groups", "check_intervention",
    "check_scenario", "check_udvalg", "evidence_haircut", "merge_price_index",
]


@dataclass
class Context:
    """What the rules share while checking one scenario file.

    Attributes
    ----------
    report : Report
        Where problems and warnings go.
    file : str
        The scenario file.
    refused : list of tuple
        The locations the schema refused (see :class:`somsim.scenario.structure.Checked`).
    incomplete : bool
        Set when a value could not be resolved, so that the inputs' names or uncertainty are not
        known for sure and the checks that depend on them ([[correlation]], [groups]) would only
        add noise.
    """

    report: Report
    file: str
    refused: list[Loc] = field(default_factory=list)
    incomplete: bool = False

    def error(self, key: str, message: str, file: str | None = None) -> None:
        """Report a problem at `key` (of the scenario file unless `file` is given)."""
        self.report.error(file or self.file, key, message)

    def warn(self, key: str, message: str, code: str = "", **params: Any) -> None:
        """Warn about an unusual value at `key` of the scenario file (`code`, `params`: see Report.warn)."""
        self.report.warn(self.file, key, message, code, **params)

    def was_refused(self, *loc: str | int) -> bool:
        """Whether the schema refused the value at `loc` (or something inside it)."""
        return any(r[: len(loc)] == loc for r in self.refused)

    def dist(self, raw: Any, key: str, role: str, file: str | None = None) -> Distribution | None:
        """Parse a number or distribution table, reporting its problems; None if it has any."""
        d, problems = parse_value(raw, role)
        if d is None:
            self.incomplete = True
        for sub, msg in problems:
            self.error(f"{key}.{key_part(sub)}" if sub else key, msg, file)
        note = truncation_note(raw, d)
        if note:
            self.report.warn(file or self.file, key, note[0], "truncated_normal", **note[1])
        return d


# --------------------------------------------------------------------------------------------
# [scenario] and [intervention]


def check_scenario(ctx: Context, m: S.ScenarioMeta | None) -> Distribution | None:
    """The discount rate: a distribution with support above -0.9; warn when it is unusual."""
    if m is None:
        ctx.incomplete = True
        return None
    r = ctx.dist(m.discount_rate, "scenario.discount_rate", "discount")
    percent = discount_problem(r.point) if r is not None else None
    if percent:
        ctx.error("scenario.discount_rate", percent)
        return None
    if r is not None and not (0 <= r.point <= 0.1):
        ctx.warn("scenario.discount_rate", f"unusual discount rate {_fmt(r.point)} (the Finance Ministry's "
                                           "rate is 0.035 since 2021, 0.04 before)", "discount_rate", r=r.point)
    return r


def check_intervention(ctx: Context, iv: S.Intervention | None,
                       horizon: int | None) -> tuple[list[int] | None, Rates | None]:
    """Cohorts within the horizon and not all empty; the success rates (§6.1–6.3) as rates.

    Returns
    -------
    (list of int or None, Rates or None)
        The cohorts and the rates, each None when unknown.
    """
    if iv is None:
        ctx.incomplete = True
        return None, None
    cohorts = iv.cohorts
    if cohorts is not None and horizon is not None and len(cohorts) > horizon:
        ctx.error("intervention.cohorts", f"{len(cohorts)} cohorts run beyond the horizon of {horizon} years "
                                          f"(expected at most {horizon})")
    if cohorts and None not in cohorts and sum(cohorts) < 1:
        ctx.error("intervention.cohorts", "at least one participant is required (got 0 in all cohorts)")
    if iv.success_rate is None:  # missing: reported by the schema
        ctx.incomplete = True
        return cohorts, None
    success, baseline = _success_rates(ctx, iv.success_rate)
    haircut, source = _haircut(ctx, iv)
    completion = fixed(1.0) if iv.completion_rate is None else ctx.dist(
        iv.completion_rate, "intervention.completion_rate", "share")
    if success is None or haircut is None or completion is None or (baseline is None and _two_rates(iv.success_rate)):
        return cohorts, None
    rates = Rates(success, baseline, haircut, source, iv.evidence, completion, iv.completion_rate is not None)
    net = rates.net_point
    if net > 0.8:
        ctx.warn("intervention.success_rate", f"a NET success rate of {_fmt(net)} is very high: "
                                              "it counts only successes caused by the intervention", "net_high",
                 net=net)
    if baseline is not None and net < 0:
        ctx.warn("intervention.success_rate", f"the gross rate is below the baseline (net {_fmt(net)}): "
                                              "the intervention does worse than current practice", "net_negative",
                 net=net)
    if baseline is not None and source == "evidence" and iv.evidence == 3:
        ctx.warn("intervention.evidence", "evidence level 3's default haircut corrects for a missing comparison "
                                          "group, but a baseline rate is given: the two may count the same bias "
                                          "twice (set a smaller `haircut` if the baseline is well founded)",
                 "evidence3_baseline")
    return cohorts, rates


def _two_rates(raw: Any) -> bool:
    """§6.1: a table without ``dist`` that names ``gross`` or ``baseline``."""
    return isinstance(raw, dict) and "dist" not in raw and ("gross" in raw or "baseline" in raw)


def _success_rates(ctx: Context, raw: Any) -> tuple[Distribution | None, Distribution | None]:
    """The net rate, or (gross, baseline) of the §6.1 form; None where refused."""
    key = "intervention.success_rate"
    if not _two_rates(raw):
        return ctx.dist(raw, key, "rate"), None
    ok = True
    for k in raw:
        if k not in ("gross", "baseline"):
            ctx.error(f"{key}.{key_part(k)}", "unknown key of a gross/baseline success rate (expected gross and "
                                              f"baseline){did_you_mean(k, ('gross', 'baseline'))}")
            ok = False
    for k in ("gross", "baseline"):
        if k not in raw:
            ctx.error(key, f"a gross/baseline success rate needs both gross and baseline (missing {k})")
            ok = False
    gross = ctx.dist(raw["gross"], f"{key}.gross", "rate") if "gross" in raw else None
    baseline = ctx.dist(raw["baseline"], f"{key}.baseline", "rate") if "baseline" in raw else None
    if not ok or gross is None or baseline is None:
        ctx.incomplete = True
        return None, None
    return gross, baseline


def _haircut(ctx: Context, iv: S.Intervention) -> tuple[Distribution | None, str]:
    """§6.2 the haircut in use and where it came from: the file, the evidence level's default, or none."""
    if iv.haircut is not None:
        return ctx.dist(iv.haircut, "intervention.haircut", "haircut"), "haircut"
    if iv.evidence is not None:
        return evidence_haircut(iv.evidence), "evidence"
    if ctx.was_refused("intervention", "evidence"):
        ctx.incomplete = True
        return None, "evidence"
    return fixed(0.0), "none"


def evidence_haircut(level: int) -> Distribution:
    """The default haircut of SØM evidence level 1, 2 or 3 (:data:`somsim._vocab.EVIDENCE_HAIRCUT`).

    Parameters
    ----------
    level : int
        1 (meta-analysis/RCT), 2 (quasi-experiment with a comparison group) or 3 (before–after).

    Returns
    -------
    Distribution
        Fixed 0 for level 1; a uniform for levels 2 and 3 (docs/method.md gives the sources).
    """
    spec = EVIDENCE_HAIRCUT[level]
    if isinstance(spec, tuple):
        d, problems = parse_distribution({"dist": "uniform", "low": spec[0], "high": spec[1]}, role="haircut")
        assert d is not None, problems
        return d
    return fixed(float(spec))


# --------------------------------------------------------------------------------------------
# [udvalg]


def check_udvalg(ctx: Context, raw: Mapping[str, Sequence[str | None] | None] | None, costs: Sequence[Cost],
                 activities: Sequence[str], perspective: str | None) -> Committees | None:
    """§6.5 the kommune's committees: each pattern names something, no item is named by two committees.

    Parameters
    ----------
    ctx : Context
        The shared state.
    raw : dict or None
        The ``[udvalg]`` table (None when absent or refused).
    costs : list of Cost
        The costs (their input names ``cost.<slug>`` can be named).
    activities : list of str
        The activity keys of the consequences.
    perspective : str or None
        The scenario's perspective (``kommune:NAME`` must name a committee).

    Returns
    -------
    Committees or None
        None without ``[udvalg]``.
    """
    if raw is None:
        if perspective is not None and perspective.startswith(COMMITTEE_PREFIX):
            ctx.error("scenario.perspective", f"a committee perspective needs an [udvalg] table (got {perspective!r})")
        return None
    items = [*activities, *(f"cost.{c.slug}" for c in costs)]
    names: list[str] = [n for n in raw if n != OTHER_COMMITTEE]
    names.append(OTHER_COMMITTEE)
    owner: dict[str, str] = {}
    for name, pats in raw.items():
        key = f"udvalg.{key_part(name)}"
        if not name.strip():
            ctx.error(key, "a committee needs a name (got an empty one)")
        for j, pat in enumerate(pats or []):
            if pat is None:
                continue
            hit = [x for x in items if fnmatch.fnmatchcase(x, pat)]
            if not hit:
                ctx.error(f"{key}[{j}]", f"matches no consequence activity and no cost.<slug> (got {pat!r})"
                                         f"{did_you_mean(pat, items)}")
            for x in hit:
                if owner.setdefault(x, name) != name:
                    ctx.error(f"{key}[{j}]", f"{x!r} is already named by committee {owner[x]!r} "
                                             "(an item belongs to one committee)")
    keys = [committee_key(n) for n in names]
    if perspective is not None and perspective.startswith(COMMITTEE_PREFIX) and perspective not in keys:
        ctx.error("scenario.perspective", f"unknown committee (got {perspective!r}; expected one of "
                                          f"{', '.join(keys)}){did_you_mean(perspective, keys)}")
    index = {n: i for i, n in enumerate(names)}
    other = index[OTHER_COMMITTEE]
    return Committees(tuple(names), {a: index.get(owner.get(a, ""), other) for a in activities},
                      {f"cost.{c.slug}": index.get(owner.get(f"cost.{c.slug}", ""), other) for c in costs})


# --------------------------------------------------------------------------------------------
# [[cost]]


def check_costs(ctx: Context, costs: Sequence[S.Cost | None] | None, horizon: int | None, n_years: int) -> list[Cost]:
    """Each cost: a distinct name, exactly one value, years within the horizon.

    Parameters
    ----------
    ctx : Context
        The shared state.
    costs : list of schema.Cost or None
        The ``[[cost]]`` tables (None where refused).
    horizon : int or None
        The horizon in years (None if unknown).
    n_years : int
        The number of cohort years: an amount without ``years`` falls in each of them.
    """
    if costs is None:
        ctx.incomplete = True
        return []
    out: list[Cost] = []
    slugs: dict[str, int] = {}
    for i, c in enumerate(costs):
        cost = _check_cost(ctx, i, c, slugs, horizon, n_years) if c is not None else None
        if cost is None:
            ctx.incomplete = True
        else:
            out.append(cost)
    return out


def _check_cost(ctx: Context, i: int, c: S.Cost, slugs: dict[str, int], horizon: int | None,
                n_years: int) -> Cost | None:
    key = f"cost[{i}]"
    slug = _cost_slug(ctx, key, c.name, slugs, i)
    vp, va = _cost_value(ctx, key, c)
    for j, y in enumerate(c.years or []):
        if horizon is not None and y is not None and not 0 <= y < horizon:
            ctx.error(f"{key}.years[{j}]", f"year outside the horizon (got {y}; expected 0 … {horizon - 1})")
    if slug is None or (vp is None and va is None):
        return None
    years = tuple(range(n_years)) if c.years is None else tuple(c.years)
    return Cost(c.name, slug, c.actor, vp, va, years, c.source, c.note, per=c.per or "starter")


def _cost_value(ctx: Context, key: str, c: S.Cost) -> tuple[Distribution | None, Distribution | None]:
    """Exactly one of per_participant (in each cohort's year) and amount (in given years)."""
    pp, am = c.per_participant, c.amount
    if (pp is None) == (am is None):
        ctx.error(key, "a cost needs exactly one of per_participant or amount"
                       f" (got {'both' if pp is not None else 'neither'})")
        return None, None
    if am is not None:
        if c.per is not None:
            ctx.error(f"{key}.per", f"per applies to per_participant items only (got per = {c.per!r} on an amount; "
                                    "an amount is charged whoever starts or completes: remove `per`)")
        return None, ctx.dist(am, f"{key}.amount", "nonneg")
    if c.years is not None:
        ctx.error(f"{key}.years", "years applies to amount items only; a per-participant "
                                  "cost falls in each cohort's year")
    return ctx.dist(pp, f"{key}.per_participant", "nonneg"), None


def _cost_slug(ctx: Context, key: str, name: str | None, slugs: dict[str, int], i: int) -> str | None:
    """The cost's slug (its input is ``cost.<slug>``): not empty, not another cost's."""
    if name is None:  # missing or not a text: reported by the schema
        return None
    slug = slugify(name)
    if not slug:
        ctx.error(f"{key}.name", f"a cost needs a name with letters or digits (got {name!r})")
    elif slug in slugs:
        ctx.error(f"{key}.name", f"duplicate cost name (got {name!r}; cost[{slugs[slug]}] "
                                 f"has the same input name cost.{slug})")
    else:
        slugs[slug] = i
    return slug


# --------------------------------------------------------------------------------------------
# [price_index]


@dataclass
class PriceIndex:
    """The merged price index: value and file per year, and the years whose value was refused."""

    values: dict[int, tuple[float, str]] = field(default_factory=dict)
    refused: set[int] = field(default_factory=set)
    notes: dict[int, str] = field(default_factory=dict)  # year -> why its value is not the published one

    def factor(self, from_year: int, to_year: int) -> float:
        """The factor that converts prices of `from_year` to `to_year` (both must be known)."""
        return self.values[to_year][0] / self.values[from_year][0]


def merge_price_index(ctx: Context, raw: Mapping[str, float | None] | None, file: str, index: PriceIndex) -> None:
    """Add one file's ``[price_index]``; a year given twice must have the same value."""
    for y, v in (raw or {}).items():
        if not re.fullmatch(S.YEAR_KEY, y):  # reported by the schema
            continue
        if v is None:  # refused (not > 0, or implausible): remembered so that no conversion adds noise
            index.refused.add(int(y))
            continue
        yi = int(y)
        if yi in index.values and index.values[yi][0] != v:
            ctx.error(f"price_index.{key_part(y)}", f"price index for {yi} given twice with different values "
                                                    f"({_fmt(index.values[yi][0])} in {index.values[yi][1]})", file)
        index.values[yi] = (v, file)


# --------------------------------------------------------------------------------------------
# [[correlation]] and [groups]


def check_correlations(ctx: Context, items: Sequence[S.Correlation | None] | None,
                       params: Sequence[Input]) -> tuple[Block, ...]:
    """Each block: uncertain inputs, a valid matrix, no pair twice; together positive semi-definite.

    Returns
    -------
    tuple of (tuple of str, numpy.ndarray)
        The valid blocks: their inputs and Spearman matrices.
    """
    names = [p.name for p in params if p.uncertain]
    uncertain, fixed = set(names), {p.name for p in params if not p.uncertain}
    out: list[Block] = []
    pairs: dict[frozenset, int] = {}
    for i, c in enumerate(items or []):
        if c is None or c.inputs is None:
            continue
        block = _check_block(ctx, f"correlation[{i}]", c, uncertain, fixed, names)
        if block is not None:
            _check_pairs(ctx, i, block[0], pairs)
            out.append(block)
    if out:
        try:
            correlation_matrix(out, names)
        except ValueError as e:
            ctx.error("correlation", str(e))
    return tuple(out)


def _check_block(ctx: Context, key: str, c: S.Correlation, uncertain: set[str], fixed: set[str],
                 names: list[str]) -> Block | None:
    inputs = c.inputs
    ok = len(inputs) >= 2 and len(set(inputs)) == len(inputs)  # else reported by the schema
    for j, n in enumerate(inputs):
        if n is None:  # not a text: reported by the schema
            ok = False
        elif n in fixed:
            ctx.error(f"{key}.inputs[{j}]", f"a fixed input cannot be correlated (got {n!r}, a plain "
                                            "number; expected an uncertain input: give it a distribution)")
            ok = False
        elif n not in uncertain:
            ctx.error(f"{key}.inputs[{j}]", f"unknown or fixed input (got {n!r}; correlations take "
                                            f"uncertain inputs){did_you_mean(n, names)}")
            ok = False
    if c.rho is None:  # refused by the schema
        return None
    mat, problem = block_matrix(c.rho, len(inputs))
    if problem:
        ctx.error(f"{key}.rho", problem)
    return (tuple(inputs), mat) if ok and mat is not None else None


def _check_pairs(ctx: Context, i: int, inputs: tuple[str, ...], pairs: dict[frozenset, int]) -> None:
    """No pair of inputs in two blocks."""
    for a in range(len(inputs)):
        for b in range(a + 1, len(inputs)):
            pair = frozenset((inputs[a], inputs[b]))
            if pair in pairs:
                ctx.error(f"correlation[{i}].inputs", f"the pair {inputs[a]} / {inputs[b]} is already "
                                                      f"correlated in correlation[{pairs[pair]}]")
            pairs[pair] = i


def check_groups(ctx: Context, raw: Mapping[str, Sequence[str | None] | None] | None,
                 params: Sequence[Input]) -> dict[str, tuple[str, ...]]:
    """The default groups, replaced or extended by ``[groups]``; every pattern must match an input.

    Returns
    -------
    dict of str to tuple of str
        Group name → its uncertain inputs, in model order for the default groups and in the order
        the patterns match for the file's own.
    """
    names = [p.name for p in params if p.uncertain]
    groups: dict[str, tuple[str, ...]] = {}
    for g in DEFAULT_GROUPS:
        members = tuple(p.name for p in params if p.uncertain and p.group == g)
        if members:
            groups[g] = members
    for g, pats in (raw or {}).items():
        key = f"groups.{key_part(g)}"
        if g in DEFAULT_GROUPS:
            ctx.warn(key, f"replaces the default group {g!r}", "replaces_group", group=g)
        chosen: list[str] = []
        for j, pat in enumerate(pats or []):
            if pat is None:
                continue
            hit = [n for n in names if fnmatch.fnmatchcase(n, pat)]
            if not hit:
                ctx.error(f"{key}[{j}]", f"matches no uncertain input (got {pat!r}){did_you_mean(pat, names)}")
            chosen += [n for n in hit if n not in chosen]
        groups[g] = tuple(chosen)
    return groups



def check_control_chars(report: Report, file: str, data: Any, path: str = "") -> None:
    """Refuse text (values and keys) holding control characters other than tab and newline.

    An escape sequence in a title would otherwise retitle or clear the terminal it is printed on, and
    a NUL or ESC would end up in the HTML, the workbook and the CSV files. Each is reported at its key
    path, naming the character and where it is. (Key paths are formed only for a hit: the walk is cheap.)
    """
    items: Any = data.items() if isinstance(data, Mapping) else enumerate(data) if isinstance(data, list) else ()
    for k, v in items:
        key_bad = isinstance(k, str) and has_control_chars(k)
        if key_bad or (isinstance(v, str) and has_control_chars(v)) or isinstance(v, (Mapping, list)):
            key = f"{path}[{k}]" if isinstance(k, int) else (
                f"{path}.{key_part(printable(k))}" if path else key_part(printable(k)))
        else:
            continue
        if key_bad:
            report.error(file, key, f"the key holds the control character {describe_char(control_chars(k)[0][1])}; "
                                    f"remove it (keys are plain text)")
        if isinstance(v, str):
            bad = control_chars(v)
            if bad:
                i, ch = bad[0]
                more = f" and {len(bad) - 1} more" if len(bad) > 1 else ""
                report.error(file, key, f"the text holds the control character {describe_char(ch)} at position "
                                        f"{i + 1}{more}; remove it (only tab and newline are allowed in text)")
        elif isinstance(v, (Mapping, list)):
            check_control_chars(report, file, v, key)
