#!/usr/bin/env bash
# Django vs djsign, same process: python/bench/bench.py with Django 5.2.19 (Python 3.11) and
# 6.1.3 (Python 3.12), on the wheel and venvs python/tests/run.sh makes (it is run first when
# they are missing). CPU-heavy: run it alone, niced. Results: python/README.md and
# audits/performance.md ("Python package").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work="$(dirname "$here")/.suites"
if ! ls "$work"/dist/djsign-*.whl >/dev/null 2>&1 || [ ! -x "$work/venv-6.1.3/bin/python" ]; then
    "$(dirname "$here")/tests/run.sh"
fi
echo "djsign at $(git -C "$here" rev-parse --short HEAD)"
for v in 5.2.19 6.1.3; do
    echo
    (cd "$work" && nice -n 10 "$work/venv-$v/bin/python" "$here/bench.py" "$@")
done
