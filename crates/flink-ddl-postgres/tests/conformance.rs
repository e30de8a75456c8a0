//! The conformance suite of `flink_ddl_exec` on `PostgresCatalog`: the same scenarios the memory
//! and SQLite catalogs pass, the differential test against the memory catalog included, each in
//! a new database of this test binary's own PostgreSQL server, every handle a new pool (as
//! another process would open it).

use std::path::PathBuf;
use std::sync::Arc;

use flink_ddl_exec::conformance::Store;
use flink_ddl_exec::Catalog;
use flink_ddl_postgres::throwaway::Server;
use flink_ddl_postgres::{PostgresCatalog, PostgresUrl};

/// A new database; the key file every handle uses lives in a directory of its own.
struct PostgresStore {
    url: PostgresUrl,
    key_file: PathBuf,
    _keys: tempfile::TempDir,
}

impl PostgresStore {
    fn new() -> Self {
        let url = Server::shared().create_database().parse().unwrap();
        let keys = tempfile::TempDir::new().unwrap();
        PostgresStore { url, key_file: keys.path().join("catalog.key"), _keys: keys }
    }
}

impl Store for PostgresStore {
    fn open(&self) -> Arc<dyn Catalog> {
        Arc::new(PostgresCatalog::open(&self.url, &self.key_file).unwrap_or_else(|e| panic!("{e}")))
    }
}

flink_ddl_exec::catalog_conformance_tests!(PostgresStore::new());
flink_ddl_exec::ai_object_conformance_tests!(PostgresStore::new());

/// The catalog calls of the sql/v1 server: API keys and keyset pages of connections.
#[test]
fn the_postgres_catalog_passes_the_api_key_and_page_checks() {
    flink_ddl_exec::api_key_suite::run_all(PostgresStore::new().open());
}

/// API keys are shared by every handle (every server) on the database: a key deleted through
/// one is gone for the other at once.
#[test]
fn api_keys_are_shared_by_every_handle() {
    use flink_ddl_exec::{ApiKeyRecord, Role, Timestamp};
    let store = PostgresStore::new();
    let (first, second) = (store.open(), store.open());
    let key = ApiKeyRecord {
        key: "SHARED1".to_owned(),
        secret_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".to_owned(),
        role: Role::EnvironmentAdmin,
        environments: vec!["env-b".to_owned(), "env-a".to_owned()],
        description: "ops".to_owned(),
        created_at: Timestamp::from_unix_micros(1_755_122_697_972_969),
    };
    first.insert_api_key(key.clone()).unwrap();
    assert_eq!(second.get_api_key("SHARED1").unwrap(), Some(key), "environments keep their order");
    second.delete_api_key("SHARED1").unwrap();
    assert_eq!(first.get_api_key("SHARED1").unwrap(), None);
}
