//! Backup, restore and key rotation of a catalog file, and the all-or-none batch delete.
//!
//! The rekey crash test re-runs this test binary as a child that SIGKILLs itself at one step of
//! the rekey (every step the rekey reports: the new key written, rows re-sealed mid-transaction,
//! the commit, the old key kept, the new key installed); after each kill exactly one of the two
//! keys opens the catalog, every credential opens with it, and running the rekey again finishes.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use flink_ddl::parse_statement;
use flink_ddl_exec::{Catalog, CatalogError, Scope, Session, SessionContext};
use flink_ddl_sqlite::{rekey, MaintenanceError, OpenCatalogError, RekeyStep, SqliteCatalog};

const CONNECTIONS: usize = 60;

fn session(catalog: Arc<SqliteCatalog>) -> Session {
    Session::new(catalog, SessionContext::default())
}

fn run(session: &Session, sql: &str) {
    session.execute(&parse_statement(sql).unwrap()).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// A catalog with connections `c0..`, each with api-key `SECRET_<n>`, and a table using `m`.
fn filled(path: &Path) {
    let catalog = Arc::new(SqliteCatalog::open(path).unwrap());
    let s = session(catalog);
    for n in 0..CONNECTIONS {
        run(&s, &format!("CREATE CONNECTION c{n} WITH ('type' = 'openai', 'endpoint' = 'https://e/{n}', 'api-key' = 'SECRET_{n}')"));
    }
    run(&s, "CREATE CONNECTION m WITH ('type' = 'mongodb', 'endpoint' = 'mongodb://h', 'username' = 'u', 'password' = 'SECRET_m')");
    run(&s, "CREATE TABLE t (a INT) WITH ('connector' = 'mongodb', 'mongodb.connection' = 'm', 'mongodb.password' = 'SECRET_t')");
}

/// True when every credential of the catalog opens with `key_file` and has its value.
fn opens_whole(path: &Path, key_file: &Path) -> bool {
    let Ok(catalog) = SqliteCatalog::open_with_key_file(path, key_file) else { return false };
    (0..CONNECTIONS).all(|n| {
        let record = catalog.get_connection("default", &format!("c{n}")).unwrap().unwrap();
        record.credentials.get("api-key").unwrap().expose_secret() == format!("SECRET_{n}")
    }) && catalog
        .get_table(&Scope::new("default", "local", "local"), "t")
        .unwrap()
        .is_some_and(|t| t.options.get("mongodb.password").is_some_and(|v| v.expose_secret() == "SECRET_t"))
}

fn copy_of(file: &Path, to: &Path) -> PathBuf {
    std::fs::copy(file, to).unwrap();
    to.to_path_buf()
}

#[test]
fn backup_is_a_consistent_private_file_and_never_replaces_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    filled(&db);
    let catalog = SqliteCatalog::open(&db).unwrap();
    let target = dir.path().join("c.backup");
    let report = catalog.backup_to(&target).unwrap();
    assert_eq!((report.connections, report.tables), (CONNECTIONS as u64 + 1, 1));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
    let bytes = std::fs::read(&target).unwrap();
    assert!(!bytes.windows(7).any(|w| w == b"SECRET_"), "a credential in clear in the backup");
    // The backup opens as a catalog with the same key file, whole.
    assert!(opens_whole(&target, &SqliteCatalog::default_key_file(&db)));
    assert!(matches!(catalog.backup_to(&target), Err(MaintenanceError::TargetExists { .. })));
    // No temporary file is left beside it.
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn backup_runs_while_another_writer_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    filled(&db);
    let writer_db = db.clone();
    let writer = std::thread::spawn(move || {
        let s = session(Arc::new(SqliteCatalog::open(&writer_db).unwrap()));
        for n in 0..300 {
            run(&s, &format!("CREATE CONNECTION w{n} WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k{n}')"));
        }
    });
    let catalog = SqliteCatalog::open(&db).unwrap();
    let mut counts = Vec::new();
    for n in 0..5 {
        let report = catalog.backup_to(&dir.path().join(format!("b{n}"))).unwrap();
        counts.push(report.connections);
        // Each copy is one moment of the catalog: the connections it holds all open.
        let copy =
            SqliteCatalog::open_with_key_file(dir.path().join(format!("b{n}")), SqliteCatalog::default_key_file(&db))
                .unwrap();
        assert_eq!(copy.connection_count().unwrap(), report.connections);
    }
    writer.join().unwrap();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
}

#[test]
fn restore_brings_back_the_backup_and_keeps_the_catalog_it_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    filled(&db);
    let catalog = Arc::new(SqliteCatalog::open(&db).unwrap());
    let backup = dir.path().join("before.backup");
    catalog.backup_to(&backup).unwrap();
    let s = session(catalog.clone());
    run(&s, "DROP TABLE t");
    run(&s, "DROP CONNECTION c0");
    run(&s, "CREATE CONNECTION later WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')");

    let report = catalog.restore_from(&backup).unwrap();
    assert_eq!((report.connections, report.tables), (CONNECTIONS as u64 + 1, 1));
    assert!(catalog.get_connection("default", "c0").unwrap().is_some());
    assert!(catalog.get_connection("default", "later").unwrap().is_none());
    // The same process goes on writing, and other processes see the restored catalog.
    run(&s, "CREATE CONNECTION after WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')");
    drop(s);
    drop(catalog);
    assert!(opens_whole(&db, &SqliteCatalog::default_key_file(&db)));
    let previous = SqliteCatalog::open_with_key_file(&report.previous, SqliteCatalog::default_key_file(&db)).unwrap();
    assert!(previous.get_connection("default", "later").unwrap().is_some(), "the replaced catalog was kept");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn restore_refuses_foreign_newer_and_other_key_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    filled(&db);
    let catalog = SqliteCatalog::open(&db).unwrap();
    let before = catalog.connection_count().unwrap();

    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE mine (x); INSERT INTO mine VALUES (1)")
        .unwrap();
    assert!(matches!(catalog.restore_from(&foreign), Err(MaintenanceError::NotABackup { .. })));
    std::fs::write(dir.path().join("text.db"), "not a database at all, but long enough to look like one ".repeat(100))
        .unwrap();
    assert!(matches!(catalog.restore_from(&dir.path().join("text.db")), Err(MaintenanceError::NotABackup { .. })));
    assert!(matches!(catalog.restore_from(&dir.path().join("missing.db")), Err(MaintenanceError::NotABackup { .. })));

    let newer = dir.path().join("newer.backup");
    catalog.backup_to(&newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let err = catalog.restore_from(&newer).unwrap_err();
    assert!(matches!(err, MaintenanceError::NewerBackup { found: 99, .. }), "{err}");

    let other = dir.path().join("other.db");
    filled(&other);
    let err = catalog.restore_from(&other).unwrap_err();
    assert!(matches!(err, MaintenanceError::BackupKeyMismatch { .. }), "{err}");
    assert!(err.to_string().contains("--key-file"), "{err}");

    assert_eq!(catalog.connection_count().unwrap(), before);
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert!(kept.is_empty(), "a refused restore saved nothing: {kept:?}");
}

#[test]
fn rekey_reseals_everything_and_keeps_the_old_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    filled(&db);
    let key_file = SqliteCatalog::default_key_file(&db);
    let old_key = copy_of(&key_file, &dir.path().join("old.key"));
    let backup = dir.path().join("c.backup");
    SqliteCatalog::open(&db).unwrap().backup_to(&backup).unwrap();
    let sealed_before = std::fs::read(&db).unwrap();

    let mut steps = Vec::new();
    let report = rekey(&db, &key_file, None, &mut |step| steps.push(step)).unwrap();
    assert_eq!((report.connections, report.tables), (CONNECTIONS as u64 + 1, 1));
    assert_eq!(steps.first(), Some(&RekeyStep::NewKeyReady));
    assert_eq!(steps.last(), Some(&RekeyStep::KeyInstalled));
    assert!(steps.contains(&RekeyStep::Committed));
    assert!(opens_whole(&db, &key_file));
    assert!(!opens_whole(&db, &old_key));
    let retired = report.retired_key.unwrap();
    assert_eq!(std::fs::read(&retired).unwrap(), std::fs::read(&old_key).unwrap());
    assert!(!flink_ddl_sqlite::pending_key_file(&key_file).exists());
    assert_ne!(std::fs::read(&db).unwrap(), sealed_before);

    // A backup made before the rekey needs the retired key.
    let catalog = SqliteCatalog::open(&db).unwrap();
    assert!(matches!(catalog.restore_from(&backup), Err(MaintenanceError::BackupKeyMismatch { .. })));
    drop(catalog);

    // With --new-key-file the key file stays, and the catalog opens with the new one.
    let chosen = dir.path().join("chosen.key");
    let report = rekey(&db, &key_file, Some(&chosen), &mut |_| {}).unwrap();
    assert_eq!(report.key_file, chosen);
    assert!(opens_whole(&db, &chosen));
    assert!(matches!(SqliteCatalog::open(&db), Err(OpenCatalogError::WrongKey { .. })));
    // The same key again is refused.
    let err = rekey(&db, &chosen, Some(&chosen), &mut |_| {}).unwrap_err();
    assert!(matches!(err, MaintenanceError::SameKey { .. }), "{err}");
}

#[test]
fn a_process_opened_before_a_rekey_cannot_write_under_the_old_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    filled(&db);
    let early = Arc::new(SqliteCatalog::open(&db).unwrap());
    rekey(&db, &SqliteCatalog::default_key_file(&db), None, &mut |_| {}).unwrap();
    let s = session(early);
    let err = s
        .execute(
            &parse_statement("CREATE CONNECTION late WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')")
                .unwrap(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("rekey"), "{err}");
    assert!(opens_whole(&db, &SqliteCatalog::default_key_file(&db)));
}

#[test]
fn batch_delete_is_all_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    filled(&db);
    let catalog = SqliteCatalog::open(&db).unwrap();
    let scope = Scope::new("default", "local", "local");
    let in_use = catalog.delete_connections(&scope, &["c1", "m", "c2"]).unwrap_err();
    assert!(matches!(&in_use, CatalogError::ConnectionInUse { name, tables } if name == "m" && tables == &["t"]));
    let missing = catalog.delete_connections(&scope, &["c1", "nope"]).unwrap_err();
    assert!(matches!(&missing, CatalogError::ConnectionNotFound { name, .. } if name == "nope"));
    assert!(catalog.get_connection("default", "c1").unwrap().is_some(), "c1 survived both refusals");
    let other_scope = catalog.delete_connections(&Scope::new("default", "aws", "r"), &["c1"]).unwrap_err();
    assert!(matches!(other_scope, CatalogError::ConnectionNotFound { .. }));
    let removed = catalog.delete_connections(&scope, &["c2", "c1", "c2"]).unwrap();
    let names: Vec<&str> = removed.iter().map(|r| r.info.name.as_str()).collect();
    assert_eq!(names, ["c2", "c1"]);
    assert_eq!(removed[1].credentials.get("api-key").unwrap().expose_secret(), "SECRET_1");
    assert!(catalog.get_connection("default", "c1").unwrap().is_none());
}

// ---- rekey killed at each step -----------------------------------------------------------------

/// The child: rekeys the catalog named in the environment and SIGKILLs itself at step `n`.
#[test]
fn rekey_child_killed_at_a_step() {
    let Ok(spec) = std::env::var("FLINK_DDL_REKEY_CHILD") else { return };
    let (db, kill_at) = spec.split_once('|').unwrap();
    let kill_at: usize = kill_at.parse().unwrap();
    let db = PathBuf::from(db);
    let mut seen = 0;
    let result = rekey(&db, &SqliteCatalog::default_key_file(&db), None, &mut |_| {
        seen += 1;
        if seen == kill_at {
            let _ = Command::new("kill").args(["-9", &std::process::id().to_string()]).status();
            std::thread::sleep(std::time::Duration::from_secs(30));
        }
    });
    result.unwrap();
}

#[test]
fn rekey_killed_at_any_step_leaves_exactly_one_key_that_opens_everything() {
    // NewKeyReady, then one Resealed per row, Committed, OldKeyKept, KeyInstalled.
    let rows = CONNECTIONS + 2;
    let steps = 1 + rows + 3;
    let kill_points: Vec<usize> = vec![1, 2, rows / 2, rows + 1, rows + 2, rows + 3, rows + 4, steps + 1];
    for kill_at in kill_points {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db");
        filled(&db);
        let key_file = SqliteCatalog::default_key_file(&db);
        let old_key = copy_of(&key_file, &dir.path().join("old.key.copy"));
        let status = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "rekey_child_killed_at_a_step", "--nocapture", "--test-threads=1"])
            .env("FLINK_DDL_REKEY_CHILD", format!("{}|{kill_at}", db.display()))
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        let killed = status.code().is_none();
        assert_eq!(killed, kill_at <= steps, "kill at {kill_at}: {status:?}");

        let pending = flink_ddl_sqlite::pending_key_file(&key_file);
        let new_key = if pending.exists() { Some(pending.clone()) } else { None };
        let with_old = opens_whole(&db, &old_key);
        let with_new = match &new_key {
            Some(key) => opens_whole(&db, key),
            None => {
                opens_whole(&db, &key_file) && std::fs::read(&key_file).unwrap() != std::fs::read(&old_key).unwrap()
            }
        };
        assert!(with_old ^ with_new, "kill at {kill_at}: old key opens {with_old}, new key opens {with_new}");
        let integrity: String =
            rusqlite::Connection::open(&db).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok");

        // Running it again finishes (or redoes) the rekey; the key file then opens everything.
        rekey(&db, &key_file, None, &mut |_| {}).unwrap();
        assert!(opens_whole(&db, &key_file), "kill at {kill_at}: not whole after the second run");
        assert!(!pending.exists());
    }
}
