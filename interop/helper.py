"""Django-side helpers for interop/scenarios.py, run with the site's settings and venv.

    helper.py setup                      migrate and create the users alice and bob
    helper.py session JSON               a session cookie made by Django's SessionStore; JSON is
                                         {"user": NAME, "hash_of": NAME, "data": {...}, "age": SECONDS}
    helper.py verify KEY COOKIE          exit 0 iff the session cookie verifies under KEY alone
"""

import json
import os
import sys
import time
from unittest import mock

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djsite.settings")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.core import signing  # noqa: E402
from django.core.management import call_command  # noqa: E402

USERS = {"alice": "alice-password", "bob": "bob-password"}
BACKEND = "django.contrib.auth.backends.ModelBackend"


def setup():
    call_command("migrate", verbosity=0)
    User = get_user_model()
    for name, pw in USERS.items():
        if not User.objects.filter(username=name).exists():
            User.objects.create_user(name, password=pw)


def session(spec):
    User = get_user_model()
    data = {}
    if "user" in spec:
        user = User.objects.get(username=spec["user"])
        owner = User.objects.get(username=spec.get("hash_of", spec["user"]))
        data.update(
            {
                "_auth_user_id": str(user.pk),
                "_auth_user_backend": BACKEND,
                "_auth_user_hash": owner.get_session_auth_hash(),
            }
        )
    data.update(spec.get("data", {}))
    with mock.patch("time.time", return_value=time.time() - spec.get("age", 0)):
        s = SessionStore()
        s.update(data)
        s.save()
    print(s.session_key)


def verify(key, cookie):
    try:
        signing.loads(cookie, key=key, fallback_keys=[], salt="django.contrib.sessions.backends.signed_cookies")
    except signing.BadSignature:
        sys.exit(1)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "setup":
        setup()
    elif cmd == "session":
        session(json.loads(sys.argv[2]))
    elif cmd == "verify":
        verify(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {cmd}")
