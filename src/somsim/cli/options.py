"""The options the commands share, as click ``ParamType``s and decorators: each is parsed one way everywhere.

A value that does not parse fails with a message that names the option and says what it expects
(``--draws expects a whole number in 0 … 10,000,000 (got 'many')``); :class:`Command` turns every
bad argument into one line on stderr and exit code 2, like any other bad input.

=================  ==============================================================================
type               accepts
=================  ==============================================================================
:class:`Whole`     a whole number in a range; ``1e6`` and ``1_000_000`` too; optionally ``auto``
:class:`OneOf`     one of a few words (perspective, language, sampler), with "did you mean"
:class:`Number`    a finite number (of kroner …), optionally ≥ a minimum; ``1_000_000`` and ``1e6`` too
:class:`Sizes`     study sizes ``20,50,100`` (whole numbers ≥ 1)
:class:`Probs`     two probabilities ``LOW,HIGH`` with 0 < LOW < HIGH < 1
:class:`Ranges`    ``NAME=LOW:HIGH``
=================  ==============================================================================
"""

from __future__ import annotations

import inspect
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn

import click

from somsim._text import did_you_mean
from somsim._vocab import COMMITTEE_PREFIX, DISPLAY_ORDER
from somsim.errors import UsageError

__all__ = [
    "LANG", "PERSPECTIVE", "SAMPLER", "SEED", "Command", "HelpInLanguage", "Kroner", "Number", "OneOf",
    "PerspectiveType", "Probs", "Ranges", "Sizes", "Whole",
    "check_cluster", "cluster_options", "default_lang", "draws_option", "json_option", "lang_of", "lang_option",
    "progress_option", "sampler_option", "seed_option", "threads_option",
]


def lang_of(ctx: click.Context | None) -> str:
    """The language of the command line being run: its last valid ``--lang``, else the default.

    Read from the arguments, so it is known before click has parsed them: for ``--help`` and for the messages
    of bad arguments. A ``--lang`` given to ``somsim`` itself counts unless the command is given its own.
    """
    args = ctx.meta.get("somsim.argv", []) if ctx is not None else []
    found = None
    for i, a in enumerate(args):
        if a == "--":
            break
        value = a.split("=", 1)[1] if a.startswith("--lang=") else args[i + 1] if a == "--lang" and i + 1 < len(
            args) else None
        if value in ("da", "en"):
            found = value
    return found or default_lang()


class HelpInLanguage:
    """A click command or group whose ``--help`` is in the language of the command line (:func:`lang_of`).

    English is click's own help, from the English texts of the options and docstrings. Another language has a
    table of them (Danish: :mod:`somsim.present.locale._da_help`): the command's description, each option's help
    and click's own words (``Brug:``, ``Tilvalg``, ``[standard: …]``); option names, metavars and choices stay.
    """

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The usage line, headed in the language of the command line."""
        if lang_of(ctx) == "en":
            return super().format_usage(ctx, formatter)  # type: ignore[misc]
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_help_words()[0]["usage"] + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command's description in the language of the command line."""
        if lang_of(ctx) == "en" or not self.help:  # type: ignore[attr-defined]
            return super().format_help_text(ctx, formatter)  # type: ignore[misc]
        english = inspect.cleandoc(self.help)  # type: ignore[attr-defined]
        text = _help_words()[1].get(english, english)
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options (and, of a group, its commands) in the language of the command line."""
        if lang_of(ctx) == "en":
            return super().format_options(ctx, formatter)  # type: ignore[misc]
        words, texts = _help_words()
        rows = [r for p in self.get_params(ctx)  # type: ignore[attr-defined]
                if isinstance(p, click.Option) and (r := _option_record(p, ctx, words, texts)) is not None]
        if rows:
            with formatter.section(words["options"]):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """A group's commands, each with the first sentence of its description, in the language of the command line."""
        if lang_of(ctx) == "en":
            return super().format_commands(ctx, formatter)  # type: ignore[misc]
        words, texts = _help_words()
        commands = [(name, cmd) for name in self.list_commands(ctx)  # type: ignore[attr-defined]
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]  # type: ignore[attr-defined]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = []
        for name, cmd in commands:
            english = cmd.help
            cmd.help = texts.get(inspect.cleandoc(english), english) if english else english
            try:  # click's own shortening, of the translated text
                rows.append((name, cmd.get_short_help_str(limit)))
            finally:
                cmd.help = english
        with formatter.section(words["commands"]):
            formatter.write_dl(rows)


def _help_words() -> tuple[dict[str, str], dict[str, str]]:
    """Click's words and the help texts (English -> Danish), imported only when help is shown in Danish."""
    from somsim.present.locale._da_help import CLICK, HELP

    return CLICK, HELP


def _option_record(param: click.Option, ctx: click.Context, words: Mapping[str, str],
                   texts: Mapping[str, str]) -> tuple[str, str] | None:
    """An option's line of the help: click's, with its help from `texts` and click's words in `words`.

    Click appends ``  [default: …; RANGE; required]`` to the help text; each part is kept, in `words`.
    """
    record = param.get_help_record(ctx)
    if record is None:
        return None
    spec, english = record
    extra = english.removeprefix(param.help or "").strip().removeprefix("[").removesuffix("]")
    items = []
    for item in extra.split("; ") if extra else []:
        if item.startswith("default: "):
            shown = item.removeprefix("default: ")
            if isinstance(param.show_default, str):  # a default described in words: "(da, or SOMSIM_LANG, …)"
                shown = f"({texts.get(param.show_default, param.show_default)})"
            item = f"{words['default']}: {shown}"
        elif item == "required":
            item = words["required"]
        items.append(item)
    text = texts.get(param.help, param.help) if param.help else ""
    if items:
        text = f"{text}  [{'; '.join(items)}]" if text else f"[{'; '.join(items)}]"
    return spec, text


class Command(HelpInLanguage, click.Command):
    """A command whose bad arguments give one line on stderr and exit code 2 (somsim's UsageError).

    Click would print its usage block; somsim reports a bad argument like any other bad input. Its help is in
    the language of the command line (:class:`HelpInLanguage`).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse as click does; a failure becomes a :class:`~somsim.errors.UsageError` of one line."""
        try:
            return super().parse_args(ctx, args)
        except click.BadParameter as e:
            if isinstance(getattr(e.param, "type", None), _Type):
                raise UsageError(e.message) from None  # our message already names the option
            raise UsageError(" ".join(e.format_message().split())) from None
        except click.UsageError as e:
            raise UsageError(" ".join(e.format_message().split())) from None


class _Type(click.ParamType):
    """A somsim parameter type: its failures name the option (``--draws expects …``)."""

    def refuse(self, what: str, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> NoReturn:
        """Fail with '--OPTION `what` (got VALUE)'."""
        self.fail(f"{_flag(param)} {what} (got {value!r})", param, ctx)


def _flag(param: click.Parameter | None) -> str:
    if param is None:
        return "the value"
    opts = getattr(param, "opts", None) or [param.name or "value"]
    return max(opts, key=len) if isinstance(param, click.Option) else str(param.name).upper()


def _number(value: str) -> float:
    """A number as people write it on a command line: 10000, 10_000, 1e4 (ValueError otherwise)."""
    return float(str(value).strip().replace("_", ""))


def _plain(n: int) -> str:
    """A bound as written on a command line, the same in every language: 50, 100000, 1e7."""
    if n >= 10**6 and 10 ** (e := len(str(n)) - 1) == n:
        return f"1e{e}"
    return str(n)


class Whole(_Type):
    """A whole number from `lo` to `hi` (``1e6`` and ``1_000_000`` are fine), or ``auto`` if `auto`.

    `hi_text` is how the upper bound is written in the message (default: with thousands separators).
    """

    name = "integer"

    def __init__(self, lo: int, hi: int, *, auto: bool = False, hi_text: str | None = None):
        self.lo, self.hi, self.auto = lo, hi, auto
        self.hi_text = hi_text or _plain(hi)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | str:
        """The whole number (an int), or "auto"."""
        if isinstance(value, int) and not isinstance(value, bool) and self.lo <= value <= self.hi:
            return value
        if self.auto and str(value).strip() == "auto":
            return "auto"
        try:
            x = _number(value)
        except ValueError:
            x = math.nan
        if not (math.isfinite(x) and x.is_integer() and self.lo <= x <= self.hi):
            self.refuse(f"expects a whole number in {_plain(self.lo)} … {self.hi_text}"
                        + (", or auto" if self.auto else ""), value, param, ctx)
        return int(x)


class OneOf(_Type):
    """One of a few words (e.g. ``total|kommune|region|stat``); a near miss gets a "did you mean"."""

    def __init__(self, choices: Sequence[str]):
        self.choices = tuple(choices)
        self.name = "|".join(self.choices)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """``[a|b|c]`` in the help text."""
        return f"[{self.name}]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The word, if it is one of the choices."""
        if value in self.choices:
            return value
        self.fail(f"{_flag(param)} must be one of {', '.join(self.choices)} (got {value!r})"
                  f"{did_you_mean(str(value), self.choices)}", param, ctx)


class Number(_Type):
    """A finite number (optionally ≥ `minimum`): ``400000``, ``400_000`` or ``4e5``; `unit` names it in messages."""

    name = "number"

    def __init__(self, minimum: float | None = None, unit: str | None = None):
        self.minimum, self.unit = minimum, unit

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        """The number as a float."""
        if isinstance(value, float):
            return value
        try:
            v = _number(value)
        except ValueError:
            self.refuse(f"expects a number{' of ' + self.unit if self.unit else ''}", value, param, ctx)
        if not math.isfinite(v) or (self.minimum is not None and v < self.minimum):
            at_least = f" ≥ {self.minimum:g}" if self.minimum is not None else ""
            self.fail(f"{_flag(param)} expects a finite number{at_least} (got {value})", param, ctx)
        return v


def Kroner(minimum: float | None = None) -> Number:  # noqa: N802 - reads as a type at the call site
    """A finite number of kroner (optionally ≥ `minimum`)."""
    return Number(minimum, unit="kroner")


class Sizes(_Type):
    """Study sizes such as ``20,50,100``: whole numbers 1 … 10⁷ (``1e3`` is fine; 1.5, inf and nan are not)."""

    name = "sizes"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> list[int]:
        """The sizes as a list of ints, in the order given."""
        if isinstance(value, list):
            return value
        try:
            xs = [_number(v) for v in str(value).split(",") if v.strip()]
        except ValueError:
            xs = []
        out = [int(x) for x in xs if math.isfinite(x) and x.is_integer()]
        if not out or len(out) != len(xs) or any(v < 1 or v > 10**7 for v in out):
            self.fail(f"{_flag(param)} expects study sizes such as 20,50,100 (whole numbers 1 … 1e7; got {value!r})",
                      param, ctx)
        return out


class Probs(_Type):
    """Two probabilities ``LOW,HIGH`` with 0 < LOW < HIGH < 1, such as ``0.05,0.95``."""

    name = "LOW,HIGH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[float, float]:
        """The pair as floats."""
        if isinstance(value, tuple):
            return value
        try:
            lo, hi = (float(x) for x in str(value).split(","))
        except ValueError:
            self.refuse("expects LOW,HIGH such as 0.05,0.95", value, param, ctx)
        if not 0 < lo < hi < 1:
            self.refuse("must satisfy 0 < LOW < HIGH < 1", value, param, ctx)
        return lo, hi


class Ranges(_Type):
    """``NAME=LOW:HIGH``, e.g. ``success_rate=0.1:0.4`` (a repeatable option gives a dict of them)."""

    name = "NAME=LOW:HIGH"
    _RE = re.compile(r"\s*([^=\s]+)\s*=\s*([^:]+):([^:]+)\s*")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, tuple]:
        """(NAME, (LOW, HIGH))."""
        if isinstance(value, tuple):
            return value
        m = self._RE.fullmatch(str(value))
        try:
            if not m:
                raise ValueError
            return m.group(1), (float(m.group(2)), float(m.group(3)))
        except ValueError:
            self.refuse("expects NAME=LOW:HIGH such as success_rate=0.1:0.4", value, param, ctx)


SEED = Whole(0, 2**63 - 1, hi_text="2^63 − 1")
class PerspectiveType(OneOf):
    """``total``, an actor, or ``kommune:NAME`` (a committee of the scenario's [udvalg], checked against it)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The perspective; a committee name is checked once the scenario is read."""
        if isinstance(value, str) and value.startswith(COMMITTEE_PREFIX) and len(value) > len(COMMITTEE_PREFIX):
            return value
        return super().convert(value, param, ctx)


PERSPECTIVE = PerspectiveType((*DISPLAY_ORDER, f"{COMMITTEE_PREFIX}NAME"))
LANG = OneOf(("da", "en"))
SAMPLER = OneOf(("random", "lhs", "sobol"))

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def draws_option(default: int, lo: int, hi: int, *, auto: bool = False, help: str) -> Decorator:
    """``--draws N``: Monte Carlo draws from `lo` to `hi` (or ``auto``)."""
    return click.option("--draws", type=Whole(lo, hi, auto=auto), default=default, show_default=True,
                        metavar="N|auto" if auto else "N", help=help)


def seed_option() -> Decorator:
    """``--seed S``: the random seed (the same seed gives the same numbers)."""
    return click.option("--seed", type=SEED, default=1, show_default=True, metavar="S", help="Random seed.")


def sampler_option() -> Decorator:
    """``--sampler random|lhs|sobol``."""
    return click.option("--sampler", type=SAMPLER, default="random", show_default=True, help="Sampling design.")


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language of every command when ``--lang`` is not given.

    In order: ``SOMSIM_LANG`` (``da`` or ``en``); else the locale (the first of ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG`` that is set): Danish for ``da_*``, English for any other language;
    else (no locale, or ``C``/``POSIX``) Danish, the users' language.
    """
    env = os.environ if environ is None else environ
    own = env.get("SOMSIM_LANG", "").strip().lower()
    if own in ("da", "en"):
        return own
    loc = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")
    code = loc.split(".")[0].split("_")[0].lower()
    if not code or code in ("c", "posix", "da"):
        return "da"
    return "en"


def _lang_default() -> str:
    """--lang not given to the command: a --lang given before it (``somsim --lang en run …``), else the default."""
    return lang_of(click.get_current_context(silent=True))


def lang_option() -> Decorator:
    """``--lang da|en``: the language and number format of everything the command prints and writes."""
    return click.option("--lang", type=LANG, default=_lang_default, show_default="da, or SOMSIM_LANG, or the locale",
                        help="Language and number format of everything the command prints and writes: da (Danish, "
                             "1.234.567 kr.) or en (English, DKK 1,234,567).")


def threads_option() -> Decorator:
    """``--threads N``: threads of the kernel (results do not depend on them)."""
    return click.option("--threads", type=Whole(1, 256), default=None, metavar="N",
                        help="Threads for the kernel (results do not depend on them).")


def cluster_options(what: str) -> Decorator:
    """``--workers N`` and ``--scheduler ADDRESS``: run `what` on a Dask cluster (check with :func:`check_cluster`)."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option("--scheduler", default=None, metavar="ADDRESS",
                         help=f"{what} on an existing Dask scheduler at ADDRESS (tcp://HOST:8786).")(f)
        return click.option("--workers", type=Whole(1, 256), default=None, metavar="N",
                            help=f"{what} on a local Dask cluster with N workers (needs the [dask] extra).")(f)

    return decorate


def check_cluster(workers: int | None, scheduler: str | None, lang: str = "da") -> None:
    """Refuse --workers together with --scheduler (UsageError); warn (in `lang`) of more workers than cores."""
    if workers and scheduler:
        raise UsageError("give --workers or --scheduler, not both")
    cores = os.cpu_count() or 1
    if workers and workers > cores:
        from somsim.present.locale import strings

        C = strings(lang).CONSOLE
        click.echo(f"{C['warning']}: " + C["workers_cores"].format(n=workers, cores=cores), err=True)


def json_option(what: str) -> Decorator:
    """``--json PATH``: write `what` as JSON to PATH ('-' for stdout)."""
    return click.option("--json", "json_path", default=None, metavar="PATH",
                        help=f"Write {what} as JSON to PATH ('-' for stdout).")


def progress_option() -> Decorator:
    """``--progress/--no-progress``: a progress bar on stderr (default: when stderr is a terminal)."""
    return click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
