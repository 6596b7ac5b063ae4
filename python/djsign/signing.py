"""``django.core.signing`` with djsign's Rust core: ``Signer``, ``TimestampSigner``,
``dumps``, ``loads``, ``b62_encode``, ``b62_decode``, ``get_cookie_signer``.

Signatures, defaults and the settings lookup are Django's (``SECRET_KEY``,
``SECRET_KEY_FALLBACKS``, ``SIGNING_BACKEND``); tokens are byte-identical to Django's. The
time is ``time.time()`` read at each call, as Django reads it (so ``freeze_time`` and mocks
of ``time.time`` apply).

Where this differs from Django on purpose (python/README.md lists every difference):
errors are typed and carry ``.kind``; messages do not repeat the token's signature;
``Signer`` does not keep ``.key``/``.fallback_keys`` (the keys live in Rust and are wiped
when the signer is dropped), and ``salt``/``sep``/``algorithm`` are read-only; algorithms
are sha1, sha224, sha256, sha384 and sha512 (others raise ``InvalidAlgorithm`` when used,
where Django raises it for names ``hashlib`` lacks); overriding ``signature()`` or
``timestamp()`` in a subclass does not change what ``sign`` writes.
"""

import base64
import binascii
import datetime
import json
import time
import zlib

from djsign import _conf, _core
from djsign._errors import (
    BadSignature,
    ConfigurationError,
    DjsignError,
    InvalidAlgorithm,
    MalformedBase64,
    MalformedPayload,
    MalformedZlib,
    SignatureExpired,
    error,
)

__all__ = [
    "BadSignature",
    "SignatureExpired",
    "DjsignError",
    "JSONSerializer",
    "Signer",
    "TimestampSigner",
    "b62_decode",
    "b62_encode",
    "dumps",
    "get_cookie_signer",
    "loads",
]

BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ALGORITHMS = ("sha1", "sha224", "sha256", "sha384", "sha512")
_DEFAULT_SIGNING_BACKENDS = (
    "django.core.signing.TimestampSigner",
    "djsign.signing.TimestampSigner",
)
# The library's bound on decompressed payloads, for payloads Python decodes.
_MAX_DECOMPRESSED = 4 << 20
_Unheld = _core.Unheld


class JSONSerializer:
    """Django's ``JSONSerializer``: ``json.dumps(obj, separators=(",", ":"))`` as bytes, read
    back with the Django version's codec (latin-1 in every release, UTF-8 on main).

    With this serializer (or Django's own) the JSON is written and read in Rust."""

    def dumps(self, obj):
        return json.dumps(obj, separators=(",", ":")).encode(_codec())

    def loads(self, data):
        return json.loads(data.decode(_codec()))


def _codec():
    return "utf-8" if _conf.version() == "main" else "latin-1"


try:
    from django.core.signing import JSONSerializer as _DjangoJSONSerializer
except ImportError:
    _DjangoJSONSerializer = JSONSerializer

_NATIVE = {JSONSerializer: True, _DjangoJSONSerializer: True}


def _is_native(serializer):
    """True if ``serializer`` writes and reads Django's JSON: either JSONSerializer, or a
    subclass that overrides neither method. Such payloads are handled in Rust."""
    known = _NATIVE.get(serializer)
    if known is None:
        known = any(
            getattr(serializer, "dumps", None) is base.dumps
            and getattr(serializer, "loads", None) is base.loads
            for base in (JSONSerializer, _DjangoJSONSerializer)
        )
        if len(_NATIVE) < 64:
            _NATIVE[serializer] = known
    return known


def _payload(data, compress):
    """Django's payload of serialized bytes: optional zlib (kept only if it saves two bytes),
    URL-safe base64 without padding, ``.`` first when compressed."""
    is_compressed = False
    if compress:
        packed = zlib.compress(data)
        if len(packed) < len(data) - 1:
            data, is_compressed = packed, True
    text = base64.urlsafe_b64encode(data).strip(b"=").decode()
    return "." + text if is_compressed else text


def _payload_bytes(payload):
    """The serialized bytes in a verified payload, as Django decodes them, with the library's
    bound on decompressed size."""
    raw = payload.encode()
    compressed = raw[:1] == b"."
    if compressed:
        raw = raw[1:]
    try:
        data = base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        raise error(
            MalformedBase64, "malformed-base64", "payload is not valid base64"
        ) from None
    if compressed:
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(data, _MAX_DECOMPRESSED + 1)
        except zlib.error:
            raise error(
                MalformedZlib,
                "malformed-zlib",
                "compressed payload is not a valid zlib stream",
            ) from None
        if len(out) > _MAX_DECOMPRESSED:
            raise error(
                MalformedPayload,
                "decompressed-too-large",
                "decompressed payload exceeds the limit of %d bytes" % _MAX_DECOMPRESSED,
                limit=_MAX_DECOMPRESSED,
            )
        if not inflater.eof:
            raise error(
                MalformedZlib,
                "malformed-zlib",
                "compressed payload is not a valid zlib stream",
            )
        data = out
    return data


def _max_age(max_age):
    if isinstance(max_age, datetime.timedelta):
        return max_age.total_seconds()
    return max_age


def _default_salt(cls):
    # Django: "%s.%s" % (cls.__module__, cls.__name__). djsign's own classes stand for
    # Django's, so their tokens are Django's.
    if cls is Signer or cls is TimestampSigner:
        return "django.core.signing." + cls.__name__
    return "%s.%s" % (cls.__module__, cls.__name__)


class _Unusable:
    """The core of a signer whose algorithm djsign does not support: Django raises
    ``InvalidAlgorithm`` when the signer is used, not when it is made, and so does this."""

    __slots__ = ("_algorithm",)

    def __init__(self, algorithm):
        self._algorithm = algorithm

    def __getattr__(self, name):
        import hashlib

        if hasattr(hashlib, str(self._algorithm)):
            message = "%r is an algorithm djsign does not support (%s)." % (
                self._algorithm,
                ", ".join(_ALGORITHMS),
            )
        else:
            message = "%r is not an algorithm accepted by the hashlib module." % (
                self._algorithm,
            )
        raise error(InvalidAlgorithm, "unsupported-algorithm", message)


def _build(core_cls, key, fallback_keys, salt, sep, algorithm):
    """A core signer; raises Django's ``ValueError`` for an unsafe separator."""
    usable = algorithm in _ALGORITHMS
    try:
        core = core_cls(
            key,
            fallback_keys,
            salt,
            sep,
            algorithm if usable else "sha256",
            _conf.version(),
        )
    except ConfigurationError as exc:
        if exc.kind == "invalid-separator":
            raise error(
                ConfigurationError,
                "invalid-separator",
                "Unsafe Signer separator: %r (cannot be empty or consist of "
                "only A-z0-9-_=)" % (sep,),
            ) from None
        raise
    return core if usable else _Unusable(algorithm)


_cache = _conf._cache


def _core_for(core_cls, key, fallback_keys, salt, sep, algorithm):
    """The core for a signer's arguments: keys from settings when not given (cached), a
    given key derived for this signer only."""
    if key:
        keys = _conf.key_list(
            _conf.fallback_keys() if fallback_keys is None else fallback_keys
        )
        return _build(core_cls, _conf.force_bytes(key), keys, salt, sep, algorithm)
    secret = _conf.secret_key()
    fallbacks = tuple(_conf.fallback_keys() if fallback_keys is None else fallback_keys)
    cache_key = (core_cls, secret, fallbacks, salt, sep, algorithm, _conf.version())
    core = _cache.get(cache_key)
    if core is None:
        core = _conf.store(
            cache_key,
            _build(
                core_cls,
                _conf.force_bytes(secret),
                _conf.key_list(fallbacks),
                salt,
                sep,
                algorithm,
            ),
        )
    return core


class Signer:
    """Django's ``Signer``: ``value + sep + signature``.

    ``Signer(*, key=None, sep=":", salt=None, algorithm=None, fallback_keys=None)``: the key
    defaults to ``settings.SECRET_KEY``, the fallback keys to
    ``settings.SECRET_KEY_FALLBACKS`` (``[]`` without Django settings), the salt to the
    class path, the algorithm to sha256."""

    _core_cls = _core.Signer

    def __init__(
        self, *, key=None, sep=":", salt=None, algorithm=None, fallback_keys=None
    ):
        self._salt = salt or _default_salt(type(self))
        self._sep = sep
        self._algorithm = algorithm or "sha256"
        self._core = _core_for(
            self._core_cls, key, fallback_keys, self._salt, sep, self._algorithm
        )

    @classmethod
    def _with_core(cls, core, salt, sep=":", algorithm="sha256"):
        self = cls.__new__(cls)
        self._salt, self._sep, self._algorithm, self._core = salt, sep, algorithm, core
        return self

    @property
    def salt(self):
        return self._salt

    @property
    def sep(self):
        return self._sep

    @property
    def algorithm(self):
        return self._algorithm

    def __repr__(self):
        return "<%s salt=%r sep=%r algorithm=%r>" % (
            type(self).__name__,
            self._salt,
            self._sep,
            self._algorithm,
        )

    def signature(self, value, key=None):
        """The base64 MAC of ``value`` (str or bytes; others as ``force_bytes`` makes them)
        under ``key`` or the signer's key."""
        if not isinstance(value, (str, bytes)):
            value = _conf.force_bytes(value)
        if key:
            key = _conf.force_bytes(key)
        return self._core.signature(value, key or None)

    def sign(self, value):
        if type(value) is str:
            return self._core.sign(value)
        # Django writes "%s" % value and signs force_bytes(value): the same bytes except for
        # bytes values ("b'...'" written, the raw bytes signed), kept as Django has them.
        text = "%s" % (value,)
        raw = _conf.force_bytes(value) if not isinstance(value, str) else value.encode()
        if raw == text.encode():
            return self._core.sign(text)
        return "%s%s%s" % (text, self._sep, self._core.signature(raw, None))

    def unsign(self, signed_value):
        return self._core.unsign(signed_value)

    def sign_object(self, obj, serializer=JSONSerializer, compress=False):
        if _is_native(serializer):
            try:
                return self._core.sign_object(obj, compress)
            except _Unheld:
                data = JSONSerializer().dumps(obj)
        else:
            data = serializer().dumps(obj)
        return self.sign(_payload(data, compress))

    def unsign_object(self, signed_obj, serializer=JSONSerializer, **kwargs):
        if kwargs:
            raise TypeError(
                "unsign_object() got unexpected keyword arguments: %s"
                % ", ".join(sorted(kwargs))
            )
        if _is_native(serializer):
            try:
                return self._core.unsign_object(signed_obj)
            except _Unheld:
                serializer = JSONSerializer
        return serializer().loads(_payload_bytes(self._core.unsign(signed_obj)))


class TimestampSigner(Signer):
    """Django's ``TimestampSigner``: ``value + sep + b62(int(time.time())) + sep +
    signature``; ``unsign(value, max_age=None)`` with ``max_age`` in seconds or a
    ``timedelta``."""

    _core_cls = _core.TimestampSigner

    def timestamp(self):
        return b62_encode(int(time.time()))

    def sign(self, value):
        return self._core.sign_at("%s" % (value,), int(time.time()))

    def unsign(self, value, max_age=None):
        if max_age is None:
            return self._core.unsign_at(value, None, 0.0)
        return self._core.unsign_at(value, _max_age(max_age), time.time())

    def sign_object(self, obj, serializer=JSONSerializer, compress=False):
        if _is_native(serializer):
            try:
                return self._core.sign_object_at(obj, compress, int(time.time()))
            except _Unheld:
                data = JSONSerializer().dumps(obj)
        else:
            data = serializer().dumps(obj)
        return self.sign(_payload(data, compress))

    def unsign_object(self, signed_obj, serializer=JSONSerializer, max_age=None):
        if max_age is None:
            max_age, now = None, 0.0
        else:
            max_age, now = _max_age(max_age), time.time()
        if _is_native(serializer):
            try:
                return self._core.unsign_object_at(signed_obj, max_age, now)
            except _Unheld:
                serializer = JSONSerializer
        payload = self._core.unsign_at(signed_obj, max_age, now)
        return serializer().loads(_payload_bytes(payload))


_TS_SALT = "django.core.signing.TimestampSigner"


def dumps(
    obj, key=None, salt="django.core.signing", serializer=JSONSerializer, compress=False
):
    """Django's ``signing.dumps``: a URL-safe signed (and optionally compressed) JSON
    token. ``key`` defaults to ``settings.SECRET_KEY``."""
    core = _core_for(_core.TimestampSigner, key, None, salt or _TS_SALT, ":", "sha256")
    if _is_native(serializer):
        try:
            return core.sign_object_at(obj, compress, int(time.time()))
        except _Unheld:
            data = JSONSerializer().dumps(obj)
    else:
        data = serializer().dumps(obj)
    return core.sign_at(_payload(data, compress), int(time.time()))


def loads(
    s,
    key=None,
    salt="django.core.signing",
    serializer=JSONSerializer,
    max_age=None,
    fallback_keys=None,
):
    """Django's ``signing.loads``: the object in a token from ``dumps``; raises
    ``BadSignature`` (``SignatureExpired`` past ``max_age``) or another ``DjsignError``."""
    core = _core_for(
        _core.TimestampSigner, key, fallback_keys, salt or _TS_SALT, ":", "sha256"
    )
    if max_age is None:
        now = 0.0
    else:
        max_age, now = _max_age(max_age), time.time()
    if _is_native(serializer):
        try:
            return core.unsign_object_at(s, max_age, now)
        except _Unheld:
            serializer = JSONSerializer
    return serializer().loads(_payload_bytes(core.unsign_at(s, max_age, now)))


def _cookie_key(key):
    return b"django.http.cookies" + _conf.force_bytes(key)


def get_cookie_signer(salt="django.core.signing.get_cookie_signer"):
    """Django's ``get_cookie_signer``: a ``settings.SIGNING_BACKEND`` signer (djsign's
    ``TimestampSigner`` for Django's default) keyed with ``b"django.http.cookies" +
    SECRET_KEY`` and the fallback keys likewise."""
    backend = _conf.setting("SIGNING_BACKEND", _DEFAULT_SIGNING_BACKENDS[0])
    secret = _conf.secret_key()
    fallbacks = tuple(_conf.fallback_keys())
    if backend not in _DEFAULT_SIGNING_BACKENDS:
        from django.utils.module_loading import import_string

        cls = import_string(backend)
        if cls is not TimestampSigner:
            return cls(
                key=_cookie_key(secret),
                fallback_keys=[_cookie_key(k) for k in fallbacks],
                salt=salt,
            )
    core = _conf.cached(
        lambda: _build(
            _core.TimestampSigner,
            _cookie_key(secret),
            _conf.key_list(_cookie_key(k) for k in fallbacks),
            salt,
            ":",
            "sha256",
        ),
        ("cookie", secret, fallbacks, salt, _conf.version()),
    )
    return TimestampSigner._with_core(core, salt)


def b62_encode(s):
    """Django's ``b62_encode`` (any int; Rust for those in ``i64``)."""
    if type(s) is int and -(1 << 63) <= s < (1 << 63):
        return _core.b62_encode(s)
    if s == 0:
        return "0"
    sign = "-" if s < 0 else ""
    s = abs(s)
    digits = []
    while s > 0:
        s, remainder = divmod(s, 62)
        digits.append(BASE62_ALPHABET[remainder])
    return sign + "".join(reversed(digits))


def b62_decode(s):
    """Django's ``b62_decode``, quirks included (``"-"`` and ``"-0"`` are 0); a string that
    is not base62 raises ``MalformedPayload`` (a ``ValueError``, kind
    ``malformed-timestamp``). Integers beyond ``i64`` are decoded in Python."""
    try:
        return _core.b62_decode(s)
    except MalformedPayload:
        body = s[1:] if s[:1] == "-" else s
        if not body or any(c not in BASE62_ALPHABET for c in body):
            raise
    decoded = 0
    for digit in body:
        decoded = decoded * 62 + BASE62_ALPHABET.index(digit)
    return -decoded if s[:1] == "-" else decoded


def _django_signing_names():
    """The names this module replaces in ``django.core.signing`` when patched in (the
    harness of Django's own test suites does so, see python/tests/django_suites/)."""
    return {
        "Signer": Signer,
        "TimestampSigner": TimestampSigner,
        "dumps": dumps,
        "loads": loads,
        "b62_encode": b62_encode,
        "b62_decode": b62_decode,
        "get_cookie_signer": get_cookie_signer,
    }


# Silence "imported but unused": re-exported for `except signing.SignatureExpired`.
_ = (BadSignature, SignatureExpired, DjsignError)
