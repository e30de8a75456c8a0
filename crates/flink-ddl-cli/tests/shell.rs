//! The `flink-ddl` binary in SQL mode, driven as a black box: persistence between runs, the
//! order of `-e` and `-f`, exit codes, error positions, output formats, stdin, the interactive
//! shell and its history, the key file, and concurrent processes on one catalog.

mod support;

use std::path::Path;

use flink_ddl_exec::Catalog;
use flink_ddl_sqlite::SqliteCatalog;
use support::{catalog_files, leaked, Sandbox};

const CREATE_A: &str = "CREATE CONNECTION a WITH ('type' = 'openai', 'endpoint' = 'https://api.openai.com/v1', 'api-key' = 'SECRETMARK_a1')";
const CREATE_B: &str = "CREATE CONNECTION b WITH ('type' = 'rest', 'endpoint' = 'https://r.example', 'username' = 'svc', 'password' = 'SECRETMARK_b1')";

fn catalog_arg(sandbox: &Sandbox) -> String {
    sandbox.path("catalog.db").display().to_string()
}

fn stored_secret(catalog: &Path, name: &str, key: &str) -> Option<String> {
    flink_ddl_testkit::stored_secret(&SqliteCatalog::open(catalog).unwrap(), "default", name, key)
}

#[test]
fn connections_persist_between_runs() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    s.run(&["--catalog", &db, "-e", CREATE_A]).ok();
    let described = s.run(&["--catalog", &db, "-e", "DESCRIBE CONNECTION a"]).ok();
    assert!(described.stdout.contains("| Name          | a"), "{}", described.stdout);
    assert!(described.stdout.contains("| Data          | <REDACTED>"), "{}", described.stdout);
    s.run(&["--catalog", &db, "-e", "ALTER CONNECTION a SET ('api-key' = 'SECRETMARK_a2')"]).ok();
    assert_eq!(stored_secret(Path::new(&db), "a", "api-key").as_deref(), Some("SECRETMARK_a2"));
    s.run(&["--catalog", &db, "-e", "DROP CONNECTION a"]).ok();
    let shown = s.run(&["--catalog", &db, "-e", "SHOW CONNECTIONS"]).ok();
    assert_eq!(shown.stdout, "None found.\n(searched environment \"default\", cloud \"local\", region \"local\")\n");
}

#[test]
fn the_default_catalog_lives_in_the_data_directory_private_to_the_user() {
    let s = Sandbox::new();
    s.run(&["-e", CREATE_A]).ok();
    let db = s.data_dir().join("catalog.db");
    let key = s.data_dir().join("catalog.db.key");
    assert!(db.is_file() && key.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&key), 0o600);
        assert_eq!(mode(&db), 0o600);
        assert_eq!(mode(&s.data_dir()), 0o700);
    }
    let listed = s.run(&["-e", "SHOW CONNECTIONS"]).ok();
    assert!(listed.stdout.contains(" a "), "{}", listed.stdout);
    // $FLINK_DDL_CATALOG names another file.
    let mut cmd = s.command();
    cmd.env("FLINK_DDL_CATALOG", s.path("other.db")).args(["-e", "SHOW CONNECTIONS"]);
    let other = support::finish(cmd, None).ok();
    assert_eq!(other.stdout, "None found.\n(searched environment \"default\", cloud \"local\", region \"local\")\n");
    assert!(s.path("other.db").is_file() && s.path("other.db.key").is_file());
}

#[test]
fn memory_catalog_leaves_no_file() {
    let s = Sandbox::new();
    let run = s.run(&["--memory", "-e", CREATE_A, "-e", "SHOW CONNECTIONS"]).ok();
    assert!(run.stdout.contains("OPENAI"));
    assert!(!s.path("data").exists());
    s.run(&["--memory", "--catalog", "x.db", "-e", "SHOW CONNECTIONS"]).fails_with(2);
}

#[test]
fn e_and_f_run_in_command_line_order() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let create = s.write("create.sql", format!("{CREATE_A};\n"));
    let create = create.to_str().unwrap();
    // File first: the describe finds the connection.
    s.run(&["--catalog", &db, "-f", create, "-e", "DESCRIBE CONNECTION a", "-e", "DROP CONNECTION a"]).ok();
    // Describe first: it fails, and nothing after it runs.
    let run = s.run(&["--catalog", &db, "-e", "DESCRIBE CONNECTION a", "-f", create]).fails_with(1);
    assert!(run.stderr.contains("-e #1:1:1:"), "{}", run.stderr);
    assert_eq!(
        s.run(&["--catalog", &db, "-e", "SHOW CONNECTIONS"]).ok().stdout,
        "None found.\n(searched environment \"default\", cloud \"local\", region \"local\")\n"
    );
}

#[test]
fn the_first_failing_statement_stops_the_run_with_exit_1() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let run =
        s.run(&["--catalog", &db, "-e", CREATE_A, "-e", "DROP CONNECTION nope; SHOW CONNECTIONS", "-e", CREATE_B]);
    let run = run.fails_with(1);
    assert!(run.stderr.contains("\"nope\""), "{}", run.stderr);
    assert!(!run.stdout.contains("Creation Date          |"), "the SHOW after the failure ran:\n{}", run.stdout);
    let listed = s.run(&["--catalog", &db, "-o", "json", "-e", "SHOW CONNECTIONS"]).ok();
    let list: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    let names: Vec<&str> = list["data"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["a"]);
}

#[test]
fn usage_errors_exit_2() {
    let s = Sandbox::new();
    for args in [
        &["--bogus"][..],
        &["-o", "xml", "-e", "SHOW CONNECTIONS"],
        &["--role", "Owner", "-e", "SHOW CONNECTIONS"],
        &["-e"],
        &["connection", "frobnicate"],
        &["-e", "SHOW CONNECTIONS", "connection", "list", "--cloud", "aws", "--region", "r"],
    ] {
        let run = s.run(args).fails_with(2);
        assert!(run.stderr.contains("error:"), "{args:?}: {}", run.stderr);
    }
    let help = s.run(&["--help"]).ok();
    assert!(help.stdout.contains("--catalog") && help.stdout.contains("Exit codes"));
}

#[test]
fn a_parse_error_points_at_its_line_and_column_in_the_file() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let script = format!(
        "-- a demo\n{CREATE_A};\nSHOW CONNECTIONS;\n\nALTER CONNECTION a SET ('api-key' = 'SECRETMARK_x' 'type' = 'x');\n{CREATE_B};\n"
    );
    let file = s.write("broken.sql", script);
    let run = s.run(&["--catalog", &db, "-f", file.to_str().unwrap()]).fails_with(1);
    let expected = format!("{}:5:52:", file.display());
    assert!(run.stderr.contains(&expected), "want {expected}:\n{}", run.stderr);
    assert!(run.stderr.contains("expected `,` or `)`"), "{}", run.stderr);
    assert!(run.stderr.contains('^'), "the caret: {}", run.stderr);
    assert!(leaked(run.stderr.as_bytes(), &["SECRETMARK".into()]).is_empty(), "{}", run.stderr);
    // The statements before the error ran; the one after did not.
    assert!(run.stdout.contains("| Name          | a"), "{}", run.stdout);
    let listed = s.run(&["--catalog", &db, "-e", "SHOW CONNECTIONS"]).ok();
    assert!(!listed.stdout.contains(" b "), "{}", listed.stdout);
}

#[test]
fn an_execution_error_points_at_the_statement_start() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let script = format!("{CREATE_A};\n\n-- again:\n  {CREATE_A};\n");
    let file = s.write("twice.sql", script);
    let run = s.run(&["--catalog", &db, "-f", file.to_str().unwrap()]).fails_with(1);
    let expected = format!("{}:4:3:", file.display());
    assert!(run.stderr.contains(&expected), "want {expected}:\n{}", run.stderr);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(!run.stderr.contains("SECRETMARK"), "{}", run.stderr);
    // A role that may not create: exit 1, naming the roles.
    let run = s.run(&["--catalog", &db, "--role", "FlinkDeveloper", "-e", CREATE_B]).fails_with(1);
    assert!(run.stderr.contains("OrganizationAdmin"), "{}", run.stderr);
}

#[test]
fn json_output_is_one_sql_v1_document_per_line() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let run = s
        .run(&[
            "--catalog",
            &db,
            "-o",
            "json",
            "-e",
            &format!("{CREATE_A}; {CREATE_B}"),
            "-e",
            "DESCRIBE CONNECTION b; SHOW CONNECTIONS LIKE '%'; DROP CONNECTION a; SHOW CONNECTIONS LIKE 'zz%'",
        ])
        .ok();
    let docs: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), 6, "{}", run.stdout);
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["Connection", "Connection", "Connection", "ConnectionList", "Connection", "ConnectionList"]);
    for doc in &docs {
        assert_eq!(doc["api_version"], "sql/v1");
    }
    assert_eq!(docs[2]["name"], "b");
    assert_eq!(docs[2]["spec"]["connection_type"], "REST");
    assert_eq!(docs[2]["spec"]["auth_data"]["data"], "<REDACTED>");
    assert_eq!(docs[3]["data"].as_array().unwrap().len(), 2);
    assert!(docs[4]["metadata"]["deleted_at"].is_string());
    assert_eq!(docs[5]["data"], serde_json::json!([]));
    assert!(!run.stdout.contains("SECRETMARK"));
}

#[test]
fn yaml_output_is_a_stream_of_documents() {
    let s = Sandbox::new();
    let run = s.run(&["--memory", "-o", "yaml", "-e", CREATE_A, "-e", "SHOW CONNECTIONS"]).ok();
    let docs: Vec<serde_json::Value> = serde_yaml_ng::Deserializer::from_str(&run.stdout)
        .map(|doc| serde::Deserialize::deserialize(doc).unwrap())
        .collect();
    assert_eq!(docs.len(), 2, "{}", run.stdout);
    assert_eq!(docs[0]["kind"], "Connection");
    assert_eq!(docs[1]["kind"], "ConnectionList");
}

#[test]
fn stdin_is_read_when_no_e_or_f_is_given() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let run = s.run_with_stdin(&["--catalog", &db], format!("{CREATE_A};\nSHOW CONNECTIONS;\n").as_bytes()).ok();
    assert!(run.stdout.contains("OPENAI"));
    let run = s.run_with_stdin(&["--catalog", &db, "-f", "-"], b"\nDESCRIBE CONNECTION zz;").fails_with(1);
    assert!(run.stderr.contains("<stdin>:2:1:"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_a_clear_error_naming_the_byte_offset() {
    let s = Sandbox::new();
    let mut bytes = b"SHOW CONNECTIONS;\nSHOW CONNECTIONS LIKE 'a".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"';\n");
    let file = s.write("latin.sql", &bytes);
    let run = s.run(&["--memory", "-f", file.to_str().unwrap()]).fails_with(1);
    assert!(run.stderr.contains("latin.sql: invalid UTF-8 at byte offset 42 (line 2)"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
    let run = s.run_with_stdin(&["--memory"], &bytes).fails_with(1);
    assert!(run.stderr.contains("<stdin>: invalid UTF-8 at byte offset 42"), "{}", run.stderr);
    let run = s.run(&["--memory", "-f", "missing.sql"]).fails_with(1);
    assert!(run.stderr.contains("missing.sql"), "{}", run.stderr);
}

#[test]
fn progress_is_never_drawn_when_stderr_is_not_a_terminal() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let mut script = String::new();
    for i in 0..800 {
        script.push_str(&format!(
            "CREATE CONNECTION p{i} COMMENT '{}' WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = 'k');\n",
            "x".repeat(60)
        ));
    }
    assert!(script.len() > 64 * 1024);
    let file = s.write("long.sql", script);
    let run = s.run(&["--catalog", &db, "-o", "json", "-f", file.to_str().unwrap()]).ok();
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout.lines().count(), 800);
}

#[test]
fn a_closed_stdout_ends_the_run_without_a_panic() {
    let s = Sandbox::new();
    let file = s.write("many.sql", "SHOW CONNECTIONS;".repeat(20_000));
    let mut cmd = s.command();
    cmd.args(["--memory", "-f", file.to_str().unwrap()]);
    let mut child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let status = support::wait_with_deadline(&mut child, support::DEADLINE);
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn scope_options_select_where_statements_run() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let here = ["--catalog", &db, "--environment", "env-1", "--cloud", "aws", "--region", "us-west-2"];
    s.run(&[&here[..], &["-e", CREATE_A]].concat()).ok();
    s.run(&[&here[..], &["-e", "DESCRIBE CONNECTION a"]].concat()).ok();
    let elsewhere = s.run(&["--catalog", &db, "--environment", "env-1", "-e", "DESCRIBE CONNECTION a"]).fails_with(1);
    assert!(elsewhere.stderr.contains("does not exist"), "{}", elsewhere.stderr);
    s.run(&["--catalog", &db, "-e", "DESCRIBE CONNECTION a"]).fails_with(1);
}

// ---- the key file ------------------------------------------------------------------------------

fn file_bytes(paths: &[std::path::PathBuf]) -> Vec<Option<Vec<u8>>> {
    paths.iter().map(|p| std::fs::read(p).ok()).collect()
}

#[test]
fn a_missing_key_file_is_an_error_naming_it_and_changes_nothing() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    s.run(&["--catalog", &db, "-e", CREATE_A]).ok();
    let key = s.path("catalog.db.key");
    let saved = s.path("saved.key");
    std::fs::rename(&key, &saved).unwrap();
    let before = file_bytes(&catalog_files(Path::new(&db)));
    for statement in ["SHOW CONNECTIONS", CREATE_B] {
        let run = s.run(&["--catalog", &db, "-e", statement]).fails_with(1);
        assert!(run.stderr.contains(&key.display().to_string()), "{}", run.stderr);
        assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    }
    assert!(!key.exists(), "a new key was made over an encrypted catalog");
    assert_eq!(file_bytes(&catalog_files(Path::new(&db))), before);
    // The key restored, everything is there.
    std::fs::rename(&saved, &key).unwrap();
    s.run(&["--catalog", &db, "-e", "DESCRIBE CONNECTION a"]).ok();
    assert_eq!(stored_secret(Path::new(&db), "a", "api-key").as_deref(), Some("SECRETMARK_a1"));
}

#[test]
fn a_wrong_key_is_an_error_naming_the_key_file_and_changes_nothing() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    s.run(&["--catalog", &db, "-e", CREATE_A]).ok();
    let key = s.path("catalog.db.key");
    let right = std::fs::read(&key).unwrap();
    std::fs::write(&key, format!("{}\n", "ab".repeat(32))).unwrap();
    let before = file_bytes(&catalog_files(Path::new(&db)));
    let run = s.run(&["--catalog", &db, "-e", CREATE_B]).fails_with(1);
    assert!(run.stderr.contains(&key.display().to_string()) && run.stderr.contains("does not open"), "{}", run.stderr);
    assert_eq!(file_bytes(&catalog_files(Path::new(&db))), before);
    // Not a key file at all.
    std::fs::write(&key, "hello\n").unwrap();
    let run = s.run(&["--catalog", &db, "-e", "SHOW CONNECTIONS"]).fails_with(1);
    assert!(run.stderr.contains("is not a flink-ddl key file"), "{}", run.stderr);
    std::fs::write(&key, right).unwrap();
    s.run(&["--catalog", &db, "-e", "DESCRIBE CONNECTION a"]).ok();
}

#[test]
fn the_key_file_can_live_elsewhere() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let key = s.path("keys").join("mine.key");
    std::fs::create_dir_all(key.parent().unwrap()).unwrap();
    s.run(&["--catalog", &db, "--key-file", key.to_str().unwrap(), "-e", CREATE_A]).ok();
    assert!(key.is_file() && !s.path("catalog.db.key").exists());
    let mut cmd = s.command();
    cmd.env("FLINK_DDL_KEY_FILE", &key).args(["--catalog", &db, "-e", "DESCRIBE CONNECTION a"]);
    support::finish(cmd, None).ok();
    // Without it, the default place has no key: refused, and no new key is made there.
    s.run(&["--catalog", &db, "-e", "SHOW CONNECTIONS"]).fails_with(1);
    assert!(!s.path("catalog.db.key").exists());
}

// ---- secrets on disk and on screen ---------------------------------------------------------------

#[test]
fn no_file_or_stream_holds_a_secret_in_plain_text() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let mut outputs = String::new();
    let statements = [
        CREATE_A.to_owned(),
        CREATE_B.to_owned(),
        "ALTER CONNECTION a SET ('api-key' = 'SECRETMARK_a2')".to_owned(),
        "ALTER CONNECTION b SET ('token' = 'SECRETMARK_b2')".to_owned(),
        "CREATE OR REPLACE CONNECTION a WITH ('type' = 'bedrock', 'endpoint' = 'https://b', 'aws-access-key' = 'SECRETMARK_a3', 'aws-secret-key' = 'SECRETMARK_a4')".to_owned(),
        "SHOW CREATE CONNECTION a; DESCRIBE CONNECTION EXTENDED b; SHOW CONNECTIONS".to_owned(),
        // Refused statements: their errors name the keys, never the values.
        "ALTER CONNECTION a SET ('api-key' = 'SECRETMARK_a5')".to_owned(),
        "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'SECRETMARK_c1', 'password' = 'SECRETMARK_c2')".to_owned(),
    ];
    for (n, statement) in statements.iter().enumerate() {
        for format in ["human", "json", "yaml"] {
            if format != "human" && n < 5 {
                continue;
            }
            let run = s.run(&["--catalog", &db, "-o", format, "-e", statement]);
            outputs.push_str(&run.stdout);
            outputs.push_str(&run.stderr);
        }
    }
    assert!(outputs.contains("<REDACTED>"));
    let marker = ["SECRETMARK".to_owned()];
    assert!(leaked(outputs.as_bytes(), &marker).is_empty(), "{outputs}");
    for file in catalog_files(Path::new(&db)) {
        if let Ok(bytes) = std::fs::read(&file) {
            assert!(leaked(&bytes, &marker).is_empty(), "{} holds a secret", file.display());
        }
    }
    // The values are there, sealed.
    assert_eq!(stored_secret(Path::new(&db), "a", "aws-secret-key").as_deref(), Some("SECRETMARK_a4"));
    assert_eq!(stored_secret(Path::new(&db), "b", "token").as_deref(), Some("SECRETMARK_b2"));
}

// ---- the interactive shell -----------------------------------------------------------------------

#[test]
fn the_shell_reads_statements_across_lines_and_goes_on_after_errors() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    let input = "help\n\
        CREATE CONNECTION a WITH ('type' = 'openai',\n\
          'endpoint' = 'https://api.openai.com/v1',\n\
          'api-key' = 'SECRETMARK_s1; not the end');\n\
        DESCRIBE CONNECTION nope;\n\
        ALTER CONNECTION a SET ('api-key' = 'SECRETMARK_s2' 'type' = 'x');\n\
        ALTER CONNECTION a SET (password = 'SECRETMARK_s3');\n\
        SHOW CONNECTIONS; DESCRIBE\n  CONNECTION a;\n\
        quit\n\
        SHOW CONNECTIONS;\n";
    let run = s.run_with_stdin(&["--catalog", &db, "--interactive"], input.as_bytes()).ok();
    assert!(run.stdout.contains("Statements end with `;`"), "help: {}", run.stdout);
    assert_eq!(run.stdout.matches("| Name          | a").count(), 2, "{}", run.stdout);
    assert!(run.stdout.contains("OPENAI"), "{}", run.stdout);
    assert!(run.stderr.contains("\"nope\""), "{}", run.stderr);
    assert!(run.stderr.contains("expected `,` or `)`") && run.stderr.contains('^'), "{}", run.stderr);
    assert!(!format!("{}{}", run.stdout, run.stderr).contains("SECRETMARK"));
    // Nothing after `quit` ran: one SHOW (the table header) only.
    assert_eq!(run.stdout.matches("Creation Date          |").count(), 1, "{}", run.stdout);
    assert_eq!(stored_secret(Path::new(&db), "a", "api-key").as_deref(), Some("SECRETMARK_s1; not the end"));

    let history = s.data_dir().join("history");
    let text = std::fs::read_to_string(&history).unwrap();
    assert!(text.contains("CREATE CONNECTION a WITH"), "{text}");
    assert!(text.contains("DESCRIBE CONNECTION nope"), "{text}");
    assert!(text.contains("<REDACTED>"), "{text}");
    assert!(!text.contains("SECRETMARK"), "the history holds a secret:\n{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&history).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // The next session appends to it.
    s.run_with_stdin(&["--catalog", &db, "-i"], b"SHOW CONNECTIONS LIKE 'zz%';\n").ok();
    let text = std::fs::read_to_string(&history).unwrap();
    assert!(text.contains("CREATE CONNECTION a WITH") && text.contains("LIKE 'zz%'"), "{text}");
}

#[test]
fn a_line_with_odd_quotes_and_the_lines_it_pulls_in_reach_the_history_masked() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    // `'o'brien'` leaves a quote open: the next lines join its entry until a quote closes it.
    let input = "CREATE CONNECTION o WITH ('type' = 'openai', 'username' = 'o'brien',\n\
          'endpoint' = 'https://x.example',\n\
          'api-key' = 'SECRETMARK_h1');\n\
        SHOW CONNECTIONS;\n\
        ALTER CONNECTION a SET ('passwrd' = 'SECRETMARK_h2');\n\
        CREATE CONNECTION p WITH ('type' = 'rest', 'password' : 'SECRETMARK_h3');\n\
        x';\n\
        ALTER CONNECTION a SET ('api_kye' = 'SECRETMARK_h4');\n\
        CREATE CONNECTION q WITH (\"password\" = 'SECRETMARK_h5');\n";
    let run = s.run_with_stdin(&["--catalog", &db, "--interactive"], input.as_bytes()).ok();
    assert!(!format!("{}{}", run.stdout, run.stderr).contains("SECRETMARK"), "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(s.data_dir().join("history")).unwrap();
    assert!(text.contains("CREATE CONNECTION o WITH") && text.contains("<REDACTED>"), "{text}");
    // Every statement reached the history, the pulled-in lines as part of the first entry.
    assert!(text.contains("'api_kye' = '<REDACTED>'") && text.contains("\"password\" <REDACTED>"), "{text}");
    assert!(!text.contains("SECRETMARK"), "the history holds a secret:\n{text}");
}

#[test]
fn the_shell_runs_after_scripts_and_ends_at_end_of_input() {
    let s = Sandbox::new();
    let run = s.run_with_stdin(&["--memory", "-e", CREATE_A, "-i"], b"DESCRIBE CONNECTION a;\nSHOW CONN").ok();
    assert_eq!(run.stdout.matches("| Name          | a").count(), 2, "{}", run.stdout);
    assert!(run.stderr.contains("unfinished statement"), "{}", run.stderr);
}

// ---- several processes, one catalog ---------------------------------------------------------------

#[test]
fn parallel_processes_on_one_new_catalog_all_succeed() {
    let s = Sandbox::new();
    let db = catalog_arg(&s);
    const PROCESSES: usize = 8;
    const EACH: usize = 25;
    let children: Vec<_> = (0..PROCESSES)
        .map(|p| {
            let script: String = (0..EACH)
                .map(|i| {
                    format!(
                        "CREATE CONNECTION p{p}_{i} WITH ('type' = 'openai', 'endpoint' = 'https://e', 'api-key' = 'k{p}_{i}');\n\
                         ALTER CONNECTION p{p}_{i} SET ('api-key' = 'SECRETMARK_{p}_{i}');\n"
                    )
                })
                .collect();
            let file = s.write(&format!("p{p}.sql"), script);
            let mut cmd = s.command();
            cmd.args(["--catalog", &db, "-o", "json", "-f", file.to_str().unwrap()]);
            std::thread::spawn(move || support::finish(cmd, None))
        })
        .collect();
    for child in children {
        let run = child.join().unwrap().ok();
        assert_eq!(run.stdout.lines().count(), 2 * EACH);
    }
    let catalog = SqliteCatalog::open(&db).unwrap();
    assert_eq!(catalog.connection_count().unwrap(), (PROCESSES * EACH) as u64);
    let record = catalog.get_connection("default", "p7_24").unwrap().unwrap();
    assert_eq!(record.credentials.get("api-key").unwrap().expose_secret(), "SECRETMARK_7_24");
    assert_eq!(record.info.resource_version, 2);
}

// ---- the demo ------------------------------------------------------------------------------------

#[test]
fn the_demo_runs_twice_against_the_default_catalog() {
    let s = Sandbox::new();
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/demo.sql");
    let secrets: Vec<String> = ["sk-demo-not-a-real-key", "demo-not-a-real-password", "sk-demo-rotated", "demo-token"]
        .map(String::from)
        .to_vec();
    for _ in 0..2 {
        let run = s.run(&["-f", demo]).ok();
        assert!(run.stdout.contains("| Data          | <REDACTED>"), "{}", run.stdout);
        assert!(run.stdout.contains("'password' = '<REDACTED>'"), "{}", run.stdout);
        assert!(run.stdout.contains("Dropped connection \"scratch_rest\"."), "{}", run.stdout);
        assert!(leaked(format!("{}{}", run.stdout, run.stderr).as_bytes(), &secrets).is_empty());
    }
    for file in catalog_files(&s.data_dir().join("catalog.db")) {
        if let Ok(bytes) = std::fs::read(&file) {
            assert!(leaked(&bytes, &secrets).is_empty(), "{}", file.display());
        }
    }
    let listed = s.run(&["-e", "SHOW CONNECTIONS"]).ok();
    assert!(listed.stdout.contains("movies_mongo") && listed.stdout.contains("openai_conn"));
    assert!(!listed.stdout.contains("scratch_rest"));
}

#[test]
fn an_unknown_key_is_refused_without_echoing_its_value() {
    // The seed's own misspelling: `ap-key` is not a sensitive key, so nothing masks its value;
    // the error must not show it.
    let s = Sandbox::new();
    let sql =
        "CREATE CONNECTION my_conn WITH ('type' = 'openai', 'endpoint' = 'https://e', 'ap-key' = 'SECRETMARK_typo')";
    let run = s.run(&["--memory", "-e", sql]).fails_with(1);
    assert!(run.stderr.contains("did you mean"), "{}", run.stderr);
    assert!(!run.stderr.contains("SECRETMARK"), "{}", run.stderr);
}
