"""Runners: one interface for running chunks of blocks here or on a Dask cluster.

A :class:`Runner` is made by the caller (:func:`runner_for`) and passed explicitly to the code that
maps work over blocks (engine.simulate, quantiles.run, the sensitivity evaluator). Both runners give
the same numbers: each chunk is a pure function of (plan, b0, b1), and every reduction they apply is
exact and independent of order and grouping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from somsim.model import kernels as K
from somsim.simulation import blocks
from somsim.simulation.blocks import Chunk
from somsim.simulation.plan import Plan

__all__ = ["LocalRunner", "Progress", "Runner", "runner_for"]

#: progress(done, total): draws (or items) done so far and in all
Progress = Callable[[int, int], None]
Ranges = Sequence[tuple[int, int]]


class Runner(Protocol):
    """What the simulation needs from a backend (implemented by :class:`LocalRunner` and ``DaskRunner``)."""

    #: chunks run in other processes, so per-draw values would have to be sent back (quantiles are
    #: then streamed unless asked otherwise)
    remote: bool

    def map_blocks(self, plan: Plan, todo: Ranges, kw: dict[str, Any], progress: Progress | None = None,
                   done_draws: int = 0) -> list[Chunk]:
        """``blocks.compute_blocks(plan, b0, b1, **kw)`` for each (b0, b1) in `todo`: the chunks in block order.

        `progress` is called with the draws done (counting `done_draws` done before) after each chunk.
        """
        ...

    def map_reduce(self, fn: Callable[..., Any], plan: Any, ranges: Ranges, args: tuple,
                   reduce: Callable[[list[Any]], Any], on_done: Callable[[int, int], None] | None = None) -> Any:
        """``reduce([fn(plan, b0, b1, *args) for (b0, b1) in ranges])``; `reduce` must be exact and order-free.

        `on_done(b0, b1)` is called as each range is done.
        """
        ...

    def map(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any,
            progress: Progress | None = None) -> list[Any]:
        """``[fn(item, *args) for item in items]``, in order (e.g. chunks of a sensitivity design)."""
        ...

    def close(self) -> None:
        """Release what the runner holds (a cluster, a client); it is not used afterwards."""
        ...


class LocalRunner:
    """Runs the chunks in this process, several at once on the kernel threads.

    Each chunk's kernels run on the thread that computes the chunk; a single chunk's kernels split
    its rows over the threads instead. Chunks are taken in block order, so the result is the same.
    """

    remote = False

    def map_blocks(self, plan: Plan, todo: Ranges, kw: dict[str, Any], progress: Progress | None = None,
                   done_draws: int = 0) -> list[Chunk]:
        """See :meth:`Runner.map_blocks`."""
        out = []
        blocks.prepare(plan)
        for ch in K.map_ordered(lambda b0, b1: blocks.compute_blocks(plan, b0, b1, **kw), list(todo)):
            out.append(ch)
            done_draws += int(ch.sizes.sum())
            if progress is not None:
                progress(done_draws, plan.draws)
        return out

    def map_reduce(self, fn: Callable[..., Any], plan: Any, ranges: Ranges, args: tuple,
                   reduce: Callable[[list[Any]], Any], on_done: Callable[[int, int], None] | None = None) -> Any:
        """See :meth:`Runner.map_reduce`; each part is merged as it comes, so few are held at once."""
        acc = None
        if isinstance(plan, Plan):
            blocks.prepare(plan)
        ranges = list(ranges)
        parts = K.map_ordered(lambda b0, b1: fn(plan, b0, b1, *args), ranges)
        for (b0, b1), part in zip(ranges, parts, strict=True):
            acc = part if acc is None else reduce([acc, part])
            if on_done is not None:
                on_done(b0, b1)
        return acc

    def map(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any,
            progress: Progress | None = None) -> list[Any]:
        """See :meth:`Runner.map`."""
        items = list(items)
        out = []
        for i, item in enumerate(items):
            out.append(fn(item, *args))
            if progress is not None:
                progress(i + 1, len(items))
        return out

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> LocalRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def runner_for(workers: int | None = None, scheduler: str | None = None) -> Runner:
    """A :class:`LocalRunner`, or a Dask runner with `workers` local workers or at the `scheduler` address.

    Dask is imported only when it is asked for. Close the runner after use (both are context managers).
    """
    if workers or scheduler:
        from somsim.simulation.dask_backend import DaskRunner

        return DaskRunner(workers=workers, scheduler=scheduler)
    return LocalRunner()
