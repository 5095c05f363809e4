"""Load and validate scenario files (format 1) into a frozen :class:`Scenario`.

Validation collects *every* problem (structure, distributions, cross-field rules, includes)
and raises one :class:`~somsim.errors.ScenarioError`; nothing runs on a bad file.
See ``scenario-format.md`` §2 and ``docs/scenario-format.md`` in this repository.
"""

from __future__ import annotations

import fnmatch
import hashlib
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from somsim.scenario import schema as S
from somsim.scenario.lines import locate
from somsim.distributions.core import Distribution, _did_you_mean, _fmt, _show, fixed, parse_distribution
from somsim.errors import Problem, ScenarioError

__all__ = ["ACTORS", "Activity", "Consequence", "Cost", "Input", "Scenario", "load_scenario", "slugify"]

ACTORS = ("kommune", "region", "stat")
MAX_HORIZON = 50
MAX_COHORT = 1_000_000
MAX_PROFILE = 100
MAX_UNITS = 1e6  # |per_success| and se: units of an activity per successful person and year
MAX_INCLUDE_DEPTH = 20
DEFAULT_GROUPS = ("effect", "prices", "costs", "discounting")


def slugify(name: str) -> str:
    """The contract's name-slug: lower case, æ→ae ø→oe å→aa, other runs → '-'."""
    s = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


@dataclass(frozen=True)
class Input:
    """One quantity of the model: fixed or uncertain, named by its place."""

    name: str
    dist: Distribution
    group: str  # default group: effect, prices, costs, discounting
    description: str = ""

    @property
    def uncertain(self) -> bool:
        return not self.dist.is_fixed


@dataclass(frozen=True)
class Activity:
    key: str
    title: str
    domain: str
    unit: str | None
    kind: str  # expenditure | revenue
    price_year: int
    price: dict[str, Distribution]
    source: str | None
    note: str | None
    file: str


@dataclass(frozen=True)
class Consequence:
    activity: Activity
    per_success: tuple[float, ...]
    se: tuple[float, ...] | None
    scale: Distribution | None
    price: dict[str, Distribution]  # effective price per actor (override merged), activity's price year
    price_factor: dict[str, float]  # conversion to the scenario's price year, per actor
    source: str | None
    note: str | None


@dataclass(frozen=True)
class Cost:
    name: str
    slug: str
    actor: str
    per_participant: Distribution | None
    amount: Distribution | None
    years: tuple[int, ...]  # for amount items
    source: str | None
    note: str | None

    @property
    def value(self) -> Distribution:
        return self.per_participant if self.per_participant is not None else self.amount


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. Build it with :func:`load_scenario` or :func:`Scenario.from_text`."""

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

    @property
    def participants(self) -> int:
        return int(sum(self.cohorts))

    @property
    def inputs(self) -> tuple[Input, ...]:
        """The uncertain quantities (the contract's *inputs*), in model order."""
        return tuple(p for p in self.params if p.uncertain)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.inputs)

    @classmethod
    def from_text(cls, text: str, path: str | Path = "<scenario>") -> Scenario:
        return _Loader().load_text(text, Path(path))


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and freeze a scenario file. Raises ScenarioError listing every problem."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")  # a BOM (Notepad) is not an error
    except FileNotFoundError:
        raise ScenarioError([Problem(str(path), "", "file not found")]) from None
    except UnicodeDecodeError as e:
        raise ScenarioError([Problem(str(path), "", *_not_utf8(e))]) from None
    except OSError as e:
        raise ScenarioError([Problem(str(path), "", f"cannot read the file ({e.__class__.__name__}: {e})")]) from None
    return _Loader().load_text(text, p)


def _not_utf8(e: UnicodeDecodeError) -> tuple[str, int]:
    line = e.object[: e.start].count(b"\n") + 1
    return (f"the file is not UTF-8 text (got byte 0x{e.object[e.start]:02x} on line {line}; "
            "expected UTF-8: save the file as UTF-8)"), line


def _q(part: str) -> str:
    """A user's key as one part of a key path: bare when it can be, else quoted ("Lokale priser")."""
    return S.format_loc((part,))


def _without(data: dict, locs: list[tuple]) -> dict | None:
    """A copy of `data` without the keys at `locs` (pydantic locations); None if one is not found."""
    import copy

    out = copy.deepcopy(data)
    for loc in locs:
        cur: Any = out
        try:
            for part in loc[:-1]:
                cur = cur[part]
            del cur[loc[-1]]
        except (KeyError, IndexError, TypeError):
            return None
    return out


class _Loader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.texts: dict[str, str] = {}
        # set when a value could not be resolved, so the input names are not known for sure and
        # the checks that depend on them ([[correlation]], [groups]) would only add noise
        self.incomplete = False
        self.bad_index: set[int] = set()  # years whose [price_index] value was refused (reported once)

    # -- reporting --------------------------------------------------------------------
    def err(self, file: str, key: str, msg: str) -> None:
        self.problems.append(Problem(file, key, msg, locate(self.texts.get(file, ""), key) if key else None))

    def warn(self, file: str, key: str, msg: str) -> None:
        self.warnings.append(Problem(file, key, msg, locate(self.texts.get(file, ""), key) if key else None))

    def _error(self) -> ScenarioError:
        """All problems, in file order: the scenario's first, then each library's; by line within a file."""
        files = list(dict.fromkeys([*self.texts, *(p.file for p in self.problems)]))  # the scenario is read first
        return ScenarioError(sorted(self.problems, key=lambda p: (files.index(p.file), p.line or 0)))

    # -- parsing ----------------------------------------------------------------------
    def _parse_toml(self, text: str, file: str) -> dict | None:
        self.texts[file] = text
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
            line = int(m.group(1)) if m else None
            msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
            col = f" (at column {m.group(2)})" if m else ""
            self.problems.append(Problem(file, "", f"TOML syntax error: {msg}{col}", line))
            return None

    def _structure(self, data: dict, model, file: str):
        try:
            return model.model_validate(data)
        except ValidationError as e:
            for key, msg in S.translate(e, model):
                self.err(file, key, msg)
            # unknown keys and bad optional keys hide nothing else: drop them (optional keys fall back
            # to their defaults) and check the rest, so that one run lists every problem
            errs = e.errors(include_url=False)
            locs = [tuple(p for p in x["loc"] if p not in ("float", "list[list[float]]")) for x in errs]
            for x, loc in zip(errs, locs):
                if x["type"] == "extra_forbidden":
                    continue
                owner = S._model_at(model, loc) if loc and isinstance(loc[-1], str) else None
                f = owner.model_fields.get(loc[-1]) if owner is not None else None
                if x["type"] == "missing" or f is None or f.is_required():
                    return None
            pruned = _without(data, list(dict.fromkeys(locs)))
            try:
                return None if pruned is None else model.model_validate(pruned)
            except ValidationError:
                return None

    def dist(self, raw: Any, file: str, key: str, role: str) -> Distribution | None:
        d, probs = parse_distribution(raw, role=role)
        if d is None:
            self.incomplete = True
        for sub, msg in probs:
            self.err(file, f"{key}.{_q(sub)}" if sub else key, msg)
        return d

    # -- includes ---------------------------------------------------------------------
    def _includes(self, includes: list[str], base: Path, file: str, key: str, chain: tuple[Path, ...],
                  activities: dict, index: dict, seen_files: list[str]) -> None:
        for i, inc in enumerate(includes):
            ikey = f"{key}[{i}]"
            p = (base.parent / inc).resolve()
            if p in chain:
                cyc = " -> ".join(x.name for x in (*chain, p))
                self.err(file, ikey, f"include cycle ({cyc})")
                continue
            if len(chain) > MAX_INCLUDE_DEPTH:
                self.err(file, ikey, f"includes nested deeper than {MAX_INCLUDE_DEPTH}")
                continue
            if not p.is_file():
                self.err(file, ikey, f"included file not found (got {inc!r}; looked for {str(p)!r})")
                continue
            if str(p) in seen_files:  # the same library reached twice (a diamond): read it once
                continue
            try:
                text = p.read_text(encoding="utf-8-sig")  # a BOM (Notepad) is not an error
            except UnicodeDecodeError as e:
                self.err(file, ikey, f"included file {inc!r}: {_not_utf8(e)[0]}")
                continue
            except OSError as e:
                self.err(file, ikey, f"cannot read included file ({e})")
                continue
            lf = str(p)
            seen_files.append(lf)
            data = self._parse_toml(text, lf)
            if data is None:
                continue
            if "scenario" in data or "intervention" in data:
                self.err(lf, "scenario" if "scenario" in data else "intervention",
                         "an included file is an activity library and cannot hold [scenario] or [intervention]")
                data = {k: v for k, v in data.items() if k not in ("scenario", "intervention", "cost",
                                                                     "consequence", "correlation", "groups")}
            lib = self._structure(data, S.LibraryFile, lf)
            if lib is None:
                continue
            if lib.somsim not in (None, 1):
                self.err(lf, "somsim", f"unsupported format version (got {lib.somsim}; expected 1)")
            self._includes(lib.include, p, lf, "include", (*chain, p), activities, index, seen_files)
            for k, a in lib.activity.items():
                if k in activities:
                    self.err(lf, f"activity.{_q(k)}", f"activity defined twice (also in {activities[k][1]})")
                else:
                    activities[k] = (a, lf)
            self._merge_index(lib.price_index, lf, index)

    def _merge_index(self, raw: dict[str, float], file: str, index: dict) -> None:
        for y, v in raw.items():
            key = f"price_index.{_q(y)}"
            if not re.fullmatch(r"\d{4}", y):
                self.err(file, key, f"price index keys are years (got {y!r}; expected e.g. 2019)")
                continue
            if not (v > 0 and math.isfinite(v)):
                self.err(file, key, f"a price index must be > 0 (got {_fmt(v)})")
                self.bad_index.add(int(y))
                continue
            if not 1e-3 <= v <= 1e6:
                self.bad_index.add(int(y))
                self.err(file, key, f"implausible price index (got {v:.6g}; expected 0.001 … 1e6, e.g. 100 "
                                    "in the base year)")
                continue
            yi = int(y)
            if yi in index and index[yi][0] != v:
                self.err(file, key, f"price index for {yi} given twice with different values "
                                    f"({_fmt(index[yi][0])} in {index[yi][1]})")
            index[yi] = (v, file)

    # -- the scenario -----------------------------------------------------------------
    def load_text(self, text: str, path: Path) -> Scenario:
        file = str(path)
        data = self._parse_toml(text, file)
        if data is None:
            raise self._error()
        if isinstance(data.get("somsim"), int) and not isinstance(data.get("somsim"), bool) and data["somsim"] != 1:
            self.err(file, "somsim", f"unsupported format version (got {data['somsim']}; expected 1)")
            raise self._error()
        raw = self._structure(data, S.ScenarioFile, file)
        # distributions are checked even when the structure failed elsewhere, so one run lists all
        activities: dict[str, tuple[S.Activity, str]] = {}
        index: dict[int, tuple[float, str]] = {}
        inc_files: list[str] = []
        if raw is not None:
            self._includes(raw.include, path.resolve() if path.exists() else path, file, "include",
                           (path.resolve(),) if path.exists() else (), activities, index, inc_files)
        if raw is None:
            self._loose_distribution_checks(data, file)
            raise self._error()
        sc = self._semantics(raw, file, activities, index)
        if self.problems:
            raise self._error()
        assert sc is not None
        return Scenario(**sc, path=file, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                        includes=tuple(inc_files), warnings=tuple(self.warnings))

    def _loose_distribution_checks(self, data: dict, file: str) -> None:
        """When the structure failed, still report distribution problems where we can find them."""
        sc = data.get("scenario") if isinstance(data.get("scenario"), dict) else {}
        if "discount_rate" in sc:
            self.dist(sc["discount_rate"], file, "scenario.discount_rate", "discount")
        iv = data.get("intervention") if isinstance(data.get("intervention"), dict) else {}
        if "success_rate" in iv:
            self.dist(iv["success_rate"], file, "intervention.success_rate", "rate")
        for i, c in enumerate(data.get("cost") or []):
            if isinstance(c, dict):
                for k in ("per_participant", "amount"):
                    if c.get(k) is not None:
                        self.dist(c[k], file, f"cost[{i}].{k}", "nonneg")

    def _semantics(self, raw: S.ScenarioFile, file: str, lib_acts: dict, index: dict) -> dict | None:
        m = raw.scenario
        if raw.somsim != 1:
            self.err(file, "somsim", f"unsupported format version (got {raw.somsim}; expected 1)")
        if not re.fullmatch(r"[a-z0-9-]+", m.id):
            self.err(file, "scenario.id", f"expected lower-case letters, digits and '-' (got {m.id!r})")
        H = m.horizon
        horizon_ok = 1 <= H <= MAX_HORIZON
        if not horizon_ok:
            self.err(file, "scenario.horizon", f"out of range (got {H}; expected 1 … {MAX_HORIZON} years)")
        if not 1800 <= m.price_year <= 2200:
            self.err(file, "scenario.price_year", f"not a plausible year (got {m.price_year}; expected e.g. 2019)")
        if not 0 <= m.consequence_lag <= MAX_HORIZON:
            self.err(file, "scenario.consequence_lag", f"out of range (got {m.consequence_lag}; "
                                                       f"expected 0 … {MAX_HORIZON} whole years)")
        if m.perspective not in ("total", *ACTORS):
            self.err(file, "scenario.perspective", f"unknown perspective (got {m.perspective!r}; expected total, "
                                                   f"kommune, region or stat){_did_you_mean(m.perspective, ('total', *ACTORS))}")
        r = self.dist(m.discount_rate, file, "scenario.discount_rate", "discount")
        if r is not None and not (0 <= r.point <= 0.1):
            self.warn(file, "scenario.discount_rate", f"unusual discount rate {_fmt(r.point)} (the Finance Ministry's "
                                                      "rate is 0.035 since 2021, 0.04 before)")

        iv = raw.intervention
        cohorts = iv.cohorts
        if not cohorts:
            self.err(file, "intervention.cohorts", "expected at least one cohort (got [])")
        elif horizon_ok and len(cohorts) > H:
            self.err(file, "intervention.cohorts", f"{len(cohorts)} cohorts run beyond the horizon of {H} years "
                                                   f"(expected at most {H})")
        for i, n in enumerate(cohorts):
            if n < 0:
                self.err(file, f"intervention.cohorts[{i}]", f"participants must be ≥ 0 (got {n})")
            elif n > MAX_COHORT:
                self.err(file, f"intervention.cohorts[{i}]", f"implausibly many participants (got {n}; "
                                                             f"expected at most {MAX_COHORT:,})")
        if cohorts and all(0 <= n for n in cohorts) and sum(cohorts) < 1:
            self.err(file, "intervention.cohorts", "at least one participant is required (got 0 in all cohorts)")
        s = self.dist(iv.success_rate, file, "intervention.success_rate", "rate")
        if s is not None and s.point > 0.8:
            self.warn(file, "intervention.success_rate", f"a NET success rate of {_fmt(s.point)} is very high: "
                                                         "it counts only successes caused by the intervention")
        n_years = len(cohorts)

        # costs
        costs: list[Cost] = []
        slugs: dict[str, int] = {}
        for i, c in enumerate(raw.cost):
            key = f"cost[{i}]"
            slug = slugify(c.name)
            if not slug:
                self.err(file, f"{key}.name", f"a cost needs a name with letters or digits (got {c.name!r})")
            elif slug in slugs:
                self.err(file, f"{key}.name", f"duplicate cost name (got {c.name!r}; cost[{slugs[slug]}] "
                                              f"has the same input name cost.{slug})")
            else:
                slugs[slug] = i
            if c.actor not in ACTORS:
                self.err(file, f"{key}.actor", f"unknown actor (got {c.actor!r}; expected kommune, region or stat)"
                                               f"{_did_you_mean(c.actor, ACTORS)}")
            pp, am = c.per_participant, c.amount
            vp = va = None
            if (pp is None) == (am is None):
                self.incomplete = True
                self.err(file, key, "a cost needs exactly one of per_participant or amount"
                                    f" (got {'both' if pp is not None else 'neither'})")
            elif pp is not None:
                vp = self.dist(pp, file, f"{key}.per_participant", "nonneg")
                if c.years is not None:
                    self.err(file, f"{key}.years", "years applies to amount items only; a per-participant "
                                                   "cost falls in each cohort's year")
            else:
                va = self.dist(am, file, f"{key}.amount", "nonneg")
            years = tuple(range(n_years)) if c.years is None else tuple(c.years)
            if c.years is not None:
                if not c.years:
                    self.err(file, f"{key}.years", "expected at least one year (got [])")
                for j, y in enumerate(c.years):
                    if horizon_ok and not 0 <= y < H:
                        self.err(file, f"{key}.years[{j}]", f"year outside the horizon (got {y}; expected 0 … {H - 1})")
                if len(set(c.years)) != len(c.years):
                    self.err(file, f"{key}.years", f"a year is listed twice (got {_show(c.years)})")
            costs.append(Cost(c.name, slug, c.actor, vp, va, years, c.source, c.note))

        # activities: libraries, then this file's own (which replace a library's definition)
        acts: dict[str, tuple[S.Activity, str]] = dict(lib_acts)
        for k, a in raw.activity.items():
            acts[k] = (a, file)
        self._merge_index(raw.price_index, file, index)
        resolved: dict[str, Activity] = {}
        # a library activity replaced by this file's is still checked: the library itself must be valid
        replaced = [(k, lib_acts[k]) for k in raw.activity if k in lib_acts]
        for k, (a, f) in [*replaced, *acts.items()]:
            key = f"activity.{_q(k)}"
            if not re.fullmatch(r"[A-Za-z0-9_\-]+", k):
                self.err(f, key, f"an activity key may hold letters, digits, '-' and '_' only (got {k!r})")
            prices: dict[str, Distribution] = {}
            for actor, v in a.price.items():
                if actor not in ACTORS:
                    self.err(f, f"{key}.price.{_q(actor)}", f"unknown actor (got {actor!r}; expected kommune, "
                                                              f"region or stat){_did_you_mean(actor, ACTORS)}")
                    continue
                d = self.dist(v, f, f"{key}.price.{_q(actor)}", "nonneg")
                if d is not None:
                    prices[actor] = d
            py = a.price_year if a.price_year is not None else m.price_year
            resolved[k] = Activity(k, a.title or k, a.domain, a.unit, a.kind, py, prices, a.source, a.note, f)

        # consequences
        consequences: list[Consequence] = []
        seen_act: dict[str, int] = {}
        for i, c in enumerate(raw.consequence):
            key = f"consequence[{i}]"
            act = resolved.get(c.activity)
            if c.activity in seen_act:
                self.err(file, f"{key}.activity", f"activity {c.activity!r} already has a consequence "
                                                  f"(consequence[{seen_act[c.activity]}]); merge the two")
            seen_act.setdefault(c.activity, i)
            if act is None:
                self.err(file, f"{key}.activity", f"unknown activity (got {c.activity!r}; define "
                                                  f"[activity.{c.activity}] or include a library)"
                                                  f"{_did_you_mean(c.activity, resolved)}")
            q = c.per_success
            if not q:
                self.err(file, f"{key}.per_success", "expected at least one year of consequences (got [])")
            elif len(q) > MAX_PROFILE:
                self.err(file, f"{key}.per_success", f"too long (got {len(q)} years; expected at most {MAX_PROFILE})")
            for j, v in enumerate(q):
                if not math.isfinite(v):
                    self.err(file, f"{key}.per_success[{j}]", f"expected a finite number (got {v})")
                elif abs(v) > MAX_UNITS:
                    self.err(file, f"{key}.per_success[{j}]", f"implausibly large (got {v:.6g}; expected at most "
                                                              f"{MAX_UNITS:.0e} units per successful person and year)")
            if c.se is not None:
                if len(c.se) != len(q):
                    self.err(file, f"{key}.se", f"expected one standard error per year of per_success "
                                                f"(got {len(c.se)}; expected {len(q)})")
                for j, v in enumerate(c.se):
                    if not (math.isfinite(v) and v >= 0):
                        self.err(file, f"{key}.se[{j}]", f"a standard error must be ≥ 0 (got {_fmt(v)})")
                    elif v > MAX_UNITS:
                        self.err(file, f"{key}.se[{j}]", f"implausibly large (got {v:.6g}; expected at most "
                                                         f"{MAX_UNITS:.0e})")
            scale = None if c.scale is None else self.dist(c.scale, file, f"{key}.scale", "nonneg")
            if act is None:
                self.incomplete = True
                continue
            price = dict(act.price)
            for actor, v in (c.price or {}).items():
                if actor not in ACTORS:
                    self.err(file, f"{key}.price.{_q(actor)}", f"unknown actor (got {actor!r}; expected "
                                                                 f"kommune, region or stat)"
                                                                 f"{_did_you_mean(actor, ACTORS)}")
                    continue
                d = self.dist(v, file, f"{key}.price.{_q(actor)}", "nonneg")
                if d is not None:
                    price[actor] = d
            factors = {}
            for actor in ACTORS:
                overridden = c.price is not None and actor in c.price
                py = m.price_year if overridden else act.price_year
                # (a scenario price year that is no year is reported once, above; no conversion noise)
                factors[actor] = (self._price_factor(py, m.price_year, index, act, file, key, actor)
                                  if 1800 <= m.price_year <= 2200 else 1.0)
            if (m.horizon and len(q) and horizon_ok and m.consequence_lag >= H
                    and not any(w.path == "scenario.consequence_lag" for w in self.warnings)):  # warn once
                self.warn(file, "scenario.consequence_lag", "no consequence falls inside the horizon")
            consequences.append(Consequence(act, tuple(q), None if c.se is None else tuple(c.se), scale, price,
                                            factors, c.source, c.note))

        if self.incomplete:
            return None
        params = self._params(s, r, costs, consequences)
        names = [p.name for p in params if p.uncertain]
        correlations = self._correlations(raw, file, names, [p.name for p in params])
        groups = self._groups(raw, file, params)
        return dict(
            id=m.id, title=m.title or m.id, description=m.description, sources=tuple(m.sources),
            price_year=m.price_year, horizon=H, discount_rate=r, consequence_lag=m.consequence_lag,
            perspective=m.perspective, stochastic_cohorts=m.stochastic_cohorts,
            target_group={k: v for k, v in raw.target_group.model_dump().items() if v},
            intervention_name=iv.name, cohorts=tuple(cohorts), success_rate=s, costs=tuple(costs),
            consequences=tuple(consequences), correlations=correlations, groups=groups, params=params,
        )

    def _price_factor(self, from_year, to_year, index, act, file, key, actor) -> float:
        if from_year == to_year:
            return 1.0
        missing = [y for y in (from_year, to_year) if y not in index]
        if any(y in self.bad_index for y in missing):
            return 1.0  # its value was refused: reported at price_index.<year>
        if missing:
            # report once per activity
            tag = f"activity.{_q(act.key)}.price_year"
            if not any(p.path == tag for p in self.problems):
                self.err(act.file, tag, f"prices in {from_year} need conversion to the scenario's price year "
                                        f"{to_year}, but [price_index] has no value for "
                                        f"{' and '.join(map(str, missing))}")
            return 1.0
        return index[to_year][0] / index[from_year][0]

    @staticmethod
    def _params(s, r, costs, consequences) -> tuple[Input, ...]:
        ps = [Input("success_rate", s, "effect", "net success rate"),
              Input("discount_rate", r, "discounting", "discount rate")]
        for c in costs:
            kind = "per participant" if c.per_participant is not None else "amount per year"
            ps.append(Input(f"cost.{c.slug}", c.value, "costs", f"{c.name} ({c.actor}, {kind})"))
        for c in consequences:
            k = c.activity.key
            ps.append(Input(f"consequence.{k}", Distribution("normal", (("mean", 0.0), ("sd", 1.0)), (0.0, 1.0), 0.0)
                            if c.se is not None and any(c.se) else fixed(0.0), "effect",
                            f"shared shock z of the {c.activity.title} consequence profile"))
            ps.append(Input(f"consequence.{k}.scale", c.scale if c.scale is not None else fixed(1.0), "effect",
                            f"multiplier of the {c.activity.title} consequence profile"))
            for a in ACTORS:
                d = c.price.get(a, fixed(0.0))
                ps.append(Input(f"price.{k}.{a}", d, "prices", f"{c.activity.title}, price per {c.activity.unit or 'unit'}"
                                                              f" for {a}"))
        return tuple(ps)

    def _correlations(self, raw, file, names: list[str], all_names: list[str] = ()):
        out = []
        pair_seen: dict[frozenset, int] = {}
        for i, c in enumerate(raw.correlation):
            key = f"correlation[{i}]"
            ok = True
            if len(c.inputs) < 2:
                self.err(file, f"{key}.inputs", f"a correlation needs at least two inputs (got {len(c.inputs)})")
                ok = False
            if len(set(c.inputs)) != len(c.inputs):
                self.err(file, f"{key}.inputs", "an input is listed twice")
                ok = False
            for j, n in enumerate(c.inputs):
                if n not in names and n in all_names:
                    self.err(file, f"{key}.inputs[{j}]", f"a fixed input cannot be correlated (got {n!r}, a plain "
                                                         "number; expected an uncertain input: give it a distribution)")
                    ok = False
                elif n not in names:
                    self.err(file, f"{key}.inputs[{j}]", f"unknown or fixed input (got {n!r}; correlations take "
                                                         f"uncertain inputs){_did_you_mean(n, names)}")
                    ok = False
            k = len(c.inputs)
            if isinstance(c.rho, float):
                if not -1 <= c.rho <= 1:
                    self.err(file, f"{key}.rho", f"a correlation lies in [-1, 1] (got {_fmt(c.rho)})")
                    ok = False
                mat = np.full((k, k), c.rho)
                np.fill_diagonal(mat, 1.0)
            else:
                mat = np.array(c.rho, dtype=float) if all(len(r) == k for r in c.rho) and len(c.rho) == k else None
                if mat is None:
                    self.err(file, f"{key}.rho", f"expected a number or a {k}×{k} matrix for {k} inputs")
                    ok = False
                elif not (np.allclose(mat, mat.T) and np.allclose(np.diag(mat), 1) and np.all(np.abs(mat) <= 1)):
                    self.err(file, f"{key}.rho", "a correlation matrix must be symmetric with ones on the diagonal "
                                                 "and entries in [-1, 1]")
                    ok = False
            if not ok:
                continue
            for a in range(k):
                for b in range(a + 1, k):
                    pair = frozenset((c.inputs[a], c.inputs[b]))
                    if pair in pair_seen:
                        self.err(file, f"{key}.inputs", f"the pair {c.inputs[a]} / {c.inputs[b]} is already "
                                                        f"correlated in correlation[{pair_seen[pair]}]")
                    pair_seen[pair] = i
            out.append((tuple(c.inputs), mat))
        if out:
            from somsim.simulation.sampling import correlation_matrix

            try:
                correlation_matrix(out, names)
            except ValueError as e:
                self.err(file, "correlation", str(e))
        return tuple(out)

    def _groups(self, raw, file, params) -> dict[str, tuple[str, ...]]:
        names = [p.name for p in params if p.uncertain]
        groups: dict[str, tuple[str, ...]] = {}
        for g in DEFAULT_GROUPS:
            members = tuple(p.name for p in params if p.uncertain and p.group == g)
            if members:
                groups[g] = members
        for g, pats in raw.groups.items():
            key = f"groups.{_q(g)}"
            if g in DEFAULT_GROUPS:
                self.warn(file, key, f"replaces the default group {g!r}")
            members: list[str] = []
            if not pats:
                self.err(file, key, "expected at least one input name or pattern (got [])")
            for j, pat in enumerate(pats):
                hit = [n for n in names if fnmatch.fnmatchcase(n, pat)]
                if not hit:
                    self.err(file, f"{key}[{j}]", f"matches no uncertain input (got {pat!r})"
                                                  f"{_did_you_mean(pat, names)}")
                members += [n for n in hit if n not in members]
            groups[g] = tuple(members)
        return groups
