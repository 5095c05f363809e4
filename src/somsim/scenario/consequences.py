"""Rules for activities and consequences: prices per actor, price years and the price index.

An activity (here or in a library) has a unit price per actor in its own price year; a
consequence names an activity, may override its prices (in the scenario's price year), and gets
a factor per actor that converts its prices to the scenario's price year through ``[price_index]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from somsim._text import did_you_mean
from somsim._vocab import ACTORS
from somsim.distributions.core import Distribution, _fmt
from somsim.scenario import schema as S
from somsim.scenario.includes import Libraries
from somsim.scenario.rules import Context, PriceIndex
from somsim.scenario.structure import key_part
from somsim.scenario.types import Activity, Consequence

__all__ = ["Timing", "check_consequences", "missing_index_message", "resolve_activities"]

#: activity key → the activity, or None when its table was refused
Resolved = dict[str, Activity | None]


def resolve_activities(ctx: Context, own: Mapping[str, S.Activity | None] | None, libs: Libraries,
                       price_year: int | None) -> Resolved:
    """The activities of the libraries and of the scenario (which replace a library's of the same key).

    Parameters
    ----------
    ctx : Context
        The shared state.
    own : dict or None
        The scenario's ``[activity.*]`` tables (None if refused).
    libs : Libraries
        The libraries' activities.
    price_year : int or None
        The scenario's price year: an activity's unless it gives its own.
    """
    acts = dict(libs.activities)
    if own is None:
        ctx.incomplete = True
    for k, a in (own or {}).items():
        acts[k] = (a, ctx.file)
    # a library activity replaced by this file's is still checked: the library itself must be valid
    replaced = [(k, libs.activities[k]) for k in (own or {}) if k in libs.activities]
    resolved: Resolved = {}
    for k, (a, f) in [*replaced, *acts.items()]:
        resolved[k] = _resolve_activity(ctx, k, a, f, price_year)
    return resolved


def _resolve_activity(ctx: Context, k: str, a: S.Activity | None, file: str, price_year: int | None) -> Activity | None:
    if a is None or a.price is None:  # refused: reported by the schema
        ctx.incomplete = True
        return None
    prices = _prices(ctx, a.price, f"activity.{key_part(k)}.price", file)
    py = a.price_year if a.price_year is not None else price_year
    # (py is None only when the scenario's price year was refused; then no price is converted)
    return Activity(k, a.title or k, a.domain, a.unit, a.kind, py, prices, a.source, a.note, file,  # type: ignore[arg-type]
                    indexed=a.indexed)


def _prices(ctx: Context, raw: Mapping[str, object], key: str, file: str) -> dict[str, Distribution]:
    """A table of prices per actor as distributions (unknown actors are reported by the schema)."""
    prices: dict[str, Distribution] = {}
    for actor, v in raw.items():
        if actor not in ACTORS:
            continue
        d = ctx.dist(v, f"{key}.{key_part(actor)}", "nonneg", file)
        if d is not None:
            prices[actor] = d
    return prices


class Timing:
    """What consequences need of ``[scenario]`` and ``[price_index]`` (None where refused).

    Parameters
    ----------
    horizon, consequence_lag, price_year : int or None
        From ``[scenario]``.
    index : PriceIndex
        The merged price index.
    """

    def __init__(self, horizon: int | None, consequence_lag: int | None, price_year: int | None, index: PriceIndex):
        self.horizon, self.lag, self.price_year, self.index = horizon, consequence_lag, price_year, index


def check_consequences(ctx: Context, items: Sequence[S.Consequence | None] | None, resolved: Resolved, known: bool,
                       timing: Timing) -> list[Consequence]:
    """Each consequence: a known activity (once), standard errors to match, prices converted.

    Parameters
    ----------
    ctx : Context
        The shared state.
    items : list of schema.Consequence or None
        The ``[[consequence]]`` tables (None where refused).
    resolved : dict
        The activities (see :func:`resolve_activities`).
    known : bool
        Whether every activity is known: when a table of activities was refused, an activity not
        found is not reported as unknown.
    timing : Timing
        Horizon, lag, price year and price index.
    """
    if items is None:
        ctx.incomplete = True
        return []
    out: list[Consequence] = []
    first: dict[str, int] = {}
    for i, c in enumerate(items):
        q = _check_consequence(ctx, i, c, resolved, known, first, timing) if c is not None else None
        if q is None:
            ctx.incomplete = True
        else:
            out.append(q)
    return out


def _check_consequence(ctx: Context, i: int, c: S.Consequence, resolved: Resolved, known: bool,
                       first: dict[str, int], timing: Timing) -> Consequence | None:
    key = f"consequence[{i}]"
    act = _activity_of(ctx, key, c.activity, i, resolved, known, first)
    _check_profile(ctx, key, i, c)
    scale = None if c.scale is None else ctx.dist(c.scale, f"{key}.scale", "nonneg")
    override = _prices(ctx, c.price or {}, f"{key}.price", ctx.file)
    if c.price is None and ctx.was_refused("consequence", i, "price"):
        ctx.incomplete = True
    if act is None:
        return None
    factors = {actor: _price_factor(ctx, act, timing, overridden=c.price is not None and actor in c.price)
               for actor in ACTORS}
    _warn_lag(ctx, timing, key, c.lag)
    # (a refused profile is empty here: the names of the inputs do not depend on it)
    return Consequence(act, tuple(c.per_success or ()), None if c.se is None else tuple(c.se), scale,
                       {**act.price, **override}, factors, c.source, c.note, lag=c.lag)


def _activity_of(ctx: Context, key: str, name: str | None, i: int, resolved: Resolved, known: bool,
                 first: dict[str, int]) -> Activity | None:
    """The activity a consequence names: once per activity, and defined here or in a library."""
    if name is None:  # missing or not a text: reported by the schema
        return None
    if name in first:
        ctx.error(f"{key}.activity", f"activity {name!r} already has a consequence "
                                     f"(consequence[{first[name]}]); merge the two")
    first.setdefault(name, i)
    if name not in resolved and known:
        ctx.error(f"{key}.activity", f"unknown activity (got {name!r}; define [activity.{name}] or include a "
                                     f"library){did_you_mean(name, resolved)}")
    return resolved.get(name)


def _check_profile(ctx: Context, key: str, i: int, c: S.Consequence) -> None:
    """At most MAX_PROFILE years, and one standard error per year."""
    q, se = c.per_success, c.se
    # the profile is uncertain when a standard error is not 0: unknown if se was refused, or if
    # every standard error left is 0 and some were refused
    if se is None and ctx.was_refused("consequence", i, "se") or se is not None and None in se and not any(se):
        ctx.incomplete = True
    if q is None:
        return
    if len(q) > S.MAX_PROFILE:
        ctx.error(f"{key}.per_success", f"too long (got {len(q)} years; expected at most {S.MAX_PROFILE})")
    if se is not None and len(se) != len(q):
        ctx.error(f"{key}.se", f"expected one standard error per year of per_success "
                               f"(got {len(se)}; expected {len(q)})")


def _price_factor(ctx: Context, act: Activity, timing: Timing, *, overridden: bool) -> float:
    """The factor that converts an actor's price to the scenario's price year (1 when it cannot)."""
    to_year = timing.price_year
    if to_year is None:  # refused: reported once, at scenario.price_year; no conversion noise
        return 1.0
    from_year = to_year if overridden else act.price_year
    if from_year == to_year or not act.indexed:  # a rate (indexed = false) is the same in every year
        return 1.0
    index = timing.index
    missing = [y for y in (from_year, to_year) if y not in index.values]
    if any(y in index.refused for y in missing):
        return 1.0  # its value was refused: reported at price_index.<year>
    if missing:
        tag = f"activity.{key_part(act.key)}.price_year"
        if not ctx.report.has_problem_at(act.file, tag):  # once per activity
            ctx.error(tag, missing_index_message(from_year, to_year, missing, index), act.file)
        return 1.0
    for y in (from_year, to_year):
        _warn_assumed_year(ctx, y, index)
    return index.factor(from_year, to_year)


def _warn_assumed_year(ctx: Context, year: int, index: PriceIndex) -> None:
    """Say (once per year) that a conversion uses a price index value that is an assumption, not published."""
    note = index.notes.get(year)
    key = f"price_index.{year}"
    if note and not ctx.report.has_warning_at(key):
        ctx.warn(key, f"prices are converted with a price index for {year} that is not a published figure "
                      f"({' '.join(note.split())}); add {year} = <index> to [price_index] in the scenario when "
                      "the annual average is published", "assumed_index", year=year, note=" ".join(note.split()))


def missing_index_message(from_year: int, to_year: int, missing: list[int], index: PriceIndex) -> str:
    """What to do when the price index lacks a year a conversion needs: the table, the key, the source."""
    years = " and ".join(map(str, missing))
    known = sorted(index.values)
    have = f"it has {known[0]}–{known[-1]}" if known else "no [price_index] table is given or included"
    add = "; ".join(f"{y} = <index>" for y in missing)
    base = (f" on the same base as the years it has ({known[0]} = {_fmt(index.values[known[0]][0])})"
            if known else "")
    return (f"prices in {from_year} need conversion to the scenario's price year {to_year}, but [price_index] has "
            f"no value for {years} ({have}; expected: add {add} to a [price_index] table in the scenario, the "
            f"annual average of Danmarks Statistik's nettoprisindeks (Statistikbanken PRIS116/PRIS115){base}, or "
            f"give the price in {to_year} prices with a consequence's price override)")


def _warn_lag(ctx: Context, timing: Timing, key: str, own: int | None) -> None:
    """Warn (once) when the consequence lag leaves no consequence inside the horizon."""
    if own is not None:  # §6.4 the consequence's own lag
        if timing.horizon is not None and own >= timing.horizon:
            ctx.warn(f"{key}.lag", "no year of this consequence falls inside the horizon", "lag_own")
        return
    h, lag = timing.horizon, timing.lag
    if h is not None and lag is not None and lag >= h and not ctx.report.has_warning_at("scenario.consequence_lag"):
        ctx.warn("scenario.consequence_lag", "no consequence falls inside the horizon", "lag_all")
