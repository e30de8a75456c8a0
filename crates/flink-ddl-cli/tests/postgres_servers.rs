//! Several `flink-ddl serve` processes and the SQL shell on one PostgreSQL catalog, as a team
//! runs them: each sees the others' writes; one name created through both servers at once has
//! one winner; a stale `metadata.resource_version` from one server after a PUT on the other is
//! 409; an API key deleted with `flink-ddl api-key delete` stops working on both servers. And
//! faults: the database restarting under load gives 503 `Failure` documents (never a 500, never
//! a request left unanswered past the server's catalog timeout) and the servers serve again by
//! themselves; `kill -9` of a server loses nothing it acknowledged.
//!
//! Every `serve` process is held by a [`Serve`] guard that kills it when dropped, so a failing
//! test leaves none behind; the throwaway PostgreSQL servers stop with the test process.
//! Requests go through a real HTTP client (reqwest) on loopback, each with a deadline: a server
//! that never answers fails the test instead of hanging it.
#![cfg(unix)]

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use flink_ddl_exec::Catalog;
use flink_ddl_postgres::throwaway::{Server as Postgres, StopMode};
use flink_ddl_postgres::{PostgresCatalog, PostgresUrl};
use flink_ddl_server::{CATALOG_TIMEOUT, VERIFIED_KEY_TTL};
use reqwest::blocking::Client;
use reqwest::Method;
use serde_json::{json, Value};
use support::Sandbox;

const ORG: &str = "8a1f3c5e-7b9d-4e2f-a6c8-0d1e2f3a4b5c";
/// Planted in every credential, to search outputs, logs and `pg_dump` for.
const MARK: &str = "PGSERVEMARK";
/// The longest a request may go unanswered: the server's own catalog timeout, plus room for a
/// loaded machine. Past it the client gives up and the test fails ("no answer").
const ANSWER_DEADLINE: Duration = Duration::from_secs(CATALOG_TIMEOUT.as_secs() + 10);
/// How long a test waits for something that should happen (a key to expire, a database to come
/// back) before it fails; never asserted as a speed.
const PATIENCE: Duration = Duration::from_secs(60);

/// A database, the key file every process shares, and an API key made with the CLI.
struct SharedCatalog {
    sandbox: Sandbox,
    url: String,
    key_file: String,
    admin: ApiKey,
}

#[derive(Clone)]
struct ApiKey {
    id: String,
    secret: String,
}

impl SharedCatalog {
    /// A new database on `postgres` (the test binary's shared server unless a test restarts its own).
    fn new(postgres: &Postgres) -> SharedCatalog {
        let sandbox = Sandbox::new();
        let key_file = sandbox.path("catalog.key").display().to_string();
        let url = postgres.create_database();
        let mut catalog =
            SharedCatalog { sandbox, url, key_file, admin: ApiKey { id: String::new(), secret: String::new() } };
        catalog.admin = catalog.create_api_key("OrganizationAdmin");
        catalog
    }

    /// `flink-ddl --catalog URL --key-file KEY ARGS...`
    fn cli(&self, args: &[&str]) -> support::Run {
        let mut all = vec!["--catalog", self.url.as_str(), "--key-file", self.key_file.as_str()];
        all.extend(args);
        self.sandbox.run(&all)
    }

    fn create_api_key(&self, role: &str) -> ApiKey {
        let out = self.cli(&["api-key", "create", "--role", role, "-o", "json"]).ok();
        let value: Value = serde_json::from_str(out.stdout.trim()).unwrap();
        ApiKey { id: value["api_key"].as_str().unwrap().into(), secret: value["api_secret"].as_str().unwrap().into() }
    }

    /// A handle of the test's own onto the catalog, to read credentials back.
    fn open(&self) -> PostgresCatalog {
        let url: PostgresUrl = self.url.parse().unwrap();
        PostgresCatalog::open(&url, &self.key_file).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The stored API key credential of connection `name`, if it exists.
    fn stored_secret(&self, catalog: &PostgresCatalog, name: &str) -> Option<String> {
        let record = catalog.get_connection("default", name).unwrap()?;
        Some(record.credentials.get("api-key").unwrap().expose_secret().to_owned())
    }

    fn serve(&self) -> Serve {
        Serve::start(self)
    }

    fn database_name(&self) -> &str {
        self.url.rsplit('/').next().unwrap()
    }
}

/// A running `flink-ddl serve` on the catalog, its stderr collected; killed when dropped.
struct Serve {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    fn start(catalog: &SharedCatalog) -> Serve {
        let mut cmd = catalog.sandbox.command();
        cmd.args(["--catalog", &catalog.url, "--key-file", &catalog.key_file]);
        cmd.args(["serve", "--organization", ORG, "--listen", "127.0.0.1:0"]);
        let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let collected = stderr.clone();
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = collected.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        // Guarded from here on: a start that fails below still kills the process.
        let mut serve = Serve { child, port: 0, stderr };
        let started = Instant::now();
        const LISTENING: &str = "listening on http://127.0.0.1:";
        while serve.port == 0 {
            let text = serve.stderr();
            if let Some(at) = text.find(LISTENING) {
                let digits: String = text[at + LISTENING.len()..].chars().take_while(char::is_ascii_digit).collect();
                serve.port = digits.parse().unwrap();
            } else if let Some(status) = serve.child.try_wait().unwrap() {
                panic!("serve exited with {status}: {text}");
            } else {
                assert!(started.elapsed() < PATIENCE, "serve did not start: {text}");
                thread::sleep(Duration::from_millis(10));
            }
        }
        serve
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn collection(&self) -> String {
        format!("{}/sql/v1/organizations/{ORG}/environments/default/connections", self.base())
    }

    fn one(&self, name: &str) -> String {
        format!("{}/{name}", self.collection())
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// SIGKILL, and wait for the process to be gone.
    fn kill_9(&mut self) {
        self.child.kill().unwrap();
        support::wait_with_deadline(&mut self.child, PATIENCE);
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client whose every request has [`ANSWER_DEADLINE`].
fn client() -> Client {
    // Needed when the workspace build gives reqwest rustls without a provider (see Cargo.toml).
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder().timeout(ANSWER_DEADLINE).build().unwrap()
}

/// An answer: the status and the JSON body (`Null` when there is none).
#[derive(Debug)]
struct Answer {
    status: u16,
    body: Value,
}

impl Answer {
    /// The `code` of a `Failure` document.
    fn code(&self) -> &str {
        self.body["errors"][0]["code"].as_str().unwrap_or("")
    }

    fn version(&self) -> &str {
        self.body["metadata"]["resource_version"].as_str().unwrap_or("")
    }
}

/// One request; `Err` when no answer came (connection refused or reset, or [`ANSWER_DEADLINE`]).
fn call(
    client: &Client,
    method: Method,
    url: &str,
    key: Option<&ApiKey>,
    body: Option<&Value>,
) -> Result<Answer, String> {
    let mut request = client.request(method, url);
    if let Some(key) = key {
        request = request.basic_auth(&key.id, Some(&key.secret));
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().map_err(|e| describe(&e))?;
    let status = response.status().as_u16();
    let text = response.text().map_err(|e| describe(&e))?;
    let body =
        if text.is_empty() { Value::Null } else { serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))? };
    Ok(Answer { status, body })
}

/// reqwest's error with its causes (the top line alone says only "error sending request").
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    if e.is_timeout() {
        text.push_str(" (no answer within the deadline)");
    }
    text
}

#[track_caller]
fn answered(result: Result<Answer, String>) -> Answer {
    result.unwrap_or_else(|e| panic!("no answer: {e}"))
}

/// A `POST`/`PUT` body for an OpenAI connection whose API key is `secret`.
fn connection(name: &str, secret: &str, version: Option<&str>) -> Value {
    let data = base64::engine::general_purpose::STANDARD.encode(json!({ "API_KEY": secret }).to_string());
    let mut body = json!({
        "name": name,
        "spec": {"connection_type": "OPENAI", "endpoint": "https://api.openai.com/v1",
                 "auth_data": {"kind": "PlaintextProvider", "data": data}}
    });
    if let Some(version) = version {
        body["metadata"] = json!({ "resource_version": version });
    }
    body
}

fn create_sql(name: &str, secret: &str) -> String {
    format!("CREATE CONNECTION {name} WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = '{secret}')")
}

/// Polls `check` until it holds; fails after [`PATIENCE`] with `what`.
#[track_caller]
fn eventually(what: &str, check: impl FnMut() -> bool) {
    within(PATIENCE, what, check);
}

/// Polls `check` until it holds; fails after `deadline` with `what`.
#[track_caller]
fn within(deadline: Duration, what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < deadline, "{what}: not after {deadline:?}");
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn two_servers_and_the_shell_share_one_postgres_catalog() {
    let catalog = SharedCatalog::new(Postgres::shared());
    let (a, b) = (catalog.serve(), catalog.serve());
    let http = client();
    let admin = Some(&catalog.admin);
    let get = |server: &Serve, name: &str| answered(call(&http, Method::GET, &server.one(name), admin, None));
    let shell = |sql: &str| catalog.cli(&["-e", sql]);
    let reader = catalog.open();

    // The shell's write is seen by both servers.
    shell(&create_sql("from_shell", &format!("{MARK}_shell"))).ok();
    for server in [&a, &b] {
        let got = get(server, "from_shell");
        assert_eq!(got.status, 200, "{got:?}");
        assert_eq!(got.body["spec"]["auth_data"]["data"], "<REDACTED>");
    }
    // A's write is seen by B and by the shell.
    let posted = answered(call(
        &http,
        Method::POST,
        &a.collection(),
        admin,
        Some(&connection("from_a", &format!("{MARK}_a1"), None)),
    ));
    assert_eq!((posted.status, posted.version()), (201, "1"), "{posted:?}");
    assert_eq!(get(&b, "from_a").status, 200);
    let listed = catalog.cli(&["-o", "json", "-e", "SHOW CONNECTIONS"]).ok();
    assert!(listed.stdout.contains("\"from_a\"") && listed.stdout.contains("\"from_shell\""), "{}", listed.stdout);
    assert!(!listed.stdout.contains(MARK));

    // B's PUT is seen by A; then A's PUT naming the version it read before is stale: 409, and
    // nothing changes.
    let read_on_a = get(&a, "from_a");
    assert_eq!(read_on_a.version(), "1");
    let put = answered(call(
        &http,
        Method::PUT,
        &b.one("from_a"),
        admin,
        Some(&connection("from_a", &format!("{MARK}_b2"), None)),
    ));
    assert_eq!((put.status, put.version()), (200, "2"), "{put:?}");
    assert_eq!(get(&a, "from_a").version(), "2");
    let stale = connection("from_a", &format!("{MARK}_a3"), Some(read_on_a.version()));
    let refused = answered(call(&http, Method::PUT, &a.one("from_a"), admin, Some(&stale)));
    assert_eq!((refused.status, refused.code()), (409, "resource_version_conflict"), "{refused:?}");
    assert_eq!(catalog.stored_secret(&reader, "from_a").unwrap(), format!("{MARK}_b2"));
    assert_eq!(get(&b, "from_a").version(), "2");
    let current = connection("from_a", &format!("{MARK}_a4"), Some("2"));
    let put = answered(call(&http, Method::PUT, &a.one("from_a"), admin, Some(&current)));
    assert_eq!((put.status, put.version()), (200, "3"), "{put:?}");
    // The shell's ALTER is seen by both; so is A's DELETE, by B and by the shell.
    shell(&format!("ALTER CONNECTION from_a SET ('api-key' = '{MARK}_shell5')")).ok();
    assert_eq!((get(&a, "from_a").version(), get(&b, "from_a").version()), ("4", "4"));
    let deleted = answered(call(&http, Method::DELETE, &a.one("from_shell"), admin, None));
    assert_eq!(deleted.status, 200, "{deleted:?}");
    assert_eq!(get(&b, "from_shell").code(), "not_found");
    assert!(shell("DESCRIBE CONNECTION from_shell").fails_with(1).stderr.contains("from_shell"));

    // One name created through both servers at once, six clients: one 201, five 409s, and the
    // stored credential is the winner's.
    let clients: Vec<(Client, String)> = (0..6).map(|n| (client(), [&a, &b][n % 2].collection())).collect();
    let clients = Arc::new(clients);
    for round in 0..5 {
        let name = format!("race{round}");
        let barrier = Arc::new(Barrier::new(6));
        let racers: Vec<_> = (0..6)
            .map(|n| {
                let (clients, barrier, name, key) =
                    (clients.clone(), barrier.clone(), name.clone(), catalog.admin.clone());
                thread::spawn(move || {
                    let (http, url) = &clients[n];
                    let body = connection(&name, &format!("{MARK}_race{n}"), None);
                    barrier.wait();
                    (n, answered(call(http, Method::POST, url, Some(&key), Some(&body))))
                })
            })
            .collect();
        let answers: Vec<(usize, Answer)> = racers.into_iter().map(|r| r.join().unwrap()).collect();
        let winners: Vec<usize> = answers.iter().filter(|(_, a)| a.status == 201).map(|(n, _)| *n).collect();
        assert_eq!(winners.len(), 1, "round {round}: {answers:?}");
        for (_, answer) in answers.iter().filter(|(_, a)| a.status != 201) {
            assert_eq!((answer.status, answer.code()), (409, "resource_already_exists"), "{answer:?}");
        }
        assert_eq!(catalog.stored_secret(&reader, &name).unwrap(), format!("{MARK}_race{}", winners[0]));
    }

    // A key deleted with the CLI stops working on both servers, each of which has just used it;
    // the other key keeps working.
    let doomed = catalog.create_api_key("FlinkAdmin");
    for server in [&a, &b] {
        assert_eq!(answered(call(&http, Method::GET, &server.collection(), Some(&doomed), None)).status, 200);
    }
    let out = catalog.cli(&["api-key", "delete", &doomed.id]).ok();
    assert_eq!(out.stdout, format!("Deleted API key \"{}\".\n", doomed.id));
    for server in [&a, &b] {
        // The servers trust a verified key for VERIFIED_KEY_TTL (2 s); "within seconds" is
        // checked with room for a loaded machine.
        within(VERIFIED_KEY_TTL * 10, "the deleted key still works", || {
            answered(call(&http, Method::GET, &server.collection(), Some(&doomed), None)).status == 401
        });
        assert_eq!(answered(call(&http, Method::GET, &server.collection(), admin, None)).status, 200);
    }

    // No secret in the servers' logs, nor in the database.
    let api_secrets = [catalog.admin.secret.as_str(), doomed.secret.as_str()];
    // Only A is sure to have logged a 201 (its POST of `from_a`); B may have lost every race.
    let created = "POST /sql/v1/organizations/{organization_id}/environments/{environment_id}/connections 201";
    assert!(a.stderr().contains(created), "{}", a.stderr());
    for server in [&a, &b] {
        let log = server.stderr();
        assert!(
            log.contains("GET /sql/v1/organizations/{organization_id}/environments/{environment_id}/connections"),
            "{log}"
        );
        for secret in api_secrets.iter().chain(&[MARK, Postgres::shared().password()]) {
            assert!(!log.contains(secret), "the log of a server holds a secret: {log}");
        }
    }
    let dump = Postgres::shared().dump(catalog.database_name());
    for secret in api_secrets.iter().chain(&[MARK]) {
        assert!(!dump.windows(secret.len()).any(|w| w == secret.as_bytes()), "pg_dump holds a secret");
    }
}

/// What one load thread saw: the creates acknowledged (name, secret), how many 503s, and
/// anything else (which fails the test).
#[derive(Default)]
struct Seen {
    acknowledged: Vec<(String, String)>,
    unavailable: usize,
    wrong: Vec<String>,
}

/// Sets its flag when dropped.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[test]
fn a_restarting_database_gives_503s_and_both_servers_recover() {
    // A PostgreSQL of this test's own: it is stopped and started again.
    let postgres = Postgres::start().unwrap_or_else(|e| panic!("{e}"));
    let catalog = SharedCatalog::new(&postgres);
    let servers = [catalog.serve(), catalog.serve()];
    let stop = Arc::new(AtomicBool::new(false));
    // Stops the load threads however the test ends (a failed check included).
    let _stop_on_drop = StopOnDrop(stop.clone());
    // Per server: creates acknowledged, and 503s answered.
    let created: Arc<[AtomicUsize; 2]> = Arc::new(Default::default());
    let refused: Arc<[AtomicUsize; 2]> = Arc::new(Default::default());
    let load: Vec<_> = (0..4)
        .map(|t| {
            let (url, key) = (servers[t % 2].collection(), catalog.admin.clone());
            let (stop, created, refused) = (stop.clone(), created.clone(), refused.clone());
            thread::spawn(move || {
                let http = client();
                let mut seen = Seen::default();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let (name, secret) = (format!("w{t}_{i}"), format!("{MARK}_{t}_{i}"));
                    i += 1;
                    match call(&http, Method::POST, &url, Some(&key), Some(&connection(&name, &secret, None))) {
                        Ok(answer) if answer.status == 201 => {
                            seen.acknowledged.push((name, secret));
                            created[t % 2].fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(answer) if answer.status == 503 && answer.code() == "catalog_unavailable" => {
                            let text = answer.body.to_string();
                            if text.contains("pw-SECRET") || text.contains(MARK) {
                                seen.wrong.push(format!("a 503 holds a secret: {text}"));
                            }
                            seen.unavailable += 1;
                            refused[t % 2].fetch_add(1, Ordering::SeqCst);
                            thread::sleep(Duration::from_millis(20));
                        }
                        Ok(answer) => seen.wrong.push(format!("{name}: {answer:?}")),
                        Err(e) => seen.wrong.push(format!("{name}: {e}")),
                    }
                }
                seen
            })
        })
        .collect();
    let http = client();
    let ready = |server: &Serve| answered(call(&http, Method::GET, &format!("{}/readyz", server.base()), None, None));
    let counts = |counters: &[AtomicUsize; 2]| [0, 1].map(|s| counters[s].load(Ordering::SeqCst));

    for mode in [StopMode::Immediate, StopMode::Fast] {
        let before = counts(&created);
        eventually("the servers make no progress", || {
            counts(&created).iter().zip(before).all(|(now, then)| *now >= then + 20)
        });
        postgres.stop(mode).unwrap();
        let refused_before = counts(&refused);
        for server in &servers {
            eventually("/readyz does not report the outage", || {
                let answer = ready(server);
                answer.status == 503 && answer.code() == "catalog_unavailable"
            });
        }
        eventually("the load never met the outage", || {
            counts(&refused).iter().zip(refused_before).all(|(now, then)| *now > then)
        });
        postgres.start_again().unwrap();
        for server in &servers {
            eventually("/readyz never came back", || ready(server).status == 200);
        }
    }
    let before = counts(&created);
    eventually("the servers do not serve again", || {
        counts(&created).iter().zip(before).all(|(now, then)| *now >= then + 20)
    });
    stop.store(true, Ordering::Relaxed);

    let reader = catalog.open();
    let mut unavailable = 0;
    for thread in load {
        let seen = thread.join().unwrap();
        assert!(seen.wrong.is_empty(), "answers other than 201 and 503 catalog_unavailable: {:?}", seen.wrong);
        unavailable += seen.unavailable;
        for (name, secret) in seen.acknowledged {
            assert_eq!(catalog.stored_secret(&reader, &name), Some(secret), "acknowledged {name} is lost");
        }
    }
    assert!(unavailable >= 2, "each outage gave 503s");
    for server in &servers {
        let log = server.stderr();
        assert!(log.contains(" 503 ") && !log.contains(" 500 "), "{log}");
        assert!(!log.contains(postgres.password()) && !log.contains(MARK), "the log holds a secret: {log}");
    }
}

#[test]
fn kill_9_of_a_server_loses_nothing_it_acknowledged() {
    let catalog = SharedCatalog::new(Postgres::shared());
    let witness = catalog.serve();
    let http = client();
    // The credential each name must have: acknowledged by a 201 or a 200.
    let mut expected: HashMap<String, String> = HashMap::new();
    // What was sent when the server died, unanswered: applied whole, or not at all.
    let mut in_flight: Vec<(String, Option<String>, String)> = Vec::new();
    for round in 0..3 {
        let mut victim = catalog.serve();
        let answered_count = Arc::new(AtomicUsize::new(0));
        let load: Vec<_> = (0..4)
            .map(|t| {
                let (collection, key, count) = (victim.collection(), catalog.admin.clone(), answered_count.clone());
                let one = move |name: &str| format!("{collection}/{name}");
                let collection = victim.collection();
                thread::spawn(move || {
                    let http = client();
                    let mut acknowledged: Vec<(String, String)> = Vec::new();
                    for i in 0.. {
                        // Create a name, then replace its credential (PUT): both must survive.
                        let (name, secret) = (format!("k{round}_{t}_{}", i / 2), format!("{MARK}_{round}_{t}_{i}"));
                        let (method, url, previous) = if i % 2 == 0 {
                            (Method::POST, collection.clone(), None)
                        } else {
                            (Method::PUT, one(&name), acknowledged.last().map(|(_, s)| s.clone()))
                        };
                        match call(&http, method, &url, Some(&key), Some(&connection(&name, &secret, None))) {
                            Ok(answer) if matches!(answer.status, 200 | 201) => {
                                acknowledged.push((name, secret));
                                count.fetch_add(1, Ordering::SeqCst);
                            }
                            Ok(answer) => panic!("{name}: {answer:?}"),
                            Err(_) => return (acknowledged, Some((name, previous, secret))),
                        }
                    }
                    (acknowledged, None)
                })
            })
            .collect();
        // Killed a moment after the round's tenth answer, so the kill lands mid-load.
        eventually("the server answers nothing", || answered_count.load(Ordering::SeqCst) >= 10);
        thread::sleep(Duration::from_millis(5 + 23 * round as u64));
        victim.kill_9();
        for thread in load {
            let (acknowledged, unanswered) = thread.join().unwrap();
            expected.extend(acknowledged);
            in_flight.extend(unanswered);
        }
    }
    // A name with a request in flight is checked below: it holds what was sent or what was before.
    for (name, _, _) in &in_flight {
        expected.remove(name);
    }
    let reader = catalog.open();
    for (name, secret) in &expected {
        assert_eq!(catalog.stored_secret(&reader, name).as_ref(), Some(secret), "acknowledged {name} is lost");
        let got = answered(call(&http, Method::GET, &witness.one(name), Some(&catalog.admin), None));
        assert_eq!(got.status, 200, "{got:?}");
    }
    for (name, previous, sent) in &in_flight {
        let stored = catalog.stored_secret(&reader, name);
        let whole = stored.as_ref() == Some(sent) || stored == *previous;
        assert!(whole, "{name}: a request in flight left {stored:?} (sent {sent}, before {previous:?})");
    }
    // A new server on the same catalog serves everything.
    let again = catalog.serve();
    let listed = answered(call(
        &http,
        Method::GET,
        &format!("{}?page_size=100", again.collection()),
        Some(&catalog.admin),
        None,
    ));
    assert_eq!(listed.status, 200, "{listed:?}");
    let dump = Postgres::shared().dump(catalog.database_name());
    assert!(!dump.windows(MARK.len()).any(|w| w == MARK.as_bytes()), "pg_dump holds a secret");
}
