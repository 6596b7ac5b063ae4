"""Cross-check the vectors that name Django main against Django main's own files.

    .venv61/bin/python vectors/crosscheck_django_main.py FILE...

FILE is django/core/signing.py and/or django/contrib/sessions/backends/signed_cookies.py from
a checkout of https://github.com/django/django (its main branch); nothing of it is stored in
this repository. Django main cannot be installed (no release), so vectors/generate.py and
vectors/check_django.py judge main by restating its two differences from 6.1 on a release's
primitives:

- #37223: JSONSerializer encodes and decodes payload bytes as UTF-8 instead of latin-1, so raw
  UTF-8 is text and bytes that are not UTF-8 are an error;
- #27775: the signed_cookies SessionStore.load honours _session_expiry (an ISO datetime, or
  seconds after the signing time, SESSION_COOKIE_AGE when falsy; expired when <= now).

This script replaces the restatement with main's own code, on Django 6.1.3 (run it in .venv61:
main needs Python >= 3.12, and everything else these files use is unchanged since 6.1):

- with signing.py: main's module is loaded as django.core.signing before anything imports it,
  and every main vector is re-derived by check_django.py's checkers with no restatement
  (signing, objects, sessions under the released half of `strict`, signed cookies);
- with signed_cookies.py: main's SessionStore.load() judges every session vector whose rule is
  main's (expiryPolicy django-dev, or none in a test that names main): accepted or refused.

Exit status 1 on any disagreement, 2 when the files cannot be used.
"""

import contextlib
import importlib.util
import json
import os
import sys
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    files = sys.argv[1:]
    by_name = {os.path.basename(f): f for f in files}
    if not files or set(by_name) - {"signing.py", "signed_cookies.py"} or len(by_name) != len(files):
        print(__doc__)
        return 2
    if "signing.py" in by_name:
        # Django main's signing module, in place of the installed one, before any import of it.
        import django
        import django.core
        from django.conf import settings  # noqa: F401  (settings are configured by generate)
        upstream = load("django.core.signing", by_name["signing.py"])
        sys.modules["django.core.signing"] = upstream
        django.core.signing = upstream
    import generate as gen  # noqa: E402  (configures Django)
    import check_django  # noqa: E402
    from django.core import signing
    from django.test.utils import override_settings

    if "signing.py" in by_name:
        assert signing.__file__ == os.path.abspath(by_name["signing.py"]), signing.__file__
        # main's own JSONSerializer decodes: no restatement of #37223
        gen.codec = lambda version: contextlib.nullcontext()
    print("Django %s on Python %s, with Django main's %s" % (gen.django.get_version(), sys.version.split()[0],
                                                              " and ".join(sorted(by_name))))
    total = disagree = 0
    for path in sorted(os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".json") and f != "schema.json"):
        doc = json.load(open(path, encoding="ascii"))
        name = os.path.basename(path)
        for g in doc["testGroups"]:
            for t in g["tests"]:
                m = check_django.merged(g, t)
                if "main" not in m["djangoVersions"]:
                    continue
                problem = None
                if "signing.py" in by_name:
                    total += 1
                    problem = check_django.CHECKERS[g["type"]](m, "main")
                if "signed_cookies.py" in by_name and g["type"] == "session" and \
                        m.get("expiryPolicy", "django-dev") == "django-dev":
                    total += 1
                    problem = problem or judge_session(m, by_name["signed_cookies.py"], override_settings)
                if problem:
                    disagree += 1
                    if disagree <= 30:
                        print("%s tcId %d (%s): %s" % (name, t["tcId"], t["comment"], problem))
    print("%d checks of the vectors that name Django main against main's own files: %d disagree" % (total, disagree))
    return 1 if disagree or not total else 0


UPSTREAM = {}


def judge_session(m, path, override_settings):
    """Django main's own SessionStore.load(): accepted (the data) or refused (an empty session)."""
    if path not in UPSTREAM:
        UPSTREAM[path] = load("upstream_signed_cookies", path)
    upstream = UPSTREAM[path]
    with override_settings(SECRET_KEY=m["key"], SECRET_KEY_FALLBACKS=m.get("fallbackKeys", []),
                           SESSION_COOKIE_AGE=m.get("cookieAge", 1209600)), \
            mock.patch("time.time", return_value=m["now"]), \
            mock.patch("django.core.signing.time.time", return_value=m["now"]):
        store = upstream.SessionStore(session_key=m["token"])
        loaded = store.load()
    accepted = not (loaded == {} and store.modified)
    if accepted != (m["result"] in ("valid", "acceptable")):
        return "vector %s, Django main %s" % (m["result"], "accepts" if accepted else "refuses")
    return None


if __name__ == "__main__":
    sys.exit(main())
