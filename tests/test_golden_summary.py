"""Every valid file of the first edition keeps its numbers (scenario-format.md §6: new keys are optional).

tests/golden/*.json are the summary.json of the four bundled published cases made before §6 with
``somsim run CASE --draws 20000 --seed 3 --json``. A new run must hold every key and value found there,
identical; §6 may only ADD keys (payback_year, bcr, rates, …).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))


def _missing_or_changed(old, new, path="") -> list[str]:
    """Paths where `new` lacks a key of `old` or holds another value (lists compared whole)."""
    if isinstance(old, dict):
        if not isinstance(new, dict):
            return [f"{path}: not a table any more"]
        out = []
        for k, v in old.items():
            if k not in new:
                out.append(f"{path}.{k}: missing")
            else:
                out += _missing_or_changed(v, new[k], f"{path}.{k}")
        return out
    return [] if old == new and type(old) is type(new) else [f"{path}: {old!r} → {new!r}"]


def test_golden_files_are_there():
    assert len(GOLDEN) == 4


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.stem)
def test_bundled_case_keeps_every_key_and_value(golden, tmp_path):
    out = tmp_path / "summary.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-m", "somsim", "run", str(ROOT / "scenarios" / f"{golden.stem}.toml"),
                    "--draws", "20000", "--seed", "3", "--json", str(out)], check=True, env=env,
                   capture_output=True, cwd=ROOT)
    old = json.loads(golden.read_text(encoding="utf-8"))
    new = json.loads(out.read_text(encoding="utf-8"))
    for volatile in ("somsim_version",):
        old.pop(volatile, None)
        new.pop(volatile, None)
    old.get("provenance", {}).pop("somsim_version", None)
    problems = _missing_or_changed(old, new)
    assert not problems, "\n".join(problems[:20])
    # and §6 did add its keys
    assert set(new["base_case"]) >= {"payback_year", "bcr", "rates"}
    assert "payback_year" in new["uncertainty"] and "bcr" in new["uncertainty"]
