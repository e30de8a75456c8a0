//! Memory on hostile input: parsing, errors and redaction hold at most about twice the input
//! (the input itself, plus at most as much again) and a constant, whatever the input is.
//!
//! A counting global allocator records the bytes live at once; each test measures the peak
//! above what was live before its call (the input is already allocated then), and compares it
//! with the input's size. The allocator is global, so the tests of this file run one at a time.
//! The allocator is `flink-ddl-alloc-count`'s, shared with the other memory tests and benches.

use flink_ddl::{parse, redact_broken_sql, redact_sql, ParseErrorKind, Parser};

use flink_ddl_alloc_count::{serial, Counting};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak of bytes live during `run` above those live before it, and what it returned.
fn peak_during<T>(run: impl FnOnce() -> T) -> (usize, T) {
    let (usage, result) = flink_ddl_alloc_count::measure(run);
    (usage.peak, result)
}

/// What any call may hold beyond the input's size: the error's message and window, tables.
const CONSTANT: usize = 1 << 20;

const MIB: usize = 1 << 20;

/// Asserts that `run`, given `input`, held at most `times` the input's size (on top of the input
/// itself) plus the constant, and returns what it returned.
#[track_caller]
fn assert_bounded<T>(what: &str, input: &str, times: f64, run: impl FnOnce() -> T) -> T {
    let (peak, result) = peak_during(run);
    let bound = (input.len() as f64 * times) as usize + CONSTANT;
    println!("{what}: input {} bytes, peak {} bytes above it ({:.3}x)", input.len(), peak, ratio(peak, input));
    assert!(
        peak <= bound,
        "{what}: a {} byte input held {peak} bytes at the peak ({:.2}x), more than {times}x plus {CONSTANT}",
        input.len(),
        ratio(peak, input)
    );
    result
}

fn ratio(peak: usize, input: &str) -> f64 {
    peak as f64 / input.len() as f64
}

#[test]
fn a_deep_run_of_parentheses_in_a_query_is_an_error_in_constant_memory() {
    let _serial = serial();
    let sql = format!("CREATE TABLE t AS {}", "(".repeat(16 * MIB));
    let err = assert_bounded("CTAS + 16 MiB of `(`", &sql, 0.0, || parse(&sql).unwrap_err());
    assert_eq!(err.line(), 1);
    assert!(err.to_string().len() < 400, "the error shows a window, not the line");
}

#[test]
fn deep_parentheses_in_an_expression_fail_at_the_depth_limit_in_constant_memory() {
    let _serial = serial();
    let sql = format!("CREATE TABLE t (a AS {})", "(".repeat(16 * MIB));
    let err = assert_bounded("computed column + 16 MiB of `(`", &sql, 0.0, || parse(&sql).unwrap_err());
    assert_eq!(err.kind(), ParseErrorKind::TooDeep);
}

#[test]
fn an_unterminated_comment_is_an_error_that_does_not_copy_the_comment() {
    let _serial = serial();
    let sql = format!("SHOW CONNECTIONS /* {}", "comment ".repeat(2 * MIB));
    let err = assert_bounded("unterminated comment of 16 MiB", &sql, 0.0, || parse(&sql).unwrap_err());
    assert_eq!(err.kind(), ParseErrorKind::UnterminatedComment);
    assert!(err.to_string().len() < 400);
}

#[test]
fn an_error_on_a_huge_line_shows_a_window_without_copying_the_line() {
    let _serial = serial();
    // The error comes early on the line, and the line goes on for 16 MiB.
    let sql = format!("DROP CONNECTION x {}", "y ".repeat(8 * MIB));
    let err = assert_bounded("error at the start of a 16 MiB line", &sql, 0.0, || parse(&sql).unwrap_err());
    assert_eq!((err.line(), err.column()), (1, 19));
    assert!(err.source_line().len() < 200, "{}", err.source_line().len());
    // And at the end of such a line.
    let sql = format!("SHOW CONNECTIONS LIKE 'a' {}", "é".repeat(8 * MIB));
    let err = assert_bounded("error at the end of a 16 MiB line", &sql, 0.0, || parse(&sql).unwrap_err());
    assert!(err.source_line().len() < 200);
}

#[test]
fn redacting_many_secrets_twice_over_stays_bounded() {
    let _serial = serial();
    // `redact_broken_sql` reads its own output again until nothing changes: the second pass keeps
    // no list of the masks it finds again, only of what it would change.
    let sql = "CREATE CONNECTION c WITH ('type' = 'openai', 'api-key' = 'sk-1');\n".repeat(MIB / 4);
    let masked = assert_bounded("redact_broken_sql of 16 MiB of statements with a secret", &sql, 2.0, || {
        redact_broken_sql(&sql)
    });
    assert_eq!(masked.matches("<REDACTED>").count(), MIB / 4);
    // A secret every 24 bytes: the list of what to mask (24 bytes an entry) is as long as the
    // text, and is held while the output is written.
    let pairs = "'password' = 'hunter2', ".repeat(MIB / 2);
    let masked =
        assert_bounded("redact_broken_sql of 12 MiB of secret pairs", &pairs, 2.25, || redact_broken_sql(&pairs));
    assert!(!masked.contains("hunter2"));
}

#[test]
fn an_error_after_many_secrets_on_one_line_stays_bounded_and_masked() {
    let _serial = serial();
    // The redactor reads the statement up to the window (a literal opened earlier decides what
    // the window shows) and lists the masked ranges it finds: 24 bytes each, one per secret, in
    // a vector that grows by doubling. That is the only cost that grows with the line.
    let pairs = "'password' = 'hunter2', ".repeat(MIB / 2);
    let sql = format!("ALTER CONNECTION c SET ({pairs}'x' = 1 2)");
    let err = assert_bounded("error after 12 MiB of secret pairs", &sql, 2.0, || parse(&sql).unwrap_err());
    assert!(!err.to_string().contains("hunter2"), "{err}");
    assert!(err.to_string().len() < 400);
}

#[test]
fn a_huge_literal_parses_and_redacts_within_twice_its_size() {
    let _serial = serial();
    let sql = format!("ALTER CONNECTION c SET ('endpoint' = '{}')", "x''y ".repeat(3 * MIB));
    let statements = assert_bounded("a 15 MiB literal, parsed", &sql, 1.0, || parse(&sql).unwrap());
    assert_eq!(statements.len(), 1);
    drop(statements);
    let masked = assert_bounded("a 15 MiB literal, redact_sql", &sql, 1.0, || redact_sql(&sql));
    assert_eq!(masked.len(), sql.len());
    let masked = assert_bounded("a 15 MiB literal, redact_broken_sql", &sql, 1.0, || redact_broken_sql(&sql));
    assert_eq!(masked.len(), sql.len());
}

#[test]
fn a_huge_script_is_read_one_statement_at_a_time_in_constant_memory() {
    let _serial = serial();
    let script = "SHOW CONNECTIONS LIKE 'a%';\nALTER CONNECTION c SET ('api-key' = 'k');\n".repeat(MIB / 4);
    let count = assert_bounded("a 16 MiB script, one statement at a time", &script, 0.0, || {
        Parser::new().statements(&script).try_fold(0usize, |n, item| item.map(|_| n + 1)).unwrap()
    });
    assert_eq!(count, MIB / 2);
    let err_script = format!("{script}DROP CONNECTION x y");
    let err = assert_bounded("an error after a 16 MiB script", &err_script, 0.0, || {
        Parser::new().statements(&err_script).find_map(Result::err).unwrap()
    });
    assert_eq!(err.line(), MIB / 2 + 1);
}

#[test]
fn a_long_option_list_parses_within_a_few_times_its_size() {
    let _serial = serial();
    let options: Vec<String> =
        (0..MIB / 4).map(|n| format!("'connector.option-{n}' = 'a value of some length {n}'")).collect();
    let sql = format!("CREATE TABLE t (a INT) WITH ({})", options.join(", "));
    drop(options);
    let statements = assert_bounded("a 16 MiB WITH list, parsed", &sql, 2.0, || parse(&sql).unwrap());
    assert_eq!(statements.len(), 1);
}

#[test]
fn input_over_the_limit_is_refused_without_reading_past_the_limit() {
    let _serial = serial();
    let sql = "'password' = 'hunter2', ".repeat(MIB * 2 / 3);
    let err = assert_bounded("16 MiB of secret pairs over a 64 KiB limit", &sql, 0.0, || {
        Parser::new().with_max_input_bytes(64 * 1024).parse(&sql).unwrap_err()
    });
    assert_eq!(err.kind(), ParseErrorKind::InputTooLarge);
    assert_eq!(err.offset(), 64 * 1024);
    assert!(!err.to_string().contains("hunter"), "{err}");
}

/// Statements of short tokens, whose tree would be 8 to 27 times their text (a 120-byte column
/// for `c1 INT, `), are refused by the tree budget once the tree outgrows the text read by the
/// allowance: the peak follows the allowance (16 MiB by default), not the input.
#[test]
fn token_dense_statements_stop_at_the_tree_allowance() {
    let _serial = serial();
    type Shape = (&'static str, fn(usize) -> String);
    let shapes: [Shape; 4] = [
        ("16 MiB of columns", |n| {
            let columns: Vec<String> = (0..n / 8).map(|k| format!("c{k} INT")).collect();
            format!("CREATE TABLE t ({})", columns.join(", "))
        }),
        ("16 MiB of arguments", |n| format!("CREATE TABLE t (x AS f(1{}))", ", 1".repeat(n / 3))),
        ("16 MiB of a chain", |n| format!("CREATE TABLE t (x AS a{})", " + a".repeat(n / 4))),
        ("16 MiB of CASE branches", |n| format!("CREATE TABLE t (x AS CASE{} END)", " WHEN a THEN 1".repeat(n / 14))),
    ];
    for (what, statement) in shapes {
        let sql = statement(16 * MIB);
        let err = assert_bounded(what, &sql, 2.0, || parse(&sql).unwrap_err());
        assert_eq!(err.kind(), ParseErrorKind::TreeTooLarge);
        let small = Parser::new().with_max_tree_overhead_bytes(MIB);
        let err = assert_bounded(&format!("{what}, a 1 MiB allowance"), &sql, 0.25, || small.parse(&sql).unwrap_err());
        assert_eq!(err.kind(), ParseErrorKind::TreeTooLarge);
    }
    // An option list is sized ahead from a count of its options, never beyond what the budget
    // admits: 16 MiB of `'1'='',` (a 56-byte option for 7 bytes) would have reserved 8x.
    let options: Vec<String> = (0..16 * MIB / 10).map(|k| format!("'{k}'=''")).collect();
    let sql = format!("CREATE TABLE t (a INT) WITH ({})", options.join(","));
    drop(options);
    let err = assert_bounded("16 MiB of short options", &sql, 2.0, || parse(&sql).unwrap_err());
    assert_eq!(err.kind(), ParseErrorKind::TreeTooLarge);
}
