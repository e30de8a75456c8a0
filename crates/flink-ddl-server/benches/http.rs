//! Throughput and latency of the `sql/v1` server: authenticated GET (one connection) and POST
//! (create), at 1, 16 and 64 concurrent clients, on the memory and SQLite catalogs. The server
//! runs in this process on a loopback port; the clients are reqwest on the same runtime, so the
//! two share the machine's cores (the figures include the clients' own cost).
//!
//! `cargo bench -p flink-ddl-server --bench http` prints a Markdown table (the one in
//! docs/server.md). `BENCH_SECONDS` sets each cell's measuring time (default 3).

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use flink_ddl_exec::{Catalog, MemoryCatalog, Role, Timestamp};
use flink_ddl_server::{issue_api_key, router, serve, ServerConfig, Transport};
use flink_ddl_sqlite::SqliteCatalog;

const ORG: &str = "6f1c2a7e-0b4d-4e8a-9c3f-1d2e3f4a5b6c";

#[derive(Clone, Copy, PartialEq)]
enum Operation {
    Get,
    Post,
}

struct Cell {
    requests: usize,
    seconds: f64,
    p50: Duration,
    p99: Duration,
}

async fn measure(
    client: &reqwest::Client,
    base: &str,
    authorization: &str,
    operation: Operation,
    clients: usize,
    seconds: f64,
    round: usize,
) -> Cell {
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for task in 0..clients {
        let (client, base, authorization) = (client.clone(), base.to_owned(), authorization.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut n = 0usize;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let response = match operation {
                    Operation::Get => client.get(format!("{base}/c0042")).header("authorization", &authorization).send().await,
                    Operation::Post => {
                        let name = format!("r{round}_t{task}_n{n}");
                        let body = format!(r#"{{"name":"{name}","spec":{{"connection_type":"OPENAI","endpoint":"https://api.openai.com/v1","auth_data":{{"data":"eyJBUElfS0VZIjoic2stYmVuY2gifQ=="}}}}}}"#);
                        client.post(&base).header("authorization", &authorization).header("content-type", "application/json").body(body).send().await
                    }
                };
                let response = response.expect("request");
                let expected = if operation == Operation::Get { 200 } else { 201 };
                assert_eq!(response.status().as_u16(), expected);
                let _ = response.bytes().await;
                latencies.push(sent.elapsed());
                n += 1;
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Cell { requests: latencies.len(), seconds, p50: at(0.50), p99: at(0.99) }
}

async fn bench_catalog(label: &str, catalog: Arc<dyn Catalog>, seconds: f64) {
    let issued = issue_api_key(Role::OrganizationAdmin, vec![], "bench", Timestamp::UNIX_EPOCH).unwrap();
    let authorization = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            issued.record.key,
            issued.secret.expose_secret()
        ))
    );
    catalog.insert_api_key(issued.record).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, router(catalog, ServerConfig::new(ORG)), Transport::Plain, async {
        let _ = stopped.await;
    }));
    let base = format!("http://{address}/sql/v1/organizations/{ORG}/environments/bench/connections");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().pool_max_idle_per_host(128).build().unwrap();
    for n in 0..100 {
        let body = format!(
            r#"{{"name":"c{n:04}","spec":{{"connection_type":"OPENAI","endpoint":"https://x","auth_data":{{"data":"eyJBUElfS0VZIjoiayJ9"}}}}}}"#
        );
        let created = client
            .post(&base)
            .header("authorization", &authorization)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status().as_u16(), 201);
    }
    let mut round = 0;
    for (operation, name) in [(Operation::Get, "GET"), (Operation::Post, "POST")] {
        for clients in [1, 16, 64] {
            // A short warm-up fills the connection pool and the key cache.
            measure(&client, &base, &authorization, operation, clients, 0.3, round).await;
            round += 1;
            let cell = measure(&client, &base, &authorization, operation, clients, seconds, round).await;
            round += 1;
            println!(
                "| {label} | {name} | {clients} | {:.0} | {:.2} | {:.2} |",
                cell.requests as f64 / cell.seconds,
                cell.p50.as_secs_f64() * 1000.0,
                cell.p99.as_secs_f64() * 1000.0
            );
        }
    }
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: keep that run short.
    let benching = std::env::args().any(|a| a == "--bench");
    let seconds: f64 =
        std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(if benching { 3.0 } else { 0.1 });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        println!("| catalog | request | clients | requests/s | p50 ms | p99 ms |");
        println!("|---|---|---:|---:|---:|---:|");
        bench_catalog("memory", Arc::new(MemoryCatalog::new()), seconds).await;
        let dir = tempfile::TempDir::new().unwrap();
        bench_catalog("SQLite", Arc::new(SqliteCatalog::open(dir.path().join("bench.db")).unwrap()), seconds).await;
    });
}
