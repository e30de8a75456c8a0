//! The comparison with sqlparser-rs: which dialect, and the statements of a corpus it accepts.
//!
//! `GenericDialect`: sqlparser-rs has no Flink dialect, and on these corpora the generic one
//! accepts as much as any other (measured with 0.64: the same 6,948 SHOW CONNECTIONS statements as
//! every dialect on the connection corpus; 1,773 statements of the table corpus, where Hive takes
//! 12 more and PostgreSQL and Snowflake far fewer). It is also what a Rust user picks for a dialect
//! sqlparser-rs does not know. The subset is filtered statement by statement, once, outside
//! any timed loop.
#![allow(dead_code)]

use sqlparser::dialect::GenericDialect;

use crate::corpus::Corpus;

/// The dialect the benches compare with, by name (for the printed tables).
pub const DIALECT: &str = "GenericDialect";

/// sqlparser-rs's parse of `sql`, with the dialect of the comparison.
pub fn sqlparser_parse(sql: &str) -> Result<Vec<sqlparser::ast::Statement>, sqlparser::parser::ParserError> {
    sqlparser::parser::Parser::parse_sql(&GenericDialect {}, sql)
}

/// The statements of `corpus` that sqlparser-rs parses. Each of them is also checked to parse with
/// flink-ddl (every generated statement does; see `tests/bench_corpus.rs`).
pub fn accepted_by_sqlparser(corpus: &Corpus, name: &'static str) -> Corpus {
    let subset = corpus.filter(name, |statement| sqlparser_parse(statement).is_ok());
    let script = subset.script();
    let ours = flink_ddl::parse(&script).expect("the subset parses with flink-ddl").len();
    let theirs = sqlparser_parse(&script).expect("the subset parses with sqlparser-rs as one script").len();
    assert_eq!((ours, theirs), (subset.statements.len(), subset.statements.len()), "statement counts differ");
    subset
}
