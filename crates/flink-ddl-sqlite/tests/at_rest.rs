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
