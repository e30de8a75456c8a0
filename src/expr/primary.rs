//! The self-delimiting expressions, dispatched on their first token: parentheses, literals,
//! names and calls, `CAST`, `CASE`, constructors. Every form has a function of its own (see
//! `climb.rs` on stack use), and reads the expressions inside it through [`Operands`].

use nom::combinator::cut;
use nom::Parser;

use super::ast::{Expr, Niladic};
use super::builtin::{special_call, Special};
use super::call::name_or_call;
use super::case::case;
use super::cast::cast;
use super::constructor::{array, map_constructor, row};
use super::literal::{binary_literal, interval_literal, typed_literal, Literal};
use super::operand::{rest_of_expr_list, Operands};
use crate::lexical::keyword::Keyword;
use crate::lexical::number::scan_number;
use crate::lexical::string::string_literal;
use crate::lexical::{peek_word, punct, skip_ws, Depth, Input, PResult, Reason, SyntaxError};
use crate::name::{Ident, ObjectName};

/// A self-delimiting expression: literal, name, call, `CAST`, `CASE`, constructor, `( expr )`.
/// `i` is at the token (blanks skipped). Every form has a function of its own (see `expr_bp` in `climb.rs`).
#[inline]
pub(crate) fn primary(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    match i.as_bytes().first() {
        Some(b'(') => parenthesized(&i[1..], depth, operands),
        Some(b'\'') => string_literal(i).map(|(rest, value)| (rest, Expr::Literal(Literal::String(value)))),
        Some(b'`') => name_or_call(i, depth, operands),
        Some(c) if c.is_ascii_digit() || *c == b'.' => match scan_number(i) {
            Some(len) => Ok((&i[len..], Expr::Literal(Literal::Number(i[..len].to_owned())))),
            None => SyntaxError::expected(i, "an expression").backtrack(),
        },
        _ => word_primary(i, depth, operands),
    }
}

/// `expr )` or `expr, expr, ... )`, after the `(`. The second is Calcite's implicit row
/// constructor, which Flink takes and prints as `ROW(...)`; so does this crate.
fn parenthesized(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    let (rest, inner) = operands.operand(i, depth, 0)?;
    if skip_ws(rest).starts_with(',') {
        return rest_of_expr_list(rest, depth, ')', vec![inner], operands)
            .map(|(rest, items)| (rest, Expr::Row(items)));
    }
    let (rest, ()) = cut(punct(")")).parse(rest)?;
    Ok((rest, inner))
}

/// A primary that starts with a word: a keyword's construct, a name or a call.
fn word_primary(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    let word = peek_word(i);
    if word.is_empty() {
        return SyntaxError::expected(i, "an expression").backtrack();
    }
    let after = &i[word.len()..];
    if word.eq_ignore_ascii_case("X") && after.starts_with('\'') {
        return binary_literal(i, after).map(|(rest, literal)| (rest, Expr::Literal(literal)));
    }
    let next = skip_ws(after);
    // Only an unquoted one-part name calls a built-in with keyword arguments.
    if let Some(args) = next.strip_prefix('(') {
        if let Some(special) = Special::of_word(word) {
            return special_call(args, special, ObjectName::simple(Ident::new(word)), depth, operands);
        }
    }
    let Some(keyword) = Keyword::of_word(word) else { return name_or_call(i, depth, operands) };
    match keyword {
        Keyword::True => Ok((after, Expr::Literal(Literal::Boolean(true)))),
        Keyword::False => Ok((after, Expr::Literal(Literal::Boolean(false)))),
        Keyword::Null => Ok((after, Expr::Literal(Literal::Null))),
        Keyword::Interval => interval_literal(after).map(|(rest, literal)| (rest, Expr::Literal(literal))),
        Keyword::Date | Keyword::Time | Keyword::Timestamp if next.starts_with('\'') => {
            typed_literal(after, keyword).map(|(rest, literal)| (rest, Expr::Literal(literal)))
        }
        Keyword::Cast | Keyword::TryCast if next.starts_with('(') => {
            cast(&next[1..], depth, keyword == Keyword::TryCast, operands)
        }
        Keyword::Case => case(after, depth, operands),
        Keyword::Array if next.starts_with('[') => array(&next[1..], depth, operands),
        Keyword::Map if next.starts_with('[') => map_constructor(next, depth, operands),
        Keyword::Row if next.starts_with('(') => row(&next[1..], depth, operands),
        Keyword::Select | Keyword::Exists | Keyword::Values => {
            let hint = "computed columns and watermarks are expressions; a query belongs in `CREATE TABLE ... AS`";
            SyntaxError::new(i, Reason::Unsupported { what: "a subquery", hint }).fail()
        }
        _ => match Niladic::of_keyword(keyword) {
            Some(function) if !next.starts_with('(') => Ok((after, Expr::Niladic(function))),
            _ => name_or_call(i, depth, operands),
        },
    }
}
