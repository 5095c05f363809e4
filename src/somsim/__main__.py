"""``python -m somsim``: the command line."""

import os
import signal


def _early(signum, frame):  # pragma: no cover - a signal while the modules load
    """SIGINT/SIGTERM before the command runs: nothing was started or written; exit at once with 128 + signal."""
    os.write(2, f"somsim: interrupted by {signal.Signals(signum).name} while starting; nothing was written.\n".encode())
    os._exit(128 + signum)


for _s in (signal.SIGINT, signal.SIGTERM):  # the command installs its own handlers when it begins
    signal.signal(_s, _early)

from somsim.cli import main  # noqa: E402

main()
