//! A real server on a loopback port (port 0) in the test's runtime, a real HTTP client
//! (reqwest), API keys made the way `flink-ddl api-key create` makes them, and the server's log
//! lines captured for the secret searches.

#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine;
use flink_ddl_exec::{Catalog, MemoryCatalog, Role, Timestamp};
use flink_ddl_server::{issue_api_key, router, serve, ServerConfig, Transport};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const ORG: &str = "6f1c2a7e-0b4d-4e8a-9c3f-1d2e3f4a5b6c";

/// Everything the server logged in this test binary.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&LOGS.get_or_init(Default::default).lock().unwrap()).into_owned()
}

static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

struct Capture;

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LOGS.get_or_init(Default::default).lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        let _ = tracing_subscriber::fmt().with_writer(|| Capture).with_ansi(false).try_init();
    });
}

/// A reqwest client; its TLS runs on rustls' ring provider, installed for the process here.
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// An API key: id and secret.
#[derive(Debug, Clone)]
pub struct Key {
    pub id: String,
    pub secret: String,
}

impl Key {
    pub fn header(&self) -> String {
        basic(&self.id, &self.secret)
    }
}

pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
}

/// Makes a key in `catalog`, as `flink-ddl api-key create` does.
pub fn make_key(catalog: &dyn Catalog, role: Role, environments: &[&str]) -> Key {
    let issued =
        issue_api_key(role, environments.iter().map(|e| (*e).to_owned()).collect(), "test", Timestamp::UNIX_EPOCH)
            .unwrap();
    let key = Key { id: issued.record.key.clone(), secret: issued.secret.expose_secret().to_owned() };
    catalog.insert_api_key(issued.record).unwrap();
    key
}

pub struct TestServer {
    pub base: String,
    pub catalog: Arc<dyn Catalog>,
    pub admin: Key,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_on(Arc::new(MemoryCatalog::new()), ServerConfig::new(ORG)).await
    }

    pub async fn start_on(catalog: Arc<dyn Catalog>, config: ServerConfig) -> TestServer {
        TestServer::start_with(catalog, config, Transport::Plain, client(), "http").await
    }

    pub async fn start_with(
        catalog: Arc<dyn Catalog>,
        config: ServerConfig,
        transport: Transport,
        client: reqwest::Client,
        scheme: &str,
    ) -> TestServer {
        capture_logs();
        let admin = make_key(catalog.as_ref(), Role::OrganizationAdmin, &[]);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(catalog.clone(), config);
        let task = tokio::spawn(serve(listener, app, transport, async {
            let _ = stopped.await;
        }));
        let host = if scheme == "https" { format!("localhost:{}", address.port()) } else { address.to_string() };
        TestServer { base: format!("{scheme}://{host}"), catalog, admin, client, stop: Some(stop), task: Some(task) }
    }

    /// Stops the server and waits for it to drain.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }

    pub fn collection(&self, environment: &str) -> String {
        format!("{}/sql/v1/organizations/{ORG}/environments/{environment}/connections", self.base)
    }

    pub fn one(&self, environment: &str, name: &str) -> String {
        format!("{}/{name}", self.collection(environment))
    }

    pub fn request(&self, method: Method, url: &str, key: Option<&Key>) -> RequestBuilder {
        let builder = self.client.request(method, url);
        match key {
            Some(key) => builder.header("authorization", key.header()),
            None => builder,
        }
    }

    /// POST a connection as the admin.
    pub async fn create(
        &self,
        environment: &str,
        name: &str,
        connection_type: &str,
        endpoint: &str,
        credentials: Value,
    ) -> Answer {
        let body = connection_body(name, Some(connection_type), Some(endpoint), Some(&credentials));
        Answer::of(
            self.request(Method::POST, &self.collection(environment), Some(&self.admin))
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }
}

/// A POST/PUT body with `credentials` as base64 JSON in `auth_data.data`.
pub fn connection_body(
    name: &str,
    connection_type: Option<&str>,
    endpoint: Option<&str>,
    credentials: Option<&Value>,
) -> Value {
    let mut spec = serde_json::Map::new();
    if let Some(t) = connection_type {
        spec.insert("connection_type".into(), t.into());
    }
    if let Some(e) = endpoint {
        spec.insert("endpoint".into(), e.into());
    }
    if let Some(c) = credentials {
        let data = base64::engine::general_purpose::STANDARD.encode(c.to_string());
        spec.insert("auth_data".into(), serde_json::json!({"kind": "PlaintextProvider", "data": data}));
    }
    serde_json::json!({"name": name, "spec": spec})
}

/// A response read whole: status, headers as text, body as text and as JSON (Null if none).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Answer {
    pub async fn of(response: Response) -> Answer {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, headers, text, json }
    }

    /// Everything the client saw, for secret searches.
    pub fn everything(&self) -> String {
        let headers: Vec<String> =
            self.headers.iter().map(|(k, v)| format!("{k}: {}", String::from_utf8_lossy(v.as_bytes()))).collect();
        format!("{}\n{}\n{}", self.status, headers.join("\n"), self.text)
    }

    /// Asserts a `Failure` with this status and code, whose id is the request id; gives the detail.
    #[track_caller]
    pub fn failure(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(self.headers.get("content-type").unwrap(), "application/json");
        let errors = self.json["errors"].as_array().unwrap_or_else(|| panic!("not a Failure: {}", self.text));
        assert_eq!(errors.len(), 1);
        let error = &errors[0];
        assert_eq!(error["status"], status.to_string());
        assert_eq!(error["code"], code, "{}", self.text);
        assert_eq!(error["id"].as_str(), self.headers.get("x-request-id").and_then(|v| v.to_str().ok()));
        assert!(error["title"].as_str().is_some_and(|t| !t.is_empty()));
        error["detail"].as_str().unwrap().to_owned()
    }
}

/// Sends and reads.
pub async fn send(builder: RequestBuilder) -> Answer {
    Answer::of(builder.send().await.unwrap()).await
}
