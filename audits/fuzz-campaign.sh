#!/usr/bin/env bash
# A fuzz campaign: every target (or the ones named), one after the other, `nice -n 10`, for
# N executions each (libFuzzer -runs=N), from the corpora make_corpus.py seeds and earlier
# campaigns grew; then a markdown table for audits/fuzzing.md.
#
#   bash audits/fuzz-campaign.sh 10000000                   # every target, 10 M runs each
#   bash audits/fuzz-campaign.sh 10000000 signed_cookie     # some targets
#   MAX_TIME=3600 bash audits/fuzz-campaign.sh 10000000     # and at most an hour per target
#
# A target that stops early (a crash, a leak, a timeout, an out-of-memory) is reported as
# FAILED with its artifact; the script then exits 1 after the table. Per-target libFuzzer
# flags come from fuzz/options/<target>.options (large_input: -max_len=4194304). Logs are in
# fuzz/campaign-logs/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:?usage: fuzz-campaign.sh RUNS [TARGET...]}"
shift
cd "$root/fuzz"
python3 make_corpus.py > /dev/null
cargo +nightly fuzz build -O
all=$(cargo +nightly fuzz list)
[ -n "$all" ] || { echo "no fuzz targets" >&2; exit 1; }
targets=${*:-$all}
mkdir -p campaign-logs
rows=()
failed=0
commit=$(git -C "$root" rev-parse --short HEAD)
for t in $targets; do
  mkdir -p "corpus/$t"
  log="campaign-logs/$t.log"
  extra=()
  [ -n "${MAX_TIME:-}" ] && extra+=("-max_total_time=$MAX_TIME")
  # shellcheck disable=SC2207
  opts=($(bash "$root/audits/fuzz-options.sh" "$t"))
  start=$(date +%s)
  set +e
  nice -n 10 cargo +nightly fuzz run -O "$t" "corpus/$t" -- -runs="$runs" -print_final_stats=1 \
    "${opts[@]}" "${extra[@]}" > "$log" 2>&1
  rc=$?
  set -e
  secs=$(( $(date +%s) - start ))
  stat() { grep -E "^stat::$1:" "$log" | tail -1 | awk '{print $2}'; }
  done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
  field() { sed -nE "s/.* $1: ([0-9]+).*/\1/p" <<<"$done_line"; }
  corp=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$done_line")
  result="no failure"
  if [ "$rc" -ne 0 ] || ! grep -qE '^#[0-9]+[[:space:]]+DONE' "$log"; then
    result="**FAILED** (exit $rc; $(grep -oE "artifacts/$t/[^ ]+" "$log" | tail -1 || echo 'see log'))"
    failed=1
  fi
  rows+=("| \`$t\` | $(stat number_of_executed_units) | ${secs} s | $(stat average_exec_per_sec) | $(field cov) | $(field ft) | $corp | $(stat slowest_unit_time_sec) s | $(stat peak_rss_mb) MB | ${opts[*]:-} | $result |")
done
echo
echo "Campaign on $commit, $(date -u +%Y-%m-%d), $(rustc +nightly --version), $runs runs per target${MAX_TIME:+, at most ${MAX_TIME} s each}:"
echo
echo "| target | runs | time | exec/s | edges (\`cov\`) | features (\`ft\`) | corpus | slowest unit | peak RSS | flags | result |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
printf '%s\n' "${rows[@]}"
exit "$failed"
