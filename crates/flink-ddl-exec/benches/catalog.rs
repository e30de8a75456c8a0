//! DESCRIBE and `SHOW CONNECTIONS LIKE 'prefix%'` against a `MemoryCatalog` of 1,000,000
//! connections (one scope), through `Session::execute`. `ILIKE` with the same prefix cannot use
//! the name order and scans the scope: it is measured too, for comparison.
//!
//! Run: `cargo bench --bench catalog` (the figures are in docs/performance.md).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use flink_ddl::{parse_statement, Secret};
use flink_ddl_exec::{
    render, Catalog, ConnectionInfo, ConnectionRecord, ConnectionStatus, ConnectionType, Credentials, MemoryCatalog,
    OutputFormat, Scope, Session, SessionContext, Timestamp,
};

const CONNECTIONS: usize = 1_000_000;

fn catalog_of(n: usize) -> Arc<MemoryCatalog> {
    let catalog = Arc::new(MemoryCatalog::new());
    let scope = SessionContext::default().scope();
    let openai = ConnectionType::from_name("openai").expect("a registered type");
    for i in 0..n {
        let mut credentials = Credentials::new();
        credentials.insert("api-key", Secret::new(format!("sk-{i}"))).expect("a credential key");
        let info = ConnectionInfo {
            name: format!("conn-{i:07}"),
            scope: Scope::clone(&scope),
            connection_type: openai,
            endpoint: format!("https://api.example.com/v1/{i}"),
            comment: None,
            created_at: Timestamp::from_unix_micros(1_755_122_697_972_969 + i as i64),
            updated_at: Timestamp::from_unix_micros(1_755_122_697_972_969 + i as i64),
            uid: String::new(),
            resource_version: 1,
            status: ConnectionStatus::default(),
        };
        catalog.insert_connection(ConnectionRecord { info, credentials }).expect("unique names");
    }
    catalog
}

fn bench(c: &mut Criterion) {
    let catalog = catalog_of(CONNECTIONS);
    assert_eq!(catalog.connection_count(), CONNECTIONS);
    let session = Session::new(catalog, SessionContext::default());

    let describe = parse_statement("DESCRIBE CONNECTION `conn-0500000`").expect("parses");
    let like = parse_statement("SHOW CONNECTIONS LIKE 'conn-05000%'").expect("parses");
    let ilike = parse_statement("SHOW CONNECTIONS ILIKE 'CONN-05000%'").expect("parses");

    let mut group = c.benchmark_group("catalog_1m");
    group.sample_size(50).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    group.bench_function("describe", |b| b.iter(|| session.execute(black_box(&describe)).expect("found")));
    group
        .bench_function("show_like_prefix_100_rows", |b| b.iter(|| session.execute(black_box(&like)).expect("listed")));
    group.bench_function("show_like_prefix_100_rows_rendered", |b| {
        b.iter(|| render(&session.execute(black_box(&like)).expect("listed"), OutputFormat::Human))
    });
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    group.bench_function("show_ilike_prefix_full_scan", |b| {
        b.iter(|| session.execute(black_box(&ilike)).expect("listed"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
