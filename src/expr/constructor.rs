//! The constructors `ARRAY[a, b, ...]`, `MAP[k1, v1, ...]` and `ROW(a, b, ...)`.

use super::ast::Expr;
use super::operand::{expr_list, Empty, Operands};
use crate::lexical::{Depth, Input, PResult, Reason, SyntaxError};

/// `a, b, ... ]`, after `ARRAY[`.
pub(crate) fn array(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    expr_list(i, depth, ']', Empty::Refused, operands).map(|(rest, items)| (rest, Expr::Array(items)))
}

/// `MAP[k, v, ...]`, at the `[`.
pub(crate) fn map_constructor(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    let (rest, items) = expr_list(&i[1..], depth, ']', Empty::Refused, operands)?;
    if items.len() % 2 != 0 {
        let message = "`MAP[...]` takes keys and values in pairs: an even number of expressions".to_owned();
        return SyntaxError::new(i, Reason::Message(message)).fail();
    }
    let mut entries = Vec::with_capacity(items.len() / 2);
    let mut items = items.into_iter();
    while let (Some(key), Some(value)) = (items.next(), items.next()) {
        entries.push((key, value));
    }
    Ok((rest, Expr::Map(entries)))
}

/// `a, b, ... )`, after `ROW(`.
pub(crate) fn row(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    expr_list(i, depth, ')', Empty::Refused, operands).map(|(rest, items)| (rest, Expr::Row(items)))
}
