//! `flink-ddl connection create|describe|list|update|delete`: the verbs of
//! `confluent flink connection` (dialect.md §8.3), with its flags and messages.
//!
//! Each verb builds the statement it stands for (`CREATE CONNECTION`, `DESCRIBE CONNECTION`,
//! `SHOW CONNECTIONS`, `ALTER CONNECTION ... SET`, `DROP CONNECTION`) and runs it through a
//! [`Session`], so every rule of the SQL mode applies unchanged; output uses the CLI's field
//! names ([`render_cli`]).
//!
//! A credential flag given as `-` reads its value from stdin (without echo on a terminal), so a
//! secret need not appear in the process list or the shell's history. Several `-` flags read one
//! line each, in the order the flags are listed in `--help`.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{Args, Subcommand};
use flink_ddl::{
    AlterConnection, CreateConnection, DescribeConnection, DropConnection, ObjectName, OptionList, ShowConnections,
    SqlOption, Statement,
};
use flink_ddl_exec::{render_cli, ConnectionType, ExecError, Outcome, Role, Session, SessionContext};

use crate::catalog_choice::{open_catalog, StoreArgs};
use crate::output::Format;

/// The verbs.
#[derive(Subcommand, Debug)]
pub(crate) enum Verb {
    /// Create a Flink connection
    Create(CreateArgs),
    /// Describe a Flink connection
    Describe(DescribeArgs),
    /// List Flink connections
    List(ListArgs),
    /// Update a Flink connection's credentials (type and endpoint never change)
    Update(UpdateArgs),
    /// Delete one or more Flink connections
    Delete(DeleteArgs),
}

/// Where the connection lives.
#[derive(Args, Debug)]
pub(crate) struct Place {
    /// Cloud provider (`local` is flink-ddl's default context)
    #[arg(long, required = true, value_parser = ["aws", "azure", "gcp", "local"])]
    cloud: String,

    /// Cloud region (for example `us-west-2`)
    #[arg(long, required = true)]
    region: String,

    /// Environment
    #[arg(long, value_name = "ENV", default_value = SessionContext::DEFAULT_ENVIRONMENT)]
    environment: String,
}

/// `-o human|json|yaml`.
#[derive(Args, Debug)]
pub(crate) struct OutputArg {
    /// Output format
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Human)]
    output: Format,
}

/// The credential flags; `-` reads the value from stdin. An empty value counts as absent.
#[derive(Args, Debug, Default)]
pub(crate) struct Credentials {
    /// API key (`-` reads it from stdin)
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    api_key: Option<String>,
    /// AWS access key (`-` reads it from stdin)
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    aws_access_key: Option<String>,
    /// AWS secret key (`-` reads it from stdin)
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    aws_secret_key: Option<String>,
    /// AWS session token (`-` reads it from stdin)
    #[arg(long, value_name = "TOKEN", allow_hyphen_values = true)]
    aws_session_token: Option<String>,
    /// Service key (`-` reads it from stdin)
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    service_key: Option<String>,
    /// User name (`-` reads it from stdin)
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    username: Option<String>,
    /// Password (`-` reads it from stdin)
    #[arg(long, value_name = "PASSWORD", allow_hyphen_values = true)]
    password: Option<String>,
    /// Bearer token (`-` reads it from stdin)
    #[arg(long, value_name = "TOKEN", allow_hyphen_values = true)]
    token: Option<String>,
    /// OAuth token endpoint (`-` reads it from stdin)
    #[arg(long, value_name = "URL", allow_hyphen_values = true)]
    token_endpoint: Option<String>,
    /// OAuth client id (`-` reads it from stdin)
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    client_id: Option<String>,
    /// OAuth client secret (`-` reads it from stdin)
    #[arg(long, value_name = "SECRET", allow_hyphen_values = true)]
    client_secret: Option<String>,
    /// OAuth scope (`-` reads it from stdin)
    #[arg(long, value_name = "SCOPE", allow_hyphen_values = true)]
    scope: Option<String>,
    /// MCP server SSE endpoint (`-` reads it from stdin)
    #[arg(long, value_name = "URL", allow_hyphen_values = true)]
    sse_endpoint: Option<String>,
    /// MCP transport type: SSE (the server's default) or STREAMABLE_HTTP
    #[arg(long, value_name = "TYPE", allow_hyphen_values = true)]
    transport_type: Option<String>,
}

impl Credentials {
    /// The flags as (SQL key, value), in the order of `--help`.
    fn pairs(&self) -> [(&'static str, &Option<String>); 14] {
        [
            ("api-key", &self.api_key),
            ("aws-access-key", &self.aws_access_key),
            ("aws-secret-key", &self.aws_secret_key),
            ("aws-session-token", &self.aws_session_token),
            ("service-key", &self.service_key),
            ("username", &self.username),
            ("password", &self.password),
            ("token", &self.token),
            ("token-endpoint", &self.token_endpoint),
            ("client-id", &self.client_id),
            ("client-secret", &self.client_secret),
            ("scope", &self.scope),
            ("sse-endpoint", &self.sse_endpoint),
            ("transport-type", &self.transport_type),
        ]
    }

    /// The options the flags give, `-` values read from stdin, empty values left out.
    fn options(&self) -> Result<Vec<SqlOption>, String> {
        let mut options = Vec::new();
        let mut stdin = None;
        for (key, value) in self.pairs() {
            let Some(value) = value else { continue };
            let value = if value == "-" {
                read_value(key, stdin.get_or_insert_with(|| io::stdin().lock()))?
            } else {
                value.clone()
            };
            if !value.is_empty() {
                options.push(SqlOption::new(key, value));
            }
        }
        Ok(options)
    }
}

/// The value of `--<key> -`: typed without echo on a terminal, else one line of stdin.
fn read_value(key: &str, stdin: &mut io::StdinLock<'static>) -> Result<String, String> {
    if io::stdin().is_terminal() {
        return rpassword::prompt_password(format!("--{key}: "))
            .map_err(|e| format!("cannot read --{key} from the terminal: {e}"));
    }
    let mut line = String::new();
    match stdin.read_line(&mut line) {
        Ok(0) => Err(format!("--{key} -: standard input ended before a value for --{key}")),
        Ok(_) => {
            let value = line.strip_suffix('\n').unwrap_or(&line);
            let value = value.strip_suffix('\r').unwrap_or(value);
            Ok(value.to_owned())
        }
        Err(e) => Err(format!("cannot read --{key} from standard input: {e}")),
    }
}

fn connection_types() -> PossibleValuesParser {
    PossibleValuesParser::new(ConnectionType::all().map(ConnectionType::name))
}

/// `create <name>`.
#[derive(Args, Debug)]
pub(crate) struct CreateArgs {
    /// Name of the connection
    name: String,
    #[command(flatten)]
    place: Place,
    /// Connection type (lower case)
    #[arg(long = "type", required = true, value_name = "TYPE", value_parser = connection_types())]
    connection_type: String,
    /// The service's endpoint URL
    #[arg(long, required = true, value_name = "URL")]
    endpoint: String,
    #[command(flatten)]
    credentials: Credentials,
    #[command(flatten)]
    output: OutputArg,
}

/// `describe <name>`.
#[derive(Args, Debug)]
pub(crate) struct DescribeArgs {
    /// Name of the connection
    name: String,
    #[command(flatten)]
    place: Place,
    #[command(flatten)]
    output: OutputArg,
}

/// `list`.
#[derive(Args, Debug)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    place: Place,
    /// Only connections of this type
    #[arg(long = "type", value_name = "TYPE", value_parser = connection_types())]
    connection_type: Option<String>,
    #[command(flatten)]
    output: OutputArg,
}

/// `update <name>`.
#[derive(Args, Debug)]
pub(crate) struct UpdateArgs {
    /// Name of the connection
    name: String,
    #[command(flatten)]
    place: Place,
    #[command(flatten)]
    credentials: Credentials,
    #[command(flatten)]
    output: OutputArg,
}

/// `delete <name> [name ...]`.
#[derive(Args, Debug)]
pub(crate) struct DeleteArgs {
    /// Names of the connections
    #[arg(required = true, num_args = 1..)]
    names: Vec<String>,
    #[command(flatten)]
    place: Place,
    /// Delete without asking
    #[arg(long)]
    force: bool,
}

/// What a verb failed at: a message for `Error: ...`, and the exit code.
struct Failure {
    message: String,
    code: u8,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure { message, code: 1 }
    }
}

impl From<ExecError> for Failure {
    fn from(err: ExecError) -> Self {
        Failure { message: err.to_string(), code: 1 }
    }
}

/// Runs a verb; prints its output on stdout, or `Error: ...` on stderr.
pub(crate) fn run(verb: Verb, store: &StoreArgs, roles: &[Role]) -> ExitCode {
    match run_verb(verb, store, roles) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            report!("Error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn session(store: &StoreArgs, place: &Place, roles: &[Role]) -> Result<Session, Failure> {
    let catalog = open_catalog(store)?;
    let context = SessionContext::new(&place.environment, &place.cloud, &place.region).with_roles(roles.to_vec());
    Ok(Session::new(catalog, context))
}

fn name(text: &str) -> ObjectName {
    ObjectName::simple(text)
}

fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure { message: format!("cannot write to standard output: {e}"), code: 1 })
}

fn run_verb(verb: Verb, store: &StoreArgs, roles: &[Role]) -> Result<(), Failure> {
    match verb {
        Verb::Create(args) => {
            let mut options = OptionList::new();
            options.push(SqlOption::new("type", args.connection_type.as_str()));
            options.push(SqlOption::new("endpoint", args.endpoint.as_str()));
            for option in args.credentials.options()? {
                options.push(option);
            }
            let statement = Statement::CreateConnection(CreateConnection {
                or_replace: false,
                if_not_exists: false,
                name: name(&args.name),
                comment: None,
                options,
            });
            let session = session(store, &args.place, roles)?;
            let outcome = session.execute(&statement)?;
            print(&render_cli(&outcome, args.output.output.into()))
        }
        Verb::Describe(args) => {
            let session = session(store, &args.place, roles)?;
            let statement =
                Statement::DescribeConnection(DescribeConnection { extended: false, name: name(&args.name) });
            let outcome = session.execute(&statement).map_err(not_found_as_cli(&args.name))?;
            print(&render_cli(&outcome, args.output.output.into()))
        }
        Verb::List(args) => {
            let session = session(store, &args.place, roles)?;
            let outcome = session.execute(&Statement::ShowConnections(ShowConnections { filter: None }))?;
            let outcome = match (outcome, &args.connection_type) {
                (Outcome::Listed { scope, connections }, Some(wanted)) => Outcome::Listed {
                    scope,
                    connections: connections.into_iter().filter(|c| c.connection_type.name() == wanted).collect(),
                },
                (outcome, _) => outcome,
            };
            print(&render_cli(&outcome, args.output.output.into()))
        }
        Verb::Update(args) => {
            let mut options = OptionList::new();
            for option in args.credentials.options()? {
                options.push(option);
            }
            let session = session(store, &args.place, roles)?;
            let statement =
                Statement::AlterConnection(AlterConnection { if_exists: false, name: name(&args.name), options });
            let outcome = session.execute(&statement).map_err(not_found_as_cli(&args.name))?;
            print(&render_cli(&outcome, args.output.output.into()))
        }
        Verb::Delete(args) => delete(args, store, roles),
    }
}

/// The CLI's words for a missing connection: `Flink connection "x" not found`, with the hint to
/// list; other errors keep the executor's message.
fn not_found_as_cli(text: &str) -> impl Fn(ExecError) -> Failure + '_ {
    move |err| match err {
        ExecError::ConnectionNotFound { .. } => Failure { message: not_found(text), code: 1 },
        other => other.into(),
    }
}

fn not_found(name: &str) -> String {
    format!(
        "Flink connection \"{name}\" not found\n\nSuggestions:\n    List available Flink connections with `flink-ddl connection list`."
    )
}

/// `delete`: every name must exist first (nothing is deleted otherwise); then the question, or
/// `--force`; then the connections are dropped one by one.
fn delete(args: DeleteArgs, store: &StoreArgs, roles: &[Role]) -> Result<(), Failure> {
    let session = session(store, &args.place, roles)?;
    for each in &args.names {
        let describe = Statement::DescribeConnection(DescribeConnection { extended: false, name: name(each) });
        session.execute(&describe).map_err(not_found_as_cli(each))?;
    }
    let several = if args.names.len() == 1 { "connection" } else { "connections" };
    if !args.force {
        if !io::stdin().is_terminal() {
            return Err(Failure {
                message: "refusing to delete without confirmation: standard input is not a terminal. \
                          Pass --force to delete without asking."
                    .to_owned(),
                code: 2,
            });
        }
        let question =
            format!("Are you sure you want to delete Flink {several} {}? (y/n): ", quoted_names(&args.names));
        print(&question)?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer).map_err(|e| format!("cannot read the answer: {e}"))?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            return Ok(());
        }
    }
    let mut deleted = Vec::new();
    for each in &args.names {
        let drop = Statement::DropConnection(DropConnection { if_exists: false, name: name(each) });
        match session.execute(&drop) {
            Ok(_) => deleted.push(each.clone()),
            Err(err) => {
                report_deleted(&deleted)?;
                return Err(not_found_as_cli(each)(err));
            }
        }
    }
    report_deleted(&deleted)
}

fn report_deleted(deleted: &[String]) -> Result<(), Failure> {
    match deleted.len() {
        0 => Ok(()),
        1 => print(&format!("Deleted Flink connection {}.\n", quoted_names(deleted))),
        _ => print(&format!("Deleted Flink connections {}.\n", quoted_names(deleted))),
    }
}

/// `"a"`, `"a" and "b"`, `"a", "b", and "c"` (the Confluent CLI's list).
fn quoted_names(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_listed_as_the_cli_lists_them() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(quoted_names(&names(&["a"])), "\"a\"");
        assert_eq!(quoted_names(&names(&["a", "b"])), "\"a\" and \"b\"");
        assert_eq!(quoted_names(&names(&["a", "b", "c"])), "\"a\", \"b\", and \"c\"");
    }
}
