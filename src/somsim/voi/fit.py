"""Regression estimators of E[NB | x] for value-of-information analysis (private).

EVPPI by nonparametric regression on the probabilistic sample (Strong, Oakley & Brennan 2014,
*Medical Decision Making* 34:311–326): fit g(x) ≈ E[NB | x] and take
``mean(max(g, 0)) − max(mean(g), 0)``. Two penalised regressions, both written as a ridge
regression on a transformed basis, whose penalty is chosen by efficient leave-one-out
cross-validation (:func:`loo_ridge`: scikit-learn's ``RidgeCV`` computed for several weightings at once):

``tensor`` (single inputs and groups of up to :data:`TENSOR_MAX` inputs)
    A tensor-product P-spline, the GAM smooth of Strong et al.: cubic B-splines on uniform knots per
    input (scikit-learn ``SplineTransformer``) and a second-order difference penalty summed over the
    margins, in mixed-model form. The penalty's null space — the functions linear in each input
    separately (1, x₁, x₂, x₁x₂, …) — is unpenalised; the rest carries one ridge penalty.

``additive`` (larger groups)
    An additive P-spline (an unpenalised linear term and a penalised smooth per input) plus
    penalised linear-by-linear products of pairs and triples of the inputs, with the interaction
    penalty chosen separately by leave-one-out error. A SØM net benefit is a sum of products of
    inputs (success rate × scale × profile × price), so E[NB | group] is close to this form; the
    diagnostics show when it is not. With many inputs, interactions are formed among the
    :data:`PAIR_MAX` (pairs) and :data:`TRIPLE_MAX` (triples) inputs that matter most alone.

Standard errors: ``se_regression`` samples the coefficients from their Bayesian posterior
N(β̂, σ²(AᵀA + S)⁻¹) (mgcv's Vp, as R's voi does for its GAM); ``se_bootstrap`` refits on bootstrap
resamples of the rows with the penalty held at its chosen value, so it carries the Monte Carlo error
of the sample as well. The second is usually the larger and is the one to quote.

BLAS runs single-threaded here: these matrices are small, and multi-threaded BLAS on a shared
2-core machine was 5–20× slower (measured).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

TENSOR_MAX = 3
TENSOR_KNOTS = {1: 10, 2: 5, 3: 3}  # knots per margin; cubic B-splines: knots + 2 basis functions
ADDITIVE_KNOTS = 5
PAIR_MAX = 12
TRIPLE_MAX = 7
UNPENALISED = 1e4  # column scale that makes a ridge penalty negligible (see _Blocks)
RESAMPLES = 40
_LOO_ROWS = 16384  # rows per slice in loo_ridge
N_POST = 100


def evppi_from_fitted(g: np.ndarray, w: np.ndarray | None = None) -> float:
    """EVPPI of invest-vs-not from fitted conditional net benefits: E[max(g, 0)] − max(E[g], 0).

    ``w`` are row weights (bootstrap counts).
    """
    if w is None:
        return float(np.mean(np.maximum(g, 0.0)) - max(float(np.mean(g)), 0.0))
    w = w / w.sum()
    return float(w @ np.maximum(g, 0.0) - max(float(w @ g), 0.0))


def _evppi_columns(G: np.ndarray) -> np.ndarray:
    """EVPPI of each column of G (rows × replicates)."""
    return np.mean(np.maximum(G, 0.0), axis=0) - np.maximum(G.mean(axis=0), 0.0)


@dataclass
class Estimate:
    """One EVPPI estimate by regression; money in the unit of the net benefit."""

    value: float
    se_regression: float
    se_bootstrap: float
    fitted: np.ndarray = field(repr=False)
    method: str
    r2: float
    edf: float
    diagnostics: dict = field(default_factory=dict)

    @property
    def se(self) -> float:
        """The standard error to quote: the larger of the two."""
        return max(self.se_regression, self.se_bootstrap)


# ----------------------------------------------------------------------------------------------
# bases


def _margin_basis(x: np.ndarray, n_knots: int) -> np.ndarray:
    """Cubic B-splines on uniform knots over the central 99.8 % of x, extrapolated linearly."""
    from sklearn.preprocessing import SplineTransformer

    lo, hi = np.quantile(x, [0.001, 0.999])
    if not hi > lo:
        lo, hi = float(x.min()), float(x.max())
    knots = np.linspace(lo, hi, n_knots)[:, None]
    st = SplineTransformer(n_knots=n_knots, degree=3, knots=knots, extrapolation="linear", include_bias=True)
    return st.fit_transform(x[:, None])


def _penalised_part(B: np.ndarray, P: np.ndarray) -> np.ndarray:
    """B U₊ Λ₊^(-1/2) for the positive part U₊ Λ₊ U₊ᵀ of the penalty P: its ridge penalty is βᵀPβ."""
    lam, U = np.linalg.eigh(P)
    pos = lam > 1e-9 * lam.max()
    return B @ (U[:, pos] / np.sqrt(lam[pos]))


def _diff_penalty(k: int) -> np.ndarray:
    D = np.diff(np.eye(k), n=2, axis=0)
    return D.T @ D


def _standardise(M: np.ndarray) -> np.ndarray:
    M = M - M.mean(axis=0)
    sd = M.std(axis=0)
    return M / np.where(sd > 0, sd, 1.0)


def _products(Xs: np.ndarray, sets) -> np.ndarray:
    cols = [np.prod(Xs[:, list(S)], axis=1) for S in sets]
    return _standardise(np.column_stack(cols)) if cols else np.empty((len(Xs), 0))


def tensor_blocks(X: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """(unpenalised, [penalised]) columns of a tensor-product P-spline of the columns of X.

    For uniform knots, the null space of P = Σ_j I ⊗ … ⊗ D_jᵀD_j ⊗ … ⊗ I is exactly the span of the
    multilinear monomials, which therefore stand in for it (standardised, as explicit columns).
    """
    n, d = X.shape
    bases = [_margin_basis(X[:, j], TENSOR_KNOTS[d]) for j in range(d)]
    ks = [b.shape[1] for b in bases]
    B = bases[0]
    for b in bases[1:]:
        B = (B[:, :, None] * b[:, None, :]).reshape(n, -1)
    P = np.zeros((B.shape[1], B.shape[1]))
    for j in range(d):
        terms = [np.eye(k) for k in ks]
        terms[j] = _diff_penalty(ks[j])
        Pj: np.ndarray = terms[0]
        for t in terms[1:]:
            Pj = np.kron(Pj, t)
        P += Pj
    Xs = _standardise(X)
    sets = [S for r in range(1, d + 1) for S in itertools.combinations(range(d), r)]
    return _products(Xs, sets), [_penalised_part(B, P)]


def additive_blocks(X: np.ndarray, importance: np.ndarray | None = None
                    ) -> tuple[np.ndarray, list[np.ndarray], tuple[int, int]]:
    """(unpenalised linear terms, [smooths, interactions], (pairs, triples)) for the additive model.

    ``importance`` ranks the inputs (larger first) to choose those that form interactions.
    """
    d = X.shape[1]
    Xs = _standardise(X)
    K = ADDITIVE_KNOTS + 2
    Pm = _diff_penalty(K)
    smooth = np.hstack([_penalised_part(_margin_basis(X[:, j], ADDITIVE_KNOTS), Pm) for j in range(d)])
    order = np.argsort(-importance, kind="stable") if importance is not None else np.arange(d)
    pairs = list(itertools.combinations(sorted(order[:PAIR_MAX]), 2))
    triples = list(itertools.combinations(sorted(order[:TRIPLE_MAX]), 3))
    return Xs, [smooth, _products(Xs, pairs + triples)], (len(pairs), len(triples))


def design_columns(d: int) -> int:
    """Columns of the regression design for `d` inputs of interest (an upper bound, for memory estimates)."""
    if d <= TENSOR_MAX:
        return (TENSOR_KNOTS[d] + 2) ** d + 2**d
    m, t = min(d, PAIR_MAX), min(d, TRIPLE_MAX)
    return d * (ADDITIVE_KNOTS + 1) + m * (m - 1) // 2 + t * (t - 1) * (t - 2) // 6


# ----------------------------------------------------------------------------------------------
# the penalised fit


def fit(X: np.ndarray, y: np.ndarray, *, rng: np.random.Generator, controls: np.ndarray | None = None,
        importance: np.ndarray | None = None, resamples: int = RESAMPLES, n_post: int = N_POST) -> Estimate:
    """EVPPI of the inputs in the columns of X for the net benefit y, with standard errors.

    Chooses the tensor-product spline for up to :data:`TENSOR_MAX` columns and the additive model
    with interactions above.

    ``controls`` (rows × m) are other inputs *independent of X*, entered as unpenalised linear
    terms and left out of the fitted E[NB | X]. With independence, the least-squares component in X
    of ``f(X) + βᵀcontrols`` is still E[NB | X] (the cross terms vanish), while the controls remove
    the part of the residual variance that is linear in them: control variates for the regression.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="blas"):
        return _fit(X, y, rng=rng, controls=controls, importance=importance, resamples=resamples, n_post=n_post)


def _fit(X, y, *, rng, controls, importance, resamples, n_post) -> Estimate:
    X = X[:, np.ptp(X, axis=0) > 0]  # a column that does not vary carries no information
    n, d = X.shape
    ym, ysd = float(np.mean(y)), float(np.std(y))
    if d == 0 or not ysd > 1e-12 * max(abs(ym), 1.0):
        why = "the net benefit does not vary" if d else "the inputs do not vary"
        return Estimate(value=0.0, se_regression=0.0, se_bootstrap=0.0, fitted=np.full(n, ym),
                        method=f"none ({why})", r2=0.0, edf=1.0, diagnostics={})
    yz = (y - ym) / ysd
    if d <= TENSOR_MAX:
        fixed, pen_blocks = tensor_blocks(X)
        label = "penalised cubic spline" if d == 1 else f"tensor-product penalised cubic spline of {d} inputs"
    else:
        fixed, pen_blocks, n_int = additive_blocks(X, importance)
        label = (f"additive penalised cubic splines of {d} inputs with {n_int[0]} pairwise and {n_int[1]} "
                 f"three-way linear interactions")
    k0 = fixed.shape[1]
    k1 = k0 + pen_blocks[0].shape[1]
    A = np.hstack([fixed, *(b - b.mean(axis=0) for b in pen_blocks)])  # own columns, centred: E[NB | X] is A β
    del fixed, pen_blocks  # the design is n × up to ~170 columns: hold as few copies of it as possible
    # control variates are unpenalised, so they can be profiled out (Frisch–Waugh): regress the
    # residuals of y and of A after projection on the controls
    m = 0 if controls is None else controls.shape[1]
    if m:
        Q, _ = np.linalg.qr(_standardise(controls))
        At = Q @ (Q.T @ A)
        np.subtract(A, At, out=At)
        yt = yz - Q @ (Q.T @ yz)
        label += f", with {m} independent inputs as linear control variates"
    else:
        At, yt = A, yz
    ref = float(np.mean(np.sum(At[:, k0:k1] ** 2, axis=0)))
    alphas = ref * np.logspace(-8, 3, 23)
    # weight of the interaction block relative to the smooths: chosen by leave-one-out error
    has_int = At.shape[1] > k1
    best: tuple[float, float, float] | None = None
    R = np.asarray(np.linalg.qr(At, mode="r"))  # once: each weighting below is a column scaling of R (Q is not formed)
    Aty = At.T @ yt
    for rel in (list(np.sqrt(ref) * np.logspace(-3, 1, 5)) if has_int else [1.0]):
        scale = np.concatenate([np.full(k0, UNPENALISED), np.ones(k1 - k0), np.full(At.shape[1] - k1, rel)])
        score, alpha = loo_ridge(At, R, Aty, yt, alphas, scale)
        if best is None or score > best[0]:
            best = (score, rel, alpha)
    assert best is not None  # the loop runs at least once
    _, rel, alpha = best
    # the exact penalty: 0 on the unpenalised part, alpha on the smooths, alpha / rel² on the interactions
    pen = np.zeros(A.shape[1])
    pen[k0:k1] = alpha
    pen[k1:] = alpha / rel**2
    AtA = R.T @ R  # = AtᵀAt (At = QR), without another pass over the n rows
    Hinv = np.linalg.inv(AtA + np.diag(pen) + 1e-10 * np.trace(AtA) / len(pen) * np.eye(len(pen)))
    Hinv = (Hinv + Hinv.T) / 2
    coef = Hinv @ Aty
    resid = yt - At @ coef
    edf = float(np.sum(Hinv * AtA)) + m + 1.0  # trace of the hat matrix (with the controls and intercept)
    sigma2 = float(resid @ resid) / max(n - edf, 1.0)
    fitted = ym + ysd * (A @ coef)
    value = evppi_from_fitted(fitted)
    # the regression's own error: posterior draws of the coefficients and the intercept
    L = np.linalg.cholesky(Hinv) * np.sqrt(sigma2)
    G = A @ (coef[:, None] + L @ rng.standard_normal((len(coef), n_post)))
    G += np.sqrt(sigma2 / n) * rng.standard_normal(n_post)[None, :]
    se_reg = float(np.std(_evppi_columns(ym + ysd * G), ddof=1))
    boots = _bootstrap(At, yt, A, yz, pen, rng, resamples, ym, ysd, AtA)
    diag = _residual_checks(X, resid)
    diag.update(alpha=alpha, interaction_weight=rel if has_int else None, n_columns=A.shape[1] + m + 1,
                n_unpenalised=k0 + m + 1, n_controls=m, loo_r2=1.0 + float(best[0]) / float(np.mean(yz**2)),
                bootstrap_mean=float(np.mean(boots)))
    return Estimate(value=value, se_regression=se_reg, se_bootstrap=float(np.std(boots, ddof=1)), fitted=fitted,
                    method=f"{label} ({A.shape[1] + m + 1} coefficients)",
                    r2=1.0 - float(resid @ resid) / float(yz @ yz), edf=edf, diagnostics=diag)


def loo_ridge(A: np.ndarray, R: np.ndarray, Aty: np.ndarray, y: np.ndarray, alphas: np.ndarray,
              scale: np.ndarray | None = None) -> tuple[float, float]:
    """The ridge penalty with the least leave-one-out error: (−mean squared LOO error, alpha).

    The design is ``A · diag(scale)``, with ``R`` the triangular factor of a QR of ``A`` (``Aty = Aᵀ y``).
    This is scikit-learn's ``RidgeCV(alphas, fit_intercept=False, gcv_mode="svd")`` — the same
    closed form for the leave-one-out residuals ``(y − ŷ_α) / (1 − h_α)`` — computed for all alphas
    at once and without the n × p orthogonal factor: with ``R diag(scale) = Ur diag(s) Vᵀ`` and
    ``T = A diag(scale) V`` (so that the SVD's left factor is ``T / s``),
    ``h_α = Σ_j T_ij² / (s_j² + α)`` and ``ŷ_α = Σ_j T_j (T_jᵀ y) / (s_j² + α)``, which never divide by
    a small singular value. One QR (R only) serves several weightings; tests/test_voi.py checks it
    against ``RidgeCV``. Measured on the VOI of keep-2019 at 3·10⁴ draws: the penalty choice took 4×
    less time than with ``RidgeCV``; at 10⁵ rows and 179 columns, R alone takes a third of the time
    of the full QR.
    """
    scale = np.ones(R.shape[1]) if scale is None else scale
    _ur, s, vt = np.linalg.svd(R * scale[None, :])
    V = scale[:, None] * vt.T  # T = A V
    inv = -1.0 / (s[:, None] ** 2 + alphas[None, :])  # (columns, alphas): −1 / (s² + α)
    CTy = inv * (vt @ (scale * Aty))[:, None]
    sse = np.zeros(len(alphas))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a row of leverage 1: no LOO error
        for r0 in range(0, len(y), _LOO_ROWS):  # T a slice of rows at a time: no n × p temporaries
            T = A[r0:r0 + _LOO_ROWS] @ V
            c = T @ CTy + y[r0:r0 + _LOO_ROWS, None]
            d = (T * T) @ inv + 1.0
            sse += np.sum((c / d) ** 2, axis=0)
    scores = -sse / len(y)
    scores = np.where(np.isnan(scores), -np.inf, scores)
    i = int(np.argmax(scores))  # the first best, as RidgeCV
    return float(scores[i]), float(alphas[i])


def _bootstrap(At: np.ndarray, yt: np.ndarray, A: np.ndarray, yz: np.ndarray, pen: np.ndarray,
               rng: np.random.Generator, resamples: int, ym: float, ysd: float, AtA: np.ndarray | None = None,
               *, direct: bool = False) -> np.ndarray:
    """EVPPI on bootstrap resamples of the rows, refitting with the penalty held fixed.

    A resample is a vector of counts w. The weighted fit solves (ÃᵀWÃ − n m̄m̄ᵀ + P) β = ÃᵀW ỹ − n ȳ m̄
    (Ã, ỹ: after projection on the control variates, held at the full sample's; m̄, ȳ: the resample's
    means); the resample's E[NB | X] is its mean of y plus (A − its mean of A) β.

    The systems of all resamples are solved together by conjugate gradients preconditioned with the
    full sample's (ÃᵀÃ + P)⁻¹, which a resample's matrix differs from by sampling noise: a few
    products of Ã with a matrix of all resamples (2np per resample and step, as matrix products)
    instead of forming each ÃᵀWÃ (np² per resample), to a relative residual of 1e-12 (the same
    estimates as a direct solve to about 1e-10; tests/test_voi.py). A system that does not converge
    in :data:`_PCG_MAXITER` steps, and every system with ``direct=True``, is solved directly.
    """
    n, p = At.shape
    P = np.diag(pen) + 1e-10 * np.eye(p) * float(np.mean(At * At)) * n
    W = np.empty((n, resamples))
    for b in range(resamples):
        W[:, b] = np.bincount(rng.integers(0, n, n), minlength=n)
    Ma = (At.T @ W) / n  # (p, resamples): each resample's column means
    rhs = At.T @ (W * yt[:, None]) - Ma * ((yt @ W) / n)[None, :] * n
    beta = np.zeros((p, resamples))
    ok = np.zeros(resamples, dtype=bool)
    if not direct:
        Minv = np.linalg.inv((At.T @ At if AtA is None else AtA) + P)
        Minv = (Minv + Minv.T) / 2

        def op(V: np.ndarray, cols: np.ndarray) -> np.ndarray:
            m = Ma[:, cols]
            return At.T @ (W[:, cols] * (At @ V)) - n * m * np.sum(m * V, axis=0)[None, :] + P @ V

        beta, ok = _block_pcg(op, rhs, Minv)
    for j in np.flatnonzero(~ok):
        rows = np.flatnonzero(W[:, j])
        B = At[rows] * np.sqrt(W[rows, j])[:, None]
        beta[:, j] = np.linalg.solve(B.T @ B - n * np.outer(Ma[:, j], Ma[:, j]) + P, rhs[:, j])
    G = A @ beta  # (n, resamples)
    G += ((yz @ W) / n - np.sum(((W.T @ A) / n) * beta.T, axis=1))[None, :]
    return np.array([evppi_from_fitted(ym + ysd * G[:, b], W[:, b]) for b in range(resamples)])


_PCG_MAXITER = 60


def _block_pcg(op, B: np.ndarray, Minv: np.ndarray, rtol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """Preconditioned conjugate gradients for op(X) = B, one independent system per column, in lockstep.

    ``op(V, cols)`` applies the (symmetric positive definite) matrices of columns `cols` to V. Returns
    the solutions and which columns converged to ``‖r‖ ≤ rtol ‖b‖`` within :data:`_PCG_MAXITER` steps.
    """
    X = Minv @ B
    every = np.arange(B.shape[1])
    R = B - op(X, every)
    bn = np.linalg.norm(B, axis=0)
    Z = Minv @ R
    D = Z.copy()
    rz = np.sum(R * Z, axis=0)
    active = np.linalg.norm(R, axis=0) > rtol * bn
    failed = np.zeros(B.shape[1], dtype=bool)
    for _ in range(_PCG_MAXITER):
        idx = np.flatnonzero(active)
        if not idx.size:
            break
        Q = op(D[:, idx], idx)
        dq = np.sum(D[:, idx] * Q, axis=0)
        good = dq > 0.0
        failed[idx[~good]] = True
        active[idx[~good]] = False
        idx, Q, dq = idx[good], Q[:, good], dq[good]
        step = rz[idx] / dq
        X[:, idx] += step * D[:, idx]
        R[:, idx] -= step * Q
        Zi = Minv @ R[:, idx]
        rz_new = np.sum(R[:, idx] * Zi, axis=0)
        D[:, idx] = Zi + (rz_new / rz[idx]) * D[:, idx]
        rz[idx] = rz_new
        active[idx] = np.linalg.norm(R[:, idx], axis=0) > rtol * bn[idx]
    return X, ~active & ~failed


def _residual_checks(X: np.ndarray, resid: np.ndarray, bins: int = 10) -> dict:
    """Lack-of-fit check: mean residual in decile bins of each input, as z-scores.

    For a regression that fits, each z is about N(0, 1); ``max_binned_residual_z`` is the largest
    |z| over ``residual_bins`` bins (≈ 3.3 is the 5 % point of the maximum of 100 independent |z|).
    """
    d = X.shape[1]
    sd = float(np.std(resid)) or 1.0
    worst = 0.0
    for j in range(d):
        order = np.argsort(X[:, j], kind="stable")
        for part in np.array_split(order, bins):
            worst = max(worst, abs(float(np.mean(resid[part]))) / sd * np.sqrt(len(part)))
    return {"max_binned_residual_z": worst, "residual_bins": bins * d}
