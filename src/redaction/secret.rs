//! `Secret`: an option value that is a credential, and the `<REDACTED>` placeholder.
//!
//! A `Secret` prints, debugs and serialises as `<REDACTED>`. Its value comes out only through
//! `expose_secret`, a name that is easy to search for, and its memory is wiped when it is dropped.
//! It has no `Deref`, `AsRef<str>` or `Into<String>`: each would be a quiet way out.

use std::fmt;

use serde::{Serialize, Serializer};
use zeroize::Zeroize;

/// What every masked value shows instead of the credential.
pub const REDACTED: &str = "<REDACTED>";

/// A credential value. `Debug`, `Display` and `Serialize` show `<REDACTED>`.
///
/// ```
/// use flink_ddl::Secret;
/// let secret = Secret::new("sk-live-123");
/// assert_eq!(format!("{secret} {secret:?}"), "<REDACTED> <REDACTED>");
/// assert_eq!(secret.expose_secret(), "sk-live-123");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The real value. Call it only where the value is delivered: the unredacted printer, the
    /// catalog writer, the connection's consumer.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The value's length in bytes (the executor checks the 4000-byte limit without exposing it).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for an empty value (which the executor treats as absent).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when the value is `expected`, ignoring ASCII case; the value itself is not handed out
    /// (the executor checks a stored `transport-type` against the two values it may have).
    ///
    /// ```
    /// let transport = flink_ddl::Secret::new("sse");
    /// assert!(transport.eq_ignore_ascii_case("SSE") && !transport.eq_ignore_ascii_case("STREAMABLE_HTTP"));
    /// ```
    pub fn eq_ignore_ascii_case(&self, expected: &str) -> bool {
        self.0.eq_ignore_ascii_case(expected)
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_surface_shows_the_placeholder() {
        let secret = Secret::new("hunter2");
        assert_eq!(secret.to_string(), REDACTED);
        assert_eq!(format!("{secret:?}"), REDACTED);
        assert_eq!(format!("{secret:#?}"), REDACTED);
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"<REDACTED>\"");
        assert_eq!(secret.len(), 7);
    }
}
