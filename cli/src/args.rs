//! The command line (the contract of issue 3: other tools script against these names).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgMatches, Args, Parser, Subcommand};

use crate::keys::KeySource;

/// Sign, verify and inspect Django signed tokens (django.core.signing), signed-cookie sessions
/// and signed cookies, byte for byte.
#[derive(Debug, Parser)]
#[command(name = "djsign", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign the payload on standard input and print the token.
    ///
    /// By default this is Django's signing.dumps(obj, key, salt="django.core.signing"):
    /// standard input is JSON text (UTF-8), the token is timestamped with the current time.
    /// With --raw, standard input minus one trailing newline is the value, signed as
    /// TimestampSigner.sign(value) (or Signer.sign(value) with --no-timestamp).
    #[command(after_help = SIGN_EXAMPLES)]
    Sign(SignArgs),
    /// Verify a token and print its payload.
    ///
    /// Prints the payload as Python's json.dumps(obj, separators=(",", ":")) would, and a
    /// newline (with --raw: the value itself). A rejected token exits 1 and stderr starts
    /// with the kind of rejection, e.g. "bad-signature:" or "expired:".
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// Show the parts of a token without a key. NOTHING SHOWN IS VERIFIED.
    ///
    /// Every line that comes from the token says UNVERIFIED: anyone can make a token that
    /// shows anything here. Use verify to trust a token.
    #[command(after_help = INSPECT_EXAMPLES)]
    Inspect(InspectArgs),
    /// Django's signed-cookie sessions: decode or encode a sessionid cookie.
    ///
    /// The cookies of SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies".
    #[cfg(feature = "contrib")]
    #[command(subcommand, after_help = SESSION_EXAMPLES)]
    Session(SessionCommand),
    /// Django's signed cookies: HttpRequest.get_signed_cookie and HttpResponse.set_signed_cookie.
    #[cfg(feature = "contrib")]
    #[command(subcommand, after_help = COOKIE_EXAMPLES)]
    Cookie(CookieCommand),
    /// The published test vectors (vectors/*.json).
    #[command(subcommand, after_help = VECTORS_CHECK_EXAMPLES)]
    Vectors(VectorsCommand),
    /// Time loads, dumps and rejection of a token in this process, beside one bare HMAC.
    ///
    /// Prints one line per figure: loads_ns= (verify and decode the token), dumps_ns= (sign
    /// its payload again with the same settings and timestamp, compressed iff the token is),
    /// reject_ns= (the token with its last signature character changed), hmac_ns= (one
    /// HMAC over the token's signed part with a precomputed key: the floor), each the median
    /// of several rounds; allocs_per_loads= (with the count-alloc feature, else n/a) and
    /// dumps_identical= (whether dumps gave back the token byte for byte).
    #[command(after_help = BENCH_EXAMPLES)]
    Bench(BenchArgs),
}

#[cfg(feature = "contrib")]
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Verify a session cookie and print the session as JSON.
    ///
    /// Prints the session as Python's json.dumps(session, separators=(",", ":")) would, and a
    /// newline. Where Django silently starts an empty session, this exits 1 and stderr starts
    /// with the reason, e.g. "bad-signature:", "expired:" (older than --cookie-age),
    /// "session-expired:" (past the session's own expiry), "pickled-payload:" (a Django < 5.0
    /// pickle session, never unpickled), "malformed-session-expiry:", "type-mismatch:" (the
    /// payload is not an object).
    #[command(after_help = SESSION_DECODE_EXAMPLES)]
    Decode(SessionDecodeArgs),
    /// Make the session cookie Django would set for the session JSON on standard input.
    ///
    /// Standard input is a JSON object (UTF-8 text, read as Python's json.loads(text)); the
    /// output is SessionStore.save()'s cookie value, signing.dumps(session, compress=True,
    /// salt="django.contrib.sessions.backends.signed_cookies"), and a newline. JSON that is not
    /// an object is refused with "type-mismatch:" (exit 1): Django sessions are dicts.
    #[command(after_help = SESSION_ENCODE_EXAMPLES)]
    Encode(SessionEncodeArgs),
}

#[cfg(feature = "contrib")]
#[derive(Debug, Subcommand)]
pub enum CookieCommand {
    /// Verify a signed cookie's value and print the value (get_signed_cookie).
    ///
    /// Tries the salt of Django >= 5.2.15 ("v2") only, as Django 6.1 does by default. With
    /// --legacy-salt-fallback (or --django 5.2 / 6.0) it then tries the legacy salt of Django
    /// 4.2 and <= 5.2.14 (SIGNED_COOKIE_LEGACY_SALT_FALLBACK), as Django does: not after an
    /// expiry; with --django 4.2 only the legacy salt. Prints the value and a newline; nothing
    /// else on standard output.
    #[command(after_help = COOKIE_GET_EXAMPLES)]
    Get(CookieGetArgs),
    /// Sign the value on standard input as a cookie value (set_signed_cookie).
    ///
    /// Standard input minus one trailing newline is the value. Prints the cookie value that
    /// Django 5.2.15 and later sets (or, with --legacy-salt or --django 4.2, the one Django 4.2
    /// and <= 5.2.14 set) and a newline. The cookie still has to be quoted for a Set-Cookie
    /// header if it needs it.
    #[command(after_help = COOKIE_SET_EXAMPLES)]
    Set(CookieSetArgs),
}

#[derive(Debug, Subcommand)]
pub enum VectorsCommand {
    /// Run djsign against the published test vectors and print a summary.
    ///
    /// Prints the failed vectors (at most 50), then one line "N vectors: P pass, F fail
    /// (valid P pass, F fail; invalid ...; acceptable ...)": each result counted apart.
    /// Exits 0 when none failed, 1 when some did, 2 when the directory or a file in it cannot
    /// be read as djsign vectors.
    #[command(after_help = VECTORS_CHECK_EXAMPLES)]
    Check(VectorsCheckArgs),
}

const SIGN_EXAMPLES: &str = "\
Examples:
  export DJANGO_SECRET_KEY='django-insecure-...'
  echo '{\"user\": 42}' | djsign sign --key-env DJANGO_SECRET_KEY
  echo '{\"user\": 42}' | djsign sign --key-env DJANGO_SECRET_KEY --compress --timestamp 1700000000
  printf 'hello' | djsign sign --key-file secret.txt --raw --no-timestamp --salt ''";

const VERIFY_EXAMPLES: &str = "\
Examples:
  djsign verify --key-file secret.txt --salt django.contrib.sessions.backends.signed_cookies \\
      --max-age 1209600 < cookie.txt
  djsign verify --key-env DJANGO_SECRET_KEY --fallback-key-env OLD_SECRET_KEY -- \"$TOKEN\"
  djsign verify --key-env DJANGO_SECRET_KEY --raw --no-timestamp -- -token-starting-with-a-dash:sig

Exit codes: 0 verified, 1 rejected, 2 usage or configuration error.";

const INSPECT_EXAMPLES: &str = "\
Examples:
  djsign inspect < cookie.txt
  djsign inspect --now 1700000000 -- 'eyJhIjoxfQ:1r0000:xK9r...'";

#[cfg(feature = "contrib")]
const SESSION_EXAMPLES: &str = "\
Examples:
  djsign session decode --key-env DJANGO_SECRET_KEY < sessionid.txt
  echo '{\"theme\": \"dark\"}' | djsign session encode --key-env DJANGO_SECRET_KEY";

#[cfg(feature = "contrib")]
const COOKIE_EXAMPLES: &str = "\
Examples:
  djsign cookie get --name prefs --key-env DJANGO_SECRET_KEY -- \"$PREFS_COOKIE\"
  echo dark | djsign cookie set --name prefs --key-env DJANGO_SECRET_KEY";

#[cfg(feature = "contrib")]
const SESSION_DECODE_EXAMPLES: &str = "\
Examples:
  djsign session decode --key-env DJANGO_SECRET_KEY < cookie.txt
  djsign session decode --key-file secret.txt --now 1767229200 -- \"$SESSIONID\"
  djsign session decode --key-env DJANGO_SECRET_KEY --fallback-key-env OLD_SECRET_KEY \\
      --cookie-age 3600 --expiry-policy django < cookie.txt
  djsign session decode --key-env DJANGO_SECRET_KEY --django 4.2 < old-cookie.txt

Expiry policies:
  strict      (default without --django) accepted only if both of the others accept
  django      released Django (the default with --django 4.2 to 6.1): expired when
              now - signing time > --cookie-age; the session's own expiry (set_expiry,
              _session_expiry) is ignored (ticket #27775)
  django-dev  Django's development branch (the default with --django main): expired when the
              session's own expiry, or signing time + --cookie-age without one, is <= now

Exit codes: 0 decoded, 1 rejected, 2 usage or configuration error.";

#[cfg(feature = "contrib")]
const SESSION_ENCODE_EXAMPLES: &str = "\
Examples:
  echo '{\"_auth_user_id\": \"42\", \"theme\": \"dark\"}' | djsign session encode --key-env DJANGO_SECRET_KEY
  djsign session decode --key-file secret.txt < old.txt | djsign session encode --key-file new.txt
  djsign session encode --key-file secret.txt --timestamp 1767225600 < session.json";

#[cfg(feature = "contrib")]
const COOKIE_GET_EXAMPLES: &str = "\
Examples:
  djsign cookie get --name prefs --key-env DJANGO_SECRET_KEY -- \"$PREFS_COOKIE\"
  djsign cookie get --name prefs --cookie-salt ui --max-age 86400 --key-file secret.txt < value.txt
  djsign cookie get --name prefs --django 5.2 --verbose --key-env DJANGO_SECRET_KEY -- \"$V\"

Exit codes: 0 verified, 1 rejected, 2 usage or configuration error.";

#[cfg(feature = "contrib")]
const COOKIE_SET_EXAMPLES: &str = "\
Examples:
  echo dark | djsign cookie set --name prefs --key-env DJANGO_SECRET_KEY
  printf 'dark' | djsign cookie set --name prefs --cookie-salt ui --key-file secret.txt
  echo dark | djsign cookie set --name prefs --legacy-salt --timestamp 1700000000 --key-file secret.txt";

const BENCH_EXAMPLES: &str = "\
Examples:
  djsign bench --key-file examples/django-session/secret_key.txt \\
      --salt django.contrib.sessions.backends.signed_cookies < examples/django-session/cookie.txt
  djsign bench --key-env DJANGO_SECRET_KEY --iterations 100000 -- \"$TOKEN\"

Exit codes: 0 measured, 1 the token does not verify, 2 usage or configuration error.";

const VECTORS_CHECK_EXAMPLES: &str = "\
Examples:
  djsign vectors check                # ./vectors, else the vectors/ of the source tree built
  djsign vectors check path/to/vectors
  djsign vectors check --django 4.2   # only the vectors that hold for Django 4.2

Exit codes: 0 all passed, 1 some failed, 2 the vectors cannot be read.";

/// Where keys come from. Keys are never accepted on the command line itself.
#[derive(Debug, Args)]
#[command(next_help_heading = "Keys (never on the command line)")]
pub struct KeyArgs {
    /// Environment variable whose value is the key (a str SECRET_KEY, UTF-8)
    #[arg(long, value_name = "NAME")]
    pub key_env: Option<OsString>,
    /// File whose bytes are the key; one trailing \n or \r\n is stripped, no more
    #[arg(long, value_name = "PATH", conflicts_with = "key_env")]
    pub key_file: Option<PathBuf>,
    /// Environment variable holding a fallback key (SECRET_KEY_FALLBACKS); repeatable, in order
    #[arg(long, value_name = "NAME")]
    pub fallback_key_env: Vec<OsString>,
    /// File holding a fallback key, same rule as --key-file; repeatable, in order
    #[arg(long, value_name = "PATH")]
    pub fallback_key_file: Vec<PathBuf>,
}

/// How the signer is configured (Django's `Signer`/`TimestampSigner` arguments).
#[derive(Debug, Args)]
#[command(next_help_heading = "Signer")]
pub struct SignerArgs {
    /// Salt; "" means the class default, as in Django (django.core.signing.Signer or
    /// django.core.signing.TimestampSigner)
    #[arg(long, value_name = "S", default_value = djsign::DUMPS_SALT)]
    pub salt: String,
    /// Separator (Django refuses one made only of A-z0-9-_=)
    #[arg(long, value_name = "S", default_value = ":")]
    pub sep: String,
    /// Hash algorithm: sha1, sha224, sha256, sha384 or sha512
    #[arg(long, value_name = "A", default_value = "sha256")]
    pub algorithm: String,
    /// Signer instead of TimestampSigner: no timestamp in the token
    #[arg(long)]
    pub no_timestamp: bool,
    /// The payload is a plain string value (Signer.sign), not a JSON object (sign_object)
    #[arg(long)]
    pub raw: bool,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// zlib-compress the JSON when that makes it shorter (signing.dumps(compress=True))
    #[arg(long, conflicts_with = "raw", help_heading = "Signing")]
    pub compress: bool,
    /// Unix time to put in the token instead of now (an integer, negative allowed)
    #[arg(
        long,
        value_name = "UNIX",
        allow_negative_numbers = true,
        conflicts_with = "no_timestamp",
        help_heading = "Signing"
    )]
    pub timestamp: Option<i64>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// How the payload is read (the JSON codec: latin-1, UTF-8 on main; pickle detection)
    #[command(flatten)]
    pub django: DjangoArgs,
    /// Reject tokens older than this many seconds (fractions allowed; age == max-age passes)
    #[arg(
        long,
        value_name = "SECONDS",
        value_parser = seconds,
        allow_negative_numbers = true,
        conflicts_with = "no_timestamp",
        help_heading = "Verification"
    )]
    pub max_age: Option<f64>,
    /// The current time as Unix seconds (fractions allowed), instead of the clock
    #[arg(
        long,
        value_name = "UNIX",
        value_parser = seconds,
        allow_negative_numbers = true,
        conflicts_with = "no_timestamp",
        help_heading = "Verification"
    )]
    pub now: Option<f64>,
    /// The token; read from standard input (one trailing newline stripped) if absent or "-".
    /// Put "--" before a token that starts with "-".
    #[arg(value_name = "TOKEN", help_heading = "Arguments")]
    pub token: Option<OsString>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Separator the token was made with
    #[arg(long, value_name = "S", default_value = ":")]
    pub sep: String,
    #[command(flatten)]
    pub django: DjangoArgs,
    /// The current time as Unix seconds, for the age shown (default: the clock)
    #[arg(long, value_name = "UNIX", value_parser = seconds, allow_negative_numbers = true)]
    pub now: Option<f64>,
    /// The token; read from standard input (one trailing newline stripped) if absent or "-".
    /// Put "--" before a token that starts with "-".
    #[arg(value_name = "TOKEN", help_heading = "Arguments")]
    pub token: Option<OsString>,
}

#[cfg(feature = "contrib")]
#[derive(Debug, Args)]
pub struct SessionDecodeArgs {
    #[command(flatten)]
    pub keys: KeyArgs,
    /// SESSION_COOKIE_AGE in seconds (0 or more)
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = djsign::DEFAULT_SESSION_COOKIE_AGE,
        // Read as a number, so that "-5" is refused as a negative age rather than as an
        // unknown option; Django would take it and expire every session.
        allow_negative_numbers = true,
        value_parser = clap::value_parser!(i64).range(0..),
        help_heading = "Session"
    )]
    pub cookie_age: i64,
    /// Which Django's expiry rules apply: strict, django or django-dev (see below). Default:
    /// the --django version's (django for a release, django-dev for main), strict without one
    #[arg(
        long,
        value_name = "POLICY",
        value_parser = expiry_policy,
        help_heading = "Session"
    )]
    pub expiry_policy: Option<djsign::ExpiryPolicy>,
    #[command(flatten)]
    pub django: DjangoArgs,
    /// UTC offset in seconds (east positive) at which a naive _session_expiry datetime is
    /// read; Django reads it in the server's local time (TIME_ZONE). Between -86399 and 86399
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 0,
        allow_negative_numbers = true,
        value_parser = clap::value_parser!(i32).range(-86_399..=86_399),
        help_heading = "Session"
    )]
    pub naive_utc_offset: i32,
    /// The current time as Unix seconds (fractions allowed), instead of the clock
    #[arg(
        long,
        value_name = "UNIX",
        value_parser = seconds,
        allow_negative_numbers = true,
        help_heading = "Session"
    )]
    pub now: Option<f64>,
    /// The sessionid cookie's value; read from standard input (one trailing newline stripped)
    /// if absent or "-". Put "--" before a value that starts with "-".
    #[arg(value_name = "COOKIE", help_heading = "Arguments")]
    pub cookie: Option<OsString>,
}

#[cfg(feature = "contrib")]
#[derive(Debug, Args)]
pub struct SessionEncodeArgs {
    #[command(flatten)]
    pub keys: KeyArgs,
    /// Unix time to sign the cookie at instead of now (an integer, negative allowed)
    #[arg(
        long,
        value_name = "UNIX",
        allow_negative_numbers = true,
        help_heading = "Session"
    )]
    pub timestamp: Option<i64>,
}

/// The cookie's name and salt (`set_signed_cookie(name, value, salt=...)`).
#[cfg(feature = "contrib")]
#[derive(Debug, Args)]
#[command(next_help_heading = "Cookie")]
pub struct CookieArgs {
    /// The cookie's name (part of the salt: a cookie only verifies under its own name)
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// The salt argument of set_signed_cookie / get_signed_cookie
    #[arg(long, value_name = "S", default_value = "")]
    pub cookie_salt: String,
}

#[cfg(feature = "contrib")]
#[derive(Debug, Args)]
pub struct CookieGetArgs {
    #[command(flatten)]
    pub cookie: CookieArgs,
    #[command(flatten)]
    pub keys: KeyArgs,
    /// Do not fall back to the legacy salt (SIGNED_COOKIE_LEGACY_SALT_FALLBACK = False; the
    /// default without --django, and with 6.1 or main)
    #[arg(long, help_heading = "Cookie")]
    pub no_legacy_salt: bool,
    /// Fall back to the legacy salt after a v2 failure other than expiry
    /// (SIGNED_COOKIE_LEGACY_SALT_FALLBACK = True; the default with --django 5.2 or 6.0).
    /// Legacy salts collide: ("ab", salt "c") verifies as ("a", salt "bc")
    #[arg(long, conflicts_with = "no_legacy_salt", help_heading = "Cookie")]
    pub legacy_salt_fallback: bool,
    #[command(flatten)]
    pub django: DjangoArgs,
    /// Reject values signed longer ago than this many seconds (fractions allowed; age ==
    /// max-age passes). Default: no limit, as get_signed_cookie's max_age=None
    #[arg(
        long,
        value_name = "SECS",
        value_parser = seconds,
        allow_negative_numbers = true,
        help_heading = "Cookie"
    )]
    pub max_age: Option<f64>,
    /// The current time as Unix seconds (fractions allowed), instead of the clock
    #[arg(
        long,
        value_name = "UNIX",
        value_parser = seconds,
        allow_negative_numbers = true,
        help_heading = "Cookie"
    )]
    pub now: Option<f64>,
    /// Also say on standard error which salt verified (v2 or legacy) and when it was signed
    #[arg(long, help_heading = "Cookie")]
    pub verbose: bool,
    /// The cookie's value as request.COOKIES holds it; read from standard input (one trailing
    /// newline stripped) if absent or "-". Put "--" before a value that starts with "-".
    #[arg(value_name = "VALUE", help_heading = "Arguments")]
    pub value: Option<OsString>,
}

#[cfg(feature = "contrib")]
#[derive(Debug, Args)]
pub struct CookieSetArgs {
    #[command(flatten)]
    pub cookie: CookieArgs,
    #[command(flatten)]
    pub keys: KeyArgs,
    /// Sign with the legacy salt name + salt, for Django 4.2 and <= 5.2.14 readers (the
    /// default with --django 4.2)
    #[arg(long, help_heading = "Cookie")]
    pub legacy_salt: bool,
    /// Sign with the v2 salt of Django >= 5.2.15 (the default, except with --django 4.2)
    #[arg(long, conflicts_with = "legacy_salt", help_heading = "Cookie")]
    pub v2_salt: bool,
    #[command(flatten)]
    pub django: DjangoArgs,
    /// Unix time to sign the value at instead of now (an integer, negative allowed)
    #[arg(
        long,
        value_name = "UNIX",
        allow_negative_numbers = true,
        help_heading = "Cookie"
    )]
    pub timestamp: Option<i64>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub keys: KeyArgs,
    /// Salt; "" means the class default (django.core.signing.TimestampSigner)
    #[arg(long, value_name = "S", default_value = djsign::DUMPS_SALT)]
    pub salt: String,
    /// Operations per timed round (each figure is the median over 9 rounds)
    #[arg(long, value_name = "N", default_value_t = 20_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub iterations: u32,
    /// The token (a timestamped signed object, as signing.dumps makes); read from standard
    /// input (one trailing newline stripped) if absent or "-". Put "--" before a token that
    /// starts with "-".
    #[arg(value_name = "TOKEN", help_heading = "Arguments")]
    pub token: Option<OsString>,
}

#[derive(Debug, Args)]
pub struct VectorsCheckArgs {
    /// The directory of vector files (*.json). Default: ./vectors if it exists, else the
    /// vectors/ directory of the source tree this djsign was built from
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Check only the vectors that hold for this Django version (4.2, 5.2, 6.0, 6.1 or main),
    /// as that version. Default: every vector, as each version it names
    #[arg(long = "django", value_name = "VERSION", value_parser = django_version)]
    pub django: Option<djsign::DjangoVersion>,
}

/// A Django version by its exact name (`4.2`, `5.2`, `6.0`, `6.1`, `main`).
fn django_version(s: &str) -> Result<djsign::DjangoVersion, String> {
    djsign::DjangoVersion::from_name(s).ok_or_else(|| {
        format!(
            "{s:?} is not a Django version djsign knows: {}",
            crate::args::KNOWN_VERSIONS
        )
    })
}

/// The versions `--django` takes, for messages.
pub const KNOWN_VERSIONS: &str = "4.2, 5.2, 6.0, 6.1 or main";

/// `--django VERSION`: whose defaults apply where Django versions differ.
#[derive(Debug, Args)]
pub struct DjangoArgs {
    /// Behave as this Django: 4.2, 5.2, 6.0, 6.1 or main (default: 6.1's behaviour, the
    /// newest release; see "djsign --help" and cli/README.md for what each changes)
    #[arg(long = "django", value_name = "VERSION", value_parser = django_version, help_heading = "Django version")]
    pub version: Option<djsign::DjangoVersion>,
}

/// An expiry policy by its library name.
#[cfg(feature = "contrib")]
fn expiry_policy(s: &str) -> Result<djsign::ExpiryPolicy, String> {
    djsign::ExpiryPolicy::from_name(s)
        .ok_or_else(|| format!("{s:?} is not an expiry policy: strict, django or django-dev"))
}

/// A number of seconds as Python's `float()` reads it. NaN, `inf` and huge values pass here and
/// are refused by the library (`invalid-time`), so that the CLI reports the library's kind.
fn seconds(s: &str) -> Result<f64, String> {
    s.parse::<f64>()
        .map_err(|_| format!("{s:?} is not a number of seconds"))
}

impl KeyArgs {
    /// The key, if one was given.
    pub fn key(&self) -> Option<KeySource> {
        match (&self.key_env, &self.key_file) {
            (Some(name), _) => Some(KeySource::Env(name.clone())),
            (None, Some(path)) => Some(KeySource::File(path.clone())),
            (None, None) => None,
        }
    }

    /// The fallback keys in the order they appear on the command line, env and file mixed.
    /// The derived fields keep each option's own order; `matches` has their positions.
    pub fn fallbacks(&self, matches: &ArgMatches) -> Vec<KeySource> {
        let mut found: Vec<(usize, KeySource)> = Vec::new();
        let env_at = matches.indices_of("fallback_key_env").into_iter().flatten();
        for (at, name) in env_at.zip(&self.fallback_key_env) {
            found.push((at, KeySource::Env(name.clone())));
        }
        let file_at = matches
            .indices_of("fallback_key_file")
            .into_iter()
            .flatten();
        for (at, path) in file_at.zip(&self.fallback_key_file) {
            found.push((at, KeySource::File(path.clone())));
        }
        found.sort_by_key(|(at, _)| *at);
        found.into_iter().map(|(_, s)| s).collect()
    }
}
