"""What django.contrib.auth.get_user and get_signed_cookie decide, captured for djsign-axum.

Users live in an in-memory SQLite database; sessions are made by Django's own login(); each
case runs a view that reads request.user through SessionMiddleware and
AuthenticationMiddleware with the clock frozen, and records the user (or anonymous) and the
Set-Cookie headers (hash upgrade after a fallback key, deletion after a flush). Signed
cookies made by Django with the v2 and the legacy salt are read back with this version's
SIGNED_COOKIE_LEGACY_SALT_FALLBACK default. tests/auth.rs replays every case.

    interop/.venv52/bin/python djsign-axum/tests/django/capture_auth.py --out FILE
"""

import argparse
import json
from unittest import mock

import django
from django.conf import settings

KEY = "django-insecure-djsign-axum-auth-current"
OLD = "django-insecure-djsign-axum-auth-retired"
T = 1767225600.75
BACKEND = "django.contrib.auth.backends.ModelBackend"

settings.configure(
    SECRET_KEY=KEY,
    SECRET_KEY_FALLBACKS=[OLD],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    USE_TZ=True,
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()

from django.contrib.auth import get_user_model, login  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.middleware import AuthenticationMiddleware  # noqa: E402
from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.contrib.sessions.middleware import SessionMiddleware  # noqa: E402
from django.core import signing  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

call_command("migrate", verbosity=0)
User = get_user_model()
alice = User.objects.create_user("alice", password="alice-password")
bob = User.objects.create_user("bob", password="bob-password")
carol = User.objects.create_user("carol", password="carol-password")
carol.is_active = False
# Fixed salts, so that the capture is the same on every run.
for u, pw in [(alice, "alice-password"), (bob, "bob-password"), (carol, "carol-password")]:
    u.password = make_password(pw, salt=f"fixed{u.username}")
    u.save()


def logged_in_cookie(user, key=KEY):
    """The cookie Django's login() leaves, made under `key`."""
    with override_settings(SECRET_KEY=key, SECRET_KEY_FALLBACKS=[]), mock.patch("time.time", return_value=T - 50):
        request = RequestFactory().get("/")
        request.session = SessionStore()
        login(request, user, backend=BACKEND)
        request.session.save()
        return request.session.session_key


def data_cookie(data):
    with mock.patch("time.time", return_value=T - 50):
        s = SessionStore()
        s.update(data)
        s.save()
        return s.session_key


def view(request):
    user = request.user
    if user.is_authenticated:
        return HttpResponse(f"user {user.pk}")
    return HttpResponse("anonymous")


def run(name, cookie, setup=None):
    if setup:
        setup()
    request = RequestFactory().get("/", HTTP_COOKIE=f"sessionid={cookie}")
    with mock.patch("time.time", return_value=T):
        response = SessionMiddleware(AuthenticationMiddleware(view))(request)
    return {
        "name": name,
        "users": users(),
        "cookie": cookie,
        "result": response.content.decode(),
        "set_cookie": [m.OutputString() for m in response.cookies.values()],
        "vary": response.get("Vary"),
    }


def users():
    return [
        {"id": str(u.pk), "password": u.password, "is_active": u.is_active}
        for u in User.objects.order_by("pk")
    ]


cases = []
cases.append(run("current-key", logged_in_cookie(alice)))
cases.append(run("other-user", logged_in_cookie(bob)))
cases.append(run("fallback-key-hash-upgrade", logged_in_cookie(alice, key=OLD)))
alice_session = signing.loads(logged_in_cookie(alice), salt="django.contrib.sessions.backends.signed_cookies")
cases.append(
    run(
        "bob-id-with-alice-hash",
        data_cookie({**alice_session, "_auth_user_id": str(bob.pk)}),
    )
)
cases.append(run("missing-hash", data_cookie({"_auth_user_id": str(alice.pk), "_auth_user_backend": BACKEND})))
cases.append(run("empty-hash", data_cookie({**alice_session, "_auth_user_hash": ""})))
cases.append(run("unknown-backend", data_cookie({**alice_session, "_auth_user_backend": "my.Backend"})))
cases.append(run("no-backend", data_cookie({"_auth_user_id": str(alice.pk)})))
cases.append(run("no-such-user", data_cookie({**alice_session, "_auth_user_id": "999"})))
cases.append(run("inactive-user", data_cookie({**alice_session, "_auth_user_id": str(carol.pk)})))
cases.append(run("int-user-id", data_cookie({**alice_session, "_auth_user_id": alice.pk})))
before_change = logged_in_cookie(bob)


def change_password():
    bob.password = make_password("bob-new-password", salt="fixednew")
    bob.save()


cases.append(run("password-changed", before_change, setup=change_password))

# Signed cookies Django made, read back by Django with this version's default settings.
signed = []
with mock.patch("time.time", return_value=T - 10):
    v2 = signing.get_cookie_signer(salt=signing._cookie_signer_salt("pref", "ui")).sign('dark; "mode" \u00e9')
    legacy = signing.get_cookie_signer(salt="pref" + "ui").sign("legacy value")
    collide = signing.get_cookie_signer(salt="ab" + "c").sign("collides")
    old_key = signing.TimestampSigner(
        key=b"django.http.cookies" + OLD.encode(), salt=signing._cookie_signer_salt("pref", "ui")
    ).sign("old key")
response = HttpResponse()
for name, value in [("pref", v2)]:
    response.set_cookie(name, value)
quoted = response.cookies["pref"].coded_value
for label, name, salt, header, max_age in [
    ("v2", "pref", "ui", f"pref={quoted}", None),
    ("v2-wrong-salt", "pref", "other", f"pref={quoted}", None),
    ("v2-expired", "pref", "ui", f"pref={quoted}", 5),
    ("legacy", "pref", "ui", f"pref={legacy}", None),
    ("legacy-collision", "a", "bc", f"a={collide}", None),
    ("fallback-key", "pref", "ui", f"pref={old_key}", None),
]:
    request = RequestFactory().get("/", HTTP_COOKIE=header)
    with mock.patch("time.time", return_value=T):
        try:
            got = {"value": request.get_signed_cookie(name, salt=salt, max_age=max_age)}
        except signing.SignatureExpired:
            got = {"error": "expired"}
        except signing.BadSignature:
            got = {"error": "bad-signature"}
    signed.append({"name": label, "cookie_name": name, "salt": salt, "header": header, "max_age": max_age, **got})


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    a = p.parse_args()
    out = {
        "django": django.get_version(),
        "key": KEY,
        "fallbacks": [OLD],
        "time": T,
        "legacy_salt_fallback": getattr(settings, "SIGNED_COOKIE_LEGACY_SALT_FALLBACK", True),
        "cases": cases,
        "signed": signed,
    }
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


main()
