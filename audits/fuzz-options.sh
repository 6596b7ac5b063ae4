#!/usr/bin/env bash
# The libFuzzer flags a target needs beyond the defaults, from fuzz/options/<target>.options
# (OSS-Fuzz's format: a [libfuzzer] section of name = value lines), as -name=value words.
#   bash audits/fuzz-options.sh large_input     # -> -max_len=4194304 -rss_limit_mb=4096
set -euo pipefail
f="$(cd "$(dirname "$0")/.." && pwd)/fuzz/options/$1.options"
[ -f "$f" ] || exit 0
awk -F' *= *' '/^\[/ { s = ($0 == "[libfuzzer]") } s && NF == 2 && $1 !~ /^[#;]/ { printf "-%s=%s ", $1, $2 }' "$f"
