"""The `somsim` command line: a thin shell over the library.

Exit codes: 0 success, 2 bad input (scenario or arguments), 1 any other failure.
No traceback reaches the user unless SOMSIM_DEBUG=1. This is the only layer that prints or exits.
"""

from __future__ import annotations

import os

import click

from somsim.cli import check as _check
from somsim.cli import compare as _compare
from somsim.cli import init as _init
from somsim.cli import portfolio as _portfolio
from somsim.cli import report as _report
from somsim.cli import run as _run
from somsim.cli import sensitivity as _sensitivity
from somsim.cli import voi as _voi
from somsim.errors import ScenarioError, SomsimError, UsageError


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ScenarioError as e:
            for p in e.problems:
                click.echo(str(p), err=True)
            n = len(e.problems)
            click.echo(f"somsim: {n} problem{'s' if n != 1 else ''} found; nothing was run or written.", err=True)
            ctx.exit(2)
        except UsageError as e:
            click.echo(f"somsim: {e}", err=True)
            ctx.exit(2)
        except SomsimError as e:
            click.echo(f"somsim: {e}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("somsim: interrupted; nothing was written.", err=True)
            ctx.exit(1)
        except OSError as e:  # e.g. an output path that cannot be written: not an internal error
            if os.environ.get("SOMSIM_DEBUG"):
                raise
            click.echo(f"somsim: {e.__class__.__name__}: {e}", err=True)
            ctx.exit(1)
        except Exception as e:  # noqa: BLE001 - the last line of defence: no tracebacks for users
            if os.environ.get("SOMSIM_DEBUG"):
                raise
            click.echo(f"somsim: internal error: {e.__class__.__name__}: {e} (set SOMSIM_DEBUG=1 for details)",
                       err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="somsim")
def main() -> None:
    """somsim: SØM business cases with honest uncertainty."""


for _cmd in (_check.check, _compare.compare, _init.init, _portfolio.portfolio, _run.run, _sensitivity.sensitivity,
             _voi.voi, _report.report):
    main.add_command(_cmd)
