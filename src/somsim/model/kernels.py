"""numba kernels: the only module that imports numba.

* :func:`transform` maps a unit-hypercube sample to input values (Gaussian copula, inverse CDFs:
  closed forms for truncnormal (AS 241), uniform and triangular; cubic-Hermite tables in logit(u)
  with exact derivatives for the standard normal (normal, lognormal, copula), gamma, beta and
  PERT, accurate to 1e-9 sd for every u);
* :func:`model` evaluates scenario-format.md §1 per draw (it mirrors model.evaluate, which is the
  readable reference and is tested equal to this);
* :func:`block_moments` gives per-block sums for reductions that do not depend on chunking.

Every draw is computed by one thread, so results do not depend on the number of threads: the
kernels are serial, release the GIL, and run on contiguous row ranges in a small thread pool.
Kernels are compiled with ``cache=True``: a second process loads them from disk.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor

import numba as nb
import numpy as np

# family codes: must match distributions.FAMILY_CODE
FIXED, NORMAL, TRUNCNORMAL, LOGNORMAL, GAMMA, BETA, UNIFORM, TRIANGULAR, PERT = range(9)
#: families whose inverse CDF is tabulated (cubic Hermite in logit(u), exact derivatives at the nodes);
#: normal and lognormal use the shared standard-normal table (row 0), which is faster than AS 241's
#: unpredictable tail branch
TABLE_FAMILIES = (GAMMA, BETA, PERT)
TABLE_NODES = 4097
TABLE_U_MIN = 2.0 ** -53  # logit range of the tables covers every u the samplers pass (clamped to [2^-53, 1 - 2^-53])
U_EPS = 2.0 ** -53

_jit = dict(cache=True, nogil=True, error_model="numpy")  # numpy semantics: no ZeroDivisionError paths


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


@nb.njit(**_jit)
def _transform_range(U, fam, par, tab, tq, tdq, x0, h, cop_cols, cop_F, X, d0, d1):
    """Rows d0 … d1-1 of :func:`transform`.

    The hot path (the Hermite tables) is written out here rather than called: numba's cached
    functions are linked without inlining, and a call per value costs more than the lookup.
    """
    n_in = U.shape[1]
    m = cop_cols.shape[0]
    inv_h = 1.0 / h
    n = tq.shape[1]
    z = np.empty(m)
    uu = np.empty(n_in)
    for d in range(d0, d1):
        for i in range(n_in):
            uu[i] = min(max(U[d, i], U_EPS), 1.0 - U_EPS)
        if m > 0:
            for j in range(m):
                z[j] = _table_ppf(uu[cop_cols[j]], tq, tdq, 0, x0, inv_h, h, -np.inf, np.inf)
            for j in range(m):
                acc = 0.0
                for l in range(m):
                    acc += cop_F[j, l] * z[l]
                uu[cop_cols[j]] = min(max(ndtr(acc), U_EPS), 1.0 - U_EPS)
        for i in range(n_in):
            f = fam[i]
            u = uu[i]
            if f == FIXED:
                v = par[i, 0]
            elif f == UNIFORM:
                v = par[i, 0] + u * (par[i, 1] - par[i, 0])
            elif f == TRIANGULAR:
                lo, mode, hi = par[i, 0], par[i, 1], par[i, 2]
                if u < (mode - lo) / (hi - lo):
                    v = lo + math.sqrt(u * (hi - lo) * (mode - lo))
                else:
                    v = hi - math.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
            elif f == TRUNCNORMAL:
                v = truncnormal_ppf(u, par[i, 0], par[i, 1], par[i, 2], par[i, 3])
            else:
                # Hermite table in logit(u): row 0 the standard normal, else the input's own table
                row = 0 if f == NORMAL or f == LOGNORMAL else tab[i]
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
                if f == NORMAL:
                    v = par[i, 0] + par[i, 1] * q
                elif f == LOGNORMAL:
                    v = math.exp(par[i, 0] + par[i, 1] * q)
                elif f == PERT:
                    v = min(max(q, par[i, 2]), par[i, 3])
                elif f == BETA:
                    v = min(max(q, 0.0), 1.0)
                else:  # GAMMA
                    v = max(q, 0.0)
            X[d, i] = v


def transform(U, fam, par, tab, tq, tdq, x0, h, cop_cols, cop_F, X):
    """X[d, i] = ppf_i(u'[d, i]) where u' is U with the copula applied to the columns cop_cols."""
    _in_threads(_transform_range, U.shape[0], (U, fam, par, tab, tq, tdq, x0, h, cop_cols, cop_F, X))


@nb.njit(**_jit)
def _model_range(X, S_in, use_S, col, point, H, L, n_c,
          cost_actor, cost_pp, cost_param, cost_years,
          sign, profile, se, plen, shock_p, scale_p, price_p, price_f, cprof, cse,
          npv, gpv, cpv, be, keep_net, net_out, keep_cum, cum_out, keep_act, act_out, d0, d1):
    """Rows d0 … d1-1 of :func:`model`: scenario-format.md §1 for each draw d (row of X). Outputs use actor order kommune, region, stat, total.

    With deterministic cohorts (use_S false) the cohort sums are precomputed: ΔQ_{k,t} =
    s · scale_k · (cprof[k, t] + z_k · cse[k, t]); with stochastic cohorts S_in[d, c] replaces s · n_c
    and the sum over cohorts runs here. npv, gpv, cpv: (D, 4); be: (D, 4) break-even year or -1;
    net_out (D, H, 3), cum_out (D, H, 4) and act_out (D, K, 3) are written only when keep_* is set.
    """
    C = n_c.shape[0]
    K = sign.shape[0]
    M = cost_actor.shape[0]
    g = np.empty((H, 3))
    cst = np.empty((H, 3))
    disc = np.empty(H)
    S = np.empty(C)
    pk = np.empty(3)
    P = col.shape[0]
    v = point.copy()  # the model quantities of this draw (fixed ones stay at their value)
    for d in range(d0, d1):
        for p in range(P):
            if col[p] >= 0:
                v[p] = X[d, col[p]]
        s = v[0]
        r = v[1]
        f = 1.0 / (1.0 + r)
        for t in range(H):
            disc[t] = 1.0 if t == 0 else disc[t - 1] * f
            for a in range(3):
                g[t, a] = 0.0
                cst[t, a] = 0.0
        for c in range(C):
            S[c] = S_in[d, c] if use_S else s * n_c[c]
        # §1.2–1.3 gains
        for k in range(K):
            z = v[shock_p[k]]
            sc = v[scale_p[k]]
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
                continue
            for c in range(C):
                if S[c] == 0.0:
                    continue
                for tau in range(1, plen[k] + 1):
                    t = c + L + tau - 1
                    if t >= H:
                        break
                    dq = S[c] * (sc * (profile[k, tau - 1] + z * se[k, tau - 1]))
                    for a in range(3):
                        g[t, a] += dq * pk[a]
                        if keep_act:
                            act_out[d, k, a] += dq * pk[a] * disc[t]
        # §1.4 costs
        for m in range(M):
            vm = v[cost_param[m]]
            a = cost_actor[m]
            if cost_pp[m]:
                for c in range(C):
                    cst[c, a] += n_c[c] * vm
            else:
                for t in range(H):
                    cst[t, a] += vm * cost_years[m, t]
        # §1.5–1.6 present values, cumulative, break-even
        for a in range(4):
            npv[d, a] = 0.0
            gpv[d, a] = 0.0
            cpv[d, a] = 0.0
            be[d, a] = 0
        for t in range(H):
            tot = 0.0
            for a in range(3):
                nt = g[t, a] - cst[t, a]
                if keep_net:
                    net_out[d, t, a] = nt
                gpv[d, a] += g[t, a] * disc[t]
                cpv[d, a] += cst[t, a] * disc[t]
                pv = nt * disc[t]
                npv[d, a] += pv
                tot += pv
            npv[d, 3] += tot
            for a in range(4):
                if keep_cum:
                    cum_out[d, t, a] = npv[d, a]
                if npv[d, a] < 0.0:
                    be[d, a] = t + 1  # not yet broken even: the earliest possible year is the next
        gpv[d, 3] = gpv[d, 0] + gpv[d, 1] + gpv[d, 2]
        cpv[d, 3] = cpv[d, 0] + cpv[d, 1] + cpv[d, 2]
        for a in range(4):
            if be[d, a] >= H:
                be[d, a] = -1


def model(X, S_in, use_S, col, point, H, L, n_c,
          cost_actor, cost_pp, cost_param, cost_years,
          sign, profile, se, plen, shock_p, scale_p, price_p, price_f, cprof, cse,
          npv, gpv, cpv, be, keep_net, net_out, keep_cum, cum_out, keep_act, act_out):
    """scenario-format.md §1 for every row of X, on the kernel threads (see :func:`_model_range`)."""
    _in_threads(_model_range, X.shape[0], (X, S_in, use_S, col, point, H, L, n_c, cost_actor, cost_pp, cost_param,
                                           cost_years, sign, profile, se, plen, shock_p, scale_p, price_p, price_f,
                                           cprof, cse, npv, gpv, cpv, be, keep_net, net_out, keep_cum, cum_out,
                                           keep_act, act_out))


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
    """Threads for the kernels (default: SOMSIM_THREADS, NUMBA_NUM_THREADS or the number of cores)."""
    global _THREADS
    _THREADS = max(1, int(n))


def get_threads() -> int:
    return _THREADS


def _pool(size: int) -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None or _POOL[0] != os.getpid() or _POOL[1] != size:  # new after a fork or a new size
        _POOL = (os.getpid(), size, ThreadPoolExecutor(max_workers=size, thread_name_prefix="somsim"))
    return _POOL[2]


def _in_threads(fn, rows: int, args: tuple) -> None:
    n = min(_THREADS, max(1, rows // MIN_ROWS_PER_THREAD))
    if n <= 1:
        fn(*args, 0, rows)
        return
    edges = [rows * i // n for i in range(n + 1)]
    futures = [_pool(n).submit(fn, *args, edges[i], edges[i + 1]) for i in range(n)]
    for f in futures:
        f.result()
