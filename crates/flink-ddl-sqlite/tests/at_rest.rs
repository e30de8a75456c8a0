//! What a catalog file leaves for someone who reads it: dropped rows do not linger in free
//! pages (`secure_delete`), and a key file others may read is refused with the fix.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use flink_ddl::parse_statement;
use flink_ddl_exec::{Session, SessionContext};
use flink_ddl_sqlite::SqliteCatalog;

fn run(session: &Session, sql: &str) {
    session.execute(&parse_statement(sql).unwrap()).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Every byte of the catalog's files (the database, and a WAL if one is left).
fn file_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    for suffix in ["-wal", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        if let Ok(more) = std::fs::read(Path::new(&name)) {
            bytes.extend(more);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_dropped_connection_and_ctas_leave_no_bytes_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let sealed: Vec<u8>;
    {
        let catalog = Arc::new(SqliteCatalog::open(&db).unwrap());
        let s = Session::new(catalog, SessionContext::default());
        run(&s, "CREATE CONNECTION keep WITH ('type' = 'openai', 'endpoint' = 'https://k', 'api-key' = 'k')");
        run(&s, "CREATE CONNECTION gone WITH ('type' = 'openai', 'endpoint' = 'https://g', 'api-key' = 'sk-gone-1')");
        run(&s, "CREATE TABLE gone_t AS SELECT 'CTASMARKER_0123456789' AS x, 'more CTASMARKER text' AS y");
        sealed = {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.query_row("SELECT sealed_credentials FROM connections WHERE name = 'gone'", [], |row| row.get(0))
                .unwrap()
        };
        assert!(contains(&file_bytes(&db), b"CTASMARKER_0123456789"), "the CTAS text is stored (masked) in the file");
        run(&s, "DROP TABLE gone_t");
        run(&s, "DROP CONNECTION gone");
    }
    // The last connection closed: SQLite checkpointed the WAL into the file.
    let bytes = file_bytes(&db);
    assert!(!contains(&bytes, b"CTASMARKER"), "the dropped CTAS text lingers in the file");
    // Any 16 bytes of the sealed blob (nonce or ciphertext) would tell it is still there.
    for window in sealed.chunks(16).filter(|c| c.len() == 16) {
        assert!(!contains(&bytes, window), "the dropped connection's sealed credentials linger in the file");
    }
    assert!(contains(&bytes, b"https://k"), "the kept connection is still there");
}

#[test]
fn a_key_file_others_may_read_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    drop(SqliteCatalog::open(&db).unwrap());
    let key = SqliteCatalog::default_key_file(&db);
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    for mode in [0o644, 0o640, 0o604] {
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(mode)).unwrap();
        let refused = SqliteCatalog::open(&db).unwrap_err().to_string();
        assert!(refused.contains(&format!("chmod 600 {}", key.display())), "{refused}");
        assert!(refused.contains(&format!("mode {mode:04o}")), "{refused}");
    }
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    SqliteCatalog::open(&db).unwrap();
}

fn sealed_of(db: &Path, name: &str) -> Vec<u8> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT sealed_credentials FROM connections WHERE name = ?1", [name], |row| row.get(0)).unwrap()
}

fn set_sealed(db: &Path, name: &str, sealed: &[u8]) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let changed =
        conn.execute("UPDATE connections SET sealed_credentials = ?2 WHERE name = ?1", rusqlite::params![name, sealed]);
    assert_eq!(changed.unwrap(), 1);
}

fn openai(session: &Session, name: &str, key: &str) {
    run(
        session,
        &format!("CREATE CONNECTION {name} WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = '{key}')"),
    );
}

#[test]
fn two_catalogs_sharing_a_key_file_cannot_swap_sealed_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, key) = (dir.path().join("a.db"), dir.path().join("b.db"), dir.path().join("shared.key"));
    for (db, secret) in [(&a, "sk-catalog-a-1"), (&b, "sk-catalog-b-2")] {
        let catalog = Arc::new(SqliteCatalog::open_with_key_file(db, &key).unwrap());
        openai(&Session::new(catalog, SessionContext::default()), "c", secret);
    }
    // The same row (environment, cloud, region, name) in both, under the same key.
    set_sealed(&b, "c", &sealed_of(&a, "c"));
    let catalog = SqliteCatalog::open_with_key_file(&b, &key).unwrap();
    let refused = flink_ddl_exec::Catalog::get_connection(&catalog, "default", "c").unwrap_err().to_string();
    assert!(refused.contains("connection \"c\"") && refused.contains("another catalog"), "{refused}");
    assert!(refused.contains(&b.display().to_string()), "{refused}");
    assert!(!refused.contains("sk-catalog"), "{refused}");
    let session = Session::new(Arc::new(catalog), SessionContext::default());
    let shown = session.execute(&parse_statement("DESCRIBE CONNECTION c").unwrap()).unwrap_err().to_string();
    assert!(!shown.contains("sk-catalog"), "{shown}");
}

#[test]
fn a_catalog_made_before_ids_gets_one_and_its_rows_are_sealed_again_bound() {
    use flink_ddl_exec::seal::{read_key_file, Sealer};
    use flink_ddl_exec::{Catalog, Credentials, Scope};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("legacy.db");
    let key_file = SqliteCatalog::default_key_file(&db);
    {
        let catalog = Arc::new(SqliteCatalog::open(&db).unwrap());
        openai(&Session::new(catalog, SessionContext::default()), "legacy", "placeholder");
    }
    // As an earlier version left it: no catalog id, the row sealed without one (format 1).
    let unbound = Sealer::new(&read_key_file(&key_file).unwrap());
    let scope = Scope::new("default", "local", "local");
    let mut credentials = Credentials::new();
    credentials.insert("api-key", flink_ddl::Secret::new("sk-legacy-1")).unwrap();
    let old_blob = unbound.seal_credentials(&scope, "legacy", &credentials).unwrap();
    assert_eq!(old_blob[0], 1);
    set_sealed(&db, "legacy", &old_blob);
    rusqlite::Connection::open(&db).unwrap().execute("DELETE FROM catalog_meta WHERE key = 'catalog_id'", []).unwrap();

    // Opened now: it gets an id and its rows are sealed again, bound (format 2), with their values.
    let catalog = Arc::new(SqliteCatalog::open(&db).unwrap());
    let record = catalog.get_connection("default", "legacy").unwrap().unwrap();
    assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), "sk-legacy-1");
    openai(&Session::new(catalog.clone(), SessionContext::default()), "recent", "sk-recent-1");
    drop(catalog);
    assert_eq!((sealed_of(&db, "legacy")[0], sealed_of(&db, "recent")[0]), (2, 2));

    // From then on an unbound value is refused, even one sealed under the catalog's own key.
    let bound_blob = sealed_of(&db, "legacy");
    set_sealed(&db, "legacy", &old_blob);
    let catalog = SqliteCatalog::open(&db).unwrap();
    assert!(catalog.get_connection("default", "legacy").is_err(), "an unbound value opened");
    drop(catalog);

    // A rekey keeps everything bound.
    set_sealed(&db, "legacy", &bound_blob);
    flink_ddl_sqlite::rekey(&db, &key_file, None, &mut |_| {}).unwrap();
    assert_eq!((sealed_of(&db, "legacy")[0], sealed_of(&db, "recent")[0]), (2, 2));
    let catalog = SqliteCatalog::open(&db).unwrap();
    for (name, secret) in [("legacy", "sk-legacy-1"), ("recent", "sk-recent-1")] {
        let record = catalog.get_connection("default", name).unwrap().unwrap();
        assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), secret);
    }
}

#[test]
fn a_bound_catalog_whose_key_check_was_removed_still_opens_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    {
        let catalog = Arc::new(SqliteCatalog::open(&db).unwrap());
        openai(&Session::new(catalog, SessionContext::default()), "c", "sk-check-1");
    }
    rusqlite::Connection::open(&db).unwrap().execute("DELETE FROM catalog_meta WHERE key = 'key_check'", []).unwrap();
    let catalog = SqliteCatalog::open(&db).unwrap();
    let record = flink_ddl_exec::Catalog::get_connection(&catalog, "default", "c").unwrap().unwrap();
    assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), "sk-check-1");
}
