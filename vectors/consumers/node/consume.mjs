// A from-scratch consumer of djsign's test vectors, written from vectors/README.md alone.
//
//     node consume.mjs [VECTORS_DIR]
//
// Node's standard library only (node:crypto, node:zlib, node:fs, node:path). JavaScript's
// JSON cannot hold what Django's can (integers beyond 2**53, NaN, duplicate keys kept in
// place), so this file has its own reader and writer of Python's JSON (README D). Every step
// names the README section it follows (A-G). Each test runs as every Django version it names.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const RESULTS = ["valid", "invalid", "acceptable"];
const SESSION_SALT = "django.contrib.sessions.backends.signed_cookies";

class Refused extends Error {} // Django refuses; the message is the README's error kind
class NotApplicable extends Error {} // the message is the flag that says why
const refuse = (kind) => { throw new Refused(kind); };

// ------------------------------------------------------------------ Python's JSON (D)
// Values: null, booleans, BigInt (integers), Number (floats), strings, arrays, and Map
// (objects: insertion order; a repeated key keeps its first position, like a Python dict).
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

function parseJson(text, plainObjects = false) {
  let i = 0;
  const fail = () => refuse("malformed-json");
  const ws = () => { while (" \t\n\r".includes(text[i]) && i < text.length) i++; };
  const lit = (word, v) => { if (text.startsWith(word, i)) { i += word.length; return v; } return fail(); };
  function value() {
    ws();
    const c = text[i];
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    if (c === "n") return lit("null", null);
    if (c === "t") return lit("true", true);
    if (c === "f") return lit("false", false);
    if (c === "N") return lit("NaN", NaN);
    if (c === "I") return lit("Infinity", Infinity);
    if (c === "-" && text[i + 1] === "I") { i++; return -lit("Infinity", Infinity); }
    return number();
  }
  function number() {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return fail();
    i += m[0].length;
    if (m[2] === undefined && m[3] === undefined) {
      if (m[0].replace("-", "").length > 4300) return fail(); // CPython's int_max_str_digits
      return BigInt(m[0]); // "-0" is the integer 0
    }
    return Number(m[0]); // correctly rounded; 1e400 is Infinity
  }
  function string() {
    let out = "";
    i++;
    for (;;) {
      if (i >= text.length) return fail();
      const c = text[i++];
      if (c === '"') return out;
      if (c < " ") return fail(); // raw control characters
      if (c !== "\\") { out += c; continue; }
      const e = text[i++];
      const simple = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }[e];
      if (simple !== undefined) { out += simple; continue; }
      if (e !== "u" || !/^[0-9a-fA-F]{4}$/.test(text.slice(i, i + 4))) return fail();
      out += String.fromCharCode(parseInt(text.slice(i, i + 4), 16)); // a pair joins by itself in UTF-16
      i += 4;
    }
  }
  function array() {
    const out = [];
    i++; ws();
    if (text[i] === "]") { i++; return out; }
    for (;;) {
      out.push(value()); ws();
      const c = text[i++];
      if (c === "]") return out;
      if (c !== ",") return fail();
    }
  }
  function object() {
    const out = plainObjects ? {} : new Map();
    i++; ws();
    if (text[i] === "}") { i++; return out; }
    for (;;) {
      ws();
      if (text[i] !== '"') return fail();
      const k = string(); ws();
      if (text[i++] !== ":") return fail();
      const v = value();
      if (plainObjects) out[k] = v; else out.set(k, v); // the last value wins, in place
      ws();
      const c = text[i++];
      if (c === "}") return out;
      if (c !== ",") return fail();
    }
  }
  if (text.startsWith("\ufeff")) return fail();
  const v = value(); ws();
  return i === text.length ? v : fail();
}

// json.dumps(obj, separators=(",", ":")), ensure_ascii (D, Signing 1)
function dumpJson(v) {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return pyFloat(v);
  if (typeof v === "string") return quote(v);
  if (Array.isArray(v)) return "[" + v.map(dumpJson).join(",") + "]";
  return "{" + [...v].map(([k, x]) => quote(k) + ":" + dumpJson(x)).join(",") + "}";
}

function quote(s) {
  const short = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
  let out = '"';
  for (let j = 0; j < s.length; j++) { // UTF-16 code units: beyond U+FFFF a surrogate pair
    const c = s[j], u = s.charCodeAt(j);
    if (short[c]) out += short[c];
    else if (u < 0x20 || u > 0x7e) out += "\\u" + u.toString(16).padStart(4, "0");
    else out += c;
  }
  return out + '"';
}

// Python's float repr: shortest round-trip digits, fixed when -4 <= E < 16
function pyFloat(x) {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, exp] = Math.abs(x).toExponential().split("e"); // shortest digits, d.ddd
  const digits = mant.replace(".", ""), e = Number(exp), sign = x < 0 ? "-" : "";
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    return sign + m + "e" + (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
  }
  if (e < 0) return sign + "0." + "0".repeat(-e - 1) + digits;
  const int = digits.slice(0, e + 1).padEnd(e + 1, "0");
  return sign + int + "." + (digits.slice(e + 1) || "0");
}

// ------------------------------------------------------------------ A. keys and MACs
const utf8 = (s) => Buffer.from(s, "utf8");
const b64encode = (buf) => Buffer.from(buf).toString("base64url"); // unpadded, - and _

function signature(salt, value, key, algorithm) {
  const derived = createHash(algorithm).update(utf8(salt + "signer")).update(key).digest(); // A.2
  return b64encode(createHmac(algorithm, derived).update(utf8(value)).digest()); // A.3, A.4
}

// D, Verifying 3: Django's b64_decode, i.e. CPython's non-strict a2b_base64
const B64 = new Map([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"].map((c, n) => [c.charCodeAt(0), n]));
B64.set(0x2d, 62).set(0x2b, 62).set(0x5f, 63).set(0x2f, 63); // - + _ /

function b64decode(bytes) {
  const input = Buffer.concat([bytes, Buffer.from("=".repeat((4 - (bytes.length % 4)) % 4))]);
  const out = [];
  let q = 0, left = 0, pads = 0;
  for (const byte of input) {
    if (byte === 0x3d) { // "="
      if (q >= 2 && q + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const v = B64.get(byte);
    if (v === undefined) continue; // any other byte is skipped
    pads = 0;
    if (q === 0) left = v;
    else if (q === 1) { out.push(((left << 2) | (v >> 4)) & 255); left = v & 15; }
    else if (q === 2) { out.push(((left << 4) | (v >> 2)) & 255); left = v & 3; }
    else out.push(((left << 6) | v) & 255);
    q = (q + 1) % 4;
  }
  if (q !== 0) refuse("malformed-base64");
  return Buffer.from(out);
}

// ------------------------------------------------------------------ B, C. Signer, TimestampSigner
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function b62encode(n) { // C.2, n a BigInt
  if (n === 0n) return "0";
  let sign = "", out = "";
  if (n < 0n) { sign = "-"; n = -n; }
  while (n > 0n) { out = B62[Number(n % 62n)] + out; n /= 62n; }
  return sign + out;
}

function b62decode(s) { // C.3.3
  if (s === "0") return 0n;
  if (s === "") refuse("malformed-timestamp");
  let sign = 1n, n = 0n;
  if (s[0] === "-") { s = s.slice(1); sign = -1n; }
  for (const c of s) {
    const d = B62.indexOf(c);
    if (d < 0 || c.length !== 1) refuse("malformed-timestamp");
    n = n * 62n + BigInt(d);
  }
  return sign * n;
}

function unsafeSeparator(sep) { // B.1: re.match(r"^[A-z0-9-_=]*$"), where $ may precede a final \n
  return /^[A-z0-9\-_=]*$/.test(sep.endsWith("\n") ? sep.slice(0, -1) : sep);
}

class Signer {
  constructor({ key, fallbackKeys = [], salt, sep = ":", algorithm, timed = false }) {
    this.salt = salt || (timed ? "django.core.signing.TimestampSigner" : "django.core.signing.Signer");
    this.algorithm = algorithm || "sha256";
    Object.assign(this, { key, fallbackKeys, sep, timed });
    if (unsafeSeparator(sep)) refuse("invalid-separator");
  }

  sign(value, timestamp) {
    if (this.timed) value = value + this.sep + b62encode(timestamp); // C.1
    return value + this.sep + signature(this.salt, value, this.key, this.algorithm); // B.2
  }

  // B.3 and C.3, in Django's order: [value, timestamp or null]
  unsign(token, maxAge = null, now = null) {
    const at = token.lastIndexOf(this.sep);
    if (at < 0) refuse("no-separator");
    let value = token.slice(0, at);
    const sig = utf8(token.slice(at + this.sep.length));
    const ok = [this.key, ...this.fallbackKeys].some((k) => {
      const want = utf8(signature(this.salt, value, k.length ? k : this.key, this.algorithm));
      return want.length === sig.length && timingSafeEqual(want, sig); // the string, as Django
    });
    if (!ok) refuse("bad-signature");
    if (!this.timed) return [value, null];
    const t = value.lastIndexOf(this.sep);
    if (t < 0) refuse("missing-timestamp");
    const ts = b62decode(value.slice(t + this.sep.length));
    value = value.slice(0, t);
    if (maxAge !== null && now - Number(ts) > maxAge) refuse("expired"); // doubles, > not >=
    return [value, ts];
  }

  // D, Signing
  signObject(obj, compress, timestamp) {
    let data = Buffer.from(dumpJson(obj), "latin1"), dot = "";
    if (compress) {
      const z = deflateSync(data); // zlib level 6, window 15, memory level 8
      if (z.length < data.length - 1) { data = z; dot = "."; }
    }
    return this.sign(dot + b64encode(data), timestamp);
  }

  // D, Verifying: [object, timestamp]
  unsignObject(token, maxAge, now, version) {
    const [text, ts] = this.unsign(token, maxAge, now);
    let raw = utf8(text);
    const compressed = raw[0] === 0x2e;
    if (compressed) raw = raw.subarray(1);
    let data = b64decode(raw);
    if (compressed) {
      try { data = inflateSync(data); } catch { refuse("malformed-zlib"); } // trailing bytes ignored
    }
    return [parseJson(decodePayload(data, version)), ts];
  }
}

function decodePayload(data, version) { // D, Verifying 5
  if (version !== "main") return data.toString("latin1");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(data);
  } catch { return refuse("malformed-json"); }
}

// ------------------------------------------------------------------ E. signed cookies
const COOKIE_PREFIX = utf8("django.http.cookies");
const DEFAULT_LEGACY_FALLBACK = { "5.2": true, "6.0": true, "6.1": false, main: false }; // G

function cookieSigner(m, salt) {
  return new Signer({
    key: Buffer.concat([COOKIE_PREFIX, keyBytes(m)]),
    fallbackKeys: (m.fallbackKeys || []).map((k) => Buffer.concat([COOKIE_PREFIX, utf8(k)])),
    salt, timed: true,
  });
}

function cookieSalt(m, scheme) {
  const s = m.cookieSalt;
  return scheme === "v2" ? `django.http.cookies.v2:${[...s].length}:${s}${m.cookieName}` : m.cookieName + s;
}

function readCookie(m, version) { // E.4: [value, timestamp, scheme]
  let schemes = ["v2"];
  if (m.legacySaltFallback === undefined && version === "4.2") schemes = ["legacy"];
  else if (m.legacySaltFallback ?? DEFAULT_LEGACY_FALLBACK[version]) schemes = ["v2", "legacy"];
  for (const [i, scheme] of schemes.entries()) {
    try {
      return [...cookieSigner(m, cookieSalt(m, scheme)).unsign(m.token, m.maxAge, m.now), scheme];
    } catch (e) {
      // the legacy retry follows a BadSignature only: not an expiry, not a ValueError
      if (i + 1 === schemes.length || !["bad-signature", "no-separator"].includes(e.message)) throw e;
    }
  }
}

// ------------------------------------------------------------------ F. sessions
// Times are BigInt microseconds since 1970 (UTC), so years 1 to 9999 stay exact.
const US = 1000000n, DAY = 86400n * US;
const MIN_US = daysFromCivil(1, 1, 1) * DAY, MAX_US = (daysFromCivil(9999, 12, 31) + 1n) * DAY - 1n;

function daysFromCivil(y, m, d) { // days since 1970-01-01 of a proleptic Gregorian date
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400), yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return BigInt(era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468);
}

function roundHalfEven(x) { // a double to the nearest integer, ties to even, as BigInt
  const f = Math.floor(x), r = x - f;
  return BigInt(r > 0.5 || (r === 0.5 && f % 2 !== 0) ? f + 1 : f);
}

const secondsToUs = (s) => { const w = Math.floor(s); return BigInt(w) * US + roundHalfEven((s - w) * 1e6); };

// datetime.fromisoformat, the forms of README F; naive is UTC
function parseIso(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:.(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?|[+-]\d{4})?)?$/su.exec(s);
  if (!m) refuse("malformed-session-expiry");
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x)));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const mdays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (y < 1 || !mdays || d < 1 || d > mdays || h > 23 || mi > 59 || sec > 59) refuse("malformed-session-expiry");
  const frac = BigInt(((m[7] || "") + "000000").slice(0, 6));
  let us = (daysFromCivil(y, mo, d) * 86400n + BigInt(h * 3600 + mi * 60 + sec)) * US + frac;
  if (m[8] && m[8] !== "Z") {
    const o = /^([+-])(\d{2}):?(\d{2})?(?::(\d{2})(?:\.(\d+))?)?$/.exec(m[8]);
    const off = (BigInt(Number(o[2]) * 3600 + Number(o[3] || 0) * 60 + Number(o[4] || 0)) * US) +
      BigInt(((o[5] || "") + "000000").slice(0, 6));
    if (off >= DAY) refuse("malformed-session-expiry");
    us -= o[1] === "-" ? -off : off;
  }
  return us;
}

function falsy(v) {
  return v === null || v === false || v === 0n || v === 0 || (Array.isArray(v) && !v.length) || (v instanceof Map && !v.size);
}

function expiryDate(data, ts, cookieAge) { // F, django-dev: get_expiry_date
  if (!(data instanceof Map)) refuse("type-mismatch");
  const expiry = data.has("_session_expiry") ? data.get("_session_expiry") : null;
  if (typeof expiry === "string") return parseIso(expiry);
  const seconds = falsy(expiry) ? cookieAge : expiry === true ? 1n : expiry;
  let delta;
  if (typeof seconds === "bigint") delta = seconds * US;
  else if (typeof seconds === "number" && Number.isFinite(seconds)) delta = secondsToUs(seconds);
  else refuse("malformed-session-expiry"); // TypeError (a list, an object), or inf/nan
  if (delta > 999999999n * DAY + DAY - 1n || delta < -999999999n * DAY) refuse("malformed-session-expiry");
  const when = ts * US + delta;
  if (ts * US < MIN_US || ts * US > MAX_US || when < MIN_US || when > MAX_US) refuse("malformed-session-expiry");
  return when;
}

function loadSession(m, version) { // F: [payload, timestamp]
  if (m.salt !== SESSION_SALT) throw new Error("session salt " + m.salt);
  const policy = m.expiryPolicy || (version === "main" ? "django-dev" : "django");
  const signer = new Signer({ key: keyBytes(m), fallbackKeys: (m.fallbackKeys || []).map(utf8), salt: m.salt, timed: true });
  let result = null;
  if (policy !== "django-dev") result = signer.unsignObject(m.token, Number(m.cookieAge), m.now, version);
  if (policy !== "django") {
    const [data, ts] = signer.unsignObject(m.token, null, m.now, version);
    if (expiryDate(data, ts, m.cookieAge) <= secondsToUs(m.now)) refuse("session-expired");
    result = result || [data, ts];
  }
  if (!(result[0] instanceof Map)) refuse("type-mismatch"); // released Django returns it: acceptable
  return result;
}

// ------------------------------------------------------------------ one test
const keyBytes = (m) => (m.key !== undefined ? utf8(m.key) : Buffer.from(m.keyHex, "hex"));

function coreSigner(m) {
  return new Signer({
    key: keyBytes(m), fallbackKeys: (m.fallbackKeys || []).map(utf8), salt: m.salt, sep: m.sep ?? ":",
    algorithm: m.algorithm, timed: m.type === "sign" || m.type === "object",
  });
}

function verify(m, version) { // [value or payload, timestamp, salt scheme]
  switch (m.type) {
    case "sign-untimed": case "sign": return [...coreSigner(m).unsign(m.token, m.maxAge, m.now), null];
    case "object-untimed": case "object": return [...coreSigner(m).unsignObject(m.token, m.maxAge, m.now, version), null];
    case "session": return [...loadSession(m, version), null];
    case "signed-cookie": return readCookie(m, version);
  }
  throw new Error("unknown group type " + m.type);
}

function sign(m) {
  switch (m.type) {
    case "sign-untimed": case "sign": return coreSigner(m).sign(m.value, m.timestamp);
    case "object-untimed": case "object": return coreSigner(m).signObject(parseJson(m.payloadJson), m.compress, m.timestamp);
    case "session": return new Signer({ key: keyBytes(m), salt: SESSION_SALT, timed: true }).signObject(parseJson(m.payloadJson), true, m.timestamp);
    case "signed-cookie": return cookieSigner(m, cookieSalt(m, m.saltScheme)).sign(m.value, m.timestamp);
  }
}

function payloadBytes(token, sep, timed) { // the JSON a token carries, decompressed
  let text = token.slice(0, token.lastIndexOf(sep));
  if (timed) text = text.slice(0, text.lastIndexOf(sep));
  const raw = b64decode(utf8(text.replace(/^\./, "")));
  return text.startsWith(".") ? inflateSync(raw) : raw;
}

const sameKind = (a, b) => a === b || [a, b].every((k) => k === "malformed-json" || k === "pickled-payload");

function run(m, version) { // null when it passes, else why it failed; NotApplicable thrown
  let got, ts, scheme;
  try {
    [got, ts, scheme] = verify(m, version);
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    if (m.result === "valid") return `refused (${e.message}), Django accepts`;
    if (m.result === "invalid" && !sameKind(e.message, m.error)) return `refused with ${e.message}, vector says ${m.error}`;
    return null;
  }
  if (m.result === "invalid") return `accepted, Django refuses (${m.error})`;
  if (["object", "object-untimed", "session"].includes(m.type)) {
    if (dumpJson(got) !== m.payloadJson) return `read ${dumpJson(got)}, Django reads ${m.payloadJson}`; // exact
  } else if (got !== m.value) return `read ${JSON.stringify(got)}, Django reads ${JSON.stringify(m.value)}`;
  if (scheme && scheme !== m.saltScheme) return `verified with the ${scheme} salt, Django with ${m.saltScheme}`;
  if (m.timestamp !== undefined && ts !== m.timestamp) return `timestamp ${ts}, Django ${m.timestamp}`;
  if (m.result === "valid" && !m.flags.includes("VerifyOnly")) {
    const made = sign(m);
    if (made !== m.token) {
      const sep = m.sep ?? ":", timed = m.type !== "object-untimed";
      if (m.flags.includes("ZlibExact") && payloadBytes(made, sep, timed).equals(payloadBytes(m.token, sep, timed))) {
        throw new NotApplicable("ZlibExact");
      }
      return `signing gives ${made}, Django ${m.token}`;
    }
  }
  return null;
}

// ------------------------------------------------------------------ counting
const tally = () => Object.fromEntries(RESULTS.map((r) => [r, [0, 0, 0]])); // passed, failed, n/a
function line(t) {
  const sum = (i) => RESULTS.reduce((a, r) => a + t[r][i], 0);
  const split = RESULTS.map((r) => `${r} ${t[r][0]} passed, ${t[r][1]} failed, ${t[r][2]} n/a`).join("; ");
  return `${sum(0)} passed, ${sum(1)} failed, ${sum(2)} not applicable (${split})`;
}

function numbers(m) { // the vector file's numbers, as this consumer uses them
  for (const k of ["now", "maxAge"]) if (typeof m[k] === "bigint") m[k] = Number(m[k]);
  if (typeof m.timestamp === "number") m.timestamp = BigInt(m.timestamp);
  if (m.maxAge === undefined) m.maxAge = null;
  if (m.now === undefined) m.now = null;
  return m;
}

const dir = process.argv[2] || join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const files = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "schema.json").sort();
const total = tally(), failures = [], notApplicable = {};
for (const name of files) {
  const doc = parseJson(readFileSync(join(dir, name), "utf8"), true); // exact: timestamps beyond 2**53
  if (doc.schema !== "djsign-vectors/2") { failures.push(`${name}: schema ${doc.schema}`); continue; }
  const t = tally();
  for (const g of doc.testGroups) {
    for (const test of g.tests) {
      const m = numbers({ ...g, ...test, tests: undefined });
      let outcome = 0, why = "";
      for (const version of m.djangoVersions) {
        let problem;
        try { problem = run(m, version); } catch (e) {
          if (!(e instanceof NotApplicable)) problem = `crashed: ${e.stack}`;
          else { outcome = Math.max(outcome, 2); why = e.message; continue; }
        }
        if (problem) { outcome = 1; failures.push(`${name} tcId ${m.tcId} (${m.comment}) as Django ${version}: ${problem}`); break; }
      }
      if (outcome === 2) notApplicable[why] = (notApplicable[why] || 0) + 1;
      t[m.result][outcome] += 1;
    }
  }
  console.log(`${name}: ${line(t)}`);
  for (const r of RESULTS) for (const i of [0, 1, 2]) total[r][i] += t[r][i];
}
for (const f of failures.slice(0, 20)) console.log("  FAIL " + f);
for (const [flag, n] of Object.entries(notApplicable)) console.log(`  not applicable: ${n} (${flag})`);
console.log(`total: ${line(total)}`);
process.exit(failures.length || !files.length || RESULTS.every((r) => total[r][0] === 0) ? 1 : 0);
