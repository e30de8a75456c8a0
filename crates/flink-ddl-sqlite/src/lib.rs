//! `SqliteCatalog`: the [`Catalog`](flink_ddl_exec::Catalog) in one SQLite file, the shell's default. It exists so that
//! connections outlive the process, survive a crash at any point, can be shared by several
//! processes at once, and never lie on disk with a credential in plain text.
//!
//! What it owns, and why each choice:
//! - **One file, WAL mode, `synchronous = NORMAL`.** Every changing call is one transaction.
//!   In WAL mode a commit is complete once its frames are written to the `-wal` file; with
//!   `NORMAL` that write is not followed by an `fsync`, so the operating system holds it in its
//!   page cache. A killed *process* (SIGKILL, a panic, an abort) cannot lose what the OS already
//!   holds, so every statement reported done survives it; only a power cut or kernel crash can
//!   roll back the last few commits, and even then the file stays consistent. `FULL` would add an
//!   `fsync` per statement (milliseconds each) for protection against power loss only.
//! - **Concurrency.** Several processes may use one file: WAL lets readers run beside the one
//!   writer, a busy timeout makes a writer wait for the lock instead of failing, and every
//!   read-check-write runs under `BEGIN IMMEDIATE`, which takes the write lock before the read,
//!   so a check cannot go stale before its write (and no deadlock-prone lock upgrade happens).
//! - **Schema versions.** `PRAGMA user_version` is the schema version; [`MIGRATIONS`] holds one
//!   step per version, applied in one transaction on open. `PRAGMA application_id` marks the
//!   file as a flink-ddl catalog, so another program's database is refused, not altered.
//! - **Secrets sealed at rest.** Credentials (and a table's options) are sealed with
//!   XChaCha20-Poly1305 under a 256-bit key kept in a key file beside the catalog
//!   (`<catalog>.key`, mode 0600), each value with a fresh random 24-byte nonce and the row's
//!   identity (kind, environment, cloud, region, name) as associated data, so a sealed value
//!   moved to another row does not open. A sealed known text (the *key check*) tells a wrong key
//!   from a right one at open time. Names, types, endpoints and dates stay in clear: they are what
//!   SHOW and DESCRIBE print, and SHOW never needs the key.
//! - **The key is never replaced.** A key file is created only for a catalog that holds no key
//!   check yet (a new one). When the catalog has one, a missing key file or another key is an
//!   error naming the key file, and nothing is written.
mod ai_rows;
mod backup;
mod catalog;
mod error;
mod key;
mod rekey;
mod reseal;
mod rows;
mod schema;
mod sqlite_catalog;

pub use backup::{BackupReport, RestoreReport};
pub use error::{MaintenanceError, OpenCatalogError};
pub use rekey::{pending_key_file, rekey, RekeyReport, RekeyStep};
pub use schema::{MIGRATIONS, SCHEMA_VERSION};
pub use sqlite_catalog::SqliteCatalog;

/// The Rust examples of the README and of `docs/`, compiled and run as doc tests here, in the
/// package that sees every library of the workspace.
#[cfg(doctest)]
mod documentation {
    #[doc = include_str!("../../../README.md")]
    struct Readme;

    #[doc = include_str!("../../../docs/executor.md")]
    struct Executor;

    #[doc = include_str!("../../../docs/storage.md")]
    struct Storage;
}
