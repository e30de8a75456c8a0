//! Models, tools and agents in a SQLite file: sealed at rest (no credential of a WITH list in the
//! file), kept across a reopen, and still readable after the key is rotated.

use std::sync::Arc;

use flink_ddl_exec::{render, Catalog, Outcome, OutputFormat, Session, SessionContext};
use flink_ddl_sqlite::{rekey, SqliteCatalog};
use tempfile::TempDir;

fn run(session: &Session, sql: &str) -> Outcome {
    session.execute(&flink_ddl::parse_statement(sql).unwrap()).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn models_are_sealed_kept_and_rekeyed() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ai.db");
    {
        let catalog: Arc<dyn Catalog> = Arc::new(SqliteCatalog::open(&path).unwrap());
        let session = Session::new(catalog, SessionContext::default());
        run(
            &session,
            "CREATE CONNECTION oai WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'sk-conn')",
        );
        run(
            &session,
            "CREATE MODEL gen INPUT (q STRING) OUTPUT (a STRING) WITH ('provider' = 'openai', \
             'task' = 'text_generation', 'openai.connection' = 'oai', 'openai.api_key' = 'sk-inline-model-key')",
        );
        run(&session, "CREATE AGENT helper USING MODEL gen USING PROMPT 'help'");
    }
    let bytes = std::fs::read(&path).unwrap();
    let needle = b"sk-inline-model-key";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the model's key is sealed in the file");

    let mut steps = 0;
    let report = rekey(&path, &SqliteCatalog::default_key_file(&path), None, &mut |_| steps += 1).unwrap();
    assert!(steps >= 3, "the connection, the model and the agent were re-sealed");
    assert_eq!((report.connections, report.tables, report.ai_objects), (1, 0, 2), "{report:?}");

    let catalog: Arc<dyn Catalog> = Arc::new(SqliteCatalog::open(&path).unwrap());
    let session = Session::new(catalog.clone(), SessionContext::default());
    let shown = render(&run(&session, "SHOW CREATE MODEL gen"), OutputFormat::Human);
    assert!(shown.contains("'OPENAI.API_KEY' = '<REDACTED>'"), "{shown}");
    let e = session.execute(&flink_ddl::parse_statement("DROP CONNECTION oai").unwrap()).unwrap_err();
    assert_eq!(e.to_string(), "cannot drop connection \"oai\": it is used by model \"gen\" (drop those first)");
    let e = session.execute(&flink_ddl::parse_statement("DROP MODEL gen").unwrap()).unwrap_err();
    assert_eq!(e.to_string(), "cannot drop model \"gen\": it is used by agent \"helper\" (drop those first)");
    // The real value is still there for the engine that would call the model.
    let scope = SessionContext::default().scope();
    let record = catalog.get_ai_object(&scope, flink_ddl_exec::AiObjectKind::Model, "gen").unwrap().unwrap();
    let options = record.default().definition.options().clone();
    assert_eq!(options.get("openai.api_key").unwrap().expose_secret(), "sk-inline-model-key");
}
