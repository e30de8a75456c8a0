//! The columns of a table, for `DESCRIBE` of a table: one row per column in the shape of
//! Confluent's DESCRIBE page, `Column Name | Data Type | Nullable | Extras | Comment`, where
//! Extras holds `PRIMARY KEY`, `BUCKET KEY`, `METADATA [FROM 'key'] [VIRTUAL]`, `AS <expr>` for a
//! computed column and `WATERMARK AS <expr>` for the rowtime column (`docs/cli.md` shows one).
//!
//! The columns are read back from the table's stored statement (canonical and masked, so it
//! parses); a table made by `AS query` or `LIKE` lists the columns it declares, and says where
//! the others come from.

use std::collections::HashSet;
use std::fmt::{self, Write as _};

use flink_ddl::{parse_statement, ColumnKind, CreateTable, DataType, Distribution, Nullability, OptionList, Statement};

use super::table;

/// The columns table for the statement `masked_sql` of a table with `options`, or a line saying
/// why there is none.
pub(crate) fn columns_table(masked_sql: &str, options: &OptionList, _extended: bool) -> String {
    // The options are not needed here: parsed again, a million of them would be held once more.
    let cut = without_options(masked_sql, options);
    let table = match parse_statement(cut.as_deref().unwrap_or(masked_sql)) {
        Ok(Statement::CreateTable(t)) | Ok(Statement::ReplaceTable(t)) => t,
        // Tables stored through the library's `create_table` keep whatever text they were given.
        _ => return String::new(),
    };
    let rows = rows(&table);
    let mut out = String::new();
    if !rows.is_empty() {
        out.push_str(&table::header_table(&["Column Name", "Data Type", "Nullable", "Extras", "Comment"], &rows));
    }
    let elsewhere = match (&table.as_query, &table.like) {
        (Some(_), _) => Some("its AS query"),
        (None, Some(_)) => Some("its LIKE source"),
        _ => None,
    };
    if let Some(source) = elsewhere {
        out.push_str(&format!("(columns that {source} gives are not listed)\n"));
    }
    out
}

/// `masked_sql` without its `WITH (...)` clause, when that clause is `options` as printed (the
/// canonical, masked text the executor stores): what the columns are read from, short whatever
/// the number of options. `None` when there are none or the clause is not found as printed
/// (text stored through the library's `create_table`): the whole text is parsed then.
pub(crate) fn without_options(masked_sql: &str, options: &OptionList) -> Option<String> {
    let clause = options_clause(masked_sql, options)?;
    Some(format!("{}{}", &masked_sql[..clause.start], &masked_sql[clause.end..]))
}

/// Where `masked_sql` holds ` WITH ` and the print of `options` (see [`without_options`]).
pub(crate) fn options_clause(masked_sql: &str, options: &OptionList) -> Option<std::ops::Range<usize>> {
    if options.is_empty() {
        return None;
    }
    masked_sql.match_indices(" WITH (").find_map(|(at, _)| {
        let mut clause = Prefix(&masked_sql[at + " WITH ".len()..]);
        write!(clause, "{options}").ok()?;
        Some(at..masked_sql.len() - clause.0.len())
    })
}

/// A text that what is written to it must start with: each write takes its part off the front,
/// and one that does not match is an error. Compares a print with a text without making it.
struct Prefix<'a>(&'a str);

impl fmt::Write for Prefix<'_> {
    fn write_str(&mut self, written: &str) -> fmt::Result {
        self.0 = self.0.strip_prefix(written).ok_or(fmt::Error)?;
        Ok(())
    }
}

fn rows(t: &CreateTable) -> Vec<Vec<String>> {
    // Sets, not lists: a table of thousands of columns keyed on thousands would otherwise be
    // shown in a time that grows with their product.
    let key: HashSet<&str> = t.primary_key_columns().unwrap_or_default().iter().map(|c| c.as_str()).collect();
    let buckets: HashSet<&str> = match &t.distribution {
        Some(Distribution::By { columns, .. }) => columns.iter().map(|c| c.as_str()).collect(),
        _ => HashSet::new(),
    };
    let mut rows = Vec::new();
    for column in &t.columns {
        let name = column.name.as_str().to_owned();
        let in_key = key.contains(name.as_str());
        let mut extras = Vec::new();
        if in_key {
            extras.push("PRIMARY KEY".to_owned());
        }
        if buckets.contains(name.as_str()) {
            extras.push("BUCKET KEY".to_owned());
        }
        let (data_type, nullable) = match &column.kind {
            ColumnKind::Physical { data_type, .. } => type_and_nullability(data_type, in_key),
            ColumnKind::Metadata { data_type, key, is_virtual } => {
                let mut metadata = "METADATA".to_owned();
                if let Some(key) = key {
                    metadata.push_str(&format!(" FROM '{}'", key.replace('\'', "''")));
                }
                if *is_virtual {
                    metadata.push_str(" VIRTUAL");
                }
                extras.push(metadata);
                type_and_nullability(data_type, in_key)
            }
            ColumnKind::Computed { expr } => {
                extras.push(format!("AS {expr}"));
                (String::new(), String::new())
            }
        };
        if let Some(watermark) = t.watermark.as_ref().filter(|w| w.column.as_str() == name) {
            extras.push(format!("WATERMARK AS {}", watermark.expr));
        }
        rows.push(vec![name, data_type, nullable, extras.join(", "), column.comment.clone().unwrap_or_default()]);
    }
    rows
}

/// The type without its nullability, and `NULL` or `NOT NULL` (primary-key columns are NOT NULL).
fn type_and_nullability(data_type: &DataType, in_key: bool) -> (String, String) {
    let bare = DataType { kind: data_type.kind.clone(), nullability: Nullability::Unspecified };
    let nullable = if data_type.is_nullable() && !in_key { "NULL" } else { "NOT NULL" };
    (bare.to_string(), nullable.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_column_has_its_row() {
        let sql = "CREATE TABLE t (id BIGINT PRIMARY KEY NOT ENFORCED COMMENT 'the id', \
                   ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL, price DECIMAL(10, 2) NOT NULL, \
                   cost AS price * 2, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) DISTRIBUTED BY HASH(id) INTO 3 BUCKETS";
        let rows = rows(&match parse_statement(sql).unwrap() {
            Statement::CreateTable(t) => *t,
            _ => unreachable!(),
        });
        assert_eq!(rows[0], ["id", "BIGINT", "NOT NULL", "PRIMARY KEY, BUCKET KEY", "the id"]);
        assert_eq!(
            rows[1],
            [
                "ts",
                "TIMESTAMP_LTZ(3)",
                "NULL",
                "METADATA FROM 'timestamp' VIRTUAL, WATERMARK AS ts - INTERVAL '5' SECOND",
                ""
            ]
        );
        assert_eq!(rows[2], ["price", "DECIMAL(10, 2)", "NOT NULL", "", ""]);
        assert_eq!(rows[3], ["cost", "", "", "AS price * 2", ""]);
    }

    #[test]
    fn a_query_table_says_where_its_other_columns_come_from() {
        assert_eq!(
            columns_table("CREATE TABLE t AS SELECT 1", &OptionList::new(), false),
            "(columns that its AS query gives are not listed)\n"
        );
        assert_eq!(columns_table("not sql", &OptionList::new(), false), "");
    }

    #[test]
    fn the_with_clause_printed_from_the_options_is_cut_and_nothing_else() {
        let options = OptionList::from_pairs([("connector", "kafka"), ("password", "p4ss")]);
        let stored = "CREATE TABLE t (a INT) WITH ('connector' = 'kafka', 'password' = '<REDACTED>') \
                      AS SELECT 1 FROM s WITH ('x' = 'y')";
        assert_eq!(
            without_options(stored, &options).as_deref(),
            Some("CREATE TABLE t (a INT) AS SELECT 1 FROM s WITH ('x' = 'y')")
        );
        // Text that does not hold the options as printed (free text, another value) is kept whole.
        assert_eq!(without_options("CREATE TABLE t (a INT) WITH ('connector'='kafka')", &options), None);
        assert_eq!(without_options("CREATE TABLE t (a INT) WITH ('connector' = 'kafka')", &options), None);
        assert_eq!(without_options("CREATE TABLE t (a INT)", &OptionList::new()), None);
        // The columns read from the cut text are those of the whole one.
        let whole = "CREATE TABLE t (a INT NOT NULL, b STRING) WITH ('connector' = 'kafka', 'password' = '<REDACTED>')";
        let no_options = "CREATE TABLE t (a INT NOT NULL, b STRING)";
        assert_eq!(columns_table(whole, &options, false), columns_table(no_options, &OptionList::new(), false));
    }
}
