"""djsign's exceptions, and the factory the Rust core raises them through.

Every exception carries ``.kind``, the library's stable slug (``bad-signature``, ``expired``,
``malformed-json``, ...; ``djsign._core.SLUGS`` lists them, plus ``internal-error`` for a
panic caught at the boundary). When Django is importable, ``BadSignature`` and
``SignatureExpired`` subclass Django's own (``django.core.signing``) and ``InvalidAlgorithm``
subclasses ``django.utils.crypto.InvalidAlgorithm``, so code written for Django catches them
unchanged; without Django they are standalone classes with the same relationships.

Messages never contain a key, a token, a signature or payload text: they are safe to log.
"""

import binascii
import zlib

try:
    from django.core import signing as _dj_signing
    from django.utils.crypto import InvalidAlgorithm as _DjInvalidAlgorithm

    _DjBadSignature = _dj_signing.BadSignature
    _DjSignatureExpired = _dj_signing.SignatureExpired
except ImportError:  # Django is optional
    _DjBadSignature = _DjSignatureExpired = _DjInvalidAlgorithm = None


class DjsignError(Exception):
    """Base of every djsign error; ``kind`` is the library's slug."""

    kind = "djsign-error"


if _DjBadSignature is not None:

    class BadSignature(_DjBadSignature, DjsignError):
        """The token was not made with this key and salt (Django's ``BadSignature``).

        Kinds: ``no-separator``, ``bad-signature``, ``token-too-long``."""

    class SignatureExpired(BadSignature, _DjSignatureExpired):
        """A valid signature older than ``max_age`` (Django's ``SignatureExpired``).

        Kind ``expired``; ``age``, ``max_age`` (seconds) and ``timestamp`` (verified signing
        time) are attributes."""

    class InvalidAlgorithm(_DjInvalidAlgorithm, DjsignError):
        """An algorithm djsign does not support (Django's ``InvalidAlgorithm``)."""

else:

    class BadSignature(DjsignError):
        """The token was not made with this key and salt.

        Kinds: ``no-separator``, ``bad-signature``, ``token-too-long``."""

    class SignatureExpired(BadSignature):
        """A valid signature older than ``max_age``; kind ``expired``."""

    class InvalidAlgorithm(DjsignError, ValueError):
        """An algorithm djsign does not support."""


class SessionExpired(SignatureExpired):
    """A session past its own ``_session_expiry`` (kind ``session-expired``); ``expiry`` and
    ``timestamp`` are attributes. Raised inside the session engine only."""


class MalformedPayload(DjsignError, ValueError):
    """The signature is valid but what it signs cannot be read: ``missing-timestamp``,
    ``malformed-timestamp``, ``malformed-base64``, ``malformed-zlib``,
    ``decompressed-too-large``, ``malformed-json``, ``unrepresentable-json``,
    ``type-mismatch``, ``pickled-payload``, ``malformed-session-expiry``.

    Django raises ``ValueError``, ``binascii.Error``, ``zlib.error`` or ``JSONDecodeError`` at
    these points (all but ``zlib.error`` are ``ValueError``); only a key holder can make such a
    token."""


class MalformedBase64(MalformedPayload, binascii.Error):
    """Kind ``malformed-base64`` (Django: ``binascii.Error``)."""


class MalformedZlib(MalformedPayload, zlib.error):
    """Kind ``malformed-zlib`` (Django: ``zlib.error``)."""


class Unserializable(DjsignError, TypeError, ValueError):
    """A value ``json.dumps`` refuses too (kind ``unserializable``), with ``json``'s message:
    a ``TypeError`` for a type it cannot write, a ``ValueError`` for a circular reference, as
    ``json`` raises them (nesting deeper than 1000 levels: ``RecursionError`` in Python)."""


class ConfigurationError(DjsignError, ValueError):
    """A setting or argument djsign refuses: ``invalid-separator``, ``invalid-key``,
    ``invalid-time``, ``compression-unavailable``."""


class InternalError(DjsignError):
    """A bug in djsign's Rust core, caught at the boundary (kind ``internal-error``)."""


_BY_KIND = {
    "no-separator": BadSignature,
    "bad-signature": BadSignature,
    "token-too-long": BadSignature,
    "expired": SignatureExpired,
    "session-expired": SessionExpired,
    "malformed-base64": MalformedBase64,
    "malformed-zlib": MalformedZlib,
    "unserializable": Unserializable,
    "invalid-separator": ConfigurationError,
    "invalid-key": ConfigurationError,
    "invalid-time": ConfigurationError,
    "compression-unavailable": ConfigurationError,
    "unsupported-algorithm": InvalidAlgorithm,
    "internal-error": InternalError,
}


def _message(kind, message, details):
    if kind == "expired":
        # Django's wording, with the floats Python prints.
        return "Signature age %r > %r seconds" % (details["age"], details["max_age"])
    return message


def make_error(kind, message, details):
    """Builds the exception for a core error (registered with ``_core``)."""
    cls = _BY_KIND.get(kind, MalformedPayload)
    exc = cls(_message(kind, message, details))
    exc.kind = kind
    for name, value in details.items():
        setattr(exc, name, value)
    return exc


def error(cls, kind, message, **details):
    """An exception of ``cls`` with ``kind``, raised by the Python side."""
    exc = cls(message)
    exc.kind = kind
    for name, value in details.items():
        setattr(exc, name, value)
    return exc
