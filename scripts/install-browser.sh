#!/usr/bin/env bash
# Make a headless Chromium available for the report's browser tests (tests/test_report_browser.py).
#
# Idempotent: does nothing when /usr/bin/chromium (or $SOMSIM_CHROMIUM) exists. Otherwise installs the
# Debian package `chromium` with apt-get, quietly, as root or through passwordless sudo. Never fatal:
# where it cannot install (no apt, no root, no network) it says so and exits 0, and the browser tests
# skip with a message. Playwright's own browser download is not used (the Python package `playwright`,
# from the test extras, drives the system Chromium).
set -u
target=${SOMSIM_CHROMIUM:-/usr/bin/chromium}
if [ -x "$target" ] || command -v "$target" >/dev/null 2>&1; then
    exit 0
fi
note() { echo "install-browser: $*; the browser tests will be skipped" >&2; exit 0; }
command -v apt-get >/dev/null 2>&1 || note "no apt-get here (not Debian/Ubuntu); install Chromium and set SOMSIM_CHROMIUM"
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    note "not root and no passwordless sudo: run 'apt-get install chromium' as root"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get update -qq >"$log" 2>&1; then
    tail -n 3 "$log" >&2
    note "apt-get update failed"
fi
if ! "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >"$log" 2>&1; then
    tail -n 3 "$log" >&2
    note "apt-get install chromium failed"
fi
[ -x "$target" ] || note "chromium installed but not found at $target; set SOMSIM_CHROMIUM"
echo "install-browser: $("$target" --version 2>/dev/null | head -n 1)" >&2
exit 0
