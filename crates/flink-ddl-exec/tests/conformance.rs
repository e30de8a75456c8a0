//! The conformance suite (`flink_ddl_exec::conformance`) on the memory catalog, the reference
//! the other stores are held to.

use std::sync::Arc;

use flink_ddl_exec::conformance::{check_invariants, threads_keep_the_catalog_consistent, Store};
use flink_ddl_exec::{Catalog, MemoryCatalog, Scope};

/// A new memory catalog; every handle onto it is the same catalog.
fn memory_store() -> impl Store {
    let catalog: Arc<dyn Catalog> = Arc::new(MemoryCatalog::new());
    move || catalog.clone()
}

flink_ddl_exec::catalog_conformance_tests!(memory_store());
flink_ddl_exec::ai_object_conformance_tests!(memory_store());

#[test]
fn the_memory_catalogs_counts_agree_with_its_lists() {
    let catalog = Arc::new(MemoryCatalog::new());
    let shared: Arc<dyn Catalog> = catalog.clone();
    threads_keep_the_catalog_consistent(&move || shared.clone());
    let scopes: Vec<Scope> = ["r1", "r2", "r3"].iter().map(|r| Scope::new("default", "aws", *r)).collect();
    let (connections, tables) = check_invariants(catalog.as_ref(), &scopes);
    assert_eq!(catalog.connection_count(), connections);
    assert_eq!(catalog.table_count(), tables);
}
