//! The command line (the contract of issue 3: other tools script against these names).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgMatches, Args, Parser, Subcommand};

use crate::keys::KeySource;

/// Sign, verify and inspect Django signed tokens (django.core.signing), byte for byte.
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
    /// The current time as Unix seconds, for the age shown (default: the clock)
    #[arg(long, value_name = "UNIX", value_parser = seconds, allow_negative_numbers = true)]
    pub now: Option<f64>,
    /// The token; read from standard input (one trailing newline stripped) if absent or "-".
    /// Put "--" before a token that starts with "-".
    #[arg(value_name = "TOKEN", help_heading = "Arguments")]
    pub token: Option<OsString>,
}

/// A number of seconds as Python's `float()` reads it. NaN passes here and is refused by the
/// library (`invalid-time`), so that the CLI reports the library's kind for it.
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
