#!/usr/bin/env bash
# Wall time of one operation in two versions of the library, runs alternating so that both
# see the same machine (issue 9): the harness of benches/instructions.sh built against this
# checkout (B) and against BASE (A, another checkout), each run N calls, ROUNDS rounds; prints
# the median nanoseconds per call of each and their ratio. Use it for before/after claims on a
# shared machine; benches/instructions.sh gives the instruction counts.
#
#   BASE=/path/to/older/checkout benches/ab.sh loads      # or loads_typed, reject, hmac, dumps
#   BASE=... ROUNDS=9 N=300000 benches/ab.sh dumps
set -euo pipefail
cd "$(dirname "$0")/.."
op=${1:?usage: BASE=checkout benches/ab.sh OP}
: "${BASE:?BASE must name another checkout of djsign}"
rounds=${ROUNDS:-7}
n=${N:-200000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build() {  # dir-for-copy library-path
  mkdir -p "$1"
  tar -C benches/peers --exclude=./target -cf - . | tar -C "$1" -xf -
  sed -i "s#^djsign = { path = \"../..\" }#djsign = { path = \"$2\" }#" "$1/Cargo.toml"
  grep -q "path = \"$2\"" "$1/Cargo.toml" || { echo "could not point the harness at $2"; exit 1; }
  # The same lock file for both, so only the library differs.
  CARGO_TARGET_DIR="$1/target" cargo build --release --quiet --manifest-path "$1/Cargo.toml" --bin instructions
}
build "$tmp/a" "$(cd "$BASE" && pwd)"
build "$tmp/b" "$PWD"
export REFERENCE="$PWD/benches/reference_session.txt"
"$tmp/a/target/release/instructions" "$op" 1000 >/dev/null 2>&1 ||
  { echo "the harness cannot run $op against BASE"; exit 1; }
once() {  # binary -> ns per call
  local t0 t1
  t0=$(date +%s%N)
  "$1" "$op" "$n"
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / n ))
}
a=(); b=()
for _ in $(seq "$rounds"); do
  a+=("$(once "$tmp/a/target/release/instructions")")
  b+=("$(once "$tmp/b/target/release/instructions")")
done
python3 - "$op" "${a[*]}" "${b[*]}" <<'PY'
import statistics, sys
op, a, b = sys.argv[1], [int(x) for x in sys.argv[2].split()], [int(x) for x in sys.argv[3].split()]
ma, mb = statistics.median(a), statistics.median(b)
print(f"{op}: BASE {ma:.0f} ns, this checkout {mb:.0f} ns per call (medians of {len(a)} alternating runs; "
      f"BASE / this = {ma / mb:.3f})")
print(f"  BASE: {a}")
print(f"  this: {b}")
PY
