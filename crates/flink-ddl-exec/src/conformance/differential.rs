//! The differential scenario: the store and a memory catalog, driven by the same seeded random
//! statements, must agree on every outcome and on everything stored.

use std::collections::HashSet;
use std::sync::Arc;

use flink_ddl::{ObjectName, OptionList};

use crate::catalog::{Catalog, ConnectionRecord, Scope};
use crate::conformance::support::{run, session, Rng, Store};
use crate::executor::{ExecError, Outcome, Session, SessionContext};
use crate::memory_catalog::MemoryCatalog;

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

/// The same 1,500 seeded random statements (creates, replaces, alters, drops, describes, lists,
/// tables, in two regions) run against the store and against a memory catalog: every outcome and
/// error is the same, and so are the stored connections (credentials included), tables and
/// dependencies at the end.
pub fn agrees_with_the_memory_catalog_on_random_statements(store: &dyn Store) {
    let memory: Arc<dyn Catalog> = Arc::new(MemoryCatalog::new());
    let tested = store.open();
    let sessions = |catalog: &Arc<dyn Catalog>| -> Vec<Session> {
        ["r1", "r2"].iter().map(|r| session(catalog, SessionContext::new("default", "aws", *r))).collect()
    };
    let (on_memory, on_tested) = (sessions(&memory), sessions(&tested));
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut kinds = HashSet::new();
    for n in 0..1500 {
        let (region, sql) = random_step(&mut rng);
        let expected = step(&on_memory[region], &sql);
        let got = step(&on_tested[region], &sql);
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
        assert_eq!(tested.list_connections(&scope, None).unwrap(), memory.list_connections(&scope, None).unwrap());
        assert_eq!(tested.list_tables(&scope, None).unwrap(), memory.list_tables(&scope, None).unwrap());
    }
    for c in 0..5 {
        let name = format!("c{c}");
        let records: [Option<ConnectionRecord>; 2] =
            [&memory, &tested].map(|c| c.get_connection("default", &name).unwrap());
        assert_eq!(records[0], records[1], "{name}");
        assert_eq!(memory.tables_using("default", &name).unwrap(), tested.tables_using("default", &name).unwrap());
    }
}
