"""SPEC.md D11: what Django's get_expiry_age / get_expiry_date do with a _session_expiry that is
a number but no number of seconds. Run with a Django venv, e.g.

    .venv/bin/python tests/data/expiry_age_nonfinite.py

Django 5.2.19 prints: inf inf OverflowError / nan nan ValueError / -inf -inf OverflowError /
10**400 returned as is, OverflowError.
"""
import django
from django.conf import settings

settings.configure(SECRET_KEY="x", SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies", USE_TZ=True)
django.setup()
from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

m = timezone.now()
for v in [float("inf"), float("nan"), -float("inf"), 10**400]:
    s = SessionStore()
    s["_session_expiry"] = v
    try:
        a = s.get_expiry_age(modification=m)
    except Exception as e:  # noqa: BLE001
        a = type(e).__name__
    try:
        d = s.get_expiry_date(modification=m)
    except Exception as e:  # noqa: BLE001
        d = type(e).__name__
    print(repr(v)[:20], repr(a)[:20], d)
