#!/usr/bin/env python3
"""Fails when a separate workspace's lockfile pins a shared dependency at another version.

The fuzz targets (fuzz/), the constant-time harnesses (audits/ct), the differential driver
(audits/diff), the no_std caller (audits/nostd) and the Python package (python/, PyO3) are
their own Cargo workspaces with their own Cargo.lock, so that nightly, sanitizers, PyO3 and
their tools stay out of the library's tree. Their evidence is only about the shipped library
(and the wheel ships the library) if they build it on the dependency versions the root
Cargo.lock (the one that ships) pins:
  - a crate of the library's own tree (`cargo tree -p djsign -e normal,build --all-features`)
    must be at a version the root lock has, whatever its semver line;
  - any other crate the root lock also has must not sit at another version of the same
    semver line (a different line, such as dudect-bencher's clap 2 beside the CLI's clap 4,
    is another dependency, not drift).
Crates only they use (libfuzzer-sys, dudect-bencher, ...) are theirs to choose.

The peer benchmark (benches/peers, issue 9) also builds other implementations, whose own
dependencies sit on older semver lines of crates the library uses (django-signing: hmac 0.12,
sha2 0.10, base64 0.13; cookie: base64 0.22). There a library crate on *another* line is the
peer's, not djsign's (djsign builds on exactly the root lock's versions, which the same-line
rule checks); on the same line it must match as everywhere.

    python3 audits/lock-drift.py          # exit 1 and a list when anything drifted
"""
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKSPACES = ["fuzz", "audits/ct", "audits/diff", "audits/nostd", "python", "benches/peers"]
# Workspaces that build other implementations beside djsign: other semver lines are theirs.
PEER_WORKSPACES = {"benches/peers"}


def versions(lock: Path) -> dict[str, set[str]]:
    packages = tomllib.loads(lock.read_text())["package"]
    out: dict[str, set[str]] = {}
    for p in packages:
        out.setdefault(p["name"], set()).add(p["version"])
    return out


def line(version: str) -> tuple:
    """The semver-compatible line: 1.2.3 -> (1,), 0.11.3 -> (0, 11), 0.0.4 -> (0, 0, 4)."""
    parts = tuple(int(p) for p in version.split("-")[0].split("+")[0].split("."))
    for i, p in enumerate(parts):
        if p != 0:
            return parts[: i + 1]
    return parts


def library_tree() -> set[str]:
    out = subprocess.run(
        ["cargo", "tree", "--locked", "-p", "djsign", "-e", "normal,build", "--all-features",
         "--prefix", "none", "-f", "{p}"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    names = {l.split()[0] for l in out.splitlines() if l.strip()}
    names.discard("djsign")
    if not names:
        raise SystemExit("cargo tree listed no dependencies of djsign: cannot check")
    return names


def main() -> int:
    shipped = versions(ROOT / "Cargo.lock")
    library = library_tree()
    problems = []
    checked = 0
    for ws in WORKSPACES:
        lock = ROOT / ws / "Cargo.lock"
        if not lock.is_file():
            problems.append(f"{ws}/Cargo.lock is missing (a check that cannot run fails)")
            continue
        for name, vers in sorted(versions(lock).items()):
            if name not in shipped:
                continue
            checked += 1
            extra = vers - shipped[name]
            if name not in library or ws in PEER_WORKSPACES:
                shipped_lines = {line(v) for v in shipped[name]}
                extra = {v for v in extra if line(v) in shipped_lines}
            if extra:
                problems.append(
                    f"{ws}/Cargo.lock: {name} {', '.join(sorted(extra))}; "
                    f"Cargo.lock ships {', '.join(sorted(shipped[name]))}"
                )
    for p in problems:
        print(f"DRIFT: {p}")
    if problems:
        print(f"{len(problems)} drifted; fix with `cargo update -p NAME --precise VERSION` in that workspace")
        return 1
    print(
        f"lockfiles agree: {checked} crates shared with Cargo.lock across {len(WORKSPACES)} "
        f"workspaces, none at another version ({len(library)} crates in the library's tree)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
