#!/usr/bin/env python3
"""Builds the fuzz seed corpora from the published vectors (../vectors/*.json).

    python3 fuzz/make_corpus.py            # writes fuzz/corpus/<target>/ (git-ignored)

Standard library only. Files are named by the SHA-1 of their content, as libFuzzer does, so
re-running is idempotent. The small hand-picked seeds in fuzz/seeds/<target>/ are copied in too.

What each target gets:
- unsign: every vector token as is, plus vector values and object payloads re-signed with the
  fuzz key and each configuration of fuzz_targets/unsign.rs (Django's algorithm, in Python),
  so the fuzzer starts from tokens that verify and reaches the timestamp and payload code.
- decode_payload: the payload of every object token (mode byte 0), and the raw zlib bytes of
  every compressed payload plus a zip bomb (mode byte 1); limit byte 0xff, depth byte 39.
- json_loads: every payloadJson (depth byte 63).
- typed_loads: every payloadJson (flags: depth 63, latin-1 and UTF-8).
- b62: every timestamp text found in a token, and some 8-byte little-endian integers.
The structured targets (unsign_structured, roundtrip, value_serde) take `arbitrary` input and
start from their seeds/ only.
"""

import base64
import hashlib
import hmac
import json
import pathlib
import shutil
import struct
import sys
import zlib

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = HERE.parent / "vectors"
CORPUS = HERE / "corpus"
SEEDS = HERE / "seeds"

# Must match fuzz_targets/unsign.rs.
FUZZ_KEY = b"djsign-fuzz-key"
FUZZ_OLD = [b"djsign-fuzz-old-1", b"djsign-fuzz-old-2"]
UNSIGN_CONFIGS = [  # (salt for Signer, salt for TimestampSigner, sep, algorithm)
    ("django.core.signing.Signer", "django.core.signing.TimestampSigner", ":", "sha256"),
    ("django.core.signing", "django.core.signing", ":", "sha256"),
    ("fuzz-salt", "fuzz-salt", "/.", "sha512"),
]
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64decode(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b62(n: int) -> str:
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = ""
    while n:
        n, d = divmod(n, 62)
        out = B62[d] + out
    return sign + out


def sign(value: str, key: bytes, salt: str, sep: str, algorithm: str) -> str:
    """Django's Signer.sign: value + sep + b64(HMAC(H(salt + "signer" + key), value))."""
    h = getattr(hashlib, algorithm)
    derived = h((salt + "signer").encode() + key).digest()
    mac = hmac.new(derived, value.encode(), h).digest()
    return value + sep + b64(mac)


def write(target: str, data: bytes, counts: dict) -> None:
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    path = d / hashlib.sha1(data).hexdigest()
    if not path.exists():
        path.write_bytes(data)
        counts[target] = counts.get(target, 0) + 1


def main() -> int:
    counts: dict = {}
    tokens, values, stamps, payloads, jsons = [], [], set(), [], []
    for f in sorted(VECTORS.glob("*.json")):
        doc = json.loads(f.read_text())
        for group in doc.get("testGroups", []):
            sep = group.get("sep", ":")
            kind = group.get("type", "")
            for t in group.get("tests", []):
                tok = t.get("token")
                if tok is not None:
                    tokens.append(tok)
                    parts = tok.split(sep)
                    if len(parts) >= 3:
                        stamps.add(parts[-2])
                    # object / session payloads: drop the signature (and timestamp if any)
                    if kind.startswith(("object", "session")) and len(parts) >= 2:
                        n = 1 if kind == "object-untimed" else 2
                        payloads.append(sep.join(parts[:-n]) if len(parts) > n else parts[0])
                if isinstance(t.get("value"), str):
                    values.append(t["value"])
                if isinstance(t.get("timestamp"), int):
                    stamps.add(b62(t["timestamp"]))
                if isinstance(t.get("payloadJson"), str):
                    jsons.append(t["payloadJson"])

    # unsign: the vectors, then our own tokens.
    for tok in tokens:
        write("unsign", tok.encode(), counts)
    for plain_salt, ts_salt, sep, alg in UNSIGN_CONFIGS:
        for key in [FUZZ_KEY, *FUZZ_OLD]:
            for v in values[:60]:
                write("unsign", sign(v, key, plain_salt, sep, alg).encode(), counts)
                write("unsign", sign(v + sep + b62(1_700_000_000), key, ts_salt, sep, alg).encode(), counts)
            for p in payloads[:120]:
                write("unsign", sign(p, key, plain_salt, sep, alg).encode(), counts)
                write("unsign", sign(p + sep + b62(1_699_999_990), key, ts_salt, sep, alg).encode(), counts)
            # timestamp edge cases Django's b62_decode accepts
            for ts in ["-", "-0", "00", "zzzzzzzzzzz", "AzL8n0Y58m7", "-AzL8n0Y58m8", ""]:
                write("unsign", sign("v" + sep + ts, key, ts_salt, sep, alg).encode(), counts)

    # decode_payload
    for p in payloads:
        write("decode_payload", b"\x00\xff\x27" + p.encode(), counts)
        if p.startswith("."):
            try:
                write("decode_payload", b"\x01\xff\x27" + b64decode(p[1:]), counts)
            except ValueError:
                pass
    bomb = zlib.compress(b"[" + b"0," * 200_000 + b"0]", 9)
    write("decode_payload", b"\x01\xff\x27" + bomb, counts)
    write("decode_payload", b"\x01\x01\x27" + zlib.compress(b'{"a":' * 30 + b"1" + b"}" * 30), counts)

    # json_loads
    for j in jsons:
        write("json_loads", b"\x3f" + j.encode("latin-1", "replace"), counts)

    # typed_loads: the same texts, depth 63, read as a release (latin-1) and as main (UTF-8)
    for j in jsons:
        for flags in (b"\x7e", b"\x7f"):
            write("typed_loads", flags + j.encode("latin-1", "replace"), counts)

    # b62
    for s in stamps:
        write("b62", s.encode(), counts)
    for n in [0, 1, -1, 61, 62, 1_700_000_000, 2**63 - 1, -(2**63)]:
        write("b62", struct.pack("<q", n), counts)

    # large_input: MiB-scale payloads at and around the default limits (run with
    # -max_len=4194304): every published payload JSON, large flat and nested texts (mode 0
    # uncompressed, mode 1 compressed), recipes that inflate to just under and just over the
    # 4 MiB decompression limit (mode 2), a token just over the 1 MiB token limit (mode 3).
    for j in jsons[:200]:
        write("large_input", b"\x00" + j.encode("latin-1", "replace"), counts)
    flat = b"[" + b"0," * 350_000 + b"0]"
    nested = b"[0," * 999 + b"[" + b'{"k":"v"},' * 50_000 + b"0]" + b"]" * 999
    objects = b"{" + b",".join(b'"%x":[1.5,"s",null]' % i for i in range(60_000)) + b"}"
    for text in [flat, nested, objects]:
        write("large_input", b"\x00" + text, counts)
        write("large_input", b"\x01" + text, counts)
    for count, chunk in [(2_097_150, b"0,"), (2_097_153, b"0,"), (1_398_101, b"[0]"), (4_194_300, b" ")]:
        write("large_input", b"\x02" + count.to_bytes(3, "little") + chunk, counts)
    write("large_input", b"\x03" + b"x" * (1 << 20) + b":" + b"A" * 43, counts)

    # signed_cookie and auth_hash are structured (arbitrary): they start from nothing.

    # hand-picked seeds
    if SEEDS.is_dir():
        for target_dir in sorted(p for p in SEEDS.iterdir() if p.is_dir()):
            for seed in sorted(target_dir.iterdir()):
                dest = CORPUS / target_dir.name
                dest.mkdir(parents=True, exist_ok=True)
                shutil.copy(seed, dest / seed.name)
                counts[target_dir.name] = counts.get(target_dir.name, 0) + 1

    for target, n in sorted(counts.items()):
        print(f"{target}: {n} new files in {CORPUS / target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
