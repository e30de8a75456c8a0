//! The contract scenarios: one statement at a time, every rule the catalog owns.

use flink_ddl::{LikeFilter, ObjectName};

use crate::catalog::{CatalogError, NameFilter, Scope};
use crate::clock::Timestamp;
use crate::conformance::concurrency::check_invariants;
use crate::conformance::support::{
    err, mongo_table, names, ok, run, secret, session, session_at, Store, MONGO, OPENAI, T0,
};
use crate::connection_type::ConnectionType;
use crate::executor::{ExecError, Outcome, SessionContext};

/// A connection is created, described, listed, read back with its credential, and dropped.
pub fn create_describe_show_drop(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    let Outcome::Created { connection, replaced: false } = ok(&s, OPENAI) else { panic!() };
    assert_eq!(connection.created_at, Timestamp::from_unix_micros(T0));
    let Outcome::Described { connection: described, .. } = ok(&s, "DESCRIBE CONNECTION c") else { panic!() };
    assert_eq!(described, connection);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS")), ["c"]);
    assert_eq!(secret(&catalog, "default", "c", "api-key").as_deref(), Some("sk-1"));
    assert!(matches!(ok(&s, "DROP CONNECTION c"), Outcome::Dropped { .. }));
    assert!(catalog.get_connection("default", "c").unwrap().is_none());
    assert_eq!(err(&s, "DESCRIBE CONNECTION c").rule(), "must-exist-and-be-visible");
    assert_eq!(err(&s, "DROP CONNECTION c").rule(), "must-exist-and-be-visible");
}

/// A name is taken once per environment; names compare case-sensitively; another environment has its own names.
pub fn names_are_unique_per_environment_and_case_sensitive(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    ok(&s, OPENAI);
    assert!(matches!(err(&s, OPENAI), ExecError::ConnectionExists { .. }));
    ok(&s, &OPENAI.replace("CONNECTION c ", "CONNECTION C "));
    let other = session(&catalog, SessionContext::new("env-2", "local", "local"));
    ok(&other, OPENAI);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS")), ["C", "c"]);
    assert_eq!(names(&ok(&other, "SHOW CONNECTIONS")), ["c"]);
}

/// A connection is invisible from another cloud or region of its environment, and its name stays taken there.
pub fn other_cloud_or_region_is_invisible(store: &dyn Store) {
    let catalog = store.open();
    let here = session(&catalog, SessionContext::new("default", "aws", "us-west-2"));
    let there = session(&catalog, SessionContext::new("default", "aws", "eu-west-1"));
    ok(&here, OPENAI);
    assert_eq!(err(&there, "DESCRIBE CONNECTION c").rule(), "must-exist-and-be-visible");
    assert!(names(&ok(&there, "SHOW CONNECTIONS")).is_empty());
    let taken = err(&there, OPENAI);
    assert!(matches!(taken, ExecError::ConnectionNameTakenElsewhere { .. }), "{taken:?}");
    let taken = err(&there, &OPENAI.replace("CREATE", "CREATE OR REPLACE"));
    assert!(matches!(taken, ExecError::ConnectionNameTakenElsewhere { .. }), "{taken:?}");
    assert!(matches!(err(&there, "DROP CONNECTION c"), ExecError::ConnectionNotFound { .. }));
    assert!(matches!(err(&there, "ALTER CONNECTION c SET ('api-key' = 'x')"), ExecError::ConnectionNotFound { .. }));
    assert_eq!(secret(&catalog, "default", "c", "api-key").as_deref(), Some("sk-1"));
}

/// `IF NOT EXISTS` on a taken name changes nothing; `OR REPLACE` replaces type, credentials and creation date.
pub fn or_replace_and_if_not_exists(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    ok(&s, OPENAI);
    let no_op = ok(&s, &OPENAI.replace("CONNECTION c", "CONNECTION IF NOT EXISTS c"));
    assert!(matches!(no_op, Outcome::NoOp { .. }), "{no_op:?}");
    let later = session_at(&catalog, SessionContext::default(), T0 + 5);
    let replaced = ok(&later, &MONGO.replace("CREATE CONNECTION m", "CREATE OR REPLACE CONNECTION c"));
    let Outcome::Created { connection, replaced: true } = replaced else { panic!("{replaced:?}") };
    assert_eq!(connection.connection_type.name(), "mongodb");
    assert_eq!(connection.created_at, Timestamp::from_unix_micros(T0 + 5));
    let stored = catalog.get_connection("default", "c").unwrap().unwrap();
    assert_eq!(stored.info, connection);
    assert_eq!(stored.credentials.keys().collect::<Vec<_>>(), ["username", "password"]);
    assert!(stored.credentials.get("api-key").is_none());
}

/// `ALTER ... SET` merges credentials of one method, replaces them for another, bumps the version, and keeps type and endpoint.
pub fn alter_merges_replaces_and_keeps_type_and_endpoint(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    ok(&s, "CREATE CONNECTION r WITH ('type' = 'rest', 'endpoint' = 'https://r', 'username' = 'u', 'password' = 'p')");
    ok(&s, "ALTER CONNECTION r SET ('password' = 'p2')");
    assert_eq!(secret(&catalog, "default", "r", "username").as_deref(), Some("u"));
    assert_eq!(secret(&catalog, "default", "r", "password").as_deref(), Some("p2"));
    ok(&s, "ALTER CONNECTION r SET ('token' = 't')");
    let record = catalog.get_connection("default", "r").unwrap().unwrap();
    assert_eq!(record.credentials.keys().collect::<Vec<_>>(), ["token"]);
    assert_eq!(record.info.resource_version, 3);
    assert_eq!(record.info.endpoint, "https://r");
    assert_eq!(err(&s, "ALTER CONNECTION r SET ('endpoint' = 'https://other')").rule(), "alter-sets-credentials-only");
}

/// `update_connection` applies only to the version it names, and only in the connection's own scope.
pub fn update_is_a_compare_and_set(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    ok(&s, OPENAI);
    let current = catalog.get_connection("default", "c").unwrap().unwrap();
    let mut next = current.clone();
    next.info.resource_version = 2;
    assert_eq!(catalog.update_connection(next.clone(), 7), Err(CatalogError::ConnectionChanged { name: "c".into() }));
    catalog.update_connection(next.clone(), 1).unwrap();
    assert_eq!(catalog.update_connection(next.clone(), 1), Err(CatalogError::ConnectionChanged { name: "c".into() }));
    let mut elsewhere = next.clone();
    elsewhere.info.scope = Scope::new("default", "aws", "x");
    assert!(matches!(catalog.update_connection(elsewhere, 2), Err(CatalogError::ConnectionNotFound { .. })));
    assert_eq!(catalog.get_connection("default", "c").unwrap().unwrap(), next);
}

/// `update_connection` never lands on a replacement: `CREATE OR REPLACE` starts the connection
/// again at version 1, so an update read from the old one names the right version of the wrong
/// connection. It would write back the old type under a table of the new type (the race an
/// `ALTER` loses to a replacement), or the old credentials over the new ones.
pub fn an_update_never_lands_on_a_replacement(store: &dyn Store) {
    let catalog = store.open();
    let ctx = SessionContext::default();
    ok(&session(&catalog, ctx.clone()), MONGO);
    let old = catalog.get_connection("default", "m").unwrap().unwrap();
    assert_eq!(old.info.resource_version, 1);
    let mut stale = old.clone();
    stale.info.resource_version = 2;
    stale.credentials.insert("password", flink_ddl::Secret::new("stale-secret")).unwrap();

    // Another type, and a table that uses it, at a later time.
    let later = session_at(&catalog, ctx.clone(), T0 + 1_000);
    ok(&later, "CREATE OR REPLACE CONNECTION m WITH ('type' = 'couchbase', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p2')");
    ok(&later, "CREATE TABLE cb (x INT) WITH ('connector' = 'couchbase', 'couchbase.connection' = 'm')");
    let replacement = catalog.get_connection("default", "m").unwrap().unwrap();
    assert_eq!((replacement.info.resource_version, replacement.info.connection_type.name()), (1, "couchbase"));
    assert_eq!(catalog.update_connection(stale.clone(), 1), Err(CatalogError::ConnectionChanged { name: "m".into() }));
    assert_eq!(catalog.get_connection("default", "m").unwrap().unwrap(), replacement);
    check_invariants(catalog.as_ref(), &[ctx.scope()]);

    // The same type again (a new uid), without tables: the old credentials stay out too.
    later.drop_table(&ObjectName::simple("cb"), false).unwrap();
    let again = session_at(&catalog, ctx.clone(), T0 + 2_000);
    ok(&again, &MONGO.replace("CREATE CONNECTION", "CREATE OR REPLACE CONNECTION").replace("'p'", "'p3'"));
    let current = catalog.get_connection("default", "m").unwrap().unwrap();
    assert_eq!(current.info.resource_version, 1);
    assert_ne!(current.info.uid, old.info.uid);
    assert_eq!(catalog.update_connection(stale, 1), Err(CatalogError::ConnectionChanged { name: "m".into() }));
    assert_eq!(secret(&catalog, "default", "m", "password").as_deref(), Some("p3"));
}

/// `SHOW CONNECTIONS` lists by name in byte order, and `LIKE`, `ILIKE` and `NOT` filter exactly (escapes, non-ASCII).
pub fn show_filters_and_orders_by_bytes(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    for name in ["crm_pg", "crmx", "Crm_b", "a", "`é`", "`z z`", "tmp_1", "crm"] {
        ok(&s, &OPENAI.replace("CONNECTION c ", &format!("CONNECTION {name} ")));
    }
    let all = names(&ok(&s, "SHOW CONNECTIONS"));
    assert_eq!(all, ["Crm_b", "a", "crm", "crm_pg", "crmx", "tmp_1", "z z", "é"]);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS LIKE 'crm%'")), ["crm", "crm_pg", "crmx"]);
    assert_eq!(names(&ok(&s, r"SHOW CONNECTIONS LIKE 'crm\_%'")), ["crm_pg"]);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS ILIKE 'CRM_%'")), ["Crm_b", "crm_pg", "crmx"]);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS NOT LIKE 'crm%'")), ["Crm_b", "a", "tmp_1", "z z", "é"]);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS LIKE 'zzz%'")), Vec::<String>::new());
    let scope = SessionContext::default().scope();
    let filter = NameFilter::like("é%", false, false);
    let found = catalog.list_connections(&scope, Some(&filter)).unwrap();
    assert_eq!(found.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["é"]);
}

/// Tables pin their connection: no drop, no type change while used; a table needs a connection of its type in its scope.
pub fn tables_pin_their_connection(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    ok(&s, MONGO);
    assert!(matches!(mongo_table(&s, "movies", "m"), Ok(Outcome::TableCreated { .. })));
    assert!(matches!(mongo_table(&s, "books", "m"), Ok(Outcome::TableCreated { .. })));
    assert!(matches!(mongo_table(&s, "movies", "m"), Err(ExecError::TableExists { .. })));
    assert_eq!(catalog.tables_using("default", "m").unwrap(), ["books", "movies"]);
    let refused = err(&s, "DROP CONNECTION m");
    assert!(matches!(&refused, ExecError::ConnectionInUse { tables, .. } if tables == &["books", "movies"]));
    let refused = err(&s, &OPENAI.replace("CREATE CONNECTION c", "CREATE OR REPLACE CONNECTION m"));
    assert!(matches!(refused, ExecError::TypeChangeInUse { .. }), "{refused:?}");
    // Same type: allowed.
    ok(&s, &MONGO.replace("CREATE CONNECTION", "CREATE OR REPLACE CONNECTION"));
    let table = catalog.get_table(&SessionContext::default().scope(), "movies").unwrap().unwrap();
    assert_eq!(table.options.get("mongodb.password").map(|v| v.expose_secret()), Some("table-secret"));
    assert!(table.options.get("mongodb.password").unwrap().is_secret());
    let listed = catalog.list_tables(&SessionContext::default().scope(), None).unwrap();
    assert_eq!(listed.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["books", "movies"]);
    assert_eq!(listed[1], table);
    let filter = LikeFilter { negated: false, case_insensitive: false, pattern: "b%".into() };
    let Outcome::TablesListed { tables, .. } = s.show_tables(Some(&filter)).unwrap() else { panic!() };
    assert_eq!(tables.len(), 1);
    // A table cannot refer to a connection of another type, or one that is missing.
    ok(&s, "CREATE CONNECTION cb WITH ('type' = 'couchbase', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')");
    assert!(mongo_table(&s, "wrong", "cb").is_err());
    assert!(mongo_table(&s, "wrong", "absent").is_err());
    let mut forged = table.clone();
    forged.name = "forged".into();
    forged.connection.as_mut().unwrap().connection_type = ConnectionType::from_name("couchbase").unwrap();
    assert!(matches!(catalog.insert_table(forged), Err(CatalogError::DependencyMissing { .. })));
    s.drop_table(&ObjectName::simple("movies"), false).unwrap();
    s.drop_table(&ObjectName::simple("books"), false).unwrap();
    assert!(s.drop_table(&ObjectName::simple("books"), false).is_err());
    assert!(catalog.tables_using("default", "m").unwrap().is_empty());
    ok(&s, "DROP CONNECTION m");
}

/// `CREATE OR REPLACE TABLE` and `REPLACE TABLE` swap a table in one step; a refused replacement keeps the old table.
pub fn tables_are_replaced_in_one_step(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    let scope = SessionContext::default().scope();
    ok(&s, MONGO);
    ok(&s, &MONGO.replace("CONNECTION m", "CONNECTION m2"));
    let table = |name: &str, connection: &str| {
        format!(
            "{name} (title STRING) WITH ('connector' = 'mongodb', 'mongodb.connection' = '{connection}', \
             'mongodb.password' = 'table-secret')"
        )
    };
    // REPLACE TABLE needs the table; CREATE OR REPLACE TABLE creates it when missing.
    let refused = err(&s, &format!("REPLACE TABLE {} AS SELECT * FROM src", table("movies", "m")));
    assert!(matches!(refused, ExecError::TableNotFound { .. }), "{refused:?}");
    assert!(catalog.get_table(&scope, "movies").unwrap().is_none());
    let created = ok(&s, &format!("CREATE OR REPLACE TABLE {}", table("movies", "m")));
    assert!(matches!(created, Outcome::TableCreated { replaced: false, .. }), "{created:?}");
    assert_eq!(catalog.tables_using("default", "m").unwrap(), ["movies"]);
    // Replaced: the table now pins m2, and m is free to drop.
    let replaced = ok(&s, &format!("CREATE OR REPLACE TABLE {}", table("movies", "m2")));
    assert!(matches!(replaced, Outcome::TableCreated { replaced: true, .. }), "{replaced:?}");
    assert_eq!(catalog.tables_using("default", "m").unwrap(), Vec::<String>::new());
    assert_eq!(catalog.tables_using("default", "m2").unwrap(), ["movies"]);
    let stored = catalog.get_table(&scope, "movies").unwrap().unwrap();
    let whole = stored.whole_masked_sql();
    assert!(whole.starts_with("CREATE OR REPLACE TABLE movies"), "{whole}");
    assert!(!whole.contains("table-secret"));
    ok(&s, "DROP CONNECTION m");
    // A replacement whose connection is missing changes nothing: the old table stays.
    let refused = err(&s, &format!("CREATE OR REPLACE TABLE {}", table("movies", "gone")));
    assert_eq!(refused.rule(), "table-connection-exists-with-type");
    assert_eq!(catalog.get_table(&scope, "movies").unwrap(), Some(stored));
    let replaced = ok(&s, &format!("REPLACE TABLE {} AS SELECT * FROM src", table("movies", "m2")));
    assert!(matches!(replaced, Outcome::TableCreated { replaced: true, .. }), "{replaced:?}");
    assert_eq!(catalog.tables_using("default", "m2").unwrap(), ["movies"]);
    let refused = err(&s, "DROP CONNECTION m2");
    assert!(matches!(&refused, ExecError::ConnectionInUse { tables, .. } if tables == &["movies"]));
}

/// Deleting a connection or table from a scope it is not in finds nothing; a delete gives the record back.
pub fn delete_in_another_scope_is_not_found(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    ok(&s, OPENAI);
    let elsewhere = Scope::new("default", "aws", "us-east-1");
    assert!(matches!(catalog.delete_connection(&elsewhere, "c"), Err(CatalogError::ConnectionNotFound { .. })));
    let removed = catalog.delete_connection(&SessionContext::default().scope(), "c").unwrap();
    assert_eq!(removed.credentials.get("api-key").unwrap().expose_secret(), "sk-1");
    assert!(matches!(catalog.delete_table(&elsewhere, "t"), Err(CatalogError::TableNotFound { .. })));
}

/// Credentials, names and comments come back byte for byte: quotes, NUL, non-ASCII, 3 KB values.
pub fn credentials_round_trip_exactly(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    let password = "pä'ss\u{0}wörd ".repeat(200);
    let sql = format!(
        "CREATE CONNECTION `odd``name` COMMENT 'c''mt' WITH ('type' = 'confluent_jdbc', 'endpoint' = 'jdbc:x', \
         'username' = 'ü', 'password' = '{}')",
        password.replace('\'', "''")
    );
    ok(&s, &sql);
    let record = catalog.get_connection("default", "odd`name").unwrap().unwrap();
    assert_eq!(record.credentials.get("password").unwrap().expose_secret(), password);
    assert_eq!(record.credentials.get("username").unwrap().expose_secret(), "ü");
    assert_eq!(record.info.comment.as_deref(), Some("c'mt"));
}

/// A refused statement leaves the stored record as it was.
pub fn a_failed_statement_changes_nothing(store: &dyn Store) {
    let catalog = store.open();
    let s = session(&catalog, SessionContext::default());
    ok(&s, MONGO);
    let before = catalog.get_connection("default", "m").unwrap();
    assert!(run(&s, "ALTER CONNECTION m SET ('api-key' = 'x')").is_err());
    assert!(run(&s, "ALTER CONNECTION m SET ('username' = 'only-one')").is_ok());
    let after = catalog.get_connection("default", "m").unwrap().unwrap();
    assert_eq!(after.info.resource_version, 2);
    assert!(run(&s, &MONGO.replace("'password' = 'p'", "'password' = ''")).is_err());
    assert_ne!(before, Some(after.clone()));
    assert_eq!(catalog.get_connection("default", "m").unwrap(), Some(after));
}
