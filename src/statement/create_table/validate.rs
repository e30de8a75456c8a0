//! Checks after parsing, as Flink's `SqlCreateTable.validate()` makes them: the grammar accepts
//! two primary keys or a watermark on a column that does not exist, and these checks refuse them,
//! each with an error at the offending name.
//!
//! They run on the parser's `Draft` (which keeps every key and watermark written and where the
//! names are) and produce the `CreateTable` the AST holds. Checks that need other tables (the
//! columns of a `LIKE` source, of an `AS` query) or the types of computed columns are the
//! executor's: with `LIKE` or `AS`, a name that is not among the declared columns may come from
//! there, so it is not an error here.

use std::collections::HashMap;

use super::column::{Column, ColumnKind};
use super::constraint::KeyKind;
use super::definition::CreateTable;
use super::distribution::Distribution;
use super::draft::Draft;
use crate::lexical::{Input, Reason, SyntaxError};
use crate::name::Ident;
use crate::repeats::Repeats;

/// The name of the system column of every table (a `TIMESTAMP_LTZ(3)` metadata column).
const ROWTIME: &str = "$rowtime";

/// The declared columns by name, for the duplicate check and the lookups below.
///
/// A table of up to `SCAN_LIMIT` columns is scanned, comparing a fingerprint of each name (its
/// length and three of its bytes) before the name itself: for a few dozen columns that costs a
/// fraction of hashing each name (SipHash). A wider table gets a `HashMap`, so the check stays
/// linear.
enum ColumnIndex<'t> {
    // The fingerprints are in the caller's array: returned in the index (512 bytes), they were
    // copied once more per table.
    Scan { columns: &'t [Column], prints: &'t [u64] },
    Hashed(HashMap<&'t str, &'t ColumnKind>),
}

const SCAN_LIMIT: usize = 64;

/// A cheap summary of a name: equal names have equal fingerprints.
fn fingerprint(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let byte = |at: usize| bytes.get(at).map_or(0, |&b| u64::from(b));
    (bytes.len() as u64)
        | byte(0) << 32
        | byte(bytes.len().wrapping_sub(1)) << 40
        | byte(bytes.len().wrapping_sub(2)) << 48
}

impl<'t> ColumnIndex<'t> {
    /// The index, or the position of the first column (in source order) whose name was declared
    /// before it.
    fn new(columns: &'t [Column], prints: &'t mut [u64; SCAN_LIMIT]) -> Result<Self, usize> {
        if columns.len() > SCAN_LIMIT {
            let mut map = HashMap::with_capacity(columns.len());
            for (n, column) in columns.iter().enumerate() {
                if map.insert(column.name.as_str(), &column.kind).is_some() {
                    return Err(n);
                }
            }
            return Ok(ColumnIndex::Hashed(map));
        }
        // One bit per fingerprint seen (256 bits): a name whose bit is clear is new without
        // comparing it with every earlier one, so the check is about linear for distinct names.
        let mut seen = [0u64; 4];
        for (n, column) in columns.iter().enumerate() {
            let print = fingerprint(column.name.as_str());
            let bit = (print.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize;
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            if seen[word] & mask != 0 {
                let earlier = columns[..n].iter().zip(&prints[..n]);
                if earlier.filter(|(_, p)| **p == print).any(|(c, _)| c.name == column.name) {
                    return Err(n);
                }
            }
            seen[word] |= mask;
            prints[n] = print;
        }
        Ok(ColumnIndex::Scan { columns, prints: &prints[..columns.len()] })
    }

    fn get(&self, name: &str) -> Option<&'t ColumnKind> {
        match self {
            ColumnIndex::Scan { columns, prints } => {
                let print = fingerprint(name);
                let mut candidates = columns.iter().zip(prints.iter()).filter(|(_, p)| **p == print);
                candidates.find(|(c, _)| c.name.as_str() == name).map(|(c, _)| &c.kind)
            }
            ColumnIndex::Hashed(map) => map.get(name).copied(),
        }
    }

    fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

type Checked<'a, T> = Result<T, nom::Err<SyntaxError<'a>>>;

fn invalid<T>(at: Input<'_>, message: String) -> Checked<'_, T> {
    SyntaxError::new(at, Reason::Message(message)).fail()
}

/// Checks `draft` and returns the table it describes.
pub(crate) fn create_table(draft: Draft<'_>) -> Checked<'_, Box<CreateTable>> {
    let Draft { mut table, source, mut column_at, keys, mut watermarks, partition_at, distribution_at, like_option_at } =
        draft;
    // With LIKE or AS, the table has columns besides those declared here.
    let columns_elsewhere = table.like.is_some() || table.as_query.is_some();

    if let Some(second) = keys.get(1) {
        let message = "a second primary key: a table has one at most, on a column or as a table constraint";
        return invalid(second.at, message.to_owned());
    }
    // As in Flink's validate(): a second key first, then the key's enforcement; the checks
    // of names come after (Flink leaves them to its planner).
    if let Some(site) = keys.first() {
        site.enforcement.check()?;
    }
    let mut prints = [0u64; SCAN_LIMIT];
    let columns = match ColumnIndex::new(&table.columns, &mut prints) {
        Ok(columns) => columns,
        Err(second) => {
            let name = table.columns[second].name.as_str();
            return invalid(Draft::at(source, column_at[second]), format!("column `{name}` is declared twice"));
        }
    };
    let column_exists = |name: &Ident| columns_elsewhere || columns.contains_key(name.as_str());

    let mut primary_key = None;
    if let Some(site) = keys.into_iter().next() {
        if let KeyKind::Table { key, column_at } = site.kind {
            let mut repeats = Repeats::new();
            for (n, (name, at)) in key.columns.iter().zip(&column_at).enumerate() {
                if repeats.repeats(&key.columns[..n], name.as_str(), Ident::as_str) {
                    return invalid(at, format!("column `{}` appears twice in the primary key", name.as_str()));
                }
                match columns.get(name.as_str()) {
                    Some(ColumnKind::Physical { .. }) => {}
                    Some(ColumnKind::Metadata { .. }) => {
                        let message = format!(
                            "primary key column `{}` is a metadata column; a primary key takes physical columns only",
                            name.as_str()
                        );
                        return invalid(at, message);
                    }
                    Some(ColumnKind::Computed { .. }) => {
                        let message = format!(
                            "primary key column `{}` is a computed column; a primary key takes physical columns only",
                            name.as_str()
                        );
                        return invalid(at, message);
                    }
                    None if columns_elsewhere => {}
                    None => {
                        return invalid(
                            at,
                            format!("primary key column `{}` is not a column of the table", name.as_str()),
                        )
                    }
                }
            }
            primary_key = Some(key);
        }
    }

    if let Some(second) = watermarks.get(1) {
        return invalid(second.at, "a second watermark: a table has one watermark at most".to_owned());
    }
    let mut watermark = None;
    if let Some(site) = watermarks.pop() {
        // `$rowtime` is the system column every Confluent table has (docs/dialect.md#create-table): a watermark
        // may name it without declaring it.
        if !column_exists(&site.watermark.column) && site.watermark.column.as_str() != ROWTIME {
            let message = format!("watermark column `{}` is not a column of the table", site.watermark.column.as_str());
            return invalid(site.column_at, message);
        }
        watermark = Some(site.watermark);
    }

    let distribution_columns = match &table.distribution {
        Some(Distribution::By { columns, .. }) => columns.as_slice(),
        _ => &[],
    };
    for (what, names, positions) in [
        ("distribution", distribution_columns, &distribution_at),
        ("partition", table.partitioned_by.as_slice(), &partition_at),
    ] {
        let mut repeats = Repeats::new();
        for (n, (name, at)) in names.iter().zip(positions).enumerate() {
            if repeats.repeats(&names[..n], name.as_str(), Ident::as_str) {
                return invalid(at, format!("{what} column `{}` is given twice", name.as_str()));
            }
            if !column_exists(name) {
                return invalid(at, format!("{what} column `{}` is not a column of the table", name.as_str()));
            }
        }
    }

    if let Some(like) = &table.like {
        let mut repeats = Repeats::new();
        for (n, (option, at)) in like.options.iter().zip(&like_option_at).enumerate() {
            if repeats.repeats(&like.options[..n], option.feature, |earlier| earlier.feature) {
                let message = format!("the LIKE option for `{}` is given twice", option.feature.as_str());
                return invalid(at, message);
            }
        }
    }

    drop(columns);
    table.primary_key = primary_key;
    table.watermark = watermark;
    // The columns were read into the thread's scratch vector (see `take_column_scratch`): the
    // table gets a vector of the exact size (a script's tables are all kept, so unused room
    // would be most of its heap), and the scratch goes back for the next table.
    let mut scratch = std::mem::take(&mut table.columns);
    table.columns = Vec::with_capacity(scratch.len());
    // One copy of the whole block; leaves the scratch empty, its room kept.
    table.columns.append(&mut scratch);
    if scratch.capacity() <= COLUMN_SCRATCH_LIMIT {
        COLUMN_SCRATCH.set(scratch);
        column_at.clear();
        POSITION_SCRATCH.set(column_at);
    }
    Ok(table)
}

thread_local! {
    /// The vector a CREATE TABLE reads its columns into, kept from one table to the next so that
    /// reading a table's columns neither allocates nor regrows once a table as wide was read.
    static COLUMN_SCRATCH: std::cell::Cell<Vec<Column>> = const { std::cell::Cell::new(Vec::new()) };
}

thread_local! {
    /// The vector of a table's column positions (`Draft::column_at`), kept as `COLUMN_SCRATCH` is.
    static POSITION_SCRATCH: std::cell::Cell<Vec<usize>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The thread's (empty) scratch vector for a table's column positions.
pub(crate) fn take_position_scratch() -> Vec<usize> {
    POSITION_SCRATCH.take()
}

/// The widest scratch kept (in columns): a vector for a freak table of thousands of columns is
/// dropped rather than held by the thread for good.
const COLUMN_SCRATCH_LIMIT: usize = 1024;

/// The thread's (empty) scratch vector for a table's columns, or a new one while another table is
/// being read or after an error dropped it.
pub(crate) fn take_column_scratch() -> Vec<Column> {
    COLUMN_SCRATCH.take()
}

#[cfg(test)]
mod tests {
    use crate::error::ParseErrorKind;
    use crate::parse_statement;

    /// The error message and the text at its position.
    fn error(sql: &str) -> (String, String) {
        let err = parse_statement(sql).unwrap_err();
        assert_eq!(err.kind(), ParseErrorKind::Invalid, "{err}");
        (err.message().to_owned(), sql[err.offset()..].to_owned())
    }

    #[test]
    fn duplicate_columns() {
        let (message, at) = error("CREATE TABLE t (a INT, b INT, a STRING)");
        assert_eq!(message, "column `a` is declared twice");
        assert_eq!(at, "a STRING)");
        assert!(parse_statement("CREATE TABLE t (a INT, A INT)").is_ok(), "names compare case-sensitively");
    }

    #[test]
    fn narrow_and_wide_tables_are_checked_alike() {
        for width in [3, 63, 64, 65, 200] {
            let columns: Vec<String> = (0..width).map(|n| format!("c{n} INT")).collect();
            let table = format!("CREATE TABLE t ({}, ab INT, ba INT, ", columns.join(", "));
            let (message, at) = error(&format!("{table}c1 STRING, c0 INT)"));
            assert_eq!((message.as_str(), at.as_str()), ("column `c1` is declared twice", "c1 STRING, c0 INT)"));
            let key = format!("{table}PRIMARY KEY (c{}, ab, ba) NOT ENFORCED)", width - 1);
            assert!(parse_statement(&key).is_ok(), "{width}");
            let (message, _) = error(&format!("{table}PRIMARY KEY (ab, aab) NOT ENFORCED)"));
            assert_eq!(message, "primary key column `aab` is not a column of the table");
        }
    }

    #[test]
    fn one_primary_key() {
        let (message, at) = error("CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, PRIMARY KEY (a) NOT ENFORCED)");
        assert!(message.starts_with("a second primary key"));
        assert_eq!(at, "PRIMARY KEY (a) NOT ENFORCED)");
        let (_, at) = error(
            "CREATE TABLE t (a INT, b INT, PRIMARY KEY (a) NOT ENFORCED, CONSTRAINT k PRIMARY KEY (b) NOT ENFORCED)",
        );
        assert_eq!(at, "CONSTRAINT k PRIMARY KEY (b) NOT ENFORCED)");
        let (_, at) =
            error("CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, b INT CONSTRAINT k PRIMARY KEY NOT ENFORCED)");
        assert_eq!(at, "CONSTRAINT k PRIMARY KEY NOT ENFORCED)");
    }

    #[test]
    fn primary_key_columns() {
        let (message, at) = error("CREATE TABLE t (a INT, PRIMARY KEY (a, b) NOT ENFORCED)");
        assert_eq!(message, "primary key column `b` is not a column of the table");
        assert_eq!(at, "b) NOT ENFORCED)");
        let (message, _) = error("CREATE TABLE t (a INT, PRIMARY KEY (a, a) NOT ENFORCED)");
        assert_eq!(message, "column `a` appears twice in the primary key");
        let (message, _) = error("CREATE TABLE t (a AS 1, PRIMARY KEY (a) NOT ENFORCED)");
        assert!(message.contains("computed column"));
        let (message, _) = error("CREATE TABLE t (a INT METADATA, PRIMARY KEY (a) NOT ENFORCED)");
        assert!(message.contains("metadata column"));
        assert!(parse_statement("CREATE TABLE t (PRIMARY KEY (id) NOT ENFORCED) LIKE s").is_ok());
        assert!(parse_statement("CREATE TABLE t (PRIMARY KEY (id) NOT ENFORCED) AS SELECT 1 AS id").is_ok());
    }

    #[test]
    fn one_watermark_on_a_known_column() {
        let (message, at) = error(
            "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)",
        );
        assert_eq!(message, "a second watermark: a table has one watermark at most");
        assert_eq!(at, "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)");
        let (message, at) = error("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR tss AS ts)");
        assert_eq!(message, "watermark column `tss` is not a column of the table");
        assert_eq!(at, "tss AS ts)");
        assert!(parse_statement("CREATE TABLE t (WATERMARK FOR ts AS ts) LIKE s").is_ok());
        assert!(parse_statement("CREATE TABLE t (a INT, WATERMARK FOR $rowtime AS SOURCE_WATERMARK())").is_ok());
        assert!(parse_statement("CREATE TABLE t (a INT, WATERMARK FOR $ROWTIME AS a)").is_err());
        assert!(parse_statement("CREATE TABLE t (t2 AS ts, WATERMARK FOR t2 AS t2) LIKE s").is_ok());
    }

    #[test]
    fn partition_and_distribution_columns() {
        let (message, at) = error("CREATE TABLE t (a INT) PARTITIONED BY (a, b)");
        assert_eq!(message, "partition column `b` is not a column of the table");
        assert_eq!(at, "b)");
        let (message, _) = error("CREATE TABLE t (a INT) DISTRIBUTED BY HASH(a, a) INTO 2 BUCKETS");
        assert_eq!(message, "distribution column `a` is given twice");
        let (message, _) = error("CREATE TABLE t (a INT) DISTRIBUTED BY (x)");
        assert_eq!(message, "distribution column `x` is not a column of the table");
        assert!(parse_statement("CREATE TABLE t DISTRIBUTED BY (x) AS SELECT 1 AS x").is_ok());
    }

    #[test]
    fn like_options_once_each() {
        let (message, at) = error("CREATE TABLE t (a INT) LIKE s (INCLUDING ALL EXCLUDING OPTIONS EXCLUDING ALL)");
        assert_eq!(message, "the LIKE option for `ALL` is given twice");
        assert_eq!(at, "EXCLUDING ALL)");
    }
}
