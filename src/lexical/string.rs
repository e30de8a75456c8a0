//! String literals: `'text'`, with `''` standing for one quote. They may span lines, and a
//! backslash is an ordinary character. Two literals separated only by blanks or comments are one
//! value (`'ab' 'cd'` is `'abcd'`), as in Calcite, where the grammar allows it.
//!
//! `scan_string` is the one definition of a string literal; the parser and the text redactor
//! (`crate::redaction::text`) both use it.

use std::borrow::Cow;

use super::scan::{scan_quoted, QuotedScan};
use super::syntax_error::{Input, PResult, Reason, SyntaxError};
use super::token::ws;

/// Measures the string literal at the start of `text`, if any.
pub(crate) fn scan_string(text: &str) -> QuotedScan {
    scan_quoted::<b'\''>(text)
}

/// The value of a scanned literal (`len` bytes at the start of `text`): quotes removed, `''`
/// turned into `'`. Borrows when there was nothing to unescape.
pub(crate) fn unescape(text: &str, len: usize, escaped: bool) -> Cow<'_, str> {
    let inner = &text[1..len - 1];
    if escaped {
        // Sized once: `replace` grows by doubling, and a huge literal then held twice its size.
        let mut value = String::with_capacity(inner.len());
        let mut parts = inner.split("''");
        value.push_str(parts.next().unwrap_or_default());
        for part in parts {
            value.push('\'');
            value.push_str(part);
        }
        Cow::Owned(value)
    } else {
        Cow::Borrowed(inner)
    }
}

/// One string literal, after blanks. An unterminated literal is a `Failure` at its opening quote.
pub(crate) fn single_string(i: Input<'_>) -> PResult<'_, Cow<'_, str>> {
    let (i, ()) = ws(i)?;
    match scan_string(i) {
        QuotedScan::NotQuoted => SyntaxError::expected(i, "a string literal").backtrack(),
        QuotedScan::Unterminated => SyntaxError::new(i, Reason::UnterminatedString).fail(),
        QuotedScan::Quoted { len, escaped } => Ok((&i[len..], unescape(i, len, escaped))),
    }
}

/// A string literal, joined with any literals that follow it after blanks or comments.
pub(crate) fn string_literal(i: Input<'_>) -> PResult<'_, String> {
    let (mut i, first) = single_string(i)?;
    let mut value = first.into_owned();
    loop {
        // Only a literal right after the blanks continues the value; anything else ends it.
        let (after_ws, ()) = ws(i)?;
        if !after_ws.starts_with('\'') {
            return Ok((i, value));
        }
        let (rest, next) = single_string(after_ws)?;
        value.push_str(&next);
        i = rest;
    }
}

/// A single string literal, not joined with the next one (COMMENT, LIKE patterns, INTERVAL).
pub(crate) fn plain_string_literal(i: Input<'_>) -> PResult<'_, String> {
    single_string(i).map(|(rest, value)| (rest, value.into_owned()))
}

/// Appends `value` as a string literal: quoted, with each `'` doubled.
pub(crate) fn write_string_literal(out: &mut dyn std::fmt::Write, value: &str) -> std::fmt::Result {
    out.write_char('\'')?;
    let mut parts = value.split('\'');
    if let Some(first) = parts.next() {
        out.write_str(first)?;
    }
    for part in parts {
        out.write_str("''")?;
        out.write_str(part)?;
    }
    out.write_char('\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubled_quote_is_one_quote() {
        assert_eq!(string_literal("'it''s'").unwrap(), ("", "it's".to_string()));
        assert_eq!(string_literal("''''").unwrap(), ("", "'".to_string()));
        assert_eq!(string_literal("''").unwrap(), ("", String::new()));
    }

    #[test]
    fn backslash_and_line_breaks_are_ordinary() {
        assert_eq!(string_literal("'a\\'").unwrap().1, "a\\");
        assert_eq!(string_literal("'a\nb'").unwrap().1, "a\nb");
    }

    #[test]
    fn adjacent_literals_join() {
        assert_eq!(string_literal("'ab' 'cd' -- c\n 'ef' x").unwrap(), (" x", "abcdef".to_string()));
        assert_eq!(plain_string_literal("'ab' 'cd'").unwrap(), (" 'cd'", "ab".to_string()));
    }

    #[test]
    fn unterminated_literal_fails_at_its_quote() {
        let Err(nom::Err::Failure(e)) = string_literal("  'abc") else { panic!() };
        assert_eq!((e.at, e.reason), ("'abc", Reason::UnterminatedString));
        assert_eq!(scan_string("'a''"), QuotedScan::Unterminated);
    }

    #[test]
    fn printing_doubles_quotes() {
        let mut out = String::new();
        write_string_literal(&mut out, "it's ''").unwrap();
        assert_eq!(out, "'it''s '''''");
    }
}
