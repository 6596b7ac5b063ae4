"""Capture Django 5.2.19 / CPython 3.11 behaviour of the building blocks of django.core.signing.

Writes tests/data/django_unit.json, read by tests/django_unit.rs. Every expected value in that
file comes from running the real functions below; nothing is typed in by hand. Deterministic:
fixed seeds, so rerunning gives the same file byte for byte.

    .venv/bin/python tests/django/capture_unit.py

Values are written in a tagged form that a reader without Python's JSON quirks can rebuild
exactly: ["null"], ["bool", b], ["int", "digits"], ["float", "<16 hex digits of the IEEE bits>"],
["str", s], ["list", [...]], ["dict", [[key, value], ...]].
"""

import base64
import binascii
import hashlib
import json
import math
import os
import random
import struct
import sys
import zlib
from unittest import mock

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="capture-unit-not-secret",
    USE_TZ=True,
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
)
django.setup()

from django.core import signing  # noqa: E402
from django.utils.crypto import salted_hmac  # noqa: E402

assert django.get_version() == "5.2.19", django.get_version()
assert sys.version_info[:2] == (3, 11), sys.version
assert zlib.ZLIB_RUNTIME_VERSION == "1.2.13", zlib.ZLIB_RUNTIME_VERSION

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "django_unit.json")
if "--out" in sys.argv:  # scripts/test.sh compares a fresh capture with the committed one
    OUT = sys.argv[sys.argv.index("--out") + 1]
rng = random.Random(20261125)


def fbits(x):
    return struct.pack(">d", x).hex()


def tag(v):
    if v is None:
        return ["null"]
    if isinstance(v, bool):
        return ["bool", v]
    if isinstance(v, int):
        return ["int", str(v)]
    if isinstance(v, float):
        return ["float", fbits(v)]
    if isinstance(v, str):
        return ["str", v]
    if isinstance(v, list):
        return ["list", [tag(x) for x in v]]
    if isinstance(v, dict):
        return ["dict", [[k, tag(x)] for k, x in v.items()]]
    raise TypeError(type(v))


def has_lone_surrogate(v):
    if isinstance(v, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    if isinstance(v, list):
        return any(has_lone_surrogate(x) for x in v)
    if isinstance(v, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(x) for k, x in v.items())
    return False


def outcome(fn):
    """Run fn; return {"ok": ...} or {"error": "ExceptionClass"}."""
    try:
        return {"ok": fn()}
    except Exception as e:  # the point is to record what Python raises
        return {"error": type(e).__name__}


# ---------------------------------------------------------------- floats
def special_floats():
    out = [0.0, -0.0, 1.0, -1.0, 100.0, 1e16, 1e15, 9999999999999998.0, 1e-5, 1e-4, 0.0001,
           0.00012, 1.5e300, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
           0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3, 123456789012345680.0, 1e22, 1e23,
           9007199254740993.0, 4.35, 0.5, 2.5, 1e100, 1.0e-7, 12345.678, math.pi, math.e,
           float("nan"), float("inf"), float("-inf")]
    for e in range(-330, 310):
        out.append(float("1e%d" % e))
        out.append(float("1.5e%d" % e))
    for e in range(-8, 20):
        for m in (1, 9, 99, 123456789, 1234567890123456789):
            out.append(m * 10.0 ** e)
    return out


def random_floats(n):
    out = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.4:
            bits = rng.getrandbits(64)
            x = struct.unpack(">d", bits.to_bytes(8, "big"))[0]
        elif kind < 0.7:
            x = rng.uniform(-1e6, 1e6)
        elif kind < 0.9:
            x = round(rng.uniform(-1000, 1000), rng.randint(0, 6))
        else:
            x = rng.randint(-10**20, 10**20) / 10 ** rng.randint(0, 25)
        out.append(x)
    return out


def tie_floats(n):
    """Doubles exactly halfway between two shortest decimals (x.25, x.75 with 16 significant
    digits before the fraction): repr must round the tie to even."""
    r = random.Random(1125)
    return [842785403600226.25] + [r.randint(10**14, 2**51) + r.choice([0.25, 0.75]) for _ in range(n)]


def powers_of_two():
    """Every power of two, both signs: the rounding interval is half as wide below as above,
    where a closest-decimal shortcut can pick a decimal that does not read back."""
    return [sign * math.ldexp(1.0, k) for k in range(-1074, 1024) for sign in (1.0, -1.0)]


floats = [[fbits(x), json.dumps(x)]
          for x in special_floats() + random_floats(4000) + tie_floats(600) + powers_of_two()]


# ---------------------------------------------------------------- JSON dumps
ALPHABETS = [
    "abcXYZ019 ",
    "\"\\/<>&'",
    "".join(chr(c) for c in range(0, 0x20)) + "\x7f",
    "".join(chr(c) for c in range(0x80, 0x100)),
    "\u0100\u07ff\u0800\u2028\u2029\ufeff\uffff\ue000",
    "\U0001F40D\U00010000\U0010FFFF\U0001F600",
]


def rand_str(maxlen=12):
    return "".join(rng.choice(rng.choice(ALPHABETS)) for _ in range(rng.randint(0, maxlen)))


def rand_int():
    k = rng.random()
    if k < 0.5:
        return rng.randint(-1000, 1000)
    if k < 0.8:
        return rng.randint(-2**63 - 5, 2**63 + 5)
    return rng.randint(-10**rng.randint(19, 60), 10**rng.randint(19, 60))


def rand_value(depth=0):
    k = rng.random()
    if depth < 4 and k < 0.2:
        return [rand_value(depth + 1) for _ in range(rng.randint(0, 4))]
    if depth < 4 and k < 0.4:
        return {rand_str(6): rand_value(depth + 1) for _ in range(rng.randint(0, 4))}
    k = rng.random()
    if k < 0.1:
        return None
    if k < 0.2:
        return rng.random() < 0.5
    if k < 0.45:
        return rand_int()
    if k < 0.65:
        return rng.choice(random_floats(1) + special_floats()[:40])
    return rand_str()


dumps_values = [
    "\U0001F40D", "\x7f", "\x00\x1f\x08\x0c\n\r\t", "h\u00e9", "</script>", 2**64, -2**64, 1e16,
    1e-05, -0.0, 100.0, {"b": 1, "a": 2}, {"z": {"y": [1, 2.5, None, True, False]}},
    [float("nan"), float("inf"), float("-inf")], 10**4300 - 1, -(10**4300 - 1), [], {}, "",
]
dumps_values += [rand_value() for _ in range(600)]
json_dumps = [[tag(v), signing.JSONSerializer().dumps(v).decode("ascii")] for v in dumps_values]


# ---------------------------------------------------------------- JSON loads
def loads_case(data):
    try:
        v = signing.JSONSerializer().loads(data)
    except RecursionError:
        return {"input": data.hex(), "error": "RecursionError"}
    except Exception as e:
        return {"input": data.hex(), "error": type(e).__name__}
    if has_lone_surrogate(v):
        return {"input": data.hex(), "lone_surrogate": True}
    return {"input": data.hex(), "ok": tag(v)}


loads_inputs = [
    b'"\\ud800"', b'"\\udc00"', b'"\\ud83d\\udc0d"', b'"\\uD83D\\uDC0D"', b'"\\ud83dA"',
    b'"\\ud83d\\u0041"', b'"\\udc0d\\ud83d"', b'"\\ud800\\udbff"', b'["\\ud800",]', b'"\\ud800',
    b'"\\ud800\\u12"', b'"\\ud800\\uZZZZ"', b'"\\u12"', b'"\\u00e9"', b'"\\u00E9"', b'"\\/"',
    b'"\\a"', b'"\x7f"', b'"\x1f"', b'"\x00"', b'"\xff"', b'"h\xc3\xa9"', b'\xef\xbb\xbf1',
    b' 1 ', b'\t\n\r 1\r\n', b'\x0c1', b'\xa01', b'1 x', b'[1,]', b'{"a":1,}', b'{"a" : 1 , "b":2}',
    b'{"a":1,"a":2,"b":3}', b'{"a":1,"b":2,"a":3}', b'{1:2}', b"{'a':1}", b'nan', b'NaN',
    b'-NaN', b'Infinity', b'-Infinity', b'+Infinity', b'infinity', b'-Inf', b'01', b'-01',
    b'1.', b'.5', b'-', b'-0', b'-0.0', b'0.0', b'1e5', b'1E+5', b'1e-5', b'1e', b'1e+',
    b'1.5e', b'1e400', b'-1e400', b'1e-400', b'2.5e-324', b'0e0', b'123456789012345678901234567890',
    b'-9223372036854775808', b'-9223372036854775809', b'9223372036854775807',
    b'9223372036854775808', b'18446744073709551616', b'1' * 4300, b'1' * 4301,
    b'-' + b'1' * 4300, b'-' + b'1' * 4301, b'1.' + b'1' * 5000, b'[]', b'{}', b'[[]]',
    b'[1 2]', b'{"a" 1}', b'{"a":}', b'[,]', b'', b' ', b'null', b'nul', b'nulll', b'true',
    b'True', b'false', b'"abc', b'"a"b"', b'"\\"', b'[1,2,3', b'{"a":1', b'"\t"', b'"\\t"',
    b'"\\u0000"', b'"\\U0041"', b'{"":""}', b'["a"]x', b'[1]]', b'1 2', b'"\xc3\xa9"',
    b'{"\xff":1}', b'\xff', b'1\x00', b'[1e1,1E-1,-1.5e+3]', b'-1e', b'0x10', b'1_000',
    b'"\\ud83d\\udc0d\\ud83d"', b'{"\\ud800":1}', b'[' * 50 + b']' * 50,
    # a lone surrogate Python drops with the value a later duplicate key replaces
    b'{"a":"\\ud800","a":1}', b'{"a":["\\ud800"],"a":1}', b'{"a":1,"a":"\\ud800"}',
    b'{"\\ud800":1,"\\ud800":2}', b'[{"a":{"b":"\\udc00"},"a":0}]', b'{"x":{"a":"\\ud800","a":2},"x":3}',
]


def mutate(b):
    b = bytearray(b)
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        pos = rng.randint(0, len(b)) if b else 0
        if op < 0.4 and b:
            del b[min(pos, len(b) - 1)]
        elif op < 0.8:
            b.insert(pos, rng.choice(b'{}[]",:\\ 0123456789.-+eEtrufalsnNIy\x7f\xff\x00\n'))
        elif b:
            b[min(pos, len(b) - 1)] = rng.randrange(256)
    return bytes(b)


for v in dumps_values[:300]:
    text = signing.JSONSerializer().dumps(v)
    loads_inputs.append(text)
    loads_inputs.append(mutate(text))
json_loads = [loads_case(x) for x in loads_inputs]


# ---------------------------------------------------------------- base64 (Django b64_decode)
def b64_case(s):
    r = outcome(lambda: signing.b64_decode(s).hex())
    return {"input": s.hex(), **r}


# Tokens are str, so the payload reaches b64_decode as UTF-8: non-ASCII arrives as multi-byte.
B64CHARS = [b"A", b"Z", b"a", b"z", b"0", b"9", b"-", b"_", b"+", b"/", b"=", b".", b":", b"!",
            b" ", b"\n", "\u00e9".encode(), "\U0001F40D".encode()]
b64_inputs = [b"", b"YQ", b"YR", b"Y", b"YQ=", b"=YQ", b"Y=Q", b"YQ==", b"YQ==YQ==", b"YWJj",
              b"YWJjZA", b"YWJj=ZA", b"a b", "YQ\u00e9".encode(), b"Y+/=", b"-_8", b"+/8", b"AB=CDEF=GH",
              b"AB=CDEFG=H", b"....", b"Y!Q", "\u00e9YQ".encode(), b"YQ=\n", b"====", b"YWJjZA=="]
for _ in range(1500):
    b64_inputs.append(b"".join(rng.choice(B64CHARS) for _ in range(rng.randint(0, 12))))
base64_decode = [b64_case(s) for s in b64_inputs]


# ---------------------------------------------------------------- zlib
def zpayloads():
    out = [b"", b"a", b"aa", b"[1]", b'"hello"', b"a" * 100000]
    for v in dumps_values[:150]:
        out.append(signing.JSONSerializer().dumps(v))
    for _ in range(150):
        n = rng.choice([10, 50, 100, 500, 2000, 10000, 40000])
        words = [rand_str(8) for _ in range(20)]
        out.append(json.dumps([rng.choice(words) for _ in range(n // 8)]).encode()[:n])
    return out


# The payloads are ASCII JSON, so they are stored as text; the compressed bytes as hex.
zlib_compress = [[p.decode("ascii"), zlib.compress(p).hex()] for p in zpayloads()]


def zdec(data):
    return {"input": data.hex(), **outcome(lambda: zlib.decompress(data).hex())}


good = zlib.compress(b'{"a":"' + b"x" * 300 + b'"}')
zlib_inputs = [b"", b"x", good, good + b"trailing garbage", good[:-1], good[:-4], good[:2],
               bytes([good[0], good[1] ^ 0x20]) + good[2:],  # FDICT bit
               b"\x78\x01" + good[2:], b"\x78\xda" + good[2:], b"\x08\x1d" + good[2:],
               b"\x88\x1d" + good[2:], b"\x79\x9c" + good[2:], b"\x78\x9d" + good[2:],
               good[:-1] + bytes([good[-1] ^ 1]), zlib.compress(b"", 9), zlib.compress(b"a", 0),
               zlib.compress(b"a" * 1000, 1), zlib.compress(b"abc" * 99, 9),
               zlib.compressobj(wbits=9).compress(b"abc" * 50) + zlib.compressobj(wbits=9).flush(),
               ]
co = zlib.compressobj(wbits=9)
zlib_inputs.append(co.compress(b"xyz" * 400) + co.flush())
for _ in range(300):
    b = bytearray(rng.choice(zlib_inputs[2:6] + [zlib.compress(rand_str(50).encode())]))
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(b))
        b[i] = rng.randrange(256)
    zlib_inputs.append(bytes(b))
zlib_decompress = [zdec(x) for x in zlib_inputs]


# ---------------------------------------------------------------- base62
b62_decode_inputs = ["", "0", "-", "-0", "00", "000001", "+1", "--1", "1-", "z", "Z", "zz",
                     "-z", "10", "1a", " 1", "1 ", "\u00e9", "\u0661", "AzL8n0Y58m7", "AzL8n0Y58m8",
                     "-AzL8n0Y58m8", "-AzL8n0Y58m9", "zzzzzzzzzzzz", "1_0", "1.0"]
for _ in range(300):
    b62_decode_inputs.append("".join(rng.choice("0123456789azAZ-+ ") for _ in range(rng.randint(0, 13))))
b62_decode = [{"input": s, **outcome(lambda s=s: str(signing.b62_decode(s)))} for s in b62_decode_inputs]
b62_encode_inputs = [0, 1, -1, 61, 62, -62, 2**63 - 1, -(2**63), 1700000000, -1700000000]
b62_encode_inputs += [rng.randint(-2**63, 2**63 - 1) for _ in range(200)]
b62_encode = [[str(n), signing.b62_encode(n)] for n in b62_encode_inputs]


# ---------------------------------------------------------------- separators
def sep_ok(sep):
    try:
        signing.Signer(key="k", sep=sep)
        return True
    except ValueError:
        return False


seps = ["", ":", "^", "a", "=", "-", "_", "\\", "`", "[", "]", "{", "|", "~", "@", "A-z0", "a\n",
        "\n", "\n\n", "a\n\n", ".", "/", ",", "*sep*", ":a", "::", "\u00e9", "\u0391", " ", "\t",
        "a:", "-_=", "0", "z", "Z", "A", "@A", "\x7f", "\r", "a\r", "\n:", ":\n"]
for c in range(0, 0x80):
    seps.append(chr(c))
separators = [[s, sep_ok(s)] for s in seps]


# ---------------------------------------------------------------- salted_hmac
ALGOS = ["sha1", "sha224", "sha256", "sha384", "sha512"]
hmac_cases = []
for i in range(120):
    algo = ALGOS[i % 5]
    key_salt = rand_str(10) if i % 3 else "django.core.signing.Signersigner"
    value = rand_str(30)
    secret = bytes(rng.randrange(256) for _ in range(rng.choice([1, 5, 32, 64, 65, 128, 200])))
    mac = salted_hmac(key_salt, value, secret, algorithm=algo).hexdigest()
    hmac_cases.append({"keySalt": key_salt, "value": value, "secretHex": secret.hex(),
                       "algorithm": algo, "hex": mac})

# ---------------------------------------------------------------- session auth hash
from datetime import datetime as _datetime, timedelta as _timedelta, timezone as _timezone  # noqa: E402

from django.contrib.auth.models import User  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils.crypto import constant_time_compare  # noqa: E402

auth_hash = []
for i in range(40):
    password = rng.choice(["pbkdf2_sha256$870000$salt%d$%s" % (i, "x" * 43), "!unusable%d" % i, rand_str(20)])
    key = rng.choice(["auth-key-%d" % i, rand_str(30) or "k"])
    fallbacks = rng.choice([[], ["old-%d" % i], ["older-%d" % i, "old-%d" % i]])
    user = User(username="u%d" % i, password=password)
    with override_settings(SECRET_KEY=key, SECRET_KEY_FALLBACKS=fallbacks):
        current = user.get_session_auth_hash()
        olds = list(user.get_session_auth_fallback_hash())
    # the session presents: the current hash, a fallback hash, a wrong one, an empty one
    presented = [current, rng.choice(olds) if olds else "", "0" * 64, "", current.upper()]
    for h in presented:
        # django.contrib.auth.get_user's decision
        if h and constant_time_compare(h, current):
            match = "key"
        elif h and any(constant_time_compare(h, o) for o in olds):
            match = "fallback"
        else:
            match = "none"
        auth_hash.append({"password": password, "key": key, "fallbackKeys": fallbacks,
                          "sessionHash": h, "hash": current, "match": match})


# ---------------------------------------------------------------- ISO datetimes
def iso_case(text):
    try:
        d = _datetime.fromisoformat(text)
    except ValueError:
        return {"input": text, "ok": False}
    off = d.utcoffset()
    naive = d.replace(tzinfo=None)
    wall_us = (naive - _datetime(1970, 1, 1)) // _timedelta(microseconds=1)
    return {"input": text, "ok": True, "wallUs": wall_us, "isoformat": d.isoformat(),
            "offsetUs": None if off is None else off // _timedelta(microseconds=1)}


iso_inputs = ["2026-11-25", "2026-11-25T17:24", "2026-11-25T17", "2026-11-25 17:24:39",
              "2026-11-25x17:24:39", "2026-11-25T17:24:39.1", "2026-11-25T17:24:39.1234567",
              "2026-11-25T17:24:39Z", "2026-11-25T17:24:39+0100", "2026-11-25T17:24:39+01",
              "2026-11-25T17:24:39+01:00:30.5", "20261125", "20261125T172439", "2026-W48-3",
              "2026-11-25T24:00", "2026-11-25T17:24:60", "2026-02-30", "+2026-11-25",
              "2026-11-25T17:24:39-00:00", "2026-11-25T1724", "2026-11-25T17:24:39,5",
              "2026-11-25T17:24:39.123456+05:30", "0001-01-01", "9999-12-31T23:59:59.999999",
              "2026-11-25\u00e917:24", "2026-11-25T17:24:39 ", " 2026-11-25", "", "2026-11-25T",
              "2024-02-29T00:00:00", "2023-02-29T00:00:00", "2026-11-25T17:24:39+24:00",
              "2026-11-25T17:24:39+23:59", "2026-11-25T17:24:39.", "2026-11-25T17:24:39+01:00:60",
              "0000-01-01", "2026-13-01", "2026-00-10", "2026-11-25T17:24:39.000000+00:00",
              "1969-12-31T23:59:59.999999", "1970-01-01T00:00:00-05:00"]
for _ in range(300):
    y, mo, d = rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28)
    t = _datetime(y, mo, d, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
                  rng.choice([0, rng.randint(0, 999999)]))
    tz = rng.choice([None, _timezone.utc, _timezone(_timedelta(minutes=rng.randint(-1439, 1439))),
                     _timezone(_timedelta(seconds=rng.randint(-86399, 86399)))])
    text = t.replace(tzinfo=tz).isoformat()
    iso_inputs.append(text)
    if rng.random() < 0.3:
        iso_inputs.append(text.replace("T", rng.choice([" ", "x", "t"]), 1))
iso = [iso_case(x) for x in iso_inputs]

# ---------------------------------------------------------------- SessionBase expiry helpers
from django.contrib.sessions.backends.signed_cookies import SessionStore as _Store  # noqa: E402

T0 = 1_700_000_000
expiry_helpers = []
inputs = [("set_expiry", v) for v in (
    None, 0, 300, -5, 3 * 1209600, _timedelta(hours=1), _timedelta(seconds=1.5),
    _datetime.fromtimestamp(T0 + 600, tz=_timezone.utc),
    _datetime.fromtimestamp(T0 + 600.25, tz=_timezone(_timedelta(hours=-5))))]
# values set_expiry never writes but a session can hold
inputs += [("stored", v) for v in ("2023-11-14T22:15:00+00:00", "2023-11-14T22:15:00.500000+05:30",
                                   1.5, True, False)]
for age in (1209600, 3600):
    for modification in (T0, T0 + 0.5, T0 + 86400):
        mod_dt = _datetime.fromtimestamp(modification, tz=_timezone.utc)
        for how, value in inputs:
            with override_settings(SESSION_COOKIE_AGE=age, SESSION_EXPIRE_AT_BROWSER_CLOSE=False):
                store = _Store()
                if how == "stored":
                    store["_session_expiry"] = value
                else:
                    with mock.patch("django.utils.timezone.now", return_value=mod_dt):
                        store.set_expiry(value)
                if isinstance(value, _timedelta):
                    given = {"seconds": value.total_seconds()}
                elif isinstance(value, _datetime):
                    given = {"datetime": value.isoformat()}
                else:
                    given = value
                expiry_helpers.append({
                    "how": how, "cookieAge": age, "modification": modification, "setExpiry": given,
                    "stored": store.get("_session_expiry", "<absent>"),
                    "expiryAge": store.get_expiry_age(modification=mod_dt),
                    "expiryDate": store.get_expiry_date(modification=mod_dt).isoformat(),
                    "browserClose": store.get_expire_at_browser_close(),
                })

doc = {
    "generator": "tests/django/capture_unit.py",
    "django": django.get_version(),
    "python": sys.version.split()[0],
    "zlib": zlib.ZLIB_RUNTIME_VERSION,
    "floats": floats,
    "json_dumps": json_dumps,
    "json_loads": json_loads,
    "base64_decode": base64_decode,
    "zlib_compress": zlib_compress,
    "zlib_decompress": zlib_decompress,
    "b62_decode": b62_decode,
    "b62_encode": b62_encode,
    "separators": separators,
    "salted_hmac": hmac_cases,
    "session_auth_hash": auth_hash,
    "iso_datetime": iso,
    "session_expiry_helpers": expiry_helpers,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(doc, f, indent=None, separators=(",", ":"), ensure_ascii=True)
    f.write("\n")
print("wrote", OUT, os.path.getsize(OUT), "bytes")
