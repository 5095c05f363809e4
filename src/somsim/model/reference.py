"""The SØM calculation in plain numpy: readable, and the reference the numba kernel is tested against.

Every step cites ``scenario-format.md`` §1. One evaluation takes a matrix ``theta`` of model
quantities (draw × parameter; the base case is one row of point values) and returns flows by
draw, year, actor and activity.

Notation: years ``t = 0 … H-1``; actors kommune, region, stat; cohort ``c`` has ``n_c``
participants completing in year ``c``; activity ``k`` has profile ``q_k[τ]``, ``τ = 1 … T_k``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from somsim._vocab import ACTORS, OUTPUTS, PARAM_DISCOUNT, PARAM_SUCCESS
from somsim.scenario.loader import Scenario

# OUTPUTS (the actor axis of every result with a total) is re-exported for callers that read it here
__all__ = ["OUTPUTS", "Flows", "ModelSpec", "base_case", "break_even_year", "compile_spec", "evaluate"]


@dataclass(frozen=True)
class ModelSpec:
    """A scenario compiled to arrays; what the numpy model and the numba kernel both read."""

    horizon: int
    lag: int
    participants: np.ndarray  # (C,) n_c, completing in year c
    param_names: tuple[str, ...]  # (P,)
    point: np.ndarray  # (P,) base-case values
    uncertain: np.ndarray  # (P,) bool
    # costs
    cost_actor: np.ndarray  # (M,) actor index
    cost_per_participant: np.ndarray  # (M,) bool
    cost_param: np.ndarray  # (M,) parameter index
    cost_years: np.ndarray  # (M, H) 1.0 in the years an amount item is charged
    # consequences
    sign: np.ndarray  # (K,) -1 expenditure (less use is a gain), +1 revenue
    profile: np.ndarray  # (K, T) q_k[τ] for τ = 1 … T (zero-padded)
    se: np.ndarray  # (K, T)
    profile_len: np.ndarray  # (K,)
    shock_param: np.ndarray  # (K,)
    scale_param: np.ndarray  # (K,)
    price_param: np.ndarray  # (K, 3)
    price_factor: np.ndarray  # (K, 3) conversion to the scenario's price year
    activity: tuple[str, ...]  # (K,) activity keys
    domain_of: np.ndarray  # (K,) index into `domains`
    domains: tuple[str, ...]
    stochastic_cohorts: bool
    cohort_profile: np.ndarray  # (K, H) Σ_c n_c · q_k[t − c − L + 1]: ΔQ_{k,t} = s · scale · (this + z · cohort_se)
    cohort_se: np.ndarray  # (K, H) Σ_c n_c · se_k[t − c − L + 1]

    @property
    def n_params(self) -> int:
        """Number of model parameters P (fixed and uncertain)."""
        return len(self.param_names)

    @property
    def input_columns(self) -> np.ndarray:
        """Parameter indices of the uncertain inputs, in order."""
        return np.flatnonzero(self.uncertain)

    def theta(self, x: np.ndarray) -> np.ndarray:
        """Full parameter matrix (draw × P) from the inputs matrix x (draw × n_inputs)."""
        x = np.atleast_2d(x)
        th = np.broadcast_to(self.point, (x.shape[0], self.n_params)).copy()
        th[:, self.input_columns] = x
        return th


def compile_spec(sc: Scenario) -> ModelSpec:
    """Arrays of the scenario in model order (see Scenario.params)."""
    names = tuple(p.name for p in sc.params)
    idx = {n: i for i, n in enumerate(names)}
    H = sc.horizon
    M = len(sc.costs)
    cost_years = np.zeros((M, H))
    for m, cost in enumerate(sc.costs):
        if cost.amount is not None:
            cost_years[m, list(cost.years)] = 1.0
    K = len(sc.consequences)
    T = max((len(c.per_success) for c in sc.consequences), default=1)
    profile = np.zeros((K, T))
    se = np.zeros((K, T))
    domains: list[str] = []
    domain_of = np.zeros(K, dtype=np.int64)
    for k, cq in enumerate(sc.consequences):
        profile[k, : len(cq.per_success)] = cq.per_success
        if cq.se is not None:
            se[k, : len(cq.se)] = cq.se
        if cq.activity.domain not in domains:
            domains.append(cq.activity.domain)
        domain_of[k] = domains.index(cq.activity.domain)
    acts = tuple(c.activity.key for c in sc.consequences)
    n = np.array(sc.cohorts, dtype=float)
    cohort_profile, cohort_se = np.zeros((K, H)), np.zeros((K, H))
    for k, cq in enumerate(sc.consequences):
        for cc, n_c in enumerate(n):
            for tau in range(1, len(cq.per_success) + 1):
                t = cc + sc.consequence_lag + tau - 1
                if t < H:
                    cohort_profile[k, t] += n_c * profile[k, tau - 1]
                    cohort_se[k, t] += n_c * se[k, tau - 1]
    return ModelSpec(
        horizon=H,
        lag=sc.consequence_lag,
        participants=np.array(sc.cohorts, dtype=float),
        param_names=names,
        point=np.array([p.dist.point for p in sc.params]),
        uncertain=np.array([p.uncertain for p in sc.params]),
        cost_actor=np.array([ACTORS.index(c.actor) for c in sc.costs], dtype=np.int64),
        cost_per_participant=np.array([c.per_participant is not None for c in sc.costs], dtype=bool),
        cost_param=np.array([idx[f"cost.{c.slug}"] for c in sc.costs], dtype=np.int64),
        cost_years=cost_years,
        sign=np.array([1.0 if c.activity.kind == "revenue" else -1.0 for c in sc.consequences]),
        profile=profile,
        se=se,
        profile_len=np.array([len(c.per_success) for c in sc.consequences], dtype=np.int64),
        shock_param=np.array([idx[f"consequence.{a}"] for a in acts], dtype=np.int64),
        scale_param=np.array([idx[f"consequence.{a}.scale"] for a in acts], dtype=np.int64),
        price_param=np.array([[idx[f"price.{a}.{actor}"] for actor in ACTORS] for a in acts],
                             dtype=np.int64).reshape(K, 3),
        price_factor=np.array([[c.price_factor[a] for a in ACTORS] for c in sc.consequences]).reshape(K, 3),
        activity=acts,
        domain_of=domain_of,
        domains=tuple(domains),
        stochastic_cohorts=sc.stochastic_cohorts,
        cohort_profile=cohort_profile,
        cohort_se=cohort_se,
    )


@dataclass(frozen=True)
class Flows:
    """Result of one model evaluation for D draws (the base case is D = 1).

    Actor axes of length 4 are (kommune, region, stat, total); of length 3, the actors only.
    """

    gains: np.ndarray  # (D, H, 3) G_{a,t}
    costs: np.ndarray  # (D, H, 3) C_{a,t}
    net: np.ndarray  # (D, H, 3) N_{a,t}
    gains_by_activity: np.ndarray  # (D, K, H, 3)
    discount: np.ndarray  # (D, H) 1 / (1 + r)^t
    npv: np.ndarray  # (D, 4)
    gains_pv: np.ndarray  # (D, 4)
    costs_pv: np.ndarray  # (D, 4)
    cumulative_pv: np.ndarray  # (D, H, 4) Σ_{u≤t} N_u / (1 + r)^u
    break_even: np.ndarray  # (D, 4) first year from which cumulative_pv stays ≥ 0; -1 for none
    activity_pv: np.ndarray  # (D, K, 3) present value of gains by activity and actor


def successes(spec: ModelSpec, theta: np.ndarray) -> np.ndarray:
    """§1.1 S_c = s · n_c (the base case and deterministic cohorts)."""
    return theta[:, [PARAM_SUCCESS]] * spec.participants[None, :]


def evaluate(spec: ModelSpec, theta: np.ndarray, succ: np.ndarray | None = None) -> Flows:
    """Evaluate §1 for every row of theta (draw × P). `succ` (draw × C) overrides S_c."""
    theta = np.atleast_2d(np.asarray(theta, dtype=float))
    D, H, K = theta.shape[0], spec.horizon, len(spec.activity)
    S = successes(spec, theta) if succ is None else np.asarray(succ, dtype=float)

    # §1.2 ΔQ_{k,t} = Σ_c S_c · q_k[t − y_c − L + 1]; per draw q[τ] = scale · (q[τ] + z · se[τ])
    dq = np.zeros((D, K, H))
    for k in range(K):
        z = theta[:, spec.shock_param[k]]
        scale = theta[:, spec.scale_param[k]]
        for tau in range(1, spec.profile_len[k] + 1):
            q = scale * (spec.profile[k, tau - 1] + z * spec.se[k, tau - 1])  # (D,)
            for c in range(len(spec.participants)):
                t = c + spec.lag + tau - 1
                if t < H:  # consequences after the horizon are not counted
                    dq[:, k, t] += S[:, c] * q

    # §1.3 G_{a,t} = Σ_k σ_k · ΔQ_{k,t} · p_{k,a}
    price = theta[:, spec.price_param] * spec.price_factor[None]  # (D, K, 3)
    gains_by_activity = spec.sign[None, :, None, None] * dq[..., None] * price[:, :, None, :]
    gains = gains_by_activity.sum(axis=1)

    # §1.4 costs: per-participant items n_c · v in year c; amount items in each of their years
    costs = np.zeros((D, H, 3))
    for m in range(len(spec.cost_actor)):
        v = theta[:, spec.cost_param[m]]
        a = spec.cost_actor[m]
        if spec.cost_per_participant[m]:
            for c, n in enumerate(spec.participants):
                costs[:, c, a] += n * v
        else:
            costs[:, :, a] += v[:, None] * spec.cost_years[m][None, :]

    # §1.5 net and present values, year 0 undiscounted
    net = gains - costs
    r = theta[:, PARAM_DISCOUNT]
    discount = (1.0 + r[:, None]) ** -np.arange(H)[None, :]

    def with_total(x):  # (D, ..., 3) -> (D, ..., 4)
        return np.concatenate([x, x.sum(axis=-1, keepdims=True)], axis=-1)

    pv = lambda flow: with_total((flow * discount[:, :, None]).sum(axis=1))  # noqa: E731
    cumulative = with_total(np.cumsum(net * discount[:, :, None], axis=1))
    activity_pv = (gains_by_activity * discount[:, None, :, None]).sum(axis=2)
    return Flows(
        gains=gains, costs=costs, net=net, gains_by_activity=gains_by_activity, discount=discount,
        npv=pv(net), gains_pv=pv(gains), costs_pv=pv(costs), cumulative_pv=cumulative,
        break_even=break_even_year(cumulative), activity_pv=activity_pv,
    )


def break_even_year(cumulative: np.ndarray) -> np.ndarray:
    """§1.6 First t from which the cumulative discounted net stays ≥ 0 to the horizon; -1 for none.

    `cumulative` has the year on axis 1; the result drops that axis.
    """
    H = cumulative.shape[1]
    neg = cumulative < 0
    # index of the last negative year, or -1 when none is negative
    last_neg = np.where(neg.any(axis=1), H - 1 - np.argmax(neg[:, ::-1], axis=1), -1)
    return np.where(last_neg == H - 1, -1, last_neg + 1)


def base_case(sc_or_spec: Scenario | ModelSpec) -> Flows:
    """The classic deterministic SØM calculation: every input at its point value.

    Raises
    ------
    UsageError
        `sc_or_spec` is not a Scenario (or a compiled ModelSpec); a path must be loaded first.
    """
    if not isinstance(sc_or_spec, ModelSpec) and not hasattr(sc_or_spec, "params"):
        from somsim.errors import UsageError

        raise UsageError(f"base_case needs a Scenario (got {type(sc_or_spec).__name__}); load a file first with "
                         f"somsim.load(path)")
    spec = sc_or_spec if isinstance(sc_or_spec, ModelSpec) else compile_spec(sc_or_spec)
    return evaluate(spec, spec.point[None, :])
