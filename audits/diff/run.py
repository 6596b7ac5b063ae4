#!/usr/bin/env python3
"""Differential test: djsign against a real Django (4.2, 5.2, 6.0 or 6.1) on random inputs.

    (cd audits/diff && cargo build --release)
    .venv61/bin/python audits/diff/run.py --django 6.1 [--cases N] [--seed S] [--kinds K,...]

Run it with the venv of the Django named by --django (default: the running one); djsign is
configured as that version (djsign-diff --django V: `.django_version(V)` everywhere, nothing
else). Generates N random inputs per kind, runs them through djsign (target/release/djsign-diff,
one batch) and through Django's own functions, and compares: both succeed with identical bytes,
or both fail (for the token kinds: with the same kind of error). Documented divergences
(SPEC.md: a lone surrogate Rust strings cannot hold, a timestamp outside i64, a session
payload that is not a dict) are counted apart. Exit status 1 on any mismatch; the first ones
are printed with their input.

Kinds on bytes: float (json_dumps of a float: Python repr), str (json_dumps of a string:
ensure_ascii), loads (JSONSerializer.loads on JSON-like bytes, then dumps), payload (Django's
unsign_object tail: b64_decode, zlib.decompress, JSONSerializer.loads), b62 (b62_decode), sep
(Django's separator rule).
Token kinds: sign / unsign (Signer and TimestampSigner, random keys, salts, separators,
algorithms, fallback keys, tampering, max_age), dumps (sign_object of random objects,
compressed or not), session_save / session_load (the signed_cookies SessionStore: random
sessions, set_expiry of every kind, cookie ages, tampering, key holders' payloads with odd
_session_expiry values, pickles), cookie_set / cookie_get (set_signed_cookie and
get_signed_cookie: v2 and legacy salts, colliding legacy salts, fallback keys, max_age).
"""

import argparse
import base64
import binascii
import datetime
import json
import math
import os
import pathlib
import pickle
import random
import string
import struct
import subprocess
import sys
import time
import warnings
import zlib
from unittest import mock

import django
from django.conf import settings

os.environ["TZ"] = "UTC"
time.tzset()
settings.configure(
    SECRET_KEY="unused",
    SECRET_KEY_FALLBACKS=[],
    USE_TZ=True,
    INSTALLED_APPS=["django.contrib.sessions"],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
)
django.setup()
from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.core import signing  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

RUNNING = ".".join(django.get_version().split(".")[:2])

HERE = pathlib.Path(__file__).resolve().parent
BIN = HERE / "target" / "release" / "djsign-diff"
SER = signing.JSONSerializer()


# ---------- Django's side ----------

def py_float(b: bytes):
    return SER.dumps(struct.unpack("<d", b)[0])


def py_str(b: bytes):
    return SER.dumps(b.decode("utf-8"))


def py_loads(b: bytes):
    return SER.dumps(SER.loads(b))


def py_payload(b: bytes):
    base64d = b  # Django: self.unsign(signed_obj).encode()
    decompress = base64d[:1] == b"."
    if decompress:
        base64d = base64d[1:]
    data = signing.b64_decode(base64d)
    if decompress:
        data = zlib.decompress(data)
    return SER.dumps(SER.loads(data))


def py_b62(b: bytes):
    return str(signing.b62_decode(b.decode("utf-8"))).encode()


def py_sep(b: bytes):
    return b"0" if signing._SEP_UNSAFE.match(b.decode("utf-8")) else b"1"


PY = {"float": py_float, "str": py_str, "loads": py_loads, "payload": py_payload, "b62": py_b62, "sep": py_sep}


def has_lone_surrogate(out: bytes) -> bool:
    """A dumped value with a \\udXXX escape not part of a pair."""
    s = out.decode("ascii")
    i = 0
    while True:
        i = s.find("\\ud", i)
        if i < 0:
            return False
        unit = int(s[i + 2:i + 6], 16)
        if 0xD800 <= unit < 0xDC00 and s[i + 6:i + 9] == "\\ud" and 0xDC00 <= int(s[i + 8:i + 12], 16) < 0xE000:
            i += 12
            continue
        return True


# ---------- generators ----------

def gen_float(r: random.Random) -> bytes:
    c = r.random()
    if c < 0.5:
        return r.getrandbits(64).to_bytes(8, "little")
    if c < 0.8:
        x = round(r.uniform(-1, 1) * 10 ** r.randint(-25, 25), r.randint(0, 17))
    elif c < 0.9:
        x = r.choice([1, -1]) * 10.0 ** r.randint(-7, 22) * r.choice([1, 0.999999, 1.0000001, 9.999999999999999, 1.5])
    elif c < 0.95:
        # powers of two: the rounding interval is asymmetric there (finding F4)
        x = r.choice([1, -1]) * 2.0 ** r.randint(-1074, 1023)
    else:
        x = r.choice([0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, 1.7976931348623157e308, 2.0 ** 53 + 1])
    return struct.pack("<d", x)


RANGES = [(0x20, 0x7E), (0x00, 0x1F), (0x7F, 0xFF), (0x100, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x10FFFF)]


def rand_text(r: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        lo, hi = r.choice(RANGES)
        out.append(chr(r.randint(lo, hi)))
    return "".join(out)


def gen_str(r: random.Random) -> bytes:
    return rand_text(r, r.randint(0, 12)).encode("utf-8")


def rand_number(r: random.Random) -> str:
    c = r.random()
    if c < 0.3:
        return str(r.randint(-10 ** 30, 10 ** 30))
    if c < 0.5:
        return r.choice(["-", ""]) + r.choice(["0", str(r.randint(1, 999))]) + r.choice(["", "." + str(r.randint(0, 9999)), "."]) + r.choice(["", "e", "E"]) + r.choice(["", "+", "-"]) + r.choice(["", str(r.randint(0, 400))])
    if c < 0.6:
        return r.choice(["NaN", "Infinity", "-Infinity", "-NaN", "nan", "inf", "1e400", "-0", "-0.0", "00", "01", "1.", ".5", "+1"])
    return repr(r.uniform(-1e6, 1e6))


ESCAPES = ['\\"', "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\ud83d\\udc0d", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\uZZZZ", "\\x", "\\u12"]


def rand_json(r: random.Random, depth: int = 0) -> str:
    c = r.random()
    ws = lambda: r.choice(["", "", "", " ", "\n", "\t", "\r", "\x0b"])  # noqa: E731
    if depth > 3 or c < 0.45:
        k = r.random()
        if k < 0.35:
            return rand_number(r)
        if k < 0.5:
            return r.choice(["true", "false", "null", "True", "nul"])
        parts = []
        for _ in range(r.randint(0, 5)):
            parts.append(r.choice(ESCAPES) if r.random() < 0.3 else rand_text(r, 1))
        return '"' + "".join(parts) + '"'
    if c < 0.75:
        items = [ws() + rand_json(r, depth + 1) + ws() for _ in range(r.randint(0, 4))]
        return "[" + ",".join(items) + ("," if r.random() < 0.05 else "") + "]"
    keys = [r.choice(["a", "b", "a", '"x"', "\\u0061", "é"]) for _ in range(r.randint(0, 4))]
    items = [ws() + '"' + k + '"' + ws() + ":" + ws() + rand_json(r, depth + 1) for k in keys]
    return "{" + ",".join(items) + "}"


def mutate(r: random.Random, b: bytes) -> bytes:
    b = bytearray(b)
    for _ in range(r.randint(1, 3)):
        op = r.random()
        i = r.randint(0, len(b))
        if op < 0.4 and b:
            b[min(i, len(b) - 1)] = r.randint(0, 255)
        elif op < 0.7:
            b.insert(i, r.choice(b'[]{}",:0-eE.\\ ntu=+/_-.\x80\xff'))
        elif b:
            del b[min(i, len(b) - 1)]
    return bytes(b)


def json_bytes(r: random.Random) -> bytes:
    text = rand_json(r)
    # Raw bytes as Django sees them: latin-1 for U+0080..U+00FF, UTF-8 otherwise (mixed on purpose).
    try:
        b = text.encode("latin-1") if r.random() < 0.5 else text.encode("utf-8")
    except UnicodeEncodeError:
        b = text.encode("utf-8", "surrogatepass")
    return mutate(r, b) if r.random() < 0.4 else b


def gen_loads(r: random.Random) -> bytes:
    return json_bytes(r)


B64_NOISE = "=+/-_.!~ \n\té"


def gen_payload(r: random.Random) -> bytes:
    data = json_bytes(r)
    compressed = r.random() < 0.4
    if compressed:
        z = zlib.compress(data, r.choice([0, 1, 6, 9]))
        if r.random() < 0.2:
            z = z + bytes(r.randint(0, 255) for _ in range(r.randint(1, 4)))  # trailing garbage
        if r.random() < 0.15:
            z = z[: r.randint(0, len(z))]  # truncated stream
        data = z
    s = base64.urlsafe_b64encode(data).decode().rstrip("=")
    if r.random() < 0.5:
        s = list(s)
        for _ in range(r.randint(1, 3)):
            i = r.randint(0, len(s))
            c = r.random()
            if c < 0.5:
                s.insert(i, r.choice(B64_NOISE))
            elif c < 0.8 and s:
                del s[min(i, len(s) - 1)]
            elif s:
                s[min(i, len(s) - 1)] = r.choice("ABCabc019+/-_=")
        s = "".join(s)
    return (("." if compressed else "") + s).encode("utf-8")


def gen_b62(r: random.Random) -> bytes:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    s = "".join(r.choice(alphabet) for _ in range(r.randint(0, 12)))
    c = r.random()
    if c < 0.3:
        s = "-" + s
    elif c < 0.4:
        s = r.choice(["+", " ", "é", "_", "--"]) + s
    elif c < 0.5 and s:
        i = r.randint(0, len(s) - 1)
        s = s[:i] + r.choice("-+ é_.") + s[i + 1:]
    return s.encode("utf-8")


def gen_sep(r: random.Random) -> bytes:
    chars = [chr(c) for c in range(0x20, 0x7F)] + ["\n", "\t", "é", "€", "\u2028"]
    return "".join(r.choice(chars) for _ in range(r.randint(0, 3))).encode("utf-8")


GEN = {"float": gen_float, "str": gen_str, "loads": gen_loads, "payload": gen_payload, "b62": gen_b62, "sep": gen_sep}


# ---------- token kinds: inputs are JSON objects, Django's side is the real thing ----------

T0 = 1_700_000_000
SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"
ALGORITHMS = ["sha1", "sha224", "sha256", "sha384", "sha512"]
SEPS = [":", ":", ":", "::", "/", ".", "!", "*sep*", "\u00e9", "|", "a:", "-", "^"]


def at(ts):
    return mock.patch("django.core.signing.time.time", return_value=ts)


def classify(exc):
    """djsign's slug for the exception Django raised (vectors/generate.py's mapping)."""
    msg = str(exc)
    if isinstance(exc, signing.SignatureExpired):
        return "expired"
    if isinstance(exc, signing.BadSignature):
        return "no-separator" if msg.startswith('No "') else "bad-signature"
    if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)):
        return "malformed-json"
    if isinstance(exc, binascii.Error):
        return "malformed-base64"
    if isinstance(exc, zlib.error):
        return "malformed-zlib"
    if isinstance(exc, ValueError) and "not enough values to unpack" in msg:
        return "missing-timestamp"
    if isinstance(exc, ValueError) and "substring not found" in msg:
        return "malformed-timestamp"
    if isinstance(exc, IndexError) and "string index out of range" in msg:
        return "malformed-timestamp"
    if isinstance(exc, ValueError) and "Unsafe Signer separator" in msg:
        return "invalid-separator"
    if isinstance(exc, ValueError) and "Exceeds the limit" in msg:
        return "malformed-json"
    return type(exc).__name__


class Slug(Exception):
    """Django's outcome is a failure of this kind (compared with djsign's slug)."""


def raises_slug(fn):
    def wrapped(b):
        try:
            return fn(b)
        except Slug:
            raise
        except Exception as e:  # noqa: BLE001  (Django's outcome, classified)
            raise Slug(classify(e)) from e
    return wrapped


def rand_key(r):
    if r.random() < 0.2:
        return {"key_hex": bytes(r.randrange(256) for _ in range(r.randint(1, 70))).hex()}
    return {"key": rand_text(r, r.randint(1, 20)) if r.random() < 0.3 else "k-%d" % r.randrange(10**6)}


def key_of(d):
    return bytes.fromhex(d["key_hex"]) if "key_hex" in d else d["key"]


def signer_of(d):
    kw = {"key": key_of(d), "fallback_keys": d.get("fallbacks", [])}
    for k in ("salt", "sep", "algorithm"):
        if d.get(k) is not None:
            kw[k] = d[k]
    return (signing.TimestampSigner if d.get("timed") else signing.Signer)(**kw)


def rand_config(r):
    d = rand_key(r)
    d.update({"salt": r.choice([None, "", "my.salt", rand_text(r, r.randint(0, 8))]), "sep": r.choice(SEPS),
              "algorithm": r.choice(ALGORITHMS), "timed": r.random() < 0.6})
    return d


def rand_ts(r):
    return r.choice([T0, 0, -1, r.randint(-2**40, 2**40), r.randint(0, 2**33), 2**62, -(2**63), 2**63 - 1])


def enc(d):
    return json.dumps(d).encode()


def gen_sign(r):
    d = rand_config(r)
    d.update({"value": rand_text(r, r.randint(0, 15)) + (d["sep"] if r.random() < 0.2 else ""), "ts": rand_ts(r)})
    return enc(d)


@raises_slug
def py_sign(b):
    d = json.loads(b)
    with at(d["ts"]):
        return signer_of(d).sign(d["value"]).encode()


def tamper(r, token):
    c = r.random()
    if c < 0.65 or not token:
        return token
    i = r.randrange(len(token))
    if c < 0.8:
        return token[:i] + r.choice("Aa0-_:=.!\u00e9") + token[i + 1:]
    if c < 0.87:
        return token[:i]
    if c < 0.94:
        return token + r.choice(["A", "=", ":", " "])
    return token.replace(":", r.choice(["", "::", "."]), 1)


def gen_unsign(r):
    d = rand_config(r)
    while True:  # a signer Django accepts, to make tokens with
        try:
            signer_of({**d, "timed": False})
            break
        except ValueError:
            d["sep"] = r.choice(SEPS)
    d["fallbacks"] = [rand_text(r, 6) or "f" for _ in range(r.choice([0, 0, 1, 2]))]
    ts = rand_ts(r) if r.random() < 0.2 else T0 + r.randint(-10**6, 10**6)
    signed_by = dict(d)
    c = r.random()
    if c < 0.15 and d["fallbacks"]:
        signed_by = {k: v for k, v in d.items() if k != "key_hex"}
        signed_by["key"] = r.choice(d["fallbacks"])
    elif c < 0.25:
        signed_by = {**d, **rand_key(r)}
    elif c < 0.3:
        signed_by = {**d, "salt": "other"}
    elif c < 0.35:
        signed_by = {**d, "timed": not d["timed"]}
    value = rand_text(r, r.randint(0, 12)) + (d["sep"] if r.random() < 0.2 else "")
    with at(ts):
        token = signer_of(signed_by).sign(value)
    d["token"] = tamper(r, token)
    age = r.choice([0, 1, 60, 3600, 10**6])
    d["now"] = float(ts + age + r.choice([-1, 0, 0.5, 1, -0.25, 10**7]))
    d["max_age"] = r.choice([None, age, age + 0.5, age - 1, 0, -1])
    return enc(d)


@raises_slug
def py_unsign(b):
    d = json.loads(b)
    s = signer_of(d)
    with at(d["now"]):
        if d.get("timed"):
            return s.unsign(d["token"], max_age=d["max_age"]).encode()
        return s.unsign(d["token"]).encode()


def rand_obj(r, depth=0):
    k = r.random()
    if depth < 3 and k < 0.2:
        return [rand_obj(r, depth + 1) for _ in range(r.randint(0, 4))]
    if depth < 3 and k < 0.4:
        return {rand_text(r, r.randint(0, 5)): rand_obj(r, depth + 1) for _ in range(r.randint(0, 4))}
    k = r.random()
    if k < 0.1:
        return None
    if k < 0.2:
        return r.random() < 0.5
    if k < 0.45:
        return r.choice([r.randint(-1000, 1000), r.randint(-2**80, 2**80)])
    if k < 0.6:
        return struct.unpack("<d", gen_float(r))[0]
    return rand_text(r, r.randint(0, 20))


def gen_dumps(r):
    d = rand_key(r)
    d.update({"salt": r.choice(["django.core.signing", "", rand_text(r, 5)]), "timed": True,
              "compress": r.random() < 0.5, "ts": rand_ts(r)})
    obj = rand_obj(r)
    if r.random() < 0.3:
        obj = [obj] * r.randint(2, 30)  # compressible
    d["obj"] = json.dumps(obj)
    return enc(d)


@raises_slug
def py_dumps(b):
    d = json.loads(b)
    with at(d["ts"]):
        return signer_of(d).sign_object(json.loads(d["obj"]), compress=d["compress"]).encode()


AUTH_KEYS = ["_auth_user_id", "_auth_user_backend", "_auth_user_hash"]


def rand_session(r):
    data = {}
    if r.random() < 0.5:
        data.update({"_auth_user_id": str(r.randrange(10**6)),
                     "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                     "_auth_user_hash": "%064x" % r.getrandbits(256)})
    for _ in range(r.randint(0, 4)):
        data[rand_text(r, r.randint(1, 6))] = rand_obj(r, 1)
    return data


def rand_expiry(r, ts):
    c = r.random()
    if c < 0.3:
        return None
    if c < 0.55:
        return r.choice([0, 1, 59, 300, 3600, 1209600, 3 * 1209600, -5])
    if c < 0.75:
        return datetime.timedelta(seconds=r.choice([1, 300, 3600.5, 10**6]))
    tz = r.choice([datetime.timezone.utc, datetime.timezone(datetime.timedelta(hours=5, minutes=30)), None])
    when = datetime.datetime.fromtimestamp(ts + r.randint(-3600, 3 * 1209600), tz=datetime.timezone.utc)
    return when.astimezone(tz).replace(tzinfo=None) if tz is None else when.astimezone(tz)


def django_save(key, data, ts, expiry=None, fallbacks=(), age=1209600):
    with override_settings(SECRET_KEY=key, SECRET_KEY_FALLBACKS=list(fallbacks), SESSION_COOKIE_AGE=age):
        store = SessionStore()
        store.update(data)
        if expiry is not None:
            with mock.patch("django.utils.timezone.now",
                            return_value=datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc)):
                store.set_expiry(expiry)
        with at(ts):
            store.save()
        return store.session_key, dict(store._session)


def gen_session_save(r):
    ts = T0 + r.randint(-10**8, 10**8)
    key = "session-%d" % r.randrange(100)
    _, data = django_save(key, rand_session(r), ts, rand_expiry(r, ts))
    return enc({"key": key, "age": 1209600, "data": json.dumps(data), "ts": ts})


@raises_slug
def py_session_save(b):
    d = json.loads(b)
    with override_settings(SECRET_KEY=d["key"]):
        store = SessionStore()
        store.update(json.loads(d["data"]))
        with at(d["ts"]):
            store.save()
        return store.session_key.encode()


ODD_EXPIRIES = ["garbage", "", [1], 10**30, True, False, 1.5, -5, None, 0, "2023-11-14T22:15:00Z",
                "2023-11-14 22:15:00+00:00", "2023-11-14", "2023-11-14T25:00:00", 2.5e9, "2026-01-01T00:00:00+05:00"]


def gen_session_load(r):
    key = "session-%d" % r.randrange(100)
    fallbacks = ["old-%d" % r.randrange(100)] if r.random() < 0.3 else []
    age = r.choice([1209600, 1209600, 3600, 60, 0])
    ts = T0 + r.randint(-10**6, 10**6)
    c = r.random()
    expiry = None
    if c < 0.55:
        signer_key = r.choice([key] * 4 + fallbacks + ["stranger"])
        expiry = rand_expiry(r, ts)
        cookie, _ = django_save(signer_key, rand_session(r), ts, expiry, age=age)
        cookie = tamper(r, cookie) if r.random() < 0.3 else cookie
    elif c < 0.85:  # a key holder's payload: odd _session_expiry values
        payload = rand_session(r)
        payload["_session_expiry"] = expiry = r.choice(ODD_EXPIRIES)
        with at(ts):
            cookie = signing.TimestampSigner(key=key, salt=SESSION_SALT).sign_object(payload, compress=True)
    elif c < 0.92:  # a pickle (Django < 5.0 PickleSerializer) under the session salt
        raw = pickle.dumps(rand_session(r), protocol=r.choice([2, 4, 5]))
        z = zlib.compress(raw)
        payload = ("." + base64.urlsafe_b64encode(z).decode() if len(z) < len(raw) - 1
                   else base64.urlsafe_b64encode(raw).decode()).rstrip("=")
        with at(ts):
            cookie = signing.TimestampSigner(key=key, salt=SESSION_SALT).sign(payload)
    else:  # not a dict
        with at(ts):
            cookie = signing.TimestampSigner(key=key, salt=SESSION_SALT).sign_object(
                r.choice([[1, 2], "text", 5, None]), compress=True)
    now = ts + r.choice([1, 59, 60, 61, 299, 301, 3599, 3600, 3601, 1209599, 1209600, 1209601, 3 * 1209600,
                         r.uniform(0, 4 * 1209600)])
    # "case" is for the report only (djsign-diff ignores it)
    case = "custom expiry" if expiry is not None else ("pickle" if 0.85 <= c < 0.92 else "no custom expiry")
    return enc({"key": key, "fallbacks": fallbacks, "age": age, "cookie": cookie, "now": float(now), "case": case})


def py_session_load(b):
    d = json.loads(b)
    with override_settings(SECRET_KEY=d["key"], SECRET_KEY_FALLBACKS=d["fallbacks"], SESSION_COOKIE_AGE=d["age"]), \
            at(d["now"]), mock.patch("time.time", return_value=d["now"]), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        store = SessionStore(session_key=d["cookie"])
        data = store.load()
        if data == {} and store.modified:
            raise Slug("reset")  # Django's silent empty session
        return signing.JSONSerializer().dumps(data)


NAME_CHARS = string.ascii_letters + string.digits + "_-"


def rand_name(r):
    return "".join(r.choice(NAME_CHARS) for _ in range(r.randint(1, 8)))


def v2_salt(name, salt):
    """signing._cookie_signer_salt of Django >= 5.2.15, spelled out (4.2 has none)."""
    return "django.http.cookies.v2:%d:%s%s" % (len(salt), salt, name)


def gen_cookie_set(r):
    return enc({"key": "cookie-%d" % r.randrange(100), "name": rand_name(r),
                "salt": r.choice(["", "ui", rand_text(r, r.randint(0, 6))]),
                "value": rand_text(r, r.randint(0, 12)), "ts": T0 + r.randint(-10**8, 10**8)})


def py_cookie_set(b):
    d = json.loads(b)
    response = HttpResponse()
    with override_settings(SECRET_KEY=d["key"]), at(d["ts"]):
        response.set_signed_cookie(d["name"], d["value"], salt=d["salt"])
    return response.cookies[d["name"]].value.encode()


def gen_cookie_get(r):
    key = "cookie-%d" % r.randrange(100)
    fallbacks = ["old-cookie-%d" % r.randrange(100)] if r.random() < 0.3 else []
    name, salt = rand_name(r), r.choice(["", "ui", rand_text(r, r.randint(0, 6))])
    signed_name, signed_salt = name, salt
    if r.random() < 0.2 and len(name + salt) > 1:  # a colliding (name, salt) split of the same string
        both = name + salt
        i = r.randint(1, len(both) - 1)
        signed_name, signed_salt = both[:i], both[i:]
    signer_key = r.choice([key] * 4 + fallbacks + ["stranger"])
    legacy = r.random() < 0.5
    ts = T0 + r.randint(-10**6, 10**6)
    with override_settings(SECRET_KEY=signer_key), at(ts):
        signer_salt = signed_name + signed_salt if legacy else v2_salt(signed_name, signed_salt)
        token = signing.get_cookie_signer(salt=signer_salt).sign(rand_text(r, r.randint(0, 10)))
    age = r.choice([0, 60, 3600])
    case = ("legacy" if legacy else "v2") + (" (colliding name/salt)" if (signed_name, signed_salt) != (name, salt) else "")
    return enc({"key": key, "fallbacks": fallbacks, "name": name, "salt": salt, "token": tamper(r, token),
                "now": float(ts + age + r.choice([-1, 0, 0.5, 1, 10**6])), "max_age": r.choice([None, age, age + 0.5]),
                "case": case})


@raises_slug
def py_cookie_get(b):
    d = json.loads(b)
    with override_settings(SECRET_KEY=d["key"], SECRET_KEY_FALLBACKS=d["fallbacks"]), at(d["now"]):
        req = HttpRequest()
        req.COOKIES[d["name"]] = d["token"]
        value = req.get_signed_cookie(d["name"], salt=d["salt"], max_age=d["max_age"])
        try:
            signing.get_cookie_signer(salt=v2_salt(d["name"], d["salt"])).unsign(d["token"], max_age=d["max_age"])
            scheme = "v2"
        except signing.BadSignature:
            scheme = "legacy"
    return ("%s\t%s" % (scheme, value)).encode()


TOKEN_KINDS = {"sign": (gen_sign, py_sign), "unsign": (gen_unsign, py_unsign), "dumps": (gen_dumps, py_dumps),
               "session_save": (gen_session_save, py_session_save),
               "session_load": (gen_session_load, py_session_load),
               "cookie_set": (gen_cookie_set, py_cookie_set), "cookie_get": (gen_cookie_get, py_cookie_get)}
for _k, (_g, _p) in TOKEN_KINDS.items():
    GEN[_k] = _g
    PY[_k] = _p


# ---------- comparison ----------

def is_power_of_two(b: bytes) -> bool:
    x = abs(struct.unpack("<d", b)[0])
    return x != 0 and math.isfinite(x) and math.frexp(x)[0] == 0.5

def documented(kind, py_out, out, inp):
    """A divergence SPEC.md documents: djsign refuses what Python accepts but it cannot hold."""
    if out == "unrepresentable-json" and has_lone_surrogate(py_out):
        return True  # D2
    if kind == "b62" and out == "malformed-timestamp" and not -(2 ** 63) <= int(py_out) < 2 ** 63:
        return True  # D1
    if kind == "session_load" and out == "type-mismatch" and not py_out.startswith(b"{"):
        return True  # D9: released Django returns a payload that is not a dict as the session
    return False


# djsign's MAX_ABS_NOW (2**53 s): a `now` beyond it, or not finite, is refused first.
MAX_ABS_NOW = 2.0 ** 53


def outside_d4(kind, out, inp):
    """D4: djsign refuses a `now` beyond 2**53 s of the epoch (or NaN/infinite times) with
    `invalid-time` before anything else, whatever Django does with it (at such times Django's
    `age > max_age` decides nothing a caller could mean)."""
    if out != "invalid-time":
        return False
    d = json.loads(inp)
    now, max_age = d.get("now"), d.get("max_age")
    bad_now = isinstance(now, float) and not (math.isfinite(now) and abs(now) <= MAX_ABS_NOW)
    bad_max = isinstance(max_age, float) and not math.isfinite(max_age)
    return bad_now or bad_max


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--django", default=RUNNING, help="the Django version djsign is configured as: the running one")
    ap.add_argument("--kinds", default=",".join(GEN), help="comma-separated kinds (default: all)")
    ap.add_argument("--djsign-as", default=None,
                    help="configure djsign as this version instead (a negative control: the run must then disagree)")
    ap.add_argument("--known-f4", action="store_true",
                    help="count float mismatches on exact powers of two (open finding F4) apart instead of failing")
    args = ap.parse_args()
    if args.django != RUNNING:
        print(f"--django {args.django}, but this is Django {django.get_version()}: run it with that Django's venv")
        return 2
    kinds = args.kinds.split(",")
    unknown = [k for k in kinds if k not in GEN]
    if unknown:
        print(f"unknown kinds {unknown}: {', '.join(GEN)}")
        return 2
    warnings.filterwarnings("ignore", message=".*SIGNED_COOKIE_LEGACY_SALT_FALLBACK.*")
    r = random.Random(args.seed)
    cases = [(kind, GEN[kind](r)) for kind in kinds for _ in range(args.cases)]
    stdin = "".join(f"{k}\t{b.hex()}\n" for k, b in cases)
    res = subprocess.run([str(BIN), "--django", args.djsign_as or args.django], input=stdin, capture_output=True,
                         text=True, check=True)
    rust = [line.split("\t", 1) for line in res.stdout.splitlines()]
    assert len(rust) == len(cases)
    sys.setrecursionlimit(1000)
    stats = {k: {"same-ok": 0, "same-err": 0, "documented": 0, "mismatch": 0, "known-f4": 0} for k in kinds}
    mismatches = []
    breakdown = {}
    for (kind, inp), (status, out) in zip(cases, rust):
        try:
            py_out, py_err = PY[kind](inp), None
        except Slug as e:  # a token kind: Django refused, with this kind of error
            py_out, py_err = None, e.args[0]
        except RecursionError:
            py_out, py_err = None, "RecursionError"
        except Exception as e:  # noqa: BLE001  (any exception is Django refusing the input)
            py_out, py_err = None, type(e).__name__
        rust_ok = status == "ok"
        s = stats[kind]
        case = json.loads(inp).get("case") if kind in ("session_load", "cookie_get") else None
        if case:
            c = breakdown.setdefault((kind, case), {"cases": 0, "accepted": 0, "refused": 0})
            c["cases"] += 1
            c["accepted" if py_err is None else "refused"] += 1
        # token kinds compare the kind of refusal too (Django's "reset" session is any error)
        same_refusal = kind not in TOKEN_KINDS or py_err in ("reset", out) or (
            py_err == "malformed-json" and out == "pickled-payload")
        if py_err is None and rust_ok and bytes.fromhex(out) == py_out:
            s["same-ok"] += 1
        elif not rust_ok and outside_d4(kind, out, inp):
            s["documented"] += 1  # D4, whether Django accepts or refuses such a time
        elif py_err is not None and not rust_ok and same_refusal:
            s["same-err"] += 1
        elif py_err is None and not rust_ok and documented(kind, py_out, out, inp):
            s["documented"] += 1
        elif args.known_f4 and kind == "float" and is_power_of_two(inp):
            s["known-f4"] += 1
        else:
            s["mismatch"] += 1
            mismatches.append((kind, inp, py_err or py_out, status, out))
    print(f"seed {args.seed}, {args.cases} cases per kind, Django {django.get_version()} on Python "
          f"{sys.version.split()[0]}, djsign --django {args.djsign_as or args.django}")
    print("| kind | same result | both refuse | documented divergence | mismatch |" + (" known F4 |" if args.known_f4 else ""))
    print("|---|---:|---:|---:|---:|" + ("---:|" if args.known_f4 else ""))
    for k, s in stats.items():
        extra = f" {s['known-f4']} |" if args.known_f4 else ""
        print(f"| {k} | {s['same-ok']} | {s['same-err']} | {s['documented']} | {s['mismatch']} |{extra}")
    if breakdown:
        print()
        print("| kind | case | cases | Django accepts | Django refuses |")
        print("|---|---|---:|---:|---:|")
        for (kind, case), c in sorted(breakdown.items()):
            print(f"| {kind} | {case} | {c['cases']} | {c['accepted']} | {c['refused']} |")
    for m in sorted(mismatches, key=lambda m: m[0] == "float")[:25]:
        kind, inp, py, status, out = m
        print(f"MISMATCH {kind}: input={inp!r}\n   django={py!r}\n   djsign={status} {bytes.fromhex(out) if status == 'ok' else out!r}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
