//! The catalog calls of the `sql/v1` server on a SQLite file: the shared store checks
//! (`api_key_suite`), keys surviving a reopen and seen by a second handle on the same file, and
//! the migrations of a version-1 file and of a version-3 file with a table.

use std::sync::Arc;

use flink_ddl_exec::{api_key_suite, ApiKeyRecord, Catalog, Role, Scope, Session, SessionContext, Timestamp};
use flink_ddl_sqlite::{SqliteCatalog, MIGRATIONS, SCHEMA_VERSION};
use tempfile::TempDir;

fn key(id: &str) -> ApiKeyRecord {
    ApiKeyRecord {
        key: id.to_owned(),
        secret_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".to_owned(),
        role: Role::EnvironmentAdmin,
        environments: vec!["env-b".to_owned(), "env-a".to_owned()],
        description: "ops".to_owned(),
        created_at: Timestamp::from_unix_micros(1_755_122_697_972_969),
    }
}

#[test]
fn the_sqlite_catalog_passes_the_api_key_and_page_checks() {
    let dir = TempDir::new().unwrap();
    api_key_suite::run_all(Arc::new(SqliteCatalog::open(dir.path().join("c.db")).unwrap()));
}

#[test]
fn keys_outlive_the_process_and_are_shared_by_every_handle() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.db");
    let first = SqliteCatalog::open(&path).unwrap();
    let second = SqliteCatalog::open(&path).unwrap();
    first.insert_api_key(key("SHARED1")).unwrap();
    assert_eq!(second.get_api_key("SHARED1").unwrap(), Some(key("SHARED1")), "environments keep their order");
    second.delete_api_key("SHARED1").unwrap();
    assert_eq!(first.get_api_key("SHARED1").unwrap(), None, "a delete is seen at once by the other handle");
    first.insert_api_key(key("KEPT")).unwrap();
    drop((first, second));
    let reopened = SqliteCatalog::open(&path).unwrap();
    assert_eq!(reopened.list_api_keys().unwrap(), vec![key("KEPT")]);
}

#[test]
fn a_version_1_file_migrates_with_its_connections() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.db");
    {
        // A catalog as version 1 left it: made now, then stripped of version 2's tables.
        let catalog: Arc<dyn Catalog> = Arc::new(SqliteCatalog::open(&path).unwrap());
        let session = Session::new(catalog, SessionContext::default());
        let sql = "CREATE CONNECTION former WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'sk-old')";
        session.execute(&flink_ddl::parse_statement(sql).unwrap()).unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE api_keys; DROP TABLE api_key_environments; DROP TABLE ai_objects; DROP TABLE ai_object_uses;
             ALTER TABLE catalog_tables DROP COLUMN options_at;
             PRAGMA user_version = 1;",
        )
        .unwrap();
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE name LIKE 'api_key%'", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 0);
        assert_eq!(MIGRATIONS.len(), 4);
    }
    let catalog = SqliteCatalog::open(&path).unwrap();
    let listed = catalog.list_connections_after(&Scope::new("default", "local", "local"), None, None, 10).unwrap();
    assert_eq!(listed.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["former"]);
    let old = catalog.get_connection("default", "former").unwrap().unwrap();
    assert_eq!(old.credentials.get("api-key").unwrap().expose_secret(), "sk-old", "credentials still open");
    catalog.insert_api_key(key("NEW")).unwrap();
    drop(catalog);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 4);
    // The secret hash is all the file holds of a key's secret.
    let hash: String = conn.query_row("SELECT secret_hash FROM api_keys", [], |r| r.get(0)).unwrap();
    assert!(hash.starts_with("$argon2id$"));
}

#[test]
fn a_version_3_file_migrates_with_its_tables_whole_and_new_tables_are_kept_cut() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v3.db");
    let options: Vec<String> = (0..100).map(|n| format!("'k{n}' = 'v{n}'")).collect();
    let sql = format!(
        "CREATE TABLE t (a INT) WITH ('connector' = 'datagen', 'password' = 'hunter2', {})",
        options.join(", ")
    );
    let scope = Scope::new("default", "local", "local");
    let stored = {
        let catalog: Arc<dyn Catalog> = Arc::new(SqliteCatalog::open(&path).unwrap());
        let session = Session::new(catalog.clone(), SessionContext::default());
        session.execute(&flink_ddl::parse_statement(&sql).unwrap()).unwrap();
        catalog.get_table(&scope, "t").unwrap().unwrap()
    };
    // Version 4 keeps a long option list's print out of the text.
    assert!(stored.options_at.is_some() && !stored.masked_sql.contains("'k5'"), "{}", stored.masked_sql);
    let whole = stored.statement().to_string();
    assert!(whole.contains("'k5' = 'v5'") && whole.contains("'password' = '<REDACTED>'") && !whole.contains("hunter2"));
    {
        // The row as version 3 wrote it: the whole text, and no `options_at`.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE catalog_tables SET masked_sql = ?1", [&whole]).unwrap();
        conn.execute_batch("ALTER TABLE catalog_tables DROP COLUMN options_at; PRAGMA user_version = 3;").unwrap();
    }
    let catalog = SqliteCatalog::open(&path).unwrap();
    let read = catalog.get_table(&scope, "t").unwrap().unwrap();
    assert_eq!((read.masked_sql.as_str(), read.options_at), (whole.as_str(), None));
    assert_eq!(read, stored, "the same table, however its text is held");
    let version: u32 =
        rusqlite::Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 4);
}
