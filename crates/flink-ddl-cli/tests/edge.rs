//! The binary's edge under attack: usage errors that must not echo a secret however the command
//! line is broken, `-` credentials read from stdin in the order typed, and the mask refused as a
//! credential. Each case runs the real binary and searches everything it printed.

mod support;

use flink_ddl_sqlite::SqliteCatalog;
use support::{leaked, Sandbox};

const MARK: &str = "EDGEMARK";

fn with_catalog(s: &Sandbox, args: &[&str]) -> Vec<String> {
    let db = s.path("catalog.db").display().to_string();
    let mut all = vec!["--catalog".to_owned(), db];
    all.extend(args.iter().map(|a| a.to_string()));
    all
}

fn run(s: &Sandbox, args: &[&str]) -> support::Run {
    let all = with_catalog(s, args);
    s.run(&all.iter().map(String::as_str).collect::<Vec<_>>())
}

fn run_with_stdin(s: &Sandbox, args: &[&str], input: &[u8]) -> support::Run {
    let all = with_catalog(s, args);
    s.run_with_stdin(&all.iter().map(String::as_str).collect::<Vec<_>>(), input)
}

fn secret(s: &Sandbox, name: &str, key: &str) -> Option<String> {
    flink_ddl_testkit::stored_secret(&SqliteCatalog::open(s.path("catalog.db")).unwrap(), "default", name, key)
}

#[track_caller]
fn assert_hidden(run: &support::Run, case: &[&str]) {
    let shown = format!("{}{}", run.stdout, run.stderr);
    assert!(leaked(shown.as_bytes(), &[MARK.into(), "S3CR3T".into()]).is_empty(), "{case:?} leaked:\n{shown}");
}

#[test]
fn usage_errors_never_show_a_secret_however_the_command_line_is_broken() {
    let s = Sandbox::new();
    let place = ["--cloud", "aws", "--region", "r"];
    let cases: Vec<Vec<&str>> = vec![
        // An empty inline value: the shell split the secret off it.
        vec!["connection", "update", "c", "--token=", "S3CR3T", "x"],
        vec!["connection", "create", "c", "--api-key=", "EDGEMARK_1", "EDGEMARK_2", "--type", "openai"],
        vec!["connection", "update", "c", "--passwrd=", "S3CR3T"],
        // A positional pair, with `=` or `:`, exact key or near miss.
        vec!["connection", "create", "c", "password=S3CR3T"],
        vec!["connection", "create", "c", "password:S3CR3T"],
        vec!["connection", "create", "c", "api_key:EDGEMARK_3"],
        vec!["connection", "create", "c", "passwrd=S3CR3T"],
        vec!["connection", "create", "c", "ap-key=S3CR3T"],
        vec!["connection", "create", "c", "'token': 'EDGEMARK_4'"],
        vec!["connection", "describe", "c", "client_secret=S3CR3T"],
        // SQL as a positional argument, with `:` or `==` instead of `=`, or unterminated.
        vec!["CREATE CONNECTION c WITH ('type' = 'openai', 'api-key': 'S3CR3T')"],
        vec!["CREATE CONNECTION c WITH ('type' = 'openai', 'api-key' == 'S3CR3T')"],
        vec!["CREATE CONNECTION c WITH ('type' = 'openai', 'api-key' := 'S3CR3T', 'endpoint' = 'e')"],
        vec!["CREATE CONNECTION c WITH (\"password\" = 'S3CR3T')"],
        vec!["CREATE CONNECTION c WITH ('passwrd' = 'S3CR3T')"],
        vec!["CREATE CONNECTION c WITH ('api-key' = 'EDGEMARK_5"],
        vec!["-e", "SHOW CONNECTIONS", "CREATE CONNECTION c WITH ('token': 'S3CR3T')"],
        // Values of credential flags and misspelled flags.
        vec!["connection", "create", "c", "--api-ky", "S3CR3T"],
        vec!["connection", "create", "c", "--client-secret", "EDGEMARK_6", "EDGEMARK_7"],
    ];
    for case in &cases {
        let mut args = case.clone();
        if case[0] == "connection" {
            args.extend(place);
        }
        let run = run(&s, &args).fails_with(2);
        assert!(run.stderr.contains("error:"), "{case:?}: {}", run.stderr);
        assert_hidden(&run, case);
    }
    // What is not a secret still shows, so the message stays useful.
    let plain = run(&s, &["connection", "create", "c", "name=mine", "--cloud", "aws", "--region", "r"]).fails_with(2);
    assert!(plain.stderr.contains("'name=mine'"), "{}", plain.stderr);
    let sql = run(&s, &["CREATE CONNECTION c WITH ('api-key': 'S3CR3T')"]).fails_with(2);
    assert!(sql.stderr.contains("CREATE CONNECTION c WITH ('api-key'"), "{}", sql.stderr);
}

#[test]
fn dash_credentials_are_read_from_stdin_in_the_order_typed_and_not_echoed() {
    let s = Sandbox::new();
    let place = ["--cloud", "aws", "--region", "r"];
    let mut args = vec!["connection", "create", "r", "--type", "rest", "--endpoint", "https://r"];
    args.extend(["--password", "-", "--username", "-"]);
    args.extend(place);
    let run = run_with_stdin(&s, &args, b"EDGEMARK_pw\nEDGEMARK_user\n").ok();
    assert!(!run.stdout.contains(MARK) && !run.stderr.contains(MARK), "{run:?}");
    assert_eq!(secret(&s, "r", "password").as_deref(), Some("EDGEMARK_pw"));
    assert_eq!(secret(&s, "r", "username").as_deref(), Some("EDGEMARK_user"));

    // The other way round, and for update; three flags, one given inline.
    let mut args = vec!["connection", "create", "o", "--type", "rest", "--endpoint", "https://o"];
    args.extend(["--client-secret", "-", "--token-endpoint", "https://t", "--scope", "-", "--client-id", "-"]);
    args.extend(place);
    run_with_stdin(&s, &args, b"EDGEMARK_cs\nEDGEMARK_scope\nEDGEMARK_id\n").ok();
    assert_eq!(secret(&s, "o", "client-secret").as_deref(), Some("EDGEMARK_cs"));
    assert_eq!(secret(&s, "o", "scope").as_deref(), Some("EDGEMARK_scope"));
    assert_eq!(secret(&s, "o", "client-id").as_deref(), Some("EDGEMARK_id"));
    let mut args = vec!["connection", "update", "r", "--username", "-", "--password", "-"];
    args.extend(place);
    let run = run_with_stdin(&s, &args, b"EDGEMARK_user2\nEDGEMARK_pw2\n").ok();
    assert!(!run.stdout.contains(MARK) && !run.stderr.contains(MARK), "{run:?}");
    assert_eq!(secret(&s, "r", "username").as_deref(), Some("EDGEMARK_user2"));
    assert_eq!(secret(&s, "r", "password").as_deref(), Some("EDGEMARK_pw2"));
}

#[test]
fn the_mask_is_refused_as_a_credential_by_the_verbs_and_by_sql() {
    let s = Sandbox::new();
    let place = ["--cloud", "aws", "--region", "r"];
    let mut args = vec!["connection", "create", "c", "--type", "openai", "--endpoint", "https://e"];
    args.extend(["--api-key", "EDGEMARK_real"]);
    args.extend(place);
    run(&s, &args).ok();
    let mut update = vec!["connection", "update", "c", "--api-key", "<REDACTED>"];
    update.extend(place);
    let refused = run(&s, &update).fails_with(1);
    assert!(
        refused.stderr.contains("'api-key' holds the mask <REDACTED>, not a secret: type the secret again"),
        "{}",
        refused.stderr
    );
    // Read from stdin, as a pasted line would be.
    let mut update = vec!["connection", "update", "c", "--api-key", "-"];
    update.extend(place);
    run_with_stdin(&s, &update, b" <redacted>\n").fails_with(1);
    let mut create = vec!["connection", "create", "d", "--type", "openai", "--endpoint", "https://e"];
    create.extend(["--api-key", "<REDACTED>"]);
    create.extend(place);
    run(&s, &create).fails_with(1);
    // SHOW CREATE output run again as SQL.
    let shown = run(&s, &["--cloud", "aws", "--region", "r", "-e", "SHOW CREATE CONNECTION c"]).ok().stdout;
    let replayed = shown.replacen("CREATE CONNECTION", "CREATE OR REPLACE CONNECTION", 1);
    let refused = run(&s, &["--cloud", "aws", "--region", "r", "-e", &replayed]).fails_with(1);
    assert!(refused.stderr.contains("holds the mask <REDACTED>"), "{}", refused.stderr);
    assert_eq!(secret(&s, "c", "api-key").as_deref(), Some("EDGEMARK_real"));
}

#[test]
fn usage_errors_and_shell_errors_show_control_characters_escaped() {
    let s = Sandbox::new();
    let run = run(&s, &["connection", "describe", "a\u{1b}[2J", "b\u{1b}]0;t\u{7}\r"]).fails_with(2);
    assert!(!run.stderr.contains(['\u{1b}', '\u{7}', '\r']), "{:?}", run.stderr);
    // (clap drops the escape sequences it recognises itself; what is left is escaped.)
    assert!(run.stderr.contains("\\u{d}'"), "{}", run.stderr);
    // A parse error in the SQL mode shows its line escaped too.
    let run = s.run(&["--memory", "-e", "CREATE CONNECTION \u{1b}[31m WITH"]).fails_with(1);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}
