//! Blanks and comments between tokens: `skip_ws` finds where the next token starts.
//!
//! It never fails: an unterminated block comment is left in place for the parser to report (see
//! `token::ws`). Every token parser starts here, and parsers peek at the next token several
//! times before one takes it, so the usual cases must be cheap: a token right here is one table
//! lookup; otherwise `after_blanks` skips blanks with a byte loop and looks for a comment only at a
//! `-` or `/`.

use super::comment::{scan_comment, CommentScan};

/// True for the blanks between tokens: space, tab, line breaks, form feed.
const fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// `ws` for callers that only need the position of the next token (never fails: an
/// unterminated comment is left in place for a parser to report).
#[inline(always)]
pub(crate) fn skip_ws(i: &str) -> &str {
    match i.as_bytes() {
        [b' ', next, ..] if !BLANK_OR_COMMENT[usize::from(*next)] => &i[1..],
        [c, ..] if BLANK_OR_COMMENT[usize::from(*c)] => {
            let rest = after_blanks(i);
            if rest.as_bytes().starts_with(b"/*") {
                // As `ws` fails there: the position after the blanks, before any comment.
                return trim_blanks(i);
            }
            rest
        }
        _ => i,
    }
}

/// The bytes `ws` has to look past: blanks, and `-` and `/`, which may start a comment.
pub(crate) const BLANK_OR_COMMENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = is_blank(c as u8) || c == b'-' as usize || c == b'/' as usize;
        c += 1;
    }
    table
};

/// The input after blanks and comments; at an unterminated block comment, the input there.
pub(crate) fn after_blanks(i: &str) -> &str {
    // Works on a byte index and slices once at the end: this runs between most tokens.
    let bytes = i.as_bytes();
    let mut at = 0;
    loop {
        while let Some(&c) = bytes.get(at) {
            if !is_blank(c) {
                break;
            }
            at += 1;
        }
        match bytes.get(at) {
            Some(b'-' | b'/') => match scan_comment(&i[at..]) {
                CommentScan::Comment { len } => at += len,
                CommentScan::NotAComment | CommentScan::Unterminated => break,
            },
            _ => break,
        }
    }
    // Blanks are ASCII and a comment ends at a character boundary, so `at` starts a character.
    &i[at..]
}

/// `i` without its leading blanks (not comments).
#[inline]
pub(crate) fn trim_blanks(i: &str) -> &str {
    let bytes = i.as_bytes();
    // Blanks are ASCII, so the first other byte starts a character.
    &i[bytes.iter().position(|&c| !is_blank(c)).unwrap_or(bytes.len())..]
}
