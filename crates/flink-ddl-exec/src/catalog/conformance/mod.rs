//! The conformance suite: what every [`Catalog`] must do, written once and run unchanged against
//! each store (the in-memory one, SQLite, PostgreSQL). A store that passes it behaves, for the
//! executor, exactly as [`MemoryCatalog`](crate::MemoryCatalog) does, alone and under concurrency.
//!
//! The scenarios drive the catalog through [`Session::execute`](crate::Session::execute), so every
//! rule applies, and call the trait directly where the executor cannot reach a case (a forged
//! table, a stale compare-and-set). Four groups:
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

mod batch_delete;
mod concurrency;
mod contract;
mod differential;

use std::sync::Arc;

use flink_ddl::{parse_statement, ObjectName, OptionList};

use crate::catalog::Catalog;
use crate::clock::{FixedClock, Timestamp};
use crate::executor::{ExecError, Outcome, Session, SessionContext};

pub use batch_delete::{delete_connections_is_all_or_none, racing_batch_deletes_are_all_or_none};
pub use concurrency::{
    check_invariants, every_acknowledged_write_survives_parallel_handles, racing_alters_lose_no_update,
    racing_creates_of_one_name_let_exactly_one_win, threads_keep_the_catalog_consistent,
};
pub use contract::{
    a_failed_statement_changes_nothing, alter_merges_replaces_and_keeps_type_and_endpoint, create_describe_show_drop,
    credentials_round_trip_exactly, delete_in_another_scope_is_not_found,
    names_are_unique_per_environment_and_case_sensitive, or_replace_and_if_not_exists,
    other_cloud_or_region_is_invisible, show_filters_and_orders_by_bytes, tables_are_replaced_in_one_step,
    tables_pin_their_connection, update_is_a_compare_and_set,
};
pub use differential::agrees_with_the_memory_catalog_on_random_statements;

/// A store under test: one catalog, empty when the scenario starts, and handles onto it.
///
/// For a persistent store each [`Store::open`] is a new handle (a new SQLite connection, a new
/// PostgreSQL pool), as another process would open it; for the memory store it is the same
/// catalog. Any `Fn() -> Arc<dyn Catalog>` is a store.
pub trait Store {
    /// A handle onto the store's catalog.
    fn open(&self) -> Arc<dyn Catalog>;
}

impl<F: Fn() -> Arc<dyn Catalog>> Store for F {
    fn open(&self) -> Arc<dyn Catalog> {
        self()
    }
}

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
        $crate::catalog_conformance_tests!(@each $store;
            create_describe_show_drop,
            names_are_unique_per_environment_and_case_sensitive,
            other_cloud_or_region_is_invisible,
            or_replace_and_if_not_exists,
            alter_merges_replaces_and_keeps_type_and_endpoint,
            update_is_a_compare_and_set,
            show_filters_and_orders_by_bytes,
            tables_pin_their_connection,
            tables_are_replaced_in_one_step,
            delete_in_another_scope_is_not_found,
            credentials_round_trip_exactly,
            a_failed_statement_changes_nothing,
            delete_connections_is_all_or_none,
            racing_batch_deletes_are_all_or_none,
            threads_keep_the_catalog_consistent,
            racing_creates_of_one_name_let_exactly_one_win,
            racing_alters_lose_no_update,
            every_acknowledged_write_survives_parallel_handles,
            agrees_with_the_memory_catalog_on_random_statements,
        );
    };
    (@each $store:expr; $($scenario:ident),* $(,)?) => {
        mod catalog_conformance {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[test]
                fn $scenario() {
                    let store = $store;
                    $crate::conformance::$scenario(&store);
                }
            )*
        }
    };
}

/// The fixed time of every statement in the suite, so outcomes compare equal across stores.
const T0: i64 = 1_755_122_697_972_969;

/// A session on `catalog` in `ctx`, its clock fixed at [`T0`].
fn session(catalog: &Arc<dyn Catalog>, ctx: SessionContext) -> Session {
    session_at(catalog, ctx, T0)
}

fn session_at(catalog: &Arc<dyn Catalog>, ctx: SessionContext, micros: i64) -> Session {
    Session::new(catalog.clone(), ctx).with_clock(Arc::new(FixedClock(Timestamp::from_unix_micros(micros))))
}

#[track_caller]
fn run(s: &Session, sql: &str) -> Result<Outcome, ExecError> {
    s.execute(&parse_statement(sql).unwrap_or_else(|e| panic!("{e}")))
}

#[track_caller]
fn ok(s: &Session, sql: &str) -> Outcome {
    run(s, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[track_caller]
fn err(s: &Session, sql: &str) -> ExecError {
    match run(s, sql) {
        Ok(outcome) => panic!("{sql}: expected an error, got {outcome:?}"),
        Err(e) => e,
    }
}

/// The names a `SHOW CONNECTIONS` listed.
#[track_caller]
fn names(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Listed { connections, .. } => connections.iter().map(|c| c.name.clone()).collect(),
        other => panic!("not a list: {other:?}"),
    }
}

/// The stored value of credential `key` of connection `name` (the test's one way to read it).
fn secret(catalog: &Arc<dyn Catalog>, env: &str, name: &str, key: &str) -> Option<String> {
    let record = catalog.get_connection(env, name).unwrap()?;
    record.credentials.get(key).map(|s| s.expose_secret().to_owned())
}

fn mongo_table(s: &Session, table: &str, connection: &str) -> Result<Outcome, ExecError> {
    let options = OptionList::from_pairs([
        ("connector", "mongodb"),
        ("mongodb.connection", connection),
        ("mongodb.password", "table-secret"),
    ]);
    s.create_table(&ObjectName::simple(table), false, &options, "CREATE TABLE t (x INT)")
}

const OPENAI: &str =
    "CREATE CONNECTION c WITH ('type' = 'OPENAI', 'endpoint' = 'https://api.openai.com/v1', 'api-key' = 'sk-1')";
const MONGO: &str =
    "CREATE CONNECTION m WITH ('type' = 'mongodb', 'endpoint' = 'mongodb+srv://x', 'username' = 'u', 'password' = 'p')";

/// A small deterministic generator (xorshift64): the same seed gives the same statements on
/// every store and every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
