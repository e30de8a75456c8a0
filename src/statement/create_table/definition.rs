//! [`CreateTable`]: the statement's AST, and its printing. The parser is in `mod.rs`.

use std::fmt;

use serde::Serialize;

use super::column::{Column, ColumnKind};
use super::constraint::PrimaryKey;
use super::distribution::Distribution;
use super::like::TableLike;
use super::watermark::Watermark;
use crate::name::{Ident, ObjectName};
use crate::options::{OptionList, OptionValue};
use crate::print::{PrintMode, SqlWriter, ToSql};
use crate::redaction::redact_sql;

/// `CREATE [OR REPLACE] TABLE [IF NOT EXISTS] [catalog.][database.]name [( element [, ...] )]
/// [COMMENT 'text'] [DISTRIBUTED BY [HASH](col, ...) [INTO n BUCKETS] | DISTRIBUTED INTO n BUCKETS]
/// [PARTITIONED BY (col, ...)] [WITH ('key' = 'value', ...)] [LIKE source [(option ...)] | AS query]`
///
/// An element is a column, `WATERMARK FOR col AS expr`, or `[CONSTRAINT name] PRIMARY KEY (col, ...)
/// NOT ENFORCED`. The element list may be left out with `LIKE` or `AS`; with `AS` it may instead
/// be a list of bare column names (`CREATE TABLE t (b, a) AS SELECT a, b FROM s`), which orders
/// the query's columns. A table has at most one primary key (on a column or as a table
/// constraint) and one watermark; their columns must be the table's (unless they come from `LIKE`
/// or `AS`). `OR REPLACE` and `IF NOT EXISTS` exclude each other. Upstream's `USING CONNECTION`
/// is refused: a table names its connection with the `'<connector>.connection'` option.
///
/// The same struct holds Flink's `REPLACE TABLE name ... AS query` ([`crate::Statement::ReplaceTable`]),
/// with `or_replace` and `if_not_exists` false.
///
/// ```
/// use flink_ddl::{parse_statement, Statement};
/// let sql = "CREATE TABLE mongodb_movies (title STRING, plot STRING) WITH (
///     'connector' = 'mongodb', 'mongodb.connection' = 'my_mongodb_connection')";
/// let Statement::CreateTable(table) = parse_statement(sql)? else { unreachable!() };
/// assert_eq!(table.name.to_string(), "mongodb_movies");
/// assert_eq!(table.connector(), Some("mongodb"));
/// assert_eq!(table.connection(), Some("my_mongodb_connection"));
/// assert_eq!(
///     table.to_string(),
///     "CREATE TABLE mongodb_movies (title STRING, plot STRING) \
///      WITH ('connector' = 'mongodb', 'mongodb.connection' = 'my_mongodb_connection')"
/// );
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
// `Debug` is written out below: the query of `AS query` is shown through `redact_sql`.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct CreateTable {
    /// `CREATE OR REPLACE TABLE`: the table is created, or replaced when it exists.
    pub or_replace: bool,
    /// `IF NOT EXISTS` was given.
    pub if_not_exists: bool,
    /// The table's name.
    pub name: ObjectName,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// `(name, ...)` without types, only with `AS query`: the query's columns, in the order the
    /// table takes them (empty otherwise; then there are no other elements).
    pub column_names: Vec<Ident>,
    /// The table-level primary key constraint, if any (a key declared on a column is in that
    /// column's [`ColumnKind::Physical`]; see [`CreateTable::primary_key_columns`]).
    pub primary_key: Option<PrimaryKey>,
    /// The watermark, if any.
    pub watermark: Option<Watermark>,
    /// The `COMMENT` text, if any.
    pub comment: Option<String>,
    /// The `DISTRIBUTED` clause, if any.
    pub distribution: Option<Distribution>,
    /// The `PARTITIONED BY` columns (empty when absent).
    pub partitioned_by: Vec<Ident>,
    /// The `WITH` options, as written (empty when absent; `WITH ()` is the same as no `WITH`).
    pub options: OptionList,
    /// The `LIKE` clause, if any.
    pub like: Option<TableLike>,
    /// The query of `AS query` (CTAS), verbatim from its first to its last token, if any. It is
    /// free text to this crate, so wherever the statement is shown (`Display`, `Debug`, JSON) the
    /// query goes through [`redact_sql`](redact_sql): a `'password' = '...'` written in it
    /// is masked as in any other text. `unredacted()` prints it as written.
    #[serde(serialize_with = "masked_query")]
    pub as_query: Option<String>,
}

impl fmt::Debug for CreateTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateTable")
            .field("or_replace", &self.or_replace)
            .field("if_not_exists", &self.if_not_exists)
            .field("name", &self.name)
            .field("columns", &self.columns)
            .field("column_names", &self.column_names)
            .field("primary_key", &self.primary_key)
            .field("watermark", &self.watermark)
            .field("comment", &self.comment)
            .field("distribution", &self.distribution)
            .field("partitioned_by", &self.partitioned_by)
            .field("options", &self.options)
            .field("like", &self.like)
            .field("as_query", &self.as_query.as_deref().map(redact_sql))
            .finish()
    }
}

/// `as_query` in JSON: through `redact_sql`, as in `Display`.
fn masked_query<S: serde::Serializer>(query: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    query.as_deref().map(redact_sql).serialize(s)
}

impl CreateTable {
    /// A table with only a name: no columns, clauses or options.
    pub fn new(name: ObjectName) -> Self {
        CreateTable {
            or_replace: false,
            if_not_exists: false,
            name,
            columns: Vec::new(),
            column_names: Vec::new(),
            primary_key: None,
            watermark: None,
            comment: None,
            distribution: None,
            partitioned_by: Vec::new(),
            options: OptionList::new(),
            like: None,
            as_query: None,
        }
    }

    /// The primary key's columns, whether declared on a column or as a table constraint.
    pub fn primary_key_columns(&self) -> Option<Vec<&Ident>> {
        if let Some(key) = &self.primary_key {
            return Some(key.columns.iter().collect());
        }
        self.columns
            .iter()
            .find(|c| matches!(c.kind, ColumnKind::Physical { primary_key: Some(_), .. }))
            .map(|c| vec![&c.name])
    }

    /// The value of the `'connector'` option, when it is plain text.
    pub fn connector(&self) -> Option<&str> {
        self.options.get("connector").and_then(OptionValue::as_plain)
    }

    /// The connection an external table uses: the value of its `'<connector>.connection'` option
    /// (dialect.md §6), when both options are there.
    pub fn connection(&self) -> Option<&str> {
        let connector = self.connector()?;
        let key = format!("{connector}.connection");
        self.options.get(&key).and_then(OptionValue::as_plain)
    }

    fn has_elements(&self) -> bool {
        !self.columns.is_empty() || self.primary_key.is_some() || self.watermark.is_some()
    }

    /// What follows `CREATE [OR REPLACE] TABLE` or `REPLACE TABLE`: `[IF NOT EXISTS] name ...`.
    pub(crate) fn write_definition(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        if self.if_not_exists {
            w.write_str("IF NOT EXISTS ")?;
        }
        self.name.write_sql(w)?;
        if !self.column_names.is_empty() {
            w.write_str(" ")?;
            w.parenthesized(&self.column_names)?;
        } else if self.has_elements() {
            w.write_str(" (")?;
            w.comma_separated(&self.columns)?;
            let mut separator = if self.columns.is_empty() { "" } else { ", " };
            if let Some(key) = &self.primary_key {
                w.write_str(separator)?;
                key.write_sql(w)?;
                separator = ", ";
            }
            if let Some(watermark) = &self.watermark {
                w.write_str(separator)?;
                watermark.write_sql(w)?;
            }
            w.write_str(")")?;
        }
        if let Some(comment) = &self.comment {
            w.write_str(" COMMENT ")?;
            w.string_literal(comment)?;
        }
        if let Some(distribution) = &self.distribution {
            w.write_str(" ")?;
            distribution.write_sql(w)?;
        }
        if !self.partitioned_by.is_empty() {
            w.write_str(" PARTITIONED BY ")?;
            w.parenthesized(&self.partitioned_by)?;
        }
        if !self.options.is_empty() {
            w.write_str(" WITH ")?;
            self.options.write_sql(w)?;
        }
        if let Some(like) = &self.like {
            w.write_str(" ")?;
            like.write_sql(w)?;
        }
        if let Some(query) = &self.as_query {
            w.write_str(" AS ")?;
            match w.mode() {
                PrintMode::Unredacted => w.write_str(query)?,
                PrintMode::Redacted(redactor) => w.write_str(&redactor.redact_sql(query))?,
            }
        }
        Ok(())
    }
}

impl ToSql for CreateTable {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str(if self.or_replace { "CREATE OR REPLACE TABLE " } else { "CREATE TABLE " })?;
        self.write_definition(w)
    }
}

impl fmt::Display for CreateTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}
