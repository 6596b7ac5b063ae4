"""Re-derive every published vector with real Django and fail on any difference.

    .venv/bin/python vectors/check_django.py [--django VERSION] [DIR]

Run it with the Django of one release (scripts/test.sh does, in a venv of each of 4.2, 5.2,
6.0 and 6.1): it checks the tests that name that release in djangoVersions, as that release.
`--django main` checks the tests that name Django main instead, with the restatement of main's
two differences (the UTF-8 JSONSerializer of #37223, the session expiry of #27775; see
vectors/generate.py) on the installed release's primitives; vectors/crosscheck_django_main.py
runs main's own files on them.

For each test: `valid` tokens must verify in Django to the recorded value (or an object whose
JSON is payloadJson) and, unless flagged VerifyOnly, Django must make the very same token from
the inputs; `invalid` tokens must be refused by Django with the recorded kind of error;
`acceptable` tokens must be accepted by Django. The file-level bookkeeping (schema, counts,
unique tcIds, every flag explained in notes, every test naming its versions) is checked too.
"""

import glob
import json
import os
import sys
import warnings

import generate as gen  # noqa: E402  (configures Django; only its small helpers are used)
from django.core import signing

# Django 6.1 warns on every use of the transitional SIGNED_COOKIE_LEGACY_SALT_FALLBACK setting,
# which the tests that set legacySaltFallback need.
warnings.filterwarnings("ignore", message=".*SIGNED_COOKIE_LEGACY_SALT_FALLBACK.*")

CHECKERS = {}


def checker(*types):
    def register(fn):
        for t in types:
            CHECKERS[t] = fn
        return fn
    return register


def merged(g, t):
    m = {k: v for k, v in g.items() if k != "tests"}
    m.update(t)
    return m


def django_signer(cls, m):
    return cls(**gen.signer_kwargs(m))


def sign_and_verify(cls, m, is_object, version):
    """Returns (made_token or None, ok, value_or_slug)."""
    s = django_signer(cls, m)
    made = None
    if m["result"] == "valid" and "VerifyOnly" not in m["flags"]:
        with gen.at(m.get("timestamp", gen.T0)):
            if is_object:
                made = s.sign_object(json.loads(m["payloadJson"]), compress=m.get("compress", False))
            else:
                made = s.sign(m["value"])
    timed = cls is signing.TimestampSigner
    try:
        with gen.at(m.get("now", gen.T0)), gen.codec(version):
            if is_object:
                got = s.unsign_object(m["token"], max_age=m.get("maxAge")) if timed else s.unsign_object(m["token"])
                return made, True, gen.pyjson(got)
            got = s.unsign(m["token"], max_age=m.get("maxAge")) if timed else s.unsign(m["token"])
            return made, True, got
    except Exception as e:  # compared with the vector below
        return made, False, gen.classify(e)


@checker("sign-untimed", "sign", "object-untimed", "object")
def check_core(m, version):
    cls = signing.TimestampSigner if m["type"] in ("sign", "object") else signing.Signer
    is_object = m["type"].startswith("object")
    if m.get("error") == "invalid-separator":
        try:
            django_signer(cls, m)
        except ValueError:
            return None
        return "Django accepted the separator %r" % m.get("sep")
    made, ok, res = sign_and_verify(cls, m, is_object, version)
    if made is not None and made != m["token"]:
        return "Django signs to %r, vector has %r" % (made, m["token"])
    want = m.get("payloadJson") if is_object else m.get("value")
    if m["result"] in ("valid", "acceptable"):
        if not ok:
            return "Django rejects it (%s)" % res
        if res != want:
            return "Django reads %r, vector has %r" % (res, want)
        return None
    if ok:
        return "Django accepts it (%r)" % (res,)
    if res != m["error"]:
        return "Django fails with %s, vector says %s" % (res, m["error"])
    return None


# Where djsign names a failure more precisely than Django's exception tells.
DJANGO_SLUG = {"pickled-payload": "malformed-json"}


def expect_outcome(m, result, got, error):
    """Compare (result, payload-or-value, error) from Django with the vector."""
    if result != m["result"]:
        return "Django gives %s (%s), vector says %s" % (result, error, m["result"])
    if result == "invalid":
        want = DJANGO_SLUG.get(m["error"], m["error"])
        error = DJANGO_SLUG.get(error, error)  # gen.session_outcome names pickles like djsign
        return None if error == want else "Django fails with %s, vector says %s" % (error, m["error"])
    if m.get("error") != error:
        return "djsign error %s, vector says %s" % (error, m.get("error"))
    want = m.get("payloadJson", m.get("value"))
    return None if got == want else "Django reads %r, vector has %r" % (got, want)


@checker("session")
def check_session(m, version):
    result, payload, error = gen.session_outcome(m, m["token"], version)
    problem = expect_outcome(m, result, payload, error)
    if problem or m["result"] != "valid" or "VerifyOnly" in m["flags"]:
        return problem
    made = gen.save_session(m["key"], json.loads(m["payloadJson"]), m["timestamp"])
    return None if made == m["token"] else "Django saves %r, vector has %r" % (made, m["token"])


@checker("signed-cookie")
def check_signed_cookie(m, version):
    ok, res, scheme = gen.cookie_get(m, m["token"], version)
    if ok and scheme != m["saltScheme"]:
        return "verified with the %s salt, vector says %s" % (scheme, m["saltScheme"])
    problem = expect_outcome(m, "valid" if ok else "invalid", res if ok else None, None if ok else res)
    if problem or m["result"] != "valid" or "VerifyOnly" in m["flags"]:
        return problem
    made = gen.cookie_set(m["key"], m["cookieName"], m["cookieSalt"], m["value"], m["timestamp"],
                          legacy=m["saltScheme"] == "legacy", fallbacks=m.get("fallbackKeys", []),
                          version=version)
    return None if made == m["token"] else "Django sets %r, vector has %r" % (made, m["token"])


def schema_validator():
    import jsonschema  # installed beside Django by scripts/test.sh

    schema = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


VALIDATOR = None


def check_file(path, version):
    """(tests naming `version`, problems)."""
    global VALIDATOR
    VALIDATOR = VALIDATOR or schema_validator()
    doc = json.load(open(path, encoding="ascii"))
    name = os.path.basename(path)
    problems = ["%s: schema: %s at %s" % (name, e.message[:200], "/".join(map(str, e.path)))
                for e in VALIDATOR.iter_errors(doc)][:20]
    if doc.get("schema") != gen.SCHEMA:
        problems.append("%s: schema %r" % (name, doc.get("schema")))
    if doc.get("generator", {}).get("django") != "5.2.19":
        problems.append("%s: generator %r" % (name, doc.get("generator")))
    seen = set()
    n = checked = 0
    for g in doc["testGroups"]:
        fn = CHECKERS.get(g["type"])
        for t in g["tests"]:
            n += 1
            names = t.get("djangoVersions", g.get("djangoVersions"))
            if not names or any(v not in gen.VERSIONS for v in names):
                problems.append("%s tcId %s: djangoVersions %r" % (name, t["tcId"], names))
                continue
            if t["tcId"] in seen:
                problems.append("%s tcId %s duplicated" % (name, t["tcId"]))
            seen.add(t["tcId"])
            for f in t["flags"]:
                if f not in doc["notes"]:
                    problems.append("%s tcId %s: flag %s has no note" % (name, t["tcId"], f))
            if fn is None:
                problems.append("%s: no checker for group type %s" % (name, g["type"]))
                continue
            if version not in names:
                continue
            checked += 1
            err = fn(merged(g, t), version)
            if err:
                problems.append("%s tcId %s (%s): %s" % (name, t["tcId"], t["comment"], err))
    if n != doc["numberOfTests"]:
        problems.append("%s: numberOfTests %s but %d tests" % (name, doc["numberOfTests"], n))
    return checked, problems


def main():
    args = sys.argv[1:]
    version = gen.RUNNING
    if "--django" in args:
        i = args.index("--django")
        version = args[i + 1]
        del args[i:i + 2]
    if version not in (gen.RUNNING, "main"):
        print("--django %s: this is Django %s; run with that Django, or --django main" % (
            version, gen.django.get_version()))
        return 2
    d = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    files = sorted(p for p in glob.glob(os.path.join(d, "*.json")) if not p.endswith("schema.json"))
    if not files:
        print("no vector files in %s" % d)
        return 1
    total, problems = 0, []
    for f in files:
        n, p = check_file(f, version)
        total += n
        problems += p
    for p in problems[:50]:
        print(p)
    judge = "Django %s" % gen.django.get_version()
    if version == "main":
        judge = "the restatement of Django main on " + judge
    print("%d vectors for Django %s re-derived with %s: %d differ" % (total, version, judge, len(problems)))
    # a judge that checked nothing has not judged: fail closed
    return 1 if problems or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
