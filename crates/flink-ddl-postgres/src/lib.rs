//! `PostgresCatalog`: the [`Catalog`] in a PostgreSQL database, shared by every shell and server
//! that opens the same URL, on any number of machines, with the guarantees of the one-process
//! catalogs: names unique per environment, compare-and-set updates, no drop of a connection in
//! use, credentials sealed.
//!
//! What it owns, and why each choice (`docs/postgres.md` tells the operator's side):
//! - **Invariants held by the database itself.** Uniqueness of a name in its environment is the
//!   primary key of `connections`; a table's connection is a foreign key (`ON UPDATE RESTRICT ON
//!   DELETE RESTRICT`) to the connection's scope, name *and type*. No read-then-write decides
//!   either: a racing `CREATE` gets the unique violation, which becomes
//!   [`CatalogError::ConnectionExists`] naming the scope that holds the name, and a `DROP` of a
//!   used connection gets the foreign-key violation, which becomes
//!   [`CatalogError::ConnectionInUse`] naming the tables.
//! - **Compare-and-set in one statement.** `ALTER` is `UPDATE ... WHERE resource_version = $n`:
//!   under `READ COMMITTED` PostgreSQL re-checks the condition against the newest committed row,
//!   so of two racing updates from the same version exactly one matches.
//! - **Row locks, not `SERIALIZABLE`, for the checks that guard a change.** The calls that read
//!   before they write (`CREATE OR REPLACE CONNECTION`, `CREATE OR REPLACE TABLE`, the deletes
//!   that give back the deleted record) run in one `READ COMMITTED` transaction that first locks
//!   the row they change (`SELECT ... FOR UPDATE`). A table's insertion locks its connection in
//!   `KEY SHARE` mode (the foreign-key check does), which conflicts with that lock, so no table
//!   can start using a connection between the check "no table uses it" and the type change it
//!   guards. Row locks were chosen over `SERIALIZABLE` because they make each call wait for the
//!   one call it conflicts with, where serializable isolation would let both run and abort one
//!   afterwards (predicate locks over a million-row index, false positives at page granularity,
//!   and every abort a retry); the few deadlocks row locks allow (a table's replacement against
//!   its connection's drop) are detected by the server and retried here.
//! - **One statement, one transaction.** Every changing call commits once or not at all: a
//!   statement is never half applied. When the server goes away mid-call the caller gets
//!   [`CatalogError::Unavailable`]; the call was then applied whole or not at all, and a read
//!   tells which.
//! - **A pool that recovers.** r2d2 with a manager of our own (`pool.rs`): connections are tested
//!   when taken, broken ones dropped, so a database restart costs the calls in flight and nothing
//!   else; while the database is down, calls fail within seconds as unavailable.
//! - **Versioned schema.** `schema.rs`: migrations run on first use in one transaction under an
//!   advisory lock; a binary older than the catalog refuses it, naming both versions.
//! - **Sealed credentials, one key file for every process.** The same
//!   [`Sealer`](flink_ddl_exec::seal::Sealer) and key check as the SQLite catalog; the key file is
//!   given explicitly, the first process creates the key check (and the key file, when none
//!   exists), and a process with another key is refused before it writes anything.
//! - **The password is never shown.** [`PostgresUrl`] keeps it for the handshake; every message,
//!   `Debug` and `Display` shows the URL with `<REDACTED>` in its place.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ai_rows;
mod catalog;
mod error;
mod key;
mod pool;
mod postgres_catalog;
mod rows;
mod schema;
#[cfg(feature = "throwaway")]
pub mod throwaway;
mod url;

pub use error::OpenCatalogError;
pub use pool::PoolOptions;
pub use postgres_catalog::PostgresCatalog;
pub use schema::{MIGRATIONS, SCHEMA_VERSION};
pub use url::{redact_url, InvalidUrl, PostgresUrl};
