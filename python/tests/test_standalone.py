"""djsign.signing without Django installed (run_tests.sh runs it in a venv without Django):
standalone exception classes, explicit keys, and Django's tokens all the same (the expected
values are Django's, from its own test suite and the facts sheet)."""

import unittest


class Standalone(unittest.TestCase):
    def test_django_is_absent(self):
        with self.assertRaises(ImportError):
            import django  # noqa: F401

    def test_tokens(self):
        from djsign import signing

        # tests/signing/tests.py, test_works_with_non_ascii_keys (Django 5.2.19 and 6.1.3).
        self.assertEqual(
            signing.Signer(key=b"\xe7").sign("foo"),
            "foo:EE4qGC5MEKyQG5msxYA0sBohAxLC0BJf8uRhemh0BGU",
        )
        self.assertEqual(
            signing.Signer(key=b"\xe7", salt="s").sign("foo"),
            "foo:FBiA_LL8_3RXIyEKIjp6U4FUBrDG4ImMX8TKHbPMe-A",
        )
        token = signing.dumps({"a": [1, "é"]}, key="k", compress=True)
        self.assertEqual(signing.loads(token, key="k", max_age=60), {"a": [1, "é"]})

    def test_errors(self):
        import djsign
        from djsign import signing

        self.assertEqual(signing.BadSignature.__mro__[1], djsign.DjsignError)
        self.assertTrue(issubclass(signing.SignatureExpired, signing.BadSignature))
        with self.assertRaises(signing.BadSignature) as cm:
            signing.loads("x:y:z", key="k")
        self.assertEqual(cm.exception.kind, "bad-signature")
        with self.assertRaises(djsign.ConfigurationError) as cm:
            signing.dumps("no key")
        self.assertEqual(cm.exception.kind, "invalid-key")


if __name__ == "__main__":
    unittest.main()
