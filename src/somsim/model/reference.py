"""The SØM calculation in plain numpy: readable, and the reference the numba kernel is tested against.

Every step cites ``scenario-format.md`` §1. One evaluation takes a matrix ``theta`` of model
quantities (draw × parameter; the base case is one row of point values) and returns flows by
draw, year, actor and activity.

Notation: years ``t = 0 … H-1``; actors kommune, region, stat; cohort ``c`` has ``n_c``
participants completing in year ``c``; activity ``k`` has profile ``q_k[τ]``, ``τ = 1 … T_k``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from somsim._vocab import (
    ACTORS,
    OUTPUTS,
    PARAM_BASELINE,
    PARAM_COMPLETION,
    PARAM_DISCOUNT,
    PARAM_HAIRCUT,
    PARAM_SUCCESS,
    committee_key,
)
from somsim.scenario.loader import Scenario

# OUTPUTS (the actor axis of every result with a total) is re-exported for callers that read it here
__all__ = ["OUTPUTS", "Flows", "ModelSpec", "base_case", "break_even_year", "compile_spec", "completers",
           "effective_rate", "evaluate", "successes"]


@dataclass(frozen=True)
class ModelSpec:
    """A scenario compiled to arrays; what the numpy model and the numba kernel both read."""

    horizon: int
    lag: int
    participants: np.ndarray  # (C,) n_c, starting (and completing) in year c
    param_names: tuple[str, ...]  # (P,)
    point: np.ndarray  # (P,) base-case values
    uncertain: np.ndarray  # (P,) bool
    # costs
    cost_actor: np.ndarray  # (M,) actor index
    cost_per_participant: np.ndarray  # (M,) bool
    cost_param: np.ndarray  # (M,) parameter index
    cost_years: np.ndarray  # (M, H) 1.0 in the years an amount item is charged
    cost_completer: np.ndarray  # (M,) bool: a per-participant item charged per completer (§6.3)
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
    lag_k: np.ndarray  # (K,) each consequence's lag L_k (§6.4; the scenario's lag unless its own)
    gross_baseline: bool  # §6.1 two rates: stochastic cohorts draw Bin(n, gross') − Bin(n, baseline)
    committees: tuple[str, ...] = ()  # §6.5 the kommune's committees (U), empty without [udvalg]
    activity_committee: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # (K,)
    cost_committee: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # (M,) -1: not kommune

    @property
    def outputs(self) -> tuple[str, ...]:
        """The output axis: kommune, region, stat, total, then ``kommune:NAME`` per committee (J = 4 + U)."""
        return (*OUTPUTS, *(committee_key(n) for n in self.committees))

    @property
    def has_completers(self) -> bool:
        """Whether some cost is charged per completer (then stochastic cohorts draw completers)."""
        return bool(self.cost_completer.any())

    @property
    def n_params(self) -> int:
        """Number of model parameters P (fixed and uncertain)."""
        return len(self.param_names)

    def col_of(self, param: int) -> int:
        """The column of model parameter `param` in the inputs matrix, or -1 when it is fixed."""
        if not self.uncertain[param]:
            return -1
        return int(np.count_nonzero(self.uncertain[:param]))

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
    lag_k = np.array([sc.consequence_lag if c.lag is None else c.lag for c in sc.consequences], dtype=np.int64)
    cohort_profile, cohort_se = np.zeros((K, H)), np.zeros((K, H))
    for k, cq in enumerate(sc.consequences):
        for cc, n_c in enumerate(n):
            for tau in range(1, len(cq.per_success) + 1):
                t = cc + lag_k[k] + tau - 1
                if 0 <= t < H:  # §6.4 years before year 0 are dropped, as those after the horizon
                    cohort_profile[k, t] += n_c * profile[k, tau - 1]
                    cohort_se[k, t] += n_c * se[k, tau - 1]
    cm = sc.committees
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
        cost_completer=np.array([c.per_participant is not None and c.per == "completer" for c in sc.costs],
                                dtype=bool),
        lag_k=lag_k,
        gross_baseline=sc.rates.gross_baseline,
        committees=cm.names if cm is not None else (),
        activity_committee=np.array([cm.activity[a] if cm is not None else -1 for a in acts], dtype=np.int64),
        cost_committee=np.array([cm.cost[f"cost.{c.slug}"] if cm is not None and c.actor == "kommune" else -1
                                 for c in sc.costs], dtype=np.int64),
    )


@dataclass(frozen=True)
class Flows:
    """Result of one model evaluation for D draws (the base case is D = 1).

    Output axes of length J = 4 + U are :attr:`ModelSpec.outputs` (kommune, region, stat, total,
    then the kommune's U committees); axes of length 3 are the actors only.
    """

    gains: np.ndarray  # (D, H, 3) G_{a,t}
    costs: np.ndarray  # (D, H, 3) C_{a,t}
    net: np.ndarray  # (D, H, 3) N_{a,t}
    gains_by_activity: np.ndarray  # (D, K, H, 3)
    discount: np.ndarray  # (D, H) 1 / (1 + r)^t
    npv: np.ndarray  # (D, J)
    gains_pv: np.ndarray  # (D, J)
    costs_pv: np.ndarray  # (D, J)
    cumulative_pv: np.ndarray  # (D, H, J) Σ_{u≤t} N_u / (1 + r)^u
    break_even: np.ndarray  # (D, J) first year from which cumulative_pv stays ≥ 0; -1 for none
    activity_pv: np.ndarray  # (D, K, 3) present value of gains by activity and actor
    payback: np.ndarray  # (D, J) §6.6 the same on the undiscounted cumulative net; -1 for none
    sub_gains: np.ndarray  # (D, H, U) the kommune's gains by committee
    sub_costs: np.ndarray  # (D, H, U) the kommune's costs by committee

    @property
    def sub_net(self) -> np.ndarray:
        """(D, H, U) the kommune's net by committee."""
        return self.sub_gains - self.sub_costs


def effective_rate(spec: ModelSpec, theta: np.ndarray) -> np.ndarray:
    """§6.1–6.2 the effective net rate per draw: (s − b)·(1 − h) (b = 0, h = 0 without them: s exactly)."""
    return (theta[:, PARAM_SUCCESS] - theta[:, PARAM_BASELINE]) * (1.0 - theta[:, PARAM_HAIRCUT])


def successes(spec: ModelSpec, theta: np.ndarray) -> np.ndarray:
    """§1.1 S_c = s · n_c with s the effective net rate (the base case and deterministic cohorts)."""
    return effective_rate(spec, theta)[:, None] * spec.participants[None, :]


def completers(spec: ModelSpec, theta: np.ndarray) -> np.ndarray:
    """§6.3 m_c = κ · n_c (the base case and deterministic cohorts)."""
    return theta[:, [PARAM_COMPLETION]] * spec.participants[None, :]


def evaluate(spec: ModelSpec, theta: np.ndarray, succ: np.ndarray | None = None,
             compl: np.ndarray | None = None) -> Flows:
    """Evaluate §1 and §6 for every row of theta (draw × P). `succ`, `compl` (draw × C) override S_c, m_c."""
    theta = np.atleast_2d(np.asarray(theta, dtype=float))
    D, H, K, U = theta.shape[0], spec.horizon, len(spec.activity), len(spec.committees)
    S = successes(spec, theta) if succ is None else np.asarray(succ, dtype=float)
    m = completers(spec, theta) if compl is None else np.asarray(compl, dtype=float)

    # §1.2 ΔQ_{k,t} = Σ_c S_c · q_k[t − y_c − L_k + 1]; per draw q[τ] = scale · (q[τ] + z · se[τ])
    dq = np.zeros((D, K, H))
    for k in range(K):
        z = theta[:, spec.shock_param[k]]
        scale = theta[:, spec.scale_param[k]]
        for tau in range(1, spec.profile_len[k] + 1):
            q = scale * (spec.profile[k, tau - 1] + z * spec.se[k, tau - 1])  # (D,)
            for c in range(len(spec.participants)):
                t = c + spec.lag_k[k] + tau - 1
                if 0 <= t < H:  # years before 0 (§6.4) and after the horizon are not counted
                    dq[:, k, t] += S[:, c] * q

    # §1.3 G_{a,t} = Σ_k σ_k · ΔQ_{k,t} · p_{k,a}
    price = theta[:, spec.price_param] * spec.price_factor[None]  # (D, K, 3)
    gains_by_activity = spec.sign[None, :, None, None] * dq[..., None] * price[:, :, None, :]
    gains = gains_by_activity.sum(axis=1)

    # §1.4 costs: per-participant items n_c · v (§6.3 per completer: m_c · v) in year c; amounts in their years
    costs = np.zeros((D, H, 3))
    sub_gains, sub_costs = np.zeros((D, H, U)), np.zeros((D, H, U))
    for m_ in range(len(spec.cost_actor)):
        v = theta[:, spec.cost_param[m_]]
        a = spec.cost_actor[m_]
        item = np.zeros((D, H))
        if spec.cost_per_participant[m_]:
            for c, n in enumerate(spec.participants):
                item[:, c] += m[:, c] * v if spec.cost_completer[m_] else n * v
        else:
            item += v[:, None] * spec.cost_years[m_][None, :]
        costs[:, :, a] += item
        if U and spec.cost_committee[m_] >= 0:
            sub_costs[:, :, spec.cost_committee[m_]] += item
    for k in range(K if U else 0):  # §6.5 the kommune's gains by committee
        sub_gains[:, :, spec.activity_committee[k]] += gains_by_activity[:, k, :, 0]

    # §1.5 net and present values, year 0 undiscounted
    net = gains - costs
    r = theta[:, PARAM_DISCOUNT]
    discount = (1.0 + r[:, None]) ** -np.arange(H)[None, :]

    def outs(x, sub):  # (D, ..., 3), (D, ..., U) -> (D, ..., 4 + U): actors, total, committees
        return np.concatenate([x, x.sum(axis=-1, keepdims=True), sub], axis=-1)

    def pv(flow, sub):
        return outs((flow * discount[:, :, None]).sum(axis=1), (sub * discount[:, :, None]).sum(axis=1))

    sub_net = sub_gains - sub_costs
    cumulative = outs(np.cumsum(net * discount[:, :, None], axis=1), np.cumsum(sub_net * discount[:, :, None], axis=1))
    undiscounted = outs(np.cumsum(net, axis=1), np.cumsum(sub_net, axis=1))
    activity_pv = (gains_by_activity * discount[:, None, :, None]).sum(axis=2)
    return Flows(
        gains=gains, costs=costs, net=net, gains_by_activity=gains_by_activity, discount=discount,
        npv=pv(net, sub_net), gains_pv=pv(gains, sub_gains), costs_pv=pv(costs, sub_costs), cumulative_pv=cumulative,
        break_even=break_even_year(cumulative), activity_pv=activity_pv, payback=break_even_year(undiscounted),
        sub_gains=sub_gains, sub_costs=sub_costs,
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
