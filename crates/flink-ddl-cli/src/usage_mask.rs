//! Masking clap's usage errors. clap quotes the argument it objects to, and that argument may be
//! a secret: the value after a credential flag (`--api-key sk-...`, `--token= sk-...` whose
//! inline value is empty), the value after a misspelled flag (`--api-ky sk-...`), the rest of a
//! secret the shell split at a blank, a positional `password=sk-...` or `password:sk-...`, or
//! SQL passed without `-e`. Usage errors are a fail-closed surface: when in doubt, mask.

use std::ffi::OsString;

use flink_ddl::{is_near_sensitive_key, is_sensitive_key, redact_broken_sql, REDACTED};
use flink_ddl_postgres::redact_url;

/// Rewrites `message` so that no argument value that may be a secret shows: the values of
/// credential flags and unknown flags, and the bare words right after such a value, become
/// `<REDACTED>`; a positional whose key is a credential key (or a near miss of one) keeps its
/// key only; SQL-looking arguments show as `redact_broken_sql` shows them, cut after the first
/// credential key whose value is not masked already. `flags` are the command line's flags with
/// whether each takes a value.
pub(crate) fn mask_argument_values(message: &str, args: &[OsString], flags: &[(String, bool)]) -> String {
    let takes_value = |name: &str| flags.iter().find(|(flag, _)| flag == name).map(|(_, takes)| *takes);
    let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let mut hidden: Vec<String> = Vec::new();
    let mut rewritten: Vec<(String, String)> = Vec::new();
    // A PostgreSQL URL may hold a password: `--catalog URL`, `--catalog=URL`, or misplaced.
    for arg in &args {
        if let Some(at) = arg.find("postgres://").or_else(|| arg.find("postgresql://")) {
            let shown = format!("{}{}", &arg[..at], redact_url(&arg[at..]));
            if shown != *arg {
                rewritten.push((arg.clone(), shown));
            }
        }
    }
    let mut i = 1;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if !arg.starts_with('-') {
            let shown = mask_free_text(arg);
            if shown != *arg {
                rewritten.push((arg.clone(), shown));
            }
        }

        let name = match (arg.strip_prefix("--"), arg.strip_prefix('-')) {
            (Some(""), _) | (None, None) | (None, Some("")) => continue,
            (Some(long), _) => long,
            // A short flag: `-e SQL`, `-oxml`; its name is the one letter after the dash.
            (None, Some(short)) => &short[..short.chars().next().map_or(0, char::len_utf8)],
        };
        let (name, inline) = match name.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (name, None),
        };
        // A short flag with a value attached may be a mistyped long one (`-oken=x` for
        // `--token=x`): when the word after the dash reads as a credential key, its value is hidden.
        if !arg.starts_with("--") {
            if let Some((word, value)) = arg[1..].split_once(['=', ':']) {
                if is_key_like(word) {
                    hidden.push(value.to_owned());
                }
            }
        }
        let known = takes_value(name);
        let secret = is_sensitive_key(name) || known.is_none();
        match inline {
            // `--token= S3CR3T`: the shell split the value off an empty inline one.
            Some("") if secret => {}
            Some(value) => {
                if secret {
                    hidden.push(value.to_owned());
                } else if value.contains(['\'', '"', '`', ' ', '=', ':']) {
                    // A known flag's value may still hold SQL (`--execute=...`).
                    let shown = mask_free_text(value);
                    if shown != value {
                        rewritten.push((value.to_owned(), shown));
                    }
                }
                continue;
            }
            None => {
                if !known.unwrap_or(true) || arg.len() > 2 && !arg.starts_with("--") {
                    continue; // a switch, or a short flag with its value attached
                }
                if !secret {
                    // The value of a known flag is shown, unless it holds a credential pair.
                    if let Some(value) = args.get(i) {
                        let shown = mask_free_text(value);
                        if shown != *value {
                            rewritten.push((value.clone(), shown));
                        }
                    }
                    i += 1;
                    continue;
                }
                let Some(value) = args.get(i) else { continue };
                hidden.push(value.clone());
                i += 1;
            }
        }
        // The rest of a secret the shell split at a blank.
        while let Some(word) = args.get(i).filter(|w| !w.starts_with('-')) {
            hidden.push(word.clone());
            i += 1;
        }
    }
    let mut text = message.to_owned();
    rewritten.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    for (from, to) in &rewritten {
        if from != to && !from.is_empty() {
            text = text.replace(from.as_str(), to);
        }
    }
    hidden.retain(|v| !v.is_empty());
    hidden.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for value in &hidden {
        // clap quotes what it shows; a long value is also masked wherever it appears.
        text = text.replace(&format!("'{value}'"), &format!("'{REDACTED}'"));
        text = text.replace(&format!("={value}"), &format!("={REDACTED}"));
        text = text.replace(&format!(":{value}"), &format!(":{REDACTED}"));
        if value.chars().count() >= 6 {
            text = text.replace(value.as_str(), REDACTED);
        }
    }
    text
}

/// An argument that is not a flag, as it may be shown: `redact_broken_sql`'s masking, then cut
/// after the first credential key (or near miss of one) that is followed by anything but an
/// already masked value. `password=x` becomes `password=<REDACTED>`; `'api-key': 'x'` becomes
/// `'api-key' <REDACTED>`.
pub(crate) fn mask_free_text(arg: &str) -> String {
    let text = redact_broken_sql(arg);
    let mut from = 0;
    while let Some((start, end)) = next_word(&text, from) {
        from = end;
        if !is_key_like(&text[start..end]) {
            continue;
        }
        // Past the key's closing quote, if any.
        let after_key = text[end..].strip_prefix(['\'', '"', '`']).map_or(end, |_| end + 1);
        let rest = &text[after_key..];
        if rest.trim().is_empty() {
            continue;
        }
        if let Some(masked) = masked_value_len(rest) {
            from = after_key + masked;
            continue;
        }
        // A separator right after the key is kept, so `password=x` reads `password=<REDACTED>`.
        let keep = rest.find(|c: char| !c.is_whitespace()).unwrap_or(0);
        let separator = rest[keep..].chars().next().filter(|c| matches!(c, '=' | ':')).map_or(0, char::len_utf8);
        let cut = if keep == 0 && separator > 0 { after_key + separator } else { after_key };
        let spacer = if cut == after_key { " " } else { "" };
        return format!("{}{spacer}{REDACTED}", &text[..cut]);
    }
    text
}

/// The length of `rest` up to the end of a masked value (`= '<REDACTED>'`, `:<REDACTED>`), when
/// `rest` starts with one.
fn masked_value_len(rest: &str) -> Option<usize> {
    let trimmed = rest.trim_start();
    let mut at = rest.len() - trimmed.len();
    let separator = trimmed.chars().next().filter(|c| matches!(c, '=' | ':'))?;
    at += separator.len_utf8();
    let value = &rest[at..];
    let value_start = value.len() - value.trim_start().len();
    at += value_start;
    let value = &rest[at..];
    let quote = value.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'));
    let inner = quote.map_or(value, |q| &value[q.len_utf8()..]);
    let masked = inner.strip_prefix(REDACTED)?;
    at += (value.len() - inner.len()) + REDACTED.len();
    if let Some(q) = quote {
        if masked.starts_with(q) {
            at += q.len_utf8();
        }
    }
    Some(at)
}

/// The next word at or after `from`: a run of letters, digits, `_`, `-` and `.` (an option key).
fn next_word(text: &str, from: usize) -> Option<(usize, usize)> {
    let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let start = from + text[from..].find(word)?;
    let end = text[start..].find(|c: char| !word(c)).map_or(text.len(), |n| start + n);
    Some((start, end))
}

/// True when `word` is a credential key by the one rule, or a near miss of one (`passwrd`,
/// `ap-key`, `tokn`, `openai.ap_key`): the same near-miss rule as `redact_broken_sql`'s
/// ([`is_near_sensitive_key`]).
pub(crate) fn is_key_like(word: &str) -> bool {
    !word.is_empty() && word != REDACTED && (is_sensitive_key(word) || is_near_sensitive_key(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_credential_keys_count_as_keys() {
        for word in ["password", "passwrd", "pasword", "ap-key", "api_ky", "tokn", "openai.ap_key", "secrt", "apikey"] {
            assert!(is_key_like(word), "{word}");
        }
        for word in ["type", "endpoint", "token-endpoint", "name", "username", "openai", "CREATE", "c", "scope"] {
            assert!(!is_key_like(word), "{word}");
        }
    }

    #[test]
    fn free_text_is_cut_after_an_unmasked_key() {
        assert_eq!(mask_free_text("password=S3CR3T"), "password=<REDACTED>");
        // The fail-closed scanner masks from the key on when `:` stands for `=`.
        assert_eq!(mask_free_text("password:S3CR3T"), "password <REDACTED>");
        assert_eq!(mask_free_text("passwrd=S3CR3T"), "passwrd=<REDACTED>");
        assert_eq!(mask_free_text("name=mine"), "name=mine");
        let shown = mask_free_text("CREATE CONNECTION c WITH ('type' = 'openai', 'api-key': 'S3CR3T')");
        assert!(
            !shown.contains("S3CR3T") && shown.starts_with("CREATE CONNECTION c WITH ('type' = 'openai'"),
            "{shown}"
        );
        // Already masked values are kept as they are, and the rest of the text with them.
        let sql = "CREATE CONNECTION c WITH ('api-key' = 'sk-1', 'endpoint' = 'e')";
        assert_eq!(mask_free_text(sql), "CREATE CONNECTION c WITH ('api-key' = '<REDACTED>', 'endpoint' = 'e')");
        assert_eq!(mask_free_text("SHOW CONNECTIONS"), "SHOW CONNECTIONS");
    }

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    fn flags() -> Vec<(String, bool)> {
        ["token", "password", "api-key", "output", "o", "e", "execute", "catalog"]
            .iter()
            .map(|f| (f.to_string(), true))
            .collect()
    }

    #[test]
    fn an_empty_inline_value_hides_the_next_words() {
        let args = os(&["flink-ddl", "connection", "update", "c", "--token=", "S3CR3T", "x"]);
        let masked = mask_argument_values("unexpected argument 'S3CR3T' found; also 'x'", &args, &flags());
        assert_eq!(masked, "unexpected argument '<REDACTED>' found; also '<REDACTED>'");
    }

    #[test]
    fn a_short_flag_that_reads_as_a_credential_key_hides_its_attached_value() {
        let args = os(&["flink-ddl", "connection", "create", "c", "-oken=S3CR3T"]);
        let masked = mask_argument_values("invalid value 'ken=S3CR3T' for '--output <OUTPUT>'", &args, &flags());
        assert_eq!(masked, "invalid value 'ken=<REDACTED>' for '--output <OUTPUT>'");
        let args = os(&["flink-ddl", "connection", "create", "c", "-assword:S3"]);
        let masked = mask_argument_values("unexpected argument '-assword:S3'", &args, &flags());
        assert_eq!(masked, "unexpected argument '-assword:<REDACTED>'");
    }

    #[test]
    fn a_positional_credential_pair_keeps_its_key_only() {
        let args = os(&["flink-ddl", "connection", "create", "c", "password=S3CR3T"]);
        let masked = mask_argument_values("unexpected argument 'password=S3CR3T' found", &args, &flags());
        assert_eq!(masked, "unexpected argument 'password=<REDACTED>' found");
        let args = os(&["flink-ddl", "connection", "create", "c", "api_ky:ab"]);
        let masked = mask_argument_values("unexpected argument 'api_ky:ab' found", &args, &flags());
        assert_eq!(masked, "unexpected argument 'api_ky <REDACTED>' found");
    }
}
