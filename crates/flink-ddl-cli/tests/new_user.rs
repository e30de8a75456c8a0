//! A new user's session, as a black box: the defects of issue 18 (explicit flags beat the
//! environment, scope named in not-found messages and empty lists, suggested commands that run
//! as printed, errors that help, blank lines between results, `;` after SHOW CREATE, indented
//! JSON for the `connection` verbs, `connection types`, the catalog's care) and the output hygiene
//! of issue 14 (control characters escaped, batch delete all or none).

mod support;

use support::{Run, Sandbox};

/// Splits a suggested command (as printed, POSIX shell quoting) into words.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            ' ' if in_word => {
                words.push(std::mem::take(&mut word));
                in_word = false;
            }
            ' ' => {}
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Runs a suggested command line (it must start with `flink-ddl`).
fn run_suggested(s: &Sandbox, line: &str, stdin: &[u8]) -> Run {
    let words = shell_words(line);
    assert_eq!(words[0], "flink-ddl", "{line}");
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    s.run_with_stdin(&args, stdin)
}

/// The commands a message suggests: the text between backticks that starts with `flink-ddl`,
/// and indented lines that do.
fn suggested_commands(message: &str) -> Vec<String> {
    let mut found: Vec<String> = message
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|part| part.starts_with("flink-ddl "))
        .map(str::to_owned)
        .collect();
    found.extend(message.lines().map(str::trim).filter(|l| l.starts_with("flink-ddl ")).map(str::to_owned));
    found
}

fn create_aws(s: &Sandbox, db: &str, name: &str) {
    s.run(&[
        "--catalog",
        db,
        "connection",
        "create",
        name,
        "--cloud",
        "aws",
        "--region",
        "us-east-1",
        "--type",
        "openai",
        "--endpoint",
        "https://api.openai.com/v1",
        "--api-key",
        "NEWUSER_k",
    ])
    .ok();
}

#[test]
fn memory_wins_over_the_catalog_variable_but_not_over_an_explicit_catalog() {
    let s = Sandbox::new();
    let db = s.path("env.db");
    let mut cmd = s.command();
    cmd.env("FLINK_DDL_CATALOG", &db).args(["--memory", "-e", "SHOW CONNECTIONS"]);
    let run = support::finish(cmd, None).ok();
    assert!(run.stdout.starts_with("None found."), "{}", run.stdout);
    assert!(!db.exists(), "--memory must not touch the catalog the environment names");
    let both = s.run(&["--memory", "--catalog", "x.db", "-e", "SHOW CONNECTIONS"]).fails_with(2);
    assert!(both.stderr.contains("--memory and --catalog"), "{}", both.stderr);
}

#[test]
fn scope_is_named_and_every_suggested_command_runs() {
    let s = Sandbox::new();
    let db = s.path("c.db").display().to_string();
    create_aws(&s, &db, "c1");

    // SQL mode in the default scope: the empty list and the not-found say where they looked.
    let listed = s.run(&["--catalog", &db, "-e", "SHOW CONNECTIONS"]).ok();
    assert_eq!(listed.stdout, "None found.\n(searched environment \"default\", cloud \"local\", region \"local\")\n");
    let described = s.run(&["--catalog", &db, "-e", "DESCRIBE CONNECTION c1"]).fails_with(1);
    assert!(described.stderr.contains("cloud \"local\", region \"local\""), "{}", described.stderr);
    assert!(described.stderr.contains("exists in cloud \"aws\", region \"us-east-1\""), "{}", described.stderr);
    let commands = suggested_commands(&described.stderr);
    assert_eq!(commands.len(), 1, "{}", described.stderr);
    let shown = run_suggested(&s, &commands[0], b"").ok();
    assert!(shown.stdout.contains("| Region        | us-east-1"), "{}", shown.stdout);

    // The connection verbs: the list hint is runnable, and so is the describe where it lives.
    let missing = s
        .run(&["--catalog", &db, "connection", "describe", "c1", "--cloud", "aws", "--region", "us-west-2"])
        .fails_with(1);
    assert!(missing.stderr.contains("not found in environment \"default\", cloud \"aws\", region \"us-west-2\""));
    let commands = suggested_commands(&missing.stderr);
    assert_eq!(commands.len(), 2, "{}", missing.stderr);
    for command in &commands {
        let run = run_suggested(&s, command, b"").ok();
        assert!(!run.stdout.is_empty(), "{command}");
    }
    let nowhere = s
        .run(&["--catalog", &db, "connection", "delete", "zz", "--cloud", "aws", "--region", "us-east-1", "--force"])
        .fails_with(1);
    for command in suggested_commands(&nowhere.stderr) {
        run_suggested(&s, &command, b"").ok();
    }
    // A name that needs quoting survives the round trip through the shell and through SQL.
    create_aws(&s, &db, "it's here");
    let odd = s.run(&["--catalog", &db, "-e", "DESCRIBE CONNECTION `it's here`"]).fails_with(1);
    let commands = suggested_commands(&odd.stderr);
    assert!(run_suggested(&s, &commands[0], b"").ok().stdout.contains("it's here"));
}

#[test]
fn update_explains_the_fixed_endpoint_and_names_the_missing_flags() {
    let s = Sandbox::new();
    let db = s.path("c.db").display().to_string();
    create_aws(&s, &db, "llm");
    let place = ["--cloud", "aws", "--region", "us-east-1"];
    let mut args = vec!["--catalog", &db, "connection", "update", "llm", "--endpoint", "https://other.example/v1"];
    args.extend(place);
    let refused = s.run(&args).fails_with(2);
    assert!(refused.stderr.contains("type and endpoint"), "{}", refused.stderr);
    assert!(!refused.stderr.contains("similar argument"), "{}", refused.stderr);
    let commands = suggested_commands(&refused.stderr);
    assert_eq!(commands.len(), 2, "{}", refused.stderr);
    // Delete, then create with the credential read from stdin: both run as printed.
    run_suggested(&s, &commands[0], b"").ok();
    run_suggested(&s, &commands[1], b"NEWUSER_again\n").ok();
    let mut args = vec!["--catalog", &db, "connection", "describe", "llm"];
    args.extend(place);
    assert!(s.run(&args).ok().stdout.contains("https://other.example/v1"));

    let mut args = vec!["--catalog", &db, "connection", "update", "llm"];
    args.extend(place);
    let nothing = s.run(&args).fails_with(1);
    assert!(nothing.stderr.contains("--api-key"), "{}", nothing.stderr);
    assert!(!nothing.stderr.contains("ALTER CONNECTION"), "{}", nothing.stderr);
}

#[test]
fn connection_json_is_indented_and_sql_json_is_one_line() {
    let s = Sandbox::new();
    let db = s.path("c.db").display().to_string();
    create_aws(&s, &db, "llm");
    let run = s
        .run(&[
            "--catalog",
            &db,
            "connection",
            "describe",
            "llm",
            "--cloud",
            "aws",
            "--region",
            "us-east-1",
            "-o",
            "json",
        ])
        .ok();
    assert!(run.stdout.starts_with("{\n  \"creation_date\": "), "{}", run.stdout);
    let listed =
        s.run(&["--catalog", &db, "connection", "list", "--cloud", "aws", "--region", "us-east-1", "-o", "json"]).ok();
    assert!(listed.stdout.starts_with("[\n  {\n    \"creation_date\""), "{}", listed.stdout);
    let sql = s
        .run(&[
            "--catalog",
            &db,
            "--cloud",
            "aws",
            "--region",
            "us-east-1",
            "-o",
            "json",
            "-e",
            "SHOW CONNECTIONS; SHOW CONNECTIONS",
        ])
        .ok();
    assert_eq!(sql.stdout.lines().count(), 2, "{}", sql.stdout);
}

#[test]
fn connection_types_lists_every_type_with_its_keys() {
    let s = Sandbox::new();
    let run = s.run(&["--memory", "connection", "types"]).ok();
    for name in ["openai", "bedrock", "confluent_jdbc", "mcp_server", "s3vectors"] {
        assert!(run.stdout.contains(&format!("| {name} ")), "{name}:\n{}", run.stdout);
    }
    assert!(run.stdout.contains("aws-access-key, aws-secret-key"), "{}", run.stdout);
    let json = s.run(&["--memory", "connection", "types", "-o", "json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc.as_array().unwrap().len(), 19);
    assert_eq!(doc[14]["type"], "confluent_jdbc");
    assert_eq!(doc[14]["required"], serde_json::json!(["username", "password"]));
}

#[test]
fn results_are_set_apart_and_show_create_output_runs_again() {
    let s = Sandbox::new();
    let db = s.path("c.db").display().to_string();
    let script = "CREATE CONNECTION a WITH ('type' = 'openai', 'endpoint' = 'https://a', 'api-key' = 'NEWUSER_1');
                  CREATE CONNECTION b COMMENT 'second' WITH ('type' = 'rest', 'endpoint' = 'https://b', 'token' = 'NEWUSER_2');
                  SHOW CREATE CONNECTION a; SHOW CREATE CONNECTION b;";
    let run = s.run(&["--catalog", &db, "-e", script]).ok();
    // Four results, three blank lines between them, none at the end.
    assert_eq!(run.stdout.matches("\n\n").count(), 3, "{}", run.stdout);
    assert!(!run.stdout.ends_with("\n\n"));
    let shown = s.run(&["--catalog", &db, "-e", "SHOW CREATE CONNECTION a", "-e", "SHOW CREATE CONNECTION b"]).ok();
    assert!(shown.stdout.contains("');\n"), "{}", shown.stdout);
    let statements = flink_ddl::parse(&shown.stdout).unwrap_or_else(|e| panic!("{e}\n{}", shown.stdout));
    assert_eq!(statements.len(), 2);
}

#[test]
fn sql_errors_state_their_position_once_and_sql_without_e_gets_a_tip() {
    let s = Sandbox::new();
    let run = s.run(&["--memory", "-e", "SHOW CONNECTIONS LIKE 'a' x"]).fails_with(1);
    assert!(run.stderr.starts_with("error: -e #1:1:27: expected"), "{}", run.stderr);
    assert!(!run.stderr.contains("(line 1, column 27)"), "{}", run.stderr);
    let bare = s.run(&["SHOW CONNECTIONS"]).fails_with(2);
    assert!(bare.stderr.contains("flink-ddl -e 'SHOW CONNECTIONS'"), "{}", bare.stderr);
    run_suggested(&s, "flink-ddl --memory -e 'SHOW CONNECTIONS'", b"").ok();
}

#[test]
fn a_catalog_in_a_missing_directory_names_the_directory() {
    let s = Sandbox::new();
    let run = s.run(&["--catalog", "no/such/dir/c.db", "-e", "SHOW CONNECTIONS"]).fails_with(1);
    assert!(run.stderr.contains("directory no/such/dir does not exist"), "{}", run.stderr);
    assert!(!run.stderr.contains("unable to open database file"), "{}", run.stderr);
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let s = Sandbox::new();
    let db = s.path("c.db").display().to_string();
    let script = "CREATE CONNECTION `evil\u{1b}[2J` COMMENT 'a\rb\u{202e}c' WITH ('type' = 'openai', \
                  'endpoint' = 'https://e/\u{1b}]0;title\u{7}', 'api-key' = 'k');
                  DESCRIBE CONNECTION EXTENDED `evil\u{1b}[2J`; SHOW CONNECTIONS; SHOW CREATE CONNECTION `evil\u{1b}[2J`;
                  DESCRIBE CONNECTION `evil\u{1b}[2J\u{1b}`;";
    let run = s.run(&["--catalog", &db, "-e", script]).fails_with(1);
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains('\u{1b}') && !text.contains('\r') && !text.contains('\u{202e}'), "{text:?}");
    }
    assert!(run.stdout.contains("evil\\u{1b}[2J"), "{}", run.stdout);
    assert!(run.stdout.contains("a\\u{d}b\\u{202e}c"), "{}", run.stdout);
    assert!(run.stderr.contains("evil\\u{1b}[2J\\u{1b}"), "{}", run.stderr);
}

#[test]
fn batch_delete_checks_all_then_deletes_all_or_none() {
    let s = Sandbox::new();
    let db = s.path("c.db").display().to_string();
    let setup = "CREATE CONNECTION a WITH ('type' = 'mongodb', 'endpoint' = 'mongodb://h', 'username' = 'u', 'password' = 'p');
                 CREATE CONNECTION b WITH ('type' = 'mongodb', 'endpoint' = 'mongodb://h', 'username' = 'u', 'password' = 'p');
                 CREATE TABLE t (x INT) WITH ('connector' = 'mongodb', 'mongodb.connection' = 'b');";
    s.run(&["--catalog", &db, "-e", setup]).ok();
    let refused = s
        .run(&["--catalog", &db, "connection", "delete", "a", "b", "--cloud", "local", "--region", "local", "--force"])
        .fails_with(1);
    assert!(refused.stderr.contains("\"t\""), "{}", refused.stderr);
    assert!(refused.stdout.is_empty(), "nothing may be reported deleted: {}", refused.stdout);
    let listed = s.run(&["--catalog", &db, "-e", "SHOW CONNECTIONS"]).ok();
    assert!(listed.stdout.contains(" a ") && listed.stdout.contains(" b "), "a was deleted: {}", listed.stdout);
}

#[test]
fn catalog_info_backup_restore_and_rekey_through_the_binary() {
    let s = Sandbox::new();
    let db = s.path("c.db").display().to_string();
    let info = s.run(&["--catalog", &db, "catalog", "info"]).ok();
    assert!(info.stdout.contains(&format!("Catalog:   {db}")) && info.stdout.contains("not created yet"));
    let help = s.run(&["--help"]).ok();
    assert!(help.stdout.contains(&s.data_dir().join("catalog.db").display().to_string()), "{}", help.stdout);
    assert!(help.stdout.contains("history"), "{}", help.stdout);

    s.run(&[
        "--catalog",
        &db,
        "-e",
        "CREATE CONNECTION a WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'NEWUSER_a')",
    ])
    .ok();
    let backup = s.path("c.backup").display().to_string();
    let done = s.run(&["--catalog", &db, "catalog", "backup", &backup]).ok();
    assert!(done.stdout.contains("1 connection(s)"), "{}", done.stdout);
    s.run(&["--catalog", &db, "catalog", "backup", &backup]).fails_with(1);
    s.run(&["--catalog", &db, "-e", "DROP CONNECTION a"]).ok();
    let restored = s.run(&["--catalog", &db, "catalog", "restore", &backup]).ok();
    assert!(restored.stdout.contains("before-restore"), "{}", restored.stdout);
    s.run(&["--catalog", &db, "-e", "DESCRIBE CONNECTION a"]).ok();
    let foreign = s.write("foreign.txt", "hello");
    let refused = s.run(&["--catalog", &db, "catalog", "restore", &foreign.display().to_string()]).fails_with(1);
    assert!(refused.stderr.contains("not a flink-ddl catalog backup"), "{}", refused.stderr);

    // A lost catalog comes back from its backup, given the key file.
    let moved = s.path("moved.db").display().to_string();
    let key = format!("{db}.key");
    let refused = s.run(&["--catalog", &moved, "catalog", "restore", &backup]).fails_with(1);
    assert!(refused.stderr.contains("--key-file"), "{}", refused.stderr);
    s.run(&["--catalog", &moved, "--key-file", &key, "catalog", "restore", &backup]).ok();
    s.run(&["--catalog", &moved, "--key-file", &key, "-e", "DESCRIBE CONNECTION a"]).ok();

    let rekeyed = s.run(&["--catalog", &db, "catalog", "rekey"]).ok();
    assert!(rekeyed.stdout.contains("retired"), "{}", rekeyed.stdout);
    s.run(&["--catalog", &db, "-e", "DESCRIBE CONNECTION a"]).ok();
    s.run(&["--memory", "catalog", "backup", "x"]).fails_with(1);
}

#[test]
fn errors_say_what_to_do() {
    let s = Sandbox::new();
    let err = |sql: &str| s.run(&["--memory", "-e", sql]).fails_with(1).stderr;
    assert!(err("CREAT CONNECTION c WITH ('type' = 'openai')").contains("did you mean `CREATE`?"));
    let typed = err("CREATE CONNECTION c WITH (type = 'openai')");
    assert!(typed.contains("found `type`") && typed.contains("single quotes"), "{typed}");
    let quoted = err("CREATE CONNECTION c WITH ('type' = 'openai', 'api-key' = \"NEWUSER_dq\")");
    assert!(quoted.contains("single quotes") && !quoted.contains("NEWUSER_dq"), "{quoted}");
    let accent = err("CREATE CONNECTION café WITH ('type' = 'openai')");
    assert!(accent.contains("backticks"), "{accent}");
    let like = err("SHOW CONNECTIONS LIKE 'crm\\'");
    assert!(like.contains("escape character"), "{like}");
    for (given, meant) in [("open_ai", "openai"), ("jdbc", "confluent_jdbc"), ("mcp", "mcp_server")] {
        let sql = format!("CREATE CONNECTION c WITH ('type' = '{given}', 'endpoint' = 'https://e', 'api-key' = 'k')");
        let wrong = err(&sql);
        assert!(wrong.contains(&format!("invalid connection type '{given}' (did you mean `{meant}`?)")), "{wrong}");
    }
}

#[test]
fn a_table_is_described_by_its_columns_and_shown_in_canonical_form() {
    let s = Sandbox::new();
    let db = s.path("c.db").display().to_string();
    let create =
        "CREATE TABLE IF NOT EXISTS movies (id BIGINT PRIMARY KEY NOT ENFORCED, title STRING COMMENT 'the title', \
                  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp') DISTRIBUTED BY (id) \
                  WITH ('value.format' = 'avro-registry', 'kafka.retention.time' = '7 days with a long description')";
    s.run(&["--catalog", &db, "-e", create]).ok();
    let described = s.run(&["--catalog", &db, "-e", "DESCRIBE movies"]).ok().stdout;
    assert!(described.contains("| Column Name | Data Type        | Nullable | Extras"), "{described}");
    assert!(described.contains("| id          | BIGINT           | NOT NULL | PRIMARY KEY, BUCKET KEY"), "{described}");
    assert!(described.contains("| title       | STRING           | NULL     |"), "{described}");
    // An option is one row: key and value never split over two lines.
    assert!(described.contains("'kafka.retention.time' = '7 days with a long description'"), "{described}");
    let shown = s.run(&["--catalog", &db, "-e", "SHOW CREATE TABLE movies"]).ok().stdout;
    assert!(shown.starts_with("CREATE TABLE `movies` (\n  `id` BIGINT,\n"), "{shown}");
    assert!(!shown.contains("IF NOT EXISTS"), "{shown}");
    assert!(shown.contains("`title` VARCHAR(2147483647) COMMENT 'the title'"), "{shown}");
    assert!(shown.contains("DISTRIBUTED BY HASH(`id`) INTO 6 BUCKETS"), "{shown}");
    assert!(shown.ends_with(")\n);\n") || shown.ends_with(");\n"), "{shown}");
    // It runs again (in another catalog) and gives the same print.
    let other = s.path("d.db").display().to_string();
    s.run(&["--catalog", &other, "-e", &shown]).ok();
    assert_eq!(s.run(&["--catalog", &other, "-e", "SHOW CREATE TABLE movies"]).ok().stdout, shown);
}

#[test]
fn the_shell_help_shows_the_describe_form_that_parses() {
    let s = Sandbox::new();
    let run = s.run_with_stdin(&["--memory", "-i"], b"help\nDESCRIBE CONNECTION EXTENDED nope;\nquit\n").ok();
    assert!(run.stdout.contains("{DESCRIBE | DESC} CONNECTION [EXTENDED] name;"), "{}", run.stdout);
    assert!(!run.stdout.contains("DESCRIBE [EXTENDED] CONNECTION"), "{}", run.stdout);
    // The form shown parses: the statement fails only because the connection does not exist.
    assert!(run.stderr.contains("\"nope\" does not exist"), "{}", run.stderr);
}
