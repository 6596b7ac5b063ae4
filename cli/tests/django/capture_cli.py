"""Capture what Django 5.2.19 / CPython 3.11 does for the inputs the `djsign` CLI tests use.

Writes cli/tests/data/django_cli.json, read by cli/tests/cli.rs. Every token and every
expected output in that file comes from running Django below; nothing is typed in by hand.
Deterministic: fixed keys, fixed timestamps (time.time is patched), no randomness, so rerunning
gives the same file byte for byte.

    .venv/bin/python cli/tests/django/capture_cli.py [--out PATH]

Each case records the Django call in the CLI's terms, so the Rust test can turn it into
`djsign` arguments without knowing any Django:

- mode: "object" (signing.dumps / sign_object; the CLI's default) or "raw" (Signer.sign /
  TimestampSigner.sign; the CLI's --raw)
- timestamped: TimestampSigner (true) or Signer (false; the CLI's --no-timestamp)
- salt, sep, algorithm, compress, timestamp: as passed to Django
- sign_key, verify_key, fallback_keys: keys, each {"str": text} (a str SECRET_KEY) or
  {"hex": bytes} (a bytes key)
- stdin: what a user feeds `djsign sign` (object mode: JSON text; raw mode: the value)
- token: what Django produced
- verify: {"stdout": exact output of a successful verify} or {"django_error": class name,
  "django_message": text}; with max_age/now when given
"""

import datetime
import hashlib
import json
import os
import sys
import zlib
from unittest import mock

import django
from django.conf import settings

settings.configure(SECRET_KEY="capture-cli-settings-key-not-used", USE_TZ=True)
django.setup()

from django.core import signing  # noqa: E402

assert django.get_version() == "5.2.19", django.get_version()
assert sys.version_info[:2] == (3, 11), sys.version
assert zlib.ZLIB_RUNTIME_VERSION == "1.2.13", zlib.ZLIB_RUNTIME_VERSION

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "django_cli.json")
if sys.argv[1:2] == ["--out"] and len(sys.argv) == 3:  # to compare with the committed file
    OUT = sys.argv[2]
elif sys.argv[1:]:
    sys.exit("usage: capture_cli.py [--out PATH]")

KEY_MAIN = {"str": "django-insecure-cli-capture-9f8e7d6c5b4a3210"}
KEY_OLD = {"str": "older-key-\u00e9t\u00e9-\U0001F511"}
KEY_OTHER = {"str": "some-unrelated-key"}
# A bytes key that is not UTF-8: only a key file can carry it.
KEY_BYTES = {"hex": (b"\xff\x00raw bytes key\x80\xfe").hex()}
# A str key that really ends with a newline: its key file must hold two.
KEY_NEWLINE = {"str": "key-ending-in-newline\n"}


def key_value(k):
    return k["str"] if "str" in k else bytes.fromhex(k["hex"])


def at(ts):
    """Patch the clock Django's TimestampSigner reads."""
    return mock.patch("django.core.signing.time.time", return_value=ts)


def python_json(obj):
    return json.dumps(obj, separators=(",", ":"))


def signer(timestamped, key, salt, sep, algorithm, fallback_keys=()):
    cls = signing.TimestampSigner if timestamped else signing.Signer
    return cls(
        key=key_value(key),
        salt=salt,
        sep=sep,
        algorithm=algorithm,
        fallback_keys=[key_value(k) for k in fallback_keys],
    )


def outcome(fn):
    try:
        return {"ok": fn()}
    except Exception as e:  # the point is to record what Django raises
        return {"django_error": type(e).__name__, "django_message": str(e)}


cases = []


def add(
    name,
    mode,
    stdin,
    *,
    timestamped=True,
    salt="django.core.signing",
    sep=":",
    algorithm="sha256",
    compress=False,
    timestamp=1700000000,
    sign_key=KEY_MAIN,
    verify_key=None,
    fallback_keys=(),
    max_age=None,
    now=None,
    use_dumps=False,
):
    """Sign `stdin` the way Django would, then verify the token the way Django would."""
    verify_key = verify_key or sign_key
    with at(timestamp):
        if mode == "object":
            obj = json.loads(stdin)
            if use_dumps:
                assert sep == ":" and algorithm == "sha256" and timestamped
                token = signing.dumps(obj, key=key_value(sign_key), salt=salt, compress=compress)
            else:
                s = signer(timestamped, sign_key, salt, sep, algorithm)
                token = s.sign_object(obj, compress=compress)
        else:
            assert not compress
            token = signer(timestamped, sign_key, salt, sep, algorithm).sign(stdin)
    v = signer(timestamped, verify_key, salt, sep, algorithm, fallback_keys)
    kwargs = {"max_age": max_age} if timestamped and max_age is not None else {}
    with at(now if now is not None else timestamp):
        if mode == "object":
            res = outcome(lambda: python_json(v.unsign_object(token, **kwargs)) + "\n")
        else:
            res = outcome(lambda: v.unsign(token, **kwargs) + "\n")
    verify = {"stdout": res["ok"]} if "ok" in res else res
    if max_age is not None:
        verify["max_age"] = max_age
    if now is not None:
        verify["now"] = now
    cases.append(
        {
            "name": name,
            "mode": mode,
            "timestamped": timestamped,
            "salt": salt,
            "sep": sep,
            "algorithm": algorithm,
            "compress": compress,
            "timestamp": timestamp,
            "sign_key": sign_key,
            "verify_key": verify_key,
            "fallback_keys": list(fallback_keys),
            "stdin": stdin,
            "token": token,
            "verify": verify,
        }
    )


# ---------------------------------------------------------------- JSON payloads
UNICODE_OBJ = {
    "latin": "h\u00e9llo w\u00f6rld \u00f1 \u00ff",
    "cjk": "\u65e5\u672c\u8a9e",
    "astral": "\U0001F600 \U0001F40D \U00010000 \U0010FFFF",
    "specials": "\u2028\u2029\ufeff\uffff",
    "controls": "\x00\x1f\x7f\t\n",
    "quotes": "\"\\/</script>",
}
CART = {
    "cart": [{"sku": "SKU-%03d" % i, "qty": i % 4 + 1, "price": i * 1.25} for i in range(40)],
    "currency": "EUR",
}
payload_texts = [
    ("dict", '{"a": 1, "b": [true, false, null]}'),
    ("list", "[1, 2, 3]"),
    ("string", '"just a string"'),
    ("int", "42"),
    ("null", "null"),
    ("bool", "true"),
    ("float-1e16", "1e16"),
    ("float-neg-zero", "-0.0"),
    ("floats", "[0.1, 1.5e-7, 1e22, 1e23, 9007199254740993.0, 100.0, 2.5e-324, 1.7976931348623157e308]"),
    ("bigints", "[1180591620717411303424, -18446744073709551616, 9223372036854775808]"),
    ("nonfinite", "[NaN, Infinity, -Infinity, 1E400, -1e400]"),
    ("duplicate-keys", '{"a": 1, "b": 2, "a": 3}'),
    ("escaped-pair", '"\\ud83d\\ude00 escaped \\u00e9"'),
    ("unicode-literal", json.dumps(UNICODE_OBJ, ensure_ascii=False, indent=2)),
    ("unicode-escaped", json.dumps(UNICODE_OBJ, ensure_ascii=True)),
    ("whitespace", '  \n\t{"x" : [ ] ,\r\n "y":{} }\n\n'),
    ("nested", "[" * 60 + "0" + "]" * 60),
    ("cart", json.dumps(CART, indent=1)),
    ("empty-string", '""'),
    ("empty-object", "{}"),
]
for name, text in payload_texts:
    add("dumps-" + name, "object", text, use_dumps=True)
    add("dumps-compress-" + name, "object", text, use_dumps=True, compress=True)

for name, text in [("unicode-literal", payload_texts[13][1]), ("cart", payload_texts[17][1])]:
    add("salt-" + name, "object", text, salt="my.app.tokens", use_dumps=True)
    add("sep-slash-" + name, "object", text, sep="/", compress=True)
    add("sep-double-colon-" + name, "object", text, sep="::", algorithm="sha512")
    add("sep-unicode-" + name, "object", text, sep="\u00a7", algorithm="sha384")
    add("sha1-" + name, "object", text, algorithm="sha1")
    add("sha224-" + name, "object", text, algorithm="sha224", compress=True)
    add("no-timestamp-" + name, "object", text, timestamped=False)
    add("no-timestamp-compress-" + name, "object", text, timestamped=False, compress=True)
    add("empty-salt-" + name, "object", text, salt="")
    add("empty-salt-no-timestamp-" + name, "object", text, salt="", timestamped=False)
    add("bytes-key-" + name, "object", text, sign_key=KEY_BYTES)
    add("newline-key-" + name, "object", text, sign_key=KEY_NEWLINE)

for ts in (0, -1234567, 4102444800, 1):
    add("timestamp-%d" % ts, "object", '{"at": %d}' % ts, timestamp=ts, use_dumps=True)

# Tokens from a key that has since been rotated out: verify with the new key plus fallbacks.
add("fallback-old-key", "object", payload_texts[0][1], sign_key=KEY_OLD, verify_key=KEY_MAIN,
    fallback_keys=[KEY_OTHER, KEY_OLD], use_dumps=True)
add("fallback-bytes-key", "object", payload_texts[13][1], sign_key=KEY_BYTES,
    verify_key=KEY_MAIN, fallback_keys=[KEY_BYTES, KEY_OTHER], compress=True)
add("fallback-raw", "raw", "rotated", sign_key=KEY_OLD, verify_key=KEY_MAIN,
    fallback_keys=[KEY_OLD])

# ---------------------------------------------------------------- raw values (Signer.sign)
raw_values = [
    ("hello", "hello"),
    ("empty", ""),
    ("unicode", "h\u00e9llo \U0001F600 \u65e5\u672c"),
    ("dash", "-starts-with-a-dash"),
    ("dot", ".starts-with-a-dot"),
    ("contains-sep", "has:colons:inside"),
    ("multiline", "line one\nline two"),
    ("trailing-newline", "ends with a newline\n"),
    ("trailing-space", "ends with a space "),
    ("json-looking", '{"not": "parsed"}'),
]
for name, value in raw_values:
    add("raw-ts-" + name, "raw", value)
    add("raw-plain-" + name, "raw", value, timestamped=False)
add("raw-salt-sep", "raw", "value", salt="app.raw", sep="~", algorithm="sha512")
add("raw-class-salt", "raw", "value", salt="")
add("raw-class-salt-plain", "raw", "value", salt="", timestamped=False)
add("raw-sha1-plain", "raw", "legacy", algorithm="sha1", timestamped=False)

# ---------------------------------------------------------------- ages (max_age / now)
T = 1700000000
add("age-within", "object", "[1]", max_age=100, now=T + 99.5, use_dumps=True)
add("age-equal-passes", "object", "[1]", max_age=100.5, now=T + 100.5, use_dumps=True)
add("age-expired", "object", "[1]", max_age=100.4, now=T + 100.5, use_dumps=True)
add("age-expired-int", "object", "[1]", max_age=0, now=T + 1, use_dumps=True)
add("age-negative-max", "object", "[1]", max_age=-1, now=T, use_dumps=True)
add("age-future-token", "object", "[1]", max_age=10, now=T - 1000.25, use_dumps=True)
add("age-raw-expired", "raw", "v", max_age=5, now=T + 5.001)
add("age-raw-ok", "raw", "v", max_age=5, now=T + 5)
add("age-wrong-key", "object", "[1]", verify_key=KEY_OTHER)
add("raw-wrong-key", "raw", "v", sign_key=KEY_OTHER, verify_key=KEY_MAIN)


# ---------------------------------------------------------------- rejected tokens
def ts_signer(salt="django.core.signing"):
    return signing.TimestampSigner(key=key_value(KEY_MAIN), salt=salt)


def plain_signer(salt="django.core.signing"):
    return signing.Signer(key=key_value(KEY_MAIN), salt=salt)


with at(T):
    good = signing.dumps({"a": 1}, key=key_value(KEY_MAIN))
    rejected_inputs = [
        ("no-separator", "no separator here"),
        ("empty", ""),
        ("tampered-payload", "x" + good),
        ("tampered-signature", good[:-1] + ("A" if good[-1] != "A" else "B")),
        ("truncated-signature", good[:-1]),
        ("dash-start", "-" + good),
        ("dot-start-compressed-forged", ".eJyrVkosSlSyUjJU0lFKLEpVsqpWSs7PLShKLS5OTVGyUlLKSy0uVlKKBQDu8g1g:1r0000:AAAA"),
        ("signer-token-has-no-timestamp", plain_signer().sign("abc")),
        ("malformed-timestamp", plain_signer().sign("abc:!!")),
        ("malformed-base64", ts_signer().sign("a")),
        ("malformed-zlib", ts_signer().sign(".eJxxxxx")),
        ("malformed-json", ts_signer().sign(signing.b64_encode(b'{"a": ').decode())),
        ("latin1-payload", ts_signer().sign(signing.b64_encode("\"h\u00e9\"".encode("utf-8")).decode())),
        ("lone-surrogate", ts_signer().sign(signing.b64_encode(b'"\\ud800"').decode())),
        ("zip-bomb", ts_signer().sign_object("a" * (5 << 20), compress=True)),
        ("raw-token-as-object", ts_signer().sign("v")),
    ]
rejected = []
for name, token in rejected_inputs:
    with at(T + 10):
        res = outcome(lambda: python_json(ts_signer().unsign_object(token)) + "\n")
    if len(res.get("ok", "")) > 10000:  # the zip bomb: Django inflates it, too big to keep
        res = {"ok_len": len(res["ok"]), "ok_sha256": hashlib.sha256(res["ok"].encode()).hexdigest()}
    rejected.append({"name": name, "token": token, "key": KEY_MAIN, **res})

# ---------------------------------------------------------------- inspect: timestamps as dates
inspect = []
for ts in (0, 1, -1, 59, -86400, -86401, 951782400, 951868800, 1700000000, 4102444800,
           253402300799, -62135596800, 2147483647, -2147483648, 1234567890, 1583020799):
    with at(ts):
        token = signing.dumps({"ts": ts}, key=key_value(KEY_MAIN), compress=bool(ts % 2))
    iso = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).isoformat()
    assert iso.endswith("+00:00"), iso
    inspect.append({
        "token": token,
        "timestamp": ts,
        "iso": iso[: -len("+00:00")] + "Z",
        "payload": python_json(signing.loads(token, key=key_value(KEY_MAIN))),
        "compressed": token.startswith("."),
    })

# Timestamps outside Python's datetime range (years 1..9999): the Gregorian calendar repeats
# every 400 years (146097 days), so shift into range, format with Python, and shift the year back.
CYCLE = 146097 * 86400
iso_extended = []
for ts in (2**63 - 1, -2**63, 253402300800, -62135596801, -62167219200, 10**15, -10**15):
    k = 0
    while ts - k * CYCLE > 253402300799:
        k += (ts - k * CYCLE - 253402300799) // CYCLE + 1
    while ts - k * CYCLE < -62135596800:
        k -= (-62135596800 - (ts - k * CYCLE)) // CYCLE + 1
    dt = datetime.datetime.fromtimestamp(ts - k * CYCLE, datetime.timezone.utc)
    year = dt.year + 400 * k
    ystr = "%04d" % year if 0 <= year <= 9999 else "%+05d" % year
    iso_extended.append({"timestamp": ts, "iso": ystr + dt.strftime("-%m-%dT%H:%M:%SZ")})

# ---------------------------------------------------------------- sign: stdin at the edges of JSON
sign_rejected = []
# Each is fed to `djsign sign` as UTF-8; Python's verdict on json.loads(text) is recorded, and
# for accepted ones the token signing.dumps makes with KEY_MAIN at T.
SIGN_INPUTS = [
    '"\\\u00e9"',  # backslash then a literal é: an invalid escape, however it is transcoded
    '"\\\\\u00e9"',  # an escaped backslash then é: valid
    '"\\u00\u00e99"',  # a literal é inside \uXXXX: invalid
    "\u00e9",  # non-ASCII outside a string
    "[1, 2",
    '{"a": 1,}',
    "",
    "   ",
    "\ufeff[1]",  # a BOM
    "[1] x",
    "'single'",
    '"\\ud800"',  # a lone surrogate: Python accepts it, Rust strings cannot hold it
    '{"k": "\\udfff"}',
    "nan",
    "-Infinity",
    '"\t"',  # a raw tab inside a string
    '"\u0080\u009f\u00a0"',
]
for text in SIGN_INPUTS:
    try:
        obj = json.loads(text)
        with at(T):
            res = {"python": "ok", "token": signing.dumps(obj, key=key_value(KEY_MAIN))}
    except Exception as e:
        res = {"python": type(e).__name__}
    sign_rejected.append({"stdin": text, **res})

data = {
    "versions": {
        "django": django.get_version(),
        "python": "%d.%d" % sys.version_info[:2],
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
    },
    "cases": cases,
    "rejected": rejected,
    "inspect": inspect,
    "iso_extended": iso_extended,
    "sign_inputs": sign_rejected,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="ascii") as f:
    json.dump(data, f, ensure_ascii=True, indent=1, sort_keys=False)
    f.write("\n")
print("wrote %s: %d cases, %d rejected, %d inspect" % (OUT, len(cases), len(rejected), len(inspect)))
