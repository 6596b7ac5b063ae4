//! Parsing, dispatch, and the token commands (`sign`, `verify`, `inspect`). All signing,
//! verifying and decoding is the library's.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};
use djsign::unverified::{decode_payload_for, split};
use djsign::{
    Algorithm, BuildSigner, DjangoVersion, Limits, Signer, SignerBuilder, TimestampSigner, Value,
    json_dumps, unix_now,
};

use crate::args::{Cli, Command, InspectArgs, SignArgs, SignerArgs, VectorsCommand, VerifyArgs};
#[cfg(feature = "contrib")]
use crate::args::{CookieCommand, SessionCommand};
#[cfg(feature = "contrib")]
use crate::contrib;
use crate::fail::{CLI_KINDS, EXIT_REJECTED, EXIT_USAGE, Failure, library_exit, library_kinds};
use crate::input::{self, json_text, read_stdin, strip_line_end, utf8, write_stdout};
use crate::iso;
use crate::keys::{KeySource, Keys};
use crate::vectors;

/// Parses `args` and runs the command.
pub fn main(args: impl IntoIterator<Item = OsString>) -> Result<(), Failure> {
    let args: Vec<OsString> = args.into_iter().collect();
    let mut cmd = Cli::command().after_help(kinds_help());
    let matches = match cmd.try_get_matches_from_mut(&args) {
        Ok(m) => m,
        Err(e) => return clap_error(&e, &cmd, &args),
    };
    let cli = Cli::from_arg_matches(&matches).map_err(|e| usage_from_clap(&e))?;
    // The innermost subcommand's matches: where the fallback key options' positions are.
    let mut sub = matches;
    while let Some((_, m)) = sub.subcommand() {
        let inner = m.clone();
        sub = inner;
    }
    match cli.command {
        Command::Sign(a) => {
            let fallbacks = a.keys.fallbacks(&sub);
            sign(&a, a.keys.key().as_ref(), &fallbacks)
        }
        Command::Verify(a) => {
            let fallbacks = a.keys.fallbacks(&sub);
            verify(a.keys.key().as_ref(), &fallbacks, &a)
        }
        Command::Inspect(a) => inspect(a),
        #[cfg(feature = "contrib")]
        Command::Session(SessionCommand::Decode(a)) => {
            let fallbacks = a.keys.fallbacks(&sub);
            contrib::session_decode(a, &fallbacks)
        }
        #[cfg(feature = "contrib")]
        Command::Session(SessionCommand::Encode(a)) => {
            let fallbacks = a.keys.fallbacks(&sub);
            contrib::session_encode(&a, &fallbacks)
        }
        #[cfg(feature = "contrib")]
        Command::Cookie(CookieCommand::Get(a)) => {
            let fallbacks = a.keys.fallbacks(&sub);
            contrib::cookie_get(a, &fallbacks)
        }
        #[cfg(feature = "contrib")]
        Command::Cookie(CookieCommand::Set(a)) => {
            let fallbacks = a.keys.fallbacks(&sub);
            contrib::cookie_set(&a, &fallbacks)
        }
        Command::Vectors(VectorsCommand::Check(a)) => vectors::check(a),
        Command::Bench(a) => {
            let fallbacks = a.keys.fallbacks(&sub);
            crate::bench::run(a, &fallbacks)
        }
    }
}

/// The exit codes and every error kind, for `djsign --help`.
fn kinds_help() -> String {
    let mut s = String::from(
        "Exit codes: 0 success; 1 the token or payload was rejected; 2 usage or configuration \
         error.\nOn failure stderr is one line, \"<kind>: <sentence>\". Kinds:\n",
    );
    for (kind, code, what) in CLI_KINDS {
        s.push_str(&format!("  {kind} (exit {code}): {what}\n"));
    }
    let (cfg, rest): (Vec<djsign::Error>, Vec<djsign::Error>) = library_kinds()
        .into_iter()
        .partition(|e| library_exit(e) == EXIT_USAGE);
    let names = |v: &[djsign::Error]| v.iter().map(djsign::Error::slug).collect::<Vec<_>>();
    let (cfg, rest) = (names(&cfg), names(&rest));
    s.push_str(&format!("  {} (exit 2): configuration\n", cfg.join(", ")));
    s.push_str(&format!("  {} (exit 1): rejected\n", rest.join(", ")));
    s.push_str(
        "\nExamples:\n  djsign verify --key-file secret.txt < token.txt\n  \
         djsign session decode --key-env DJANGO_SECRET_KEY < sessionid.txt\n  \
         djsign vectors check\n\nEach command's --help has more.",
    );
    s
}

/// `--help` and `--version` print and succeed; anything else is one `usage:` line.
fn clap_error(e: &clap::Error, cmd: &clap::Command, args: &[OsString]) -> Result<(), Failure> {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let mut text = e.render().to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            write_stdout(text.as_bytes())
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Err(Failure::usage(missing_command(cmd, args)))
        }
        _ => Err(usage_from_clap(e)),
    }
}

/// "name a command: ..." for `djsign` or `djsign session` alone, with the commands that can
/// follow what was given.
fn missing_command(cmd: &clap::Command, args: &[OsString]) -> String {
    let mut at = cmd;
    let mut path = String::from("djsign");
    for arg in args.iter().skip(1).filter_map(|a| a.to_str()) {
        match at.find_subcommand(arg) {
            Some(sub) => {
                path.push(' ');
                path.push_str(sub.get_name());
                at = sub;
            }
            None if arg.starts_with('-') => {}
            None => break,
        }
    }
    let names: Vec<&str> = at
        .get_subcommands()
        .map(clap::Command::get_name)
        .filter(|n| *n != "help")
        .collect();
    let list = match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::from("a command"),
    };
    format!("name a command: {list} ({path} --help describes them)")
}

/// clap's message, reduced to one line: the first, with the missing arguments' names for a
/// missing required argument (clap lists them on the following lines). `--key` gets a hint
/// towards `--key-env`/`--key-file`, and `--key=VALUE` is never repeated: it holds a key.
fn usage_from_clap(e: &clap::Error) -> Failure {
    let invalid = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => vec![arg.clone()],
        Some(ContextValue::Strings(args)) => args.clone(),
        _ => Vec::new(),
    };
    if e.kind() == ErrorKind::MissingRequiredArgument && !invalid.is_empty() {
        return Failure::usage(format!(
            "missing required argument{}: {}; see --help",
            if invalid.len() == 1 { "" } else { "s" },
            invalid.join(", ")
        ));
    }
    if e.kind() == ErrorKind::UnknownArgument
        && let Some(arg) = invalid.first()
        && (arg == "--key"
            || arg.starts_with("--key=")
            || arg == "--secret-key"
            || arg.starts_with("--secret-key="))
    {
        return Failure::usage(KEY_ON_COMMAND_LINE);
    }
    let rendered = e.render().to_string();
    let first = rendered.lines().next().unwrap_or("invalid arguments");
    let first = first.strip_prefix("error: ").unwrap_or(first).trim_end();
    let single_dash = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => arg.starts_with('-') && !arg.starts_with("--"),
        _ => false,
    };
    let hint = if e.kind() == ErrorKind::UnknownArgument && single_dash {
        "; a token that starts with '-' goes after '--' or on standard input; see --help"
    } else {
        "; see --help"
    };
    Failure::usage(format!("{first}{hint}"))
}

/// The answer to `--key VALUE`: where keys come from instead, and why. The value is not
/// repeated (it is a key).
const KEY_ON_COMMAND_LINE: &str = "there is no --key option: a key on the command line is \
    kept in the shell's history and shown to every user by ps; put it in an environment \
    variable and pass --key-env NAME, or in a file and pass --key-file PATH (and \
    --fallback-key-env / --fallback-key-file for SECRET_KEY_FALLBACKS)";

/// Applies the signer options (and the Django version, when one was given) to a builder and
/// builds. Errors here are configuration: exit 2.
fn build<S: BuildSigner>(
    mut b: SignerBuilder<S>,
    o: &SignerArgs,
    keys: &Keys,
    version: Option<DjangoVersion>,
) -> Result<S, Failure> {
    if let Some(v) = version {
        b = b.django_version(v);
    }
    let algorithm = Algorithm::from_name(&o.algorithm).map_err(|e| Failure::config(&e))?;
    for fb in &keys.fallbacks {
        b = b.fallback_key(fb.as_slice());
    }
    b.salt(&o.salt)
        .sep(&o.sep)
        .algorithm(algorithm)
        .limits(Limits::DEFAULT)
        .build()
        .map_err(|e| Failure::config(&e))
}

fn timestamp_signer(
    o: &SignerArgs,
    key: Option<&KeySource>,
    fb: &[KeySource],
    version: Option<DjangoVersion>,
) -> Result<TimestampSigner, Failure> {
    let keys = Keys::read(key, fb)?;
    build(
        TimestampSigner::builder(keys.key.as_slice()),
        o,
        &keys,
        version,
    )
    // `keys` is dropped (and wiped) here; the signer holds only derived MAC states.
}

fn plain_signer(
    o: &SignerArgs,
    key: Option<&KeySource>,
    fb: &[KeySource],
    version: Option<DjangoVersion>,
) -> Result<Signer, Failure> {
    let keys = Keys::read(key, fb)?;
    build(Signer::builder(keys.key.as_slice()), o, &keys, version)
}

fn rejected(e: &djsign::Error) -> Failure {
    Failure::rejected(e)
}

/// `Signer` (`--no-timestamp`) or `TimestampSigner` (the default).
enum AnySigner {
    Plain(Signer),
    Stamped(TimestampSigner),
}

fn sign(a: &SignArgs, key: Option<&KeySource>, fb: &[KeySource]) -> Result<(), Failure> {
    let o = &a.signer;
    // Configuration first: a bad key or separator is reported before stdin is read.
    // Signing is the same for every Django version: `sign` takes no --django.
    let signer = if o.no_timestamp {
        AnySigner::Plain(plain_signer(o, key, fb, None)?)
    } else {
        AnySigner::Stamped(timestamp_signer(o, key, fb, None)?)
    };
    let stdin = if o.raw {
        read_stdin(input::TOKEN_INPUT_MAX, "a value to sign")?
    } else {
        read_stdin(input::JSON_INPUT_MAX, "JSON to sign")?
    };
    let mut token = if o.raw {
        // Signer.sign(value) / TimestampSigner.sign(value): a str, one line ending stripped.
        let value = utf8(strip_line_end(&stdin).to_vec(), "value on standard input")?;
        match (&signer, a.timestamp) {
            (AnySigner::Plain(s), _) => s.sign(&value),
            (AnySigner::Stamped(s), Some(t)) => s.sign_at(&value, t),
            (AnySigner::Stamped(s), None) => s.sign(&value),
        }
    } else {
        // signing.dumps(json.loads(text)) / Signer.sign_object(json.loads(text)).
        let text = utf8(stdin, "JSON on standard input")?;
        let obj: Value = json_text(&text, &Limits::DEFAULT).map_err(|e| rejected(&e))?;
        match (&signer, a.timestamp) {
            (AnySigner::Plain(s), _) => s.sign_object(&obj, a.compress),
            (AnySigner::Stamped(s), Some(t)) => s.sign_object_at(&obj, a.compress, t),
            (AnySigner::Stamped(s), None) => s.sign_object(&obj, a.compress),
        }
        .map_err(|e| rejected(&e))?
    };
    token.push('\n');
    write_stdout(token.as_bytes())
}

/// The salt of Django's `signed_cookies` session backend (the library's `SESSION_SALT`, which
/// is behind its `contrib` feature).
const SESSION_SALT: &str = "django.contrib.sessions.backends.signed_cookies";

fn verify(key: Option<&KeySource>, fb: &[KeySource], a: &VerifyArgs) -> Result<(), Failure> {
    let o = &a.signer;
    let limits = Limits::DEFAULT;
    let version = a.django.version;
    let mut out: Vec<u8> = if o.no_timestamp {
        let signer = plain_signer(o, key, fb, version)?;
        let token = input::token(a.token.clone(), "token")?;
        let explain = |e: djsign::Error| explain_rejection(rejected(&e), &token, None);
        if o.raw {
            signer.unsign(&token).map_err(explain)?.as_bytes().to_vec()
        } else {
            let v = signer.unsign_object_value(&token).map_err(explain)?;
            json_dumps(&v, limits.max_json_depth).map_err(|e| rejected(&e))?
        }
    } else {
        let keys = Keys::read(key, fb)?;
        let signer = build(
            TimestampSigner::builder(keys.key.as_slice()),
            o,
            &keys,
            version,
        )?;
        // The same keys with the session backend's salt, to tell a session cookie verified
        // with another salt (the default `django.core.signing`) from a forgery.
        let session_probe = if o.salt == SESSION_SALT {
            None
        } else {
            let probe = SignerArgs {
                salt: SESSION_SALT.to_owned(),
                sep: o.sep.clone(),
                algorithm: o.algorithm.clone(),
                no_timestamp: false,
                raw: o.raw,
            };
            Some(build(
                TimestampSigner::builder(keys.key.as_slice()),
                &probe,
                &keys,
                version,
            )?)
        };
        drop(keys); // wiped: the signers hold only derived MAC states
        input::check_times(a.max_age, a.now)?;
        let token = input::token(a.token.clone(), "token")?;
        let now = a.now.unwrap_or_else(unix_now);
        let explain =
            |e: djsign::Error| explain_rejection(rejected(&e), &token, session_probe.as_ref());
        if o.raw {
            let ok = signer.unsign_at(&token, a.max_age, now).map_err(explain)?;
            ok.value.as_bytes().to_vec()
        } else {
            let ok = signer
                .unsign_object_value_at(&token, a.max_age, now)
                .map_err(explain)?;
            json_dumps(&ok.value, limits.max_json_depth).map_err(|e| rejected(&e))?
        }
    };
    out.push(b'\n');
    write_stdout(&out)
}

/// A `bad-signature` (or `no-separator`) with a likely cause gets a hint: the input is a
/// `NAME=VALUE` pair pasted from a browser, or a session cookie that verifies with the session
/// backend's salt (`session_probe`) but was checked with another.
pub fn explain_rejection(
    failure: Failure,
    token: &str,
    session_probe: Option<&TimestampSigner>,
) -> Failure {
    let bad = djsign::Error::BadSignature.slug();
    if failure.kind() != bad && failure.kind() != djsign::Error::NoSeparator.slug() {
        return failure;
    }
    if let Some(hint) = input::cookie_pair_hint(token) {
        return failure.with_hint(&hint);
    }
    if failure.kind() == bad
        && let Some(probe) = session_probe
        && probe.unsign_at(token, None, 0.0).is_ok()
    {
        let hint = if cfg!(feature = "contrib") {
            format!(
                "it is a session cookie: it verifies with the salt {SESSION_SALT}; decode it \
                 with `djsign session decode`, or pass --salt {SESSION_SALT}"
            )
        } else {
            format!("it verifies with the session salt: pass --salt {SESSION_SALT}")
        };
        return failure.with_hint(&hint);
    }
    failure
}

fn inspect(a: InspectArgs) -> Result<(), Failure> {
    if !djsign::is_valid_separator(&a.sep) {
        return Err(Failure::config(&djsign::Error::InvalidSeparator));
    }
    input::check_times(None, a.now)?;
    let token = input::token(a.token, "token")?;
    let parts = split(&token, &a.sep).ok_or_else(|| {
        Failure::new(
            djsign::Error::NoSeparator.slug(),
            EXIT_REJECTED,
            format!("the separator {:?} does not occur in the token", a.sep),
        )
    })?;
    let mut lines = vec![format!("separator: {}", a.sep)];
    lines.push(format!("UNVERIFIED value: {}", quoted(parts.value)?));
    lines.push(format!(
        "UNVERIFIED compressed: {}",
        if parts.is_compressed() { "yes" } else { "no" }
    ));
    let version = a.django.version.unwrap_or(DjangoVersion::NEWEST_RELEASE);
    lines.push(
        match decode_payload_for(parts.value, &Limits::DEFAULT, version) {
            Ok(v) => {
                let json =
                    json_dumps(&v, Limits::DEFAULT.max_json_depth).map_err(|e| rejected(&e))?;
                format!("UNVERIFIED payload: {}", String::from_utf8_lossy(&json))
            }
            Err(e) => format!(
                "UNVERIFIED payload: not decodable as a signed object ({}: {e}); \
             the value may be a plain signed string",
                e.slug()
            ),
        },
    );
    lines.push(match parts.timestamp {
        Some((text, ts)) => {
            let now = a.now.unwrap_or_else(unix_now);
            #[allow(clippy::cast_precision_loss)] // as Python's `time.time() - timestamp`
            let age = now - ts as f64;
            let when = if age >= 0.0 {
                format!("age {age}s")
            } else {
                format!("{}s in the future", -age)
            };
            format!(
                "UNVERIFIED timestamp: {ts} ({}, {when}; base62 {text})",
                iso::utc(ts)
            )
        }
        None => "UNVERIFIED timestamp: none".to_owned(),
    });
    let algorithms: Vec<&str> = parts
        .signature_algorithms()
        .iter()
        .map(|a| a.name())
        .collect();
    lines.push(format!(
        "UNVERIFIED signature: {} chars, {}",
        parts.signature.chars().count(),
        if algorithms.is_empty() {
            "not the shape of any supported algorithm's MAC".to_owned()
        } else {
            format!("could be {}", algorithms.join(" or "))
        }
    ));
    let mut out = lines.join("\n");
    out.push('\n');
    write_stdout(out.as_bytes())
}

/// A string from the token as a JSON string literal: ASCII only, so that a hostile token
/// cannot send control sequences to the terminal.
fn quoted(s: &str) -> Result<String, Failure> {
    let bytes = json_dumps(s, 1).map_err(|e| Failure::new(e.slug(), EXIT_USAGE, e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
