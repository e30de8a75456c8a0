//! The small table statements: DROP TABLE, SHOW TABLES, DESCRIBE (a table) and SHOW CREATE TABLE.
//!
//! The dispatcher in `statement/mod.rs` has read the leading keywords; from there each parser is
//! committed. CREATE TABLE has its own folder (`create_table/`).

use std::fmt;

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use super::phrase::{from_database, if_exists, like_filter, FromDatabase, LikeFilter};
use crate::lexical::keyword::{kw, Keyword};
use crate::lexical::{Input, PResult};
use crate::name::{object_name, ObjectName};
use crate::print::{SqlWriter, ToSql};

/// `DROP TABLE [IF EXISTS] [catalog.][database.]name`
///
/// ```
/// let stmt = flink_ddl::parse_statement("drop table if exists orders")?;
/// assert_eq!(stmt.to_string(), "DROP TABLE IF EXISTS orders");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DropTable {
    /// `IF EXISTS` was given.
    pub if_exists: bool,
    /// The table's name.
    pub name: ObjectName,
}

impl ToSql for DropTable {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DROP TABLE ")?;
        if self.if_exists {
            w.write_str("IF EXISTS ")?;
        }
        self.name.write_sql(w)
    }
}

/// After `DROP TABLE`.
pub(crate) fn drop_table(i: Input<'_>) -> PResult<'_, DropTable> {
    let (i, if_exists) = if_exists(i)?;
    let (i, name) = table_name(i)?;
    Ok((i, DropTable { if_exists, name }))
}

/// `SHOW TABLES [ (FROM | IN) [catalog.]database ] [ [NOT] { LIKE | ILIKE } 'pattern' ]`
///
/// Lists the tables of a database: the current one, or the one named after `FROM` or `IN`. The
/// pattern works as in SHOW CONNECTIONS.
///
/// ```
/// let stmt = flink_ddl::parse_statement("show tables in shop.orders_db not like 'tmp%'")?;
/// assert_eq!(stmt.to_string(), "SHOW TABLES IN shop.orders_db NOT LIKE 'tmp%'");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowTables {
    /// The database after `FROM` or `IN`, if one is named.
    pub from: Option<FromDatabase>,
    /// The `[NOT] LIKE | ILIKE` filter, if any.
    pub filter: Option<LikeFilter>,
}

impl ToSql for ShowTables {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW TABLES")?;
        if let Some(from) = &self.from {
            w.write_str(" ")?;
            from.write_sql(w)?;
        }
        if let Some(filter) = &self.filter {
            w.write_str(" ")?;
            filter.write_sql(w)?;
        }
        Ok(())
    }
}

/// After `SHOW TABLES`.
pub(crate) fn show_tables(i: Input<'_>) -> PResult<'_, ShowTables> {
    let (i, from) = from_database(i)?;
    let (i, filter) = like_filter(i)?;
    Ok((i, ShowTables { from, filter }))
}

/// `{ DESCRIBE | DESC } [EXTENDED] [catalog.][database.]name` for a table.
///
/// `DESCRIBE CONNECTION name` is the connection statement; so, as in Flink, a table called
/// `connection` is written in backticks after a plain DESCRIBE (after `DESCRIBE EXTENDED` it need
/// not be). Printing always puts such a first name part in backticks.
///
/// ```
/// use flink_ddl::{parse_statement, Statement};
/// assert!(matches!(parse_statement("desc extended orders")?, Statement::DescribeTable(_)));
/// assert!(matches!(parse_statement("DESCRIBE CONNECTION c")?, Statement::DescribeConnection(_)));
/// let stmt = parse_statement("DESCRIBE `connection`")?;
/// assert_eq!(stmt.to_string(), "DESCRIBE `connection`");
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescribeTable {
    /// `EXTENDED` was given.
    pub extended: bool,
    /// The table's name.
    pub name: ObjectName,
}

impl ToSql for DescribeTable {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("DESCRIBE ")?;
        if self.extended {
            w.write_str("EXTENDED ")?;
        }
        for (n, part) in self.name.parts().iter().enumerate() {
            if n > 0 {
                w.write_str(".")?;
            }
            // `DESCRIBE connection` would be read as the start of DESCRIBE CONNECTION.
            if n == 0 && part.as_str().eq_ignore_ascii_case(Keyword::Connection.as_str()) {
                w.write_str("`")?;
                w.write_str(part.as_str())?;
                w.write_str("`")?;
            } else {
                part.write_sql(w)?;
            }
        }
        Ok(())
    }
}

/// After `{DESCRIBE | DESC}`, when the next word is not `CONNECTION`.
pub(crate) fn describe_table(i: Input<'_>) -> PResult<'_, DescribeTable> {
    // EXTENDED is a reserved word, so it can never be the name itself.
    let (i, extended) = nom::combinator::opt(kw(Keyword::Extended)).map(|e| e.is_some()).parse(i)?;
    let (i, name) = table_name(i)?;
    Ok((i, DescribeTable { extended, name }))
}

/// `SHOW CREATE TABLE [catalog.][database.]name`
///
/// Prints the table's CREATE statement with secret option values masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowCreateTable {
    /// The table's name.
    pub name: ObjectName,
}

impl ToSql for ShowCreateTable {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("SHOW CREATE TABLE ")?;
        self.name.write_sql(w)
    }
}

/// After `SHOW CREATE TABLE`.
pub(crate) fn show_create_table(i: Input<'_>) -> PResult<'_, ShowCreateTable> {
    let (i, name) = table_name(i)?;
    Ok((i, ShowCreateTable { name }))
}

/// The table's name, committed.
fn table_name(i: Input<'_>) -> PResult<'_, ObjectName> {
    cut(context("a table name", object_name)).parse(i)
}
