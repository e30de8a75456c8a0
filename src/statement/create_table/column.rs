//! Columns: physical (`id BIGINT NOT NULL`), metadata (`ts TIMESTAMP_LTZ(3) METADATA FROM
//! 'timestamp'`) and computed (`cost AS price * qty`), each with an optional `COMMENT`.

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use super::constraint::{inline_primary_key, unique, Enforcement, InlinePrimaryKey};
use crate::combinator::required;
use crate::data_type::{data_type, data_type_at_word, DataType};
use crate::expr::{expr, Expr};
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::string::string_literal;
use crate::lexical::{peek_word, skip_ws, Depth, Input, PResult, SyntaxError};
use crate::name::{name_part, Ident};
use crate::print::{SqlWriter, ToSql};
use crate::statement::phrase::comment;

/// One column: `name type ...`, `name type METADATA ...` or `name AS expression`, with an optional
/// `COMMENT 'text'` at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// The column's name (case kept; `$rowtime` needs no backticks).
    pub name: Ident,
    /// Physical, metadata or computed.
    pub kind: ColumnKind,
    /// The `COMMENT` text, if any.
    pub comment: Option<String>,
}

impl Column {
    /// The column's declared type (`None` for a computed column).
    pub fn data_type(&self) -> Option<&DataType> {
        match &self.kind {
            ColumnKind::Physical { data_type, .. } | ColumnKind::Metadata { data_type, .. } => Some(data_type),
            ColumnKind::Computed { .. } => None,
        }
    }
}

impl ToSql for Column {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        self.name.write_sql(w)?;
        match &self.kind {
            ColumnKind::Physical { data_type, primary_key } => {
                w.write_str(" ")?;
                data_type.write_sql(w)?;
                if let Some(key) = primary_key {
                    w.write_str(" ")?;
                    key.write_sql(w)?;
                }
            }
            ColumnKind::Metadata { data_type, key, is_virtual } => {
                w.write_str(" ")?;
                data_type.write_sql(w)?;
                w.write_str(" METADATA")?;
                if let Some(key) = key {
                    w.write_str(" FROM ")?;
                    w.string_literal(key)?;
                }
                if *is_virtual {
                    w.write_str(" VIRTUAL")?;
                }
            }
            ColumnKind::Computed { expr } => {
                w.write_str(" AS ")?;
                expr.write_sql(w)?;
            }
        }
        if let Some(comment) = &self.comment {
            w.write_str(" COMMENT ")?;
            w.string_literal(comment)?;
        }
        Ok(())
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ColumnKind {
    /// `name type [[CONSTRAINT c] PRIMARY KEY NOT ENFORCED]`: stored in the table.
    Physical {
        /// The column's type.
        data_type: DataType,
        /// A primary key declared on this column, if any.
        primary_key: Option<InlinePrimaryKey>,
    },
    /// `name type METADATA [FROM 'key'] [VIRTUAL]`: a connector's metadata (Kafka `offset`, ...).
    Metadata {
        /// The column's type.
        data_type: DataType,
        /// The metadata key when it differs from the column name (`FROM 'key'`).
        key: Option<String>,
        /// `VIRTUAL`: read-only, left out when writing.
        is_virtual: bool,
    },
    /// `name AS expression`: computed from other columns.
    Computed {
        /// The expression.
        expr: Expr,
    },
}

/// Where a column's name is and, when it declares a primary key, where that starts (for the
/// errors of the checks after parsing).
pub(crate) struct ColumnAt<'a> {
    pub(crate) name: Input<'a>,
    pub(crate) primary_key: Option<(Input<'a>, Enforcement<'a>)>,
}

/// `name type [...]`, `name type METADATA [...]` or `name AS expr`, then `[COMMENT 'text']`;
/// appended to `columns` (in place: a column is large, and tables have many).
pub(crate) fn column<'a>(i: Input<'a>, depth: Depth, columns: &mut Vec<Column>) -> PResult<'a, ColumnAt<'a>> {
    let name_at = skip_ws(i);
    let (i, name) = required(i, COLUMN_OR_CONSTRAINT, name_part)?;
    column_after_name(name_at, i, name, depth, columns)
}

/// `column` once its name is read: `name_at` is where the name starts, `i` right after it.
#[inline]
pub(crate) fn column_after_name<'a>(
    name_at: Input<'a>,
    i: Input<'a>,
    name: Ident,
    depth: Depth,
    columns: &mut Vec<Column>,
) -> PResult<'a, ColumnAt<'a>> {
    // The word after the name is read once: `AS`, `KEY` or `FOR` (two or three letters), or
    // else a type, which `data_type` reads.
    let at = skip_ws(i);
    let next = peek_word(at);
    if next.len() == 3 {
        misspelled_element_keyword(name_at, i)?;
    }
    let mut key_at = None;
    let (i, kind) = if next.len() == 2 && next.eq_ignore_ascii_case(Keyword::As.as_str()) {
        let (i, ()) = kw(Keyword::As).parse(i)?;
        let (i, expr) = cut(context("an expression", |i| expr(i, depth))).parse(i)?;
        (i, ColumnKind::Computed { expr })
    } else {
        let (i, data_type) = if next.is_empty() {
            required(i, "a data type", |i| data_type(i, depth))?
        } else {
            // The word is read: the type starts from it (`ws` cannot fail before a word).
            required(at, "a data type", |at| data_type_at_word(at, next, depth))?
        };
        let at = skip_ws(i);
        if matches!(at.as_bytes().first(), Some(b',' | b')')) {
            // The usual end of a column: nothing else to read (no constraint, no COMMENT).
            columns.push(Column { name, kind: ColumnKind::Physical { data_type, primary_key: None }, comment: None });
            return Ok((i, ColumnAt { name: name_at, primary_key: None }));
        }
        match peek_keyword(at) {
            Some(Keyword::Metadata) => metadata(i, data_type)?,
            // `a INT UNIQUE`: refused as the table constraint is, not as a stray word.
            Some(Keyword::Unique) => {
                return unique(at).map(|(i, ())| (i, ColumnAt { name: name_at, primary_key: None }))
            }
            Some(Keyword::Constraint | Keyword::Primary) => {
                let (i, (primary_key, enforcement)) = inline_primary_key(i)?;
                key_at = Some((at, enforcement));
                (i, ColumnKind::Physical { data_type, primary_key: Some(primary_key) })
            }
            _ => (i, ColumnKind::Physical { data_type, primary_key: None }),
        }
    };
    let (i, column_comment) = comment(i)?;
    columns.push(Column { name, kind, comment: column_comment });
    Ok((i, ColumnAt { name: name_at, primary_key: key_at }))
}

pub(crate) const COLUMN_OR_CONSTRAINT: &str = "a column, `WATERMARK` or `PRIMARY KEY`";

/// `PRIMAY KEY (...)` or `WATERMAK FOR ...` would read as a column named `PRIMAY` of type `KEY`:
/// when an unquoted column name is close to `PRIMARY` and `KEY` follows (or to `WATERMARK` and
/// `FOR` follows), the error goes at the misspelled word, with a suggestion.
fn misspelled_element_keyword<'a>(name_at: Input<'a>, after_name: Input<'a>) -> Result<(), nom::Err<SyntaxError<'a>>> {
    // Checked only in the rare case of a name before KEY or FOR: no work on ordinary columns.
    let keyword = if peek_kw(after_name, Keyword::Key) {
        "PRIMARY"
    } else if peek_kw(after_name, Keyword::For) {
        "WATERMARK"
    } else {
        return Ok(());
    };
    if name_at.starts_with('`') {
        return Ok(());
    }
    let word = peek_word(name_at).to_ascii_uppercase();
    if crate::lexical::misspelling_distance(&word, keyword).is_some() {
        return SyntaxError::expected(name_at, COLUMN_OR_CONSTRAINT).fail();
    }
    Ok(())
}

/// `METADATA [FROM 'key'] [VIRTUAL]` after a type.
fn metadata(i: Input<'_>, data_type: DataType) -> PResult<'_, ColumnKind> {
    let (i, ()) = kw(Keyword::Metadata).parse(i)?;
    let (i, key) = if peek_kw(i, Keyword::From) {
        let (i, ()) = kw(Keyword::From).parse(i)?;
        // Adjacent literals join here, as in Flink (whose parser takes a chain of literals).
        let (i, key) = cut(context("a quoted metadata key", string_literal)).parse(i)?;
        (i, Some(key))
    } else {
        (i, None)
    };
    let (i, is_virtual) = nom::combinator::opt(kw(Keyword::Virtual)).map(|v| v.is_some()).parse(i)?;
    Ok((i, ColumnKind::Metadata { data_type, key, is_virtual }))
}
