"""Sobol' indices of somsim outputs: Saltelli designs over partitions of the inputs, evaluated in chunks.

One design holds the inputs (each correlated block as one factor, the copula applied within it);
one more design per partition of the groups (see :func:`somsim.sensitivity.partitions.group_partitions`).
Designs grow by doubling N for ``n="auto"``: the design of 2N extends that of N, so every
evaluation is kept. The estimators are SALib's (:mod:`somsim.sensitivity.saltelli`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from somsim.errors import UsageError
from somsim.scenario.loader import Scenario
from somsim.sensitivity.common import (
    ATOL,
    AUTO_START,
    MAX_VALUES,
    Evaluator,
    Output,
    Progress,
    SensitivityResult,
    check_common,
    common_notes,
    constant_notes,
    is_constant,
    resolve_outputs,
    sub_seed,
)
from somsim.sensitivity.partitions import Part, block_label, correlated_blocks, group_partitions, input_partition

__all__ = ["run_sobol"]


class _SobolDesign:
    """A Saltelli design over a partition of the inputs, extendable by doubling N."""

    def __init__(self, parts: list[Part], names: Sequence[str], seed: int, second_order: bool):
        self.parts, self.names, self.seed, self.second_order = parts, list(names), seed, second_order
        self.masks = np.array([[n in p.members for n in self.names] for p in parts], dtype=bool)
        self.n = 0
        self.Y: list[np.ndarray] = []

    @property
    def step(self) -> int:
        from somsim.sensitivity.saltelli import step

        return step(len(self.parts), self.second_order)

    def rows(self, n: int) -> int:
        return n * self.step

    def extend(self, n: int, ev: Evaluator, tick: Callable[[int], None]) -> None:
        from somsim.sensitivity.saltelli import base_sequence, design_rows

        if n <= self.n:
            return
        base = base_sequence(len(self.names), n - self.n, self.seed, start=self.n)
        per = max(1, ev.chunk // self.step)
        for b0 in range(0, len(base), per):
            U = design_rows(base[b0:b0 + per], self.masks, self.second_order)
            self.Y.append(ev.from_unit(U))
            tick(len(U))
        self.n = n

    def outputs(self, j: int) -> np.ndarray:
        if len(self.Y) > 1:
            self.Y = [np.concatenate(self.Y)]
        return self.Y[0][:, j]


def _power_of_two(n: Any) -> bool:
    """Whether `n` is a whole number 16, 32, 64, … (not a bool)."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        return False
    return int(n) >= 16 and not int(n) & (int(n) - 1)


def _narrow(v: float, conf: float, tol: float) -> bool:
    return not (conf > max(tol * abs(v), tol * ATOL / 0.1))


def run_sobol(sc: Scenario, *, n: int | str, outputs, seed: int, second_order: bool, groups: bool, resamples: int,
              conf_level: float, tolerance: float, max_n: int, progress: Progress | None) -> SensitivityResult:
    """Sobol' indices of the outputs; the arguments are those of :func:`somsim.sensitivity.core.sobol`."""
    auto = n == "auto"
    if not auto and not _power_of_two(n):
        raise UsageError(f"the Sobol' base sample must be a power of two ≥ 16 or 'auto' (got {n!r})")
    if not _power_of_two(max_n):
        raise UsageError(f"max_n must be a power of two ≥ 16 (got {max_n!r})")
    check_common(resamples, conf_level, tolerance)
    outs = resolve_outputs(sc, outputs)
    names = sc.input_names
    if len(names) < 1:
        raise UsageError("the scenario has no uncertain inputs: nothing to analyse")
    ev = Evaluator(sc, outs)
    blocks = correlated_blocks(sc, ev.plan)
    notes = common_notes(sc, designed=True)
    for b in blocks:
        notes.append(f"Sobol' indices assume independent inputs: the correlated inputs {', '.join(b)} are analysed "
                     f"as one block, '{block_label(b, names)}', with their correlation, and get one pair of indices")
    designs = [_SobolDesign(input_partition(sc, blocks), names, sub_seed(seed, 1, 0), second_order)]
    if groups:
        packs, gnotes = group_partitions(sc, blocks)
        notes += gnotes
        designs += [_SobolDesign(p, names, sub_seed(seed, 1, k + 1), False) for k, p in enumerate(packs)]
    per_n = sum(d.step for d in designs) * len(outs)
    N = int(min(AUTO_START, max_n)) if auto else int(n)
    if not auto and N * per_n > MAX_VALUES:
        raise UsageError(f"N = {N} would store {N * per_n:,} output values; use a smaller --n or fewer outputs")
    count = {"done": 0, "total": 0}  # evaluations, for the progress callback

    def tick(k: int) -> None:
        count["done"] += k
        if progress is not None:
            progress(count["done"], count["total"])

    while True:
        count["total"] = sum(d.rows(N) for d in designs)
        for d in designs:
            d.extend(N, ev, tick)
        results = [_sobol_output(o, j, designs, N, resamples, conf_level, tolerance, sub_seed(seed, 2))
                   for j, o in enumerate(outs)]
        narrow = not any(r["wide"] for r in results)
        if not auto or narrow or 2 * N > max_n or 2 * N * per_n > MAX_VALUES:
            break
        N *= 2
    warnings = [f"{r['output']}: {w}" for r in results for w in r["warnings"]]
    notes += constant_notes(results)
    if auto and not narrow:
        warnings.append(f"--n auto stopped at N = {N} before every interval was narrow")
    settings = {"second_order": second_order, "groups": groups, "num_resamples": resamples,
                "conf_level": conf_level, "tolerance": tolerance, "auto": auto,
                "outputs": [o.name for o in outs]}
    return SensitivityResult("sobol", sc, results, N, ev.evaluations, seed, settings, notes, warnings,
                             converged=narrow if auto else None)


def _sobol_output(o: Output, j: int, designs: list[_SobolDesign], N: int, R: int, conf: float, tol: float,
                  boot_seed: int) -> dict:
    from somsim.sensitivity.saltelli import indices

    y0 = designs[0].outputs(j)
    ab = y0.reshape(N, designs[0].step)[:, [0, -1]]  # the A and B rows: independent draws of the output
    res: dict[str, Any] = {"method": "sobol", "output": o.name, "n": N,
                           "evaluations": sum(d.rows(N) for d in designs),
                           "mean": float(ab.mean()), "sd": float(ab.std(ddof=1)),
                           "indices": {}, "groups": {}, "wide": [], "warnings": []}
    if is_constant(y0):
        res["constant"] = True
        res["note"] = f"the output does not vary (it is {y0[0]:.6g} in every evaluation): no indices"
        return res
    wide: list[str] = []
    for k, d in enumerate(designs):
        S = indices(d.outputs(j), len(d.parts), second_order=d.second_order, resamples=R, conf_level=conf,
                    seed=boot_seed)
        target = res["indices"] if k == 0 else res["groups"]
        for g, p in enumerate(d.parts):
            if not p.report:
                continue
            row: dict[str, Any] = {key: float(S[key][g]) for key in ("S1", "S1_conf", "ST", "ST_conf")}
            if k > 0 or len(p.members) > 1:
                row["members"] = list(p.members)
            if k == 0 and len(p.members) > 1:
                row["correlated"] = True
            target[p.name] = row
            if not (_narrow(row["S1"], row["S1_conf"], tol) and _narrow(row["ST"], row["ST_conf"], tol)):
                wide.append(p.name)
        if k == 0:
            res["sum_S1"] = float(np.sum(S["S1"]))
            if d.second_order:
                res["S2"] = {a.name: {b.name: {"S2": float(S["S2"][g, h]), "S2_conf": float(S["S2_conf"][g, h])}
                                      for h, b in enumerate(d.parts) if h > g}
                             for g, a in enumerate(d.parts) if g < len(d.parts) - 1}
    res["wide"] = list(dict.fromkeys(wide))
    if wide:
        show = ", ".join(res["wide"][:5]) + (f" and {len(wide) - 5} more" if len(wide) > 5 else "")
        res["warnings"].append(f"the {conf:.0%} intervals are wide relative to the index for {show}; "
                               "use a larger --n or --n auto")
    return res


