#!/usr/bin/env bash
# Valgrind secret-taint check (see audits/constant-time.md). Passes when:
#   control  is reported (the taint reaches the MAC, so the other runs mean something),
#   mac      has no report at all (derivation, HMAC, ct_eq),
#   unsign   has reports only on the accept/reject line of Signer::unsign.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release --quiet
bin=./target/release/taint
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if valgrind --tool=memcheck --error-exitcode=1 "$bin" control >"$log" 2>&1; then
  echo "FAIL: control not reported: the taint does not reach the MAC" >&2; exit 1
fi
echo "ok: control reported ($(grep -c 'depends on uninitialised' "$log") reports)"

if ! valgrind --tool=memcheck --error-exitcode=1 "$bin" mac >"$log" 2>&1; then
  cat "$log" >&2; echo "FAIL: key-dependent branch or address in salted_hmac/ct_eq" >&2; exit 1
fi
echo "ok: mac clean"

valgrind --tool=memcheck "$bin" unsign >"$log" 2>&1 || true
# The first "at" frame of every report must be Signer::unsign's `if self.verify(...)` line.
line=$(grep -n 'if self.verify(value.as_bytes(), sig)' ../../src/signing/signer.rs | cut -d: -f1)
frames=$(grep -A1 -E 'Conditional jump|uninitialised value of size' "$log" | grep -E '^==[0-9]+==    at' || true)
total=$(printf '%s\n' "$frames" | grep -c 'at' || true)
expected=$(printf '%s\n' "$frames" | grep -c "Signer::unsign (signer.rs:$line)" || true)
if [ "$total" -eq 0 ] || [ "$total" -ne "$expected" ]; then
  cat "$log" >&2; echo "FAIL: unsign reports outside signer.rs:$line ($expected of $total)" >&2; exit 1
fi
echo "ok: unsign reports only at signer.rs:$line (the accept/reject decision), $total calls"
