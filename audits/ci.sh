#!/usr/bin/env bash
# The assurance checks that belong in CI (see audits/README.md for what each one shows).
# Deterministic and bounded. Measured here on 2 cores: 3.5 min with the tools installed and
# the build caches warm; from a fresh clone add the builds (~6 min: fuzz targets, audits/ct,
# audits/diff, audits/nostd, Miri sysroot) and the installs (~5 min: cargo-deny, cargo-vet,
# cargo-fuzz), so about 15 min.
#
#   bash audits/ci.sh            # everything below
#   SKIP="fuzz miri" bash audits/ci.sh
#
# Not here on purpose: dudect (statistical, needs a quiet machine), cargo-mutants (20+ min),
# criterion benchmarks (timing). Their commands are in audits/*.md.
#
# Every gate fails closed: a check that cannot run (no advisory database, no fuzz targets,
# unreadable valgrind output, a missing tool) is a failure, never a skip.
#
# Open findings: reproducers of unfixed findings go in fuzz/regressions/OPEN, each with its
# issue (skipped by the replay, and required to still fail); none at the moment. (While F4
# was open this script used DJSIGN_FUZZ_SKIP_F4=1 for the fuzz smoke and --known-f4 for
# run.py; both switches still exist for the next such case.)
#
# ADVISORY_DB overrides where the RustSec snapshot is (default ../shared/advisory-db).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
start=$(date +%s)
step() { echo; echo "=== $* ($(( $(date +%s) - start ))s)"; }
want() { [[ " ${SKIP:-} " != *" $1 "* ]]; }
need() { command -v "$1" >/dev/null || cargo install --locked "$2"; }

step "tests, including proptests/ (cargo test)"
cargo test --workspace

if want supply; then
  step "supply chain: lockfile drift, cargo-deny (licences, bans, sources, offline advisories), cargo-audit, cargo-vet"
  # The fuzz, constant-time, differential and no_std workspaces build the library on the
  # shipped dependency versions (audits/lock-drift.py says what "shared" means).
  python3 audits/lock-drift.py
  # ... and each of their lockfiles is current: a stale one fails much later (interop/run.sh
  # builds with --locked) or, where a build does not pass --locked, silently moves.
  for ws in fuzz audits/ct audits/diff audits/nostd examples/axum-service interop/loadgen python benches/peers; do
    (cd "$ws" && cargo metadata --locked --format-version 1 > /dev/null) ||
      { echo "supply: FAIL: $ws/Cargo.lock is not current (cargo metadata --locked)"; exit 1; }
  done
  need cargo-deny cargo-deny
  need cargo-audit cargo-audit
  need cargo-vet cargo-vet
  cargo fetch --quiet
  # Licences, bans and sources over what is published or run by users (the library, the CLI,
  # djsign-axum, with their dev-dependencies); the unpublished test oracles (the reference
  # model with libcrux, C zlib, the bounds probe) are left out of this policy only.
  # Advisories (audits/advisories.sh) cover every member and the whole lockfile.
  cargo deny --workspace --exclude djsign-reference --exclude djsign-zlib-oracle \
    --exclude djsign-bounds --offline check licenses bans sources
  # The RustSec snapshot lives beside the checkout (no network to fetch one). Fails closed:
  # no database, no SNAPSHOT date, older than 120 days, or a canary the check does not flag.
  bash audits/advisories.sh ${ADVISORY_DB:+"$ADVISORY_DB"}
  cargo vet --locked
fi

if want nostd; then
  step "no_std: a bare-metal caller (thumbv7em-none-eabihf) and the same code run on the host"
  rustup target add thumbv7em-none-eabihf
  (cd audits/nostd && cargo build --release --quiet --target thumbv7em-none-eabihf \
     && cargo build --release --quiet \
     && cc host_main.c target/release/libdjsign_nostd_check.a -o target/nostd_demo \
     && ./target/nostd_demo)
fi

if want taint; then
  step "constant time: valgrind secret taint (audits/ct/taint-check.sh)"
  if ! command -v valgrind >/dev/null || ! dpkg -s libclang1-14 >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq valgrind libclang1-14 libclang-common-14-dev
  fi
  bash audits/ct/taint-check.sh
fi

if want diff; then
  step "differential test against Django 4.2.30, 5.2.19, 6.0.10 and 6.1.3 (audits/diff)"
  source scripts/venvs.sh
  ensure_venvs
  (cd audits/diff && cargo build --release --quiet)
  # the byte-level kinds (JSON, base64, zlib, base62, separators): the same in every release
  .venv/bin/python audits/diff/run.py --cases 20000 --kinds float,str,loads,payload,b62,sep
  # signing, sessions and signed cookies, with djsign configured as each release
  for pair in "${DJANGO_VENVS[@]}"; do
    set -- $pair
    "$1/bin/python" audits/diff/run.py --django "$2" --cases 1000 \
      --kinds payload,sign,unsign,dumps,session_save,session_load,cookie_set,cookie_get
  done
fi

if want fuzz; then
  step "fuzz smoke: every target 20 s from the seed corpora, then the regressions"
  need cargo-fuzz cargo-fuzz
  python3 fuzz/make_corpus.py > /dev/null
  (
    cd fuzz
    # Fails closed: an empty or partial target list is a failure, not a quick pass.
    targets=$(cargo +nightly fuzz list)
    declared=$(for f in fuzz_targets/*.rs; do basename "$f" .rs; done | sort)
    [ -n "$targets" ] || { echo "fuzz: FAIL: cargo fuzz list printed no targets"; exit 1; }
    [ "$(sort <<<"$targets")" = "$declared" ] ||
      { echo "fuzz: FAIL: cargo fuzz list ($(echo $targets)) is not fuzz_targets/*.rs ($(echo $declared))"; exit 1; }
    for t in $targets; do
      mkdir -p "corpus/$t"
      # shellcheck disable=SC2046 # the options file holds libFuzzer flags, one per word
      cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time=20 $(bash ../audits/fuzz-options.sh "$t") 2>&1 |
        grep -E '^#[0-9]+[[:space:]]+DONE' || { echo "fuzz: FAIL: $t"; exit 1; }
    done
    # regressions/OPEN: "<target>/<file> <issue reference>" per line. Each entry must name an
    # issue (issue N, #N), point at an existing reproducer, and still fail: an entry whose
    # finding is fixed must go, so that it silences nothing.
    open_entries=()
    while read -r entry ref; do
      [[ "$entry" == */* ]] || { echo "fuzz: FAIL: regressions/OPEN: '$entry' is not target/file"; exit 1; }
      grep -Eq '(^|[^[:alnum:]])(issue[[:space:]]*#?[0-9]+|#[0-9]+)' <<<"$ref" ||
        { echo "fuzz: FAIL: regressions/OPEN: '$entry' names no issue (add 'issue N')"; exit 1; }
      [ -f "regressions/$entry" ] || { echo "fuzz: FAIL: regressions/OPEN: no file regressions/$entry"; exit 1; }
      if cargo +nightly fuzz run -O "${entry%%/*}" "regressions/$entry" -- -runs=0 > /dev/null 2>&1; then
        echo "fuzz: FAIL: regressions/$entry passes now: remove it from regressions/OPEN"; exit 1
      fi
      open_entries+=("$entry")
    done < <(grep -vE '^[[:space:]]*(#|$)' regressions/OPEN)
    for d in regressions/*/; do
      t=$(basename "$d")
      grep -qxF "$t" <<<"$targets" || { echo "fuzz: FAIL: regressions/$t is not a target"; exit 1; }
      for f in "$d"*; do
        [[ " ${open_entries[*]} " == *" $t/$(basename "$f") "* ]] && continue
        cargo +nightly fuzz run -O "$t" "$f" -- -runs=0 > /dev/null 2>&1 || { echo "fuzz: FAIL: regression $f"; exit 1; }
      done
    done
    echo "fuzz: $(wc -w <<<"$targets") targets ran; ${#open_entries[@]} open reproducers, each still failing"
  )
fi

if want miri; then
  step "Miri: the library's unit tests without the data-file and million-bracket tests"
  rustup component add miri rust-src --toolchain nightly
  cargo +nightly miri setup
  MIRIFLAGS="-Zmiri-strict-provenance" cargo +nightly miri test -p djsign --lib \
    --no-default-features --features alloc,contrib,legacy-sha1 -- \
    --skip django_unit_tests --skip depth_limit
fi

step "assurance checks passed"
