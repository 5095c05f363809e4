"""Which inputs drive the spread: Sobol', Morris, given-data methods and one-at-a-time (tornado).

:mod:`.core` is the public face (``sobol``, ``morris``, ``given_data``, ``oat``, ``analyse``); it
imports the method modules (:mod:`.sobol`, :mod:`.salib`, :mod:`.oat`), which build on
:mod:`.common` (outputs, evaluator, result), :mod:`.partitions` (correlated blocks and groups) and
:mod:`.saltelli` (designs and estimators). No module imports one above it.
"""
