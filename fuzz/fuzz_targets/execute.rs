//! Oracle: any sequence of statements, run by sessions in different environments, clouds, regions
//! and roles against one in-memory catalog, keeps the catalog's invariants after every statement:
//! - connection names are unique per environment (across its clouds and regions);
//! - every table that uses a connection finds it, of the matching type, in the table's own scope,
//!   and the catalog's record of who uses a connection (`tables_using`) says exactly that, also
//!   after `CREATE OR REPLACE TABLE` and `REPLACE TABLE` moved a table to another connection;
//! - nothing is visible across scopes: a connection is found by DESCRIBE only from its own scope;
//! - a refused statement changes nothing;
//! - no credential marker appears in any outcome, rendering or error (each outcome is rendered
//!   in one format, human, JSON or YAML, chosen by the input).
//!
//! Statements are built from the bytes by a small generator over names, types, keys and values
//! that are likely to collide, so the rules (IF [NOT] EXISTS, OR REPLACE, ALTER merges, refused
//! drops, type mismatches) are exercised rather than the parser.
#![no_main]

use std::sync::Arc;

use arbitrary::{Result, Unstructured};
use flink_ddl::parse_statement;
use flink_ddl_exec::{render, Catalog, MemoryCatalog, OutputFormat, Role, Scope, Session, SessionContext};
use libfuzzer_sys::fuzz_target;

const SCOPES: [(&str, &str, &str); 3] =
    [("env-a", "aws", "us-east-1"), ("env-a", "gcp", "europe-west1"), ("env-b", "aws", "us-east-1")];
const NAMES: [&str; 4] = ["c1", "c2", "C1", "conn-x"];
const TABLES: [&str; 3] = ["t1", "t2", "movies"];
const SECRET: &str = "SECRET_FUZZ_9b1e";

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let catalog: Arc<dyn Catalog> = Arc::new(MemoryCatalog::new());
    let sessions: Vec<Session> = SCOPES
        .iter()
        .map(|(env, cloud, region)| Session::new(Arc::clone(&catalog), SessionContext::new(*env, *cloud, *region)))
        .collect();
    for _ in 0..16 {
        let Ok(sql) = statement(&mut u) else { break };
        let Ok(stmt) = parse_statement(&sql) else { continue };
        let Ok(which) = u.choose_index(sessions.len()) else { break };
        let mut session = Session::new(Arc::clone(&catalog), sessions[which].context().clone());
        if u.ratio(1, 5).unwrap_or(false) {
            session.set_context(session.context().clone().with_roles([Role::FlinkDeveloper]));
        }
        // One format per statement, chosen by the input: rendering every outcome in all three
        // formats was half of the target's time (YAML alone a quarter), and each format still
        // meets every kind of outcome over a run.
        let Ok(&format) = u.choose(&[OutputFormat::Human, OutputFormat::Json, OutputFormat::Yaml]) else { break };
        let before = snapshot(catalog.as_ref());
        match session.execute(&stmt) {
            Ok(outcome) => {
                assert!(!render(&outcome, format).contains(SECRET), "{sql}: the {format:?} rendering shows the secret");
                assert!(!format!("{outcome:?}").contains(SECRET), "{sql}: the outcome's Debug shows the secret");
            }
            Err(err) => {
                let shown = format!("{err}\n{err:?}");
                assert!(!shown.contains(SECRET), "{sql}: the error shows the secret:\n{shown}");
                assert!(snapshot(catalog.as_ref()) == before, "{sql}: a refused statement changed the catalog");
            }
        }
        check_invariants(catalog.as_ref(), &sessions);
    }
});

/// Everything stored in the catalog, for before/after comparison.
#[derive(PartialEq, Debug)]
struct Snapshot(Vec<(Vec<flink_ddl_exec::ConnectionRecord>, Vec<flink_ddl_exec::TableRecord>)>);

fn snapshot(catalog: &dyn Catalog) -> Snapshot {
    Snapshot(
        SCOPES
            .iter()
            .map(|(env, cloud, region)| {
                let scope = Scope::new(*env, *cloud, *region);
                let connections = catalog
                    .list_connections(&scope, None)
                    .unwrap()
                    .into_iter()
                    .map(|info| catalog.get_connection(env, &info.name).unwrap().expect("listed, so present"))
                    .collect();
                (connections, catalog.list_tables(&scope, None).unwrap())
            })
            .collect(),
    )
}

fn check_invariants(catalog: &dyn Catalog, sessions: &[Session]) {
    let scopes: Vec<Scope> = SCOPES.iter().map(|(env, cloud, region)| Scope::new(*env, *cloud, *region)).collect();
    // Every stored connection, by scope.
    let mut stored: Vec<(Scope, String)> = Vec::new();
    for scope in &scopes {
        for info in catalog.list_connections(scope, None).unwrap() {
            assert_eq!(&info.scope, scope, "a connection listed in a scope that is not its own");
            let taken = stored.iter().any(|(s, n)| s.environment == scope.environment && *n == info.name);
            assert!(!taken, "connection {:?} twice in environment {}", info.name, scope.environment);
            stored.push((scope.clone(), info.name));
        }
    }
    // A name is visible from a session exactly when a connection of that name lives in the
    // session's own scope (another environment may hold the same name: names are unique per
    // environment only).
    for (_, name) in &stored {
        let describe = parse_statement(&format!("DESCRIBE CONNECTION `{}`", name.replace('`', "``"))).unwrap();
        for (session, scope) in sessions.iter().zip(&scopes) {
            let expected = stored.iter().any(|(s, n)| s == scope && n == name);
            let visible = session.execute(&describe).is_ok();
            assert_eq!(visible, expected, "connection {name:?} seen from {scope}: {visible}, stored: {stored:?}");
        }
    }
    for scope in &scopes {
        for table in catalog.list_tables(scope, None).unwrap() {
            if let Some(uses) = &table.connection {
                let found = catalog.get_connection(&scope.environment, &uses.name).unwrap();
                let found =
                    found.unwrap_or_else(|| panic!("table {} uses missing connection {}", table.name, uses.name));
                assert_eq!(&found.info.scope, scope, "table {} uses a connection of another scope", table.name);
                assert_eq!(
                    found.info.connection_type, uses.connection_type,
                    "table {} uses a connection of another type",
                    table.name
                );
                let users = catalog.tables_using(&scope.environment, &uses.name).unwrap();
                assert!(
                    users.contains(&table.name),
                    "table {} missing from the users of {}: {users:?}",
                    table.name,
                    uses.name
                );
            }
        }
    }
    // ...and the other way: every recorded user of a connection is a table that uses it.
    for (scope, name) in &stored {
        for user in catalog.tables_using(&scope.environment, name).unwrap() {
            let table = catalog.get_table(scope, &user).unwrap();
            let uses = table.as_ref().and_then(|t| t.connection.as_ref()).map(|c| c.name.as_str());
            assert_eq!(uses, Some(name.as_str()), "{user} is recorded as using {name} but uses {uses:?}");
        }
    }
}

/// One statement, from a small vocabulary that makes collisions likely.
fn statement(u: &mut Unstructured<'_>) -> Result<String> {
    let name = *u.choose(&NAMES)?;
    let name = format!("`{name}`");
    let qualified = match u.int_in_range(0..=3)? {
        0 => format!("env-b.db.{name}").replace("env-b", "`env-b`"),
        1 => format!("db.{name}"),
        _ => name.clone(),
    };
    Ok(match u.int_in_range(0..=11)? {
        0..=2 => {
            let head = *u.choose(&["CREATE", "CREATE OR REPLACE", "CREATE"])?;
            let ine = if head == "CREATE" && u.arbitrary()? { " IF NOT EXISTS" } else { "" };
            format!("{head} CONNECTION{ine} {qualified} WITH {}", connection_options(u)?)
        }
        3 | 4 => format!(
            "ALTER CONNECTION {}{qualified} SET {}",
            if u.arbitrary()? { "IF EXISTS " } else { "" },
            credentials(u)?
        ),
        5 => format!("DROP CONNECTION {}{qualified}", if u.arbitrary()? { "IF EXISTS " } else { "" }),
        6 => format!("SHOW CONNECTIONS {}", u.choose(&["", "LIKE 'c%'", "NOT ILIKE 'C\\_%'", "LIKE '%'"])?),
        7 => format!("SHOW CREATE CONNECTION {qualified}"),
        8 | 9 => {
            let table = u.choose(&TABLES)?;
            let connector = *u.choose(&["mongodb", "rest", "elastic", "confluent-jdbc"])?;
            let (head, tail) = *u.choose(&[
                ("CREATE TABLE ", ""),
                ("CREATE TABLE IF NOT EXISTS ", ""),
                ("CREATE OR REPLACE TABLE ", ""),
                ("REPLACE TABLE ", " AS SELECT * FROM src"),
            ])?;
            format!(
                "{head}{table} (a STRING, b INT) WITH ('connector' = '{connector}', '{connector}.connection' = '{}'){tail}",
                u.choose(&NAMES)?
            )
        }
        10 => format!("DROP TABLE {}{}", if u.arbitrary()? { "IF EXISTS " } else { "" }, u.choose(&TABLES)?),
        _ => format!("DESCRIBE CONNECTION {qualified}"),
    })
}

fn connection_options(u: &mut Unstructured<'_>) -> Result<String> {
    let kind = *u.choose(&["mongodb", "rest", "elastic", "confluent_jdbc", "openai", "OPENAI", "bogus"])?;
    let mut pairs = vec![format!("'type' = '{kind}'")];
    if u.ratio(9, 10)? {
        pairs.push("'endpoint' = 'https://example.com/x'".to_string());
    }
    let creds = credentials(u)?;
    pairs.push(creds[1..creds.len() - 1].to_string());
    Ok(format!("({})", pairs.join(", ")))
}

fn credentials(u: &mut Unstructured<'_>) -> Result<String> {
    let sets: [&[&str]; 7] = [
        &["'username' = 'u'", "'password' = '%S'"],
        &["'api-key' = '%S'"],
        &["'API_KEY' = '%S'"],
        &["'token' = '%S'"],
        &["'password' = '%S'"],
        &["'ap-key' = 'x'"],
        &["'token-endpoint' = 'https://t'", "'client-id' = 'i'", "'client-secret' = '%S'", "'scope' = 's'"],
    ];
    let set = u.choose(&sets)?;
    let pairs: Vec<String> = set.iter().map(|p| p.replace("%S", SECRET)).collect();
    Ok(format!("({})", pairs.join(", ")))
}
