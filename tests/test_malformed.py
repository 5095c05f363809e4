"""Bad input is refused before anything runs (scenario-format.md §2, "Bad input").

Every file in ``tests/malformed/`` breaks the contract and says in its header comments what the
report must contain:

* ``# expect-path: KEY.PATH`` — a problem is reported at exactly this key path;
* ``# expect: TEXT`` — some problem line contains TEXT;
* ``# expect-file: lib/x.toml`` — some problem is reported in this (included) file;
* ``# expect-count: N`` — exactly N problems are reported (files with several problems);
* a line carrying ``# <-`` — a problem of this file is reported at that line number.

For every file, ``somsim check`` and ``somsim run … --draws 0 --out DIR --json PATH`` must exit with
code 2, print no traceback, list every problem on stderr as ``FILE[:LINE]: KEY.PATH: message`` (one
a line, then the one-line summary) and write nothing; the library raises ScenarioError with the
same problems.
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.errors import Problem, ScenarioError
from somsim.scenario.loader import Scenario, load_scenario

from .minimal_scenario import MINIMAL

CORPUS = Path(__file__).parent / "malformed"
FILES = sorted(CORPUS.glob("*.toml"))

# FILE[:LINE]: KEY.PATH: what is wrong — key paths such as scenario.horizon, cost[0].amount,
# groups."Lokale priser"[0]; "(file)" for problems of the file as a whole (syntax, encoding)
_SEG = r'(?:[A-Za-z0-9_\-]+|"(?:[^"\\\n]|\\.)*")'
KEY_PATH = rf"(?:\(file\)|{_SEG}(?:\.{_SEG}|\[\d+\])*)"
PROBLEM_LINE = re.compile(rf"^(?P<file>[^\n]+?)(?::(?P<line>\d+))?: (?P<path>{KEY_PATH}): (?P<msg>\S[^\n]*)$")
SUMMARY_LINE = re.compile(r"^somsim: (?P<n>\d+) (?:problems? found; nothing was run or written|problem(?:er)? fundet; "
                          r"intet blev kørt eller skrevet)\.$")  # English or Danish (the default)


# --------------------------------------------------------------------------------------------
# the corpus and its expectations


@dataclass
class Expect:
    paths: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    count: int | None = None
    lines: list[int] = field(default_factory=list)  # lines marked '# <-'


def expectations(path: Path) -> Expect:
    # the non-UTF-8 case must still be readable here: its header is ASCII
    text = path.read_bytes().decode("utf-8", errors="replace")
    ex = Expect()
    for no, line in enumerate(text.splitlines(), start=1):
        if m := re.match(r"^# expect-path: (.+)$", line):
            ex.paths.append(m.group(1).strip())
        elif m := re.match(r"^# expect-file: (.+)$", line):
            ex.files.append(m.group(1).strip())
        elif m := re.match(r"^# expect-count: (\d+)$", line):
            ex.count = int(m.group(1))
        elif m := re.match(r"^# expect: (.+)$", line):
            ex.texts.append(m.group(1).strip())
        elif "# <-" in line:
            ex.lines.append(no)
    return ex


@dataclass
class Reported:
    file: str
    line: int | None
    path: str
    msg: str
    text: str


def parse_report(stderr: str) -> list[Reported]:
    """Check the shape of a bad-input report and return its problem lines."""
    lines = stderr.splitlines()
    assert lines, "nothing on stderr"
    summary = SUMMARY_LINE.match(lines[-1])
    assert summary, f"the last line is not the summary: {lines[-1]!r}"
    out = []
    for text in lines[:-1]:
        m = PROBLEM_LINE.match(text)
        assert m, f"not a FILE[:LINE]: KEY.PATH: message line: {text!r}"
        out.append(Reported(m["file"], int(m["line"]) if m["line"] else None, m["path"], m["msg"], text))
    assert out, "no problem listed"
    assert int(summary["n"]) == len(out), "the summary counts another number of problems than are listed"
    return out


def check_against(reported: list[Reported], ex: Expect, scenario: Path) -> None:
    shown = "\n".join(r.text for r in reported)
    for p in ex.paths:
        assert any(r.path == p for r in reported), f"no problem at {p}:\n{shown}"
    for t in ex.texts:
        assert any(t in r.text for r in reported), f"no problem says {t!r}:\n{shown}"
    for f in ex.files:
        assert any(Path(r.file).as_posix().endswith(f) for r in reported), f"no problem in {f}:\n{shown}"
    if ex.count is not None:
        assert len(reported) == ex.count, f"expected {ex.count} problems, got {len(reported)}:\n{shown}"
    here = {r.line for r in reported if r.file == str(scenario)}
    for no in ex.lines:
        assert no in here, f"no problem reported at line {no} (marked '# <-'):\n{shown}"
    assert len({r.text for r in reported}) == len(reported), f"a problem is listed twice:\n{shown}"


# --------------------------------------------------------------------------------------------
# running the command line


def _runner() -> CliRunner:
    # click < 8.2 mixes stderr into stdout unless told not to; 8.2+ always keeps both apart
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)
    return CliRunner()


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    monkeypatch.delenv("SOMSIM_DEBUG", raising=False)
    monkeypatch.setenv("SOMSIM_LANG", "en")  # the expectations quote the English messages; Danish: test_language.py


def invoke(args: list[str]):
    result = _runner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("an exception escaped the CLI:\n" + "".join(traceback.format_exception(*result.exc_info)))
    return result


def assert_refused(result, what: str) -> list[Reported]:
    out, err = result.stdout, result.stderr
    assert "Traceback" not in out + err, f"{what}: a traceback reached the user:\n{err}"
    assert result.exit_code == 2, f"{what}: exit code {result.exit_code}, expected 2\nstderr:\n{err}"
    assert out == "", f"{what}: printed on stdout although the scenario was refused:\n{out}"
    return parse_report(err)


# --------------------------------------------------------------------------------------------
# the corpus


def test_corpus_is_large_and_annotated():
    assert len(FILES) >= 45
    several = [f for f in FILES if (expectations(f).count or 0) >= 3]
    assert len(several) >= 3, "want at least three files with several problems at once"
    for f in FILES:
        ex = expectations(f)
        assert ex.paths and (ex.texts or ex.count), f"{f.name}: no expectations in its header"


@pytest.mark.parametrize("scenario", FILES, ids=[f.stem for f in FILES])
def test_check_refuses(scenario: Path):
    reported = assert_refused(invoke(["check", str(scenario)]), "somsim check")
    check_against(reported, expectations(scenario), scenario)


@pytest.mark.parametrize("scenario", FILES, ids=[f.stem for f in FILES])
def test_run_refuses_and_writes_nothing(scenario: Path, tmp_path: Path):
    out_dir, json_path = tmp_path / "out", tmp_path / "s.json"
    result = invoke(["run", str(scenario), "--draws", "0", "--out", str(out_dir), "--json", str(json_path)])
    reported = assert_refused(result, "somsim run")
    check_against(reported, expectations(scenario), scenario)
    assert not json_path.exists(), "summary JSON written for a refused scenario"
    assert not out_dir.exists() or not any(out_dir.iterdir()), "output written for a refused scenario"
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["out"]), "stray files written"


@pytest.mark.parametrize("scenario", FILES, ids=[f.stem for f in FILES])
def test_library_raises_scenario_error(scenario: Path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(scenario)
    problems = info.value.problems
    assert problems and all(isinstance(p, Problem) for p in problems)
    for p in problems:
        assert isinstance(p.file, str) and p.file
        assert isinstance(p.path, str) and isinstance(p.message, str) and p.message
        assert p.line is None or (isinstance(p.line, int) and p.line >= 1)
    assert str(info.value) == "\n".join(str(p) for p in problems)
    # the CLI shows exactly these problems, in this order
    reported = parse_report(str(info.value) + f"\nsomsim: {len(problems)} problem{'s' if len(problems) != 1 else ''}"
                                              " found; nothing was run or written.")
    check_against(reported, expectations(scenario), scenario)


@pytest.mark.parametrize("name", ["syntax_unclosed_array", "multi_structure_and_values", "not_utf8",
                                  "include_library_errors"])
def test_subprocess(name: str, tmp_path: Path):
    """The installed console script: exit 2, no traceback, the same report as in-process."""
    exe = Path(sys.executable).parent / "somsim"
    if not exe.exists():
        pytest.skip("no somsim console script beside the interpreter")
    scenario = CORPUS / f"{name}.toml"
    env = {k: v for k, v in os.environ.items() if k != "SOMSIM_DEBUG"}
    proc = subprocess.run([str(exe), "run", str(scenario), "--draws", "0", "--out", str(tmp_path / "out"),
                           "--json", str(tmp_path / "s.json")], capture_output=True, text=True, env=env,
                          timeout=60)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    reported = parse_report(proc.stderr)
    check_against(reported, expectations(scenario), scenario)
    assert not (tmp_path / "s.json").exists() and not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------
# odd files that cannot carry a header


def test_zero_byte_file(tmp_path: Path):
    p = tmp_path / "empty.toml"
    p.write_bytes(b"")
    reported = assert_refused(invoke(["check", str(p)]), "somsim check")
    assert {r.path for r in reported} == {"somsim", "scenario", "intervention"}
    assert all("required key is missing" in r.msg for r in reported)


def test_missing_file(tmp_path: Path):
    p = tmp_path / "nope.toml"
    reported = assert_refused(invoke(["check", str(p)]), "somsim check")
    assert len(reported) == 1 and "file not found" in reported[0].msg


def test_binary_file(tmp_path: Path):
    p = tmp_path / "image.toml"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    reported = assert_refused(invoke(["check", str(p)]), "somsim check")
    assert len(reported) == 1 and "not UTF-8" in reported[0].msg


def test_utf8_bom_is_accepted(tmp_path: Path):
    """Notepad writes a byte-order mark; the file is still UTF-8 and valid."""
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    sc = load_scenario(p)
    assert sc.id == "minimal"


# --------------------------------------------------------------------------------------------
# line numbers


def problems_of(text: str, tmp_path: Path) -> list[Problem]:
    p = tmp_path / "case.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    return info.value.problems


def line_of(problems: list[Problem], path: str) -> int | None:
    hits = [p for p in problems if p.path == path]
    assert hits, f"no problem at {path}: {[str(p) for p in problems]}"
    return hits[0].line


def test_minimal_is_valid(tmp_path: Path):
    p = tmp_path / "ok.toml"
    p.write_text(MINIMAL, encoding="utf-8")
    assert load_scenario(p).participants == 20


def test_line_of_the_nth_array_table(tmp_path: Path):
    text = MINIMAL.replace('[[consequence]]', '[[cost]]\nname = "B"\namount = 5\n\n'
                                              '[[cost]]\nname = "C"\namount = -5\n\n[[consequence]]')
    lines = text.splitlines()
    assert line_of(problems_of(text, tmp_path), "cost[2].amount") == lines.index("amount = -5") + 1


def test_line_of_an_item_of_a_multiline_array(tmp_path: Path):
    text = MINIMAL.replace("per_success = [-0.1, -0.1]", "per_success = [\n  -0.1,\n  nan,\n]")
    # items of an array have no key line of their own: the array's key line is reported
    assert line_of(problems_of(text, tmp_path), "consequence[0].per_success[1]") == text.splitlines().index(
        "per_success = [") + 1


def test_line_of_a_dotted_key(tmp_path: Path):
    text = MINIMAL.replace("[activity.skole]\nprice = { kommune = 100000 }\n", "").replace(
        "somsim = 1\n", 'somsim = 1\nactivity.skole.title = "Skole"\nactivity.skole.price.kommune = -1\n')
    assert line_of(problems_of(text, tmp_path), "activity.skole.price.kommune") == 3


def test_line_of_a_quoted_group(tmp_path: Path):
    text = MINIMAL.replace("success_rate = 0.2", 'success_rate = { dist = "beta", mean = 0.2, sd = 0.05 }') + \
        '\n[groups]\n"Lokale priser" = ["price.*.kommune"]\n'
    problems = problems_of(text, tmp_path)
    assert line_of(problems, 'groups."Lokale priser"[0]') == len(text.splitlines())


def test_line_of_a_missing_key_is_its_table(tmp_path: Path):
    text = MINIMAL.replace("horizon = 5\n", "")
    assert line_of(problems_of(text, tmp_path), "scenario.horizon") == text.splitlines().index("[scenario]") + 1


def test_line_not_fooled_by_multiline_strings(tmp_path: Path):
    text = MINIMAL.replace('id = "minimal"', 'id = "minimal"\ndescription = """\nhorizon = 7\n"""')
    text = text.replace("horizon = 5", "horizon = 500")
    assert line_of(problems_of(text, tmp_path), "scenario.horizon") == text.splitlines().index("horizon = 500") + 1


def test_line_of_a_toml_syntax_error(tmp_path: Path):
    text = MINIMAL.replace("cohorts = [10, 10]", "cohorts = [10, 10,, 10]")
    problems = problems_of(text, tmp_path)
    assert len(problems) == 1 and problems[0].path == ""
    assert problems[0].line == text.splitlines().index("cohorts = [10, 10,, 10]") + 1


def test_problem_in_a_library_points_into_the_library(tmp_path: Path):
    lib = tmp_path / "lib.toml"
    lib.write_text('[activity.skole]\ntitle = "Skole"\nprice = { kommune = -3 }\n', encoding="utf-8")
    text = MINIMAL.replace("somsim = 1\n", 'somsim = 1\ninclude = ["lib.toml"]\n').replace(
        "[activity.skole]\nprice = { kommune = 100000 }\n", "")
    problems = problems_of(text, tmp_path)
    assert [(p.file, p.path, p.line) for p in problems] == [(str(lib.resolve()), "activity.skole.price.kommune", 3)]


def test_problems_are_in_file_order(tmp_path: Path):
    text = MINIMAL.replace("somsim = 1\n", 'somsim = 1\nbogus = 1\n').replace("horizon = 5", "horizon = 0")
    text = text.replace("per_participant = 1000", "per_participant = -1000\nactr = 'x'")
    lines = [p.line for p in problems_of(text, tmp_path)]
    assert lines == sorted(lines) and len(lines) == 4


def test_from_text_raises_the_same(tmp_path: Path):
    text = MINIMAL.replace("horizon = 5", "horizon = 0")
    with pytest.raises(ScenarioError) as info:
        Scenario.from_text(text, tmp_path / "x.toml")
    assert [(p.path, p.line) for p in info.value.problems] == [("scenario.horizon", 6)]
