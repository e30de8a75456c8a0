//! The built-ins whose calls take keywords between their arguments, in Calcite's syntax:
//! `EXTRACT(DAY FROM ts)`, `FLOOR(ts TO MINUTE)`, `TIMESTAMPADD(HOUR, 1, ts)`, `POSITION(a IN b)`,
//! `TRIM(BOTH 'x' FROM s)`, `SUBSTRING(s FROM 1 FOR 3)`. Without the keywords they are plain calls.

use nom::combinator::cut;
use nom::Parser;

use super::ast::{DateTimeField, Expr, Function, FunctionArgs, Position, TimestampArith, Trim, TrimSide};
use super::call::plain_call_from;
use super::operand::Operands;
use super::operator::prec;
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::{peek_word, punct, skip_ws, ws, Depth, Input, PResult, SyntaxError};
use crate::name::ObjectName;

/// The built-ins whose calls take keywords between their arguments (Calcite's syntax).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Special {
    Extract,
    Floor,
    Ceil,
    TimestampAdd,
    TimestampDiff,
    Position,
    Trim,
    Substring,
}

impl Special {
    pub(crate) fn of_word(word: &str) -> Option<Special> {
        let is = |name: &str| word.eq_ignore_ascii_case(name);
        Some(match () {
            () if is("EXTRACT") => Special::Extract,
            () if is("FLOOR") => Special::Floor,
            () if is("CEIL") || is("CEILING") => Special::Ceil,
            () if is("TIMESTAMPADD") => Special::TimestampAdd,
            () if is("TIMESTAMPDIFF") => Special::TimestampDiff,
            () if is("POSITION") => Special::Position,
            () if is("TRIM") => Special::Trim,
            () if is("SUBSTRING") => Special::Substring,
            () => return None,
        })
    }
}

/// The arguments of a call to a built-in of `Special`, after the `(`. When they turn out to be
/// plain (`FLOOR(x)`, `TRIM(s)`), the rest is read as a plain call.
pub(crate) fn special_call<'a>(
    args: Input<'a>,
    special: Special,
    name: ObjectName,
    depth: Depth,
    operands: impl Operands,
) -> PResult<'a, Expr> {
    match special {
        Special::Extract => extract(args, depth, operands),
        Special::TimestampAdd | Special::TimestampDiff => timestamp_arith(args, name, special, depth, operands),
        Special::Position => position(args, name, depth, operands),
        Special::Trim if trim_side(args).is_some() => trim(args, depth, operands),
        Special::Floor | Special::Ceil | Special::Trim | Special::Substring => {
            keyword_after_first(args, special, name, depth, operands)
        }
    }
}

/// `FLOOR(x TO unit)`, `TRIM(chars FROM s)`, `SUBSTRING(s FROM a ...)`: the keyword after the first
/// argument decides; without it the call is plain.
fn keyword_after_first<'a>(
    args: Input<'a>,
    special: Special,
    name: ObjectName,
    depth: Depth,
    operands: impl Operands,
) -> PResult<'a, Expr> {
    let (rest, first) = operands.operand(args, depth, 0)?;
    let at = skip_ws(rest);
    let follows = |k: Keyword| peek_keyword(at) == Some(k);
    match special {
        Special::Floor | Special::Ceil if follows(Keyword::To) => {
            floor_ceil(&at["TO".len()..], first, special == Special::Ceil)
        }
        Special::Trim if follows(Keyword::From) => {
            let (rest, expr) = operands.operand(&at["FROM".len()..], depth, 0)?;
            let (rest, ()) = cut(punct(")")).parse(rest)?;
            Ok((rest, Expr::Trim(Box::new(Trim { side: None, chars: Some(first), expr }))))
        }
        Special::Substring if follows(Keyword::From) => substring(&at["FROM".len()..], name, first, depth, operands),
        _ => plain_call_from(rest, name, vec![first], depth, operands),
    }
}

/// After `EXTRACT(`: `field FROM expr )`.
fn extract(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    let (i, field) = date_time_field(i)?;
    let (i, ()) = cut(kw(Keyword::From)).parse(i)?;
    let (i, expr) = operands.operand(i, depth, 0)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Extract { field, expr: Box::new(expr) }))
}

/// A date-time field (`DAY`, `DOY`, `EPOCH`, ...), committed.
fn date_time_field(i: Input<'_>) -> PResult<'_, DateTimeField> {
    let (i, ()) = ws(i)?;
    let word = peek_word(i);
    match DateTimeField::of_word(word) {
        Some(field) => Ok((&i[word.len()..], field)),
        None => SyntaxError::expected(i, "a date-time field such as DAY, HOUR or EPOCH").fail(),
    }
}

/// After `FLOOR(expr TO` or `CEIL(expr TO`: `field )`.
fn floor_ceil(i: Input<'_>, expr: Expr, ceil: bool) -> PResult<'_, Expr> {
    let (i, field) = date_time_field(i)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::FloorCeil { ceil, expr: Box::new(expr), field }))
}

/// After `TIMESTAMPADD(` or `TIMESTAMPDIFF(`: `field, a, b )`, or plain arguments.
fn timestamp_arith<'a>(
    i: Input<'a>,
    name: ObjectName,
    special: Special,
    depth: Depth,
    operands: impl Operands,
) -> PResult<'a, Expr> {
    let at = skip_ws(i);
    let word = peek_word(at);
    let field = match DateTimeField::of_word(word) {
        Some(field) if skip_ws(&at[word.len()..]).starts_with(',') => field,
        _ => return plain_call_from(i, name, Vec::new(), depth, operands),
    };
    let (i, ()) = cut(punct(",")).parse(&at[word.len()..])?;
    let (i, first) = operands.operand(i, depth, 0)?;
    let (i, ()) = cut(punct(",")).parse(i)?;
    let (i, second) = operands.operand(i, depth, 0)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    let diff = special == Special::TimestampDiff;
    Ok((i, Expr::TimestampArith(Box::new(TimestampArith { diff, field, first, second }))))
}

/// After `POSITION(`: `needle IN haystack [FROM start] )`; `POSITION(a, b)` is a plain call.
fn position<'a>(i: Input<'a>, name: ObjectName, depth: Depth, operands: impl Operands) -> PResult<'a, Expr> {
    // The needle is a unary expression at most (as in Calcite), so `IN` here is not a predicate.
    let (rest, needle) = operands.operand(i, depth, prec::UNARY)?;
    let at = skip_ws(rest);
    if !peek_kw(at, Keyword::In) {
        let (rest, first) = operands.operators_after(rest, needle, depth, 0)?;
        return plain_call_from(rest, name, vec![first], depth, operands);
    }
    position_rest(&at["IN".len()..], needle, depth, operands)
}

/// After `POSITION(needle IN`: `haystack [FROM start] )`.
fn position_rest(i: Input<'_>, needle: Expr, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    let (i, haystack) = operands.operand(i, depth, 0)?;
    let (i, start) = if peek_kw(i, Keyword::From) {
        let (i, ()) = kw(Keyword::From).parse(i)?;
        let (i, start) = operands.operand(i, depth, 0)?;
        (i, Some(start))
    } else {
        (i, None)
    };
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Position(Box::new(Position { needle, haystack, start }))))
}

/// `BOTH`, `LEADING` or `TRAILING` at the start of `i`, if there.
fn trim_side(i: Input<'_>) -> Option<TrimSide> {
    let word = peek_word(skip_ws(i));
    [("BOTH", TrimSide::Both), ("LEADING", TrimSide::Leading), ("TRAILING", TrimSide::Trailing)]
        .into_iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|(_, side)| side)
}

/// After `TRIM(` when a side follows: `side [chars] FROM expr )`.
fn trim(i: Input<'_>, depth: Depth, operands: impl Operands) -> PResult<'_, Expr> {
    let side = trim_side(i);
    let at = skip_ws(i);
    let i = &at[peek_word(at).len()..];
    let (i, chars) = if peek_kw(i, Keyword::From) {
        (i, None)
    } else {
        let (i, chars) = operands.operand(i, depth, 0)?;
        (i, Some(chars))
    };
    let (i, ()) = cut(kw(Keyword::From)).parse(i)?;
    let (i, expr) = operands.operand(i, depth, 0)?;
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Trim(Box::new(Trim { side, chars, expr }))))
}

/// After `SUBSTRING(s FROM`: `start [FOR length] )`, read as the plain call `SUBSTRING(s, start
/// [, length])`, as Calcite does.
fn substring<'a>(
    i: Input<'a>,
    name: ObjectName,
    string: Expr,
    depth: Depth,
    operands: impl Operands,
) -> PResult<'a, Expr> {
    let (i, start) = operands.operand(i, depth, 0)?;
    let mut args = vec![string, start];
    let i = if peek_kw(i, Keyword::For) {
        let (i, ()) = kw(Keyword::For).parse(i)?;
        let (i, length) = operands.operand(i, depth, 0)?;
        args.push(length);
        i
    } else {
        i
    };
    let (i, ()) = cut(punct(")")).parse(i)?;
    Ok((i, Expr::Function(Box::new(Function { name, args: FunctionArgs::List(args) }))))
}
