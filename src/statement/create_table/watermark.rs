//! `WATERMARK FOR column AS expression`: the rowtime column and its watermark strategy.

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use crate::expr::{expr, Expr};
use crate::lexical::keyword::{kw, Keyword};
use crate::lexical::{skip_ws, Depth, Input, PResult, Reason, SyntaxError};
use crate::name::{name_part, Ident};
use crate::print::{SqlWriter, ToSql};

/// `WATERMARK FOR column AS expression`: the column is the rowtime attribute (a top-level
/// `TIMESTAMP(3)` or `TIMESTAMP_LTZ(3)` column) and the expression its watermark strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Watermark {
    /// The rowtime column.
    pub column: Ident,
    /// The watermark expression, e.g. `ts - INTERVAL '5' SECOND` or `SOURCE_WATERMARK()`.
    pub expr: Expr,
}

impl ToSql for Watermark {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("WATERMARK FOR ")?;
        self.column.write_sql(w)?;
        w.write_str(" AS ")?;
        self.expr.write_sql(w)
    }
}

/// A watermark as written, with where it starts and where its column is.
pub(crate) struct WatermarkSite<'a> {
    pub(crate) at: Input<'a>,
    pub(crate) column_at: Input<'a>,
    pub(crate) watermark: Watermark,
}

/// `WATERMARK FOR column AS expression`.
pub(crate) fn watermark(i: Input<'_>, depth: Depth) -> PResult<'_, WatermarkSite<'_>> {
    let at = skip_ws(i);
    let (i, ()) = kw(Keyword::Watermark).parse(i)?;
    let (i, ()) = cut(kw(Keyword::For)).parse(i)?;
    let column_at = skip_ws(i);
    let (i, column) = cut(context("a column name", name_part)).parse(i)?;
    let dot = skip_ws(i);
    if dot.starts_with('.') {
        // Flink's grammar takes `f1.q2.t1`, and its planner then refuses it (dialect.md §10).
        let message = "the watermark column must be a top-level column, not a nested field".to_owned();
        return SyntaxError::new(dot, Reason::Message(message)).fail();
    }
    let (i, ()) = cut(kw(Keyword::As)).parse(i)?;
    let (i, expr) = cut(context("an expression", |i| expr(i, depth))).parse(i)?;
    Ok((i, WatermarkSite { at, column_at, watermark: Watermark { column, expr } }))
}
