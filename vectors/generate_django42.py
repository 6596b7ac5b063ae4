"""Tokens made by Django 4.2 (the LTS before 5.0), for the session and signed-cookie vectors.

    .venv42/bin/python vectors/generate_django42.py      # writes vectors/inputs/django42.json

Run with Django 4.2.30 in its own venv (scripts/test.sh makes `.venv42`). Records:
- signed-cookie sessions saved with the PickleSerializer Django 4.2 still had (removed in 5.0):
  djsign must refuse them and never unpickle;
- the same sessions with the JSONSerializer, which current Django and djsign read;
- set_signed_cookie values, signed with the legacy salt (cookie name + salt) that 4.2 used.
vectors/generate.py reads this file and has Django 5.2.19 judge every token.
Deterministic: fixed keys, data and clock.
"""

import json
import os
import sys
from unittest import mock

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="django42-vectors-key",
    SECRET_KEY_FALLBACKS=[],
    INSTALLED_APPS=["django.contrib.sessions"],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    USE_TZ=True,
)
django.setup()

import pickle  # noqa: E402

from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.contrib.sessions.serializers import PickleSerializer  # noqa: E402
from django.core import signing  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

assert django.get_version() == "4.2.30", django.get_version()
T0 = 1_700_000_000
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inputs", "django42.json")
if "--out" in sys.argv:
    OUT = sys.argv[sys.argv.index("--out") + 1]


def at(ts):
    return mock.patch("django.core.signing.time.time", return_value=ts)


SESSIONS = [
    {"_auth_user_id": "42", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
     "_auth_user_hash": "0" * 64, "cart": [1, 2, 3]},
    {"theme": "dark", "greeting": "h\u00e9llo \U0001F40D", "visits": 7},
    {},
]

sessions = []
for serializer in ("django.contrib.sessions.serializers.PickleSerializer",
                   "django.contrib.sessions.serializers.JSONSerializer"):
    with override_settings(SESSION_SERIALIZER=serializer):
        for data in SESSIONS:
            s = SessionStore()
            s.update(data)
            with at(T0):
                s.save()
            sessions.append({
                "serializer": serializer.rsplit(".", 1)[1],
                "key": settings.SECRET_KEY,
                "timestamp": T0,
                "data": data,
                "token": s.session_key,
            })
# The pickle really is a pickle: Django 4.2 reads it back (djsign never does).
assert sessions[0]["serializer"] == "PickleSerializer"
assert PickleSerializer is not None and pickle.HIGHEST_PROTOCOL >= 2

cookies = []
for name, salt, value in [("prefs", "", "dark"), ("prefs", "ui", "dark"), ("ab", "c", "collides"),
                          ("a", "bc", "collides"), ("token", "s\u00e4lt", "v\u00e4lue \U0001F40D"),
                          ("empty", "", "")]:
    response = HttpResponse()
    with at(T0):
        response.set_signed_cookie(name, value, salt=salt)
    cookies.append({"key": settings.SECRET_KEY, "cookieName": name, "cookieSalt": salt, "value": value,
                    "timestamp": T0, "token": response.cookies[name].value})

doc = {"generator": "vectors/generate_django42.py", "django": django.get_version(),
       "sessions": sessions, "signedCookies": cookies}
with open(OUT, "w", encoding="ascii") as f:
    json.dump(doc, f, indent=1, ensure_ascii=True)
    f.write("\n")
print("wrote", OUT)
