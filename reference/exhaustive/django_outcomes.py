"""Real Django 5.2.19 / CPython 3.11 as the judge of four exhaustive small domains.

For each domain this prints one line, `name count sha256`: the number of inputs and the
SHA-256 of the canonical list of Django's outcomes, in the domain's canonical order.
`reference/exhaustive/digests.txt` is this script's output, committed; `scripts/test.sh`
re-derives it and compares (cmp); `reference/tests/exhaustive.rs` computes the same digests
over djsign's outcomes. The domains and encodings are stated in audits/formal.md (theorems
T1, T2, T4, T5) and must stay identical in both files:

  separators  every string of 1 then 2 code points over SEP_ALPHABET (index order);
              outcome b"1" if `Signer(sep=s)` is accepted, b"0" if it raises ValueError
  base62      every string of length 0..4 over B62_SYMBOLS (length, then index order);
              outcome str(b62_decode(s)) + "\n", or "E\n" if it raises
  json3       every byte string of length 0..3 (length, then byte order);
              outcome canon(JSONSerializer().loads(b)) + "\n", or "E\n" if it raises
  expiry      (ts, now, max_age) over TIMESTAMPS x {float(ts) + g : g in GRID} x (GRID + [None]),
              keeping the time inputs djsign accepts (now finite and within 2**53 of 0,
              max_age finite or None; djsign refuses the rest, SPEC.md D4);
              outcome b"o" if TimestampSigner.unsign(token, max_age) passes at time.time() = now,
              b"x" on SignatureExpired

    .venv/bin/python reference/exhaustive/django_outcomes.py [--jobs 2] [--only json3]
"""

import argparse
import hashlib
import itertools
import math
import multiprocessing
import struct
import sys
import time
import types

import django
from django.conf import settings

settings.configure(SECRET_KEY="formal-exhaustive-not-secret", USE_TZ=True)
django.setup()

from django.core import signing  # noqa: E402

assert django.get_version() == "5.2.19", django.get_version()
assert sys.version_info[:2] == (3, 11), sys.version

SEP_ALPHABET = [chr(c) for c in range(128)] + [
    "\x80", "\xa0", "\xe9", "\xff", "\u2028", "\ufeff", "\U0001f40d", "\U0010ffff",
]
B62_SYMBOLS = list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") + list(
    "-+ /:@[`{\xe9"
)
# IEEE doubles around the expiry boundary; GRID adds each one's neighbours (math.nextafter).
GRID_BASE = [
    0.0, -0.0, 5e-324, -5e-324, 2.225073858507201e-308, 2.2250738585072014e-308, 1e-300,
    0.5, 1.0, -1.0, 1.5, 2.0, 59.999999999999, 60.0, 3600.0, 1209600.0, 1.7e9,
    9007199254740992.0, 9.223372036854775808e18, 1e300, 1.7976931348623157e308,
    -1.7976931348623157e308, math.inf, -math.inf,
]
TIMESTAMPS = [
    0, 1, -1, 60, 1_700_000_000, 2**53, 2**53 + 1, -(2**53) - 1, 2**62, 2**63 - 1, -(2**63),
]


def bits(x):
    return struct.pack(">d", x)


def grid():
    seen, out = set(), []
    for g in GRID_BASE:
        for x in (g, math.nextafter(g, math.inf), math.nextafter(g, -math.inf)):
            if bits(x) not in seen:
                seen.add(bits(x))
                out.append(x)
    return out


def canon(v):
    if v is None:
        return "n"
    if v is True:
        return "t"
    if v is False:
        return "f"
    if isinstance(v, int):
        return "i%d" % v
    if isinstance(v, float):
        return "d" + bits(v).hex()
    if isinstance(v, str):
        return "s" + ",".join("%x" % ord(c) for c in v)
    if isinstance(v, list):
        return "l[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "o{" + ",".join(canon(k) + ":" + canon(x) for k, x in v.items()) + "}"
    raise TypeError(type(v))


def separators():
    out = bytearray()
    for n in (1, 2):
        for chars in itertools.product(SEP_ALPHABET, repeat=n):
            try:
                signing.Signer(key="k", sep="".join(chars))
                out += b"1"
            except ValueError:
                out += b"0"
    return [bytes(out)]


def b62_chunk(prefix):
    decode = signing.b62_decode
    out = []
    for rest in itertools.product(B62_SYMBOLS, repeat=3):
        s = prefix + "".join(rest)
        try:
            out.append("%d\n" % decode(s))
        except (ValueError, IndexError):
            out.append("E\n")
    return "".join(out).encode()


def b62_short():
    out = []
    for n in range(4):
        for chars in itertools.product(B62_SYMBOLS, repeat=n):
            try:
                out.append("%d\n" % signing.b62_decode("".join(chars)))
            except (ValueError, IndexError):
                out.append("E\n")
    return "".join(out).encode()


def json_chunk(first):
    loads = signing.JSONSerializer().loads
    out = []
    for b, c in itertools.product(range(256), repeat=2):
        try:
            out.append(canon(loads(bytes((first, b, c)))) + "\n")
        except ValueError:  # json.JSONDecodeError and the int digit limit
            out.append("E\n")
    return "".join(out).encode()


def json_short():
    loads = signing.JSONSerializer().loads
    out = []
    for n in range(3):
        for data in itertools.product(range(256), repeat=n):
            try:
                out.append(canon(loads(bytes(data))) + "\n")
            except ValueError:
                out.append("E\n")
    return "".join(out).encode()


class Clock:
    now = 0


def djsign_accepts(now, max_age):
    """The time inputs djsign judges (SPEC.md section 5); it refuses the others (D4)."""
    return (
        math.isfinite(now)
        and abs(now) <= 2.0**53
        and (max_age is None or math.isfinite(max_age))
    )


def expiry():
    signing.time = types.SimpleNamespace(time=lambda: Clock.now)
    signer = signing.TimestampSigner(key="formal-expiry-key")
    g = grid()
    out = bytearray()
    for ts in TIMESTAMPS:
        Clock.now = ts
        token = signer.sign("v")
        for d in g:
            Clock.now = float(ts) + d
            for max_age in g + [None]:
                if not djsign_accepts(Clock.now, max_age):
                    continue
                try:
                    signer.unsign(token, max_age=max_age)
                    out += b"o"
                except signing.SignatureExpired:
                    out += b"x"
    return [bytes(out)]


def count(parts):
    return sum(p.count(b"\n") for p in parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", action="append")
    ap.add_argument("--timing", action="store_true", help="print seconds per domain on stderr")
    args = ap.parse_args()
    with multiprocessing.Pool(args.jobs) as pool:
        domains = {
            "separators": lambda: (separators(), None),
            "base62": lambda: ([b62_short()] + list(pool.imap(b62_chunk, B62_SYMBOLS)), "lines"),
            "json3": lambda: ([json_short()] + list(pool.imap(json_chunk, range(256))), "lines"),
            "expiry": lambda: (expiry(), None),
        }
        for name, run in domains.items():
            if args.only and name not in args.only:
                continue
            t = time.time()
            parts, unit = run()
            h = hashlib.sha256()
            for p in parts:
                h.update(p)
            n = count(parts) if unit == "lines" else sum(len(p) for p in parts)
            print(name, n, h.hexdigest(), flush=True)
            if args.timing:
                print("%s: %.1f s" % (name, time.time() - t), file=sys.stderr)


if __name__ == "__main__":
    main()
