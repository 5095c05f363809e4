"""Value of information: EVPI, EVPPI by regression, EVSI of a local study, and the nested reference.

:mod:`.core` is the public face (``analyse``, ``evpi``, ``evppi``, ``evsi``, ``document``); :mod:`.fit`
holds the regressions, :mod:`.evsi` the simulated studies, :mod:`.nested` the two-level Monte Carlo
reference. Plots of the results are in :mod:`somsim.present.plots`.
"""
