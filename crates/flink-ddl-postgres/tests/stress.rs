//! Several processes, several threads each, on one database: they race on a few shared names
//! (create, replace with another type, drop, alter, tables that pin their connection) and each
//! also writes names of its own, reporting every write the catalog acknowledged. Afterwards:
//! names are unique per environment, no table points at a missing or wrongly typed connection,
//! `tables_using` agrees with the tables, and every acknowledged write is there with its secret.
//!
//! The processes are this test binary itself, run again with [`WORKER`] set: the test
//! `one_process_keeps_the_catalog_consistent` is then the worker, and run on its own it is the
//! same workload in one process, checked the same way.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;

use flink_ddl::{parse_statement, ObjectName, OptionList};
use flink_ddl_exec::conformance::check_invariants;
use flink_ddl_exec::{Catalog, ExecError, Scope, Session, SessionContext};
use flink_ddl_postgres::throwaway::Server;
use flink_ddl_postgres::{PostgresCatalog, PostgresUrl};
use tempfile::TempDir;

/// Set in a worker process: `URL KEY_FILE WORKER_NUMBER`.
const WORKER: &str = "FLINK_DDL_PG_STRESS_WORKER";
const REGIONS: [&str; 3] = ["r1", "r2", "r3"];
const MARK: &str = "STRESSMARK";

/// Processes, threads in each, steps per thread: 3x4x250 (2.5 s), or `FLINK_DDL_PG_STRESS_SHAPE`
/// (`6x6x1200`, four minutes, met the race of an `ALTER` with a type-changing replacement in
/// two runs of three, where 3x4x250 had met it once in CI and 3x4x1200 in none of two).
/// `an_update_never_lands_on_a_replacement` of the conformance suite is its exact regression test.
#[derive(Clone, Copy)]
struct Shape {
    processes: usize,
    threads: usize,
    steps: usize,
}

fn shape() -> Shape {
    let Ok(text) = std::env::var("FLINK_DDL_PG_STRESS_SHAPE") else {
        return Shape { processes: 3, threads: 4, steps: 250 };
    };
    let parts: Vec<usize> = text.split('x').filter_map(|n| n.trim().parse().ok()).filter(|n| *n > 0).collect();
    match parts[..] {
        [processes, threads, steps] => Shape { processes, threads, steps },
        _ => panic!("FLINK_DDL_PG_STRESS_SHAPE is processes x threads x steps (6x6x1200), not {text:?}"),
    }
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Runs the workload of worker `worker` (its threads, each on its own pool), reporting each
/// acknowledged write of its own names through `ack` as `(name, secret)`.
fn workload(url: &PostgresUrl, key_file: &Path, worker: usize, ack: impl Fn(&str, &str) + Send + Sync + 'static) {
    let ack = Arc::new(ack);
    let threads: Vec<_> = (0..shape().threads)
        .map(|t| {
            let catalog: Arc<dyn Catalog> = Arc::new(PostgresCatalog::open(url, key_file).unwrap());
            let ack = ack.clone();
            thread::spawn(move || {
                let region = REGIONS[(worker + t) % REGIONS.len()];
                let session = Session::new(catalog, SessionContext::new("default", "aws", region));
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((worker * 16 + t + 1) as u64));
                for i in 0..shape().steps {
                    if i % 3 == 0 {
                        own_write(&session, &format!("u{worker}_{t}_{}", i / 6), i, &*ack);
                    } else {
                        shared_step(&session, &mut rng);
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

/// Creates the name (even steps) or rotates its secret (odd steps); reports it when acknowledged.
fn own_write(session: &Session, name: &str, step: usize, ack: &(dyn Fn(&str, &str) + Send + Sync)) {
    let secret = format!("{MARK}-{name}-{step}");
    let sql = if (step / 3) % 2 == 0 {
        format!("CREATE CONNECTION {name} WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = '{secret}')")
    } else {
        format!("ALTER CONNECTION {name} SET ('api-key' = '{secret}')")
    };
    match session.execute(&parse_statement(&sql).unwrap()) {
        Ok(_) => ack(name, &secret),
        Err(e) => panic!("{sql}: {e}"),
    }
}

/// One random statement on the shared names; only rule errors may come back.
fn shared_step(session: &Session, rng: &mut Rng) {
    let c = format!("c{}", rng.below(5));
    let t = format!("t{}", rng.below(6));
    let ty = ["mongodb", "couchbase"][rng.below(2)];
    let result = match rng.below(7) {
        0 => run(session, &format!("CREATE CONNECTION {c} WITH ('type' = '{ty}', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')")),
        1 => run(session, &format!("CREATE OR REPLACE CONNECTION {c} WITH ('type' = '{ty}', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')")),
        2 => run(session, &format!("DROP CONNECTION IF EXISTS {c}")),
        3 => run(session, &format!("ALTER CONNECTION IF EXISTS {c} SET ('password' = 'p{}')", rng.below(100))),
        4 => {
            let options = OptionList::from_pairs([("connector", ty), (&format!("{ty}.connection"), c.as_str())]);
            session.create_table(&ObjectName::simple(t.as_str()), rng.below(2) == 0, &options, "CREATE TABLE t")
        }
        5 => session.drop_table(&ObjectName::simple(t.as_str()), true),
        _ => run(session, "SHOW CONNECTIONS LIKE 'c%'"),
    };
    if let Err(e) = result {
        assert!(!matches!(e, ExecError::Catalog(_)), "{e}");
    }
}

fn run(session: &Session, sql: &str) -> Result<flink_ddl_exec::Outcome, ExecError> {
    session.execute(&parse_statement(sql).unwrap())
}

/// The checks after the workload: the invariants, and every acknowledged write.
fn check(url: &PostgresUrl, key_file: &Path, acknowledged: &HashMap<String, String>) {
    let catalog = PostgresCatalog::open(url, key_file).unwrap();
    let scopes: Vec<Scope> = REGIONS.iter().map(|r| Scope::new("default", "aws", *r)).collect();
    check_invariants(&catalog, &scopes);
    assert!(!acknowledged.is_empty());
    for (name, secret) in acknowledged {
        let record = catalog.get_connection("default", name).unwrap().unwrap_or_else(|| panic!("{name} was lost"));
        assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), secret, "{name}");
    }
}

fn database() -> (PostgresUrl, PathBuf, TempDir) {
    let url: PostgresUrl = Server::shared().create_database().parse().unwrap();
    let keys = TempDir::new().unwrap();
    let key_file = keys.path().join("catalog.key");
    // Opened once first, so the key file exists before the workers start.
    drop(PostgresCatalog::open(&url, &key_file).unwrap());
    (url, key_file, keys)
}

#[test]
fn one_process_keeps_the_catalog_consistent() {
    if let Ok(spec) = std::env::var(WORKER) {
        // A worker of the test below: its acknowledgements go to stdout, one line each.
        let mut parts = spec.splitn(3, ' ');
        let (url, key_file, worker) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        let url = PostgresUrl::parse_with_password(url, None).unwrap();
        workload(&url, Path::new(key_file), worker.parse().unwrap(), |name, secret| {
            let mut out = std::io::stdout().lock();
            writeln!(out, "ACK {name} {secret}").unwrap();
            out.flush().unwrap();
        });
        return;
    }
    let (url, key_file, _keys) = database();
    let acknowledged = Arc::new(std::sync::Mutex::new(HashMap::new()));
    let sink = acknowledged.clone();
    workload(&url, &key_file, 0, move |name, secret| {
        sink.lock().unwrap().insert(name.to_owned(), secret.to_owned());
    });
    check(&url, &key_file, &acknowledged.lock().unwrap());
}

#[test]
fn processes_and_threads_keep_the_catalog_consistent() {
    let server = Server::shared();
    let (url, key_file, _keys) = database();
    let raw_url = server.url(url.dbname().unwrap());
    let children: Vec<_> = (0..shape().processes)
        .map(|worker| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "one_process_keeps_the_catalog_consistent", "--nocapture", "--test-threads=1"])
                .env(WORKER, format!("{raw_url} {} {worker}", key_file.display()))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut acknowledged = HashMap::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        // The worker's panic first: its acknowledgements run to thousands of lines.
        let last_lines: Vec<&str> = stdout.lines().rev().take(20).collect();
        assert!(
            out.status.success(),
            "a worker failed:\n{}\n(the last lines of its output:)\n{}",
            String::from_utf8_lossy(&out.stderr),
            last_lines.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
        // A name is written by one thread only, in order: its last acknowledgement is its value.
        for line in stdout.lines().filter_map(|l| l.strip_prefix("ACK ")) {
            let (name, secret) = line.split_once(' ').unwrap();
            acknowledged.insert(name.to_owned(), secret.to_owned());
        }
    }
    let Shape { processes, threads, steps } = shape();
    let own_names = processes * threads * steps.div_ceil(6);
    assert_eq!(acknowledged.len(), own_names);
    check(&url, &key_file, &acknowledged);
}
