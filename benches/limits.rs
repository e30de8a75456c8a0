//! Linearity on hostile input: each case is timed on an input and on ten times that input, and
//! the summary prints the ratio of the two times (linear is about 10, quadratic about 100).
//!
//! The cases are those of `tests/limits.rs`, which checks that each completes with the right
//! result and no panic; how fast is measured here, never asserted in a test.
//!
//! Run: `cargo bench --bench limits` (about a minute and a half).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};

use flink_ddl::{parse, redact_broken_sql, redact_sql, Parser};

/// Per-iteration times of every sample, by benchmark id, for the summary.
static TIMES: Mutex<BTreeMap<String, Vec<f64>>> = Mutex::new(BTreeMap::new());

/// A case: its name, and the input at 1x and at 10x.
struct Case {
    name: &'static str,
    small: String,
    large: String,
    run: fn(&str),
}

fn literal(mb: usize) -> String {
    format!("ALTER CONNECTION c SET ('endpoint' = '{}')", "x''y ".repeat(mb * 200_000))
}

fn script(n: usize) -> String {
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
}

fn error_at_the_end(n: usize) -> String {
    format!("{}DROP CONNECTION x y", "SHOW CONNECTIONS;\n".repeat(n))
}

fn option_list(n: usize) -> String {
    let pairs: Vec<String> = (0..n).map(|i| format!("'k{i}' = 'v'")).collect();
    format!("ALTER CONNECTION c SET ({})", pairs.join(", "))
}

fn column_names(n: usize) -> String {
    let names: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    format!("CREATE TABLE t ({}) AS SELECT 1", names.join(", "))
}

fn unsure_statements(n: usize) -> String {
    "a \"b\" c; -- 'token' = 'x'\n".repeat(n)
}

fn error_line(mb: usize) -> String {
    format!("DROP CONNECTION x {}", "y ".repeat(mb * 500_000))
}

fn query_parens(mb: usize) -> String {
    format!("CREATE TABLE t AS {}", "(".repeat(mb * 1_000_000))
}

fn unterminated_comment(mb: usize) -> String {
    format!("SHOW CONNECTIONS /* {}", "x".repeat(mb * 1_000_000))
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "literal 5-50 MB, parse",
            small: literal(5),
            large: literal(50),
            run: |s| drop(parse(s).unwrap()),
        },
        Case {
            name: "literal 5-50 MB, redact_sql",
            small: literal(5),
            large: literal(50),
            run: |s| drop(redact_sql(s)),
        },
        Case {
            name: "script 0.1-1 M statements",
            small: script(100_000),
            large: script(1_000_000),
            run: |s| {
                let count = Parser::new().statements(s).try_fold(0usize, |n, item| item.map(|_| n + 1)).unwrap();
                black_box(count);
            },
        },
        Case {
            name: "error after 50-500 k statements",
            small: error_at_the_end(50_000),
            large: error_at_the_end(500_000),
            run: |s| drop(parse(s).unwrap_err()),
        },
        Case {
            name: "option list 20-200 k",
            small: option_list(20_000),
            large: option_list(200_000),
            run: |s| drop(parse(s).unwrap()),
        },
        Case {
            name: "CTAS column names 20-200 k",
            small: column_names(20_000),
            large: column_names(200_000),
            run: |s| drop(parse(s).unwrap()),
        },
        Case {
            name: "unsure statements 10-100 k, broken",
            small: unsure_statements(10_000),
            large: unsure_statements(100_000),
            run: |s| drop(redact_broken_sql(s)),
        },
        Case {
            name: "error line 1-10 MB",
            small: error_line(1),
            large: error_line(10),
            run: |s| drop(parse(s).unwrap_err()),
        },
        Case {
            name: "CTAS `(` 1-10 MB",
            small: query_parens(1),
            large: query_parens(10),
            run: |s| drop(parse(s).unwrap_err()),
        },
        Case {
            name: "unterminated comment 1-10 MB",
            small: unterminated_comment(1),
            large: unterminated_comment(10),
            run: |s| drop(parse(s).unwrap_err()),
        },
    ]
}

/// Benchmarks every case; returns their names, in order.
fn limits(c: &mut Criterion) -> Vec<&'static str> {
    let mut names = Vec::new();
    let mut group = c.benchmark_group("limits");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for case in cases() {
        names.push(case.name);
        for (size, input) in [("1x", &case.small), ("10x", &case.large)] {
            let id = format!("{} {size}", case.name);
            let run = case.run;
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_function(&id, |b| {
                b.iter_custom(|iters| {
                    let start = Instant::now();
                    for _ in 0..iters {
                        run(black_box(input));
                    }
                    let elapsed = start.elapsed();
                    TIMES.lock().unwrap().entry(id.clone()).or_default().push(elapsed.as_secs_f64() / iters as f64);
                    elapsed
                })
            });
        }
    }
    group.finish();
    names
}

/// The fastest sample of each id: the least disturbed by a busy machine.
fn fastest(times: &BTreeMap<String, Vec<f64>>, id: &str) -> Option<f64> {
    times.get(id)?.iter().copied().reduce(f64::min)
}

fn summary(names: &[&str]) {
    let times = TIMES.lock().unwrap();
    println!("\n{:<36} {:>12} {:>12} {:>8}", "case", "1x", "10x", "ratio");
    for name in names {
        let small = fastest(&times, &format!("{name} 1x"));
        let large = fastest(&times, &format!("{name} 10x"));
        if let (Some(small), Some(large)) = (small, large) {
            println!("{:<36} {:>10.2}ms {:>10.2}ms {:>7.1}x", name, small * 1e3, large * 1e3, large / small.max(1e-9));
        }
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let names = limits(&mut criterion);
    criterion.final_summary();
    summary(&names);
}
