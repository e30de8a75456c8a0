//! Literals: numbers, strings, `X'..'`, `TRUE`, `FALSE`, `NULL`, `DATE`/`TIME`/`TIMESTAMP '...'`
//! and `INTERVAL '5' SECOND`, with their printing and their parsers (which return the
//! [`Literal`]; the primary parser wraps it in an `Expr`).

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use crate::data_type::{interval_qualifier, IntervalQualifier, QualifierRules};
use crate::lexical::keyword::Keyword;
use crate::lexical::string::plain_string_literal;
use crate::lexical::{ws, Input, PResult, Reason, SyntaxError};
use crate::print::{PrintMode, SqlWriter, ToSql};
use crate::redaction::{Secret, REDACTED};

/// A literal value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Literal {
    /// A number, exactly as written (`42`, `1.50`, `.5`, `1e-3`); never signed (`-1` is a unary minus).
    Number(String),
    /// A string literal's value (adjacent literals joined).
    String(String),
    /// A string literal that is the value of a `'<sensitive key>' = 'value'` comparison, as
    /// `redact_sql` reads one: masked wherever the expression is shown, printed only by
    /// `unredacted()`. The parser makes it; it means the same as [`Literal::String`].
    Secret(Secret),
    /// `X'0A1B'`: the hexadecimal digits as written.
    Binary(String),
    /// A binary literal that is the value of a `'<sensitive key>' = X'..'` comparison: masked
    /// wherever the expression is shown (printed `X'<REDACTED>'`, as `redact_sql` masks the
    /// text), printed only by `unredacted()`. It means the same as [`Literal::Binary`].
    SecretBinary(Secret),
    /// `TRUE` or `FALSE`.
    Boolean(bool),
    /// `NULL`
    Null,
    /// `DATE '2024-01-31'`: the quoted text.
    Date(String),
    /// `TIME '12:30:00'`: the quoted text.
    Time(String),
    /// `TIMESTAMP '2024-01-31 12:30:00'`: the quoted text.
    Timestamp(String),
    /// `INTERVAL [-]'value' qualifier`.
    Interval(IntervalLiteral),
}

impl ToSql for Literal {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            Literal::Number(text) => w.write_str(text),
            Literal::String(value) => w.string_literal(value),
            Literal::Secret(secret) => match w.mode() {
                PrintMode::Unredacted => w.string_literal(secret.expose_secret()),
                PrintMode::Redacted(_) => w.string_literal(REDACTED),
            },
            Literal::Binary(hex) => {
                w.write_str("X")?;
                w.string_literal(hex)
            }
            Literal::SecretBinary(secret) => {
                w.write_str("X")?;
                match w.mode() {
                    PrintMode::Unredacted => w.string_literal(secret.expose_secret()),
                    PrintMode::Redacted(_) => w.string_literal(REDACTED),
                }
            }
            Literal::Boolean(true) => w.write_str("TRUE"),
            Literal::Boolean(false) => w.write_str("FALSE"),
            Literal::Null => w.write_str("NULL"),
            Literal::Date(text) => typed(w, "DATE ", text),
            Literal::Time(text) => typed(w, "TIME ", text),
            Literal::Timestamp(text) => typed(w, "TIMESTAMP ", text),
            Literal::Interval(interval) => interval.write_sql(w),
        }
    }
}

fn typed(w: &mut SqlWriter<'_>, prefix: &str, text: &str) -> fmt::Result {
    w.write_str(prefix)?;
    w.string_literal(text)
}

/// `INTERVAL '5' SECOND`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL -'90' MINUTE(3)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IntervalLiteral {
    /// A `-` was written before the quoted value.
    pub negative: bool,
    /// The quoted value, as written.
    pub value: String,
    /// The units.
    pub qualifier: IntervalQualifier,
}

impl ToSql for IntervalLiteral {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str(if self.negative { "INTERVAL -" } else { "INTERVAL " })?;
        w.string_literal(&self.value)?;
        w.write_str(" ")?;
        self.qualifier.write_sql(w)
    }
}

/// `'text'` after `DATE`, `TIME` or `TIMESTAMP`.
pub(crate) fn typed_literal(i: Input<'_>, keyword: Keyword) -> PResult<'_, Literal> {
    let (rest, text) = plain_string_literal(i)?;
    let value = match keyword {
        Keyword::Date => Literal::Date(text),
        Keyword::Time => Literal::Time(text),
        _ => Literal::Timestamp(text),
    };
    Ok((rest, value))
}

/// `X'hex'`: `after` is right after the `X`, at the quote.
pub(crate) fn binary_literal<'a>(i: Input<'a>, after: Input<'a>) -> PResult<'a, Literal> {
    let (rest, hex) = plain_string_literal(after)?;
    if !hex.bytes().all(|c| c.is_ascii_hexdigit()) || hex.len() % 2 != 0 {
        let message = "a binary literal `X'...'` holds an even number of hexadecimal digits".to_owned();
        return SyntaxError::new(i, Reason::Message(message)).fail();
    }
    Ok((rest, Literal::Binary(hex)))
}

/// After `INTERVAL`: `[+ | -] 'value' qualifier`.
pub(crate) fn interval_literal(i: Input<'_>) -> PResult<'_, Literal> {
    let (i, ()) = ws(i)?;
    let (i, negative) = match i.as_bytes().first() {
        Some(b'-') => (&i[1..], true),
        Some(b'+') => (&i[1..], false),
        _ => (i, false),
    };
    let (i, value) = cut(context("a quoted interval value such as '5'", plain_string_literal)).parse(i)?;
    let (i, qualifier) = cut(|i| interval_qualifier(i, QualifierRules::Literal)).parse(i)?;
    Ok((i, Literal::Interval(IntervalLiteral { negative, value, qualifier })))
}
