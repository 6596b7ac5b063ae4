#!/usr/bin/env bash
# Runs the from-scratch vector consumers (Python, Node.js, Go; see vectors/README.md,
# "Consumers") on every vector file, and exits non-zero if any of them reports a failure,
# cannot be built, or cannot be run: a consumer that does not run has not passed.
#
#   bash vectors/consumers/run.sh [VECTORS_DIR]
#
# Installs what is missing: Go from Debian's golang-go, Node.js from Debian's nodejs (as root,
# or through sudo). The Go build uses no module and no network (GOPROXY=off).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
vectors=$(cd "${1:-$here/..}" && pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
install_deb() {  # install_deb COMMAND PACKAGE
    command -v "$1" >/dev/null && return 0
    echo "== installing $2 (Debian) for the $1 consumer"
    as_root apt-get install -y -q "$2" >/dev/null 2>&1 \
        || { as_root apt-get update -q >/dev/null 2>&1 && as_root apt-get install -y -q "$2" >/dev/null 2>&1; }
    command -v "$1" >/dev/null || { echo "FAIL: cannot install $2"; return 1; }
}

status=0
fail() { echo "FAIL: $*"; status=1; }
install_deb go golang-go || status=1
install_deb node nodejs || status=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

consumer() {  # consumer NAME COMMAND...: run it, keep its output, note a failure
    local name=$1
    shift
    echo "== $name: $*"
    if "$@" >"$tmp/$name.out" 2>&1; then
        cat "$tmp/$name.out"
    else
        cat "$tmp/$name.out"
        fail "$name consumer (exit status $?)"
    fi
}

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || fail "python3 is older than 3.11"
consumer python python3 "$here/python/consume.py" "$vectors"
consumer python-strict python3 "$here/python/consume.py" --strict "$vectors"

node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)' || fail "node is older than 18"
consumer node node "$here/node/consume.mjs" "$vectors"

if command -v go >/dev/null; then
    echo "== go: build ($(go version))"
    if (cd "$here/go" && GOPROXY=off GOTOOLCHAIN=local GOFLAGS= go build -o "$tmp/consume-go" .); then
        consumer go "$tmp/consume-go" "$vectors"
    else
        fail "go build"
    fi
fi

echo
echo "== consumers: totals"
for name in python python-strict node go; do
    printf '%-14s %s\n' "$name" "$(grep '^total' "$tmp/$name.out" 2>/dev/null || echo 'did not run')"
done
[ "$status" = 0 ] && echo "all consumers: 0 failures" || echo "consumers FAILED"
exit "$status"
