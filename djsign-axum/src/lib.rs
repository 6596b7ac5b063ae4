//! Django's sessions, authentication and signed cookies for axum and tower, on
//! [djsign](https://docs.rs/djsign): a Rust service beside a Django site reads and writes
//! the same `sessionid` cookie, as Django's `SessionMiddleware` would.
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use djsign_axum::{Session, Settings};
//!
//! async fn whoami(session: Session) -> String {
//!     session.auth_user_id().unwrap_or_else(|| "anonymous".into())
//! }
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let layer = Settings::new("the SECRET_KEY of the Django site").layer()?;
//! let app: Router = Router::new().route("/whoami", get(whoami)).layer(layer);
//! # Ok(()) }
//! ```
//!
//! See `README.md` in this crate for the choices made where Django and a security crate
//! differ.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod auth;
mod conf;
pub mod cookie;
mod cookies;
mod middleware;
mod session;

pub use crate::auth::{Anonymous, AuthRejection, AuthUser, DjangoUser, UserLoader, get_user};
pub use crate::conf::{Clock, ConfigError, OnLoadError, Settings};
pub use crate::cookie::{CookieOptions, SameSite};
pub use crate::cookies::{CookieError, Cookies};
pub use crate::middleware::{SessionLayer, SessionService};
pub use crate::session::{InvalidSession, Session, SessionRejection};
