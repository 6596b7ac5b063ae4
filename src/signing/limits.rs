//! Resource bounds (djsign only: Django has none; SPEC.md section 10).

/// Bounds on what a signer will examine. Django has none; these defaults are far above
/// anything a browser cookie can carry and stop memory exhaustion from hostile input.
///
/// ```
/// use djsign::{Error, Limits, Signer};
/// let mut limits = Limits::DEFAULT;
/// limits.max_token_len = 4096; // what a browser cookie can hold
/// let signer = Signer::builder("key").limits(limits).build()?;
/// let huge = "x".repeat(5000);
/// assert_eq!(signer.unsign(&huge), Err(Error::TokenTooLong { len: 5000, limit: 4096 }));
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Longest token `unsign` looks at, in bytes (default 1 MiB). Longer ones fail with
    /// [`Error::TokenTooLong`](crate::Error::TokenTooLong) before any hashing.
    pub max_token_len: usize,
    /// Largest decompressed payload, in bytes (default 4 MiB): the zip-bomb bound.
    pub max_decompressed_len: usize,
    /// Deepest nesting of JSON lists and objects, read or written (default 1000; CPython's
    /// recursion limit stops Django near 990, so whatever Django writes fits).
    pub max_json_depth: usize,
}

impl Limits {
    /// The defaults: 1 MiB tokens, 4 MiB decompressed, 1000 levels of JSON.
    pub const DEFAULT: Self = Self {
        max_token_len: 1 << 20,
        max_decompressed_len: 4 << 20,
        max_json_depth: 1000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
