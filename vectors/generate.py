"""Generate djsign's published test vectors with real Django.

    .venv/bin/python vectors/generate.py            # writes vectors/*.json

Every token below is made or judged by Django 5.2.19 itself (django.core.signing,
django.contrib.sessions.backends.signed_cookies, HttpResponse.set_signed_cookie,
HttpRequest.get_signed_cookie). The script never computes a token any other way, except the
"key holder" vectors, which call Django's own Signer.sign on a payload built here (a key holder
can sign anything) and are then judged by Django's unsign/loads like every other vector.

Each test names the Django versions it holds for (djangoVersions). Where a verdict depends on
the version (the cookie salts, the session expiry rule, the JSON codec, pickles), this script
states the other versions' behaviour on Django 5.2.19's primitives (see `VERSION RULES` below)
and vectors/check_django.py, run in a venv of each release, re-derives every test that names
that release with the real one; Django main is judged by the restatement (check_django.py in
the 6.1 venv) and by vectors/crosscheck_django_main.py, which runs main's own files.

Deterministic: fixed seeds and fixed clocks, so a rerun writes the same bytes.
The format is described in vectors/README.md and vectors/schema.json.
"""

import base64
import binascii
import contextlib
import json
import os
import random
import struct
import sys
import zlib
from unittest import mock

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="vectors-settings-key-unused",
    SECRET_KEY_FALLBACKS=[],
    USE_TZ=True,
    INSTALLED_APPS=["django.contrib.sessions"],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
)
django.setup()

from django.core import signing  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
# `generate.py --out DIR` writes elsewhere (scripts/test.sh compares a fresh run with the repo).
OUT_DIR = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else HERE
SCHEMA = "djsign-vectors/1"
GENERATOR = {
    "script": "vectors/generate.py",
    "django": django.get_version(),
    "python": sys.version.split()[0],
    "zlib": zlib.ZLIB_RUNTIME_VERSION,
}
ALGORITHMS = ["sha1", "sha224", "sha256", "sha384", "sha512"]
T0 = 1_700_000_000

# ------------------------------------------------------------------------------ VERSION RULES
# The Django versions a test can name, and what differs between them (read from each
# release's source; Django main's from its repository, tickets #37223 and #27775):
VERSIONS = ["4.2", "5.2", "6.0", "6.1", "main"]
RELEASES = VERSIONS[:4]
# The version of the Django running this script ("5.2" when generating; any release when
# vectors/check_django.py imports this module).
RUNNING = ".".join(django.get_version().split(".")[:2])


def codec_of(version):
    """JSONSerializer's byte codec: latin-1 in every release, UTF-8 on main (#37223)."""
    return "utf-8" if version == "main" else "latin-1"


def detects_pickle(version):
    """djsign reports a pickle as pickled-payload where the version's PickleSerializer could have
    written it (4.2); later versions see only what Django sees: not JSON."""
    return version == "4.2"


def cookie_salt_written(version):
    return "legacy" if version == "4.2" else "v2"


def default_legacy_fallback(version):
    """SIGNED_COOKIE_LEGACY_SALT_FALLBACK's default; None for 4.2, which reads the legacy salt only."""
    return None if version == "4.2" else version in ("5.2", "6.0")


def default_policy(version):
    """The signed_cookies session rule: released Django ignores _session_expiry, main honours it."""
    return "django-dev" if version == "main" else "django"


def utf8_loads(self, data):
    """Django main's JSONSerializer.loads (#37223), restated: json.loads(data.decode("utf-8"))."""
    return json.loads(data.decode("utf-8"))


def codec(version):
    """A context in which Django's JSONSerializer decodes as `version` does. Only main differs;
    for a release other than the running one nothing changes (the releases agree)."""
    if codec_of(version) == "utf-8":
        return mock.patch.object(signing.JSONSerializer, "loads", utf8_loads)
    return contextlib.nullcontext()


def group_by_outcome(outcomes):
    """[(versions, outcome)] for {version: outcome}: versions with equal outcomes together,
    in VERSIONS order, first occurrence first."""
    out = []
    for v in VERSIONS:
        if v not in outcomes:
            continue
        for vs, o in out:
            if o == outcomes[v]:
                vs.append(v)
                break
        else:
            out.append(([v], outcomes[v]))
    return out

# ------------------------------------------------------------------------------------ notes
NOTES = {
    # what the test exercises
    "Basic": ("FUNCTIONALITY", "An ordinary token made by Django."),
    "Sha1": ("LEGACY", "SHA-1 signer (Django < 3.1 default, algorithm=\"sha1\"); djsign needs its `legacy-sha1` feature."),
    "Sha2": ("FUNCTIONALITY", "A SHA-2 algorithm other than the default SHA-256."),
    "BytesKey": ("FUNCTIONALITY", "The key is bytes (keyHex), not a str."),
    "NonAsciiKey": ("FUNCTIONALITY", "The key is a str with non-ASCII characters, used as its UTF-8 bytes."),
    "LongKey": ("EDGE_CASE", "Key longer than the hash block size."),
    "DefaultSalt": ("FUNCTIONALITY", "No salt given: Django uses the class path (or \"django.core.signing\" for dumps)."),
    "EmptySalt": ("DJANGO_QUIRK", "salt=\"\" is falsy in Python, so Django uses the class default salt instead."),
    "CustomSalt": ("FUNCTIONALITY", "A salt other than the default."),
    "NonAsciiSalt": ("FUNCTIONALITY", "A salt with non-ASCII characters."),
    "CustomSeparator": ("FUNCTIONALITY", "A separator other than \":\", possibly several characters."),
    "SeparatorInValue": ("EDGE_CASE", "The value contains the separator; Django splits at the last one (rsplit)."),
    "InvalidSeparator": ("DJANGO_QUIRK", "Django refuses the separator (re.match(r\"^[A-z0-9-_=]*$\", sep) matches; A-z spans [\\]^_` and $ also matches before a final newline): building the signer fails."),
    "EmptyValue": ("EDGE_CASE", "The signed value is the empty string."),
    "UnicodeValue": ("FUNCTIONALITY", "The value has non-ASCII characters (signed as UTF-8)."),
    "KeyRotation": ("FUNCTIONALITY", "fallbackKeys (SECRET_KEY_FALLBACKS) are present."),
    "SignedWithFallback": ("FUNCTIONALITY", "The token was signed with one of fallbackKeys, not with key."),
    "EmptyFallbackKey": ("DJANGO_QUIRK", "A fallback key is \"\": Django's `key or self.key` then uses the main key again; djsign refuses empty keys (invalid-key)."),
    "VerifyOnly": ("FUNCTIONALITY", "Signing the inputs with key does not give token (it was signed with a fallback key or built by a key holder): check verification only."),
    "KeyHolderToken": ("EDGE_CASE", "Built by calling Django's Signer.sign on a crafted value: only someone with the key can make it, and Django reads it as recorded."),
    "Timestamp": ("FUNCTIONALITY", "TimestampSigner token at a chosen signing time."),
    "ZeroTimestamp": ("EDGE_CASE", "Signed at Unix time 0 (base62 \"0\")."),
    "NegativeTimestamp": ("EDGE_CASE", "Signed before 1970: the base62 timestamp starts with \"-\"."),
    "LargeTimestamp": ("EDGE_CASE", "A timestamp near the ends of the 64-bit range."),
    "TimestampOutOfRange": ("DJANGO_QUIRK", "The timestamp does not fit in a signed 64-bit integer. Python's ints are unbounded, so Django accepts it; djsign refuses it (malformed-timestamp)."),
    "Base62Quirk": ("DJANGO_QUIRK", "Django's b62_decode accepts \"-\" and \"-0\" as 0 and leading zeros (\"00\")."),
    "FutureTimestamp": ("EDGE_CASE", "now is before the signing time: the age is negative, which is never expired."),
    "NoMaxAge": ("FUNCTIONALITY", "maxAge absent: the age is not checked (but the timestamp must still decode)."),
    "MaxAge": ("FUNCTIONALITY", "maxAge given, the token is younger."),
    "ExpiryBoundary": ("EDGE_CASE", "age == maxAge exactly: Django's test is age > max_age, so the token still passes."),
    "Expired": ("FUNCTIONALITY", "age > maxAge: SignatureExpired."),
    "FractionalMaxAge": ("EDGE_CASE", "maxAge and now have fractional seconds."),
    "NegativeMaxAge": ("EDGE_CASE", "maxAge < 0: anything not from the future is expired."),
    "MissingTimestamp": ("EDGE_CASE", "The signed value has no timestamp part (Django: ValueError from unpacking)."),
    "MalformedTimestamp": ("EDGE_CASE", "The signed timestamp is not base62 (Django: ValueError or IndexError)."),
    "UntimedAsTimed": ("DJANGO_QUIRK", "A value signed by a plain Signer with the TimestampSigner's salt, whose last separator-delimited part happens to be base62, reads as a timestamped token."),
    "Object": ("FUNCTIONALITY", "sign_object / dumps of a JSON value."),
    "Compressed": ("FUNCTIONALITY", "compress=True and zlib saved at least 2 bytes: the payload starts with \".\"."),
    "CompressionNotUsed": ("EDGE_CASE", "compress=True but zlib did not save 2 bytes, so the payload is plain base64."),
    "CompressionBoundary": ("EDGE_CASE", "len(zlib(data)) is len(data) - 1 or len(data) - 2: either side of Django's len(compressed) < len(data) - 1 rule."),
    "JsonEscapes": ("FUNCTIONALITY", "Strings with control characters, quotes, backslashes, DEL or non-ASCII: json.dumps ensure_ascii escapes."),
    "NonBmp": ("EDGE_CASE", "Characters beyond U+FFFF: written as a lowercase surrogate pair."),
    "BigInt": ("EDGE_CASE", "Integers beyond 64 bits: Python's ints are exact."),
    "FloatRepr": ("EDGE_CASE", "Floats in Python repr: 1e+16, 1e-05, 100.0, -0.0, shortest round-trip digits."),
    "NonFinite": ("DJANGO_QUIRK", "NaN / Infinity / -Infinity, which json.dumps writes and json.loads reads."),
    "KeyOrder": ("FUNCTIONALITY", "Object keys in insertion order, not sorted."),
    "DuplicateKeys": ("DJANGO_QUIRK", "The JSON repeats a key: json.loads keeps the last value at the first position."),
    "Latin1": ("DJANGO_QUIRK", "The payload JSON has raw non-ASCII bytes: every Django release decodes them as latin-1 (b'\\xc3\\xa9' reads as \"\\u00c3\\u00a9\"); Django main reads them as UTF-8 (Utf8Codec)."),
    "JsonWhitespace": ("EDGE_CASE", "JSON with whitespace Django does not write but json.loads accepts."),
    "LenientBase64": ("DJANGO_QUIRK", "The payload base64 is not canonical (padding, + or /, stray characters, non-zero trailing bits); Django's b64_decode accepts it."),
    "TrailingZlibData": ("DJANGO_QUIRK", "Bytes after the end of the zlib stream, which zlib.decompress ignores."),
    "LoneSurrogate": ("DJANGO_QUIRK", "The JSON has a lone surrogate escape (\"\\ud800\"): Python keeps it, a Rust string cannot; djsign refuses it (unrepresentable-json)."),
    "IntTooLong": ("DJANGO_QUIRK", "An integer of more than 4300 digits: CPython's int() refuses it (ValueError)."),
    "ModifiedPayload": ("MODIFIED_TOKEN", "A character of the value/payload was changed after signing."),
    "ModifiedTimestamp": ("MODIFIED_TOKEN", "A character of the timestamp was changed after signing."),
    "ModifiedSignature": ("MODIFIED_TOKEN", "A character of the signature was changed, added or removed."),
    "ModifiedSeparator": ("MODIFIED_TOKEN", "A separator was changed, removed or duplicated."),
    "Truncated": ("MODIFIED_TOKEN", "The token was cut short."),
    "WrongKey": ("MODIFIED_TOKEN", "Signed with a key that is neither key nor a fallback key."),
    "WrongSalt": ("MODIFIED_TOKEN", "Signed with another salt."),
    "WrongAlgorithm": ("MODIFIED_TOKEN", "Signed with another hash algorithm."),
    "NonCanonicalSignature": ("MALLEABILITY", "The signature is another spelling of the right MAC (padding, + or /, non-zero trailing bits, other case): Django compares strings, so it is rejected."),
    "NoSeparator": ("MODIFIED_TOKEN", "The separator does not occur in the token."),
    "MalformedBase64": ("EDGE_CASE", "Signed payload that is not decodable base64 (Django: binascii.Error)."),
    "MalformedZlib": ("EDGE_CASE", "Signed payload marked compressed that is not a valid zlib stream (Django: zlib.error)."),
    "MalformedJson": ("EDGE_CASE", "Signed payload that is not JSON (Django: JSONDecodeError)."),
    "QuirkFromFactsSheet": ("DJANGO_QUIRK", "One statement of djsign's facts sheet about Django; the comment starts with its id in brackets."),
    # sessions (django.contrib.sessions.backends.signed_cookies)
    "Session": ("FUNCTIONALITY", "A session cookie saved by Django's signed_cookies SessionStore (signing.dumps, compress=True, the session salt)."),
    "AuthSession": ("FUNCTIONALITY", "A session of a logged-in user (_auth_user_id, _auth_user_backend, _auth_user_hash)."),
    "CookieAge": ("EDGE_CASE", "Around SESSION_COOKIE_AGE: released Django expires when age > cookie age, Django's development branch when signing time + cookie age <= now, so at exactly the cookie age they disagree."),
    "CustomExpiry": ("KNOWN_BUG", "The session has its own expiry (set_expiry). Released Django ignores it on load (ticket #27775); the development branch honours it."),
    "ExpiryDatetime": ("FUNCTIONALITY", "_session_expiry is an ISO-8601 datetime (set_expiry with a datetime or timedelta)."),
    "NaiveExpiry": ("EDGE_CASE", "_session_expiry is a naive datetime: Django compares it in the server's local time; these vectors are made with TZ=UTC, so read it at offset 0."),
    "BrowserClose": ("FUNCTIONALITY", "set_expiry(0): expire at browser close; the cookie age still applies."),
    "MalformedExpiry": ("EDGE_CASE", "_session_expiry is something Django's development branch cannot use (raises, so Django starts an empty session)."),
    "UnsupportedIsoForm": ("EDGE_CASE", "An ISO-8601 form CPython's fromisoformat reads but Django never writes (week date, basic format); djsign refuses it (malformed-session-expiry)."),
    "NotADict": ("EDGE_CASE", "The signed payload is not a JSON object. Released Django returns it as the session anyway; the development branch fails; djsign refuses it (type-mismatch)."),
    "PickleSession": ("LEGACY", "A session made by Django 4.2 with the PickleSerializer (removed in 5.0). Never unpickle it: read as 4.2, djsign names it (pickled-payload); Django 5.0 and later fail on it as JSON (malformed-json), and so does djsign read as them."),
    "Django42": ("LEGACY", "Made by Django 4.2.30 (vectors/generate_django42.py)."),
    "PolicyStrict": ("FUNCTIONALITY", "expiryPolicy strict: accepted only if both released Django and the development branch accept."),
    "PolicyDjango": ("FUNCTIONALITY", "expiryPolicy django: released Django's rule (4.2 to 6.1)."),
    "PolicyDjangoDev": ("FUNCTIONALITY", "expiryPolicy django-dev: the rule of Django's development branch (#27775), as modelled in vectors/generate.py on a release's primitives and cross-checked with the branch's own file (vectors/crosscheck_django_main.py)."),
    # signed cookies (set_signed_cookie / get_signed_cookie)
    "SignedCookie": ("FUNCTIONALITY", "A cookie signed by HttpResponse.set_signed_cookie and read by HttpRequest.get_signed_cookie."),
    "V2Salt": ("FUNCTIONALITY", "Signed with the salt of Django >= 5.2.15: django.http.cookies.v2:{len(salt)}:{salt}{name}."),
    "LegacySalt": ("LEGACY", "Signed with the legacy salt name + salt (Django 4.2, <= 5.2.14): read by 4.2, by 5.2 and 6.0 through the legacy fallback, by 6.1 and main only with SIGNED_COOKIE_LEGACY_SALT_FALLBACK = True."),
    "LegacyFallbackOff": ("FUNCTIONALITY", "SIGNED_COOKIE_LEGACY_SALT_FALLBACK = False: legacy-salt cookies are refused."),
    "SaltCollision": ("KNOWN_BUG", "Legacy salts collide: (name 'ab', salt 'c') and (name 'a', salt 'bc') both give 'abc', so a legacy cookie of one verifies as the other while the legacy fallback is on."),
    "NoFallbackAfterExpiry": ("EDGE_CASE", "The v2 check failed by expiry: Django does not retry with the legacy salt."),
    # Django versions
    "VersionDefaults": ("FUNCTIONALITY", "The test leaves a version-dependent setting out (legacySaltFallback, expiryPolicy): each Django version in djangoVersions reads with its own default, and the versions whose results differ have tests of their own."),
    "Utf8Codec": ("FUNCTIONALITY", "Django main reads payload bytes as UTF-8 (#37223): raw UTF-8 is text, bytes that are not UTF-8 are an error (UnicodeDecodeError); the releases read the same bytes as latin-1 (Latin1)."),
}

# ------------------------------------------------------------------------------------ helpers
rng = random.Random(5219)


def at(ts):
    return mock.patch("django.core.signing.time.time", return_value=ts)


def classify(exc):
    """djsign's error slug for the exception Django raised."""
    msg = str(exc)
    if isinstance(exc, signing.SignatureExpired):
        return "expired"
    if isinstance(exc, signing.BadSignature):
        return "no-separator" if msg.startswith('No "') else "bad-signature"
    if isinstance(exc, json.JSONDecodeError):
        return "malformed-json"
    if isinstance(exc, UnicodeDecodeError):  # Django main's UTF-8 JSONSerializer (#37223)
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
    if isinstance(exc, ValueError) and "Exceeds the limit" in msg:
        return "malformed-json"
    raise AssertionError("unclassified Django exception %r" % (exc,))


def has_lone_surrogate(v):
    if isinstance(v, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    if isinstance(v, list):
        return any(has_lone_surrogate(x) for x in v)
    if isinstance(v, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(x) for k, x in v.items())
    return False


def pyjson(obj):
    return signing.JSONSerializer().dumps(obj).decode("latin-1")


def key_fields(key):
    if isinstance(key, bytes):
        return {"keyHex": key.hex()}
    return {"key": key}


def signer_kwargs(g):
    kw = {"key": bytes.fromhex(g["keyHex"]) if "keyHex" in g else g["key"],
          "fallback_keys": list(g.get("fallbackKeys", []))}
    if "salt" in g:
        kw["salt"] = g["salt"]
    if "sep" in g:
        kw["sep"] = g["sep"]
    if "algorithm" in g:
        kw["algorithm"] = g["algorithm"]
    return kw


I64 = (-(2**63), 2**63 - 1)


class VectorFile:
    def __init__(self, name, description):
        self.name = name
        self.description = description
        self.groups = []
        self.count = 0

    def group(self, gtype, comment=None, **shared):
        g = {"type": gtype}
        if comment:
            g["comment"] = comment
        g.update(shared)
        g["tests"] = []
        self.groups.append(g)
        return Group(self, g)

    def write(self):
        used = sorted({f for g in self.groups for t in g["tests"] for f in t["flags"]})
        missing = [f for f in used if f not in NOTES]
        assert not missing, missing
        for g in self.groups:
            hoist_versions(g)
        doc = {
            "schema": SCHEMA,
            "generator": GENERATOR,
            "description": self.description,
            "numberOfTests": self.count,
            "notes": {f: {"bugType": NOTES[f][0], "description": NOTES[f][1]} for f in used},
            "testGroups": [g for g in self.groups if g["tests"]],
        }
        path = os.path.join(OUT_DIR, self.name)
        with open(path, "w", encoding="ascii") as f:
            json.dump(doc, f, indent=1, ensure_ascii=True)
            f.write("\n")
        print("%-24s %5d tests" % (self.name, self.count))
        return self.count


def hoist_versions(g):
    """djangoVersions on the group when all its tests name the same versions."""
    tests = g["tests"]
    if not tests:
        return
    first = tests[0]["djangoVersions"]
    if all(t["djangoVersions"] == first for t in tests):
        for t in tests:
            del t["djangoVersions"]
        g.pop("tests")
        g["djangoVersions"] = first
        g["tests"] = tests


class Group:
    def __init__(self, vf, g):
        self.vf = vf
        self.g = g

    def add(self, comment, flags, result, versions=None, **fields):
        assert result in ("valid", "invalid", "acceptable"), result
        versions = list(versions or VERSIONS)
        assert versions and all(v in VERSIONS for v in versions), versions
        self.vf.count += 1
        t = {"tcId": self.vf.count, "comment": comment, "flags": sorted(set(flags)), "result": result,
             "djangoVersions": [v for v in VERSIONS if v in versions]}
        t.update({k: v for k, v in fields.items() if v is not None})
        if result == "invalid":
            assert "error" in t, t
        if result == "valid":
            assert "error" not in t, t
        self.g["tests"].append(t)
        return t

    # ---- judging a token with Django -------------------------------------------------
    def cls(self):
        return signing.TimestampSigner if self.g["type"] in ("sign", "object") else signing.Signer

    def is_object(self):
        return self.g["type"] in ("object", "object-untimed")

    def django_verify(self, token, t, version=RUNNING):
        """(ok, result) where result is the value/payloadJson or the error slug."""
        kw = signer_kwargs({**self.g, **t})
        s = self.cls()(**kw)
        now = t.get("now", T0)
        try:
            with at(now), codec(version):
                if self.is_object():
                    if self.cls() is signing.TimestampSigner:
                        obj = s.unsign_object(token, max_age=t.get("maxAge"))
                    else:
                        obj = s.unsign_object(token)
                    return True, obj
                if self.cls() is signing.TimestampSigner:
                    return True, s.unsign(token, max_age=t.get("maxAge"))
                return True, s.unsign(token)
        except Exception as e:  # recorded, not hidden: this is what Django did
            return False, classify(e)

    def judge(self, comment, flags, token, expect=None, **fields):
        """Add a test whose result is whatever Django does with `token`: one test for every
        version, or, for an object payload the codecs read differently (raw bytes >= 0x80),
        one for the releases (latin-1, held to `expect`) and one for main (UTF-8, #37223)."""
        outcomes = {RUNNING: self.django_verify(token, dict(fields))}
        if self.is_object():
            outcomes["main"] = self.django_verify(token, dict(fields), "main")
        if len(set(map(repr, outcomes.values()))) == 1:
            return self.add_judged(comment, flags, token, expect, outcomes[RUNNING], VERSIONS, fields)
        first = self.add_judged(comment, flags, token, expect, outcomes[RUNNING], RELEASES, dict(fields))
        self.add_judged(comment + ", read by Django main as UTF-8", flags + ["Utf8Codec"], token, None,
                        outcomes["main"], ["main"], dict(fields))
        return first

    def add_judged(self, comment, flags, token, expect, outcome, versions, fields):
        ok, res = outcome
        if expect is not None:
            assert (ok and expect in ("valid", "acceptable")) or (not ok and expect == "invalid"), (
                comment, token, ok, res)
        if not ok:
            return self.add(comment, flags, "invalid", versions, token=token, error=res, **fields)
        if self.is_object():
            fields["payloadJson"] = pyjson(res)
            if has_lone_surrogate(res):
                return self.add(comment, flags + ["LoneSurrogate"], "acceptable", versions, token=token,
                                error="unrepresentable-json", **fields)
        else:
            fields["value"] = res
        return self.add(comment, flags, expect or "valid", versions, token=token, **fields)

    # ---- making tokens with Django ---------------------------------------------------
    def django_sign(self, value=None, obj=None, compress=False, timestamp=None, **over):
        kw = signer_kwargs({**self.g, **over})
        s = self.cls()(**kw)
        with at(timestamp if timestamp is not None else T0):
            if self.is_object():
                return s.sign_object(obj, compress=compress)
            return s.sign(value)

    def key_holder_sign(self, raw_value, timestamp=None, **over):
        """Django's own Signer.sign over a crafted value (with the timestamp part if timed)."""
        g = {**self.g, **over}
        kw = signer_kwargs(g)
        salt = kw.pop("salt", None) or "django.core.signing.%s" % self.cls().__name__
        s = signing.Signer(salt=salt, **kw)
        sep = g.get("sep", ":")
        if self.cls() is signing.TimestampSigner:
            raw_value = raw_value + sep + (signing.b62_encode(timestamp) if isinstance(timestamp, int) else timestamp)
        return s.sign(raw_value)


# ------------------------------------------------------------------------------------ values
ALPHABETS = [
    "abcXYZ019 ",
    "\"\\/<>&'",
    "".join(chr(c) for c in range(0, 0x20)) + "\x7f",
    "".join(chr(c) for c in range(0x80, 0x100)),
    "\u0100\u07ff\u0800\u2028\u2029\ufeff\uffff\ue000",
    "\U0001F40D\U00010000\U0010FFFF\U0001F600",
]


def rand_str(maxlen=12, alphabets=ALPHABETS):
    return "".join(rng.choice(rng.choice(alphabets)) for _ in range(rng.randint(0, maxlen)))


def rand_float():
    k = rng.random()
    if k < 0.3:
        x = struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0]
        return 0.5 if x != x or x in (float("inf"), float("-inf")) else x
    if k < 0.6:
        return rng.uniform(-1e6, 1e6)
    return rng.choice([1e16, 1e-05, 100.0, -0.0, 0.1, 1e22, 5e-324, 1.5e300, 123456789012345680.0])


def rand_value(depth=0):
    k = rng.random()
    if depth < 3 and k < 0.25:
        return [rand_value(depth + 1) for _ in range(rng.randint(0, 4))]
    if depth < 3 and k < 0.5:
        return {rand_str(6): rand_value(depth + 1) for _ in range(rng.randint(0, 4))}
    k = rng.random()
    if k < 0.1:
        return None
    if k < 0.2:
        return rng.random() < 0.5
    if k < 0.45:
        return rng.choice([rng.randint(-1000, 1000), rng.randint(-2**70, 2**70)])
    if k < 0.6:
        return rand_float()
    return rand_str()


def flags_for_obj(obj):
    text = json.dumps(obj, ensure_ascii=False)
    flags = []
    if any(ord(c) > 0xFFFF for c in text):
        flags.append("NonBmp")
    if any(ord(c) < 0x20 or ord(c) >= 0x7F for c in text) or "\\" in text:
        flags.append("JsonEscapes")

    def walk(v):
        if isinstance(v, bool):
            return
        if isinstance(v, int) and not (I64[0] <= v <= I64[1]):
            flags.append("BigInt")
        if isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")):
                flags.append("NonFinite")
            else:
                flags.append("FloatRepr")
        if isinstance(v, list):
            for x in v:
                walk(x)
        if isinstance(v, dict):
            if len(v) > 1:
                flags.append("KeyOrder")
            for x in v.values():
                walk(x)
    walk(obj)
    return sorted(set(flags))


# ------------------------------------------------------------------------------------ tamper
def tamper_variants(token, sep, timed):
    """(flag, comment, token') for each position class."""
    value_part, sig = token.rsplit(sep, 1)
    out = []
    if timed:
        payload, ts = value_part.rsplit(sep, 1)
    else:
        payload, ts = value_part, None

    def flip(c):
        return "A" if c != "A" else "B"

    if payload:
        i = rng.randrange(len(payload))
        p2 = payload[:i] + flip(payload[i]) + payload[i + 1:]
        out.append(("ModifiedPayload", "payload character %d changed" % i,
                    p2 + (sep + ts if timed else "") + sep + sig))
        out.append(("ModifiedPayload", "payload extended", payload + "x" + (sep + ts if timed else "") + sep + sig))
    else:
        out.append(("ModifiedPayload", "payload added", "x" + (sep + ts if timed else "") + sep + sig))
    if timed:
        out.append(("ModifiedTimestamp", "timestamp changed", payload + sep + ts[:-1] + flip(ts[-1]) + sep + sig))
        out.append(("ModifiedTimestamp", "timestamp removed", payload + sep + sig))
    for i, label in ((0, "first"), (len(sig) // 2, "middle"), (len(sig) - 1, "last")):
        out.append(("ModifiedSignature", "%s signature character changed" % label,
                    value_part + sep + sig[:i] + flip(sig[i]) + sig[i + 1:]))
    out.append(("ModifiedSignature", "signature character appended", token + "A"))
    out.append(("ModifiedSignature", "signature last character removed", token[:-1]))
    out.append(("ModifiedSignature", "signature empty", value_part + sep))
    out.append(("ModifiedSeparator", "last separator removed", value_part + sig))
    out.append(("ModifiedSeparator", "last separator doubled", value_part + sep + sep + sig))
    other = "." if sep != "." else "!"
    out.append(("ModifiedSeparator", "separators replaced by %r" % other, token.replace(sep, other)))
    out.append(("Truncated", "cut to half", token[: len(token) // 2]))
    out.append(("Truncated", "only the value", payload))
    out.append(("Truncated", "empty token", ""))
    return [v for v in out if v[2] != token]


# ======================================================================================== files
def gen_signer():
    vf = VectorFile("signer.json", "django.core.signing.Signer: sign / unsign without timestamp.")
    values = ["", "hello", "a:b:c", "\u00e9t\u00e9 \U0001F40D", "x" * 300, "-starts-with-dash", ".dot",
              "with space", "tab\tnew\nline", "::", "\x00\x7f"]
    # every algorithm, default settings otherwise
    for alg in ALGORITHMS:
        flags = ["Sha1"] if alg == "sha1" else (["Sha2"] if alg != "sha256" else ["Basic"])
        g = vf.group("sign-untimed", "algorithm %s" % alg, key="predictable-secret", algorithm=alg)
        for v in values:
            tok = g.django_sign(v)
            f = flags + (["EmptyValue"] if v == "" else []) + (["SeparatorInValue"] if ":" in v else []) + \
                (["UnicodeValue"] if any(ord(c) > 0x7F for c in v) else [])
            g.judge("sign %r" % v[:20], f, tok, expect="valid")
        base = g.django_sign("hello")
        for flag, comment, bad in tamper_variants(base, ":", False):
            g.judge(comment, [flag], bad, expect="invalid")
        # wrong algorithm / wrong key / wrong salt
        other = "sha512" if alg != "sha512" else "sha256"
        g.judge("signed with %s" % other, ["WrongAlgorithm"], g.django_sign("hello", algorithm=other), expect="invalid")
        g.judge("signed with another key", ["WrongKey"], g.django_sign("hello", key="another-secret"), expect="invalid")
        g.judge("signed with another salt", ["WrongSalt"], g.django_sign("hello", salt="other"), expect="invalid")
        # non-canonical spellings of the right signature
        v, sig = base.rsplit(":", 1)
        spellings = [("padding added", sig + "=" * ((-len(sig)) % 4 or 1)), ("trailing space", sig + " "),
                     ("upper-cased", sig.upper()), ("lower-cased", sig.lower())]
        if "-" in sig or "_" in sig:
            spellings.append(("standard alphabet", sig.replace("-", "+").replace("_", "/")))
        last = sig[-1]
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        idx = alphabet.index(last)
        for delta in (1, 2, 3):
            c = alphabet[(idx + delta) % 64]
            raw = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
            try:
                same = base64.urlsafe_b64decode(sig[:-1] + c + "=" * (-len(sig) % 4)) == raw
            except binascii.Error:
                same = False
            if same:
                spellings.append(("non-zero trailing bits (%s)" % c, sig[:-1] + c))
        for what, s2 in spellings:
            if s2 != sig:
                g.judge("signature %s" % what, ["NonCanonicalSignature"], v + ":" + s2, expect="invalid")

    # keys
    for key, flags in [(b"\xe7", ["BytesKey"]), (bytes(range(256)), ["BytesKey", "LongKey"]),
                       ("cl\u00e9 secr\u00e8te \U0001F511", ["NonAsciiKey"]), ("k" * 200, ["LongKey"]),
                       ("x", ["Basic"])]:
        for alg in ("sha256", "sha1", "sha512"):
            g = vf.group("sign-untimed", "key kind", algorithm=alg, salt="s", **key_fields(key))
            for v in ("foo", "\U0001F40D", ""):
                g.judge("sign %r" % v, flags + (["Sha1"] if alg == "sha1" else []), g.django_sign(v), expect="valid")
            bad = g.django_sign("foo")
            g.judge("tampered", flags + ["ModifiedSignature"], bad[:-1] + ("A" if bad[-1] != "A" else "B"), expect="invalid")

    # salts
    for salt, flags in [(None, ["DefaultSalt"]), ("", ["EmptySalt"]), ("my.app.purpose", ["CustomSalt"]),
                        ("s\u00e4lt \U0001F9C2", ["NonAsciiSalt"]), ("x" * 200, ["CustomSalt"])]:
        kw = {} if salt is None else {"salt": salt}
        g = vf.group("sign-untimed", "salt", key="salt-test-key", **kw)
        for v in ("value", "v:w", ""):
            g.judge("sign %r" % v, flags, g.django_sign(v), expect="valid")
        g.judge("salt 'other'", ["WrongSalt"], g.django_sign("value", salt="other"), expect="invalid")

    # separators
    for sep in ["::", "/", ",", "*sep*", ":a", "\u00e9", "\n\n", "a\n\n", "{", "|", ".", " ", "~", "!"]:
        g = vf.group("sign-untimed", "separator %r" % sep, key="sep-test-key", sep=sep)
        for v in ("value", "va%slue" % sep, sep, ""):
            g.judge("sign %r" % v, ["CustomSeparator"] + (["SeparatorInValue"] if sep in v else []),
                    g.django_sign(v), expect="valid")
        tok = g.django_sign("value")
        for flag, comment, bad in tamper_variants(tok, sep, False):
            g.judge(comment, ["CustomSeparator", flag], bad, expect="invalid")
    for sep in ["", "^", "a", "=", "-", "_", "\\", "`", "[", "]", "A-z0", "a\n", "\n", "-_=", "0", "Z"]:
        try:
            signing.Signer(key="k", sep=sep)
            raise AssertionError("Django accepted separator %r" % sep)
        except ValueError:
            pass
        g = vf.group("sign-untimed", "separator %r is refused by Django" % sep, key="k", sep=sep)
        g.add("Signer(sep=%r) raises ValueError" % sep, ["InvalidSeparator"], "invalid", value="value",
              error="invalid-separator")

    # rotation
    g = vf.group("sign-untimed", "key rotation", key="new-key", fallbackKeys=["old-key", "older-key"])
    for v in ("hello", "\u00e9", ""):
        g.judge("signed with key %r" % v, ["KeyRotation"], g.django_sign(v), expect="valid")
        for fb in ("old-key", "older-key"):
            g.judge("signed with fallback %s" % fb, ["KeyRotation", "SignedWithFallback", "VerifyOnly"],
                    g.django_sign(v, key=fb), expect="valid")
        g.judge("signed with a retired key", ["KeyRotation", "WrongKey"], g.django_sign(v, key="oldest-key"),
                expect="invalid")
    g = vf.group("sign-untimed", "empty fallback key", key="main-key", fallbackKeys=[""])
    tok = g.django_sign("hello")
    g.add("Django treats the empty fallback as the main key; djsign refuses the configuration",
          ["EmptyFallbackKey", "KeyRotation"], "acceptable", value="hello", token=tok, error="invalid-key")

    # Django's own documented vectors, judged again here
    g = vf.group("sign-untimed", "Django's test suite", key="predictable-secret", algorithm="sha1")
    g.judge("Django tests: sha1 'hello'", ["Sha1"], g.django_sign("hello"), expect="valid")
    g = vf.group("sign-untimed", "Django's test suite", key="predictable-secret", algorithm="sha512")
    g.judge("Django tests: sha512 'hello'", ["Sha2"], g.django_sign("hello"), expect="valid")
    g = vf.group("sign-untimed", "facts sheet", keyHex="e7", salt="s")
    g.judge("Signer(key=b'\\xe7', salt='s').sign('foo')", ["BytesKey"], g.django_sign("foo"), expect="valid")

    # random values over random configurations
    for i in range(40):
        alg = rng.choice(ALGORITHMS)
        key = rng.choice(["k%d" % i, bytes(rng.randrange(256) for _ in range(rng.randint(1, 80)))])
        sep = rng.choice([":", ":", "::", "/", "!"])
        g = vf.group("sign-untimed", "random configuration %d" % i, algorithm=alg, sep=sep, salt=rand_str(8),
                     **key_fields(key))
        for _ in range(6):
            v = rand_str(30)
            g.judge("random value", (["Sha1"] if alg == "sha1" else ["Basic"]) + (["SeparatorInValue"] if sep in v else []),
                    g.django_sign(v), expect="valid")
    return vf.write()


def gen_timestamp_signer():
    vf = VectorFile("timestamp_signer.json", "django.core.signing.TimestampSigner: sign / unsign with max_age.")
    for alg in ALGORITHMS:
        g = vf.group("sign", "algorithm %s" % alg, key="predictable-secret", algorithm=alg)
        fl = ["Sha1"] if alg == "sha1" else ["Timestamp"]
        for ts, extra in [(T0, []), (0, ["ZeroTimestamp"]), (1, []), (61, []), (62, []), (-1, ["NegativeTimestamp"]),
                          (-62, ["NegativeTimestamp"]), (-1_700_000_000, ["NegativeTimestamp"]),
                          (2**31, []), (2**62, ["LargeTimestamp"]), (I64[1], ["LargeTimestamp"]),
                          (I64[0], ["LargeTimestamp", "NegativeTimestamp"])]:
            for v in ("hello", "a:b", ""):
                g.judge("signed at %d" % ts, fl + extra + ["NoMaxAge"] + (["SeparatorInValue"] if ":" in v else []),
                        g.django_sign(v, timestamp=ts), expect="valid", timestamp=ts, now=float(T0))
        base = g.django_sign("hello", timestamp=T0)
        for flag, comment, bad in tamper_variants(base, ":", True):
            g.judge(comment, [flag], bad, expect="invalid", now=float(T0 + 5), maxAge=60)

    # expiry around the boundary
    g = vf.group("sign", "expiry", key="expiry-key")
    for ts in (T0, 0, -1000):
        tok = g.django_sign("hello", timestamp=ts)
        cases = [
            (ts + 10, 60, ["MaxAge"], "valid"),
            (ts + 60, 60, ["ExpiryBoundary"], "valid"),
            (ts + 60.5, 60, ["Expired", "FractionalMaxAge"], "invalid"),
            (ts + 61, 60, ["Expired"], "invalid"),
            (ts + 10.5, 10.5, ["ExpiryBoundary", "FractionalMaxAge"], "valid"),
            (ts + 10.75, 10.5, ["Expired", "FractionalMaxAge"], "invalid"),
            (ts + 0, 0, ["ExpiryBoundary"], "valid"),
            (ts + 0.5, 0, ["Expired", "FractionalMaxAge"], "invalid"),
            (ts - 100, 0, ["FutureTimestamp"], "valid"),
            (ts - 100, -50, ["FutureTimestamp", "NegativeMaxAge"], "valid"),
            (ts + 0, -1, ["NegativeMaxAge", "Expired"], "invalid"),
            (ts + 10**9, 10**9, ["ExpiryBoundary"], "valid"),
            (ts + 1209600, 1209600, ["ExpiryBoundary"], "valid"),
            (ts + 1209601, 1209600, ["Expired"], "invalid"),
            (ts + 5, None, ["NoMaxAge"], "valid"),
            (ts + 10**12, None, ["NoMaxAge"], "valid"),
        ]
        for now, max_age, flags, expect in cases:
            g.judge("ts %d, now %s, maxAge %s" % (ts, now, max_age), ["Timestamp"] + flags, tok, expect=expect,
                    timestamp=ts, now=float(now), maxAge=max_age)

    # timestamps Django reads that it never writes
    for sep in (":", "::"):
        g = vf.group("sign", "key holder timestamps, sep %r" % sep, key="ts-key", sep=sep)
        for ts_text, expect, flags, err in [
            ("-", "valid", ["Base62Quirk"], None), ("-0", "valid", ["Base62Quirk"], None),
            ("00", "valid", ["Base62Quirk"], None), ("0000001", "valid", ["Base62Quirk"], None),
            ("", "invalid", ["MalformedTimestamp"], None), ("+1", "invalid", ["MalformedTimestamp"], None),
            ("--1", "invalid", ["MalformedTimestamp"], None), ("1.5", "invalid", ["MalformedTimestamp"], None),
            (" 1", "invalid", ["MalformedTimestamp"], None), ("\u00e9", "invalid", ["MalformedTimestamp"], None),
            ("1-", "invalid", ["MalformedTimestamp"], None),
            (signing.b62_encode(2**63), "acceptable", ["TimestampOutOfRange"], "malformed-timestamp"),
            (signing.b62_encode(-(2**63) - 1), "acceptable", ["TimestampOutOfRange", "NegativeTimestamp"], "malformed-timestamp"),
            (signing.b62_encode(10**40), "acceptable", ["TimestampOutOfRange"], "malformed-timestamp"),
        ]:
            tok = g.key_holder_sign("hello", timestamp=ts_text)
            for max_age in (None, 10**20):
                t = g.judge("timestamp %r, maxAge %s" % (ts_text, max_age), flags + ["KeyHolderToken", "VerifyOnly"],
                            tok, expect=expect, now=float(T0), maxAge=max_age)
                if err:
                    t["error"] = err
        tok = signing.Signer(key="ts-key", sep=sep, salt="django.core.signing.TimestampSigner").sign("hello")
        g.judge("plain Signer token under the TimestampSigner salt", ["MissingTimestamp", "KeyHolderToken", "VerifyOnly"],
                tok, expect="invalid", now=float(T0))
        tok = signing.Signer(key="ts-key", sep=sep, salt="django.core.signing.TimestampSigner").sign("a%sb" % sep)
        g.judge("plain Signer value 'a<sep>b' reads as timestamp 'b' = 37", ["UntimedAsTimed", "KeyHolderToken", "VerifyOnly"],
                tok, expect="valid", now=float(T0))

    # rotation, keys, salts, separators
    g = vf.group("sign", "key rotation", key="new-key", fallbackKeys=["old-key"])
    for v in ("hello", ""):
        g.judge("signed with key", ["KeyRotation"], g.django_sign(v, timestamp=T0), expect="valid", timestamp=T0,
                now=float(T0 + 1), maxAge=10)
        g.judge("signed with fallback", ["KeyRotation", "SignedWithFallback", "VerifyOnly"],
                g.django_sign(v, timestamp=T0, key="old-key"), expect="valid", timestamp=T0, now=float(T0 + 1), maxAge=10)
        g.judge("signed with fallback, expired", ["KeyRotation", "SignedWithFallback", "Expired"],
                g.django_sign(v, timestamp=T0, key="old-key"), expect="invalid", now=float(T0 + 11), maxAge=10)
        g.judge("signed with an unknown key", ["KeyRotation", "WrongKey"], g.django_sign(v, timestamp=T0, key="x"),
                expect="invalid", now=float(T0 + 1), maxAge=10)
    for salt, flags in [(None, ["DefaultSalt"]), ("", ["EmptySalt"]), ("purpose", ["CustomSalt"])]:
        kw = {} if salt is None else {"salt": salt}
        g = vf.group("sign", "salt", key="salt-key", **kw)
        g.judge("sign", flags + ["Timestamp"], g.django_sign("v", timestamp=T0), expect="valid", timestamp=T0,
                now=float(T0))
        g.judge("signed with salt 'x'", ["WrongSalt"], g.django_sign("v", timestamp=T0, salt="x"), expect="invalid",
                now=float(T0))
    for sep in ["::", "/", "*sep*", "\u00e9", "-:", ":-"]:
        g = vf.group("sign", "separator %r" % sep, key="sep-key", sep=sep)
        for ts in (T0, -5):
            for v in ("value", "a%sb" % sep, ""):
                g.judge("sign %r at %d" % (v, ts), ["CustomSeparator", "Timestamp"] + (["SeparatorInValue"] if sep in v else []) +
                        (["NegativeTimestamp"] if ts < 0 else []),
                        g.django_sign(v, timestamp=ts), expect="valid", timestamp=ts, now=float(T0), maxAge=10**10)
        for flag, comment, bad in tamper_variants(g.django_sign("value", timestamp=T0), sep, True):
            g.judge(comment, ["CustomSeparator", flag], bad, expect="invalid", now=float(T0))

    for i in range(30):
        alg = rng.choice(ALGORITHMS)
        g = vf.group("sign", "random configuration %d" % i, algorithm=alg, salt=rand_str(6),
                     **key_fields(rng.choice(["rk%d" % i, bytes(rng.randrange(256) for _ in range(16))])))
        for _ in range(5):
            ts = rng.choice([rng.randint(-2**40, 2**40), rng.randint(0, 2**33)])
            age = rng.choice([0, 1, 59, 3600, 1209600])
            v = rand_str(20)
            g.judge("random", ["Sha1" if alg == "sha1" else "Timestamp", "MaxAge"], g.django_sign(v, timestamp=ts),
                    expect="valid", timestamp=ts, now=float(ts + age), maxAge=age + rng.choice([0, 1, 0.5]))
    return vf.write()


def boundary_payloads():
    """Objects whose compressed size is len(data)-1 and len(data)-2 (each side of the rule)."""
    found = {}
    r = random.Random(77)
    while len(found) < 2:
        s = "".join(r.choice("abcdefgh") for _ in range(r.randint(8, 40)))
        data = pyjson(s).encode()
        d = len(zlib.compress(data)) - len(data)
        if d in (-1, -2) and d not in found:
            found[d] = s
    return [found[-1], found[-2]]


def gen_objects():
    vf = VectorFile("objects.json", "sign_object / unsign_object and signing.dumps / signing.loads.")
    edge = ["\U0001F40D", "\x7f", "\x00\x1f\x08\x0c\n\r\t\"\\", "h\u00e9", "</script>", 2**64, -(2**64), 1e16,
            1e-05, -0.0, 100.0, {"b": 1, "a": 2}, {"z": {"y": [1, 2.5, None, True, False]}}, [], {}, "", 0,
            float("nan"), [float("inf"), float("-inf")], 10**4299, list(range(1, 20)), {"key": "x" * 500},
            "A" * 1000, [{"k": i, "v": "item %d" % i} for i in range(30)]]
    boundary = boundary_payloads()
    for gtype in ("object", "object-untimed"):
        for alg in ("sha256", "sha1", "sha512"):
            kw = {"salt": "django.core.signing"} if gtype == "object" else {}
            g = vf.group(gtype, "%s, %s" % (gtype, alg), key="object-key", algorithm=alg, **kw)
            for obj in edge + [rand_value() for _ in range(25)]:
                for compress in (False, True):
                    tok = g.django_sign(obj=obj, compress=compress, timestamp=T0)
                    flags = ["Object"] + flags_for_obj(obj) + (["Sha1"] if alg == "sha1" else [])
                    if compress:
                        flags.append("Compressed" if tok.startswith(".") else "CompressionNotUsed")
                    extra = {"timestamp": T0, "now": float(T0 + 30), "maxAge": 60} if gtype == "object" else {}
                    g.judge("object", flags, tok, expect="valid", compress=compress, **extra)
            for s in boundary:
                tok = g.django_sign(obj=s, compress=True, timestamp=T0)
                extra = {"timestamp": T0, "now": float(T0)} if gtype == "object" else {}
                g.judge("compression boundary", ["Object", "CompressionBoundary",
                                                 "Compressed" if tok.startswith(".") else "CompressionNotUsed"],
                        tok, expect="valid", compress=True, **extra)
            timed = gtype == "object"
            for compress in (False, True):
                tok = g.django_sign(obj={"user": 42, "cart": list(range(40))}, compress=compress, timestamp=T0)
                for flag, comment, bad in tamper_variants(tok, ":", timed):
                    g.judge(comment, ["Object", flag], bad, expect="invalid", now=float(T0))
            if timed:
                tok = g.django_sign(obj=[1, 2], timestamp=T0)
                g.judge("expired", ["Object", "Expired"], tok, expect="invalid", now=float(T0 + 61), maxAge=60)
                g.judge("age == maxAge", ["Object", "ExpiryBoundary"], tok, expect="valid", timestamp=T0,
                        now=float(T0 + 60), maxAge=60)

    # salts for dumps
    for salt, flags in [("", ["EmptySalt"]), ("my.salt", ["CustomSalt"])]:
        g = vf.group("object", "dumps salt %r" % salt, key="object-key", salt=salt)
        g.judge("dumps", ["Object"] + flags, g.django_sign(obj={"a": 1}, timestamp=T0), expect="valid",
                compress=False, timestamp=T0, now=float(T0))

    # rotation
    g = vf.group("object", "rotation", key="new", fallbackKeys=["old"], salt="django.core.signing")
    g.judge("loads with fallback key", ["Object", "KeyRotation", "SignedWithFallback", "VerifyOnly"],
            g.django_sign(obj={"a": [1, 2]}, timestamp=T0, key="old"), expect="valid", compress=False, now=float(T0))

    # key holder payloads: what Django reads but never writes
    for gtype in ("object", "object-untimed"):
        kw = {"salt": "django.core.signing"} if gtype == "object" else {}
        g = vf.group(gtype, "key holder payloads (%s)" % gtype, key="holder-key", **kw)
        ts = T0 if gtype == "object" else None
        extra = {"now": float(T0)} if gtype == "object" else {}

        def signed(payload):
            return g.key_holder_sign(payload, timestamp=ts)

        def b64(data):
            return base64.urlsafe_b64encode(data).decode().rstrip("=")

        canon = b64(b'{"a":1}')
        std_alphabet = b64(b'["\xf8\xfb\xff"]')
        assert "-" in std_alphabet and "_" in std_alphabet, std_alphabet
        std_alphabet = std_alphabet.replace("-", "+").replace("_", "/")
        cases = [
            ("padding kept", canon + "=" * (-len(canon) % 4), ["LenientBase64"], "valid"),
            ("standard alphabet", std_alphabet, ["LenientBase64", "Latin1"], "valid"),
            ("stray characters", canon[:3] + "!*~!" + canon[3:], ["LenientBase64"], "valid"),
            ("one stray character breaks the padding", canon[:3] + "!" + canon[3:], ["MalformedBase64"], "invalid"),
            ("non-zero trailing bits", b64(b'[12]')[:-1] + "R", ["LenientBase64"], "valid"),
            ("one character too many", canon + "A", ["MalformedBase64"], "invalid"),
            ("latin-1 bytes", b64('"h\u00e9"'.encode("utf-8")), ["Latin1"], "valid"),
            ("latin-1 encoded text", b64('"h\u00e9llo"'.encode("latin-1")), ["Latin1"], "valid"),
            ("duplicate keys", b64(b'{"a":1,"b":2,"a":3}'), ["DuplicateKeys"], "valid"),
            ("whitespace", b64(b' { "a" : [ 1 , 2 ] }\n'), ["JsonWhitespace"], "valid"),
            ("NaN and Infinity", b64(b'[NaN,Infinity,-Infinity,1e400]'), ["NonFinite"], "valid"),
            ("big int", b64(b'[18446744073709551616,-0]'), ["BigInt"], "valid"),
            ("4301-digit int", b64(b"1" * 4301), ["IntTooLong"], "invalid"),
            ("4300-digit int", b64(b"9" * 4300), ["BigInt"], "valid"),
            ("lone surrogate", b64(b'["\\ud800"]'), ["LoneSurrogate"], "acceptable"),
            ("lone surrogate then invalid JSON", b64(b'["\\ud800",]'), ["MalformedJson"], "invalid"),
            ("not JSON", b64(b"{"), ["MalformedJson"], "invalid"),
            ("empty payload", "", ["MalformedJson"], "invalid"),
            ("zlib not marked", b64(zlib.compress(b'{"a":1}')), ["MalformedJson"], "invalid"),
            ("marked compressed but plain", "." + canon, ["MalformedZlib"], "invalid"),
            ("truncated zlib", "." + b64(zlib.compress(b'{"a":"' + b"x" * 100 + b'"}')[:-3]), ["MalformedZlib"], "invalid"),
            ("zlib bad checksum", "." + b64(zlib.compress(b"[1,2,3]")[:-1] + b"\x00"), ["MalformedZlib"], "invalid"),
            ("zlib trailing data", "." + b64(zlib.compress(b"[1,2,3]") + b"junk"), ["TrailingZlibData"], "valid"),
            ("zlib level 9", "." + b64(zlib.compress(b'{"a":"' + b"y" * 200 + b'"}', 9)), ["Compressed"], "valid"),
            ("dot only", ".", ["MalformedZlib"], "invalid"),
        ]
        for comment, payload, flags, expect in cases:
            g.judge(comment, ["Object", "KeyHolderToken", "VerifyOnly"] + flags, signed(payload), expect=expect, **extra)
    return vf.write()


def main():
    assert django.get_version() == "5.2.19", django.get_version()
    assert sys.version_info[:2] == (3, 11), sys.version
    assert zlib.ZLIB_RUNTIME_VERSION == "1.2.13", zlib.ZLIB_RUNTIME_VERSION
    total = 0
    total += gen_signer()
    total += gen_timestamp_signer()
    total += gen_objects()
    for gen in CONTRIB_GENERATORS:
        total += gen()
    print("total %d tests" % total)


# ============================================================================ contrib: sessions
import datetime as _dt  # noqa: E402
import time as _time  # noqa: E402

from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

# Naive _session_expiry datetimes are local time in Django: make local time UTC.
os.environ["TZ"] = "UTC"
_time.tzset()

SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"
POLICIES = ["strict", "django", "django-dev"]
POLICY_FLAG = {"strict": "PolicyStrict", "django": "PolicyDjango", "django-dev": "PolicyDjangoDev"}
# Which versions' judges a policy's tests name: the released rule is every release's, the
# development rule main's; strict (djsign's own) is both rules at once, for any version.
POLICY_VERSIONS = {"strict": VERSIONS, "django": RELEASES, "django-dev": ["main"]}
COOKIE_AGE = 1209600


def add_versions(g, comment, flags, token, now, versions, pol=None, verify_only=False, timestamp=None,
                 **extra):
    """One session test per distinct outcome among `versions`; `pol` None leaves expiryPolicy out:
    each version's own rule applies (the VersionDefaults flag)."""
    outcomes = {}
    for v in versions:
        m = {**g.g, **extra, "now": float(now)}
        if pol:
            m["expiryPolicy"] = pol
        outcomes[v] = session_outcome(m, token, v)
    for vs, (result, payload, error) in group_by_outcome(outcomes):
        f = flags + (["VerifyOnly"] if verify_only else []) + ([] if pol else ["VersionDefaults"])
        g.add(comment, f, result, vs, expiryPolicy=pol, token=token, now=float(now), payloadJson=payload,
              error=error, timestamp=timestamp if result == "valid" else None, **extra)


def session_settings(m):
    return override_settings(SECRET_KEY=m["key"], SECRET_KEY_FALLBACKS=list(m.get("fallbackKeys", [])),
                             SESSION_COOKIE_AGE=m.get("cookieAge", COOKIE_AGE))


def classify_session(e):
    if isinstance(e, AttributeError):
        return "type-mismatch"
    try:
        return classify(e)
    except AssertionError:
        pass
    if isinstance(e, (ValueError, TypeError, OverflowError)):
        return "malformed-session-expiry"
    raise AssertionError("unclassified %r" % (e,))


def released_load(m, token, version=RUNNING):
    """Released Django (4.2 to 6.1, the running one): what SessionStore.load() does inside its
    `try`; with `version` main, the same with main's UTF-8 codec."""
    age = m.get("cookieAge", COOKIE_AGE)
    with session_settings(m), at(m["now"]), codec(version):
        try:
            res = (True, signing.loads(token, salt=SESSION_SALT, max_age=age))
        except Exception as e:  # recorded: this is Django's outcome
            res = (False, classify_session(e))
        # and the real SessionStore agrees (it resets to {} on any failure)
        store = SessionStore(session_key=token)
        loaded = store.load()
        assert (loaded == res[1]) if res[0] else (loaded == {}), (token, loaded, res)
    return res


def dev_load(m, token, version="main"):
    """Django's development branch (ticket #27775 fix), restated in our own words on the running
    Django's primitives, because that branch cannot be installed: verify without max_age,
    then the session expires at _session_expiry (an ISO datetime) or at the signing time plus
    _session_expiry seconds (or SESSION_COOKIE_AGE when that is falsy), compared with <=.
    vectors/crosscheck_django_main.py runs the branch's own file on every such test."""
    with session_settings(m), at(m["now"]), codec(version):
        try:
            data = signing.TimestampSigner(salt=SESSION_SALT).unsign_object(token)
            ts = signing.b62_decode(token.rsplit(":", 2)[1])
            expiry = data.get("_session_expiry")
            if isinstance(expiry, str):
                expiry = _dt.datetime.fromisoformat(expiry)
                zone = expiry.tzinfo
            else:
                zone = _dt.timezone.utc
            modification = _dt.datetime.fromtimestamp(ts, tz=zone)
            when = SessionStore().get_expiry_date(modification=modification, expiry=expiry)
            if when <= _dt.datetime.fromtimestamp(m["now"], tz=zone):
                return False, "session-expired"
            return True, data
        except Exception as e:  # recorded: this is the branch's outcome
            return False, classify_session(e)


def unsupported_iso(data):
    """djsign reads the extended calendar form only (SPEC.md D7)."""
    exp = data.get("_session_expiry") if isinstance(data, dict) else None
    if not isinstance(exp, str):
        return False
    date = exp[:10]
    return not (len(date) == 10 and date[4] == "-" and date[7] == "-")


def is_pickle(token):
    """The payload of a (verified) session token is a pickle: PROTO 2+ ... STOP."""
    data = signing.b64_decode(token.rsplit(":", 2)[0].lstrip(".").encode())
    if token.startswith("."):
        data = zlib.decompress(data)
    return len(data) > 2 and data[0] == 0x80 and 2 <= data[1] <= 5 and data[-1:] == b"."


def session_outcome(m, token, version=RUNNING):
    """(result, payloadJson or None, error or None) of `version` under m["expiryPolicy"], or
    under the version's own rule when the test does not set one."""
    rel = released_load(m, token, version)
    dev = dev_load(m, token, version)
    pol = m.get("expiryPolicy") or default_policy(version)
    if pol == "django":
        ok, res = rel
    elif pol == "django-dev":
        ok, res = dev
    else:
        ok, res = (rel if not rel[0] else dev)
        if ok:
            res = rel[1]
    if not ok:
        if res == "malformed-json" and detects_pickle(version) and is_pickle(token):
            res = "pickled-payload"  # never unpickled; Django fails on it as JSON
        return "invalid", None, res
    if not isinstance(res, dict):
        return "acceptable", pyjson(res), "type-mismatch"
    if pol != "django" and unsupported_iso(res):
        return "acceptable", pyjson(res), "malformed-session-expiry"
    return "valid", pyjson(res), None


def save_session(key, data, ts, expiry=None, now_for_expiry=None):
    with override_settings(SECRET_KEY=key):
        store = SessionStore()
        store.update(data)
        if expiry is not None:
            with mock.patch("django.utils.timezone.now",
                            return_value=_dt.datetime.fromtimestamp(now_for_expiry or ts, tz=_dt.timezone.utc)):
                store.set_expiry(expiry)
        with at(ts):
            store.save()
        return store.session_key


def gen_sessions():
    vf = VectorFile("sessions.json", "django.contrib.sessions.backends.signed_cookies: load and save, with the three expiry policies.")
    key = "session-vectors-key"
    auth = {"_auth_user_id": "42", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": "a" * 64}

    def add_all(g, comment, flags, token, now, verify_only=False, timestamp=None, **extra):
        for pol in POLICIES:
            add_versions(g, comment, flags + [POLICY_FLAG[pol]], token, now, POLICY_VERSIONS[pol], pol,
                         verify_only, timestamp, **extra)

    g = vf.group("session", "sessions saved by SessionStore", key=key, cookieAge=COOKIE_AGE)
    datas = [auth, {**auth, "cart": {"sku-1": 2, "sku-\u00e9": 1}}, {}, {"greeting": "h\u00e9llo \U0001f40d"},
             {"big": 2**70, "ratio": 0.1, "flags": [True, False, None]}, {"x": "y" * 3000}]
    for data in datas:
        tok = save_session(key, data, T0)
        flags = ["Session"] + (["AuthSession"] if "_auth_user_id" in data else []) + flags_for_obj(data)
        add_all(g, "saved at T0, read 60 s later", flags, tok, T0 + 60, timestamp=T0)
    tok = save_session(key, auth, T0)
    for age_off, comment in [(-1, "one second before the cookie age"), (0, "exactly the cookie age"),
                             (0.5, "half a second past the cookie age"), (1, "one second past the cookie age")]:
        add_all(g, comment, ["Session", "AuthSession", "CookieAge"], tok, T0 + COOKIE_AGE + age_off, timestamp=T0)
    for flag, comment, bad in tamper_variants(tok, ":", True)[:8]:
        add_all(g, comment, ["Session", flag], bad, T0 + 60)
    add_all(g, "another key", ["Session", "WrongKey"], save_session("not-the-key", auth, T0), T0 + 60)

    # custom expiry
    for expiry, flags, label in [(300, ["CustomExpiry"], "set_expiry(300)"),
                                 (0, ["CustomExpiry", "BrowserClose"], "set_expiry(0)"),
                                 (3 * COOKIE_AGE, ["CustomExpiry"], "set_expiry(6 weeks)"),
                                 (_dt.timedelta(hours=1), ["CustomExpiry", "ExpiryDatetime"], "set_expiry(timedelta(hours=1))"),
                                 (_dt.datetime.fromtimestamp(T0 + 600, tz=_dt.timezone(_dt.timedelta(hours=5, minutes=30))),
                                  ["CustomExpiry", "ExpiryDatetime"], "set_expiry(aware datetime +05:30)"),
                                 (_dt.datetime.fromtimestamp(T0 + 600, tz=_dt.timezone.utc).replace(tzinfo=None, microsecond=250000),
                                  ["CustomExpiry", "ExpiryDatetime", "NaiveExpiry"], "set_expiry(naive datetime)")]:
        tok = save_session(key, {**auth}, T0, expiry=expiry)
        for now, when in [(T0 + 1, "1 s"), (T0 + 299, "299 s"), (T0 + 300, "300 s"), (T0 + 301, "301 s"),
                          (T0 + 600, "600 s"), (T0 + 600.25, "600.25 s"), (T0 + 3600, "1 h"),
                          (T0 + COOKIE_AGE, "the cookie age"), (T0 + COOKIE_AGE + 1, "the cookie age + 1 s"),
                          (T0 + 3 * COOKIE_AGE, "6 weeks")]:
            add_all(g, "%s, read after %s" % (label, when), ["Session", "AuthSession"] + flags, tok, now, timestamp=T0)

    # another cookie age, and rotation
    g2 = vf.group("session", "SESSION_COOKIE_AGE = 3600, key rotation", key="new-session-key",
                  fallbackKeys=["old-session-key"], cookieAge=3600)
    for signer_key, extra in [("new-session-key", []), ("old-session-key", ["KeyRotation", "SignedWithFallback"])]:
        tok = save_session(signer_key, auth, T0)
        for now in (T0 + 3599, T0 + 3600, T0 + 3601):
            add_all(g2, "cookie age 3600, read at +%d" % (now - T0), ["Session", "CookieAge"] + extra, tok, now,
                    verify_only=bool(extra), timestamp=T0)
        tok = save_session(signer_key, auth, T0, expiry=60)
        for now in (T0 + 59, T0 + 60):
            add_all(g2, "set_expiry(60), read at +%d" % (now - T0), ["Session", "CustomExpiry"] + extra, tok, now,
                    verify_only=bool(extra), timestamp=T0)

    # payloads only a key holder makes
    g3 = vf.group("session", "key holder sessions", key=key, cookieAge=COOKIE_AGE)
    holder = signing.TimestampSigner(key=key, salt=SESSION_SALT)
    for payload, flags, label in [
        ({"_session_expiry": "garbage"}, ["MalformedExpiry"], "_session_expiry 'garbage'"),
        ({"_session_expiry": ""}, ["MalformedExpiry"], "_session_expiry ''"),
        ({"_session_expiry": [1]}, ["MalformedExpiry"], "_session_expiry [1]"),
        ({"_session_expiry": 10**30}, ["MalformedExpiry"], "_session_expiry 10**30"),
        ({"_session_expiry": True}, ["CustomExpiry"], "_session_expiry true (one second)"),
        ({"_session_expiry": 1.5}, ["CustomExpiry"], "_session_expiry 1.5"),
        ({"_session_expiry": -5}, ["CustomExpiry"], "_session_expiry -5"),
        ({"_session_expiry": None}, ["CustomExpiry"], "_session_expiry null"),
        ({"_session_expiry": "2023-11-14T22:15:00Z"}, ["CustomExpiry", "ExpiryDatetime"], "'Z' suffix"),
        ({"_session_expiry": "2023-11-14 22:15:00+00:00"}, ["CustomExpiry", "ExpiryDatetime"], "space separator"),
        ({"_session_expiry": "2023-11-14T22:15+0100"}, ["CustomExpiry", "ExpiryDatetime"], "+0100 offset"),
        ({"_session_expiry": "2023-11-14T22:15:00,5"}, ["CustomExpiry", "ExpiryDatetime", "NaiveExpiry"], "comma fraction"),
        ({"_session_expiry": "2023-11-14"}, ["CustomExpiry", "ExpiryDatetime", "NaiveExpiry"], "date only"),
        ({"_session_expiry": "2023-W46-3T00:00:00+00:00"}, ["CustomExpiry", "UnsupportedIsoForm"], "week date"),
        ({"_session_expiry": "20231115T000000+00:00"}, ["CustomExpiry", "UnsupportedIsoForm"], "basic format"),
        ({"_session_expiry": "2023-11-14T25:00:00"}, ["MalformedExpiry"], "hour 25"),
        ([1, 2, 3], ["NotADict"], "a list"),
        ("just a string", ["NotADict"], "a string"),
    ]:
        with at(T0):
            tok = holder.sign_object(payload, compress=True)
        for now in (T0 + 1, T0 + 3600):
            add_all(g3, "%s, read at +%d" % (label, now - T0), ["Session", "KeyHolderToken"] + flags, tok, now,
                    verify_only=True)

    # Django 4.2 sessions, pickled and JSON
    d42 = json.load(open(os.path.join(HERE, "inputs", "django42.json"), encoding="ascii"))
    assert d42["django"] == "4.2.30"
    g4 = vf.group("session", "sessions saved by Django 4.2.30", key=d42["sessions"][0]["key"], cookieAge=COOKIE_AGE)
    for s42 in d42["sessions"]:
        pickled = s42["serializer"] == "PickleSerializer"
        flags = ["Session", "Django42"] + (["PickleSession"] if pickled else [])
        for pol in POLICIES + [None]:
            add_versions(g4, "Django 4.2 %s session" % s42["serializer"],
                         flags + ([POLICY_FLAG[pol]] if pol else []), s42["token"], T0 + 60,
                         POLICY_VERSIONS[pol] if pol else VERSIONS, pol, verify_only=True)

    # each version's own expiry rule (no expiryPolicy): released Django ignores the session's
    # expiry, main honours it (#27775)
    g5 = vf.group("session", "each version's own expiry rule", key=key, cookieAge=COOKIE_AGE)
    tok = save_session(key, auth, T0)
    for now in (T0 + 60, T0 + COOKIE_AGE - 1, T0 + COOKIE_AGE, T0 + COOKIE_AGE + 1):
        add_versions(g5, "no custom expiry, read at +%d" % (now - T0), ["Session", "CookieAge"], tok, now,
                     VERSIONS, timestamp=T0)
    for expiry, label in [(300, "set_expiry(300)"), (0, "set_expiry(0)"), (3 * COOKIE_AGE, "set_expiry(6 weeks)"),
                          (_dt.datetime.fromtimestamp(T0 + 600, tz=_dt.timezone.utc), "set_expiry(aware datetime)")]:
        tok = save_session(key, auth, T0, expiry=expiry)
        for now in (T0 + 299, T0 + 301, T0 + 601, T0 + COOKIE_AGE + 1):
            add_versions(g5, "%s, read at +%d" % (label, now - T0), ["Session", "CustomExpiry"], tok, now,
                         VERSIONS, timestamp=T0)
    return vf.write()


# ======================================================================= contrib: signed cookies
def v2_salt(name, salt):
    """signing._cookie_signer_salt of Django >= 5.2.15, spelled out (4.2 has no such function)."""
    return "django.http.cookies.v2:%d:%s%s" % (len(salt), salt, name)


def cookie_get(m, token, version=RUNNING):
    """HttpRequest.get_signed_cookie of `version`, with the scheme that verified.

    With legacySaltFallback in the test, the setting is given (versions that have it). Without,
    the version's default applies: the running Django's own when `version` is the running one
    (check_django.py, any release); otherwise this script states it on the running Django's
    primitives: 4.2 reads the legacy salt only, 5.2 and 6.0 fall back to it, 6.1 and main do not."""
    over = {"SECRET_KEY": m["key"], "SECRET_KEY_FALLBACKS": list(m.get("fallbackKeys", []))}
    legacy_only = False
    if "legacySaltFallback" in m:
        assert version != "4.2", "4.2 has no SIGNED_COOKIE_LEGACY_SALT_FALLBACK"
        over["SIGNED_COOKIE_LEGACY_SALT_FALLBACK"] = m["legacySaltFallback"]
    elif version != RUNNING:
        legacy_only = default_legacy_fallback(version) is None
        if not legacy_only:
            over["SIGNED_COOKIE_LEGACY_SALT_FALLBACK"] = default_legacy_fallback(version)
    with override_settings(**over), at(m["now"]):
        name, salt, max_age = m["cookieName"], m["cookieSalt"], m.get("maxAge")
        try:
            if legacy_only:  # Django 4.2's get_signed_cookie
                value = signing.get_cookie_signer(salt=name + salt).unsign(token, max_age=max_age)
            else:
                req = HttpRequest()
                req.COOKIES[name] = token
                value = req.get_signed_cookie(name, salt=salt, max_age=max_age)
        except Exception as e:  # recorded: Django's outcome
            return False, classify(e), None
        try:
            signing.get_cookie_signer(salt=v2_salt(name, salt)).unsign(token, max_age=max_age)
            scheme = "v2"
        except signing.BadSignature:
            scheme = "legacy"
        return True, value, scheme


def cookie_set(key, name, salt, value, ts, legacy=False, fallbacks=(), version=RUNNING):
    """The cookie value of `legacy` or v2 salt: set_signed_cookie's own when that is what the
    running Django writes, get_cookie_signer with the other salt otherwise."""
    with override_settings(SECRET_KEY=key, SECRET_KEY_FALLBACKS=list(fallbacks)), at(ts):
        if (cookie_salt_written(version) == "legacy") != legacy or version != RUNNING:
            # legacy: what Django 4.2 and <= 5.2.14 write; v2: what >= 5.2.15 write
            return signing.get_cookie_signer(salt=name + salt if legacy else v2_salt(name, salt)).sign(value)
        response = HttpResponse()
        response.set_signed_cookie(name, value, salt=salt)
        return response.cookies[name].value


def judge_cookie(g, comment, flags, token, scheme, verify_only=False, **fields):
    """One test per distinct outcome: with legacySaltFallback set, among the versions that
    have the setting; without, among all, each with its own default."""
    m = {**g.g, **fields}
    versions = VERSIONS[1:] if "legacySaltFallback" in m else VERSIONS
    outcomes = {}
    for v in versions:
        ok, res, got_scheme = cookie_get(m, token, v)
        if ok:
            assert got_scheme == scheme, (comment, got_scheme, scheme)
        outcomes[v] = (ok, res)
    extra = [] if "legacySaltFallback" in m else ["VersionDefaults"]
    for vs, (ok, res) in group_by_outcome(outcomes):
        if ok:
            g.add(comment, flags + extra + (["VerifyOnly"] if verify_only else []), "valid", vs, token=token,
                  value=res, saltScheme=scheme, **fields)
        else:
            g.add(comment, flags + extra, "invalid", vs, token=token, error=res, saltScheme=scheme, **fields)


def gen_signed_cookies():
    vf = VectorFile("signed_cookies.json", "HttpResponse.set_signed_cookie / HttpRequest.get_signed_cookie, v2 and legacy salts.")
    key = "cookie-vectors-key"

    judge = judge_cookie

    for name, salt in [("prefs", ""), ("prefs", "ui"), ("seance", "s\u00e4lt \U0001F9C2"), ("a", "bc"), ("x" * 50, "y" * 50)]:
        for fb in (True, False):
            g = vf.group("signed-cookie", "cookie %r, salt %r, legacy fallback %s" % (name, salt, fb), key=key,
                         cookieName=name, cookieSalt=salt, legacySaltFallback=fb)
            for value in ("dark", "", "v\u00e4lue \U0001f40d", "a:b"):
                for legacy in (False, True):
                    tok = cookie_set(key, name, salt, value, T0, legacy=legacy)
                    scheme = "legacy" if legacy else "v2"
                    flags = ["SignedCookie", "LegacySalt" if legacy else "V2Salt"] + ([] if fb else ["LegacyFallbackOff"])
                    judge(g, "%s cookie %r" % (scheme, value), flags, tok, scheme, timestamp=T0, now=float(T0 + 10))
                    judge(g, "%s cookie, max_age 60 at +60" % scheme, flags + ["ExpiryBoundary"], tok, scheme,
                          timestamp=T0, now=float(T0 + 60), maxAge=60)
                    judge(g, "%s cookie, max_age 60 at +61" % scheme, flags + ["Expired"], tok, scheme,
                          now=float(T0 + 61), maxAge=60)
            tok = cookie_set(key, name, salt, "dark", T0)
            for flag, comment, bad in tamper_variants(tok, ":", True)[:6]:
                judge(g, comment, ["SignedCookie", flag], bad, "v2", now=float(T0))
            judge(g, "another key", ["SignedCookie", "WrongKey"], cookie_set("other", name, salt, "dark", T0), "v2",
                  now=float(T0))
            judge(g, "another salt", ["SignedCookie", "WrongSalt"], cookie_set(key, name, salt + "x", "dark", T0), "v2",
                  now=float(T0))

    # expiry under v2 never falls back: a legacy token that is also expired under v2 does not arise,
    # but an expired v2 token must report expiry even with the fallback on
    g = vf.group("signed-cookie", "no legacy retry after expiry", key=key, cookieName="prefs", cookieSalt="",
                 legacySaltFallback=True)
    tok = cookie_set(key, "prefs", "", "dark", T0)
    judge(g, "expired v2 cookie", ["SignedCookie", "V2Salt", "Expired", "NoFallbackAfterExpiry"], tok, "v2",
          now=float(T0 + 100), maxAge=10)

    # the legacy collision
    for fb in (True, False):
        g = vf.group("signed-cookie", "legacy salt collision, fallback %s" % fb, key=key, cookieName="a",
                     cookieSalt="bc", legacySaltFallback=fb)
        for legacy in (True, False):
            tok = cookie_set(key, "ab", "c", "forged", T0, legacy=legacy)
            scheme = "legacy" if legacy else "v2"
            judge(g, "cookie ('ab', salt 'c') presented as ('a', salt 'bc'), %s salt" % scheme,
                  ["SignedCookie", "SaltCollision", "LegacySalt" if legacy else "V2Salt"] + ([] if fb else ["LegacyFallbackOff"]),
                  tok, scheme, verify_only=True, now=float(T0))

    # rotation: cookie key prefix applies to fallbacks too
    g = vf.group("signed-cookie", "key rotation", key="new-cookie-key", fallbackKeys=["old-cookie-key"],
                 cookieName="prefs", cookieSalt="", legacySaltFallback=True)
    for legacy in (False, True):
        scheme = "legacy" if legacy else "v2"
        tok = cookie_set("old-cookie-key", "prefs", "", "dark", T0, legacy=legacy)
        judge(g, "%s cookie signed with the fallback key" % scheme,
              ["SignedCookie", "KeyRotation", "SignedWithFallback", "LegacySalt" if legacy else "V2Salt"], tok, scheme,
              verify_only=True, now=float(T0))
        tok = cookie_set("new-cookie-key", "prefs", "", "dark", T0, legacy=legacy)
        judge(g, "%s cookie signed with the key" % scheme,
              ["SignedCookie", "KeyRotation", "LegacySalt" if legacy else "V2Salt"], tok, scheme, timestamp=T0,
              now=float(T0))
        tok = cookie_set("retired-key", "prefs", "", "dark", T0, legacy=legacy)
        judge(g, "%s cookie signed with a retired key" % scheme, ["SignedCookie", "KeyRotation", "WrongKey"], tok,
              scheme, now=float(T0))

    # cookies set by Django 4.2
    d42 = json.load(open(os.path.join(HERE, "inputs", "django42.json"), encoding="ascii"))
    for c in d42["signedCookies"]:
        for fb in (True, False):
            g = vf.group("signed-cookie", "set by Django 4.2.30", key=c["key"], cookieName=c["cookieName"],
                         cookieSalt=c["cookieSalt"], legacySaltFallback=fb)
            judge(g, "Django 4.2 set_signed_cookie", ["SignedCookie", "Django42", "LegacySalt"] +
                  ([] if fb else ["LegacyFallbackOff"]), c["token"], "legacy", timestamp=c["timestamp"],
                  now=float(c["timestamp"] + 5))

    # each version's own salts (no legacySaltFallback): 4.2 reads and writes the legacy salt
    # only, 5.2 and 6.0 fall back to it, 6.1 and main refuse it
    for name, salt in [("prefs", ""), ("prefs", "ui"), ("seance", "s\u00e4lt \U0001F9C2")]:
        g = vf.group("signed-cookie", "cookie %r, salt %r, each version's own salts" % (name, salt), key=key,
                     cookieName=name, cookieSalt=salt)
        for value in ("dark", "v\u00e4lue \U0001f40d"):
            for legacy in (False, True):
                tok = cookie_set(key, name, salt, value, T0, legacy=legacy)
                scheme = "legacy" if legacy else "v2"
                flags = ["SignedCookie", "LegacySalt" if legacy else "V2Salt"]
                judge(g, "%s cookie %r" % (scheme, value), flags, tok, scheme, timestamp=T0, now=float(T0 + 10))
                judge(g, "%s cookie, max_age 60 at +61" % scheme, flags + ["Expired"], tok, scheme,
                      now=float(T0 + 61), maxAge=60)
    g = vf.group("signed-cookie", "legacy salt collision, each version's own salts", key=key, cookieName="a",
                 cookieSalt="bc")
    for legacy in (True, False):
        scheme = "legacy" if legacy else "v2"
        judge(g, "cookie ('ab', salt 'c') presented as ('a', salt 'bc'), %s salt" % scheme,
              ["SignedCookie", "SaltCollision", "LegacySalt" if legacy else "V2Salt"],
              cookie_set(key, "ab", "c", "forged", T0, legacy=legacy), scheme, verify_only=True, now=float(T0))
    for c in d42["signedCookies"]:
        g = vf.group("signed-cookie", "set by Django 4.2.30, each version's own salts", key=c["key"],
                     cookieName=c["cookieName"], cookieSalt=c["cookieSalt"])
        judge(g, "Django 4.2 set_signed_cookie", ["SignedCookie", "Django42", "LegacySalt"], c["token"], "legacy",
              timestamp=c["timestamp"], now=float(c["timestamp"] + 5))
    return vf.write()


# ============================================================================ the facts sheet
def gen_quirks():
    """One test per statement of ../shared/django-signing-facts.md, each comment starting with a
    stable id in brackets (tests/facts_sheet.rs looks them up by it)."""
    vf = VectorFile("quirks.json", "Django's behaviours and quirks, one test per statement of djsign's facts sheet.")
    Q = "QuirkFromFactsSheet"

    g = vf.group("sign-untimed", "Signer defaults", key="predictable-secret")
    g.judge("[signer-default-salt] Signer(key).sign(v) uses salt 'django.core.signing.Signer' and ':'", [Q, "DefaultSalt"],
            g.django_sign("hello"), expect="valid")
    g.judge("[rsplit-last-sep] the value may contain the separator; unsign splits at the last one", [Q, "SeparatorInValue"],
            g.django_sign("a:b:c"), expect="valid")
    g.judge("[no-sep] a token without the separator: BadSignature('No \":\" found in value')", [Q, "NoSeparator"],
            "no separator here", expect="invalid")
    tok = g.django_sign("hello")
    g.judge("[sig-string-compare] Django compares signature strings: a padded signature is refused", [Q, "NonCanonicalSignature"],
            tok + "=", expect="invalid")
    g = vf.group("sign-untimed", "facts sheet: Django's own test values", key="predictable-secret", algorithm="sha1")
    g.judge("[django-test-sha1] Signer(key='predictable-secret', algorithm='sha1').sign('hello')", [Q, "Sha1"],
            g.django_sign("hello"), expect="valid")
    g = vf.group("sign-untimed", "facts sheet", key="predictable-secret", algorithm="sha512")
    g.judge("[django-test-sha512] Signer(key='predictable-secret', algorithm='sha512').sign('hello')", [Q, "Sha2"],
            g.django_sign("hello"), expect="valid")
    g = vf.group("sign-untimed", "facts sheet", keyHex="e7", salt="s")
    g.judge("[bytes-key] Signer(key=b'\\xe7', salt='s').sign('foo')", [Q, "BytesKey"], g.django_sign("foo"), expect="valid")
    g = vf.group("sign-untimed", "facts sheet: rotation", key="current", fallbackKeys=["previous"])
    g.judge("[rotation-verify] unsign tries the key, then SECRET_KEY_FALLBACKS", [Q, "KeyRotation", "SignedWithFallback", "VerifyOnly"],
            g.django_sign("hello", key="previous"), expect="valid")
    g.judge("[rotation-sign] sign uses the key only", [Q, "KeyRotation"], g.django_sign("hello"), expect="valid")
    for sep, ident in [("^", "sep-caret"), ("", "sep-empty"), ("a", "sep-letters"), ("=", "sep-equals")]:
        g = vf.group("sign-untimed", "facts sheet: separators", key="k", sep=sep)
        g.add("[%s] Signer(sep=%r) raises ValueError (^[A-z0-9-_=]*$ matches)" % (ident, sep), [Q, "InvalidSeparator"],
              "invalid", value="x", error="invalid-separator")
    for sep, ident in [(".", "sep-dot"), ("/", "sep-slash"), (",", "sep-comma"), ("*sep*", "sep-multi"), (":a", "sep-colon-a"),
                       ("::", "sep-double-colon")]:
        g = vf.group("sign-untimed", "facts sheet: separators", key="k", sep=sep)
        g.judge("[%s] Signer(sep=%r) is allowed" % (ident, sep), [Q, "CustomSeparator"], g.django_sign("x"), expect="valid")

    g = vf.group("sign", "facts sheet: TimestampSigner", key="predictable-secret")
    g.judge("[timestamp-sign] TimestampSigner.sign(v) = Signer.sign(v + ':' + b62(int(time.time())))", [Q, "Timestamp"],
            g.django_sign("hello", timestamp=T0), expect="valid", timestamp=T0, now=float(T0))
    g.judge("[b62-zero] b62_encode(0) == '0'", [Q, "ZeroTimestamp"], g.django_sign("hello", timestamp=0), expect="valid",
            timestamp=0, now=0.0, maxAge=0)
    g.judge("[b62-negative] negative timestamps get a leading '-'", [Q, "NegativeTimestamp"],
            g.django_sign("hello", timestamp=-3844), expect="valid", timestamp=-3844, now=-3844.0, maxAge=0)
    tok = g.django_sign("hello", timestamp=T0)
    g.judge("[age-equals-max-age] age == max_age passes: expired iff age > max_age", [Q, "ExpiryBoundary"], tok, expect="valid",
            timestamp=T0, now=float(T0 + 30), maxAge=30)
    g.judge("[age-over-max-age] age > max_age: SignatureExpired", [Q, "Expired"], tok, expect="invalid", now=float(T0 + 30.5),
            maxAge=30)
    g.judge("[fractional-max-age] max_age may be a float", [Q, "FractionalMaxAge", "ExpiryBoundary"], tok, expect="valid",
            timestamp=T0, now=float(T0 + 30.5), maxAge=30.5)
    for ts_text, ident, expect, flags in [("", "b62-empty", "invalid", ["MalformedTimestamp"]),
                                          ("-", "b62-dash", "valid", ["Base62Quirk"]),
                                          ("00", "b62-leading-zeros", "valid", ["Base62Quirk"]),
                                          ("-0", "b62-minus-zero", "valid", ["Base62Quirk"]),
                                          ("+1", "b62-plus", "invalid", ["MalformedTimestamp"])]:
        g.judge("[%s] b62_decode(%r)" % (ident, ts_text), [Q, "KeyHolderToken", "VerifyOnly"] + flags,
                g.key_holder_sign("hello", timestamp=ts_text), expect=expect, now=float(T0))
    t = g.judge("[b62-unbounded] Python ints are unbounded: a 2**63 timestamp is accepted by Django",
                [Q, "KeyHolderToken", "VerifyOnly", "TimestampOutOfRange"],
                g.key_holder_sign("hello", timestamp=signing.b62_encode(2**63)), expect="acceptable", now=float(T0), maxAge=60)
    t["error"] = "malformed-timestamp"
    g.judge("[timestamp-missing] a signed value without a timestamp: ValueError", [Q, "MissingTimestamp", "KeyHolderToken", "VerifyOnly"],
            signing.Signer(key="predictable-secret", salt="django.core.signing.TimestampSigner").sign("hello"),
            expect="invalid", now=float(T0))

    g = vf.group("object", "facts sheet: dumps", key="predictable-secret", salt="django.core.signing")
    for ident, obj, flags in [("json-non-bmp", "\U0001F40D", ["NonBmp", "JsonEscapes"]), ("json-del", "\x7f", ["JsonEscapes"]),
                              ("json-controls", "\n\r\t\b\f\"\\\x01", ["JsonEscapes"]),
                              ("json-no-escape-slash-lt", "/<>", []), ("json-big-int", 2**64, ["BigInt"]),
                              ("json-1e16", 1e16, ["FloatRepr"]), ("json-1e-05", 1e-05, ["FloatRepr"]),
                              ("json-100.0", 100.0, ["FloatRepr"]), ("json-minus-zero", -0.0, ["FloatRepr"]),
                              ("json-key-order", {"b": 1, "a": 2}, ["KeyOrder"]), ("json-nan", float("nan"), ["NonFinite"])]:
        g.judge("[%s] dumps(%r)" % (ident, obj), [Q, "Object"] + flags, g.django_sign(obj=obj, timestamp=T0), expect="valid",
                compress=False, timestamp=T0, now=float(T0))
    a, b = boundary_payloads()
    for ident, obj in [("compress-boundary-minus-1", a), ("compress-boundary-minus-2", b)]:
        tok = g.django_sign(obj=obj, compress=True, timestamp=T0)
        g.judge("[%s] compression kept only if len(zlib(data)) < len(data) - 1" % ident,
                [Q, "Object", "CompressionBoundary", "Compressed" if tok.startswith(".") else "CompressionNotUsed"], tok,
                expect="valid", compress=True, timestamp=T0, now=float(T0))
    g.judge("[empty-salt-dumps] dumps(salt='') uses 'django.core.signing.TimestampSigner'", [Q, "Object", "EmptySalt"],
            g.django_sign(obj=[1], timestamp=T0, salt=""), expect="valid", compress=False, timestamp=T0, now=float(T0), salt="")

    def b64(data):
        return base64.urlsafe_b64encode(data).decode().rstrip("=")
    for ident, payload, flags, expect in [
        ("b64-lenient-plus-slash", b64(b'["\xf8\xfb\xff"]').replace("-", "+").replace("_", "/"), ["LenientBase64", "Latin1"], "valid"),
        ("b64-trailing-bits", b64(b"[12]")[:-1] + "R", ["LenientBase64"], "valid"),
        ("loads-latin1", b64('"h\u00e9"'.encode()), ["Latin1"], "valid"),
        ("loads-nan", b64(b"[NaN,Infinity,-Infinity]"), ["NonFinite"], "valid"),
        ("loads-duplicate-keys", b64(b'{"a":1,"b":2,"a":3}'), ["DuplicateKeys"], "valid"),
        ("loads-big-int", b64(b"18446744073709551616"), ["BigInt"], "valid"),
        ("loads-whitespace", b64(b' [1 , 2]\n'), ["JsonWhitespace"], "valid"),
        ("loads-lone-surrogate", b64(b'"\\ud800"'), ["LoneSurrogate"], "acceptable"),
    ]:
        g.judge("[%s] a key holder's payload" % ident, [Q, "Object", "KeyHolderToken", "VerifyOnly"] + flags,
                g.key_holder_sign(payload, timestamp=T0), expect=expect, now=float(T0))

    # the "Django versions" table of the facts sheet: one statement per row, one test per
    # distinct outcome among the versions
    g = vf.group("object", "facts sheet: Django versions, JSONSerializer bytes", key="predictable-secret",
                 salt="django.core.signing")
    g.judge("[v-codec-utf8] b'{\"text\":\"h\\xc3\\xa9llo\"}': latin-1 in the releases, UTF-8 on main",
            [Q, "Object", "KeyHolderToken", "VerifyOnly", "Latin1"],
            g.key_holder_sign(b64('{"text":"h\u00e9llo"}'.encode("utf-8")), timestamp=T0), now=float(T0))
    g.judge("[v-codec-not-utf8] b'{\"text\":\"h\\xe9llo\"}': latin-1 text, not UTF-8",
            [Q, "Object", "KeyHolderToken", "VerifyOnly", "Latin1"],
            g.key_holder_sign(b64('{"text":"h\u00e9llo"}'.encode("latin-1")), timestamp=T0), now=float(T0))
    key = "facts-versions-key"
    g = vf.group("signed-cookie", "facts sheet: Django versions, signed-cookie salts", key=key, cookieName="prefs",
                 cookieSalt="ui")
    for legacy in (False, True):
        scheme = "legacy" if legacy else "v2"
        judge_cookie(g, "[v-cookie-%s] a %s-salted cookie, read with each version's defaults" % (scheme, scheme),
                     [Q, "SignedCookie", "LegacySalt" if legacy else "V2Salt"],
                     cookie_set(key, "prefs", "ui", "dark", T0, legacy=legacy), scheme, timestamp=T0, now=float(T0 + 1))
    g = vf.group("session", "facts sheet: Django versions, session expiry", key=key, cookieAge=COOKIE_AGE)
    tok = save_session(key, {"_auth_user_id": "42"}, T0, expiry=300)
    add_versions(g, "[v-session-expiry] set_expiry(300), read at +301: ignored by the releases, honoured by main",
                 [Q, "Session", "CustomExpiry"], tok, T0 + 301, VERSIONS, timestamp=T0)
    d42 = json.load(open(os.path.join(HERE, "inputs", "django42.json"), encoding="ascii"))
    s42 = d42["sessions"][0]
    assert s42["serializer"] == "PickleSerializer"
    g = vf.group("session", "facts sheet: Django versions, pickled sessions", key=s42["key"], cookieAge=COOKIE_AGE)
    add_versions(g, "[v-pickle] a Django 4.2 PickleSerializer session: named on 4.2, not JSON after",
                 [Q, "Session", "Django42", "PickleSession"], s42["token"], T0 + 60, VERSIONS, verify_only=True)
    return vf.write()


CONTRIB_GENERATORS = [gen_quirks, gen_sessions, gen_signed_cookies]

if __name__ == "__main__":
    main()
