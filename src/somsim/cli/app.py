"""The `somsim` command line: a thin shell over the library.

Exit codes: 0 success, 2 bad input (scenario or arguments), 1 any other failure.
No traceback reaches the user unless SOMSIM_DEBUG=1. This is the only layer that prints or exits.
"""

from __future__ import annotations

import importlib
import os

import click

from somsim._hygiene import printable
from somsim.cli.options import LANG, HelpInLanguage, lang_of
from somsim.errors import ScenarioError, SomsimError, UsageError

#: command name -> module of somsim.cli defining it (a click command of the same name). A command's
#: module is imported only when that command runs (or help lists the commands), so `somsim check`
#: pays for neither the sensitivity nor the VOI machinery.
COMMANDS = {"check": "check", "init": "init", "run": "run", "sensitivity": "sensitivity", "voi": "voi",
            "report": "report", "library": "library", "compare": "compare", "portfolio": "portfolio"}


class _Group(HelpInLanguage, click.Group):
    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, cmd_name):
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        return getattr(importlib.import_module(f"somsim.cli.{module}"), cmd_name)

    def parse_args(self, ctx, args):
        ctx.meta["somsim.argv"] = list(args)  # for the language of an error message (the command's --lang)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:  # `somsim --bogus`: click's message, in the user's language
            _click_usage_error(e, ctx)

    def invoke(self, ctx):
        from somsim._signals import Interrupted, handle_signals

        try:
            with handle_signals():  # SIGINT and SIGTERM raise Interrupted: temporaries go, old outputs stay
                return super().invoke(ctx)
        except Interrupted as e:
            click.echo(f"somsim: {_say(_interrupted(e), ctx)}", err=True)
            ctx.exit(e.exit_code)
        except ScenarioError as e:
            lang = _lang(ctx)
            for p in _listed(e.problems, lang):
                click.echo(p, err=True)
            click.echo(_found(len(e.problems), lang), err=True)
            ctx.exit(2)
        except UsageError as e:
            click.echo(f"somsim: {printable(_say(str(e), ctx))}", err=True)
            ctx.exit(2)
        except SomsimError as e:
            click.echo(f"somsim: {printable(_say(str(e), ctx))}", err=True)
            ctx.exit(1)
        except click.UsageError as e:  # `somsim rnu`: click's message, in the user's language
            _click_usage_error(e, ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:  # outside the handlers' reach (another thread …): still SIGINT's code
            click.echo(f"somsim: {_say(f'interrupted; {_what_was_written(False)}', ctx)}", err=True)
            ctx.exit(130)
        except MemoryError:
            click.echo(f"somsim: {_say(OUT_OF_MEMORY, ctx)}", err=True)
            ctx.exit(1)
        except OSError as e:  # e.g. an output path that cannot be written: not an internal error
            if os.environ.get("SOMSIM_DEBUG"):
                raise
            click.echo(f"somsim: {e.__class__.__name__}: {printable(_say(str(e), ctx))}", err=True)
            ctx.exit(1)
        except Exception as e:  # noqa: BLE001 - the last line of defence: no tracebacks for users
            if os.environ.get("SOMSIM_DEBUG"):
                raise
            click.echo(f"somsim: {_say('internal error', ctx)}: {e.__class__.__name__}: {printable(str(e))} "
                       f"({_say('set SOMSIM_DEBUG=1 for details', ctx)})", err=True)
            ctx.exit(1)


MAX_LISTED = 1000  # problems listed one per line; the rest are counted
OUT_OF_MEMORY = "out of memory; nothing was written. Use fewer draws (or leave out --out)."


def _say(message: str, ctx: click.Context) -> str:
    """A message of the library or of this module (English) in the language of the command being run."""
    lang = _lang(ctx)
    if lang == "en":
        return message
    from somsim.present.translate import translate

    return translate(message, lang, "USAGE")


def _click_usage_error(e: click.UsageError, ctx: click.Context) -> None:
    """Click's usage error (a command that does not exist, an option of ``somsim`` itself) in the user's language.

    English: click shows it (its usage line, 'Try … for help', 'Error: …'). Danish: the same lines in Danish.
    """
    lang = _lang(ctx)
    if lang == "en" or type(e).__name__ == "NoArgsIsHelpError":  # `somsim` alone: the help, already in `lang`
        raise e
    from somsim.present.locale import strings

    C = strings(lang).CONSOLE
    where = e.ctx or ctx
    usage = where.get_usage().split(":", 1)[-1].strip()
    click.echo(f"{C['usage']}: {usage}", err=True)
    help_option = max(where.help_option_names, key=len)
    click.echo(C["try_help"].format(cmd=f"{where.command_path} {help_option}") + "\n", err=True)
    click.echo(f"{C['error']}: {_say(e.format_message(), ctx)}", err=True)
    ctx.exit(e.exit_code)


def _lang(ctx: click.Context) -> str:
    """The language of the command being run: its --lang (if given and valid), else the default."""
    return lang_of(ctx)


def _found(n: int, lang: str) -> str:
    """The last line of a bad-input report: how many problems, and that nothing was run or written."""
    from somsim._text import number
    from somsim.present.locale import strings

    E = strings(lang).ERRORS
    return E["problems" if n == 1 else "problems_many"].format(n=number(n, 0, lang))


def _listed(problems, lang: str = "en") -> list[str]:
    """The lines of a bad-input report: at most MAX_LISTED problems, then '… and N more'."""
    from somsim._text import number
    from somsim.present.locale import strings
    from somsim.present.messages import problem_line

    lines = [printable(problem_line(p, lang, "ERRORS")) for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(strings(lang).ERRORS["more"].format(n=number(len(problems) - MAX_LISTED, 0, lang)))
    return lines


def _what_was_written(committed: bool) -> str:
    from somsim.cli.common import WRITTEN

    if committed or WRITTEN:
        return "the outputs had been written completely before it (" + ", ".join(WRITTEN) + ")."
    return "nothing was written; any earlier outputs are unchanged."


def _interrupted(e) -> str:
    """An honest message for SIGINT/SIGTERM: whether the new outputs are in place, complete, or nothing changed."""
    import signal

    name = signal.Signals(e.signum).name
    return f"interrupted by {name}; {_what_was_written(e.committed)}"


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="somsim")
@click.option("--lang", type=LANG, default=None, expose_value=False, show_default="da, or SOMSIM_LANG, or the locale",
              help="Language of this help and of the command that follows, unless it is given its own --lang.")
def main() -> None:
    """somsim: SØM business cases with honest uncertainty."""
