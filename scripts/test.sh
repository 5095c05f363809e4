#!/usr/bin/env bash
# Set everything up and run the test suite: .venv with the test extras, a headless Chromium for
# the report tests (Debian package; the browser tests skip with a message where it cannot be had),
# then ruff, mypy and pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/install-browser.sh || echo "note: no headless Chromium; the browser tests will be skipped" >&2
# lint and types first (configured in pyproject.toml): a failure stops the run before the long tests
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy
exec .venv/bin/python -m pytest -q -n 2 "$@"
