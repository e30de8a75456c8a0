//! The connection statements: CREATE, ALTER, DROP, DESCRIBE, SHOW CONNECTIONS and SHOW CREATE.
//!
//! Each type's doc gives its syntax; its printing sits right below it and its parser after that.
//! The dispatcher in `statement/mod.rs` has read the leading keywords (`CREATE [OR REPLACE]`,
//! `ALTER`, ...) and the word `CONNECTION`; from there each parser is committed (`cut`), so an
//! error points at the real problem, never back at the start of the statement.

use std::fmt;

use nom::combinator::cut;
use nom::Parser;
use serde::Serialize;

use super::phrase::{comment, if_exists, if_not_exists, like_filter, LikeFilter};
use crate::lexical::keyword::{kw, peek_kw, Keyword};
use crate::lexical::{peek_word, skip_ws, Input, PResult, Reason, SyntaxError};
use crate::name::{object_name, ObjectName};
use crate::options::{option_list, EmptyList, KeyComparison, OptionList};
use crate::print::{SqlWriter, ToSql};

/// `CREATE [OR REPLACE] CONNECTION [IF NOT EXISTS] [environment.][db.]name [COMMENT 'text']
/// WITH ('key' = 'value' [, ...])`
///
/// The list must not be empty; `type` and `endpoint` are required, but that is the executor's
/// rule, so the parser keeps any keys. `OR REPLACE` and `IF NOT EXISTS` exclude each other.
///
/// ```
/// let stmt = flink_ddl::parse_statement(
///     "create connection if not exists c comment 'llm' with ('type' = 'openai', 'api-key' = 'sk-1')",
/// )?;
/// assert_eq!(
///     stmt.to_string(),
///     "CREATE CONNECTION IF NOT EXISTS c COMMENT 'llm' WITH ('type' = 'openai', 'api-key' = '<REDACTED>')"
/// );
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateConnection {
    /// `OR REPLACE` was given.
    pub or_replace: bool,
    /// `IF NOT EXISTS` was given.
    pub if_not_exists: bool,
    /// The connection's name.
    pub name: ObjectName,
    /// The `COMMENT` text, if any.
    pub comment: Option<String>,
    /// The `WITH` options, as written.
    pub options: OptionList,
}

impl ToSql for CreateConnection {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.keyword(Keyword::Create)?;
        if self.or_replace {
            w.space_keyword(Keyword::Or)?;
            w.space_keyword(Keyword::Replace)?;
        }
        w.space_keyword(Keyword::Connection)?;
        if self.if_not_exists {
            w.write_str(" IF NOT EXISTS")?;
        }
        w.write_str(" ")?;
        self.name.write_sql(w)?;
        if let Some(comment) = &self.comment {
            w.space_keyword(Keyword::Comment)?;
            w.write_str(" ")?;
            w.string_literal(comment)?;
        }
        w.space_keyword(Keyword::With)?;
        w.write_str(" ")?;
        self.options.write_sql(w)
    }
}

/// After `CREATE [OR REPLACE] CONNECTION`.
pub(crate) fn create_connection(i: Input<'_>, or_replace: bool) -> PResult<'_, CreateConnection> {
    let if_at = skip_ws(i);
    let (i, if_not_exists) = if_not_exists(i)?;
    if or_replace && if_not_exists {
        return SyntaxError::new(if_at, Reason::Conflict { first: "OR REPLACE", second: "IF NOT EXISTS" }).fail();
    }
    let (i, name) = connection_name(i)?;
    let (i, comment) = comment(i)?;
    let (i, ()) = cut(kw(Keyword::With)).parse(i)?;
    let (i, options) = option_list(i, KeyComparison::Normalized, EmptyList::Refused)?;
    Ok((i, CreateConnection { or_replace, if_not_exists, name, comment, options }))
}

/// `ALTER CONNECTION [IF EXISTS] [environment.][db.]name SET ('key' = 'value' [, ...])`
///
/// Changes credentials only; `type` and `endpoint` stay as created (the executor checks). Flink's
/// `RESET (...)` and `RENAME TO` do not exist in this dialect and are parse errors.
///
/// ```
/// let shown = flink_ddl::parse_statement("alter connection c set ('api-key' = 'sk-1')")?.to_string();
/// assert_eq!(shown, "ALTER CONNECTION c SET ('api-key' = '<REDACTED>')");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlterConnection {
    /// `IF EXISTS` was given.
    pub if_exists: bool,
    /// The connection's name.
    pub name: ObjectName,
    /// The `SET` options, as written.
    pub options: OptionList,
}

impl ToSql for AlterConnection {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("ALTER CONNECTION ")?;
        if self.if_exists {
            w.write_str("IF EXISTS ")?;
        }
        self.name.write_sql(w)?;
        w.write_str(" SET ")?;
        self.options.write_sql(w)
    }
}

/// After `ALTER CONNECTION`.
pub(crate) fn alter_connection(i: Input<'_>) -> PResult<'_, AlterConnection> {
    let (i, if_exists) = if_exists(i)?;
    let (i, name) = connection_name(i)?;
    let at = skip_ws(i);
    let word = peek_word(at);
    if word.eq_ignore_ascii_case("RESET") || word.eq_ignore_ascii_case("RENAME") {
        let what = if word.eq_ignore_ascii_case("RESET") {
            "`ALTER CONNECTION ... RESET`"
        } else {
            "`ALTER CONNECTION ... RENAME TO`"
        };
        let hint = "only `SET ('key' = 'value', ...)` exists here, and it changes credentials only";
        return SyntaxError::new(at, Reason::Unsupported { what, hint }).fail();
    }
    let (i, ()) = cut(kw(Keyword::Set)).parse(i)?;
    let (i, options) = option_list(i, KeyComparison::Normalized, EmptyList::Refused)?;
    Ok((i, AlterConnection { if_exists, name, options }))
}

/// `DROP CONNECTION [IF EXISTS] [environment.][db.]name`
///
/// Deletes the connection and its stored credentials; refused while a table uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DropConnection {
    /// `IF EXISTS` was given.
    pub if_exists: bool,
    /// The connection's name.
    pub name: ObjectName,
}

impl ToSql for DropConnection {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DROP CONNECTION ")?;
        if self.if_exists {
            w.write_str("IF EXISTS ")?;
        }
        self.name.write_sql(w)
    }
}

/// After `DROP CONNECTION`.
pub(crate) fn drop_connection(i: Input<'_>) -> PResult<'_, DropConnection> {
    let (i, if_exists) = if_exists(i)?;
    let (i, name) = connection_name(i)?;
    Ok((i, DropConnection { if_exists, name }))
}

/// `{ DESCRIBE | DESC } CONNECTION [EXTENDED] [environment.][db.]name`
///
/// `DESC` is a spelling of `DESCRIBE` (printed as `DESCRIBE`); `EXTENDED` adds a Comment row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescribeConnection {
    /// `EXTENDED` was given.
    pub extended: bool,
    /// The connection's name.
    pub name: ObjectName,
}

impl ToSql for DescribeConnection {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DESCRIBE CONNECTION ")?;
        if self.extended {
            w.write_str("EXTENDED ")?;
        }
        self.name.write_sql(w)
    }
}

/// After `{DESCRIBE | DESC} CONNECTION`.
pub(crate) fn describe_connection(i: Input<'_>) -> PResult<'_, DescribeConnection> {
    // EXTENDED is a reserved word, so it can never be the name itself.
    let (i, extended) = nom::combinator::opt(kw(Keyword::Extended)).map(|e| e.is_some()).parse(i)?;
    let (i, name) = connection_name(i)?;
    Ok((i, DescribeConnection { extended, name }))
}

/// `SHOW CONNECTIONS [ [NOT] { LIKE | ILIKE } 'pattern' ]`
///
/// Lists the connections of the current environment, cloud and region, ordered by name. In the
/// pattern `%` is any run, `_` one character and `\` escapes the next; LIKE is case-sensitive,
/// ILIKE is not. Upstream's `FROM | IN db` is not part of this dialect.
///
/// ```
/// let stmt = flink_ddl::parse_statement(r"show connections not ilike 'tmp\_%'")?;
/// assert_eq!(stmt.to_string(), r"SHOW CONNECTIONS NOT ILIKE 'tmp\_%'");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowConnections {
    /// The `[NOT] LIKE | ILIKE` filter, if any.
    pub filter: Option<LikeFilter>,
}

impl ToSql for ShowConnections {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW CONNECTIONS")?;
        if let Some(filter) = &self.filter {
            w.write_str(" ")?;
            filter.write_sql(w)?;
        }
        Ok(())
    }
}

/// After `SHOW CONNECTIONS`.
pub(crate) fn show_connections(i: Input<'_>) -> PResult<'_, ShowConnections> {
    let at = skip_ws(i);
    if peek_kw(at, Keyword::From) || peek_kw(at, Keyword::In) {
        let hint = "connections belong to the current environment, cloud and region";
        return SyntaxError::new(at, Reason::Unsupported { what: "`SHOW CONNECTIONS FROM | IN`", hint }).fail();
    }
    let (i, filter) = like_filter(i)?;
    Ok((i, ShowConnections { filter }))
}

/// `SHOW CREATE CONNECTION [environment.][db.]name`
///
/// Prints the connection's CREATE statement with secret values masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowCreateConnection {
    /// The connection's name.
    pub name: ObjectName,
}

impl ToSql for ShowCreateConnection {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW CREATE CONNECTION ")?;
        self.name.write_sql(w)
    }
}

/// After `SHOW CREATE CONNECTION`.
pub(crate) fn show_create_connection(i: Input<'_>) -> PResult<'_, ShowCreateConnection> {
    let (i, name) = connection_name(i)?;
    Ok((i, ShowCreateConnection { name }))
}

/// The connection's name, committed: after `CONNECTION` nothing else may follow.
fn connection_name(i: Input<'_>) -> PResult<'_, ObjectName> {
    cut(nom::error::context("a connection name", object_name)).parse(i)
}
