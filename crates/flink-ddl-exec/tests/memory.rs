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
use flink_ddl_testkit::{run_script, session, table_on_the_default_connector, table_with_options};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What any call may hold beyond the input's size: tables, a statement's own small strings.
const CONSTANT: usize = 1 << 20;

/// 262,144 options of about 60 bytes: a 15 MiB statement.
const OPTIONS: usize = 1 << 18;

/// The bounds of a format, as times the input above it, for the `CREATE TABLE` of the huge
/// `WITH` list, then `DESCRIBE t` and `SHOW CREATE TABLE t` of the stored table: what was
/// measured, and a small margin.
///
/// Measured (debug build, 2026-12-04): CREATE TABLE 1.77x in every format; DESCRIBE 0.0x /
/// 0.07x / 0.07x; SHOW CREATE TABLE 0.27x each (earlier on 2026-12-04 1.17x each: the print was
/// made into the outcome's text; 2026-12-03: 2.47x / 2.53x / 2.53x, 1.0x / 1.07x /
/// 1.07x and 1.17x; third session: 2.46x / 2.76x / 3.47x, 1.0x / 1.3x / 2.0x and 1.17x / 1.17x /
/// 2.07x; at its start 6.3x / 5.9x / 6.9x, 3.8x / 3.4x / 4.4x and 5.2x each). What is held at the
/// peak: the statement's options as an AST (`SqlOption`s, about 1.4x their text, 1.77x at the
/// peak of their parsing), shared by the store and the outcome (`OptionList` is an `Arc`); the
/// record's text is held with the options' print cut out (`TableRecord::options_at`), and every
/// format writes the statement from its parts (JSON through `collect_str`, YAML around the
/// serialiser: `render/yaml.rs`), never whole. SHOW CREATE TABLE's outcome holds the table and
/// its print is written as it is made (`MaskedSql`): what it adds is its sorted order of the
/// options, 8 bytes each, and the output.
const BOUNDS: [(OutputFormat, [f64; 3]); 3] = [
    (OutputFormat::Human, [1.9, 0.2, 0.4]),
    (OutputFormat::Json, [1.9, 0.2, 0.4]),
    (OutputFormat::Yaml, [1.9, 0.2, 0.4]),
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

/// A table that names no connector: `SHOW CREATE TABLE` adds Confluent's default one among the
/// options, ordered by their printed text, without a string per option (a string each, then
/// their join, were 5.47x above the input before 2026-12-04; now as with a connector).
#[test]
fn showing_a_huge_table_on_the_default_connector_stays_bounded() {
    let _serial = serial();
    let sql = table_on_the_default_connector(OPTIONS);
    let session = session(Arc::new(MemoryCatalog::new()));
    run_script(&session, &sql, OutputFormat::Json);
    for (format, [.., show]) in BOUNDS {
        let what = format!("SHOW CREATE TABLE of a 15 MiB table on the default connector, {format:?}");
        let written =
            assert_within(&what, sql.len(), show, CONSTANT, || run_script(&session, "SHOW CREATE TABLE t", format));
        assert!(written > sql.len(), "every option is shown");
    }
}

/// A statement run as the binary runs it, success or refusal: the outcome written out, or the
/// error's message made (as the binary prints it). Returns the bytes shown.
fn run_either(session: &flink_ddl_exec::Session, sql: &str, format: OutputFormat) -> usize {
    let (statement, _) = flink_ddl::Parser::new().statements(sql).next().unwrap().unwrap();
    match session.execute_owned(statement) {
        Ok(outcome) => flink_ddl_exec::render(&outcome, format).len(),
        Err(err) => err.to_string().len(),
    }
}

/// Connections and models, as times the input above it: a connection refuses an unknown option
/// (its error names the first one); a model takes any option and is stored whole. The bounds are
/// what was measured (debug build, 2026-12-03, fifth session) and a small margin: the refused
/// CREATE CONNECTION 1.77x (fourth session 2.4x: the parse held the options twice at its peak;
/// third session 3.6x, at its start 4.2x: every key was copied twice to read them), CREATE MODEL
/// 1.76x (fourth session 2.4x, before 4.4x: the parse).
const REFUSED_CONNECTION_BOUND: f64 = 1.9;
const CREATE_MODEL_BOUND: f64 = 1.9;

/// `DESCRIBE MODEL` and `SHOW CREATE MODEL` in human form, JSON and YAML: 1.8x / 1.43x / 1.8x
/// (third session 1.8x / 2.7x / 2.7x: the JSON and YAML documents were built as a
/// `serde_json::Value`, copying the options cell) and 1.57x each (third session YAML 2.1x: the
/// serialiser copied the statement; at its start 6.6x).
const MODEL_BOUNDS: [(OutputFormat, [f64; 2]); 3] =
    [(OutputFormat::Human, [1.95, 1.7]), (OutputFormat::Json, [1.6, 1.7]), (OutputFormat::Yaml, [1.95, 1.7])];

#[test]
fn huge_with_lists_of_connections_and_models_stay_bounded() {
    let _serial = serial();
    let options: Vec<String> =
        (0..OPTIONS).map(|i| format!("'connector.option-{i}' = 'a value of some length {i}'")).collect();
    let options = options.join(", ");
    let connection = "CREATE CONNECTION oai WITH ('type' = 'openai', \
                      'endpoint' = 'https://api.openai.com/v1/chat/completions', 'api-key' = 'k'";
    let refused = format!("{connection}, {options})");
    let session = session(Arc::new(MemoryCatalog::new()));
    let shown = assert_within(
        "CREATE CONNECTION of 15 MiB, refused",
        refused.len(),
        REFUSED_CONNECTION_BOUND,
        CONSTANT,
        || run_either(&session, &refused, OutputFormat::Json),
    );
    assert!(shown < 1000, "the error names one option: {shown} bytes");
    drop(refused);

    run_either(&session, &format!("{connection})"), OutputFormat::Json);
    let model = format!(
        "CREATE MODEL m INPUT (x STRING) OUTPUT (y STRING) WITH ('provider' = 'openai', \
         'task' = 'classification', 'openai.connection' = 'oai', {options})"
    );
    drop(options);
    assert_within("CREATE MODEL of 15 MiB", model.len(), CREATE_MODEL_BOUND, CONSTANT, || {
        run_either(&session, &model, OutputFormat::Json)
    });
    for (format, [describe, show]) in MODEL_BOUNDS {
        for (statement, bound) in [("DESCRIBE MODEL m", describe), ("SHOW CREATE MODEL m", show)] {
            let what = format!("{statement} of a 15 MiB model, {format:?}");
            let shown = assert_within(&what, model.len(), bound, CONSTANT, || run_script(&session, statement, format));
            assert!(shown > model.len() / 2, "every option is shown");
        }
    }
}
