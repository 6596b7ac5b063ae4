#!/usr/bin/env bash
# Valgrind secret-taint check (see audits/constant-time.md). Passes when:
#   control  is reported (the taint reaches the MAC, so the other runs mean something),
#   mac      has no valgrind error at all (derivation, HMAC, ct_eq),
#   unsign   has errors only on the accept/reject line of Signer::unsign.
# Every error valgrind reports counts, whatever its kind (conditional jump, uninitialised
# address, invalid read or write, syscall parameter, ...): the runs write valgrind's XML and
# every <error> in it is checked. A run whose XML is missing or unreadable fails.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release --quiet
bin=./target/release/taint
xml=$(mktemp)
trap 'rm -f "$xml"' EXIT
line=$(grep -n 'if self.verify(value.as_bytes(), sig)' ../../src/signing/signer.rs | cut -d: -f1)
[ -n "$line" ] || { echo "FAIL: the accept/reject line of Signer::unsign is gone" >&2; exit 1; }

run() { # MODE: run the binary under memcheck, XML to $xml; the program's own failure fails
  rm -f "$xml"
  valgrind --tool=memcheck --xml=yes --xml-file="$xml" "$bin" "$1" >/dev/null
}

# errors MODE [LINE]: checks $xml and prints "total at-line", one error per line on stderr.
errors() {
  python3 - "$xml" "$@" <<'PY'
import sys, xml.etree.ElementTree as ET
path, mode = sys.argv[1], sys.argv[2]
line = sys.argv[3] if len(sys.argv) > 3 else None
try:
    root = ET.parse(path).getroot()
except Exception as e:
    sys.exit(f"FAIL: {mode}: valgrind's XML cannot be read ({e})")
if root.find("status") is None:
    sys.exit(f"FAIL: {mode}: valgrind's XML has no status: the run did not complete")
total = at_line = 0
for err in root.iter("error"):
    total += 1
    kind = err.findtext("kind")
    frame = err.find("stack/frame")
    fn = frame.findtext("fn", "?") if frame is not None else "?"
    where = f"{frame.findtext('file', '?')}:{frame.findtext('line', '?')}" if frame is not None else "?"
    ok = (line is not None and kind in ("UninitCondition", "UninitValue")
          and "Signer::unsign" in fn and where == f"signer.rs:{line}")
    at_line += ok
    if not ok and mode != "control":
        print(f"  {mode}: {kind} in {fn} ({where})", file=sys.stderr)
print(total, at_line)
PY
}

run control || true
counts=$(errors control); read -r total _ <<<"$counts"
[ "$total" -gt 0 ] || { echo "FAIL: control not reported: the taint does not reach the MAC" >&2; exit 1; }
echo "ok: control reported ($total errors)"

run mac || { echo "FAIL: mac: the program failed under valgrind" >&2; exit 1; }
counts=$(errors mac); read -r total _ <<<"$counts"
[ "$total" -eq 0 ] || { echo "FAIL: mac: $total valgrind errors (key-dependent branch, address or other)" >&2; exit 1; }
echo "ok: mac clean (0 valgrind errors)"

run unsign || { echo "FAIL: unsign: the program failed under valgrind" >&2; exit 1; }
counts=$(errors unsign "$line"); read -r total at_line <<<"$counts"
if [ "$total" -eq 0 ] || [ "$total" -ne "$at_line" ]; then
  echo "FAIL: unsign: $total valgrind errors, $at_line of them at signer.rs:$line (listed above)" >&2; exit 1
fi
echo "ok: unsign: all $total valgrind errors at signer.rs:$line (the accept/reject decision)"
