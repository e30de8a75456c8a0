//! The mask is never accepted as a credential: a statement recalled from the shell's history, or
//! `SHOW CREATE` output run again, holds `<REDACTED>` where the secret was, and storing it would
//! replace the real secret without anyone seeing it. CREATE and ALTER of connections, models,
//! tools and agents refuse it, naming the key and saying what to do; the stored secret is kept.

use std::sync::Arc;

use flink_ddl_exec::{ExecError, MemoryCatalog, ObjectKind, Session, SessionContext};
use flink_ddl_testkit::{err, ok, session_in, stored_secret};

fn session(catalog: &Arc<MemoryCatalog>) -> Session {
    let session = session_in(catalog.clone(), SessionContext::default());
    ok(&session, "CREATE CONNECTION oai WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = 'sk-real-1')");
    ok(&session, "CREATE CONNECTION mcp WITH ('type' = 'mcp_server', 'endpoint' = 'https://m', 'api-key' = 'k')");
    ok(
        &session,
        "CREATE MODEL m INPUT (x STRING) OUTPUT (y STRING) WITH ('provider' = 'openai', 'task' = 'classification', \
         'openai.connection' = 'oai')",
    );
    ok(&session, "CREATE TOOL t USING CONNECTION mcp WITH ('type' = 'mcp', 'allowed_tools' = 'a')");
    ok(&session, "CREATE AGENT a USING MODEL m USING PROMPT 'p' WITH ('max_iterations' = '5')");
    session
}

#[track_caller]
fn refused(session: &Session, sql: &str, kind: ObjectKind, name: &str, key: &str) -> String {
    let error = err(session, sql);
    match &error {
        ExecError::MaskAsCredential { kind: k, name: n, key: written } => {
            assert_eq!((*k, n.as_str(), written.as_str()), (kind, name, key), "{sql}");
        }
        other => panic!("{sql}: expected MaskAsCredential, got {other:?}"),
    }
    assert_eq!(error.rule(), "mask-is-not-a-credential");
    error.to_string()
}

#[test]
fn the_message_names_the_key_and_says_to_type_the_secret_again() {
    let catalog = Arc::new(MemoryCatalog::new());
    let s = session(&catalog);
    let message = refused(
        &s,
        "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = '<REDACTED>')",
        ObjectKind::Connection,
        "c",
        "api-key",
    );
    insta::assert_snapshot!(message, @r#"connection "c": 'api-key' holds the mask <REDACTED>, not a secret: type the secret again (SHOW CREATE output and shell history never hold it)"#);
}

#[test]
fn connections_refuse_the_mask_in_any_case_and_with_blanks_and_keep_the_secret() {
    let catalog = Arc::new(MemoryCatalog::new());
    let s = session(&catalog);
    for value in ["<REDACTED>", " <redacted> ", "\t<Redacted>\n", "\u{a0}<REDACTED>"] {
        let create = format!(
            "CREATE CONNECTION c WITH ('type' = 'mongodb', 'endpoint' = 'mongodb://h', 'username' = 'u', 'password' = '{value}')"
        );
        refused(&s, &create, ObjectKind::Connection, "c", "password");
        let replace = format!(
            "CREATE OR REPLACE CONNECTION oai WITH ('type' = 'openai', 'endpoint' = 'https://e', 'API_KEY' = '{value}')"
        );
        refused(&s, &replace, ObjectKind::Connection, "oai", "api-key");
        let alter = format!("ALTER CONNECTION oai SET ('api-key' = '{value}')");
        refused(&s, &alter, ObjectKind::Connection, "oai", "api-key");
    }
    assert_eq!(stored_secret(catalog.as_ref(), "default", "oai", "api-key").as_deref(), Some("sk-real-1"));
    // SHOW CREATE output run again is exactly the case: refused, the secret kept.
    let shown = match ok(&s, "SHOW CREATE CONNECTION oai") {
        flink_ddl_exec::Outcome::ShowCreate { masked_sql, .. } => masked_sql.to_string(),
        other => panic!("{other:?}"),
    };
    let replayed = shown.replacen("CREATE CONNECTION", "CREATE OR REPLACE CONNECTION", 1);
    refused(&s, &replayed, ObjectKind::Connection, "oai", "api-key");
    assert_eq!(stored_secret(catalog.as_ref(), "default", "oai", "api-key").as_deref(), Some("sk-real-1"));
    // A secret that merely contains the mask, or a non-secret key holding it, is a value like any other.
    ok(&s, "ALTER CONNECTION oai SET ('api-key' = 'sk-<REDACTED>-2')");
    ok(&s, "CREATE CONNECTION r WITH ('type' = 'rest', 'endpoint' = 'https://r', 'username' = '<REDACTED>', 'password' = 'p')");
}

#[test]
fn models_tools_and_agents_refuse_the_mask_in_their_options() {
    let catalog = Arc::new(MemoryCatalog::new());
    let s = session(&catalog);
    refused(
        &s,
        "CREATE MODEL m2 INPUT (x STRING) OUTPUT (y STRING) WITH ('provider' = 'openai', 'task' = 'classification', \
         'openai.connection' = 'oai', 'openai.api_key' = '<REDACTED>')",
        ObjectKind::Model,
        "m2",
        "openai.api_key",
    );
    refused(&s, "ALTER MODEL m SET ('openai.api_key' = '<redacted>')", ObjectKind::Model, "m", "openai.api_key");
    refused(
        &s,
        "CREATE TOOL t2 USING CONNECTION mcp WITH ('type' = 'mcp', 'allowed_tools' = 'a', 'token' = '<REDACTED>')",
        ObjectKind::Tool,
        "t2",
        "token",
    );
    refused(&s, "ALTER TOOL t SET ('token' = ' <REDACTED>')", ObjectKind::Tool, "t", "token");
    refused(
        &s,
        "CREATE AGENT a2 USING MODEL m USING PROMPT 'p' WITH ('secret' = '<REDACTED>')",
        ObjectKind::Agent,
        "a2",
        "secret",
    );
    refused(&s, "ALTER AGENT a SET ('client_secret' = '<REDACTED>')", ObjectKind::Agent, "a", "client_secret");
    // Nothing was created or changed.
    for sql in ["DESCRIBE MODEL m2", "DESCRIBE TOOL t2", "DESCRIBE AGENT a2"] {
        assert!(matches!(err(&s, sql), ExecError::ObjectNotFound { .. }), "{sql}");
    }
}
