#!/usr/bin/env python3
"""The operations of benches/signing.rs, timed on real Django with timeit.

    python3 -m venv .venv && .venv/bin/pip install Django==5.2.19
    .venv/bin/python benches/django_bench.py > target/django_bench.json
    .venv/bin/python benches/django_bench.py --peers target/peers > target/django_peers.json

The second form times Django on the tokens benches/peers wrote (benches/peers.sh, issue 9).

Prints one JSON object: {"django": version, "python": version, "ns": {bench id: ns per op}}
with the same bench ids as Criterion uses, for benches/ratios.py. Each number is the best of
7 timeit repeats (the least disturbed), the usual timeit practice.

"reuse" means one Signer instance for every call; Django still derives the key inside every
sign/unsign (salted_hmac), so reuse and per_call differ only by the constructor's cost.
"""

import json
import platform
import sys
import time
import timeit
from unittest import mock

import django
from django.conf import settings

settings.configure(SECRET_KEY="unused-settings-key", SECRET_KEY_FALLBACKS=[])

from django.core import signing  # noqa: E402  (needs settings first)

KEY = "django-insecure-benchmark-key-0123456789abcdefghijklmnopqrstuvwxyz"
SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"
SESSION_AGE = 1209600
# Same dict as benches/signing.rs: 201 bytes of JSON, a 258-char compressed token.
SESSION = {
    "_auth_user_id": "1",
    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
    "_auth_user_hash": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
    "cart": [1, 2, 3],
    "theme": "dark",
}


def per_op_ns(fn) -> float:
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(number, 1000)
    return min(timer.repeat(repeat=7, number=number)) / number * 1e9


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def per_op_ns_any(fn) -> float:
    """As per_op_ns, without the 1000-call floor (a 1 MiB token takes ~0.1 s in Django)."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=number)) / number * 1e9


def peers(token_dir: str) -> int:
    """Django on the tokens benches/peers wrote (issue 9): loads, reject, dumps of each."""
    import pathlib

    stamper = signing.TimestampSigner(key=KEY, salt=SESSION_SALT)
    ns = {}
    sizes = {}
    for name in ["session", "session_4k", "token_1m"]:
        path = pathlib.Path(token_dir) / f"{name}.txt"
        token = path.read_text().strip()
        # The same forgery as benches/peers: the last signature character moved by four
        # places in the alphabet, so the signature stays canonical and a full HMAC is paid.
        bad = token[:-1] + ALPHABET[(ALPHABET.index(token[-1]) + 4) % 64]
        obj = stamper.unsign_object(token)
        compress = token.startswith(".")
        try:
            stamper.unsign_object(bad)
            raise AssertionError("forged token accepted")
        except signing.BadSignature:
            pass

        def reject():
            try:
                stamper.unsign_object(bad)
            except signing.BadSignature:
                pass

        ns[f"{name}/django/loads"] = round(per_op_ns_any(lambda: stamper.unsign_object(token)), 1)
        ns[f"{name}/django/reject"] = round(per_op_ns_any(reject), 1)
        ns[f"{name}/django/dumps"] = round(
            per_op_ns_any(lambda: stamper.sign_object(obj, compress=compress)), 1
        )
        sizes[name] = len(token)
    out = {
        "django": django.get_version(),
        "python": platform.python_version(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "token_lens": sizes,
        "ns": ns,
    }
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--peers":
        return peers(sys.argv[2])
    signer = signing.Signer(key=KEY)
    token = signer.sign("hello")
    stamper = signing.TimestampSigner(key=KEY, salt=SESSION_SALT)
    session_token = stamper.sign_object(SESSION, compress=True)
    # The same token djsign makes at timestamp 1_700_000_000 (checks the bench inputs agree).
    with mock.patch("time.time", return_value=1_700_000_000):
        fixed = signing.dumps(SESSION, key=KEY, salt=SESSION_SALT, compress=True)
    assert len(fixed) == 258, len(fixed)

    one = signing.TimestampSigner(key=KEY)
    four = signing.TimestampSigner(key=KEY, fallback_keys=["old-key-1", "old-key-2", "old-key-3"])
    short_stamped = one.sign("hello")
    by_oldest = signing.TimestampSigner(key="old-key-3").sign("hello")

    benches = {
        "short/sign/reuse": lambda: signer.sign("hello"),
        "short/sign/per_call": lambda: signing.Signer(key=KEY).sign("hello"),
        "short/unsign/reuse": lambda: signer.unsign(token),
        "short/unsign/per_call": lambda: signing.Signer(key=KEY).unsign(token),
        "session/dumps/reuse": lambda: stamper.sign_object(SESSION, compress=True),
        "session/dumps/per_call": lambda: signing.dumps(
            SESSION, key=KEY, salt=SESSION_SALT, compress=True
        ),
        "session/loads/reuse": lambda: stamper.unsign_object(session_token, max_age=SESSION_AGE),
        "session/loads/per_call": lambda: signing.loads(
            session_token, key=KEY, salt=SESSION_SALT, max_age=SESSION_AGE
        ),
        "fallbacks/unsign/0_fallbacks": lambda: one.unsign(short_stamped, max_age=3600),
        "fallbacks/unsign/3_fallbacks_key_matches": lambda: four.unsign(short_stamped, max_age=3600),
        "fallbacks/unsign/3_fallbacks_last_matches": lambda: four.unsign(by_oldest, max_age=3600),
    }
    out = {
        "django": django.get_version(),
        "python": platform.python_version(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "session_token_len": len(fixed),
        "ns": {name: round(per_op_ns(fn), 1) for name, fn in benches.items()},
    }
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
