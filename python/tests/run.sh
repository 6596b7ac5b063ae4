#!/usr/bin/env bash
# Everything for the Python package (scripts/test.sh and .ci/run call it):
#   1. `pip install ./python` into a fresh venv without Django (PEP 517 through maturin,
#      from PyPI, no other step), and the standalone tests there;
#   2. the wheel (`pip wheel ./python`, reusing that build), then Django 5.2.19's and 6.1.3's
#      own test suites and djsign's tests against each (run_django_suites.sh).
# All of it in the git-ignored python/.suites/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkg=$(dirname "$here")
work="$pkg/.suites"
mkdir -p "$work"

echo "== pip install ./python into a fresh venv without Django"
rm -rf "$work/venv-bare"
python3 -m venv "$work/venv-bare"
"$work/venv-bare/bin/pip" install --quiet --disable-pip-version-check "$pkg"
if ! (cd "$work" && PYTHONPATH="$here" "$work/venv-bare/bin/python" -m unittest test_standalone) >"$work/standalone.log" 2>&1; then
    cat "$work/standalone.log" >&2
    exit 1
fi
grep -E "^Ran [0-9]+ tests" "$work/standalone.log"

echo "== the wheel"
rm -rf "$work/dist"
python3 -m pip wheel --quiet --disable-pip-version-check --no-deps "$pkg" -w "$work/dist"
ls "$work"/dist/
"$here/run_django_suites.sh" "$(ls "$work"/dist/djsign-*.whl)"
