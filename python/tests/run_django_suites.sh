#!/usr/bin/env bash
# Django's own test suites judge djsign: tests/signing, tests/signed_cookies_tests and
# sessions_tests' CookieSessionTests (the signed-cookie backend's class) from the source
# distributions of Django 5.2.19 (Python 3.11) and 6.1.3 (pyenv's Python 3.12), run with
# Django's tests/runtests.py, with djsign swapped in by django_suites/ (what it changes and
# why: django_suites/djsign_suite_shim.py). Everything downloaded or made goes to the
# git-ignored python/.suites/.
#
#   python/tests/run_django_suites.sh [WHEEL]
#
# Without WHEEL it builds one (`pip wheel python/`, what `pip install ./python` builds).
# Exit status 0 only if every suite ran and passed on both versions.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkg=$(dirname "$here")
work="$pkg/.suites"
mkdir -p "$work"

wheel=${1:-}
if [ -z "$wheel" ]; then
    rm -rf "$work/dist"
    python3 -m pip wheel --quiet --disable-pip-version-check --no-deps "$pkg" -w "$work/dist"
    wheel=$(ls "$work"/dist/djsign-*.whl)
fi
wheel=$(cd "$(dirname "$wheel")" && pwd)/$(basename "$wheel")

LABELS=(signing signed_cookies_tests sessions_tests.tests.CookieSessionTests)

suite() {  # suite DJANGO_VERSION [PYENV_VERSION]
    local version=$1 pyenv=${2:-} venv="$work/venv-$1" src="$work/django-$1"
    if ! "$venv/bin/python" -c 'import django, sys; sys.exit(django.get_version() != sys.argv[1])' "$version" 2>/dev/null; then
        rm -rf "$venv"
        if [ -n "$pyenv" ]; then PYENV_VERSION="$pyenv" python3 -m venv "$venv"; else python3 -m venv "$venv"; fi
        "$venv/bin/pip" install --quiet --disable-pip-version-check "Django==$version"
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
    if [ ! -f "$src/tests/runtests.py" ]; then
        "$venv/bin/pip" download --quiet --disable-pip-version-check --no-binary :all: --no-deps \
            "Django==$version" -d "$work/sdist"
        tar -xzf "$work/sdist/django-$version.tar.gz" -C "$work"
    fi
    echo "== Django $version's own tests, djsign swapped in: ${LABELS[*]}"
    local log="$work/django-$version.log" status=0
    (cd "$src/tests" && PYTHONPATH="$here/django_suites" "$venv/bin/python" runtests.py \
        --settings=djsign_suite_settings --parallel=1 -v 2 "${LABELS[@]}") >"$log" 2>&1 || status=$?
    grep -E "^(FAIL|ERROR|UNEXPECTED SUCCESS):|djsign harness" "$log" || true
    grep -E "^Ran [0-9]+ tests" "$log" || true
    tail -n 1 "$log"
    if [ "$status" -ne 0 ] || ! tail -n 1 "$log" | grep -qE "^OK"; then
        echo "Django $version suites FAILED (exit $status); the whole log: $log" >&2
        return 1
    fi
    # Control: Django's own backend, held to djsign's expiry rule, must fail that test.
    local control="$work/django-$version-control.log"
    if (cd "$src/tests" && DJSIGN_SUITE_CONTROL=1 PYTHONPATH="$here/django_suites" "$venv/bin/python" \
        runtests.py --settings=djsign_suite_settings --parallel=1 \
        sessions_tests.tests.CookieSessionTests.test_actual_expiry) >"$control" 2>&1 \
        || ! grep -q "^FAIL: test_actual_expiry" "$control"; then
        echo "control FAILED: Django's own backend passed test_actual_expiry ($control)" >&2
        return 1
    fi
    echo "control: Django $version's own backend fails test_actual_expiry, as it should"
    echo "== djsign's own tests against Django $version in the same process (tests/test_djsign.py)"
    if ! (cd "$work" && PYTHONPATH="$here" "$venv/bin/python" -m unittest test_djsign) >"$work/own-$version.log" 2>&1; then
        cat "$work/own-$version.log" >&2
        return 1
    fi
    grep -E "^Ran [0-9]+ tests" "$work/own-$version.log"
}

suite 5.2.19
suite 6.1.3 3.12.1
echo "== Django's suites passed with djsign on 5.2.19 and 6.1.3"
