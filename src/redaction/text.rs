//! Redaction of SQL *text*, parseable or not: what a shell writes to its history, what a server
//! logs, and what a parse error shows of the offending line.
//!
//! The scanner reads the text as tokens with the parser's own lexical functions (strings,
//! quoted names, comments), so "what is a string literal" has one definition. In every
//! `'key' = 'value'` pair whose key is sensitive, the characters between the value's quotes
//! become `<REDACTED>`; every other byte is kept. A value made of adjacent literals
//! (`'a' 'b'`) is masked whole: the first becomes `'<REDACTED>'`, the others `''`. An
//! unterminated value is masked to the end of the text.

use std::borrow::Cow;
use std::ops::Range;

use super::REDACTED;
use crate::lexical::comment::{scan_comment, CommentScan};
use crate::lexical::ident::{scan_quoted_name, QuotedScan};
use crate::lexical::string::{scan_string, StringScan};
use crate::lexical::{is_word_char, is_word_start};

/// How eagerly the scanner masks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// Exactly the documented rule: values of `'key' = 'value'` pairs.
    Pairs,
    /// Also what a broken statement may leave in the clear: a literal right after a sensitive key
    /// with the `=` missing, and an unquoted token after `'key' =`. Parse errors show their line
    /// this way, since the error is often exactly such a mistake.
    Broken,
}

/// One token of the scan: its kind and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A string literal; `inner` is the range between the quotes (to the end when unterminated).
    String { inner: (usize, usize), terminated: bool, escaped: bool },
    /// `=`.
    Equals,
    /// A word, number, quoted name or symbol other than `=`.
    Other { range: (usize, usize) },
}

/// Walks the tokens of `text`, skipping blanks and comments.
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        loop {
            let rest = &self.text[self.pos..];
            let first = *rest.as_bytes().first()?;
            if first.is_ascii_whitespace() {
                self.pos += 1;
                continue;
            }
            match scan_comment(rest) {
                CommentScan::Comment { len } => {
                    self.pos += len;
                    continue;
                }
                CommentScan::Unterminated => {
                    self.pos = self.text.len();
                    return None;
                }
                CommentScan::NotAComment => {}
            }
            let start = self.pos;
            let token = match scan_string(rest) {
                StringScan::String { len, escaped } => {
                    self.pos += len;
                    Token::String { inner: (start + 1, start + len - 1), terminated: true, escaped }
                }
                StringScan::Unterminated => {
                    self.pos = self.text.len();
                    Token::String { inner: (start + 1, self.text.len()), terminated: false, escaped: true }
                }
                StringScan::NotAString => {
                    let len = match scan_quoted_name(rest) {
                        QuotedScan::Quoted { len, .. } => len,
                        QuotedScan::Unterminated => rest.len(),
                        QuotedScan::NotQuoted if is_word_start(first) || first.is_ascii_digit() => {
                            rest.bytes().position(|c| !is_word_char(c)).unwrap_or(rest.len())
                        }
                        QuotedScan::NotQuoted => rest.chars().next().map_or(1, char::len_utf8),
                    };
                    self.pos += len;
                    if first == b'=' && len == 1 && bytes.get(start + 1) != Some(&b'=') {
                        Token::Equals
                    } else {
                        Token::Other { range: (start, start + len) }
                    }
                }
            };
            return Some(token);
        }
    }
}

/// Where the scanner is in a `'key' = 'value'` pair.
enum State<'a> {
    Idle,
    /// After a key literal (or several adjacent ones); `sensitive` for the key read so far.
    Key {
        key: Cow<'a, str>,
        sensitive: bool,
    },
    /// After `'key' =`.
    Equals {
        sensitive: bool,
    },
    /// Inside a value made of adjacent literals.
    Value {
        sensitive: bool,
    },
}

/// The byte ranges of `text` to replace, in order: each is the inside of a literal (or an
/// unquoted token, in `Broken` mode). A range marked `true` becomes `<REDACTED>`, one marked
/// `false` (the second and later pieces of a joined value) becomes empty.
pub(crate) fn sensitive_ranges(
    text: &str,
    strictness: Strictness,
    is_sensitive: &dyn Fn(&str) -> bool,
) -> Vec<(Range<usize>, bool)> {
    let mut ranges = Vec::new();
    let mut state = State::Idle;
    let mut tokens = (Tokens { text, pos: 0 }).peekable();
    while let Some(token) = tokens.next() {
        // A literal followed by `=` is a key, even right after a value: `'a' = 'x' 'b' = 'y'` is a
        // missing comma, as the parser reports it, and `'b'` is not part of the value.
        let is_key = matches!(token, Token::String { .. }) && tokens.peek() == Some(&Token::Equals);
        if is_key && matches!(state, State::Value { .. }) {
            state = State::Idle;
        }
        state = match (state, token) {
            (State::Value { sensitive }, Token::String { inner, .. }) => {
                if sensitive {
                    ranges.push((inner.0..inner.1, false));
                }
                State::Value { sensitive }
            }
            (State::Equals { sensitive }, Token::String { inner, .. }) => {
                if sensitive {
                    ranges.push((inner.0..inner.1, true));
                }
                State::Value { sensitive }
            }
            (State::Key { sensitive: true, .. }, Token::String { inner, .. }) if strictness == Strictness::Broken => {
                // `'api-key' 'sk-1'`: a missing `=`; the second literal is most likely the value.
                ranges.push((inner.0..inner.1, true));
                State::Value { sensitive: true }
            }
            (State::Key { mut key, .. }, Token::String { inner, escaped, .. }) => {
                // Adjacent literals join: `'api' '-key'` is the key `api-key`.
                key.to_mut().push_str(&literal_value(&text[inner.0..inner.1], escaped));
                let sensitive = is_sensitive(&key);
                State::Key { key, sensitive }
            }
            (_, Token::String { inner, escaped, .. }) => {
                let key = literal_value(&text[inner.0..inner.1], escaped);
                let sensitive = is_sensitive(&key);
                State::Key { key, sensitive }
            }
            (State::Key { sensitive, .. }, Token::Equals) => State::Equals { sensitive },
            (State::Equals { sensitive: true }, Token::Other { range }) if strictness == Strictness::Broken => {
                ranges.push((range.0..range.1, true));
                State::Idle
            }
            (_, _) => State::Idle,
        };
    }
    ranges
}

/// The value of a literal's inside: `''` read as `'`.
fn literal_value(inner: &str, escaped: bool) -> Cow<'_, str> {
    if escaped {
        Cow::Owned(inner.replace("''", "'"))
    } else {
        Cow::Borrowed(inner)
    }
}

/// Applies `ranges` (from `sensitive_ranges`) to `text`.
pub(crate) fn apply(text: &str, ranges: &[(Range<usize>, bool)]) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * REDACTED.len());
    let mut copied = 0;
    for (range, placeholder) in ranges {
        out.push_str(&text[copied..range.start]);
        if *placeholder {
            out.push_str(REDACTED);
        }
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}
