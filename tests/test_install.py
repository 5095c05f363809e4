"""The bundled cases ship inside the package, and docs/python-api.md runs from an installed wheel.

``somsim/examples/scenarios/*.toml`` and ``somsim/examples/distributions/dk-activities.toml`` are
byte-for-byte copies of the top-level ``scenarios/`` and ``distributions/`` files (which users of a
checkout see and edit); ``somsim.example(name)`` gives the packaged copy. The last test builds the
wheel, installs it into an empty folder and runs the Python API's worked example from outside the
checkout, so the installed package, not ``src/``, is what runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import somsim
from somsim.api import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "src" / "somsim" / "examples"
FIX = "cp scenarios/*.toml src/somsim/examples/scenarios/ && cp distributions/dk-activities.toml " \
      "src/somsim/examples/distributions/"


def test_the_packaged_cases_are_the_top_level_files_byte_for_byte():
    top = {p.name: p for p in (ROOT / "scenarios").glob("*.toml")}
    packed = {p.name: p for p in (PACKAGED / "scenarios").glob("*.toml")}
    assert set(packed) == set(top), f"the packaged cases differ from scenarios/: {FIX}"
    for name, p in top.items():
        assert packed[name].read_bytes() == p.read_bytes(), f"{name} differs from its packaged copy: {FIX}"
    assert [p.name for p in (PACKAGED / "distributions").iterdir()] == ["dk-activities.toml"]
    lib = (ROOT / "distributions" / "dk-activities.toml").read_bytes()
    assert (PACKAGED / "distributions" / "dk-activities.toml").read_bytes() == lib, FIX
    assert sorted(EXAMPLES) == sorted(Path(n).stem for n in top)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_gives_the_packaged_case_and_it_loads(name):
    path = somsim.example(name)
    assert path.parent == Path(somsim.__file__).resolve().parent / "examples" / "scenarios"
    sc = somsim.load(path)
    top = somsim.load(ROOT / "scenarios" / f"{name}.toml")
    assert sc.id == name and sc.sha256 == top.sha256
    assert somsim.base_case(sc).npv == somsim.base_case(top).npv


def test_scenarios_readme_says_how_to_reach_the_cases_without_a_checkout():
    text = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    assert "somsim.example(" in text
    assert "/work/" not in text and "shared/background" not in text


@pytest.mark.slow
def test_the_python_api_doc_runs_from_an_installed_wheel(tmp_path):
    # build from a copy of what the wheel is made of, so nothing (build/, *.egg-info) is left in the checkout
    srcdir = tmp_path / "source"
    srcdir.mkdir()
    for f in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / f, srcdir / f)
    shutil.copytree(ROOT / "src", srcdir / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([*pip, "wheel", "--no-deps", "-w", str(tmp_path / "dist"), str(srcdir)],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    (wheel,) = (tmp_path / "dist").glob("somsim-*.whl")
    site = tmp_path / "site"
    r = subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (site / "somsim" / "examples" / "scenarios" / "keep-2019.toml").is_file()
    # the worked example, run from an empty folder with only the installed package on the path
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = textwrap.dedent(f"""
        import doctest, sys
        import somsim
        print(somsim.__file__)
        print(somsim.example("cool-kids-2019"))
        res = doctest.testfile({str(ROOT / "docs" / "python-api.md")!r}, module_relative=False,
                               optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        print(res.attempted, res.failed)
        sys.exit(1 if res.failed else 0)
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere,
                       env={**env, "PYTHONPATH": str(site), "MPLBACKEND": "Agg"}, timeout=900)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    lines = r.stdout.splitlines()
    assert Path(lines[0]).resolve().is_relative_to(site.resolve())  # the installed package ran, not src/
    assert Path(lines[1]).resolve().is_relative_to(site.resolve())
    attempted, failed = map(int, lines[-1].split())
    assert attempted >= 25 and failed == 0
