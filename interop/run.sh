#!/usr/bin/env bash
# Interop (issue 11): a live Django site and the example axum service (examples/axum-service)
# side by side on free loopback ports, scenarios 1-7 with a real HTTP client, against Django
# 5.2.19 (Python 3.11, with the load run) and 6.1.3 (pyenv's Python 3.12). Installs what it
# needs into git-ignored venvs, always stops both servers, prints "N passed, M failed" last and
# exits non-zero on any failure. Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/interop/run"
rm -rf "$work"
mkdir -p "$work"

stop_servers() {
    # scenarios.py stops its servers itself; this catches the case where it was killed.
    for f in "$work"/*/pids; do
        [ -f "$f" ] || continue
        while read -r pid; do
            kill -TERM -- "-$pid" 2>/dev/null || true
        done < "$f"
    done
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

venv() { # DIR DJANGO-VERSION PYTHON-COMMAND...
    local dir=$1 django=$2
    shift 2
    if ! "$dir/bin/python" -c 'import django, gunicorn, sys; sys.exit(django.get_version() != sys.argv[1])' "$django" 2>/dev/null; then
        rm -rf "$dir"
        "$@" -m venv "$dir"
        "$dir/bin/pip" install --quiet --disable-pip-version-check "Django==$django" "gunicorn==27.0.1"
    fi
}
echo "== venvs: Django 5.2.19 (python3), Django 6.1.3 (pyenv 3.12.1)"
venv interop/.venv52 5.2.19 python3
venv interop/.venv61 6.1.3 env PYENV_VERSION=3.12.1 python3

total_pass=0
total_fail=0
status=0
echo "== Django re-derives djsign-axum's committed captures (tests/middleware.rs, tests/auth.rs)"
for v in 52 61; do
    for capture in middleware auth; do
        out="$work/django${v}_$capture.json"
        if interop/.venv$v/bin/python "djsign-axum/tests/django/capture_$capture.py" --out "$out" &&
            cmp "djsign-axum/tests/data/django${v}_$capture.json" "$out"; then
            echo "PASS capture $capture with Django ${v:0:1}.${v:1}"
            total_pass=$((total_pass + 1))
        else
            echo "FAIL capture $capture with Django ${v:0:1}.${v:1}: differs from the committed file"
            total_fail=$((total_fail + 1))
            status=1
        fi
    done
done

echo "== build the example service and the load client (release; workspaces of their own)"
for crate in examples/axum-service interop/loadgen; do
    cargo build --release --quiet --locked --manifest-path "$crate/Cargo.toml" --target-dir target/interop
    cargo clippy --release --quiet --locked --manifest-path "$crate/Cargo.toml" --target-dir target/interop \
        --all-targets -- -D warnings
done
bin="$root/target/interop/release"

run() { # LABEL ARGS...
    local label=$1 log="$work/$1.out"
    shift
    set +e
    interop/.venv"$label"/bin/python interop/scenarios.py --workdir "$work/$label" \
        --rust "$bin/djsign-axum-example" "$@" | tee "$log"
    local rc=${PIPESTATUS[0]}
    set -e
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)
    if [ -z "$line" ]; then
        total_fail=$((total_fail + 1))
        status=1
        return
    fi
    total_pass=$((total_pass + $(echo "$line" | cut -d' ' -f1)))
    total_fail=$((total_fail + $(echo "$line" | cut -d' ' -f3)))
    [ "$rc" -eq 0 ] || status=1
}
run 52 --django 5.2 --python "$root/interop/.venv52/bin/python" --load "$bin/djsign-interop-loadgen" \
    --load-seconds "${INTEROP_LOAD_SECONDS:-20}" --load-connections "${INTEROP_LOAD_CONNECTIONS:-200}"
run 61 --django 6.1 --python "$root/interop/.venv61/bin/python"

echo
echo "interop: Django 5.2.19 and 6.1.3 against examples/axum-service"
[ "$total_fail" -eq 0 ] || status=1
echo "$total_pass passed, $total_fail failed"
exit "$status"
