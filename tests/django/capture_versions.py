"""Capture what one Django release does where the releases differ, for tests/versions.rs.

    .venv42/bin/python tests/django/capture_versions.py --out tests/data/django_versions/4.2.json
    (likewise .venv for 5.2, .venv60 for 6.0, .venv61 for 6.1; scripts/test.sh runs all four)

Every token and every outcome below comes from the running Django (set_signed_cookie,
get_signed_cookie, SessionStore.save/load, signing.loads, salted_hmac), with its own default
settings: nothing is overridden where the releases differ. The few inputs Django never writes
(payloads with raw non-ASCII bytes, a pickle under the session salt, cookies under the other
release's salt) are made with the same release's own Signer, as a key holder could.
Deterministic (fixed keys and clocks), so scripts/test.sh compares a rerun with the committed
file byte for byte.

Sections:
- settings: the defaults that differ (SIGNED_COOKIE_LEGACY_SALT_FALLBACK; whether the v2 salt
  and the PickleSerializer exist).
- cookie_set[]: set_signed_cookie(name, value, salt=...) at `timestamp`: the cookie value.
- cookie_get[]: get_signed_cookie(name, salt=..., max_age=...) at `now` of a cookie signed with
  the v2 or the legacy salt (or the legacy salt of another (name, salt) that collides):
  {"value"} or {"error": exception class}.
- sessions[]: SessionStore.save() of `data` with set_expiry(`expiry`) at `timestamp` (the
  cookie), then SessionStore(session_key=cookie).load() at each `now`: {"data"} or
  {"reset": true} (Django's silent empty session).
- loads[]: signing.loads(token, key, max_age=None) of a key holder's payload `payload_hex`:
  {"json": the result as JSONSerializer writes it} or {"error": exception class}.
- pickled_sessions[]: the Django 4.2 sessions of vectors/inputs/django42.json loaded with the
  default SESSION_SERIALIZER and, where it exists, the PickleSerializer.
- salted_hmac: salted_hmac("salt", "value", "secret") without an algorithm: its hex digest and
  whether it warns.
"""

import base64
import datetime
import json
import os
import pickle
import sys
import warnings
import zlib
from unittest import mock

import django
from django.conf import settings

os.environ["TZ"] = "UTC"

settings.configure(
    SECRET_KEY="capture-versions-settings-key-not-used",
    SECRET_KEY_FALLBACKS=[],
    USE_TZ=True,
    INSTALLED_APPS=["django.contrib.sessions"],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
)
django.setup()

from django.conf import global_settings  # noqa: E402
from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.core import signing  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils.crypto import salted_hmac  # noqa: E402

VERSION = ".".join(django.get_version().split(".")[:2])
assert django.get_version() in ("4.2.30", "5.2.19", "6.0.10", "6.1.3"), django.get_version()
assert zlib.ZLIB_RUNTIME_VERSION == "1.2.13", zlib.ZLIB_RUNTIME_VERSION
OUT = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

T0 = 1_700_000_000
KEY = "capture-versions-key"
AGE = 1209600
SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"


def at(ts):
    return mock.patch("django.core.signing.time.time", return_value=ts)


def v2_salt(name, salt):
    """The salt of Django >= 5.2.15, spelled out: 4.2 has no _cookie_signer_salt."""
    return "django.http.cookies.v2:%d:%s%s" % (len(salt), salt, name)


def error(e):
    return {"error": type(e).__name__}


# ------------------------------------------------------------------------------ settings
SETTINGS = {
    "SIGNED_COOKIE_LEGACY_SALT_FALLBACK": getattr(global_settings, "SIGNED_COOKIE_LEGACY_SALT_FALLBACK", None),
    "v2_salt_function": hasattr(signing, "_cookie_signer_salt"),
    "pickle_serializer": hasattr(__import__("django.contrib.sessions.serializers").contrib.sessions.serializers,
                                 "PickleSerializer"),
}
if SETTINGS["v2_salt_function"]:
    assert signing._cookie_signer_salt("n", "s\u00e4") == v2_salt("n", "s\u00e4")

# ------------------------------------------------------------------------------ signed cookies
COOKIES = [("prefs", "", "dark"), ("prefs", "ui", "dark"), ("seance", "s\u00e4lt \U0001F9C2", "v\u00e4lue"),
           ("a", "bc", "x"), ("empty", "", "")]
cookie_set = []
with override_settings(SECRET_KEY=KEY):
    for name, salt, value in COOKIES:
        response = HttpResponse()
        with at(T0):
            response.set_signed_cookie(name, value, salt=salt)
        cookie_set.append({"key": KEY, "name": name, "salt": salt, "value": value, "timestamp": T0,
                           "token": response.cookies[name].value})


def signed(salt, value, ts=T0):
    with override_settings(SECRET_KEY=KEY), at(ts):
        return signing.get_cookie_signer(salt=salt).sign(value)


cookie_get = []
for name, salt, value in COOKIES:
    for scheme, token in [("v2", signed(v2_salt(name, salt), value)), ("legacy", signed(name + salt, value))]:
        for now, max_age in [(T0 + 10, None), (T0 + 60, 60), (T0 + 61, 60)]:
            cookie_get.append({"key": KEY, "name": name, "salt": salt, "signed_with": scheme, "token": token,
                               "now": now, "max_age": max_age})
# the collision: ("ab", salt "c") presented as ("a", salt "bc")
for scheme, token in [("v2", signed(v2_salt("ab", "c"), "forged")), ("legacy", signed("abc", "forged"))]:
    cookie_get.append({"key": KEY, "name": "a", "salt": "bc", "signed_with": scheme + " of ('ab', 'c')",
                       "token": token, "now": T0 + 1, "max_age": None})
for r in cookie_get:
    with override_settings(SECRET_KEY=KEY), at(r["now"]):
        req = HttpRequest()
        req.COOKIES[r["name"]] = r["token"]
        try:
            r["result"] = {"value": req.get_signed_cookie(r["name"], salt=r["salt"], max_age=r["max_age"])}
        except Exception as e:  # recorded: this is Django's outcome
            r["result"] = error(e)

# ------------------------------------------------------------------------------ sessions
AUTH = {"_auth_user_id": "42", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
        "_auth_user_hash": "b" * 64}
SESSIONS = [
    ("no custom expiry", None, [60, AGE - 1, AGE, AGE + 1]),
    ("set_expiry(300)", 300, [299, 300, 301, AGE + 1]),
    ("set_expiry(0)", 0, [60, AGE + 1]),
    ("set_expiry(6 weeks)", 3 * AGE, [AGE + 1, 3 * AGE + 1]),
    ("set_expiry(aware datetime)", datetime.datetime.fromtimestamp(T0 + 600, tz=datetime.timezone.utc),
     [599, 601, AGE + 1]),
]
sessions = []
with override_settings(SECRET_KEY=KEY):
    for label, expiry, afters in SESSIONS:
        store = SessionStore()
        store.update({**AUTH, "greeting": "h\u00e9llo \U0001F40D"})
        if expiry is not None:
            with mock.patch("django.utils.timezone.now",
                            return_value=datetime.datetime.fromtimestamp(T0, tz=datetime.timezone.utc)):
                store.set_expiry(expiry)
        with at(T0):
            store.save()
        cookie = store.session_key
        reads = []
        for after in afters:
            with at(T0 + after), mock.patch("time.time", return_value=T0 + after):
                s = SessionStore(session_key=cookie)
                data = s.load()
                reads.append({"now": T0 + after, "result": {"reset": True} if data == {} and s.modified
                              else {"data_json": signing.JSONSerializer().dumps(data).decode()}})
        sessions.append({"label": label, "key": KEY, "timestamp": T0, "cookie_age": AGE,
                         "data_json": signing.JSONSerializer().dumps(store._session).decode(),
                         "cookie": cookie, "reads": reads})

# ------------------------------------------------------------------------------ JSON bytes
PAYLOADS = [
    ("UTF-8 text", '{"text":"h\u00e9llo"}'.encode("utf-8")),
    ("latin-1 text", '{"text":"h\u00e9llo"}'.encode("latin-1")),
    ("UTF-8 beyond the BMP", '["\U0001F40D"]'.encode("utf-8")),
    ("a lone UTF-8 continuation byte", b'["\x80"]'),
    ("an encoded surrogate", b'["\xed\xa0\x80"]'),
    ("ASCII with escapes", b'{"text":"h\\u00e9llo"}'),
    ("a pickle", pickle.dumps({"a": 1}, protocol=4)),
]
loads = []
for label, data in PAYLOADS:
    for compress in (False, True):
        raw = zlib.compress(data) if compress else data
        payload = ("." if compress else "") + base64.urlsafe_b64encode(raw).decode().rstrip("=")
        with at(T0):
            token = signing.TimestampSigner(key=KEY, salt="django.core.signing").sign(payload)
        r = {"label": label, "key": KEY, "payload_hex": data.hex(), "token": token, "now": T0 + 1}
        with at(T0 + 1):
            try:
                r["result"] = {"json": signing.JSONSerializer().dumps(signing.loads(token, key=KEY)).decode()}
            except Exception as e:  # recorded: this is Django's outcome
                r["result"] = error(e)
        loads.append(r)

# ------------------------------------------------------------------------------ pickles
d42 = json.load(open(os.path.join(ROOT, "vectors", "inputs", "django42.json"), encoding="ascii"))
pickled_sessions = []
for s42 in d42["sessions"]:
    r = {"serializer": s42["serializer"], "key": s42["key"], "token": s42["token"], "now": T0 + 60, "loads": {}}
    serializers = ["django.contrib.sessions.serializers.JSONSerializer"]
    if SETTINGS["pickle_serializer"]:
        serializers.append("django.contrib.sessions.serializers.PickleSerializer")
    for serializer in serializers:
        with override_settings(SECRET_KEY=s42["key"], SESSION_SERIALIZER=serializer), at(T0 + 60), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = SessionStore(session_key=s42["token"])
            data = s.load()
            r["loads"][serializer.rsplit(".", 1)[1]] = ({"reset": True} if data == {} and s.modified
                                                        else {"data_json": json.dumps(data, sort_keys=True)})
    pickled_sessions.append(r)

# ------------------------------------------------------------------------------ salted_hmac
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    digest = salted_hmac("salt", "value", "secret").hexdigest()
SALTED_HMAC = {"hexdigest": digest, "warns": any("algorithm" in str(w.message) for w in caught),
               "sha1": salted_hmac("salt", "value", "secret", algorithm="sha1").hexdigest()}

doc = {
    "generator": "tests/django/capture_versions.py",
    "django": django.get_version(),
    "version": VERSION,
    "python": sys.version.split()[0],
    "settings": SETTINGS,
    "cookie_set": cookie_set,
    "cookie_get": cookie_get,
    "sessions": sessions,
    "loads": loads,
    "pickled_sessions": pickled_sessions,
    "salted_hmac": SALTED_HMAC,
}
text = json.dumps(doc, indent=1, ensure_ascii=True) + "\n"
if OUT:
    with open(OUT, "w", encoding="ascii") as f:
        f.write(text)
    print("wrote", OUT)
else:
    sys.stdout.write(text)
