//! Sessions for tests: a [`Session`] under a fixed clock, so that outputs are the same on every
//! run, and statements run from SQL text with the message a failing test needs.

use std::sync::Arc;

use flink_ddl::parse_statement;
use flink_ddl_exec::{Catalog, ExecError, FixedClock, Outcome, Session, SessionContext, Timestamp};

/// 2025-08-13 22:04:57.972969 UTC (the Creation Date of the samples of Confluent's Manage
/// Connections page): the time every test session's clock shows.
pub const T0: Timestamp = Timestamp::from_unix_micros(1_755_122_697_972_969);

/// A session over `catalog` in the default context (environment `default`, cloud and region
/// `local`, role `OrganizationAdmin`), its clock stopped at [`T0`].
pub fn session(catalog: Arc<dyn Catalog>) -> Session {
    session_in(catalog, SessionContext::default())
}

/// A session over `catalog` in `context`, its clock stopped at [`T0`].
pub fn session_in(catalog: Arc<dyn Catalog>, context: SessionContext) -> Session {
    Session::new(catalog, context).with_clock(Arc::new(FixedClock(T0)))
}

/// Parses `sql` (which must parse) and runs it.
#[track_caller]
pub fn run(session: &Session, sql: &str) -> Result<Outcome, ExecError> {
    session.execute(&parse_statement(sql).unwrap_or_else(|e| panic!("{e}")))
}

/// Runs `sql`, which must succeed.
#[track_caller]
pub fn ok(session: &Session, sql: &str) -> Outcome {
    run(session, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Runs `sql`, which must be refused; the error.
#[track_caller]
pub fn err(session: &Session, sql: &str) -> ExecError {
    match run(session, sql) {
        Ok(outcome) => panic!("{sql}: expected an error, got {outcome:?}"),
        Err(e) => e,
    }
}

/// The names a listing shows, in order (SHOW CONNECTIONS or SHOW TABLES).
#[track_caller]
pub fn names(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Listed { connections, .. } => connections.iter().map(|c| c.name.clone()).collect(),
        Outcome::TablesListed { tables, .. } => tables.iter().map(|t| t.name.clone()).collect(),
        other => panic!("not a list: {other:?}"),
    }
}

/// The credential `key` of connection `name` in `environment` as the catalog stored it, if any.
pub fn stored_secret(catalog: &dyn Catalog, environment: &str, name: &str, key: &str) -> Option<String> {
    let record = catalog.get_connection(environment, name).unwrap()?;
    record.credentials.get(key).map(|secret| secret.expose_secret().to_owned())
}
