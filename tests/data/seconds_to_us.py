"""Python's rounding of float seconds to microseconds, as Django's session expiry uses it
(`timedelta(seconds=x)`), for the table in src/utils/datetime.rs (`python_rounds_seconds`).

    python3 tests/data/seconds_to_us.py

Values sit on and next to the half-microsecond ties, negative and positive, where a rounding
rule that is not half-to-even (or that rounds the wrong way below zero) gives another answer.
"""
from datetime import timedelta

xs = []
for n in [0, 1, 2, 3, 4, 5, 6, 7, 1000001, 1234567]:
    for s in (1, -1):
        x = s * (n + 0.5) / 1e6
        xs += [x, s * 1.0 + x, s * 1000.0 + x]
xs += [0.0, -0.0, 1e-7, -1e-7, 4.9999999e-7, -4.9999999e-7, 86400.25, -86400.75, 1767225600.123456]
us = timedelta(microseconds=1)
for x in xs:
    try:
        got = timedelta(seconds=x) // us
    except OverflowError:
        continue
    print(f"        ({x!r}, {got}),")
