"""What Django's SessionMiddleware and response cookies write, captured for djsign-axum's tests.

Runs each scenario through Django's real SessionMiddleware (signed_cookies engine) with the
clock frozen, and records the Set-Cookie values (Morsel.OutputString(), as the WSGI handler
sends them) and the Vary header. tests/middleware.rs replays the same scenarios through the
tower layer and compares byte for byte.

    interop/.venv52/bin/python djsign-axum/tests/django/capture_middleware.py --out FILE
"""

import argparse
import datetime
import json
from unittest import mock

import django
from django.conf import settings

KEY = "django-insecure-djsign-axum-middleware-capture"
T = 1767225600.25  # 2026-01-01T00:00:00.25Z, a fraction to exercise flooring
MADE_AT = T - 100

settings.configure(
    SECRET_KEY=KEY,
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    INSTALLED_APPS=["django.contrib.sessions"],
    USE_TZ=True,
)
django.setup()

from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.contrib.sessions.middleware import SessionMiddleware  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

AUTH = {
    "_auth_user_id": "42",
    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
    "_auth_user_hash": "0" * 64,
}

SCENARIOS = [
    # name, settings, cookie (dict to sign, a raw string, or None), ops, status, Vary before
    ("new-session", {}, None, [["set", "cart", {"items": [1, 2]}]], 200, None),
    ("read-only", {}, {"a": 1}, [["get", "a"]], 200, None),
    ("untouched", {}, {"a": 1}, [], 200, None),
    ("modify", {}, {"a": 1}, [["set", "a", 2]], 200, None),
    ("pop-absent", {}, {"a": 1}, [["pop", "b"]], 200, None),
    ("pop-present", {}, {"a": 1, "b": 2}, [["pop", "b"]], 200, None),
    ("flush", {}, AUTH, [["flush"]], 200, None),
    ("flush-secure-prefix", {"SESSION_COOKIE_NAME": "__Secure-sid"}, AUTH, [["flush"]], 200, None),
    ("flush-samesite-none", {"SESSION_COOKIE_SAMESITE": "None"}, AUTH, [["flush"]], 200, None),
    (
        "flush-attrs",
        {"SESSION_COOKIE_DOMAIN": ".example.com", "SESSION_COOKIE_PATH": "/app"},
        AUTH,
        [["flush"]],
        200,
        None,
    ),
    (
        "attrs",
        {
            "SESSION_COOKIE_DOMAIN": ".example.com",
            "SESSION_COOKIE_PATH": "/app",
            "SESSION_COOKIE_SECURE": True,
            "SESSION_COOKIE_HTTPONLY": False,
            "SESSION_COOKIE_SAMESITE": "Strict",
            "SESSION_COOKIE_AGE": 3600,
        },
        None,
        [["set", "k", "v"]],
        200,
        None,
    ),
    ("samesite-off", {"SESSION_COOKIE_SAMESITE": None}, None, [["set", "k", "v"]], 200, None),
    ("browser-close", {"SESSION_EXPIRE_AT_BROWSER_CLOSE": True}, None, [["set", "k", 1]], 200, None),
    ("set-expiry-0", {}, None, [["set_expiry", 0]], 200, None),
    ("set-expiry-300", {}, {"a": 1}, [["set_expiry", 300]], 200, None),
    ("set-expiry-float", {}, {"a": 1}, [["set_expiry", 300.75]], 200, None),
    (
        "set-expiry-datetime",
        {},
        {"a": 1},
        [["set_expiry", {"datetime": "2026-01-02T00:00:00+00:00"}]],
        200,
        None,
    ),
    ("set-expiry-timedelta", {}, {"a": 1}, [["set_expiry", {"timedelta": 600}]], 200, None),
    ("set-expiry-none-absent", {}, {"a": 1}, [["set_expiry", None]], 200, None),
    ("set-expiry-none-present", {}, {"a": 1, "_session_expiry": 60}, [["set_expiry", None]], 200, None),
    ("custom-expiry-kept", {}, {"a": 1, "_session_expiry": 120}, [["set", "a", 3]], 200, None),
    ("save-every-request", {"SESSION_SAVE_EVERY_REQUEST": True}, {"a": 1}, [], 200, None),
    ("save-every-request-no-cookie", {"SESSION_SAVE_EVERY_REQUEST": True}, None, [], 200, None),
    ("bad-cookie-accessed", {}, "garbage-not-a-signed-cookie", [["get", "a"]], 200, None),
    ("bad-cookie-untouched", {}, "garbage-not-a-signed-cookie", [], 200, None),
    ("short-cookie", {}, "abc", [], 200, None),
    ("server-error", {}, {"a": 1}, [["set", "a", 2]], 500, None),
    ("flush-server-error", {}, AUTH, [["flush"]], 503, None),
    ("vary-existing", {}, {"a": 1}, [["get", "a"]], 200, "Accept-Encoding"),
    ("vary-has-cookie", {}, {"a": 1}, [["get", "a"]], 200, "Origin, cookie"),
    ("vary-star", {}, {"a": 1}, [["get", "a"]], 200, "*"),
    ("cycle-key", {}, AUTH, [["cycle"]], 200, None),
    ("clear", {}, {"a": 1}, [["clear"]], 200, None),
    (
        "signed-cookies",
        {},
        None,
        [
            ["set_signed_cookie", "color", "blue", "", {}],
            [
                "set_signed_cookie",
                "msg",
                'hello world; "quoted" caf\u00e9\\',
                "greeting",
                {"max_age": 60, "httponly": True, "samesite": "Lax"},
            ],
            ["set_cookie", "plain", "", {}],
            ["set_cookie", "flag", "a,b", {"path": "/x", "domain": "example.com", "secure": True}],
            ["delete_cookie", "old", {"path": "/x", "samesite": "Lax"}],
            ["delete_cookie", "__Host-old", {}],
        ],
        200,
        None,
    ),
    (
        "cookie-set-twice",
        {},
        None,
        [
            ["set_cookie", "a", "1", {"secure": True, "max_age": 10}],
            ["set_cookie", "a", "2", {}],
        ],
        200,
        None,
    ),
    (
        "session-and-signed",
        {},
        {"a": 1},
        [["set", "a", 2], ["set_signed_cookie", "color", "red", "", {}]],
        200,
        None,
    ),
]


def frozen_now():
    return datetime.datetime.fromtimestamp(T, datetime.timezone.utc)


def make_cookie(data):
    with mock.patch("time.time", return_value=MADE_AT):
        s = SessionStore()
        s.update(data)
        s.save()
        return s.session_key


def apply(op, request, response):
    kind, *args = op
    session = request.session
    if kind == "set":
        session[args[0]] = args[1]
    elif kind == "get":
        session.get(args[0])
    elif kind == "pop":
        session.pop(args[0], None)
    elif kind == "flush":
        session.flush()
    elif kind == "cycle":
        session.cycle_key()
    elif kind == "clear":
        session.clear()
    elif kind == "set_expiry":
        value = args[0]
        if isinstance(value, dict) and "datetime" in value:
            value = datetime.datetime.fromisoformat(value["datetime"])
        elif isinstance(value, dict):
            value = datetime.timedelta(seconds=value["timedelta"])
        session.set_expiry(value)
    elif kind == "set_signed_cookie":
        name, value, salt, kwargs = args
        response.set_signed_cookie(name, value, salt=salt, **kwargs)
    elif kind == "set_cookie":
        name, value, kwargs = args
        response.set_cookie(name, value, **kwargs)
    elif kind == "delete_cookie":
        name, kwargs = args
        response.delete_cookie(name, **kwargs)
    else:
        raise ValueError(kind)


def run(name, overrides, cookie, ops, status, vary):
    with override_settings(**overrides):
        cookie_name = settings.SESSION_COOKIE_NAME
        if isinstance(cookie, dict):
            cookie = make_cookie(cookie)
        header = None if cookie is None else f"{cookie_name}={cookie}"

        def view(request):
            response = HttpResponse(status=status)
            if vary is not None:
                response["Vary"] = vary
            for op in ops:
                apply(op, request, response)
            return response

        factory = RequestFactory()
        request = factory.get("/", **({"HTTP_COOKIE": header} if header else {}))
        with mock.patch("time.time", return_value=T), mock.patch(
            "django.utils.timezone.now", side_effect=frozen_now
        ):
            response = SessionMiddleware(view)(request)
        return {
            "name": name,
            "settings": overrides,
            "cookie_header": header,
            "ops": ops,
            "status": status,
            "vary_before": vary,
            "set_cookie": [m.OutputString() for m in response.cookies.values()],
            "vary": response.get("Vary"),
        }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    a = p.parse_args()
    out = {
        "django": django.get_version(),
        "key": KEY,
        "time": T,
        "scenarios": [run(*s) for s in SCENARIOS],
    }
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


main()
