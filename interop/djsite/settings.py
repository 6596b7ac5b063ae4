"""A minimal Django site whose sessions live in signed cookies, for interop/run.sh.

Everything that matters to djsign comes from the environment, as a deployment's settings do:
DJANGO_SECRET_KEY, DJANGO_SECRET_KEY_FALLBACKS (comma-separated), DJANGO_DB (SQLite file).
"""

import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if k]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "djsite.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["DJANGO_DB"]}}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
# The password field is only an HMAC input for the session auth hash; a fast hasher keeps
# logins quick in the test (a real site keeps PBKDF2).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGGING = {"version": 1, "disable_existing_loggers": False}
