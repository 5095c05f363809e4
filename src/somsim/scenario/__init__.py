"""The scenario layer: read, validate and freeze scenario files (format 1).

Modules, in the order a load uses them:

- ``files``: text and TOML;
- ``schema``: the pydantic models, with the constraints of each value and their messages;
- ``structure``: pydantic's errors in somsim's words, and the partial document that lets the
  rules run on a file that failed the schema (every problem is reported in one pass);
- ``includes``: included activity libraries (cycles, depth, activities defined twice);
- ``rules`` and ``consequences``: the rules that relate several values, one function per section;
- ``correlations``: correlation blocks and the copula matrix (positive semi-definite);
- ``names``: how the model's inputs are named and grouped;
- ``types``: the frozen parts of a scenario (Input, Activity, Consequence, Cost);
- ``report`` and ``lines``: the problems found, with the line of each key (one index per file);
- ``loader``: :func:`~somsim.scenario.loader.load_scenario` and
  :class:`~somsim.scenario.loader.Scenario`, which tie these together.

This layer imports only the level-0 modules and :mod:`somsim.distributions`.
"""
