"""Where djsign reads Django's settings, which Django version it behaves as, and the cache
of cores built from settings.

The version (``DjangoVersion`` in the library) comes from ``django.VERSION``, or from the
setting ``DJSIGN_DJANGO_VERSION`` (``"4.2"``, ``"5.2"``, ``"6.0"``, ``"6.1"`` or ``"main"``)
when it is set. Without Django, djsign behaves as the newest release (6.1).

Cores (Rust signers with their keys derived) are cached only when their keys come from
settings (``SECRET_KEY``, ``SECRET_KEY_FALLBACKS``): a key a caller passes explicitly is
derived for that call and not kept, as Django does. The cache is keyed by the settings'
values, so a change of key (``override_settings``, rotation) is a new entry; it is cleared on
Django's ``setting_changed`` signal and when it reaches ``_MAX_CACHED`` entries.
"""

from djsign import _core

try:
    import django
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
except ImportError:
    django = settings = None

    class ImproperlyConfigured(Exception):
        """Stands in for Django's when Django is not installed."""


NEWEST_RELEASE = "6.1"
_MAX_CACHED = 256
_cache = {}
_version = []  # [name] once known
_memo = {}


def version_of(django_version):
    """The djsign version name for a ``django.VERSION`` tuple.

    5.0 and 5.1 sign and read payloads exactly as 5.2 (latin-1 JSON, no pickles), so they map
    to 5.2; anything newer than 6.1 is Django's development line (``main``).
    """
    major, minor = django_version[0], django_version[1]
    if (major, minor) < (4, 2):
        raise ImproperlyConfigured(
            "djsign supports Django 4.2 and later, not %d.%d" % (major, minor)
        )
    if (major, minor) == (4, 2):
        return "4.2"
    if major == 5:
        return "5.2"
    if (major, minor) in ((6, 0), (6, 1)):
        return "%d.%d" % (major, minor)
    return "main"


def setting(name, default=None):
    """``settings.<name>``, or ``default`` when Django is absent or the setting unset.

    An unconfigured Django (no settings module) gives ``default`` as well."""
    if settings is None:
        return default
    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:
        return default


def version():
    """The version djsign behaves as (cached; reset when settings change)."""
    if _version:
        return _version[0]
    override = setting("DJSIGN_DJANGO_VERSION")
    if override is not None:
        if override not in _core.VERSIONS:
            raise ImproperlyConfigured(
                "DJSIGN_DJANGO_VERSION must be one of %s, not %r"
                % (", ".join(_core.VERSIONS), override)
            )
        name = override
    elif django is not None:
        name = version_of(django.VERSION)
    else:
        name = NEWEST_RELEASE
    _version.append(name)
    return name


# Django's LazySettings keeps every setting it has read in its instance dict and empties that
# dict (or pops the entry) whenever a setting is assigned or overridden; reading the entry is
# reading the setting, without LazyObject's Python-level __getattribute__ (~0.5 µs a read).
_settings_dict = object.__getattribute__(settings, "__dict__") if settings is not None else {}


def secret_key():
    """``settings.SECRET_KEY``; Django raises ``ImproperlyConfigured`` if it is unset or
    empty. Without Django there is no default key."""
    try:
        return _settings_dict["SECRET_KEY"]
    except KeyError:
        if settings is None:
            raise error_no_key() from None
        return settings.SECRET_KEY


def error_no_key():
    from djsign._errors import ConfigurationError, error

    return error(
        ConfigurationError,
        "invalid-key",
        "no key given, and Django (whose SECRET_KEY would be the default) is not installed",
    )


def fallback_keys():
    """``settings.SECRET_KEY_FALLBACKS``; ``[]`` without Django or settings."""
    try:
        return _settings_dict["SECRET_KEY_FALLBACKS"]
    except KeyError:
        return setting("SECRET_KEY_FALLBACKS", [])


def force_bytes(key):
    """Django's ``force_bytes`` for keys: bytes as they are, str as UTF-8 (strict), a
    memoryview copied, anything else as the UTF-8 of ``str(key)``."""
    if isinstance(key, bytes):
        return key
    if isinstance(key, str):
        return key.encode()
    if isinstance(key, memoryview):
        return bytes(key)
    return str(key).encode()


def key_list(keys):
    """Fallback keys as bytes. Django reads an empty fallback key as the main key again
    (``key or self.key``), which is tried first anyway, so dropping it accepts exactly what
    Django accepts."""
    return [b for b in map(force_bytes, keys) if b]


def cached(factory, cache_key):
    """``factory()``, cached under ``cache_key`` (keys from settings only)."""
    core = _cache.get(cache_key)
    if core is None:
        core = store(cache_key, factory())
    return core


def store(cache_key, core):
    if len(_cache) >= _MAX_CACHED:
        _cache.clear()
    _cache[cache_key] = core
    return core


def memo(name, compute):
    """``compute()``, remembered under ``name`` until settings change (for settings read on
    every request that are usually absent, which Django's settings look up slowly)."""
    try:
        return _memo[name]
    except KeyError:
        value = _memo[name] = compute()
        return value


def clear():
    """Forgets the cached cores, the version and memos (Django's ``setting_changed``)."""
    _cache.clear()
    _version.clear()
    _memo.clear()


def _setting_changed(**kwargs):
    clear()


if settings is not None:
    try:
        from django.core.signals import setting_changed
    except ImportError:  # Django 4.2 keeps it in django.test.signals
        setting_changed = None
    if setting_changed is not None:
        setting_changed.connect(_setting_changed, dispatch_uid="djsign-settings")
