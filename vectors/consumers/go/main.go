// A from-scratch consumer of djsign's test vectors, written from vectors/README.md alone.
//
//	go run . VECTORS_DIR
//
// Go's standard library only. Every step names the README section it follows (A-G); Python's
// JSON is in pyjson.go. Payloads are compared semantically (README "Comparing objects"), and
// signing is checked exactly, so the JSON writer is checked too. Go's compress/flate is not
// zlib: compressed tokens cannot be made byte for byte, and such tests are counted as not
// applicable (ZlibExact) once their verification passed and the JSON they carry is the same.
// Each test runs as every Django version it names.
package main

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// refused is Django's refusal; its text is the README's error kind.
type refused string

func (r refused) Error() string { return string(r) }

// notApplicable names the flag that says why a test could not be applied.
type notApplicable string

func (n notApplicable) Error() string { return string(n) }

const sessionSalt = "django.contrib.sessions.backends.signed_cookies"

// ------------------------------------------------------------------ A. keys and MACs
var hashes = map[string]func() hash.Hash{
	"sha1": sha1.New, "sha224": sha256.New224, "sha256": sha256.New, "sha384": sha512.New384, "sha512": sha512.New,
}

func b64encode(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) } // unpadded, - and _

func signature(alg, salt, value string, key []byte) string {
	h := hashes[alg]()
	h.Write([]byte(salt + "signer"))
	h.Write(key)
	mac := hmac.New(hashes[alg], h.Sum(nil)) // A.2: the derived key is always hashed
	mac.Write([]byte(value))
	return b64encode(mac.Sum(nil)) // A.3, A.4
}

// b64decode is Django's b64_decode: CPython's non-strict a2b_base64 (README D Verifying 3).
func b64decode(s []byte) ([]byte, error) {
	in := append(append([]byte{}, s...), bytes.Repeat([]byte("="), (4-len(s)%4)%4)...)
	var out []byte
	q, left, pads := 0, 0, 0
	for _, c := range in {
		if c == '=' {
			if q >= 2 {
				pads++
				if q+pads >= 4 {
					return out, nil
				}
			}
			continue
		}
		v := strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", c)
		if c == '+' {
			v = 62
		} else if c == '/' {
			v = 63
		}
		if v < 0 {
			continue // any other byte is skipped
		}
		pads = 0
		switch q {
		case 0:
			left = v
		case 1:
			out = append(out, byte(left<<2|v>>4))
			left = v & 15
		case 2:
			out = append(out, byte(left<<4|v>>2))
			left = v & 3
		case 3:
			out = append(out, byte(left<<6|v))
		}
		q = (q + 1) % 4
	}
	if q != 0 {
		return nil, refused("malformed-base64")
	}
	return out, nil
}

// ------------------------------------------------------------------ B, C. Signer, TimestampSigner
const b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func b62encode(n *big.Int) string { // C.2
	if n.Sign() == 0 {
		return "0"
	}
	x, out, d := new(big.Int).Abs(n), "", new(big.Int)
	for x.Sign() > 0 {
		x.DivMod(x, big.NewInt(62), d)
		out = string(b62[d.Int64()]) + out
	}
	if n.Sign() < 0 {
		return "-" + out
	}
	return out
}

func b62decode(s string) (*big.Int, error) { // C.3.3
	if s == "0" {
		return new(big.Int), nil
	}
	if s == "" {
		return nil, refused("malformed-timestamp")
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	n := new(big.Int)
	for _, c := range s {
		d := strings.IndexRune(b62, c)
		if d < 0 {
			return nil, refused("malformed-timestamp")
		}
		n.Mul(n, big.NewInt(62)).Add(n, big.NewInt(int64(d)))
	}
	if neg {
		n.Neg(n)
	}
	return n, nil
}

var sepUnsafe = regexp.MustCompile(`^[A-z0-9\-_=]*$`)

type signer struct {
	key       []byte
	fallbacks [][]byte
	salt, sep string
	alg       string
	timed     bool
}

func newSigner(key []byte, fallbacks [][]byte, salt, sep, alg string, timed bool) (*signer, error) {
	if salt == "" { // B.1: absent and "" both mean the class path
		salt = map[bool]string{false: "django.core.signing.Signer", true: "django.core.signing.TimestampSigner"}[timed]
	}
	if alg == "" {
		alg = "sha256"
	}
	if sepUnsafe.MatchString(strings.TrimSuffix(sep, "\n")) { // Python's $ may precede a final \n
		return nil, refused("invalid-separator")
	}
	return &signer{key, fallbacks, salt, sep, alg, timed}, nil
}

func (s *signer) sign(value string, ts *big.Int) string {
	if s.timed {
		value += s.sep + b62encode(ts) // C.1
	}
	return value + s.sep + signature(s.alg, s.salt, value, s.key) // B.2
}

// unsign is B.3 and C.3, in Django's order; maxAge nil is None.
func (s *signer) unsign(token string, maxAge *float64, now float64) (string, *big.Int, error) {
	at := strings.LastIndex(token, s.sep)
	if at < 0 {
		return "", nil, refused("no-separator")
	}
	value, sig := token[:at], token[at+len(s.sep):]
	ok := false
	for _, k := range append([][]byte{s.key}, s.fallbacks...) {
		if len(k) == 0 {
			k = s.key // `key or self.key`
		}
		ok = ok || subtle.ConstantTimeCompare([]byte(sig), []byte(signature(s.alg, s.salt, value, k))) == 1
	}
	if !ok {
		return "", nil, refused("bad-signature")
	}
	if !s.timed {
		return value, nil, nil
	}
	t := strings.LastIndex(value, s.sep)
	if t < 0 {
		return "", nil, refused("missing-timestamp")
	}
	ts, err := b62decode(value[t+len(s.sep):])
	if err != nil {
		return "", nil, err
	}
	if maxAge != nil {
		f, _ := new(big.Float).SetInt(ts).Float64() // the nearest double, as Python converts
		if now-f > *maxAge {
			return "", nil, refused("expired") // age == maxAge passes
		}
	}
	return value[:t], ts, nil
}

// signObject is README D, Signing.
func (s *signer) signObject(v Value, compress bool, ts *big.Int) string {
	data, dot := []byte(DumpJSON(v)), ""
	if compress {
		var z bytes.Buffer
		w, _ := zlib.NewWriterLevel(&z, 6)
		w.Write(data)
		w.Close()
		if z.Len() < len(data)-1 {
			data, dot = z.Bytes(), "."
		}
	}
	return s.sign(dot+b64encode(data), ts)
}

// unsignObject is README D, Verifying.
func (s *signer) unsignObject(token string, maxAge *float64, now float64, version string) (Value, *big.Int, error) {
	text, ts, err := s.unsign(token, maxAge, now)
	if err != nil {
		return nil, nil, err
	}
	data, err := payloadBytes(text)
	if err != nil {
		return nil, nil, err
	}
	var runes []rune
	if version == "main" { // D Verifying 5: strict UTF-8 on main, latin-1 in the releases
		if !utf8.Valid(data) {
			return nil, nil, refused("malformed-json")
		}
		runes = []rune(string(data))
	} else {
		for _, b := range data {
			runes = append(runes, rune(b))
		}
	}
	v, err := ParseJSON(runes)
	if err != nil {
		return nil, nil, refused("malformed-json")
	}
	return v, ts, nil
}

// payloadBytes decodes a signed payload text: "." means zlib (D Verifying 2-4).
func payloadBytes(text string) ([]byte, error) {
	compressed := strings.HasPrefix(text, ".")
	data, err := b64decode([]byte(strings.TrimPrefix(text, ".")))
	if err != nil || !compressed {
		return data, err
	}
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, refused("malformed-zlib")
	}
	out, err := io.ReadAll(io.LimitReader(r, 64<<20)) // stops at the stream's end: trailing bytes ignored
	if err != nil {
		return nil, refused("malformed-zlib")
	}
	return out, nil
}

// ------------------------------------------------------------------ E. signed cookies
var defaultLegacyFallback = map[string]bool{"5.2": true, "6.0": true, "6.1": false, "main": false} // G

func cookieSigner(t test, salt string) *signer {
	prefix := []byte("django.http.cookies") // E.1
	var fallbacks [][]byte
	for _, k := range t.fallbackKeys() {
		fallbacks = append(fallbacks, append(append([]byte{}, prefix...), k...))
	}
	s, _ := newSigner(append(append([]byte{}, prefix...), t.key()...), fallbacks, salt, ":", "sha256", true)
	return s
}

func cookieSalt(t test, scheme string) string { // E.2
	name, salt := t.str("cookieName"), t.str("cookieSalt")
	if scheme == "legacy" {
		return name + salt
	}
	return fmt.Sprintf("django.http.cookies.v2:%d:%s%s", utf8.RuneCountInString(salt), salt, name)
}

func readCookie(t test, version string) (string, *big.Int, string, error) { // E.4
	schemes := []string{"v2"}
	fallback, set := t["legacySaltFallback"].(bool)
	if !set && version == "4.2" {
		schemes = []string{"legacy"}
	} else if (set && fallback) || (!set && defaultLegacyFallback[version]) {
		schemes = []string{"v2", "legacy"}
	}
	var err error
	for _, scheme := range schemes {
		var v string
		var ts *big.Int
		v, ts, err = cookieSigner(t, cookieSalt(t, scheme)).unsign(t.str("token"), t.maxAge(), t.float("now"))
		if err == nil {
			return v, ts, scheme, nil
		}
		if err != refused("bad-signature") && err != refused("no-separator") {
			break // no legacy retry after an expiry or a ValueError
		}
	}
	return "", nil, "", err
}

// ------------------------------------------------------------------ F. sessions
// Times are int64 microseconds since 1970 (UTC); years 1 to 9999 fit.
const us, day = int64(1000000), int64(86400 * 1000000)

var minUs, maxUs = daysFromCivil(1, 1, 1) * day, (daysFromCivil(9999, 12, 31)+1)*day - 1

func daysFromCivil(y, m, d int64) int64 { // days since 1970-01-01, proleptic Gregorian
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	return era*146097 + yoe*365 + yoe/4 - yoe/100 + doy - 719468
}

func secondsToUs(s float64) int64 { // to the microsecond, ties to even (Python's rounding)
	w := int64(s)
	if float64(w) > s {
		w--
	}
	frac := (s - float64(w)) * 1e6
	f := int64(frac)
	if r := frac - float64(f); r > 0.5 || (r == 0.5 && f%2 == 1) {
		f++
	}
	return w*us + f
}

// datetime.fromisoformat, the forms of README F; naive is UTC
var isoForm = regexp.MustCompile(`(?s)^(\d{4})-(\d{2})-(\d{2})(?:.(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?|[+-]\d{4})?)?$`)
var offsetForm = regexp.MustCompile(`^([+-])(\d{2}):?(\d{2})?(?::(\d{2})(?:\.(\d+))?)?$`)

func atoi(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }

func micros(frac string) int64 { return atoi((frac + "000000")[:6]) }

func parseIso(s string) (int64, error) {
	bad := refused("malformed-session-expiry")
	m := isoForm.FindStringSubmatch(s)
	if m == nil {
		return 0, bad
	}
	y, mo, d, h, mi, sec := atoi(m[1]), atoi(m[2]), atoi(m[3]), atoi(m[4]), atoi(m[5]), atoi(m[6])
	leap := (y%4 == 0 && y%100 != 0) || y%400 == 0
	mdays := []int64{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if leap {
		mdays[1] = 29
	}
	if y < 1 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo-1] || h > 23 || mi > 59 || sec > 59 {
		return 0, bad
	}
	t := (daysFromCivil(y, mo, d)*86400+h*3600+mi*60+sec)*us + micros(m[7])
	if m[8] != "" && m[8] != "Z" {
		o := offsetForm.FindStringSubmatch(m[8])
		off := (atoi(o[2])*3600+atoi(o[3])*60+atoi(o[4]))*us + micros(o[5])
		if off >= day {
			return 0, bad
		}
		if o[1] == "-" {
			off = -off
		}
		t -= off
	}
	return t, nil
}

func falsy(v Value) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case *big.Int:
		return v.Sign() == 0
	case float64:
		return v == 0
	case []Value:
		return len(v) == 0
	case *Object:
		return len(v.Keys) == 0
	}
	return false
}

// expiryDate is get_expiry_date of Django's development branch (README F, django-dev).
func expiryDate(data Value, ts *big.Int, cookieAge int64) (int64, error) {
	bad := refused("malformed-session-expiry")
	obj, ok := data.(*Object)
	if !ok {
		return 0, refused("type-mismatch")
	}
	expiry, _ := obj.Get("_session_expiry")
	if s, ok := expiry.(Str); ok {
		return parseIso(string(utf16.Decode(s)))
	}
	if !ts.IsInt64() || ts.Int64() < minUs/us || ts.Int64() > maxUs/us {
		return 0, bad
	}
	var delta int64
	switch e := expiry.(type) {
	case nil, bool, []Value, *Object, *big.Int, float64:
		if falsy(expiry) { // `expiry or SESSION_COOKIE_AGE`
			delta = cookieAge * us
			break
		}
		switch e := e.(type) {
		case bool:
			delta = us // true is one second
		case *big.Int:
			if !e.IsInt64() || e.Int64() > 1e12 || e.Int64() < -1e12 { // beyond any datetime: OverflowError
				return 0, bad
			}
			delta = e.Int64() * us
		case float64:
			if e != e || e > 1e12 || e < -1e12 {
				return 0, bad
			}
			delta = secondsToUs(e)
		default:
			return 0, bad // a list or an object: TypeError
		}
	default:
		return 0, bad
	}
	when := ts.Int64()*us + delta
	if when < minUs || when > maxUs {
		return 0, bad
	}
	return when, nil
}

func loadSession(t test, version string) (Value, *big.Int, error) { // F
	if t.str("salt") != sessionSalt {
		panic("session salt " + t.str("salt"))
	}
	policy := t.str("expiryPolicy")
	if policy == "" {
		policy = map[bool]string{true: "django-dev", false: "django"}[version == "main"]
	}
	var fallbacks [][]byte
	for _, k := range t.fallbackKeys() {
		fallbacks = append(fallbacks, k)
	}
	s, _ := newSigner(t.key(), fallbacks, sessionSalt, ":", "sha256", true)
	now, age := t.float("now"), float64(t.int64("cookieAge"))
	var data Value
	var ts *big.Int
	var err error
	if policy != "django-dev" {
		if data, ts, err = s.unsignObject(t.str("token"), &age, now, version); err != nil {
			return nil, nil, err
		}
	}
	if policy != "django" {
		d, dts, err := s.unsignObject(t.str("token"), nil, now, version)
		if err != nil {
			return nil, nil, err
		}
		when, err := expiryDate(d, dts, t.int64("cookieAge"))
		if err != nil {
			return nil, nil, err
		}
		if when <= secondsToUs(now) {
			return nil, nil, refused("session-expired")
		}
		if data == nil {
			data, ts = d, dts
		}
	}
	if _, ok := data.(*Object); !ok {
		return nil, nil, refused("type-mismatch") // released Django returns it: acceptable
	}
	return data, ts, nil
}

// ------------------------------------------------------------------ the vector files
type test map[string]interface{}

func (t test) str(k string) string { s, _ := t[k].(string); return s }
func (t test) has(k string) bool   { _, ok := t[k]; return ok }
func (t test) float(k string) float64 {
	n, _ := t[k].(json.Number)
	f, _ := n.Float64()
	return f
}
func (t test) int64(k string) int64 { n, _ := t[k].(json.Number); i, _ := n.Int64(); return i }
func (t test) bigInt(k string) *big.Int {
	n, ok := t[k].(json.Number)
	if !ok {
		return nil
	}
	i, _ := new(big.Int).SetString(string(n), 10)
	return i
}
func (t test) maxAge() *float64 {
	if !t.has("maxAge") {
		return nil
	}
	f := t.float("maxAge")
	return &f
}
func (t test) key() []byte {
	if t.has("key") {
		return []byte(t.str("key"))
	}
	b, _ := hex.DecodeString(t.str("keyHex"))
	return b
}
func (t test) fallbackKeys() (out [][]byte) {
	list, _ := t["fallbackKeys"].([]interface{})
	for _, k := range list {
		out = append(out, []byte(k.(string)))
	}
	return out
}
func (t test) flag(f string) bool {
	list, _ := t["flags"].([]interface{})
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}

func coreSigner(t test) (*signer, error) {
	var fallbacks [][]byte
	for _, k := range t.fallbackKeys() {
		fallbacks = append(fallbacks, k)
	}
	sep := ":"
	if t.has("sep") {
		sep = t.str("sep")
	}
	timed := t.str("type") == "sign" || t.str("type") == "object"
	return newSigner(t.key(), fallbacks, t.str("salt"), sep, t.str("algorithm"), timed)
}

func asStr(s string) Str { return Str(utf16.Encode([]rune(s))) }

// verify gives what the implementation reads: a Str or a payload, the timestamp, the salt scheme.
func verify(t test, version string) (Value, *big.Int, string, error) {
	switch t.str("type") {
	case "sign-untimed", "sign", "object-untimed", "object":
		s, err := coreSigner(t)
		if err != nil {
			return nil, nil, "", err
		}
		if strings.HasPrefix(t.str("type"), "object") {
			v, ts, err := s.unsignObject(t.str("token"), t.maxAge(), t.float("now"), version)
			return v, ts, "", err
		}
		v, ts, err := s.unsign(t.str("token"), t.maxAge(), t.float("now"))
		return asStr(v), ts, "", err
	case "session":
		v, ts, err := loadSession(t, version)
		return v, ts, "", err
	case "signed-cookie":
		v, ts, scheme, err := readCookie(t, version)
		return asStr(v), ts, scheme, err
	}
	panic("unknown group type " + t.str("type"))
}

func payloadJSON(t test) Value {
	v, err := ParseJSON([]rune(t.str("payloadJson")))
	if err != nil {
		panic("payloadJson unreadable")
	}
	return v
}

func sign(t test) string {
	ts := t.bigInt("timestamp")
	compress, _ := t["compress"].(bool)
	switch t.str("type") {
	case "sign-untimed", "sign":
		s, _ := coreSigner(t)
		return s.sign(t.str("value"), ts)
	case "object-untimed", "object":
		s, _ := coreSigner(t)
		return s.signObject(payloadJSON(t), compress, ts)
	case "session":
		s, _ := newSigner(t.key(), nil, sessionSalt, ":", "sha256", true)
		return s.signObject(payloadJSON(t), true, ts)
	case "signed-cookie":
		return cookieSigner(t, cookieSalt(t, t.str("saltScheme"))).sign(t.str("value"), ts)
	}
	panic(t.str("type"))
}

// sameJSON: two object tokens carry the same payload bytes once decompressed.
func sameJSON(a, b string, t test) bool {
	payload := func(tok string) []byte {
		parts := strings.Split(tok, ":")
		n := 2
		if t.str("type") == "object-untimed" {
			n = 1
		}
		if len(parts) <= n {
			return nil
		}
		d, err := payloadBytes(strings.Join(parts[:len(parts)-n], ":"))
		if err != nil {
			return nil
		}
		return d
	}
	pa, pb := payload(a), payload(b)
	return pa != nil && bytes.Equal(pa, pb)
}

func sameKind(a, b string) bool {
	norm := func(k string) string {
		if k == "pickled-payload" {
			return "malformed-json"
		}
		return k
	}
	return norm(a) == norm(b)
}

// run returns "" when the test passes as version, else why it failed; notApplicable as error.
func run(t test, version string) (string, error) {
	result, want := t.str("result"), t.str("error")
	got, ts, scheme, err := verify(t, version)
	if err != nil {
		var r refused
		if !errors.As(err, &r) {
			return "", err
		}
		switch {
		case result == "valid":
			return fmt.Sprintf("refused (%s), Django accepts", r), nil
		case result == "invalid" && !sameKind(string(r), want):
			return fmt.Sprintf("refused with %s, vector says %s", r, want), nil
		}
		return "", nil
	}
	if result == "invalid" {
		return fmt.Sprintf("accepted, Django refuses (%s)", want), nil
	}
	var expected Value
	if t.has("payloadJson") {
		expected = payloadJSON(t)
	} else {
		expected = asStr(t.str("value"))
	}
	if !Equal(got, expected) { // semantic comparison
		return fmt.Sprintf("read %s, Django reads %s", DumpJSON(got), DumpJSON(expected)), nil
	}
	if scheme != "" && scheme != t.str("saltScheme") {
		return fmt.Sprintf("verified with the %s salt, Django with %s", scheme, t.str("saltScheme")), nil
	}
	if want := t.bigInt("timestamp"); want != nil && (ts == nil || ts.Cmp(want) != 0) {
		return fmt.Sprintf("timestamp %v, Django %v", ts, want), nil
	}
	if result == "valid" && !t.flag("VerifyOnly") {
		if made := sign(t); made != t.str("token") {
			if t.flag("ZlibExact") && sameJSON(made, t.str("token"), t) {
				return "", notApplicable("ZlibExact")
			}
			return fmt.Sprintf("signing gives %q, Django %q", made, t.str("token")), nil
		}
	}
	return "", nil
}

// ------------------------------------------------------------------ counting
var results = []string{"valid", "invalid", "acceptable"}

type tally map[string]*[3]int // passed, failed, not applicable

func newTally() tally {
	t := tally{}
	for _, r := range results {
		t[r] = &[3]int{}
	}
	return t
}

func (t tally) line() string {
	var sum [3]int
	var split []string
	for _, r := range results {
		n := t[r]
		for i := range sum {
			sum[i] += n[i]
		}
		split = append(split, fmt.Sprintf("%s %d passed, %d failed, %d n/a", r, n[0], n[1], n[2]))
	}
	return fmt.Sprintf("%d passed, %d failed, %d not applicable (%s)", sum[0], sum[1], sum[2], strings.Join(split, "; "))
}

func main() {
	dir := "vectors"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(files)
	total, failures, na, nfiles := newTally(), []string{}, map[string]int{}, 0
	for _, path := range files {
		name := filepath.Base(path)
		if name == "schema.json" {
			continue
		}
		nfiles++
		raw, err := os.ReadFile(path)
		if err != nil {
			failures = append(failures, err.Error())
			continue
		}
		var doc struct {
			Schema     string
			TestGroups []map[string]interface{}
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber() // exact: timestamps beyond 2**53
		if err := dec.Decode(&doc); err != nil || doc.Schema != "djsign-vectors/2" {
			failures = append(failures, fmt.Sprintf("%s: not djsign-vectors/2 (%v)", name, err))
			continue
		}
		tl := newTally()
		for _, g := range doc.TestGroups {
			for _, tt := range g["tests"].([]interface{}) {
				t := test{}
				for k, v := range g {
					t[k] = v
				}
				for k, v := range tt.(map[string]interface{}) {
					t[k] = v
				}
				outcome, why := 0, ""
				for _, v := range t["djangoVersions"].([]interface{}) {
					version := v.(string)
					problem, err := run(t, version)
					var n notApplicable
					if errors.As(err, &n) {
						outcome, why = 2, string(n)
						continue
					} else if err != nil {
						problem = "crashed: " + err.Error()
					}
					if problem != "" {
						outcome = 1
						failures = append(failures, fmt.Sprintf("%s tcId %s (%s) as Django %s: %s", name, t["tcId"], t.str("comment"), version, problem))
						break
					}
				}
				if outcome == 2 {
					na[why]++
				}
				tl[t.str("result")][outcome]++
			}
		}
		fmt.Printf("%s: %s\n", name, tl.line())
		for _, r := range results {
			for i := 0; i < 3; i++ {
				total[r][i] += tl[r][i]
			}
		}
	}
	for i, f := range failures {
		if i < 20 {
			fmt.Println("  FAIL " + f)
		}
	}
	for flag, n := range na {
		fmt.Printf("  not applicable: %d (%s)\n", n, flag)
	}
	fmt.Println("total: " + total.line())
	passed := 0
	for _, r := range results {
		passed += total[r][0]
	}
	if len(failures) > 0 || nfiles == 0 || passed == 0 {
		os.Exit(1)
	}
}
