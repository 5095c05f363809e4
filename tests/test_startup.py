"""Start-up: what each command imports, and the on-disk cache of inverse-CDF tables (issue #13).

Imports are inspected in a fresh interpreter (``sys.modules`` after the command ran), since this
test process has imported everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from somsim.scenario.loader import load_scenario
from somsim.simulation import sampling

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "scenarios" / "keep-2019.toml"  # beta and PERT inputs: tabulated families
HEAVY = ("scipy.stats", "scipy.special", "scipy.optimize", "matplotlib", "xarray", "SALib", "sklearn", "dask",
         "openpyxl", "jinja2")

_PROBE = """
import json, runpy, sys
sys.argv = ["somsim", *json.loads(sys.argv[1])]
try:
    runpy.run_module("somsim", run_name="__main__")
except SystemExit as e:
    code = e.code
else:
    code = 0
print(json.dumps({"code": code, "loaded": sorted(m for m in json.loads(%r) if m in sys.modules)}))
"""


def _imports_of(args: list[str], env_extra: dict[str, str] | None = None) -> dict:
    """Run `somsim ARGS` in a fresh interpreter; its exit code and which of HEAVY it imported."""
    env = {**os.environ, **(env_extra or {})}
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    r = subprocess.run([sys.executable, "-c", _PROBE % json.dumps(HEAVY), json.dumps(args)], capture_output=True,
                       text=True, env=env, cwd=ROOT, timeout=600)
    assert r.stdout.strip(), r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_check_imports_nothing_heavy():
    got = _imports_of(["check", str(CASE)])
    assert got["code"] == 0
    assert got["loaded"] == [], f"`somsim check` imported {got['loaded']}"


def test_check_does_not_import_numba_or_the_other_commands():
    probe = (f"import runpy, sys; sys.argv = ['somsim', 'check', {str(CASE)!r}]\n"
             "try:\n    runpy.run_module('somsim', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('numba', 'somsim.sensitivity', 'somsim.voi', 'somsim.simulation', "
             "'somsim.cli.sensitivity', 'somsim.cli.voi', 'somsim.cli.report') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_summary_run_with_warm_tables_imports_no_scipy_stats(tmp_path):
    env = {"SOMSIM_CACHE_DIR": str(tmp_path / "cache")}
    first = _imports_of(["run", str(CASE), "--draws", "10000", "--json", str(tmp_path / "a.json")], env)
    assert first["code"] == 0
    assert any(p.suffix == ".npy" for p in (tmp_path / "cache").iterdir())  # the tables were cached
    second = _imports_of(["run", str(CASE), "--draws", "10000", "--json", str(tmp_path / "b.json")], env)
    assert second["code"] == 0
    assert second["loaded"] == [], f"a summary-only run with cached tables imported {second['loaded']}"
    # the cached tables give the same bytes as freshly built ones
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def _same_tables(a, b) -> bool:
    return all(np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y for x, y in zip(a, b, strict=True))


def test_cached_tables_equal_built_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("SOMSIM_CACHE_DIR", str(tmp_path))
    dists = [p.dist for p in load_scenario(CASE).inputs]
    built = sampling.build_tables(dists, cache=False)
    first = sampling.build_tables(dists)  # builds and writes
    files = sorted(tmp_path.glob("*.npy"))
    assert len(files) == built[1].shape[0]  # one file a row: the standard normal and each tabulated input
    again = sampling.build_tables(dists)  # reads
    assert _same_tables(built, first) and _same_tables(built, again)


def test_damaged_cache_files_are_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("SOMSIM_CACHE_DIR", str(tmp_path))
    dists = [p.dist for p in load_scenario(CASE).inputs]
    built = sampling.build_tables(dists, cache=False)
    sampling.build_tables(dists)
    files = sorted(tmp_path.glob("*.npy"))
    files[0].write_bytes(b"not a table")
    np.save(files[1], np.zeros((2, 3)))  # wrong shape
    assert _same_tables(built, sampling.build_tables(dists))
    assert _same_tables(built, sampling.build_tables(dists))  # and rewritten correctly


@pytest.mark.parametrize("value", ["off", "0"])
def test_cache_can_be_switched_off(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SOMSIM_CACHE_DIR", value)
    assert sampling.table_cache_dir() is None
    dists = [p.dist for p in load_scenario(CASE).inputs]
    assert _same_tables(sampling.build_tables(dists, cache=False), sampling.build_tables(dists))


def test_cache_key_depends_on_parameters():
    a = sampling._row_key("beta", (2.0, 3.0, 0.0, 1.0), 4097, 2.0**-53)
    b = sampling._row_key("beta", (2.0, 3.0000000000000004, 0.0, 1.0), 4097, 2.0**-53)
    c = sampling._row_key("beta", (2.0, 3.0, 0.0, 1.0), 4097, 2.0**-52)
    assert len({a, b, c}) == 3
