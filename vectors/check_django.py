"""Re-derive every published vector with real Django and fail on any difference.

    .venv/bin/python vectors/check_django.py [DIR]

For each test: `valid` tokens must verify in Django to the recorded value (or an object whose
JSON is payloadJson) and, unless flagged VerifyOnly, Django must make the very same token from
the inputs; `invalid` tokens must be refused by Django with the recorded kind of error;
`acceptable` tokens must be accepted by Django. The file-level bookkeeping (schema, counts,
unique tcIds, every flag explained in notes) is checked too.
"""

import glob
import json
import os
import sys

import generate as gen  # noqa: E402  (configures Django; only its small helpers are used)
from django.core import signing

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


def sign_and_verify(cls, m, is_object):
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
        with gen.at(m.get("now", gen.T0)):
            if is_object:
                got = s.unsign_object(m["token"], max_age=m.get("maxAge")) if timed else s.unsign_object(m["token"])
                return made, True, gen.pyjson(got)
            got = s.unsign(m["token"], max_age=m.get("maxAge")) if timed else s.unsign(m["token"])
            return made, True, got
    except Exception as e:  # compared with the vector below
        return made, False, gen.classify(e)


@checker("sign-untimed", "sign", "object-untimed", "object")
def check_core(m):
    cls = signing.TimestampSigner if m["type"] in ("sign", "object") else signing.Signer
    is_object = m["type"].startswith("object")
    if m.get("error") == "invalid-separator":
        try:
            django_signer(cls, m)
        except ValueError:
            return None
        return "Django accepted the separator %r" % m.get("sep")
    made, ok, res = sign_and_verify(cls, m, is_object)
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
        return None if error == want else "Django fails with %s, vector says %s" % (error, m["error"])
    if m.get("error") != error:
        return "djsign error %s, vector says %s" % (error, m.get("error"))
    want = m.get("payloadJson", m.get("value"))
    return None if got == want else "Django reads %r, vector has %r" % (got, want)


@checker("session")
def check_session(m):
    result, payload, error = gen.session_outcome(m, m["token"])
    problem = expect_outcome(m, result, payload, error)
    if problem or m["result"] != "valid" or "VerifyOnly" in m["flags"]:
        return problem
    made = gen.save_session(m["key"], json.loads(m["payloadJson"]), m["timestamp"])
    return None if made == m["token"] else "Django saves %r, vector has %r" % (made, m["token"])


@checker("signed-cookie")
def check_signed_cookie(m):
    ok, res, scheme = gen.cookie_get(m, m["token"])
    if ok and scheme != m["saltScheme"]:
        return "verified with the %s salt, vector says %s" % (scheme, m["saltScheme"])
    problem = expect_outcome(m, "valid" if ok else "invalid", res if ok else None, None if ok else res)
    if problem or m["result"] != "valid" or "VerifyOnly" in m["flags"]:
        return problem
    made = gen.cookie_set(m["key"], m["cookieName"], m["cookieSalt"], m["value"], m["timestamp"],
                          legacy=m["saltScheme"] == "legacy", fallbacks=m.get("fallbackKeys", []))
    return None if made == m["token"] else "Django sets %r, vector has %r" % (made, m["token"])


def schema_validator():
    import jsonschema  # installed beside Django by scripts/test.sh

    schema = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


VALIDATOR = None


def check_file(path):
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
    n = 0
    for g in doc["testGroups"]:
        fn = CHECKERS.get(g["type"])
        for t in g["tests"]:
            n += 1
            if t["tcId"] in seen:
                problems.append("%s tcId %s duplicated" % (name, t["tcId"]))
            seen.add(t["tcId"])
            for f in t["flags"]:
                if f not in doc["notes"]:
                    problems.append("%s tcId %s: flag %s has no note" % (name, t["tcId"], f))
            if fn is None:
                problems.append("%s: no checker for group type %s" % (name, g["type"]))
                continue
            err = fn(merged(g, t))
            if err:
                problems.append("%s tcId %s (%s): %s" % (name, t["tcId"], t["comment"], err))
    if n != doc["numberOfTests"]:
        problems.append("%s: numberOfTests %s but %d tests" % (name, doc["numberOfTests"], n))
    return n, problems


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = sorted(p for p in glob.glob(os.path.join(d, "*.json")) if not p.endswith("schema.json"))
    if not files:
        print("no vector files in %s" % d)
        return 1
    total, problems = 0, []
    for f in files:
        n, p = check_file(f)
        total += n
        problems += p
    for p in problems[:50]:
        print(p)
    print("%d vectors re-derived with Django %s: %d differ" % (total, gen.django.get_version(),
                                                               len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
