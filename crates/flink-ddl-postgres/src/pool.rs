//! The connection pool: r2d2 over connections of the synchronous `postgres` client, each with its
//! own cache of prepared statements.
//!
//! - **Why r2d2 and a manager of our own.** r2d2 is the synchronous pool of the ecosystem (the
//!   `postgres` crate's authors keep `r2d2_postgres`); its manager is a dozen lines, written here
//!   so that each connection carries its prepared statements: every catalog call is then one
//!   round trip (bind and execute), not two (prepare, then execute).
//! - **Recovery.** A connection is tested (an empty query) when it is taken from the pool, and one
//!   found closed is dropped when given back; after a database restart the stale connections fail
//!   their test, new ones are made, and the process serves again without a restart. While the
//!   database is down, taking a connection fails after [`PoolOptions::checkout_timeout`] with
//!   [`CatalogError::Unavailable`](flink_ddl_exec::CatalogError::Unavailable).
//! - **One maintenance thread per process.** r2d2 starts three housekeeping threads per pool
//!   unless given a thread pool; every catalog of the process shares one thread instead.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use postgres::{Client, NoTls, Statement};
use scheduled_thread_pool::ScheduledThreadPool;

/// How the pool is sized and how long a caller waits for a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolOptions {
    /// Most connections open at once (default 8).
    pub max_connections: u32,
    /// Connections kept open while idle (default 1).
    pub min_idle: u32,
    /// How long a call waits for a connection, a new one included, before the catalog reports
    /// itself unavailable (default 5 s).
    pub checkout_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions { max_connections: 8, min_idle: 1, checkout_timeout: Duration::from_secs(5) }
    }
}

/// A connection and the statements prepared on it.
pub(crate) struct PgConnection {
    pub(crate) client: Client,
    statements: HashMap<&'static str, Statement>,
}

impl PgConnection {
    pub(crate) fn new(client: Client) -> Self {
        PgConnection { client, statements: HashMap::new() }
    }

    /// `sql` prepared on this connection (once; later calls reuse it).
    pub(crate) fn prepare(&mut self, sql: &'static str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }
}

/// Makes, tests and discards connections for r2d2.
pub(crate) struct Manager {
    config: postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = PgConnection;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgConnection, postgres::Error> {
        self.config.connect(NoTls).map(PgConnection::new)
    }

    fn is_valid(&self, conn: &mut PgConnection) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut PgConnection) -> bool {
        conn.client.is_closed()
    }
}

pub(crate) type Pool = r2d2::Pool<Manager>;

/// A pool over `config`, with no connection made yet (the first call makes one).
pub(crate) fn build(config: postgres::Config, options: PoolOptions) -> Pool {
    static MAINTENANCE: OnceLock<Arc<ScheduledThreadPool>> = OnceLock::new();
    let maintenance = MAINTENANCE.get_or_init(|| {
        Arc::new(ScheduledThreadPool::builder().num_threads(1).thread_name_pattern("flink-ddl-pg-pool").build())
    });
    r2d2::Pool::builder()
        .max_size(options.max_connections.max(1))
        .min_idle(Some(options.min_idle.min(options.max_connections)))
        .connection_timeout(options.checkout_timeout)
        .test_on_check_out(true)
        .thread_pool(maintenance.clone())
        // Connection errors come back to the caller as catalog errors; r2d2's default handler
        // would also log them.
        .error_handler(Box::new(r2d2::NopErrorHandler))
        .build_unchecked(Manager { config })
}
