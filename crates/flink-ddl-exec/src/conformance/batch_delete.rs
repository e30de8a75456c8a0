//! The batch delete ([`Catalog::delete_connections`], what `connection delete a b` runs): all
//! or none, alone and racing other batches and the tables that pin a connection.

use std::sync::{Arc, Barrier};
use std::thread;

use crate::catalog::{Catalog, CatalogError, ConnectionRecord, Scope};
use crate::conformance::support::{mongo_table, ok, session, Store, MONGO, OPENAI};
use crate::executor::{ExecError, Outcome, SessionContext};

/// Everything `scope` holds, credentials included, to compare before and after a refusal.
fn snapshot(catalog: &dyn Catalog, scope: &Scope) -> Vec<ConnectionRecord> {
    let listed = catalog.list_connections(scope, None).unwrap();
    listed.iter().map(|info| catalog.get_connection(&scope.environment, &info.name).unwrap().unwrap()).collect()
}

/// A missing name, a name of another region or a connection that a table uses refuses the whole
/// batch and changes nothing (a missing name is named before one in use); a name given twice
/// counts once; the removed records come back whole, in the order first named; an empty batch
/// removes nothing.
pub fn delete_connections_is_all_or_none(store: &dyn Store) {
    let catalog = store.open();
    let scope = SessionContext::default().scope();
    let s = session(&catalog, SessionContext::default());
    for name in ["c1", "c2", "c3"] {
        ok(&s, &OPENAI.replace("CONNECTION c ", &format!("CONNECTION {name} ")).replace("sk-1", &format!("sk-{name}")));
    }
    ok(&s, MONGO);
    assert!(matches!(mongo_table(&s, "t", "m"), Ok(Outcome::TableCreated { .. })));
    let far = session(&catalog, SessionContext::new("default", "aws", "far"));
    ok(&far, &OPENAI.replace("CONNECTION c ", "CONNECTION elsewhere "));
    let before = snapshot(catalog.as_ref(), &scope);
    let elsewhere_before = catalog.get_connection("default", "elsewhere").unwrap();

    let missing = catalog.delete_connections(&scope, &["c1", "nope", "c2"]).unwrap_err();
    assert_eq!(missing, CatalogError::ConnectionNotFound { name: "nope".into(), scope: scope.clone() });
    let in_use = catalog.delete_connections(&scope, &["c1", "m", "c2"]).unwrap_err();
    assert_eq!(in_use, CatalogError::ConnectionInUse { name: "m".into(), tables: vec!["t".into()] });
    let both = catalog.delete_connections(&scope, &["m", "c1", "nope"]).unwrap_err();
    assert!(matches!(&both, CatalogError::ConnectionNotFound { name, .. } if name == "nope"), "{both:?}");
    let other_region = catalog.delete_connections(&scope, &["c1", "elsewhere"]).unwrap_err();
    assert_eq!(other_region, CatalogError::ConnectionNotFound { name: "elsewhere".into(), scope: scope.clone() });
    assert_eq!(snapshot(catalog.as_ref(), &scope), before, "a refused batch changed something");
    assert_eq!(catalog.get_connection("default", "elsewhere").unwrap(), elsewhere_before);
    assert_eq!(catalog.tables_using("default", "m").unwrap(), ["t"]);

    assert_eq!(catalog.delete_connections(&scope, &[]).unwrap(), Vec::<ConnectionRecord>::new());
    let removed = catalog.delete_connections(&scope, &["c3", "c1", "c3"]).unwrap();
    let expected: Vec<ConnectionRecord> =
        ["c3", "c1"].iter().map(|n| before.iter().find(|r| r.info.name == *n).unwrap().clone()).collect();
    assert_eq!(removed, expected, "the removed records, whole, in the order first named");
    assert_eq!(removed[0].credentials.get("api-key").unwrap().expose_secret(), "sk-c3");
    let left: Vec<String> = catalog.list_connections(&scope, None).unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(left, ["c2", "m"]);
    let again = catalog.delete_connections(&scope, &["c2", "c1"]).unwrap_err();
    assert!(matches!(&again, CatalogError::ConnectionNotFound { name, .. } if name == "c1"), "{again:?}");
    assert!(catalog.get_connection("default", "c2").unwrap().is_some());

    // Through the session: the same refusal as the executor's error, the drops as outcomes.
    let refused = s.drop_connections(&["c2", "m"]).unwrap_err();
    assert!(
        matches!(&refused, ExecError::ConnectionInUse { connection, tables } if connection == "m" && tables == &["t"])
    );
    s.drop_table(&flink_ddl::ObjectName::simple("t"), false).unwrap();
    let dropped = s.drop_connections(&["m", "c2"]).unwrap();
    let names: Vec<&str> = dropped
        .iter()
        .map(|o| match o {
            Outcome::Dropped { connection, .. } => connection.name.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["m", "c2"]);
    assert!(catalog.list_connections(&scope, None).unwrap().is_empty());
    assert!(catalog.get_connection("default", "elsewhere").unwrap().is_some());
}

/// Rounds of three threads on their own handles: one deletes `[a, b]`, one `[c, b]`, one makes a
/// table that pins `c`. The two batches share `b`, so exactly one of them wins each round; the
/// loser changes nothing; the table exists exactly when `c` survived. Then rounds of two batches
/// naming the same two connections in opposite orders (the row locks of a store can deadlock
/// there; the store must resolve it): one wins, the other finds a name gone.
pub fn racing_batch_deletes_are_all_or_none(store: &dyn Store) {
    let handles: Vec<Arc<dyn Catalog>> = (0..3).map(|_| store.open()).collect();
    let scope = SessionContext::default().scope();
    let setup = session(&handles[0], SessionContext::default());
    let mut tables_made = 0;
    for round in 0..ROUNDS {
        let [a, b, c] = ["a", "b", "c"].map(|n| format!("{n}{round}"));
        for name in [&a, &b, &c] {
            ok(&setup, &MONGO.replace("CONNECTION m ", &format!("CONNECTION {name} ")));
        }
        let barrier = Arc::new(Barrier::new(3));
        let batch = |catalog: &Arc<dyn Catalog>, names: [String; 2]| {
            let (catalog, barrier, scope) = (catalog.clone(), barrier.clone(), scope.clone());
            thread::spawn(move || {
                barrier.wait();
                catalog.delete_connections(&scope, &[names[0].as_str(), names[1].as_str()])
            })
        };
        let first = batch(&handles[0], [a.clone(), b.clone()]);
        let second = batch(&handles[1], [c.clone(), b.clone()]);
        let table = {
            let (catalog, barrier, c, table) = (handles[2].clone(), barrier.clone(), c.clone(), format!("t{round}"));
            thread::spawn(move || {
                let s = session(&catalog, SessionContext::default());
                barrier.wait();
                mongo_table(&s, &table, &c)
            })
        };
        let (first, second, table) = (first.join().unwrap(), second.join().unwrap(), table.join().unwrap());
        let exists = |name: &str| handles[0].get_connection("default", name).unwrap().is_some();
        match (&first, &second) {
            (Ok(removed), Err(lost)) => {
                assert_eq!(removed.iter().map(|r| r.info.name.as_str()).collect::<Vec<_>>(), [&a, &b]);
                assert!(
                    matches!(lost, CatalogError::ConnectionNotFound { name, .. } if *name == b)
                        || matches!(lost, CatalogError::ConnectionInUse { name, .. } if *name == c),
                    "round {round}: {lost:?}"
                );
                assert!(!exists(&a) && !exists(&b) && exists(&c), "round {round}");
            }
            (Err(lost), Ok(removed)) => {
                assert_eq!(removed.iter().map(|r| r.info.name.as_str()).collect::<Vec<_>>(), [&c, &b]);
                assert!(matches!(lost, CatalogError::ConnectionNotFound { name, .. } if *name == b), "{lost:?}");
                assert!(exists(&a) && !exists(&b) && !exists(&c), "round {round}");
            }
            other => panic!("round {round}: exactly one batch must win: {other:?}"),
        }
        match &table {
            Ok(Outcome::TableCreated { .. }) => {
                assert!(exists(&c), "round {round}: a table pins a deleted connection");
                tables_made += 1;
            }
            Err(e) => {
                assert_eq!(e.rule(), "table-connection-exists-with-type", "round {round}: {e}");
                assert!(!exists(&c), "round {round}: the table was refused while its connection stayed");
            }
            Ok(other) => panic!("{other:?}"),
        }
    }
    for round in 0..4 {
        let [x, y] = ["x", "y"].map(|n| format!("{n}{round}"));
        for name in [&x, &y] {
            ok(&setup, &OPENAI.replace("CONNECTION c ", &format!("CONNECTION {name} ")));
        }
        let barrier = Arc::new(Barrier::new(2));
        let threads: Vec<_> = [[x.clone(), y.clone()], [y.clone(), x.clone()]]
            .into_iter()
            .zip(&handles)
            .map(|(names, catalog)| {
                let (catalog, barrier, scope) = (catalog.clone(), barrier.clone(), scope.clone());
                thread::spawn(move || {
                    barrier.wait();
                    catalog.delete_connections(&scope, &[names[0].as_str(), names[1].as_str()])
                })
            })
            .collect();
        let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "round {round}: {results:?}");
        for result in &results {
            match result {
                Ok(removed) => assert_eq!(removed.len(), 2),
                Err(e) => assert!(matches!(e, CatalogError::ConnectionNotFound { .. }), "round {round}: {e:?}"),
            }
        }
    }
    // Each round of the first kind leaves one connection (its `a` or its `c`), and a table exactly
    // when its `c` survived; the second kind leaves nothing.
    let (connections, tables) = crate::conformance::concurrency::check_invariants(handles[0].as_ref(), &[scope]);
    assert_eq!((connections, tables), (ROUNDS, tables_made));
}

/// Rounds of the three-way race.
const ROUNDS: usize = 12;
