//! [`Catalog`] on a [`PostgresCatalog`]. Each call is one statement in autocommit, or one
//! `READ COMMITTED` transaction that locks the row it changes before it checks anything; the
//! constraints of `schema.rs` (primary keys, the foreign key from a table to its connection) hold
//! the invariants whatever the order of the racing calls. The crate's doc says why.

use std::thread;
use std::time::Duration;

use flink_ddl_exec::seal::Sealer;
use flink_ddl_exec::{
    AiObjectChange, AiObjectKind, AiObjectRecord, ApiKeyRecord, Catalog, CatalogError, ConnectionInfo,
    ConnectionRecord, ConnectionType, NameFilter, Scope, TableRecord,
};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::error::SqlState;
use postgres::types::Type;

use crate::ai_rows;
use crate::error::sql_state;
use crate::postgres_catalog::{Conn, Failure, PostgresCatalog};
use crate::rows::*;

/// The column types of a connection row, in `COPY_IMPORT`'s order, for `COPY ... BINARY`.
const IMPORT_TYPES: [Type; 14] = [
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::INT8,
    Type::INT8,
    Type::TEXT,
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::BYTEA,
];

/// How many times a call runs when the server aborts it (deadlock) or a race asks for a new try.
const ATTEMPTS: u32 = 30;

impl PostgresCatalog {
    /// Runs `call` on a pooled connection, again when it lost a race (it returned
    /// [`Failure::Retry`], or the server aborted it as a deadlock victim or for a serialization
    /// failure). With `transaction`, the call runs between `BEGIN` and `COMMIT` and is rolled
    /// back on any failure.
    fn run<T>(
        &self,
        transaction: bool,
        mut call: impl FnMut(&mut Conn, &Sealer) -> Result<T, Failure>,
    ) -> Result<T, CatalogError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut conn = self.connection()?;
            let result =
                if transaction { self.in_transaction(&mut conn, &mut call) } else { call(&mut conn, &self.sealer) };
            match result {
                Ok(value) => return Ok(value),
                Err(Failure::Catalog(e)) => return Err(self.relabel(e)),
                Err(Failure::Client(e)) if is_retryable(&e) && attempt < ATTEMPTS => {}
                Err(Failure::Client(e)) => return Err(self.client_error(&e)),
                Err(Failure::Retry) if attempt < ATTEMPTS => {}
                Err(Failure::Retry) => {
                    return Err(CatalogError::Storage {
                        message: format!(
                            "PostgreSQL catalog {}: the rows kept changing under this call; gave up after {ATTEMPTS} attempts",
                            self.shown
                        ),
                    })
                }
            }
            // Racing calls that collided once wait a little, and not all equally long.
            thread::sleep(Duration::from_micros(200 * u64::from(attempt) + u64::from(std::process::id() % 7) * 50));
        }
    }

    fn in_transaction<T>(
        &self,
        conn: &mut Conn,
        call: &mut impl FnMut(&mut Conn, &Sealer) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        conn.client.batch_execute("BEGIN")?;
        let mut open = OpenTransaction { conn, finished: false };
        let value = call(open.conn, &self.sealer)?;
        open.finished = true;
        // A failed statement always ends the call with an error above, so the transaction is
        // never in the aborted state here (where COMMIT would quietly roll back).
        open.conn.client.batch_execute("COMMIT")?;
        Ok(value)
    }

    /// Stores many new connections in one transaction, all or none: a bulk path for imports and
    /// for building large catalogs (the benches). The rows stream in with `COPY ... BINARY` into
    /// a temporary table; a name taken already, or given twice, refuses the whole import with
    /// [`CatalogError::ConnectionExists`], as [`Catalog::insert_connection`] refuses one.
    pub fn import_connections(&self, records: impl IntoIterator<Item = ConnectionRecord>) -> Result<u64, CatalogError> {
        let mut records = Some(records);
        self.run(true, |conn, sealer| {
            // Runs once: a retry (there is none for this call's statements) would find no records.
            let Some(records) = records.take() else { return Err(Failure::Retry) };
            conn.client.batch_execute(
                "CREATE TEMPORARY TABLE connections_import (LIKE flink_ddl.connections) ON COMMIT DROP",
            )?;
            let sink = conn.client.copy_in(COPY_IMPORT)?;
            let mut writer = BinaryCopyInWriter::new(sink, &IMPORT_TYPES);
            for record in records {
                let values = ConnectionValues::new(sealer, &record)?;
                writer.write(&values.params())?;
            }
            let count = writer.finish()?;
            let clash = conn.client.query_opt(
                "SELECT i.environment, i.name, c.cloud, c.region FROM connections_import i
                   JOIN flink_ddl.connections c USING (environment, name) LIMIT 1",
                &[],
            )?;
            let twice = match clash {
                Some(row) => Some(row),
                None => conn.client.query_opt(
                    "SELECT environment, name, min(cloud), min(region) FROM connections_import
                     GROUP BY environment, name HAVING count(*) > 1 LIMIT 1",
                    &[],
                )?,
            };
            if let Some(row) = twice {
                let existing = Scope { environment: row.get(0), cloud: row.get(2), region: row.get(3) };
                return Err(CatalogError::ConnectionExists { name: row.get(1), existing }.into());
            }
            conn.client.batch_execute("INSERT INTO flink_ddl.connections SELECT * FROM connections_import")?;
            Ok(count)
        })
    }

    /// Puts the catalog's URL in front of messages made without it (the sealer's).
    fn relabel(&self, e: CatalogError) -> CatalogError {
        match e {
            CatalogError::Storage { message } if !message.starts_with("PostgreSQL catalog") => {
                CatalogError::Storage { message: format!("PostgreSQL catalog {}: {message}", self.shown) }
            }
            other => other,
        }
    }
}

/// Rolls back a transaction that did not reach its commit (an error, or a panic in the call),
/// so the connection goes back to the pool clean. On a broken connection the server has rolled
/// back already, and the pool drops the connection.
struct OpenTransaction<'c> {
    conn: &'c mut Conn,
    finished: bool,
}

impl Drop for OpenTransaction<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.conn.client.batch_execute("ROLLBACK");
        }
    }
}

fn is_retryable(e: &postgres::Error) -> bool {
    matches!(sql_state(e), Some(s) if *s == SqlState::T_R_DEADLOCK_DETECTED || *s == SqlState::T_R_SERIALIZATION_FAILURE)
}

fn is_unique_violation(e: &postgres::Error) -> bool {
    sql_state(e) == Some(&SqlState::UNIQUE_VIOLATION)
}

fn is_foreign_key_violation(e: &postgres::Error) -> bool {
    sql_state(e) == Some(&SqlState::FOREIGN_KEY_VIOLATION)
}

fn tables_using(conn: &mut Conn, environment: &str, name: &str) -> Result<Vec<String>, Failure> {
    let statement = conn.prepare(TABLES_USING)?;
    let rows = conn.client.query(&statement, &[&environment, &name])?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

impl Catalog for PostgresCatalog {
    fn get_connection(&self, environment: &str, name: &str) -> Result<Option<ConnectionRecord>, CatalogError> {
        self.run(false, |conn, sealer| {
            let statement = conn.prepare(GET_CONNECTION)?;
            let row = conn.client.query_opt(&statement, &[&environment, &name])?;
            Ok(row.map(|row| connection_record(&row, sealer)).transpose()?)
        })
    }

    fn list_connections(
        &self,
        scope: &Scope,
        filter: Option<&NameFilter>,
    ) -> Result<Vec<ConnectionInfo>, CatalogError> {
        self.run(false, |conn, _| {
            let (environment, cloud, region) = (&scope.environment, &scope.cloud, &scope.region);
            // A literal prefix reads one range of the scope index; the filter itself runs here,
            // exactly as the other catalogs run it (PostgreSQL's own LIKE would fold case by
            // its own rules for ILIKE).
            let rows = match filter.and_then(NameFilter::range_prefix) {
                Some(prefix) => match prefix_successor(prefix) {
                    Some(end) => {
                        let statement = conn.prepare(LIST_RANGE)?;
                        conn.client.query(&statement, &[environment, cloud, region, &prefix, &end])?
                    }
                    None => {
                        let statement = conn.prepare(LIST_FROM)?;
                        conn.client.query(&statement, &[environment, cloud, region, &prefix])?
                    }
                },
                None => {
                    let statement = conn.prepare(LIST_SCOPE)?;
                    conn.client.query(&statement, &[environment, cloud, region])?
                }
            };
            let mut found = Vec::with_capacity(rows.len());
            for row in &rows {
                let name: &str = row.get(1);
                if filter.is_none_or(|f| f.matches(name)) {
                    found.push(connection_info(row)?);
                }
            }
            Ok(found)
        })
    }

    fn insert_connection(&self, record: ConnectionRecord) -> Result<(), CatalogError> {
        self.run(false, |conn, sealer| {
            let values = ConnectionValues::new(sealer, &record)?;
            let statement = conn.prepare(INSERT_CONNECTION)?;
            match conn.client.execute(&statement, &values.params()) {
                Ok(_) => Ok(()),
                // The primary key said no: the name is taken in the environment. Which scope
                // holds it is read after; when the holder is gone by then, the insert runs again.
                Err(e) if is_unique_violation(&e) => {
                    let info = &record.info;
                    let statement = conn.prepare(SCOPE_OF)?;
                    match conn.client.query_opt(&statement, &[&info.scope.environment, &info.name])? {
                        Some(row) => Err(Failure::Catalog(CatalogError::ConnectionExists {
                            name: info.name.clone(),
                            existing: Scope {
                                environment: info.scope.environment.clone(),
                                cloud: row.get(0),
                                region: row.get(1),
                            },
                        })),
                        None => Err(Failure::Retry),
                    }
                }
                Err(e) => Err(e.into()),
            }
        })
    }

    fn replace_connection(&self, record: ConnectionRecord) -> Result<Option<ConnectionRecord>, CatalogError> {
        self.run(true, |conn, sealer| {
            let info = &record.info;
            let values = ConnectionValues::new(sealer, &record)?;
            let lock = conn.prepare(LOCK_CONNECTION)?;
            let Some(row) = conn.client.query_opt(&lock, &[&info.scope.environment, &info.name])? else {
                let insert = conn.prepare(INSERT_CONNECTION)?;
                return match conn.client.execute(&insert, &values.params()) {
                    Ok(_) => Ok(None),
                    // Created meanwhile: the next attempt finds it and locks it.
                    Err(e) if is_unique_violation(&e) => Err(Failure::Retry),
                    Err(e) => Err(e.into()),
                };
            };
            let existing = connection_record(&row, sealer)?;
            if existing.info.scope != info.scope {
                return Err(
                    CatalogError::ConnectionExists { name: info.name.clone(), existing: existing.info.scope }.into()
                );
            }
            // The row lock held since the read keeps any new table from pinning the old type
            // (a table's insert locks its connection's row in KEY SHARE mode).
            if existing.info.connection_type != info.connection_type {
                ai_rows::lock_graph(conn)?;
                ai_rows::check_connection_unused_by_objects(conn, &info.scope, &info.name)?;
                let tables = tables_using(conn, &info.scope.environment, &info.name)?;
                if !tables.is_empty() {
                    return Err(CatalogError::ConnectionInUse { name: info.name.clone(), tables }.into());
                }
            }
            let update = conn.prepare(REPLACE_CONNECTION)?;
            conn.client.execute(&update, &values.params())?;
            Ok(Some(existing))
        })
    }

    fn update_connection(&self, record: ConnectionRecord, expected_version: u64) -> Result<(), CatalogError> {
        self.run(false, |conn, sealer| {
            let info = &record.info;
            let values = ConnectionValues::new(sealer, &record)?;
            let expected = version_to_sql(expected_version);
            let statement = conn.prepare(UPDATE_CONNECTION_AT_VERSION)?;
            let mut params = values.params().to_vec();
            params.push(&expected);
            if conn.client.execute(&statement, &params)? == 1 {
                return Ok(());
            }
            // Nothing matched: tell a changed row from a missing one.
            let statement = conn.prepare(VERSION_OF)?;
            let found = conn
                .client
                .query_opt(&statement, &[&info.scope.environment, &info.name, &info.scope.cloud, &info.scope.region])?;
            Err(match found {
                None => CatalogError::ConnectionNotFound { name: info.name.clone(), scope: info.scope.clone() },
                Some(_) => CatalogError::ConnectionChanged { name: info.name.clone() },
            }
            .into())
        })
    }

    fn delete_connection(&self, scope: &Scope, name: &str) -> Result<ConnectionRecord, CatalogError> {
        for _ in 0..ATTEMPTS {
            let deleted = self.run(true, |conn, sealer| {
                ai_rows::lock_graph(conn)?;
                ai_rows::check_connection_unused_by_objects(conn, scope, name)?;
                let statement = conn.prepare(DELETE_CONNECTION)?;
                let params: [&(dyn postgres::types::ToSql + Sync); 4] =
                    [&scope.environment, &scope.cloud, &scope.region, &name];
                match conn.client.query_opt(&statement, &params) {
                    Ok(Some(row)) => Ok(connection_record(&row, sealer)?),
                    Ok(None) => {
                        Err(CatalogError::ConnectionNotFound { name: name.to_owned(), scope: scope.clone() }.into())
                    }
                    // The foreign key refused it: tables use the connection. Their names are read
                    // after the rollback (a failed statement ends the transaction).
                    Err(e) if is_foreign_key_violation(&e) => {
                        Err(CatalogError::ConnectionInUse { name: name.to_owned(), tables: Vec::new() }.into())
                    }
                    Err(e) => Err(e.into()),
                }
            });
            match deleted {
                Err(CatalogError::ConnectionInUse { tables, .. }) if tables.is_empty() => {
                    let tables = self.run(false, |conn, _| tables_using(conn, &scope.environment, name))?;
                    if !tables.is_empty() {
                        return Err(CatalogError::ConnectionInUse { name: name.to_owned(), tables });
                    }
                    // The tables went away meanwhile: try the delete again.
                }
                other => return other,
            }
        }
        Err(CatalogError::Storage {
            message: format!("PostgreSQL catalog {}: connection \"{name}\" kept changing; gave up", self.shown),
        })
    }

    fn list_connections_after(
        &self,
        scope: &Scope,
        after: Option<&str>,
        connection_type: Option<ConnectionType>,
        limit: usize,
    ) -> Result<Vec<ConnectionInfo>, CatalogError> {
        // `name > ''` holds for every name, so the first page is the same range scan.
        let after = after.unwrap_or("");
        let connection_type = connection_type.map(ConnectionType::name);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.run(false, |conn, _| {
            let statement = conn.prepare(LIST_PAGE)?;
            let rows = conn.client.query(
                &statement,
                &[&scope.environment, &scope.cloud, &scope.region, &after, &connection_type, &limit],
            )?;
            Ok(rows.iter().map(connection_info).collect::<Result<Vec<_>, _>>()?)
        })
    }

    fn delete_connections(&self, scope: &Scope, names: &[&str]) -> Result<Vec<ConnectionRecord>, CatalogError> {
        let mut seen = std::collections::HashSet::new();
        let names: Vec<&str> = names.iter().copied().filter(|name| seen.insert(*name)).collect();
        self.run(true, |conn, sealer| {
            // Every check before any change, in one transaction. The row locks taken by the reads keep
            // a new table from pinning a checked connection before the deletes (a table's insert locks
            // its connection's row in KEY SHARE mode).
            let lock = conn.prepare(LOCK_CONNECTION)?;
            let mut found = Vec::with_capacity(names.len());
            for name in &names {
                match conn.client.query_opt(&lock, &[&scope.environment, name])? {
                    Some(row) => {
                        let record = connection_record(&row, sealer)?;
                        if record.info.scope != *scope {
                            return Err(CatalogError::ConnectionNotFound {
                                name: (*name).to_owned(),
                                scope: scope.clone(),
                            }
                            .into());
                        }
                        found.push(record);
                    }
                    None => {
                        return Err(
                            CatalogError::ConnectionNotFound { name: (*name).to_owned(), scope: scope.clone() }.into()
                        )
                    }
                }
            }
            ai_rows::lock_graph(conn)?;
            for name in &names {
                ai_rows::check_connection_unused_by_objects(conn, scope, name)?;
                let tables = tables_using(conn, &scope.environment, name)?;
                if !tables.is_empty() {
                    return Err(CatalogError::ConnectionInUse { name: (*name).to_owned(), tables }.into());
                }
            }
            let delete = conn.prepare(DELETE_CONNECTION)?;
            for name in &names {
                let params: [&(dyn postgres::types::ToSql + Sync); 4] =
                    [&scope.environment, &scope.cloud, &scope.region, name];
                conn.client.execute(&delete, &params)?;
            }
            Ok(found)
        })
    }

    fn tables_using(&self, environment: &str, name: &str) -> Result<Vec<String>, CatalogError> {
        self.run(false, |conn, _| tables_using(conn, environment, name))
    }

    fn get_table(&self, scope: &Scope, name: &str) -> Result<Option<TableRecord>, CatalogError> {
        self.run(false, |conn, sealer| {
            let statement = conn.prepare(GET_TABLE)?;
            let row = conn.client.query_opt(&statement, &[&scope.environment, &scope.cloud, &scope.region, &name])?;
            Ok(row.map(|row| table_record(&row, sealer)).transpose()?)
        })
    }

    fn list_tables(&self, scope: &Scope, filter: Option<&NameFilter>) -> Result<Vec<TableRecord>, CatalogError> {
        self.run(false, |conn, sealer| {
            let statement = conn.prepare(LIST_TABLES)?;
            let rows = conn.client.query(&statement, &[&scope.environment, &scope.cloud, &scope.region])?;
            let mut found = Vec::new();
            for row in &rows {
                let name: &str = row.get(3);
                if filter.is_none_or(|f| f.matches(name)) {
                    found.push(table_record(row, sealer)?);
                }
            }
            Ok(found)
        })
    }

    fn insert_table(&self, record: TableRecord) -> Result<(), CatalogError> {
        self.run(false, |conn, sealer| {
            let values = TableValues::new(sealer, &record)?;
            let statement = conn.prepare(INSERT_TABLE)?;
            match conn.client.execute(&statement, &values.params()) {
                Ok(_) => Ok(()),
                Err(e) => Err(table_refusal(e, &record)),
            }
        })
    }

    fn replace_table(&self, record: TableRecord, must_exist: bool) -> Result<Option<TableRecord>, CatalogError> {
        self.run(true, |conn, sealer| {
            let scope = &record.scope;
            let values = TableValues::new(sealer, &record)?;
            let lock = conn.prepare(LOCK_TABLE)?;
            let old = conn.client.query_opt(&lock, &[&scope.environment, &scope.cloud, &scope.region, &record.name])?;
            let replaced = old.map(|row| table_record(&row, sealer)).transpose()?;
            let statement = match &replaced {
                None if must_exist => {
                    return Err(CatalogError::TableNotFound { name: record.name.clone(), scope: scope.clone() }.into())
                }
                None => conn.prepare(INSERT_TABLE)?,
                Some(_) => conn.prepare(REPLACE_TABLE)?,
            };
            match conn.client.execute(&statement, &values.params()) {
                Ok(_) => Ok(replaced),
                // Created meanwhile: the next attempt locks it and replaces it.
                Err(e) if is_unique_violation(&e) => Err(Failure::Retry),
                Err(e) => Err(table_refusal(e, &record)),
            }
        })
    }

    fn delete_table(&self, scope: &Scope, name: &str) -> Result<TableRecord, CatalogError> {
        self.run(true, |conn, sealer| {
            let statement = conn.prepare(DELETE_TABLE)?;
            match conn.client.query_opt(&statement, &[&scope.environment, &scope.cloud, &scope.region, &name])? {
                Some(row) => Ok(table_record(&row, sealer)?),
                None => Err(CatalogError::TableNotFound { name: name.to_owned(), scope: scope.clone() }.into()),
            }
        })
    }

    fn insert_api_key(&self, record: ApiKeyRecord) -> Result<(), CatalogError> {
        self.run(false, |conn, _| {
            let statement = conn.prepare(INSERT_API_KEY)?;
            let role = record.role.as_str();
            let created_at = record.created_at.unix_micros();
            let params: [&(dyn postgres::types::ToSql + Sync); 6] =
                [&record.key, &record.secret_hash, &role, &record.environments, &record.description, &created_at];
            match conn.client.execute(&statement, &params) {
                Ok(_) => Ok(()),
                // The primary key is the rule: one key per id, whoever inserts at the same time.
                Err(e) if is_unique_violation(&e) => Err(CatalogError::ApiKeyExists { key: record.key.clone() }.into()),
                Err(e) => Err(e.into()),
            }
        })
    }

    fn get_api_key(&self, key: &str) -> Result<Option<ApiKeyRecord>, CatalogError> {
        self.run(false, |conn, _| {
            let statement = conn.prepare(GET_API_KEY)?;
            let row = conn.client.query_opt(&statement, &[&key])?;
            Ok(row.as_ref().map(api_key_record).transpose()?)
        })
    }

    fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>, CatalogError> {
        self.run(false, |conn, _| {
            let statement = conn.prepare(LIST_API_KEYS)?;
            let rows = conn.client.query(&statement, &[])?;
            Ok(rows.iter().map(api_key_record).collect::<Result<Vec<_>, _>>()?)
        })
    }

    fn get_ai_object(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        name: &str,
    ) -> Result<Option<AiObjectRecord>, CatalogError> {
        // One transaction: the row and its references from one snapshot.
        self.run(true, |conn, sealer| ai_rows::get(conn, sealer, scope, kind, name))
    }

    fn list_ai_objects(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        filter: Option<&NameFilter>,
    ) -> Result<Vec<AiObjectRecord>, CatalogError> {
        self.run(true, |conn, sealer| ai_rows::list(conn, sealer, scope, kind, |n| filter.is_none_or(|f| f.matches(n))))
    }

    fn write_ai_object(&self, scope: &Scope, change: AiObjectChange) -> Result<(), CatalogError> {
        self.run(true, |conn, sealer| {
            ai_rows::lock_graph(conn)?;
            match &change {
                AiObjectChange::Insert(record) => {
                    if ai_rows::exists(conn, scope, record.kind, &record.name)? {
                        let (kind, name) = (record.kind, record.name.clone());
                        return Err(CatalogError::AiObjectExists { kind, name, scope: scope.clone() }.into());
                    }
                    ai_rows::check_uses(conn, scope, record)?;
                    ai_rows::put(conn, sealer, scope, record)
                }
                AiObjectChange::Replace { previous, record } => {
                    ai_rows::check_unchanged(conn, sealer, scope, previous)?;
                    if record.name != previous.name {
                        if ai_rows::exists(conn, scope, record.kind, &record.name)? {
                            let (kind, name) = (record.kind, record.name.clone());
                            return Err(CatalogError::AiObjectExists { kind, name, scope: scope.clone() }.into());
                        }
                        ai_rows::check_object_unused(conn, scope, previous)?;
                    }
                    ai_rows::check_uses(conn, scope, record)?;
                    ai_rows::take(conn, scope, previous.kind, &previous.name)?;
                    ai_rows::put(conn, sealer, scope, record)
                }
                AiObjectChange::Delete(previous) => {
                    ai_rows::check_unchanged(conn, sealer, scope, previous)?;
                    ai_rows::check_object_unused(conn, scope, previous)?;
                    ai_rows::take(conn, scope, previous.kind, &previous.name)
                }
            }
        })
    }

    fn delete_api_key(&self, key: &str) -> Result<ApiKeyRecord, CatalogError> {
        self.run(false, |conn, _| {
            let statement = conn.prepare(DELETE_API_KEY)?;
            match conn.client.query_opt(&statement, &[&key])? {
                Some(row) => Ok(api_key_record(&row)?),
                None => Err(CatalogError::ApiKeyNotFound { key: key.to_owned() }.into()),
            }
        })
    }
}

/// A table's insert or update refused by a constraint: the name is taken in the scope, or the
/// connection is missing from the scope or has another type.
fn table_refusal(e: postgres::Error, record: &TableRecord) -> Failure {
    if is_unique_violation(&e) {
        return CatalogError::TableExists { name: record.name.clone(), scope: record.scope.clone() }.into();
    }
    if is_foreign_key_violation(&e) {
        let connection = record.connection.as_ref().map(|c| c.name.clone()).unwrap_or_default();
        return CatalogError::DependencyMissing { table: record.name.clone(), connection }.into();
    }
    e.into()
}
