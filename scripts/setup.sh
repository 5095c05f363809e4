#!/usr/bin/env bash
# Create .venv (Python >= 3.11) beside this repository and install somsim into it.
# Usage: bash scripts/setup.sh [EXTRAS]     e.g. bash scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "somsim needs Python 3.11 or newer; $PY is $("$PY" -V 2>&1). Set PYTHON=/path/to/python3.11." >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# pip's warnings about find-links folders this machine's pip configuration names but lacks are noise;
# everything else pip says is shown
quiet() { "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }
quiet .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
quiet .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${1:+[$1]}"
