"""Scenarios 1-7 of issue 11: a live Django site and the Rust example service, side by side.

Started by interop/run.sh, which builds everything first. This script owns the two server
processes (it restarts them for key rotation) and always stops them. Each check prints
`PASS name` or `FAIL name: why`; the last line is `N passed, M failed`, and the exit status is
non-zero on any failure. Only loopback addresses are used.

    scenarios.py --django 5.2 --python VENV/bin/python --rust BIN --workdir DIR [--load BIN]
"""

import argparse
import http.client
import http.cookies
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
K1 = "interop-key-one-" + "a" * 40
K2 = "interop-key-two-" + "b" * 40
SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"

results = []
PIDS = None


def check(name, ok, why=""):
    results.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": {why}"), flush=True)
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One process on a loopback port, stopped whatever happens."""

    def __init__(self, name, argv, env, port, log):
        self.name, self.argv, self.env, self.port, self.log = name, argv, env, port, log
        self.proc = None

    def start(self):
        logf = open(self.log, "ab")
        self.proc = subprocess.Popen(
            self.argv, env=self.env, stdout=logf, stderr=logf, cwd=HERE, start_new_session=True
        )
        # run.sh's trap stops what is listed here if this script itself is killed.
        with open(PIDS, "a") as f:
            f.write(f"{self.proc.pid}\n")
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log}")
            try:
                status, _, _ = request(self.port, "GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not come up; see {self.log}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None


def request(port, method, path, cookies=None, form=None):
    """One HTTP/1.1 request; returns (status, [(header, value)], parsed JSON or text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    raw = resp.read().decode("utf-8", "replace")
    conn.close()
    try:
        payload = json.loads(raw)
    except ValueError:
        payload = raw
    return resp.status, resp.getheaders(), payload


def set_cookies(headers):
    """The Set-Cookie headers as {name: Morsel}."""
    out = {}
    for k, v in headers:
        if k.lower() == "set-cookie":
            c = http.cookies.SimpleCookie()
            c.load(v)
            out.update(c)
    return out


def raw_set_cookie(headers, name):
    return [v for k, v in headers if k.lower() == "set-cookie" and v.startswith(name + "=")]


def update(jar, headers):
    """A browser's jar after a response: set cookies, drop deleted ones."""
    jar = dict(jar)
    for name, m in set_cookies(headers).items():
        if m["max-age"] == "0" or m["max-age"] == 0:
            jar.pop(name, None)
        else:
            jar[name] = m.coded_value
    return jar


def shape(set_cookie):
    """A Set-Cookie header without the value and the date: the attributes, in order."""
    parts = set_cookie.split("; ")
    return [re.sub(r"^expires=.*", "expires=<date>", p) for p in parts[1:]]


def q(path, **params):
    return path + "?" + urllib.parse.urlencode(params)


class Site:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.workdir)
        os.makedirs(self.work, exist_ok=True)
        self.db = os.path.join(self.work, "db.sqlite3")
        if os.path.exists(self.db):
            os.remove(self.db)
        self.dj_port, self.rs_port = free_port(), free_port()
        self.key, self.fallbacks = K1, []
        self.django = self.rust = None

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DJANGO_SECRET_KEY=self.key,
            DJANGO_SECRET_KEY_FALLBACKS=",".join(self.fallbacks),
            DJANGO_DB=self.db,
            DJANGO_VERSION=self.args.django,
            DJANGO_SETTINGS_MODULE="djsite.settings",
            PYTHONPATH=HERE,
        )
        return env

    def helper(self, *argv):
        out = subprocess.run(
            [self.args.python, os.path.join(HERE, "helper.py"), *argv],
            env=self.env(),
            capture_output=True,
            text=True,
            cwd=HERE,
        )
        if out.returncode not in (0, 1):
            raise RuntimeError(f"helper {argv[0]} failed: {out.stderr[-2000:]}")
        return out

    def make_session(self, **spec):
        return self.helper("session", json.dumps(spec)).stdout.strip()

    def verifies_with(self, key, cookie):
        return self.helper("verify", key, cookie).returncode == 0

    def start(self):
        env = self.env()
        self.django = Server(
            "django",
            [
                self.args.python,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{self.dj_port}",
                "--workers",
                "2",
                "djsite.wsgi:application",
            ],
            env,
            self.dj_port,
            os.path.join(self.work, "django.log"),
        )
        self.rust = Server(
            "rust",
            [self.args.rust],
            {**env, "BIND": f"127.0.0.1:{self.rs_port}"},
            self.rs_port,
            os.path.join(self.work, "rust.log"),
        )
        self.django.start()
        self.rust.start()

    def stop(self):
        for s in (self.rust, self.django):
            if s:
                s.stop()

    def restart(self, key, fallbacks):
        self.stop()
        self.key, self.fallbacks = key, fallbacks
        self.start()

    def dj(self, method, path, jar=None, form=None):
        return request(self.dj_port, method, path, jar, form)

    def rs(self, method, path, jar=None):
        return request(self.rs_port, method, path, jar)

    def login(self, user):
        pw = {"alice": "alice-password", "bob": "bob-password"}[user]
        status, headers, body = self.dj("POST", "/login", form={"username": user, "password": pw})
        if status != 200:
            raise RuntimeError(f"login {user}: {status} {body}")
        return update({}, headers)


def body_is(resp, status, **fields):
    s, _, body = resp
    return s == status and isinstance(body, dict) and all(body.get(k) == v for k, v in fields.items())


def show(resp):
    return f"{resp[0]} {resp[2]!r}"[:300]


def scenario_1(site):
    alice = site.login("alice")
    r = site.rs("GET", "/me", alice)
    check("1 login on Django, Rust /me is alice", body_is(r, 200, username="alice"), show(r))
    r = site.rs("GET", "/me")
    check("1 anonymous: Rust /me is 401 not-logged-in", body_is(r, 401, error="not-logged-in"), show(r))
    r = site.dj("GET", "/me")
    check("1 anonymous: Django /me is 401 too", r[0] == 401, show(r))
    bob = site.login("bob")
    r = site.rs("GET", "/me", bob)
    check("1 other user: Rust /me with bob's cookie is bob", body_is(r, 200, username="bob"), show(r))
    r = site.rs("GET", "/me", alice)
    check("1 other user: alice's cookie is still alice", body_is(r, 200, username="alice"), show(r))
    return alice


def scenario_2(site, alice):
    r = site.rs("POST", q("/session/set", key="color", value="green", expiry=600), alice)
    sc = raw_set_cookie(r[1], "sessionid")
    check("2 Rust modifies the session: one new sessionid cookie", r[0] == 200 and len(sc) == 1, show(r))
    jar = update(alice, r[1])
    d = site.dj("GET", "/session", jar)
    check(
        "2 Django sees Rust's change and custom expiry",
        d[0] == 200 and d[2].get("color") == "green" and d[2].get("_session_expiry") == 600,
        show(d),
    )
    d = site.dj("GET", "/me", jar)
    check("2 Django still knows the user after Rust's write", body_is(d, 200, username="alice"), show(d))
    # The same change made by Django: the same cookie attributes (Max-Age=600 included).
    dj = site.dj("GET", q("/session/set", key="color", value="green", expiry=600), alice)
    dsc = raw_set_cookie(dj[1], "sessionid")
    check(
        "2 Rust's Set-Cookie has Django's attributes for the same change",
        len(dsc) == 1 and sc and shape(sc[0]) == shape(dsc[0]) and "Max-Age=600" in sc[0],
        f"rust {sc} django {dsc}",
    )
    vary = [v for k, v in r[1] if k.lower() == "vary"]
    check("2 Rust's response varies on Cookie", vary == ["Cookie"], str(vary))
    d = site.dj("GET", q("/session/set", key="size", value="L"), jar)
    jar = update(jar, d[1])
    r = site.rs("GET", "/session", jar)
    check(
        "2 and back: Rust sees Django's change",
        r[0] == 200 and r[2].get("size") == "L" and r[2].get("color") == "green",
        show(r),
    )
    r = site.rs("GET", "/session", jar)
    check("2 a read-only request writes no cookie", not raw_set_cookie(r[1], "sessionid"), str(r[1]))


def scenario_3(site):
    d = site.dj("GET", q("/signed/set", name="pref", value="dark mode; \"x\"", salt="ui"))
    jar = update({}, d[1])
    r = site.rs("GET", q("/signed", name="pref", salt="ui"), jar)
    check("3 Django's signed cookie (v2 salt, quoted value) read by Rust", body_is(r, 200, value='dark mode; "x"'), show(r))
    r = site.rs("GET", q("/signed", name="pref", salt="other"), jar)
    d = site.dj("GET", q("/signed", name="pref", salt="other"), jar)
    check(
        "3 another salt: bad-signature on both sides",
        body_is(r, 400, error="bad-signature") and body_is(d, 400, error="bad-signature"),
        f"rust {show(r)} django {show(d)}",
    )
    r = site.rs("POST", q("/signed/set", name="lang", value="fr é", salt="ui"))
    jar = update({}, r[1])
    d = site.dj("GET", q("/signed", name="lang", salt="ui"), jar)
    check("3 Rust's signed cookie read by Django", body_is(d, 200, value="fr é"), show(d))
    legacy_ok = site.args.django != "6.1"
    d = site.dj("GET", q("/signed/set-legacy", name="old", value="legacy", salt="ui"))
    jar = update({}, d[1])
    r = site.rs("GET", q("/signed", name="old", salt="ui"), jar)
    d = site.dj("GET", q("/signed", name="old", salt="ui"), jar)
    want = (200, {"value": "legacy"}) if legacy_ok else (400, {"error": "bad-signature"})
    check(
        f"3 legacy-salted cookie by Django: {'accepted' if legacy_ok else 'refused'} by Rust and Django {site.args.django}",
        body_is(r, want[0], **want[1]) and body_is(d, want[0], **want[1]),
        f"rust {show(r)} django {show(d)}",
    )
    r = site.rs("POST", q("/signed/set", name="old2", value="legacy2", salt="ui", legacy="1"))
    jar = update({}, r[1])
    d = site.dj("GET", q("/signed", name="old2", salt="ui"), jar)
    r2 = site.rs("GET", q("/signed", name="old2", salt="ui"), jar)
    want = (200, {"value": "legacy2"}) if legacy_ok else (400, {"error": "bad-signature"})
    check(
        f"3 legacy-salted cookie by Rust: {'accepted' if legacy_ok else 'refused'} by Django {site.args.django} and Rust",
        body_is(d, want[0], **want[1]) and body_is(r2, want[0], **want[1]),
        f"django {show(d)} rust {show(r2)}",
    )


def scenario_4(site):
    alice = site.login("alice")
    d = site.dj("GET", q("/signed/set", name="pref", value="kept", salt="ui"))
    signed = update({}, d[1])
    site.restart(K2, [K1])
    r = site.rs("GET", "/me", alice)
    check("4 rotation: Rust accepts the old-key session", body_is(r, 200, username="alice"), show(r))
    sc = set_cookies(r[1]).get("sessionid")
    check(
        "4 rotation: Rust re-signs it with the new key (auth hash upgrade)",
        sc is not None and site.verifies_with(K2, sc.coded_value) and not site.verifies_with(K1, sc.coded_value),
        f"set-cookie {sc}",
    )
    if sc is not None:
        d = site.dj("GET", "/me", {"sessionid": sc.coded_value})
        check("4 rotation: Django accepts Rust's re-signed session", body_is(d, 200, username="alice"), show(d))
    d = site.dj("GET", "/me", alice)
    check("4 rotation: Django accepts the old-key session too", body_is(d, 200, username="alice"), show(d))
    new = site.login("bob")
    check("4 rotation: Django's new sessions use the new key", site.verifies_with(K2, new["sessionid"]), "")
    r = site.rs("GET", "/me", new)
    check("4 rotation: Rust reads Django's new-key session", body_is(r, 200, username="bob"), show(r))
    r = site.rs("GET", q("/signed", name="pref", salt="ui"), signed)
    d = site.dj("GET", q("/signed", name="pref", salt="ui"), signed)
    check(
        "4 rotation: old-key signed cookie accepted by both",
        body_is(r, 200, value="kept") and body_is(d, 200, value="kept"),
        f"rust {show(r)} django {show(d)}",
    )
    site.restart(K2, [])
    r = site.rs("GET", "/me", alice)
    d = site.dj("GET", "/me", alice)
    check(
        "4 removed key: session refused by Rust (bad-signature) and Django (anonymous)",
        body_is(r, 400, error="bad-signature") and d[0] == 401,
        f"rust {show(r)} django {show(d)}",
    )
    r = site.rs("GET", q("/signed", name="pref", salt="ui"), signed)
    d = site.dj("GET", q("/signed", name="pref", salt="ui"), signed)
    check(
        "4 removed key: signed cookie refused by both",
        body_is(r, 400, error="bad-signature") and body_is(d, 400, error="bad-signature"),
        f"rust {show(r)} django {show(d)}",
    )


def scenario_5(site):
    good = site.make_session(user="alice")
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    r = site.rs("GET", "/me", {"sessionid": tampered})
    d = site.dj("GET", "/me", {"sessionid": tampered})
    check(
        "5 tampered: Rust bad-signature, Django anonymous",
        body_is(r, 400, error="bad-signature") and d[0] == 401,
        f"rust {show(r)} django {show(d)}",
    )
    expired = site.make_session(user="alice", age=1209600 + 60)
    r = site.rs("GET", "/me", {"sessionid": expired})
    d = site.dj("GET", "/me", {"sessionid": expired})
    check(
        "5 expired (older than SESSION_COOKIE_AGE): Rust expired, Django anonymous",
        body_is(r, 400, error="expired") and d[0] == 401,
        f"rust {show(r)} django {show(d)}",
    )
    custom = site.make_session(user="alice", data={"_session_expiry": 5}, age=60)
    r = site.rs("GET", "/me", {"sessionid": custom})
    d = site.dj("GET", "/me", {"sessionid": custom})
    check(
        f"5 custom-expired (set_expiry(5), 60 s old): Rust session-expired; Django {site.args.django} "
        "still accepts it (ticket #27775, SPEC.md section 8)",
        body_is(r, 400, error="session-expired") and body_is(d, 200, username="alice"),
        f"rust {show(r)} django {show(d)}",
    )
    other = site.make_session(user="bob", hash_of="alice")
    r = site.rs("GET", "/me", {"sessionid": other})
    d = site.dj("GET", "/me", {"sessionid": other})
    rdel, ddel = raw_set_cookie(r[1], "sessionid"), raw_set_cookie(d[1], "sessionid")
    check(
        "5 bob's id with alice's hash: Rust auth-hash-mismatch, Django anonymous",
        body_is(r, 401, error="auth-hash-mismatch") and d[0] == 401,
        f"rust {show(r)} django {show(d)}",
    )
    check(
        "5 and both flush it with the same deletion cookie",
        len(rdel) == 1 and rdel == ddel and "Max-Age=0" in rdel[0],
        f"rust {rdel} django {ddel}",
    )


def scenario_6(site):
    alice = site.login("alice")
    r = site.rs("GET", "/me", alice)
    check("6 before the password change: Rust /me is alice", body_is(r, 200, username="alice"), show(r))
    d = site.dj("POST", "/password", form={"username": "alice", "password": "a-new-password"})
    check("6 Django changes alice's password", d[0] == 200, show(d))
    r = site.rs("GET", "/me", alice)
    d = site.dj("GET", "/me", alice)
    check(
        "6 after it: Rust auth-hash-mismatch (logged out), Django anonymous",
        body_is(r, 401, error="auth-hash-mismatch") and d[0] == 401,
        f"rust {show(r)} django {show(d)}",
    )
    d = site.dj("POST", "/password", form={"username": "alice", "password": "alice-password"})


def scenario_7(site, loadgen, seconds, connections):
    cases = []
    for user in ("alice", "bob"):
        cookie = site.login(user)["sessionid"]
        cases.append({"path": "/me", "cookie": f"sessionid={cookie}", "status": 200, "contains": f'"username":"{user}"'})
        forged = cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB")
        cases.append({"path": "/me", "cookie": f"sessionid={forged}", "status": 400, "contains": '"bad-signature"'})
    expired = site.make_session(user="alice", age=1209600 + 60)
    cases.append({"path": "/me", "cookie": f"sessionid={expired}", "status": 400, "contains": '"expired"'})
    cases.append({"path": "/me", "cookie": "csrftoken=x", "status": 401, "contains": '"not-logged-in"'})
    path = os.path.join(site.work, "load_cases.json")
    with open(path, "w") as f:
        json.dump(cases, f)
    # Every case is checked once by Django too, so the expectations are Django's.
    for c in cases:
        name, value = c["cookie"].split("=", 1)
        d = site.dj("GET", "/me", {name: value})
        want_user = c["status"] == 200
        if not check(
            f"7 load case agrees with Django ({c['contains']})",
            (d[0] == 200) == want_user,
            show(d),
        ):
            return
    out = subprocess.run(
        [loadgen, f"127.0.0.1:{site.rs_port}", path, str(connections), str(seconds)],
        capture_output=True,
        text=True,
    )
    if not check("7 load client ran", out.returncode == 0, out.stderr[-1000:]):
        return
    stats = json.loads(out.stdout)
    with open(f"/proc/{site.rust.proc.pid}/status") as f:
        rss = next(line.split()[1] for line in f if line.startswith("VmHWM:"))
    print(
        f"load: {connections} connections, {seconds} s: {stats['requests']} requests "
        f"({stats['requests'] / seconds:.0f}/s), wrong {stats['wrong']}, 5xx {stats['server_errors']}, "
        f"transport errors {stats['transport_errors']}, p50 {stats['p50_us'] / 1000:.2f} ms, "
        f"p99 {stats['p99_us'] / 1000:.2f} ms, peak RSS {int(rss) / 1024:.1f} MiB",
        flush=True,
    )
    with open(os.path.join(site.work, "load_result.json"), "w") as f:
        json.dump({**stats, "peak_rss_kib": int(rss), "connections": connections, "seconds": seconds}, f)
    check(
        "7 load: 0 wrong answers, 0 5xx, 0 transport errors",
        stats["requests"] > 0 and stats["wrong"] == 0 and stats["server_errors"] == 0 and stats["transport_errors"] == 0,
        json.dumps(stats),
    )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--django", required=True, choices=["5.2", "6.1"])
    p.add_argument("--python", required=True)
    p.add_argument("--rust", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--load")
    p.add_argument("--load-seconds", type=int, default=20)
    p.add_argument("--load-connections", type=int, default=200)
    args = p.parse_args()
    global PIDS
    PIDS = os.path.join(os.path.abspath(args.workdir), "pids")
    os.makedirs(args.workdir, exist_ok=True)

    def stop_on_signal(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, stop_on_signal)
    print(f"== Django {args.django} and the Rust example service")
    site = Site(args)
    try:
        site.helper("setup")
        site.start()
        alice = scenario_1(site)
        scenario_2(site, alice)
        scenario_3(site)
        scenario_4(site)
        scenario_5(site)
        scenario_6(site)
        if args.load:
            scenario_7(site, args.load, args.load_seconds, args.load_connections)
    except Exception as e:  # a crash is a failure, never a skip
        check("scenarios ran to the end", False, f"{type(e).__name__}: {e}")
    finally:
        site.stop()
    # The service logs why it refused (the error kind), never a key or a cookie's content.
    log = open(os.path.join(site.work, "rust.log"), encoding="utf-8", errors="replace").read()
    leaked = [s for s in (K1, K2, "alice-password", "dark mode", "legacy2", "eyJ", ".eJ") if s in log]
    check("logs name error kinds only: no key, password or payload", "reason=" in log and not leaked, str(leaked))
    passed, failed = results.count(True), results.count(False)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
