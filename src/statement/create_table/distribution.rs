//! How a table's rows are spread: `DISTRIBUTED BY [HASH] (col, ...) [INTO n BUCKETS]`,
//! `DISTRIBUTED INTO n BUCKETS`, and `PARTITIONED BY (col, ...)`.

use std::fmt::{self, Write as _};

use nom::combinator::cut;
use nom::Parser;
use serde::Serialize;

use super::column_list::column_name_list;
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::number::integer_in_range;
use crate::lexical::{skip_ws, Input, PResult, Reason, SyntaxError};
use crate::name::Ident;
use crate::print::{SqlWriter, ToSql};

/// The `DISTRIBUTED` clause: how rows are spread over buckets (Kafka partitions; 6 by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Distribution {
    /// `DISTRIBUTED BY [HASH] (col, ...) [INTO n BUCKETS]`.
    By {
        /// `HASH` was written (hash is the only algorithm here, so it means the same either way).
        hash: bool,
        /// The bucket key's columns (at least one).
        columns: Vec<Ident>,
        /// The bucket count, if given (1 to 2147483647).
        buckets: Option<u32>,
    },
    /// `DISTRIBUTED INTO n BUCKETS`.
    Into {
        /// The bucket count (1 to 2147483647).
        buckets: u32,
    },
}

impl ToSql for Distribution {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            Distribution::By { hash, columns, buckets } => {
                w.write_str(if *hash { "DISTRIBUTED BY HASH" } else { "DISTRIBUTED BY " })?;
                w.parenthesized(columns)?;
                if let Some(n) = buckets {
                    write!(w, " INTO {n} BUCKETS")?;
                }
                Ok(())
            }
            Distribution::Into { buckets } => write!(w, "DISTRIBUTED INTO {buckets} BUCKETS"),
        }
    }
}

/// `[DISTRIBUTED BY [HASH] (col, ...) [INTO n BUCKETS] | DISTRIBUTED INTO n BUCKETS]`.
pub(crate) fn distribution<'a>(i: Input<'a>, positions: &mut Vec<Input<'a>>) -> PResult<'a, Option<Distribution>> {
    if !peek_kw(i, Keyword::Distributed) {
        return Ok((i, None));
    }
    let (i, ()) = kw(Keyword::Distributed).parse(i)?;
    let at = skip_ws(i);
    match peek_keyword(at) {
        Some(Keyword::By) => {
            let (i, ()) = kw(Keyword::By).parse(i)?;
            let at = skip_ws(i);
            let (i, hash) = match peek_keyword(at) {
                Some(Keyword::Hash) => (kw(Keyword::Hash).parse(i)?.0, true),
                Some(Keyword::Range) => {
                    let what = "`DISTRIBUTED BY RANGE`";
                    let hint =
                        "rows are distributed by hash: write `DISTRIBUTED BY HASH(...)` or `DISTRIBUTED BY (...)`";
                    return SyntaxError::new(at, Reason::Unsupported { what, hint }).fail();
                }
                _ => (i, false),
            };
            let (i, columns) = column_name_list(i, positions)?;
            let (i, buckets) =
                if peek_kw(i, Keyword::Into) { buckets(i).map(|(i, n)| (i, Some(n)))? } else { (i, None) };
            Ok((i, Some(Distribution::By { hash, columns, buckets })))
        }
        Some(Keyword::Into) => {
            let (i, buckets) = buckets(i)?;
            Ok((i, Some(Distribution::Into { buckets })))
        }
        _ => {
            let err = SyntaxError::expected(at, "`BY`");
            nom::error::ParseError::or(err, SyntaxError::expected(at, "`INTO`")).fail()
        }
    }
}

/// `INTO n BUCKETS`, n in 1..=2147483647.
fn buckets(i: Input<'_>) -> PResult<'_, u32> {
    let (i, ()) = kw(Keyword::Into).parse(i)?;
    let (i, n) = integer_in_range(i, "the number of buckets", 1, 2_147_483_647)?;
    let (i, ()) = cut(kw(Keyword::Buckets)).parse(i)?;
    Ok((i, n))
}

/// `[PARTITIONED BY (col, ...)]`.
pub(crate) fn partitioned_by<'a>(i: Input<'a>, positions: &mut Vec<Input<'a>>) -> PResult<'a, Vec<Ident>> {
    if !peek_kw(i, Keyword::Partitioned) {
        return Ok((i, Vec::new()));
    }
    let (i, ()) = kw(Keyword::Partitioned).parse(i)?;
    let (i, ()) = cut(kw(Keyword::By)).parse(i)?;
    column_name_list(i, positions)
}
