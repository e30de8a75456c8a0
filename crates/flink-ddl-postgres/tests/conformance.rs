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
