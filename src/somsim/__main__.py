"""``python -m somsim``: the command line."""

from somsim.cli import main

main()
