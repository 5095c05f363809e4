"""Distribution families of scenario format 1: declarations, validation, and the values they describe.

* :mod:`~somsim.distributions.families`: one small class per family (parameter forms, constraints,
  canonical form, point value, support, scipy object, kernel code), registered in ``REGISTRY``;
* :mod:`~somsim.distributions.core`: :class:`Distribution` (a validated, frozen value) and
  :func:`parse_distribution` (raw TOML value → distribution, or problems), dispatching through the
  registry.

Importing this package imports numpy only; scipy is imported by the methods that need it.
"""

from somsim.distributions.core import Distribution, fixed, parse_distribution
from somsim.distributions.families import CODE, FAMILIES, REGISTRY, Family

__all__ = ["CODE", "FAMILIES", "REGISTRY", "Distribution", "Family", "fixed", "parse_distribution"]
