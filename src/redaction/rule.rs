//! The one rule that decides whether an option key holds a credential. The printer, the text
//! redactor, the executor and every error message ask it, so they cannot disagree (Flink once had
//! an exact matcher at CREATE and a substring matcher at DESCRIBE, and they did: PR #28792).
//!
//! The rule, comparing keys as `crate::option_key` does (lower-cased, `_` read as `-`):
//! 1. the key's last dot-separated segment is one of Confluent's credential keys, or
//! 2. the key contains one of Apache Flink's sensitive substrings,
//!
//! except when the last segment ends in `endpoint` (a URL, shown). A misspelled key such as
//! `ap-key` matches neither and is left as it is, as the Confluent documentation states.

use crate::option_key::{canonical_byte, canonical_option_key};

/// Confluent's credential keys, matched against the key's last segment.
pub const CREDENTIAL_KEYS: [&str; 8] = [
    "api-key",
    "aws-access-key",
    "aws-secret-key",
    "aws-session-token",
    "service-key",
    "password",
    "token",
    "client-secret",
];

/// Apache Flink's sensitive substrings (`GlobalConfiguration`, Flink 2.x), matched anywhere in the
/// key. Written with `-`, since the comparison reads `_` as `-`.
pub const SENSITIVE_SUBSTRINGS: [&str; 10] = [
    "password",
    "secret",
    "apikey",
    "auth-params",
    "service-key",
    "token",
    "basic-auth",
    "jaas.config",
    "http-headers",
    "fs.azure.account.key",
];

/// True when the value of option `key` is a credential and must be masked wherever it is shown.
///
/// ```
/// use flink_ddl::is_sensitive_key;
/// assert!(is_sensitive_key("api-key") && is_sensitive_key("API_KEY") && is_sensitive_key("openai.api_key"));
/// assert!(is_sensitive_key("properties.sasl.jaas.config"));
/// assert!(!is_sensitive_key("token-endpoint") && !is_sensitive_key("username"));
/// assert!(!is_sensitive_key("ap-key")); // misspelled: not recognised, as documented
/// ```
pub fn is_sensitive_key(key: &str) -> bool {
    if key.is_ascii() {
        matches_rule(key.as_bytes())
    } else {
        // Non-ASCII keys are rare: their canonical form is made first.
        matches_rule(canonical_option_key(key).as_bytes())
    }
}

/// The rule on a key's bytes, compared in the canonical form of `crate::option_key` (lower case,
/// `_` as `-`).
///
/// The parser asks this once per option and the text redactor once per key, so it normalises the
/// key once, into a buffer on the stack for any usual key, and finds the substrings in one pass:
/// the profile of the table corpus had the former version (every substring tried at every
/// position, normalising each byte again for each comparison) at 5% of all instructions.
fn matches_rule(key: &[u8]) -> bool {
    let mut buffer = [0u8; 128];
    let owned: Vec<u8>;
    let normalized: &[u8] = match buffer.get_mut(..key.len()) {
        Some(buffer) => {
            for (out, &b) in buffer.iter_mut().zip(key) {
                *out = canonical_byte(b);
            }
            buffer
        }
        None => {
            owned = key.iter().map(|&b| canonical_byte(b)).collect();
            &owned
        }
    };
    let last = normalized.rsplit(|&b| b == b'.').next().unwrap_or(normalized);
    if last.ends_with(b"endpoint") {
        return false;
    }
    CREDENTIAL_KEYS.iter().any(|k| last == k.as_bytes()) || contains_sensitive_substring(normalized)
}

/// For each byte, the set of `SENSITIVE_SUBSTRINGS` (bit `n` for the `n`th) that start with it.
const SUBSTRINGS_BY_FIRST_BYTE: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut n = 0;
    while n < SENSITIVE_SUBSTRINGS.len() {
        table[SENSITIVE_SUBSTRINGS[n].as_bytes()[0] as usize] |= 1 << n;
        n += 1;
    }
    table
};

/// True when the normalised key contains one of `SENSITIVE_SUBSTRINGS`.
fn contains_sensitive_substring(normalized: &[u8]) -> bool {
    normalized.iter().enumerate().any(|(at, &b)| {
        let mut candidates = SUBSTRINGS_BY_FIRST_BYTE[usize::from(b)];
        while candidates != 0 {
            let n = candidates.trailing_zeros() as usize;
            let pattern = SENSITIVE_SUBSTRINGS[n].as_bytes();
            // The second byte first: most candidates fail there, without a call to `memcmp`.
            if normalized.get(at + 1) == pattern.get(1) && normalized[at..].starts_with(pattern) {
                return true;
            }
            candidates &= candidates - 1;
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_keys_by_last_segment_in_any_spelling() {
        for key in [
            "api-key",
            "API_KEY",
            "Api-Key",
            "openai.api_key",
            "aws-access-key",
            "AWS_SECRET_KEY",
            "aws-session-token",
            "service-key",
            "vertexai.service_key",
            "password",
            "mongodb.password",
            "token",
            "client-secret",
            "client_secret",
        ] {
            assert!(is_sensitive_key(key), "{key} should be sensitive");
        }
    }

    #[test]
    fn flink_substrings_anywhere() {
        for key in [
            "properties.sasl.jaas.config",
            "my-secret-thing",
            "x.apikey",
            "http.auth-params",
            "basic-auth.user",
            "http-headers",
            "HTTP_HEADERS",
            "fs.azure.account.key.acct.blob.core.windows.net",
            "refresh_token.value",
            "db.password.file",
        ] {
            assert!(is_sensitive_key(key), "{key} should be sensitive");
        }
    }

    #[test]
    fn endpoints_and_identifiers_are_shown() {
        for key in [
            "token-endpoint",
            "TOKEN_ENDPOINT",
            "sse-endpoint",
            "endpoint",
            "secret.endpoint",
            "username",
            "client-id",
            "scope",
            "type",
            "transport-type",
            "connector",
            "ap-key",
            "primary.key",
            "key.format",
            "",
        ] {
            assert!(!is_sensitive_key(key), "{key} should be shown");
        }
    }

    #[test]
    fn non_ascii_keys_are_lower_cased_fully() {
        assert!(is_sensitive_key("PASSWÖRD.password"));
        assert!(!is_sensitive_key("clé"));
    }

    #[test]
    fn long_keys_follow_the_same_rule() {
        let long = "x".repeat(200);
        assert!(is_sensitive_key(&format!("{long}.API_KEY")));
        assert!(is_sensitive_key(&format!("{long}secret{long}")));
        assert!(!is_sensitive_key(&format!("{long}.token_endpoint")));
        assert!(!is_sensitive_key(&long));
    }
}
