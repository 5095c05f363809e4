"""Partitions of the inputs into a design's factors: correlated blocks and groups.

Sobol' and Morris estimators assume independent factors. Each block of inputs tied by
``[[correlation]]`` is therefore one factor (the copula acts within it), and grouped Sobol' indices
need the groups packed into partitions of pairwise disjoint groups, each completed with an
'(other inputs)' part.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass

from somsim.scenario.loader import Scenario

__all__ = ["Part", "block_label", "correlated_blocks", "group_partitions", "input_partition"]


@dataclass(frozen=True)
class Part:
    """One group of a partition of the inputs (a design's factor).

    ``report`` is False for the '(other inputs)' filler of a partition, whose indices are not shown.
    """

    name: str
    members: tuple[str, ...]
    report: bool = True


def correlated_blocks(sc: Scenario, plan=None) -> list[tuple[str, ...]]:
    """Blocks of inputs tied by ``[[correlation]]`` (connected components), in input order.

    If the copula factor of `plan` mixes two components (a semi-definite matrix factored by
    eigenvectors), every correlated input is put into one block, since the copula cannot then act
    block by block.
    """
    if not sc.correlations:
        return []
    names = list(sc.input_names)
    parent = {n: n for inputs, _ in sc.correlations for n in inputs}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for inputs, _ in sc.correlations:
        for n in inputs[1:]:
            parent[find(n)] = find(inputs[0])
    if plan is not None and plan.cop_cols.size:
        roots = [find(names[c]) for c in plan.cop_cols]
        F = plan.cop_F
        mixed = any(abs(F[j, k]) > 1e-12 for j in range(len(roots)) for k in range(len(roots)) if roots[j] != roots[k])
        if mixed:
            return [tuple(n for n in names if n in parent)]
    comps: dict[str, list[str]] = {}
    for n in names:
        if n in parent:
            comps.setdefault(find(n), []).append(n)
    return sorted((tuple(v) for v in comps.values()), key=lambda b: names.index(b[0]))


def _merge_blocks(parts: list[Part], blocks: list[tuple[str, ...]],
                  names: Sequence[str]) -> tuple[list[Part], list[str]]:
    """Unite the parts that share a correlated block; return the new parts and what was merged."""
    owner = {m: i for i, p in enumerate(parts) for m in p.members}
    parent = list(range(len(parts)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for b in blocks:
        ids = sorted({owner[m] for m in b})
        for i in ids[1:]:
            parent[find(i)] = find(ids[0])
    merged: dict[int, list[int]] = {}
    for i in range(len(parts)):
        merged.setdefault(find(i), []).append(i)
    out, notes = [], []
    for ids in merged.values():
        if len(ids) == 1:
            out.append(parts[ids[0]])
            continue
        ps = [parts[i] for i in ids]
        members = tuple(n for n in names if any(n in p.members for p in ps))
        out.append(Part(" + ".join(p.name for p in ps), members, any(p.report for p in ps)))
        notes.append(" and ".join(f"'{p.name}'" for p in ps) + " are analysed as one group because they share "
                     "correlated inputs")
    out.sort(key=lambda p: list(names).index(p.members[0]))
    return out, notes


def block_label(members: Sequence[str], names: Sequence[str]) -> str:
    """A short unique name of a block of inputs.

    'a + b' for two inputs; for more, a pattern such as 'consequence.*.scale' when it matches exactly
    the block's inputs among `names`, else 'a + b + …'.
    """
    if len(members) > 2:
        pre = os.path.commonprefix(list(members))
        suf = os.path.commonprefix([m[::-1] for m in members])[::-1]
        if len(pre) + len(suf) < min(map(len, members)):
            pat = f"{pre}*{suf}"
            if {n for n in names if fnmatch.fnmatchcase(n, pat)} == set(members):
                return pat
    return " + ".join(members)


def input_partition(sc: Scenario, blocks: list[tuple[str, ...]]) -> list[Part]:
    """One part per input, except that each correlated block is one part (see :func:`block_label`)."""
    names = sc.input_names
    parts = [Part(n, (n,)) for n in names if not any(n in b for b in blocks)]
    parts += [Part(block_label(b, names), tuple(b)) for b in blocks]
    parts.sort(key=lambda p: names.index(p.members[0]))
    return parts


def group_partitions(sc: Scenario, blocks: list[tuple[str, ...]]) -> tuple[list[list[Part]], list[str]]:
    """Partitions of the inputs that together hold every group of ``sc.groups``, and notes for the reader.

    Grouped Sobol' needs a partition: groups are packed greedily into as few partitions of
    pairwise disjoint groups as possible (the default groups form one), each completed with an
    '(other inputs)' part, and groups that share a correlated block are merged.
    """
    names = sc.input_names
    packs: list[list[Part]] = []
    for g, members in sc.groups.items():
        if not members:
            continue
        part = Part(g, tuple(members))
        for pack in packs:
            if all(not set(members) & set(p.members) for p in pack):
                pack.append(part)
                break
        else:
            packs.append([part])
    out, notes = [], []
    for pack in packs:
        covered = {m for p in pack for m in p.members}
        rest = tuple(n for n in names if n not in covered)
        parts = pack + ([Part("(other inputs)", rest, report=False)] if rest else [])
        if blocks:
            parts, msg = _merge_blocks(parts, blocks, names)
            notes += msg
        out.append(parts)
    if len(out) > 1:
        notes.append(f"the groups overlap, so they are analysed in {len(out)} designs of disjoint groups: "
                     + "; ".join(", ".join(p.name for p in pack if p.report) for pack in out))
    return out, notes
