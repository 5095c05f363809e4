"""The command line (click): one module per command; shared options as ``ParamType``s in :mod:`.options`.

:mod:`.app` registers the commands (check, init, run, sensitivity, voi, report) and turns somsim's
errors into exit codes; :mod:`.common` holds the console and the progress bar. This is the only
layer that prints or exits.
"""

from somsim.cli.app import main

__all__ = ["main"]
