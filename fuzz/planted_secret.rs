//! How the `redact` target turns its input into SQL with a planted secret. Shared by that target
//! and `tests/fuzz_regressions.rs` (both include this file with `#[path]`), so a saved input
//! replays exactly as it was fuzzed.

/// The sensitive keys a secret is planted under, in the spellings users write.
pub const KEYS: &[&str] = &[
    "api-key",
    "API_KEY",
    "openai.api_key",
    "password",
    "mongodb.password",
    "token",
    "client_secret",
    "aws-secret-key",
    "properties.sasl.jaas.config",
    "service-key",
    "my.apikey",
];

/// The planted value: distinctive, so any surface that shows it is caught by a substring search.
pub const SECRET: &str = "SECRET_MARKER_7f3a";

/// The input's first byte picks a key from [`KEYS`]; the rest of the text is split at its first
/// U+0001 into a prefix and a suffix, and `prefix 'key' = 'SECRET' suffix` is returned with the
/// prefix. `None` for text of fewer than two characters, and for text that holds the marker
/// already: libFuzzer learns the marker from the oracle's own substring searches and writes it
/// into inputs as plain text, which is no secret to mask.
pub fn plant(text: &str) -> Option<(String, &str)> {
    if text.contains(SECRET) {
        return None;
    }
    let (at, _) = text.char_indices().nth(1)?;
    let key = KEYS[usize::from(text.as_bytes()[0]) % KEYS.len()];
    let text = &text[at..];
    let split = text.find('\u{1}').unwrap_or(text.len());
    let (prefix, suffix) = (&text[..split], text.get(split + 1..).unwrap_or(""));
    Some((format!("{prefix}'{key}' = '{SECRET}'{suffix}"), prefix))
}
