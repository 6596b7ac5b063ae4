"""Make a real Django session cookie for djsign's README and tests (Django 5.2.19).

Configures Django with the signed-cookie session engine and a fixed SECRET_KEY, fills a
session the way a logged-in shop user's would be, saves it at a fixed time, and writes:

- secret_key.txt: the SECRET_KEY, with a trailing newline as an editor would leave it
- cookie.txt: the `sessionid` cookie value Django sets, and a newline
- expected.json: Django's own decoding of that cookie, SessionStore(cookie).load() at NOW,
  as json.dumps(..., separators=(",", ":")) and a newline: what `djsign verify` must print

    .venv/bin/python examples/django-session/make_cookie.py [--out-dir DIR]

Deterministic: rerunning gives the same files byte for byte.
"""

import json
import os
import sys
from unittest import mock

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
if sys.argv[1:2] == ["--out-dir"] and len(sys.argv) == 3:  # to compare with the committed files
    HERE = sys.argv[2]
elif sys.argv[1:]:
    sys.exit("usage: make_cookie.py [--out-dir DIR]")
SECRET_KEY = "django-insecure-example-session-key-3f9a1c7e5b2d8064"
SAVED_AT = 1767225600  # 2026-01-01T00:00:00Z
NOW = SAVED_AT + 3600  # an hour later, well within SESSION_COOKIE_AGE

settings.configure(
    SECRET_KEY=SECRET_KEY,
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"],
    USE_TZ=True,
)
django.setup()

from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.utils.crypto import salted_hmac  # noqa: E402

assert django.get_version() == "5.2.19", django.get_version()
assert settings.SESSION_COOKIE_AGE == 1209600

store = SessionStore()
# What django.contrib.auth.login() stores.
store["_auth_user_id"] = "42"
store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
store["_auth_user_hash"] = salted_hmac(
    "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
    "pbkdf2_sha256$1000000$examplesalt$notarealhash=",
    algorithm="sha256",
).hexdigest()
# What an application adds.
store["cart"] = {
    "items": [
        {"sku": "MUG-001", "name": "Caf\u00e9 mug \u2615", "qty": 2, "unit_price": "12.50"},
        {"sku": "TEE-042", "name": "T-shirt \u00ab Z\u00fcrich \u00bb", "qty": 1, "unit_price": "25.00"},
    ],
    "coupon": None,
    "updated": 1767225590.25,
}
store["greeting_name"] = "Zo\u00eb \U0001F600"
store["visits"] = 7

with mock.patch("django.core.signing.time.time", return_value=SAVED_AT):
    store.save()
cookie = store.session_key

with mock.patch("django.core.signing.time.time", return_value=NOW):
    loaded = SessionStore(cookie).load()
assert loaded == dict(store.items()), "Django could not read back its own cookie"

with open(os.path.join(HERE, "secret_key.txt"), "w", encoding="utf-8", newline="\n") as f:
    f.write(SECRET_KEY + "\n")
with open(os.path.join(HERE, "cookie.txt"), "w", encoding="ascii", newline="\n") as f:
    f.write(cookie + "\n")
with open(os.path.join(HERE, "expected.json"), "w", encoding="ascii", newline="\n") as f:
    f.write(json.dumps(loaded, separators=(",", ":")) + "\n")
