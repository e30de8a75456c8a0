//! `CASE [operand] WHEN a THEN b [...] [ELSE c] END`.

use nom::combinator::cut;
use nom::Parser;

use super::ast::{Case, Expr};
use super::operand::Operands;
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::{skip_ws, Depth, Input, PResult, SyntaxError, TreeBudget};

/// After `CASE`: `[operand] WHEN a THEN b {WHEN a THEN b} [ELSE c] END`.
pub(crate) fn case(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    let (i, operand_expr) = if peek_kw(i, Keyword::When) {
        (i, None)
    } else {
        let (i, value) = operands.operand(i, depth, 0)?;
        (i, Some(value))
    };
    let mut when_then = Vec::new();
    let mut i = cut(kw(Keyword::When)).parse(i)?.0;
    loop {
        TreeBudget::charge_item::<(Expr, Expr)>(i)?;
        let (rest, pair) = when_then_pair(i, depth, operands)?;
        when_then.push(pair);
        match peek_keyword(rest) {
            Some(Keyword::When) => i = kw(Keyword::When).parse(rest)?.0,
            _ => {
                i = rest;
                break;
            }
        }
    }
    let (i, else_result) = case_end(i, depth, operands)?;
    Ok((i, Expr::Case(Box::new(Case { operand: operand_expr, when_then, else_result }))))
}

/// `a THEN b`, after `WHEN`.
fn when_then_pair(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, (Expr, Expr)> {
    let (rest, when) = operands.operand(i, depth, 0)?;
    let (rest, ()) = cut(kw(Keyword::Then)).parse(rest)?;
    let (rest, then) = operands.operand(rest, depth, 0)?;
    Ok((rest, (when, then)))
}

/// `[ELSE c] END`.
fn case_end(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Option<Expr>> {
    let (i, else_result) = if peek_kw(i, Keyword::Else) {
        let (i, ()) = kw(Keyword::Else).parse(i)?;
        let (i, result) = operands.operand(i, depth, 0)?;
        (i, Some(result))
    } else {
        (i, None)
    };
    let at = skip_ws(i);
    if peek_kw(at, Keyword::End) {
        return Ok((&at["END".len()..], else_result));
    }
    let mut err = SyntaxError::expected(at, "`WHEN`");
    for label in ["`ELSE`", "`END`"] {
        err = nom::error::ParseError::or(err, SyntaxError::expected(at, label));
    }
    err.fail()
}
