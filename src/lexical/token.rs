//! Where every token parser starts: `ws` skips the blanks and comments before a token and fails
//! at an unterminated block comment; `punct` reads a punctuation token after them.

use nom::Parser;

use super::blank::{after_blanks, BLANK_OR_COMMENT};
use super::syntax_error::{Input, PResult, Reason, SyntaxError};

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
}
