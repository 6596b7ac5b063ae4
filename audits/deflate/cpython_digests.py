"""CPython's zlib.compress over the 10,000 generated payloads, as digests (audits/deflate.md).

Reads the payloads framed as `payloads emit` writes them (u32 little-endian length, bytes),
checks that each is ASCII JSON (`json.loads`), compresses each with `zlib.compress(data)`
exactly as Django does, and prints per group of
100 payloads the SHA-256 of the inputs and of the outputs (each framed the same way), which
`payloads check --digests FILE` compares with djsign's:

    cargo run --release -p djsign-zlib-oracle --bin payloads -- emit \\
      | .venv/bin/python audits/deflate/cpython_digests.py > audits/deflate/cpython-1.2.13.digests
"""

import hashlib
import json
import struct
import sys
import zlib

GROUP = 100


def frames(stream):
    while True:
        head = stream.read(4)
        if not head:
            return
        if len(head) != 4:
            sys.exit("truncated frame header")
        (n,) = struct.unpack("<I", head)
        data = stream.read(n)
        if len(data) != n:
            sys.exit("truncated frame")
        yield data


def main():
    out = sys.stdout
    out.write(
        f"# zlib.compress(data) digests; python {sys.version.split()[0]}, "
        f"zlib {zlib.ZLIB_RUNTIME_VERSION}; groups of {GROUP} payloads, "
        "sha256 of (u32le len + bytes)...\n"
    )
    hin, hout, count = hashlib.sha256(), hashlib.sha256(), 0
    for data in frames(sys.stdin.buffer):
        # every payload is JSON as Django's json.dumps writes it (ASCII); fail otherwise
        json.loads(data.decode("ascii"))
        z = zlib.compress(data)
        hin.update(struct.pack("<I", len(data)) + data)
        hout.update(struct.pack("<I", len(z)) + z)
        count += 1
        if count % GROUP == 0:
            out.write(f"group {count // GROUP - 1} in {hin.hexdigest()} out {hout.hexdigest()}\n")
            hin, hout = hashlib.sha256(), hashlib.sha256()
    if count % GROUP:
        out.write(f"group {count // GROUP} in {hin.hexdigest()} out {hout.hexdigest()}\n")
    out.write(f"# {count} payloads\n")


if __name__ == "__main__":
    main()
