//! The binary on a PostgreSQL catalog, as users drive it: `--catalog postgres://...` (and
//! `$FLINK_DDL_CATALOG`) in every mode (SQL mode, the shell, the `connection` verbs); the key
//! file it requires; the password it never prints; several processes on one database (each sees
//! the others' writes, a racing create has one winner, a stale compare-and-set is refused); and
//! `kill -9` of a running script losing nothing it reported. Each test has a database of its own
//! on this binary's throwaway server.
#![cfg(unix)]

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use flink_ddl_exec::{Catalog, CatalogError};
use flink_ddl_postgres::throwaway::Server;
use flink_ddl_postgres::{PostgresCatalog, PostgresUrl};
use support::Sandbox;

const MARK: &str = "PGCLIMARK";

/// A sandbox, a database of the shared server, and the key file every process uses.
struct Pg {
    s: Sandbox,
    url: String,
    key: String,
}

impl Pg {
    fn new() -> Pg {
        let s = Sandbox::new();
        let key = s.path("shared.key").display().to_string();
        Pg { s, url: Server::shared().create_database(), key }
    }

    /// `flink-ddl --catalog URL --key-file KEY ARGS...`
    fn run(&self, args: &[&str]) -> support::Run {
        let mut all = vec!["--catalog", &self.url, "--key-file", &self.key];
        all.extend(args);
        self.s.run(&all)
    }

    fn catalog(&self) -> PostgresCatalog {
        let url: PostgresUrl = self.url.parse().unwrap();
        PostgresCatalog::open(&url, &self.key).unwrap()
    }

    fn secret(&self, name: &str) -> Option<String> {
        let record = self.catalog().get_connection("default", name).unwrap()?;
        record.credentials.get("api-key").map(|v| v.expose_secret().to_owned())
    }
}

fn create_sql(name: &str, secret: &str) -> String {
    format!(
        "CREATE CONNECTION {name} WITH ('type' = 'openai', 'endpoint' = 'https://e/{name}', 'api-key' = '{secret}')"
    )
}

fn no_password(run: &support::Run) {
    let password = Server::shared().password();
    assert!(!run.stdout.contains(password) && !run.stderr.contains(password), "{run:?}");
}

#[test]
fn every_mode_runs_on_postgres() {
    let pg = Pg::new();
    // SQL mode, -e.
    pg.run(&["-e", &create_sql("a", &format!("{MARK}_a"))]).ok();
    // SQL mode, a script on stdin.
    let mut all = vec!["--catalog", pg.url.as_str(), "--key-file", pg.key.as_str()];
    all.extend(["-o", "json"]);
    let piped =
        pg.s.run_with_stdin(&all, format!("{};\nSHOW CONNECTIONS;", create_sql("b", &format!("{MARK}_b"))).as_bytes())
            .ok();
    assert!(piped.stdout.contains("\"b\"") && !piped.stdout.contains(MARK), "{}", piped.stdout);
    // The shell (-i reads its lines from stdin).
    let shell = pg.s.run_with_stdin(&[&all[..4], &["-i"]].concat(), b"DESCRIBE CONNECTION a;\n").ok();
    assert!(shell.stdout.contains("https://e/a"), "{}", shell.stdout);
    // The connection verbs.
    let place = ["--cloud", "local", "--region", "local"];
    let created = pg
        .run(
            &[
                &[
                    "connection",
                    "create",
                    "v",
                    "--type",
                    "openai",
                    "--endpoint",
                    "https://e/v",
                    "--api-key",
                    "PGCLIMARK_v",
                ][..],
                &place,
            ]
            .concat(),
        )
        .ok();
    assert!(!created.stdout.contains(MARK));
    let listed = pg.run(&[&["connection", "list"][..], &place].concat()).ok();
    assert!(
        listed.stdout.contains(" a ") && listed.stdout.contains(" b ") && listed.stdout.contains(" v "),
        "{}",
        listed.stdout
    );
    pg.run(&[&["connection", "update", "v", "--api-key", "PGCLIMARK_v2"][..], &place].concat()).ok();
    assert_eq!(pg.secret("v").as_deref(), Some("PGCLIMARK_v2"));
    pg.run(&[&["connection", "delete", "v", "--force"][..], &place].concat()).ok();
    assert_eq!(pg.secret("v"), None);
    // $FLINK_DDL_CATALOG and $FLINK_DDL_KEY_FILE name the same catalog.
    let mut cmd = pg.s.command();
    cmd.env("FLINK_DDL_CATALOG", &pg.url).env("FLINK_DDL_KEY_FILE", &pg.key).args(["-e", "SHOW CONNECTIONS"]);
    let from_env = support::finish(cmd, None).ok();
    assert!(from_env.stdout.contains(" a ") && from_env.stdout.contains(" b "), "{}", from_env.stdout);
    assert_eq!(pg.secret("a").as_deref(), Some("PGCLIMARK_a"));
    // sqlite:PATH still means a SQLite file.
    let sqlite = format!("sqlite:{}", pg.s.path("local.db").display());
    pg.s.run(&["--catalog", &sqlite, "-e", "SHOW CONNECTIONS"]).ok();
    assert!(pg.s.path("local.db").exists() && pg.s.path("local.db.key").exists());
}

#[test]
fn a_postgres_catalog_needs_a_key_file_and_never_shows_the_password() {
    let pg = Pg::new();
    let run = pg.s.run(&["--catalog", &pg.url, "-e", "SHOW CONNECTIONS"]).fails_with(1);
    assert!(run.stderr.contains("needs a key file") && run.stderr.contains("--key-file"), "{}", run.stderr);
    no_password(&run);
    let wrong_password = pg.url.replace(Server::shared().password(), "not-the-password");
    let run = pg.s.run(&["--catalog", &wrong_password, "--key-file", &pg.key, "-e", "SHOW CONNECTIONS"]).fails_with(1);
    assert!(
        run.stderr.contains("password authentication failed") && !run.stderr.contains("not-the-password"),
        "{}",
        run.stderr
    );
    let unreachable = format!("postgres://u:{MARK}@127.0.0.1:1/db");
    let run = pg.s.run(&["--catalog", &unreachable, "--key-file", &pg.key, "-e", "SHOW CONNECTIONS"]).fails_with(1);
    assert!(run.stderr.contains("cannot connect") && !run.stderr.contains(MARK), "{}", run.stderr);
    let tls = format!("{}?sslmode=verify-full", pg.url);
    let run = pg.s.run(&["--catalog", &tls, "--key-file", &pg.key, "-e", "SHOW CONNECTIONS"]).fails_with(1);
    assert!(run.stderr.contains("sslmode=verify-full"), "{}", run.stderr);
    no_password(&run);
    // A usage error quoting the arguments.
    let run = pg.s.run(&["--catalog", &pg.url, "--key-file", &pg.key, "--bogus"]).fails_with(2);
    no_password(&run);
    let run = pg.s.run(&[&format!("--catalog={}", pg.url), "stray-argument"]).fails_with(2);
    no_password(&run);
    // --help with the URL in the environment.
    let mut cmd = pg.s.command();
    cmd.env("FLINK_DDL_CATALOG", &pg.url).arg("--help");
    let help = support::finish(cmd, None).ok();
    no_password(&help);
    // Nothing was created by the refused runs but the key file of the first good one.
    pg.run(&["-e", "SHOW CONNECTIONS"]).ok();
    assert_eq!(pg.catalog().connection_count().unwrap(), 0);
}

#[test]
fn processes_see_each_other_and_a_racing_create_has_one_winner() {
    let pg = Pg::new();
    pg.run(&["-e", &create_sql("first", "PGCLIMARK_1")]).ok();
    // Another process sees it, alters it; the first sees the change.
    pg.run(&["-e", "ALTER CONNECTION first SET ('api-key' = 'PGCLIMARK_2')"]).ok();
    let shown = pg.run(&["-e", "SHOW CONNECTIONS LIKE 'fir%'"]).ok();
    assert!(shown.stdout.contains(" first ") && !shown.stdout.contains(MARK), "{}", shown.stdout);
    assert_eq!(pg.secret("first").as_deref(), Some("PGCLIMARK_2"));
    // Six processes create one name at once, three rounds: exactly one wins each time.
    for round in 0..3 {
        let name = format!("race{round}");
        let children: Vec<_> = (0..6)
            .map(|n| {
                let mut cmd = pg.s.command();
                let region = ["r1", "r2"][n % 2];
                cmd.args(["--catalog", &pg.url, "--key-file", &pg.key, "--cloud", "aws", "--region", region]);
                cmd.args(["-e", &create_sql(&name, &format!("PGCLIMARK_{n}"))]);
                cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
            })
            .collect();
        let outputs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
        let winners = outputs.iter().filter(|o| o.status.success()).count();
        assert_eq!(winners, 1, "round {round}");
        for out in outputs.iter().filter(|o| !o.status.success()) {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("already exists") || stderr.contains("already taken"), "{stderr}");
        }
    }
    // A compare-and-set from a stale read is refused after another process changed the row.
    let catalog = pg.catalog();
    let stale = catalog.get_connection("default", "first").unwrap().unwrap();
    pg.run(&["-e", "ALTER CONNECTION first SET ('api-key' = 'PGCLIMARK_3')"]).ok();
    let mut next = stale.clone();
    next.info.resource_version += 1;
    let refused = catalog.update_connection(next, stale.info.resource_version);
    assert_eq!(refused, Err(CatalogError::ConnectionChanged { name: "first".into() }));
    assert_eq!(pg.secret("first").as_deref(), Some("PGCLIMARK_3"));
}

/// `flink-ddl -o json -f SCRIPT` on PostgreSQL, killed with SIGKILL at random moments: every
/// statement whose JSON line it printed is in the database with the credential it set.
#[test]
fn sigkill_of_a_running_script_loses_nothing_it_reported() {
    let pg = Pg::new();
    pg.run(&["-e", "SHOW CONNECTIONS"]).ok(); // makes the key file and the schema
    let mut expected: HashMap<String, String> = HashMap::new();
    let mut mid_run = 0;
    for run in 0..8 {
        let mut text = String::new();
        let mut steps = Vec::new();
        for i in 0..4000 {
            let (name, secret) = (format!("k{run}_{i}"), format!("{MARK}_{run}_{i}"));
            text.push_str(&create_sql(&name, &secret));
            text.push_str(";\n");
            steps.push((name, secret));
        }
        let file = pg.s.write(&format!("run{run}.sql"), text);
        let mut cmd = pg.s.command();
        cmd.args(["--catalog", &pg.url, "--key-file", &pg.key, "-o", "json", "-f", file.to_str().unwrap()]);
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<String>();
        let reader = thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(n) if n > 0 && line.ends_with('\n') => {
                        if tx.send(line).is_err() {
                            return;
                        }
                    }
                    _ => return,
                }
            }
        });
        // Killed a random moment after its first reported statement (or before any, in run 0),
        // so the kill lands mid-script however slow the machine is.
        let first = if run == 0 { None } else { rx.recv_timeout(Duration::from_secs(60)).ok() };
        thread::sleep(Duration::from_millis(10 + 37 * run as u64));
        let _ = child.kill();
        support::wait_with_deadline(&mut child, support::DEADLINE);
        reader.join().unwrap();
        let lines: Vec<String> = first.into_iter().chain(rx.try_iter()).collect();
        if !lines.is_empty() && lines.len() < steps.len() {
            mid_run += 1;
        }
        assert!(!lines.concat().contains(MARK), "the output holds a secret");
        for (line, (name, secret)) in lines.iter().zip(&steps) {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(doc["name"], name.as_str(), "run {run}: output out of order");
            expected.insert(name.clone(), secret.clone());
        }
        let catalog = pg.catalog();
        for (name, secret) in &expected {
            let record = catalog.get_connection("default", name).unwrap();
            let stored = record.as_ref().and_then(|r| r.credentials.get("api-key")).map(|v| v.expose_secret());
            assert_eq!(stored, Some(secret.as_str()), "run {run}: reported {name} is missing or changed");
        }
        // Nothing past the statement in flight was applied.
        if let Some((later, _)) = steps.get(lines.len() + 1) {
            assert!(catalog.get_connection("default", later).unwrap().is_none(), "run {run}: {later}");
        }
    }
    assert!(mid_run >= 4, "too few kills landed mid-script ({mid_run})");
    let dump = String::from_utf8_lossy(&Server::shared().dump(pg.url.rsplit('/').next().unwrap())).into_owned();
    assert!(!dump.contains(MARK), "pg_dump holds a secret");
}
