"""Capture what Django 5.2.19 does with signed-cookie sessions and signed cookies, for the
`djsign session` and `djsign cookie` integration tests (cli/tests/contrib.rs).

Writes cli/tests/data/django_contrib.json. Every cookie and every expected output in it comes
from running Django below (a configured SessionStore of the signed_cookies backend,
HttpResponse.set_signed_cookie, HttpRequest.get_signed_cookie under override_settings);
nothing is typed in by hand. Deterministic: fixed keys, data and clock (django.core.signing's
time.time and django.utils.timezone.now are patched), TZ fixed, so rerunning gives the same
file byte for byte.

    .venv/bin/python cli/tests/django/capture_contrib.py [--out PATH]

Keys are {"str": text} (a str SECRET_KEY) or {"hex": bytes} (a bytes SECRET_KEY), as in
capture_cli.py.

sessions[]: one cookie each.
- saved_by: "SessionStore.save" (stdin is then JSON text of the session data, what a user
  feeds `djsign session encode`, and json.loads(stdin) is exactly the data Django saved),
  "key holder" (TimestampSigner.sign_object with the session salt, for payloads
  SessionStore would not write), or "Django 4.2.30 PickleSerializer/JSONSerializer" (tokens
  from vectors/inputs/django42.json).
- reads[]: a load at `now` with `key`, `fallback_keys`, `cookie_age` (SESSION_COOKIE_AGE) and
  `naive_utc_offset` (the local time zone's offset, which naive _session_expiry datetimes are
  read in). Two verdicts:
  - released: Django 5.2.19's own SessionStore(session_key=cookie).load(): {"stdout": the
    session as json.dumps(..., separators=(",", ":")) and a newline}, or, where Django
    resets to an empty session, the exception signing.loads raised inside load().
  - dev: Django's development branch (ticket #27775: the session's own expiry is honoured),
    which needs Python >= 3.12 and so cannot run here. It is restated on Django 5.2.19's own
    primitives exactly as vectors/generate.py's dev_load does: unsign without max_age, then
    SessionStore.get_expiry_date(modification=signing time, expiry=_session_expiry) <= now
    means {"session_expired": true}.

cookies[]: set_signed_cookie's value ("v2") and the legacy salt's value
(get_cookie_signer(salt=_cookie_signer_legacy_salt(name, salt)).sign, what Django 4.2 and
<= 5.2.14 set) for one name, salt, value, key and time.

cookie_reads[]: request.get_signed_cookie(name, salt=..., max_age=...) at `now` with
SECRET_KEY, SECRET_KEY_FALLBACKS and SIGNED_COOKIE_LEGACY_SALT_FALLBACK overridden: {"stdout":
value and a newline, "scheme": the salt that verified, "signed": timestamp and ISO date} or the
exception.
"""

import datetime
import json
import os
import sys
import time
import zlib
from unittest import mock

import django
from django.conf import settings

# Naive _session_expiry datetimes are local time: fix local time (changed below, per read).
os.environ["TZ"] = "UTC"
time.tzset()

settings.configure(
    SECRET_KEY="capture-contrib-settings-key-not-used",
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    INSTALLED_APPS=["django.contrib.sessions"],
    USE_TZ=True,
    TIME_ZONE="UTC",
)
django.setup()

from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.core import signing  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

assert django.get_version() == "5.2.19", django.get_version()
assert sys.version_info[:2] == (3, 11), sys.version
assert zlib.ZLIB_RUNTIME_VERSION == "1.2.13", zlib.ZLIB_RUNTIME_VERSION

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "django_contrib.json")
if sys.argv[1:2] == ["--out"] and len(sys.argv) == 3:  # to compare with the committed file
    OUT = sys.argv[2]
elif sys.argv[1:]:
    sys.exit("usage: capture_contrib.py [--out PATH]")
DJANGO42 = os.path.join(HERE, "..", "..", "..", "vectors", "inputs", "django42.json")

SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"
AGE = 1209600  # Django's default SESSION_COOKIE_AGE
T0 = 1700000000
UTC = datetime.timezone.utc

KEY_MAIN = {"str": "django-insecure-contrib-capture-0a1b2c3d4e5f"}
KEY_OLD = {"str": "rotated-out-key-\u00e9t\u00e9-\U0001F511"}
KEY_OTHER = {"str": "some-unrelated-key"}
# A bytes SECRET_KEY that is not UTF-8: only a key file can carry it.
KEY_BYTES = {"hex": (b"\xfe\x00cookie bytes key\x81").hex()}


def key_value(k):
    return k["str"] if "str" in k else bytes.fromhex(k["hex"])


def at(ts):
    """Patch the clock Django's TimestampSigner reads."""
    return mock.patch("django.core.signing.time.time", return_value=ts)


def python_json(obj):
    return json.dumps(obj, separators=(",", ":"))


def error(e):
    return {"django_error": type(e).__name__, "django_message": str(e)}


def keyed(key, fallbacks=(), **more):
    return override_settings(
        SECRET_KEY=key_value(key),
        SECRET_KEY_FALLBACKS=[key_value(k) for k in fallbacks],
        **more,
    )


class local_time:
    """Run with the process's local time zone at a fixed UTC offset (seconds east)."""

    def __init__(self, offset):
        self.offset = offset

    def __enter__(self):
        assert self.offset % 3600 == 0
        hours = self.offset // 3600
        # POSIX TZ strings count west as positive: "Etc/GMT-3" is UTC+3.
        os.environ["TZ"] = "UTC" if hours == 0 else "Etc/GMT%+d" % -hours
        time.tzset()
        assert -time.timezone == self.offset, (time.timezone, self.offset)

    def __exit__(self, *exc):
        os.environ["TZ"] = "UTC"
        time.tzset()


# ---------------------------------------------------------------- sessions
def released_load(r, cookie):
    """Django 5.2.19: SessionStore(session_key=cookie).load() at r["now"]."""
    with keyed(r["key"], r["fallback_keys"], SESSION_COOKIE_AGE=r["cookie_age"]), at(r["now"]):
        try:
            # what load() runs inside its `try`, to record why it resets
            signing.loads(cookie, salt=SESSION_SALT, max_age=r["cookie_age"])
            raised = None
        except Exception as e:  # recorded: this is Django's outcome
            raised = error(e)
        store = SessionStore(session_key=cookie)
        data = store.load()
        reset = store.modified  # load() calls create() when it swallows an exception
    assert (raised is not None) == reset, (cookie, raised, reset)
    return raised if reset else {"stdout": python_json(data) + "\n"}


def dev_load(r, cookie):
    """Django's development branch, restated on 5.2.19's primitives (see the module doc)."""
    with keyed(r["key"], r["fallback_keys"], SESSION_COOKIE_AGE=r["cookie_age"]), at(r["now"]), \
            local_time(r["naive_utc_offset"]):
        try:
            data = signing.TimestampSigner(salt=SESSION_SALT).unsign_object(cookie)
            ts = signing.b62_decode(cookie.rsplit(":", 2)[1])
            expiry = data.get("_session_expiry")
            if isinstance(expiry, str):
                expiry = datetime.datetime.fromisoformat(expiry)
                zone = expiry.tzinfo
            else:
                zone = UTC
            modification = datetime.datetime.fromtimestamp(ts, tz=zone)
            when = SessionStore().get_expiry_date(modification=modification, expiry=expiry)
            if when <= datetime.datetime.fromtimestamp(r["now"], tz=zone):
                return {"session_expired": True}
            return {"stdout": python_json(data) + "\n"}
        except Exception as e:  # recorded: this is the branch's outcome
            return error(e)


sessions = []


def add_session(name, cookie, saved_by, reads, stdin=None, timestamp=T0, sign_key=KEY_MAIN):
    out = []
    for r in reads:
        r = {
            "key": r.get("key", sign_key),
            "fallback_keys": list(r.get("fallback_keys", [])),
            "cookie_age": r.get("cookie_age", AGE),
            "now": float(r["now"]),
            "naive_utc_offset": r.get("naive_utc_offset", 0),
        }
        r["released"] = released_load(r, cookie)
        r["dev"] = dev_load(r, cookie)
        out.append(r)
    sessions.append({"name": name, "saved_by": saved_by, "sign_key": sign_key,
                     "timestamp": timestamp, "stdin": stdin, "cookie": cookie, "reads": out})


def save_session(name, data, reads, *, key=KEY_MAIN, expiry=None, text_style=0, stdin=None):
    """A real SessionStore: update(data), maybe set_expiry(expiry), save() at T0. `stdin`, if
    given, is the JSON text of `data` as a user typed it."""
    with keyed(key):
        store = SessionStore()
        store.update(data)
        if expiry is not None:
            with mock.patch("django.utils.timezone.now",
                            return_value=datetime.datetime.fromtimestamp(T0, tz=UTC)):
                store.set_expiry(expiry)
        with at(T0):
            store.save()
        cookie = store.session_key
        saved = dict(store.items())
    # What a user would type for `session encode`: JSON text of the saved data, in a few styles.
    stdin = stdin or [
        lambda d: json.dumps(d, ensure_ascii=False, indent=1) + "\n",
        lambda d: json.dumps(d),
        lambda d: json.dumps(d, ensure_ascii=False, separators=(",", ":")),
    ][text_style % 3](saved)
    assert python_json(json.loads(stdin)) == python_json(saved)
    add_session(name, cookie, "SessionStore.save", reads, stdin=stdin, sign_key=key)


AUTH = {
    "_auth_user_id": "42",
    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
    "_auth_user_hash": "3" * 64,
}
NOW = [{"now": T0 + 60}]

save_session("auth-cart", {**AUTH, "cart": {"sku-1": 2, "sku-\u00e9": 1}}, [
    {"now": T0 + 60},
    {"now": T0 + AGE - 1},
    {"now": T0 + AGE},  # released: age == cookie age passes; dev: expiry <= now
    {"now": T0 + AGE + 0.5},
    {"now": T0 + AGE + 1},
    {"now": T0 + 60, "key": KEY_OTHER},
    {"now": T0 + 60, "key": KEY_OTHER, "fallback_keys": [KEY_OLD, KEY_MAIN]},
    {"now": T0 + 60, "cookie_age": 59},
    {"now": T0 + 60, "cookie_age": 60},
])
save_session("unicode", {
    "greeting": "h\u00e9llo \U0001F40D",
    "cjk": "\u65e5\u672c\u8a9e",
    "controls": "\x00\x1f\x7f\t\n",
    "specials": "\u2028\u2029\ufeff\uffff",
    "quotes": "\"\\/</script>",
    "\u00e9-key": True,
}, NOW, text_style=1)
save_session("numbers", {
    "big": 2**70,
    "neg_big": -2**64,
    "ratio": 0.1,
    "tiny": 5e-324,
    "huge": 1.7976931348623157e308,
    "float_int": 100.0,
    "neg_zero": -0.0,
    "e16": 1e16,
    "nonfinite": [float("nan"), float("inf"), float("-inf")],
    "flags": [True, False, None],
}, NOW, text_style=2)
save_session("empty", {}, NOW)
save_session("small-uncompressed", {"a": 1}, NOW, text_style=1)
save_session("long-compressed", {"x": "y" * 3000, "n": list(range(200))}, NOW, text_style=2)
# Python's json.loads keeps the first position and the last value of a repeated key.
DUPLICATES = '{"a": 1, "b": [2], "a": "three", "\\u00e9": 4, "\u00e9": 5}'
save_session("duplicate-keys", json.loads(DUPLICATES), NOW, stdin=DUPLICATES)
save_session("nested", {"n": json.loads("[" * 40 + "0" + "]" * 40)}, NOW)
save_session("bytes-key", {**AUTH}, NOW, key=KEY_BYTES, text_style=1)

# set_expiry: released Django ignores it on load (#27775), the development branch honours it.
save_session("expiry-300", {**AUTH}, [
    {"now": T0 + t} for t in (1, 299, 300, 301, AGE, AGE + 1)
], expiry=300)
save_session("expiry-0-browser-close", {**AUTH}, [
    {"now": T0 + t} for t in (1, AGE - 1, AGE, AGE + 1)
], expiry=0, text_style=1)
save_session("expiry-6-weeks", {**AUTH}, [
    {"now": T0 + t} for t in (AGE, AGE + 1, 3 * AGE, 3 * AGE + 1)
], expiry=3 * AGE, text_style=2)
save_session("expiry-timedelta-1h", {**AUTH}, [
    {"now": T0 + t} for t in (3599, 3600, 3601)
], expiry=datetime.timedelta(hours=1))
save_session("expiry-aware-0530", {**AUTH}, [
    {"now": T0 + t} for t in (599, 600, 600.5)
], expiry=datetime.datetime.fromtimestamp(T0 + 600, tz=datetime.timezone(datetime.timedelta(hours=5, minutes=30))),
    text_style=1)
# A naive datetime is read in the server's local time: the same cookie under three zones.
save_session("expiry-naive", {**AUTH}, [
    {"now": T0 + t, "naive_utc_offset": off}
    for off in (0, 3 * 3600, -5 * 3600)
    for t in (1, 599, 600, 600.25, 601, 18600, 18601)
], expiry=datetime.datetime.fromtimestamp(T0 + 600, tz=UTC).replace(tzinfo=None, microsecond=250000),
    text_style=2)

# Another SESSION_COOKIE_AGE, and a key rotated out into SECRET_KEY_FALLBACKS.
save_session("rotated-age-3600", {**AUTH}, [
    {"now": T0 + t, "key": KEY_MAIN, "fallback_keys": [KEY_OTHER, KEY_OLD], "cookie_age": 3600}
    for t in (3599, 3600, 3601)
] + [{"now": T0 + 60, "key": KEY_MAIN, "fallback_keys": [KEY_OTHER], "cookie_age": 3600}],
    key=KEY_OLD)

# Payloads only a key holder makes (SessionStore never writes them).
for name, payload in [
    ("expiry-garbage", {"_session_expiry": "garbage"}),
    ("expiry-list", {"_session_expiry": [1]}),
    ("expiry-huge", {"_session_expiry": 10**30}),
    ("not-a-dict", [1, 2, 3]),
]:
    with at(T0):
        cookie = signing.TimestampSigner(key=key_value(KEY_MAIN), salt=SESSION_SALT).sign_object(
            payload, compress=True)
    add_session(name, cookie, "key holder", [{"now": T0 + 1}])

# Sessions Django 4.2.30 saved (PickleSerializer, gone in 5.0, and JSONSerializer).
with open(DJANGO42, encoding="utf-8") as f:
    django42 = json.load(f)
KEY_42 = {"str": django42["sessions"][0]["key"]}
for i, s in enumerate(django42["sessions"]):
    assert s["key"] == KEY_42["str"]
    # Django 4.2 saved JSON sessions as 5.2 does: `session encode` must remake those.
    stdin = json.dumps(s["data"], ensure_ascii=False) if s["serializer"] == "JSONSerializer" else None
    add_session("django42-%d-%s" % (i, s["serializer"]), s["token"],
                "Django 4.2.30 " + s["serializer"], [{"now": s["timestamp"] + 60}],
                timestamp=s["timestamp"], sign_key=KEY_42, stdin=stdin)

# ---------------------------------------------------------------- signed cookies
cookies = []


def set_cookie(key, name, value, salt, ts):
    with keyed(key), at(ts):
        response = HttpResponse()
        response.set_signed_cookie(name, value, salt=salt)
        v2 = response.cookies[name].value
        legacy = signing.get_cookie_signer(
            salt=signing._cookie_signer_legacy_salt(name, salt)).sign(value)
    entry = {"name": name, "salt": salt, "value": value, "key": key, "timestamp": ts,
             "v2": v2, "legacy": legacy}
    cookies.append(entry)
    return entry


cookie_reads = []


def get_cookie(label, cookie, name, salt, *, key=KEY_MAIN, fallback_keys=(), legacy_fallback=True,
               max_age=None, now=T0 + 10):
    with keyed(key, fallback_keys, SIGNED_COOKIE_LEGACY_SALT_FALLBACK=legacy_fallback), at(now):
        request = HttpRequest()
        request.COOKIES[name] = cookie
        try:
            value = request.get_signed_cookie(name, salt=salt, max_age=max_age)
        except Exception as e:  # recorded: this is Django's outcome
            res = error(e)
        else:
            # Which salt verified: Django's v2 signer on its own.
            try:
                signing.get_cookie_signer(salt=signing._cookie_signer_salt(name, salt)).unsign(
                    cookie, max_age=max_age)
                scheme = "v2"
            except signing.BadSignature:
                scheme = "legacy"
            ts = signing.b62_decode(cookie.rsplit(":", 2)[1])
            iso = datetime.datetime.fromtimestamp(ts, UTC).isoformat()
            assert iso.endswith("+00:00"), iso
            res = {"stdout": value + "\n", "scheme": scheme,
                   "signed": "%d (%sZ)" % (ts, iso[: -len("+00:00")])}
    cookie_reads.append({"label": label, "cookie": cookie, "name": name, "salt": salt, "key": key,
                         "fallback_keys": list(fallback_keys), "legacy_fallback": legacy_fallback,
                         "max_age": max_age, "now": float(now), **res})


T = T0
for name, salt, value in [
    ("prefs", "", "dark"),
    ("prefs", "ui", "dark"),
    ("ab", "c", "collides"),
    ("a", "bc", "collides"),
    ("token", "s\u00e4lt", "v\u00e4lue \U0001F40D"),
    ("empty", "", ""),
    ("colons", "", "has:colons:inside"),
    ("dash", "", "-starts-with-a-dash"),
    ("space", "", "ends with a space "),
    ("long", "xyz", "a" * 500),
]:
    e = set_cookie(KEY_MAIN, name, value, salt, T)
    for legacy_fallback in (True, False):
        for scheme in ("v2", "legacy"):
            get_cookie("%s/%s %s, legacy fallback %s" % (name, salt, scheme, legacy_fallback),
                       e[scheme], name, salt, legacy_fallback=legacy_fallback)

# The legacy salt's collision: ("ab", "c") and ("a", "bc") both give "abc".
ab_c = next(c for c in cookies if (c["name"], c["salt"]) == ("ab", "c"))
for scheme in ("v2", "legacy"):
    for legacy_fallback in (True, False):
        get_cookie("ab/c %s read as a/bc, legacy fallback %s" % (scheme, legacy_fallback),
                   ab_c[scheme], "a", "bc", legacy_fallback=legacy_fallback)
# Read under another name or salt.
prefs = cookies[0]
get_cookie("prefs v2 read as theme", prefs["v2"], "theme", "")
get_cookie("prefs v2 read with salt ui", prefs["v2"], "prefs", "ui")
# Ages: age == max_age passes; expiry is not retried with the legacy salt.
for scheme in ("v2", "legacy"):
    for now in (T + 60, T + 60.5, T + 61):
        get_cookie("prefs %s, max_age 60, read at +%s" % (scheme, now - T), prefs[scheme], "prefs", "",
                   max_age=60, now=now)
get_cookie("prefs v2, max_age 0.25, read at +0.25", prefs["v2"], "prefs", "", max_age=0.25, now=T + 0.25)
get_cookie("prefs v2, no max_age, read 10 years later", prefs["v2"], "prefs", "", now=T + 315360000)
# Keys: another key, rotation, bytes keys.
get_cookie("prefs v2, another key", prefs["v2"], "prefs", "", key=KEY_OTHER)
old = set_cookie(KEY_OLD, "prefs", "rotated", "", T)
for scheme in ("v2", "legacy"):
    get_cookie("old key %s, with fallbacks" % scheme, old[scheme], "prefs", "",
               fallback_keys=[KEY_OTHER, KEY_OLD])
    get_cookie("old key %s, without it" % scheme, old[scheme], "prefs", "", fallback_keys=[KEY_OTHER])
raw = set_cookie(KEY_BYTES, "raw", "bytes key", "", T)
get_cookie("bytes key v2", raw["v2"], "raw", "", key=KEY_BYTES)
get_cookie("bytes key legacy via fallback", raw["legacy"], "raw", "", key=KEY_MAIN, fallback_keys=[KEY_BYTES])
# Tampering.
get_cookie("prefs v2, value changed", "dork" + prefs["v2"][4:], "prefs", "")
get_cookie("prefs v2, signature changed", prefs["v2"][:-1] + ("A" if prefs["v2"][-1] != "A" else "B"), "prefs", "")
get_cookie("no separator", "no-separator-here", "prefs", "")
get_cookie("unsigned value", "dark", "prefs", "")
# Cookies Django 4.2.30 set (legacy salt), read by 5.2.19.
for c in django42["signedCookies"]:
    for legacy_fallback in (True, False):
        get_cookie("Django 4.2 %s/%s, legacy fallback %s" % (c["cookieName"], c["cookieSalt"], legacy_fallback),
                   c["token"], c["cookieName"], c["cookieSalt"], key={"str": c["key"]},
                   legacy_fallback=legacy_fallback, now=c["timestamp"] + 10)

data = {
    "versions": {
        "django": django.get_version(),
        "python": "%d.%d" % sys.version_info[:2],
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
    },
    "session_cookie_age": AGE,
    "sessions": sessions,
    "cookies": cookies,
    "cookie_reads": cookie_reads,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="ascii") as f:
    json.dump(data, f, ensure_ascii=True, indent=1)
    f.write("\n")
print("wrote %s: %d sessions (%d reads), %d cookies, %d cookie reads" % (
    OUT, len(sessions), sum(len(s["reads"]) for s in sessions), len(cookies), len(cookie_reads)))
