//! The `flink-ddl` binary: a SQL shell over the library, and the `confluent flink connection`
//! verbs, both running statements through one [`Session`] over a catalog (a SQLite file by
//! default, or a PostgreSQL database shared by many processes; docs/cli.md).
//!
//! This file owns the command line (clap) and SQL mode: `-e` and `-f` sources in command-line
//! order, stdin when neither is given, the interactive shell (`repl.rs`) on a terminal.
//! `connection_cmd.rs` owns the `connection` verbs, `catalog_choice.rs` which catalog a command
//! runs against, `output.rs` the `-o` formats and standard output. Only the library's public API
//! is used.
//!
//! Exit codes: 0 success; 1 a statement failed (or the catalog, a file or stdin could not be
//! read); 2 a usage error (clap's code for usage errors, kept).
#![forbid(unsafe_code)]

/// `eprintln!` that cannot panic: a message to a closed or broken stderr is dropped.
macro_rules! report {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod api_key_cmd;
mod catalog_choice;
mod catalog_cmd;
mod connection_cmd;
mod hints;
mod output;
mod repl;
mod serve_cmd;
mod store_args;
mod usage_mask;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser as ClapParser, Subcommand};
use flink_ddl::{Location, Parser};
use flink_ddl_exec::{Role, Session, SessionContext};
use flink_ddl_sqlite::SqliteCatalog;

use catalog_choice::{data_dir, default_catalog_path_unchecked, history_path_unchecked, open_catalog};
use output::{escape_message, Format, Output};
use store_args::StoreArgs;

/// Run Flink SQL connection statements against a local catalog.
#[derive(ClapParser, Debug)]
#[command(
    name = "flink-ddl",
    version,
    after_help = "Statements run in command-line order; the first failing one stops the run (exit 1).\n\
                  Without -e or -f, statements are read from stdin, or an interactive shell starts on a terminal.\n\
                  Exit codes: 0 success, 1 a statement or the catalog failed, 2 usage error."
)]
struct Cli {
    #[command(flatten)]
    store: StoreArgs,

    /// The caller's role (repeat for several)
    #[arg(long, global = true, value_name = "ROLE", value_parser = parse_role, default_value = "OrganizationAdmin")]
    role: Vec<Role>,

    /// Environment the statements run in
    #[arg(long, value_name = "ENV", default_value = SessionContext::DEFAULT_ENVIRONMENT)]
    environment: String,

    /// Cloud the statements run in
    #[arg(long, value_name = "CLOUD", default_value = SessionContext::DEFAULT_CLOUD)]
    cloud: String,

    /// Region the statements run in
    #[arg(long, value_name = "REGION", default_value = SessionContext::DEFAULT_REGION)]
    region: String,

    /// Output format
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Human)]
    output: Format,

    /// Run the statements of SQL (repeatable)
    #[arg(short = 'e', long = "execute", value_name = "SQL")]
    execute: Vec<String>,

    /// Run the statements of FILE (repeatable; `-` reads stdin)
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    file: Vec<PathBuf>,

    /// Start the interactive shell even when stdin is not a terminal (after -e and -f, if given)
    #[arg(short = 'i', long)]
    interactive: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Manage connections as `confluent flink connection` does
    #[command(subcommand)]
    Connection(Box<connection_cmd::Verb>),
    /// Serve Confluent's sql/v1 REST API for connections over the catalog
    Serve(serve_cmd::ServeArgs),
    /// Manage the API keys of the sql/v1 server
    #[command(subcommand)]
    ApiKey(api_key_cmd::Verb),
    /// Where the catalog is; back it up, restore it, change its key
    #[command(subcommand)]
    Catalog(catalog_cmd::Verb),
}

/// The command line, with the files this run would use shown at the end of `--help`.
fn command() -> clap::Command {
    let cmd = Cli::command();
    let mut text = cmd.get_after_help().map(|h| h.to_string()).unwrap_or_default();
    text.push_str("\n\nFiles (`flink-ddl catalog info` shows them too):\n");
    match default_catalog_path_unchecked() {
        Some(path) => {
            let key = SqliteCatalog::default_key_file(&path);
            text.push_str(&format!("  catalog   {} (or --catalog, $FLINK_DDL_CATALOG)\n", path.display()));
            text.push_str(&format!("  key file  {} (or --key-file, $FLINK_DDL_KEY_FILE)\n", key.display()));
        }
        None => {
            text.push_str("  catalog   none: no data directory is known for this user (set HOME, or pass --catalog)\n")
        }
    }
    if let Some(history) = history_path_unchecked() {
        text.push_str(&format!("  history   {} (the interactive shell's, credentials masked)", history.display()));
    }
    cmd.after_help(text)
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse::<Role>().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let matches = match command().try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(e) => return usage_error(&e, &args),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, &args),
    };
    // `--memory` beats $FLINK_DDL_CATALOG (an explicit flag wins over the environment), but
    // not a `--catalog` written on the same command line.
    if cli.store.memory && matches.value_source("catalog") == Some(ValueSource::CommandLine) {
        let err = command().error(
            clap::error::ErrorKind::ArgumentConflict,
            "--memory and --catalog name two catalogs; give one of them",
        );
        return usage_error(&err, &args);
    }
    if cli.command.is_some() {
        // The SQL mode's own options mean nothing to the subcommands (which take theirs after
        // the subcommand); the store options and --role apply to all.
        let sql_only = ["execute", "file", "interactive", "environment", "cloud", "region", "output"];
        if let Some(id) = sql_only.iter().find(|id| matches.value_source(id) == Some(ValueSource::CommandLine)) {
            let mut command = command();
            let flag = command.get_arguments().find(|a| a.get_id() == *id).and_then(|a| a.get_long());
            let message = format!(
                "--{} belongs to the SQL mode; subcommands take their own options after the subcommand",
                flag.unwrap_or(id)
            );
            let err = command.error(clap::error::ErrorKind::ArgumentConflict, message);
            return usage_error(&err, &args);
        }
    }
    match cli.command {
        Some(Command::Catalog(verb)) => catalog_cmd::run(verb, &cli.store),
        Some(Command::Connection(verb)) => {
            match connection_cmd::run(*verb, &cli.store, &cli.role, matches.subcommand_matches("connection")) {
                Ok(code) => code,
                Err(message) => usage_error(&command().error(clap::error::ErrorKind::ArgumentConflict, message), &args),
            }
        }
        Some(Command::Serve(serve)) => serve_cmd::run(serve, &cli.store),
        Some(Command::ApiKey(verb)) => {
            let role = match (&verb, matches.value_source("role"), cli.role.as_slice()) {
                (api_key_cmd::Verb::Create(_), Some(ValueSource::CommandLine), [role]) => *role,
                (api_key_cmd::Verb::Create(_), _, _) => {
                    let err = command().error(
                        clap::error::ErrorKind::MissingRequiredArgument,
                        "api-key create needs exactly one --role ROLE (OrganizationAdmin, EnvironmentAdmin, FlinkAdmin or FlinkDeveloper)",
                    );
                    return usage_error(&err, &args);
                }
                (_, _, roles) => roles.first().copied().unwrap_or(Role::OrganizationAdmin),
            };
            api_key_cmd::run(verb, &cli.store, role)
        }
        None => sql_mode(&cli, &matches),
    }
}

// ---- usage errors ------------------------------------------------------------------------------

/// Prints clap's message with every argument value that may be a secret masked, and returns
/// clap's exit code (2 for usage errors, 0 for `--help` and `--version`).
fn usage_error(err: &clap::Error, args: &[OsString]) -> ExitCode {
    let mut text = usage_mask::mask_argument_values(&err.render().to_string(), args, &known_flags());
    if let Some(tip) = sql_without_e_tip(err, args) {
        match text.find("\n\nUsage:") {
            Some(at) => text.insert_str(at, &tip),
            None => text.push_str(&tip),
        }
    }
    // An argument may hold control characters (ESC, CR): clap quotes it as it is.
    let text = escape_message(&text);
    // Written without print!, which panics when the stream is closed.
    let _ = if err.use_stderr() {
        io::stderr().write_all(text.as_bytes())
    } else {
        io::stdout().write_all(text.as_bytes()).and_then(|()| io::stdout().flush())
    };
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

/// SQL given as a bare argument (`flink-ddl "SHOW CONNECTIONS"`) is read by clap as an unknown
/// subcommand or argument; this says how to pass it. The SQL itself is not repeated (it may hold
/// a secret), and the example runs as printed.
fn sql_without_e_tip(err: &clap::Error, args: &[OsString]) -> Option<String> {
    use clap::error::ErrorKind;
    if !matches!(err.kind(), ErrorKind::InvalidSubcommand | ErrorKind::UnknownArgument) {
        return None;
    }
    let looks_like_sql = |arg: &str| {
        let first = arg.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        const STARTS: [&str; 8] = ["CREATE", "ALTER", "DROP", "DESCRIBE", "DESC", "SHOW", "REPLACE", "CREAT"];
        !arg.starts_with('-') && (STARTS.contains(&first.as_str()) || arg.trim_end().ends_with(';'))
    };
    let connection_verb = args.get(1).is_some_and(|a| a == "connection" || a == "catalog");
    if connection_verb || !args.iter().skip(1).any(|a| looks_like_sql(&a.to_string_lossy())) {
        return None;
    }
    Some(
        "\n\n  tip: SQL statements are given with -e (or -f FILE, or on standard input), for example:\n\
         \x20       flink-ddl -e 'SHOW CONNECTIONS'"
            .to_owned(),
    )
}

/// Every flag of the command line, subcommands included (long names, and short ones as one
/// letter), with whether it takes a value.
fn known_flags() -> Vec<(String, bool)> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, bool)>) {
        for arg in cmd.get_arguments() {
            let takes = arg.get_action().takes_values();
            out.extend(arg.get_long().map(|long| (long.to_owned(), takes)));
            out.extend(arg.get_short().map(|short| (short.to_string(), takes)));
        }
        out.extend(["help", "version", "h", "V"].map(|flag| (flag.to_owned(), false)));
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &mut out);
    out
}

// ---- SQL mode ----------------------------------------------------------------------------------

/// Where a script comes from, in command-line order.
enum Source {
    Sql { number: usize, text: String },
    File(PathBuf),
    Stdin,
}

fn sql_mode(cli: &Cli, matches: &ArgMatches) -> ExitCode {
    let catalog = match open_catalog(&cli.store) {
        Ok(catalog) => catalog,
        Err(message) => {
            report!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let context = SessionContext::new(&cli.environment, &cli.cloud, &cli.region).with_roles(cli.role.clone());
    let session = Session::new(catalog, context);
    let mut out = Output::new(cli.output.into());

    let sources = ordered_sources(cli, matches);
    let interactive = cli.interactive || (sources.is_empty() && io::stdin().is_terminal());
    let sources = if sources.is_empty() && !interactive { vec![Source::Stdin] } else { sources };
    for source in sources {
        if let Err(code) = run_source(&session, &mut out, &cli.store, source) {
            return code;
        }
    }
    if interactive {
        return repl::run(&session, &mut out, &cli.store, data_dir().ok().map(|d| d.join("history")));
    }
    ExitCode::SUCCESS
}

/// `-e` and `-f` values in the order they were given (clap keeps each list in order; their
/// indices interleave them).
fn ordered_sources(cli: &Cli, matches: &ArgMatches) -> Vec<Source> {
    let mut sources: Vec<(usize, Source)> = Vec::new();
    if let Some(indices) = matches.indices_of("execute") {
        for (number, (index, text)) in indices.zip(&cli.execute).enumerate() {
            sources.push((index, Source::Sql { number: number + 1, text: text.clone() }));
        }
    }
    if let Some(indices) = matches.indices_of("file") {
        for (index, path) in indices.zip(&cli.file) {
            let source = if path.as_os_str() == "-" { Source::Stdin } else { Source::File(path.clone()) };
            sources.push((index, source));
        }
    }
    sources.sort_by_key(|(index, _)| *index);
    sources.into_iter().map(|(_, source)| source).collect()
}

/// Scripts smaller than this run without a progress bar.
const PROGRESS_MIN_BYTES: usize = 64 * 1024;

/// Reads and runs one source; on failure the error is already on stderr.
fn run_source(session: &Session, out: &mut Output, store: &StoreArgs, source: Source) -> Result<(), ExitCode> {
    let (label, text, progress) = match source {
        Source::Sql { number, text } => (format!("-e #{number}"), text, false),
        Source::File(path) => {
            let label = path.display().to_string();
            let bytes = std::fs::read(&path).map_err(|e| fail(&format!("{label}: {e}")))?;
            (label.clone(), utf8(&label, bytes)?, true)
        }
        Source::Stdin => {
            let mut bytes = Vec::new();
            io::stdin().lock().read_to_end(&mut bytes).map_err(|e| fail(&format!("<stdin>: {e}")))?;
            ("<stdin>".to_owned(), utf8("<stdin>", bytes)?, false)
        }
    };
    let bar = (progress && text.len() >= PROGRESS_MIN_BYTES && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(text.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {wide_bar} {percent:>3}% {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let result = run_script(session, out, store, &label, &text, bar.as_ref());
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}

/// The text of `bytes`, or an error naming the source and the byte offset of the first
/// invalid sequence.
fn utf8(label: &str, bytes: Vec<u8>) -> Result<String, ExitCode> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..offset];
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        fail(&format!("{label}: invalid UTF-8 at byte offset {offset} (line {line}); flink-ddl reads UTF-8 text"))
    })
}

/// Parses and runs `text` statement by statement, stopping at the first failure.
fn run_script(
    session: &Session,
    out: &mut Output,
    store: &StoreArgs,
    label: &str,
    text: &str,
    bar: Option<&indicatif::ProgressBar>,
) -> Result<(), ExitCode> {
    for (done, item) in Parser::new().statements(text).enumerate() {
        let (statement, span) = match item {
            Ok(parsed) => parsed,
            Err(err) => {
                if let Some(bar) = bar {
                    bar.finish_and_clear();
                }
                // The parser positions its errors in the whole text; the position is given once,
                // in front, then the line with its caret.
                return Err(fail(&format!("{label}:{}:{}: {}", err.line(), err.column(), parse_error_body(&err))));
            }
        };
        match session.execute_owned(statement) {
            Ok(outcome) => {
                match bar {
                    Some(bar) if io::stdout().is_terminal() => bar.suspend(|| out.write_outcome(&outcome)),
                    _ => out.write_outcome(&outcome),
                }?;
            }
            Err(err) => {
                if let Some(bar) = bar {
                    bar.finish_and_clear();
                }
                // The position says which statement; its text is not repeated, since a value
                // whose key is not recognised as sensitive (a misspelled `ap-key`) would show.
                let at = Location::of(text, span.start);
                let hint = hints::not_found_hint(session, store, &err).map(|h| format!("\n{h}")).unwrap_or_default();
                return Err(fail(&format!("{label}:{}:{}: {err}{hint}", at.line, at.column)));
            }
        }
        if let Some(bar) = bar {
            bar.set_position(span.end as u64);
            bar.set_message(format!("{} statements", done + 1));
        }
    }
    Ok(())
}

/// A parse error's message and its source line with the caret, without the `(line L, column C)`
/// that its `Display` adds (the binary puts the position in front, `FILE:LINE:COLUMN:`).
pub(crate) fn parse_error_body(err: &flink_ddl::ParseError) -> String {
    let shown = err.to_string();
    let head = format!("{} (line {}, column {})", err.message(), err.line(), err.column());
    match shown.strip_prefix(&head) {
        Some(rest) => format!("{}{rest}", err.message()),
        None => shown,
    }
}

/// Prints `error: <message>` on stderr; exit code 1.
fn fail(message: &str) -> ExitCode {
    report!("error: {}", escape_message(message));
    ExitCode::from(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    fn mask_argument_values(message: &str, args: &[OsString]) -> String {
        usage_mask::mask_argument_values(message, args, &known_flags())
    }

    #[test]
    fn masking_hides_credential_values_and_sql() {
        let args = os(&["flink-ddl", "connection", "create", "c", "--api-ky", "sk-live-123456"]);
        let masked = mask_argument_values("unexpected argument '--api-ky' found; value 'sk-live-123456'", &args);
        assert!(!masked.contains("sk-live-123456"), "{masked}");
        let args = os(&["flink-ddl", "--password=hunter2", "x"]);
        assert!(!mask_argument_values("'--password=hunter2' and 'hunter2'", &args).contains("hunter2"));
        let sql = "CREATE CONNECTION c WITH ('api-key' = 'sk-9999999')";
        let args = os(&["flink-ddl", sql]);
        let masked = mask_argument_values(&format!("unexpected argument '{sql}' found"), &args);
        assert!(!masked.contains("sk-9999999") && masked.contains("CREATE CONNECTION c"), "{masked}");
        // Known, non-secret flags keep their values.
        let args = os(&["flink-ddl", "-o", "xml"]);
        assert!(mask_argument_values("invalid value 'xml' for '--output'", &args).contains("'xml'"));
        let args = os(&["flink-ddl", "--output=xml"]);
        assert!(mask_argument_values("invalid value 'xml' for '--output'", &args).contains("'xml'"));
        // A secret split by the shell, and a secret that starts with a dash.
        let args = os(&["flink-ddl", "connection", "update", "c", "--password", "hunter", "two2", "--api-key"]);
        let masked = mask_argument_values("unexpected argument 'two2'; 'hunter'; '--api-key <KEY>'", &args);
        assert_eq!(masked, "unexpected argument '<REDACTED>'; '<REDACTED>'; '--api-key <KEY>'");
        let args = os(&["flink-ddl", "connection", "update", "c", "--password", "-sk-123456", "--api-key"]);
        let masked = mask_argument_values("a value is required for '--api-key <KEY>'; -sk-123456", &args);
        assert_eq!(masked, "a value is required for '--api-key <KEY>'; <REDACTED>");
        // A PostgreSQL URL's password, as a value, inline, or a stray argument.
        for args in [
            os(&["flink-ddl", "--catalog", "postgres://u:pg-pw-1@h/db", "stray"]),
            os(&["flink-ddl", "--catalog=postgresql://u:pg-pw-1@h/db", "stray"]),
            os(&["flink-ddl", "postgres://u:pg-pw-1@h/db"]),
        ] {
            let message =
                format!("unexpected argument '{}' found", args[1..].join(std::ffi::OsStr::new(" ")).to_string_lossy());
            let masked = mask_argument_values(&message, &args);
            assert!(!masked.contains("pg-pw-1") && masked.contains("u:<REDACTED>@h/db"), "{masked}");
        }
    }
}
