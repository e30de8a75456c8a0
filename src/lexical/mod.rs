//! The lexical pieces every parser of the crate is built from: blanks and comments, keywords,
//! names, string literals and punctuation, plus the nom error type they report with.
//!
//! The parser is scannerless: each token parser skips the blanks and comments before it, then
//! reads its token straight from the `&str` input. There is no token vector, so nothing is
//! allocated per token, and a failing token parser reports the position of the token it saw
//! (after the blanks), which is where a person puts the caret.
//!
//! The same scanning functions (`string::scan_string`, `comment::scan_comment`) serve the
//! text redactor, so the crate has one definition of what a string literal or a comment is.

pub(crate) mod comment;
pub(crate) mod depth;
mod flink_keywords;
pub(crate) mod ident;
pub(crate) mod keyword;
pub(crate) mod number;
pub(crate) mod span;
pub(crate) mod string;
pub(crate) mod syntax_error;

use nom::Parser;

pub(crate) use depth::Depth;
pub(crate) use syntax_error::{Reason, SyntaxError};

/// The parsers' input: the rest of the source text. Positions are recovered at the top level as
/// `source.len() - rest.len()`, which costs nothing while parsing.
pub(crate) type Input<'a> = &'a str;

/// What every parser of the crate returns.
pub(crate) type PResult<'a, O> = nom::IResult<Input<'a>, O, SyntaxError<'a>>;

/// True for the blanks between tokens: space, tab, line breaks, form feed.
const fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Skips blanks (space, tab, line breaks, form feed) and comments; never fails except on an
/// unterminated block comment, which is a `Failure` pointing at its `/*`.
///
/// Every token parser starts here, and parsers peek at the next token several times before one
/// takes it, so the usual cases must be cheap: a token right here is one table lookup; otherwise
/// `after_blanks` skips blanks with a byte loop and looks for a comment only at a `-` or `/`. The
/// profile had `ws` and `skip_ws` at a fifth of the parser's instructions, most of it in the
/// generic `trim_start_matches`, a comment scan before every token, and `PResult`s returned
/// through memory by functions that were not inlined.
#[inline(always)]
pub(crate) fn ws(i: Input<'_>) -> PResult<'_, ()> {
    match i.as_bytes() {
        [b' ', next, ..] if !BLANK_OR_COMMENT[usize::from(*next)] => Ok((&i[1..], ())),
        [c, ..] if BLANK_OR_COMMENT[usize::from(*c)] => {
            let rest = after_blanks(i);
            if rest.as_bytes().starts_with(b"/*") {
                // Only an unterminated block comment is left unskipped.
                return Err(nom::Err::Failure(SyntaxError::new(rest, Reason::UnterminatedComment)));
            }
            Ok((rest, ()))
        }
        _ => Ok((i, ())),
    }
}

/// `ws` for callers that only need the position of the next token (never fails: an
/// unterminated comment is left in place for a parser to report).
#[inline(always)]
pub(crate) fn skip_ws(i: Input<'_>) -> Input<'_> {
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
const BLANK_OR_COMMENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = is_blank(c as u8) || c == b'-' as usize || c == b'/' as usize;
        c += 1;
    }
    table
};

/// The input after blanks and comments; at an unterminated block comment, the input there.
fn after_blanks(i: Input<'_>) -> Input<'_> {
    let mut rest = trim_blanks(i);
    while let Some(b'-' | b'/') = rest.as_bytes().first() {
        match comment::scan_comment(rest) {
            comment::CommentScan::Comment { len } => rest = trim_blanks(&rest[len..]),
            comment::CommentScan::NotAComment | comment::CommentScan::Unterminated => break,
        }
    }
    rest
}

/// `i` without its leading blanks (not comments).
#[inline]
fn trim_blanks(i: Input<'_>) -> Input<'_> {
    let bytes = i.as_bytes();
    // Blanks are ASCII, so the first other byte starts a character.
    &i[bytes.iter().position(|&c| !is_blank(c)).unwrap_or(bytes.len())..]
}

/// A punctuation token such as `(`, `,` or `=`, after optional blanks.
pub(crate) fn punct<'a>(p: &'static str) -> impl Parser<Input<'a>, Output = (), Error = SyntaxError<'a>> {
    move |i: Input<'a>| {
        let (i, ()) = ws(i)?;
        // Compared as bytes: `strip_prefix` would call `memcmp` for one byte.
        if i.len() >= p.len() && i.as_bytes().iter().zip(p.as_bytes()).all(|(a, b)| a == b) {
            Ok((&i[p.len()..], ()))
        } else {
            Err(nom::Err::Error(SyntaxError::expected(i, punct_label(p))))
        }
    }
}

/// The label an error uses for a punctuation token (a static string, so no allocation).
fn punct_label(p: &'static str) -> &'static str {
    match p {
        "(" => "`(`",
        ")" => "`)`",
        "," => "`,`",
        "=" => "`=`",
        ";" => "`;`",
        "." => "`.`",
        "<" => "`<`",
        ">" => "`>`",
        "[" => "`[`",
        "]" => "`]`",
        _ => "a symbol",
    }
}

/// The position of the first `needle` in `bytes`, looking at eight bytes at a time.
///
/// String literals, quoted names and the text redactor's skipping all search for one byte; the
/// profile of `redact_sql` had `str::find(char)` (its searcher set up on every call, then `memchr`)
/// at a quarter of the instructions.
pub(crate) fn find_byte(bytes: &[u8], needle: u8) -> Option<usize> {
    let pattern = ONES * u64::from(needle);
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else { break };
        let found = zero_bytes(u64::from_le_bytes(chunk) ^ pattern);
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|&b| b == needle).map(|at| offset + at)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of the first zero byte of `x` is set (bits above it may be set by the borrow,
/// never bits below): so the lowest bit set marks the first zero byte.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The position of the first byte of `bytes` that is one of `needles`, eight bytes at a time.
pub(crate) fn find_any(bytes: &[u8], needles: [u8; 4]) -> Option<usize> {
    // A byte of `word ^ pattern` is zero exactly where the text has that needle, so the lowest
    // bit set over the four needles marks the first match.
    let zero = zero_bytes;
    let patterns = needles.map(|n| ONES * u64::from(n));
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else { break };
        let word = u64::from_le_bytes(chunk);
        let found = patterns.iter().fold(0, |found, &p| found | zero(word ^ p));
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|b| needles.contains(b)).map(|at| offset + at)
}

/// True for the characters an unquoted name may continue with.
#[inline]
pub(crate) fn is_word_char(c: u8) -> bool {
    // A table: one load per byte of every word the parser and the redactor read.
    const WORD_CHARS: [bool; 256] = {
        let mut table = [false; 256];
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            table[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
            c += 1;
        }
        table
    };
    WORD_CHARS[usize::from(c)]
}

/// True for the characters an unquoted name may start with.
pub(crate) fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

/// The unquoted word at the start of `i` (no blanks skipped), possibly empty. It includes
/// digits, so `1abc` is not a word but `abc1` is; numbers are lexed elsewhere.
pub(crate) fn peek_word(i: Input<'_>) -> &str {
    let bytes = i.as_bytes();
    if bytes.first().is_none_or(|&c| !is_word_start(c)) {
        return "";
    }
    let len = bytes.iter().position(|&c| !is_word_char(c)).unwrap_or(bytes.len());
    &i[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ws_skips_blanks_and_both_comment_kinds() {
        let (rest, ()) = ws("  -- a line\n /* a\nblock */\tx").unwrap();
        assert_eq!(rest, "x");
    }

    #[test]
    fn ws_keeps_a_lone_dash_and_slash() {
        assert_eq!(ws(" - x").unwrap().0, "- x");
        assert_eq!(ws(" / x").unwrap().0, "/ x");
    }

    #[test]
    fn unterminated_block_comment_fails_at_its_opening() {
        let err = ws("  /* never closed").unwrap_err();
        match err {
            nom::Err::Failure(e) => assert_eq!(e.at, "/* never closed"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn line_comment_at_end_of_input_needs_no_newline() {
        assert_eq!(ws("-- last").unwrap().0, "");
    }

    #[test]
    fn punct_reports_the_token_after_blanks() {
        let Err(nom::Err::Error(e)) = punct(")").parse("   ,") else { panic!() };
        assert_eq!(e.at, ",");
    }

    #[test]
    fn find_any_finds_the_first_needle_at_any_position() {
        for len in 0..40 {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'\'';
                if at + 3 < len {
                    text[at + 3] = b'`';
                }
                assert_eq!(find_byte(&text, b'\''), Some(at));
                assert_eq!(find_any(&text, [b'`', b'\'', b'-', b'/']), Some(at));
                assert_eq!(find_byte(&text, b'`'), (at + 3 < len).then_some(at + 3));
            }
            assert_eq!(find_byte(&vec![0x80u8; len], b'\''), None);
            assert_eq!(find_any(&vec![b'\'' + 0x80; len], [b'\'', b'`', b'-', b'/']), None);
        }
        assert_eq!(find_byte("é'".as_bytes(), b'\''), Some(2));
    }

    #[test]
    fn peek_word_reads_name_characters_only() {
        assert_eq!(peek_word("$rowtime+1"), "$rowtime");
        assert_eq!(peek_word("my-conn"), "my");
        assert_eq!(peek_word("1abc"), "");
        assert_eq!(peek_word("élan"), "");
    }
}
