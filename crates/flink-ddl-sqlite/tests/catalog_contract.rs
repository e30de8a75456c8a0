//! The `Catalog` contract on `SqliteCatalog`: the conformance suite of `flink_ddl_exec` (the same
//! scenarios the memory catalog passes, the differential test against it included), each on a
//! new catalog file, every handle a new connection to the file as another process would open;
//! then what only a file store has: reopening, bulk import, many openers of one new file.

use std::sync::{Arc, Barrier};
use std::thread;

use flink_ddl::{parse_statement, ObjectName, OptionList};
use flink_ddl_exec::conformance::Store;
use flink_ddl_exec::{
    Catalog, CatalogError, ExecError, FixedClock, MemoryCatalog, Outcome, Session, SessionContext, Timestamp,
};
use flink_ddl_sqlite::SqliteCatalog;
use tempfile::TempDir;

/// A new catalog file in a temporary directory; each handle opens the file anew.
struct SqliteStore {
    dir: TempDir,
}

impl SqliteStore {
    fn new() -> Self {
        SqliteStore { dir: TempDir::new().unwrap() }
    }
}

impl Store for SqliteStore {
    fn open(&self) -> Arc<dyn Catalog> {
        Arc::new(SqliteCatalog::open(self.dir.path().join("catalog.db")).unwrap())
    }
}

flink_ddl_exec::catalog_conformance_tests!(SqliteStore::new());
flink_ddl_exec::ai_object_conformance_tests!(SqliteStore::new());

const T0: i64 = 1_755_122_697_972_969;

fn session(catalog: &Arc<dyn Catalog>, ctx: SessionContext) -> Session {
    Session::new(catalog.clone(), ctx).with_clock(Arc::new(FixedClock(Timestamp::from_unix_micros(T0))))
}

#[track_caller]
fn run(s: &Session, sql: &str) -> Result<Outcome, ExecError> {
    s.execute(&parse_statement(sql).unwrap_or_else(|e| panic!("{e}")))
}

#[track_caller]
fn ok(s: &Session, sql: &str) -> Outcome {
    run(s, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[track_caller]
fn err(s: &Session, sql: &str) -> ExecError {
    match run(s, sql) {
        Ok(outcome) => panic!("{sql}: expected an error, got {outcome:?}"),
        Err(e) => e,
    }
}

fn mongo_table(s: &Session, table: &str, connection: &str) -> Result<Outcome, ExecError> {
    let options = OptionList::from_pairs([
        ("connector", "mongodb"),
        ("mongodb.connection", connection),
        ("mongodb.password", "table-secret"),
    ]);
    s.create_table(&ObjectName::simple(table), false, &options, "CREATE TABLE t (x INT)")
}

const OPENAI: &str =
    "CREATE CONNECTION c WITH ('type' = 'OPENAI', 'endpoint' = 'https://api.openai.com/v1', 'api-key' = 'sk-1')";
const MONGO: &str =
    "CREATE CONNECTION m WITH ('type' = 'mongodb', 'endpoint' = 'mongodb+srv://x', 'username' = 'u', 'password' = 'p')";

// ---- SQLite only: persistence, bulk import, several openers of one new file --------------------

#[test]
fn sqlite_keeps_everything_across_reopening() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("catalog.db");
    let (connection, table) = {
        let catalog: Arc<dyn Catalog> = Arc::new(SqliteCatalog::open(&path).unwrap());
        let s = session(&catalog, SessionContext::default());
        ok(&s, MONGO);
        ok(&s, "ALTER CONNECTION m SET ('password' = 'rotated')");
        mongo_table(&s, "movies", "m").unwrap();
        let scope = SessionContext::default().scope();
        (catalog.get_connection("default", "m").unwrap().unwrap(), catalog.get_table(&scope, "movies").unwrap())
    };
    let catalog: Arc<dyn Catalog> = Arc::new(SqliteCatalog::open(&path).unwrap());
    assert_eq!(catalog.get_connection("default", "m").unwrap().unwrap(), connection);
    assert_eq!(catalog.get_table(&SessionContext::default().scope(), "movies").unwrap(), table);
    let s = session(&catalog, SessionContext::default());
    assert!(matches!(err(&s, "DROP CONNECTION m"), ExecError::ConnectionInUse { .. }));
}

#[test]
fn sqlite_import_is_all_or_nothing() {
    let dir = TempDir::new().unwrap();
    let catalog = SqliteCatalog::open(dir.path().join("c.db")).unwrap();
    let template = {
        let memory: Arc<dyn Catalog> = Arc::new(MemoryCatalog::new());
        ok(&session(&memory, SessionContext::default()), OPENAI);
        memory.get_connection("default", "c").unwrap().unwrap()
    };
    let named = |name: &str| {
        let mut record = template.clone();
        record.info.name = name.to_owned();
        record
    };
    assert_eq!(catalog.import_connections((0..100).map(|i| named(&format!("n{i}")))).unwrap(), 100);
    let refused = catalog.import_connections([named("fresh"), named("n5")]);
    assert!(matches!(refused, Err(CatalogError::ConnectionExists { .. })), "{refused:?}");
    assert_eq!(catalog.connection_count().unwrap(), 100);
    assert!(catalog.get_connection("default", "fresh").unwrap().is_none());
}

#[test]
fn sqlite_many_openers_of_one_new_file_agree_on_schema_and_key() {
    // Each round, six handles open the same new file at the same moment, as processes started
    // together would: every open succeeds (no half-made catalog looks foreign or keyless), and
    // all of them seal with the one key that was made.
    for round in 0..40 {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("catalog.db");
        let barrier = Arc::new(Barrier::new(6));
        let threads: Vec<_> = (0..6)
            .map(|n| {
                let (path, barrier) = (path.clone(), barrier.clone());
                thread::spawn(move || {
                    barrier.wait();
                    let catalog: Arc<dyn Catalog> = Arc::new(
                        SqliteCatalog::open(&path).unwrap_or_else(|e| panic!("round {round}, opener {n}: {e}")),
                    );
                    ok(
                        &session(&catalog, SessionContext::default()),
                        &OPENAI.replace("CONNECTION c ", &format!("CONNECTION o{n} ")),
                    );
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let catalog = SqliteCatalog::open(&path).unwrap();
        assert_eq!(catalog.connection_count().unwrap(), 6);
        for n in 0..6 {
            let record = catalog.get_connection("default", &format!("o{n}")).unwrap().unwrap();
            assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), "sk-1");
        }
    }
}
