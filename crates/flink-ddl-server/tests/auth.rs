//! API keys over HTTP: every way to fail authentication is the same 401 before anything else
//! (no existence leak), a deleted key stops working within the cache's time on every server
//! sharing the catalog, and a failing catalog gives 503 (readyz too).

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use flink_ddl_exec::{
    ApiKeyRecord, Catalog, CatalogError, ConnectionInfo, ConnectionRecord, ConnectionType, MemoryCatalog, NameFilter,
    Role, Scope, TableRecord,
};
use flink_ddl_server::{ServerConfig, VERIFIED_KEY_TTL};
use flink_ddl_sqlite::SqliteCatalog;
use reqwest::Method;
use serde_json::json;
use support::{basic, make_key, send, Key, TestServer, ORG};

#[tokio::test(flavor = "multi_thread")]
async fn every_authentication_failure_is_the_same_401_before_anything_else() {
    let server = TestServer::start().await;
    server.create("e", "exists", "OPENAI", "https://x", json!({"API_KEY": "k"})).await;
    let wrong_secret = Key { id: server.admin.id.clone(), secret: "not-the-secret".to_owned() };
    let unknown_key = Key { id: "NOSUCHKEY0000000".to_owned(), secret: server.admin.secret.clone() };
    let headers: Vec<Option<String>> = vec![
        None,
        Some("Bearer abc".to_owned()),
        Some("Basic".to_owned()),
        Some("Basic !!!!".to_owned()),
        Some(basic(&server.admin.id, "")),
        Some(basic("", &server.admin.secret)),
        Some(wrong_secret.header()),
        Some(unknown_key.header()),
        Some(format!("Basic {}", "A".repeat(5000))),
    ];
    let other_org = format!("{}/sql/v1/organizations/not-ours/environments/e/connections/exists", server.base);
    let targets = [
        (Method::GET, server.one("e", "exists")),
        (Method::GET, server.one("e", "absent")),
        (Method::DELETE, server.one("e", "exists")),
        (Method::POST, server.collection("e")),
        (Method::GET, other_org),
    ];
    for header in &headers {
        let mut details = Vec::new();
        for (method, url) in &targets {
            let mut request =
                server.client.request(method.clone(), url).header("content-type", "text/plain").body("junk");
            if let Some(header) = header {
                request = request.header("authorization", header.as_str());
            }
            let answer = send(request).await;
            details.push(answer.failure(401, "user_unauthenticated"));
            assert_eq!(answer.headers.get("www-authenticate").unwrap(), "Basic realm=\"flink-ddl\"");
        }
        // The same answer whether the name exists, the org is ours, or the body is junk.
        details.dedup();
        assert_eq!(details.len(), 1, "{header:?}: {details:?}");
    }
    assert!(server.catalog.get_connection("e", "exists").unwrap().is_some(), "nothing was deleted");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_key_stops_working_on_every_server_sharing_the_catalog() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("shared.db");
    let first = TestServer::start_on(Arc::new(SqliteCatalog::open(&path).unwrap()), ServerConfig::new(ORG)).await;
    let second = TestServer::start_on(Arc::new(SqliteCatalog::open(&path).unwrap()), ServerConfig::new(ORG)).await;
    let key = make_key(first.catalog.as_ref(), Role::FlinkDeveloper, &[]);
    for server in [&first, &second] {
        assert_eq!(send(server.request(Method::GET, &server.collection("e"), Some(&key))).await.status, 200);
    }
    // Deleted through a third handle, as `flink-ddl api-key delete` would.
    SqliteCatalog::open(&path).unwrap().delete_api_key(&key.id).unwrap();
    tokio::time::sleep(VERIFIED_KEY_TTL + std::time::Duration::from_millis(300)).await;
    for server in [&first, &second] {
        send(server.request(Method::GET, &server.collection("e"), Some(&key)))
            .await
            .failure(401, "user_unauthenticated");
    }
    first.stop().await;
    second.stop().await;
}

/// A catalog that fails (as an unreachable database does) while `down` is set.
struct Flaky {
    inner: MemoryCatalog,
    down: AtomicBool,
}

impl Flaky {
    fn check(&self) -> Result<(), CatalogError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(CatalogError::Storage { message: "connection refused".to_owned() });
        }
        Ok(())
    }
}

impl Catalog for Flaky {
    fn get_connection(&self, environment: &str, name: &str) -> Result<Option<ConnectionRecord>, CatalogError> {
        self.check()?;
        self.inner.get_connection(environment, name)
    }
    fn list_connections(
        &self,
        scope: &Scope,
        filter: Option<&NameFilter>,
    ) -> Result<Vec<ConnectionInfo>, CatalogError> {
        self.check()?;
        self.inner.list_connections(scope, filter)
    }
    fn list_connections_after(
        &self,
        scope: &Scope,
        after: Option<&str>,
        connection_type: Option<ConnectionType>,
        limit: usize,
    ) -> Result<Vec<ConnectionInfo>, CatalogError> {
        self.check()?;
        self.inner.list_connections_after(scope, after, connection_type, limit)
    }
    fn insert_connection(&self, record: ConnectionRecord) -> Result<(), CatalogError> {
        self.check()?;
        self.inner.insert_connection(record)
    }
    fn replace_connection(&self, record: ConnectionRecord) -> Result<Option<ConnectionRecord>, CatalogError> {
        self.check()?;
        self.inner.replace_connection(record)
    }
    fn update_connection(&self, record: ConnectionRecord, expected_version: u64) -> Result<(), CatalogError> {
        self.check()?;
        self.inner.update_connection(record, expected_version)
    }
    fn delete_connection(&self, scope: &Scope, name: &str) -> Result<ConnectionRecord, CatalogError> {
        self.check()?;
        self.inner.delete_connection(scope, name)
    }
    fn delete_connections(&self, scope: &Scope, names: &[&str]) -> Result<Vec<ConnectionRecord>, CatalogError> {
        self.check()?;
        self.inner.delete_connections(scope, names)
    }
    fn tables_using(&self, environment: &str, name: &str) -> Result<Vec<String>, CatalogError> {
        self.check()?;
        self.inner.tables_using(environment, name)
    }
    fn get_table(&self, scope: &Scope, name: &str) -> Result<Option<TableRecord>, CatalogError> {
        self.check()?;
        self.inner.get_table(scope, name)
    }
    fn list_tables(&self, scope: &Scope, filter: Option<&NameFilter>) -> Result<Vec<TableRecord>, CatalogError> {
        self.check()?;
        self.inner.list_tables(scope, filter)
    }
    fn insert_table(&self, record: TableRecord) -> Result<(), CatalogError> {
        self.check()?;
        self.inner.insert_table(record)
    }
    fn replace_table(&self, record: TableRecord, must_exist: bool) -> Result<Option<TableRecord>, CatalogError> {
        self.check()?;
        self.inner.replace_table(record, must_exist)
    }
    fn delete_table(&self, scope: &Scope, name: &str) -> Result<TableRecord, CatalogError> {
        self.check()?;
        self.inner.delete_table(scope, name)
    }
    fn insert_api_key(&self, record: ApiKeyRecord) -> Result<(), CatalogError> {
        self.check()?;
        self.inner.insert_api_key(record)
    }
    fn get_api_key(&self, key: &str) -> Result<Option<ApiKeyRecord>, CatalogError> {
        self.check()?;
        self.inner.get_api_key(key)
    }
    fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>, CatalogError> {
        self.check()?;
        self.inner.list_api_keys()
    }
    fn delete_api_key(&self, key: &str) -> Result<ApiKeyRecord, CatalogError> {
        self.check()?;
        self.inner.delete_api_key(key)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unavailable_catalog_is_503_and_the_server_recovers_by_itself() {
    let flaky = Arc::new(Flaky { inner: MemoryCatalog::new(), down: AtomicBool::new(false) });
    let server = TestServer::start_on(flaky.clone(), ServerConfig::new(ORG)).await;
    let readyz = format!("{}/readyz", server.base);
    assert_eq!(send(server.request(Method::GET, &server.collection("e"), Some(&server.admin))).await.status, 200);

    flaky.down.store(true, Ordering::SeqCst);
    send(server.client.get(&readyz)).await.failure(503, "catalog_unavailable");
    // A cached key still passes; the catalog call behind it fails.
    let detail = send(server.request(Method::GET, &server.collection("e"), Some(&server.admin)))
        .await
        .failure(503, "catalog_unavailable");
    assert!(detail.contains("connection refused"), "{detail}");
    // A key not yet verified needs the catalog to be checked at all.
    let fresh = Key { id: "FRESHKEY00000000".to_owned(), secret: "s".to_owned() };
    send(server.request(Method::GET, &server.collection("e"), Some(&fresh))).await.failure(503, "catalog_unavailable");
    assert_eq!(send(server.client.get(format!("{}/healthz", server.base))).await.status, 200, "the process is up");

    flaky.down.store(false, Ordering::SeqCst);
    assert_eq!(send(server.client.get(&readyz)).await.status, 200);
    assert_eq!(send(server.request(Method::GET, &server.collection("e"), Some(&server.admin))).await.status, 200);
    server.stop().await;
}
