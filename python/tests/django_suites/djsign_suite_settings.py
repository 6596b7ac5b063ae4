"""Settings for Django's own test suites with djsign swapped in (run_django_suites.sh).

Django's default test settings (tests/test_sqlite.py of the Django source distribution,
which runtests.py puts on sys.path), then djsign in place of ``django.core.signing``'s
functions and classes, before any test module imports them, and a test runner that puts
djsign's session engine under test.
"""

from test_sqlite import *  # noqa: F401,F403  (Django's own test settings)

import djsign_suite_shim  # noqa: E402

djsign_suite_shim.patch_signing()

TEST_RUNNER = "djsign_suite_shim.DjsignRunner"
