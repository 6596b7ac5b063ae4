//! djsign side of the differential test (`audits/diff/run.py` drives it).
//!
//!     djsign-diff [--django VERSION]
//!
//! Reads lines `KIND<TAB>HEX` from stdin (HEX: the input bytes), writes one line per input:
//! `ok<TAB>HEX(output)` or `err<TAB>SLUG`. With `--django`, everything that differs between
//! Django versions is configured as that version (`.django_version(v)`); without, djsign's
//! defaults. Kinds on raw bytes:
//! - `float`: 8 bytes little-endian f64 -> `json_dumps(Float)`
//! - `str`: UTF-8 text -> `json_dumps(String)`
//! - `loads`: bytes -> the version's `JsonCodec::loads` -> `json_dumps`
//! - `payload`: text -> `unverified::decode_payload_for` (default limits) -> `json_dumps`
//! - `b62`: text -> `b62_decode` -> decimal
//! - `sep`: text -> `is_valid_separator` -> "1"/"0"
//!
//! Kinds whose input is a JSON object (read with djsign's own reader), one Django call each:
//! - `sign`: `Signer`/`TimestampSigner(key, salt, sep, algorithm).sign(value)` at `ts`
//! - `unsign`: `.unsign(token[, max_age])` at `now`, with fallback keys -> the value
//! - `dumps`: `TimestampSigner(key, salt).sign_object(json.loads(obj), compress)` at `ts`
//! - `session_save`: `SessionStore.save()` of `data` at `ts` -> the cookie
//! - `session_load`: `SessionStore(session_key=cookie).load()` at `now` -> the session JSON
//! - `cookie_set`: `set_signed_cookie(name, value, salt)` at `ts` -> the cookie value
//! - `cookie_get`: `get_signed_cookie(name, salt, max_age)` at `now` -> `scheme<TAB>value`

use std::io::{BufRead, Write};

use djsign::{
    Algorithm, BuildSigner, DjangoVersion, Limits, Map, Session, SessionStore, SignedCookie,
    Signer, SignerBuilder, TimestampSigner, Value, b62_decode, is_valid_separator, json_dumps,
    json_loads_str,
};

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn slug(e: djsign::Error) -> String {
    e.slug().to_owned()
}

/// The run's configuration: a Django version, or djsign's defaults.
#[derive(Clone, Copy)]
struct Config {
    version: Option<DjangoVersion>,
}

impl Config {
    fn signer<S: BuildSigner>(self, b: SignerBuilder<S>) -> SignerBuilder<S> {
        match self.version {
            Some(v) => b.django_version(v),
            None => b,
        }
    }

    fn decode_version(self) -> DjangoVersion {
        self.version.unwrap_or(DjangoVersion::NEWEST_RELEASE)
    }
}

struct Input(Map);

impl Input {
    fn parse(bytes: &[u8]) -> Self {
        match json_loads_str(std::str::from_utf8(bytes).unwrap(), 100).unwrap() {
            Value::Object(m) => Self(m),
            other => panic!("input is not an object: {other:?}"),
        }
    }

    fn get(&self, k: &str) -> Option<&Value> {
        self.0.get(k).filter(|v| !matches!(v, Value::Null))
    }

    fn str(&self, k: &str) -> &str {
        self.get(k)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{k}"))
    }

    fn opt_str(&self, k: &str) -> Option<&str> {
        self.get(k).and_then(Value::as_str)
    }

    fn int(&self, k: &str) -> i64 {
        self.get(k)
            .and_then(Value::as_i64)
            .unwrap_or_else(|| panic!("{k}"))
    }

    fn num(&self, k: &str) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)]
        self.get(k)
            .and_then(|v| v.as_f64().or_else(|| v.as_i64().map(|i| i as f64)))
    }

    fn flag(&self, k: &str) -> bool {
        self.get(k).and_then(Value::as_bool).unwrap_or(false)
    }

    /// `key` (a str) or `key_hex` (bytes).
    fn key(&self) -> Vec<u8> {
        match self.opt_str("key_hex") {
            Some(h) => unhex(h),
            None => self.str("key").as_bytes().to_vec(),
        }
    }

    fn fallbacks(&self) -> Vec<String> {
        self.get("fallbacks")
            .and_then(Value::as_list)
            .unwrap_or_default()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    }

    fn configure<S: BuildSigner>(&self, c: Config, mut b: SignerBuilder<S>) -> SignerBuilder<S> {
        b = c.signer(b);
        if let Some(s) = self.opt_str("salt") {
            b = b.salt(s);
        }
        if let Some(s) = self.opt_str("sep") {
            b = b.sep(s);
        }
        if let Some(a) = self.opt_str("algorithm") {
            b = b.algorithm(Algorithm::from_name(a).unwrap());
        }
        b.fallback_keys(self.fallbacks().iter().map(String::as_bytes))
    }

    fn session_store(&self, c: Config) -> SessionStore {
        let mut b = SessionStore::builder(self.key()).cookie_age(self.int("age"));
        if let Some(v) = c.version {
            b = b.django_version(v);
        }
        for k in self.fallbacks() {
            b = b.fallback_key(k.as_bytes());
        }
        b.build().unwrap()
    }

    fn signed_cookie(&self, c: Config) -> SignedCookie {
        let mut b = SignedCookie::builder(self.key(), self.str("name")).salt(self.str("salt"));
        if let Some(v) = c.version {
            b = b.django_version(v);
        }
        for k in self.fallbacks() {
            b = b.fallback_key(k.as_bytes());
        }
        b.build().unwrap()
    }
}

fn run(c: Config, kind: &str, input: &[u8]) -> Result<Vec<u8>, String> {
    let dumps = |v: &Value| json_dumps(v, 1000).map_err(slug);
    let text = || String::from_utf8(input.to_vec()).unwrap();
    match kind {
        "float" => dumps(&Value::Float(f64::from_le_bytes(input.try_into().unwrap()))),
        "str" => dumps(&Value::String(text())),
        "loads" => dumps(
            &c.decode_version()
                .json_codec()
                .loads(input, 1000)
                .map_err(slug)?,
        ),
        "payload" => {
            let v = djsign::unverified::decode_payload_for(
                &text(),
                &Limits::DEFAULT,
                c.decode_version(),
            )
            .map_err(slug)?;
            dumps(&v)
        }
        "b62" => b62_decode(&text())
            .map(|n| n.to_string().into_bytes())
            .map_err(slug),
        "sep" => Ok(if is_valid_separator(&text()) {
            b"1".to_vec()
        } else {
            b"0".to_vec()
        }),
        "sign" => {
            let i = Input::parse(input);
            let (value, ts) = (i.str("value"), i.int("ts"));
            Ok(if i.flag("timed") {
                let s = i
                    .configure(c, TimestampSigner::builder(i.key()))
                    .build()
                    .map_err(slug)?;
                s.sign_at(value, ts)
            } else {
                let s = i
                    .configure(c, Signer::builder(i.key()))
                    .build()
                    .map_err(slug)?;
                s.sign(value)
            }
            .into_bytes())
        }
        "unsign" => {
            let i = Input::parse(input);
            let token = i.str("token");
            if i.flag("timed") {
                let s = i
                    .configure(c, TimestampSigner::builder(i.key()))
                    .build()
                    .map_err(slug)?;
                let now = i.num("now").unwrap();
                let ok = s.unsign_at(token, i.num("max_age"), now).map_err(slug)?;
                Ok(ok.value.as_bytes().to_vec())
            } else {
                let s = i
                    .configure(c, Signer::builder(i.key()))
                    .build()
                    .map_err(slug)?;
                Ok(s.unsign(token).map_err(slug)?.as_bytes().to_vec())
            }
        }
        "dumps" => {
            let i = Input::parse(input);
            let s = i
                .configure(c, TimestampSigner::builder(i.key()))
                .build()
                .map_err(slug)?;
            let obj = json_loads_str(i.str("obj"), 1000).map_err(slug)?;
            let token = s
                .sign_object_at(&obj, i.flag("compress"), i.int("ts"))
                .map_err(slug)?;
            // and it loads back to the same JSON
            let back = s.unsign_object_value_at(&token, None, 0.0).map_err(slug)?;
            assert_eq!(dumps(&back.value)?, dumps(&obj)?);
            Ok(token.into_bytes())
        }
        "session_save" => {
            let i = Input::parse(input);
            let Value::Object(data) = json_loads_str(i.str("data"), 1000).map_err(slug)? else {
                return Err("type-mismatch".into());
            };
            let token = i
                .session_store(c)
                .save_at(&Session::from_map(data), i.int("ts"))
                .map_err(slug)?;
            Ok(token.into_bytes())
        }
        "session_load" => {
            let i = Input::parse(input);
            let s = i
                .session_store(c)
                .load_at(i.str("cookie"), i.num("now").unwrap())
                .map_err(slug)?;
            dumps(&Value::Object(s.into_map()))
        }
        "cookie_set" => {
            let i = Input::parse(input);
            Ok(i.signed_cookie(c)
                .sign_at(i.str("value"), i.int("ts"))
                .into_bytes())
        }
        "cookie_get" => {
            let i = Input::parse(input);
            let cookie = i.signed_cookie(c);
            let ok = cookie
                .unsign_at(i.str("token"), i.num("max_age"), i.num("now").unwrap())
                .map_err(slug)?;
            Ok(format!("{}\t{}", ok.scheme.name(), ok.value).into_bytes())
        }
        _ => panic!("unknown kind {kind}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let version = match args.as_slice() {
        [] => None,
        [flag, v] if flag == "--django" => Some(
            DjangoVersion::from_name(v).unwrap_or_else(|| panic!("unknown Django version {v}")),
        ),
        _ => panic!("usage: djsign-diff [--django VERSION]"),
    };
    let c = Config { version };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let (kind, h) = line.split_once('\t').unwrap();
        match run(c, kind, &unhex(h)) {
            Ok(b) => writeln!(out, "ok\t{}", hex(&b)).unwrap(),
            Err(slug) => writeln!(out, "err\t{slug}").unwrap(),
        }
    }
}
