"""Which inputs drive the spread: Sobol', Morris, given-data and one-at-a-time sensitivity.

Every method returns a :class:`SensitivityResult` with one JSON-ready object per *output*
(see :func:`~somsim.sensitivity.common.resolve_outputs`): the NPV in total and by actor (``npv.total``, ``npv.kommune``,
…), per participant (``npv_per_participant.*``) and the net of each year (``net.total.3``,
``net.kommune.0``, …; ``net`` alone means every year of the total).

==============  =====================================================================
method          what it computes
==============  =====================================================================
``sobol``       first/total (second) order indices for inputs and groups, bootstrap CIs
``morris``      elementary-effect screening (mu*, sigma) for scenarios with many inputs
``delta``       Borgonovo's moment-independent delta (and S1) on the correlated sample
``pawn``        PAWN (KS distance of conditional CDFs) on the correlated sample
``rbd-fast``    first-order indices by RBD-FAST on the correlated sample
``hdmr``        HDMR covariance decomposition (structural + correlative) and total indices
``oat``         tornado rows (5 %/95 % quantiles or a user range) and switching values
==============  =====================================================================

Sobol' and Morris sample the unit hypercube (Saltelli / Morris designs), map the points with
the engine's inverse CDFs, and evaluate the numba model in chunks. Their estimators assume
independent inputs: each block of correlated inputs is therefore one group, and the copula is
applied within it, so the block's indices describe the block's true joint distribution. The
given-data methods use the ordinary probabilistic sample, correlations included. With
``stochastic_cohorts`` the designed methods use the expected number of successes.

This module is the public face of the methods (:mod:`~somsim.sensitivity.sobol`, :mod:`~somsim.sensitivity.salib`,
:mod:`~somsim.sensitivity.oat`, built on :mod:`~somsim.sensitivity.common`). The library never prints;
:mod:`somsim.cli.sensitivity` is the command line.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from os import PathLike

from somsim._args import count, seed_arg
from somsim._text import did_you_mean
from somsim.errors import UsageError
from somsim.scenario.loader import Scenario
from somsim.sensitivity.common import (
    GIVEN_DATA,
    MAX_AUTO_N,
    METHODS,
    Output,
    Progress,
    SensitivityResult,
    on_cluster,
    resolve_outputs,
)
from somsim.sensitivity.oat import run_oat
from somsim.sensitivity.salib import run_given_data, run_morris
from somsim.sensitivity.sobol import run_sobol

__all__ = ["GIVEN_DATA", "METHODS", "Output", "SensitivityResult", "analyse", "given_data", "morris", "oat",
           "resolve_outputs", "sobol"]


def _kernel_threads(n: int | None) -> AbstractContextManager[int]:
    """model.kernels.threads(n): the kernels' thread count for a block, restored after it (numba loads on use)."""
    from somsim.model.kernels import threads

    return threads(n)


# --------------------------------------------------------------------------------------------
# the methods (implemented in the method modules) and one entry point


def sobol(sc: Scenario, *, n: int | str = 4096, outputs=None, seed: int = 1, second_order: bool = False,
          groups: bool = True, resamples: int = 100, conf_level: float = 0.95, tolerance: float = 0.1,
          max_n: int = MAX_AUTO_N, threads: int | None = None, progress: Progress | None = None,
          workers: int | None = None, scheduler: str | None = None) -> SensitivityResult:
    """Sobol' first- and total-order indices (second order on request) with bootstrap intervals.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    n : int or "auto"
        Base sample N (a power of two); the design has N·(G+2) rows (N·(2G+2) with second
        order) for G inputs or blocks. "auto" starts at 1024 and doubles N (re-using every
        evaluation) until all intervals are narrow or N reaches `max_n`.
    outputs : str or list of str, optional
        See :func:`~somsim.sensitivity.common.resolve_outputs` (default: NPV total and by actor).
    seed : int
        Seeds the scrambled Sobol' designs and the bootstrap.
    second_order : bool
        Also S2 for pairs of inputs (blocks).
    groups : bool
        Also indices of the groups in ``sc.groups`` (default and ``[groups]``).
    resamples, conf_level : int, float
        Bootstrap resamples and the level of the intervals.
    tolerance : float
        An interval is *narrow* when its half-width is at most ``max(tolerance · |index|,
        tolerance / 10)``; wider ones are listed and warned about.
    max_n : int
        The largest N of ``n="auto"``.
    threads : int, optional
        Kernel threads (results do not depend on them).
    progress : callable, optional
        Callback ``progress(done, total)`` in model evaluations.
    workers, scheduler : int or str, optional
        Evaluate the design's chunks as tasks on a Dask cluster (local with N workers, or at
        ADDRESS); the indices are the same as in-process.

    Returns
    -------
    SensitivityResult
        Per output, ``indices`` and ``groups``: ``{name: {"S1", "S1_conf", "ST", "ST_conf"}}``
        (blocks and groups also give ``members``), ``S2`` with second order, ``mean``/``sd`` of the
        output, ``wide`` (names with wide intervals).
    """
    with _kernel_threads(threads), on_cluster(workers, scheduler):
        _check_scenario(sc)
        seed = seed_arg(seed)
        n = count("n", n, 1, 2**26, auto=True)
        return run_sobol(sc, n=n, outputs=outputs, seed=seed, second_order=second_order, groups=groups,
                         resamples=resamples, conf_level=conf_level, tolerance=tolerance, max_n=max_n,
                         progress=progress)


def morris(sc: Scenario, *, trajectories: int = 100, levels: int = 4, outputs=None, seed: int = 1,
           resamples: int = 100, conf_level: float = 0.95, probs: tuple[float, float] = (0.05, 0.95),
           threads: int | None = None, progress: Progress | None = None, workers: int | None = None,
           scheduler: str | None = None) -> SensitivityResult:
    """Morris elementary-effects screening (SALib's design and analysis).

    Each input moves on `levels` levels spread evenly over its central quantile range `probs`
    (default 5 %–95 %), so ``mu_star`` is the mean absolute change of the output when an input
    moves across that range (for a linear effect: |slope| × (q95 − q05)). Correlated blocks move
    together as one group. `resamples` and `conf_level` set the bootstrap interval of ``mu_star``;
    the other arguments are those of :func:`sobol`.

    Returns
    -------
    SensitivityResult
        Per output, ``indices``: ``{name: {"mu", "mu_star", "sigma", "mu_star_conf"}}`` by ``mu_star``.
    """
    with _kernel_threads(threads), on_cluster(workers, scheduler):
        _check_scenario(sc)
        seed = seed_arg(seed)
        trajectories = count("trajectories", trajectories, 1, 10**7)
        return run_morris(sc, trajectories=trajectories, levels=levels, outputs=outputs, seed=seed,
                          resamples=resamples, conf_level=conf_level, probs=probs, progress=progress)


def given_data(sc: Scenario, method: str, *, draws: int | None = None, outputs=None, seed: int = 1,
               resamples: int | None = None, conf_level: float = 0.95, threads: int | None = None,
               progress: Progress | None = None, workers: int | None = None,
               scheduler: str | None = None) -> SensitivityResult:
    """Moment-independent / given-data indices on the ordinary (correlated) probabilistic sample.

    `method` is ``delta`` (Borgonovo's delta and S1), ``pawn``, ``rbd-fast`` or ``hdmr``; the sample
    is ``simulate(sc, draws, seed)`` (default draws and `resamples` depend on the method). With
    correlated inputs these indices credit an input with what its correlated partners do too (they
    are not Sobol' indices of independent inputs). The other arguments are those of :func:`sobol`.

    Returns
    -------
    SensitivityResult
        Per output, ``indices`` by the method's headline index and, except for hdmr, ``dummy``: the
        index of an input of pure noise (the estimator's floor).
    """
    with _kernel_threads(threads):
        _check_scenario(sc)
        seed = seed_arg(seed)
        draws = count("draws", draws, 1, none=True)
        return run_given_data(sc, method, draws=draws, outputs=outputs, seed=seed, resamples=resamples,
                              conf_level=conf_level, progress=progress, workers=workers, scheduler=scheduler)


def oat(sc: Scenario, *, outputs=None, probs: tuple[float, float] = (0.05, 0.95),
        ranges: dict[str, tuple[float, float]] | None = None, switching: bool = True,
        threads: int | None = None) -> SensitivityResult:
    """One-at-a-time (tornado) rows and switching values, in SØM style.

    Each input goes to its `probs` quantiles (or ``ranges[name] = (low, high)``, which may also
    name a fixed quantity such as ``success_rate``) with every other input at its point value.
    Switching values: the value of each input (and of ``success_rate``, even when fixed) at
    which the base-case NPV of each NPV output crosses zero, searched over the input's support.

    Returns
    -------
    SensitivityResult
        Per output, ``base``, ``tornado`` rows by swing and, for NPV outputs, ``switching_values``.
    """
    with _kernel_threads(threads):
        _check_scenario(sc)
        return run_oat(sc, outputs=outputs, probs=probs, ranges=ranges, switching=switching)


def analyse(sc: Scenario, method: str, **kw) -> SensitivityResult:
    """Run `method` (one of :data:`METHODS`) with the keywords of its function (:func:`sobol`, …).

    Raises
    ------
    UsageError
        `sc` is not a Scenario, the method is unknown, or an argument is out of range.
    """
    _check_scenario(sc)
    if "seed" in kw:
        kw["seed"] = seed_arg(kw["seed"])
    if kw.get("threads") is not None:
        kw["threads"] = count("threads", kw["threads"], 1, 1024)
    if method == "sobol":
        return sobol(sc, **kw)
    if method == "morris":
        return morris(sc, **kw)
    if method in GIVEN_DATA:
        return given_data(sc, method, **kw)
    if method == "oat":
        return oat(sc, **kw)
    raise UsageError(f"unknown method {method!r} (expected one of {', '.join(METHODS)}){did_you_mean(method, METHODS)}")


def _check_scenario(sc: object) -> None:
    if not isinstance(sc, Scenario):
        hint = "; load it first with somsim.load(path)" if isinstance(sc, (str, PathLike)) else ""
        raise UsageError(f"sensitivity needs a Scenario (got {type(sc).__name__}){hint}")


def memory_bytes(sc: Scenario, method: str, n: int | str | None, n_outputs: int, *,
                 second_order: bool = False) -> dict[str, float]:
    """Estimated peak memory of a sensitivity analysis, by part (bytes), before anything is allocated.

    * sobol: the design (base sample × (inputs + 2), doubled for second order; inputs columns) and the
      output values stored (rows × outputs), each with a copy while the indices are computed;
    * morris: trajectories × (inputs + 1) rows, as sobol;
    * given-data methods (delta, pawn, rbd-fast, hdmr): the run with every draw kept
      (:func:`somsim.simulation.memory.run_bytes`) plus the method's own matrices: hdmr's B-spline
      basis (5 columns an input, four copies in its bootstrap), delta's density grid (100 points a
      draw).
    """
    from somsim.sensitivity.salib import DEFAULT_DRAWS
    from somsim.simulation.memory import MARGIN, run_bytes

    k = len(sc.inputs)
    if method in GIVEN_DATA:
        draws = DEFAULT_DRAWS[method] if n is None else int(n)
        parts = run_bytes(k, sc.horizon, draws, keep_draws=True, exact=True)
        own = {"hdmr": 4.0 * draws * k * 5 * 8, "delta": 2.0 * draws * 100 * 8}.get(method, 2.0 * draws * (k + 1) * 8)
        parts[f"{method} matrices"] = own
        return parts
    if method == "sobol":
        base = MAX_AUTO_N if n == "auto" else 4096 if n is None else int(n)
        rows = base * ((2 * k + 2) if second_order else (k + 2))
    elif method == "morris":
        rows = (100 if n is None else int(n)) * (k + 1)
    else:  # oat: two rows an input
        rows = 2 * k + 1
    return {"design and outputs": 2.0 * rows * (k + max(1, n_outputs)) * 8, "working arrays": float(MARGIN)}


def check_memory(sc: Scenario, method: str, n: int | str | None, n_outputs: int, *, second_order: bool = False) -> None:
    """Refuse (UsageError, exit 2) a sensitivity analysis whose estimated peak memory exceeds what is available."""
    from somsim._resources import require_memory

    size = "" if n is None else f" and --n {n if isinstance(n, str) else format(int(n), ',')}"
    require_memory(memory_bytes(sc, method, n, n_outputs, second_order=second_order),
                   f"sensitivity --method {method}{size}", ["use a smaller --n", "or fewer --output"])
