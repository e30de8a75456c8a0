//! Memory of the binary's path over the in-memory catalog: a statement parsed, executed and its
//! outcome written out, as `flink-ddl` does for each statement of a script or a shell entry
//! (`flink_ddl_testkit::run_script`). The goal is a peak heap of about twice the input plus a
//! constant; the bounds below say where the path stands (docs/limits.md, "The binary's path"),
//! and catch a regression such as the 40x the red team measured. The SQLite catalog, the
//! binary's default, has the same test in `crates/flink-ddl-sqlite/tests/memory.rs`.
//!
//! A counting global allocator (`flink-ddl-alloc-count`) measures the peak above what was live
//! before each call (the input is allocated then); the tests of this file run one at a time.

use std::sync::Arc;

use flink_ddl_alloc_count::{assert_within, serial, Counting};
use flink_ddl_exec::{MemoryCatalog, OutputFormat};
use flink_ddl_testkit::{run_script, session, table_with_options};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What any call may hold beyond the input's size: tables, a statement's own small strings.
const CONSTANT: usize = 1 << 20;

/// 262,144 options of about 60 bytes: a 15 MiB statement.
const OPTIONS: usize = 1 << 18;

/// The bounds of a format, as times the input above it, for the `CREATE TABLE` of the huge
/// `WITH` list, then `DESCRIBE t` and `SHOW CREATE TABLE t` of the stored table.
///
/// What they hold at the peak (debug build, 2026-12-03): the statement's options as an AST
/// (`SqlOption`s, about 3x their text), the memory catalog's copy of the record (it is the
/// store), and the human table made whole before it is written. JSON and YAML are serialised
/// straight to the output. DESCRIBE and SHOW CREATE TABLE parse the stored statement again.
const BOUNDS: [(OutputFormat, [f64; 3]); 3] = [
    (OutputFormat::Human, [10.0, 7.5, 10.0]),
    (OutputFormat::Json, [7.0, 4.0, 10.0]),
    (OutputFormat::Yaml, [8.0, 5.0, 10.0]),
];

#[test]
fn a_long_with_list_through_the_binary_path_stays_bounded() {
    let _serial = serial();
    let sql = table_with_options(OPTIONS);
    for (format, [bound, ..]) in BOUNDS {
        let session = session(Arc::new(MemoryCatalog::new()));
        let written = assert_within(&format!("CREATE TABLE of 15 MiB, {format:?}"), sql.len(), bound, CONSTANT, || {
            run_script(&session, &sql, format)
        });
        assert!(written > sql.len(), "every option is shown");
    }
}

#[test]
fn describing_and_showing_a_huge_table_stays_bounded() {
    let _serial = serial();
    let sql = table_with_options(OPTIONS);
    let session = session(Arc::new(MemoryCatalog::new()));
    run_script(&session, &sql, OutputFormat::Json);
    for (format, [_, describe, show]) in BOUNDS {
        for (statement, bound) in [("DESCRIBE t", describe), ("SHOW CREATE TABLE t", show)] {
            let what = format!("{statement} of a 15 MiB table, {format:?}");
            let written = assert_within(&what, sql.len(), bound, CONSTANT, || run_script(&session, statement, format));
            assert!(written > sql.len() / 2, "every option is shown");
        }
    }
}
