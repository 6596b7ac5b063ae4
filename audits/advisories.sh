#!/usr/bin/env bash
# Checks djsign's dependency graph against the offline RustSec snapshot in ../shared/advisory-db
# (no network). cargo-deny wants a git checkout under $CARGO_HOME/advisory-dbs named
# advisory-db-3157b0e258782691 (the hash of the default database URL); cargo-audit reads the
# plain directory. Usage: bash audits/advisories.sh [path-to-advisory-db]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-$root/../shared/advisory-db}"
[ -d "$src" ] || { echo "no advisory database at $src" >&2; exit 2; }
dbs="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs"
dest="$dbs/advisory-db-3157b0e258782691"
rm -rf "$dest"
mkdir -p "$dbs"
cp -r "$src" "$dest"
rm -rf "$dest/.git"
git -C "$dest" init -q
git -C "$dest" add -A
git -C "$dest" -c user.name=offline -c user.email=offline@localhost commit -qm "offline RustSec snapshot"
cd "$root"
echo "== cargo deny (advisories, offline snapshot)"
cargo deny --offline check advisories
if command -v cargo-audit >/dev/null; then
  echo "== cargo audit (offline snapshot)"
  cargo audit --db "$src" --no-fetch --deny warnings
fi
