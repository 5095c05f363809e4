"""What a family is declared with: constraints (:class:`Check`), parameter forms (:class:`Form`), :class:`Family`.

The families themselves, and the registry, are in :mod:`somsim.distributions.families`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from somsim.distributions._common import ParamError, fmt

__all__ = ["CANON_SLOTS", "Canon", "Check", "Family", "Form", "Params", "below", "positive"]

#: the parameters of a form as given: a float, or (low, high) for an interval
Params = dict[str, Any]
#: canonical parameters, in the order the family's ``canon`` names them
Canon = tuple[float, ...]

#: canonical parameters per input in the kernels' parameter array (the widest family has 4)
CANON_SLOTS = 4


@dataclass(frozen=True)
class Check:
    """One constraint of a parameter form.

    Attributes
    ----------
    key : str
        The parameter a failure is reported at.
    holds : callable
        ``holds(params) -> bool``; the constraint is met when true.
    message : callable
        ``message(params) -> str``, the text reported when it is not (built only then).
    """

    key: str
    holds: Callable[[Params], bool]
    message: Callable[[Params], str]


@dataclass(frozen=True)
class Form:
    """One accepted parameter set of a family.

    Attributes
    ----------
    keys : tuple of str
        The parameter names, in the order they are shown (``describe()``, messages).
    canonical : callable
        ``canonical(params) -> tuple of float``: the family's canonical parameters.
    point : callable
        ``point(params) -> float``: the point value (base case) of these parameters.
    checks : tuple of Check
        Constraints, checked in order before ``canonical`` is computed.
    """

    keys: tuple[str, ...]
    canonical: Callable[[Params], Canon]
    point: Callable[[Params], float]
    checks: tuple[Check, ...] = ()

    def validate(self, p: Params) -> None:
        """Raise :class:`~somsim.distributions._common.ParamError` at the first constraint that fails."""
        for c in self.checks:
            if not c.holds(p):
                raise ParamError(c.key, c.message(p))


def positive(key: str, hint: str = "") -> Check:
    """``key > 0``, reported as 'KEY must be > 0 (got X[HINT])'."""
    return Check(key, lambda p: p[key] > 0, lambda p: f"{key} must be > 0 (got {fmt(p[key])}{hint})")


def below(lo: str, hi: str) -> Check:
    """``lo < hi``, reported at `lo`."""
    return Check(lo, lambda p: p[lo] < p[hi],
                 lambda p: f"{lo} must be below {hi} (got {lo}={fmt(p[lo])}, {hi}={fmt(p[hi])})")


class Family(ABC):
    """A distribution family: its parameter forms, canonical parameters, support and scipy object.

    Subclasses set the class attributes and implement :meth:`support` and :meth:`frozen`; the
    methods taking ``c`` take the canonical parameters.

    Attributes
    ----------
    name : str
        The family's name in a scenario (``dist = "beta"``).
    canon : tuple of str
        Names of the canonical parameters, in the order of ``Distribution.canon`` and the kernels'
        parameter array.
    forms : tuple of Form
        The accepted parameter sets, in the order messages list them.
    code : int
        The family's integer code in the kernels, set when it is registered (its position in
        ``families.REGISTRY``).
    """

    name: ClassVar[str]
    canon: ClassVar[tuple[str, ...]]
    forms: ClassVar[tuple[Form, ...]]
    code: int = -1

    @property
    def parameter_sets(self) -> tuple[tuple[str, ...], ...]:
        """The accepted parameter names, one tuple per form."""
        return tuple(f.keys for f in self.forms)

    @property
    def parameters(self) -> list[str]:
        """Every parameter name of any form, sorted."""
        return sorted({k for f in self.forms for k in f.keys})

    def form(self, keys: Collection[str]) -> Form | None:
        """The form whose parameters are exactly `keys`, or None."""
        return next((f for f in self.forms if set(f.keys) == set(keys)), None)

    def canonicalize(self, form: Form, p: Params) -> tuple[Canon, float]:
        """Check `p` against the form's constraints; return (canonical parameters, point value).

        Raises ParamError for a broken constraint; arithmetic on extreme values may raise
        ArithmeticError or ValueError, which the parser reports as 'too extreme'.
        """
        form.validate(p)
        return form.canonical(p), form.point(p)

    @abstractmethod
    def support(self, c: Canon) -> tuple[float, float]:
        """The closed interval [low, high] that holds every value (bounds may be infinite)."""

    def negligible_below(self, c: Canon) -> float:
        """A value below which the distribution has no mass worth counting (< 1e-15): its lower bound."""
        return self.support(c)[0]

    @abstractmethod
    def frozen(self, c: Canon) -> Any:
        """The equivalent ``scipy.stats`` frozen distribution."""

    def ppf(self, c: Canon, u: np.ndarray) -> np.ndarray:
        """Inverse CDF at `u` through scipy (the readable reference; the engine uses the kernels)."""
        return self.frozen(c).ppf(u)

    def mean(self, c: Canon) -> float:
        """The distribution's mean."""
        return float(self.frozen(c).mean())

    def sd(self, c: Canon) -> float:
        """The distribution's standard deviation."""
        return float(self.frozen(c).std())
