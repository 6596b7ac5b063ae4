#!/usr/bin/env bash
# Runs the criterion benches RUNS times (default 3) and Django's once, then prints the
# ratios (benches/ratios.py takes, per bench, the fastest of the runs' medians: the run least
# disturbed by other work on a shared machine). Needs .venv with Django 5.2.19 for the Django
# column: python3 -m venv .venv && .venv/bin/pip install Django==5.2.19
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
rm -rf target/bench-runs
for i in $(seq 1 "$runs"); do
  cargo bench --bench signing > /dev/null 2>&1
  mkdir -p "target/bench-runs/$i"
  (cd target/criterion && find . -path '*/new/estimates.json' | while read -r f; do
     mkdir -p "../bench-runs/$i/$(dirname "$f")"; cp "$f" "../bench-runs/$i/$f"; done)
done
if [ -x .venv/bin/python ]; then
  .venv/bin/python benches/django_bench.py > target/django_bench.json
  python3 benches/ratios.py target/django_bench.json
else
  python3 benches/ratios.py
fi
