//! What only the PostgreSQL catalog has: a versioned schema shared by many processes, the key
//! file they share, a password in the URL, a database that can restart under load, and a
//! `pg_dump` that must hold no secret. Each test has a database of its own on this binary's
//! throwaway server; the restart tests have a server of their own.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

use flink_ddl::{parse_statement, ObjectName, OptionList};
use flink_ddl_exec::{Catalog, CatalogError, ExecError, Outcome, Session, SessionContext};
use flink_ddl_postgres::throwaway::{Server, StopMode};
use flink_ddl_postgres::{redact_url, OpenCatalogError, PoolOptions, PostgresCatalog, PostgresUrl, SCHEMA_VERSION};
use tempfile::TempDir;

const MARK: &str = "PGSECRETMARK";

/// A database of the shared server, and a directory for key files.
struct Db {
    url: String,
    keys: TempDir,
}

impl Db {
    fn new() -> Db {
        Db { url: Server::shared().create_database(), keys: TempDir::new().unwrap() }
    }

    fn key(&self, name: &str) -> PathBuf {
        self.keys.path().join(name)
    }

    fn parsed(&self) -> PostgresUrl {
        self.url.parse().unwrap()
    }

    fn open(&self) -> Result<PostgresCatalog, OpenCatalogError> {
        PostgresCatalog::open(&self.parsed(), self.key("catalog.key"))
    }

    fn name(&self) -> &str {
        self.url.rsplit('/').next().unwrap()
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }
}

fn run(session: &Session, sql: &str) -> Result<Outcome, ExecError> {
    session.execute(&parse_statement(sql).unwrap())
}

fn create(session: &Session, name: &str, secret: &str) -> Result<Outcome, ExecError> {
    run(
        session,
        &format!("CREATE CONNECTION {name} WITH ('type' = 'openai', 'endpoint' = 'https://e/{name}', 'api-key' = '{secret}')"),
    )
}

#[test]
fn a_newer_schema_is_refused_naming_both_versions_and_left_alone() {
    let db = Db::new();
    drop(db.open().unwrap());
    let newer = SCHEMA_VERSION + 1;
    db.client()
        .execute(
            "INSERT INTO flink_ddl.schema_migrations (version, applied_by) VALUES ($1, 'flink-ddl 9.9')",
            &[&newer],
        )
        .unwrap();
    let err = db.open().unwrap_err();
    assert!(
        matches!(err, OpenCatalogError::NewerSchema { found, supported, .. } if found == newer && supported == SCHEMA_VERSION)
    );
    let text = err.to_string();
    assert!(
        text.contains(&format!("schema version {newer}")) && text.contains(&format!("version {SCHEMA_VERSION}")),
        "{text}"
    );
    assert!(!text.contains(Server::shared().password()), "{text}");
    let versions: i64 = db.client().query_one("SELECT count(*) FROM flink_ddl.schema_migrations", &[]).unwrap().get(0);
    assert_eq!(versions, i64::from(newer));
}

#[test]
fn another_programs_flink_ddl_schema_is_refused_and_left_alone() {
    let db = Db::new();
    db.client().batch_execute("CREATE SCHEMA flink_ddl; CREATE TABLE flink_ddl.mine (x int)").unwrap();
    let err = db.open().unwrap_err();
    assert!(matches!(err, OpenCatalogError::NotACatalog { .. }), "{err}");
    let tables: i64 =
        db.client().query_one("SELECT count(*) FROM pg_tables WHERE schemaname = 'flink_ddl'", &[]).unwrap().get(0);
    assert_eq!(tables, 1);
    assert!(!db.key("catalog.key").exists(), "no key file is made for a refused catalog");
}

#[test]
fn processes_opening_a_new_catalog_at_once_agree_on_schema_and_key() {
    // Eight handles open the same new database at the same moment, as processes started together
    // would, with one key file path (a shared volume): the schema is made once, one key is made
    // and recorded, and every handle seals with it.
    let db = Db::new();
    let url = db.parsed();
    let key = db.key("shared.key");
    let barrier = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|n| {
            let (url, key, barrier) = (url.clone(), key.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                let catalog: Arc<dyn Catalog> =
                    Arc::new(PostgresCatalog::open(&url, &key).unwrap_or_else(|e| panic!("opener {n}: {e}")));
                create(&Session::new(catalog, SessionContext::default()), &format!("o{n}"), &format!("{MARK}{n}"))
                    .unwrap();
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let catalog = db.open_with_key(&key);
    assert_eq!(catalog.connection_count().unwrap(), 8);
    for n in 0..8 {
        let record = catalog.get_connection("default", &format!("o{n}")).unwrap().unwrap();
        assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), format!("{MARK}{n}"));
    }
    assert_eq!(catalog.schema_version().unwrap(), SCHEMA_VERSION);
    let checks: i64 =
        db.client().query_one("SELECT count(*) FROM flink_ddl.meta WHERE key = 'key_check'", &[]).unwrap().get(0);
    assert_eq!(checks, 1);
}

impl Db {
    fn open_with_key(&self, key: &Path) -> PostgresCatalog {
        PostgresCatalog::open(&self.parsed(), key).unwrap()
    }
}

#[test]
fn a_wrong_or_missing_key_is_refused_before_anything_is_written() {
    let db = Db::new();
    {
        let catalog: Arc<dyn Catalog> = Arc::new(db.open().unwrap());
        create(&Session::new(catalog, SessionContext::default()), "c", MARK).unwrap();
    }
    let before = dump_text(db.name());
    // Another key: refused, naming the key file and the catalog without its password.
    let other = db.key("other.key");
    std::fs::write(&other, format!("{}\n", "ab".repeat(32))).unwrap();
    // Key files are their owner's alone, or refused before the key is even tried.
    #[cfg(unix)]
    std::fs::set_permissions(&other, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let err = PostgresCatalog::open(&db.parsed(), &other).unwrap_err();
    assert!(matches!(err, OpenCatalogError::WrongKey { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("other.key") && text.contains("<REDACTED>") && !text.contains(Server::shared().password()),
        "{text}"
    );
    // No key file: refused, and none is made (a new key would not open the sealed rows).
    let missing = db.key("missing.key");
    let err = PostgresCatalog::open(&db.parsed(), &missing).unwrap_err();
    assert!(matches!(err, OpenCatalogError::KeyFileMissing { .. }), "{err}");
    assert!(!missing.exists());
    assert!(dump_text(db.name()) == before, "a refused open changed the database");
    // The right key still opens it.
    let catalog = db.open().unwrap();
    let record = catalog.get_connection("default", "c").unwrap().unwrap();
    assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), MARK);
}

/// The dump's text without pg_dump's per-run `\restrict` token lines.
fn dump_text(database: &str) -> String {
    let dump = Server::shared().dump(database);
    String::from_utf8_lossy(&dump)
        .lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_database_holds_no_secret_and_no_message_shows_the_password() {
    let db = Db::new();
    let catalog: Arc<dyn Catalog> = Arc::new(db.open().unwrap());
    let session = Session::new(catalog.clone(), SessionContext::new("env-x", "aws", "us-east-1"));
    let mut secrets = Vec::new();
    for i in 0..20 {
        let secret = format!("{MARK}_{i}_create");
        create(&session, &format!("c{i}"), &secret).unwrap();
        secrets.push(secret);
        let rotated = format!("{MARK}_{i}_rotated");
        run(&session, &format!("ALTER CONNECTION c{i} SET ('api-key' = '{rotated}')")).unwrap();
        secrets.push(rotated);
    }
    run(&session, &format!("CREATE CONNECTION m WITH ('type' = 'mongodb', 'endpoint' = 'mongodb+srv://x', 'username' = '{MARK}_user', 'password' = '{MARK}_pw')")).unwrap();
    secrets.extend([format!("{MARK}_user"), format!("{MARK}_pw")]);
    let options = OptionList::from_pairs([
        ("connector", "mongodb"),
        ("mongodb.connection", "m"),
        ("mongodb.password", &format!("{MARK}_table")),
    ]);
    session.create_table(&ObjectName::simple("movies"), false, &options, "CREATE TABLE movies (x INT)").unwrap();
    secrets.push(format!("{MARK}_table"));
    let dump = Server::shared().dump(db.name());
    let dump_text = String::from_utf8_lossy(&dump);
    assert!(dump_text.contains("c19") && dump_text.contains("movies"), "the dump holds the catalog");
    for secret in &secrets {
        assert!(!dump_text.contains(secret.as_str()), "pg_dump holds {secret}");
    }
    // The password never shows: the catalog's Debug, the URL's, errors.
    let password = Server::shared().password();
    let opened = db.open().unwrap();
    let shown = [format!("{opened:?}"), format!("{:?}", opened.url()), opened.url().to_string(), redact_url(&db.url)];
    for text in &shown {
        assert!(!text.contains(password) && text.contains("<REDACTED>"), "{text}");
    }
}

#[test]
fn the_database_itself_refuses_a_table_without_its_connection() {
    // The invariant is the schema's, not only the client's: a raw DELETE of a used connection or
    // a raw change of its type fails in the database.
    let db = Db::new();
    let catalog: Arc<dyn Catalog> = Arc::new(db.open().unwrap());
    let session = Session::new(catalog, SessionContext::default());
    run(
        &session,
        "CREATE CONNECTION m WITH ('type' = 'mongodb', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')",
    )
    .unwrap();
    let options = OptionList::from_pairs([("connector", "mongodb"), ("mongodb.connection", "m")]);
    session.create_table(&ObjectName::simple("t"), false, &options, "CREATE TABLE t").unwrap();
    let mut client = db.client();
    let delete = client.execute("DELETE FROM flink_ddl.connections WHERE name = 'm'", &[]).unwrap_err();
    assert_eq!(delete.code(), Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION));
    let retype = client
        .execute("UPDATE flink_ddl.connections SET connection_type = 'couchbase' WHERE name = 'm'", &[])
        .unwrap_err();
    assert_eq!(retype.code(), Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION));
    let twice = client
        .execute("INSERT INTO flink_ddl.connections SELECT environment, name, 'aws', region, connection_type, endpoint, comment, created_at, updated_at, uid, resource_version, status_phase, status_detail, sealed_credentials FROM flink_ddl.connections WHERE name = 'm'", &[])
        .unwrap_err();
    assert_eq!(twice.code(), Some(&postgres::error::SqlState::UNIQUE_VIOLATION));
}

#[test]
fn a_name_with_nul_is_refused_clearly() {
    let db = Db::new();
    let catalog: Arc<dyn Catalog> = Arc::new(db.open().unwrap());
    let session = Session::new(catalog, SessionContext::default());
    let err =
        run(&session, "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://e/\u{0}', 'api-key' = 'k')")
            .unwrap_err();
    assert!(err.to_string().contains("NUL"), "{err}");
}

// ---- the database restarting under load ------------------------------------------------------

/// Four threads create connections (each its own names) while the server is stopped and started
/// again twice, once as a crash and once as an administrator's restart. While it is down, calls
/// fail as `Unavailable` (the error a server turns into 503); once it is back the same catalog
/// handles serve again without being reopened; every create that was acknowledged is there, with
/// its secret; no call failed any other way.
#[test]
fn a_restarting_database_gives_clear_errors_and_the_process_recovers() {
    let server = Server::start().unwrap_or_else(|e| panic!("{e}"));
    let keys = TempDir::new().unwrap();
    let url: PostgresUrl = server.create_database().parse().unwrap();
    // Down longer than a call waits for a connection: every worker meets the outage.
    let options = PoolOptions { checkout_timeout: std::time::Duration::from_secs(1), ..PoolOptions::default() };
    let catalog: Arc<dyn Catalog> = Arc::new(PostgresCatalog::open_with(&url, keys.path().join("k"), options).unwrap());
    let stop = Arc::new(AtomicBool::new(false));
    // How many times the server has been started again; each worker notes the last value it saw
    // a success under.
    let restarts = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let (catalog, stop, restarts) = (catalog.clone(), stop.clone(), restarts.clone());
            thread::spawn(move || {
                let session = Session::new(catalog, SessionContext::default());
                let (mut acknowledged, mut unavailable, mut served_after) = (HashMap::new(), 0, 0);
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let (name, secret) = (format!("w{w}_{i}"), format!("{MARK}_{w}_{i}"));
                    match create(&session, &name, &secret) {
                        Ok(_) => {
                            acknowledged.insert(name, secret);
                            served_after = restarts.load(Ordering::SeqCst);
                            i += 1;
                        }
                        Err(ExecError::Catalog(CatalogError::Unavailable { message })) => {
                            assert!(!message.contains("pw-SECRET"), "{message}");
                            unavailable += 1;
                            // Applied or not: a read tells. Either way the next name is new.
                            if let Ok(Outcome::Described { .. }) = run(&session, &format!("DESCRIBE CONNECTION {name}"))
                            {
                                acknowledged.insert(name, secret);
                            }
                            i += 1;
                            thread::sleep(std::time::Duration::from_millis(20));
                        }
                        Err(ExecError::ConnectionExists { .. }) => i += 1,
                        Err(other) => panic!("worker {w}: {other}"),
                    }
                }
                (acknowledged, unavailable, served_after)
            })
        })
        .collect();
    let wait_for = |count: usize| {
        let start = std::time::Instant::now();
        while catalog_count(&url, keys.path()) < count {
            assert!(start.elapsed() < std::time::Duration::from_secs(120), "the workers made no progress");
            thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait_for(100);
    server.stop(StopMode::Immediate).unwrap();
    thread::sleep(std::time::Duration::from_millis(1500));
    server.start_again().unwrap();
    restarts.fetch_add(1, Ordering::SeqCst);
    let after_first = catalog_count(&url, keys.path());
    wait_for(after_first + 100);
    server.stop(StopMode::Fast).unwrap();
    thread::sleep(std::time::Duration::from_millis(1500));
    server.start_again().unwrap();
    restarts.fetch_add(1, Ordering::SeqCst);
    let after_second = catalog_count(&url, keys.path());
    wait_for(after_second + 100);
    stop.store(true, Ordering::Relaxed);
    let mut total_unavailable = 0;
    let reader = PostgresCatalog::open(&url, keys.path().join("k")).unwrap();
    for worker in workers {
        let (acknowledged, unavailable, served_after) = worker.join().unwrap();
        total_unavailable += unavailable;
        assert_eq!(served_after, 2, "a worker was not served after the second restart");
        for (name, secret) in acknowledged {
            let record = reader.get_connection("default", &name).unwrap().unwrap_or_else(|| panic!("{name} was lost"));
            assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), secret);
        }
    }
    assert!(total_unavailable > 0, "the outages were never seen");
}

/// The number of connections, read through a new handle (retried while the server starts).
fn catalog_count(url: &PostgresUrl, keys: &Path) -> usize {
    for _ in 0..200 {
        if let Ok(catalog) = PostgresCatalog::open(url, keys.join("k")) {
            if let Ok(count) = catalog.connection_count() {
                return count as usize;
            }
        }
        thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the catalog did not come back");
}

#[test]
fn while_the_database_is_down_calls_fail_as_unavailable() {
    let server = Server::start().unwrap_or_else(|e| panic!("{e}"));
    let keys = TempDir::new().unwrap();
    let url: PostgresUrl = server.create_database().parse().unwrap();
    let options = PoolOptions { checkout_timeout: std::time::Duration::from_millis(500), ..PoolOptions::default() };
    let catalog = PostgresCatalog::open_with(&url, keys.path().join("k"), options).unwrap();
    catalog.ping().unwrap();
    server.stop(StopMode::Fast).unwrap();
    let err = catalog.get_connection("default", "x").unwrap_err();
    assert!(err.is_unavailable(), "{err}");
    assert!(!err.to_string().contains(server.password()), "{err}");
    let err = PostgresCatalog::open(&url, keys.path().join("k")).unwrap_err();
    assert!(matches!(err, OpenCatalogError::Unavailable { .. }), "{err}");
    server.start_again().unwrap();
    let mut recovered = false;
    for _ in 0..100 {
        if catalog.ping().is_ok() {
            recovered = true;
            break;
        }
        thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(recovered, "the same handle never served again");
    assert_eq!(catalog.get_connection("default", "x").unwrap(), None);
}

#[test]
fn a_bulk_import_is_all_or_nothing() {
    let db = Db::new();
    let catalog = db.open().unwrap();
    let template = {
        let memory: Arc<dyn Catalog> = Arc::new(flink_ddl_exec::MemoryCatalog::new());
        create(&Session::new(memory.clone(), SessionContext::default()), "c", MARK).unwrap();
        memory.get_connection("default", "c").unwrap().unwrap()
    };
    let named = |name: &str| {
        let mut record = template.clone();
        record.info.name = name.to_owned();
        record
    };
    assert_eq!(catalog.import_connections((0..500).map(|i| named(&format!("n{i}")))).unwrap(), 500);
    let taken = catalog.import_connections([named("fresh"), named("n5")]);
    assert!(matches!(&taken, Err(CatalogError::ConnectionExists { name, .. }) if name == "n5"), "{taken:?}");
    let twice = catalog.import_connections([named("dup"), named("dup")]);
    assert!(matches!(&twice, Err(CatalogError::ConnectionExists { name, .. }) if name == "dup"), "{twice:?}");
    assert_eq!(catalog.connection_count().unwrap(), 500);
    assert!(catalog.get_connection("default", "fresh").unwrap().is_none());
    let record = catalog.get_connection("default", "n499").unwrap().unwrap();
    assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), MARK);
}

/// Two catalogs (databases) sharing one key file cannot swap sealed rows: each seals bound to
/// its own id, and a row copied from the other fails closed, naming the row, showing no value.
#[test]
fn two_catalogs_sharing_a_key_file_cannot_swap_sealed_rows() {
    let (a, b) = (Db::new(), Db::new());
    let key = a.key("shared.key");
    for (db, secret) in [(&a, "PGSECRETMARK_a"), (&b, "PGSECRETMARK_b")] {
        let catalog: Arc<dyn Catalog> = Arc::new(db.open_with_key(&key));
        create(&Session::new(catalog, SessionContext::default()), "c", secret).unwrap();
    }
    let id = |db: &Db| -> Vec<u8> {
        db.client().query_one("SELECT value FROM flink_ddl.meta WHERE key = 'catalog_id'", &[]).unwrap().get(0)
    };
    assert_eq!(id(&a).len(), 16);
    assert_ne!(id(&a), id(&b));
    let sealed: Vec<u8> = a
        .client()
        .query_one("SELECT sealed_credentials FROM flink_ddl.connections WHERE name = 'c'", &[])
        .unwrap()
        .get(0);
    assert_eq!(sealed[0], 2, "sealed bound to the catalog");
    b.client()
        .execute("UPDATE flink_ddl.connections SET sealed_credentials = $1 WHERE name = 'c'", &[&sealed])
        .unwrap();
    let catalog = b.open_with_key(&key);
    let refused = catalog.get_connection("default", "c").unwrap_err().to_string();
    assert!(refused.contains("connection \"c\"") && refused.contains("another catalog"), "{refused}");
    assert!(!refused.contains(MARK), "{refused}");
}

#[test]
fn a_bound_catalog_whose_key_check_was_removed_still_opens_with_its_key() {
    let db = Db::new();
    {
        let catalog: Arc<dyn Catalog> = Arc::new(db.open().unwrap());
        create(&Session::new(catalog, SessionContext::default()), "c", MARK).unwrap();
    }
    db.client().execute("DELETE FROM flink_ddl.meta WHERE key = 'key_check'", &[]).unwrap();
    let catalog = db.open().unwrap();
    let record = catalog.get_connection("default", "c").unwrap().unwrap();
    assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), MARK);
}
