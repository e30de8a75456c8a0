//! Limits: hostile input gets a clean error or completes in time linear in its size; never a
//! panic, a stack overflow or unbounded memory. Times are compared as ratios (1x against 10x),
//! never against a clock: speed itself is measured by the benchmarks.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use flink_ddl::{parse, redact_sql, ParseErrorKind, Parser};

/// Held by each timed test for its whole run: the tests of this file move tens of megabytes each,
/// and one test's copying skewed another's ratio (a 50 MB input no longer fits in the cache that
/// its 5 MB twin uses, so a busy neighbour made 10x the input look like 38x the time).
fn serial() -> MutexGuard<'static, ()> {
    static TIMED: Mutex<()> = Mutex::new(());
    TIMED.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The fastest of three runs: robust against a busy machine.
fn fastest<T>(mut run: impl FnMut() -> T) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            start.elapsed()
        })
        .min()
        .unwrap()
}

/// Asserts that 10x the input takes at most `bound` times as long (linear is 10; quadratic 100).
#[track_caller]
fn assert_linear(small: Duration, large: Duration, bound: f64) {
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(ratio < bound, "10x the input took {ratio:.1}x the time ({small:?} -> {large:?})");
}

#[test]
fn input_over_the_size_cap_is_a_clear_error() {
    let sql = "SHOW CONNECTIONS;".repeat(100);
    let err = Parser::new().with_max_input_bytes(1000).parse(&sql).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::InputTooLarge);
    assert!(err.message().contains("1700 bytes") && err.message().contains("1000"), "{err}");
    assert!(Parser::new().with_max_input_bytes(1700).parse(&sql).is_ok());
}

#[test]
fn a_huge_string_literal_parses_in_linear_time() {
    let _serial = serial();
    let statement = |mb: usize| format!("ALTER CONNECTION c SET ('endpoint' = '{}')", "x''y ".repeat(mb * 200_000));
    let (small, large) = (statement(5), statement(50));
    assert!(large.len() >= 50_000_000);
    let parsed = parse(&large).unwrap();
    assert_eq!(parsed.len(), 1);
    assert_linear(fastest(|| parse(&small).unwrap()), fastest(|| parse(&large).unwrap()), 30.0);
    assert_linear(fastest(|| redact_sql(&small)), fastest(|| redact_sql(&large)), 30.0);
}

#[test]
fn a_million_statement_script_parses_in_linear_time() {
    let _serial = serial();
    let script = |n: usize| {
        let mut sql = String::with_capacity(n * 40);
        for i in 0..n {
            sql.push_str(match i % 4 {
                0 => "SHOW CONNECTIONS LIKE 'a%';\n",
                1 => "DROP CONNECTION IF EXISTS c;\n",
                2 => "ALTER CONNECTION c SET ('api-key' = 'k');\n",
                _ => "-- a comment\nDESCRIBE CONNECTION c;\n",
            });
        }
        sql
    };
    let (small, large) = (script(100_000), script(1_000_000));
    // Count without keeping the statements: the iterator holds one at a time.
    let count = |sql: &str| Parser::new().statements(sql).try_fold(0, |n, item| item.map(|_| n + 1)).unwrap();
    assert_eq!(count(&large), 1_000_000);
    assert_linear(fastest(|| count(&small)), fastest(|| count(&large)), 30.0);
}

#[test]
fn an_error_deep_in_a_huge_script_is_positioned_without_quadratic_work() {
    let _serial = serial();
    let script = |n: usize| format!("{}DROP CONNECTION x y", "SHOW CONNECTIONS;\n".repeat(n));
    let (small, large) = (script(50_000), script(500_000));
    let err = parse(&large).unwrap_err();
    assert_eq!((err.line(), err.column()), (500_001, 19));
    assert_linear(fastest(|| parse(&small).unwrap_err()), fastest(|| parse(&large).unwrap_err()), 30.0);
}

#[test]
fn long_lists_and_long_names_stay_linear() {
    let _serial = serial();
    let list = |n: usize| {
        let pairs: Vec<String> = (0..n).map(|i| format!("'k{i}' = 'v'")).collect();
        format!("ALTER CONNECTION c SET ({})", pairs.join(", "))
    };
    let (small, large) = (list(20_000), list(200_000));
    assert_linear(fastest(|| parse(&small).unwrap()), fastest(|| parse(&large).unwrap()), 30.0);
    let name = format!("DROP CONNECTION `{}`", "n".repeat(10_000_000));
    assert_eq!(parse(&name).unwrap().len(), 1);
}

#[test]
fn unterminated_things_at_the_end_of_huge_input_are_clean_errors() {
    for (sql, kind) in [
        (format!("ALTER CONNECTION c SET ('a' = '{}", "x".repeat(5_000_000)), ParseErrorKind::UnterminatedString),
        (format!("SHOW CONNECTIONS /* {}", "x".repeat(5_000_000)), ParseErrorKind::UnterminatedComment),
        (format!("DROP CONNECTION `{}", "x".repeat(5_000_000)), ParseErrorKind::UnterminatedQuotedName),
    ] {
        let err = parse(&sql).unwrap_err();
        assert_eq!(err.kind(), kind);
        assert!(err.to_string().len() < 400, "the error shows a window, not the whole line");
    }
}
