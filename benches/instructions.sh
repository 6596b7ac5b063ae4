#!/usr/bin/env bash
# Instructions per call of djsign's loads, dumps, compress and decompress (issue 9), counted
# by callgrind: repeatable for the same binary and inputs whatever else the machine is doing,
# so they compare two versions of the library where wall time on a shared machine cannot.
# Each count is (total of N calls - total of 0 calls) / N. The inputs are the reference
# session and the JSON of benches/peers' 4 KB session and 1 MiB token (benches/peers.sh
# writes those tokens to target/peers; run it first).
#
#   benches/instructions.sh            # the library in this checkout
#   DJSIGN=/path/to/other/checkout benches/instructions.sh   # another version, same harness
#
# valgrind counts a `rep stosb` memset per byte (glibc uses it from 2 KiB): zeroing looks
# dearer here than it is on the hardware.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed"; exit 1; }
for c in session session_4k token_1m; do
  [ -s "target/peers/$c.txt" ] || { echo "target/peers/$c.txt missing: run benches/peers.sh"; exit 1; }
done
out=target/instructions
mkdir -p "$out"
# The inputs: each token's JSON and its zlib stream, taken apart by Python (no djsign code).
python3 - "$out" <<'PY'
import base64, sys, zlib
out = sys.argv[1]
for name in ["session", "session_4k", "token_1m"]:
    payload = open(f"target/peers/{name}.txt").read().strip().split(":")[0]
    assert payload.startswith(".")
    stream = base64.urlsafe_b64decode(payload[1:] + "=" * (-len(payload[1:]) % 4))
    open(f"{out}/{name}.z", "wb").write(stream)
    open(f"{out}/{name}.json", "wb").write(zlib.decompress(stream))
PY
manifest=benches/peers/Cargo.toml
if [ -n "${DJSIGN:-}" ]; then
  # The same harness against another checkout of the library (a copy of the bench crate).
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  tar -C benches/peers --exclude=./target -cf - . | tar -C "$tmp" -xf -
  sed -i "s#^djsign = { path = \"../..\" }#djsign = { path = \"$DJSIGN\" }#" "$tmp/Cargo.toml"
  grep -q "path = \"$DJSIGN\"" "$tmp/Cargo.toml" || { echo "could not point the harness at $DJSIGN"; exit 1; }
  manifest="$tmp/Cargo.toml"
fi
cargo build --release --quiet --manifest-path "$manifest" --bin instructions
bin="$(dirname "$manifest")/target/release/instructions"
export REFERENCE="$PWD/benches/reference_session.txt"
count() {  # op n [file]
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 \
    | sed -n 's/.*I *refs: *//p' | tr -d ,
}
per_call() {  # label op n [file]
  local label=$1 op=$2 n=$3; shift 3
  local all none
  all=$(count "$op" "$n" "$@"); none=$(count "$op" 0 "$@")
  echo "$label: $(( (all - none) / n ))"
}
per_call "loads session" loads 2000
per_call "loads session, typed" loads_typed 2000
per_call "reject session" reject 2000
per_call "bare HMAC (valgrind's software SHA-256)" hmac 2000
per_call "dumps session" dumps 2000
per_call "compress session (201 B)" compress 2000 "$out/session.json"
per_call "compress session_4k (4,124 B)" compress 500 "$out/session_4k.json"
per_call "compress token_1m (2.9 MB)" compress 1 "$out/token_1m.json"
per_call "decompress session" decompress 2000 "$out/session.z"
per_call "decompress session_4k" decompress 500 "$out/session_4k.z"
per_call "decompress token_1m" decompress 3 "$out/token_1m.z"
