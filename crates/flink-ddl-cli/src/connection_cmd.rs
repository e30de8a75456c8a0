//! `flink-ddl connection create|describe|list|update|delete`: the verbs of
//! `confluent flink connection` (docs/cli.md), with its flags and messages.
//!
//! Each verb builds the statement it stands for (`CREATE CONNECTION`, `DESCRIBE CONNECTION`,
//! `SHOW CONNECTIONS`, `ALTER CONNECTION ... SET`, `DROP CONNECTION`) and runs it through a
//! [`Session`], so every rule of the SQL mode applies unchanged; output uses the CLI's field
//! names ([`render_cli`]).
//!
//! A credential flag given as `-` reads its value from stdin (without echo on a terminal), so a
//! secret need not appear in the process list or the shell's history. Several `-` flags read one
//! line each, in the order the flags were given on the command line.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{ArgMatches, Args, Subcommand};
use flink_ddl::{
    AlterConnection, CreateConnection, DescribeConnection, ObjectName, OptionList, ShowConnections, SqlOption,
    Statement,
};
use flink_ddl_exec::{
    render_cli, render_connection_types, ConnectionInfo, ConnectionType, ExecError, Outcome, Role, Session,
    SessionContext,
};

use crate::catalog_choice::open_catalog;
use crate::hints::Suggested;
use crate::output::Format;
use crate::store_args::StoreArgs;

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
    /// Delete one or more Flink connections (all or none)
    Delete(DeleteArgs),
    /// List the connection types and the credential flags each one needs
    Types(TypesArgs),
}

/// Where the connection lives.
#[derive(Args, Debug, Clone)]
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

    /// The options the flags give, `-` values read from stdin, empty values left out. `given`
    /// (the verb's matches) says where each flag was on the command line: `-` values are read
    /// one line each in that order, so `--password - --username -` reads the password first.
    fn options(&self, given: Option<&ArgMatches>) -> Result<Vec<SqlOption>, String> {
        let mut pairs: Vec<(usize, &'static str, &Option<String>)> = self
            .pairs()
            .into_iter()
            .enumerate()
            .map(|(order, (key, value))| {
                let id = key.replace('-', "_");
                let at = given.and_then(|m| m.index_of(&id));
                (at.unwrap_or(usize::MAX - 64 + order), key, value)
            })
            .collect();
        pairs.sort_by_key(|(at, _, _)| *at);
        let mut read: Vec<(&'static str, String)> = Vec::new();
        let mut stdin = None;
        for (_, key, value) in pairs {
            let Some(value) = value else { continue };
            let value = if value == "-" {
                read_value(key, stdin.get_or_insert_with(|| io::stdin().lock()))?
            } else {
                value.clone()
            };
            read.push((key, value));
        }
        // The options themselves keep the order of `--help`, whatever order they were typed in.
        let mut options = Vec::new();
        for (key, _) in self.pairs() {
            if let Some((_, value)) = read.iter().find(|(k, _)| *k == key).filter(|(_, v)| !v.is_empty()) {
                options.push(SqlOption::new(key, value.as_str()));
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
    /// Not a flag of update: taken only to explain that the endpoint never changes.
    #[arg(long, hide = true, value_name = "URL")]
    endpoint: Option<String>,
    /// Not a flag of update: taken only to explain that the type never changes.
    #[arg(long = "type", hide = true, value_name = "TYPE")]
    connection_type: Option<String>,
}

/// `types`.
#[derive(Args, Debug)]
pub(crate) struct TypesArgs {
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

/// Runs a verb; prints its output on stdout, or `Error: ...` on stderr. A usage problem comes back
/// as `Err(message)`, for the caller to print as clap prints its own (exit code 2).
///
/// `matches` are the `connection` subcommand's own: they say in which order the credential flags
/// were typed.
pub(crate) fn run(
    verb: Verb,
    store: &StoreArgs,
    roles: &[Role],
    matches: Option<&ArgMatches>,
) -> Result<ExitCode, String> {
    let given = matches.and_then(|m| m.subcommand()).map(|(_, m)| m);
    match run_verb(verb, store, roles, given) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(failure) if failure.code == 2 => Err(failure.message),
        Err(failure) => {
            report!("Error: {}", crate::output::escape_message(&failure.message));
            Ok(ExitCode::from(failure.code))
        }
    }
}

impl Failure {
    /// A usage problem (exit code 2), printed as clap prints its own, with secrets masked.
    fn usage(message: String) -> Self {
        Failure { message, code: 2 }
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

fn run_verb(verb: Verb, store: &StoreArgs, roles: &[Role], given: Option<&ArgMatches>) -> Result<(), Failure> {
    match verb {
        Verb::Create(args) => {
            let mut options = OptionList::new();
            options.push(SqlOption::new("type", args.connection_type.as_str()));
            options.push(SqlOption::new("endpoint", args.endpoint.as_str()));
            for option in args.credentials.options(given)? {
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
            let outcome = session.execute(&statement).map_err(not_found_as_cli(&session, store, &args.name))?;
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
        Verb::Update(args) => update(args, store, roles, given),
        Verb::Delete(args) => delete(args, store, roles),
        Verb::Types(args) => print(&render_connection_types(args.output.output.into())),
    }
}

/// `update`: credentials only. `--endpoint` and `--type` are refused with the way to replace the
/// connection; no credential flag at all is refused naming the flags the connection's type takes.
fn update(args: UpdateArgs, store: &StoreArgs, roles: &[Role], given: Option<&ArgMatches>) -> Result<(), Failure> {
    let session = session(store, &args.place, roles)?;
    let describe = Statement::DescribeConnection(DescribeConnection { extended: false, name: name(&args.name) });
    let found = match session.execute(&describe) {
        Ok(Outcome::Described { connection, .. }) => Some(connection),
        _ => None,
    };
    if let Some(flag) = [("endpoint", &args.endpoint), ("type", &args.connection_type)]
        .into_iter()
        .find_map(|(flag, value)| value.as_ref().map(|_| flag))
    {
        return Err(Failure::usage(fixed_at_creation(flag, &args, found.as_ref(), store)));
    }
    let Some(connection) = found else {
        return Err(Failure { message: not_found(&session, store, &args.name, &args.place), code: 1 });
    };
    let mut options = OptionList::new();
    for option in args.credentials.options(given)? {
        options.push(option);
    }
    if options.is_empty() {
        let flags = flag_list(&connection.connection_type.allowed_keys());
        return Err(Failure {
            message: format!(
                "no credential to update: give at least one credential flag; connection \"{}\" (type {}) takes {flags}",
                args.name, connection.connection_type
            ),
            code: 1,
        });
    }
    let statement = Statement::AlterConnection(AlterConnection { if_exists: false, name: name(&args.name), options });
    let outcome = session.execute(&statement).map_err(not_found_as_cli(&session, store, &args.name))?;
    print(&render_cli(&outcome, args.output.output.into()))
}

/// `--api-key`, `--username`, ... for the keys.
fn flag_list(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("--{k}")).collect::<Vec<_>>().join(", ")
}

/// Why `update --endpoint` (or `--type`) is refused, and the two commands that replace the
/// connection instead (credentials read from the terminal or stdin, so they run as printed).
fn fixed_at_creation(flag: &str, args: &UpdateArgs, found: Option<&ConnectionInfo>, store: &StoreArgs) -> String {
    let mut message = format!(
        "--{flag} is not a flag of update: a connection's type and endpoint (and cloud and region) are fixed when it \
         is created; update changes credentials only"
    );
    let Some(found) = found else { return message };
    let place = |command: Suggested| {
        let command = command.option("--cloud", &args.place.cloud).option("--region", &args.place.region);
        if args.place.environment == SessionContext::DEFAULT_ENVIRONMENT {
            command
        } else {
            command.option("--environment", &args.place.environment)
        }
    };
    let endpoint = args.endpoint.as_deref().unwrap_or(&found.endpoint);
    let connection_type = match args.connection_type.as_deref().and_then(ConnectionType::from_name) {
        Some(t) => t,
        None => found.connection_type,
    };
    let mut create = place(Suggested::with_store(store).args(["connection", "create"]))
        .option("--type", connection_type.name())
        .option("--endpoint", endpoint);
    let method = connection_type.auth_methods().into_iter().next().unwrap_or_default();
    for key in method {
        create = create.option(&format!("--{key}"), "-");
    }
    let delete = place(Suggested::with_store(store).args(["connection", "delete"])).arg_force().positional(&args.name);
    let create = create.positional(&args.name);
    message.push_str(&format!(
        ".\nTo change it, delete the connection and create it again (tables that use it must be dropped first; \
         `-` asks for each credential):\n  {delete}\n  {create}"
    ));
    message
}

/// The CLI's words for a missing connection: `Flink connection "x" not found`, with where it was
/// looked for and commands to list (and, when the name is in another cloud or region, to describe
/// it there) that run as printed; other errors keep the executor's message.
fn not_found_as_cli<'a>(
    session: &'a Session,
    store: &'a StoreArgs,
    text: &'a str,
) -> impl Fn(ExecError) -> Failure + 'a {
    move |err| match err {
        ExecError::ConnectionNotFound { scope, .. } => {
            let place = Place { cloud: scope.cloud, region: scope.region, environment: scope.environment };
            Failure { message: not_found(session, store, text, &place), code: 1 }
        }
        other => other.into(),
    }
}

fn not_found(session: &Session, store: &StoreArgs, name: &str, place: &Place) -> String {
    let in_place = |command: Suggested, place: &Place| {
        let command = command.option("--cloud", &place.cloud).option("--region", &place.region);
        if place.environment == SessionContext::DEFAULT_ENVIRONMENT {
            command
        } else {
            command.option("--environment", &place.environment)
        }
    };
    let list = in_place(Suggested::with_store(store).args(["connection", "list"]), place);
    let mut message = format!(
        "Flink connection \"{name}\" not found in environment \"{}\", cloud \"{}\", region \"{}\"\n\nSuggestions:\n    \
         List available Flink connections with `{list}`.",
        place.environment, place.cloud, place.region
    );
    if let Ok(Some(elsewhere)) = session.catalog().get_connection(&place.environment, name) {
        let there = Place {
            cloud: elsewhere.info.scope.cloud.clone(),
            region: elsewhere.info.scope.region.clone(),
            environment: elsewhere.info.scope.environment.clone(),
        };
        let describe = in_place(Suggested::with_store(store).args(["connection", "describe"]), &there).positional(name);
        message.push_str(&format!(
            "\n    It exists in cloud \"{}\", region \"{}\": `{describe}`.",
            there.cloud, there.region
        ));
    }
    message
}

/// `delete`: every name must exist first (nothing is deleted otherwise); then the question, or
/// `--force`; then all of them are dropped in one catalog step, or none (a connection a table
/// uses refuses the whole batch).
fn delete(args: DeleteArgs, store: &StoreArgs, roles: &[Role]) -> Result<(), Failure> {
    let session = session(store, &args.place, roles)?;
    for each in &args.names {
        let describe = Statement::DescribeConnection(DescribeConnection { extended: false, name: name(each) });
        session.execute(&describe).map_err(not_found_as_cli(&session, store, each))?;
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
    let names: Vec<&str> = args.names.iter().map(String::as_str).collect();
    let dropped = session.drop_connections(&names).map_err(|err| match &err {
        ExecError::ConnectionNotFound { name, .. } => {
            Failure { message: not_found(&session, store, name, &args.place), code: 1 }
        }
        _ => Failure::from(err),
    })?;
    let deleted: Vec<String> = dropped
        .iter()
        .filter_map(|outcome| match outcome {
            Outcome::Dropped { connection, .. } => Some(connection.name.clone()),
            _ => None,
        })
        .collect();
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
