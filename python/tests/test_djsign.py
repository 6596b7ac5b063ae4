"""djsign's Python package against the Django installed beside it, in one process: Django
is the judge of every token and every value (``python -m unittest`` in a venv with Django
and the djsign wheel; run_tests.sh runs it for Django 5.2.19 and 6.1.3).

Hostile inputs (malformed, oversized, deeply nested, circular, self-mutating, wrong types)
must end in a typed exception, never a crash: a Rust panic would abort the worker. They
run on a thread with a 256 KiB stack, so a recursion anywhere would show.
"""

import collections
import enum
import json
import logging
import random
import threading
import time
import unittest
import zlib
from datetime import datetime, timedelta, timezone as dt_timezone
from unittest import mock

import django
from django.conf import settings

SECRET = "djsign-test-secret-key-" + "x" * 30
settings.configure(
    SECRET_KEY=SECRET,
    SECRET_KEY_FALLBACKS=["old-key-one", "old-key-two"],
    USE_TZ=True,
    TIME_ZONE="UTC",
    INSTALLED_APPS=["django.contrib.sessions"],
)
django.setup()

from django.contrib.sessions.backends import signed_cookies as dj_cookies  # noqa: E402
from django.core import signing as dj  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402

import djsign  # noqa: E402
from djsign import _conf, _core  # noqa: E402
from djsign import signing as ds  # noqa: E402
from djsign.django import sessions as dsess  # noqa: E402

NOW = 1_767_225_600  # 2026-01-01T00:00:00Z


def frozen(t):
    return mock.patch("time.time", return_value=t)


class Rand:
    """Random JSON-able Python values, with the shapes json.dumps treats specially."""

    class Color(enum.IntEnum):
        RED = 1

    class Text(str):
        def __str__(self):  # json writes the characters, never __str__
            return "not this"

    class Items(list):
        def __iter__(self):  # json writes list(obj): what __iter__ yields
            return iter(["from", "iter"])

    def __init__(self, seed):
        self.r = random.Random(seed)

    def scalar(self):
        r = self.r
        return r.choice(
            [
                None,
                True,
                False,
                r.randint(-(2**70), 2**70),
                r.randint(-5, 5),
                r.uniform(-1e6, 1e6),
                r.choice([0.1, -0.0, 1e16, 1e-5, 1.5e300, 5e-324, float("inf")]),
                self.text(),
                self.Color.RED,
                self.Text("sub"),
            ]
        )

    def text(self):
        r = self.r
        alphabet = "aZ09 \"\\/\n\t\x00\x7f\xe9\u2019\U0001f40d<>&:._-"
        return "".join(r.choice(alphabet) for _ in range(r.randint(0, 12)))

    def key(self):
        r = self.r
        return r.choice(
            [self.text(), r.randint(-9, 9), 1.5, True, False, None, float("nan")]
        )

    def value(self, depth=0):
        r = self.r
        roll = r.random()
        if depth > 4 or roll < 0.45:
            return self.scalar()
        if roll < 0.65:
            return [self.value(depth + 1) for _ in range(r.randint(0, 4))]
        if roll < 0.7:
            return tuple(self.value(depth + 1) for _ in range(r.randint(0, 3)))
        if roll < 0.73:
            return self.Items([1, 2])
        d = collections.OrderedDict() if roll < 0.76 else {}
        for _ in range(r.randint(0, 4)):
            d[self.key()] = self.value(depth + 1)
        return d


class TokensAreDjangos(unittest.TestCase):
    def test_dumps_random_values(self):
        rand = Rand(1)
        for i in range(600):
            obj = rand.value()
            compress = i % 2 == 0
            salt = rand.text() if i % 3 == 0 else "django.core.signing"
            key = None if i % 4 else rand.text() + "k"
            with self.subTest(i=i), frozen(NOW + i):
                expected = dj.dumps(obj, key=key, salt=salt, compress=compress)
                self.assertEqual(ds.dumps(obj, key=key, salt=salt, compress=compress), expected)
                self.assertEqual(
                    json.dumps(ds.loads(expected, key=key, salt=salt)),
                    json.dumps(dj.loads(expected, key=key, salt=salt)),
                )

    def test_values_a_value_cannot_hold_still_give_djangos_token(self):
        # Python's json writes these; djsign lets it, and signs in Rust.
        for obj in ["\ud800", {"a": "\udfff"}, {1: "int", "1": "str"}, {True: 1, "true": 2}]:
            with self.subTest(obj=repr(obj)), frozen(NOW):
                token = dj.dumps(obj, compress=True)
                self.assertEqual(ds.dumps(obj, compress=True), token)
                self.assertEqual(repr(ds.loads(token)), repr(dj.loads(token)))

    def test_signers(self):
        rand = Rand(2)
        for i in range(300):
            kwargs = {
                "key": rand.text() + "k" if i % 2 else (rand.text() + "k").encode(),
                "salt": rand.text() or None,
                "sep": rand.r.choice([":", "/", "*sep*", ",", "é", "\n\n"]),
                "algorithm": rand.r.choice([None, "sha1", "sha224", "sha384", "sha512"]),
                "fallback_keys": ["a", b"b"],
            }
            value = rand.r.choice([rand.text(), 123, 1.5, b"raw", datetime(2026, 1, 2)])
            for ours, theirs in ((ds.Signer, dj.Signer), (ds.TimestampSigner, dj.TimestampSigner)):
                with self.subTest(i=i, cls=ours.__name__), frozen(NOW + i):
                    a, b = ours(**kwargs), theirs(**kwargs)
                    token = b.sign(value)
                    self.assertEqual(a.sign(value), token)
                    self.assertEqual(a.signature("x"), b.signature("x"))
                    self.assertEqual(a.signature(b"\xff\x00"), b.signature(b"\xff\x00"))
                    if not isinstance(value, bytes):
                        self.assertEqual(a.unsign(token), b.unsign(token))
                    obj = rand.value()
                    self.assertEqual(a.sign_object(obj, compress=True), b.sign_object(obj, compress=True))

    def test_fallback_keys_verify_and_rotation(self):
        old = dj.dumps("v", key="old-key-two")
        self.assertEqual(ds.loads(old), "v")
        with self.assertRaises(dj.BadSignature):
            ds.loads(old, fallback_keys=[])
        # An empty fallback key is the main key again in Django; here it is dropped.
        self.assertEqual(ds.Signer(key="k", fallback_keys=[""]).unsign(dj.Signer(key="k").sign("v")), "v")

    def test_custom_serializer(self):
        class DjangoJSON:
            def dumps(self, obj):
                return json.dumps(obj, cls=DjangoJSONEncoder, separators=(",", ":")).encode()

            def loads(self, data):
                return json.loads(data)

        obj = {"when": datetime(2026, 1, 1, tzinfo=dt_timezone.utc), "n": 1}
        with frozen(NOW):
            token = dj.dumps(obj, serializer=DjangoJSON, compress=True)
            self.assertEqual(ds.dumps(obj, serializer=DjangoJSON, compress=True), token)
        self.assertEqual(ds.loads(token, serializer=DjangoJSON), dj.loads(token, serializer=DjangoJSON))

    def test_cookie_signer_and_b62(self):
        with frozen(NOW):
            self.assertEqual(
                ds.get_cookie_signer(salt="s").sign("v"), dj.get_cookie_signer(salt="s").sign("v")
            )
        for n in [0, 1, -1, 61, 62, -(10**30), 10**30, 2**63 - 1, -(2**63), 2**63]:
            self.assertEqual(ds.b62_encode(n), dj.b62_encode(n))
            self.assertEqual(ds.b62_decode(dj.b62_encode(n)), n)
        for s in ["-", "-0", "00", "zZ"]:
            self.assertEqual(ds.b62_decode(s), dj.b62_decode(s))
        for s in ["", "+1", "a b", "é"]:
            with self.assertRaises(ValueError) as cm:
                ds.b62_decode(s)
            self.assertEqual(cm.exception.kind, "malformed-timestamp")


class ErrorsAreTyped(unittest.TestCase):
    def test_kinds_and_classes(self):
        token = ds.dumps({"a": 1})
        cases = [
            (token[:-1] + ("A" if token[-1] != "A" else "B"), "bad-signature", dj.BadSignature),
            ("no separator here", "no-separator", dj.BadSignature),
            ("x" * (1 << 20 + 1) + ":sig", "token-too-long", dj.BadSignature),
        ]
        for bad, kind, cls in cases:
            with self.subTest(kind=kind):
                with self.assertRaises(cls) as cm:
                    ds.loads(bad)
                self.assertIsInstance(cm.exception, djsign.BadSignature)
                self.assertEqual(cm.exception.kind, kind)
                self.assertNotIn(bad[-20:], str(cm.exception))

    def test_expired(self):
        with frozen(NOW):
            token = ds.dumps("v")
        with frozen(NOW + 11):
            self.assertEqual(ds.loads(token, max_age=11), "v")
            self.assertEqual(ds.loads(token, max_age=timedelta(seconds=11)), "v")
            with self.assertRaises(dj.SignatureExpired) as cm:
                ds.loads(token, max_age=10)
        e = cm.exception
        self.assertEqual((e.kind, e.age, e.max_age, e.timestamp), ("expired", 11.0, 10.0, NOW))
        self.assertIn("Signature age 11.0 > 10.0 seconds", str(e))

    def test_key_holder_payload_errors(self):
        # Payloads only a key holder can make, signed by Django itself.
        signer = dj.TimestampSigner(salt="django.core.signing")
        payloads = {
            "malformed-base64": "a",
            "malformed-zlib": "." + dj.b64_encode(b"not zlib").decode(),
            "malformed-json": dj.b64_encode(b"{nope").decode(),
            "decompressed-too-large": "." + dj.b64_encode(zlib.compress(b" " * (5 << 20))).decode(),
            "unrepresentable-json": dj.b64_encode(b"[" * 5000 + b"]" * 5000).decode(),
        }
        for kind, payload in payloads.items():
            with self.subTest(kind=kind):
                with self.assertRaises(ValueError) as cm:
                    ds.loads(signer.sign(payload))
                self.assertEqual(cm.exception.kind, kind)
                self.assertIsInstance(cm.exception, djsign.MalformedPayload)
        with self.assertRaises(ValueError) as cm:
            ds.TimestampSigner(salt="s").unsign(dj.Signer(salt="s").sign("no-timestamp"))
        self.assertEqual(cm.exception.kind, "missing-timestamp")

    def test_configuration(self):
        with self.assertRaisesMessage(ValueError, "Unsafe Signer separator: 'abc'"):
            ds.Signer(sep="abc")
        signer = ds.Signer(algorithm="md5")  # Django raises when used, so does djsign
        with self.assertRaises(djsign.InvalidAlgorithm) as cm:
            signer.sign("x")
        self.assertEqual(cm.exception.kind, "unsupported-algorithm")
        self.assertIn("djsign does not support", str(cm.exception))
        with self.assertRaises(TypeError):
            ds.Signer().unsign(b"bytes:are:not:tokens")
        for obj in [{1, 2}, {(1, 2): 3}, object()]:
            with self.assertRaises(TypeError) as cm:
                ds.dumps(obj)
            self.assertEqual(cm.exception.kind, "unserializable")
            with self.assertRaises(TypeError) as theirs:
                dj.dumps(obj)
            self.assertEqual(str(cm.exception), str(theirs.exception))

    def assertRaisesMessage(self, cls, text):
        return _RaisesMessage(self, cls, text)


class _RaisesMessage:
    def __init__(self, case, cls, text):
        self.cm = case.assertRaises(cls)
        self.case, self.text = case, text

    def __enter__(self):
        return self.cm.__enter__()

    def __exit__(self, *exc):
        result = self.cm.__exit__(*exc)
        self.case.assertIn(self.text, str(self.cm.exception))
        return result


def on_small_stack(fn):
    """Runs fn on a thread with a 256 KiB stack; re-raises what it raised."""
    outcome = []

    def run():
        try:
            fn()
        except BaseException as e:  # noqa: BLE001 - reported to the test
            outcome.append(e)

    old = threading.stack_size(256 * 1024)
    try:
        t = threading.Thread(target=run)
        t.start()
        t.join()
    finally:
        threading.stack_size(old)
    if outcome:
        raise outcome[0]


class HostileInputs(unittest.TestCase):
    def test_mutated_tokens_only_raise_typed_errors(self):
        def run():
            rand = random.Random(3)
            good = ds.dumps({"user": "1", "list": list(range(20))}, compress=True)
            alphabet = "".join(map(chr, range(32, 127))) + "é\u2019:."
            for _ in range(20000):
                t = list(good)
                for _ in range(rand.randint(1, 4)):
                    op = rand.random()
                    i = rand.randrange(len(t) + 1)
                    if op < 0.4 and t:
                        t[min(i, len(t) - 1)] = rand.choice(alphabet)
                    elif op < 0.7:
                        t.insert(i, rand.choice(alphabet))
                    elif t:
                        del t[min(i, len(t) - 1)]
                token = "".join(t)
                try:
                    ds.loads(token, max_age=10**9)
                except djsign.DjsignError as e:
                    self.assertIn(e.kind, djsign.KINDS)

        on_small_stack(run)

    def test_deep_and_circular_values(self):
        def run():
            deep = []
            for _ in range(100_000):
                deep = [deep]
            with self.assertRaises(djsign.Unserializable):
                ds.dumps(deep)
            loop = {}
            loop["self"] = loop
            with self.assertRaises(ValueError) as cm:
                ds.dumps(loop)
            self.assertIn("Circular reference detected", str(cm.exception))
            ok = []
            for _ in range(999):
                ok = [ok]
            back, depth = ds.loads(ds.dumps(ok)), 0
            while back:  # compared by walking: == itself would recurse past Python's limit
                (back,), depth = back, depth + 1
            self.assertEqual((back, depth), ([], 999))
            signer = ds.TimestampSigner(salt="django.core.signing")
            bomb = dj.b64_encode(b"[" * 200_000).decode()
            with self.assertRaises(djsign.MalformedPayload):
                ds.loads(signer.sign(bomb))

        on_small_stack(run)

    def test_user_code_during_conversion(self):
        class Boom(list):
            def __iter__(self):
                raise RuntimeError("from __iter__")

        class Shrinking(dict):
            def items(self):
                outer.clear()
                return super().items()

        with self.assertRaisesRegex(RuntimeError, "from __iter__"):
            ds.dumps({"a": Boom()})
        outer = {"x": 1, "y": Shrinking(a=1), "z": 2}
        with frozen(NOW):
            # Django (json) and djsign agree even when the dict changes while written.
            try:
                theirs = dj.dumps(dict(outer))
            except RuntimeError:
                theirs = None
            outer = {"x": 1, "y": Shrinking(a=1), "z": 2}
            try:
                ours = ds.dumps(outer)
            except RuntimeError:
                ours = None
        self.assertEqual(ours is None, theirs is None)

    def test_wrong_types(self):
        for bad in [None, 1, b"x:y", ["x"], object()]:
            with self.assertRaises(TypeError):
                ds.loads(bad)
        with self.assertRaises(UnicodeEncodeError):
            ds.Signer().sign("\ud800")

    def test_panic_boundary(self):
        with self.assertRaises(djsign.InternalError) as cm:
            _core._selftest_panic()
        self.assertEqual(cm.exception.kind, "internal-error")
        self.assertIsInstance(cm.exception, Exception)


class SessionEngine(unittest.TestCase):
    def setUp(self):
        self.logs = []
        handler = logging.Handler()
        handler.emit = self.logs.append
        logging.getLogger("djsign.sessions").addHandler(handler)
        logging.getLogger("djsign.sessions").setLevel(logging.DEBUG)
        self.addCleanup(logging.getLogger("djsign.sessions").removeHandler, handler)

    def save(self, store_cls, data, t, expiry=None):
        with frozen(t):
            s = store_cls()
            s.update(data)
            if expiry is not None:
                s.set_expiry(expiry)
            s.save()
            return s.session_key

    def test_cookies_are_djangos_both_ways(self):
        data = {"_auth_user_id": "42", "cart": [1, 2, {"é": 3.5}]}
        for expiry in [None, 0, 300, datetime(2026, 1, 1, 1, tzinfo=dt_timezone.utc)]:
            with self.subTest(expiry=expiry):
                theirs = self.save(dj_cookies.SessionStore, data, NOW, expiry)
                ours = self.save(dsess.SessionStore, data, NOW, expiry)
                self.assertEqual(ours, theirs)
                with frozen(NOW + 10):
                    self.assertEqual(dict(dsess.SessionStore(theirs).items()), dict(dj_cookies.SessionStore(theirs).items()))

    def test_strict_expiry_and_logging(self):
        cookie = self.save(dsess.SessionStore, {"a": 1}, NOW, 10)
        with frozen(NOW + 9):
            self.assertEqual(dsess.SessionStore(cookie)["a"], 1)
        with frozen(NOW + 11):
            # Released Django ignores the session's own expiry (#27775) ...
            self.assertEqual(dj_cookies.SessionStore(cookie)["a"], 1)
            # ... djsign's strict default does not.
            s = dsess.SessionStore(cookie)
            self.assertNotIn("a", s)
            self.assertTrue(s.modified)
        (record,) = self.logs
        self.assertEqual((record.levelno, record.djsign_kind), (logging.INFO, "session-expired"))
        with self.settings_policy("django"), frozen(NOW + 11):
            self.assertEqual(dsess.SessionStore(cookie)["a"], 1)

    def test_refusals_are_logged_without_secrets(self):
        cookie = self.save(dsess.SessionStore, {"a": 1}, NOW)
        forged = cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")
        with frozen(NOW + 1):
            self.assertNotIn("a", dsess.SessionStore(forged))
        with frozen(NOW + 1_209_601):
            self.assertNotIn("a", dsess.SessionStore(cookie))
        kinds = [(r.levelno, r.djsign_kind) for r in self.logs]
        self.assertEqual(kinds, [(logging.WARNING, "bad-signature"), (logging.INFO, "expired")])
        for r in self.logs:
            text = r.getMessage() + repr(r.__dict__)
            for secret in (SECRET, cookie, forged, cookie.split(":")[-1]):
                self.assertNotIn(secret, text)

    def test_custom_serializer_same_rules(self):
        cookie = self.save(dsess.SessionStore, {"a": 1}, NOW, 10)
        with mock.patch.object(settings, "SESSION_SERIALIZER", "test_djsign.PlainJSON"):
            with frozen(NOW + 9):
                self.assertEqual(dsess.SessionStore(cookie)["a"], 1)
            with frozen(NOW + 11):
                self.assertNotIn("a", dsess.SessionStore(cookie))
        self.assertEqual(self.logs[-1].djsign_kind, "session-expired")

    class settings_policy:
        def __init__(self, policy):
            self.policy = policy

        def __enter__(self):
            _conf.clear()
            self.patch = mock.patch.object(settings, "DJSIGN_SESSION_EXPIRY_POLICY", self.policy, create=True)
            self.patch.__enter__()

        def __exit__(self, *exc):
            self.patch.__exit__(*exc)
            _conf.clear()


class PlainJSON:
    """A SESSION_SERIALIZER that is not Django's, for the Python-decoded path."""

    def dumps(self, obj):
        return json.dumps(obj, separators=(",", ":")).encode()

    def loads(self, data):
        return json.loads(data)


class Versions(unittest.TestCase):
    def test_mapping(self):
        cases = {(4, 2, 30): "4.2", (5, 1, 0): "5.2", (5, 2, 19): "5.2", (6, 0, 1): "6.0", (6, 1, 3): "6.1", (6, 2, 0): "main"}
        for v, name in cases.items():
            self.assertEqual(_conf.version_of(v), name)
        with self.assertRaises(Exception):
            _conf.version_of((4, 1, 0))
        self.assertEqual(_conf.version(), _conf.version_of(django.VERSION))

    def test_main_reads_utf8(self):
        token = dj.TimestampSigner(salt="django.core.signing").sign(dj.b64_encode('"h\xc3\xa9"'.encode("latin-1")).decode())
        self.assertEqual(ds.loads(token), dj.loads(token))  # latin-1, as every release
        try:
            _conf.clear()
            with mock.patch.object(settings, "DJSIGN_DJANGO_VERSION", "main", create=True):
                self.assertEqual(ds.loads(token), "hé")
        finally:
            _conf.clear()


if __name__ == "__main__":
    unittest.main()
