//! `flink-ddl serve` and `flink-ddl api-key` as processes: the key verbs' output, the SQL shell
//! and the server on one SQLite file seeing each other's writes, a key deleted with the CLI
//! refused by the running server, SIGTERM draining a request in flight and exiting 0, plain
//! HTTP refused off loopback, and no secret on the server's stderr.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use support::{wait_with_deadline, Sandbox, DEADLINE};

const ORG: &str = "3b7d6c1a-2f4e-4a9b-8c7d-6e5f4a3b2c1d";

/// A running `flink-ddl serve`, its stderr collected.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(sandbox: &Sandbox, store: &[&str], extra: &[&str]) -> Server {
        let mut cmd = sandbox.command();
        cmd.args(store).args(["serve", "--organization", ORG, "--listen", "127.0.0.1:0"]).args(extra);
        let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let collected = stderr.clone();
        let pipe = child.stderr.take().unwrap();
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = collected.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let started = Instant::now();
        let port = loop {
            let text = stderr.lock().unwrap().clone();
            if let Some(at) = text.find("listening on http://127.0.0.1:") {
                let rest = &text[at + "listening on http://127.0.0.1:".len()..];
                break rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap();
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!("serve exited with {status}: {text}");
            }
            assert!(started.elapsed() < DEADLINE, "serve did not start: {text}");
            thread::sleep(Duration::from_millis(10));
        };
        Server { child, port, stderr }
    }

    fn url(&self, environment: &str) -> String {
        format!("/sql/v1/organizations/{ORG}/environments/{environment}/connections")
    }

    fn terminate(&self) {
        let status = std::process::Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange on a new connection: (status, body).
fn http(port: u16, method: &str, path: &str, authorization: Option<&str>, body: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if let Some(authorization) = authorization {
        request.push_str(&format!("Authorization: {authorization}\r\n"));
    }
    let body = body.unwrap_or("");
    request.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    read_response(stream)
}

fn read_response(mut stream: TcpStream) -> (u16, String) {
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn basic(key: &str, secret: &str) -> String {
    let raw = format!("{key}:{secret}");
    // Standard base64, written here to keep the test's dependencies to the binary's.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in raw.as_bytes().chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    format!("Basic {out}")
}

fn key_of(json: &str) -> (String, String) {
    let value: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    (value["api_key"].as_str().unwrap().to_owned(), value["api_secret"].as_str().unwrap().to_owned())
}

#[test]
fn api_key_verbs_print_the_secret_once_and_never_again() {
    let sandbox = Sandbox::new();
    let catalog = sandbox.path("c.db");
    let catalog = catalog.to_str().unwrap();
    let created =
        sandbox.run(&["--catalog", catalog, "api-key", "create", "--role", "FlinkDeveloper", "-o", "json"]).ok();
    let (key, secret) = key_of(&created.stdout);
    assert_eq!((key.len(), secret.len()), (16, 64));
    let human = sandbox
        .run(&[
            "--catalog",
            catalog,
            "api-key",
            "create",
            "--role",
            "FlinkAdmin",
            "--environment",
            "e1",
            "--environment",
            "e2",
            "--description",
            "ops",
        ])
        .ok();
    let lines: Vec<&str> = human.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", human.stdout);
    assert!(lines[1].starts_with("| API Key    | ") && lines[2].starts_with("| API Secret | "), "{}", human.stdout);

    let listed = sandbox.run(&["--catalog", catalog, "api-key", "list"]).ok();
    assert!(
        listed.stdout.contains(&key) && listed.stdout.contains("FlinkDeveloper") && listed.stdout.contains("e1, e2")
    );
    let listed_json = sandbox.run(&["--catalog", catalog, "api-key", "list", "-o", "json"]).ok();
    let keys: serde_json::Value = serde_json::from_str(&listed_json.stdout).unwrap();
    assert_eq!(keys.as_array().unwrap().len(), 2);
    for shown in [&listed.stdout, &listed_json.stdout] {
        assert!(!shown.contains(&secret) && !shown.contains("argon2"), "{shown}");
    }
    let file = std::fs::read(catalog).unwrap();
    assert!(!file.windows(secret.len()).any(|w| w == secret.as_bytes()), "the catalog holds only the hash");

    let deleted = sandbox.run(&["--catalog", catalog, "api-key", "delete", &key]).ok();
    assert_eq!(deleted.stdout, format!("Deleted API key \"{key}\".\n"));
    sandbox.run(&["--catalog", catalog, "api-key", "delete", &key]).fails_with(1);
    let no_role = sandbox.run(&["--catalog", catalog, "api-key", "create"]).fails_with(2);
    assert!(no_role.stderr.contains("--role"), "{}", no_role.stderr);
    sandbox
        .run(&["--catalog", catalog, "api-key", "create", "--role", "FlinkAdmin", "--role", "FlinkDeveloper"])
        .fails_with(2);
}

#[test]
fn the_shell_and_the_server_see_each_others_writes_on_one_sqlite_file() {
    let sandbox = Sandbox::new();
    let catalog_path = sandbox.path("shared.db");
    let catalog = catalog_path.to_str().unwrap();
    let (key, secret) = key_of(
        &sandbox
            .run(&["--catalog", catalog, "api-key", "create", "--role", "OrganizationAdmin", "-o", "json"])
            .ok()
            .stdout,
    );
    let auth = basic(&key, &secret);
    let server = Server::start(&sandbox, &["--catalog", catalog], &[]);

    sandbox
        .run(&["--catalog", catalog, "-e", "CREATE CONNECTION from_shell WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'SECRET_shell_1')"])
        .ok();
    let (status, body) = http(server.port, "GET", &format!("{}/from_shell", server.url("default")), Some(&auth), None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"OPENAI\"") && !body.contains("SECRET_shell_1"));

    let data = "eyJVU0VSTkFNRSI6InUiLCJQQVNTV09SRCI6IlNFQ1JFVF9odHRwXzEifQ=="; // {"USERNAME":"u","PASSWORD":"SECRET_http_1"}
    let post = format!(
        r#"{{"name":"from_http","spec":{{"connection_type":"MONGODB","endpoint":"mongodb://m","auth_data":{{"kind":"PlaintextProvider","data":"{data}"}}}}}}"#
    );
    let (status, body) = http(server.port, "POST", &server.url("default"), Some(&auth), Some(&post));
    assert_eq!(status, 201, "{body}");
    let shown = sandbox.run(&["--catalog", catalog, "-o", "json", "-e", "SHOW CONNECTIONS"]).ok();
    assert!(shown.stdout.contains("\"from_http\"") && shown.stdout.contains("\"from_shell\""), "{}", shown.stdout);
    sandbox.run(&["--catalog", catalog, "-e", "DROP CONNECTION from_http"]).ok();
    let (status, _) = http(server.port, "GET", &format!("{}/from_http", server.url("default")), Some(&auth), None);
    assert_eq!(status, 404);

    // A key deleted with the CLI stops working on the running server once its cache entry expires.
    sandbox.run(&["--catalog", catalog, "api-key", "delete", &key]).ok();
    thread::sleep(Duration::from_millis(2300));
    let (status, _) = http(server.port, "GET", &server.url("default"), Some(&auth), None);
    assert_eq!(status, 401);

    let log = server.stderr();
    assert!(
        log.contains("POST /sql/v1/organizations/{organization_id}/environments/{environment_id}/connections 201"),
        "{log}"
    );
    for secret_text in [secret.as_str(), &auth["Basic ".len()..], "SECRET_http_1", "SECRET_shell_1"] {
        assert!(!log.contains(secret_text), "the log holds a secret: {log}");
    }
}

#[test]
fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    let sandbox = Sandbox::new();
    let key_file = sandbox.path("key.json");
    let server = Server::start(&sandbox, &["--memory"], &["--new-api-key-file", key_file.to_str().unwrap()]);
    let (key, secret) = key_of(&std::fs::read_to_string(&key_file).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let body = r#"{"name":"late","spec":{"connection_type":"OPENAI","endpoint":"https://x","auth_data":{"data":"eyJBUElfS0VZIjoiayJ9"}}}"#;
    let (head, tail) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}",
        server.url("e"),
        basic(&key, &secret),
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    // Let the server read the headers: the request is then in flight.
    thread::sleep(Duration::from_millis(300));
    server.terminate();
    thread::sleep(Duration::from_millis(300));
    stream.write_all(tail.as_bytes()).unwrap();
    let (status, answer) = read_response(stream);
    assert_eq!(status, 201, "{answer}");

    let mut server = server;
    let exit = wait_with_deadline(&mut server.child, DEADLINE);
    assert_eq!(exit.code(), Some(0), "{}", server.stderr());
    assert!(TcpStream::connect(("127.0.0.1", server.port)).is_err(), "the listener is closed");
    assert!(server.stderr().contains("stopped"));
}

#[test]
fn plain_http_off_loopback_needs_insecure_http() {
    let sandbox = Sandbox::new();
    let refused = sandbox.run(&["--memory", "serve", "--organization", ORG, "--listen", "0.0.0.0:0"]).fails_with(1);
    assert!(refused.stderr.contains("--insecure-http") && refused.stderr.contains("--tls-cert"), "{}", refused.stderr);
    let missing = sandbox.run(&["--memory", "serve", "--organization", ORG, "--tls-cert", "c.pem"]).fails_with(2);
    assert!(missing.stderr.contains("--tls-key"), "{}", missing.stderr);
}
