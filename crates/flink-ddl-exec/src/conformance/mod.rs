//! The conformance suite: what every [`Catalog`] must do, written once and run unchanged against
//! each store (the in-memory one, SQLite, PostgreSQL). A store that passes it behaves, for the
//! executor, exactly as [`MemoryCatalog`](crate::MemoryCatalog) does, alone and under concurrency.
//!
//! The scenarios drive the catalog through [`Session::execute`](crate::Session::execute), so every
//! rule applies, and call the trait directly where the executor cannot reach a case (a forged
//! table, a stale compare-and-set). Three groups:
//! - **contract** (`contract.rs`): create, describe, list, alter, drop, tables and their
//!   connections, credentials kept byte for byte, a refused statement changing nothing;
//! - **batch delete** (`batch_delete.rs`): `delete_connections` all or none, alone and racing
//!   other batches and tables;
//! - **concurrency** (`concurrency.rs`): threads on their own handles racing on the same names,
//!   after which the invariants still hold (names unique per environment, no table pointing at a
//!   missing or wrongly typed connection, every acknowledged write present);
//! - **differential** (`differential.rs`): the same seeded random statements against the store
//!   and a memory catalog give the same outcomes and leave the same records, credentials included.
//!
//! A package runs the whole suite with one macro call in an integration test, given an
//! expression that makes a new, empty [`Store`] (evaluated once per scenario):
//!
//! ```
//! use std::sync::Arc;
//! use flink_ddl_exec::{Catalog, MemoryCatalog};
//!
//! // One memory catalog per scenario; every handle onto it is the same catalog.
//! fn memory_store() -> impl flink_ddl_exec::conformance::Store {
//!     let catalog: Arc<dyn Catalog> = Arc::new(MemoryCatalog::new());
//!     move || catalog.clone()
//! }
//! // In `tests/conformance.rs`: `flink_ddl_exec::catalog_conformance_tests!(memory_store());`
//! // A scenario can also be called by itself:
//! flink_ddl_exec::conformance::credentials_round_trip_exactly(&memory_store());
//! ```
//!
//! Everything here panics on a failed expectation, as tests do; it is compiled only with the
//! `conformance` feature, which a store's package enables in its `[dev-dependencies]`.

pub mod ai_objects;
pub mod api_keys;
mod batch_delete;
pub(crate) mod concurrency;
mod contract;
mod differential;
mod support;

pub use batch_delete::{delete_connections_is_all_or_none, racing_batch_deletes_are_all_or_none};
pub use concurrency::{
    check_invariants, every_acknowledged_write_survives_parallel_handles, racing_alters_lose_no_update,
    racing_creates_of_one_name_let_exactly_one_win, threads_keep_the_catalog_consistent,
};
pub use contract::{
    a_failed_statement_changes_nothing, alter_merges_replaces_and_keeps_type_and_endpoint,
    an_update_never_lands_on_a_replacement, create_describe_show_drop, credentials_round_trip_exactly,
    delete_in_another_scope_is_not_found, names_are_unique_per_environment_and_case_sensitive,
    or_replace_and_if_not_exists, other_cloud_or_region_is_invisible, show_filters_and_orders_by_bytes,
    tables_are_replaced_in_one_step, tables_pin_their_connection, update_is_a_compare_and_set,
};
pub use differential::agrees_with_the_memory_catalog_on_random_statements;
pub use support::Store;

/// Runs every scenario of the suite as a `#[test]` in a module `catalog_conformance`, each on a
/// new store made by `$store` (an expression giving a [`Store`](crate::conformance::Store),
/// evaluated once per test, in the scope of the macro call).
///
/// ```text
/// flink_ddl_exec::catalog_conformance_tests!(SqliteStore::new());
/// ```
#[macro_export]
macro_rules! catalog_conformance_tests {
    ($store:expr) => {
        mod catalog_conformance {
            #[allow(unused_imports)]
            use super::*;
            #[test]
            fn create_describe_show_drop() {
                $crate::conformance::create_describe_show_drop(&$store);
            }
            #[test]
            fn names_are_unique_per_environment_and_case_sensitive() {
                $crate::conformance::names_are_unique_per_environment_and_case_sensitive(&$store);
            }
            #[test]
            fn other_cloud_or_region_is_invisible() {
                $crate::conformance::other_cloud_or_region_is_invisible(&$store);
            }
            #[test]
            fn or_replace_and_if_not_exists() {
                $crate::conformance::or_replace_and_if_not_exists(&$store);
            }
            #[test]
            fn alter_merges_replaces_and_keeps_type_and_endpoint() {
                $crate::conformance::alter_merges_replaces_and_keeps_type_and_endpoint(&$store);
            }
            #[test]
            fn update_is_a_compare_and_set() {
                $crate::conformance::update_is_a_compare_and_set(&$store);
            }
            #[test]
            fn an_update_never_lands_on_a_replacement() {
                $crate::conformance::an_update_never_lands_on_a_replacement(&$store);
            }
            #[test]
            fn show_filters_and_orders_by_bytes() {
                $crate::conformance::show_filters_and_orders_by_bytes(&$store);
            }
            #[test]
            fn tables_pin_their_connection() {
                $crate::conformance::tables_pin_their_connection(&$store);
            }
            #[test]
            fn tables_are_replaced_in_one_step() {
                $crate::conformance::tables_are_replaced_in_one_step(&$store);
            }
            #[test]
            fn delete_in_another_scope_is_not_found() {
                $crate::conformance::delete_in_another_scope_is_not_found(&$store);
            }
            #[test]
            fn credentials_round_trip_exactly() {
                $crate::conformance::credentials_round_trip_exactly(&$store);
            }
            #[test]
            fn a_failed_statement_changes_nothing() {
                $crate::conformance::a_failed_statement_changes_nothing(&$store);
            }
            #[test]
            fn delete_connections_is_all_or_none() {
                $crate::conformance::delete_connections_is_all_or_none(&$store);
            }
            #[test]
            fn racing_batch_deletes_are_all_or_none() {
                $crate::conformance::racing_batch_deletes_are_all_or_none(&$store);
            }
            #[test]
            fn threads_keep_the_catalog_consistent() {
                $crate::conformance::threads_keep_the_catalog_consistent(&$store);
            }
            #[test]
            fn racing_creates_of_one_name_let_exactly_one_win() {
                $crate::conformance::racing_creates_of_one_name_let_exactly_one_win(&$store);
            }
            #[test]
            fn racing_alters_lose_no_update() {
                $crate::conformance::racing_alters_lose_no_update(&$store);
            }
            #[test]
            fn every_acknowledged_write_survives_parallel_handles() {
                $crate::conformance::every_acknowledged_write_survives_parallel_handles(&$store);
            }
            #[test]
            fn agrees_with_the_memory_catalog_on_random_statements() {
                $crate::conformance::agrees_with_the_memory_catalog_on_random_statements(&$store);
            }
        }
    };
}

/// The scenarios of models, tools and agents ([`ai_objects`]) as `#[test]` functions, for a store
/// that keeps them: `flink_ddl_exec::ai_object_conformance_tests!(store_expression);`.
#[macro_export]
macro_rules! ai_object_conformance_tests {
    ($store:expr) => {
        mod ai_object_conformance {
            #[allow(unused_imports)]
            use super::*;
            #[test]
            fn model_versions_come_and_go() {
                $crate::conformance::ai_objects::model_versions_come_and_go(&$store);
            }
            #[test]
            fn references_are_checked_with_the_write() {
                $crate::conformance::ai_objects::references_are_checked_with_the_write(&$store);
            }
            #[test]
            fn in_use_protection_names_every_user() {
                $crate::conformance::ai_objects::in_use_protection_names_every_user(&$store);
            }
            #[test]
            fn alter_tools_and_agents() {
                $crate::conformance::ai_objects::alter_tools_and_agents(&$store);
            }
            #[test]
            fn show_and_show_create() {
                $crate::conformance::ai_objects::show_and_show_create(&$store);
            }
            #[test]
            fn roles_guard_changes() {
                $crate::conformance::ai_objects::roles_guard_changes(&$store);
            }
        }
    };
}
