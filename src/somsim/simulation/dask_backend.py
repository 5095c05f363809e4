"""Dask distributed runner: chunks of blocks run as tasks on a local or remote cluster.

:class:`DaskRunner` implements runners.Runner (made by ``runners.runner_for``):

* ``DaskRunner(workers=N)`` starts a ``LocalCluster`` of N worker processes with one thread each
  (``NUMBA_NUM_THREADS=1`` in their environment, which the kernels' thread pool follows: more
  would oversubscribe the cores), logs silenced and the dashboard on a free port;
  ``DaskRunner(scheduler=ADDRESS)`` connects to a running scheduler (start its workers with
  NUMBA_NUM_THREADS=1, see docs/cluster.md).
* The plan is sent once (as the result of a task, so a lost worker's copy can be recomputed);
  each task computes its blocks from (plan, b0, b1) alone, drawing its own random numbers.
* Tasks return reductions (per-block moments, counts, histograms), merged on the workers in
  groups; the client receives per-draw arrays only when they are asked for (exact quantiles in
  memory, ``keep_draws``). Submission is windowed, so workers never hold more than a few parts.
* A lost worker's tasks are re-run elsewhere by the scheduler (and failed tasks retried
  ``retries`` times); results are a pure function of the blocks, so the numbers do not change.

Dask is imported only here, and only when a runner is made (runners.runner_for imports this module
only for a cluster run).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import threading
import uuid

from somsim._vocab import BLOCK
from somsim.errors import BackendError, UsageError
from somsim.model.kernels import set_threads
from somsim.simulation.blocks import compute_blocks

__all__ = ["DaskBackend", "DaskRunner", "local_cluster", "worker_env"]

GROUP = 16  # parts merged per reduction task
RETRIES = 3
CONNECT_TIMEOUT = "30s"
GATHER_TIMEOUT = 10.0  # seconds to fetch a finished chunk (plus its size at GATHER_RATE) before recomputing it
GATHER_RATE = 20e6  # bytes/s
_setup = threading.local()


def _import_distributed():
    try:
        import distributed
    except ImportError:  # pragma: no cover - depends on the installation
        raise UsageError("--workers/--scheduler need Dask: pip install 'somsim[dask]'") from None
    return distributed


def worker_env(threads: int = 1) -> dict[str, str]:
    """Environment of a worker process: one kernel/BLAS thread per Dask thread."""
    t = str(threads)
    return {"NUMBA_NUM_THREADS": t, "OMP_NUM_THREADS": t, "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


# Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also fixes glibc's mmap threshold at
# 128 kB: every chunk's arrays (tens of MB) are then fresh mmaps, page-faulted on first write (20 % of
# the run time, measured). These keep them in the heap; they must be set before the process starts.
MALLOC_ENV = {"MALLOC_TRIM_THRESHOLD_": str(2**27), "MALLOC_MMAP_THRESHOLD_": str(2**25)}


def local_cluster(n_workers: int, *, threads_per_worker: int = 1, **kw):
    """A LocalCluster of worker processes ready for somsim (quiet, NUMBA_NUM_THREADS set before numba loads)."""
    import dask

    distributed = _import_distributed()
    opts = {"n_workers": n_workers, "threads_per_worker": threads_per_worker, "processes": True,
            "dashboard_address": ":0", "silence_logs": logging.CRITICAL, "env": worker_env(threads_per_worker)}
    opts.update(kw)
    with dask.config.set({f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in MALLOC_ENV.items()}):
        return distributed.LocalCluster(**opts)


def _prepare_thread() -> None:
    """Once per worker: with several Dask threads in a worker, the kernels use one thread each."""
    if getattr(_setup, "done", False):
        return
    _setup.done = True
    try:
        from distributed import get_worker

        nthreads = get_worker().state.nthreads
    except (ImportError, ValueError, AttributeError):
        return
    if nthreads > 1:
        set_threads(1)  # the Dask threads already use the cores


def _call(fn, plan, b0, b1, *args):
    _prepare_thread()
    return fn(plan, b0, b1, *args)


def _call_item(fn, item, *args):
    _prepare_thread()
    return fn(item, *args)


def _reduce(reduce, parts):
    return reduce(parts)


def _identity(x):
    return x


def _blocks(plan, b0, b1, kw):
    return compute_blocks(plan, b0, b1, **kw)


PROBE_TIMEOUT = 3.0  # seconds to connect to a scheduler and to hear its greeting


def probe_scheduler(address: str, timeout: float = PROBE_TIMEOUT) -> None:
    """Check that a Dask scheduler answers at a ``tcp://`` address before Dask itself connects.

    A Dask scheduler speaks first: on a new connection it sends its handshake, a frame whose first
    8 bytes give the (small) length of what follows. Anything else gets a clear refusal within
    `timeout` seconds, instead of a 30 s timeout, a hang, or Dask reading an HTTP reply as a
    3 EiB message.

    Raises
    ------
    UsageError
        Nothing listens there (connection refused), nobody answers (a silent peer), or what answers
        does not speak Dask's protocol (an HTTP server such as the dashboard).
    """
    import socket
    import struct

    if not address.startswith("tcp://") and "://" in address:
        return  # tls://, ucx:// …: left to Dask
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    expected = "a Dask scheduler (its address is usually tcp://HOST:8786; the dashboard on 8787 is not it)"
    try:
        sock = socket.create_connection((host, int(port)), timeout=timeout)
    except ConnectionRefusedError:
        raise UsageError(f"--scheduler {address}: the connection was refused — nothing listens there; expected "
                         f"{expected}") from None
    except (OSError, ValueError) as e:
        raise UsageError(f"--scheduler {address}: could not connect within {timeout:g} s ({e}); expected "
                         f"{expected}") from None
    try:
        sock.settimeout(timeout)
        head = b""
        while len(head) < 8:
            got = sock.recv(8 - len(head))
            if not got:
                break
            head += got
    except TimeoutError:
        raise UsageError(f"--scheduler {address}: connected, but nothing answered within {timeout:g} s — a Dask "
                         f"scheduler greets at once; expected {expected}") from None
    except OSError as e:
        raise UsageError(f"--scheduler {address}: the connection failed ({e}); expected {expected}") from None
    finally:
        sock.close()
    if len(head) < 8 or struct.unpack("<Q", head)[0] > 1 << 24:
        shown = head.decode("latin-1").encode("unicode_escape").decode("ascii")
        what = "an HTTP server" if head.startswith(b"HTTP") else "something that does not speak Dask's protocol"
        raise UsageError(f"--scheduler {address}: {what} answered ({shown!r}…); expected {expected}")


class DaskRunner:
    """Run chunks of blocks on a Dask cluster (see the module docstring); a runners.Runner.

    Parameters
    ----------
    workers : start a local cluster of this many single-threaded worker processes
    scheduler : or connect to the Dask scheduler at this address (tcp://HOST:8786)
    retries : times a failed task is run again
    window : tasks in flight at once (default: twice the cluster's threads, at least 4)
    """

    remote = True

    def __init__(self, *, workers: int | None = None, scheduler: str | None = None, retries: int = RETRIES,
                 window: int | None = None):
        distributed = _import_distributed()
        if workers and scheduler:
            raise UsageError("give workers or scheduler, not both")
        self.retries = retries
        self.cluster = None
        self._uid = uuid.uuid4().hex[:8]
        self._count = itertools.count()
        self._plans: dict[int, tuple] = {}
        self._window = window
        if scheduler:  # a malformed address would leave a half-built Client that blocks at exit
            from distributed.comm.addressing import get_address_host_port, normalize_address

            try:
                get_address_host_port(normalize_address(scheduler))
            except ValueError as e:
                raise UsageError(f"--scheduler expects an address such as tcp://HOST:8786 (got {scheduler!r}): "
                                 f"{e}") from None
            probe_scheduler(normalize_address(scheduler))  # a wrong port or protocol is found in seconds, not minutes
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, set_as_default=False, timeout=CONNECT_TIMEOUT)
            else:
                self.cluster = local_cluster(int(workers or os.cpu_count() or 1))
                self.client = distributed.Client(self.cluster, set_as_default=False)
                self.client.wait_for_workers(int(workers or 1), timeout=120)
        except (OSError, TimeoutError) as e:
            self.close()
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise BackendError(f"could not connect to {where}: {e}") from None

    # ------------------------------------------------------------------------------------------

    def _key(self, what: str) -> str:
        return f"somsim-{what}-{self._uid}-{next(self._count)}"

    def _threads(self) -> int:
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:  # noqa: BLE001 - only a hint for the window size
            return 1

    def _plan_future(self, plan):
        """The plan as the result of a task: sent once, recomputable if the worker holding it dies."""
        got = self._plans.get(id(plan))
        if got is None or got[0] is not plan:
            fut = self.client.submit(_identity, plan, key=self._key("plan"), pure=False)
            self._plans = {id(plan): (plan, fut)}  # keep one: a new plan releases the old
            got = self._plans[id(plan)]
        return got[1]

    def _iterate(self, fn, plan, ranges, args):
        """Submit (fn, plan, b0, b1, *args) per range, a window at a time; a _Window yields (future, range)."""
        return _Window(self, fn, self._plan_future(plan), ranges, args)

    def _raise(self, f):
        exc = f.exception()
        if isinstance(exc, Exception) and exc.__class__.__module__.startswith("somsim"):
            raise exc
        raise BackendError(f"a Dask task failed: {exc.__class__.__name__}: {exc}") from exc

    # ------------------------------------------------------------------------------------------
    # the runners.Runner interface (engine.simulate, quantiles.run, the sensitivity evaluator)

    def map_blocks(self, plan, todo, kw, progress=None, done_draws: int = 0) -> list:
        """compute_blocks(plan, b0, b1, **kw) for each (b0, b1) in todo; the chunks in block order.

        Used when per-draw values are wanted in this process (exact quantiles, keep_draws); each
        chunk is fetched as soon as it is done, so workers hold little.
        """
        out = []
        per_draw = 32 + (8 * (len(plan.input_names) + 3 * plan.spec.horizon + 4) if kw.get("keep_draws") else 0)
        window = self._iterate(_blocks, plan, todo, (kw,))
        for f, (b0, b1) in window:
            try:
                ch = f.result(timeout=GATHER_TIMEOUT + (b1 - b0) * BLOCK * per_draw / GATHER_RATE)
            except TimeoutError:
                # a finished chunk that cannot be fetched (its worker died while we asked for it; Dask
                # may then wait for a connect timeout): compute it again rather than wait
                f.cancel()
                window.submit((b0, b1))
                continue
            f.release()
            out.append(ch)
            done_draws += sum(plan.block_size(b) for b in range(b0, b1))
            if progress is not None:
                progress(done_draws, plan.draws)
        return sorted(out, key=lambda c: c.b0)

    def map_reduce(self, fn, plan, ranges, args, reduce, on_done=None):
        """reduce([fn(plan, b0, b1, *args) for each range]), merged on the workers in groups of GROUP.

        `reduce` must be exact and independent of order and grouping (integer sums, min/max, sorting).
        """
        pending, partials = [], []
        for f, (b0, b1) in self._iterate(fn, plan, ranges, args):
            pending.append(f)
            if len(pending) >= GROUP:
                partials.append(self._submit_reduce(reduce, pending))
                pending = []
            if on_done is not None:
                on_done(b0, b1)
        parts = partials + pending
        while len(parts) > GROUP:
            parts = [self._submit_reduce(reduce, parts[i:i + GROUP]) for i in range(0, len(parts), GROUP)]
        final = self._submit_reduce(reduce, parts)
        try:
            return final.result()
        except Exception as e:
            if final.status == "error":
                self._raise(final)
            raise BackendError(f"a Dask reduction failed: {e}") from e

    def _submit_reduce(self, reduce, futures):
        return self.client.submit(_reduce, reduce, list(futures), key=self._key("reduce"), retries=self.retries,
                                  pure=False)

    def map(self, fn, items, *args, progress=None) -> list:
        """[fn(item, *args) for item in items] as tasks (e.g. chunks of a sensitivity design), in order."""
        from distributed import as_completed

        items = list(items)
        out: list = [None] * len(items)
        index: dict[str, int] = {}
        ac = as_completed(loop=self.client.loop)

        def submit(i):
            f = self.client.submit(_call_item, fn, items[i], *args, key=self._key("item"), retries=self.retries,
                                   pure=False)
            index[f.key] = i
            ac.add(f)

        for i in range(len(items)):
            submit(i)
        done = 0
        for f in ac:
            if f.status == "error":
                self._raise(f)
            pos = index.pop(f.key, None)
            if pos is None or f.status == "cancelled":
                continue
            try:
                out[pos] = f.result(timeout=GATHER_TIMEOUT)
            except TimeoutError:  # see map_blocks
                f.cancel()
                submit(pos)
                continue
            done += 1
            if progress is not None:
                progress(done, len(items))
        return out

    def close(self) -> None:
        """Close the client, and the cluster when this runner started it (best effort)."""
        self._plans = {}
        client, cluster = getattr(self, "client", None), self.cluster
        self.client = self.cluster = None
        for closable in (client, cluster):  # closing is best effort
            if closable is not None:
                with contextlib.suppress(Exception):
                    closable.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class _Window:
    """At most `window` tasks in flight; iterate to get (future, range) as they finish."""

    def __init__(self, backend: DaskRunner, fn, plan_f, ranges, args):
        from distributed import as_completed

        self.backend, self.fn, self.plan_f, self.args = backend, fn, plan_f, args
        self.ranges = iter(ranges)
        self.where: dict[str, tuple[int, int]] = {}
        self.ac = as_completed(loop=backend.client.loop)
        for _ in range(backend._window or max(4, 2 * backend._threads())):
            if not self._next():
                break

    def submit(self, r: tuple[int, int]) -> None:
        b = self.backend
        f = b.client.submit(_call, self.fn, self.plan_f, r[0], r[1], *self.args, key=b._key(f"blocks{r[0]}"),
                            retries=b.retries, pure=False)
        self.where[f.key] = r
        self.ac.add(f)

    def _next(self) -> bool:
        r = next(self.ranges, None)
        if r is None:
            return False
        self.submit(r)
        return True

    def __iter__(self):
        for f in self.ac:
            r = self.where.pop(f.key, None)
            if r is None or f.status == "cancelled":
                continue
            if f.status == "error":
                self.backend._raise(f)
            yield f, r
            self._next()


DaskBackend = DaskRunner  # the former name, still used by callers outside the simulation layer
