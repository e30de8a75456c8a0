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
use crate::spelling::{misspelling_distance, Shape};

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
/// The parser asks this once per option and the text redactor once per key, so it puts the key in
/// canonical form once, into a buffer on the stack for any usual key, and finds the substrings in
/// one pass (trying each substring only where its first byte is).
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

/// One operand of `=` as the pair rule reads it: the literal the operand's text ends with (left)
/// or starts with (right).
#[derive(Debug, Clone, Copy)]
pub(crate) enum PairSide<'a> {
    /// A string literal's value, or the quoted text of `DATE`, `TIME` or `TIMESTAMP`.
    Text(&'a str),
    /// A binary literal, `X'..'`.
    Binary,
    /// Anything else.
    Other,
}

/// The one rule for "is `left = right` a credential pair", asked by the text redactor (over the
/// literals next to each `=`) and by the expression parser (over the last leaf of the left
/// operand and the first leaf of the right one), so the two agree by construction: the left side
/// is a literal naming a sensitive key, the right side a string or binary literal. In a chain
/// `'a' = 'b' = 'c'`, read `('a' = 'b') = 'c'`, each `=` is asked on its own: `'c'` is a secret
/// when `'b'` names a sensitive key.
pub(crate) fn sensitive_pair(left: PairSide<'_>, right: PairSide<'_>, is_sensitive: &dyn Fn(&str) -> bool) -> bool {
    matches!(left, PairSide::Text(key) if is_sensitive(key)) && matches!(right, PairSide::Text(_) | PairSide::Binary)
}

/// True when `key` is probably a misspelling of a sensitive key, by the parser's one did-you-mean
/// rule (optimal string alignment, at most 2 edits from a key of five letters or more): the
/// executor answers such a key with "did you mean `password`?", so the value was meant as a
/// credential. The fail-closed surfaces (`redact_broken_sql`: parse error snippets, the shell's
/// history, usage errors) mask it; `redact_sql` and `Display` keep the exact rule.
///
/// The key is compared without its blanks and quotes, lower-cased with `_` read as `-`: whole,
/// each dot-separated segment, and each word between `.` and `-`, against [`CREDENTIAL_KEYS`]
/// and [`SENSITIVE_SUBSTRINGS`]. A key that is sensitive is not a near miss of itself.
///
/// ```
/// use flink_ddl::{is_near_sensitive_key, is_sensitive_key};
/// for typo in ["passwrd", "api_kye", "ap-key", "secert", "tokne", "x.client-secert", "pass word"] {
///     assert!(is_near_sensitive_key(typo) && !is_sensitive_key(typo), "{typo}");
/// }
/// assert!(!is_near_sensitive_key("username") && !is_near_sensitive_key("token-endpoint"));
/// ```
pub fn is_near_sensitive_key(key: &str) -> bool {
    near_miss(key, &[])
}

/// [`is_near_sensitive_key`], with `extra` (canonical keys a `Redactor` adds) as candidates too.
pub(crate) fn near_miss(key: &str, extra: &[String]) -> bool {
    let key = key_tail(key);
    // Most words asked about are far from every candidate: a cheap bound on the characters
    // rules them out before any copy. (A key that is sensitive once squeezed holds all of some
    // candidate's characters, so it passes; non-ASCII keys are lower-cased first, below.)
    if key.is_ascii() && extra.is_empty() {
        let shape = Shape::of_ascii_key(key);
        if !BUILTIN_CANDIDATES.iter().any(|&(_, candidate)| shape.may_hold_misspelling(candidate)) {
            return false;
        }
    }
    let squeezed = squeeze_key(key);
    if squeezed.chars().count() < 3 || is_sensitive_key(&squeezed) {
        // Too short to be a misspelling; or sensitive once blanks and quotes are gone, which the
        // fail-closed surfaces mask too (`'pass word'`), but which is no misspelling.
        return squeezed != canonical_option_key(key) && is_sensitive_key(&squeezed);
    }
    // An endpoint is a URL, shown by the exact rule: its near misses are too.
    if squeezed.rsplit('.').next().is_some_and(|last| last.ends_with("endpoint")) {
        return false;
    }
    // Each candidate with its shape (`Shape`: length and characters), for a cheap bound first.
    let extra_shapes: Vec<(&str, Shape)> = extra.iter().map(|k| (k.as_str(), Shape::of(k))).collect();
    let candidates = || BUILTIN_CANDIDATES.iter().copied().chain(extra_shapes.iter().copied());
    let shape = Shape::of(&squeezed);
    if !candidates().any(|(_, candidate)| shape.may_hold_misspelling(candidate)) {
        // No candidate has enough of its characters here for any part to be close to it.
        return false;
    }
    let close = |part: &str| {
        let shape = Shape::of(part);
        candidates()
            .filter(|&(_, candidate)| shape.may_misspell(candidate))
            .any(|(candidate, _)| misspelling_distance(part, candidate).is_some())
    };
    // Every stretch between separators, so that a typo in one part (`jaas.confg`), or a separator
    // typed wrong (`openai,api-key`), still leaves a part to compare.
    // A typo in a prefix (`openaixapi-key`, `openai.api-key` with the `.` lost) leaves the key
    // ending in a credential key, whatever comes before it.
    let ends_in = |k: &str| squeezed.len() > k.len() && squeezed.ends_with(k);
    if CREDENTIAL_KEYS.iter().any(|k| ends_in(k)) || extra.iter().any(|k| ends_in(k)) {
        return true;
    }
    // The separators' offsets and the offsets after them, on the stack.
    let mut separators = [(0usize, 0usize); MAX_KEY_PARTS];
    let mut count = 0;
    for (at, c) in squeezed.char_indices().filter(|&(_, c)| !c.is_alphanumeric()).take(MAX_KEY_PARTS) {
        separators[count] = (at, at + c.len_utf8());
        count += 1;
    }
    let separators = &separators[..count];
    let starts = std::iter::once(0).chain(separators.iter().map(|&(_, after)| after));
    let ends = || separators.iter().map(|&(at, _)| at).chain(std::iter::once(squeezed.len()));
    // A part longer than any candidate with two insertions cannot be close to one (in bytes: a
    // character is at most four), nor can any longer part from the same start.
    let longest = candidates().map(|(_, candidate)| candidate.chars()).max().unwrap_or(0);
    let longest_part = if squeezed.is_ascii() { longest + 2 } else { 4 * (longest + 2) };
    // (No part needs the exact rule: `squeezed` is not sensitive, so no part holds a sensitive
    // substring, and a part ending the key whose last segment is a credential key was found
    // above.)
    starts.into_iter().any(|from| {
        ends()
            .filter(|&to| to >= from + 3)
            .take_while(|&to| to - from <= longest_part)
            .any(|to| close(&squeezed[from..to]))
    })
}

/// [`CREDENTIAL_KEYS`] and [`SENSITIVE_SUBSTRINGS`], the candidates of [`near_miss`], with their
/// shapes.
const BUILTIN_CANDIDATES: [(&str, Shape); CREDENTIAL_KEYS.len() + SENSITIVE_SUBSTRINGS.len()] = {
    let mut table = [("", Shape::of_ascii("")); CREDENTIAL_KEYS.len() + SENSITIVE_SUBSTRINGS.len()];
    let mut n = 0;
    while n < table.len() {
        let key = if n < CREDENTIAL_KEYS.len() {
            CREDENTIAL_KEYS[n]
        } else {
            SENSITIVE_SUBSTRINGS[n - CREDENTIAL_KEYS.len()]
        };
        table[n] = (key, Shape::of_ascii(key));
        n += 1;
    }
    table
};

/// The bytes of a key that [`near_miss`] reads: real keys are short, and the part a credential key
/// would be in is the last, so a longer "key" (a pasted document, hostile text) is judged by its
/// tail, at no cost that grows with it.
pub(crate) const NEAR_MISS_KEY_BYTES: usize = 256;

/// The last [`NEAR_MISS_KEY_BYTES`] of `key` at most, cut at a character boundary.
pub(crate) fn key_tail(key: &str) -> &str {
    let mut from = key.len().saturating_sub(NEAR_MISS_KEY_BYTES);
    while !key.is_char_boundary(from) {
        from += 1;
    }
    &key[from..]
}

/// Separators a key is cut at, at most, for [`near_miss`] (which compares every stretch between
/// two of them): keys are short, and hostile text must not cost a quadratic time.
const MAX_KEY_PARTS: usize = 24;

/// `key` lower-cased with `_` as `-`, without blanks (any Unicode white space), quotes or
/// backslashes: what a person meant when a typo put one of those inside a key.
pub(crate) fn squeeze_key(key: &str) -> String {
    key.chars()
        .filter(|&c| !is_blank(c) && !matches!(c, '\'' | '"' | '`' | '\\'))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '_' { '-' } else { c })
        .collect()
}

/// White space as a person pasting text may bring it: Unicode white space (NBSP, U+2028, vertical
/// tab...) and the zero-width characters.
pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
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
