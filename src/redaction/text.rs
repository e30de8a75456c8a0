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

use super::rule::{sensitive_pair, PairSide};
use super::secret::REDACTED;
use crate::lexical::comment::{scan_comment, CommentScan};
use crate::lexical::quoted_name::scan_quoted_name;
use crate::lexical::scan::QuotedScan;
use crate::lexical::string::scan_string;
use crate::lexical::{find_any, is_word_char, is_word_start};

/// One token of the scan, with byte ranges into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A string literal; `inner` is the range between the quotes (to the end when unterminated),
    /// `end` the offset after its closing quote.
    String { inner: (usize, usize), escaped: bool, end: usize },
    /// A backtick-quoted name; `inner` and `end` as for strings.
    QuotedName { inner: (usize, usize), escaped: bool, end: usize },
    /// A bare word such as `password`, `api-key` or `sasl.jaas.config`.
    Word { range: (usize, usize) },
    /// `=`.
    Equals { start: usize },
    /// Any other symbol, or a number.
    Other { start: usize, end: usize },
}

/// Walks the tokens of `text`, skipping blanks and comments (an unterminated comment ends it).
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

/// The length of a Calcite string prefix (`N`, `X`, `E`, `U&`, `_charset`) at the start of
/// `rest` when a quote follows it directly.
pub(crate) fn string_prefix_len(rest: &[u8]) -> Option<usize> {
    let len = match rest {
        [b'U' | b'u', b'&', b'\'', ..] => return Some(2),
        [b'N' | b'n' | b'X' | b'x' | b'E' | b'e', b'\'', ..] => return Some(1),
        [b'_', ..] => rest.iter().position(|&c| !is_word_char(c)).unwrap_or(rest.len()),
        _ => return None,
    };
    (rest.get(len) == Some(&b'\'')).then_some(len)
}

impl Tokens<'_> {
    /// Length of the bare word at the start of `rest`: name characters, joined by single `.` or
    /// `-` (but never running into a `--` comment).
    fn word_len(rest: &[u8]) -> usize {
        let mut len = rest.iter().position(|&c| !is_word_char(c)).unwrap_or(rest.len());
        while let [b'.' | b'-', next, ..] = rest[len..] {
            if !is_word_char(next) || rest[len..].starts_with(b"--") {
                break;
            }
            len += 1;
            len += rest[len..].iter().position(|&c| !is_word_char(c)).unwrap_or(rest.len() - len);
        }
        len
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    /// Dispatches on the token's first byte, so each scanner runs only where its token can start,
    /// not every scanner at every token.
    fn next(&mut self) -> Option<Token> {
        loop {
            let rest = &self.text[self.pos..];
            let first = *rest.as_bytes().first()?;
            let start = self.pos;
            let token = match first {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                    self.pos += 1;
                    continue;
                }
                b'-' | b'/' => match scan_comment(rest) {
                    CommentScan::Comment { len } => {
                        self.pos += len;
                        continue;
                    }
                    CommentScan::Unterminated => {
                        self.pos = self.text.len();
                        return None;
                    }
                    CommentScan::NotAComment => {
                        self.pos += 1;
                        Token::Other { start, end: self.pos }
                    }
                },
                b'\'' => self.string(0),
                b'`' => match scan_quoted_name(rest) {
                    QuotedScan::Quoted { len, escaped } => {
                        self.pos += len;
                        Token::QuotedName { inner: (start + 1, start + len - 1), escaped, end: self.pos }
                    }
                    QuotedScan::Unterminated | QuotedScan::NotQuoted => {
                        self.pos = self.text.len();
                        Token::QuotedName { inner: (start + 1, self.text.len()), escaped: false, end: self.pos }
                    }
                },
                _ if is_word_start(first) => match string_prefix_len(rest.as_bytes()) {
                    Some(prefix) => self.string(prefix),
                    None => {
                        let len = Tokens::word_len(rest.as_bytes());
                        self.pos += len;
                        Token::Word { range: (start, start + len) }
                    }
                },
                b'=' => {
                    self.pos += 1;
                    Token::Equals { start }
                }
                _ => {
                    self.pos += rest.chars().next().map_or(1, char::len_utf8);
                    Token::Other { start, end: self.pos }
                }
            };
            return Some(token);
        }
    }
}

impl Tokens<'_> {
    /// The string literal `prefix` bytes ahead (after a Calcite prefix such as `N` or `U&`).
    fn string(&mut self, prefix: usize) -> Token {
        let start = self.pos + prefix;
        match scan_string(&self.text[start..]) {
            QuotedScan::Quoted { len, escaped } => {
                self.pos = start + len;
                Token::String { inner: (start + 1, start + len - 1), escaped, end: self.pos }
            }
            QuotedScan::Unterminated | QuotedScan::NotQuoted => {
                self.pos = self.text.len();
                Token::String { inner: (start + 1, self.text.len()), escaped: true, end: self.pos }
            }
        }
    }

    /// Moves to the next `'`, `` ` ``, `-` or `/`: the only bytes where a string literal, a quoted
    /// name (which may hold quotes) or a comment (likewise) can start. Words, numbers and symbols
    /// in between cannot begin a pair.
    fn skip_to_quote_or_comment(&mut self) {
        let rest = &self.text.as_bytes()[self.pos..];
        self.pos += find_any(rest, [b'\'', b'`', b'-', b'/']).unwrap_or(rest.len());
    }
}

/// Where the scanner is in a `key = value` pair.
enum State<'a> {
    Idle,
    /// After a key literal (adjacent literals joined).
    Key {
        key: Cow<'a, str>,
        literal: bool,
    },
    /// After `key =`.
    Equals {
        key: Cow<'a, str>,
    },
    /// Inside a value made of adjacent literals, which starts at `start` (the opening quote of
    /// its first literal): if an `=` follows, the value is the key of the next pair.
    Value {
        sensitive: bool,
        start: usize,
    },
}

/// The byte ranges of `text` to replace, in order: each is the inside of a literal (or an
/// unquoted value). A range marked `true` becomes `<REDACTED>`, one marked
/// `false` (the second and later pieces of a joined value) becomes empty.
///
/// Adjacent literals are one literal, as SQL reads them and as the parser does: in
/// `'x' = 'to' 'ken' = 'v'` the key of `'v'` is `token`, and in `'api-key' = 'a' 'b' = 'c'` the
/// value `ab` is masked whole (and is the key of `'c'`).
pub(crate) fn sensitive_ranges(text: &str, is_sensitive: &dyn Fn(&str) -> bool) -> Vec<(Range<usize>, bool)> {
    let mut ranges = Vec::new();
    let mut state = State::Idle;
    let mut tokens = Tokens { text, pos: 0 };
    loop {
        // Between pairs, only a string literal can start one (in `Pairs` mode): jump to the next
        // byte that may begin a literal, a comment or a quoted name. Most text is skipped here.
        if matches!(state, State::Idle) {
            tokens.skip_to_quote_or_comment();
        }
        let Some(token) = tokens.next() else { break };
        state = match (state, token) {
            (State::Value { sensitive, start }, Token::String { inner, .. }) => {
                if sensitive {
                    ranges.push((inner.0..inner.1, false));
                }
                State::Value { sensitive, start }
            }
            (State::Equals { key }, Token::String { inner, .. }) => {
                // The text's side of the one pair rule: the literal before `=` and the one after.
                let sensitive = sensitive_pair(PairSide::Text(&key), PairSide::Text(""), is_sensitive);
                if sensitive {
                    ranges.push((inner.0..inner.1, true));
                }
                State::Value { sensitive, start: inner.0 - 1 }
            }
            (State::Key { mut key, literal: true, .. }, Token::String { inner, escaped, .. }) => {
                // Adjacent literals join: `'api' '-key'` is the key `api-key`.
                key.to_mut().push_str(&literal_value(&text[inner.0..inner.1], escaped));
                State::Key { key, literal: true }
            }
            (_, Token::String { inner, escaped, .. }) => {
                State::Key { key: literal_value(&text[inner.0..inner.1], escaped), literal: true }
            }
            (State::Key { key, .. }, Token::Equals { .. }) => State::Equals { key },
            // `'x' = 'token' = 'v'`: in a chain, a value is also the key of the next `=`, read
            // `('x' = 'token') = 'v'`.
            (State::Value { start, .. }, Token::Equals { start: equals }) => {
                State::Equals { key: joined_literals(&text[start..equals]) }
            }
            (_, _) => State::Idle,
        };
    }
    ranges
}

/// The value of the adjacent literals that make up `run` (blanks and comments between them).
fn joined_literals(run: &str) -> Cow<'_, str> {
    let mut joined: Cow<'_, str> = Cow::Borrowed("");
    for token in (Tokens { text: run, pos: 0 }) {
        if let Token::String { inner, escaped, .. } = token {
            let value = literal_value(&run[inner.0..inner.1], escaped);
            if joined.is_empty() {
                joined = value;
            } else {
                joined.to_mut().push_str(&value);
            }
        }
    }
    joined
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
    // The exact length: with a mask per secret, a guess as long as the masks could be half the
    // text again.
    let hidden: usize = ranges.iter().map(|(range, _)| range.len()).sum();
    let masks = ranges.iter().filter(|(_, mask)| *mask).count();
    let mut out = String::with_capacity(text.len() - hidden + masks * REDACTED.len());
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
