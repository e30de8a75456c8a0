//! The concurrency scenarios: threads, each on its own handle onto the store (as separate
//! processes would be), change the same names at once; afterwards the invariants hold.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Barrier};
use std::thread;

use flink_ddl::{parse_statement, ObjectName, OptionList};

use crate::catalog::{Catalog, Scope};
use crate::conformance::support::{ok, secret, session, Rng, Store, OPENAI};
use crate::executor::{ExecError, Outcome, SessionContext};

const REGIONS: [&str; 3] = ["r1", "r2", "r3"];
const NAMES: usize = 6;
const TABLES: usize = 8;

/// One random statement of the mixed workload; only rule errors may come back.
fn one_step(session: &crate::executor::Session, rng: &mut Rng) {
    let c = format!("c{}", rng.below(NAMES));
    let t = format!("t{}", rng.below(TABLES));
    let ty = if rng.below(2) == 0 { "mongodb" } else { "couchbase" };
    let sql = match rng.below(7) {
        0 => format!("CREATE CONNECTION {c} WITH ('type' = '{ty}', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')"),
        1 => format!("CREATE OR REPLACE CONNECTION {c} WITH ('type' = '{ty}', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')"),
        2 => format!("DROP CONNECTION IF EXISTS {c}"),
        3 => format!("ALTER CONNECTION IF EXISTS {c} SET ('password' = 'p{}')", rng.below(100)),
        4 => {
            let options = OptionList::from_pairs([("connector", ty), (&format!("{ty}.connection"), c.as_str())]);
            let result =
                session.create_table(&ObjectName::simple(t.as_str()), rng.below(2) == 0, &options, "CREATE TABLE t");
            if let Err(e) = result {
                assert!(!matches!(e, ExecError::Catalog(_)), "CREATE TABLE {t}: {e}");
            }
            return;
        }
        5 => {
            if let Err(e) = session.drop_table(&ObjectName::simple(t.as_str()), true) {
                panic!("DROP TABLE IF EXISTS {t}: {e}");
            }
            return;
        }
        _ => "SHOW CONNECTIONS LIKE 'c%'".to_owned(),
    };
    let result = session.execute(&parse_statement(&sql).unwrap());
    if let Err(e) = result {
        // Only rule errors are expected; a storage failure would be a bug.
        assert!(!matches!(e, ExecError::Catalog(_)), "{sql}: {e}");
    }
}

/// Eight threads run 400 random statements each (create, replace, drop, alter, tables) over six
/// names in three regions; afterwards every name is unique in the environment, every table's
/// connection exists in the table's scope with the type it needs, and `tables_using` agrees.
pub fn threads_keep_the_catalog_consistent(store: &dyn Store) {
    let threads: Vec<_> = (0..8u64)
        .map(|n| {
            let catalog = store.open();
            thread::spawn(move || {
                let region = REGIONS[n as usize % REGIONS.len()];
                let session = session(&catalog, SessionContext::new("default", "aws", region));
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (n + 1));
                for _ in 0..400 {
                    one_step(&session, &mut rng);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let catalog = store.open();
    let scopes: Vec<Scope> = REGIONS.iter().map(|r| Scope::new("default", "aws", *r)).collect();
    check_invariants(catalog.as_ref(), &scopes);
}

/// Checks, over `scopes` (all the scopes of one environment that the workload used): names are
/// unique in the environment; every table's connection exists in the table's scope with the
/// table's type; `tables_using` lists exactly the tables that use each connection. Returns the
/// number of connections and of tables.
pub fn check_invariants(catalog: &dyn Catalog, scopes: &[Scope]) -> (usize, usize) {
    let mut connections = HashMap::new();
    for scope in scopes {
        for c in catalog.list_connections(scope, None).unwrap() {
            assert_eq!(&c.scope, scope, "{} is listed in another scope", c.name);
            let name = c.name.clone();
            assert!(connections.insert(name.clone(), c).is_none(), "{name} exists twice in the environment");
        }
    }
    let mut users: HashMap<String, Vec<String>> = HashMap::new();
    let mut table_count = 0;
    for scope in scopes {
        for table in catalog.list_tables(scope, None).unwrap() {
            table_count += 1;
            let Some(uses) = &table.connection else { continue };
            let found =
                connections.get(&uses.name).unwrap_or_else(|| panic!("{} uses missing {}", table.name, uses.name));
            assert_eq!(&found.scope, scope, "{} uses {} of another region", table.name, uses.name);
            assert_eq!(
                found.connection_type, uses.connection_type,
                "{} uses {} of another type",
                table.name, uses.name
            );
            users.entry(uses.name.clone()).or_default().push(table.name.clone());
        }
    }
    let environment = scopes.first().map(|s| s.environment.as_str()).unwrap_or("default");
    for name in connections.keys() {
        let mut expected = users.remove(name).unwrap_or_default();
        expected.sort();
        assert_eq!(catalog.tables_using(environment, name).unwrap(), expected, "dependency index of {name}");
    }
    assert!(users.is_empty(), "tables refer to connections that do not exist: {users:?}");
    (connections.len(), table_count)
}

/// Twenty rounds of six threads creating one new name at the same moment, from three regions:
/// each round exactly one wins, and the others are told the name exists (here or elsewhere).
pub fn racing_creates_of_one_name_let_exactly_one_win(store: &dyn Store) {
    let handles: Vec<Arc<dyn Catalog>> = (0..6).map(|_| store.open()).collect();
    for round in 0..20 {
        let barrier = Arc::new(Barrier::new(handles.len()));
        let threads: Vec<_> = handles
            .iter()
            .enumerate()
            .map(|(n, catalog)| {
                let (catalog, barrier) = (catalog.clone(), barrier.clone());
                thread::spawn(move || {
                    let session = session(&catalog, SessionContext::new("default", "aws", REGIONS[n % 3]));
                    let sql = format!(
                        "CREATE CONNECTION shared{round} WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')"
                    );
                    let stmt = parse_statement(&sql).unwrap();
                    barrier.wait();
                    session.execute(&stmt)
                })
            })
            .collect();
        let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        let created = results.iter().filter(|r| matches!(r, Ok(Outcome::Created { .. }))).count();
        assert_eq!(created, 1, "round {round}: {results:?}");
        for r in &results {
            assert!(
                matches!(
                    r,
                    Ok(Outcome::Created { .. })
                        | Err(ExecError::ConnectionExists { .. } | ExecError::ConnectionNameTakenElsewhere { .. })
                ),
                "{r:?}"
            );
        }
    }
    let catalog = store.open();
    let total: usize =
        REGIONS.iter().map(|r| catalog.list_connections(&Scope::new("default", "aws", *r), None).unwrap().len()).sum();
    assert_eq!(total, 20);
}

/// Four threads on their own handles alter one connection fifty times each: each ALTER that
/// succeeded bumped the version exactly once, so none overwrote another unseen.
pub fn racing_alters_lose_no_update(store: &dyn Store) {
    let admin = store.open();
    ok(
        &session(&admin, SessionContext::default()),
        "CREATE CONNECTION r WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')",
    );
    let threads: Vec<_> = (0..4)
        .map(|n| {
            let catalog = store.open();
            thread::spawn(move || {
                let session = session(&catalog, SessionContext::default());
                let mut done = 0;
                for i in 0..50 {
                    let sql = format!("ALTER CONNECTION r SET ('api-key' = 'k{n}-{i}')");
                    match session.execute(&parse_statement(&sql).unwrap()) {
                        Ok(_) => done += 1,
                        Err(ExecError::ConcurrentChange { .. }) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
                done
            })
        })
        .collect();
    let done: u64 = threads.into_iter().map(|t| t.join().unwrap()).sum();
    let record = admin.get_connection("default", "r").unwrap().unwrap();
    assert_eq!(record.info.resource_version, 1 + done);
}

/// Six threads, each on its own handle opened at the same moment, create and then alter forty
/// connections each: every one of the 240 acknowledged statements is there afterwards, read
/// through a new handle.
pub fn every_acknowledged_write_survives_parallel_handles(store: &dyn Store) {
    let barrier = Arc::new(Barrier::new(6));
    let threads: Vec<_> = (0..6)
        .map(|n| {
            let barrier = barrier.clone();
            let catalog = store.open();
            thread::spawn(move || {
                barrier.wait();
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
    let catalog = store.open();
    let all = catalog.list_connections(&SessionContext::default().scope(), None).unwrap();
    assert_eq!(all.len(), 240);
    let names: HashSet<_> = all.iter().map(|c| c.name.as_str()).collect();
    for n in 0..6 {
        for i in 0..40 {
            let name = format!("t{n}_{i}");
            assert!(names.contains(name.as_str()), "{name} is missing");
            assert_eq!(secret(&catalog, "default", &name, "api-key"), Some(format!("k{n}_{i}")), "{name}");
        }
    }
}
