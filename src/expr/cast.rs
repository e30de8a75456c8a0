//! `CAST(expr AS type)` and `TRY_CAST(expr AS type)`.

use nom::combinator::cut;
use nom::Parser;

use super::ast::{Cast, Expr};
use super::operand::Operands;
use crate::data_type::required_data_type;
use crate::lexical::keyword::{kw, Keyword};
use crate::lexical::{punct, Depth, Input, PResult};

/// After `CAST(` or `TRY_CAST(`: `expr AS type )`.
pub(crate) fn cast(i: Input<'_>, depth: Depth, try_cast: bool, operands: impl Operands) -> PResult<'_, Expr> {
    let (i, expr) = operands.operand(i, depth, 0)?;
    let (i, ()) = cut(kw(Keyword::As)).parse(i)?;
    let (i, data_type) = required_data_type(i, depth)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Cast(Box::new(Cast { try_cast, expr, data_type }))))
}
