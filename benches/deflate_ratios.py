#!/usr/bin/env python3
"""Ratios of the deflate benchmark (tests/zlib-oracle/benches/deflate.rs) from one run.

    cargo bench -p djsign-zlib-oracle --bench deflate
    python3 benches/deflate_ratios.py

For each input: Criterion's median for djsign's compressor, C zlib with a fresh stream per
call (what CPython's zlib.compress and the former djsign did) and C zlib with one stream
reset per call, and the two ratios. Prints a Markdown table for audits/performance.md.
"""

import json
import pathlib
import sys

CRIT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
INPUTS = ["session_201B", "session_4KB", "payload_1MiB"]
IMPLS = ["djsign", "c_zlib_fresh", "c_zlib_reset"]


def median_ns(group: str, impl: str) -> float:
    path = CRIT / f"deflate_{group}" / impl / "new" / "estimates.json"
    if not path.exists():
        sys.exit(f"{path}: missing; run `cargo bench -p djsign-zlib-oracle --bench deflate` first")
    return json.loads(path.read_text())["median"]["point_estimate"]


def fmt(ns: float) -> str:
    return f"{ns / 1e6:,.2f} ms" if ns >= 1e6 else f"{ns / 1e3:,.2f} µs" if ns >= 1e3 else f"{ns:,.0f} ns"


def main() -> int:
    print("| input | djsign | C zlib, fresh stream | C zlib, reset stream | fresh / djsign | reset / djsign |")
    print("|---|---:|---:|---:|---:|---:|")
    for g in INPUTS:
        t = {i: median_ns(g, i) for i in IMPLS}
        print(
            f"| {g} | {fmt(t['djsign'])} | {fmt(t['c_zlib_fresh'])} | {fmt(t['c_zlib_reset'])} "
            f"| {t['c_zlib_fresh'] / t['djsign']:.2f}x | {t['c_zlib_reset'] / t['djsign']:.2f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
