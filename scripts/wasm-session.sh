#!/usr/bin/env bash
# The library with `contrib` built for WebAssembly (wasm32-wasip1), and the `djsign` CLI built
# for it run under Node's WASI (scripts/wasi-run.mjs): it decodes the real Django session
# cookie of examples/django-session to Django's JSON, and encodes that session again to
# Django's cookie, byte for byte (compression included). Called from .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "wasm-session: node not found (Node >= 20 needed)"; exit 1; }
rustup target add wasm32-wasip1 >/dev/null
cargo build --quiet -p djsign --target wasm32-wasip1 --no-default-features --features alloc,contrib
cargo build --quiet -p djsign --target wasm32-wasip1
cargo build --quiet --release -p djsign-cli --target wasm32-wasip1
wasm=target/wasm32-wasip1/release/djsign.wasm
ex=examples/django-session
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { node --no-warnings scripts/wasi-run.mjs "$wasm" "$ex" "$1" "$2" -- "${@:3}"; }

# An hour after Django set it, as in the README: exactly Django's own load().
run "$ex/cookie.txt" "$out/decoded.json" \
    session decode --key-file /data/secret_key.txt --now 1767229200
cmp "$ex/expected.json" "$out/decoded.json"
# The decoded session saved again at Django's time: Django's cookie.
run "$out/decoded.json" "$out/cookie.txt" \
    session encode --key-file /data/secret_key.txt --timestamp 1767225600
cmp "$ex/cookie.txt" "$out/cookie.txt"
echo "wasm32-wasip1 under Node $(node --version) WASI: session decoded to Django's JSON and encoded to Django's cookie ($(wc -c < "$ex/cookie.txt") bytes), byte for byte"
