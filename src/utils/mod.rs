//! Helpers that mirror `django.utils` and the parts of Python's standard library Django's
//! signing relies on.

pub mod crypto;
#[cfg(feature = "contrib")]
pub(crate) mod datetime;
