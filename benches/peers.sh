#!/usr/bin/env bash
# djsign beside django-signing 0.0.0, cookie-rs SignedJar, a bare HMAC-SHA256 and Django
# (issue 9): the Rust peers in one process (benches/peers, its own workspace and lock file),
# then Django 5.2 on the same tokens with timeit, then the ratios. Needs .venv with Django
# 5.2.19 (source scripts/venvs.sh; ensure_venvs) for the Django column.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/peers
(cd benches/peers && cargo run --release --quiet --bin djsign-peer-bench -- ../../target/peers) > target/peers/rust.json
if [ -x .venv/bin/python ]; then
  .venv/bin/python benches/django_bench.py --peers target/peers > target/peers/django.json
  python3 benches/peer_ratios.py target/peers/rust.json target/peers/django.json
else
  python3 benches/peer_ratios.py target/peers/rust.json
fi
