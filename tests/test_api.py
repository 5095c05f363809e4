"""somsim's curated public API: every name in ``somsim.__all__`` resolves, and ``import somsim`` stays light."""

from __future__ import annotations

import subprocess
import sys

import somsim

HEAVY = ("numba", "scipy", "xarray", "matplotlib", "SALib", "dask", "sklearn")


def test_all_is_sorted_and_every_name_resolves():
    assert list(somsim.__all__) == sorted(somsim.__all__)
    for name in somsim.__all__:
        assert getattr(somsim, name) is not None, name
    assert set(dir(somsim)) == set(somsim.__all__)


def test_the_entry_points_return_the_api_result_objects():
    from somsim import api
    from somsim.voi import core as voi

    assert somsim.load is somsim.load_scenario
    assert somsim.analyse_sensitivity is api.analyse_sensitivity and somsim.sobol is api.sobol
    assert somsim.oat is api.oat and somsim.simulate is api.simulate
    assert somsim.analyse_voi is api.analyse_voi and somsim.evsi is voi.evsi


def test_an_unknown_name_is_an_attribute_error():
    try:
        somsim.no_such_name  # noqa: B018
    except AttributeError as e:
        assert "no_such_name" in str(e)
    else:
        raise AssertionError("somsim.no_such_name resolved")


def test_import_somsim_does_not_import_the_heavy_dependencies():
    code = ("import sys, somsim; heavy = [m for m in " + repr(HEAVY) + " if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import somsim imported {out.stdout.strip()}"


def test_all_lists_exactly_the_lazy_names_and_the_eager_ones():
    eager = {"__version__", "BackendError", "Problem", "ScenarioError", "SomsimError", "UsageError"}
    assert set(somsim.__all__) == set(somsim._LAZY) | eager
