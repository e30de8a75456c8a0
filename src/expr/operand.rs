//! How the parsers of the forms that hold expressions (calls, built-ins, `CAST`, `CASE`,
//! constructors) read the expressions inside them: through [`Operands`], which the precedence
//! climber (`climb.rs`) implements and hands to them. The climber calls those parsers for the
//! forms it meets and they call it back, so passing it in, rather than importing it, keeps the
//! files of this folder free of import circles: each form's parser can be read on its own.

use super::ast::Expr;
use crate::combinator::{comma_list, rest_of_list};
use crate::lexical::{skip_ws, Depth, Input, PResult, SyntaxError, TreeBudget};

/// The precedence climber, as the parsers of forms see it.
pub(crate) trait Operands: Copy {
    /// An operand that must be there (committed): an expression whose operators bind at least at
    /// level `min` (0 for a whole expression), "expected an expression" when none starts here.
    fn operand<'a>(self, i: Input<'a>, depth: Depth, min: u8) -> PResult<'a, Expr>;

    /// The operators after `lhs`, from level `min` up, as if `lhs` had just been read as an operand.
    fn operators_after<'a>(self, i: Input<'a>, lhs: Expr, depth: Depth, min: u8) -> PResult<'a, Expr>;
}

/// Whether a list of expressions may be empty: `f()` may, `ARRAY[]` may not.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Empty {
    Allowed,
    Refused,
}

/// `expr {, expr} close`, right after the opening bracket; committed. Each element takes a level
/// of the budget as it is parsed (`expr_bp` in `climb.rs`), so the list needs none of its own.
pub(crate) fn expr_list<'a>(
    i: Input<'a>,
    depth: Depth,
    close: char,
    empty: Empty,
    operands: impl Operands,
) -> PResult<'a, Vec<Expr>> {
    let at = skip_ws(i);
    if let Some(rest) = at.strip_prefix(close) {
        if empty == Empty::Allowed {
            return Ok((rest, Vec::new()));
        }
        return SyntaxError::expected(at, "an expression").fail();
    }
    let mut items = Vec::new();
    let (rest, ()) =
        comma_list(i, close, TreeBudget::item::<Expr>(), |i| push_operand(i, depth, &mut items, operands))?;
    Ok((rest, items))
}

/// The rest of a list whose first items, `items`, are read: `{, expr} close`.
pub(crate) fn rest_of_expr_list<'a>(
    i: Input<'a>,
    depth: Depth,
    close: char,
    mut items: Vec<Expr>,
    operands: impl Operands,
) -> PResult<'a, Vec<Expr>> {
    let (rest, ()) =
        rest_of_list(i, close, TreeBudget::item::<Expr>(), |i| push_operand(i, depth, &mut items, operands))?;
    Ok((rest, items))
}

/// One item of a list of expressions, appended to `items`.
fn push_operand<'a>(i: Input<'a>, depth: Depth, items: &mut Vec<Expr>, operands: impl Operands) -> PResult<'a, ()> {
    let (rest, item) = operands.operand(i, depth, 0)?;
    items.push(item);
    Ok((rest, ()))
}
