//! The `flink-ddl` binary: a SQL shell over the library, and the `confluent flink connection`
//! verbs, both running statements through one [`Session`] over a catalog (a SQLite file by
//! default, see `interface.md`).
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

mod catalog_choice;
mod connection_cmd;
mod output;
mod repl;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser as ClapParser, Subcommand};
use flink_ddl::{is_sensitive_key, redact_broken_sql, Location, Parser};
use flink_ddl_exec::{render, Role, Session, SessionContext};

use catalog_choice::{data_dir, open_catalog, StoreArgs};
use output::{Format, Output};

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
    Connection(connection_cmd::Verb),
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse::<Role>().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let matches = match Cli::command().try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(e) => return usage_error(&e, &args),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, &args),
    };
    match cli.command {
        Some(Command::Connection(verb)) => {
            // The SQL mode's own options mean nothing to the verbs (which take --cloud,
            // --region, --environment and -o after the verb); the store options and --role
            // apply to both.
            let sql_only = ["execute", "file", "interactive", "environment", "cloud", "region", "output"];
            if let Some(id) = sql_only.iter().find(|id| matches.value_source(id) == Some(ValueSource::CommandLine)) {
                let mut command = Cli::command();
                let flag = command.get_arguments().find(|a| a.get_id() == *id).and_then(|a| a.get_long());
                let message = format!(
                    "--{} belongs to the SQL mode; the `connection` verbs take their own options after the verb",
                    flag.unwrap_or(id)
                );
                let err = command.error(clap::error::ErrorKind::ArgumentConflict, message);
                return usage_error(&err, &args);
            }
            connection_cmd::run(verb, &cli.store, &cli.role)
        }
        None => sql_mode(&cli, &matches),
    }
}

// ---- usage errors ------------------------------------------------------------------------------

/// Prints clap's message with every argument value that may be a secret masked, and returns
/// clap's exit code (2 for usage errors, 0 for `--help` and `--version`).
fn usage_error(err: &clap::Error, args: &[OsString]) -> ExitCode {
    let text = mask_argument_values(&err.render().to_string(), args);
    // Written without print!, which panics when the stream is closed.
    let _ = if err.use_stderr() {
        io::stderr().write_all(text.as_bytes())
    } else {
        io::stdout().write_all(text.as_bytes()).and_then(|()| io::stdout().flush())
    };
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

/// clap quotes the argument it objects to, and that argument may be a secret: the value after a
/// credential flag (`--api-key sk-...`), the value after a misspelled flag (`--api-ky sk-...`),
/// the rest of a secret the shell split at a blank, or SQL passed without `-e`. This hides them:
/// the values of credential flags and unknown flags, and the bare words right after such a
/// value, become `<REDACTED>`; SQL-looking arguments show as `redact_broken_sql` shows them.
fn mask_argument_values(message: &str, args: &[OsString]) -> String {
    let flags = known_flags();
    let takes_value = |name: &str| flags.iter().find(|(flag, _)| flag == name).map(|(_, takes)| *takes);
    let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let mut hidden: Vec<String> = Vec::new();
    let mut rewritten: Vec<(String, String)> = Vec::new();
    let mut i = 1;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg.contains(['\'', ' ', '\n', '\t', '"', '`']) {
            rewritten.push((arg.clone(), redact_broken_sql(arg)));
        }
        let name = match (arg.strip_prefix("--"), arg.strip_prefix('-')) {
            (Some(""), _) | (None, None) | (None, Some("")) => continue,
            (Some(long), _) => long,
            // A short flag: `-e SQL`, `-oxml`; its name is the one letter after the dash.
            (None, Some(short)) => &short[..short.chars().next().map_or(0, char::len_utf8)],
        };
        let (name, inline) = match name.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (name, None),
        };
        let known = takes_value(name);
        let secret = is_sensitive_key(name) || known.is_none();
        if let Some(value) = inline {
            if secret {
                hidden.push(value.to_owned());
            }
            continue;
        }
        if !known.unwrap_or(true) || arg.len() > 2 && !arg.starts_with("--") {
            continue; // a switch, or a short flag with its value attached
        }
        let Some(value) = args.get(i) else { continue };
        i += 1;
        if secret {
            hidden.push(value.clone());
            // The rest of a secret the shell split at a blank.
            while let Some(word) = args.get(i).filter(|w| !w.starts_with('-')) {
                hidden.push(word.clone());
                i += 1;
            }
        }
    }
    let mut text = message.to_owned();
    rewritten.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    for (from, to) in &rewritten {
        if from != to {
            text = text.replace(from.as_str(), to);
        }
    }
    hidden.retain(|v| !v.is_empty());
    hidden.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for value in &hidden {
        // clap quotes what it shows; a long value is also masked wherever it appears.
        text = text.replace(&format!("'{value}'"), "'<REDACTED>'");
        text = text.replace(&format!("={value}"), "=<REDACTED>");
        if value.chars().count() >= 6 {
            text = text.replace(value.as_str(), "<REDACTED>");
        }
    }
    text
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
        if let Err(code) = run_source(&session, &mut out, source) {
            return code;
        }
    }
    if interactive {
        return repl::run(&session, &mut out, data_dir().ok().map(|d| d.join("history")));
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
fn run_source(session: &Session, out: &mut Output, source: Source) -> Result<(), ExitCode> {
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
    let result = run_script(session, out, &label, &text, bar.as_ref());
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
                // The parser positions its errors in the whole text.
                return Err(fail(&format!("{label}:{}:{}: {err}", err.line(), err.column())));
            }
        };
        match session.execute(&statement) {
            Ok(outcome) => {
                let shown = render(&outcome, out.format);
                match bar {
                    Some(bar) if io::stdout().is_terminal() => bar.suspend(|| out.write(&shown)),
                    _ => out.write(&shown),
                }?;
            }
            Err(err) => {
                if let Some(bar) = bar {
                    bar.finish_and_clear();
                }
                // The position says which statement; its text is not repeated, since a value
                // whose key is not recognised as sensitive (a misspelled `ap-key`) would show.
                let at = Location::of(text, span.start);
                return Err(fail(&format!("{label}:{}:{}: {err}", at.line, at.column)));
            }
        }
        if let Some(bar) = bar {
            bar.set_position(span.end as u64);
            bar.set_message(format!("{} statements", done + 1));
        }
    }
    Ok(())
}

/// Prints `error: <message>` on stderr; exit code 1.
fn fail(message: &str) -> ExitCode {
    report!("error: {message}");
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
    }
}
