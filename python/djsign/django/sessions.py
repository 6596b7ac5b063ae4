"""A ``SESSION_ENGINE``: Django's ``signed_cookies`` backend
(``django/contrib/sessions/backends/signed_cookies.py``) with djsign's Rust core.

    SESSION_ENGINE = "djsign.django.sessions"

The cookie is the one Django writes (``signing.dumps(session, compress=True,
salt="django.contrib.sessions.backends.signed_cookies")``), so sites can switch engines
either way without logging anyone out. Two things differ, on purpose:

- **Expiry.** Released Django ignores the session's own expiry (``set_expiry``; ticket
  #27775): a session set to expire in five minutes stays valid for ``SESSION_COOKIE_AGE``.
  Here the policy is ``strict`` by default: a session is accepted only if the cookie is
  younger than ``SESSION_COOKIE_AGE`` *and* its ``_session_expiry`` has not passed (Django's
  development branch's rule). ``DJSIGN_SESSION_EXPIRY_POLICY = "django"`` restores the
  released behaviour, ``"django-dev"`` the development branch's; a subclass can set
  ``expiry_policy``.
- **Failures are logged.** Django silently starts an empty session for every bad cookie.
  Here each refusal is logged on the logger ``djsign.sessions`` with its kind (the library's
  slug: ``bad-signature``, ``expired``, ``session-expired``, ``malformed-json``, ...; never the
  key or the cookie), at INFO for ``expired`` and ``session-expired`` (routine) and WARNING
  for every other kind; the record has ``djsign_kind``. Then, as Django's contract requires,
  an empty session starts. Configuration errors (no ``SECRET_KEY``) are raised, not
  swallowed.

Sessions serialized with Django's ``JSONSerializer`` (the default) are read and written in
Rust; any other ``SESSION_SERIALIZER`` works too, with its own ``dumps``/``loads`` in Python
and the signature and expiry rules in Rust.
"""

import logging
import time
from datetime import datetime

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

from djsign import _conf, _core
from djsign import signing as djsigning
from djsign._errors import ConfigurationError, DjsignError, MalformedPayload, error

logger = logging.getLogger("djsign.sessions")

SALT = "django.contrib.sessions.backends.signed_cookies"
POLICIES = ("strict", "django", "django-dev")
_ROUTINE = frozenset({"expired", "session-expired"})

# The UTC offset of Django's default time zone, at which a naive `_session_expiry` is read
# (Django's development branch reads it as server local time); looked up once a minute.
_offset = [0, float("-inf")]


def _naive_utc_offset(now):
    if now - _offset[1] > 60:
        delta = datetime.now(timezone.get_default_timezone()).utcoffset()
        _offset[0] = int(delta.total_seconds()) if delta is not None else 0
        _offset[1] = now
    return _offset[0]


def _policy_setting():
    policy = _conf.memo(
        "DJSIGN_SESSION_EXPIRY_POLICY",
        lambda: _conf.setting("DJSIGN_SESSION_EXPIRY_POLICY", "strict"),
    )
    if policy not in POLICIES:
        raise _conf.ImproperlyConfigured(
            "DJSIGN_SESSION_EXPIRY_POLICY must be one of %s, not %r"
            % (", ".join(POLICIES), policy)
        )
    return policy


def _refused(kind):
    level = logging.INFO if kind in _ROUTINE else logging.WARNING
    logger.log(
        level,
        "session cookie refused (%s); starting an empty session",
        kind,
        extra={"djsign_kind": kind},
    )


class SessionStore(SessionBase):
    """Django's signed-cookie ``SessionStore``, on djsign (see the module docstring)."""

    #: ``"strict"``, ``"django"`` or ``"django-dev"``; ``None``: the
    #: ``DJSIGN_SESSION_EXPIRY_POLICY`` setting (default ``"strict"``).
    expiry_policy = None

    def _policy(self):
        return self.expiry_policy or _policy_setting()

    def _store(self, now):
        age = self.get_session_cookie_age()
        policy = self._policy()
        offset = _naive_utc_offset(now)
        secret = _conf.secret_key()
        fallbacks = tuple(_conf.fallback_keys())
        version = _conf.version()
        return _conf.cached(
            lambda: _core.SessionStore(
                _conf.force_bytes(secret),
                _conf.key_list(fallbacks),
                int(age),
                version,
                policy,
                offset,
            ),
            ("session", secret, fallbacks, age, version, policy, offset),
        )

    def _signer(self):
        return djsigning._core_for(
            _core.TimestampSigner, None, None, SALT, ":", "sha256"
        )

    def load(self):
        """The session in the cookie, or an empty one (logged) if it is refused."""
        cookie = self.session_key
        if cookie is None:
            self.create()
            return {}
        try:
            now = time.time()
            if djsigning._is_native(self.serializer):
                try:
                    return self._store(now).load_at(cookie, now)
                except _core.Unheld:
                    return self._load_in_python(cookie, djsigning.JSONSerializer, now)
            return self._load_in_python(cookie, self.serializer, now)
        except ConfigurationError:
            raise
        except DjsignError as exc:
            _refused(exc.kind)
        except _conf.ImproperlyConfigured:
            raise
        except Exception:
            # The serializer's own error on a verified payload (Django swallows it too).
            _refused("serializer-error")
        self.create()
        return {}

    def _load_in_python(self, cookie, serializer, now):
        """For serializers other than JSON: the signature and the expiry rules in Rust, the
        payload through ``serializer().loads``."""
        policy = self._policy()
        age = self.get_session_cookie_age()
        max_age = None if policy == "django-dev" else float(age)
        payload, timestamp = self._signer().unsign_at_timestamped(cookie, max_age, now)
        data = serializer().loads(djsigning._payload_bytes(payload))
        if not isinstance(data, dict):
            raise error(
                MalformedPayload,
                "type-mismatch",
                "payload does not fit the requested type: the session payload is not an object",
            )
        if policy != "django":
            expiry = _core.session_expiry_instant(
                data.get("_session_expiry"),
                timestamp,
                int(age),
                _naive_utc_offset(now),
            )
            if expiry <= now:
                from djsign._errors import SessionExpired

                raise error(
                    SessionExpired,
                    "session-expired",
                    "session expired at Unix time %r" % expiry,
                    expiry=expiry,
                    timestamp=timestamp,
                )
        return data

    async def aload(self):
        return self.load()

    def create(self):
        """A new session: mark it modified so that the cookie is set on this response."""
        self.modified = True

    async def acreate(self):
        return self.create()

    def save(self, must_create=False):
        """The session key is the signed session itself."""
        self._session_key = self._get_session_key()
        self.modified = True

    async def asave(self, must_create=False):
        return self.save(must_create=must_create)

    def exists(self, session_key=None):
        """There is no store to look in: always ``False``, as in Django."""
        return False

    async def aexists(self, session_key=None):
        return self.exists(session_key=session_key)

    def delete(self, session_key=None):
        """Empty the session and its key; the response clears the cookie."""
        self._session_key = ""
        self._session_cache = {}
        self.modified = True

    async def adelete(self, session_key=None):
        return self.delete(session_key=session_key)

    def cycle_key(self):
        """A signed cookie cannot be revoked; re-signing it is all there is (as Django)."""
        self.save()

    async def acycle_key(self):
        return self.cycle_key()

    def _get_session_key(self):
        session = self._session
        now = int(time.time())
        if djsigning._is_native(self.serializer):
            try:
                return self._store(now).save_at(session, now)
            except _core.Unheld:
                data = djsigning.JSONSerializer().dumps(session)
        else:
            data = self.serializer().dumps(session)
        return self._signer().sign_at(djsigning._payload(data, True), now)

    def encode(self, session_dict):
        """``SessionBase.encode`` with djsign's ``dumps``."""
        return djsigning.dumps(
            session_dict, salt=self.key_salt, serializer=self.serializer, compress=True
        )

    def decode(self, session_data):
        """``SessionBase.decode`` with djsign's ``loads``: ``{}`` for a bad value, a forged
        one logged on ``django.security.SuspiciousSession`` as Django does."""
        try:
            return djsigning.loads(
                session_data, salt=self.key_salt, serializer=self.serializer
            )
        except djsigning.BadSignature:
            logging.getLogger("django.security.SuspiciousSession").warning(
                "Session data corrupted"
            )
        except (ConfigurationError, _conf.ImproperlyConfigured):
            raise
        except Exception:
            pass
        return {}

    @classmethod
    def clear_expired(cls):
        pass

    @classmethod
    async def aclear_expired(cls):
        pass
