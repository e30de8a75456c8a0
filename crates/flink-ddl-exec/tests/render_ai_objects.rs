//! The rendered outcomes of the model, tool and agent statements, as `insta` snapshots: SHOW
//! lists, DESCRIBE MODEL (with and without versions), DESCRIBE TOOL / AGENT, SHOW CREATE, the
//! change messages, and their `flink-ddl/v1` JSON and YAML; never a credential.

use std::sync::Arc;

use flink_ddl_exec::{render, render_to, MemoryCatalog, OutputFormat, Session, SessionContext};
use flink_ddl_testkit::{ok, session_in};

const SECRETS: [&str; 3] = ["sk-conn-1", "sk-inline-2", "service-key-3"];

fn catalog() -> Session {
    let session = session_in(Arc::new(MemoryCatalog::new()), SessionContext::new("env-a1b2c3", "aws", "us-west-2"));
    for sql in [
        "CREATE CONNECTION oai WITH ('type' = 'openai', 'endpoint' = 'https://api.openai.example/v1', 'api-key' = 'sk-conn-1')",
        "CREATE CONNECTION tools_mcp WITH ('type' = 'mcp_server', 'endpoint' = 'https://mcp.example', 'api-key' = 'k')",
        "CREATE MODEL review_mood INPUT (`text` STRING COMMENT 'the review') OUTPUT (mood STRING) COMMENT 'mood of a review' \
         WITH ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'oai', \
         'openai.system_prompt' = 'Answer POSITIVE or NEGATIVE.', 'openai.api_key' = 'sk-inline-2')",
        "CREATE MODEL review_mood INPUT (`text` STRING COMMENT 'the review') OUTPUT (mood STRING) COMMENT 'mood of a review' \
         WITH ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'oai', 'openai.model_version' = 'gpt-4o')",
        "CREATE MODEL vectors INPUT (passage STRING) OUTPUT (vec ARRAY<FLOAT>) \
         WITH ('provider' = 'vertexai', 'task' = 'embedding', 'vertexai.service_key' = 'service-key-3')",
        "CREATE TOOL lookup USING CONNECTION tools_mcp COMMENT 'ticket lookups' WITH ('type' = 'mcp', 'allowed_tools' = 'find_ticket')",
        "CREATE AGENT triage USING MODEL review_mood USING PROMPT 'Triage the ticket.' USING TOOLS lookup WITH ('max_iterations' = '5')",
    ] {
        ok(&session, sql);
    }
    session
}

fn shown(session: &Session, sql: &str, format: OutputFormat) -> String {
    let outcome = ok(session, sql);
    let text = render(&outcome, format);
    // What the binary writes (some human tables are written as they are made) is what `render` gives.
    let mut written = Vec::new();
    render_to(&outcome, format, &mut written).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), text, "{sql}, {format:?}");
    for secret in SECRETS {
        assert!(!text.contains(secret), "{sql} shows a credential:\n{text}");
    }
    text
}

#[test]
fn human_outputs() {
    let s = catalog();
    let mut all = String::new();
    for sql in [
        "SHOW MODELS",
        "SHOW TOOLS LIKE 'look%'",
        "SHOW AGENTS FROM other_env.db",
        "DESCRIBE MODEL review_mood",
        "DESCRIBE MODEL review_mood$all",
        "DESCRIBE MODEL vectors$1",
        "DESCRIBE TOOL lookup",
        "DESCRIBE AGENT triage",
        "SHOW CREATE MODEL review_mood",
        "SHOW CREATE MODEL vectors",
        "SHOW CREATE TOOL lookup",
        "SHOW CREATE AGENT triage",
        "ALTER MODEL review_mood SET ('default_version' = '2')",
        "DROP MODEL vectors",
        "CREATE AGENT IF NOT EXISTS triage USING MODEL review_mood USING PROMPT 'x'",
    ] {
        all.push_str(&format!("> {sql}\n{}\n", shown(&s, sql, OutputFormat::Human)));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn json_and_yaml_documents() {
    let s = catalog();
    let mut all = String::new();
    for sql in ["SHOW MODELS", "DESCRIBE MODEL review_mood$all", "DESCRIBE AGENT triage", "SHOW CREATE TOOL lookup"] {
        all.push_str(&format!("> {sql}\n{}", shown(&s, sql, OutputFormat::Json)));
    }
    all.push_str(&format!("> DESCRIBE TOOL lookup (YAML)\n{}", shown(&s, "DESCRIBE TOOL lookup", OutputFormat::Yaml)));
    all.push_str(&format!("> DROP AGENT triage\n{}", shown(&s, "DROP AGENT triage", OutputFormat::Json)));
    insta::assert_snapshot!(all);
}
