"""numba kernels: the only module that imports numba.

* :func:`transform` maps a unit-hypercube sample to input values (Gaussian copula, inverse CDFs:
  closed forms for normal, lognormal, truncnormal, uniform, triangular; cubic-Hermite tables in
  logit(u) with exact derivatives for gamma, beta and PERT, accurate to 1e-9 sd for every u);
* :func:`model` evaluates scenario-format.md §1 per draw (it mirrors model.evaluate, which is the
  readable reference and is tested equal to this);
* :func:`block_moments` gives per-block sums for reductions that do not depend on chunking.

Every draw is computed serially by one thread, so results do not depend on the number of threads.
Kernels are compiled with ``cache=True``: a second process loads them from disk.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

# family codes: must match distributions.FAMILY_CODE
FIXED, NORMAL, TRUNCNORMAL, LOGNORMAL, GAMMA, BETA, UNIFORM, TRIANGULAR, PERT = range(9)
#: families whose inverse CDF is tabulated (cubic Hermite in logit(u), exact derivatives at the nodes)
TABLE_FAMILIES = (GAMMA, BETA, PERT)
TABLE_NODES = 4097
TABLE_U_MIN = 2.0 ** -53  # logit range of the tables covers every u the samplers pass (clamped to [2^-53, 1 - 2^-53])
U_EPS = 2.0 ** -53

_jit = dict(cache=True, nogil=True)


@nb.njit(**_jit)
def ndtri(p):
    """Inverse of the standard normal CDF (Acklam's rational approximation + one Halley step)."""
    if p <= 0.0:
        return -np.inf
    if p >= 1.0:
        return np.inf
    a0, a1, a2, a3, a4, a5 = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02,
                              1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00)
    b0, b1, b2, b3, b4 = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02,
                          6.680131188771972e01, -1.328068155288572e01)
    c0, c1, c2, c3, c4, c5 = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00,
                              -2.549732539343734e00, 4.374664141464968e00, 2.938163982698783e00)
    d0, d1, d2, d3 = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00,
                      3.754408661907416e00)
    plow = 0.02425
    if p < plow:
        q = math.sqrt(-2.0 * math.log(p))
        x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1.0)
    elif p <= 1.0 - plow:
        q = p - 0.5
        r = q * q
        x = (((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q / (
            ((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1.0)
    else:
        q = math.sqrt(-2.0 * math.log1p(-p))
        x = -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1.0)
    # one Halley step on Φ(x) - p, with the error in the tail that keeps precision
    if x < 0:
        e = 0.5 * math.erfc(-x / math.sqrt(2.0)) - p
    else:  # Φ(x) − p = (1 − p) − Φc(x)
        e = (1.0 - p) - 0.5 * math.erfc(x / math.sqrt(2.0))
    u = e * math.sqrt(2.0 * math.pi) * math.exp(0.5 * x * x)
    return x - u / (1.0 + 0.5 * x * u)


@nb.njit(**_jit)
def ndtr(x):
    """Standard normal CDF."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


@nb.njit(**_jit)
def _table_ppf(u, tq, tdq, x0, h, n, lo, hi):
    x = math.log(u) - math.log1p(-u)
    s = (x - x0) / h
    if s <= 0.0:
        return tq[0]
    if s >= n - 1:
        return tq[n - 1]
    j = int(s)
    t = s - j
    t2 = t * t
    t3 = t2 * t
    v = ((2 * t3 - 3 * t2 + 1) * tq[j] + (t3 - 2 * t2 + t) * h * tdq[j]
         + (-2 * t3 + 3 * t2) * tq[j + 1] + (t3 - t2) * h * tdq[j + 1])
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
def ppf1(u, fam, p0, p1, p2, p3, ti, tq, tdq, x0, h):
    """Inverse CDF of one input at u (0 < u < 1)."""
    if fam == FIXED:
        return p0
    if fam == NORMAL:
        return p0 + p1 * ndtri(u)
    if fam == LOGNORMAL:
        return math.exp(p0 + p1 * ndtri(u))
    if fam == UNIFORM:
        return p0 + u * (p1 - p0)
    if fam == TRIANGULAR:
        lo, mode, hi = p0, p1, p2
        c = (mode - lo) / (hi - lo)
        if u < c:
            return lo + math.sqrt(u * (hi - lo) * (mode - lo))
        return hi - math.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
    # tabulated families; support bounds for clipping
    n = tq.shape[1]
    if fam == TRUNCNORMAL:
        return truncnormal_ppf(u, p0, p1, p2, p3)
    if fam == PERT:
        return _table_ppf(u, tq[ti], tdq[ti], x0, h, n, p2, p3)
    if fam == BETA:
        return _table_ppf(u, tq[ti], tdq[ti], x0, h, n, 0.0, 1.0)
    return _table_ppf(u, tq[ti], tdq[ti], x0, h, n, 0.0, np.inf)  # GAMMA


@nb.njit(parallel=True, **_jit)
def transform(U, fam, par, tab, tq, tdq, x0, h, cop_cols, cop_F, X):
    """X[d, i] = ppf_i(u'[d, i]) where u' is U with the copula applied to the columns cop_cols."""
    D, n_in = U.shape
    m = cop_cols.shape[0]
    nblk = (D + 255) // 256
    for b in nb.prange(nblk):
        z = np.empty(m)
        uu = np.empty(n_in)
        for d in range(b * 256, min(D, (b + 1) * 256)):
            for i in range(n_in):
                uu[i] = min(max(U[d, i], U_EPS), 1.0 - U_EPS)
            if m > 0:
                for j in range(m):
                    z[j] = ndtri(uu[cop_cols[j]])
                for j in range(m):
                    acc = 0.0
                    for l in range(m):
                        acc += cop_F[j, l] * z[l]
                    uu[cop_cols[j]] = min(max(ndtr(acc), U_EPS), 1.0 - U_EPS)
            for i in range(n_in):
                X[d, i] = ppf1(uu[i], fam[i], par[i, 0], par[i, 1], par[i, 2], par[i, 3], tab[i], tq, tdq, x0, h)


@nb.njit(**_jit)
def _val(X, d, col, point, p):
    c = col[p]
    return X[d, c] if c >= 0 else point[p]


@nb.njit(parallel=True, **_jit)
def model(X, S_in, use_S, col, point, H, L, n_c,
          cost_actor, cost_pp, cost_param, cost_years,
          sign, profile, se, plen, shock_p, scale_p, price_p, price_f,
          npv, gpv, cpv, be, keep_net, net_out, keep_cum, cum_out, keep_act, act_out):
    """scenario-format.md §1 for each draw d (row of X). Outputs use actor order kommune, region, stat, total.

    npv, gpv, cpv: (D, 4); be: (D, 4) break-even year or -1; net_out (D, H, 3), cum_out (D, H, 4)
    and act_out (D, K, 3) are written only when keep_* is set.
    """
    D = X.shape[0]
    C = n_c.shape[0]
    K = sign.shape[0]
    M = cost_actor.shape[0]
    nblk = (D + 255) // 256
    for b in nb.prange(nblk):
        g = np.empty((H, 3))
        cst = np.empty((H, 3))
        disc = np.empty(H)
        S = np.empty(C)
        pk = np.empty(3)
        for d in range(b * 256, min(D, (b + 1) * 256)):
            s = _val(X, d, col, point, 0)
            r = _val(X, d, col, point, 1)
            for t in range(H):
                disc[t] = (1.0 + r) ** (-t)
                for a in range(3):
                    g[t, a] = 0.0
                    cst[t, a] = 0.0
            for c in range(C):
                S[c] = S_in[d, c] if use_S else s * n_c[c]
            # §1.2–1.3 gains
            for k in range(K):
                z = _val(X, d, col, point, shock_p[k])
                sc = _val(X, d, col, point, scale_p[k])
                for a in range(3):
                    pk[a] = sign[k] * _val(X, d, col, point, price_p[k, a]) * price_f[k, a]
                if keep_act:
                    for a in range(3):
                        act_out[d, k, a] = 0.0
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
                v = _val(X, d, col, point, cost_param[m])
                a = cost_actor[m]
                if cost_pp[m]:
                    for c in range(C):
                        cst[c, a] += n_c[c] * v
                else:
                    for t in range(H):
                        cst[t, a] += v * cost_years[m, t]
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


def set_threads(n: int) -> None:
    """Threads for the parallel kernels (capped at numba's pool size)."""
    nb.set_num_threads(max(1, min(int(n), nb.config.NUMBA_NUM_THREADS)))
