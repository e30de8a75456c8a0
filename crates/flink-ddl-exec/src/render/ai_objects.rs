//! The outcomes of the model, tool and agent statements, as human text and as `flink-ddl/v1`
//! documents (Confluent publishes no document for them):
//!
//! | Outcome | human | JSON / YAML |
//! |---|---|---|
//! | AiObjectChanged | `Created model "m" (version 2).`, `Dropped tool "t".` | `ObjectChange` {object, name, action, version} |
//! | AiObjectsListed | a one-column list headed `Model Name`, `Tool Name` or `Agent Name`, or `None found.` | `ModelList`, `ToolList`, `AgentList` {total_size, data: [{name}]} |
//! | AiObjectDescribed | the DESCRIBE table | `ModelDescription`, `ToolDescription`, `AgentDescription` {name, rows: [{column: value}]} |

use serde::Serialize;

use super::table;
use crate::executor::{ObjectKind, Outcome};

const FLINK_DDL_V1: &str = "flink-ddl/v1";

/// `Model`, `Tool`, `Agent`.
fn title(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Model => "Model",
        ObjectKind::Tool => "Tool",
        ObjectKind::Agent => "Agent",
        ObjectKind::Connection => "Connection",
        ObjectKind::Table => "Table",
    }
}

/// The human form, for the outcomes of this module.
pub(crate) fn human(outcome: &Outcome) -> Option<String> {
    let esc = |s: &str| table::escape_controls(s, &[]);
    Some(match outcome {
        Outcome::AiObjectChanged { kind, name, action, version } => {
            let verb = match *action {
                "created" => "Created",
                "altered" => "Altered",
                "renamed" => "Renamed",
                _ => "Dropped",
            };
            match (kind, version) {
                (ObjectKind::Model, Some(n)) if *action == "dropped" => {
                    format!("Dropped version {n} of model \"{}\".\n", esc(name))
                }
                (ObjectKind::Model, Some(n)) => format!("{verb} model \"{}\" (version {n}).\n", esc(name)),
                _ => format!("{verb} {kind} \"{}\".\n", esc(name)),
            }
        }
        Outcome::AiObjectsListed { kind, scope, names } => {
            if names.is_empty() {
                format!("None found.\n(searched {})\n", esc(&scope.to_string()))
            } else {
                let header = format!("{} Name", title(*kind));
                let rows: Vec<Vec<String>> = names.iter().map(|n| vec![n.clone()]).collect();
                table::list_table(&[header.as_str()], &rows)
            }
        }
        Outcome::AiObjectDescribed { header, rows, .. } => table::header_table(header, rows),
        _ => return None,
    })
}

#[derive(Serialize)]
struct ObjectChange<'a> {
    api_version: &'static str,
    kind: &'static str,
    object: &'static str,
    name: &'a str,
    action: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
}

#[derive(Serialize)]
struct NameOnly<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct ObjectList<'a> {
    api_version: &'static str,
    kind: String,
    total_size: usize,
    data: Vec<NameOnly<'a>>,
}

#[derive(Serialize)]
struct ObjectDescription<'a> {
    api_version: &'static str,
    kind: String,
    name: &'a str,
    rows: Vec<Row<'a>>,
}

/// One row of a DESCRIBE as a map, column to value, borrowed from the outcome: a model's options
/// cell may be as long as its statement, and is not copied.
struct Row<'a> {
    header: &'a [&'static str],
    values: &'a [String],
}

impl Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.header.iter().zip(self.values))
    }
}

/// The `flink-ddl/v1` document, for the outcomes of this module, serialised straight from the
/// outcome; `null` for any other outcome (not called for one).
pub(crate) fn serialize_document<S: serde::Serializer>(outcome: &Outcome, serializer: S) -> Result<S::Ok, S::Error> {
    match outcome {
        Outcome::AiObjectChanged { kind, name, action, version } => ObjectChange {
            api_version: FLINK_DDL_V1,
            kind: "ObjectChange",
            object: kind.as_str(),
            name,
            action,
            version: *version,
        }
        .serialize(serializer),
        Outcome::AiObjectsListed { kind, names, .. } => ObjectList {
            api_version: FLINK_DDL_V1,
            kind: format!("{}List", title(*kind)),
            total_size: names.len(),
            data: names.iter().map(|name| NameOnly { name }).collect(),
        }
        .serialize(serializer),
        Outcome::AiObjectDescribed { kind, name, header, rows } => ObjectDescription {
            api_version: FLINK_DDL_V1,
            kind: format!("{}Description", title(*kind)),
            name,
            rows: rows.iter().map(|values| Row { header, values }).collect(),
        }
        .serialize(serializer),
        _ => serializer.serialize_unit(),
    }
}
