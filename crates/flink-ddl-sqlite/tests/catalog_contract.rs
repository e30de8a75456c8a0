//! The `Catalog` contract, run against both implementations: `MemoryCatalog` (the reference the
//! executor's rule tests use) and `SqliteCatalog`. The scenarios run through `Session::execute`
//! so every rule applies, and a differential test drives both catalogs with the same random
//! statements and requires identical outcomes and identical stored records, credentials included.

use std::sync::{Arc, Barrier};
use std::thread;

use flink_ddl::{parse_statement, LikeFilter, ObjectName, OptionList};
use flink_ddl_exec::{
    Catalog, CatalogError, ConnectionRecord, ExecError, FixedClock, MemoryCatalog, NameFilter, Outcome, Scope, Session,
    SessionContext, Timestamp,
};
use flink_ddl_sqlite::SqliteCatalog;
use tempfile::TempDir;

const T0: i64 = 1_755_122_697_972_969;

/// A catalog under test; the temporary directory lives as long as it.
struct Fixture {
    catalog: Arc<dyn Catalog>,
    _dir: Option<TempDir>,
}

fn memory() -> Fixture {
    Fixture { catalog: Arc::new(MemoryCatalog::new()), _dir: None }
}

fn sqlite() -> Fixture {
    let dir = TempDir::new().unwrap();
    let catalog = SqliteCatalog::open(dir.path().join("catalog.db")).unwrap();
    Fixture { catalog: Arc::new(catalog), _dir: Some(dir) }
}

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

fn names(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Listed { connections, .. } => connections.iter().map(|c| c.name.clone()).collect(),
        other => panic!("not a list: {other:?}"),
    }
}

fn secret(catalog: &Arc<dyn Catalog>, env: &str, name: &str, key: &str) -> Option<String> {
    let record = catalog.get_connection(env, name).unwrap()?;
    record.credentials.get(key).map(|s| s.expose_secret().to_owned())
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

/// Each scenario, run once per implementation.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod on_memory {
            $( #[test] fn $name() { super::$name(super::memory()) } )*
        }
        mod on_sqlite {
            $( #[test] fn $name() { super::$name(super::sqlite()) } )*
        }
    };
}

contract!(
    create_describe_show_drop,
    names_are_unique_per_environment_and_case_sensitive,
    other_cloud_or_region_is_invisible,
    or_replace_and_if_not_exists,
    alter_merges_replaces_and_keeps_type_and_endpoint,
    update_is_a_compare_and_set,
    show_filters_and_orders_by_bytes,
    tables_pin_their_connection,
    tables_are_replaced_in_one_step,
    delete_in_another_scope_is_not_found,
    credentials_round_trip_exactly,
    a_failed_statement_changes_nothing,
    racing_creates_of_one_name_let_exactly_one_win,
);

fn create_describe_show_drop(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
    let Outcome::Created { connection, replaced: false } = ok(&s, OPENAI) else { panic!() };
    assert_eq!(connection.created_at, Timestamp::from_unix_micros(T0));
    let Outcome::Described { connection: described, .. } = ok(&s, "DESCRIBE CONNECTION c") else { panic!() };
    assert_eq!(described, connection);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS")), ["c"]);
    assert_eq!(secret(&f.catalog, "default", "c", "api-key").as_deref(), Some("sk-1"));
    assert!(matches!(ok(&s, "DROP CONNECTION c"), Outcome::Dropped { .. }));
    assert!(f.catalog.get_connection("default", "c").unwrap().is_none());
    assert_eq!(err(&s, "DESCRIBE CONNECTION c").rule(), "must-exist-and-be-visible");
    assert_eq!(err(&s, "DROP CONNECTION c").rule(), "must-exist-and-be-visible");
}

fn names_are_unique_per_environment_and_case_sensitive(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
    ok(&s, OPENAI);
    assert!(matches!(err(&s, OPENAI), ExecError::ConnectionExists { .. }));
    ok(&s, &OPENAI.replace("CONNECTION c ", "CONNECTION C "));
    let other = session(&f.catalog, SessionContext::new("env-2", "local", "local"));
    ok(&other, OPENAI);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS")), ["C", "c"]);
    assert_eq!(names(&ok(&other, "SHOW CONNECTIONS")), ["c"]);
}

fn other_cloud_or_region_is_invisible(f: Fixture) {
    let here = session(&f.catalog, SessionContext::new("default", "aws", "us-west-2"));
    let there = session(&f.catalog, SessionContext::new("default", "aws", "eu-west-1"));
    ok(&here, OPENAI);
    assert_eq!(err(&there, "DESCRIBE CONNECTION c").rule(), "must-exist-and-be-visible");
    assert!(names(&ok(&there, "SHOW CONNECTIONS")).is_empty());
    let taken = err(&there, OPENAI);
    assert!(matches!(taken, ExecError::ConnectionNameTakenElsewhere { .. }), "{taken:?}");
    let taken = err(&there, &OPENAI.replace("CREATE", "CREATE OR REPLACE"));
    assert!(matches!(taken, ExecError::ConnectionNameTakenElsewhere { .. }), "{taken:?}");
    assert!(matches!(err(&there, "DROP CONNECTION c"), ExecError::ConnectionNotFound { .. }));
    assert!(matches!(err(&there, "ALTER CONNECTION c SET ('api-key' = 'x')"), ExecError::ConnectionNotFound { .. }));
    assert_eq!(secret(&f.catalog, "default", "c", "api-key").as_deref(), Some("sk-1"));
}

fn or_replace_and_if_not_exists(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
    ok(&s, OPENAI);
    let no_op = ok(&s, &OPENAI.replace("CONNECTION c", "CONNECTION IF NOT EXISTS c"));
    assert!(matches!(no_op, Outcome::NoOp { .. }), "{no_op:?}");
    let later = Session::new(f.catalog.clone(), SessionContext::default())
        .with_clock(Arc::new(FixedClock(Timestamp::from_unix_micros(T0 + 5))));
    let replaced = ok(&later, &MONGO.replace("CREATE CONNECTION m", "CREATE OR REPLACE CONNECTION c"));
    let Outcome::Created { connection, replaced: true } = replaced else { panic!("{replaced:?}") };
    assert_eq!(connection.connection_type.name(), "mongodb");
    assert_eq!(connection.created_at, Timestamp::from_unix_micros(T0 + 5));
    let stored = f.catalog.get_connection("default", "c").unwrap().unwrap();
    assert_eq!(stored.info, connection);
    assert_eq!(stored.credentials.keys().collect::<Vec<_>>(), ["username", "password"]);
    assert!(stored.credentials.get("api-key").is_none());
}

fn alter_merges_replaces_and_keeps_type_and_endpoint(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
    ok(&s, "CREATE CONNECTION r WITH ('type' = 'rest', 'endpoint' = 'https://r', 'username' = 'u', 'password' = 'p')");
    ok(&s, "ALTER CONNECTION r SET ('password' = 'p2')");
    assert_eq!(secret(&f.catalog, "default", "r", "username").as_deref(), Some("u"));
    assert_eq!(secret(&f.catalog, "default", "r", "password").as_deref(), Some("p2"));
    ok(&s, "ALTER CONNECTION r SET ('token' = 't')");
    let record = f.catalog.get_connection("default", "r").unwrap().unwrap();
    assert_eq!(record.credentials.keys().collect::<Vec<_>>(), ["token"]);
    assert_eq!(record.info.resource_version, 3);
    assert_eq!(record.info.endpoint, "https://r");
    assert_eq!(err(&s, "ALTER CONNECTION r SET ('endpoint' = 'https://other')").rule(), "alter-sets-credentials-only");
}

fn update_is_a_compare_and_set(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
    ok(&s, OPENAI);
    let current = f.catalog.get_connection("default", "c").unwrap().unwrap();
    let mut next = current.clone();
    next.info.resource_version = 2;
    assert_eq!(f.catalog.update_connection(next.clone(), 7), Err(CatalogError::ConnectionChanged { name: "c".into() }));
    f.catalog.update_connection(next.clone(), 1).unwrap();
    assert_eq!(f.catalog.update_connection(next.clone(), 1), Err(CatalogError::ConnectionChanged { name: "c".into() }));
    let mut elsewhere = next.clone();
    elsewhere.info.scope = Scope::new("default", "aws", "x");
    assert!(matches!(f.catalog.update_connection(elsewhere, 2), Err(CatalogError::ConnectionNotFound { .. })));
    assert_eq!(f.catalog.get_connection("default", "c").unwrap().unwrap(), next);
}

fn show_filters_and_orders_by_bytes(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
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
    let found = f.catalog.list_connections(&scope, Some(&filter)).unwrap();
    assert_eq!(found.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["é"]);
}

fn tables_pin_their_connection(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
    ok(&s, MONGO);
    assert!(matches!(mongo_table(&s, "movies", "m"), Ok(Outcome::TableCreated { .. })));
    assert!(matches!(mongo_table(&s, "books", "m"), Ok(Outcome::TableCreated { .. })));
    assert!(matches!(mongo_table(&s, "movies", "m"), Err(ExecError::TableExists { .. })));
    assert_eq!(f.catalog.tables_using("default", "m").unwrap(), ["books", "movies"]);
    let refused = err(&s, "DROP CONNECTION m");
    assert!(matches!(&refused, ExecError::ConnectionInUse { tables, .. } if tables == &["books", "movies"]));
    let refused = err(&s, &OPENAI.replace("CREATE CONNECTION c", "CREATE OR REPLACE CONNECTION m"));
    assert!(matches!(refused, ExecError::TypeChangeInUse { .. }), "{refused:?}");
    // Same type: allowed.
    ok(&s, &MONGO.replace("CREATE CONNECTION", "CREATE OR REPLACE CONNECTION"));
    let table = f.catalog.get_table(&SessionContext::default().scope(), "movies").unwrap().unwrap();
    assert_eq!(table.options.get("mongodb.password").map(|v| v.expose_secret()), Some("table-secret"));
    assert!(table.options.get("mongodb.password").unwrap().is_secret());
    let listed = f.catalog.list_tables(&SessionContext::default().scope(), None).unwrap();
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
    forged.connection.as_mut().unwrap().connection_type =
        flink_ddl_exec::ConnectionType::from_name("couchbase").unwrap();
    assert!(matches!(f.catalog.insert_table(forged), Err(CatalogError::DependencyMissing { .. })));
    s.drop_table(&ObjectName::simple("movies"), false).unwrap();
    s.drop_table(&ObjectName::simple("books"), false).unwrap();
    assert!(s.drop_table(&ObjectName::simple("books"), false).is_err());
    assert!(f.catalog.tables_using("default", "m").unwrap().is_empty());
    ok(&s, "DROP CONNECTION m");
}

fn tables_are_replaced_in_one_step(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
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
    assert!(f.catalog.get_table(&scope, "movies").unwrap().is_none());
    let created = ok(&s, &format!("CREATE OR REPLACE TABLE {}", table("movies", "m")));
    assert!(matches!(created, Outcome::TableCreated { replaced: false, .. }), "{created:?}");
    assert_eq!(f.catalog.tables_using("default", "m").unwrap(), ["movies"]);
    // Replaced: the table now pins m2, and m is free to drop.
    let replaced = ok(&s, &format!("CREATE OR REPLACE TABLE {}", table("movies", "m2")));
    assert!(matches!(replaced, Outcome::TableCreated { replaced: true, .. }), "{replaced:?}");
    assert_eq!(f.catalog.tables_using("default", "m").unwrap(), Vec::<String>::new());
    assert_eq!(f.catalog.tables_using("default", "m2").unwrap(), ["movies"]);
    let stored = f.catalog.get_table(&scope, "movies").unwrap().unwrap();
    assert!(stored.masked_sql.starts_with("CREATE OR REPLACE TABLE movies"), "{}", stored.masked_sql);
    assert!(!stored.masked_sql.contains("table-secret"));
    ok(&s, "DROP CONNECTION m");
    // A replacement whose connection is missing changes nothing: the old table stays.
    let refused = err(&s, &format!("CREATE OR REPLACE TABLE {}", table("movies", "gone")));
    assert_eq!(refused.rule(), "table-connection-exists-with-type");
    assert_eq!(f.catalog.get_table(&scope, "movies").unwrap(), Some(stored));
    let replaced = ok(&s, &format!("REPLACE TABLE {} AS SELECT * FROM src", table("movies", "m2")));
    assert!(matches!(replaced, Outcome::TableCreated { replaced: true, .. }), "{replaced:?}");
    assert_eq!(f.catalog.tables_using("default", "m2").unwrap(), ["movies"]);
    let refused = err(&s, "DROP CONNECTION m2");
    assert!(matches!(&refused, ExecError::ConnectionInUse { tables, .. } if tables == &["movies"]));
}

fn delete_in_another_scope_is_not_found(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
    ok(&s, OPENAI);
    let elsewhere = Scope::new("default", "aws", "us-east-1");
    assert!(matches!(f.catalog.delete_connection(&elsewhere, "c"), Err(CatalogError::ConnectionNotFound { .. })));
    let removed = f.catalog.delete_connection(&SessionContext::default().scope(), "c").unwrap();
    assert_eq!(removed.credentials.get("api-key").unwrap().expose_secret(), "sk-1");
    assert!(matches!(f.catalog.delete_table(&elsewhere, "t"), Err(CatalogError::TableNotFound { .. })));
}

fn credentials_round_trip_exactly(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
    let password = "pä'ss\u{0}wörd ".repeat(200);
    let sql = format!(
        "CREATE CONNECTION `odd``name` COMMENT 'c''mt' WITH ('type' = 'confluent_jdbc', 'endpoint' = 'jdbc:x', \
         'username' = 'ü', 'password' = '{}')",
        password.replace('\'', "''")
    );
    ok(&s, &sql);
    let record = f.catalog.get_connection("default", "odd`name").unwrap().unwrap();
    assert_eq!(record.credentials.get("password").unwrap().expose_secret(), password);
    assert_eq!(record.credentials.get("username").unwrap().expose_secret(), "ü");
    assert_eq!(record.info.comment.as_deref(), Some("c'mt"));
}

fn a_failed_statement_changes_nothing(f: Fixture) {
    let s = session(&f.catalog, SessionContext::default());
    ok(&s, MONGO);
    let before = f.catalog.get_connection("default", "m").unwrap();
    assert!(run(&s, "ALTER CONNECTION m SET ('api-key' = 'x')").is_err());
    assert!(run(&s, "ALTER CONNECTION m SET ('username' = 'only-one')").is_ok());
    let after = f.catalog.get_connection("default", "m").unwrap().unwrap();
    assert_eq!(after.info.resource_version, 2);
    assert!(run(&s, &MONGO.replace("'password' = 'p'", "'password' = ''")).is_err());
    assert_ne!(before, Some(after.clone()));
    assert_eq!(f.catalog.get_connection("default", "m").unwrap(), Some(after));
}

fn racing_creates_of_one_name_let_exactly_one_win(f: Fixture) {
    let barrier = Arc::new(Barrier::new(4));
    let threads: Vec<_> = (0..4)
        .map(|n| {
            let (catalog, barrier) = (f.catalog.clone(), barrier.clone());
            thread::spawn(move || {
                let s = session(&catalog, SessionContext::new("default", "aws", ["a", "b"][n % 2]));
                barrier.wait();
                run(&s, OPENAI)
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
}

// ---- differential: both implementations, the same random statements ---------------------------

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn random_step(rng: &mut Rng) -> (usize, String) {
    let region = rng.below(2);
    let c = format!("c{}", rng.below(5));
    let ty = ["mongodb", "couchbase"][rng.below(2)];
    let sql = match rng.below(12) {
        0 | 1 => format!(
            "CREATE CONNECTION {c} WITH ('type' = '{ty}', 'endpoint' = 'e{}', 'username' = 'u', 'password' = 'p{}')",
            rng.below(3),
            rng.below(100)
        ),
        2 => format!(
            "CREATE OR REPLACE CONNECTION {c} COMMENT 'v{}' WITH ('type' = '{ty}', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')",
            rng.below(9)
        ),
        3 => format!("CREATE CONNECTION IF NOT EXISTS {c} WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')"),
        4 => format!("ALTER CONNECTION IF EXISTS {c} SET ('password' = 'p{}')", rng.below(100)),
        5 => format!("ALTER CONNECTION {c} SET ('username' = 'x', 'password' = 'y{}')", rng.below(100)),
        6 => format!("DROP CONNECTION IF EXISTS {c}"),
        7 => format!("DROP CONNECTION {c}"),
        8 => format!("DESCRIBE CONNECTION EXTENDED {c}"),
        9 => format!("SHOW CREATE CONNECTION {c}"),
        10 => ["SHOW CONNECTIONS", "SHOW CONNECTIONS LIKE 'c1%'", "SHOW CONNECTIONS NOT ILIKE 'C2'"][rng.below(3)].into(),
        _ => format!("TABLE {} {c} {ty}", rng.below(4)),
    };
    (region, sql)
}

fn step(s: &Session, sql: &str) -> Result<Outcome, ExecError> {
    if let Some(rest) = sql.strip_prefix("TABLE ") {
        let parts: Vec<&str> = rest.split(' ').collect();
        let (table, connection, ty) = (format!("t{}", parts[0]), parts[1], parts[2]);
        if parts[0] == "3" {
            return s.drop_table(&ObjectName::simple(table.as_str()), true);
        }
        let key = format!("{ty}.connection");
        let options = OptionList::from_pairs([("connector", ty), (key.as_str(), connection)]);
        return s.create_table(&ObjectName::simple(table.as_str()), true, &options, "CREATE TABLE t");
    }
    run(s, sql)
}

#[test]
fn both_implementations_agree_on_random_statements() {
    let memory = memory();
    let sqlite = sqlite();
    let sessions = |f: &Fixture| -> Vec<Session> {
        ["r1", "r2"].iter().map(|r| session(&f.catalog, SessionContext::new("default", "aws", *r))).collect()
    };
    let (on_memory, on_sqlite) = (sessions(&memory), sessions(&sqlite));
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut kinds = std::collections::HashSet::new();
    for n in 0..1500 {
        let (region, sql) = random_step(&mut rng);
        let expected = step(&on_memory[region], &sql);
        let got = step(&on_sqlite[region], &sql);
        assert_eq!(got, expected, "step {n}: {sql}");
        kinds.insert(match &expected {
            Ok(outcome) => format!("{outcome:?}").split([' ', '{', '(']).next().unwrap_or("").to_owned(),
            Err(e) => e.rule().to_owned(),
        });
    }
    // The run went through the interesting cases, not only errors.
    for kind in ["Created", "Altered", "Dropped", "Described", "Listed", "ShowCreate", "NoOp", "TableCreated"] {
        assert!(kinds.contains(kind), "{kind} never happened: {kinds:?}");
    }
    for region in ["r1", "r2"] {
        let scope = Scope::new("default", "aws", region);
        assert_eq!(
            sqlite.catalog.list_connections(&scope, None).unwrap(),
            memory.catalog.list_connections(&scope, None).unwrap()
        );
        assert_eq!(
            sqlite.catalog.list_tables(&scope, None).unwrap(),
            memory.catalog.list_tables(&scope, None).unwrap()
        );
    }
    for c in 0..5 {
        let name = format!("c{c}");
        let records: [Option<ConnectionRecord>; 2] =
            [&memory, &sqlite].map(|f| f.catalog.get_connection("default", &name).unwrap());
        assert_eq!(records[0], records[1], "{name}");
        assert_eq!(
            memory.catalog.tables_using("default", &name).unwrap(),
            sqlite.catalog.tables_using("default", &name).unwrap()
        );
    }
}

// ---- SQLite only: persistence and several connections to one file ---------------------------

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
fn sqlite_threads_with_their_own_file_handles_keep_every_statement() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("catalog.db");
    let barrier = Arc::new(Barrier::new(6));
    let threads: Vec<_> = (0..6)
        .map(|n| {
            let (path, barrier) = (path.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                // Each opens the (new) file itself, as separate processes would.
                let catalog: Arc<dyn Catalog> = Arc::new(SqliteCatalog::open(&path).unwrap());
                let s = session(&catalog, SessionContext::default());
                for i in 0..40 {
                    ok(&s, &OPENAI.replace("CONNECTION c ", &format!("CONNECTION t{n}_{i} ")));
                    ok(&s, &format!("ALTER CONNECTION t{n}_{i} SET ('api-key' = 'k{n}_{i}')"));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let catalog: Arc<dyn Catalog> = Arc::new(SqliteCatalog::open(&path).unwrap());
    let all = catalog.list_connections(&SessionContext::default().scope(), None).unwrap();
    assert_eq!(all.len(), 240);
    assert_eq!(secret(&catalog, "default", "t5_39", "api-key").as_deref(), Some("k5_39"));
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
