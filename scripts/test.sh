#!/usr/bin/env bash
# Set everything up and run the test suite: .venv with the test extras, a headless Chromium for
# the report tests (Debian package; the browser tests skip with a message where it cannot be had),
# then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/install-browser.sh || echo "note: no headless Chromium; the browser tests will be skipped" >&2
exec .venv/bin/python -m pytest -q "$@"
