//! `'key' = 'value'` comparisons inside expressions: where the literal before `=` names a
//! sensitive key, the literal after it is held as a [`Secret`], so the statement's surfaces mask
//! it as `redact_sql` masks it in the text.

use super::ast::Expr;
use super::literal::Literal;
use crate::redaction::{is_sensitive_key, sensitive_pair, PairSide, Secret};

/// `redact_sql`'s rule inside expressions: in `... 'key' = 'value' ...`, where the literal right
/// before `=` names a sensitive key, the literal right after it is a credential. `lhs` and `rhs`
/// are the operands of `=`; the literals next to the `=` are the last leaf of `lhs` and the first
/// leaf of `rhs` (parentheses are not kept, so `('token') = 'v'` counts too: masking more than
/// the text scanner is safe, less is not).
pub(crate) fn mark_secret_value(lhs: &Expr, rhs: &mut Expr) {
    let left = match last_leaf(lhs) {
        Some(Literal::String(text) | Literal::Date(text) | Literal::Time(text) | Literal::Timestamp(text)) => {
            PairSide::Text(text)
        }
        // Masked by the `=` before it, in `'password' = 'token' = 'x'`: the text scanner reads
        // the typed value, `token`, as the key of the next `=`, so the parser must too.
        Some(Literal::Secret(secret)) => PairSide::Text(secret.expose_secret()),
        _ => PairSide::Other,
    };
    let Some(leaf) = first_leaf(rhs) else { return };
    let right = match leaf {
        Literal::String(value) => PairSide::Text(value),
        Literal::Binary(_) => PairSide::Binary,
        _ => PairSide::Other,
    };
    if !sensitive_pair(left, right, &is_sensitive_key) {
        return;
    }
    match leaf {
        Literal::String(value) => *leaf = Literal::Secret(Secret::new(std::mem::take(value))),
        Literal::Binary(hex) => *leaf = Literal::SecretBinary(Secret::new(std::mem::take(hex))),
        _ => {}
    }
}

/// The literal an expression's text ends with, if it ends with one (a loop, not recursion: the
/// depth is bounded by the parser's budget anyway, but this costs no stack).
fn last_leaf(mut expr: &Expr) -> Option<&Literal> {
    loop {
        expr = match expr {
            Expr::Literal(literal) => return Some(literal),
            Expr::Unary { expr, .. } => expr,
            Expr::Binary { rest, .. } => &rest.last()?.1,
            Expr::Between(between) => &between.high,
            Expr::Like(like) => like.escape.as_ref().unwrap_or(&like.pattern),
            _ => return None,
        };
    }
}

/// The literal an expression's text starts with, if it starts with one.
fn first_leaf(mut expr: &mut Expr) -> Option<&mut Literal> {
    loop {
        expr = match expr {
            Expr::Literal(literal) => return Some(literal),
            Expr::Binary { first, .. } => first,
            Expr::Is { expr, .. } | Expr::InList { expr, .. } | Expr::Field { expr, .. } | Expr::Item { expr, .. } => {
                expr
            }
            Expr::Between(between) => &mut between.expr,
            Expr::Like(like) => &mut like.expr,
            _ => return None,
        };
    }
}
