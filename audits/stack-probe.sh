#!/usr/bin/env bash
# The smallest thread stack a typed load needs, by shape, depth and profile (binary search
# over examples/stack_probe.rs, one process per try: an overflow aborts the process).
#   bash audits/stack-probe.sh            # value, skip, nest at depth 100 and 1000, debug and release
set -euo pipefail
cd "$(dirname "$0")/.."
floor=16384  # PTHREAD_STACK_MIN: smaller requests get this much anyway
fits() { bash -c '"$0" "$@" >/dev/null 2>&1' "$bin" "$@" 2>/dev/null; }
printf '| shape | depth | profile | smallest stack (bytes) | per level |\n|---|---:|---|---:|---:|\n'
for profile in debug release; do
  flag=(); [ "$profile" = release ] && flag=(--release)
  cargo build -q "${flag[@]}" --example stack_probe
  bin=target/$profile/examples/stack_probe
  for shape in value skip nest; do
    for depth in 100 1000; do
      lo=$floor; hi=$((64 << 20))
      fits "$shape" "$depth" "$hi" || { echo "FAIL: $shape $depth does not fit in $hi" >&2; exit 1; }
      while [ $((hi - lo)) -gt 1024 ]; do
        mid=$(((lo + hi) / 2))
        if fits "$shape" "$depth" "$mid"; then hi=$mid; else lo=$mid; fi
      done
      if [ $((hi - floor)) -le 1024 ]; then
        printf '| %s | %d | %s | <= %d (the search floor) | constant |\n' "$shape" "$depth" "$profile" "$hi"
      else
        printf '| %s | %d | %s | %d | %d |\n' "$shape" "$depth" "$profile" "$hi" $((hi / depth))
      fi
    done
  done
done
