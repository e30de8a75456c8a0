//! `StoreArgs`: the options that name the catalog (`--catalog`, `--memory`, `--key-file`), shared
//! by every mode of the binary.

use std::path::PathBuf;

use clap::Args;
use flink_ddl_postgres::redact_url;

/// Where the catalog is: shared by SQL mode and the `connection` verbs.
#[derive(Args, Clone)]
pub(crate) struct StoreArgs {
    /// The catalog: a SQLite file (PATH or sqlite:PATH), or a PostgreSQL database
    /// (postgres://USER@HOST[:PORT]/DATABASE, libpq URL syntax; the password from the URL or
    /// $PGPASSWORD) [default: a SQLite file in the user's data directory, shown below]
    // `hide_env_values`: `--help` would otherwise print the variable's value, a URL that may
    // hold a password. No `conflicts_with = "memory"`: `--memory` beats $FLINK_DDL_CATALOG, and
    // both on the command line is refused after parsing (see `main`).
    #[arg(long, global = true, value_name = "LOCATION", env = "FLINK_DDL_CATALOG", hide_env_values = true)]
    pub(crate) catalog: Option<PathBuf>,

    /// Use an in-memory catalog that is gone when the process ends (wins over $FLINK_DDL_CATALOG)
    #[arg(long, global = true)]
    pub(crate) memory: bool,

    /// The catalog's key file [default for SQLite: the catalog's path + `.key`; required for
    /// PostgreSQL, the same file for every process sharing the database]
    #[arg(long, global = true, value_name = "PATH", env = "FLINK_DDL_KEY_FILE")]
    pub(crate) key_file: Option<PathBuf>,
}

/// Shows the catalog location without a password (a PostgreSQL URL may hold one).
impl std::fmt::Debug for StoreArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreArgs")
            .field("catalog", &self.catalog.as_ref().map(|c| redact_url(&c.to_string_lossy())))
            .field("memory", &self.memory)
            .field("key_file", &self.key_file)
            .finish()
    }
}
