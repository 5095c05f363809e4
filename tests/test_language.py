"""One language at a time: every command's output in Danish has no English label or number format, and
vice versa; tables fit 80 columns when piped without cutting an input name; the default language."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from somsim.cli import main
from somsim.cli.options import default_lang
from somsim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "scenarios" / "keep-2019.toml"
MALFORMED = ROOT / "tests" / "malformed"

# labels of the English output that must not appear in Danish output (and the other way round)
ENGLISH = ("Base case", "Gains (PV)", "Costs (PV)", "Net present value", "per participant", "Break-even year",
           "Uncertain inputs", "point value", "distribution", "model evaluations", "switching value", "swing",
           "at low", "at high", "draws", "value of information", "Expected net benefit", "What to measure",
           "Groups of inputs", "of the estimate", "does not vary", "warning:", "wrote ", "is a valid",
           # compare, portfolio, local data, warnings, library, errors
           "Comparison of", "option", "expected loss", "Differences", "On current information", "drawn separately",
           "Portfolio", "mean NPV", "in best portfolio", "Best portfolio", "conjugate", "importance resampling",
           "effective sample size", "prior draws", "unusual", "truncated", "replaces the default", "completion rate "
           "changes", "price per unit", "not published", "kind:", "expenditure", "indexed", "problems found",
           "problem found", "nothing was run", "did you mean", "exists; use", "edit it", "Work through it")
DANISH = ("Basisberegning", "Gevinster", "Omkostninger", "Nettonutidsværdi", "pr. deltager", "Tjent hjem",
          "Usikre input", "punktværdi", "fordeling", "modelberegninger", "skifteværdi", "udsving", "træk",
          "værdi af information", "Forventet nettogevinst", "af skønnet", "varierer ikke", "advarsel:", "skrev ",
          "gyldigt",
          "Sammenligning", "mulighed", "forventet tab", "Forskelle", "nuværende viden", "trækkes for sig",
          "Portefølje", "middel-NNV", "konjugeret", "genudtrækning", "stikprøvestørrelse", "usædvanlig",
          "trunkeret", "erstatter standardgruppen", "gennemførelsesraten", "pris pr. enhed", "ikke offentliggjort",
          "art:", "udgift", "prisreguleres", "fundet", "intet blev", "mente du", "findes allerede", "redigér",
          "Gå den igennem")

# small scenarios for compare, portfolio and local data (the model of tests/test_compare.py)
OPTION = """\
somsim = 1

[scenario]
id = "{id}"
price_year = 2019
horizon = 4
discount_rate = {discount}

[intervention]
name = "{id}"
cohorts = [20]
success_rate = {{ dist = "beta", mean = {s}, sd = 0.05 }}

[[cost]]
name = "Drift"
per_participant = {{ dist = "gamma", mean = {v}, sd = 2000 }}

[[consequence]]
activity = "skole"
per_success = [-0.5, -0.5]

[activity.skole]
price = {{ kommune = {{ dist = "gamma", mean = 110000, sd = 30000 }} }}
"""
# local data that agree with the prior (conjugate) and data that contradict it (resampling with a tiny ESS)
OBSERVED = """
[[observation]]
input = "success_rate"
k = 12
n = 40

[[observation]]
input = "cost.drift"
mean = 45000
sd = 3000
n = 50
"""
# warnings of the scenario rules: an unusual discount rate (0.2), a normal price truncated at 0, a default group
# replaced and a completion rate without a cost per completer
WARNED = """
[groups]
effect = ["success_rate"]
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("lang")
    out = {}
    for name, text in {
        "a": OPTION.format(id="a", s=0.3, v=20000, discount=0.035),
        "b": OPTION.format(id="b", s=0.2, v=10000, discount=0.035),
        "obs": OPTION.format(id="obs", s=0.25, v=20000, discount=0.035) + OBSERVED,
        "warn": OPTION.format(id="warn", s=0.25, v=20000, discount=0.2).replace(
            'kommune = { dist = "gamma", mean = 110000, sd = 30000 }', 'kommune = { dist = "normal", mean = 110000, '
            'sd = 20000 }').replace("cohorts = [20]", "cohorts = [20]\ncompletion_rate = 0.8") + WARNED,
    }.items():
        out[name] = d / f"{name}.toml"
        out[name].write_text(text, encoding="utf-8")
    out["dir"] = d
    return out


COMMANDS = [
    ["check", CASE],
    ["run", CASE, "--draws", "2000"],
    ["sensitivity", CASE, "--method", "oat"],
    ["sensitivity", CASE, "--method", "sobol", "--n", "64", "--resamples", "10", "--output", "npv.total"],
    ["voi", CASE, "--draws", "2000", "--resamples", "5", "--top", "5"],
]
# commands on the small scenarios of the fixture ({a} is files["a"] …); (args, exit code)
MORE = [
    (["init", "Mit projekt", "--out", "{dir}/init.toml", "--force"], 0),
    (["check", "{obs}"], 0),
    (["run", "{obs}", "--draws", "500"], 0),
    (["check", "{warn}"], 0),
    (["run", "{warn}", "--draws", "0"], 0),
    (["compare", "{a}", "{b}", "--vs-nothing", "--draws", "1000"], 0),
    (["portfolio", "{a}", "{b}", "--budget", "450000", "--draws", "500"], 0),
    (["portfolio", "{a}", "{b}", "--budget", "300000", "--years", "2", "--draws", "200"], 0),
    (["report", "{obs}", "--draws", "300", "--no-analyses", "--out", "{dir}/r.html", "--compare", "{b}"], 0),
    (["library", "search", "anbringelse"], 0),
    (["library", "show", "straffesag_dom"], 0),
    (["library", "show", "straffesag"], 2),
    (["library", "search"], 2),
    (["init", "Mit projekt", "--out", "{a}"], 2),  # a file that exists (the fixture's), whichever test ran first
    (["check", str(MALFORMED / "discount_rate_percent.toml")], 2),
    (["run", str(MALFORMED / "absurd_horizon.toml")], 2),
]
# what the user wrote and the library's own data are shown as they are: lines that begin so are not checked
DATA_LINES = re.compile(r"^(?:kilde|source|note|titel|title|område|domain): ")


def _run(args, lang, tmp_path, env=None, code=0):
    res = CliRunner().invoke(main, [*(str(a) for a in args), "--lang", lang], env=env or {})
    assert res.exit_code == code, res.output
    return res.stdout + res.stderr


def _strays(text: str, lang: str) -> list[str]:
    """Everything in `text` that belongs to the other language's format."""
    bad = []
    if lang == "da":
        bad += [w for w in ENGLISH if w in text]
        bad += re.findall(r"(?<![\d,.])[1-9]\d{0,2},\d{3}(?![\d,])", text)  # English thousands
        bad += re.findall(r"(?<![\w.])\d+\.(?:\d{1,2}|\d{4,})(?![\w.])", text)  # a decimal point
        bad += re.findall(r"DKK", text)
        # somsim's default groups of inputs by their English keys (in the VOI ranking and the Sobol groups)
        bad += re.findall(r"(?:\d\. |gruppe )(?:effect|prices|costs|discounting)\b", text)
    else:
        bad += [w for w in DANISH if w in text]
        bad += re.findall(r"(?<![\d,.])[1-9]\d{0,2}\.\d{3}(?![\d.])", text)  # Danish thousands
        bad += re.findall(r"\d+ kr\.", text)
        bad += re.findall(r"\d %", text)  # Danish percent
    bad += re.findall(r"\d[.,]\d{5,}", text)  # a raw float such as 0.0365897
    bad += re.findall(r"(?<![\w.-])-\d", text)  # an ASCII minus sign: numbers use "−"
    return bad


def _problem_lines(text: str) -> str:
    """`text` without the messages of bad-input problems (FILE:LINE: key: message, the message quoting TOML)."""
    return "\n".join(line for line in text.splitlines() if not re.match(r"^\S+\.toml:\d+: ", line))


@pytest.mark.parametrize("args,code", MORE, ids=lambda a: " ".join(Path(str(x)).stem for x in a[:2])
                         if isinstance(a, list) else str(a))
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_other_command_prints_one_language(args, code, lang, files):
    args = [str(a).format(**{k: str(v) for k, v in files.items()}) for a in args]
    text = _run(args, lang, files["dir"], env={"COLUMNS": "400"}, code=code)
    text = "\n".join(line for line in _problem_lines(text).splitlines() if not DATA_LINES.match(line))
    strays = _strays(text.replace(str(files["dir"]), "TMP").replace(str(ROOT), "ROOT"), lang)
    assert not strays, f"{lang}: {sorted(set(strays))[:10]}"


def test_each_part_of_the_language_test_is_exercised(files):
    """The fixture's scenarios give what the test above is meant to see: warnings, local data, a comparison."""
    da = _run(["check", files["warn"]], "da", files["dir"], env={"COLUMNS": "400"})
    for w in ("usædvanlig diskonteringsrente 0,2", "trunkeret ved 0", "erstatter standardgruppen 'effect'",
              "gennemførelsesraten ændrer intet"):
        assert w in da, w
    en = _run(["check", files["warn"]], "en", files["dir"], env={"COLUMNS": "400"})
    for w in ("unusual discount rate 0.2", "truncated at 0", "replaces the default group 'effect'",
              "the completion rate changes nothing"):
        assert w in en, w
    da = _run(["check", files["obs"]], "da", files["dir"], env={"COLUMNS": "400"})
    assert "12 af 40" in da and "middel 45.000 (sd 3.000, n = 50)" in da and "beta–binomial, konjugeret" in da
    assert "advarsel: cost.drift: effektiv stikprøvestørrelse" in da
    da = _run(["compare", files["a"], files["b"], "--vs-nothing", "--draws", "1000"], "da", files["dir"],
              env={"COLUMNS": "400"})
    assert "P(bedst)" in da and "status quo" in da and "EVPPI for valget" in da
    assert "fordelingerne er forskellige (a: beta: middel 0,3, sd 0,05; b: beta: middel 0,2, sd 0,05)" in da


def test_the_templates_differ_only_in_their_comments(files):
    from importlib import resources

    from somsim.cli.init import TEMPLATES

    texts = {lang: resources.files("somsim.cli").joinpath(name).read_text(encoding="utf-8")
             for lang, name in TEMPLATES.items()}
    assert tomllib.loads(texts["da"]) == tomllib.loads(texts["en"])
    assert "Gå den igennem" in texts["da"] and "Work through it" in texts["en"]
    for lang in TEMPLATES:
        out = files["dir"] / f"t-{lang}.toml"
        res = CliRunner().invoke(main, ["init", "Mit projekt", "--out", str(out), "--force", "--lang", lang])
        assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith(texts[lang][:40])
        assert CliRunner().invoke(main, ["check", str(out), "--lang", lang]).exit_code == 0


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(str(x) for x in a[:1] + a[2:4]))
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_command_prints_one_language(args, lang, tmp_path):
    text = _run(args, lang, tmp_path)
    strays = _strays(text.replace(str(CASE), "CASE"), lang)
    # notes and method sentences written by the library in English are exempt only in English
    assert not strays, f"{lang}: {sorted(set(strays))[:10]}"


def test_run_and_report_say_what_they_wrote(tmp_path):
    res = CliRunner().invoke(main, ["run", str(CASE), "--draws", "1000", "--out", str(tmp_path / "o"), "--xlsx",
                                    str(tmp_path / "t.xlsx"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    for f in ("o/results.nc", "o/summary.json", "t.xlsx"):
        assert f"wrote {tmp_path / f}" in res.stderr
    res = CliRunner().invoke(main, ["run", str(CASE), "--draws", "0", "--json", str(tmp_path / "s.json"),
                                    "--lang", "da"])
    assert f"skrev {tmp_path / 's.json'}" in res.stderr


@pytest.mark.parametrize("args", [COMMANDS[0], COMMANDS[2], [*COMMANDS[4][:-1], "50"]], ids=["check", "oat", "voi"])
def test_at_80_columns_piped_no_line_is_wider_and_no_name_is_cut(args, tmp_path):
    sc = load_scenario(CASE)
    for lang in ("da", "en"):
        text = _run(args, lang, tmp_path, env={"COLUMNS": "80"})
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= 80
        words = set(re.findall(r"[\w.]+", text))
        for name in sc.input_names:
            assert name in words, (lang, name)  # every input name whole, on one line
        assert "…" not in text


def test_the_default_language():
    assert default_lang({}) == "da"
    assert default_lang({"LANG": "C.UTF-8"}) == "da"
    assert default_lang({"LANG": "da_DK.UTF-8"}) == "da"
    assert default_lang({"LANG": "en_GB.UTF-8"}) == "en"
    assert default_lang({"LC_ALL": "da_DK.UTF-8", "LANG": "en_US.UTF-8"}) == "da"
    assert default_lang({"SOMSIM_LANG": "en", "LANG": "da_DK.UTF-8"}) == "en"
    assert default_lang({"SOMSIM_LANG": "da", "LC_ALL": "en_US.UTF-8"}) == "da"


def test_every_command_takes_lang():
    from somsim.cli.app import COMMANDS as NAMES

    for name in NAMES:
        cmd = main.get_command(None, name)
        assert any(p.name == "lang" for p in cmd.params), name


def test_tornado_is_refused_with_the_hint_that_oat_is_the_tornado():
    res = CliRunner().invoke(main, ["sensitivity", str(CASE), "--method", "tornado"])
    assert res.exit_code == 2 and "--method oat" in res.stderr


def test_user_docs_point_to_no_path_a_user_does_not_have():
    for doc in (ROOT / "scenarios" / "README.md", ROOT / "docs" / "python-api.md", ROOT / "README.md"):
        text = doc.read_text(encoding="utf-8")
        assert "/work/" not in text and "shared/background" not in text, doc


# --------------------------------------------------------------------------------------------
# bad input and usage errors in both languages: every message the library writes in English has a Danish text

# English words of the library's messages; none may be left in a Danish message (once the values the user
# wrote, quoted, are taken out)
ENGLISH_WORDS = re.compile(r"\b(?:expected|expects?|got|must|unknown|missing|required|cannot|could|needs?|should|"
                           r"the|is|are|of|and|or|not|with|an|did you mean|write|give|use|no such|invalid|error|"
                           r"Usage|Try|help)\b")
DANISH_WORDS = re.compile(r"\b(?:angivet|forventet|forventede|skal|ukendt|mangler|kræver|mente du|eller|ikke|"
                          r"fundet|Brug|Prøv|Fejl)\b")
QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")


def _english_left(message: str) -> list[str]:
    """English words in a Danish message, outside what it quotes."""
    return ENGLISH_WORDS.findall(QUOTED.sub("''", message))


def _corpus_problems():
    from somsim.errors import ScenarioError

    for f in sorted(MALFORMED.glob("*.toml")):
        try:
            load_scenario(f)
        except ScenarioError as e:
            yield from e.problems


def test_every_problem_of_the_malformed_corpus_has_danish_text():
    from somsim.present.translate import code_of, translate

    problems = list(_corpus_problems())
    assert len(problems) > 150
    for p in problems:
        assert code_of(p.message) is not None, f"no Danish text for: {p.message}"
        da = translate(p.message, "da")
        assert not _english_left(da), f"{p.message!r} -> {da!r}"
        assert translate(p.message, "en") == p.message


@pytest.mark.parametrize("lang", ["da", "en"])
def test_check_of_the_malformed_corpus_speaks_one_language(lang):
    """`somsim check` on every file of the corpus: each problem line in the command's language only."""
    for f in sorted(MALFORMED.glob("*.toml")):
        res = CliRunner().invoke(main, ["check", str(f), "--lang", lang])
        assert res.exit_code == 2, (f, res.output)
        for line in res.stderr.splitlines():
            m = re.match(r"^(?P<where>.+?): (?P<key>\(file\)|[^\s:]+): (?P<msg>.+)$", line)
            msg = m["msg"] if m and not line.startswith("somsim: ") else line
            msg = msg.replace(str(MALFORMED), "DIR")
            if lang == "da":
                assert not _english_left(msg), (f.name, line)
            else:
                assert not DANISH_WORDS.findall(QUOTED.sub("''", msg)), (f.name, line)


# English problems the corpus does not produce, as the library writes them: each code of the Danish table is
# shown to match a real message (a pattern with a typo would match nothing)
PROBLEM_EXAMPLES = {
    "extra_format": "unknown key (not part of format 1)",
    "no_year": "expected at least one year (got [])",
    "no_profile": "expected at least one year of consequences (got [])",
    "no_group_member": "expected at least one input name or pattern (got [])",
    "se_large": "implausibly large (got 1e+300; expected at most 1e+06)",
    "input_twice": "an input is listed twice",
    "greater_than": "Input should be greater than 0 (got -1)",
    "greater_than_equal": "Input should be greater than or equal to 1 (got 0)",
    "less_than": "Input should be less than 10 (got 11)",
    "less_than_equal": "Input should be less than or equal to 2.5 (got 3)",
    "int_parsing": "Input should be a valid integer, unable to parse string as an integer (got 'x')",
    "float_parsing": "Input should be a valid number, unable to parse string as a number (got 'x')",
    "finite_number": "Input should be a finite number (got inf)",
    "string_type": "Input should be a valid string (got 3)",
    "bool_type": "Input should be a valid boolean (got 3)",
    "list_type": "Input should be a valid list (got 3)",
    "dict_type": "Input should be a valid dictionary (got 3)",
    "literal": "Input should be 'a' or 'b' (got 'c')",
    "too_short": "List should have at least 1 item after validation, not 0 (got [])",
    "too_long": "List should have at most 2 items after validation, not 3 (got [1, 2, 3])",
    "string_short": "String should have at least 1 character (got '')",
    "string_pattern": "String should match pattern '^[a-z]+$' (got 'X')",
    "extra_forbidden": "Extra inputs are not permitted (got 1)",
    "field_required": "Field required (got a table)",
    "value_error": "Value error, 'x' (got 1)",
    "pydantic": "Input should be greater than 0 (got -1)",
    "index_twice": "price index for 2019 given twice with different values (100 in lib/a.toml)",
    "control_key": "the key holds the control character ESCAPE (U+001B); remove it (keys are plain text)",
    "control_text": "the text holds the control character ESCAPE (U+001B) at position 3 and 2 more; remove it "
                    "(only tab and newline are allowed in text)",
    "and_more": "the text holds the control character NULL (U+0000) at position 1 and 4 more; remove it "
                "(only tab and newline are allowed in text)",
    "observation_same": "the values are all the same: their spread is needed (give mean, sd, n)",
    "toml_nested": "arrays or inline tables nested 40 deep; at most 32 levels are accepted (a scenario needs 3)",
    "include_nul": "the included file's name contains a NUL character (got 'a\\x00b')",
    "include_follow": "cannot follow the included file 'lib/a.toml': a loop of symbolic links",
    "include_deep": "includes nested deeper than 16",
    "include_read": "cannot read the included file 'lib/a.toml': Permission denied",
    "include_kind": "the included file 'lib' is a directory, not a regular file",
    "include_error": "cannot read included file (boom)",
    "activity_twice": "activity defined twice (also in lib/a.toml)",
    "read_error": "cannot read the file (OSError: boom)",
    "file_reason": "file not found",
    "file_kind": "included file 'x.toml': is a FIFO, not a regular file",
    "file_large": "included file 'x.toml': is 12.0 MiB, more than the 10.0 MiB an input file may have",
    "file_larger": "included file 'x.toml': is more than the 10.0 MiB an input file may have",
    "more_problems": "… and 12,345 more problems (the first 10,000 are listed; fix these and check again)",
    "interval_type": "expected an interval [low, high] of two numbers (got 3)",
    "truncation_far": "the truncation interval [100, 200] lies more than 30 sd from the mean 0",
    "lognormal_ci": "a lognormal interval must be positive (got [-1, 2])",
    "ci_width": "the interval must have positive width",
    "beta_wide": "no beta with mean 0.5 is that uncertain (interval width 0.99; at most 0.95)",
    "beta_narrow": "interval too narrow for a beta (width 1e-12)",
    "beta_mean": "a beta mean must lie in (0, 1) (got 1.5)",
}


def test_every_problem_code_has_danish_text_and_matches_a_message():
    from somsim.present.locale import da
    from somsim.present.translate import _match, translate

    seen: set[str] = set()

    def spy(message: str) -> str:
        found = _match(message, "da", "PROBLEMS")
        assert found is not None, f"no Danish text for: {message}"
        out = translate(message, "da")
        assert not _english_left(out), f"{message!r} -> {out!r}"
        return out

    import somsim.present.translate as T

    original = T._match

    def recording(message, lang, table):
        found = original(message, lang, table)
        if found is not None:
            seen.add(found[0])
        return found

    T._match = recording
    try:
        for p in _corpus_problems():
            spy(p.message)
        for code, message in PROBLEM_EXAMPLES.items():
            spy(message)
            assert code in seen, (code, message)
    finally:
        T._match = original
    for code, (pattern, text) in da.PROBLEMS.items():
        assert pattern and text, code
    assert set(da.PROBLEMS) <= seen, f"codes matching no message: {sorted(set(da.PROBLEMS) - seen)}"


# usage errors of the command line (args, in-process and fast: each is refused before anything runs)
USAGE_CASES = [
    ["run", "x.toml", "--drwas", "5"],
    ["run"],
    ["run", "a.toml", "b.toml"],
    ["run", "x.toml", "--draws"],
    ["rnu", "x.toml"],
    ["--bogus"],
    ["run", "x.toml", "--draws", "many"],
    ["run", CASE, "--draws", "1e9", "--out", "{dir}/o"],
    ["run", CASE, "--perspective", "komune"],
    ["run", CASE, "--sampler", "lhss"],
    ["run", "{dir}", "--draws", "0"],
    ["run", CASE, "--json", "{dir}"],
    ["run", CASE, "--json", CASE],
    ["run", CASE, "--workers", "2", "--scheduler", "tcp://localhost:1"],
    ["compare", CASE],
    ["compare", CASE, "--vs-nothing", "--plot", "-"],
    ["compare", CASE, "--vs-nothing", "--draws", "50"],
    ["portfolio", CASE, "--budget", "abc"],
    ["portfolio", CASE, "--budget", "1", "--budget", "2"],
    ["portfolio", CASE, "--budget", "1", "--budget", "2", "--budget", "3", "--years", "2"],
    ["sensitivity", CASE, "--method", "tornado"],
    ["sensitivity", CASE, "--method", "oat", "--n", "64"],
    ["sensitivity", CASE, "--method", "oat", "--workers", "2"],
    ["sensitivity", CASE, "--method", "morris", "--n", "auto"],
    ["sensitivity", CASE, "--method", "morris", "--tolerance", "5"],
    ["sensitivity", CASE, "--method", "oat", "--output", "npv.komune"],
    ["sensitivity", CASE, "--method", "oat", "--output", "npvv"],
    ["sensitivity", CASE, "--method", "oat", "--output", "net.total.99"],
    ["sensitivity", CASE, "--method", "oat", "--output", "npv.kommune:X"],
    ["sensitivity", CASE, "--method", "oat", "--range", "nothing=0.1:0.2"],
    ["sensitivity", CASE, "--method", "oat", "--range", "success_rate=0.4:0.1"],
    ["sensitivity", CASE, "--method", "oat", "--range", "success_rate"],
    ["sensitivity", CASE, "--method", "oat", "--probs", "0.9,0.1"],
    ["sensitivity", CASE, "--method", "sobol", "--n", "100"],
    ["voi", CASE, "--study-n", "20"],
    ["voi", CASE, "--case-cv", "0"],
    ["voi", CASE, "--plot", "-"],
    ["voi", CASE, "--evsi", "succes_rate", "--draws", "2000"],
    ["voi", CASE, "--draws", "10"],
    ["voi", CASE, "--study-n", "0", "--evsi", "success_rate"],
    ["library", "frob"],
    ["report", CASE, "--draws", "0", "--vs-nothing", "--out", "{dir}/r.html"],
    ["init", "!!!", "--out", "{dir}/x.toml"],
    ["sensitivity", CASE, "--method", "sobol", "--conf-level", "0,95"],
    ["sensitivity", CASE, "--method", "sobol", "--conf-level", "1.5"],
]


def _usage_error(args, lang, d):
    args = [str(a).format(dir=d) for a in args]
    res = CliRunner().invoke(main, [*args, "--lang", lang], env={"COLUMNS": "400"})
    assert res.exit_code == 2, (args, res.output)
    return res.stderr


@pytest.mark.parametrize("lang", ["da", "en"])
def test_usage_errors_speak_one_language(lang, tmp_path):
    for args in USAGE_CASES:
        text = _usage_error(args, lang, tmp_path).replace(str(tmp_path), "TMP").replace(str(ROOT), "ROOT")
        assert text.strip(), args
        for line in text.splitlines():
            msg = QUOTED.sub("''", line.removeprefix("somsim: "))
            if lang == "da":
                assert not _english_left(msg), (args, line)
            else:
                assert not DANISH_WORDS.findall(msg), (args, line)


def test_usage_errors_in_english_are_the_librarys_text(tmp_path):
    """English output is the library's message as it was: the Danish is added beside it, nothing changed."""
    text = _usage_error(["compare", CASE], "en", tmp_path)
    assert text == "somsim: compare needs two scenarios or more (or one with --vs-nothing)\n"
    text = _usage_error(["run", "x.toml", "--draws", "many"], "en", tmp_path)
    assert text == "somsim: --draws expects a whole number in 0 … 1e9, or auto (got 'many')\n"
    text = _usage_error(["run", "x.toml", "--draws", "many"], "da", tmp_path)
    assert text == "somsim: --draws forventer et helt tal i 0 … 1e9, eller auto (angivet 'many')\n"
    text = _usage_error(["rnu"], "da", tmp_path)
    assert "Fejl: ukendt kommando 'rnu'." in text and "Brug: " in text


def test_a_danish_decimal_comma_on_the_command_line_gets_the_point_to_type(tmp_path):
    """Values are typed with a point on the command line (commas separate lists), and ranges shown as typed."""
    text = _usage_error(["sensitivity", CASE, "--method", "sobol", "--conf-level", "0,95"], "da", tmp_path)
    assert text.endswith("'0,95' er ikke et gyldigt decimaltal: skriv decimaler med punktum på kommandolinjen "
                         "(0.95).\n"), text
    text = _usage_error(["sensitivity", CASE, "--method", "sobol", "--conf-level", "1.5"], "da", tmp_path)
    assert text.endswith("1.5 er ikke i intervallet 0.5<=x<=0.999.\n"), text  # as in --help and as typed


@pytest.mark.parametrize("table", ["PROBLEMS", "USAGE"])
def test_every_code_has_a_danish_text_that_fits_its_pattern(table):
    """Each pattern compiles and its Danish text names only the values the pattern captures."""
    import string

    from somsim.present.locale import da, en

    assert not hasattr(en, table)  # English is the library's own text
    for code, (pattern, text) in getattr(da, table).items():
        groups = set(re.compile(pattern).groupindex)
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        assert fields <= groups, (code, fields - groups)
        assert text and not _english_left(QUOTED.sub("''", re.sub(r"\{[^}]*\}", "", text))), (code, text)


# --------------------------------------------------------------------------------------------
# --help of the group and of every command, in both languages

# click's words and words of the option help texts that must not be left in the other language's help
HELP_ENGLISH = ("Show this message", "Usage:", "Options:", "Commands:", "default", "required", "Write ", "Where ",
                "Language", "Random", "Sampling", "Monte Carlo draws", "Threads", "Progress bar", "Compare",
                "study", "the report", "plot", "scenario", "Inputs", "Bootstrap resamples", "intervals")
HELP_DANISH = ("Vis denne hjælp", "Brug:", "Tilvalg:", "Kommandoer:", "[standard", "(standard", "påkrævet", "Skriv ",
               "Hvor ", "Sprog", "Startværdi", "Stikprøve", "træk", "Tråde", "Statuslinje", "Sammenlign",
               "budgettet", "undersøgelse", "rapport", "figuren", "scenarie", "Antal input", "genudtrækninger",
               "intervallet")
# every help page: the group's and each command's (library's actions list, search and show are one command)
HELP_PAGES = [[], *([name] for name in __import__("somsim.cli.app", fromlist=["COMMANDS"]).COMMANDS)]
# what the help shows as the user types it, in every language: option names (--draws, -h), metavars and
# placeholders in capitals (SCENARIO, PATH, N), choices ([da|en]), quoted values ('auto'), and the --lang help's
# examples of each language's number format
AS_TYPED = re.compile(r"(?<![\w-])--?[\w-]+|\b[A-ZÆØÅ][A-ZÆØÅ0-9_]*\b|\[[\w.:-]+(?:\|[\w.:-]+)+\]|'[^'\n]*'|"
                      r"DKK 1,234,567|1\.234\.567 kr\.")
SPECS = re.compile(r"^  (-[^ ].*?)(?: {2,}|$)", re.M)  # an option's spelling and metavar
NO_LANG = {"SOMSIM_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def _help(args: list[str], env: dict | None = None) -> str:
    res = CliRunner().invoke(main, args, env={"COLUMNS": "100", **(env or {})})
    assert res.exit_code == 0, res.output
    return res.stdout


def _help_strays(text: str, lang: str) -> list[str]:
    """Words and number formats of the other language in a help page (what is typed as it is taken out)."""
    prose = AS_TYPED.sub(" ", text)
    if lang == "da":
        bad = [w for w in (*ENGLISH, *HELP_ENGLISH) if w in prose] + ENGLISH_WORDS.findall(prose)
        bad += re.findall(r"(?<![\d,.])[1-9]\d{0,2},\d{3}(?![\d,])", prose)  # English thousands
    else:
        bad = [w for w in (*DANISH, *HELP_DANISH) if w in prose] + DANISH_WORDS.findall(prose)
        bad += re.findall(r"(?<![\d,.])[1-9]\d{0,2}\.\d{3}(?![\d.])", prose)  # Danish thousands
        bad += re.findall(r"[æøåÆØÅ]\w*", prose.replace("SØM", "").replace("æ/ø/å", ""))
    return bad


@pytest.mark.parametrize("page", HELP_PAGES, ids=lambda p: " ".join(p) or "somsim")
def test_every_help_page_speaks_one_language(page):
    """`--help` of the group and of each command: Danish by default, with --lang da or SOMSIM_LANG=da; English
    with --lang en (before or after --help, or given to the group) or SOMSIM_LANG=en; no word of the other."""
    da = {
        "default": _help([*page, "--help"], NO_LANG),
        "--lang da": _help([*page, "--help", "--lang", "da"], {"SOMSIM_LANG": "en"}),
        "SOMSIM_LANG": _help([*page, "--help"], {"SOMSIM_LANG": "da", "LANG": "en_US.UTF-8"}),
        "group --lang": _help(["--lang", "da", *page, "--help"], {"SOMSIM_LANG": "en"}),
    }
    en = {
        "--lang en": _help([*page, "--lang", "en", "--help"], NO_LANG),
        "SOMSIM_LANG": _help([*page, "--help"], {"SOMSIM_LANG": "en"}),
        "locale": _help([*page, "--help"], {**NO_LANG, "LANG": "en_GB.UTF-8"}),
        "group --lang": _help(["--lang", "en", *page, "--help"], NO_LANG),
    }
    assert len(set(da.values())) == 1, "the Danish help differs by how Danish was chosen"
    assert len(set(en.values())) == 1, "the English help differs by how English was chosen"
    da_text, en_text = da["default"], en["--lang en"]
    assert da_text.startswith("Brug: main") and "\nTilvalg:\n" in da_text and "Vis denne hjælp og afslut." in da_text
    assert en_text.startswith("Usage: main") and "\nOptions:\n" in en_text and "Show this message and exit." in en_text
    assert not _help_strays(da_text, "da"), sorted(set(_help_strays(da_text, "da")))
    assert not _help_strays(en_text, "en"), sorted(set(_help_strays(en_text, "en")))
    # the same usage line, and the same options, metavars and choices (the help's left column), in both
    assert da_text.split("\n", 1)[0].removeprefix("Brug:") == en_text.split("\n", 1)[0].removeprefix("Usage:")
    assert SPECS.findall(da_text) == SPECS.findall(en_text) and SPECS.findall(da_text)


def test_the_english_help_is_clicks_as_it_was_and_the_danish_the_same_in_danish():
    en = " ".join(_help(["run", "--help", "--lang", "en"]).split())
    for line in ("Usage: main run [OPTIONS] SCENARIO", "Base case and probabilistic run of SCENARIO. Options:",
                 "--draws N|auto Monte Carlo draws (0: base case only; 'auto': until the Monte Carlo error of the "
                 "headline figures is small; 1e6 and 1_000_000 are fine). [default: 10000]",
                 "--seed S Random seed. [default: 1]", "--sampler [random|lhs|sobol] Sampling design. [default: random]",
                 "--lang [da|en] Language and number format of everything the command prints and writes: da (Danish, "
                 "1.234.567 kr.) or en (English, DKK 1,234,567). [default: (da, or SOMSIM_LANG, or the locale)]",
                 "-h, --help Show this message and exit."):
        assert line in en, line
    da = " ".join(_help(["run", "--help", "--lang", "da"]).split())
    for line in ("Brug: main run [OPTIONS] SCENARIO", "Basisberegning og probabilistisk kørsel af SCENARIO. Tilvalg:",
                 "--seed S Startværdi (seed) for de tilfældige tal. [standard: 1]",
                 "--sampler [random|lhs|sobol] Stikprøvedesign. [standard: random]",
                 "[standard: (da, eller SOMSIM_LANG, eller sproget i systemets locale)]",
                 "-h, --help Vis denne hjælp og afslut."):
        assert line in da, line
    da = " ".join(_help(["sensitivity", "--help", "--lang", "da"]).split())
    assert "skifteværdier. [påkrævet]" in da and "[standard: 0.05,0.95]" in da  # a value as it is typed
    da = _help(["--help"], NO_LANG)
    assert "\nKommandoer:\n" in da and "  check        Kontrollér SCENARIO; vis dets input og basisberegningen." in da
    assert "Validate" not in da
    en = _help(["library", "--help", "--lang", "en"])  # click keeps the example lines as they are written
    assert "\n  somsim library search anbringelse    activities matching every word" in en and "\\b" not in en


def test_every_help_text_has_danish_text():
    """No fallback to English: each command's description, each option's help (click's own -h/--help and
    --version too) and each default shown as text has a Danish text; and no Danish text is left unused."""
    import click

    from somsim.cli.app import COMMANDS as NAMES
    from somsim.present.locale._da_help import HELP

    used = set()
    commands = [("somsim", main), *((name, main.get_command(None, name)) for name in NAMES)]
    for name, cmd in commands:
        assert cmd.help, name
        help_text = __import__("inspect").cleandoc(cmd.help)
        assert help_text in HELP, f"{name}: no Danish text for {help_text!r}"
        used.add(help_text)
        for p in cmd.get_params(click.Context(cmd, info_name=name)):
            if not isinstance(p, click.Option):
                continue
            assert p.help, f"{name} {p.opts[0]}: no help"
            assert p.help in HELP, f"{name} {p.opts[0]}: no Danish text for {p.help!r}"
            used.add(p.help)
            if isinstance(p.show_default, str):
                assert p.show_default in HELP, (name, p.show_default)
                used.add(p.show_default)
    assert set(HELP) == used, f"Danish texts of no help: {sorted(set(HELP) - used)}"
    assert all(da and da != en for en, da in HELP.items())


def test_more_workers_than_cores_warns_in_the_language_of_the_command():
    import os

    n = (os.cpu_count() or 1) + 1
    for lang, said in (("da", f"advarsel: --workers {n} er flere end maskinens"),
                       ("en", f"warning: --workers {n} is more than the")):
        text = _run(["run", CASE, "--draws", "0", "--workers", str(n)], lang, None)
        assert said in text, text
        assert not _strays(text.replace(str(CASE), "CASE"), lang)


def test_the_groups_lang_is_the_commands_default():
    en = CliRunner().invoke(main, ["--lang", "en", "check", str(CASE)], env=NO_LANG)
    assert en.exit_code == 0 and "is a valid format-1 scenario" in en.stdout
    da = CliRunner().invoke(main, ["--lang", "en", "check", str(CASE), "--lang", "da"], env=NO_LANG)
    assert da.exit_code == 0 and "er et gyldigt scenarie" in da.stdout


def test_the_progress_bar_speaks_the_language_of_the_command():
    from somsim.cli.common import progress_bar

    for lang, label, count in (("da", "træk", "12.345/100.000"), ("en", "draws", "12,345/100,000")):
        pb = progress_bar(True, "draws", lang)
        cb = pb.__enter__()
        try:
            cb(12_345, 100_000)
            task = pb.bar.tasks[0]
            assert task.description == label and task.fields["count"] == count
        finally:
            pb.__exit__(None, None, None)


def test_somsim_alone_shows_the_help_in_its_language():
    for env, first in ((NO_LANG, "Brug: main [OPTIONS] COMMAND"), ({"SOMSIM_LANG": "en"}, "Usage: main [OPTIONS]")):
        res = CliRunner().invoke(main, [], env=env)
        assert res.exit_code == 2 and res.stderr.startswith(first), res.stderr
        assert res.stderr.rstrip("\n") == _help(["--help"], env).rstrip("\n")
