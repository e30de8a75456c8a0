//! Many threads executing statements against one shared catalog: afterwards names are still unique
//! per environment, and no table refers to a missing connection or to one of another type.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Barrier};
use std::thread;

use flink_ddl::{parse_statement, ObjectName, OptionList};
use flink_ddl_exec::{Catalog, ExecError, MemoryCatalog, Outcome, Scope, Session, SessionContext};
use flink_ddl_testkit::{Rng, Seed};

const REGIONS: [&str; 3] = ["r1", "r2", "r3"];
const NAMES: usize = 6;
const TABLES: usize = 8;

fn one_step(session: &Session, rng: &mut Rng) {
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
            let _ = session.create_table(&ObjectName::simple(t.as_str()), rng.below(2) == 0, &options, "CREATE TABLE t");
            return;
        }
        5 => {
            let _ = session.drop_table(&ObjectName::simple(t.as_str()), true);
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

#[test]
fn threads_keep_the_catalog_consistent() {
    let catalog = Arc::new(MemoryCatalog::new());
    let seed = Seed::from_env_or(0x9e37_79b9_7f4a_7c15);
    let threads: Vec<_> = (0..8u64)
        .map(|n| {
            let catalog = catalog.clone();
            let mut rng = seed.rng(n);
            thread::spawn(move || {
                let region = REGIONS[n as usize % REGIONS.len()];
                let session = Session::new(catalog, SessionContext::new("default", "aws", region));
                for _ in 0..400 {
                    one_step(&session, &mut rng);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }

    let scopes: Vec<Scope> = REGIONS.iter().map(|r| Scope::new("default", "aws", *r)).collect();
    // Unique names per environment.
    let mut seen = HashSet::new();
    let mut connections = HashMap::new();
    for scope in &scopes {
        for c in catalog.list_connections(scope, None).unwrap() {
            assert!(seen.insert(c.name.clone()), "{} exists twice in the environment", c.name);
            connections.insert(c.name.clone(), c);
        }
    }
    // Every table's connection exists, in the table's scope, with the type it needs; and the
    // catalog's dependency index says the same.
    let mut users: HashMap<String, Vec<String>> = HashMap::new();
    let mut table_count = 0;
    for scope in &scopes {
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
    for name in connections.keys() {
        let mut expected = users.remove(name).unwrap_or_default();
        expected.sort();
        assert_eq!(catalog.tables_using("default", name).unwrap(), expected, "dependency index of {name}");
    }
    assert!(users.is_empty(), "tables refer to connections that do not exist: {users:?}");
    assert_eq!(catalog.connection_count(), connections.len());
    assert_eq!(catalog.table_count(), table_count);
}

#[test]
fn racing_creates_of_one_name_let_exactly_one_win() {
    for _ in 0..20 {
        let catalog = Arc::new(MemoryCatalog::new());
        let barrier = Arc::new(Barrier::new(6));
        let threads: Vec<_> = (0..6)
            .map(|n| {
                let (catalog, barrier) = (catalog.clone(), barrier.clone());
                thread::spawn(move || {
                    let session = Session::new(catalog, SessionContext::new("default", "aws", REGIONS[n % 3]));
                    let stmt = parse_statement(
                        "CREATE CONNECTION shared WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')",
                    )
                    .unwrap();
                    barrier.wait();
                    session.execute(&stmt)
                })
            })
            .collect();
        let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        let created = results.iter().filter(|r| matches!(r, Ok(Outcome::Created { .. }))).count();
        assert_eq!(created, 1, "{results:?}");
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
        assert_eq!(catalog.connection_count(), 1);
    }
}

#[test]
fn racing_alters_lose_no_update() {
    let catalog = Arc::new(MemoryCatalog::new());
    let admin = Session::new(catalog.clone(), SessionContext::default());
    admin
        .execute(
            &parse_statement("CREATE CONNECTION r WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')")
                .unwrap(),
        )
        .unwrap();
    let threads: Vec<_> = (0..4)
        .map(|n| {
            let session = admin.clone();
            thread::spawn(move || {
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
    let record = catalog.get_connection("default", "r").unwrap().unwrap();
    // Each successful ALTER bumped the version exactly once: none overwrote another unseen.
    assert_eq!(record.info.resource_version, 1 + done);
}
