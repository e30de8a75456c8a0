//! Models, tools and agents: versions, the references each write checks, in-use protection across
//! the whole graph (connection ← table, model, tool; model, tool ← agent; agent ← reflection
//! agent) and roles. Run by every store that keeps them ([`crate::ai_object_conformance_tests`]).

use crate::conformance::support::{err, mongo_table, ok, run, session, Store, MONGO};
use crate::executor::{ExecError, Outcome, SessionContext};
use crate::render::{render, OutputFormat};
use crate::role::Role;

const OPENAI_CONN: &str = "CREATE CONNECTION oai WITH ('type' = 'openai', 'endpoint' = 'https://api.openai.example/v1', 'api-key' = 'sk-conn')";
const MCP_CONN: &str =
    "CREATE CONNECTION tools_mcp WITH ('type' = 'mcp_server', 'endpoint' = 'https://mcp.example', 'api-key' = 'k')";
const MODEL: &str = "CREATE MODEL mood INPUT (text STRING) OUTPUT (label STRING) COMMENT 'mood' WITH ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'oai', 'openai.system_prompt' = 'v1')";

fn model_version(prompt: &str) -> String {
    MODEL.replace("'v1'", &format!("'{prompt}'"))
}

fn list(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::AiObjectsListed { names, .. } => names.clone(),
        other => panic!("not a list: {other:?}"),
    }
}

fn rows(outcome: &Outcome) -> Vec<Vec<String>> {
    match outcome {
        Outcome::AiObjectDescribed { rows, .. } => rows.clone(),
        other => panic!("not a description: {other:?}"),
    }
}

/// CREATE of an existing model adds a version (at most 10, alike in INPUT, OUTPUT, COMMENT and
/// task); the default stays until moved; DROP without a version drops the default and the lowest
/// remaining version becomes the default; `$all` drops the model.
pub fn model_versions_come_and_go(store: &impl Store) {
    let s = session(&store.open(), SessionContext::default());
    ok(&s, OPENAI_CONN);
    assert!(matches!(ok(&s, MODEL), Outcome::AiObjectChanged { version: Some(1), .. }));
    assert!(matches!(ok(&s, &model_version("v2")), Outcome::AiObjectChanged { version: Some(2), .. }));
    assert!(matches!(ok(&s, &MODEL.replace("CREATE MODEL", "CREATE MODEL IF NOT EXISTS")), Outcome::NoOp { .. }));
    let all = rows(&ok(&s, "DESCRIBE MODEL mood$all"));
    assert_eq!(all.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect::<Vec<_>>(), [("1", "true"), ("2", "false")]);
    assert!(all[1][4].contains("OPENAI.SYSTEM_PROMPT=v2"), "{all:?}");
    let e = err(&s, &MODEL.replace("(label STRING)", "(label INT)"));
    assert_eq!(e.rule(), "model-versions-alike");
    let e = err(&s, &MODEL.replace("'classification'", "'embedding'"));
    assert_eq!(e.rule(), "model-versions-alike");
    ok(&s, "ALTER MODEL mood SET ('default_version' = '2')");
    assert_eq!(
        rows(&ok(&s, "DESCRIBE MODEL mood"))[0][2],
        "{ OPENAI.CONNECTION=oai, OPENAI.SYSTEM_PROMPT=v2, PROVIDER=openai, TASK=classification }"
    );
    assert_eq!(err(&s, "ALTER MODEL mood SET ('default_version' = '7')").rule(), "model-default-version");
    ok(&s, "ALTER MODEL mood$1 SET ('openai.system_prompt' = 'v1b')");
    assert!(rows(&ok(&s, "DESCRIBE MODEL mood$1"))[0][4].contains("v1b"));
    // DROP without a version drops the default (2); version 1 becomes the default.
    assert!(matches!(ok(&s, "DROP MODEL mood"), Outcome::AiObjectChanged { version: Some(2), .. }));
    assert_eq!(rows(&ok(&s, "DESCRIBE MODEL mood$all")).iter().map(|r| r[0].clone()).collect::<Vec<_>>(), ["1"]);
    for n in 2..=10 {
        ok(&s, &model_version(&format!("v{n}")));
    }
    let e = err(&s, &model_version("v11"));
    assert_eq!(e.rule(), "model-version-limit");
    ok(&s, "DROP MODEL `mood$5`");
    assert!(matches!(err(&s, "DROP MODEL mood$5"), ExecError::ObjectNotFound { .. }));
    assert!(matches!(ok(&s, "DROP MODEL IF EXISTS mood$5"), Outcome::NoOp { .. }));
    // The next version is the highest plus one (a dropped lower number is not given again).
    assert!(matches!(ok(&s, &model_version("v11")), Outcome::AiObjectChanged { version: Some(11), .. }));
    ok(&s, "DROP MODEL mood$all");
    assert!(list(&ok(&s, "SHOW MODELS")).is_empty());
    assert!(matches!(err(&s, "DESCRIBE MODEL mood"), ExecError::ObjectNotFound { .. }));
}

/// Each reference is checked with the write: a model's `<provider>.connection` of the provider's
/// type, `mcp.connection` of type `mcp_server`, a tool's connection of its type, an agent's
/// model, tools and agents.
pub fn references_are_checked_with_the_write(store: &impl Store) {
    let s = session(&store.open(), SessionContext::default());
    let e = err(&s, MODEL);
    assert_eq!(e.rule(), "reference-exists-with-type");
    assert!(e.to_string().contains("refers to connection \"oai\" of type openai, which does not exist"), "{e}");
    ok(&s, MCP_CONN);
    // A connection of another type is no connection of the provider's.
    ok(&s, &MCP_CONN.replace("tools_mcp", "oai"));
    assert_eq!(err(&s, MODEL).rule(), "reference-exists-with-type");
    ok(&s, "DROP CONNECTION oai");
    ok(&s, OPENAI_CONN);
    ok(&s, MODEL);
    let with_mcp = "CREATE MODEL caller INPUT (q STRING) OUTPUT (a STRING) WITH ('provider' = 'openai', 'task' = 'text_generation', 'openai.connection' = 'oai', 'mcp.connection' = 'oai')";
    assert_eq!(err(&s, with_mcp).rule(), "reference-exists-with-type");
    ok(&s, &with_mcp.replace("'mcp.connection' = 'oai'", "'mcp.connection' = 'tools_mcp'"));
    // Confluent's own models need no connection.
    ok(&s, "CREATE MODEL local_gen WITH ('provider' = 'confluent', 'task' = 'text_generation')");
    assert_eq!(
        err(&s, "CREATE TOOL t USING CONNECTION oai WITH ('type' = 'mcp', 'allowed_tools' = 'a')").rule(),
        "reference-exists-with-type"
    );
    assert_eq!(err(&s, "CREATE TOOL t USING CONNECTION tools_mcp WITH ('type' = 'mcp')").rule(), "tool-type");
    ok(&s, "CREATE TOOL t USING CONNECTION tools_mcp WITH ('type' = 'mcp', 'allowed_tools' = 'a')");
    assert!(matches!(
        err(&s, "CREATE TOOL t USING FUNCTION f WITH ('type' = 'function')"),
        ExecError::ObjectExists { .. }
    ));
    assert!(matches!(
        ok(&s, "CREATE TOOL IF NOT EXISTS t USING FUNCTION f WITH ('type' = 'function')"),
        Outcome::NoOp { .. }
    ));
    let e = err(&s, "CREATE AGENT a USING MODEL nope USING PROMPT 'p' USING TOOLS t");
    assert!(e.to_string().contains("refers to model \"nope\""), "{e}");
    let e = err(&s, "CREATE AGENT a USING MODEL mood USING PROMPT 'p' USING TOOLS t, missing_tool");
    assert!(e.to_string().contains("refers to tool \"missing_tool\""), "{e}");
    ok(&s, "CREATE AGENT a USING MODEL mood USING PROMPT 'p' USING TOOLS t");
    assert!(err(&s, "CREATE AGENT r USING AGENTS a, ghost").to_string().contains("agent \"ghost\""));
    ok(&s, "CREATE AGENT r USING AGENTS a");
    assert_eq!(err(&s, "ALTER AGENT a ADD TOOL ghost").rule(), "reference-exists-with-type");
    assert_eq!(err(&s, "ALTER AGENT a SET MODEL ghost").rule(), "reference-exists-with-type");
    assert_eq!(
        err(&s, "CREATE AGENT bad USING MODEL mood USING PROMPT 'p' WITH ('max_iterations' = '0')").rule(),
        "agent-options"
    );
}

/// Nothing in use may go: each refusal names every user, and dropping in the right order
/// succeeds. CREATE OR REPLACE CONNECTION may not change the type of a connection in use.
pub fn in_use_protection_names_every_user(store: &impl Store) {
    let s = session(&store.open(), SessionContext::default());
    ok(&s, OPENAI_CONN);
    ok(&s, MCP_CONN);
    ok(&s, MONGO);
    mongo_table(&s, "orders", "m").unwrap();
    ok(&s, MODEL);
    ok(&s, "CREATE MODEL helper INPUT (q STRING) OUTPUT (a STRING) WITH ('provider' = 'openai', 'task' = 'text_generation', 'openai.connection' = 'oai', 'mcp.connection' = 'tools_mcp')");
    ok(&s, "CREATE TOOL lookup USING CONNECTION tools_mcp WITH ('type' = 'mcp', 'allowed_tools' = 'find')");
    ok(&s, "CREATE AGENT triage USING MODEL mood USING PROMPT 'triage' USING TOOLS lookup");
    ok(&s, "CREATE AGENT reviewer USING AGENTS triage");

    let e = err(&s, "DROP CONNECTION tools_mcp");
    assert_eq!(e.rule(), "in-use");
    assert_eq!(
        e.to_string(),
        "cannot drop connection \"tools_mcp\": it is used by model \"helper\", tool \"lookup\" (drop those first)"
    );
    let e = err(&s, "DROP CONNECTION oai");
    assert!(e.to_string().contains("model \"helper\", model \"mood\""), "{e}");
    // Tables alone keep the connection error they always had.
    assert!(matches!(err(&s, "DROP CONNECTION m"), ExecError::ConnectionInUse { .. }));
    let e = err(
        &s,
        &OPENAI_CONN.replace("CREATE CONNECTION", "CREATE OR REPLACE CONNECTION").replace("'openai'", "'mcp_server'"),
    );
    assert!(
        e.to_string().starts_with("cannot replace connection \"oai\": it is used by model \"helper\", model \"mood\""),
        "{e}"
    );
    // The same type may be replaced: every reference still holds.
    ok(&s, &OPENAI_CONN.replace("CREATE CONNECTION", "CREATE OR REPLACE CONNECTION"));

    assert_eq!(
        err(&s, "DROP MODEL mood$all").to_string(),
        "cannot drop model \"mood\": it is used by agent \"triage\" (drop those first)"
    );
    assert_eq!(err(&s, "DROP MODEL mood").rule(), "in-use", "the last version takes the model with it");
    assert_eq!(
        err(&s, "DROP TOOL lookup").to_string(),
        "cannot drop tool \"lookup\": it is used by agent \"triage\" (drop those first)"
    );
    assert_eq!(
        err(&s, "DROP AGENT triage").to_string(),
        "cannot drop agent \"triage\": it is used by agent \"reviewer\" (drop those first)"
    );
    assert_eq!(err(&s, "ALTER MODEL mood RENAME TO mood2").rule(), "in-use");
    assert_eq!(err(&s, "ALTER TOOL lookup RENAME TO lookup2").rule(), "in-use");

    // A refused statement changed nothing.
    assert_eq!(list(&ok(&s, "SHOW AGENTS")), ["reviewer", "triage"]);
    assert_eq!(list(&ok(&s, "SHOW MODELS")), ["helper", "mood"]);

    ok(&s, "ALTER AGENT triage REMOVE TOOL lookup");
    ok(&s, "DROP TOOL lookup");
    ok(&s, "DROP AGENT reviewer");
    ok(&s, "DROP AGENT triage");
    ok(&s, "DROP MODEL mood");
    ok(&s, "DROP MODEL helper$all");
    ok(&s, "DROP CONNECTION tools_mcp");
    ok(&s, "DROP CONNECTION oai");
    s.drop_table(&flink_ddl::ObjectName::simple("orders"), false).unwrap();
    ok(&s, "DROP CONNECTION m");
}

/// ALTER TOOL and ALTER AGENT: options merged, RESET, RENAME TO, the agent's model, prompt and
/// tools; IF EXISTS on a missing object changes nothing.
pub fn alter_tools_and_agents(store: &impl Store) {
    let s = session(&store.open(), SessionContext::default());
    ok(&s, OPENAI_CONN);
    ok(&s, MCP_CONN);
    ok(&s, MODEL);
    ok(&s, "CREATE MODEL other INPUT (q STRING) WITH ('provider' = 'openai', 'task' = 'text_generation', 'openai.connection' = 'oai')");
    ok(&s, "CREATE TOOL lookup USING CONNECTION tools_mcp WITH ('type' = 'mcp', 'allowed_tools' = 'find', 'request_timeout' = '30')");
    ok(&s, "CREATE TOOL fx USING FUNCTION convert_amount WITH ('type' = 'function')");
    ok(&s, "ALTER TOOL lookup SET ('allowed_tools' = 'find,close')");
    ok(&s, "ALTER TOOL lookup RESET ('request_timeout')");
    assert_eq!(rows(&ok(&s, "DESCRIBE TOOL lookup"))[0][2], "{ ALLOWED_TOOLS=find,close, TYPE=mcp }");
    assert_eq!(err(&s, "ALTER TOOL lookup SET ('type' = 'a2a')").rule(), "tool-type");
    assert_eq!(err(&s, "ALTER TOOL lookup RESET ('allowed_tools')").rule(), "tool-type");
    ok(&s, "ALTER TOOL fx RENAME TO fx_convert");
    assert_eq!(list(&ok(&s, "SHOW TOOLS")), ["fx_convert", "lookup"]);
    ok(&s, "CREATE AGENT a USING MODEL mood USING PROMPT 'p' USING TOOLS lookup");
    ok(&s, "ALTER AGENT a ADD TOOL fx_convert");
    assert_eq!(err(&s, "ALTER AGENT a ADD TOOL lookup").rule(), "agent-tools");
    ok(&s, "ALTER AGENT a REMOVE TOOL lookup");
    assert_eq!(err(&s, "ALTER AGENT a REMOVE TOOL lookup").rule(), "agent-tools");
    ok(&s, "ALTER AGENT a SET MODEL other");
    ok(&s, "ALTER AGENT a SET PROMPT 'be brief'");
    ok(&s, "ALTER AGENT a SET ('max_iterations' = '4')");
    let described = rows(&ok(&s, "DESCRIBE AGENT a"));
    assert_eq!(described[0][..4], ["other", "be brief", "fx_convert", ""]);
    assert_eq!(described[0][4], "{ MAX_ITERATIONS=4 }");
    // The model no agent uses any more may go.
    ok(&s, "DROP MODEL mood");
    assert!(matches!(ok(&s, "ALTER AGENT IF EXISTS ghost SET PROMPT 'x'"), Outcome::NoOp { .. }));
    assert!(matches!(err(&s, "ALTER TOOL ghost SET ('a' = 'b')"), ExecError::ObjectNotFound { .. }));
    assert!(matches!(ok(&s, "DROP TOOL IF EXISTS ghost"), Outcome::NoOp { .. }));
}

/// SHOW lists by name with LIKE, an other environment has none; SHOW CREATE MODEL prints the
/// documented layout with secrets masked.
pub fn show_and_show_create(store: &impl Store) {
    let s = session(&store.open(), SessionContext::default());
    ok(&s, OPENAI_CONN);
    ok(&s, MODEL);
    ok(
        &s,
        "CREATE MODEL `Mood-2` WITH ('provider' = 'openai', 'task' = 'classification', 'openai.api_key' = 'sk-inline')",
    );
    assert_eq!(list(&ok(&s, "SHOW MODELS")), ["Mood-2", "mood"]);
    assert_eq!(list(&ok(&s, "SHOW MODELS LIKE 'mo%'")), ["mood"]);
    assert_eq!(list(&ok(&s, "SHOW MODELS NOT ILIKE 'mo%'")), Vec::<String>::new());
    assert!(list(&ok(&s, "SHOW MODELS FROM other_env.db")).is_empty());
    assert_eq!(list(&ok(&s, "SHOW MODELS IN any_db")), ["Mood-2", "mood"]);
    let Outcome::ShowCreate { masked_sql, .. } = ok(&s, "SHOW CREATE MODEL `Mood-2`") else { panic!() };
    assert_eq!(
        masked_sql,
        "CREATE MODEL `Mood-2`\nWITH (\n  'OPENAI.API_KEY' = '<REDACTED>',\n  'PROVIDER' = 'openai',\n  'TASK' = 'classification'\n)"
    );
    for format in [OutputFormat::Human, OutputFormat::Json, OutputFormat::Yaml] {
        for sql in ["SHOW CREATE MODEL `Mood-2`", "DESCRIBE MODEL `Mood-2`", "DESCRIBE MODEL `Mood-2$all`"] {
            let shown = render(&ok(&s, sql), format);
            assert!(!shown.contains("sk-inline"), "{sql}: {shown}");
        }
    }
}

/// Creating, altering and dropping need an admin role; describing and listing do not.
pub fn roles_guard_changes(store: &impl Store) {
    let catalog = store.open();
    let admin = session(&catalog, SessionContext::default());
    ok(&admin, OPENAI_CONN);
    ok(&admin, MODEL);
    let developer = session(&catalog, SessionContext::default().with_roles([Role::FlinkDeveloper]));
    for sql in [
        model_version("v2").as_str(),
        "ALTER MODEL mood SET ('openai.system_prompt' = 'x')",
        "DROP MODEL mood",
        "CREATE TOOL t USING FUNCTION f WITH ('type' = 'function')",
        "CREATE AGENT a USING MODEL mood USING PROMPT 'p'",
        "DROP AGENT a",
    ] {
        assert_eq!(err(&developer, sql).rule(), "connection-admin-roles", "{sql}");
    }
    assert_eq!(list(&ok(&developer, "SHOW MODELS")), ["mood"]);
    assert!(run(&developer, "DESCRIBE MODEL mood").is_ok());
}
