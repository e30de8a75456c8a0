//! `MemoryCatalog`: the [`Catalog`] kept in memory, for tests, embedding and the shell's `--memory`.
//!
//! Layout, chosen for a million connections:
//! - connections per scope in a `BTreeMap` keyed by name: SHOW walks one scope in name order, and
//!   `LIKE 'prefix%'` is a range of it, not a scan of the catalog;
//! - an index environment → name → scope, which keeps names unique per environment and makes
//!   DESCRIBE two hash lookups and one tree lookup;
//! - tables per scope, also in name order, and an index (environment, connection) → tables that
//!   DROP CONNECTION and CREATE OR REPLACE consult.
//!
//! The dialect orders every list by name, which the trees give directly; an insertion-ordered map
//! (`indexmap`) would need a sort per SHOW and O(n) removals to stay ordered, so it is not used here.
//!
//! One `RwLock` guards the whole state: reads run side by side, and each changing method checks
//! and changes under one write lock, so it is atomic and a check-then-act race is impossible.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::catalog::{Catalog, CatalogError, ConnectionInfo, ConnectionRecord, NameFilter, Scope, TableRecord};

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
    tables: HashMap<Scope, BTreeMap<String, TableRecord>>,
    /// (environment, connection name) → names of the tables using it.
    dependents: HashMap<(String, String), BTreeSet<String>>,
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
                .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
                .take_while(|(name, _)| name.starts_with(prefix))
                .filter(|(name, _)| passes(name))
                .map(|(_, record)| record.info.clone())
                .collect(),
            None => by_name.iter().filter(|(name, _)| passes(name)).map(|(_, record)| record.info.clone()).collect(),
        };
        Ok(found)
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
            if old_type != Some(info.connection_type) {
                let tables = state.dependents_of(&info.scope.environment, &info.name);
                if !tables.is_empty() {
                    return Err(CatalogError::ConnectionInUse { name: info.name.clone(), tables });
                }
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
            Some(current) if current.info.resource_version != expected_version => {
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
        let tables = state.dependents_of(&scope.environment, name);
        if !tables.is_empty() {
            return Err(CatalogError::ConnectionInUse { name: name.to_owned(), tables });
        }
        let removed = state.connections.get_mut(scope).and_then(|m| m.remove(name));
        if let Some(names) = state.names.get_mut(&scope.environment) {
            names.remove(name);
        }
        removed.ok_or_else(|| CatalogError::ConnectionNotFound { name: name.to_owned(), scope: scope.clone() })
    }

    fn tables_using(&self, environment: &str, name: &str) -> Result<Vec<String>, CatalogError> {
        Ok(self.read().dependents_of(environment, name))
    }

    fn get_table(&self, scope: &Scope, name: &str) -> Result<Option<TableRecord>, CatalogError> {
        Ok(self.read().tables.get(scope).and_then(|m| m.get(name)).cloned())
    }

    fn list_tables(&self, scope: &Scope, filter: Option<&NameFilter>) -> Result<Vec<TableRecord>, CatalogError> {
        let state = self.read();
        let Some(by_name) = state.tables.get(scope) else { return Ok(Vec::new()) };
        Ok(by_name.iter().filter(|(name, _)| filter.is_none_or(|f| f.matches(name))).map(|(_, t)| t.clone()).collect())
    }

    fn insert_table(&self, record: TableRecord) -> Result<(), CatalogError> {
        let mut state = self.write();
        if state.tables.get(&record.scope).is_some_and(|m| m.contains_key(&record.name)) {
            return Err(CatalogError::TableExists { name: record.name.clone(), scope: record.scope.clone() });
        }
        state.check_dependency(&record)?;
        state.put_table(record);
        Ok(())
    }

    fn replace_table(&self, record: TableRecord, must_exist: bool) -> Result<Option<TableRecord>, CatalogError> {
        let mut state = self.write();
        let exists = state.tables.get(&record.scope).is_some_and(|m| m.contains_key(&record.name));
        if must_exist && !exists {
            return Err(CatalogError::TableNotFound { name: record.name.clone(), scope: record.scope.clone() });
        }
        state.check_dependency(&record)?;
        let replaced = state.take_table(&record.scope, &record.name);
        state.put_table(record);
        Ok(replaced)
    }

    fn delete_table(&self, scope: &Scope, name: &str) -> Result<TableRecord, CatalogError> {
        let mut state = self.write();
        state
            .take_table(scope, name)
            .ok_or_else(|| CatalogError::TableNotFound { name: name.to_owned(), scope: scope.clone() })
    }
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

    fn put_table(&mut self, record: TableRecord) {
        if let Some(uses) = &record.connection {
            let key = (record.scope.environment.clone(), uses.name.clone());
            self.dependents.entry(key).or_default().insert(record.name.clone());
        }
        self.tables.entry(record.scope.clone()).or_default().insert(record.name.clone(), record);
    }

    fn take_table(&mut self, scope: &Scope, name: &str) -> Option<TableRecord> {
        let removed = self.tables.get_mut(scope).and_then(|m| m.remove(name))?;
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
}
