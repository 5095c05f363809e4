"""The parts of a validated scenario: inputs, activities, consequences and costs (frozen).

:class:`~somsim.scenario.loader.Scenario` holds them; the model, simulation and report layers read
their fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from somsim.distributions.core import Distribution

__all__ = ["Activity", "Committees", "Consequence", "Cost", "Input", "Rates"]


@dataclass(frozen=True)
class Input:
    """One quantity of the model: fixed or uncertain, named by its place (``price.skole.kommune``).

    Attributes
    ----------
    name : str
        The input's name, the same in errors, results, tables and plots.
    dist : Distribution
        Its distribution (``fixed`` for a plain number).
    group : str
        Its default group: effect, prices, costs or discounting.
    description : str
        A short description for tables.
    factor : float
        For a price: the factor that converts it from the year it is written in to the
        scenario's price year (1 otherwise). The model multiplies the drawn value by it.
    written_year : int or None
        For a price: the price year it is written in (None otherwise).
    """

    name: str
    dist: Distribution
    group: str
    description: str = ""
    factor: float = 1.0
    written_year: int | None = None

    @property
    def uncertain(self) -> bool:
        """Whether the input has a distribution rather than a fixed value."""
        return not self.dist.is_fixed

    @property
    def used(self) -> Distribution:
        """The quantity as the model uses it: for a price, in the scenario's price year (shown = used)."""
        from somsim.scenario.used import scaled

        return scaled(self.dist, self.factor)

    @property
    def converted(self) -> bool:
        """Whether the value as written differs from the value used (a price converted between years)."""
        return self.factor != 1.0


@dataclass(frozen=True)
class Activity:
    """An activity (``[activity.KEY]``, here or in a library) with its unit prices.

    Attributes
    ----------
    key, title, domain, unit : str
        Its key, title (the key if none), domain and unit (None if none given).
    kind : str
        ``expenditure`` or ``revenue``.
    price_year : int
        The year of its prices (the scenario's unless given).
    price : dict of str to Distribution
        Unit price per actor that pays (or receives) it.
    source, note : str or None
        Where the prices come from; a remark.
    file : str
        The file that defines it.
    indexed : bool
        False for a rate (its unit is itself money, e.g. kr. per 1.000 kr. of income): its price
        is not converted between price years (scenario-format.md §6.7).
    """

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
    indexed: bool = True


@dataclass(frozen=True)
class Consequence:
    """A change in one activity per successful participant, year by year after success.

    Attributes
    ----------
    activity : Activity
        The activity that changes.
    per_success : tuple of float
        Units per successful participant in each year after success.
    se : tuple of float or None
        Standard errors of `per_success`, if given (one shared shock per profile).
    scale : Distribution or None
        A multiplier of the whole profile, if given.
    price : dict of str to Distribution
        The effective price per actor (the scenario's overrides merged), in the activity's price year.
    price_factor : dict of str to float
        Conversion of each actor's price to the scenario's price year.
    source, note : str or None
        Where the profile comes from; a remark.
    """

    activity: Activity
    per_success: tuple[float, ...]
    se: tuple[float, ...] | None
    scale: Distribution | None
    price: dict[str, Distribution]
    price_factor: dict[str, float]
    source: str | None
    note: str | None
    lag: int | None = None  # §6.4: replaces the scenario's consequence_lag (may be negative)


@dataclass(frozen=True)
class Cost:
    """A cost of the intervention: per participant, or an amount in given years.

    Attributes
    ----------
    name, slug : str
        The cost's name and its slug (the input is named ``cost.<slug>``).
    actor : str
        Who pays it.
    per_participant, amount : Distribution or None
        Exactly one is given.
    years : tuple of int
        The years of an amount (every cohort year unless given).
    source, note : str or None
        Where it comes from; a remark.
    """

    name: str
    slug: str
    actor: str
    per_participant: Distribution | None
    amount: Distribution | None
    years: tuple[int, ...]
    source: str | None
    note: str | None
    per: str = "starter"  # §6.3: "starter" or "completer" (per-participant items)

    @property
    def value(self) -> Distribution:
        """The cost's distribution, per participant or as an amount."""
        value = self.per_participant if self.per_participant is not None else self.amount
        assert value is not None  # a validated cost has exactly one of the two
        return value


@dataclass(frozen=True)
class Rates:
    """The success rates of §6.1–6.3: net (or gross and baseline), haircut, completion.

    Attributes
    ----------
    success : Distribution
        The net success rate, or the gross rate when `baseline` is given.
    baseline : Distribution or None
        The baseline (counterfactual) rate of the gross/baseline form.
    haircut : Distribution
        The evidence haircut h (fixed 0 when none applies).
    haircut_source : str
        ``"haircut"`` (given in the file), ``"evidence"`` (the default of the evidence level) or ``"none"``.
    evidence : int or None
        SØM's evidence level, when given.
    completion : Distribution
        The share of starters who complete (fixed 1 when not given).
    completion_given : bool
        Whether ``completion_rate`` is in the file.
    """

    success: Distribution
    baseline: Distribution | None
    haircut: Distribution
    haircut_source: str
    evidence: int | None
    completion: Distribution
    completion_given: bool

    @property
    def gross_baseline(self) -> bool:
        """Whether the file gives gross and baseline rates (§6.1)."""
        return self.baseline is not None

    @property
    def net_point(self) -> float:
        """The base case's net rate before the haircut: point(gross) − point(baseline), or point(s)."""
        return self.success.point - (self.baseline.point if self.baseline is not None else 0.0)

    @property
    def effective_point(self) -> float:
        """The base case's effective net rate (after the haircut): (gross − baseline)(1 − h) or s(1 − h)."""
        return self.net_point * (1.0 - self.haircut.point)


@dataclass(frozen=True)
class Committees:
    """The kommune's committees (§6.5): names in table order then Øvrige, and which items each holds.

    Attributes
    ----------
    names : tuple of str
        The committees, in the order of ``[udvalg]``, then ``Øvrige`` (always present).
    activity : dict of str to int
        Activity key of each consequence → index into `names`.
    cost : dict of str to int
        Cost input name (``cost.<slug>``) → index into `names`.
    """

    names: tuple[str, ...]
    activity: dict[str, int]
    cost: dict[str, int]

    @property
    def keys(self) -> tuple[str, ...]:
        """The output keys ``kommune:NAME``, in order."""
        from somsim._vocab import committee_key

        return tuple(committee_key(n) for n in self.names)
