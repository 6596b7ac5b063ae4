#!/usr/bin/env bash
# The `deflate` fuzz campaign of audits/deflate.md: djsign::zlib::compress against C zlib
# (libz-sys 1.3.x) on arbitrary bytes. One core, niced; ~1.5 h on this machine.
#
#   A: inputs <= 4096 bytes (compressed as they are), full instrumentation, A_SECONDS;
#   B: B_RUNS (10 million) more such inputs from A's corpus, built without compare tracing
#      (4-5x the runs per second);
#   C: seeds > 4096 bytes (expanded to 20-110 KiB: window slides, full blocks), C_SECONDS;
#   then both corpora are minimized (cargo fuzz cmin) and fuzz/seeds/deflate is rewritten
#   with the short inputs and a few long seeds, which `cargo test -p djsign-zlib-oracle`
#   replays.
#
# A_SECONDS=0 skips phase A (to resume a campaign from its corpus).
# Each phase ends with libFuzzer's final stats (stat::number_of_executed_units); a
# difference or a panic stops the campaign with the input in fuzz/artifacts/deflate/.
set -euo pipefail
cd "$(dirname "$0")/../../fuzz"
A_SECONDS=${A_SECONDS:-1200}
B_RUNS=${B_RUNS:-10000000}
C_SECONDS=${C_SECONDS:-1200}
run() { nice -n 10 cargo +nightly fuzz run -O -a -s none "$@"; }
mkdir -p corpus/deflate corpus/deflate_large
# start from the committed minimized corpus (small inputs and long seeds apart)
for f in seeds/deflate/*; do
  [ -e "$f" ] || continue
  if [ "$(stat -c %s "$f")" -le 4096 ]; then cp -n "$f" corpus/deflate/; else cp -n "$f" corpus/deflate_large/; fi
done
if [ "$A_SECONDS" -gt 0 ]; then
  echo "== A: small inputs, ${A_SECONDS} s"
  run deflate corpus/deflate -- -max_len=4096 -max_total_time="$A_SECONDS" -print_final_stats=1 2>&1 | grep -E '^stat::|^#[0-9]+ +DONE|^==|panicked|differ'
fi
echo "== B: ${B_RUNS} small inputs, no compare tracing"
run --no-trace-compares --target-dir target/notrace deflate corpus/deflate -- -max_len=4096 -runs="$B_RUNS" -print_final_stats=1 2>&1 | grep -E '^stat::|^#[0-9]+ +DONE|^==|panicked|differ'
echo "== C: long seeds, ${C_SECONDS} s"
run deflate corpus/deflate_large -- -max_len=8192 -len_control=0 -max_total_time="$C_SECONDS" -print_final_stats=1 2>&1 | grep -E '^stat::|^#[0-9]+ +DONE|^==|panicked|differ'
echo "== minimize into seeds/deflate"
rm -rf /tmp/deflate-min && mkdir -p /tmp/deflate-min
nice -n 10 cargo +nightly fuzz cmin -O -a -s none deflate corpus/deflate -- -max_len=4096 2>&1 | tail -1
nice -n 10 cargo +nightly fuzz cmin -O -a -s none deflate corpus/deflate_large -- -max_len=8192 2>&1 | tail -1
# Commit every short input and, of the long seeds, the lowest and highest mutation rate (last
# byte) of each size class (first byte & 0x0f): a small corpus that cargo test replays fast.
rm -rf seeds/deflate && mkdir -p seeds/deflate
cp corpus/deflate/* seeds/deflate/ 2>/dev/null || true
python3 - corpus/deflate_large seeds/deflate <<'PY'
import collections, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
classes = collections.defaultdict(list)
for f in sorted(os.listdir(src)):
    b = open(os.path.join(src, f), "rb").read()
    if len(b) <= 4096:
        shutil.copy(os.path.join(src, f), dst)
    else:
        classes[b[0] & 0x0F].append((b[-1], f))
for seeds in classes.values():
    seeds.sort()
    for _, f in {seeds[0], seeds[-1]}:
        shutil.copy(os.path.join(src, f), dst)
PY
echo "seeds/deflate: $(ls seeds/deflate | wc -l) files, $(du -sh --apparent-size seeds/deflate | cut -f1)"
