// Python's JSON, as Django reads and writes payloads (vectors/README.md D). encoding/json
// cannot do it: it has no NaN or Infinity, rounds big integers unless told otherwise, drops
// key order and replaces lone surrogates.
//
// Values: nil, bool, *big.Int (integers), float64 (floats), Str, []Value, *Object.
package main

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Value is one JSON value as Python holds it.
type Value interface{}

// Str is a Python str as UTF-16 code units, so a lone surrogate survives (LoneSurrogate).
type Str []uint16

// Object keeps insertion order; a repeated key keeps its first position (a Python dict).
type Object struct {
	Keys  []Str
	Vals  []Value
	index map[string]int
}

// id is a map key for s that keeps every code unit, lone surrogates included.
func (s Str) id() string {
	b := make([]byte, 0, 2*len(s))
	for _, u := range s {
		b = append(b, byte(u>>8), byte(u))
	}
	return string(b)
}

func (o *Object) set(k Str, v Value) {
	if o.index == nil {
		o.index = map[string]int{}
	}
	id := k.id()
	if i, ok := o.index[id]; ok {
		o.Vals[i] = v // the last value wins, in place
		return
	}
	o.index[id] = len(o.Keys)
	o.Keys = append(o.Keys, k)
	o.Vals = append(o.Vals, v)
}

// Get returns the value of key k, if present.
func (o *Object) Get(k string) (Value, bool) {
	i, ok := o.index[Str(utf16.Encode([]rune(k))).id()]
	if !ok {
		return nil, false
	}
	return o.Vals[i], true
}

var errJSON = errors.New("malformed-json")

type reader struct {
	s []rune
	i int
}

// ParseJSON reads text (already decoded from the payload bytes, README D Verifying 5).
func ParseJSON(text []rune) (Value, error) {
	if len(text) > 0 && text[0] == 0xFEFF {
		return nil, errJSON
	}
	r := &reader{s: text}
	v, err := r.value()
	if err != nil {
		return nil, err
	}
	r.ws()
	if r.i != len(r.s) {
		return nil, errJSON
	}
	return v, nil
}

func (r *reader) ws() {
	for r.i < len(r.s) && strings.ContainsRune(" \t\n\r", r.s[r.i]) {
		r.i++
	}
}

func (r *reader) lit(word string, v Value) (Value, error) {
	if !strings.HasPrefix(string(r.s[r.i:min(len(r.s), r.i+len(word))]), word) {
		return nil, errJSON
	}
	r.i += len(word)
	return v, nil
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func (r *reader) value() (Value, error) {
	r.ws()
	if r.i >= len(r.s) {
		return nil, errJSON
	}
	switch c := r.s[r.i]; {
	case c == '{':
		return r.object()
	case c == '[':
		return r.array()
	case c == '"':
		return r.str()
	case c == 'n':
		return r.lit("null", nil)
	case c == 't':
		return r.lit("true", true)
	case c == 'f':
		return r.lit("false", false)
	case c == 'N':
		return r.lit("NaN", math.NaN())
	case c == 'I':
		return r.lit("Infinity", math.Inf(1))
	case c == '-' && r.i+1 < len(r.s) && r.s[r.i+1] == 'I':
		r.i++
		return r.lit("Infinity", math.Inf(-1))
	}
	return r.number()
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?, ASCII digits
func (r *reader) number() (Value, error) {
	start := r.i
	digits := func() int {
		n := 0
		for r.i < len(r.s) && isDigit(r.s[r.i]) {
			r.i++
			n++
		}
		return n
	}
	if r.i < len(r.s) && r.s[r.i] == '-' {
		r.i++
	}
	if r.i < len(r.s) && r.s[r.i] == '0' {
		r.i++
	} else if digits() == 0 {
		return nil, errJSON
	}
	isFloat := false
	if r.i+1 < len(r.s) && r.s[r.i] == '.' && isDigit(r.s[r.i+1]) {
		r.i++
		digits()
		isFloat = true
	}
	if r.i < len(r.s) && (r.s[r.i] == 'e' || r.s[r.i] == 'E') {
		save := r.i
		r.i++
		if r.i < len(r.s) && (r.s[r.i] == '+' || r.s[r.i] == '-') {
			r.i++
		}
		if digits() == 0 {
			r.i = save // not an exponent: the number ends here (and what follows is an error)
		} else {
			isFloat = true
		}
	}
	text := string(r.s[start:r.i])
	if isFloat {
		f, err := strconv.ParseFloat(text, 64) // correctly rounded; 1e400 is +Inf (ErrRange)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, errJSON
		}
		return f, nil
	}
	if len(strings.TrimPrefix(text, "-")) > 4300 { // CPython's int_max_str_digits
		return nil, errJSON
	}
	n, _ := new(big.Int).SetString(text, 10) // "-0" is the integer 0
	return n, nil
}

func (r *reader) str() (Value, error) {
	var out Str
	r.i++
	for {
		if r.i >= len(r.s) {
			return nil, errJSON
		}
		c := r.s[r.i]
		r.i++
		switch {
		case c == '"':
			return out, nil
		case c < 0x20:
			return nil, errJSON // raw control characters
		case c != '\\':
			out = append(out, utf16.Encode([]rune{c})...)
			continue
		}
		if r.i >= len(r.s) {
			return nil, errJSON
		}
		e := r.s[r.i]
		r.i++
		if s := strings.IndexRune(`"\/bfnrt`, e); s >= 0 {
			out = append(out, uint16("\"\\/\b\f\n\r\t"[s]))
			continue
		}
		if e != 'u' || r.i+4 > len(r.s) {
			return nil, errJSON
		}
		u, err := strconv.ParseUint(string(r.s[r.i:r.i+4]), 16, 16) // no sign, either case
		if err != nil {
			return nil, errJSON
		}
		r.i += 4
		out = append(out, uint16(u)) // a high and a low surrogate join as UTF-16 does
	}
}

func (r *reader) array() (Value, error) {
	out := []Value{}
	r.i++
	r.ws()
	if r.i < len(r.s) && r.s[r.i] == ']' {
		r.i++
		return out, nil
	}
	for {
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		r.ws()
		if r.i >= len(r.s) {
			return nil, errJSON
		}
		c := r.s[r.i]
		r.i++
		if c == ']' {
			return out, nil
		}
		if c != ',' {
			return nil, errJSON
		}
	}
}

func (r *reader) object() (Value, error) {
	out := &Object{}
	r.i++
	r.ws()
	if r.i < len(r.s) && r.s[r.i] == '}' {
		r.i++
		return out, nil
	}
	for {
		r.ws()
		if r.i >= len(r.s) || r.s[r.i] != '"' {
			return nil, errJSON
		}
		k, err := r.str()
		if err != nil {
			return nil, err
		}
		r.ws()
		if r.i >= len(r.s) || r.s[r.i] != ':' {
			return nil, errJSON
		}
		r.i++
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		out.set(k.(Str), v)
		r.ws()
		if r.i >= len(r.s) {
			return nil, errJSON
		}
		c := r.s[r.i]
		r.i++
		if c == '}' {
			return out, nil
		}
		if c != ',' {
			return nil, errJSON
		}
	}
}

// DumpJSON is json.dumps(v, separators=(",", ":")) with ensure_ascii (README D Signing 1).
func DumpJSON(v Value) string {
	var b strings.Builder
	dump(&b, v)
	return b.String()
}

func dump(b *strings.Builder, v Value) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case *big.Int:
		b.WriteString(v.String())
	case float64:
		b.WriteString(pyFloat(v))
	case Str:
		quote(b, v)
	case []Value:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			dump(b, x)
		}
		b.WriteByte(']')
	case *Object:
		b.WriteByte('{')
		for i, k := range v.Keys {
			if i > 0 {
				b.WriteByte(',')
			}
			quote(b, k)
			b.WriteByte(':')
			dump(b, v.Vals[i])
		}
		b.WriteByte('}')
	}
}

func quote(b *strings.Builder, s Str) {
	short := map[uint16]string{'"': `\"`, '\\': `\\`, '\n': `\n`, '\r': `\r`, '\t': `\t`, '\b': `\b`, '\f': `\f`}
	b.WriteByte('"')
	for _, u := range s { // code units: beyond U+FFFF a lowercase surrogate pair
		if e, ok := short[u]; ok {
			b.WriteString(e)
		} else if u < 0x20 || u > 0x7e {
			fmt.Fprintf(b, `\u%04x`, u)
		} else {
			b.WriteByte(byte(u))
		}
	}
	b.WriteByte('"')
}

// pyFloat is Python's float repr: shortest round-trip digits, fixed notation when the
// decimal exponent E is in [-4, 16), else d[.ddd]e±XX.
func pyFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Infinity"
	case math.IsInf(x, -1):
		return "-Infinity"
	case x == 0 && math.Signbit(x):
		return "-0.0"
	case x == 0:
		return "0.0"
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(x, 'e', -1, 64), "e") // shortest digits
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	if e < -4 || e >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if e < 0 {
			es, e = "-", -e
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, es, e)
	}
	if e < 0 {
		return sign + "0." + strings.Repeat("0", -e-1) + digits
	}
	for len(digits) < e+1 {
		digits += "0"
	}
	frac := digits[e+1:]
	if frac == "" {
		frac = "0"
	}
	return sign + digits[:e+1] + "." + frac
}

// Equal is the README's semantic comparison ("Comparing objects"): integers exactly, never
// equal to floats; floats as doubles with NaN == NaN and -0.0 != 0.0; strings by code
// points; arrays in order; objects as key sets, order ignored.
func Equal(a, b Value) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && a == y
	case *big.Int:
		y, ok := b.(*big.Int)
		return ok && a.Cmp(y) == 0
	case float64:
		y, ok := b.(float64)
		return ok && (math.Float64bits(a) == math.Float64bits(y) || (math.IsNaN(a) && math.IsNaN(y)))
	case Str:
		y, ok := b.(Str)
		return ok && a.id() == y.id()
	case []Value:
		y, ok := b.([]Value)
		if !ok || len(a) != len(y) {
			return false
		}
		for i := range a {
			if !Equal(a[i], y[i]) {
				return false
			}
		}
		return true
	case *Object:
		y, ok := b.(*Object)
		if !ok || len(a.Keys) != len(y.Keys) {
			return false
		}
		for i, k := range a.Keys {
			j, ok := y.index[k.id()]
			if !ok || !Equal(a.Vals[i], y.Vals[j]) {
				return false
			}
		}
		return true
	}
	return false
}
