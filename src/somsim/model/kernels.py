"""numba kernels: the only module that imports numba.

* :func:`transform` maps a unit-hypercube sample to input values (Gaussian copula, inverse CDFs:
  closed forms for truncnormal (AS 241), uniform and triangular; cubic-Hermite tables in logit(u)
  with exact derivatives for the standard normal (normal, lognormal, copula), gamma, beta and
  PERT, accurate to 1e-9 sd for every u);
* :func:`model` evaluates scenario-format.md §1 per draw (it mirrors reference.evaluate, which is
  the readable reference and is tested equal to this); it reads a :class:`KernelSpec` (built once
  per spec by :func:`kernel_spec`) and writes a :class:`KernelOutputs`;
* :func:`block_moments` gives per-block sums for reductions that do not depend on chunking.

Every draw is computed by one thread, so results do not depend on the number of threads: the
kernels are serial, release the GIL, and run on contiguous row ranges in a small thread pool
(:func:`threads` sets its size for a block of code). Kernels are compiled with ``cache=True``: a
second process loads them from disk.
"""

from __future__ import annotations

import math
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

from somsim._numba_cache import ensure_cache_dir
from somsim._signals import deferred_signals

ensure_cache_dir(os.path.dirname(os.path.abspath(__file__)))  # before numba reads its configuration

import numba as nb  # noqa: E402 - numba reads NUMBA_CACHE_DIR when it is imported
import numpy as np  # noqa: E402

from somsim._vocab import PARAM_BASELINE, PARAM_COMPLETION, PARAM_DISCOUNT, PARAM_HAIRCUT, PARAM_SUCCESS  # noqa: E402
from somsim.distributions.families import CODE  # noqa: E402

if TYPE_CHECKING:
    from somsim.model.reference import ModelSpec


class _NoScipyLinalg:
    """An import hook that makes ``scipy.linalg`` unimportable while it is installed.

    numba's CPU target, when it first loads (the first call of any kernel, even one read from the
    on-disk cache), imports ``numba.np.arraymath``, which probes for BLAS by importing
    ``scipy.linalg`` (0.15–0.5 s here, pulling in numpy.f2py). The kernels use no BLAS, so that
    probe is done here once with scipy.linalg hidden: numba then records that it has no BLAS (only
    numba-compiled ``np.dot``-like calls would need it; somsim has none), and scipy.linalg stays
    importable as usual afterwards.
    """

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "scipy.linalg" or name.startswith("scipy.linalg."):
            raise ImportError(f"{name} is not imported while numba's CPU target loads (somsim.model.kernels)")


def _load_numba_target() -> None:
    """Import numba's array-math registry now, without its BLAS probe (see :class:`_NoScipyLinalg`)."""
    import sys

    if "numba.np.arraymath" in sys.modules or "scipy.linalg" in sys.modules:
        return
    hook = _NoScipyLinalg()
    sys.meta_path.insert(0, hook)
    try:
        import numba.np.arraymath  # noqa: F401
    finally:
        sys.meta_path.remove(hook)


_load_numba_target()

#: the families the transform kernel implements, in the order it unpacks their codes. The integer
#: codes come from the registry (distributions.families.CODE) and are passed in at each call
#: (:data:`FAMILY_CODES`) instead of being read as globals: numba freezes globals into the compiled
#: code, and its on-disk cache is keyed on this file only, so a change of codes in the registry would
#: otherwise run a stale cached kernel. tests/test_engine.py checks that every registered family is here.
KERNEL_FAMILIES = ("fixed", "normal", "truncnormal", "lognormal", "gamma", "beta", "uniform", "triangular", "pert")
FAMILY_CODES: tuple[int, ...] = tuple(CODE[name] for name in KERNEL_FAMILIES)
#: families whose inverse CDF is tabulated (cubic Hermite in logit(u), exact derivatives at the nodes);
#: normal and lognormal use the shared standard-normal table (row 0), which is faster than AS 241's
#: unpredictable tail branch
TABLE_FAMILIES = ("gamma", "beta", "pert")
TABLE_NODES = 4097
TABLE_U_MIN = 2.0 ** -53  # logit range of the tables covers every u the samplers pass (clamped to [2^-53, 1 - 2^-53])
U_EPS = 2.0 ** -53

_jit: dict[str, Any] = dict(cache=True, nogil=True, error_model="numpy")  # numpy semantics: no ZeroDivisionError paths


@nb.njit(**_jit)
def ndtri(p):
    """Inverse of the standard normal CDF: Wichura's algorithm AS 241 (PPND16), relative error ~1e-16.

    Wichura, M. J. (1988). The percentage points of the normal distribution. Applied Statistics 37(3), 477–484.
    """
    if p <= 0.0:
        return -np.inf
    if p >= 1.0:
        return np.inf
    q = p - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        num = (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r
                   + 4.5921953931549871457e4) * r + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r
                + 1.3314166789178437745e2) * r + 3.3871328727963666080e0)
        den = (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r + 3.9307895800092710610e4) * r
                   + 2.1213794301586595867e4) * r + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r
                + 4.2313330701600911252e1) * r + 1.0)
        return q * num / den
    r = p if q < 0.0 else 1.0 - p
    r = math.sqrt(-math.log(r))
    if r <= 5.0:
        r -= 1.6
        num = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r
                   + 1.27045825245236838258e0) * r + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
                + 4.63033784615654529590e0) * r + 1.42343711074968357734e0)
        den = (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r
                   + 1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
                + 2.05319162663775882187e0) * r + 1.0)
    else:
        r -= 5.0
        num = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r
                   + 2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
                + 5.46378491116411436990e0) * r + 6.65790464350110377720e0)
        den = (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r
                   + 7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                + 5.99832206555887937690e-1) * r + 1.0)
    x = num / den
    return -x if q < 0.0 else x


@nb.njit(**_jit)
def ndtr(x):
    """Standard normal CDF."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


@nb.njit(**_jit)
def _table_ppf(u, tq, tdq, row, x0, inv_h, h, lo, hi):
    """Cubic Hermite interpolation of row `row` of the quantile tables at logit(u).

    The 2-D tables are indexed directly: a slice per call would cost an atomic reference count.
    """
    x = math.log(u / (1.0 - u))  # logit(u); 1 − u is exact for u ≥ 0.5, and its rounding below is harmless
    s = (x - x0) * inv_h
    n = tq.shape[1]
    if s <= 0.0:
        return tq[row, 0]
    if s >= n - 1:
        return tq[row, n - 1]
    j = int(s)
    t = s - j
    t2 = t * t
    t3 = t2 * t
    v = ((2 * t3 - 3 * t2 + 1) * tq[row, j] + (t3 - 2 * t2 + t) * h * tdq[row, j]
         + (-2 * t3 + 3 * t2) * tq[row, j + 1] + (t3 - t2) * h * tdq[row, j + 1])
    return min(max(v, lo), hi)


@nb.njit(**_jit)
def truncnormal_ppf(u, mu, sigma, lo, hi):
    """Exact inverse CDF of the normal truncated to [lo, hi], computed in the tail that keeps precision."""
    a = (lo - mu) / sigma
    b = (hi - mu) / sigma
    if a >= 0.0:  # both bounds in the upper tail: work with survival probabilities
        sa = 0.5 * math.erfc(a / math.sqrt(2.0))
        sb = 0.5 * math.erfc(b / math.sqrt(2.0))
        q = sa - u * (sa - sb) if u <= 0.5 else sb + (1.0 - u) * (sa - sb)
        z = -ndtri(q)
    else:
        pa = ndtr(a)
        pb = ndtr(b)
        p = pa + u * (pb - pa) if u <= 0.5 else pb - (1.0 - u) * (pb - pa)
        if p <= 0.5 or b <= 0.0:
            z = ndtri(p)
        else:
            sa = 0.5 * math.erfc(a / math.sqrt(2.0))
            sb = 0.5 * math.erfc(b / math.sqrt(2.0))
            z = -ndtri(sb + (1.0 - u) * (sa - sb))
    return min(max(mu + sigma * z, lo), hi)


# One kernel above complexity 15 on purpose: the copula, the family dispatch and the Hermite lookup
# run once per draw or value, and numba links cached functions without inlining them, so splitting
# them into functions adds calls that cost more than the code they would tidy (measured: 2–4 % of
# the transform with a copula).
@nb.njit(**_jit)
def _transform_range(U, fam, par, tab, tq, tdq, x0, h, cop_cols, cop_F, X, codes, d0, d1):  # noqa: C901
    """Rows d0 … d1-1 of :func:`transform`; `codes` is :data:`FAMILY_CODES`.

    The hot path (the Hermite tables) is written out here rather than called: numba's cached
    functions are linked without inlining, and a call per value costs more than the lookup.
    """
    fixed, normal, truncnormal, lognormal, _gamma, beta, uniform, triangular, pert = codes
    n_in = U.shape[1]
    inv_h = 1.0 / h
    n = tq.shape[1]
    m = cop_cols.shape[0]
    z = np.empty(m)
    uu = np.empty(n_in)
    for d in range(d0, d1):
        for i in range(n_in):
            uu[i] = min(max(U[d, i], U_EPS), 1.0 - U_EPS)
        if m > 0:  # the Gaussian copula: uu[cop_cols] ← Φ(cop_F · Φ⁻¹(uu[cop_cols]))
            for j in range(m):
                z[j] = _table_ppf(uu[cop_cols[j]], tq, tdq, 0, x0, inv_h, h, -np.inf, np.inf)
            for j in range(m):
                acc = 0.0
                for c in range(m):
                    acc += cop_F[j, c] * z[c]
                uu[cop_cols[j]] = min(max(ndtr(acc), U_EPS), 1.0 - U_EPS)
        for i in range(n_in):
            f = fam[i]
            u = uu[i]
            if f == fixed:
                v = par[i, 0]
            elif f == uniform:
                v = par[i, 0] + u * (par[i, 1] - par[i, 0])
            elif f == triangular:
                lo, mode, hi = par[i, 0], par[i, 1], par[i, 2]
                if u < (mode - lo) / (hi - lo):
                    v = lo + math.sqrt(u * (hi - lo) * (mode - lo))
                else:
                    v = hi - math.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
            elif f == truncnormal:
                v = truncnormal_ppf(u, par[i, 0], par[i, 1], par[i, 2], par[i, 3])
            else:
                # Hermite table in logit(u): row 0 the standard normal, else the input's own table
                row = 0 if f == normal or f == lognormal else tab[i]
                x = math.log(u / (1.0 - u))
                s = (x - x0) * inv_h
                if s <= 0.0:
                    q = tq[row, 0]
                elif s >= n - 1:
                    q = tq[row, n - 1]
                else:
                    k = int(s)
                    t = s - k
                    t2 = t * t
                    t3 = t2 * t
                    q = ((2 * t3 - 3 * t2 + 1) * tq[row, k] + (t3 - 2 * t2 + t) * h * tdq[row, k]
                         + (-2 * t3 + 3 * t2) * tq[row, k + 1] + (t3 - t2) * h * tdq[row, k + 1])
                if f == normal:
                    v = par[i, 0] + par[i, 1] * q
                elif f == lognormal:
                    v = math.exp(par[i, 0] + par[i, 1] * q)
                elif f == pert:
                    v = min(max(q, par[i, 2]), par[i, 3])
                elif f == beta:
                    v = min(max(q, 0.0), 1.0)
                else:  # gamma
                    v = max(q, 0.0)
            X[d, i] = v


def transform(U, fam, par, tab, tq, tdq, x0, h, cop_cols, cop_F, X):
    """X[d, i] = ppf_i(u'[d, i]) where u' is U with the copula applied to the columns cop_cols.

    Parameters
    ----------
    U : (D, inputs) float64
        Points of the unit hypercube.
    fam, par : (inputs,) int64, (inputs, 4) float64
        Family codes and canonical parameters (``simulation.sampling.canonical_params``).
    tab, tq, tdq, x0, h
        The inverse-CDF tables (``simulation.sampling.build_tables``).
    cop_cols, cop_F : (m,) int64, (m, m) float64
        The correlated columns and the copula's factor (m = 0: no copula).
    X : (D, inputs) float64
        Written in place.
    """
    _in_threads(_transform_range, U.shape[0], (U, fam, par, tab, tq, tdq, x0, h, cop_cols, cop_F, X, FAMILY_CODES))


# --------------------------------------------------------------------------------------------
# the model: scenario-format.md §1 per draw


class KernelSpec(NamedTuple):
    """A :class:`~somsim.model.reference.ModelSpec` as the typed tuple the model kernel reads.

    Built once per spec by :func:`kernel_spec`. numba compiles the kernel for the tuple's type, so
    each field always has the same dtype and number of dimensions. P model parameters, C cohorts,
    M cost items, K activities, T years of the longest profile, H years counted.
    """

    col: np.ndarray  #: (P,) column of each model parameter in the inputs matrix X; -1 when fixed
    point: np.ndarray  #: (P,) base-case values (a fixed parameter keeps its value)
    success_param: int  #: parameter index of the success rate s (the gross rate with a baseline, §6.1)
    baseline_param: int  #: parameter index of the baseline rate b (fixed 0 without one)
    haircut_param: int  #: parameter index of the haircut h (fixed 0 without one, §6.2)
    completion_param: int  #: parameter index of the completion rate κ (fixed 1 without one, §6.3)
    discount_param: int  #: parameter index of the discount rate r
    horizon: int  #: H
    lag_k: np.ndarray  #: (K,) L_k, years from completion to the first consequence year (§6.4, may be < 0)
    participants: np.ndarray  #: (C,) n_c, completing in year c
    cost_actor: np.ndarray  #: (M,) actor index
    cost_per_participant: np.ndarray  #: (M,) bool: n_c · v in year c, else v in each of its years
    cost_param: np.ndarray  #: (M,) parameter index
    cost_years: np.ndarray  #: (M, H) 1.0 in the years an amount item is charged
    cost_completer: np.ndarray  #: (M,) bool: a per-participant item charged per completer m_c (§6.3)
    cost_committee: np.ndarray  #: (M,) the kommune committee of a kommune cost, -1 otherwise (§6.5)
    activity_committee: np.ndarray  #: (K,) the kommune committee of each activity's gains
    n_sub: int  #: U, the number of committees (0 without [udvalg])
    sign: np.ndarray  #: (K,) -1 expenditure, +1 revenue
    profile: np.ndarray  #: (K, T) q_k[τ]
    se: np.ndarray  #: (K, T)
    profile_len: np.ndarray  #: (K,)
    shock_param: np.ndarray  #: (K,) parameter index of the shock z_k
    scale_param: np.ndarray  #: (K,) parameter index of the scale
    price_param: np.ndarray  #: (K, 3) parameter index of the price by actor
    price_factor: np.ndarray  #: (K, 3) conversion to the scenario's price year
    cohort_profile: np.ndarray  #: (K, H) Σ_c n_c · q_k[t − c − L + 1]
    cohort_se: np.ndarray  #: (K, H) Σ_c n_c · se_k[t − c − L + 1]


def kernel_spec(spec: ModelSpec) -> KernelSpec:
    """The arrays of `spec` the model kernel reads, with each parameter's column in the inputs matrix.

    The roles of parameters (success and discount rate) are passed as values rather than read as
    globals from ``somsim._vocab`` inside the kernel: numba's on-disk cache is keyed on this file
    only, so a global from another module would be frozen into a stale compiled kernel.
    """
    col = np.full(spec.n_params, -1, dtype=np.int64)
    col[spec.input_columns] = np.arange(len(spec.input_columns))
    U = len(spec.committees)
    return KernelSpec(
        col=col, point=spec.point, success_param=PARAM_SUCCESS, baseline_param=PARAM_BASELINE,
        haircut_param=PARAM_HAIRCUT, completion_param=PARAM_COMPLETION, discount_param=PARAM_DISCOUNT,
        horizon=int(spec.horizon), lag_k=np.ascontiguousarray(spec.lag_k, dtype=np.int64),
        participants=spec.participants,
        cost_actor=spec.cost_actor, cost_per_participant=spec.cost_per_participant, cost_param=spec.cost_param,
        cost_years=spec.cost_years, cost_completer=np.ascontiguousarray(spec.cost_completer, dtype=np.bool_),
        cost_committee=np.ascontiguousarray(spec.cost_committee if U else np.full(len(spec.cost_actor), -1),
                                            dtype=np.int64),
        activity_committee=np.ascontiguousarray(spec.activity_committee if U else np.zeros(len(spec.sign)),
                                                dtype=np.int64),
        n_sub=U, sign=spec.sign, profile=spec.profile, se=spec.se, profile_len=spec.profile_len,
        shock_param=spec.shock_param, scale_param=spec.scale_param, price_param=spec.price_param,
        price_factor=spec.price_factor, cohort_profile=spec.cohort_profile, cohort_se=spec.cohort_se)


class KernelOutputs(NamedTuple):
    """What the model kernel writes for D draws: output axes of J = 4 + U.

    The J outputs are kommune, region, stat, total, then the kommune's U committees (§6.5).

    ``net``, ``cumulative`` and ``activity_pv`` are written only when their ``keep_*`` flag is set
    (otherwise they are small placeholders, see :func:`kernel_outputs`).
    """

    npv: np.ndarray  #: (D, J)
    gains_pv: np.ndarray  #: (D, J)
    costs_pv: np.ndarray  #: (D, J)
    break_even: np.ndarray  #: (D, J) int64: break-even year, -1 for none
    payback: np.ndarray  #: (D, J) int64: §6.6 the same on the undiscounted cumulative net
    net: np.ndarray  #: (D, H, 3 + U): the actors, then the committees
    cumulative: np.ndarray  #: (D, H, J)
    activity_pv: np.ndarray  #: (D, K, 3)
    keep_net: bool
    keep_cum: bool
    keep_act: bool


def kernel_outputs(draws: int, horizon: int, activities: int, *, keep_net: bool = False, keep_cum: bool = False,
                   keep_act: bool = False, committees: int = 0) -> KernelOutputs:
    """Uninitialised output arrays for :func:`model` (placeholders of one draw for those not kept)."""
    D, H, K, U = draws, horizon, activities, committees
    J = 4 + U
    return KernelOutputs(
        npv=np.empty((D, J)), gains_pv=np.empty((D, J)), costs_pv=np.empty((D, J)),
        break_even=np.empty((D, J), dtype=np.int64), payback=np.empty((D, J), dtype=np.int64),
        net=np.empty((D, H, 3 + U)) if keep_net else np.empty((1, 1, 3 + U)),
        cumulative=np.empty((D, H, J)) if keep_cum else np.empty((1, 1, J)),
        activity_pv=np.empty((D, K, 3)) if keep_act else np.empty((1, max(K, 1), 3)),
        keep_net=bool(keep_net), keep_cum=bool(keep_cum), keep_act=bool(keep_act))


# One kernel (complexity ~35) on purpose: the loop nest stays whole for LLVM. Split into cached njit
# functions (gains, costs, present values), which numba links without inlining, a call per draw and
# step cost 30–55 % of the throughput; split with inline="always", the cost depended on the shape of
# the split (none for one shape, 2–4× slower with a call per activity). Measured with
# benchmarks/bench_kernel.py and an A/B of the variants on the bundled cases (same results bit for bit).
@nb.njit(**_jit)
def _model_range(X, S_in, use_S, M_in, use_M, m, out, d0, d1):  # noqa: C901
    """Rows d0 … d1-1 of :func:`model`: scenario-format.md §1 and §6 for each draw d (row of X).

    With deterministic cohorts (use_S false) the cohort sums are precomputed: ΔQ_{k,t} =
    s · scale_k · (cprof[k, t] + z_k · cse[k, t]) with s = (s − b)(1 − h) the effective net rate;
    with stochastic cohorts S_in[d, c] replaces s · n_c and the sum over cohorts runs here (and
    M_in[d, c] the completers κ · n_c when use_M). `m` is a :class:`KernelSpec`, `out` a
    :class:`KernelOutputs`. Columns 3 … 3 + U − 1 of the flows are the kommune's committees.
    """
    col, point, H, L_k, n_c = m.col, m.point, m.horizon, m.lag_k, m.participants
    cost_actor, cost_pp, cost_param, cost_years = m.cost_actor, m.cost_per_participant, m.cost_param, m.cost_years
    cost_cmp, cost_sub, act_sub, U = m.cost_completer, m.cost_committee, m.activity_committee, m.n_sub
    sign, profile, se, plen = m.sign, m.profile, m.se, m.profile_len
    shock_p, scale_p, price_p, price_f = m.shock_param, m.scale_param, m.price_param, m.price_factor
    cprof, cse = m.cohort_profile, m.cohort_se
    npv, gpv, cpv, be, pb = out.npv, out.gains_pv, out.costs_pv, out.break_even, out.payback
    keep_net, net_out, keep_cum, cum_out = out.keep_net, out.net, out.keep_cum, out.cumulative
    keep_act, act_out = out.keep_act, out.activity_pv
    C = n_c.shape[0]
    K = sign.shape[0]
    M = cost_actor.shape[0]
    A = 3 + U  # flow columns: the actors, then the committees
    J = 4 + U  # output columns: the actors, the total, then the committees
    g = np.empty((H, A))
    cst = np.empty((H, A))
    und = np.empty(J)  # undiscounted cumulative net (§6.6 payback)
    disc = np.empty(H)
    S = np.empty(C)
    pk = np.empty(3)
    P = col.shape[0]
    v = point.copy()  # the model quantities of this draw (fixed ones stay at their value)
    for d in range(d0, d1):
        for p in range(P):
            if col[p] >= 0:
                v[p] = X[d, col[p]]
        # §6.1–6.2 the effective net rate: (s − 0)·(1 − 0) is s exactly without baseline and haircut
        s = (v[m.success_param] - v[m.baseline_param]) * (1.0 - v[m.haircut_param])
        kappa = v[m.completion_param]
        r = v[m.discount_param]
        f = 1.0 / (1.0 + r)
        for t in range(H):
            disc[t] = 1.0 if t == 0 else disc[t - 1] * f
            for a in range(A):
                g[t, a] = 0.0
                cst[t, a] = 0.0
        for c in range(C):
            S[c] = S_in[d, c] if use_S else s * n_c[c]
        # §1.2–1.3 gains (§6.5 the kommune's also by committee)
        for k in range(K):
            z = v[shock_p[k]]
            sc = v[scale_p[k]]
            sub = 3 + act_sub[k]
            for a in range(3):
                pk[a] = sign[k] * v[price_p[k, a]] * price_f[k, a]
            if keep_act:
                for a in range(3):
                    act_out[d, k, a] = 0.0
            if not use_S:
                coef = s * sc
                for t in range(H):
                    dq = coef * (cprof[k, t] + z * cse[k, t])
                    if dq == 0.0:
                        continue
                    for a in range(3):
                        g[t, a] += dq * pk[a]
                        if keep_act:
                            act_out[d, k, a] += dq * pk[a] * disc[t]
                    if U > 0:
                        g[t, sub] += dq * pk[0]
                continue
            for c in range(C):
                if S[c] == 0.0:
                    continue
                for tau in range(1, plen[k] + 1):
                    t = c + L_k[k] + tau - 1
                    if t >= H:
                        break
                    if t < 0:  # §6.4 before year 0: dropped
                        continue
                    dq = S[c] * (sc * (profile[k, tau - 1] + z * se[k, tau - 1]))
                    for a in range(3):
                        g[t, a] += dq * pk[a]
                        if keep_act:
                            act_out[d, k, a] += dq * pk[a] * disc[t]
                    if U > 0:
                        g[t, sub] += dq * pk[0]
        # §1.4 costs (§6.3 per completer: m_c · v)
        for j in range(M):
            vm = v[cost_param[j]]
            a = cost_actor[j]
            b = 3 + cost_sub[j]  # the committee's column (a kommune cost with [udvalg])
            if cost_pp[j]:
                for c in range(C):
                    if cost_cmp[j]:
                        x = (M_in[d, c] if use_M else kappa * n_c[c]) * vm
                    else:
                        x = n_c[c] * vm
                    cst[c, a] += x
                    if b >= 3:
                        cst[c, b] += x
            else:
                for t in range(H):
                    cst[t, a] += vm * cost_years[j, t]
                    if b >= 3:
                        cst[t, b] += vm * cost_years[j, t]
        # §1.5–1.6 present values, cumulative, break-even; §6.6 payback on the undiscounted net
        for a in range(J):
            npv[d, a] = 0.0
            gpv[d, a] = 0.0
            cpv[d, a] = 0.0
            be[d, a] = 0
            pb[d, a] = 0
            und[a] = 0.0
        for t in range(H):
            tot = 0.0
            tot_u = 0.0
            for a in range(A):
                nt = g[t, a] - cst[t, a]
                if keep_net:
                    net_out[d, t, a] = nt
                o = a if a < 3 else a + 1  # output column: committees come after the total
                gpv[d, o] += g[t, a] * disc[t]
                cpv[d, o] += cst[t, a] * disc[t]
                pv = nt * disc[t]
                npv[d, o] += pv
                und[o] += nt
                if a < 3:
                    tot += pv
                    tot_u += nt
            npv[d, 3] += tot
            und[3] += tot_u
            for a in range(J):
                if keep_cum:
                    cum_out[d, t, a] = npv[d, a]
                if npv[d, a] < 0.0:
                    be[d, a] = t + 1  # not yet broken even: the earliest possible year is the next
                if und[a] < 0.0:
                    pb[d, a] = t + 1
        gpv[d, 3] = gpv[d, 0] + gpv[d, 1] + gpv[d, 2]
        cpv[d, 3] = cpv[d, 0] + cpv[d, 1] + cpv[d, 2]
        for a in range(J):
            if be[d, a] >= H:
                be[d, a] = -1
            if pb[d, a] >= H:
                pb[d, a] = -1


def model(X: np.ndarray, S: np.ndarray | None, spec: KernelSpec, out: KernelOutputs,
          completers: np.ndarray | None = None) -> None:
    """scenario-format.md §1 and §6 for every row of X (draw × uncertain input), on the kernel threads.

    Parameters
    ----------
    X : (D, inputs) float64, C-contiguous
        The uncertain inputs of each draw, in the order of ``ModelSpec.input_columns``.
    S : (D, C) float64 or None
        Successes per draw and cohort (stochastic cohorts); None: S_c = s · n_c.
    spec : KernelSpec
        From :func:`kernel_spec`.
    out : KernelOutputs
        From :func:`kernel_outputs` with D draws; written in place.
    completers : (D, C) float64 or None
        Completers per draw and cohort (stochastic cohorts, §6.3); None: m_c = κ · n_c.
    """
    use_S = S is not None
    S_in = S if S is not None else np.empty((1, spec.participants.shape[0]))
    use_M = completers is not None
    M_in = completers if completers is not None else np.empty((1, spec.participants.shape[0]))
    _in_threads(_model_range, X.shape[0], (X, S_in, use_S, M_in, use_M, spec, out))


@nb.njit(**_jit)
def block_moments(x, block, sums, m2s, counts, pos):
    """Per block of `block` rows: Neumaier sum, sum of squares about the block mean, count of x > 0.

    Columns of x are outputs; results go to sums/m2s/counts[blk, col]. Depends only on each
    block's values, so the combination over blocks (in block order) does not depend on chunking.
    """
    D, J = x.shape
    nb_ = (D + block - 1) // block
    for b in range(nb_):
        lo, hi = b * block, min(D, (b + 1) * block)
        for j in range(J):
            s = 0.0
            comp = 0.0
            cnt = 0
            for d in range(lo, hi):
                v = x[d, j]
                t = s + v
                if abs(s) >= abs(v):
                    comp += (s - t) + v
                else:
                    comp += (v - t) + s
                s = t
                if v > 0.0:
                    cnt += 1
            s += comp
            mean = s / (hi - lo)
            q = 0.0
            comp = 0.0
            for d in range(lo, hi):
                e = (x[d, j] - mean) ** 2
                t = q + e
                comp += (q - t) + e
                q = t
            sums[b, j] = s
            m2s[b, j] = q + comp
            counts[b, j] = cnt
            pos[b, j] = hi - lo


# --------------------------------------------------------------------------------------------
# threads: the kernels are serial and release the GIL; rows are split into one contiguous range a
# thread. Every row is computed by exactly one thread, so results do not depend on the count.
# (Serial kernels compile several times faster than numba's parallel=True and need no OpenMP
# layer, which is not fork-safe.)

_THREADS = max(1, int(os.environ.get("SOMSIM_THREADS") or os.environ.get("NUMBA_NUM_THREADS")
                      or os.cpu_count() or 1))
_POOL: tuple[int, int, ThreadPoolExecutor] | None = None  # (pid, size, pool)
MIN_ROWS_PER_THREAD = 2048


def set_threads(n: int) -> None:
    """Set the kernels' thread count for this process (default: SOMSIM_THREADS, NUMBA_NUM_THREADS or the cores).

    Prefer :func:`threads`, which restores the previous count.
    """
    global _THREADS
    _THREADS = max(1, int(n))


def get_threads() -> int:
    """The kernels' thread count."""
    return _THREADS


@contextmanager
def threads(n: int | None) -> Iterator[int]:
    """Run the kernels on `n` threads inside the block; the previous count is restored on leaving.

    The count is process-wide (like :func:`set_threads`): blocks in several threads at once would
    see each other's counts (results never depend on the count, only the speed does).

    Parameters
    ----------
    n : int or None
        Threads for the block (at least 1); None leaves the count as it is.

    Yields
    ------
    int
        The thread count in effect inside the block.

    Examples
    --------
    >>> with threads(1):
    ...     pass  # the kernels run on one thread here, and on as many as before after the block
    """
    before = _THREADS
    if n is not None:
        set_threads(n)
    try:
        yield _THREADS
    finally:  # also when the block raises
        set_threads(before)


def _pool(size: int) -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None or _POOL[0] != os.getpid() or _POOL[1] != size:  # new after a fork or a new size
        _POOL = (os.getpid(), size, ThreadPoolExecutor(max_workers=size, thread_name_prefix="somsim"))
    return _POOL[2]


_LOCAL = threading.local()


@contextmanager
def serial() -> Iterator[None]:
    """Inside the block, kernels called from this thread run on this thread alone.

    For callers that already spread independent work (chunks of blocks) over the kernel threads
    (:func:`map_ordered`): a kernel splitting its rows again would only add hand-offs.
    """
    before = getattr(_LOCAL, "serial", False)
    _LOCAL.serial = True
    try:
        yield
    finally:
        _LOCAL.serial = before


def map_ordered(fn: Callable[..., Any], items: list, *, window: int | None = None) -> Iterator[Any]:
    """``fn(*item)`` for each item, on the kernel threads, yielded in the order of `items`.

    Each call runs under :func:`serial`. At most `window` (default: twice the threads) calls are
    pending or done but not yet taken, so the results of a long list are not all held at once. With
    one thread (or one item, or inside a :func:`serial` block) the calls run here, one after another.
    Results never depend on the thread count: each item is computed by one call.
    """
    n = min(_THREADS, len(items))
    if n <= 1 or getattr(_LOCAL, "serial", False):
        for item in items:
            yield fn(*item)
        return

    def call(item: tuple) -> Any:
        with serial():
            return fn(*item)

    pool = _chunk_pool(n)
    ahead = max(n, window or 2 * n)
    pending: deque = deque()
    it = iter(items)
    try:
        for item in it:
            pending.append(pool.submit(call, item))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # an error or an abandoned generator: wait for what was started, drop its results
        for f in pending:
            f.cancel()
        for f in pending:
            if not f.cancelled():
                f.exception()


_CHUNK_POOL: tuple[int, int, ThreadPoolExecutor] | None = None  # (pid, size, pool); not the kernels' pool


def _chunk_pool(size: int) -> ThreadPoolExecutor:
    global _CHUNK_POOL
    if _CHUNK_POOL is None or _CHUNK_POOL[0] != os.getpid() or _CHUNK_POOL[1] != size:
        _CHUNK_POOL = (os.getpid(), size, ThreadPoolExecutor(max_workers=size, thread_name_prefix="somsim-chunk"))
    return _CHUNK_POOL[2]


def _in_threads(fn: Callable[..., None], rows: int, args: tuple) -> None:
    """fn(*args, d0, d1) on contiguous row ranges that cover 0 … rows-1, one range a thread."""
    if getattr(_LOCAL, "serial", False):
        fn(*args, 0, rows)
        return
    n = min(_THREADS, max(1, rows // MIN_ROWS_PER_THREAD))
    if n <= 1:
        fn(*args, 0, rows)
        return
    edges = [rows * i // n for i in range(n + 1)]
    # SIGINT/SIGTERM wait until the threads are done: an exception raised inside the pool's locks
    # (submit, result) can leave one held, and the interpreter then hangs at exit joining the pool
    with deferred_signals():
        futures = [_pool(n).submit(fn, *args, edges[i], edges[i + 1]) for i in range(n)]
        for f in futures:
            f.result()
