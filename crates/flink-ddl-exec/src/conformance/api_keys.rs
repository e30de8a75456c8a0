//! Store-level checks of the catalog calls the `sql/v1` server adds: API keys and keyset pages of
//! connections. Each check takes any [`Catalog`] and panics with a message on the first broken
//! promise, so every store (memory, SQLite, PostgreSQL) runs the same checks from its own tests.
//! Feature `conformance`; not part of the normal build.

use std::sync::Arc;

use crate::catalog::{ApiKeyRecord, Catalog, CatalogError, ConnectionInfo, ConnectionRecord, ConnectionStatus};
use crate::catalog::{Credentials, Scope};
use crate::clock::Timestamp;
use crate::connection_type::ConnectionType;
use crate::role::Role;

/// Every check of this module, in order. The catalog must start empty.
pub fn run_all(catalog: Arc<dyn Catalog>) {
    api_keys_round_trip(catalog.as_ref());
    api_key_ids_are_unique(catalog.as_ref());
    pages_walk_one_scope_in_name_order(catalog.as_ref());
    pages_filter_by_type_before_counting(catalog.as_ref());
}

fn api_key(key: &str, role: Role, environments: &[&str]) -> ApiKeyRecord {
    ApiKeyRecord {
        key: key.to_owned(),
        secret_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ${key}"),
        role,
        environments: environments.iter().map(|e| (*e).to_owned()).collect(),
        description: format!("key {key} ünïcode"),
        created_at: Timestamp::from_unix_micros(1_755_122_697_972_969),
    }
}

/// Insert, read back field for field, list in id order, delete, and a second delete refused.
pub fn api_keys_round_trip(catalog: &dyn Catalog) {
    let b = api_key("SUITEKEYB", Role::FlinkDeveloper, &["env-1", "env-2"]);
    let a = api_key("SUITEKEYA", Role::OrganizationAdmin, &[]);
    catalog.insert_api_key(b.clone()).expect("insert key B");
    catalog.insert_api_key(a.clone()).expect("insert key A");
    assert_eq!(catalog.get_api_key("SUITEKEYB").expect("get B"), Some(b.clone()), "a key reads back as stored");
    assert_eq!(catalog.get_api_key("suitekeyb").expect("get b"), None, "key ids compare exactly");
    let listed = catalog.list_api_keys().expect("list");
    let ours: Vec<_> = listed.into_iter().filter(|k| k.key.starts_with("SUITEKEY")).collect();
    assert_eq!(ours, vec![a.clone(), b.clone()], "keys list in id order");
    assert_eq!(catalog.delete_api_key("SUITEKEYA").expect("delete A"), a, "delete gives the key back");
    assert_eq!(catalog.get_api_key("SUITEKEYA").expect("get A"), None, "a deleted key is gone");
    assert_eq!(
        catalog.delete_api_key("SUITEKEYA"),
        Err(CatalogError::ApiKeyNotFound { key: "SUITEKEYA".to_owned() }),
        "a second delete is refused"
    );
    catalog.delete_api_key("SUITEKEYB").expect("delete B");
}

/// A second key with a taken id is refused and the first is left as it was.
pub fn api_key_ids_are_unique(catalog: &dyn Catalog) {
    let first = api_key("SUITEDUP", Role::FlinkAdmin, &["env-1"]);
    catalog.insert_api_key(first.clone()).expect("insert");
    let second = api_key("SUITEDUP", Role::OrganizationAdmin, &[]);
    assert_eq!(
        catalog.insert_api_key(second),
        Err(CatalogError::ApiKeyExists { key: "SUITEDUP".to_owned() }),
        "a taken id is refused"
    );
    assert_eq!(catalog.get_api_key("SUITEDUP").expect("get"), Some(first), "the first key is unchanged");
    catalog.delete_api_key("SUITEDUP").expect("delete");
}

fn connection(scope: &Scope, name: &str, connection_type: &str) -> ConnectionRecord {
    let info = ConnectionInfo {
        name: name.to_owned(),
        scope: scope.clone(),
        connection_type: ConnectionType::from_name(connection_type).expect("a known type"),
        endpoint: format!("https://{name}.example.com"),
        comment: None,
        created_at: Timestamp::UNIX_EPOCH,
        updated_at: Timestamp::UNIX_EPOCH,
        uid: format!("uid-{name}"),
        resource_version: 1,
        status: ConnectionStatus::default(),
    };
    ConnectionRecord { info, credentials: Credentials::new() }
}

fn names(infos: &[ConnectionInfo]) -> Vec<&str> {
    infos.iter().map(|c| c.name.as_str()).collect()
}

/// Pages start after the given name (exclusive), hold at most `limit` names in byte order, and
/// never show another scope's connections.
pub fn pages_walk_one_scope_in_name_order(catalog: &dyn Catalog) {
    let scope = Scope::new("suite-pages", "aws", "us-east-1");
    let elsewhere = Scope::new("suite-pages", "aws", "eu-west-1");
    for name in ["b", "a", "B", "c_1", "c", "é", "aa"] {
        catalog.insert_connection(connection(&scope, name, "openai")).expect("insert");
    }
    catalog.insert_connection(connection(&elsewhere, "ab", "openai")).expect("insert elsewhere");
    let page = |after: Option<&str>, limit| catalog.list_connections_after(&scope, after, None, limit).expect("page");
    assert_eq!(names(&page(None, 3)), ["B", "a", "aa"], "the first page");
    assert_eq!(names(&page(Some("aa"), 3)), ["b", "c", "c_1"], "the page after `aa`");
    assert_eq!(names(&page(Some("c_1"), 3)), ["é"], "the last page");
    assert!(page(Some("é"), 3).is_empty(), "nothing after the last name");
    assert_eq!(names(&page(Some("ab"), 2)), ["b", "c"], "`after` need not be a stored name");
    assert!(page(None, 0).is_empty(), "limit 0 gives nothing");
    let other = Scope::new("suite-pages", "gcp", "us-east-1");
    assert!(catalog.list_connections_after(&other, None, None, 10).expect("page").is_empty(), "other scopes are apart");
    for name in ["b", "a", "B", "c_1", "c", "é", "aa"] {
        catalog.delete_connection(&scope, name).expect("delete");
    }
    catalog.delete_connection(&elsewhere, "ab").expect("delete elsewhere");
}

/// With a type, the page holds `limit` connections of that type (others are passed over).
pub fn pages_filter_by_type_before_counting(catalog: &dyn Catalog) {
    let scope = Scope::new("suite-types", "local", "local");
    let stored = [("m1", "mongodb"), ("o1", "openai"), ("m2", "mongodb"), ("o2", "openai"), ("m3", "mongodb")];
    for (name, connection_type) in stored {
        catalog.insert_connection(connection(&scope, name, connection_type)).expect("insert");
    }
    let mongodb = ConnectionType::from_name("mongodb");
    let page = catalog.list_connections_after(&scope, None, mongodb, 2).expect("page");
    assert_eq!(names(&page), ["m1", "m2"], "the first page of one type");
    let page = catalog.list_connections_after(&scope, Some("m2"), mongodb, 2).expect("page");
    assert_eq!(names(&page), ["m3"], "the next page of that type");
    let openai = ConnectionType::from_name("openai");
    let page = catalog.list_connections_after(&scope, Some("m9"), openai, 5).expect("page");
    assert_eq!(names(&page), ["o1", "o2"]);
    for (name, _) in stored {
        catalog.delete_connection(&scope, name).expect("delete");
    }
}
