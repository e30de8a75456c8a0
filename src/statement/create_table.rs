//! CREATE TABLE (dialect.md §10): physical, metadata and computed columns, the watermark, the
//! primary key, and the table clauses `COMMENT`, `DISTRIBUTED`, `PARTITIONED BY`, `WITH`, `LIKE`
//! and `AS query`.
//!
//! Each type's doc gives its syntax; its printing sits right below it and its parser after that.
//! The parser reads what was written into a `Draft`, which also keeps every primary key and
//! watermark (a table may have one of each) and the positions of the names the checks talk
//! about; `validate.rs` checks the draft and turns it into a `CreateTable`, so the AST holds no
//! positions and compares equal after a round trip. Types and expressions live in
//! `crate::data_type` and `crate::expr`.

use std::fmt::{self, Write as _};

use nom::combinator::cut;
use nom::error::context;
use nom::Parser;
use serde::Serialize;

use super::connection::{comment, if_not_exists};
use crate::data_type::{data_type, DataType};
use crate::expr::{expr, Expr};
use crate::lexical::comment::{scan_comment, CommentScan};
use crate::lexical::ident::{name_part, object_name, scan_quoted_name, Ident, ObjectName, QuotedScan};
use crate::lexical::keyword::{kw, peek_keyword, peek_kw, Keyword};
use crate::lexical::number::integer_in_range;
use crate::lexical::string::{plain_string_literal, scan_string, StringScan};
use crate::lexical::{peek_word, punct, skip_ws, ws, Depth, Input, PResult, Reason, SyntaxError};
use crate::options::{option_list, EmptyList, KeyComparison, OptionList, OptionValue};
use crate::print::{SqlWriter, ToSql};
use crate::redaction::PrintMode;

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
    /// query goes through [`redact_sql`](crate::redact_sql): a `'password' = '...'` written in it
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
            .field("as_query", &self.as_query.as_deref().map(crate::redact_sql))
            .finish()
    }
}

/// `as_query` in JSON: through `redact_sql`, as in `Display`.
fn masked_query<S: serde::Serializer>(query: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    query.as_deref().map(crate::redact_sql).serialize(s)
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

/// `[CONSTRAINT name] PRIMARY KEY NOT ENFORCED` after a column's type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InlinePrimaryKey {
    /// The constraint's name, if given.
    pub constraint_name: Option<Ident>,
}

impl ToSql for InlinePrimaryKey {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        write_constraint_name(w, self.constraint_name.as_ref())?;
        w.write_str("PRIMARY KEY NOT ENFORCED")
    }
}

fn write_constraint_name(w: &mut SqlWriter<'_>, name: Option<&Ident>) -> fmt::Result {
    if let Some(name) = name {
        w.write_str("CONSTRAINT ")?;
        name.write_sql(w)?;
        w.write_str(" ")?;
    }
    Ok(())
}

/// `[CONSTRAINT name] PRIMARY KEY (col, ...) NOT ENFORCED`. Flink does not own the data, so it
/// never enforces a key: `NOT ENFORCED` is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrimaryKey {
    /// The constraint's name, if given.
    pub constraint_name: Option<Ident>,
    /// The key's columns, in order (at least one).
    pub columns: Vec<Ident>,
}

impl ToSql for PrimaryKey {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        write_constraint_name(w, self.constraint_name.as_ref())?;
        w.write_str("PRIMARY KEY ")?;
        w.parenthesized(&self.columns)?;
        w.write_str(" NOT ENFORCED")
    }
}

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

/// `LIKE source [( option ... )]`: the new table starts from `source`'s definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableLike {
    /// The table copied from.
    pub source: ObjectName,
    /// The merging options, space-separated in the SQL (none means Flink's default,
    /// `INCLUDING ALL OVERWRITING OPTIONS`).
    pub options: Vec<LikeOption>,
}

impl ToSql for TableLike {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str("LIKE ")?;
        self.source.write_sql(w)?;
        if !self.options.is_empty() {
            w.write_str(" (")?;
            for (n, option) in self.options.iter().enumerate() {
                if n > 0 {
                    w.write_str(" ")?;
                }
                option.write_sql(w)?;
            }
            w.write_str(")")?;
        }
        Ok(())
    }
}

/// One `LIKE` option: `INCLUDING ALL`, `EXCLUDING PARTITIONS`, `OVERWRITING OPTIONS`, ...
/// `OVERWRITING` applies to `GENERATED`, `OPTIONS`, `WATERMARKS` and `METADATA` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LikeOption {
    /// How the source's feature is merged.
    pub strategy: MergingStrategy,
    /// Which feature of the source.
    pub feature: LikeFeature,
}

impl ToSql for LikeOption {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        w.write_str(match self.strategy {
            MergingStrategy::Including => "INCLUDING ",
            MergingStrategy::Excluding => "EXCLUDING ",
            MergingStrategy::Overwriting => "OVERWRITING ",
        })?;
        w.write_str(self.feature.as_str())
    }
}

/// How a `LIKE` option merges a feature of the source table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MergingStrategy {
    /// `INCLUDING`: take the source's, fail on a conflict.
    Including,
    /// `EXCLUDING`: leave the source's out.
    Excluding,
    /// `OVERWRITING`: take the source's, the new table's win on a conflict.
    Overwriting,
}

/// The feature of the source table a `LIKE` option is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum LikeFeature {
    /// `ALL`
    All,
    /// `CONSTRAINTS`
    Constraints,
    /// `PARTITIONS`
    Partitions,
    /// `DISTRIBUTION`
    Distribution,
    /// `GENERATED` (computed columns)
    Generated,
    /// `OPTIONS`
    Options,
    /// `WATERMARKS`
    Watermarks,
    /// `METADATA`
    Metadata,
}

impl LikeFeature {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LikeFeature::All => "ALL",
            LikeFeature::Constraints => "CONSTRAINTS",
            LikeFeature::Partitions => "PARTITIONS",
            LikeFeature::Distribution => "DISTRIBUTION",
            LikeFeature::Generated => "GENERATED",
            LikeFeature::Options => "OPTIONS",
            LikeFeature::Watermarks => "WATERMARKS",
            LikeFeature::Metadata => "METADATA",
        }
    }
}

// ---- Parser ----

/// What the parser read, before `validate.rs` checks it and turns it into a `CreateTable`: every
/// primary key and watermark written (the AST holds at most one of each), and the positions of
/// the names the checks report at.
pub(crate) struct Draft<'a> {
    /// The table, with `primary_key` and `watermark` not filled in yet.
    pub(crate) table: CreateTable,
    /// Where each column's name is, in the order of `table.columns`.
    pub(crate) column_at: Vec<Input<'a>>,
    /// Each primary key written, inline or table-level, in source order.
    pub(crate) keys: Vec<KeySite<'a>>,
    /// Each watermark written, in source order.
    pub(crate) watermarks: Vec<WatermarkSite<'a>>,
    /// Where each `PARTITIONED BY` column is.
    pub(crate) partition_at: Vec<Input<'a>>,
    /// Where each `DISTRIBUTED BY` column is.
    pub(crate) distribution_at: Vec<Input<'a>>,
    /// Where each `LIKE` option is.
    pub(crate) like_option_at: Vec<Input<'a>>,
}

/// A primary key as written, with where it starts and where its columns are.
pub(crate) struct KeySite<'a> {
    pub(crate) at: Input<'a>,
    pub(crate) kind: KeyKind<'a>,
}

pub(crate) enum KeyKind<'a> {
    /// On a column (necessarily a physical one, by the grammar).
    Inline,
    /// A table constraint, with the position of each column.
    Table { key: PrimaryKey, column_at: Vec<Input<'a>> },
}

/// A watermark as written, with where it starts and where its column is.
pub(crate) struct WatermarkSite<'a> {
    pub(crate) at: Input<'a>,
    pub(crate) column_at: Input<'a>,
    pub(crate) watermark: Watermark,
}

/// Which statement [`create_table`] reads the rest of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Creation {
    /// `CREATE TABLE`
    Create,
    /// `CREATE OR REPLACE TABLE`
    CreateOrReplace,
    /// `REPLACE TABLE` (Flink's replace-table-as-select): needs `AS query`.
    Replace,
}

/// After `CREATE [OR REPLACE] TABLE` or `REPLACE TABLE`. Everything is committed: `CREATE TABLE`
/// is never anything else.
pub(crate) fn create_table(i: Input<'_>, depth: Depth, creation: Creation) -> PResult<'_, CreateTable> {
    let if_at = skip_ws(i);
    let (i, if_not_exists) = if_not_exists(i)?;
    if if_not_exists && creation != Creation::Create {
        // Replacing and keeping an existing table contradict each other; the same decision as
        // for connections (dialect.md §2). Flink accepts the pair and drops IF NOT EXISTS.
        let first = if creation == Creation::Replace { "REPLACE TABLE" } else { "OR REPLACE" };
        return SyntaxError::new(if_at, Reason::Conflict { first, second: "IF NOT EXISTS" }).fail();
    }
    let (i, name) = cut(context("a table name", object_name)).parse(i)?;
    let mut draft = Draft {
        table: CreateTable {
            or_replace: creation == Creation::CreateOrReplace,
            if_not_exists,
            ..CreateTable::new(name)
        },
        // Transient (dropped after the checks): room for a typical table saves its regrowth.
        column_at: Vec::with_capacity(32),
        keys: Vec::new(),
        watermarks: Vec::new(),
        partition_at: Vec::new(),
        distribution_at: Vec::new(),
        like_option_at: Vec::new(),
    };
    let elements_at = skip_ws(i);
    let has_elements = elements_at.starts_with('(');
    let i = if has_elements { element_list(i, depth, &mut draft)?.0 } else { i };
    let (i, table_comment) = comment(i)?;
    draft.table.comment = table_comment;
    let (i, distribution) = distribution(i, &mut draft.distribution_at)?;
    draft.table.distribution = distribution;
    let (i, partitioned_by) = partitioned_by(i, &mut draft.partition_at)?;
    draft.table.partitioned_by = partitioned_by;
    let i = if peek_kw(i, Keyword::With) {
        let (i, ()) = kw(Keyword::With).parse(i)?;
        let (i, options) = option_list(i, KeyComparison::Exact, EmptyList::Allowed)?;
        draft.table.options = options;
        i
    } else {
        i
    };
    let i = match peek_keyword(i) {
        // Flink's REPLACE TABLE takes a query, never LIKE; without either, the check below says so.
        Some(Keyword::Like) if creation == Creation::Replace => {
            return SyntaxError::expected(skip_ws(i), "`AS` and a query (REPLACE TABLE ... AS SELECT ...)").fail();
        }
        Some(Keyword::Like) => {
            let (i, like) = table_like(i, &mut draft.like_option_at)?;
            draft.table.like = Some(like);
            i
        }
        Some(Keyword::As) => {
            let (i, ()) = kw(Keyword::As).parse(i)?;
            let (i, query) = as_query(i)?;
            draft.table.as_query = Some(query);
            i
        }
        _ => i,
    };
    clause_out_of_place(i)?;
    if creation == Creation::Replace && draft.table.as_query.is_none() {
        return SyntaxError::expected(skip_ws(i), "`AS` and a query (REPLACE TABLE ... AS SELECT ...)").fail();
    }
    if !draft.table.column_names.is_empty() && draft.table.as_query.is_none() {
        let message = "a column list without types names the columns of the query: it needs `AS query` \
                       (CREATE TABLE t (a, b) AS SELECT ...); otherwise give each column a type"
            .to_owned();
        return SyntaxError::new(elements_at, Reason::Message(message)).fail();
    }
    if !has_elements && draft.table.like.is_none() && draft.table.as_query.is_none() {
        // Either clauses follow the name (then the list is missing) or nothing this grammar
        // reads does: a stray word or quote where the list belongs.
        if skip_ws(i).len() != elements_at.len() || at_statement_end(elements_at) {
            let message = "expected a column list `( ... )`: only `CREATE TABLE ... LIKE` and `CREATE TABLE ... AS` \
                           may leave it out"
                .to_owned();
            return SyntaxError::new(elements_at, Reason::Message(message)).fail();
        }
        return SyntaxError::expected(elements_at, "a column list `( ... )`").fail();
    }
    trailing_word(i)?;
    let table = super::validate::create_table(draft)?;
    Ok((i, table))
}

/// At the end of a statement: `;` or the end of the input.
fn at_statement_end(at: Input<'_>) -> bool {
    at.is_empty() || at.starts_with(';')
}

/// After a complete CREATE TABLE, a word that is no clause: name the clauses it could have
/// been (a misspelled `WITH` gets "did you mean `WITH`?").
fn trailing_word(i: Input<'_>) -> Result<(), nom::Err<SyntaxError<'_>>> {
    let at = skip_ws(i);
    if !at.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$' || c == '`') {
        return Ok(());
    }
    let mut err =
        SyntaxError::expected(at, "a clause (`COMMENT`, `DISTRIBUTED BY`, `PARTITIONED BY`, `WITH`, `LIKE` or `AS`)");
    for label in ["`;`", "end of input"] {
        err = nom::error::ParseError::or(err, SyntaxError::expected(at, label));
    }
    err.fail()
}

/// After the last clause: a clause keyword here is out of order or repeated (or upstream's `USING
/// CONNECTION`), which deserves a better message than "expected `;`".
fn clause_out_of_place(i: Input<'_>) -> Result<(), nom::Err<SyntaxError<'_>>> {
    let at = skip_ws(i);
    let clause = match peek_keyword(at) {
        Some(Keyword::Using) => {
            let what = "`USING CONNECTION` in CREATE TABLE";
            let hint = "name the connection with the `'<connector>.connection'` option in WITH, \
                        e.g. 'mongodb.connection' = 'my_connection'";
            return SyntaxError::new(at, Reason::Unsupported { what, hint }).fail();
        }
        Some(Keyword::Comment) => "COMMENT",
        Some(Keyword::Distributed) => "DISTRIBUTED",
        Some(Keyword::Partitioned) => "PARTITIONED BY",
        Some(Keyword::With) => "WITH",
        Some(Keyword::Like) => "LIKE",
        Some(Keyword::As) => "AS",
        _ => return Ok(()),
    };
    let message = format!(
        "`{clause}` is out of place: CREATE TABLE takes at most one of each clause, in the order COMMENT, \
         DISTRIBUTED, PARTITIONED BY, WITH, then LIKE or AS"
    );
    SyntaxError::new(at, Reason::Message(message)).fail()
}

/// `( element {, element} )` or `( name {, name} )`, at the `(`. A first element that is a bare
/// name (a name followed by `,` or `)`) makes the list one of bare names, the column order of a
/// CTAS (`create_table` checks that a query follows).
fn element_list<'a>(i: Input<'a>, depth: Depth, draft: &mut Draft<'a>) -> PResult<'a, ()> {
    let (mut i, ()) = punct("(").parse(i)?;
    if bare_name(i).is_some() {
        return column_name_list_after_paren(i, draft);
    }
    loop {
        i = element(i, depth, draft)?.0;
        let (rest, ()) = ws(i)?;
        if let Some(after_comma) = rest.strip_prefix(',') {
            if skip_ws(after_comma).starts_with(')') {
                return SyntaxError::new(rest, Reason::TrailingComma).fail();
            }
            i = after_comma;
        } else if let Some(after) = rest.strip_prefix(')') {
            return Ok((after, ()));
        } else {
            let err = SyntaxError::expected(rest, "`,`");
            return nom::error::ParseError::or(err, SyntaxError::expected(rest, "`)`")).fail();
        }
    }
}

/// A name followed by `,` or `)`: the name and what follows it. Only names that cannot start
/// another element qualify (`WATERMARK`, `PRIMARY` and `CONSTRAINT` are reserved words).
fn bare_name(i: Input<'_>) -> Option<(Input<'_>, Ident)> {
    let (rest, name) = name_part(i).ok()?;
    let after = skip_ws(rest);
    (after.starts_with(',') || after.starts_with(')')).then_some((rest, name))
}

/// The rest of `( name {, name} )` after the `(`: the columns of a CTAS query, in the table's
/// order. A column with a type among them is an error at the type.
fn column_name_list_after_paren<'a>(mut i: Input<'a>, draft: &mut Draft<'a>) -> PResult<'a, ()> {
    loop {
        let at = skip_ws(i);
        let Some((rest, name)) = bare_name(i) else {
            // A name that runs on into a type, `AS`, or anything else.
            let (rest, _) = cut(context("a column name", name_part)).parse(i)?;
            let after = skip_ws(rest);
            let message = "a column list without types names the query's columns in order; it cannot also \
                           define columns: write every column with its type, or none"
                .to_owned();
            return SyntaxError::new(after, Reason::Message(message)).fail();
        };
        if draft.table.column_names.iter().any(|n| n == &name) {
            return SyntaxError::new(at, Reason::Message(format!("column `{}` is named twice", name.as_str()))).fail();
        }
        draft.table.column_names.push(name);
        let (rest, ()) = ws(rest)?;
        if let Some(after_comma) = rest.strip_prefix(',') {
            if skip_ws(after_comma).starts_with(')') {
                return SyntaxError::new(rest, Reason::TrailingComma).fail();
            }
            i = after_comma;
        } else {
            // `bare_name` saw `)` here.
            return Ok((&rest[1..], ()));
        }
    }
}

/// One element: a column, a watermark or a table constraint, told apart by the first word
/// (`WATERMARK`, `CONSTRAINT` and `PRIMARY` are reserved, so no column is called that unquoted).
fn element<'a>(i: Input<'a>, depth: Depth, draft: &mut Draft<'a>) -> PResult<'a, ()> {
    let at = skip_ws(i);
    match peek_keyword(at) {
        Some(Keyword::Watermark) => watermark(i, depth, draft),
        Some(Keyword::Constraint | Keyword::Primary) => table_constraint(i, draft),
        Some(Keyword::Unique) => unique(at),
        _ => column(i, depth, draft),
    }
}

fn unique(at: Input<'_>) -> PResult<'_, ()> {
    let hint = "the only constraint is `PRIMARY KEY (...) NOT ENFORCED`";
    SyntaxError::new(at, Reason::Unsupported { what: "`UNIQUE` constraints", hint }).fail()
}

/// `name type [...]`, `name type METADATA [...]` or `name AS expr`, then `[COMMENT 'text']`.
fn column<'a>(i: Input<'a>, depth: Depth, draft: &mut Draft<'a>) -> PResult<'a, ()> {
    let name_at = skip_ws(i);
    let (i, name) = cut(context(COLUMN_OR_CONSTRAINT, name_part)).parse(i)?;
    misspelled_element_keyword(name_at, i)?;
    let (i, kind) = if peek_kw(i, Keyword::As) {
        let (i, ()) = kw(Keyword::As).parse(i)?;
        let (i, expr) = cut(context("an expression", |i| expr(i, depth))).parse(i)?;
        (i, ColumnKind::Computed { expr })
    } else {
        let (i, data_type) = cut(context("a data type", |i| data_type(i, depth))).parse(i)?;
        let at = skip_ws(i);
        match peek_keyword(at) {
            Some(Keyword::Metadata) => metadata(i, data_type)?,
            Some(Keyword::Constraint | Keyword::Primary) => {
                let (i, primary_key) = inline_primary_key(i)?;
                draft.keys.push(KeySite { at, kind: KeyKind::Inline });
                (i, ColumnKind::Physical { data_type, primary_key: Some(primary_key) })
            }
            _ => (i, ColumnKind::Physical { data_type, primary_key: None }),
        }
    };
    let (i, column_comment) = comment(i)?;
    draft.table.columns.push(Column { name, kind, comment: column_comment });
    draft.column_at.push(name_at);
    Ok((i, ()))
}

const COLUMN_OR_CONSTRAINT: &str = "a column, `WATERMARK` or `PRIMARY KEY`";

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
    if word != keyword && strsim::osa_distance(&word, keyword) <= 2 {
        return SyntaxError::expected(name_at, COLUMN_OR_CONSTRAINT).fail();
    }
    Ok(())
}

/// `METADATA [FROM 'key'] [VIRTUAL]` after a type.
fn metadata(i: Input<'_>, data_type: DataType) -> PResult<'_, ColumnKind> {
    let (i, ()) = kw(Keyword::Metadata).parse(i)?;
    let (i, key) = if peek_kw(i, Keyword::From) {
        let (i, ()) = kw(Keyword::From).parse(i)?;
        let (i, key) = cut(context("a quoted metadata key", plain_string_literal)).parse(i)?;
        (i, Some(key))
    } else {
        (i, None)
    };
    let (i, is_virtual) = nom::combinator::opt(kw(Keyword::Virtual)).map(|v| v.is_some()).parse(i)?;
    Ok((i, ColumnKind::Metadata { data_type, key, is_virtual }))
}

/// `[CONSTRAINT name] PRIMARY KEY NOT ENFORCED` after a column's type.
fn inline_primary_key(i: Input<'_>) -> PResult<'_, InlinePrimaryKey> {
    let (i, constraint_name) = constraint_name(i)?;
    let (i, ()) = primary_key_words(i)?;
    let (i, ()) = not_enforced(i)?;
    Ok((i, InlinePrimaryKey { constraint_name }))
}

/// `[CONSTRAINT name] PRIMARY KEY (col, ...) NOT ENFORCED` as an element.
fn table_constraint<'a>(i: Input<'a>, draft: &mut Draft<'a>) -> PResult<'a, ()> {
    let at = skip_ws(i);
    let (i, constraint_name) = constraint_name(i)?;
    let (i, ()) = primary_key_words(i)?;
    let mut column_at = Vec::new();
    let (i, columns) = column_name_list(i, &mut column_at)?;
    let (i, ()) = not_enforced(i)?;
    draft.keys.push(KeySite { at, kind: KeyKind::Table { key: PrimaryKey { constraint_name, columns }, column_at } });
    Ok((i, ()))
}

/// `[CONSTRAINT name]`
fn constraint_name(i: Input<'_>) -> PResult<'_, Option<Ident>> {
    if !peek_kw(i, Keyword::Constraint) {
        return Ok((i, None));
    }
    let (i, ()) = kw(Keyword::Constraint).parse(i)?;
    let (i, name) = cut(context("a constraint name", name_part)).parse(i)?;
    Ok((i, Some(name)))
}

/// `PRIMARY KEY` (after `CONSTRAINT name`, `UNIQUE` gets its own message).
fn primary_key_words(i: Input<'_>) -> PResult<'_, ()> {
    let at = skip_ws(i);
    if peek_kw(at, Keyword::Unique) {
        return unique(at);
    }
    let (i, ()) = cut(kw(Keyword::Primary)).parse(i)?;
    cut(kw(Keyword::Key)).parse(i)
}

/// `NOT ENFORCED`, which a primary key must have: Flink does not own the data, so it cannot
/// enforce the key.
fn not_enforced(i: Input<'_>) -> PResult<'_, ()> {
    let at = skip_ws(i);
    match peek_keyword(at) {
        Some(Keyword::Not) => {
            let (i, ()) = kw(Keyword::Not).parse(i)?;
            cut(kw(Keyword::Enforced)).parse(i)
        }
        Some(Keyword::Enforced) => {
            let what = "an `ENFORCED` primary key";
            let hint = "Flink does not own the data and cannot enforce a key: write `NOT ENFORCED`";
            SyntaxError::new(at, Reason::Unsupported { what, hint }).fail()
        }
        _ => SyntaxError::expected(at, "`NOT ENFORCED`").fail(),
    }
}

/// `WATERMARK FOR column AS expression`.
fn watermark<'a>(i: Input<'a>, depth: Depth, draft: &mut Draft<'a>) -> PResult<'a, ()> {
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
    draft.watermarks.push(WatermarkSite { at, column_at, watermark: Watermark { column, expr } });
    Ok((i, ()))
}

/// `( name {, name} )`, committed; records where each name is.
fn column_name_list<'a>(i: Input<'a>, positions: &mut Vec<Input<'a>>) -> PResult<'a, Vec<Ident>> {
    let (mut i, ()) = cut(punct("(")).parse(i)?;
    let mut names = Vec::new();
    loop {
        positions.push(skip_ws(i));
        let (rest, name) = cut(context("a column name", name_part)).parse(i)?;
        names.push(name);
        let (rest, ()) = ws(rest)?;
        if let Some(after_comma) = rest.strip_prefix(',') {
            if skip_ws(after_comma).starts_with(')') {
                return SyntaxError::new(rest, Reason::TrailingComma).fail();
            }
            i = after_comma;
        } else if let Some(after) = rest.strip_prefix(')') {
            return Ok((after, names));
        } else {
            let err = SyntaxError::expected(rest, "`,`");
            return nom::error::ParseError::or(err, SyntaxError::expected(rest, "`)`")).fail();
        }
    }
}

/// `[DISTRIBUTED BY [HASH] (col, ...) [INTO n BUCKETS] | DISTRIBUTED INTO n BUCKETS]`.
fn distribution<'a>(i: Input<'a>, positions: &mut Vec<Input<'a>>) -> PResult<'a, Option<Distribution>> {
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
fn partitioned_by<'a>(i: Input<'a>, positions: &mut Vec<Input<'a>>) -> PResult<'a, Vec<Ident>> {
    if !peek_kw(i, Keyword::Partitioned) {
        return Ok((i, Vec::new()));
    }
    let (i, ()) = kw(Keyword::Partitioned).parse(i)?;
    let (i, ()) = cut(kw(Keyword::By)).parse(i)?;
    column_name_list(i, positions)
}

/// `LIKE source [( option {option} )]`.
fn table_like<'a>(i: Input<'a>, positions: &mut Vec<Input<'a>>) -> PResult<'a, TableLike> {
    let (i, ()) = kw(Keyword::Like).parse(i)?;
    let (i, source) = cut(context("a table name", object_name)).parse(i)?;
    let Ok((mut i, ())) = punct("(").parse(i) else { return Ok((i, TableLike { source, options: Vec::new() })) };
    let mut options = Vec::new();
    loop {
        let at = skip_ws(i);
        // At least one option: `LIKE t ()` is an error, as in Flink.
        if !options.is_empty() {
            if let Some(rest) = at.strip_prefix(')') {
                return Ok((rest, TableLike { source, options }));
            }
        }
        let (rest, option) = like_option(i, !options.is_empty())?;
        positions.push(at);
        options.push(option);
        i = rest;
    }
}

/// `{INCLUDING | EXCLUDING} {ALL | CONSTRAINTS | PARTITIONS | DISTRIBUTION}` or
/// `{INCLUDING | EXCLUDING | OVERWRITING} {GENERATED | OPTIONS | WATERMARKS | METADATA}`.
/// `or_close`: a `)` may come instead (after the first option).
fn like_option(i: Input<'_>, or_close: bool) -> PResult<'_, LikeOption> {
    let at = skip_ws(i);
    let strategy = match peek_keyword(at) {
        Some(Keyword::Including) => MergingStrategy::Including,
        Some(Keyword::Excluding) => MergingStrategy::Excluding,
        Some(Keyword::Overwriting) => MergingStrategy::Overwriting,
        _ => {
            let mut err = SyntaxError::expected(at, "`INCLUDING`");
            for label in ["`EXCLUDING`", "`OVERWRITING`"] {
                err = nom::error::ParseError::or(err, SyntaxError::expected(at, label));
            }
            if or_close {
                err = nom::error::ParseError::or(err, SyntaxError::expected(at, "`)`"));
            }
            return err.fail();
        }
    };
    let rest = &at[peek_word(at).len()..];
    let feature_at = skip_ws(rest);
    let feature = match peek_keyword(feature_at) {
        Some(Keyword::All) => LikeFeature::All,
        Some(Keyword::Constraints) => LikeFeature::Constraints,
        Some(Keyword::Partitions) => LikeFeature::Partitions,
        Some(Keyword::Distribution) => LikeFeature::Distribution,
        Some(Keyword::Generated) => LikeFeature::Generated,
        Some(Keyword::Options) => LikeFeature::Options,
        Some(Keyword::Watermarks) => LikeFeature::Watermarks,
        Some(Keyword::Metadata) => LikeFeature::Metadata,
        _ => {
            let label = "a LIKE feature (ALL, CONSTRAINTS, PARTITIONS, DISTRIBUTION, GENERATED, OPTIONS, WATERMARKS \
                         or METADATA)";
            return SyntaxError::expected(feature_at, label).fail();
        }
    };
    let overwritable = matches!(
        feature,
        LikeFeature::Generated | LikeFeature::Options | LikeFeature::Watermarks | LikeFeature::Metadata
    );
    if strategy == MergingStrategy::Overwriting && !overwritable {
        let message = format!(
            "`OVERWRITING {}` is not a LIKE option: OVERWRITING applies to GENERATED, OPTIONS, WATERMARKS or METADATA",
            feature.as_str()
        );
        return SyntaxError::new(feature_at, Reason::Message(message)).fail();
    }
    Ok((&feature_at[peek_word(feature_at).len()..], LikeOption { strategy, feature }))
}

/// After `AS`: the query, kept verbatim from its first to its last token. It runs to the end of
/// the statement (`;` or the end of the input); string literals, quoted names and comments are
/// skipped whole, so a `;` or `)` inside them does not count, and parentheses must balance.
fn as_query(i: Input<'_>) -> PResult<'_, String> {
    let (start, ()) = ws(i)?;
    let first = peek_word(start);
    let is_query = start.starts_with('(')
        || matches!(Keyword::of_word(first), Some(Keyword::Select | Keyword::With | Keyword::Values | Keyword::Table));
    if !is_query {
        return SyntaxError::expected(start, "a query (SELECT, WITH, VALUES, TABLE or `(`)").fail();
    }
    let bytes = start.as_bytes();
    let mut open: Vec<Input<'_>> = Vec::new();
    let mut pos = 0;
    let mut end = 0;
    while let Some(&byte) = bytes.get(pos) {
        let rest = &start[pos..];
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                pos += 1;
                continue;
            }
            b'\'' => match scan_string(rest) {
                StringScan::String { len, .. } => pos += len,
                StringScan::Unterminated | StringScan::NotAString => {
                    return SyntaxError::new(rest, Reason::UnterminatedString).fail()
                }
            },
            b'`' => match scan_quoted_name(rest) {
                QuotedScan::Quoted { len, .. } => pos += len,
                QuotedScan::Unterminated | QuotedScan::NotQuoted => {
                    return SyntaxError::new(rest, Reason::UnterminatedQuotedName).fail()
                }
            },
            b'-' | b'/' => match scan_comment(rest) {
                // A comment is not a token: the query does not end with it.
                CommentScan::Comment { len } => {
                    pos += len;
                    continue;
                }
                CommentScan::Unterminated => return SyntaxError::new(rest, Reason::UnterminatedComment).fail(),
                CommentScan::NotAComment => pos += 1,
            },
            b'(' => {
                open.push(rest);
                pos += 1;
            }
            b')' => {
                if open.pop().is_none() {
                    let message = "unbalanced `)` in the query: no `(` is open here".to_owned();
                    return SyntaxError::new(rest, Reason::Message(message)).fail();
                }
                pos += 1;
            }
            b';' => break,
            _ => pos += rest.chars().next().map_or(1, char::len_utf8),
        }
        end = pos;
    }
    if let Some(unclosed) = open.last() {
        let message = "unbalanced `(` in the query: it is never closed before the statement ends".to_owned();
        return SyntaxError::new(unclosed, Reason::Message(message)).fail();
    }
    Ok((&start[end..], start[..end].to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Result<(&str, String), SyntaxError<'_>> {
        match as_query(text) {
            Ok(ok) => Ok(ok),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
            Err(nom::Err::Incomplete(_)) => unreachable!(),
        }
    }

    #[test]
    fn a_query_runs_to_the_statement_end() {
        assert_eq!(query(" SELECT * FROM t ; next").unwrap(), (" ; next", "SELECT * FROM t".into()));
        assert_eq!(query("SELECT 1").unwrap(), ("", "SELECT 1".into()));
        let text = "SELECT ';', `a;b`, f(x) /* ; */ FROM t -- trailing ; comment\n";
        assert_eq!(query(text).unwrap().1, "SELECT ';', `a;b`, f(x) /* ; */ FROM t");
        assert_eq!(query("(SELECT 1) -- c").unwrap(), (" -- c", "(SELECT 1)".into()));
        assert_eq!(query("VALUES ('é', (1))").unwrap().1, "VALUES ('é', (1))");
    }

    #[test]
    fn a_query_must_balance_and_be_terminated() {
        let e = query("SELECT f(x FROM t; SELECT 1").unwrap_err();
        assert_eq!(e.at, "(x FROM t; SELECT 1");
        let e = query("SELECT a) FROM t").unwrap_err();
        assert_eq!(e.at, ") FROM t");
        assert_eq!(query("SELECT 'abc").unwrap_err().reason, Reason::UnterminatedString);
        assert_eq!(query("SELECT `abc").unwrap_err().reason, Reason::UnterminatedQuotedName);
        assert_eq!(query("SELECT /* abc").unwrap_err().reason, Reason::UnterminatedComment);
        assert!(matches!(query("").unwrap_err().reason, Reason::Expected(_)));
        assert!(matches!(query("DROP TABLE x").unwrap_err().reason, Reason::Expected(_)));
    }
}
