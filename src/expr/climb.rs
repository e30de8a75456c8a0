//! The precedence climber: an operand, then every operator that binds tightly enough, level by
//! level (`operator.rs` has the levels). Operators of one level form a flat chain (`a + b - c` is
//! one `Expr::Binary` with three operands), built in a loop: `1 + 1 + ... + 1` with 100,000 terms
//! neither recurses per operator nor builds a tree 100,000 levels deep. Every other kind of
//! nesting (parentheses, calls, `CAST`, `CASE`, prefix and postfix operators, nested types) takes
//! one level of the `Depth` budget, so no tree is deeper than the budget allows and printing,
//! comparing or dropping one cannot overflow the stack.
//!
//! The operands themselves (literals, names, calls, ...) are read by `primary.rs`, which is
//! handed this climber as [`Operands`] for the expressions inside them.

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;

use super::ast::{Between, Expr, Like};
use super::operand::{expr_list, Empty, Operands};
use super::operator::{peek_infix, prec, BinaryOp, Infix, IsTest, LikeKind, UnaryOp};
use super::primary::primary;
use super::secret_pair::mark_secret_value;
use crate::combinator::required;
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::{peek_word, punct, skip_ws, ws, Depth, Input, PResult, SyntaxError, TreeBudget};
use crate::name::ident;

/// An expression. A recoverable error when the input does not start with one, so the caller
/// says what it expected; the caller commits (`cut`).
pub(crate) fn expr(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    expr_bp(i, depth, 0)
}

/// This climber, handed to the parsers of the forms that hold expressions (see `operand.rs`).
#[derive(Clone, Copy)]
struct Climber;

impl Operands for Climber {
    fn operand<'a>(self, i: Input<'a>, depth: Depth, min: u8) -> PResult<'a, Expr> {
        operand(i, depth, min)
    }

    fn operators_after<'a>(self, i: Input<'a>, lhs: Expr, depth: Depth, min: u8) -> PResult<'a, Expr> {
        infix_loop(i, lhs, depth, min)
    }
}

/// Precedence climbing: an operand, then every operator of at least `min` precedence. Operators
/// of one level are collected in a loop into one chain; only the right operands recurse, at the
/// next level, so the recursion is bounded by the number of levels, not of operators.
///
/// Stack use: this function, `prefix`, `primary` and `operand` are on the stack once per nesting
/// level, so each does little itself and hands every form to a function of its own. A debug build
/// gives every temporary its own stack slot, and these frames decide how many levels fit in a
/// small thread stack (see the `DEFAULT_MAX_DEPTH` test in `tests/create_table.rs`).
fn expr_bp(i: Input<'_>, depth: Depth, min: u8) -> PResult<'_, Expr> {
    let depth = depth.enter(skip_ws(i))?;
    match prefix(i, depth) {
        Ok((rest, lhs)) => infix_loop(rest, lhs, depth, min),
        Err(e) => Err(e),
    }
}

/// What an operator step returns: the rest, the new left operand, and the budget left.
type Step<'a> = Result<(Input<'a>, Expr, Depth), nom::Err<SyntaxError<'a>>>;

/// The operators after the first operand, applied left to right while they bind at least as
/// tightly as `min`.
fn infix_loop<'a>(mut i: Input<'a>, mut lhs: Expr, mut depth: Depth, min: u8) -> PResult<'a, Expr> {
    loop {
        // `ws`, not `skip_ws`: an unterminated comment is reported as such, not as a `/` operator.
        let (at, ()) = ws(i)?;
        let Some((infix, after)) = peek_infix(at) else { return Ok((i, lhs)) };
        let level = infix.precedence();
        if level < min {
            return Ok((i, lhs));
        }
        let step = match infix {
            Infix::Binary(op) => binary_step(at, after, lhs, op, depth),
            Infix::Is { negated } => is_step(at, after, lhs, negated, depth),
            Infix::Between { negated } => between_step(at, after, lhs, negated, depth),
            Infix::In { negated } => in_step(at, after, lhs, negated, depth),
            Infix::Like { negated, kind } => like_step(at, after, lhs, negated, kind, depth),
        };
        (i, lhs, depth) = step?;
    }
}

/// `lhs op rhs`: extends `lhs` when it is a chain of the same level (also one that came in
/// parentheses: same meaning), else starts a chain, which is one more level of the AST.
fn binary_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, op: BinaryOp, depth: Depth) -> Step<'a> {
    let after = match op {
        BinaryOp::IsDistinctFrom | BinaryOp::IsNotDistinctFrom => cut(kw(Keyword::From)).parse(after)?.0,
        _ => after,
    };
    let level = op.precedence();
    let (rest, mut rhs) = operand(after, depth, level + 1)?;
    match lhs {
        Expr::Binary { first, rest: mut chain } if chain.first().is_some_and(|(o, _)| o.precedence() == level) => {
            if op == BinaryOp::Eq {
                mark_secret_value(chain.last().map_or(&*first, |(_, e)| e), &mut rhs);
            }
            TreeBudget::charge_item::<(BinaryOp, Expr)>(after)?;
            chain.push((op, rhs));
            Ok((rest, Expr::Binary { first, rest: chain }, depth))
        }
        other => {
            let depth = depth.enter(at)?;
            if op == BinaryOp::Eq {
                mark_secret_value(&other, &mut rhs);
            }
            Ok((rest, Expr::Binary { first: Box::new(other), rest: vec![(op, rhs)] }, depth))
        }
    }
}

/// `lhs IS [NOT] {NULL | TRUE | FALSE | UNKNOWN}`.
fn is_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, negated: bool, depth: Depth) -> Step<'a> {
    let depth = depth.enter(at)?;
    let test_at = skip_ws(after);
    let test = match peek_keyword(test_at) {
        Some(Keyword::Null) => IsTest::Null,
        Some(Keyword::True) => IsTest::True,
        Some(Keyword::False) => IsTest::False,
        Some(Keyword::Unknown) => IsTest::Unknown,
        _ => {
            let mut err = SyntaxError::expected(test_at, "`NULL`");
            for label in ["`TRUE`", "`FALSE`", "`UNKNOWN`"] {
                err = nom::error::ParseError::or(err, SyntaxError::expected(test_at, label));
            }
            return err.fail();
        }
    };
    let rest = &test_at[peek_word(test_at).len()..];
    Ok((rest, Expr::Is { expr: Box::new(lhs), negated, test }, depth))
}

/// `lhs [NOT] BETWEEN [SYMMETRIC | ASYMMETRIC] low AND high`.
fn between_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, negated: bool, depth: Depth) -> Step<'a> {
    let depth = depth.enter(at)?;
    let (rest, symmetric) = match peek_keyword(after) {
        Some(Keyword::Symmetric) => (kw(Keyword::Symmetric).parse(after)?.0, true),
        Some(Keyword::Asymmetric) => (kw(Keyword::Asymmetric).parse(after)?.0, false),
        _ => (after, false),
    };
    let (rest, low) = operand(rest, depth, prec::ADDITIVE)?;
    let (rest, ()) = cut(kw(Keyword::And)).parse(rest)?;
    let (rest, high) = operand(rest, depth, prec::ADDITIVE)?;
    Ok((rest, Expr::Between(Box::new(Between { expr: lhs, negated, symmetric, low, high })), depth))
}

/// `lhs [NOT] IN (a, b, ...)`.
fn in_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, negated: bool, depth: Depth) -> Step<'a> {
    let depth = depth.enter(at)?;
    let (rest, ()) = cut(punct("(")).parse(after)?;
    let (rest, list) = expr_list(rest, depth, ')', Empty::Refused, Climber)?;
    Ok((rest, Expr::InList { expr: Box::new(lhs), negated, list }, depth))
}

/// `lhs [NOT] {LIKE | ILIKE | SIMILAR TO} pattern [ESCAPE escape]`.
fn like_step<'a>(at: Input<'a>, after: Input<'a>, lhs: Expr, negated: bool, kind: LikeKind, depth: Depth) -> Step<'a> {
    let depth = depth.enter(at)?;
    let after = match kind {
        LikeKind::SimilarTo => cut(kw(Keyword::To)).parse(after)?.0,
        _ => after,
    };
    let (rest, pattern) = operand(after, depth, prec::ADDITIVE)?;
    let (rest, escape) = if peek_kw(rest, Keyword::Escape) {
        let (rest, ()) = kw(Keyword::Escape).parse(rest)?;
        let (rest, escape) = operand(rest, depth, prec::ADDITIVE)?;
        (rest, Some(escape))
    } else {
        (rest, None)
    };
    Ok((rest, Expr::Like(Box::new(Like { expr: lhs, negated, kind, pattern, escape })), depth))
}

/// An operand that must be there (after an operator or an opening bracket): committed, with
/// "expected an expression" when nothing of one is there.
fn operand(i: Input<'_>, depth: Depth, min: u8) -> PResult<'_, Expr> {
    required(i, "an expression", |i| expr_bp(i, depth, min))
}

/// A prefix operator and its operand, or a primary with its postfix `.field` and `[index]`.
fn prefix(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let (i, ()) = ws(i)?;
    // Blanks are skipped, so a `-` here is not the start of a `--` comment.
    let unary = match i.as_bytes().first() {
        Some(b'-') => Some((UnaryOp::Minus, &i[1..], prec::UNARY)),
        Some(b'+') => Some((UnaryOp::Plus, &i[1..], prec::UNARY)),
        _ if peek_kw(i, Keyword::Not) => Some((UnaryOp::Not, &i["NOT".len()..], prec::NOT)),
        _ => None,
    };
    match unary {
        Some((op, rest, level)) => unary_operand(rest, op, level, depth),
        None => match primary(i, depth, Climber) {
            Ok((rest, expr)) => postfix(rest, expr, depth),
            Err(e) => Err(e),
        },
    }
}

fn unary_operand(i: Input<'_>, op: UnaryOp, level: u8, depth: Depth) -> PResult<'_, Expr> {
    let (rest, operand) = operand(i, depth, level)?;
    Ok((rest, Expr::Unary { op, expr: Box::new(operand) }))
}

/// `{ [index] | .field }` after a primary; each is one more level of the AST.
fn postfix(mut i: Input<'_>, mut expr: Expr, mut depth: Depth) -> PResult<'_, Expr> {
    loop {
        let (at, ()) = ws(i)?;
        if let Some(rest) = at.strip_prefix('[') {
            depth = depth.enter(at)?;
            let (rest, index) = item_index(rest, depth)?;
            expr = Expr::Item { expr: Box::new(expr), index: Box::new(index) };
            i = rest;
        } else if let Some(rest) = at.strip_prefix('.') {
            depth = depth.enter(at)?;
            let (rest, field) = cut(context("a field name", ident)).parse(rest)?;
            expr = Expr::Field { expr: Box::new(expr), field };
            i = rest;
        } else {
            return Ok((i, expr));
        }
    }
}

/// `index ]`, after the `[`.
fn item_index(i: Input<'_>, depth: Depth) -> PResult<'_, Expr> {
    let (rest, index) = operand(i, depth, 0)?;
    let (rest, ()) = cut(punct("]")).parse(rest)?;
    Ok((rest, index))
}
