//! Crash safety of the persistent catalog, as a user would meet it: `flink-ddl -o json -f`
//! runs a long script (one JSON line per statement done), and is killed with SIGKILL at random
//! moments, at least 20 times, over one catalog file. After each kill, before anything else opens
//! the file: no catalog file (`.db`, `-wal`, `-shm`, `-journal`) holds a secret in plain text;
//! then SQLite's `integrity_check` is `ok`, and every statement the child reported done is in the
//! catalog, with the credential it set.
#![cfg(unix)]

mod support;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use flink_ddl_exec::Catalog;
use flink_ddl_sqlite::SqliteCatalog;
use flink_ddl_testkit::Seed;
use support::{catalog_files, leaked, Sandbox};

const KILLS: usize = 24;
/// Long enough that a kill within 0.4 s lands mid-script on a machine several times faster.
const STATEMENTS: usize = 20_000;
/// Every secret in the scripts contains it, so one search finds any of them.
const MARK: &str = "CRASHMARK";

/// One script statement: the connection it touches and the api-key it leaves.
struct Step {
    name: String,
    secret: String,
}

fn script(run: usize) -> (String, Vec<Step>) {
    let mut text = String::new();
    let mut steps = Vec::new();
    for i in 0..STATEMENTS {
        // Every fourth statement alters the connection created just before.
        if i % 4 == 3 {
            let name = format!("k{run}_{}", i - 1);
            let secret = format!("{MARK}_{run}_{i}_rotated");
            text.push_str(&format!("ALTER CONNECTION {name} SET ('api-key' = '{secret}');\n"));
            steps.push(Step { name, secret });
        } else {
            let name = format!("k{run}_{i}");
            let secret = format!("{MARK}_{run}_{i}");
            text.push_str(&format!(
                "CREATE CONNECTION {name} WITH ('type' = 'openai', 'endpoint' = 'https://e/{i}', 'api-key' = '{secret}');\n"
            ));
            steps.push(Step { name, secret });
        }
    }
    (text, steps)
}

#[test]
fn sigkill_at_random_moments_loses_no_reported_statement() {
    let s = Sandbox::new();
    let db = s.path("catalog.db");
    // From the clock, so the kill moments differ from run to run; printed if the test fails.
    let seed = Seed::from_env_or_clock();
    let mut rng = seed.rng(0);
    let mut expected: HashMap<String, String> = HashMap::new();
    let mut mid_run_kills = 0;
    let mut finished_runs = 0;
    let mut reported_total = 0;
    let mut checked_earlier = 0;
    let started = Instant::now();

    for run in 0..KILLS {
        let (text, steps) = script(run);
        let file = s.write(&format!("run{run}.sql"), text);
        let mut cmd = s.command();
        cmd.args(["--catalog", db.to_str().unwrap(), "-o", "json", "-f", file.to_str().unwrap()]);
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (lines_tx, lines_rx) = mpsc::channel::<String>();
        let reader = thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    // Only whole lines count: a line cut by the kill was not reported.
                    Ok(n) if n > 0 && line.ends_with('\n') => {
                        if lines_tx.send(line).is_err() {
                            return;
                        }
                    }
                    _ => return,
                }
            }
        });
        // Kill at a random moment: some before the catalog is even open (run 0 creates it and
        // its key), most in the middle of the script.
        let delay = match run % 6 {
            0 => rng.below(15) as u64,
            _ => 5 + rng.below(400) as u64,
        };
        thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let status = support::wait_with_deadline(&mut child, support::DEADLINE);
        reader.join().unwrap();
        let lines: Vec<String> = lines_rx.try_iter().collect();
        if status.success() {
            finished_runs += 1;
        }
        let reported = lines.len();
        reported_total += reported;
        if reported > 0 && reported < steps.len() {
            mid_run_kills += 1;
        }

        // 1. No file holds a secret, before anything else touches them.
        for path in catalog_files(&db) {
            if let Ok(bytes) = std::fs::read(&path) {
                assert!(leaked(&bytes, &[MARK.to_owned()]).is_empty(), "run {run}: {} holds a secret", path.display());
            }
        }
        let output: String = lines.concat();
        assert!(!output.contains(MARK), "run {run}: the output holds a secret");

        // 2. The file is sound.
        if db.exists() {
            let conn = rusqlite::Connection::open(&db).unwrap();
            let check: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
            assert_eq!(check, "ok", "run {run}");
        }

        // 3. What was reported is there. Line k reports statement k; the statement after the
        //    last reported one may have been committed too (killed before its line was written).
        for (line, step) in lines.iter().zip(&steps) {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(doc["name"], step.name.as_str(), "run {run}: output out of order");
            expected.insert(step.name.clone(), step.secret.clone());
        }
        let next = steps.get(reported);
        let catalog = SqliteCatalog::open(&db).unwrap_or_else(|e| panic!("run {run}: the catalog does not open: {e}"));
        // Every connection reported so far, in any run, is listed...
        let scope = flink_ddl_exec::SessionContext::default().scope();
        let listed: HashSet<String> =
            catalog.list_connections(&scope, None).unwrap().into_iter().map(|c| c.name).collect();
        for name in expected.keys() {
            assert!(listed.contains(name), "run {run}: reported connection {name} is missing");
        }
        // ...and holds the credential last reported for it: all of this run's, a sample of the
        // earlier ones.
        let this_run: HashSet<&str> = steps[..reported].iter().map(|s| s.name.as_str()).collect();
        let mut sampled = 0;
        for (name, secret) in &expected {
            if !this_run.contains(name.as_str()) {
                if rng.below(expected.len() / 200 + 1) != 0 {
                    continue;
                }
                sampled += 1;
            }
            let record = catalog.get_connection("default", name).unwrap().unwrap();
            let stored = record.credentials.get("api-key").unwrap().expose_secret();
            let newer = next.filter(|n| &n.name == name).map(|n| n.secret.as_str());
            assert!(stored == secret || Some(stored) == newer, "run {run}: {name} lost its reported api-key");
        }
        checked_earlier += sampled;
        // When that one was committed, later runs must keep it.
        if let Some(next) = next {
            let record = catalog.get_connection("default", &next.name).unwrap();
            if record.is_some_and(|r| r.credentials.get("api-key").unwrap().expose_secret() == next.secret) {
                expected.insert(next.name.clone(), next.secret.clone());
            }
        }
        // The statement after that one never started.
        let next_name = next.map(|n| n.name.as_str());
        let later =
            steps.get(reported + 1).filter(|s| !expected.contains_key(&s.name) && Some(s.name.as_str()) != next_name);
        if let Some(later) = later {
            assert!(catalog.get_connection("default", &later.name).unwrap().is_none(), "run {run}: {}", later.name);
        }
    }
    println!(
        "{KILLS} kills in {:?}: {mid_run_kills} in the middle of a script, {finished_runs} runs finished first, \
         {reported_total} statements reported and found ({checked_earlier} earlier credentials re-read)",
        started.elapsed()
    );
    assert!(mid_run_kills >= KILLS / 2, "too few kills landed mid-script ({mid_run_kills}); the test proves little");
}
