"""Django's signing and session engine against djsign's, side by side in one process.

    python/bench/run.sh            (builds the wheel, runs this with Django 5.2.19 and 6.1.3)
    VENV/bin/python python/bench/bench.py [--quick]

Each pair of measurements alternates Django and djsign in rounds (default 7), takes the
fastest round of each (the least disturbed by the shared machine) and reports the time per
call and the ratio Django / djsign. Cases:

- ``loads``/``dumps`` of a logged-in user's session (auth keys and a small cart; compressed,
  a 247-character token) and of a short string (``"hello"``), through the module functions
  with the settings key, as Django code calls them;
- a request through Django's ``SessionMiddleware`` with each engine: the request carries a
  valid session cookie for the logged-in user, the view reads the session and writes one
  key, so the response sets a new cookie (load + save per request); and a request that only
  reads (no cookie written).

Both engines are checked to produce the same cookie before anything is timed.
"""

import sys
import timeit
from unittest import mock

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="bench-secret-key-" + "k" * 40,
    INSTALLED_APPS=["django.contrib.sessions"],
    USE_TZ=True,
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
)
django.setup()

from django.contrib.sessions.middleware import SessionMiddleware  # noqa: E402
from django.core import signing as dj  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

import djsign  # noqa: E402
from djsign import signing as ds  # noqa: E402

AUTH_SESSION = {
    "_auth_user_id": "42",
    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
    "_auth_user_hash": "3c8f2e9a0b7d4c1e6f5a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e",
    "cart": [101, 205, 333],
}


def best(fn, number, rounds):
    return min(timeit.repeat(fn, number=number, repeat=rounds)) / number


def pair(name, theirs, ours, number, rounds):
    t_dj, t_ds = [], []
    for _ in range(rounds):  # alternate, so both see the same machine
        t_dj.append(best(theirs, number, 1))
        t_ds.append(best(ours, number, 1))
    a, b = min(t_dj), min(t_ds)
    print(f"| {name} | {a * 1e6:.2f} µs | {b * 1e6:.2f} µs | {a / b:.1f}x |")
    return a / b


def middleware(engine, view):
    settings.SESSION_ENGINE = engine
    try:
        return SessionMiddleware(view)
    finally:
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"


def main():
    quick = "--quick" in sys.argv
    rounds = 3 if quick else 7
    n = 2000 if quick else 20000
    print(
        f"Django {django.get_version()} / Python {sys.version.split()[0]} / djsign "
        f"{djsign.__version__}; best of {rounds} alternating rounds\n"
    )
    print("| case | Django | djsign | Django / djsign |")
    print("|---|---|---|---|")

    with mock.patch("time.time", return_value=1767225600.5):
        assert ds.dumps(AUTH_SESSION, compress=True) == dj.dumps(AUTH_SESSION, compress=True)
    token = dj.dumps(AUTH_SESSION, compress=True)
    assert ds.loads(token) == dj.loads(token) == AUTH_SESSION
    short = dj.dumps("hello")
    r = {}
    r["loads"] = pair(
        f"`loads` auth session ({len(token)}-char token, max_age)",
        lambda: dj.loads(token, max_age=1209600),
        lambda: ds.loads(token, max_age=1209600),
        n,
        rounds,
    )
    r["dumps"] = pair(
        "`dumps` auth session (compress=True)",
        lambda: dj.dumps(AUTH_SESSION, compress=True),
        lambda: ds.dumps(AUTH_SESSION, compress=True),
        n,
        rounds,
    )
    pair("`loads` short value", lambda: dj.loads(short), lambda: ds.loads(short), n, rounds)
    pair("`dumps` short value", lambda: dj.dumps("hello"), lambda: ds.dumps("hello"), n, rounds)

    factory = RequestFactory()
    cookie = dj.dumps(AUTH_SESSION, compress=True, salt="django.contrib.sessions.backends.signed_cookies")

    def writer(request):
        request.session["last_seen"] = 1767225600
        return HttpResponse("ok")

    def reader(request):
        return HttpResponse(request.session.get("_auth_user_id", ""))

    dj_writer = middleware("django.contrib.sessions.backends.signed_cookies", writer)
    ds_writer = middleware("djsign.django.sessions", writer)
    dj_reader = middleware("django.contrib.sessions.backends.signed_cookies", reader)
    ds_reader = middleware("djsign.django.sessions", reader)

    def request():
        req = factory.get("/")
        req.COOKIES["sessionid"] = cookie
        return req

    a, b = dj_writer(request()), ds_writer(request())
    assert a.cookies["sessionid"].value.rsplit(":", 2)[0] == b.cookies["sessionid"].value.rsplit(":", 2)[0]
    assert "sessionid" not in ds_reader(request()).cookies
    rn = n // 4
    r["request"] = pair(
        "request through SessionMiddleware (load + save)",
        lambda: dj_writer(request()),
        lambda: ds_writer(request()),
        rn,
        rounds,
    )
    pair(
        "request through SessionMiddleware (load only)",
        lambda: dj_reader(request()),
        lambda: ds_reader(request()),
        rn,
        rounds,
    )
    overhead = best(request, rn, rounds)
    print(f"\n(building the test request itself: {overhead * 1e6:.2f} µs, included in both)")
    return r


if __name__ == "__main__":
    main()
