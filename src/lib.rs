//! # flink-ddl
//!
//! Parses, prints and redacts the connection statements of the Flink SQL dialect of
//! Confluent Cloud for Apache Flink: `CREATE`, `ALTER`, `DROP`, `DESCRIBE` and `SHOW` of
//! connections, the named, stored descriptions of external services (OpenAI, MongoDB, a REST
//! endpoint, ...) that tables and models refer to instead of repeating credentials; and the
//! `CREATE TABLE` statements that use them (with the full column, data type and expression
//! grammar), `DROP TABLE`, `DESCRIBE`, `SHOW TABLES` and `SHOW CREATE TABLE`.
//!
//! ```
//! use flink_ddl::{parse, redact_sql};
//!
//! let sql = "CREATE CONNECTION openai_conn WITH (
//!     'type' = 'OPENAI', 'endpoint' = 'https://api.openai.com/v1', 'api-key' = 'sk-123');
//!   DESCRIBE CONNECTION openai_conn;";
//! let statements = parse(sql)?;
//! assert_eq!(statements.len(), 2);
//! // Display masks credentials; unredacted() is the one way to print them.
//! assert!(statements[0].to_string().contains("'api-key' = '<REDACTED>'"));
//! assert!(statements[0].unredacted().to_string().contains("'api-key' = 'sk-123'"));
//! // Raw text, parseable or not, can be masked for logs and history.
//! assert!(!redact_sql(sql).contains("sk-123"));
//!
//! // Tables name their connection with an option; types and expressions are parsed, not kept as text.
//! let table = flink_ddl::parse_statement(
//!     "CREATE TABLE movies (title STRING, released INT, decade AS released / 10 * 10)
//!      WITH ('connector' = 'mongodb', 'mongodb.connection' = 'mongo_conn')",
//! )?;
//! let flink_ddl::Statement::CreateTable(table) = table else { unreachable!() };
//! assert_eq!(table.connection(), Some("mongo_conn"));
//! # Ok::<(), flink_ddl::ParseError>(())
//! ```
//!
//! This package is the language alone: it knows no catalog, database, cipher or runtime. The
//! statements run in a `Session` of the `flink-ddl-exec` package, over the in-memory catalog
//! there or a persistent one (`flink-ddl-sqlite`).
//!
//! The crate is organised one module per concept, each importing only those below it (no
//! module imports one that imports it back; `tests/architecture.rs` checks it): `lexical`
//! (blanks, keywords, strings, numbers, quoted names), `redaction` (the sensitive-key rule,
//! secrets, text redaction: it knows no AST and no printer), `print` (the one printer and its
//! modes), `name` (`Ident`, `ObjectName`), `options` (`WITH` lists), `data_type` and `expr` (the
//! types and expressions of CREATE TABLE), `statement` (the statements and their parsers),
//! `error` and `parser` (scripts and limits). Grammar: `grammar/flink-ddl.ebnf`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod combinator;
mod data_type;
mod error;
mod expr;
mod lexical;
mod name;
mod option_key;
mod options;
mod parser;
mod print;
mod redaction;
mod repeats;
mod spelling;
mod statement;

pub use data_type::{DataType, IntervalQualifier, Nullability, RowField, TimeUnit, TimeZone, TypeKind, MAX_LENGTH};
pub use error::{ParseError, ParseErrorKind};
pub use expr::{
    Between, BinaryOp, Case, Cast, DateTimeField, Expr, Function, FunctionArgs, IntervalLiteral, IsTest, Like,
    LikeKind, Literal, Niladic, Position, TimestampArith, Trim, TrimSide, UnaryOp,
};
pub use lexical::span::{Location, Span};
pub use name::{Ident, ObjectName};
pub use option_key::{canonical_option_key, option_key_eq};
pub use options::{OptionList, OptionValue, SqlOption};
pub use parser::{
    ends_statement, ParseOptions, Parser, Statements, DEFAULT_MAX_DEPTH, DEFAULT_MAX_INPUT_BYTES,
    DEFAULT_MAX_TREE_OVERHEAD_BYTES,
};
pub use redaction::{
    is_near_sensitive_key, is_sensitive_key, Redactor, Secret, CREDENTIAL_KEYS, REDACTED, SENSITIVE_SUBSTRINGS,
};
pub use statement::{
    AlterConnection, Column, ColumnKind, CreateConnection, CreateTable, DescribeConnection, DescribeTable,
    Distribution, DropConnection, DropTable, FromDatabase, FromOrIn, InlinePrimaryKey, LikeFeature, LikeFilter,
    LikeOption, MergingStrategy, PrimaryKey, ShowConnections, ShowCreateConnection, ShowCreateTable, ShowTables,
    Statement, TableLike, Watermark,
};
// Models, tools and agents (docs/dialect.md#models-tools-and-agents).
pub use statement::{
    AgentDefinition, AlterAction, AlterAgent, AlterAgentAction, AlterModel, AlterTool, CreateAgent, CreateModel,
    CreateTool, DescribeAgent, DescribeModel, DescribeTool, DropAgent, DropModel, DropTool, ModelName, ModelVersion,
    ShowAgents, ShowCreateAgent, ShowCreateModel, ShowCreateTool, ShowModels, ShowTools, ToolSource,
};

/// Parses a script: zero or more statements separated by `;` (a final `;` is optional).
/// `--` line comments and `/* ... */` block comments may appear anywhere whitespace may.
/// An empty or comment-only script gives `Ok(vec![])`.
///
/// ```
/// assert_eq!(flink_ddl::parse("-- nothing here")?, vec![]);
/// assert_eq!(flink_ddl::parse("SHOW CONNECTIONS; SHOW CONNECTIONS LIKE 'a%';")?.len(), 2);
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
pub fn parse(sql: &str) -> Result<Vec<Statement>, ParseError> {
    Parser::new().parse(sql)
}

/// Parses exactly one statement (a trailing `;` is allowed). More than one is an error.
///
/// ```
/// let stmt = flink_ddl::parse_statement("desc connection `my-conn`;")?;
/// assert_eq!(stmt.to_string(), "DESCRIBE CONNECTION `my-conn`");
/// assert!(flink_ddl::parse_statement("SHOW CONNECTIONS; SHOW CONNECTIONS").is_err());
/// # Ok::<(), flink_ddl::ParseError>(())
/// ```
pub fn parse_statement(sql: &str) -> Result<Statement, ParseError> {
    Parser::new().parse_statement(sql)
}

pub use redaction::{redact_broken_sql, redact_sql};
pub use spelling::{likely_meant, misspelling_distance};
