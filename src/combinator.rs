//! The combinators the grammar is written with, each written once: [`comma_list`] (and
//! [`rest_of_list`]), the comma-separated lists of options, columns, fields and arguments; and
//! [`required`], a parser that must succeed where it is called.

use nom::error::ContextError;

use crate::lexical::{skip_ws, ws, Input, PResult, Reason, SyntaxError, TreeBudget};

/// `item {, item} close`, from right after the opening bracket; committed. `item` reads one item
/// and keeps it where the caller wants it (a vector, a draft, with its position). A `,` right
/// before `close` is a trailing comma, reported at the comma and naming `close`; anything but `,`
/// or `close` after an item is "expected `,` or `close`". The caller handles an empty list
/// (`()` right after the opening bracket) when it allows one.
///
/// `close` is one of `)`, `]` and `>`. Each item is charged `item_bytes` to the statement's tree
/// budget before it is read (`TreeBudget::item::<T>()` for a list of `T`).
#[inline]
pub(crate) fn comma_list<'a>(
    mut i: Input<'a>,
    close: char,
    item_bytes: usize,
    mut item: impl FnMut(Input<'a>) -> PResult<'a, ()>,
) -> PResult<'a, ()> {
    // One call of `item`, in the loop: the compiler inlines an item parser called once.
    loop {
        TreeBudget::charge(i, item_bytes)?;
        i = item(i)?.0;
        match separator(i, close)? {
            (rest, true) => i = rest,
            (rest, false) => return Ok((rest, ())),
        }
    }
}

/// The rest of a list after an item: `{, item} close`, as in [`comma_list`].
#[inline]
pub(crate) fn rest_of_list<'a>(
    i: Input<'a>,
    close: char,
    item_bytes: usize,
    item: impl FnMut(Input<'a>) -> PResult<'a, ()>,
) -> PResult<'a, ()> {
    match separator(i, close)? {
        (rest, true) => comma_list(rest, close, item_bytes, item),
        (rest, false) => Ok((rest, ())),
    }
}

/// After an item: `,` and the input after it (true: another item follows), or `close` and the
/// input after it (false).
///
/// After a `,` the input is given from the next token on (past blanks and comments; at an
/// unterminated comment, its `/*`, where the item's first token reports it): the blanks that
/// the trailing-comma test skipped (often a line break and an indent) are not skipped again by
/// the item.
#[inline(always)]
fn separator<'a>(i: Input<'a>, close: char) -> PResult<'a, bool> {
    let (rest, ()) = ws(i)?;
    if let Some(after_comma) = rest.strip_prefix(',') {
        let next = skip_ws(after_comma);
        if next.starts_with(close) {
            return SyntaxError::new(rest, Reason::TrailingComma { close: bracket_label(close) }).fail();
        }
        return Ok((next, true));
    }
    if let Some(after) = rest.strip_prefix(close) {
        return Ok((after, false));
    }
    let err = SyntaxError::expected(rest, "`,`");
    nom::error::ParseError::or(err, SyntaxError::expected(rest, bracket_label(close))).fail()
}

/// How an error names a closing bracket.
fn bracket_label(close: char) -> &'static str {
    match close {
        ')' => "`)`",
        ']' => "`]`",
        '>' => "`>`",
        _ => "the closing bracket",
    }
}

/// `parser`, which must succeed here: a recoverable error becomes a `Failure` (no enclosing
/// `alt` may try something else), and when it failed at its first token the error says that
/// `label` was expected ("expected a data type"). A `Failure` passes through unchanged.
#[inline]
pub(crate) fn required<'a, O>(
    i: Input<'a>,
    label: &'static str,
    parser: impl FnOnce(Input<'a>) -> PResult<'a, O>,
) -> PResult<'a, O> {
    match parser(i) {
        Err(nom::Err::Error(e)) => Err(nom::Err::Failure(SyntaxError::add_context(i, label, e))),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use nom::error::ParseError;

    use super::*;
    use crate::lexical::number::unsigned_integer;

    fn numbers<'a>(text: &'a str, close: char) -> Result<(Input<'a>, Vec<u64>), SyntaxError<'a>> {
        let mut items = Vec::new();
        let result = comma_list(text, close, 8, |i| {
            let (i, (_, n)) = required(i, "a number", unsigned_integer)?;
            items.push(n);
            Ok((i, ()))
        });
        match result {
            Ok((rest, ())) => Ok((rest, items)),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
            Err(nom::Err::Incomplete(_)) => unreachable!(),
        }
    }

    #[test]
    fn items_up_to_the_closing_bracket() {
        assert_eq!(numbers(" 1 , 2,3 ] rest", ']').unwrap(), (" rest", vec![1, 2, 3]));
        assert_eq!(numbers("7>", '>').unwrap(), ("", vec![7]));
    }

    #[test]
    fn a_trailing_comma_names_the_closing_bracket() {
        for close in [')', ']', '>'] {
            let text = format!("1, 2 ,{close}");
            let e = numbers(&text, close).unwrap_err();
            assert_eq!(e.at, &text[5..], "at the comma");
            assert_eq!(e.reason, Reason::TrailingComma { close: bracket_label(close) });
        }
    }

    #[test]
    fn a_missing_separator_expects_a_comma_or_the_bracket() {
        let e = numbers("1 2)", ')').unwrap_err();
        assert_eq!(e, SyntaxError::expected("2)", "`,`").or(SyntaxError::expected("2)", "`)`")));
    }

    #[test]
    fn a_required_item_says_what_was_expected() {
        let e = numbers("1, x)", ')').unwrap_err();
        assert_eq!(e, SyntaxError::expected("x)", "a number"));
    }
}
