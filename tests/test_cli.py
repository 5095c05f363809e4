"""The command line: outputs, exit codes, the headline sentence, init."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.results.dataset import open_results

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "scenarios" / "cool-kids-2019.toml"


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the English output; the default language is tested in test_language.py."""
    monkeypatch.setenv("SOMSIM_LANG", "en")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_run_writes_results_and_summary(tmp_path):
    res = run("run", CASE, "--draws", "20000", "--seed", "3", "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert doc["schema"] == "somsim.summary/1" and doc["draws"] == 20000 and doc["seed"] == 3
    assert doc["sampler"] == "random" and doc["participants"] == 54 and doc["price_year"] == 2019
    for block in ("npv", "npv_per_participant"):
        for a in ("total", "kommune", "region", "stat"):
            s = doc["uncertainty"][block][a]
            assert set(s) == {"mean", "sd", "mcse", "p05", "p25", "p50", "p75", "p95", "prob_positive"}
            assert s["p05"] <= s["p25"] <= s["p50"] <= s["p75"] <= s["p95"]
    prob = doc["uncertainty"]["break_even_year"]["total"]["prob_by_year"]
    assert len(prob) == doc["horizon"] and all(a <= b for a, b in zip(prob, prob[1:]))
    ds = open_results(tmp_path / "out" / "results.nc")
    assert ds.sizes["draw"] == 20000 and ds["net"].dims == ("draw", "year", "actor")
    assert float(ds["npv"].sel(output="total").mean()) == pytest.approx(doc["uncertainty"]["npv"]["total"]["mean"],
                                                                        rel=1e-12)
    # the headline sentence a report can quote
    assert "NPV, total:" in res.stdout and "90% interval" in res.stdout and "chance of a positive result" in res.stdout


def test_json_to_stdout_is_pure_json():
    res = run("run", CASE, "--draws", "8192", "--json", "-")
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc["base_case"]["npv"]["total"] == pytest.approx(4.4e6, rel=0.02)
    assert "NPV, total" in res.stderr


def test_danish_summary():
    res = run("run", CASE, "--draws", "8192", "--lang", "da")
    assert res.exit_code == 0
    assert "Nettonutidsværdi, i alt:" in res.stdout and "sandsynlighed for et positivt resultat" in res.stdout
    assert "mio. kr." in res.stdout


@pytest.mark.parametrize("args, msg", [
    (["--draws", "abc"], "whole number"),
    (["--draws", "-5"], "whole number"),
    (["--sampler", "mc"], "sampler"),
    (["--seed", "-1"], "seed"),
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
])
def test_bad_arguments_exit_2_and_write_nothing(tmp_path, args, msg):
    res = run("run", CASE, *args, "--out", tmp_path / "out", "--json", tmp_path / "s.json")
    assert res.exit_code == 2, res.output
    assert msg in res.output.lower() or msg in (res.stderr or "").lower()
    assert "Traceback" not in res.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "s.json").exists()


def test_missing_scenario_is_bad_input(tmp_path):
    res = run("run", tmp_path / "nope.toml", "--json", tmp_path / "s.json")
    assert res.exit_code == 2 and "file not found" in res.stderr
    assert not (tmp_path / "s.json").exists()


def test_init_writes_a_valid_template_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "mit-projekt.toml"
    res = run("init", "Mit projekt", "--out", target)
    assert res.exit_code == 0 and target.exists()
    assert 'id = "mit-projekt"' in target.read_text()
    assert run("check", target).exit_code == 0
    again = run("init", "Mit projekt", "--out", target)
    assert again.exit_code == 2 and "--force" in again.stderr


def test_check_prints_inputs_and_base_case():
    res = run("check", CASE)
    assert res.exit_code == 0
    assert "success_rate" in res.stdout and "Net present value" in res.stdout and "Break-even year" in res.stdout


def test_scenario_text_is_not_console_markup(tmp_path):
    # a title is the user's text: rich must neither style it nor fail on an unmatched closing tag
    text = CASE.read_text(encoding="utf-8")
    lib = ROOT / "distributions" / "dk-activities.toml"
    assert text.count('\ntitle = "') == 1 and text.count('"../distributions/dk-activities.toml"') == 1
    text = text.replace('"../distributions/dk-activities.toml"', json.dumps(str(lib)))
    sc = tmp_path / "case.toml"
    sc.write_text(text.replace('\ntitle = "', '\ntitle = "[/bold] [red]Cool[/red] ', 1), encoding="utf-8")
    for args in (["check", sc], ["run", sc, "--draws", "8192"]):
        res = run(*args)
        assert res.exit_code == 0, res.output
        assert "[/bold] [red]Cool[/red]" in res.stdout


def test_an_output_that_cannot_be_written_is_bad_input_found_up_front(tmp_path):
    # issue #16: output paths are checked before anything runs, so a folder given as --json is
    # bad input (exit 2), no longer a failure in the write phase (exit 1)
    res = run("run", CASE, "--draws", "0", "--json", tmp_path)  # a directory
    assert res.exit_code == 2 and "it is a folder" in res.stderr
    assert "internal error" not in res.stderr and "Traceback" not in res.output
