//! The scale benchmark's server part: `POST` creates per second through one and through two
//! `flink-ddl serve` processes (the release binary) sharing the PostgreSQL scale catalog of
//! `flink-ddl-postgres`'s bench (1,000,000 connections; `flink_ddl_postgres::throwaway::scale_catalog`
//! loads it once into `target/bench-cache/postgres/`).
//!
//! Each cell: a number of client threads, each with its own keep-alive HTTP connection
//! (reqwest), spread evenly over the servers, creating new connections in an environment of the
//! cell's own for 3 s, as fast as the servers answer; one API key, verified once per server and then
//! served from the servers' caches. The clients, the servers and PostgreSQL share the machine's
//! cores, so the figures include the clients' cost. The rows created are deleted afterwards, so
//! the scale catalog stays as it was.
//!
//! Run: `cargo bench -p flink-ddl-cli --bench serve_postgres` (the figures are in
//! `docs/postgres.md`). `cargo test` never runs it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use flink_ddl_exec::{Catalog, Clock, Role, SystemClock};
use flink_ddl_postgres::throwaway;
use reqwest::blocking::Client;
use serde_json::json;

const ORG: &str = "5d2b7e0a-3c4f-4b1e-9a8d-7f6e5d4c3b2a";
/// How long each cell runs.
const CELL: Duration = Duration::from_secs(3);

/// A `flink-ddl serve` on the catalog; killed when dropped.
struct Serve {
    child: Child,
    port: u16,
}

impl Serve {
    fn start(url: &str, key_file: &str) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_flink-ddl"))
            .args(["--catalog", url, "--key-file", key_file])
            .args(["serve", "--organization", ORG, "--listen", "127.0.0.1:0"])
            .env_remove("FLINK_DDL_CATALOG")
            .env_remove("FLINK_DDL_KEY_FILE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the flink-ddl binary runs");
        // The first line names the port; the rest (a line per request) is read and dropped, so
        // the pipe never fills and stalls the server.
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut serve = Serve { child, port: 0 };
        for line in lines.by_ref().map_while(Result::ok) {
            if let Some((_, port)) = line.split_once("listening on http://127.0.0.1:") {
                serve.port = port.trim().parse().unwrap();
                break;
            }
        }
        assert_ne!(serve.port, 0, "serve did not start");
        thread::spawn(move || lines.for_each(drop));
        serve
    }

    fn collection(&self, environment: &str) -> String {
        format!("http://127.0.0.1:{}/sql/v1/organizations/{ORG}/environments/{environment}/connections", self.port)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One cell's result.
struct Cell {
    per_second: f64,
    per_server: Vec<f64>,
    p50: Duration,
    p99: Duration,
}

/// `clients` threads spread over `servers` create connections in `environment` for [`CELL`].
fn run_cell(servers: &[&Serve], clients: usize, environment: &str, key: &(String, String)) -> Cell {
    let barrier = Arc::new(Barrier::new(clients + 1));
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let server = c % servers.len();
            let url = servers[server].collection(environment);
            let (barrier, key) = (barrier.clone(), key.clone());
            thread::spawn(move || {
                let http = Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
                // Warm: the connection opened and the key verified (cached by the server after).
                let warm = http.get(&url).basic_auth(&key.0, Some(&key.1)).send().unwrap();
                assert_eq!(warm.status(), 200);
                let mut times = Vec::new();
                barrier.wait();
                let start = Instant::now();
                while start.elapsed() < CELL {
                    let i = times.len();
                    let data = base64::engine::general_purpose::STANDARD
                        .encode(json!({ "API_KEY": format!("sk-serve-bench-{c}-{i}") }).to_string());
                    let body = json!({"name": format!("c{c}_{i}"), "spec": {"connection_type": "OPENAI",
                        "endpoint": "https://api.openai.com/v1", "auth_data": {"data": data}}});
                    let sent = Instant::now();
                    let response = http
                        .post(&url)
                        .basic_auth(&key.0, Some(&key.1))
                        .header("content-type", "application/json")
                        .body(body.to_string())
                        .send()
                        .unwrap();
                    assert_eq!(response.status(), 201, "{}", response.text().unwrap_or_default());
                    times.push(sent.elapsed());
                }
                (server, times, start.elapsed())
            })
        })
        .collect();
    barrier.wait();
    let mut per_server = vec![0.0; servers.len()];
    let mut all = Vec::new();
    for t in threads {
        let (server, times, elapsed) = t.join().unwrap();
        per_server[server] += times.len() as f64 / elapsed.as_secs_f64();
        all.extend(times);
    }
    all.sort();
    Cell { per_second: per_server.iter().sum(), per_server, p50: all[all.len() / 2], p99: all[all.len() * 99 / 100] }
}

fn main() {
    // `cargo test --benches` runs bench targets without `--bench`: nothing to do then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // Needed when the workspace build gives reqwest rustls without a provider (see Cargo.toml).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = throwaway::bench_server().unwrap_or_else(|e| panic!("{e}"));
    let catalog = throwaway::scale_catalog(&server);
    let mut admin = postgres::Client::connect(&server.url("big"), postgres::NoTls).unwrap();
    // Rows left by a run that was interrupted.
    let clean = |admin: &mut postgres::Client| {
        admin.execute("DELETE FROM flink_ddl.connections WHERE environment LIKE 'serve-bench-%'", &[]).unwrap();
        admin.batch_execute("VACUUM ANALYZE flink_ddl.connections").unwrap();
    };
    clean(&mut admin);
    let issued =
        flink_ddl_server::issue_api_key(Role::OrganizationAdmin, Vec::new(), "serve bench", SystemClock.now()).unwrap();
    let key = (issued.record.key.clone(), issued.secret.expose_secret().to_owned());
    catalog.insert_api_key(issued.record).unwrap();

    let url = server.url("big");
    let key_file = throwaway::bench_key_file();
    let key_file = key_file.to_str().unwrap();
    let (first, second) = (Serve::start(&url, key_file), Serve::start(&url, key_file));
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average before: {}", load.split(' ').take(3).collect::<Vec<_>>().join(" "));
    println!("| servers | clients | creates/s | per server | p50 | p99 |");
    println!("|---:|---:|---:|---|---:|---:|");
    for (cell, (servers, clients)) in [(1, 1), (1, 4), (1, 16), (2, 2), (2, 4), (2, 16)].into_iter().enumerate() {
        let on: Vec<&Serve> = [&first, &second].into_iter().take(servers).collect();
        let result = run_cell(&on, clients, &format!("serve-bench-{cell}"), &key);
        let per_server = result.per_server.iter().map(|r| format!("{r:.0}")).collect::<Vec<_>>().join(" + ");
        println!(
            "| {servers} | {clients} | {:.0} | {per_server} | {:.2?} | {:.2?} |",
            result.per_second, result.p50, result.p99
        );
    }
    drop((first, second));
    catalog.delete_api_key(&key.0).unwrap();
    clean(&mut admin);
}
