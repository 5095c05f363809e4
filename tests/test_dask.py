"""The Dask backend: identical summaries on 1, 2 and 4 workers and any chunking, and a worker killed
in the middle of a run changes nothing. Local clusters of worker processes (a few seconds each)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from somsim.model import reference as model
from somsim.results.summary import base_case_block, document
from somsim.scenario.loader import Scenario, load_scenario
from somsim.simulation import engine, sampling

from .prob_gen import prob_scenario


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the English messages; both languages are tested in test_language.py."""
    monkeypatch.setenv("SOMSIM_LANG", "en")


pytestmark = pytest.mark.slow  # cluster tests: ≈ 1 minute in all

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "scenarios" / "cool-kids-2019.toml"
B = sampling.BLOCK
N = 24 * B + 1234  # ≈ 2·10⁵ draws, a partial last block too


def _summary(sc, **kw) -> str:
    r = engine.simulate(sc, **kw)
    base = base_case_block(sc, model.base_case(sc))
    doc = document(sc, base, seed=kw["seed"], draws=r.draws, sampler=kw.get("sampler", "random"),
                   uncertainty=r.summary, extra=r.extra)
    return json.dumps(doc, sort_keys=True)


@pytest.fixture(scope="module")
def sc():
    return Scenario.from_text(prob_scenario(5, correlated=True, stochastic=True), "gen-5.toml")


@pytest.fixture(scope="module")
def reference(sc):
    ref = _summary(sc, draws=N, seed=9, quantiles="exact", chunk_size=2 * B)
    assert _summary(sc, draws=N, seed=9, quantiles="stream", chunk_size=3 * B) == ref
    return ref


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client

    from somsim.simulation.dask_backend import local_cluster

    c = local_cluster(1)
    client = Client(c, set_as_default=False)
    c.client_ = client
    yield c
    client.close()
    with contextlib.suppress(KeyError):  # Dask's status watcher can trip over the worker killed above
        c.close()


def _scale(cluster, n):
    cluster.scale(n)
    cluster.client_.wait_for_workers(n, timeout=120)
    while len(cluster.client_.scheduler_info(n_workers=-1)["workers"]) != n:  # scaling down retires workers
        cluster.client_.wait_for_workers(1, timeout=60)


@pytest.mark.parametrize(("workers", "chunk", "quantiles"), [
    (1, 3 * B, "exact"), (1, B, "stream"),
    (2, 2 * B, "stream"), (2, 7 * B, "exact"),
    (4, B, "exact"), (4, 5 * B, "stream"),
])
def test_same_bytes_on_1_2_4_workers(cluster, sc, reference, workers, chunk, quantiles):
    _scale(cluster, workers)
    got = _summary(sc, draws=N, seed=9, quantiles=quantiles, chunk_size=chunk, scheduler=cluster.scheduler_address)
    assert got == reference


def test_workers_are_single_threaded_numba(cluster):
    _scale(cluster, 2)

    def threads():
        import numba

        return os.environ.get("NUMBA_NUM_THREADS"), numba.config.NUMBA_NUM_THREADS

    assert set(cluster.client_.run(threads).values()) == {("1", 1)}


@pytest.mark.parametrize("quantiles", ["exact", "stream"])
def test_worker_killed_mid_run(cluster, sc, reference, quantiles):
    _scale(cluster, 2)
    client = cluster.client_
    pids = client.run(os.getpid)
    victim = min(pids.values())
    killed = []

    def progress(done, total):  # runs in this process while tasks are in flight on both workers
        if not killed and done >= total // 4:
            os.kill(victim, signal.SIGKILL)
            killed.append(done)

    got = _summary(sc, draws=N, seed=9, quantiles=quantiles, chunk_size=B, scheduler=cluster.scheduler_address,
                   progress=progress)
    assert killed, "the run finished before a worker could be killed"
    assert got == reference
    client.wait_for_workers(2, timeout=120)  # the nanny starts a new worker process
    assert victim not in client.run(os.getpid).values()


def test_backend_map_keeps_order(cluster):
    from somsim.simulation.dask_backend import DaskRunner

    _scale(cluster, 2)
    with DaskRunner(scheduler=cluster.scheduler_address) as be:
        assert be.map(pow, list(range(20)), 3) == [i**3 for i in range(20)]


def test_local_cluster_from_the_command_line(tmp_path):
    """`somsim run --workers 2` starts and stops its own cluster; same bytes as in-process."""
    from click.testing import CliRunner

    from somsim.cli import main

    out = {}
    for extra in ([], ["--workers", "2", "--chunk-size", str(3 * B)]):
        path = tmp_path / f"s{len(extra)}.json"
        res = CliRunner().invoke(main, ["run", str(CASE), "--draws", "100000", "--seed", "4", "--json", str(path),
                                        *extra])
        assert res.exit_code == 0, res.output
        out[len(extra)] = path.read_bytes()
    assert out[0] == out[4]
    assert load_scenario(CASE).id in out[4].decode()


def test_unreachable_scheduler_is_bad_input(monkeypatch):
    # issue #16: a refused connection is found by the probe in seconds and is bad input (UsageError,
    # exit 2), no longer a BackendError after Dask's 30 s timeout
    from somsim.errors import UsageError

    sc = Scenario.from_text(prob_scenario(3), "gen.toml")
    with pytest.raises(UsageError, match="connection was refused"):
        engine.simulate(sc, draws=100, scheduler="tcp://127.0.0.1:9")


def test_a_malformed_scheduler_address_is_bad_input(tmp_path):
    from click.testing import CliRunner

    from somsim.cli import main

    res = CliRunner().invoke(main, ["run", str(CASE), "--draws", "8192", "--scheduler", "foo bar",
                                    "--json", str(tmp_path / "s.json")])
    assert res.exit_code == 2, res.output
    assert "--scheduler expects an address" in res.stderr
    assert not (tmp_path / "s.json").exists()


def test_sensitivity_designs_on_the_cluster_give_the_same_indices(cluster):
    """Sobol', Morris and a given-data method: chunks of the design as tasks, identical results."""
    from somsim.sensitivity import core as S

    _scale(cluster, 2)
    case = load_scenario(CASE)
    addr = cluster.scheduler_address
    runs = [
        (S.sobol, {"n": 256, "outputs": ["npv.total", "net.total.3"], "seed": 2, "resamples": 20}),
        (S.morris, {"trajectories": 20, "seed": 2, "resamples": 20}),
    ]
    for fn, kw in runs:
        local = fn(case, **kw).to_dict()
        remote = fn(case, scheduler=addr, **kw).to_dict()
        assert json.dumps(remote, sort_keys=True) == json.dumps(local, sort_keys=True), fn.__name__
    local = S.given_data(case, "pawn", draws=20_000, seed=3, resamples=10).to_dict()
    remote = S.given_data(case, "pawn", draws=20_000, seed=3, resamples=10, scheduler=addr).to_dict()
    assert json.dumps(remote, sort_keys=True) == json.dumps(local, sort_keys=True)
