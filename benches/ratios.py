#!/usr/bin/env python3
"""Ratios from one Criterion run (target/criterion) and, optionally, Django's numbers.

    benches/run.sh          # RUNS=3 criterion runs + Django, then this script
    # or by hand:
    cargo bench --bench signing
    .venv/bin/python benches/django_bench.py > target/django_bench.json
    python3 benches/ratios.py target/django_bench.json

Uses Criterion's median point estimates (the fastest over the runs benches/run.sh saved).
Prints a Markdown table for audits/performance.md.
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRIT = ROOT / "target" / "criterion"

IDS = [
    "short/sign/reuse",
    "short/sign/per_call",
    "short/unsign/reuse",
    "short/unsign/per_call",
    "session/dumps/reuse",
    "session/dumps/per_call",
    "session/loads/reuse",
    "session/loads/per_call",
    "fallbacks/unsign/0_fallbacks",
    "fallbacks/unsign/3_fallbacks_key_matches",
    "fallbacks/unsign/3_fallbacks_last_matches",
]


RUNS = ROOT / "target" / "bench-runs"


def criterion_ns(bench_id: str) -> float:
    """Median of the last run, or the fastest median over target/bench-runs/* (benches/run.sh)."""
    group, rest = bench_id.split("/", 1)
    rel = pathlib.Path(group) / rest.replace("/", "_") / "new" / "estimates.json"
    runs = sorted(RUNS.glob("*")) if RUNS.is_dir() else []
    paths = [r / rel for r in runs] or [CRIT / rel]
    return min(json.loads(p.read_text())["median"]["point_estimate"] for p in paths)


def main() -> int:
    rust = {i: criterion_ns(i) for i in IDS}
    django = {}
    if len(sys.argv) > 1:
        django = json.loads(pathlib.Path(sys.argv[1]).read_text())["ns"]

    print("| operation | djsign (ns) | Django (ns) | Django / djsign |")
    print("|---|---:|---:|---:|")
    for i in IDS:
        d = django.get(i)
        ratio = f"{d / rust[i]:.1f}x" if d else "-"
        dj = f"{d:,.0f}" if d else "-"
        print(f"| `{i}` | {rust[i]:,.0f} | {dj} | {ratio} |")
    print()

    def ratio(a: str, b: str) -> str:
        return f"{rust[a] / rust[b]:.2f}x"

    print("Side-by-side ratios within djsign (same run):")
    print(f"- short sign: per-call derivation / reuse = {ratio('short/sign/per_call', 'short/sign/reuse')}")
    print(f"- short unsign: per-call derivation / reuse = {ratio('short/unsign/per_call', 'short/unsign/reuse')}")
    print(f"- session dumps: per-call / reuse = {ratio('session/dumps/per_call', 'session/dumps/reuse')}")
    print(f"- session loads: per-call / reuse = {ratio('session/loads/per_call', 'session/loads/reuse')}")
    print(f"- unsign, 3 fallback keys (key matches) / no fallback = {ratio('fallbacks/unsign/3_fallbacks_key_matches', 'fallbacks/unsign/0_fallbacks')}")
    print(f"- unsign, 3 fallback keys (last matches) / no fallback = {ratio('fallbacks/unsign/3_fallbacks_last_matches', 'fallbacks/unsign/0_fallbacks')}")
    print(f"- 3 fallbacks: last matches / key matches = {ratio('fallbacks/unsign/3_fallbacks_last_matches', 'fallbacks/unsign/3_fallbacks_key_matches')}")
    if django:
        def dratio(a: str, b: str) -> str:
            return f"{django[a] / django[b]:.2f}x"

        print()
        print("The same ratios in Django:")
        print(f"- session loads: per-call / reuse = {dratio('session/loads/per_call', 'session/loads/reuse')}")
        print(f"- unsign, 3 fallback keys (key matches) / no fallback = {dratio('fallbacks/unsign/3_fallbacks_key_matches', 'fallbacks/unsign/0_fallbacks')}")
        print(f"- unsign, 3 fallback keys (last matches) / no fallback = {dratio('fallbacks/unsign/3_fallbacks_last_matches', 'fallbacks/unsign/0_fallbacks')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
