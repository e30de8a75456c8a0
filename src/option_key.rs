//! The one rule for "the same option key": keys compare lower-cased, with `_` read as `-`, so
//! `'api-key'`, `'API_KEY'` and `'Api-Key'` are one key, and so are `'aws_access_key'` and
//! `'aws-access-key'`. ASCII keys are lower-cased byte by byte; a key with other characters is
//! lower-cased as Unicode says (as Flink's `toLowerCase`).
//!
//! Three places ask it, so they cannot disagree:
//! - the parser's duplicate check of connection options (`options.rs`): `WITH ('api_key' = 'a',
//!   'API-KEY' = 'b')` is a repeated key;
//! - the executor's key lookup (`flink-ddl-exec`): `'aws_access_key'` is the credential key
//!   `aws-access-key`;
//! - the sensitive-key rule (`redaction/rule.rs`): `'openai.API_KEY'` ends in `api-key`.
//!
//! Table options are the exception: Flink compares a table's option keys exactly (`'a-b'` and
//! `'A_B'` are two options of a connector), so the parser's duplicate check for them does too.
//! Whether such a key is *sensitive* still follows this rule.

use std::borrow::Cow;

/// `key` in its canonical form: lower case, with `_` written as `-`. Two keys are the same key
/// when their canonical forms are equal ([`option_key_eq`] compares without allocating).
///
/// ```
/// use flink_ddl::canonical_option_key;
/// assert_eq!(canonical_option_key("AWS_Access_Key"), "aws-access-key");
/// assert_eq!(canonical_option_key("endpoint"), "endpoint"); // borrowed: nothing to change
/// ```
pub fn canonical_option_key(key: &str) -> Cow<'_, str> {
    if key.is_ascii() {
        if key.bytes().all(|b| canonical_byte(b) == b) {
            return Cow::Borrowed(key);
        }
        return Cow::Owned(key.bytes().map(|b| char::from(canonical_byte(b))).collect());
    }
    Cow::Owned(key.to_lowercase().replace('_', "-"))
}

/// True when `a` and `b` are the same option key: equal once lower-cased, with `_` read as `-`.
///
/// ```
/// use flink_ddl::option_key_eq;
/// assert!(option_key_eq("api_key", "API-KEY"));
/// assert!(option_key_eq("mongodb.Password", "MONGODB.PASSWORD"));
/// assert!(!option_key_eq("api-key", "apikey"));
/// ```
pub fn option_key_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| canonical_byte(x) == canonical_byte(y));
    }
    canonical_option_key(a) == canonical_option_key(b)
}

/// The canonical form of one byte of an ASCII key: lower case, and `_` as `-`.
#[inline]
pub(crate) fn canonical_byte(b: u8) -> u8 {
    if b == b'_' {
        b'-'
    } else {
        b.to_ascii_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_underscores_do_not_make_another_key() {
        for (a, b) in [("api-key", "API_KEY"), ("Aws_Access_Key", "aws-access-key"), ("x.Y_z", "X.y-Z")] {
            assert!(option_key_eq(a, b), "{a} {b}");
            assert_eq!(canonical_option_key(a), canonical_option_key(b));
        }
        for (a, b) in [("api-key", "apikey"), ("api-key", "api-key "), ("a.b", "a-b"), ("", "-")] {
            assert!(!option_key_eq(a, b), "{a} {b}");
        }
    }

    #[test]
    fn non_ascii_keys_are_lower_cased_as_unicode_says() {
        // The Kelvin sign lower-cases to `k`.
        assert!(option_key_eq("\u{212A}ey", "KEY"));
        assert_eq!(canonical_option_key("CLÉ_X"), "clé-x");
        assert!(!option_key_eq("clé", "cle"));
    }
}
