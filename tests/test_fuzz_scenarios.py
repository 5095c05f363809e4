"""Property test: random edits of valid scenarios are either valid or refused cleanly.

Start from valid scenarios (the `somsim init` template and small hand-written ones, one with an
included library), apply one to three random edits — delete a line, change a value's type, put
negative/huge/nan/inf/text in place of numbers, insert unknown keys, duplicate tables, truncate the
text, insert random characters or bytes — and check that

* ``load_scenario`` either returns a Scenario whose base case is finite, or raises ScenarioError
  whose problems are well-formed ``FILE[:LINE]: KEY.PATH: message`` lines — never anything else;
* the command line (``check``; ``run --draws 0 --out DIR --json PATH``) exits with 0 or 2, never 1,
  never shows a traceback, and writes nothing when it exits with 2.

Derandomized, so a run is reproducible and takes a bounded time.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import tempfile
import traceback
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from somsim.cli import main
from somsim.errors import ScenarioError
from somsim.model.reference import base_case
from somsim.results.summary import base_case_block
from somsim.scenario.loader import load_scenario

from .minimal_scenario import MINIMAL

_SEG = r'(?:[A-Za-z0-9_\-]+|"(?:[^"\\\n]|\\.)*")'
KEY_PATH = rf"(?:\(file\)|{_SEG}(?:\.{_SEG}|\[\d+\])*)"
PROBLEM_LINE = re.compile(rf"^(?P<file>[^\n]+?)(?::(?P<line>\d+))?: (?P<path>{KEY_PATH}): (?P<msg>\S[^\n]*)$")
SUMMARY_LINE = re.compile(r"^somsim: (?P<n>\d+) (?:problems? found; nothing was run or written|problem(?:er)? fundet; "
                          r"intet blev kørt eller skrevet)\.$")  # English or Danish (the default)


# --------------------------------------------------------------------------------------------
# valid starting points


def _template() -> str:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "case.toml"
        result = CliRunner().invoke(main, ["init", "fuzz-case", "--out", str(out)])
        assert result.exit_code == 0, result.output
        return out.read_text(encoding="utf-8")


SMALL = MINIMAL

RICH = """\
somsim = 1
include = ["lib.toml"]

[scenario]
id = "rich-case"
title = "Rich"
description = "every feature once"
sources = ["a", "b"]
price_year = 2020
horizon = 12
discount_rate = { dist = "uniform", low = 0.02, high = 0.05 }
consequence_lag = 1
perspective = "kommune"
stochastic_cohorts = true

[target_group]
name = "Unge"
success_criterion = "i job"

[intervention]
name = "Job nu"
cohorts = [30, 40, 0, 25]
success_rate = { dist = "beta", mean = 0.3, ci95 = [0.2, 0.4], point = 0.28 }

[[cost]]
name = "Løn og drift"
actor = "kommune"
per_participant = { dist = "triangular", min = 20000, mode = 25000, max = 40000 }

[[cost]]
name = "Opstart"
actor = "stat"
amount = { dist = "lognormal", mean = 100000, sd = 20000 }
years = [0, 1]

[[consequence]]
activity = "anbringelse"
per_success = [-0.2, -0.3, -0.3, -0.2, -0.1]
se = [0.05, 0.05, 0.05, 0.05, 0.05]
scale = { dist = "lognormal", median = 1.0, ci95 = [0.7, 1.4] }
price = { kommune = { dist = "gamma", mean = 950000, sd = 100000 } }

[[consequence]]
activity = "indkomstskat"
per_success = [10000, 12000, 12000]
scale = { dist = "truncnormal", mean = 1, sd = 0.2, low = 0.5, high = 1.5 }

[activity.indkomstskat]
title = "Indkomstskat"
unit = "kr. løn"
kind = "revenue"
price = { kommune = 0.25, stat = { dist = "truncnormal", mean = 0.12, sd = 0.01, low = 0, high = 1, point = 0.12 } }

[price_index]
2020 = 103.0

[[correlation]]
inputs = ["price.anbringelse.kommune", "cost.loen-og-drift"]
rho = 0.4

[[correlation]]
inputs = ["consequence.anbringelse.scale", "consequence.indkomstskat.scale", "success_rate"]
rho = [[1, 0.3, 0.1], [0.3, 1, 0.2], [0.1, 0.2, 1]]

[groups]
"Lokale priser" = ["price.*.kommune"]
effekt = ["consequence.*", "success_rate"]
"""

LIBRARY = """\
somsim = 1

[library]
id = "fuzz-lib"
title = "Activities"

[activity.anbringelse]
title = "Anbringelse, døgn"
domain = "sociale foranstaltninger"
unit = "år"
kind = "expenditure"
price_year = 2018
price = { kommune = 900000, region = 0, stat = { dist = "pert", min = 0, mode = 10000, max = 30000 } }
source = "a report"

[price_index]
2018 = 100.0
2019 = 101.5
"""

#: §6 (second edition): gross/baseline rates, evidence and haircut, completers, a negative lag, committees
S6 = """\
somsim = 1

[scenario]
id = "s6"
price_year = 2019
horizon = 6
perspective = "kommune:Beskæftigelsesudvalget"
stochastic_cohorts = true

[intervention]
name = "Mentor"
cohorts = [20, 20]
success_rate = { gross = { dist = "beta", mean = 0.45, sd = 0.05 }, baseline = 0.18 }
evidence = 2
haircut = { dist = "uniform", low = 0.0, high = 0.3 }
completion_rate = { dist = "beta", mean = 0.8, sd = 0.05 }

[[cost]]
name = "Forløb"
per_participant = 20000
per = "completer"

[[cost]]
name = "Opstart"
amount = 50000

[[consequence]]
activity = "kontanthjaelp"
per_success = [-0.5, -0.5, -0.5]
lag = -1

[activity.kontanthjaelp]
price = { kommune = 60000, stat = 60000 }

[[correlation]]
inputs = ["success_rate.gross", "completion_rate"]
rho = 0.3

[udvalg]
"Børne- og Ungeudvalget" = ["cost.*"]
"Beskæftigelsesudvalget" = ["kontant*"]
"""
SEEDS = {"template": _template(), "small": SMALL, "rich": RICH, "s6": S6}


def _write(d: Path, scenario: str | bytes, library: str | bytes = LIBRARY) -> Path:
    for name, text in (("case.toml", scenario), ("lib.toml", library)):
        (d / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return d / "case.toml"


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seeds_are_valid(name, tmp_path):
    sc = load_scenario(_write(tmp_path, SEEDS[name]))
    assert sc.participants > 0
    if name == "rich":
        assert len(sc.correlations) == 2 and "Lokale priser" in sc.groups and sc.includes


# --------------------------------------------------------------------------------------------
# random edits

VALUES = [
    "-1", "0", "-0.0", "1e308", "-1e308", "nan", "inf", "-inf", "99999999999999999999999", "2019", "50", "51",
    "0.999999", "-0.8999", "-0.95", '"text"', '""', '"kommune"', '"revenue"', "true", "false", "[]", "{}", "[1, 2, 3]",
    "[[1, 0], [0, 1]]", "[[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]", '["price.*"]', '["nothing"]',
    "1979-05-27", "{ kommune = -1 }", "{ regoin = 1 }", '{ dist = "beta", mean = 0.5, sd = 0.1 }',
    '{ dist = "nope", mean = 1 }', '{ dist = "normal", mean = 0, sd = 1 }', '{ dist = "beta", mean = 0.5, sd = 0.9 }',
    '{ dist = "pert", min = 3, mode = 1, max = 2 }', '{ dist = "lognormal", median = 1, ci95 = [1e-300, 1e300] }',
    '{ dist = "lognormal", median = 1, ci95 = [1e-12, 1e12] }', '{ dist = "uniform", low = -1e12, high = 1e12 }',
    '{ dist = "gamma", mean = 1e12, sd = 1e-12 }', '{ dist = "truncnormal", mean = 0, sd = 1e-300, low = 0, high = 1 }',
    '{ dist = "beta", mean = 0.5, ci95 = [0.4999999, 0.5000001] }', '{ dist = "fixed", value = -0.0 }',
    '{ dist = "beta", alpha = 1e-300, beta = 1e300 }', '{ dist = "gamma", shape = 1e-300, scale = 1e12 }',
    '{ dist = "triangular", min = 0, mode = 0, max = 1e-300 }',
]
SNIPPETS = [
    "bogus = 1", 'colour = "red"', "[bogus]", "[scenario]", "[[intervention]]", "[[cost]]", "[[consequence]]",
    '[[cost]]\nname = "Drift"\namount = 5', '[[cost]]\nname = "drift!"\nper_participant = 1',
    '[[consequence]]\nactivity = "skole"\nper_success = [1]',
    '[[consequence]]\nactivity = "specialskole"\nper_success = [1]',
    '[activity.x]\nprice = { kommune = 1 }', '[activity."æøå x"]\nprice = { kommune = 1 }',
    '[[correlation]]\ninputs = ["success_rate", "cost.drift"]\nrho = 0.5', '[groups]\ng = ["cost.*"]',
    '[price_index]\n2019 = 100', '[price_index]\n2019 = 1e-300\n2018 = 1e300', 'include = ["nope.toml"]',
    'include = ["case.toml"]', 'include = ["lib.toml", "lib.toml"]', 'include = ["/"]', "somsim = 2",
    'per_success = [' + ", ".join(["1e5"] * 120) + "]", 'cohorts = [1000000, 1000000, 1000000]',
]
_KEY_VALUE = re.compile(r'^(\s*(?:"[^"]*"|[A-Za-z0-9_\-.]+)\s*=\s*)(.*)$')
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])")


def _toml_float(x: float) -> str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


values = st.one_of(
    st.sampled_from(VALUES),
    st.floats(allow_nan=True, allow_infinity=True).map(_toml_float),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=12).map(lambda s: json.dumps(s, ensure_ascii=True)),
)
junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6)


# weights: edits that keep the TOML readable reach the deeper checks, so they come more often
OPS = ["value"] * 4 + ["number"] * 4 + ["delete"] * 2 + ["insert"] * 2 + ["rename", "duplicate", "truncate", "junk"]


@st.composite
def edited(draw):
    """(scenario text or bytes, library text) after one to three random edits."""
    seed = draw(st.sampled_from(sorted(SEEDS)))
    target_lib = seed == "rich" and draw(st.integers(0, 4)) == 0  # sometimes break the library instead
    lines = (LIBRARY if target_lib else SEEDS[seed]).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(OPS))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        line = lines[i] if lines else ""
        if op == "delete" and lines:
            del lines[i]
        elif op == "value":
            kv = [j for j, ln in enumerate(lines) if _KEY_VALUE.match(ln)]
            if kv:
                j = draw(st.sampled_from(kv))
                lines[j] = _KEY_VALUE.sub(lambda m: m.group(1) + draw(values), lines[j], count=1)
        elif op == "number":
            nums = [j for j, ln in enumerate(lines) if _NUMBER.search(ln) and not ln.lstrip().startswith("#")]
            if nums:
                j = draw(st.sampled_from(nums))
                found = list(_NUMBER.finditer(lines[j]))
                m = found[draw(st.integers(0, len(found) - 1))]
                new = draw(st.one_of(values, st.sampled_from([f"-{m.group(0)}", f"{m.group(0)}000000",
                                                              f"{m.group(0)}e300"])))
                lines[j] = lines[j][: m.start()] + new + lines[j][m.end():]
        elif op == "insert":
            lines[i:i] = draw(st.sampled_from(SNIPPETS)).splitlines()
        elif op == "duplicate":
            heads = [j for j, ln in enumerate(lines) if ln.startswith("[")]
            if heads:
                j = draw(st.sampled_from(heads))
                end = next((k for k in range(j + 1, len(lines)) if lines[k].startswith("[")), len(lines))
                lines[end:end] = lines[j:end]
        elif op == "truncate":
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].splitlines()
        elif op == "junk":
            k = draw(st.integers(0, len(line)))
            lines[i:i + 1] = [line[:k] + draw(junk) + line[k:]]
        elif op == "rename":
            m = re.match(r"^(\s*)([A-Za-z_]+)(\s*=)", line)
            if m:
                lines[i] = m.group(1) + draw(st.sampled_from([m.group(2)[:-1], m.group(2) + "s", m.group(2).upper(),
                                                               "x" + m.group(2)])) + line[m.end(2):]
    text: str | bytes = "\n".join(lines) + "\n"
    if draw(st.integers(0, 15)) == 0:  # now and then: bytes that are not UTF-8
        raw = text.encode("utf-8")
        k = draw(st.integers(0, len(raw)))
        text = raw[:k] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe6\xf8\xe5", b"\x00"])) + raw[k:]
    if target_lib:
        return SEEDS["rich"], text
    return text, LIBRARY


FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def workdir():
    d = Path(tempfile.mkdtemp(prefix="somsim-fuzz-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _check_problems(err: ScenarioError) -> None:
    assert err.problems, "ScenarioError without problems"
    for p in err.problems:
        assert PROBLEM_LINE.match(str(p)), f"malformed problem line: {str(p)!r}"


@settings(FUZZ, max_examples=600)
@given(case=edited())
def test_load_scenario_raises_only_scenario_error(case, workdir):
    path = _write(workdir, *case)
    try:
        sc = load_scenario(path)
    except ScenarioError as e:
        _check_problems(e)
        event("refused: " + ("syntax/encoding" if not e.problems[0].path else "semantics"))
        return
    event("valid")
    # a scenario that passes validation must give a finite base case: no overflow, no nan
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        block = base_case_block(sc, base_case(sc))
    json.dumps(block, allow_nan=False)


@settings(FUZZ, max_examples=150)
@given(case=edited())
def test_cli_exits_0_or_2_without_traceback(case, workdir):
    path = _write(workdir, *case)
    out_dir, json_path = workdir / "out", workdir / "s.json"
    shutil.rmtree(out_dir, ignore_errors=True)
    json_path.unlink(missing_ok=True)
    codes = []
    for args in (["check", str(path)],
                 ["run", str(path), "--draws", "0", "--out", str(out_dir), "--json", str(json_path)]):
        result = CliRunner().invoke(main, args)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            pytest.fail("exception escaped: " + "".join(traceback.format_exception(*result.exc_info)))
        text = result.stdout + result.stderr
        assert "Traceback" not in text, text
        assert result.exit_code in (0, 2), f"{args[0]}: exit {result.exit_code}\n{result.stderr}"
        if result.exit_code == 2:
            lines = result.stderr.splitlines()
            assert lines and SUMMARY_LINE.match(lines[-1]), result.stderr
            assert all(PROBLEM_LINE.match(ln) for ln in lines[:-1]), result.stderr
            assert len(lines) - 1 == int(SUMMARY_LINE.match(lines[-1])["n"])
        codes.append(result.exit_code)
    assert codes[0] == codes[1], "check and run disagree about the scenario"
    if codes[1] == 2:
        assert not json_path.exists() and not (out_dir.exists() and any(out_dir.iterdir()))
    else:
        doc = json.loads(json_path.read_text(encoding="utf-8"))
        assert doc["schema"] == "somsim.summary/1" and (out_dir / "summary.json").exists()
