"""Cross-check the `django-dev` session vectors against Django's development branch itself.

    .venv/bin/python vectors/crosscheck_django_main.py PATH/TO/django/contrib/sessions/backends/signed_cookies.py

The `django-dev` policy in sessions.json is judged by generate.py's restatement of the
development branch's SessionStore.load (ticket #27775), because Django's main branch needs
Python >= 3.12 and is not on PyPI. Give this script that branch's signed_cookies.py (from a
checkout of https://github.com/django/django); it loads the module on Django 5.2.19 (the file
only uses SessionBase and django.core.signing, unchanged between them), runs every django-dev
vector through its SessionStore.load() and reports disagreements on accept/refuse.
Nothing of Django's main branch is stored in this repository.
"""

import importlib.util
import json
import os
import sys
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as gen  # noqa: E402,F401  (configures Django 5.2.19)
from django.test.utils import override_settings  # noqa: E402


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    spec = importlib.util.spec_from_file_location("upstream_signed_cookies", sys.argv[1])
    upstream = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(upstream)
    here = os.path.dirname(os.path.abspath(__file__))
    doc = json.load(open(os.path.join(here, "sessions.json"), encoding="ascii"))
    n = disagree = 0
    for g in doc["testGroups"]:
        for t in g["tests"]:
            if t["expiryPolicy"] != "django-dev":
                continue
            m = {**{k: v for k, v in g.items() if k != "tests"}, **t}
            with override_settings(SECRET_KEY=m["key"], SECRET_KEY_FALLBACKS=m.get("fallbackKeys", []),
                                   SESSION_COOKIE_AGE=m.get("cookieAge", 1209600)), \
                    mock.patch("time.time", return_value=m["now"]), \
                    mock.patch("django.core.signing.time.time", return_value=m["now"]):
                store = upstream.SessionStore(session_key=t["token"])
                loaded = store.load()
            accepted = not (loaded == {} and store.modified)
            n += 1
            if accepted != (t["result"] in ("valid", "acceptable")):
                disagree += 1
                print("tcId %d (%s): vector %s, Django main %s" % (
                    t["tcId"], t["comment"], t["result"], "accepts" if accepted else "refuses"))
    print("%d django-dev vectors; Django's development branch disagrees on %d" % (n, disagree))
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
