//! Backtick-quoted names: `` `my-conn` ``, a backtick inside written twice. `scan_quoted_name`
//! is the one definition of a quoted name; the name parser (`crate::name`) and the text
//! redactor both use it.

use super::scan::find_byte;

/// What `scan_quoted_name` found at the start of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuotedScan {
    /// The input does not start with a backtick.
    NotQuoted,
    /// A whole quoted name of `len` bytes, backticks included; `escaped` when it holds a ``` `` ```.
    Quoted { len: usize, escaped: bool },
    /// A backtick with no closing one.
    Unterminated,
}

/// Measures the backtick-quoted name at the start of `text`, if any.
#[inline]
pub(crate) fn scan_quoted_name(text: &str) -> QuotedScan {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'`') {
        return QuotedScan::NotQuoted;
    }
    let mut escaped = false;
    let mut i = 1;
    loop {
        match find_byte(&bytes[i..], b'`') {
            None => return QuotedScan::Unterminated,
            Some(at) => {
                let tick = i + at;
                if bytes.get(tick + 1) == Some(&b'`') {
                    escaped = true;
                    i = tick + 2;
                } else {
                    return QuotedScan::Quoted { len: tick + 1, escaped };
                }
            }
        }
    }
}
