"""The command line (click): one module per command, shared options and helpers in ``common``."""

from somsim.cli.app import main

__all__ = ["main"]
