#!/usr/bin/env bash
# The test command (README.md): everything from a fresh clone.
#   1. git-ignored venvs with the pinned Djangos (4.2, 5.2, 6.0, 6.1), the judges of every
#      expected value;
#   2. Django re-derives the committed captures and vectors, which must not differ;
#   3. the Rust tests in every feature configuration (std, all features, no_std + alloc);
#   4. the Python package: built with pip (maturin from PyPI) and judged by Django's own
#      test suites (python/tests/run.sh, ~2 min from a clean clone).
# Takes ~10 minutes on 2 cores from a clean clone (most of it compiling and the exhaustive
# domains); every stage prints a "== [elapsed] stage" line, cargo its build progress.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
stage() { echo "== [$(( $(date +%s) - start ))s] $*"; }

# One git-ignored venv per Django release djsign reproduces (4.2, 5.2, 6.0, 6.1).
stage "venvs: Django 4.2.30, 5.2.19 (Python on PATH), 6.0.10, 6.1.3 (pyenv 3.12.1); pip only for a missing one"
source scripts/venvs.sh
ensure_venvs
PY=.venv/bin/python

fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
stage "Django re-derives the committed expectations"
$PY tests/django/capture_unit.py --out "$fresh/django_unit.json" >/dev/null
cmp tests/data/django_unit.json "$fresh/django_unit.json"
.venv42/bin/python vectors/generate_django42.py --out "$fresh/django42.json" >/dev/null
cmp vectors/inputs/django42.json "$fresh/django42.json"
mkdir "$fresh/vectors"
$PY vectors/generate.py --out "$fresh/vectors" >/dev/null
for f in "$fresh"/vectors/*.json; do
    cmp "vectors/$(basename "$f")" "$f"
done
$PY cli/tests/django/capture_cli.py --out "$fresh/django_cli.json" >/dev/null
cmp cli/tests/data/django_cli.json "$fresh/django_cli.json"
$PY cli/tests/django/capture_contrib.py --out "$fresh/django_contrib.json" >/dev/null
cmp cli/tests/data/django_contrib.json "$fresh/django_contrib.json"
mkdir "$fresh/session"
$PY examples/django-session/make_cookie.py --out-dir "$fresh/session" >/dev/null
for f in cookie.txt expected.json secret_key.txt; do
    cmp "examples/django-session/$f" "$fresh/session/$f"
done
stage "each Django release: its own captures, and every vector that names it"
for pair in "${DJANGO_VENVS[@]}"; do
    set -- $pair
    "$1/bin/python" tests/django/capture_versions.py --out "$fresh/versions-$2.json" >/dev/null
    cmp "tests/data/django_versions/$2.json" "$fresh/versions-$2.json"
    "$1/bin/python" vectors/check_django.py
done
# Django main cannot be installed: its vectors are judged by the restatement on 6.1.
.venv61/bin/python vectors/check_django.py --django main
# The exhaustive small domains of audits/formal.md (T1, T2, T4, T5): Django judges ~44 million
# inputs again and must give the committed digests, which reference/tests/exhaustive.rs holds
# djsign to. ~1 min 40 s on 2 cores (two worker processes).
stage "Django re-derives the exhaustive-domain digests (reference/exhaustive)"
$PY reference/exhaustive/django_outcomes.py --jobs 2 > "$fresh/digests.txt"
cmp reference/exhaustive/digests.txt "$fresh/digests.txt"

stage "cargo test (default features)"
cargo test -p djsign -- --quiet
stage "cargo test (workspace)"
cargo test --workspace -- --quiet
stage "cargo test (all features)"
cargo test --workspace --all-features -- --quiet
stage "cargo test (no_std: --no-default-features --features alloc, and with contrib)"
cargo test -p djsign --no-default-features --features alloc -- --quiet
cargo test -p djsign --no-default-features --features alloc,contrib -- --quiet
stage "the Python package (python/tests/run.sh): pip install ./python in a fresh venv, the wheel,"
echo "   Django 5.2.19's and 6.1.3's own signing and session suites with djsign swapped in"
python/tests/run.sh
stage "all tests passed"
