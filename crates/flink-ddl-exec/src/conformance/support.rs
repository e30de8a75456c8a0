//! What the scenarios share: the store under test, sessions on a fixed clock, statement helpers,
//! fixtures and a seeded generator.

use std::sync::Arc;

use flink_ddl::{parse_statement, ObjectName, OptionList};

use crate::catalog::Catalog;
use crate::clock::{FixedClock, Timestamp};
use crate::executor::{ExecError, Outcome, Session, SessionContext};

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

/// The fixed time of every statement in the suite, so outcomes compare equal across stores.
pub(crate) const T0: i64 = 1_755_122_697_972_969;

/// A session on `catalog` in `ctx`, its clock fixed at [`T0`].
pub(crate) fn session(catalog: &Arc<dyn Catalog>, ctx: SessionContext) -> Session {
    session_at(catalog, ctx, T0)
}

pub(crate) fn session_at(catalog: &Arc<dyn Catalog>, ctx: SessionContext, micros: i64) -> Session {
    Session::new(catalog.clone(), ctx).with_clock(Arc::new(FixedClock(Timestamp::from_unix_micros(micros))))
}

#[track_caller]
pub(crate) fn run(s: &Session, sql: &str) -> Result<Outcome, ExecError> {
    s.execute(&parse_statement(sql).unwrap_or_else(|e| panic!("{e}")))
}

#[track_caller]
pub(crate) fn ok(s: &Session, sql: &str) -> Outcome {
    run(s, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[track_caller]
pub(crate) fn err(s: &Session, sql: &str) -> ExecError {
    match run(s, sql) {
        Ok(outcome) => panic!("{sql}: expected an error, got {outcome:?}"),
        Err(e) => e,
    }
}

/// The names a `SHOW CONNECTIONS` listed.
#[track_caller]
pub(crate) fn names(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Listed { connections, .. } => connections.iter().map(|c| c.name.clone()).collect(),
        other => panic!("not a list: {other:?}"),
    }
}

/// The stored value of credential `key` of connection `name` (the test's one way to read it).
pub(crate) fn secret(catalog: &Arc<dyn Catalog>, env: &str, name: &str, key: &str) -> Option<String> {
    let record = catalog.get_connection(env, name).unwrap()?;
    record.credentials.get(key).map(|s| s.expose_secret().to_owned())
}

pub(crate) fn mongo_table(s: &Session, table: &str, connection: &str) -> Result<Outcome, ExecError> {
    let options = OptionList::from_pairs([
        ("connector", "mongodb"),
        ("mongodb.connection", connection),
        ("mongodb.password", "table-secret"),
    ]);
    s.create_table(&ObjectName::simple(table), false, &options, "CREATE TABLE t (x INT)")
}

pub(crate) const OPENAI: &str =
    "CREATE CONNECTION c WITH ('type' = 'OPENAI', 'endpoint' = 'https://api.openai.com/v1', 'api-key' = 'sk-1')";
pub(crate) const MONGO: &str =
    "CREATE CONNECTION m WITH ('type' = 'mongodb', 'endpoint' = 'mongodb+srv://x', 'username' = 'u', 'password' = 'p')";

/// A small deterministic generator (xorshift64): the same seed gives the same statements on
/// every store and every run.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
