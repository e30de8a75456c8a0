//! `flink-ddl connection create|describe|list|update|delete`, driven as a black box: the
//! Confluent CLI's flags, field names and messages (docs/cli.md), credentials from stdin,
//! the delete confirmation, and no secret echoed by a usage error.

mod support;

use flink_ddl_exec::Catalog;
use flink_ddl_sqlite::SqliteCatalog;
use support::{catalog_files, leaked, Sandbox};

/// `connection <verb> ...` against the sandbox's catalog, in aws / us-west-2.
fn verb(s: &Sandbox, args: &[&str]) -> Vec<String> {
    let db = s.path("catalog.db").display().to_string();
    let mut all: Vec<String> = vec!["--catalog".into(), db, "connection".into()];
    all.extend(args.iter().map(|a| a.to_string()));
    if !args.contains(&"--cloud") {
        all.extend(["--cloud", "aws", "--region", "us-west-2"].map(String::from));
    }
    all
}

fn run(s: &Sandbox, args: &[&str]) -> support::Run {
    let all = verb(s, args);
    s.run(&all.iter().map(String::as_str).collect::<Vec<_>>())
}

fn run_with_stdin(s: &Sandbox, args: &[&str], input: &[u8]) -> support::Run {
    let all = verb(s, args);
    s.run_with_stdin(&all.iter().map(String::as_str).collect::<Vec<_>>(), input)
}

fn secret(s: &Sandbox, name: &str, key: &str) -> Option<String> {
    flink_ddl_testkit::stored_secret(&SqliteCatalog::open(s.path("catalog.db")).unwrap(), "default", name, key)
}

fn create_openai(s: &Sandbox, name: &str) {
    run(s, &["create", name, "--type", "openai", "--endpoint", "https://api.openai.com/v1", "--api-key", "CLIMARK_1"])
        .ok();
}

#[test]
fn create_describe_list_with_the_cli_field_names() {
    let s = Sandbox::new();
    let created = run(
        &s,
        &[
            "create",
            "vec",
            "--type",
            "pinecone",
            "--endpoint",
            "https://idx.example.io",
            "--api-key",
            "CLIMARK_1",
            "-o",
            "json",
        ],
    )
    .ok();
    let doc: serde_json::Value = serde_json::from_str(&created.stdout).unwrap();
    let keys: Vec<&str> = doc.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["creation_date", "name", "environment", "cloud", "region", "type", "endpoint", "data", "status"]);
    assert_eq!(doc["type"], "PINECONE");
    assert_eq!(doc["cloud"], "aws");
    assert_eq!(doc["region"], "us-west-2");
    assert_eq!(doc["data"], "<REDACTED>");

    let described = run(&s, &["describe", "vec"]).ok();
    assert!(described.stdout.contains("| Name          | vec"), "{}", described.stdout);
    let yaml = run(&s, &["describe", "vec", "-o", "yaml"]).ok();
    assert!(yaml.stdout.contains("name: vec"), "{}", yaml.stdout);

    create_openai(&s, "llm");
    let listed = run(&s, &["list", "-o", "json"]).ok();
    let list: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["llm", "vec"]);
    let only = run(&s, &["list", "--type", "openai", "-o", "json"]).ok();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&only.stdout).unwrap().as_array().unwrap().len(), 1);
    let none = run(&s, &["list", "--type", "mongodb", "-o", "json"]).ok();
    assert_eq!(none.stdout.trim(), "[]");
    assert_eq!(
        run(&s, &["list", "--type", "mongodb"]).ok().stdout,
        "None found.\n(searched environment \"default\", cloud \"aws\", region \"us-west-2\")\n"
    );
    // Another region sees nothing.
    let elsewhere = run(&s, &["list", "--cloud", "aws", "--region", "eu-west-1", "-o", "json"]).ok();
    assert_eq!(elsewhere.stdout.trim(), "[]");
    // The SQL mode sees the same catalog in the same scope.
    let db = s.path("catalog.db").display().to_string();
    let sql =
        s.run(&["--catalog", &db, "--cloud", "aws", "--region", "us-west-2", "-e", "SHOW CONNECTIONS LIKE 'v%'"]).ok();
    assert!(sql.stdout.contains("PINECONE"), "{}", sql.stdout);
}

#[test]
fn create_follows_the_cli_flags() {
    let s = Sandbox::new();
    // --type is lower case only; --cloud, --region, --type and --endpoint are required.
    let upper =
        run(&s, &["create", "c", "--type", "OPENAI", "--endpoint", "https://e", "--api-key", "k"]).fails_with(2);
    assert!(upper.stderr.contains("possible values"), "{}", upper.stderr);
    run(&s, &["create", "c", "--type", "openai", "--api-key", "k"]).fails_with(2);
    let all = verb(&s, &["create", "c", "--type", "openai", "--endpoint", "e", "--api-key", "k"]);
    let no_cloud: Vec<&str> = all.iter().map(String::as_str).take_while(|a| *a != "--cloud").collect();
    s.run(&no_cloud).fails_with(2);
    // The rules of the SQL mode apply: a credential the type does not take.
    let wrong =
        run(&s, &["create", "c", "--type", "openai", "--endpoint", "e", "--password", "CLIMARK_x"]).fails_with(1);
    assert!(wrong.stderr.starts_with("Error: "), "{}", wrong.stderr);
    assert!(wrong.stderr.contains("password"), "{}", wrong.stderr);
    assert!(!wrong.stderr.contains("CLIMARK"), "{}", wrong.stderr);
    // An empty value counts as absent.
    let empty = run(&s, &["create", "c", "--type", "openai", "--endpoint", "e", "--api-key", ""]).fails_with(1);
    assert!(empty.stderr.contains("api-key"), "{}", empty.stderr);
    // A value may start with a dash.
    run(&s, &["create", "d", "--type", "openai", "--endpoint", "e", "--api-key", "-CLIMARK-dash"]).ok();
    assert_eq!(secret(&s, "d", "api-key").as_deref(), Some("-CLIMARK-dash"));
    // MCP: transport type and SSE endpoint.
    run(
        &s,
        &[
            "create",
            "m",
            "--type",
            "mcp_server",
            "--endpoint",
            "https://m",
            "--token",
            "CLIMARK_t",
            "--transport-type",
            "STREAMABLE_HTTP",
        ],
    )
    .ok();
    let both = run(
        &s,
        &[
            "create",
            "m2",
            "--type",
            "mcp_server",
            "--endpoint",
            "https://m",
            "--token",
            "t",
            "--transport-type",
            "STREAMABLE_HTTP",
            "--sse-endpoint",
            "https://m/sse",
        ],
    )
    .fails_with(1);
    assert!(both.stderr.contains("sse-endpoint"), "{}", both.stderr);
    let twice = run(&s, &["create", "d", "--type", "openai", "--endpoint", "e", "--api-key", "k"]).fails_with(1);
    assert!(twice.stderr.contains("already exists"), "{}", twice.stderr);
}

#[test]
fn update_changes_credentials_only() {
    let s = Sandbox::new();
    run(
        &s,
        &[
            "create",
            "pg",
            "--type",
            "confluent_jdbc",
            "--endpoint",
            "jdbc:postgresql://db",
            "--username",
            "svc",
            "--password",
            "CLIMARK_p1",
        ],
    )
    .ok();
    let updated = run(&s, &["update", "pg", "--password", "CLIMARK_p2", "-o", "json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&updated.stdout).unwrap();
    assert_eq!(doc["endpoint"], "jdbc:postgresql://db");
    assert_eq!(secret(&s, "pg", "password").as_deref(), Some("CLIMARK_p2"));
    assert_eq!(secret(&s, "pg", "username").as_deref(), Some("svc"));
    // No --endpoint (or --type) flag on update.
    run(&s, &["update", "pg", "--endpoint", "jdbc:other"]).fails_with(2);
    run(&s, &["update", "pg", "--type", "rest"]).fails_with(2);
    let nothing = run(&s, &["update", "pg"]).fails_with(1);
    assert!(nothing.stderr.starts_with("Error: "), "{}", nothing.stderr);
    let missing = run(&s, &["update", "nope", "--password", "x"]).fails_with(1);
    assert!(missing.stderr.contains("Flink connection \"nope\" not found"), "{}", missing.stderr);
}

#[test]
fn credentials_can_come_from_stdin() {
    let s = Sandbox::new();
    let run = run_with_stdin(
        &s,
        &["create", "r", "--type", "rest", "--endpoint", "https://r", "--username", "svc", "--password", "-"],
        b"CLIMARK pass with spaces\n",
    )
    .ok();
    assert!(!run.stdout.contains("CLIMARK"));
    assert_eq!(secret(&s, "r", "password").as_deref(), Some("CLIMARK pass with spaces"));
    // Two `-` flags read one line each, in the order they were typed.
    run_with_stdin(
        &s,
        &[
            "create",
            "a",
            "--type",
            "bedrock",
            "--endpoint",
            "https://b",
            "--aws-secret-key",
            "-",
            "--aws-access-key",
            "-",
        ],
        b"CLIMARK_secret\r\nCLIMARK_access\n",
    )
    .ok();
    assert_eq!(secret(&s, "a", "aws-access-key").as_deref(), Some("CLIMARK_access"));
    assert_eq!(secret(&s, "a", "aws-secret-key").as_deref(), Some("CLIMARK_secret"));
    run_with_stdin(&s, &["update", "r", "--password", "-"], b"CLIMARK_rotated").ok();
    assert_eq!(secret(&s, "r", "password").as_deref(), Some("CLIMARK_rotated"));
    let ended = run_with_stdin(&s, &["update", "r", "--password", "-"], b"").fails_with(1);
    assert!(ended.stderr.contains("--password"), "{}", ended.stderr);
}

#[test]
fn delete_needs_force_without_a_terminal_and_prints_the_cli_message() {
    let s = Sandbox::new();
    for name in ["a", "b", "c", "d", "e", "f"] {
        create_openai(&s, name);
    }
    let refused = run(&s, &["delete", "a"]).fails_with(2);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert!(secret(&s, "a", "api-key").is_some());

    assert_eq!(run(&s, &["delete", "a", "--force"]).ok().stdout, "Deleted Flink connection \"a\".\n");
    assert_eq!(run(&s, &["delete", "b", "c", "--force"]).ok().stdout, "Deleted Flink connections \"b\" and \"c\".\n");
    assert_eq!(
        run(&s, &["delete", "d", "e", "f", "--force"]).ok().stdout,
        "Deleted Flink connections \"d\", \"e\", and \"f\".\n"
    );
    assert!(run(&s, &["list"]).ok().stdout.starts_with("None found.\n"));

    // A missing name: nothing is deleted, and the CLI's words.
    create_openai(&s, "g");
    let missing = run(&s, &["delete", "g", "nope", "--force"]).fails_with(1);
    assert!(missing.stderr.contains("Error: Flink connection \"nope\" not found"), "{}", missing.stderr);
    assert!(secret(&s, "g", "api-key").is_some());
    run(&s, &["delete", "--force"]).fails_with(2);
}

#[test]
fn delete_of_a_connection_a_table_uses_is_refused() {
    // Tables come from SQL; store one through the library on the same file, as the shell would.
    let s = Sandbox::new();
    run(
        &s,
        &[
            "create",
            "mongo",
            "--type",
            "mongodb",
            "--endpoint",
            "mongodb+srv://x",
            "--username",
            "u",
            "--password",
            "CLIMARK_m",
        ],
    )
    .ok();
    {
        let catalog: std::sync::Arc<dyn Catalog> =
            std::sync::Arc::new(SqliteCatalog::open(s.path("catalog.db")).unwrap());
        let session =
            flink_ddl_exec::Session::new(catalog, flink_ddl_exec::SessionContext::new("default", "aws", "us-west-2"));
        let options = flink_ddl::OptionList::from_pairs([("connector", "mongodb"), ("mongodb.connection", "mongo")]);
        session.create_table(&flink_ddl::ObjectName::simple("movies"), false, &options, "CREATE TABLE movies").unwrap();
    }
    let refused = run(&s, &["delete", "mongo", "--force"]).fails_with(1);
    assert!(refused.stderr.contains("\"movies\""), "{}", refused.stderr);
    assert!(refused.stdout.is_empty(), "{}", refused.stdout);
    assert!(secret(&s, "mongo", "password").is_some());
}

#[test]
fn a_usage_error_never_echoes_a_secret() {
    let s = Sandbox::new();
    let cases: Vec<Vec<&str>> = vec![
        vec!["create", "c", "--type", "openai", "--endpoint", "e", "--api-ky", "CLIMARK_typo1"],
        vec!["create", "c", "--type", "openai", "--endpoint", "e", "--api-ky=CLIMARK_typo2"],
        vec!["create", "c", "--type", "openai", "--endpoint", "e", "--api-key", "CLIMARK_one", "CLIMARK_two"],
        vec!["create", "c", "--type", "openai", "--endpoint", "e", "--password", "CLIMARK", "split", "--bogus"],
        vec!["update", "c", "--client-secret=CLIMARK_cs", "--client-secret", "CLIMARK_cs2"],
        vec!["update", "c", "--token", "CLIMARK_tok", "--endpoint", "e"],
    ];
    for case in &cases {
        let run = run(&s, case).fails_with(2);
        let shown = format!("{}{}", run.stdout, run.stderr);
        assert!(shown.contains("error:"), "{case:?}: {shown}");
        assert!(leaked(shown.as_bytes(), &["CLIMARK".into()]).is_empty(), "{case:?} leaked:\n{shown}");
    }
    // SQL given without -e.
    let run = s.run(&["CREATE CONNECTION c WITH ('api-key' = 'CLIMARK_sql')"]).fails_with(2);
    assert!(!run.stderr.contains("CLIMARK"), "{}", run.stderr);
    // And the catalog holds none of the values, sealed or otherwise.
    for file in catalog_files(&s.path("catalog.db")) {
        if let Ok(bytes) = std::fs::read(&file) {
            assert!(leaked(&bytes, &["CLIMARK".into()]).is_empty(), "{}", file.display());
        }
    }
}
