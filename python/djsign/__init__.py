"""djsign: Django's cryptographic signing with the audited Rust core.

- ``djsign.signing``: ``django.core.signing``'s API (``Signer``, ``TimestampSigner``,
  ``dumps``, ``loads``, ``b62_encode``, ``b62_decode``, ``get_cookie_signer``).
- ``djsign.django.sessions``: a ``SESSION_ENGINE``, Django's ``signed_cookies`` backend that
  honours the session's own expiry and logs why a cookie was refused (logger
  ``djsign.sessions``).

Every error is a ``DjsignError`` with ``.kind``, the library's slug; see ``djsign._errors``.
"""

from djsign import _core
from djsign._errors import (
    BadSignature,
    ConfigurationError,
    DjsignError,
    InternalError,
    InvalidAlgorithm,
    MalformedPayload,
    SessionExpired,
    SignatureExpired,
    Unserializable,
    make_error,
)

_core._set_error_factory(make_error)

__version__ = "0.1.0"
KINDS = tuple(_core.SLUGS) + ("internal-error",)

__all__ = [
    "BadSignature",
    "ConfigurationError",
    "DjsignError",
    "InternalError",
    "InvalidAlgorithm",
    "KINDS",
    "MalformedPayload",
    "SessionExpired",
    "SignatureExpired",
    "Unserializable",
]
