"""What the harness changes in Django's test run, and nothing else.

1. ``django.core.signing``'s ``Signer``, ``TimestampSigner``, ``dumps``, ``loads``,
   ``b62_encode``, ``b62_decode`` and ``get_cookie_signer`` become djsign's, so that
   ``tests/signing``, ``tests/signed_cookies_tests`` and Django itself (``set_signed_cookie``,
   ``get_signed_cookie``, ``SessionBase.encode``/``decode``) run on djsign. Django's exception
   classes, ``base64_hmac``, ``salted_hmac`` and the cookie-salt helpers stay Django's: the
   tests compare djsign against them.
2. ``sessions_tests.tests.CookieSessionTests`` tests ``djsign.django.sessions.SessionStore``
   instead of Django's ``signed_cookies`` backend.
3. The deliberate differences (python/README.md, "Django's test suites"): Django marks
   ``CookieSessionTests.test_actual_expiry`` as an expected failure because its backend
   ignores a session's own expiry (#19201 / #27775); djsign honours it, so here the test must
   pass, and its async twin, which Django's class replaces with ``pass``, runs too.

The runner refuses to run (exit status 1) if any of this did not take effect.

With ``DJSIGN_SUITE_CONTROL=1`` the session tests keep Django's own backend (3 still applies):
the control run, in which ``test_actual_expiry`` must fail, showing that the difference is
real and that the harness can fail.
"""

import os
import sys

import django.core.signing
from django.test.runner import DiscoverRunner

import djsign.signing
from djsign.django.sessions import SessionStore as DjsignSessionStore


def patch_signing():
    for name, obj in djsign.signing._django_signing_names().items():
        setattr(django.core.signing, name, obj)


def _check(condition, what):
    if not condition:
        sys.stderr.write("djsign harness: %s did not take effect\n" % what)
        sys.exit(1)


def adjust_sessions_tests():
    module = sys.modules.get("sessions_tests.tests")
    if module is None:
        return
    cls = module.CookieSessionTests
    if os.environ.get("DJSIGN_SUITE_CONTROL") != "1":
        cls.backend = DjsignSessionStore
    # Deliberate difference: the expected failure is a success with djsign.
    expected_failure = cls.__dict__["test_actual_expiry"]
    _check(
        getattr(expected_failure, "__unittest_expecting_failure__", False),
        "finding Django's expectedFailure on test_actual_expiry",
    )
    expected_failure.__unittest_expecting_failure__ = False
    cls.test_actual_expiry_async = module.SessionTestsMixin.test_actual_expiry_async


class DjsignRunner(DiscoverRunner):
    def build_suite(self, *args, **kwargs):
        suite = super().build_suite(*args, **kwargs)
        for name, obj in djsign.signing._django_signing_names().items():
            _check(getattr(django.core.signing, name) is obj, "django.core.signing.%s" % name)
        adjust_sessions_tests()
        module = sys.modules.get("sessions_tests.tests")
        if module is not None and os.environ.get("DJSIGN_SUITE_CONTROL") != "1":
            _check(
                module.CookieSessionTests.backend is DjsignSessionStore,
                "CookieSessionTests.backend",
            )
        _check(suite.countTestCases() > 0, "finding any test")
        return suite
