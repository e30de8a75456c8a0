//! The catalog calls and `Session` methods the `sql/v1` server adds: the store checks of
//! `api_key_suite` on the in-memory catalog, keyset pages through a session, and the REST update
//! (whole replacement of credentials, compare-and-set on `resource_version`).

use std::sync::Arc;

use flink_ddl::{parse_statement, OptionList};
use flink_ddl_exec::{
    api_key_suite, Catalog, ConnectionType, CredentialReplacement, ExecError, MemoryCatalog, Outcome, Role, Session,
    SessionContext,
};

fn session(roles: &[Role]) -> (Arc<MemoryCatalog>, Session) {
    let catalog = Arc::new(MemoryCatalog::new());
    let context = SessionContext::new("env-1", "aws", "us-east-1").with_roles(roles.iter().copied());
    (catalog.clone(), Session::new(catalog, context))
}

#[track_caller]
fn ok(session: &Session, sql: &str) -> Outcome {
    session.execute(&parse_statement(sql).unwrap()).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn the_memory_catalog_passes_the_api_key_and_page_checks() {
    api_key_suite::run_all(Arc::new(MemoryCatalog::new()));
}

#[test]
fn pages_walk_every_name_once_while_others_insert_and_drop() {
    let (_, s) = session(&[Role::OrganizationAdmin]);
    for n in 0..30 {
        ok(
            &s,
            &format!("CREATE CONNECTION c{n:02} WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k')"),
        );
    }
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut round = 0;
    loop {
        let page = s.list_connections_page(after.as_deref(), None, 7).unwrap();
        seen.extend(page.connections.iter().map(|c| c.name.clone()));
        // Between pages: drop a name already seen and one not seen yet, add one before and one after.
        ok(&s, &format!("DROP CONNECTION IF EXISTS c{:02}", round));
        ok(&s, &format!("DROP CONNECTION IF EXISTS c{:02}", 29 - round));
        ok(
            &s,
            &format!("CREATE CONNECTION a{round} WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k')"),
        );
        ok(
            &s,
            &format!("CREATE CONNECTION z{round} WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k')"),
        );
        round += 1;
        if !page.has_more {
            break;
        }
        after = page.connections.last().map(|c| c.name.clone());
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "names come once each, in order");
    // Every name that existed for the whole walk was seen: c05..c24 were never dropped before their turn.
    for n in 5..25 {
        assert!(seen.contains(&format!("c{n:02}")), "c{n:02} was skipped: {seen:?}");
    }
}

#[test]
fn a_page_filters_by_type_and_knows_when_it_is_the_last() {
    let (_, s) = session(&[Role::FlinkAdmin]);
    ok(&s, "CREATE CONNECTION m1 WITH ('type' = 'mongodb', 'endpoint' = 'mongodb://x', 'username' = 'u', 'password' = 'p')");
    ok(&s, "CREATE CONNECTION o1 WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k')");
    let page = s.list_connections_page(None, ConnectionType::from_name("MONGODB"), 1).unwrap();
    assert_eq!(page.connections.len(), 1);
    assert!(!page.has_more, "o1 is of another type, so m1 ends the listing");
    assert_eq!(page.scope.environment, "env-1");
}

#[test]
fn the_rest_update_replaces_credentials_whole() {
    let (catalog, s) = session(&[Role::EnvironmentAdmin]);
    ok(&s, "CREATE CONNECTION r WITH ('type' = 'rest', 'endpoint' = 'https://api.example.com', 'username' = 'u', 'password' = 'p')");
    let options = OptionList::from_pairs([("token", "t0k")]);
    s.replace_credentials(CredentialReplacement { name: "r", options: &options, expected_version: None }).unwrap();
    let stored = catalog.get_connection("env-1", "r").unwrap().unwrap();
    assert_eq!(stored.credentials.keys().collect::<Vec<_>>(), ["token"], "not merged with the old username");
    assert_eq!(stored.info.resource_version, 2);

    // A partial set is not merged either: the password alone breaks the basic group.
    let partial = OptionList::from_pairs([("password", "p2")]);
    let e = s.replace_credentials(CredentialReplacement { name: "r", options: &partial, expected_version: None });
    assert!(matches!(e, Err(ExecError::IncompleteGroup { .. })), "{e:?}");
}

#[test]
fn the_rest_update_keeps_type_and_endpoint_and_checks_the_version() {
    let (_, s) = session(&[Role::OrganizationAdmin]);
    ok(&s, "CREATE CONNECTION o WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k')");
    let update = |pairs: &[(&str, &str)], expected_version| {
        let options = OptionList::from_pairs(pairs.iter().copied());
        s.replace_credentials(CredentialReplacement { name: "o", options: &options, expected_version })
    };
    let same = update(&[("type", "OPENAI"), ("endpoint", "https://x"), ("api-key", "k2")], Some(1)).unwrap();
    assert!(matches!(same, Outcome::Altered { .. }));
    let e = update(&[("type", "anthropic"), ("api-key", "k3")], None).unwrap_err();
    assert_eq!((e.rule(), e.to_string().contains("`type`")), ("alter-sets-credentials-only", true), "{e}");
    let e = update(&[("endpoint", "https://elsewhere"), ("api-key", "k3")], None).unwrap_err();
    assert!(e.to_string().contains("`endpoint`"), "{e}");
    let e = update(&[("api-key", "k3")], Some(1)).unwrap_err();
    assert_eq!(e, ExecError::VersionMismatch { connection: "o".into(), expected: 1, current: 2 });
    let e = update(&[("password", "k3")], None).unwrap_err();
    assert_eq!(e.rule(), "credential-keys-of-type");
    let e = update(&[("ap-key", "k3")], None).unwrap_err();
    assert!(e.to_string().contains("did you mean `api-key`"), "{e}");
    assert!(!e.to_string().contains("k3"));
    let e = s.replace_credentials(CredentialReplacement {
        name: "missing",
        options: &OptionList::from_pairs([("api-key", "k")]),
        expected_version: None,
    });
    assert_eq!(e.unwrap_err().rule(), "must-exist-and-be-visible");
}

#[test]
fn the_rest_update_needs_an_admin_role() {
    let catalog: Arc<dyn Catalog> = Arc::new(MemoryCatalog::new());
    let admin = Session::new(catalog.clone(), SessionContext::default());
    ok(&admin, "CREATE CONNECTION o WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k')");
    let developer = Session::new(catalog, SessionContext::default().with_roles([Role::FlinkDeveloper]));
    let options = OptionList::from_pairs([("api-key", "k2")]);
    let e =
        developer.replace_credentials(CredentialReplacement { name: "o", options: &options, expected_version: None });
    assert_eq!(e.unwrap_err().rule(), "connection-admin-roles");
    assert_eq!(developer.list_connections_page(None, None, 10).unwrap().connections.len(), 1, "reading needs no role");
}
