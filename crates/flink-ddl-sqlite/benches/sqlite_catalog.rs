//! The persistent catalog at scale, on the binary's code path (`Parser::statements`, then
//! `Session::execute` and `render` per statement, over a `SqliteCatalog`):
//! - creating 100,000 connections from one script, each statement its own transaction, into a
//!   new catalog file;
//! - `DESCRIBE` and `SHOW CONNECTIONS LIKE 'prefix%'` on a catalog file of 1,000,000 connections,
//!   and `ILIKE` (a scan of the scope) for comparison, and opening that file.
//!
//! The 1,000,000-connection file is built once through the bulk path (one transaction) and kept
//! under `target/bench-cache/`; delete it to rebuild. Run: `cargo bench --bench sqlite_catalog`
//! (the figures are in docs/performance.md).

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use flink_ddl::{parse_statement, Parser, Secret};
use flink_ddl_exec::{
    render, Catalog, ConnectionInfo, ConnectionRecord, ConnectionStatus, ConnectionType, Credentials, OutputFormat,
    Session, SessionContext, Timestamp,
};
use flink_ddl_sqlite::SqliteCatalog;

const SCRIPT_CONNECTIONS: usize = 100_000;
const BIG_CATALOG: usize = 1_000_000;

fn cache_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("bench-cache");
    std::fs::create_dir_all(&dir).expect("a cache directory under target/");
    dir
}

fn script() -> String {
    let mut text = String::with_capacity(SCRIPT_CONNECTIONS * 140);
    for i in 0..SCRIPT_CONNECTIONS {
        text.push_str(&format!(
            "CREATE CONNECTION conn_{i:06} WITH ('type' = 'openai', 'endpoint' = 'https://api.example.com/v1/{i}', \
             'api-key' = 'sk-bench-{i:06}');\n"
        ));
    }
    text
}

/// What the binary does with a script: parse one statement, run it, render it, go on.
fn run_script(session: &Session, text: &str) -> usize {
    let mut rendered = 0;
    for item in Parser::new().statements(text) {
        let (statement, _) = item.expect("the script parses");
        let outcome = session.execute(&statement).expect("the statement runs");
        rendered += render(&outcome, OutputFormat::Json).len();
    }
    rendered
}

fn create_from_script(c: &mut Criterion) {
    let text = script();
    let mut group = c.benchmark_group("sqlite_script");
    group.sample_size(10).measurement_time(Duration::from_secs(60)).warm_up_time(Duration::from_secs(1));
    group.bench_function("create_100k_connections", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::TempDir::new().expect("a temporary directory");
                let catalog = SqliteCatalog::open(dir.path().join("catalog.db")).expect("a new catalog");
                (dir, Session::new(Arc::new(catalog), SessionContext::default()))
            },
            |(dir, session)| {
                black_box(run_script(&session, &text));
                drop(session);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// The 1,000,000-connection catalog, built once (bulk, one transaction) and cached.
fn big_catalog() -> PathBuf {
    let path = cache_dir().join(format!("sqlite-{BIG_CATALOG}.db"));
    if let Ok(catalog) = SqliteCatalog::open(&path) {
        if catalog.connection_count().ok() == Some(BIG_CATALOG as u64) {
            return path;
        }
    }
    for stale in ["", "-wal", "-shm", ".key"] {
        let mut name = path.clone().into_os_string();
        name.push(stale);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
    let started = Instant::now();
    let catalog = SqliteCatalog::open(&path).expect("a new catalog");
    let scope = SessionContext::default().scope();
    let openai = ConnectionType::from_name("openai").expect("a registered type");
    let records = (0..BIG_CATALOG).map(|i| {
        let mut credentials = Credentials::new();
        credentials.insert("api-key", Secret::new(format!("sk-{i}"))).expect("a credential key");
        let at = Timestamp::from_unix_micros(1_755_122_697_972_969 + i as i64);
        let info = ConnectionInfo {
            name: format!("conn-{i:07}"),
            scope: scope.clone(),
            connection_type: openai,
            endpoint: format!("https://api.example.com/v1/{i}"),
            comment: None,
            created_at: at,
            updated_at: at,
            uid: format!("uid-{i}"),
            resource_version: 1,
            status: ConnectionStatus::default(),
        };
        ConnectionRecord { info, credentials }
    });
    assert_eq!(catalog.import_connections(records).expect("a bulk import"), BIG_CATALOG);
    drop(catalog);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!("built {} ({} MB) in {:?}", path.display(), size / 1_000_000, started.elapsed());
    path
}

fn big_catalog_queries(c: &mut Criterion) {
    let path = big_catalog();
    let catalog: Arc<dyn Catalog> = Arc::new(SqliteCatalog::open(&path).expect("the cached catalog"));
    let session = Session::new(catalog, SessionContext::default());
    let describe = parse_statement("DESCRIBE CONNECTION `conn-0500000`").expect("parses");
    let like = parse_statement("SHOW CONNECTIONS LIKE 'conn-05000%'").expect("parses");
    let ilike = parse_statement("SHOW CONNECTIONS ILIKE 'CONN-05000%'").expect("parses");

    let mut group = c.benchmark_group("sqlite_1m");
    group.sample_size(50).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    group.bench_function("describe", |b| b.iter(|| session.execute(black_box(&describe)).expect("found")));
    group
        .bench_function("show_like_prefix_100_rows", |b| b.iter(|| session.execute(black_box(&like)).expect("listed")));
    group.bench_function("show_like_prefix_100_rows_rendered", |b| {
        b.iter(|| render(&session.execute(black_box(&like)).expect("listed"), OutputFormat::Human))
    });
    group.bench_function("open_catalog_file", |b| b.iter(|| SqliteCatalog::open(black_box(&path)).expect("opens")));
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("show_ilike_scan_of_1m", |b| b.iter(|| session.execute(black_box(&ilike)).expect("listed")));
    group.finish();
}

criterion_group!(benches, big_catalog_queries, create_from_script);
criterion_main!(benches);
