//! Names and calls: a column reference (`a`, `t.a`), or a call (`f(x)`, `db.f(x)`, `COUNT(*)`).
//! The built-ins that take keywords between their arguments (`EXTRACT(DAY FROM ts)`) are in
//! `builtin.rs`.

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;

use super::ast::{Expr, Function, FunctionArgs, NEVER_FUNCTIONS};
use super::operand::{expr_list, rest_of_expr_list, Empty, Operands};
use crate::lexical::{peek_word, punct, skip_ws, Depth, Input, PResult, Reason, SyntaxError, TreeBudget};
use crate::name::{ident, Ident, ObjectName};

/// A column reference (`a`, `t.a`, `` `my col`.f ``) or a call (`f(x)`, `db.f(x)`). A word right
/// before `(` names a function even when reserved (`UPPER(x)`, `IF(...)`); elsewhere a reserved
/// word needs backticks.
pub(crate) fn name_or_call(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    let (rest, parts) = compound_name(i)?;
    let Some(args) = skip_ws(rest).strip_prefix('(') else { return Ok((rest, Expr::Identifier(parts))) };
    call(i, args, parts, depth, operands)
}

/// A plain call whose first arguments `items` are read; `i` is after them (or after the `(`).
pub(crate) fn plain_call_from<'a>(
    i: Input<'a>,
    name: ObjectName,
    items: Vec<Expr>,
    depth: Depth,
    operands: impl Operands,
) -> PResult<'a, Expr> {
    let (rest, list) = if items.is_empty() {
        expr_list(i, depth, ')', Empty::Allowed, operands)?
    } else {
        rest_of_expr_list(i, depth, ')', items, operands)?
    };
    Ok((rest, Expr::Function(Box::new(Function { name, args: FunctionArgs::List(list) }))))
}

/// `name {. name}`, where a first word right before `(` may be reserved (unless it is one of
/// `NEVER_FUNCTIONS`).
fn compound_name(i: Input<'_>) -> PResult<'_, Vec<Ident>> {
    let word = peek_word(i);
    let callable = !NEVER_FUNCTIONS.iter().any(|w| w.eq_ignore_ascii_case(word));
    let (mut rest, first) = if !word.is_empty() && callable && skip_ws(&i[word.len()..]).starts_with('(') {
        (&i[word.len()..], Ident::new(word))
    } else {
        context("an expression", ident).parse(i)?
    };
    // A name's parts are a vector of their own: the first part costs as much as the others.
    TreeBudget::charge_item::<Ident>(i)?;
    let mut parts = vec![first];
    loop {
        let at = skip_ws(rest);
        // `.` then a name continues the name; `.` then anything else is for `postfix` to report.
        let Some(after_dot) = at.strip_prefix('.') else { return Ok((rest, parts)) };
        let Ok((after, part)) = ident(after_dot) else { return Ok((rest, parts)) };
        TreeBudget::charge_item::<Ident>(after_dot)?;
        parts.push(part);
        rest = after;
    }
}

/// The arguments of a call to `parts`, after the `(`; `i` is where the name starts.
fn call<'a>(
    i: Input<'a>,
    args: Input<'a>,
    parts: Vec<Ident>,
    depth: Depth,
    operands: impl Operands,
) -> PResult<'a, Expr> {
    let Some(name) = ObjectName::new(parts) else {
        return SyntaxError::new(i, Reason::TooManyNameParts { max: ObjectName::MAX_PARTS }).fail();
    };
    let (rest, args) = if let Some(after_star) = skip_ws(args).strip_prefix('*') {
        let (rest, ()) = cut(punct(")")).parse(after_star)?;
        (rest, FunctionArgs::Star)
    } else {
        let (rest, list) = expr_list(args, depth, ')', Empty::Allowed, operands)?;
        (rest, FunctionArgs::List(list))
    };
    Ok((rest, Expr::Function(Box::new(Function { name, args }))))
}
