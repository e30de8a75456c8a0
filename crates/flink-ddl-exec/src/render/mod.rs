//! Rendering: an [`Outcome`] as text, apart from executing it. Human tables (`table.rs`) and
//! serialised documents (`json.rs`, shared by JSON and YAML) are both built from the outcome,
//! which holds no credential, so no format can show one.
//!
//! | Outcome | human | JSON / YAML |
//! |---|---|---|
//! | Created, Altered, Described | the DESCRIBE table (Comment row with EXTENDED) | `sql/v1` `Connection` |
//! | Dropped | `Dropped connection "<name>".` | `sql/v1` `Connection` with `metadata.deleted_at` |
//! | Listed | the SHOW list, or `None found.` and the scope searched | `sql/v1` `ConnectionList` (`data: []` when empty) |
//! | ShowCreate | the masked statement and a final `;` | `flink-ddl/v1` `ShowCreate` {object, name, statement} |
//! | NoOp | `Connection "<name>" already exists; nothing was created.` | `flink-ddl/v1` `NoOp` {object, name, action, reason, message} |
//! | TableCreated, TableDescribed | the columns (Column Name, Data Type, Nullable, Extras, Comment), then a DESCRIBE-style table of the table | `flink-ddl/v1` `Table` |
//! | TableDropped | `Dropped table "<name>".` | `flink-ddl/v1` `Table` with `metadata.deleted_at` |
//! | TablesListed | a SHOW-style list, or `None found.` and the scope searched | `flink-ddl/v1` `TableList` |
//! | AiObjectChanged, AiObjectsListed, AiObjectDescribed | models, tools and agents: see `ai_objects.rs` | `flink-ddl/v1` documents |
//!
//! The `sql/v1` server serves the same documents ([`SqlV1Connection`], [`SqlV1ConnectionList`]),
//! with its own URLs ([`ResourceBase`]) and one page of a keyset listing at a time.
//!
//! JSON is one document on one line (the shell prints one per statement); YAML is one document
//! without a `---` marker. [`render_cli`] gives the Confluent CLI's shapes for the binary's
//! `connection` mode, its JSON indented as the CLI indents it. Human output never carries a
//! control character raw: names, comments and endpoints show them as `\u{1b}`.

mod ai_objects;
pub(crate) mod create_table;
mod format;
mod json;
pub(crate) mod measure;
mod table;
pub(crate) mod table_columns;
mod types;
mod yaml;

pub use format::{OutputFormat, UnknownOutputFormat};
pub use table::escape_controls;
pub use types::render_connection_types;

pub use json::{ResourceBase, SqlV1Connection, SqlV1ConnectionList};

use std::{fmt, io};

use crate::catalog::{ConnectionInfo, TableRecord};
use crate::executor::Outcome;
use flink_ddl::REDACTED;
use json::Document;

/// `outcome` as text in `format` (SQL mode), ending with a newline.
///
/// ```
/// use std::sync::Arc;
/// use flink_ddl::parse_statement;
/// use flink_ddl_exec::{render, FixedClock, MemoryCatalog, OutputFormat, Session, SessionContext, Timestamp};
/// let session = Session::new(Arc::new(MemoryCatalog::new()), SessionContext::default())
///     .with_clock(Arc::new(FixedClock(Timestamp::from_unix_micros(1_755_122_697_972_969))));
/// let outcome = session.execute(&parse_statement("SHOW CONNECTIONS")?)?;
/// assert_eq!(
///     render(&outcome, OutputFormat::Human),
///     "None found.\n(searched environment \"default\", cloud \"local\", region \"local\")\n"
/// );
/// assert!(render(&outcome, OutputFormat::Json).starts_with(r#"{"api_version":"sql/v1","kind":"ConnectionList""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(outcome: &Outcome, format: OutputFormat) -> String {
    match format {
        OutputFormat::Human => human(outcome),
        OutputFormat::Json => {
            // Serialised straight into the text: no `serde_json::Value` of the document first.
            let mut text = serde_json::to_string(&Document(outcome, None)).unwrap_or_else(|_| "null".to_owned());
            text.push('\n');
            text
        }
        OutputFormat::Yaml => serde_yaml_ng::to_string(&Document(outcome, None)).unwrap_or_else(|_| {
            // A document of strings, numbers, maps and lists always has a YAML form; the fallback
            // keeps this total without a panic.
            let mut text = serde_json::to_string(&Document(outcome, None)).unwrap_or_else(|_| "null".to_owned());
            text.push('\n');
            text
        }),
    }
}

/// `outcome` in `format`, written to `out` as it is made, byte for byte what [`render`] gives:
/// what the binary uses, so that a huge result (a table of a million options) is not held as
/// text as well. JSON and YAML are serialised straight to `out`; the human form is made whole
/// (its columns are sized on every row), then written, except a table's DESCRIBE (and the
/// outcome of its CREATE) and a model's, tool's or agent's DESCRIBE table, written as they are
/// made: their columns are sized in a first pass over the rows.
///
/// ```
/// use std::sync::Arc;
/// use flink_ddl::parse_statement;
/// use flink_ddl_exec::{render, render_to, MemoryCatalog, OutputFormat, Session, SessionContext};
/// let session = Session::new(Arc::new(MemoryCatalog::new()), SessionContext::default());
/// let outcome = session.execute(&parse_statement("CREATE TABLE t (a INT) WITH ('connector' = 'datagen')")?)?;
/// for format in [OutputFormat::Human, OutputFormat::Json, OutputFormat::Yaml] {
///     let mut written = Vec::new();
///     render_to(&outcome, format, &mut written)?;
///     assert_eq!(String::from_utf8(written)?, render(&outcome, format));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_to(outcome: &Outcome, format: OutputFormat, mut out: impl io::Write) -> io::Result<()> {
    match format {
        // A model's one-row table is several times its options cell: written as it is made.
        OutputFormat::Human => match outcome {
            Outcome::AiObjectDescribed { header, rows, .. } => table::write_header_table(&mut out, header, rows),
            // The statement, escaped, then its `;`: not joined into one more copy first.
            Outcome::ShowCreate { masked_sql, .. } => {
                let mut escaping = table::EscapingWriter::new(&mut out, &['\n', '\t']);
                let formatted = fmt::Write::write_fmt(&mut escaping, format_args!("{masked_sql}"));
                escaping.finish(formatted)?;
                out.write_all(b";\n")
            }
            // A table's DESCRIBE holds a row per option: written as it is made.
            Outcome::TableCreated { table, .. } => write_describe_table(&mut out, table, false),
            Outcome::TableDescribed { table, extended } => write_describe_table(&mut out, table, *extended),
            _ => out.write_all(human(outcome).as_bytes()),
        },
        OutputFormat::Json => {
            serde_json::to_writer(&mut out, &Document(outcome, None))?;
            out.write_all(b"\n")
        }
        OutputFormat::Yaml => {
            // serde_yaml_ng wraps the writer's error in its own: its kind is kept aside, so that
            // the caller still tells a closed pipe from another failure.
            let mut out = KeepingErrorKind { out, kind: None };
            // A long statement is written around the serialiser, not copied by it (`yaml.rs`).
            let statement = json::Document::statement(outcome)
                .and_then(|statement| Some((statement, yaml::ScalarForm::of_display(&statement)?)));
            let Some((statement, form)) = statement else {
                return serde_yaml_ng::to_writer(&mut out, &Document(outcome, None))
                    .map_err(|e| io::Error::new(out.kind.unwrap_or(io::ErrorKind::Other), e.to_string()));
            };
            let mut placed = yaml::StatementInPlace::new(&mut out, statement, form);
            let written = serde_yaml_ng::to_writer(&mut placed, &Document(outcome, Some(yaml::STAND_IN)))
                .map_err(|e| e.to_string())
                .and_then(|()| placed.finish().map_err(|e| e.to_string()));
            written.map_err(|e| io::Error::new(out.kind.unwrap_or(io::ErrorKind::Other), e))
        }
    }
}

/// A writer that remembers the kind of the first error of the one it wraps.
struct KeepingErrorKind<W> {
    out: W,
    kind: Option<io::ErrorKind>,
}

impl<W: io::Write> KeepingErrorKind<W> {
    fn keep<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            self.kind.get_or_insert(e.kind());
        }
        result
    }
}

impl<W: io::Write> io::Write for KeepingErrorKind<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes);
        self.keep(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = self.out.flush();
        self.keep(flushed)
    }
}

/// `outcome` as the Confluent CLI prints it (`flink-ddl connection ...`): the same tables, except
/// that a dropped connection prints `Deleted Flink connection "<name>".`; JSON and YAML use the
/// CLI's field names (`creation_date`, `name`, ..., `status_detail` left out when empty), one
/// object per connection or an array for a list. Other outcomes render as in [`render`].
pub fn render_cli(outcome: &Outcome, format: OutputFormat) -> String {
    match (format, outcome) {
        (OutputFormat::Human, Outcome::Dropped { connection, .. }) => {
            format!("Deleted Flink connection \"{}\".\n", connection.name)
        }
        (OutputFormat::Human, _) => human(outcome),
        (OutputFormat::Json, _) => match json::cli_document(outcome) {
            Some(doc) => to_json_indented(&doc),
            None => render(outcome, format),
        },
        (OutputFormat::Yaml, _) => match json::cli_document(outcome) {
            Some(doc) => to_yaml(&doc),
            None => render(outcome, format),
        },
    }
}

fn to_json_line(value: &serde_json::Value) -> String {
    let mut text = value.to_string();
    text.push('\n');
    text
}

/// JSON indented by two spaces, as the Confluent CLI prints it (`-o json` of the `connection` verbs).
fn to_json_indented(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
}

fn to_yaml(value: &serde_json::Value) -> String {
    // A JSON value always has a YAML form; the fallback keeps this total without a panic.
    serde_yaml_ng::to_string(value).unwrap_or_else(|_| to_json_line(value))
}

/// The human form of an outcome.
fn human(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Created { connection, .. } | Outcome::Altered { connection } => describe_connection(connection, false),
        Outcome::Described { connection, extended } => describe_connection(connection, *extended),
        Outcome::Dropped { connection, .. } => format!("Dropped connection \"{}\".\n", text(&connection.name)),
        Outcome::Listed { connections, scope } => list_connections(connections, scope),
        // A final `;`, so that saved outputs run again as a script.
        Outcome::ShowCreate { masked_sql, .. } => format!("{};\n", free_text(&masked_sql.as_text())),
        Outcome::NoOp { kind, name, action, reason } => {
            format!("{}\n", text(&Outcome::no_op_message(*kind, name, action, *reason)))
        }
        Outcome::TableCreated { table, .. } => describe_table(table, false),
        Outcome::TableDescribed { table, extended } => describe_table(table, *extended),
        Outcome::TableDropped { table, .. } => format!("Dropped table \"{}\".\n", text(&table.name)),
        Outcome::TablesListed { tables, scope } => list_tables(tables, scope),
        other => ai_objects::human(other).unwrap_or_default(),
    }
}

/// One line of human text with its control characters escaped.
fn text(line: &str) -> String {
    table::escape_controls(line, &[])
}

/// Several lines of human text (a statement) with control characters escaped, line breaks and
/// tabs kept.
fn free_text(lines: &str) -> String {
    table::escape_controls(lines, &['\n', '\t'])
}

/// `None found.`, as the CLI prints it, and where the list was looked for: a connection is seen
/// only in its own environment, cloud and region, and an empty list must say which one it was.
fn none_found(scope: &crate::catalog::Scope) -> String {
    format!("None found.\n(searched {})\n", text(&scope.to_string()))
}

/// The DESCRIBE table: Creation Date, Name, Environment, Cloud, Region, Type, Endpoint, Data,
/// Status, then Status Detail when not empty, then Comment with EXTENDED (docs/executor.md#outputs).
fn describe_connection(c: &ConnectionInfo, extended: bool) -> String {
    let mut rows = vec![
        ("Creation Date", c.created_at.to_human()),
        ("Name", c.name.clone()),
        ("Environment", c.scope.environment.clone()),
        ("Cloud", c.scope.cloud.clone()),
        ("Region", c.scope.region.clone()),
        ("Type", c.connection_type.label().to_owned()),
        ("Endpoint", c.endpoint.clone()),
        ("Data", REDACTED.to_owned()),
        ("Status", c.status.phase.clone()),
    ];
    if !c.status.detail.is_empty() {
        rows.push(("Status Detail", c.status.detail.clone()));
    }
    if extended {
        rows.push(("Comment", c.comment.clone().unwrap_or_default()));
    }
    table::key_value_table(&rows)
}

/// The SHOW list, every column always present; `None found.` and the scope when empty.
fn list_connections(connections: &[ConnectionInfo], scope: &crate::catalog::Scope) -> String {
    if connections.is_empty() {
        return none_found(scope);
    }
    let header = [
        "Creation Date",
        "Name",
        "Environment",
        "Cloud",
        "Region",
        "Type",
        "Endpoint",
        "Data",
        "Status",
        "Status Detail",
    ];
    let rows: Vec<Vec<String>> = connections
        .iter()
        .map(|c| {
            vec![
                c.created_at.to_human(),
                c.name.clone(),
                c.scope.environment.clone(),
                c.scope.cloud.clone(),
                c.scope.region.clone(),
                c.connection_type.label().to_owned(),
                c.endpoint.clone(),
                REDACTED.to_owned(),
                c.status.phase.clone(),
                c.status.detail.clone(),
            ]
        })
        .collect();
    table::list_table(&header, &rows)
}

/// A table: its columns (see `table_columns.rs`), then the DESCRIBE-style properties, one row
/// per option (values masked, never wrapped), and the statement with EXTENDED.
fn describe_table(t: &TableRecord, extended: bool) -> String {
    let mut out = Vec::new();
    write_describe_table(&mut out, t, extended).expect("writing to a vector does not fail");
    String::from_utf8(out).expect("the table is made of strings")
}

/// [`describe_table`] written to `out` as it is made, byte for byte the same.
fn write_describe_table(out: &mut impl io::Write, t: &TableRecord, extended: bool) -> io::Result<()> {
    use std::borrow::Cow;
    use table::Wrap;
    let fixed = describe_table_fixed(t);
    // The text parses without its options when they were cut out of it (`options_at`).
    out.write_all(table_columns::columns_table(&t.masked_sql, &t.options, extended).as_bytes())?;
    table::write_key_value_table_with(out, || {
        let fixed = fixed.iter().map(|(label, value)| (*label, Cow::from(value.as_str()), Wrap::Words));
        // SqlOption's Display is the masked print.
        let options = t
            .options
            .iter()
            .enumerate()
            .map(|(n, option)| (if n == 0 { "Options" } else { "" }, Cow::Owned(option.to_string()), Wrap::Never));
        let statement = extended.then(|| ("Statement", t.whole_masked_sql(), Wrap::Words));
        fixed.chain(options).chain(statement)
    })
}

/// The rows of a table's DESCRIBE before its options.
fn describe_table_fixed(t: &TableRecord) -> [(&'static str, String); 7] {
    [
        ("Creation Date", t.created_at.to_human()),
        ("Name", t.name.clone()),
        ("Environment", t.scope.environment.clone()),
        ("Cloud", t.scope.cloud.clone()),
        ("Region", t.scope.region.clone()),
        ("Connector", t.connector.clone().unwrap_or_default()),
        ("Connection", t.connection.as_ref().map(|c| c.name.clone()).unwrap_or_default()),
    ]
}

/// SHOW TABLES: Creation Date, Name, Environment, Cloud, Region, Connector, Connection.
fn list_tables(tables: &[TableRecord], scope: &crate::catalog::Scope) -> String {
    if tables.is_empty() {
        return none_found(scope);
    }
    let header = ["Creation Date", "Name", "Environment", "Cloud", "Region", "Connector", "Connection"];
    let rows: Vec<Vec<String>> = tables
        .iter()
        .map(|t| {
            vec![
                t.created_at.to_human(),
                t.name.clone(),
                t.scope.environment.clone(),
                t.scope.cloud.clone(),
                t.scope.region.clone(),
                t.connector.clone().unwrap_or_default(),
                t.connection.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    table::list_table(&header, &rows)
}
