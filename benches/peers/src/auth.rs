//! The reference session as a Rust service would type it (`loads_typed`), shared by the
//! peer benchmark and the instruction-count harness.

/// The five keys of benches/reference_session.txt.
#[derive(serde::Deserialize)]
#[allow(dead_code)] // read only to be built
pub struct Auth {
    _auth_user_id: String,
    _auth_user_backend: String,
    _auth_user_hash: String,
    cart: Vec<i64>,
    theme: String,
}
