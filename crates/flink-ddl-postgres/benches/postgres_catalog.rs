//! The shared catalog at scale, on the binary's code path (`Session::execute` and `render` per
//! statement, over a `PostgresCatalog` on a local PostgreSQL server of the bench's own):
//! - `DESCRIBE CONNECTION` and `SHOW CONNECTIONS LIKE 'prefix%'` latency on a catalog of
//!   1,000,000 connections (and an `ILIKE`, a scan of the scope, for comparison);
//! - `CREATE CONNECTION` statements per second, each its own transaction, from one process and
//!   from two processes at once (this bench binary, run again as a worker).
//!
//! The server's files and the 1,000,000 connections (bulk-loaded with `COPY ... BINARY` through
//! `PostgresCatalog::import_connections`) are kept under `target/bench-cache/postgres/`; delete
//! that directory to rebuild them. Run: `cargo bench -p flink-ddl-postgres --bench
//! postgres_catalog` (the figures are in `docs/postgres.md`). `cargo test` never runs it.

use std::hint::black_box;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use flink_ddl::parse_statement;
use flink_ddl_exec::{render, OutputFormat, Session, SessionContext};
use flink_ddl_postgres::throwaway;
use flink_ddl_postgres::{PostgresCatalog, PostgresUrl};

const CREATES: usize = 10_000;
/// Set in a worker process: `URL KEY_FILE PREFIX COUNT`.
const WORKER: &str = "FLINK_DDL_PG_BENCH_WORKER";

/// Runs `statement` `n` times (after 20 to warm up) and gives the median and the 99th percentile.
fn latency(session: &Session, sql: &str, n: usize) -> (Duration, Duration) {
    let statement = parse_statement(sql).unwrap();
    let mut times = Vec::with_capacity(n);
    for i in 0..n + 20 {
        let start = Instant::now();
        let outcome = session.execute(&statement).unwrap();
        black_box(render(&outcome, OutputFormat::Human));
        if i >= 20 {
            times.push(start.elapsed());
        }
    }
    times.sort();
    (times[n / 2], times[n * 99 / 100])
}

/// Creates `count` connections named `PREFIX_i` through one session; statements per second.
fn create_many(url: &PostgresUrl, key_file: &str, prefix: &str, count: usize) -> f64 {
    let catalog = PostgresCatalog::open(url, key_file).unwrap();
    let session = Session::new(Arc::new(catalog), SessionContext::default());
    let statements: Vec<_> = (0..count)
        .map(|i| {
            parse_statement(&format!(
                "CREATE CONNECTION {prefix}_{i} WITH ('type' = 'openai', 'endpoint' = 'https://e/{i}', 'api-key' = 'sk-{i}')"
            ))
            .unwrap()
        })
        .collect();
    let start = Instant::now();
    for statement in &statements {
        black_box(render(&session.execute(statement).unwrap(), OutputFormat::Json));
    }
    count as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    if let Ok(spec) = std::env::var(WORKER) {
        let parts: Vec<&str> = spec.split(' ').collect();
        let url = PostgresUrl::parse_with_password(parts[0], None).unwrap();
        let rate = create_many(&url, parts[1], parts[2], parts[3].parse().unwrap());
        println!("{rate}");
        return;
    }
    // `cargo test --benches` runs bench targets without `--bench`: nothing to do then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let server = throwaway::bench_server().unwrap_or_else(|e| panic!("{e}"));
    let key_file = throwaway::bench_key_file();
    let key = key_file.to_str().unwrap();
    // The scale catalog, built once.
    let catalog = throwaway::scale_catalog(&server);
    let session = Session::new(Arc::new(catalog), SessionContext::default());
    println!("| operation (1,000,000 connections) | median | p99 |");
    println!("|---|---|---|");
    for (label, sql, n) in [
        ("DESCRIBE CONNECTION", "DESCRIBE CONNECTION `conn-0456789`", 2000),
        ("SHOW CONNECTIONS LIKE 'conn-012345%' (10 rows)", "SHOW CONNECTIONS LIKE 'conn-012345%'", 2000),
        ("SHOW CONNECTIONS LIKE 'conn-0123%' (1,000 rows)", "SHOW CONNECTIONS LIKE 'conn-0123%'", 300),
        (
            "SHOW CONNECTIONS ILIKE 'CONN-012345%' (a scan of the scope, 10 rows)",
            "SHOW CONNECTIONS ILIKE 'CONN-012345%'",
            5,
        ),
    ] {
        let (median, p99) = latency(&session, sql, n);
        println!("| `{label}` | {median:.2?} | {p99:.2?} |");
    }

    // Creates per second: a new database each run.
    let _ = postgres::Client::connect(&server.url("postgres"), postgres::NoTls)
        .unwrap()
        .batch_execute("DROP DATABASE IF EXISTS creates WITH (FORCE)");
    server.create_named_database("creates");
    // Each process is this binary run again as a worker, so one and two processes run alike.
    let run_workers = |prefixes: &[&str]| -> (f64, Vec<f64>) {
        let start = Instant::now();
        let children: Vec<_> = prefixes
            .iter()
            .map(|prefix| {
                Command::new(std::env::current_exe().unwrap())
                    .env(WORKER, format!("{} {key} {prefix} {CREATES}", server.url("creates")))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<_> = children.into_iter().map(|child| child.wait_with_output().unwrap()).collect();
        let total = (prefixes.len() * CREATES) as f64 / start.elapsed().as_secs_f64();
        let each = outputs
            .iter()
            .map(|out| {
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
            })
            .collect();
        (total, each)
    };
    let (_, one) = run_workers(&["one"]);
    let (both, each) = run_workers(&["two_a", "two_b"]);
    let (_, one_again) = run_workers(&["one_again"]);
    println!("| creates ({CREATES} statements per process) | statements/s |");
    println!("|---|---|");
    println!("| one process | {:.0} (again after the two: {:.0}) |", one[0], one_again[0]);
    println!("| two processes together | {both:.0} ({:.0} + {:.0}) |", each[0], each[1]);
}
