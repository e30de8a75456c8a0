//! `MemoryCatalog`: the [`Catalog`] kept in memory, for tests, embedding and the shell's `--memory`.
//!
//! Layout, chosen for a million connections:
//! - connections per scope in a `BTreeMap` keyed by name: SHOW walks one scope in name order, and
//!   `LIKE 'prefix%'` is a range of it, not a scan of the catalog;
//! - an index environment → name → scope, which keeps names unique per environment and makes
//!   DESCRIBE two hash lookups and one tree lookup;
//! - tables per scope, also in name order, and an index (environment, connection) → tables that
//!   DROP CONNECTION and CREATE OR REPLACE consult;
//! - the server's API keys by id.
//!
//! The dialect orders every list by name, which the trees give directly; an insertion-ordered map
//! (`indexmap`) would need a sort per SHOW and O(n) removals to stay ordered, so it is not used here.
//!
//! One `RwLock` guards the whole state: reads run side by side, and each changing method checks
//! and changes under one write lock, so it is atomic and a check-then-act race is impossible.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use std::ops::Bound;

use crate::catalog::{
    AiObjectChange, AiObjectKind, AiObjectRecord, ApiKeyRecord, Catalog, CatalogError, ConnectionInfo,
    ConnectionRecord, Dependency, DependencyKind, NameFilter, ObjectUse, Scope, TableRecord,
};
use crate::connection_type::ConnectionType;

/// A [`Catalog`] in memory. Cheap to create; share it between threads behind an `Arc`.
///
/// ```
/// use std::sync::Arc;
/// use flink_ddl_exec::{Catalog, MemoryCatalog, Scope};
/// let catalog = Arc::new(MemoryCatalog::new());
/// assert!(catalog.list_connections(&Scope::new("default", "local", "local"), None)?.is_empty());
/// # Ok::<(), flink_ddl_exec::CatalogError>(())
/// ```
#[derive(Debug, Default)]
pub struct MemoryCatalog {
    state: RwLock<State>,
}

#[derive(Debug, Default)]
struct State {
    /// scope → name → connection.
    connections: HashMap<Scope, BTreeMap<String, ConnectionRecord>>,
    /// environment → name → the scope holding it.
    names: HashMap<String, HashMap<String, Scope>>,
    /// scope → name → table.
    tables: HashMap<Scope, BTreeMap<String, StoredTable>>,
    /// (environment, connection name) → names of the tables using it.
    dependents: HashMap<(String, String), BTreeSet<String>>,
    /// API key id → key.
    api_keys: BTreeMap<String, ApiKeyRecord>,
    /// (scope, kind) → name → model, tool or agent. Who uses what is found by scanning a scope's
    /// objects: they are few next to connections and tables.
    ai_objects: HashMap<(Scope, AiObjectKind), BTreeMap<String, AiObjectRecord>>,
}

impl MemoryCatalog {
    /// An empty catalog.
    pub fn new() -> Self {
        MemoryCatalog::default()
    }

    /// Number of connections, all scopes together.
    pub fn connection_count(&self) -> usize {
        self.read().connections.values().map(BTreeMap::len).sum()
    }

    /// Number of tables, all scopes together.
    pub fn table_count(&self) -> usize {
        self.read().tables.values().map(BTreeMap::len).sum()
    }

    /// Stores the table (in the store's own form, made from a borrow) if its name is free.
    fn insert_table_from(&self, record: &TableRecord) -> Result<(), CatalogError> {
        let mut state = self.write();
        if state.tables.get(&record.scope).is_some_and(|m| m.contains_key(&record.name)) {
            return Err(CatalogError::TableExists { name: record.name.clone(), scope: record.scope.clone() });
        }
        state.check_dependency(record)?;
        state.put_table(StoredTable::new(record));
        Ok(())
    }

    /// Stores the table in place of the one of its name, giving that one back.
    fn replace_table_from(&self, record: &TableRecord, must_exist: bool) -> Result<Option<TableRecord>, CatalogError> {
        let mut state = self.write();
        let exists = state.tables.get(&record.scope).is_some_and(|m| m.contains_key(&record.name));
        if must_exist && !exists {
            return Err(CatalogError::TableNotFound { name: record.name.clone(), scope: record.scope.clone() });
        }
        state.check_dependency(record)?;
        let replaced = state.take_table(&record.scope, &record.name);
        state.put_table(StoredTable::new(record));
        Ok(replaced)
    }

    // A panic never happens while the lock is held for writing (no method below can panic
    // between its check and its change), so a poisoned lock still guards a consistent state.
    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    fn scope_of(&self, environment: &str, name: &str) -> Option<&Scope> {
        self.names.get(environment)?.get(name)
    }

    fn dependents_of(&self, environment: &str, name: &str) -> Vec<String> {
        // The key is owned, so a lookup allocates; DROP and REPLACE are rare next to reads.
        self.dependents
            .get(&(environment.to_owned(), name.to_owned()))
            .map(|tables| tables.iter().cloned().collect())
            .unwrap_or_default()
    }

    fn put_connection(&mut self, record: ConnectionRecord) -> Option<ConnectionRecord> {
        let scope = record.info.scope.clone();
        let name = record.info.name.clone();
        self.names.entry(scope.environment.clone()).or_default().insert(name.clone(), scope.clone());
        self.connections.entry(scope).or_default().insert(name, record)
    }
}

impl Catalog for MemoryCatalog {
    fn get_connection(&self, environment: &str, name: &str) -> Result<Option<ConnectionRecord>, CatalogError> {
        let state = self.read();
        let found = state
            .scope_of(environment, name)
            .and_then(|scope| state.connections.get(scope))
            .and_then(|by_name| by_name.get(name))
            .cloned();
        Ok(found)
    }

    fn list_connections(
        &self,
        scope: &Scope,
        filter: Option<&NameFilter>,
    ) -> Result<Vec<ConnectionInfo>, CatalogError> {
        let state = self.read();
        let Some(by_name) = state.connections.get(scope) else { return Ok(Vec::new()) };
        let passes = |name: &str| filter.is_none_or(|f| f.matches(name));
        let found = match filter.and_then(NameFilter::range_prefix) {
            Some(prefix) => by_name
                .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
                .take_while(|(name, _)| name.starts_with(prefix))
                .filter(|(name, _)| passes(name))
                .map(|(_, record)| record.info.clone())
                .collect(),
            None => by_name.iter().filter(|(name, _)| passes(name)).map(|(_, record)| record.info.clone()).collect(),
        };
        Ok(found)
    }

    fn list_connections_after(
        &self,
        scope: &Scope,
        after: Option<&str>,
        connection_type: Option<ConnectionType>,
        limit: usize,
    ) -> Result<Vec<ConnectionInfo>, CatalogError> {
        let state = self.read();
        let Some(by_name) = state.connections.get(scope) else { return Ok(Vec::new()) };
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        Ok(by_name
            .range::<str, _>((start, Bound::Unbounded))
            .filter(|(_, record)| connection_type.is_none_or(|t| record.info.connection_type == t))
            .take(limit)
            .map(|(_, record)| record.info.clone())
            .collect())
    }

    fn insert_connection(&self, record: ConnectionRecord) -> Result<(), CatalogError> {
        let mut state = self.write();
        if let Some(existing) = state.scope_of(&record.info.scope.environment, &record.info.name) {
            return Err(CatalogError::ConnectionExists { name: record.info.name.clone(), existing: existing.clone() });
        }
        state.put_connection(record);
        Ok(())
    }

    fn replace_connection(&self, record: ConnectionRecord) -> Result<Option<ConnectionRecord>, CatalogError> {
        let mut state = self.write();
        let info = &record.info;
        if let Some(existing) = state.scope_of(&info.scope.environment, &info.name) {
            if *existing != info.scope {
                return Err(CatalogError::ConnectionExists { name: info.name.clone(), existing: existing.clone() });
            }
            let old_type =
                state.connections.get(existing).and_then(|m| m.get(&info.name)).map(|r| r.info.connection_type);
            if old_type.is_some_and(|old| old != info.connection_type) {
                state.check_connection_unused(&info.scope, &info.name)?;
            }
        }
        Ok(state.put_connection(record))
    }

    fn update_connection(&self, record: ConnectionRecord, expected_version: u64) -> Result<(), CatalogError> {
        let mut state = self.write();
        let info = &record.info;
        let current = state.connections.get_mut(&info.scope).and_then(|m| m.get_mut(&info.name));
        match current {
            None => Err(CatalogError::ConnectionNotFound { name: info.name.clone(), scope: info.scope.clone() }),
            Some(current)
                if current.info.resource_version != expected_version
                    || current.info.uid != info.uid
                    || current.info.connection_type != info.connection_type =>
            {
                Err(CatalogError::ConnectionChanged { name: info.name.clone() })
            }
            Some(current) => {
                *current = record;
                Ok(())
            }
        }
    }

    fn delete_connection(&self, scope: &Scope, name: &str) -> Result<ConnectionRecord, CatalogError> {
        let mut state = self.write();
        let exists = state.connections.get(scope).is_some_and(|m| m.contains_key(name));
        if !exists {
            return Err(CatalogError::ConnectionNotFound { name: name.to_owned(), scope: scope.clone() });
        }
        state.check_connection_unused(scope, name)?;
        let removed = state.connections.get_mut(scope).and_then(|m| m.remove(name));
        if let Some(names) = state.names.get_mut(&scope.environment) {
            names.remove(name);
        }
        removed.ok_or_else(|| CatalogError::ConnectionNotFound { name: name.to_owned(), scope: scope.clone() })
    }

    fn delete_connections(&self, scope: &Scope, names: &[&str]) -> Result<Vec<ConnectionRecord>, CatalogError> {
        let mut state = self.write();
        let names = distinct(names);
        // Every check before any change, under the one write lock.
        for name in &names {
            if !state.connections.get(scope).is_some_and(|m| m.contains_key(*name)) {
                return Err(CatalogError::ConnectionNotFound { name: (*name).to_owned(), scope: scope.clone() });
            }
        }
        for name in &names {
            state.check_connection_unused(scope, name)?;
        }
        let mut removed = Vec::with_capacity(names.len());
        for name in names {
            if let Some(record) = state.connections.get_mut(scope).and_then(|m| m.remove(name)) {
                removed.push(record);
            }
            if let Some(by_name) = state.names.get_mut(&scope.environment) {
                by_name.remove(name);
            }
        }
        Ok(removed)
    }

    fn tables_using(&self, environment: &str, name: &str) -> Result<Vec<String>, CatalogError> {
        Ok(self.read().dependents_of(environment, name))
    }

    fn get_table(&self, scope: &Scope, name: &str) -> Result<Option<TableRecord>, CatalogError> {
        Ok(self.read().tables.get(scope).and_then(|m| m.get(name)).map(StoredTable::to_record))
    }

    fn list_tables(&self, scope: &Scope, filter: Option<&NameFilter>) -> Result<Vec<TableRecord>, CatalogError> {
        let state = self.read();
        let Some(by_name) = state.tables.get(scope) else { return Ok(Vec::new()) };
        Ok(by_name
            .iter()
            .filter(|(name, _)| filter.is_none_or(|f| f.matches(name)))
            .map(|(_, t)| t.to_record())
            .collect())
    }

    fn insert_table(&self, record: TableRecord) -> Result<(), CatalogError> {
        self.insert_table_from(&record)
    }

    // The store keeps its own form of the record (`StoredTable`), made from a borrow: the
    // record itself goes back to the outcome, not copied.
    fn insert_table_and_return(&self, record: TableRecord) -> Result<TableRecord, CatalogError> {
        self.insert_table_from(&record).map(|()| record)
    }

    fn replace_table(&self, record: TableRecord, must_exist: bool) -> Result<Option<TableRecord>, CatalogError> {
        self.replace_table_from(&record, must_exist)
    }

    fn replace_table_and_return(
        &self,
        record: TableRecord,
        must_exist: bool,
    ) -> Result<(TableRecord, Option<TableRecord>), CatalogError> {
        self.replace_table_from(&record, must_exist).map(|replaced| (record, replaced))
    }

    fn delete_table(&self, scope: &Scope, name: &str) -> Result<TableRecord, CatalogError> {
        let mut state = self.write();
        state
            .take_table(scope, name)
            .ok_or_else(|| CatalogError::TableNotFound { name: name.to_owned(), scope: scope.clone() })
    }

    fn insert_api_key(&self, record: ApiKeyRecord) -> Result<(), CatalogError> {
        let mut state = self.write();
        if state.api_keys.contains_key(&record.key) {
            return Err(CatalogError::ApiKeyExists { key: record.key });
        }
        state.api_keys.insert(record.key.clone(), record);
        Ok(())
    }

    fn get_api_key(&self, key: &str) -> Result<Option<ApiKeyRecord>, CatalogError> {
        Ok(self.read().api_keys.get(key).cloned())
    }

    fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>, CatalogError> {
        Ok(self.read().api_keys.values().cloned().collect())
    }

    fn delete_api_key(&self, key: &str) -> Result<ApiKeyRecord, CatalogError> {
        self.write().api_keys.remove(key).ok_or_else(|| CatalogError::ApiKeyNotFound { key: key.to_owned() })
    }

    fn get_ai_object(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        name: &str,
    ) -> Result<Option<AiObjectRecord>, CatalogError> {
        Ok(self.read().ai_object(scope, kind, name).cloned())
    }

    fn list_ai_objects(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        filter: Option<&NameFilter>,
    ) -> Result<Vec<AiObjectRecord>, CatalogError> {
        let state = self.read();
        let Some(by_name) = state.ai_objects.get(&(scope.clone(), kind)) else { return Ok(Vec::new()) };
        Ok(by_name.iter().filter(|(name, _)| filter.is_none_or(|f| f.matches(name))).map(|(_, r)| r.clone()).collect())
    }

    fn write_ai_object(&self, scope: &Scope, change: AiObjectChange) -> Result<(), CatalogError> {
        let mut state = self.write();
        match change {
            AiObjectChange::Insert(record) => {
                if state.ai_object(scope, record.kind, &record.name).is_some() {
                    let (kind, name) = (record.kind, record.name.clone());
                    return Err(CatalogError::AiObjectExists { kind, name, scope: scope.clone() });
                }
                state.check_uses(scope, &record)?;
                state.put_ai_object(scope, record);
            }
            AiObjectChange::Replace { previous, record } => {
                state.check_unchanged(scope, &previous)?;
                if record.name != previous.name {
                    if state.ai_object(scope, record.kind, &record.name).is_some() {
                        let (kind, name) = (record.kind, record.name.clone());
                        return Err(CatalogError::AiObjectExists { kind, name, scope: scope.clone() });
                    }
                    state.check_object_unused(scope, &previous)?;
                }
                state.check_uses(scope, &record)?;
                state.take_ai_object(scope, previous.kind, &previous.name);
                state.put_ai_object(scope, record);
            }
            AiObjectChange::Delete(previous) => {
                state.check_unchanged(scope, &previous)?;
                state.check_object_unused(scope, &previous)?;
                state.take_ai_object(scope, previous.kind, &previous.name);
            }
        }
        Ok(())
    }
}

/// Models, tools and agents, and who uses what (callers hold the write lock).
impl State {
    fn ai_object(&self, scope: &Scope, kind: AiObjectKind, name: &str) -> Option<&AiObjectRecord> {
        self.ai_objects.get(&(scope.clone(), kind))?.get(name)
    }

    fn put_ai_object(&mut self, scope: &Scope, record: AiObjectRecord) {
        self.ai_objects.entry((scope.clone(), record.kind)).or_default().insert(record.name.clone(), record);
    }

    fn take_ai_object(&mut self, scope: &Scope, kind: AiObjectKind, name: &str) -> Option<AiObjectRecord> {
        self.ai_objects.get_mut(&(scope.clone(), kind))?.remove(name)
    }

    /// The models, tools and agents of `scope` that refer to `target`, ordered by kind and name.
    fn ai_users(&self, scope: &Scope, target: impl Fn(&Dependency) -> bool) -> Vec<ObjectUse> {
        let mut users = Vec::new();
        for kind in [AiObjectKind::Model, AiObjectKind::Tool, AiObjectKind::Agent] {
            let Some(by_name) = self.ai_objects.get(&(scope.clone(), kind)) else { continue };
            for record in by_name.values().filter(|r| r.uses.iter().any(&target)) {
                users.push(ObjectUse { kind: kind.as_str(), name: record.name.clone() });
            }
        }
        users
    }

    /// Refuses while tables, models or tools use the connection: the tables alone keep the
    /// connection error they always had; with models or tools every user is named.
    fn check_connection_unused(&self, scope: &Scope, name: &str) -> Result<(), CatalogError> {
        let tables = self.dependents_of(&scope.environment, name);
        let others = self.ai_users(scope, |d| matches!(d.kind, DependencyKind::Connection(_)) && d.name == name);
        if others.is_empty() {
            if tables.is_empty() {
                return Ok(());
            }
            return Err(CatalogError::ConnectionInUse { name: name.to_owned(), tables });
        }
        let mut users: Vec<ObjectUse> =
            tables.into_iter().map(|table| ObjectUse { kind: "table", name: table }).collect();
        users.extend(others);
        Err(CatalogError::InUse { kind: "connection", name: name.to_owned(), users })
    }

    fn check_object_unused(&self, scope: &Scope, record: &AiObjectRecord) -> Result<(), CatalogError> {
        let kind = record.kind;
        let users: Vec<ObjectUse> = self
            .ai_users(scope, |d| d.kind == DependencyKind::Object(kind) && d.name == record.name)
            .into_iter()
            .filter(|u| !(u.kind == kind.as_str() && u.name == record.name))
            .collect();
        if users.is_empty() {
            return Ok(());
        }
        Err(CatalogError::InUse { kind: kind.as_str(), name: record.name.clone(), users })
    }

    fn check_unchanged(&self, scope: &Scope, previous: &AiObjectRecord) -> Result<(), CatalogError> {
        match self.ai_object(scope, previous.kind, &previous.name) {
            None => Err(CatalogError::AiObjectNotFound {
                kind: previous.kind,
                name: previous.name.clone(),
                scope: scope.clone(),
            }),
            Some(current) if current != previous => {
                Err(CatalogError::AiObjectChanged { kind: previous.kind, name: previous.name.clone() })
            }
            Some(_) => Ok(()),
        }
    }

    /// Every reference of `record` exists in `scope` (a connection with the type asked for).
    fn check_uses(&self, scope: &Scope, record: &AiObjectRecord) -> Result<(), CatalogError> {
        for used in &record.uses {
            let found = match &used.kind {
                DependencyKind::Connection(wanted) => {
                    let connection = self.connections.get(scope).and_then(|m| m.get(&used.name));
                    connection.is_some_and(|c| wanted.as_deref().is_none_or(|t| c.info.connection_type.name() == t))
                }
                DependencyKind::Object(kind) => self.ai_object(scope, *kind, &used.name).is_some(),
            };
            if !found {
                return Err(CatalogError::ReferenceMissing {
                    kind: record.kind,
                    name: record.name.clone(),
                    missing: Box::new(used.clone()),
                    scope: scope.clone(),
                });
            }
        }
        Ok(())
    }
}

/// `names` without repeats, in their first order.
fn distinct<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    names.iter().copied().filter(|name| seen.insert(*name)).collect()
}

/// Tables and their dependents, kept in step (callers hold the write lock).
impl State {
    /// A table's connection must be in the table's scope with the recorded type.
    fn check_dependency(&self, record: &TableRecord) -> Result<(), CatalogError> {
        let Some(uses) = &record.connection else { return Ok(()) };
        let found = self.connections.get(&record.scope).and_then(|m| m.get(&uses.name));
        if found.is_none_or(|c| c.info.connection_type != uses.connection_type) {
            return Err(CatalogError::DependencyMissing { table: record.name.clone(), connection: uses.name.clone() });
        }
        Ok(())
    }

    fn put_table(&mut self, table: StoredTable) {
        let record = &table.record;
        if let Some(uses) = &record.connection {
            let key = (record.scope.environment.clone(), uses.name.clone());
            self.dependents.entry(key).or_default().insert(record.name.clone());
        }
        self.tables.entry(record.scope.clone()).or_default().insert(record.name.clone(), table);
    }

    fn take_table(&mut self, scope: &Scope, name: &str) -> Option<TableRecord> {
        let removed = self.tables.get_mut(scope).and_then(|m| m.remove(name))?.into_record();
        if let Some(uses) = &removed.connection {
            let key = (scope.environment.clone(), uses.name.clone());
            if let Some(tables) = self.dependents.get_mut(&key) {
                tables.remove(name);
                if tables.is_empty() {
                    self.dependents.remove(&key);
                }
            }
        }
        Some(removed)
    }
}

/// A table as the store keeps it: a long option list's print cut out of its text
/// ([`TableRecord::options_at`]). The options hold it already (and are shared with the outcomes
/// that show them), so the text of a table of a million options is not held by the store as
/// well; the records it gives back are in the same form.
#[derive(Debug)]
struct StoredTable {
    record: TableRecord,
}

impl StoredTable {
    fn new(record: &TableRecord) -> Self {
        StoredTable { record: record.cut_clone() }
    }

    fn to_record(&self) -> TableRecord {
        self.record.clone()
    }

    fn into_record(self) -> TableRecord {
        self.record
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ConnectionInfo, ConnectionStatus, Credentials, TableConnection};
    use crate::clock::Timestamp;
    use crate::connection_type::ConnectionType;
    use flink_ddl::OptionList;

    fn connection(scope: &Scope, name: &str, ty: &str) -> ConnectionRecord {
        let info = ConnectionInfo {
            name: name.to_owned(),
            scope: scope.clone(),
            connection_type: ConnectionType::from_name(ty).unwrap(),
            endpoint: "e".to_owned(),
            comment: None,
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
            uid: String::new(),
            resource_version: 1,
            status: ConnectionStatus::default(),
        };
        ConnectionRecord { info, credentials: Credentials::new() }
    }

    fn table(scope: &Scope, name: &str, uses: Option<(&str, &str)>) -> TableRecord {
        TableRecord {
            name: name.to_owned(),
            scope: scope.clone(),
            masked_sql: String::new(),
            options_at: None,
            options: OptionList::new(),
            connector: None,
            connection: uses.map(|(c, ty)| TableConnection {
                name: c.to_owned(),
                connection_type: ConnectionType::from_name(ty).unwrap(),
            }),
            created_at: Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn names_are_unique_per_environment_across_scopes() {
        let catalog = MemoryCatalog::new();
        let (here, there) = (Scope::new("e", "aws", "r1"), Scope::new("e", "aws", "r2"));
        catalog.insert_connection(connection(&here, "c", "openai")).unwrap();
        let e = catalog.insert_connection(connection(&there, "c", "openai")).unwrap_err();
        assert_eq!(e, CatalogError::ConnectionExists { name: "c".into(), existing: here.clone() });
        assert!(catalog.replace_connection(connection(&there, "c", "openai")).is_err());
        catalog.insert_connection(connection(&Scope::new("f", "aws", "r1"), "c", "openai")).unwrap();
        assert_eq!(catalog.connection_count(), 2);
    }

    #[test]
    fn prefix_listing_is_a_range_and_respects_the_filter() {
        let catalog = MemoryCatalog::new();
        let scope = Scope::new("e", "c", "r");
        for name in ["ab", "abc", "abd", "b", "a", "ab%"] {
            catalog.insert_connection(connection(&scope, name, "openai")).unwrap();
        }
        let list = |pattern: &str| {
            let filter = NameFilter::like(pattern, false, false);
            catalog.list_connections(&scope, Some(&filter)).unwrap().into_iter().map(|c| c.name).collect::<Vec<_>>()
        };
        assert_eq!(list("ab%"), ["ab", "ab%", "abc", "abd"]);
        assert_eq!(list("ab_"), ["ab%", "abc", "abd"]);
        assert_eq!(list(r"ab\%"), ["ab%"]);
        assert!(catalog.list_connections(&Scope::new("e", "c", "other"), None).unwrap().is_empty());
    }

    #[test]
    fn tables_depend_on_a_connection_of_their_scope_and_type() {
        let catalog = MemoryCatalog::new();
        let scope = Scope::new("e", "c", "r");
        catalog.insert_connection(connection(&scope, "m", "mongodb")).unwrap();
        let wrong_type = catalog.insert_table(table(&scope, "t", Some(("m", "couchbase"))));
        assert!(matches!(wrong_type, Err(CatalogError::DependencyMissing { .. })));
        let other_scope = catalog.insert_table(table(&Scope::new("e", "c", "x"), "t", Some(("m", "mongodb"))));
        assert!(matches!(other_scope, Err(CatalogError::DependencyMissing { .. })));
        catalog.insert_table(table(&scope, "t", Some(("m", "mongodb")))).unwrap();
        assert!(matches!(catalog.delete_connection(&scope, "m"), Err(CatalogError::ConnectionInUse { .. })));
        let retyped = catalog.replace_connection(connection(&scope, "m", "couchbase"));
        assert!(matches!(retyped, Err(CatalogError::ConnectionInUse { .. })));
        catalog.replace_connection(connection(&scope, "m", "mongodb")).unwrap();
        catalog.delete_table(&scope, "t").unwrap();
        assert!(catalog.tables_using("e", "m").unwrap().is_empty());
        catalog.delete_connection(&scope, "m").unwrap();
    }

    #[test]
    fn update_is_a_compare_and_set() {
        let catalog = MemoryCatalog::new();
        let scope = Scope::new("e", "c", "r");
        catalog.insert_connection(connection(&scope, "c", "openai")).unwrap();
        let mut next = connection(&scope, "c", "openai");
        next.info.resource_version = 2;
        catalog.update_connection(next.clone(), 1).unwrap();
        assert_eq!(catalog.update_connection(next, 1), Err(CatalogError::ConnectionChanged { name: "c".into() }));
        let missing = connection(&scope, "gone", "openai");
        assert!(matches!(catalog.update_connection(missing, 1), Err(CatalogError::ConnectionNotFound { .. })));
    }

    #[test]
    fn a_table_of_many_options_is_given_back_with_the_text_it_was_stored_with() {
        let scope = Scope::new("e", "aws", "us-east-1");
        let catalog = MemoryCatalog::new();
        let pairs: Vec<(String, String)> = (0..100).map(|n| (format!("k{n}"), format!("v{n}"))).collect();
        let options = OptionList::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut stored = table(&scope, "t", None);
        stored.masked_sql = format!("CREATE TABLE `t` (`a` INT) WITH {options} LIKE `s`");
        stored.options = options.clone();
        let mut few = table(&scope, "u", None);
        few.masked_sql = "CREATE TABLE `u` (`a` INT) WITH ('k' = 'v')".to_owned();
        few.options = OptionList::from_pairs([("k", "v")]);
        assert_eq!(catalog.insert_table_and_return(stored.clone()).unwrap(), stored);
        catalog.insert_table(few.clone()).unwrap();
        // Kept cut in the store, and read so; the whole statement is the one stored.
        let read = catalog.get_table(&scope, "t").unwrap().unwrap();
        assert_eq!((read.masked_sql.as_str(), read.options_at), ("CREATE TABLE `t` (`a` INT) LIKE `s`", Some(26)));
        assert_eq!(read.statement().to_string(), stored.masked_sql);
        assert_eq!(read, stored);
        assert_eq!(catalog.read().tables[&scope]["u"].record.options_at, None, "a short list is kept as it is");
        assert_eq!(catalog.list_tables(&scope, None).unwrap(), [stored.clone(), few.clone()]);
        let mut other = stored.clone();
        other.masked_sql = "free text that does not hold the options".to_owned();
        let (given, replaced) = catalog.replace_table_and_return(other.clone(), true).unwrap();
        assert_eq!((given, replaced), (other.clone(), Some(stored)));
        assert_eq!(catalog.delete_table(&scope, "t").unwrap(), other);
        assert_eq!(catalog.get_table(&scope, "u").unwrap(), Some(few));
    }
}
