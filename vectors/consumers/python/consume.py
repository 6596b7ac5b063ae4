#!/usr/bin/env python3
"""A from-scratch consumer of djsign's test vectors, written from vectors/README.md alone.

    python3 consume.py [--strict] [VECTORS_DIR]

Python's standard library only (hmac, hashlib, base64, zlib, json, datetime): no Django, no
djsign. Every step names the README section it follows (A-G). Each test is run as every Django
version it names; the summary counts passed / failed / not applicable per file and per result.

--strict behaves like a strict implementation: it refuses every token or configuration that a
note with strictMay "refuse" allows it to refuse, and counts those tests as not applicable. It
must still report 0 failures: that checks that every such test carries the flag.
"""

import base64
import binascii
import datetime
import glob
import hashlib
import hmac
import json
import os
import re
import sys
import zlib

RESULTS = ("valid", "invalid", "acceptable")
UTC = datetime.timezone.utc
SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"


class Refused(Exception):
    """Django refuses: `kind` is the README's error kind."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


class StrictRefusal(Exception):
    """--strict refuses what Django accepts; `flags` are the notes that allow it."""

    def __init__(self, flags):
        super().__init__(", ".join(sorted(flags)))
        self.flags = set(flags)


class NotApplicable(Exception):
    def __init__(self, flags, why):
        super().__init__(why)
        self.flags = set(flags)


# ---------------------------------------------------------------- A. keys and MACs
def b64_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def signature(salt, value, key, algorithm):
    derived = hashlib.new(algorithm, (salt + "signer").encode() + key).digest()  # A.2
    return b64_encode(hmac.new(derived, value.encode(), algorithm).digest())  # A.3, A.4


# ---------------------------------------------------------------- B. Signer, C. TimestampSigner
SEP_UNSAFE = re.compile(r"^[A-z0-9-_=]*$")  # B.1: Python's own re, so `$` before a final \n
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class Signer:
    def __init__(self, key, fallback_keys=(), salt=None, sep=":", algorithm=None, timed=False, strict=None):
        self.timed = timed
        default = "django.core.signing.TimestampSigner" if timed else "django.core.signing.Signer"
        self.salt = salt or default  # B.1: absent and "" both mean the class path
        self.algorithm = algorithm or "sha256"
        self.key, self.fallback_keys, self.sep = key, list(fallback_keys), sep
        if SEP_UNSAFE.match(sep):
            raise Refused("invalid-separator")
        if strict is not None and self.algorithm == "sha1":
            raise StrictRefusal({"Sha1"})
        self.quirks = strict  # a set to note what a strict implementation may refuse

    def sign(self, value, timestamp=None):
        if self.timed:
            value = value + self.sep + b62_encode(timestamp)  # C.1
        return value + self.sep + signature(self.salt, value, self.key, self.algorithm)  # B.2

    def unsign(self, token, max_age=None, now=None):
        """The value (and, when timed, the timestamp), or Refused (B.3, C.3)."""
        if self.sep not in token:
            raise Refused("no-separator")
        value, sig = token.rsplit(self.sep, 1)
        for key in [self.key] + self.fallback_keys:
            # as strings: only the canonical spelling passes; "" means the main key again
            if hmac.compare_digest(sig.encode(), signature(self.salt, value, key or self.key, self.algorithm).encode()):
                break
        else:
            raise Refused("bad-signature")
        if not self.timed:
            return value, None
        if self.sep not in value:
            raise Refused("missing-timestamp")
        value, stamp = value.rsplit(self.sep, 1)
        ts = b62_decode(stamp)
        if max_age is not None and now - ts > max_age:  # doubles; age == max_age passes
            raise Refused("expired")
        if self.quirks is not None:
            if b62_encode(ts) != stamp:
                self.quirks.add("Base62Quirk")
            if ts < 0:
                self.quirks.add("NegativeTimestamp")
            if abs(ts) > 2**53:
                self.quirks.add("LargeTimestamp")
            if now is not None and ts > now:
                self.quirks.add("FutureTimestamp")
        return value, ts

    # ------------------------------------------------------------ D. objects
    def sign_object(self, obj, compress=False, timestamp=None):
        data = json.dumps(obj, separators=(",", ":")).encode("latin-1")  # D, Signing 1
        prefix = ""
        if compress:
            z = zlib.compress(data)  # D, Signing 2
            if len(z) < len(data) - 1:
                data, prefix = z, "."
        return self.sign(prefix + b64_encode(data), timestamp)  # D, Signing 3

    def unsign_object(self, token, max_age=None, now=None, codec="latin-1"):
        text, ts = self.unsign(token, max_age, now)  # D, Verifying 1
        raw = text.encode()  # Verifying 2
        compressed = raw[:1] == b"."
        if compressed:
            raw = raw[1:]
        try:  # Verifying 3: Django's b64_decode, CPython's non-strict decoder
            data = base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))
        except binascii.Error:
            raise Refused("malformed-base64")
        if self.quirks is not None and b64_encode(data) != raw.decode("latin-1"):
            self.quirks.add("LenientBase64")
        if compressed:  # Verifying 4
            inflater = zlib.decompressobj()
            try:
                data = inflater.decompress(data)
                if not inflater.eof:
                    raise zlib.error("truncated")
            except zlib.error:
                raise Refused("malformed-zlib")
            if self.quirks is not None and inflater.unused_data:
                self.quirks.add("TrailingZlibData")
        if self.quirks is not None and any(b >= 0x80 for b in data):
            self.quirks.add("Utf8Codec" if codec == "utf-8" else "Latin1Decoding")
        try:  # Verifying 5, 6: Python's json is Django's reader
            return json.loads(data.decode(codec), object_pairs_hook=self.pairs), ts
        except ValueError:  # JSONDecodeError, UnicodeDecodeError, over 4300 digits
            raise Refused("malformed-json")

    def pairs(self, kv):
        if self.quirks is not None and len({k for k, _ in kv}) != len(kv):
            self.quirks.add("DuplicateKeys")
        return dict(kv)  # the last value wins, at the first position


def b62_encode(n):  # C.2
    if n == 0:
        return "0"
    sign, n, out = "-" if n < 0 else "", abs(n), ""
    while n:
        n, d = divmod(n, 62)
        out = B62[d] + out
    return sign + out


def b62_decode(s):  # C.3.3
    if s == "0":
        return 0
    if s == "":
        raise Refused("malformed-timestamp")
    sign = 1
    if s[0] == "-":
        s, sign = s[1:], -1
    n = 0
    for c in s:
        if c not in B62:
            raise Refused("malformed-timestamp")
        n = n * 62 + B62.index(c)
    return sign * n


def number_quirks(v, quirks):
    """What a strict implementation may refuse in a parsed payload (NonFinite, BigInt, HugeNumber)."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        quirks.add("NonFinite")
    elif isinstance(v, int):
        if not -(2**63) <= v < 2**63:
            quirks.add("BigInt")
        if not -(2**127) <= v < 2**127:
            quirks.add("HugeNumber")
    elif isinstance(v, list):
        for x in v:
            number_quirks(x, quirks)
    elif isinstance(v, dict):
        for x in v.values():
            number_quirks(x, quirks)


# ---------------------------------------------------------------- E. signed cookies
DEFAULT_LEGACY_FALLBACK = {"5.2": True, "6.0": True, "6.1": False, "main": False}  # G


def cookie_signer(m, salt, strict):
    prefix = b"django.http.cookies"  # E.1
    return Signer(prefix + key_bytes(m), [prefix + k.encode() for k in m.get("fallbackKeys", [])], salt=salt,
                  timed=True, strict=strict)


def cookie_salts(m):  # E.2
    name, salt = m["cookieName"], m["cookieSalt"]
    return {"v2": "django.http.cookies.v2:%d:%s%s" % (len(salt), salt, name), "legacy": name + salt}


def read_cookie(m, version, strict):
    """(value, timestamp, scheme) as get_signed_cookie of `version` (E.4)."""
    salts, now, max_age = cookie_salts(m), m["now"], m.get("maxAge")
    if "legacySaltFallback" not in m and version == "4.2":
        schemes = ["legacy"]
    else:
        fallback = m.get("legacySaltFallback", DEFAULT_LEGACY_FALLBACK.get(version))
        schemes = ["v2", "legacy"] if fallback else ["v2"]
    for i, scheme in enumerate(schemes):
        try:
            value, ts = cookie_signer(m, salts[scheme], strict).unsign(m["token"], max_age, now)
            return value, ts, scheme
        except Refused as e:
            # retry with the legacy salt on BadSignature only: not after expiry or a ValueError
            if i + 1 == len(schemes) or e.kind not in ("bad-signature", "no-separator"):
                raise


# ---------------------------------------------------------------- F. sessions
def expiry_date(data, ts, cookie_age):
    """The development branch's expiry date (F, django-dev), aware."""
    if not isinstance(data, dict):
        raise Refused("type-mismatch")
    expiry = data.get("_session_expiry")
    try:
        if isinstance(expiry, str):
            when = datetime.datetime.fromisoformat(expiry)
            return when if when.tzinfo else when.replace(tzinfo=UTC)  # naive: TZ=UTC
        return datetime.datetime.fromtimestamp(ts, UTC) + datetime.timedelta(seconds=expiry or cookie_age)
    except (ValueError, TypeError, OverflowError):
        raise Refused("malformed-session-expiry")


def load_session(m, version, strict):
    """(payload, timestamp) as SessionStore.load of `version` under the test's policy."""
    if m.get("salt") != SESSION_SALT:
        raise AssertionError("session salt %r" % m.get("salt"))
    policy = m.get("expiryPolicy") or ("django-dev" if version == "main" else "django")
    signer = Signer(key_bytes(m), [k.encode() for k in m.get("fallbackKeys", [])], salt=SESSION_SALT, timed=True,
                    strict=strict)
    codec = "utf-8" if version == "main" else "latin-1"
    result = None
    if policy in ("django", "strict"):
        result = signer.unsign_object(m["token"], m["cookieAge"], m["now"], codec)
    if policy in ("django-dev", "strict"):
        data, ts = signer.unsign_object(m["token"], None, m["now"], codec)
        if expiry_date(data, ts, m["cookieAge"]) <= datetime.datetime.fromtimestamp(m["now"], UTC):
            raise Refused("session-expired")
        result = result or (data, ts)
    if not isinstance(result[0], dict):  # released Django returns it; acceptable either way
        raise Refused("type-mismatch")
    return result


# ---------------------------------------------------------------- running one test
def key_bytes(m):
    return m["key"].encode() if "key" in m else bytes.fromhex(m["keyHex"])


def core_signer(m, strict):
    return Signer(key_bytes(m), [k.encode() for k in m.get("fallbackKeys", [])], m.get("salt"), m.get("sep", ":"),
                  m.get("algorithm"), timed=m["type"] in ("sign", "object"), strict=strict)


def check_max_age(m):
    """--strict: a maxAge a strict implementation may refuse as configuration."""
    a = m.get("maxAge")
    flags = set()
    if a is not None:
        if a != int(a):
            flags.add("FractionalMaxAge")
        if a < 0:
            flags.add("NegativeMaxAge")
        if not -(2**63) <= a < 2**63:
            flags.add("HugeNumber")
    if flags:
        raise StrictRefusal(flags)


def verify(m, version, strict):
    """What the implementation reads: (value or payload, timestamp, salt scheme)."""
    codec = "utf-8" if version == "main" else "latin-1"
    kind = m["type"]
    if strict is not None:
        check_max_age(m)
    if kind in ("sign-untimed", "sign"):
        value, ts = core_signer(m, strict).unsign(m["token"], m.get("maxAge"), m.get("now"))
        return value, ts, None
    if kind in ("object-untimed", "object"):
        obj, ts = core_signer(m, strict).unsign_object(m["token"], m.get("maxAge"), m.get("now"), codec)
        return obj, ts, None
    if kind == "session":
        obj, ts = load_session(m, version, strict)
        return obj, ts, None
    if kind == "signed-cookie":
        return read_cookie(m, version, strict)
    raise AssertionError("unknown group type %s" % kind)


def sign(m):
    """The token the implementation makes from the test's inputs at `timestamp`."""
    kind, ts = m["type"], m.get("timestamp")
    if kind == "sign-untimed":
        return core_signer(m, None).sign(m["value"])
    if kind == "sign":
        return core_signer(m, None).sign(m["value"], ts)
    if kind in ("object-untimed", "object"):
        return core_signer(m, None).sign_object(json.loads(m["payloadJson"]), m.get("compress", False), ts)
    if kind == "session":
        signer = Signer(key_bytes(m), salt=SESSION_SALT, timed=True)
        return signer.sign_object(json.loads(m["payloadJson"]), True, ts)
    if kind == "signed-cookie":
        return cookie_signer(m, cookie_salts(m)[m["saltScheme"]], None).sign(m["value"], ts)
    raise AssertionError(kind)


def only_deflate_differs(made, token, sep):
    """Both payloads compressed-or-not the same JSON: only the deflater differs (ZlibExact)."""
    def data(t):
        text = t.rsplit(sep, 2)[0] if t.count(sep) >= 2 else t.rsplit(sep, 1)[0]
        raw = text.encode()
        z = raw.startswith(b".")
        raw = raw[1:] if z else raw
        d = base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))
        return zlib.decompress(d) if z else d
    try:
        return data(made) == data(token)
    except (binascii.Error, zlib.error):
        return False


def same_kind(got, want):
    norm = {"pickled-payload": "malformed-json"}  # README, Error kinds
    return norm.get(got, got) == norm.get(want, want)


def run(m, version, strict_mode):
    """None when the test passes as `version`; otherwise raises NotApplicable or returns why it failed."""
    expect, flags = m["result"], set(m["flags"])
    quirks = set() if strict_mode else None
    try:
        got, ts, scheme = verify(m, version, quirks)
        if quirks is not None:
            number_quirks(got, quirks)
            if quirks:
                raise StrictRefusal(quirks)
    except Refused as e:
        if expect == "valid":
            return "refused (%s), Django accepts" % e.kind
        if expect == "invalid" and not same_kind(e.kind, m["error"]):
            return "refused with %s, vector says %s" % (e.kind, m["error"])
        return None
    except StrictRefusal as e:
        if expect == "acceptable":  # may be refused for any reason
            return None
        if not e.flags <= flags:
            return "strict refusal for %s, which the test's flags do not name" % ", ".join(sorted(e.flags - flags))
        raise NotApplicable(e.flags, "strict")
    if expect == "invalid":
        return "accepted, Django refuses (%s)" % m["error"]
    if m["type"] in ("object-untimed", "object", "session"):
        if json.dumps(got, separators=(",", ":")) != m["payloadJson"]:  # exact comparison
            return "read %r, Django reads %s" % (got, m["payloadJson"])
    elif got != m["value"]:
        return "read %r, Django reads %r" % (got, m["value"])
    if scheme is not None and scheme != m["saltScheme"]:
        return "verified with the %s salt, Django with %s" % (scheme, m["saltScheme"])
    if "timestamp" in m and ts != m["timestamp"]:
        return "timestamp %s, Django %s" % (ts, m["timestamp"])
    if expect == "valid" and "VerifyOnly" not in flags:
        made = sign(m)
        if made != m["token"]:
            if "ZlibExact" in flags and only_deflate_differs(made, m["token"], m.get("sep", ":")):
                raise NotApplicable({"ZlibExact"}, "this zlib's bytes differ")
            return "signing gives %r, Django %r" % (made, m["token"])
    return None


# ---------------------------------------------------------------- counting
class Tally:
    def __init__(self):
        self.n = {r: [0, 0, 0] for r in RESULTS}  # passed, failed, not applicable

    def add(self, other):
        for r in RESULTS:
            self.n[r] = [a + b for a, b in zip(self.n[r], other.n[r])]

    def line(self):
        p, f, na = (sum(self.n[r][i] for r in RESULTS) for i in range(3))
        split = "; ".join("%s %d passed, %d failed, %d n/a" % (r, *self.n[r]) for r in RESULTS)
        return "%d passed, %d failed, %d not applicable (%s)" % (p, f, na, split)


def main():
    args = sys.argv[1:]
    strict = "--strict" in args
    args = [a for a in args if a != "--strict"]
    here = os.path.dirname(os.path.abspath(__file__))
    vdir = args[0] if args else os.path.join(here, "..", "..")
    files = sorted(f for f in glob.glob(os.path.join(vdir, "*.json")) if not f.endswith("schema.json"))
    total, failures, na_flags = Tally(), [], {}
    for path in files:
        doc = json.load(open(path, encoding="utf-8"))
        name = os.path.basename(path)
        if doc.get("schema") != "djsign-vectors/2":
            failures.append("%s: schema %r, this consumer reads djsign-vectors/2" % (name, doc.get("schema")))
            continue
        tally = Tally()
        for g in doc["testGroups"]:
            for t in g["tests"]:
                m = {k: v for k, v in g.items() if k != "tests"}
                m.update(t)
                outcome, why = 0, []
                for version in m["djangoVersions"]:
                    try:
                        problem = run(m, version, strict)
                    except NotApplicable as e:
                        outcome = max(outcome, 2)
                        why = sorted(e.flags)
                        continue
                    if problem:
                        outcome = 1
                        failures.append("%s tcId %d (%s) as Django %s: %s" % (name, m["tcId"], m["comment"], version, problem))
                        break
                if outcome == 2 and why:
                    key = " ".join(why)
                    na_flags[key] = na_flags.get(key, 0) + 1
                tally.n[m["result"]][(0, 1, 2)[outcome]] += 1
        print("%s: %s" % (name, tally.line()))
        total.add(tally)
    for f in failures[:20]:
        print("  FAIL " + f)
    for flags, n in sorted(na_flags.items()):
        print("  not applicable: %d (%s)" % (n, flags))
    print("total%s: %s" % (" (--strict)" if strict else "", total.line()))
    passed = sum(total.n[r][0] for r in RESULTS)
    return 1 if failures or not files or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
