#!/bin/bash -eu
# OSS-Fuzz build script for djsign (projects/djsign/build.sh in the OSS-Fuzz repository).
# Builds every cargo-fuzz target with the sanitizer flags OSS-Fuzz sets, copies the binaries
# to $OUT, and ships seed corpora made from the published test vectors.
cd "$SRC/djsign"

cargo fuzz build -O --debug-assertions --fuzz-dir fuzz

FUZZ_BIN=fuzz/target/x86_64-unknown-linux-gnu/release
python3 fuzz/make_corpus.py
for target in $(cargo fuzz list --fuzz-dir fuzz); do
  cp "$FUZZ_BIN/$target" "$OUT/"
  # per-target libFuzzer options (large_input: MiB-scale inputs)
  if [ -f "fuzz/options/$target.options" ]; then cp "fuzz/options/$target.options" "$OUT/"; fi
  if [ -d "fuzz/corpus/$target" ] && [ -n "$(ls -A "fuzz/corpus/$target")" ]; then
    zip -jq "$OUT/${target}_seed_corpus.zip" fuzz/corpus/"$target"/*
  fi
done
