//! `Statement`, the root of the AST, and the dispatch from a statement's first keywords to the
//! parser of its kind. Scripts (`;`-separated statements) are walked by `crate::parser`.

pub mod connection;

use std::fmt;

use nom::combinator::cut;
use nom::Parser;
use serde::Serialize;

use crate::lexical::keyword::{kw, peek_kw, Keyword};
use crate::lexical::{peek_word, skip_ws, Depth, Input, PResult, Reason, SyntaxError};
use crate::print::{Printed, SqlWriter, ToSql};
use crate::redaction::PrintMode;

pub use connection::{
    AlterConnection, CreateConnection, DescribeConnection, DropConnection, LikeFilter, ShowConnections,
    ShowCreateConnection,
};

/// One parsed statement.
///
/// `Display` prints canonical SQL with credential values masked as `'<REDACTED>'`;
/// [`Statement::unredacted`] prints the real values. Printing then parsing gives back an equal
/// statement, masked or not.
///
/// ```
/// use flink_ddl::{parse_statement, Statement};
/// let stmt = parse_statement("CREATE CONNECTION c WITH ('type' = 'OPENAI', 'api-key' = 'sk-1')")?;
/// assert!(matches!(stmt, Statement::CreateConnection(_)));
/// assert!(!stmt.to_string().contains("sk-1"));
/// assert_eq!(parse_statement(&stmt.unredacted().to_string())?, stmt);
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Statement {
    /// `CREATE [OR REPLACE] CONNECTION ...`
    CreateConnection(CreateConnection),
    /// `ALTER CONNECTION ... SET (...)`
    AlterConnection(AlterConnection),
    /// `DROP CONNECTION ...`
    DropConnection(DropConnection),
    /// `DESCRIBE CONNECTION ...`
    DescribeConnection(DescribeConnection),
    /// `SHOW CONNECTIONS ...`
    ShowConnections(ShowConnections),
    /// `SHOW CREATE CONNECTION ...`
    ShowCreateConnection(ShowCreateConnection),
}

impl Statement {
    /// Canonical SQL with the real credential values. Use it only where the values are meant to
    /// go (a catalog writer, a connection's consumer); `Display` is the safe default.
    ///
    /// ```
    /// let stmt = flink_ddl::parse_statement("ALTER CONNECTION c SET ('password' = 'p')")?;
    /// assert_eq!(stmt.unredacted().to_string(), "ALTER CONNECTION c SET ('password' = 'p')");
    /// # Ok::<(), flink_ddl::ParseError>(())
    /// ```
    pub fn unredacted(&self) -> impl fmt::Display + '_ {
        Printed { node: self, mode: PrintMode::Unredacted }
    }
}

impl ToSql for Statement {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        match self {
            Statement::CreateConnection(s) => s.write_sql(w),
            Statement::AlterConnection(s) => s.write_sql(w),
            Statement::DropConnection(s) => s.write_sql(w),
            Statement::DescribeConnection(s) => s.write_sql(w),
            Statement::ShowConnections(s) => s.write_sql(w),
            Statement::ShowCreateConnection(s) => s.write_sql(w),
        }
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

/// What a statement may start with, for the "expected" part of an error.
const STATEMENT_START: &str = "a statement (CREATE, ALTER, DROP, DESCRIBE or SHOW)";

/// One statement, dispatched on its first keyword. Once the keyword is read the statement's
/// parser is committed, so a broken CREATE CONNECTION is never retried as something else.
pub(crate) fn statement(i: Input<'_>, depth: Depth) -> PResult<'_, Statement> {
    let at = skip_ws(i);
    let word = peek_word(at);
    let _ = depth; // Used by CREATE TABLE (types and expressions nest).
    let upper = |k: Keyword| word.eq_ignore_ascii_case(k.as_str());
    if upper(Keyword::Create) {
        let (i, ()) = kw(Keyword::Create).parse(i)?;
        create(i)
    } else if upper(Keyword::Alter) {
        let (i, ()) = kw(Keyword::Alter).parse(i)?;
        let (i, ()) = object_kind(i, &[Keyword::Connection])?;
        cut(connection::alter_connection).map(Statement::AlterConnection).parse(i)
    } else if upper(Keyword::Drop) {
        let (i, ()) = kw(Keyword::Drop).parse(i)?;
        let (i, ()) = object_kind(i, &[Keyword::Connection])?;
        cut(connection::drop_connection).map(Statement::DropConnection).parse(i)
    } else if upper(Keyword::Describe) || upper(Keyword::Desc) {
        let i = &at[word.len()..];
        let (i, ()) = object_kind(i, &[Keyword::Connection])?;
        cut(connection::describe_connection).map(Statement::DescribeConnection).parse(i)
    } else if upper(Keyword::Show) {
        let (i, ()) = kw(Keyword::Show).parse(i)?;
        show(i)
    } else {
        SyntaxError::expected(at, STATEMENT_START).fail()
    }
}

/// After `CREATE`: `[OR REPLACE] CONNECTION ...`.
fn create(i: Input<'_>) -> PResult<'_, Statement> {
    let (i, or_replace) = or_replace(i)?;
    let (i, ()) = object_kind(i, &[Keyword::Connection])?;
    cut(move |i| connection::create_connection(i, or_replace)).map(Statement::CreateConnection).parse(i)
}

/// After `SHOW`: `CONNECTIONS ...` or `CREATE CONNECTION ...`.
fn show(i: Input<'_>) -> PResult<'_, Statement> {
    let at = skip_ws(i);
    if peek_kw(at, Keyword::Connections) {
        let (i, ()) = kw(Keyword::Connections).parse(i)?;
        return cut(connection::show_connections).map(Statement::ShowConnections).parse(i);
    }
    if peek_kw(at, Keyword::Create) {
        let (i, ()) = kw(Keyword::Create).parse(i)?;
        let (i, ()) = object_kind(i, &[Keyword::Connection])?;
        return cut(connection::show_create_connection).map(Statement::ShowCreateConnection).parse(i);
    }
    let mut err = SyntaxError::expected(at, Keyword::Connections.label());
    err = nom::error::ParseError::or(err, SyntaxError::expected(at, Keyword::Create.label()));
    err.fail()
}

/// `[OR REPLACE]`; after `OR`, `REPLACE` must follow.
fn or_replace(i: Input<'_>) -> PResult<'_, bool> {
    if !peek_kw(i, Keyword::Or) {
        return Ok((i, false));
    }
    let (i, ()) = kw(Keyword::Or).parse(i)?;
    let (i, ()) = cut(kw(Keyword::Replace)).parse(i)?;
    Ok((i, true))
}

/// The kind of object a statement is about (`CONNECTION`, ...), one of `kinds`. Upstream's
/// `TEMPORARY` and `SYSTEM` get an error saying they do not exist here.
fn object_kind<'a>(i: Input<'a>, kinds: &[Keyword]) -> PResult<'a, ()> {
    let at = skip_ws(i);
    for &k in kinds {
        if peek_kw(at, k) {
            return kw(k).parse(i);
        }
    }
    if peek_kw(at, Keyword::Temporary) || peek_kw(at, Keyword::System) {
        let hint = "connections in this dialect are permanent objects of an environment";
        return SyntaxError::new(at, Reason::Unsupported { what: "`TEMPORARY` or `SYSTEM`", hint }).fail();
    }
    let mut err = SyntaxError::expected(at, kinds[0].label());
    for &k in &kinds[1..] {
        err = nom::error::ParseError::or(err, SyntaxError::expected(at, k.label()));
    }
    err.fail()
}
