//! `AS query` (CTAS): the query is kept verbatim, up to the end of the statement.

use crate::lexical::comment::{scan_comment, CommentScan};
use crate::lexical::keyword::Keyword;
use crate::lexical::quoted_name::scan_quoted_name;
use crate::lexical::scan::QuotedScan;
use crate::lexical::string::scan_string;
use crate::lexical::{peek_word, ws, Input, PResult, Reason, SyntaxError};

/// After `AS`: the query, kept verbatim from its first to its last token. It runs to the end of
/// the statement (`;` or the end of the input); string literals, quoted names and comments are
/// skipped whole, so a `;` or `)` inside them does not count, and parentheses must balance.
pub(crate) fn as_query(i: Input<'_>) -> PResult<'_, String> {
    let (start, ()) = ws(i)?;
    let first = peek_word(start);
    let is_query = start.starts_with('(')
        || matches!(Keyword::of_word(first), Some(Keyword::Select | Keyword::With | Keyword::Values | Keyword::Table));
    if !is_query {
        return SyntaxError::expected(start, "a query (SELECT, WITH, VALUES, TABLE or `(`)").fail();
    }
    // The nesting is a count, not a stack of positions: 268 MB of `(` once held 16 bytes each.
    // Where the innermost unclosed `(` is, is found again by a second pass, on error only.
    let (end, open) = scan_query(start, |_, _| {})?;
    if open > 0 {
        let mut unclosed = start;
        scan_query(start, |at, depth| {
            if depth == open {
                unclosed = at;
            }
        })?;
        let message = "unbalanced `(` in the query: it is never closed before the statement ends".to_owned();
        return SyntaxError::new(unclosed, Reason::Message(message)).fail();
    }
    Ok((&start[end..], start[..end].to_owned()))
}

/// Scans the query at the start of `start` to the end of the statement; returns where its last
/// token ends and how many `(` are still open there. `opened` is told each `(` with the depth it
/// opens.
fn scan_query<'a>(
    start: Input<'a>,
    mut opened: impl FnMut(Input<'a>, usize),
) -> Result<(usize, usize), nom::Err<SyntaxError<'a>>> {
    let bytes = start.as_bytes();
    let mut open = 0usize;
    let mut pos = 0;
    let mut end = 0;
    while let Some(&byte) = bytes.get(pos) {
        let rest = &start[pos..];
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                pos += 1;
                continue;
            }
            b'\'' => match scan_string(rest) {
                QuotedScan::Quoted { len, .. } => pos += len,
                QuotedScan::Unterminated | QuotedScan::NotQuoted => {
                    return SyntaxError::new(rest, Reason::UnterminatedString).fail()
                }
            },
            b'`' => match scan_quoted_name(rest) {
                QuotedScan::Quoted { len, .. } => pos += len,
                QuotedScan::Unterminated | QuotedScan::NotQuoted => {
                    return SyntaxError::new(rest, Reason::UnterminatedQuotedName).fail()
                }
            },
            b'-' | b'/' => match scan_comment(rest) {
                // A comment is not a token: the query does not end with it.
                CommentScan::Comment { len } => {
                    pos += len;
                    continue;
                }
                CommentScan::Unterminated => return SyntaxError::new(rest, Reason::UnterminatedComment).fail(),
                CommentScan::NotAComment => pos += 1,
            },
            b'(' => {
                open += 1;
                opened(rest, open);
                pos += 1;
            }
            b')' => {
                let Some(outer) = open.checked_sub(1) else {
                    let message = "unbalanced `)` in the query: no `(` is open here".to_owned();
                    return SyntaxError::new(rest, Reason::Message(message)).fail();
                };
                open = outer;
                pos += 1;
            }
            b';' => break,
            _ => pos += rest.chars().next().map_or(1, char::len_utf8),
        }
        end = pos;
    }
    Ok((end, open))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Result<(&str, String), SyntaxError<'_>> {
        match as_query(text) {
            Ok(ok) => Ok(ok),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
            Err(nom::Err::Incomplete(_)) => unreachable!(),
        }
    }

    #[test]
    fn a_query_runs_to_the_statement_end() {
        assert_eq!(query(" SELECT * FROM t ; next").unwrap(), (" ; next", "SELECT * FROM t".into()));
        assert_eq!(query("SELECT 1").unwrap(), ("", "SELECT 1".into()));
        let text = "SELECT ';', `a;b`, f(x) /* ; */ FROM t -- trailing ; comment\n";
        assert_eq!(query(text).unwrap().1, "SELECT ';', `a;b`, f(x) /* ; */ FROM t");
        assert_eq!(query("(SELECT 1) -- c").unwrap(), (" -- c", "(SELECT 1)".into()));
        assert_eq!(query("VALUES ('é', (1))").unwrap().1, "VALUES ('é', (1))");
    }

    #[test]
    fn a_query_must_balance_and_be_terminated() {
        let e = query("SELECT f(x FROM t; SELECT 1").unwrap_err();
        assert_eq!(e.at, "(x FROM t; SELECT 1");
        // The innermost `(` still open at the end is the one reported.
        assert_eq!(query("((a) (b").unwrap_err().at, "(b");
        assert_eq!(query("(a (b) c").unwrap_err().at, "(a (b) c");
        assert_eq!(query("(a ((b) (c").unwrap_err().at, "(c");
        let e = query("SELECT a) FROM t").unwrap_err();
        assert_eq!(e.at, ") FROM t");
        assert_eq!(query("SELECT 'abc").unwrap_err().reason, Reason::UnterminatedString);
        assert_eq!(query("SELECT `abc").unwrap_err().reason, Reason::UnterminatedQuotedName);
        assert_eq!(query("SELECT /* abc").unwrap_err().reason, Reason::UnterminatedComment);
        assert!(matches!(query("").unwrap_err().reason, Reason::Expected(_)));
        assert!(matches!(query("DROP TABLE x").unwrap_err().reason, Reason::Expected(_)));
    }
}
