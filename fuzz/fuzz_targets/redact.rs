//! Oracle: a marker secret planted under a sensitive key in any text never survives
//! `redact_sql`, `redact_broken_sql`, the statement's `Display`, `Debug` or JSON, or the text of a
//! parse error; and both redactors are idempotent.
//!
//! The input is split into a prefix and a suffix around one `'key' = 'SECRET_MARKER_…'` pair, so
//! the pair sits in any surrounding text the fuzzer finds: valid statements, broken ones, comments.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../planted_secret.rs"]
mod planted_secret;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some((sql, prefix)) = planted_secret::plant(text) else { return };
    let secret = planted_secret::SECRET;
    // The pair is masked unless the prefix swallows it into a comment, a literal or a quoted name:
    // in those cases the secret is not a value of a pair, and only the redactor's idempotence is
    // checked.
    let is_pair = prefix_leaves_pair_open(prefix);
    let masked = flink_ddl::redact_sql(&sql);
    let broken = flink_ddl::redact_broken_sql(&sql);
    assert_eq!(flink_ddl::redact_sql(&masked), masked, "redact_sql is not idempotent");
    assert_eq!(flink_ddl::redact_broken_sql(&broken), broken, "redact_broken_sql is not idempotent");
    if !is_pair {
        return;
    }
    assert!(!masked.contains(secret), "redact_sql kept the secret:\n{sql}\n{masked}");
    assert!(!broken.contains(secret), "redact_broken_sql kept the secret:\n{sql}\n{broken}");
    match flink_ddl::parse(&sql) {
        Ok(statements) => {
            for stmt in statements {
                for shown in [stmt.to_string(), format!("{stmt:?}"), serde_json::to_string(&stmt).unwrap()] {
                    assert!(!shown.contains(secret), "a statement surface kept the secret:\n{sql}\n{shown}");
                }
            }
        }
        Err(err) => {
            let shown = format!("{err}\n{err:?}");
            assert!(!shown.contains(secret), "the parse error kept the secret:\n{sql}\n{shown}");
        }
    }
});

/// True when, after `prefix`, the lexer is between tokens (not inside a comment, a literal or a
/// quoted name) and the last token is not one that would join with the key literal (another
/// literal, or a `=` that makes the key a value).
fn prefix_leaves_pair_open(prefix: &str) -> bool {
    let mut i = 0;
    let bytes = prefix.as_bytes();
    let mut last_significant: Option<u8> = None;
    while i < bytes.len() {
        let rest = &prefix[i..];
        if rest.starts_with("--") {
            match rest.find(['\n', '\r']) {
                Some(end) => i += end + 1,
                None => return false,
            }
        } else if rest.starts_with("/*") {
            match rest[2..].find("*/") {
                Some(end) => i += end + 4,
                None => return false,
            }
        } else if bytes[i] == b'\'' || bytes[i] == b'`' {
            let quote = bytes[i] as char;
            let mut j = i + 1;
            loop {
                match prefix[j..].find(quote) {
                    None => return false,
                    Some(at) if prefix.as_bytes().get(j + at + 1) == Some(&bytes[i]) => j += at + 2,
                    Some(at) => {
                        j += at + 1;
                        break;
                    }
                }
            }
            last_significant = Some(bytes[i]);
            i = j;
        } else {
            if !bytes[i].is_ascii_whitespace() {
                last_significant = Some(bytes[i]);
            }
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    // After a literal the key would join it; after `=` the key literal would be a value; after a
    // word char it may be a string prefix (`N'...'`).
    !matches!(last_significant, Some(b'\'' | b'=' | b'&'))
        && !last_significant.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$')
}
