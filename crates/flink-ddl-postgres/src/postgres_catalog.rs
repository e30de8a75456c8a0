//! [`PostgresCatalog`]: opening the database (schema, key check, pool) and what every call of the
//! [`Catalog`](flink_ddl_exec::Catalog) implementation (`catalog.rs`) runs on. The crate's
//! documentation (`lib.rs`) says why each choice was made.

use std::fmt;
use std::path::{Path, PathBuf};

use flink_ddl_exec::seal::Sealer;
use flink_ddl_exec::CatalogError;
use postgres::NoTls;

use crate::error::{self, OpenCatalogError};
use crate::key;
use crate::pool::{self, PgConnection, Pool, PoolOptions};
use crate::rows;
use crate::schema::{current_version, migrate, MIGRATION_LOCK, SCHEMA_VERSION};
use crate::url::PostgresUrl;

/// A [`Catalog`](flink_ddl_exec::Catalog) in a PostgreSQL database, credentials sealed with the
/// key of a key file that every process sharing the database uses.
///
/// ```no_run
/// use std::sync::Arc;
/// use flink_ddl::parse_statement;
/// use flink_ddl_exec::{Session, SessionContext};
/// use flink_ddl_postgres::{PostgresCatalog, PostgresUrl};
///
/// let url: PostgresUrl = "postgres://flink@db.internal/catalog".parse()?;
/// let catalog = PostgresCatalog::open(&url, "/etc/flink-ddl/catalog.key")?;
/// let session = Session::new(Arc::new(catalog), SessionContext::default());
/// session.execute(&parse_statement("SHOW CONNECTIONS")?)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PostgresCatalog {
    pub(crate) pool: Pool,
    pub(crate) sealer: Sealer,
    url: PostgresUrl,
    /// The URL without its password, as every message names the catalog.
    pub(crate) shown: String,
    key_file: PathBuf,
}

impl fmt::Debug for PostgresCatalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresCatalog").field("url", &self.shown).field("key_file", &self.key_file).finish()
    }
}

impl PostgresCatalog {
    /// Opens the catalog at `url` with the key in `key_file`, migrating the schema on first use
    /// and creating the key file when the catalog has no key yet and the file does not exist.
    pub fn open(url: &PostgresUrl, key_file: impl AsRef<Path>) -> Result<Self, OpenCatalogError> {
        Self::open_with(url, key_file, PoolOptions::default())
    }

    /// [`PostgresCatalog::open`] with the pool sized by `options`.
    pub fn open_with(
        url: &PostgresUrl,
        key_file: impl AsRef<Path>,
        options: PoolOptions,
    ) -> Result<Self, OpenCatalogError> {
        let shown = url.to_string();
        let key_file = key_file.as_ref().to_path_buf();
        // One connection of its own first: its errors (refused, authentication, no such
        // database) are the precise ones, and it runs the migration and the key check.
        let mut client = url
            .config()
            .connect(NoTls)
            .map_err(|e| OpenCatalogError::Unavailable { catalog: shown.clone(), message: error::describe(&e) })?;
        let storage = |e: postgres::Error| OpenCatalogError::from_client(&shown, &e);
        let encoding: String = client.query_one("SHOW server_encoding", &[]).map_err(storage)?.get(0);
        if encoding != "UTF8" {
            return Err(OpenCatalogError::NotACatalog {
                catalog: shown,
                reason: format!(
                    "the database's encoding is {encoding}; a flink-ddl catalog needs a UTF8 database \
                     (CREATE DATABASE ... ENCODING 'UTF8')"
                ),
            });
        }
        // The fast path: a catalog that is up to date and keyed needs no lock.
        let version = current_version(&mut client).map_err(storage)?;
        let check = if version == SCHEMA_VERSION { key::key_check(&mut client).map_err(storage)? } else { None };
        let binding = if check.is_some() { key::binding(&mut client).map_err(storage)? } else { None };
        let sealer = match (check, binding) {
            (Some(check), Some((id, unbound))) => {
                key::sealer_for(&check, &shown, &key_file)?.bound_to(&id).accepting_unbound(unbound)
            }
            _ => {
                // A newer schema is refused inside `migrate`, before anything is written.
                let mut tx = client.transaction().map_err(storage)?;
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(storage)?;
                migrate(&mut tx, &shown)?;
                let sealer = key::unlock(&mut tx, &shown, &key_file)?;
                let sealer = key::bind(&mut tx, &shown, sealer)?;
                tx.commit().map_err(storage)?;
                sealer
            }
        };
        drop(client);
        let pool = pool::build(url.config().clone(), options);
        Ok(PostgresCatalog { pool, sealer, url: url.clone(), shown, key_file })
    }

    /// The catalog's URL (its `Display` hides the password).
    pub fn url(&self) -> &PostgresUrl {
        &self.url
    }

    /// The key file in use.
    pub fn key_file(&self) -> &Path {
        &self.key_file
    }

    /// The schema version the database holds now (another process may have migrated it).
    pub fn schema_version(&self) -> Result<i32, CatalogError> {
        let mut conn = self.connection()?;
        current_version(&mut conn.client).map_err(|e| self.client_error(&e))
    }

    /// Number of connections, all scopes together.
    pub fn connection_count(&self) -> Result<u64, CatalogError> {
        let mut conn = self.connection()?;
        let statement = conn.prepare(rows::COUNT_CONNECTIONS).map_err(|e| self.client_error(&e))?;
        let count: i64 = conn.client.query_one(&statement, &[]).map_err(|e| self.client_error(&e))?.get(0);
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Answers when the database does: for readiness checks (`GET /readyz`).
    pub fn ping(&self) -> Result<(), CatalogError> {
        let mut conn = self.connection()?;
        conn.client.simple_query("SELECT 1").map(|_| ()).map_err(|e| self.client_error(&e))
    }

    pub(crate) fn connection(&self) -> Result<r2d2::PooledConnection<pool::Manager>, CatalogError> {
        self.pool.get().map_err(|e| error::pool_error(&self.shown, &e))
    }

    pub(crate) fn client_error(&self, e: &postgres::Error) -> CatalogError {
        error::catalog_error(&self.shown, e)
    }
}

/// What a step of a catalog call can end with, inside the retry loop of `catalog.rs`.
pub(crate) enum Failure {
    /// A refusal or failure to report as it is.
    Catalog(CatalogError),
    /// The client failed: retried when the server says so (deadlock, serialization), else reported.
    Client(postgres::Error),
    /// A race was lost in a way that a new attempt resolves (a row that appeared or vanished
    /// between two statements): run the whole call again.
    Retry,
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Self {
        Failure::Client(e)
    }
}

impl From<CatalogError> for Failure {
    fn from(e: CatalogError) -> Self {
        Failure::Catalog(e)
    }
}

/// The connection a call runs on, with its statements prepared once.
pub(crate) type Conn = PgConnection;
