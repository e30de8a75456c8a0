//! Models, tools and agents through the binary, as a tutorial runs them: connections, then a
//! model, a tool and an agent on a SQLite catalog file; the refusals that name every user; the
//! drops in the right order; and no credential of a model's WITH list in any output or file.

mod support;

use support::{catalog_files, leaked, Sandbox};

const SETUP: &str = "
CREATE CONNECTION `openai-conn` WITH ('type' = 'openai', 'endpoint' = 'https://api.openai.example/v1/chat/completions', 'api-key' = 'sk-conn-0001');
CREATE CONNECTION helpdesk_mcp WITH ('type' = 'mcp_server', 'endpoint' = 'https://mcp.helpdesk.example', 'api-key' = 'mcp-key-0002');
CREATE MODEL ticket_mood
  INPUT (`text` STRING)
  OUTPUT (mood STRING)
  COMMENT 'mood of a ticket'
  WITH ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'openai-conn',
        'openai.system_prompt' = 'Answer POSITIVE or NEGATIVE.', 'openai.api_key' = 'sk-inline-0003');
CREATE MODEL ticket_mood INPUT (`text` STRING) OUTPUT (mood STRING) COMMENT 'mood of a ticket'
  WITH ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'openai-conn');
CREATE TOOL helpdesk USING CONNECTION helpdesk_mcp WITH ('type' = 'mcp', 'allowed_tools' = 'find_ticket');
CREATE AGENT triage USING MODEL ticket_mood USING PROMPT 'Triage the ticket.' USING TOOLS helpdesk
  WITH ('max_iterations' = '5');
CREATE AGENT reviewer USING AGENTS triage;
";

#[test]
fn a_tutorial_script_its_refusals_and_its_teardown() {
    let s = Sandbox::new();
    let db = s.path("ai.db").to_str().unwrap().to_owned();
    let setup = s.write("setup.sql", SETUP);
    s.run(&["--catalog", &db, "-f", setup.to_str().unwrap()]).ok();

    let run = s.run(&["--catalog", &db, "-e", "SHOW MODELS", "-e", "DESCRIBE MODEL ticket_mood$all"]).ok();
    assert!(run.stdout.contains("Model Name"), "{}", run.stdout);
    assert!(run.stdout.contains("ticket_mood"), "{}", run.stdout);
    assert!(run.stdout.contains("VersionId"), "{}", run.stdout);
    let run = s.run(&["--catalog", &db, "-e", "SHOW CREATE MODEL ticket_mood"]).ok();
    assert!(
        run.stdout.starts_with("CREATE MODEL `ticket_mood`\nINPUT (`text` STRING)\nOUTPUT (`mood` STRING)\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.trim_end().ends_with(");"), "{}", run.stdout);

    let refused = s.run(&["--catalog", &db, "-e", "DROP CONNECTION helpdesk_mcp"]).fails_with(1);
    assert!(
        refused.stderr.contains("cannot drop connection \"helpdesk_mcp\": it is used by tool \"helpdesk\""),
        "{}",
        refused.stderr
    );
    let refused = s.run(&["--catalog", &db, "-e", "DROP CONNECTION `openai-conn`"]).fails_with(1);
    assert!(refused.stderr.contains("it is used by model \"ticket_mood\""), "{}", refused.stderr);
    let refused = s.run(&["--catalog", &db, "-e", "DROP MODEL ticket_mood$all"]).fails_with(1);
    assert!(refused.stderr.contains("it is used by agent \"triage\""), "{}", refused.stderr);
    let refused = s.run(&["--catalog", &db, "-e", "DROP TOOL helpdesk"]).fails_with(1);
    assert!(refused.stderr.contains("it is used by agent \"triage\""), "{}", refused.stderr);
    let refused = s.run(&["--catalog", &db, "-e", "DROP AGENT triage"]).fails_with(1);
    assert!(refused.stderr.contains("it is used by agent \"reviewer\""), "{}", refused.stderr);
    let refused =
        s.run(&["--catalog", &db, "-e", "CREATE AGENT lost USING MODEL nothing_here USING PROMPT 'p'"]).fails_with(1);
    assert!(refused.stderr.contains("refers to model \"nothing_here\""), "{}", refused.stderr);

    let json = s.run(&["--catalog", &db, "-o", "json", "-e", "SHOW TOOLS", "-e", "DESCRIBE AGENT triage"]).ok();
    assert!(json.stdout.contains(r#""kind":"ToolList""#), "{}", json.stdout);
    assert!(json.stdout.contains(r#""kind":"AgentDescription""#), "{}", json.stdout);

    let teardown = s.write(
        "teardown.sql",
        "DROP AGENT reviewer; DROP AGENT triage; DROP TOOL helpdesk; DROP MODEL ticket_mood$all;
         DROP CONNECTION helpdesk_mcp; DROP CONNECTION `openai-conn`; SHOW MODELS; SHOW CONNECTIONS;",
    );
    let run = s.run(&["--catalog", &db, "-f", teardown.to_str().unwrap()]).ok();
    assert!(run.stdout.contains("None found."), "{}", run.stdout);

    let secrets: Vec<String> = ["sk-conn-0001", "mcp-key-0002", "sk-inline-0003"].map(String::from).to_vec();
    for file in catalog_files(s.path("ai.db").as_path()).into_iter().filter(|f| f.exists()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(leaked(&bytes, &secrets).is_empty(), "{} holds a credential", file.display());
    }
}
