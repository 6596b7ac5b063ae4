#!/usr/bin/env python3
"""The ratios of issue 9 from one benches/peers.sh run.

    benches/peers.sh
    # or by hand:
    (cd benches/peers && cargo run --release --bin djsign-peer-bench -- ../../target/peers) > target/peers/rust.json
    .venv/bin/python benches/django_bench.py --peers target/peers > target/peers/django.json
    python3 benches/peer_ratios.py target/peers/rust.json target/peers/django.json

Prints Markdown tables for audits/performance.md: per case (the reference session, a 4 KB
session, a 1 MiB token) the nanoseconds of each implementation and the ratios against the
bare HMAC, django-signing and Django, and the targets of issue 9 for the reference session.
"""

import json
import sys

PEERS = ["djsign", "django-signing", "cookie-rs", "django"]
OPS = ["loads", "reject", "dumps"]


def main() -> int:
    rust = json.load(open(sys.argv[1]))
    ns = dict(rust["ns"])
    if len(sys.argv) > 2:
        ns.update(json.load(open(sys.argv[2]))["ns"])
    sizes = rust["sizes"]
    for case, size in sizes.items():
        hmac = ns[f"{case}/hmac"]
        print(f"### {case}: {size['json_len']:,} bytes of JSON, a {size['token_len']:,}-character token")
        print()
        print(f"bare HMAC-SHA256 over the signed part, key precomputed: {hmac:,.0f} ns")
        print()
        print("| op | " + " | ".join(p for p in PEERS if f"{case}/{p}/loads" in ns)
              + " | djsign / HMAC | django-signing / djsign | Django / djsign |")
        print("|---|" + "---:|" * (sum(f"{case}/{p}/loads" in ns for p in PEERS) + 3))
        for op in OPS[:1] + ["loads_typed"] * (f"{case}/djsign/loads_typed" in ns) + OPS[1:]:
            d = ns[f"{case}/djsign/{op}"]
            cells = [f"{ns[f'{case}/{p}/{op}']:,.0f}" if f"{case}/{p}/{op}" in ns else "-"
                     for p in PEERS if f"{case}/{p}/loads" in ns]
            ds = ns.get(f"{case}/django-signing/{op}")
            dj = ns.get(f"{case}/django/{op}")
            print(f"| {op} | " + " | ".join(cells)
                  + f" | {d / hmac:.2f}x | {ds / d:.2f}x | " + (f"{dj / d:.1f}x" if dj else "-") + " |")
        if f"{case}/djsign/loads_typed" in ns:
            print()
            print("(loads_typed: into a Rust struct; Django has no such step, its column is loads.)")
        print()
    # Issue 9's targets, reference session.
    c = "session"
    h = ns[f"{c}/hmac"]
    print("Targets (reference session, this run):")

    def line(what, value, goal, ok):
        print(f"- {what}: {value} (target {goal}): {'met' if ok else 'NOT met'}")

    L, R, D = (ns[f"{c}/djsign/{op}"] for op in OPS)
    line("loads / HMAC", f"{L / h:.2f}x", "<= 4x", L / h <= 4)
    line("django-signing loads / djsign", f"{ns[f'{c}/django-signing/loads'] / L:.2f}x", ">= 2x",
         ns[f"{c}/django-signing/loads"] / L >= 2)
    if f"{c}/djsign/loads_typed" in ns:
        T = ns[f"{c}/djsign/loads_typed"]
        line("typed loads / HMAC", f"{T / h:.2f}x", "<= 4x", T / h <= 4)
        line("django-signing typed loads / djsign", f"{ns[f'{c}/django-signing/loads_typed'] / T:.2f}x",
             ">= 2x", ns[f"{c}/django-signing/loads_typed"] / T >= 2)
    line("reject / HMAC", f"{R / h:.2f}x", "<= 1.5x", R / h <= 1.5)
    line("django-signing dumps / djsign", f"{ns[f'{c}/django-signing/dumps'] / D:.2f}x", ">= 2x",
         ns[f"{c}/django-signing/dumps"] / D >= 2)
    if f"{c}/django/loads" in ns:
        line("Django loads / djsign", f"{ns[f'{c}/django/loads'] / L:.1f}x", ">= 20x",
             ns[f"{c}/django/loads"] / L >= 20)
        line("Django reject / djsign", f"{ns[f'{c}/django/reject'] / R:.1f}x", ">= 25x",
             ns[f"{c}/django/reject"] / R >= 25)
        line("Django dumps / djsign", f"{ns[f'{c}/django/dumps'] / D:.1f}x", ">= 10x",
             ns[f"{c}/django/dumps"] / D >= 10)
    print()
    print("Growth (djsign, ns per byte of JSON):")
    for op in ["loads", "dumps"]:
        per = [f"{case} {ns[f'{case}/djsign/{op}'] / s['json_len']:.1f}" for case, s in sizes.items()]
        print(f"- {op}: " + ", ".join(per))
    return 0


if __name__ == "__main__":
    sys.exit(main())
