"""docs/python-api.md is a doctest: the worked notebook example runs as written; the API's result objects."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import somsim

ROOT = Path(__file__).resolve().parents[1]


def test_python_api_doc_runs_as_written(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    res = doctest.testfile(str(ROOT / "docs" / "python-api.md"), module_relative=False,
                           optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert res.attempted >= 25 and res.failed == 0, res


def test_api_docstring_examples_run():
    from somsim import api

    res = doctest.testmod(api, optionflags=doctest.ELLIPSIS)
    assert res.attempted >= 5 and res.failed == 0, res


def test_base_case_orders_actors_as_the_cli():
    from somsim._vocab import DISPLAY_ORDER

    sc = somsim.load(somsim.example("keep-2019"))
    b = somsim.base_case(sc)
    assert tuple(b.npv) == DISPLAY_ORDER == ("total", "kommune", "region", "stat")
    assert b.npv["total"] == pytest.approx(sum(b.npv[a] for a in ("kommune", "region", "stat")))


def test_summary_view_says_what_keys_there_are():
    s = somsim.Summary({"a": {"b": 1}})
    assert s.a.b == 1 and dict(s.a) == {"b": 1}
    with pytest.raises(AttributeError, match="the keys are a"):
        s.nope  # noqa: B018


def test_example_refuses_an_unknown_case():
    with pytest.raises(ValueError, match="did you mean 'keep-2019'"):
        somsim.example("keep-2018")
